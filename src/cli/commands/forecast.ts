import { systemActor, type Actor } from '../../platform/auth/actor.ts'
import type { Deps } from '../../deps.ts'
import { FORECAST_QUEUE_LABELS } from '../../modules/capacity/index.ts'

export interface ForecastOptions {
  force: string
  weeks: string
  scenario?: string[]
  absentMostExperienced?: string
  absentFrom?: string
  absentTo?: string
  newStaff?: string
  productivity?: string
  rampWeeks?: string
  backtest?: boolean
}

const number = new Intl.NumberFormat('en-GB', { maximumFractionDigits: 1 })
const n = (value: number) => number.format(Math.round(value))

function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((row) => row[i]!.length)))
  return rows
    .map((row) =>
      row
        .map((cell, i) => cell.padEnd(widths[i]!))
        .join('  ')
        .trimEnd(),
    )
    .join('\n')
}

/** `tally forecast`: the forecast page as a table (exit 2 if the force or the what-if is wrong). */
export async function forecast(deps: Deps, options: ForecastOptions): Promise<number> {
  const force = await deps.services.accounts.findForce(options.force)
  if (!force) {
    console.error(`There is no force with the code ${options.force}`)
    return 2
  }
  const actor = systemActor(force.forceId, 'tally forecast')
  const capacity = deps.services.capacity
  const { weeks, scenario } = await capacity.scenarioFrom(actor, {
    weeks: options.weeks,
    presets: options.scenario,
    absentMostExperienced: options.absentMostExperienced,
    absentFrom: options.absentFrom,
    absentTo: options.absentTo,
    joinerCount: options.newStaff,
    joinerProductivityPercent: options.productivity,
    joinerRampWeeks: options.rampWeeks,
  })
  const report = await capacity.forecast(actor, { weeks, scenario })

  console.log(`Capacity forecast for ${force.name}: ${report.start} to ${report.end} (${weeks} weeks)`)
  for (const problem of report.sourceProblems) {
    console.log(`  ! ${problem}`)
  }
  for (const line of report.scenario) {
    console.log(`  What if: ${line}`)
  }
  console.log('')
  printQueues(report, weeks)
  printWelfare(report)
  if (options.backtest) {
    await printBacktest(capacity, actor)
  }
  return 0
}

type ForecastReport = Awaited<ReturnType<Deps['services']['capacity']['forecast']>>

function printQueues(report: ForecastReport, weeks: number): void {
  const rows = [
    [
      'Queue',
      'Now',
      `In ${weeks} weeks (likely range)`,
      'Threshold',
      'Chance within 8 weeks',
      'Passes threshold',
      'Extra staff-days/week',
    ],
  ]
  for (const { setting, forecast: f, problem } of report.queues) {
    const label = FORECAST_QUEUE_LABELS[setting.queue]
    if (!f) {
      rows.push([label, '-', problem ?? '', '', '', '', ''])
      continue
    }
    const last = f.weeks.at(-1)!
    rows.push([
      label,
      n(f.startBacklog),
      `${n(last.central)} (${n(last.low)}-${n(last.high)})`,
      setting.threshold === null ? 'none' : n(setting.threshold),
      f.breachProbability === null ? '-' : `${Math.round(f.breachProbability * 100)}%`,
      f.alreadyOverThreshold
        ? 'already over'
        : (f.breachDate ?? (setting.threshold === null ? '-' : 'not in forecast')),
      f.extraStaffDaysPerWeek === null ? '-' : number.format(f.extraStaffDaysPerWeek),
    ])
  }
  console.log(table(rows))
}

function printWelfare(report: ForecastReport): void {
  console.log(`\nWorkload per head (norm ${number.format(report.settings.workloadNorm)}):`)
  const welfare = [['Week commencing', 'Open IMU work', 'FTE available', 'Per head', '']]
  for (const w of report.welfare) {
    welfare.push([
      w.weekCommencing,
      n(w.workload.openItems),
      number.format(w.workload.fte),
      w.workload.perHead === null ? '-' : n(w.workload.perHead),
      w.workload.overNorm ? 'above norm' : '',
    ])
  }
  console.log(table(welfare))
}

async function printBacktest(capacity: Deps['services']['capacity'], actor: Actor): Promise<void> {
  const backtest = await capacity.backtest(actor, { weeks: 4 })
  console.log(`\nBacktest: forecast made ${backtest.cutoff} compared with the ${backtest.weeks} weeks since`)
  const errors = [['Queue', 'Mean absolute error', 'Mean absolute % error']]
  for (const q of backtest.queues) {
    errors.push([
      q.label,
      q.result ? number.format(q.result.meanAbsoluteError) : 'not enough history',
      q.result?.meanAbsolutePercentageError === null || !q.result
        ? '-'
        : `${number.format(q.result.meanAbsolutePercentageError)}%`,
    ])
  }
  console.log(table(errors))
}
