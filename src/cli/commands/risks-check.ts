import { systemActor } from '../../platform/auth/actor.ts'
import { isDate } from '../../platform/dates.ts'
import { plural } from '../../platform/views/format.ts'
import type { Deps } from '../../deps.ts'

/** `tally risks check`: checks every force's (or one force's) watched indicators and prints what Tally did. */
export async function checkRisks(deps: Deps, options: { force?: string; date?: string }): Promise<number> {
  if (options.date !== undefined && !isDate(options.date)) {
    console.error('--date must be a date like 2026-11-26')
    return 2
  }
  const forces = (await deps.services.accounts.listForces()).filter(
    (force) => options.force === undefined || force.code.toLowerCase() === options.force.toLowerCase(),
  )
  if (forces.length === 0) {
    console.error(options.force ? `There is no force with the code ${options.force}` : 'There are no forces yet')
    return 2
  }
  let failed = false
  for (const force of forces) {
    const result = await deps.services.risks.evaluateIndicators(
      systemActor(force.forceId, 'tally risks check'),
      options.date ?? deps.services.risks.today(),
    )
    console.log(
      `${force.name}: ${plural(result.checked, 'indicator watch', 'indicator watches')} checked for ${result.date}`,
    )
    for (const raised of result.raised) {
      console.log(`  raised: ${raised.title} (${raised.reason})`)
    }
    for (const escalated of result.escalated) {
      console.log(`  escalated: ${escalated.title} (${escalated.reason})`)
    }
    for (const cleared of result.cleared) {
      console.log(`  back within trigger: ${cleared.reason}`)
    }
    for (const key of result.unreadable) {
      console.log(`  ! could not read ${key}`)
      failed = true
    }
  }
  return failed ? 1 : 0
}
