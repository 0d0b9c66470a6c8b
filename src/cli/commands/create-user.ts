import { systemActor } from '../../platform/auth/actor.ts'
import type { Deps } from '../../deps.ts'
import { readSecret } from './read-secret.ts'

export async function createUser(
  deps: Deps,
  options: { force: string; username: string; name: string; role: string[]; email?: string },
): Promise<number | void> {
  const force = await deps.services.accounts.findForce(options.force)
  if (!force) {
    console.error(`No force has the code ${options.force}. Create it first with "tally create-force".`)
    return 2
  }
  const password = await readSecret('Password (at least 12 characters): ')
  const { userId } = await deps.services.accounts.createUser(systemActor(force.forceId, 'tally create-user'), {
    username: options.username,
    displayName: options.name,
    email: options.email,
    password,
    roles: options.role,
  })
  console.log(`Created ${options.username} in ${force.code} (user id ${userId}).`)
}
