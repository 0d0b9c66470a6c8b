/**
 * `tally forecast --history FILE --as-of DATE [--json]`: Tally's forecast on a unit's own history file, with no
 * database (a force moving from another system can try it in minutes); and `tally forecast --force CODE
 * --export-history FILE`: a force's history from Tally's records in the same format. The format is in
 * src/modules/capacity/capacity.history.ts and the README.
 */
import { readFile, writeFile } from 'node:fs/promises'
import { systemActor } from '../../platform/auth/actor.ts'
import { addDays, isDate } from '../../platform/dates.ts'
import type { Deps } from '../../deps.ts'
import {
  forecastHistory,
  HistoryFileError,
  historyForecastJson,
  readForecastHistory,
} from '../../modules/capacity/index.ts'

export interface HistoryOptions {
  history: string
  asOf?: string
  weeks: string
  json?: boolean
}

const number = new Intl.NumberFormat('en-GB', { maximumFractionDigits: 0 })

/** Exit 2, and nothing forecast or written, if the file, the date or the weeks are wrong. */
export async function forecastFromHistoryFile(options: HistoryOptions): Promise<number> {
  const weeks = Number(options.weeks)
  if (!Number.isInteger(weeks) || weeks < 1 || weeks > 26) {
    console.error('--weeks: must be a whole number from 1 to 26')
    return 2
  }
  if (options.asOf !== undefined && !isDate(options.asOf)) {
    console.error('--as-of: must be a date written YYYY-MM-DD')
    return 2
  }
  let text: string
  try {
    text = await readFile(options.history, 'utf8')
  } catch (error) {
    console.error(`${options.history}: cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'})`)
    return 2
  }
  let history
  try {
    history = readForecastHistory(text)
  } catch (error) {
    if (error instanceof HistoryFileError) {
      console.error(`${options.history}: ${error.message}`)
      return 2
    }
    throw error
  }
  // Without --as-of, the day after the file's last day: the forecast as it would be made now.
  const lastDay = history.days.at(-1)?.date
  const asOf = options.asOf ?? (lastDay === undefined ? undefined : addDays(lastDay, 1))
  if (asOf === undefined) {
    console.error(`${options.history}: $.days: has no days, so there is nothing to forecast from`)
    return 2
  }
  const result = historyForecastJson(history, forecastHistory(history, { asOf, weeks }), weeks)
  if (options.json) {
    console.log(JSON.stringify(result, null, 2))
    return 0
  }
  console.log(`Capacity forecast${result.unit ? ` for ${result.unit}` : ''} from ${result.asOf} to ${result.end}`)
  for (const q of result.queues) {
    if (q.problem !== null) {
      console.log(`  ${q.label}: ${q.problem}`)
      continue
    }
    const last = q.weeks.at(-1)
    const chance =
      q.breachProbabilityPercent === null || q.threshold === null
        ? ''
        : `, ${q.breachProbabilityPercent}% chance of passing ${number.format(q.threshold)} within ${result.warningWeeks} weeks`
    console.log(
      `  ${q.label}: now ${number.format(q.now ?? 0)}, in ${weeks} weeks ${number.format(last?.central ?? 0)} (likely ${number.format(last?.low ?? 0)}-${number.format(last?.high ?? 0)})${chance}`,
    )
  }
  console.log(result.warnings.length === 0 ? 'No warning would be raised.' : 'Warnings that would be raised:')
  for (const warning of result.warnings) {
    console.log(`  ! ${warning.message}`)
  }
  return 0
}

/** Writes the force's history to `file` (exit 2 if the force or the date is wrong; nothing written). */
export async function exportForecastHistory(
  deps: Deps,
  options: { force: string; exportHistory: string; asOf?: string },
): Promise<number> {
  if (options.asOf !== undefined && !isDate(options.asOf)) {
    console.error('--as-of: must be a date written YYYY-MM-DD')
    return 2
  }
  const force = await deps.services.accounts.findForce(options.force)
  if (!force) {
    console.error(`There is no force with the code ${options.force}`)
    return 2
  }
  const actor = systemActor(force.forceId, 'tally forecast --export-history')
  const history = await deps.services.capacity.exportHistory(actor, {
    unit: force.name,
    ...(options.asOf ? { asOf: options.asOf } : {}),
  })
  await writeFile(options.exportHistory, `${JSON.stringify(history, null, 2)}\n`)
  console.log(
    `Wrote ${history.days.length} days of ${history.queues.length} queues and ${history.staff.length} staff to ${options.exportHistory}`,
  )
  return 0
}
