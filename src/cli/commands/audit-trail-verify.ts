import type { Deps } from '../../deps.ts'
import { plural } from '../../platform/views/format.ts'
import { AnchorDirectory, readAnchor } from '../../modules/audit-trail/index.ts'

export interface VerifyOptions {
  force?: string
  anchor?: string
  /** Check this exported anchor instead of the latest one in AUDIT_ANCHOR_DIR. */
  anchorFile?: string
  /** false (`--no-anchor-check`): skip the exported anchors. */
  anchorCheck?: boolean
}

/**
 * Exit 0 when every chain is intact and still holds the latest exported anchor (and the `--anchor`, if given);
 * 1 when anything is wrong, listing every problem found.
 */
export async function verifyAuditTrail(deps: Deps, options: VerifyOptions): Promise<number> {
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
  let failed = !(await reportChains(deps, options.force))
  if (options.anchorCheck !== false) {
    failed = !(await reportExportedAnchor(deps, options)) || failed
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

async function reportChains(deps: Deps, force: string | undefined): Promise<boolean> {
  let intact = true
  for (const result of await deps.services.auditTrail.verify({ forceCode: force })) {
    const unkeyed = result.unkeyedEvents > 0 ? `; ${result.unkeyedEvents} written before the chain was keyed` : ''
    if (result.problems.length > 0) {
      intact = false
      console.log(
        `${result.code}: TAMPERED: ${plural(result.problems.length, 'problem')} in ${plural(result.eventsChecked, 'event')}${unkeyed}`,
      )
      for (const problem of result.problems) {
        console.log(`  event ${problem.seq}: ${problem.message}`)
      }
    } else {
      console.log(
        `${result.code}: intact, ${plural(result.eventsChecked, 'event')}${unkeyed}; head ${result.head.seq}:${result.head.hash}`,
      )
    }
  }
  return intact
}

async function reportExportedAnchor(deps: Deps, options: VerifyOptions): Promise<boolean> {
  const directory = deps.config.audit.anchorDir
  const file = options.anchorFile ?? (await new AnchorDirectory(directory).latest())
  if (file === undefined) {
    console.log(`No exported anchor in ${directory} yet: run "tally audit-trail anchor" (serve does it daily).`)
    return true
  }
  const anchor = await readAnchor(file)
  if (typeof anchor === 'string') {
    console.log(`Anchor: ${anchor}`)
    return false
  }
  const check = await deps.services.auditTrail.checkAnchor(anchor, options.force)
  if (check.problems.length === 0) {
    console.log(
      `Anchor ${file} (${anchor.writtenAt}): ${plural(check.forcesChecked, 'force head')} still in ${check.forcesChecked === 1 ? 'its chain' : 'their chains'}.`,
    )
    return true
  }
  console.log(`Anchor ${file} (${anchor.writtenAt}): TAMPERED`)
  for (const problem of check.problems) {
    console.log(`  ${problem.force}: ${problem.message}`)
  }
  return false
}

/** `tally audit-trail anchor`: exports every force's chain head, signed, to AUDIT_ANCHOR_DIR (or `--dir`). */
export async function exportAuditAnchor(deps: Deps, options: { dir?: string }): Promise<number> {
  const anchor = await deps.services.auditTrail.anchor()
  const file = await new AnchorDirectory(options.dir ?? deps.config.audit.anchorDir).write(anchor)
  console.log(`Wrote ${file}: ${plural(anchor.heads.length, 'force head')}.`)
  for (const head of anchor.heads) {
    console.log(`  ${head.force}: ${head.seq}:${head.hash}`)
  }
  return 0
}
