import { systemActor } from '../../platform/auth/actor.ts'
import type { Deps } from '../../deps.ts'

/**
 * `tally role-separation`: shows a force's separation of duties (rule 9), or sets the roles nobody may hold
 * together with one role. Accounts already holding a pair the change keeps apart are listed for review.
 */
export async function roleSeparation(
  deps: Deps,
  options: { force: string; role?: string; incompatible?: string[] },
): Promise<number> {
  const force = await deps.services.accounts.findForce(options.force)
  if (!force) {
    console.error(`There is no force with the code ${options.force}`)
    return 2
  }
  const actor = systemActor(force.forceId, 'tally role-separation')
  const rows = await deps.services.accounts.roleSeparation(actor)
  if (options.role === undefined) {
    for (const row of rows.filter((r) => r.incompatibleRoles.length > 0)) {
      console.log(`${row.role.padEnd(24)} apart from ${row.incompatibleRoles.join(', ')}`)
    }
    return 0
  }
  if (options.incompatible === undefined) {
    console.error('Give --incompatible with the roles to keep apart from --role (an empty value for none)')
    return 2
  }
  const result = await deps.services.accounts.setRoleSeparation(actor, {
    role: options.role,
    incompatibleRoles: options.incompatible,
    expectedVersion: rows.find((row) => row.role === options.role)?.version ?? 0,
  })
  console.log(`${result.role} is now kept apart from ${result.incompatibleRoles.join(', ') || 'no other role'}.`)
  for (const username of result.holdersToReview) {
    console.log(`  review: ${username} holds roles now kept apart`)
  }
  return 0
}
