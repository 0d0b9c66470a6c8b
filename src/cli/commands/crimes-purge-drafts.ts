import { systemActor } from '../../platform/auth/actor.ts'
import { ValidationFailed } from '../../platform/http/errors.ts'
import type { Deps } from '../../deps.ts'

/**
 * `tally crimes purge-drafts`: deletes record-a-crime drafts nobody has touched for a week (they hold victims'
 * personal data), in one force or every force. Each deletion is in that force's audit trail. Starting a draft
 * purges its force's old drafts too; this is for a scheduled run.
 */
export async function purgeCrimeDrafts(deps: Deps, options: { force?: string }): Promise<void> {
  let forces: Array<{ forceId: number; code: string }>
  if (options.force) {
    const force = await deps.services.accounts.findForce(options.force)
    if (!force) {
      throw ValidationFailed.of('force', `There is no force with the code ${options.force}`)
    }
    forces = [force]
  } else {
    forces = await deps.services.accounts.listForces()
  }
  for (const force of forces) {
    const purged = await deps.services.crimeDrafts.purgeDrafts(systemActor(force.forceId, 'tally crimes purge-drafts'))
    console.log(`${force.code}: ${purged} draft${purged === 1 ? '' : 's'} deleted`)
  }
}
