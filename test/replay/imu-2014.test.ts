/**
 * The 2014 replay (issues 5 and 12): a unit like the IMU the inspectorate found close to collapse, simulated by
 * the independent unit simulator (src/modules/capacity/simulation/) with ordinary leave and sickness, and run
 * week by week through Tally's forecast and the risk register's rules. Each Monday the forecast sees only the
 * queues' past and the staff records as they stood that day (two experienced filers off sick with no return
 * date; two control-room staff moved in untrained, improving slowly). One line for the warning and the breach:
 * the 1,675 the inspectors found. The risk must be raised by the forecast's own watch, at least six weeks
 * before the backlog passes 1,675.
 */
import { describe, expect, it } from 'vitest'
import { addDays, daysBetween } from '../../src/platform/dates.ts'
import {
  DEFAULT_HISTORY_WEEKS,
  DEFAULT_WORKLOAD_NORM,
  forecastUnit,
  IMU_2014_REPLAY_START,
  simulateUnit,
  staffRecordsAsKnownOn,
  storyByKey,
  type QueueSetting,
  type SimOutcome,
} from '../../src/modules/capacity/index.ts'
import {
  DEFAULT_WATCHES,
  evaluateWatches,
  INDICATOR_DEFINITIONS,
  type Reading,
  type Trigger,
  type WatchState,
} from '../../src/modules/risks/index.ts'
import { LONG_TERM_DAYS } from '../../src/modules/staff/index.ts'

const STORY = storyByKey('imu-2014')
const SEED = 2014
const LINE = 1675
const WEEKS = 40
const FORECAST_PRESET = 'forecast-breach-probability-awaiting-filing'

const SETTINGS: QueueSetting[] = [
  { queue: 'recorded', skill: 'classification', threshold: null },
  { queue: 'awaiting_allocation', skill: 'allocation', threshold: null },
  { queue: 'under_investigation', skill: null, threshold: null },
  { queue: 'awaiting_filing', skill: 'filing', threshold: LINE },
]

/**
 * Long-term absences as the staff module counts them on `date` from the records of that day: 28 days or more
 * to the expected end, or — open-ended — 28 days or more so far.
 */
function longTermAbsencesOn(outcome: SimOutcome, date: string): number {
  return outcome.absences.filter((a) => {
    if (a.recordedOn > date || a.from > date || a.to < date) {
      return false
    }
    const last = a.expectedEnd === null ? date : a.expectedEnd < date ? date : a.expectedEnd
    return daysBetween(a.from, last) + 1 >= LONG_TERM_DAYS
  }).length
}

interface Watch {
  preset: string
  indicatorKey: string
  trigger: Trigger
  state: WatchState
  riskId: string | null
}

interface WeekLine {
  week: number
  monday: string
  backlog: number
  probability: number | null
  central4: number
  actions: string[]
}

function replay() {
  const outcome = simulateUnit(STORY, SEED)
  const filing = outcome.queueDays.filter((d) => d.queue === 'awaiting_filing')
  const backlogAt = new Map(filing.map((d) => [d.date, d.backlog]))
  const indicators = new Map<string, { label: string; unit: 'count' | 'percent' | 'date' | 'ratio' }>(
    Object.entries(INDICATOR_DEFINITIONS),
  )
  const watches: Watch[] = DEFAULT_WATCHES.map((w) => ({
    preset: w.preset,
    indicatorKey: w.indicatorKey,
    // One line for everything: the backlog watch too is set at 1,675.
    trigger: w.preset === 'awaiting-filing-size' ? { kind: 'above', threshold: LINE } : w.trigger,
    state: 'clear',
    riskId: null,
  }))
  const raised: Array<{ preset: string; week: number; reason: string }> = []
  const lines: WeekLine[] = []
  for (let week = 1; week <= WEEKS; week += 1) {
    const monday = addDays(IMU_2014_REPLAY_START, (week - 1) * 7)
    const historyFrom = addDays(monday, -7 * DEFAULT_HISTORY_WEEKS)
    const forecast = forecastUnit({
      start: monday,
      weeks: 12,
      historyWeeks: DEFAULT_HISTORY_WEEKS,
      settings: SETTINGS,
      queueHistory: outcome.queueDays.filter((d) => d.date < monday),
      staff: staffRecordsAsKnownOn(outcome, monday, historyFrom, addDays(monday, 83)),
      workloadNorm: DEFAULT_WORKLOAD_NORM,
      paths: 300,
      seed: 1,
    }).queues.find((q) => q.setting.queue === 'awaiting_filing')!.forecast!
    const backlog = backlogAt.get(addDays(monday, -1))!
    const probability = forecast.breachProbability === null ? null : Math.round(forecast.breachProbability * 1000) / 10
    const readings = new Map<string, Reading>([
      ['queues.awaiting-filing.size', backlog],
      ['capacity.breach-probability.awaiting_filing', probability],
      ['staff.imu-long-term-absences', longTermAbsencesOn(outcome, monday)],
    ])
    const actions: string[] = []
    for (const evaluation of evaluateWatches(watches, readings, indicators, monday)) {
      const watch = evaluation.watch
      if (evaluation.action === 'raise') {
        watch.riskId = `R${raised.length + 1}`
        raised.push({ preset: watch.preset, week, reason: evaluation.reason })
        actions.push(`raised ${watch.riskId} (${watch.preset})`)
      }
      if (evaluation.action === 'raise' || evaluation.action === 'escalate') {
        watch.state = 'triggered'
      } else if (evaluation.action === 'clear') {
        watch.state = 'clear'
      }
    }
    lines.push({ week, monday, backlog, probability, central4: forecast.days[27]!.central, actions })
  }
  const breach = filing.find((d) => d.date >= IMU_2014_REPLAY_START && d.backlog > LINE)
  const absence = outcome.absences.find((a) => a.staffId === 'filer-01' && a.expectedEnd === null)!
  const weekOf = (date: string) => Math.floor(daysBetween(IMU_2014_REPLAY_START, date) / 7) + 1
  return {
    outcome,
    lines,
    raised,
    backlogAt,
    absenceWeek: weekOf(absence.from),
    breachWeek: breach ? weekOf(breach.date) : undefined,
    breachDate: breach?.date,
    warningWeek: raised.find((r) => r.preset === FORECAST_PRESET)?.week,
  }
}

