import { systemActor } from '../../platform/auth/actor.ts'
import type { Deps } from '../../deps.ts'

export async function createToken(
  deps: Deps,
  options: { force: string; name: string; role: string },
): Promise<number | void> {
  const force = await deps.services.accounts.findForce(options.force)
  if (!force) {
    console.error(`No force has the code ${options.force}.`)
    return 2
  }
  const { token, tokenId } = await deps.services.accounts.createToken(
    systemActor(force.forceId, 'tally create-token'),
    options,
  )
  console.error(`Created token ${tokenId} for ${options.name}. It is shown once; only its hash is kept:`)
  console.log(token)
}
