import type { Deps } from '../../deps.ts'

export async function createForce(
  deps: Deps,
  options: { code: string; name: string; crimeReferencePrefix?: string },
): Promise<void> {
  const force = await deps.services.accounts.createForce(options)
  console.log(`Created force ${force.code} (${force.name}), id ${force.forceId}.`)
}