describe('the 2014 IMU replay, simulated independently of the forecast', () => {
  const result = replay()

  // Issue 12 asks for six weeks. On this seed the forecast watch raises its risk in week 17 (a 54% chance; 42% the
  // week before) and the backlog passes 1,675 in week 24: seven weeks. The evaluation's imu-2014 row
  // (npm run evaluate:forecast) gives the lead across eight seeds, where it is not always six.
  it('raises the forecast risk at least six weeks before awaiting filing passes 1,675 — and prints the weeks', () => {
    const { lines, warningWeek, breachWeek, breachDate, absenceWeek } = result
    const table = lines
      .map(
        (l) =>
          `  week ${String(l.week).padStart(2)}  ${l.monday}  awaiting filing ${String(l.backlog).padStart(5)}  ` +
          `chance of passing ${LINE} within 8 weeks ${l.probability === null ? '—' : `${l.probability}%`.padStart(6)}  ` +
          `${l.actions.join('; ')}`,
      )
      .join('\n')
    const weekOf = (week: number | undefined) =>
      week === undefined ? 'never' : `week ${week} (w/c ${addDays(IMU_2014_REPLAY_START, (week - 1) * 7)})`
    console.log(
      `\n${STORY.title} (seed ${SEED})\n${table}\n\n` +
        `  Experienced staff absent from:       week ${absenceWeek}\n` +
        `  Risk raised by the forecast watch:   ${weekOf(warningWeek)}\n` +
        `  Awaiting filing passed ${LINE}:        ${weekOf(breachWeek)} (${breachDate ?? 'not reached'})\n` +
        `  Lead: ${breachWeek !== undefined && warningWeek !== undefined ? breachWeek - warningWeek : '—'} weeks\n`,
    )
    expect(breachWeek).toBeDefined()
    expect(warningWeek).toBeDefined()
    expect(breachWeek! - warningWeek!).toBeGreaterThanOrEqual(6)
  })

  it('stays quiet while the unit is keeping up: nothing is raised before the absences begin', () => {
    expect(result.lines.filter((l) => l.week < result.absenceWeek).flatMap((l) => l.actions)).toEqual([])
  })

  it('counts the open-ended absences as long-term only from their 28th day, as the staff module does', () => {
    const longTerm = result.raised.find((r) => r.preset === 'imu-long-term-absences')
    expect(longTerm?.week).toBe(result.absenceWeek + 4)
  })

  it('reports its 4-week forecast error on forecasts made with only the roster booked at the time', () => {
    const points = result.lines
      .map((l) => ({ forecast: l.central4, actual: result.backlogAt.get(addDays(l.monday, 27)) }))
      .filter((p): p is { forecast: number; actual: number } => p.actual !== undefined)
    const mae = points.reduce((sum, p) => sum + Math.abs(p.forecast - p.actual), 0) / points.length
    const mape = (100 * points.reduce((sum, p) => sum + Math.abs(p.forecast - p.actual) / p.actual, 0)) / points.length
    console.log(
      `\n  Backtest (4 weeks ahead, every week): mean absolute error ${mae.toFixed(1)} crimes, ` +
        `mean absolute percentage error ${mape.toFixed(1)}%\n`,
    )
    expect(points.length).toBeGreaterThan(30)
    expect(mape).toBeLessThan(30)
  })
})
