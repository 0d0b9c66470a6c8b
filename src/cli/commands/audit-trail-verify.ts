import type { Deps } from '../../deps.ts'

/** Exit 0 when every chain is intact (and the anchor, if given, is still in it); 1 when anything is wrong. */
export async function verifyAuditTrail(deps: Deps, options: { force?: string; anchor?: string }): Promise<number> {
  let anchor: { seq: number; hash: string } | undefined
  if (options.anchor !== undefined) {
    const match = /^(\d+):([0-9a-f]{64})$/.exec(options.anchor)
    if (!match) {
      console.error('--anchor must look like 1234:<64 hex characters>, as printed by an earlier verify')
      return 2
    }
    anchor = { seq: Number(match[1]), hash: match[2]! }
    if (options.force === undefined) {
      console.error('--anchor needs --force: each force has its own chain')
      return 2
    }
  }
  if (options.force !== undefined && !(await deps.services.accounts.findForce(options.force))) {
    console.error(`No force has the code ${options.force}.`)
    return 2
  }
  const results = await deps.services.auditTrail.verify({ forceCode: options.force })
  let failed = false
  for (const result of results) {
    if (result.problem) {
      failed = true
      console.log(
        `${result.code}: TAMPERED at event ${result.problem.seq}: ${result.problem.message} (${result.eventsChecked} events intact before it)`,
      )
    } else {
      console.log(`${result.code}: intact, ${result.eventsChecked} events; head ${result.head.seq}:${result.head.hash}`)
    }
  }
  if (anchor && options.force !== undefined) {
    const inChain = await deps.services.auditTrail.hashAt(options.force, anchor.seq)
    if (inChain !== anchor.hash) {
      failed = true
      console.log(`Anchor ${anchor.seq} is not in the chain any more: the trail was rebuilt after it was noted.`)
    } else {
      console.log(`Anchor ${anchor.seq} is still in the chain.`)
    }
  }
  return failed ? 1 : 0
}
