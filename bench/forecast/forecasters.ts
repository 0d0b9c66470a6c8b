/**
 * The two forecasters the evaluation compares: Tally's (the same forecastUnit the service runs, fed what the
 * force's records would hold on that Monday) and a naive straight line through the last four weeks' backlog.
 */
import { addDays } from '../../src/platform/dates.ts'
import {
  DEFAULT_HISTORY_WEEKS,
  DEMAND_HISTORY_WEEKS,
  DEFAULT_WORKLOAD_NORM,
  forecastUnit,
  percentile,
  type QueueDay,
  type QueueSetting,
  staffRecordsAsKnownOn,
  type SimOutcome,
} from '../../src/modules/capacity/index.ts'
import type { WeeklyCall } from './metrics.ts'

export interface ForecastRequest {
  outcome: SimOutcome
  monday: string
  /** The watched queue's days before `monday`. */
  watched: readonly QueueDay[]
}
export type Forecaster = (request: ForecastRequest) => WeeklyCall

const HORIZON_WEEKS = 8
/** The chance of passing the line within the horizon at which the warning is raised (a force sets its own). */
export const WARNING_LEVEL = 0.5
const FORECAST_WEEKS = 12
/** Simulated futures per forecast: fewer than the service's 500, so the whole evaluation runs in minutes. */
const PATHS = 200

function settingsFor(outcome: SimOutcome): QueueSetting[] {
  const line = (queue: string) => (queue === outcome.story.watchedQueue ? outcome.story.line : null)
  return [
    { queue: 'recorded', skill: 'classification', threshold: line('recorded') },
    { queue: 'awaiting_allocation', skill: 'allocation', threshold: line('awaiting_allocation') },
    { queue: 'under_investigation', skill: null, threshold: null },
    { queue: 'awaiting_filing', skill: 'filing', threshold: line('awaiting_filing') },
  ]
}

export const tallyForecaster =
  (warningLevel = WARNING_LEVEL): Forecaster =>
  ({ outcome, monday }) => {
    const historyFrom = addDays(monday, -7 * DEFAULT_HISTORY_WEEKS)
    // The same queue history the service reads: up to 60 weeks for demand, so last year's season can show.
    const demandFrom = addDays(monday, -7 * DEMAND_HISTORY_WEEKS)
    const unit = forecastUnit({
      start: monday,
      weeks: FORECAST_WEEKS,
      historyWeeks: DEFAULT_HISTORY_WEEKS,
      settings: settingsFor(outcome),
      queueHistory: outcome.queueDays.filter((d) => d.date >= demandFrom && d.date < monday),
      staff: staffRecordsAsKnownOn(outcome, monday, historyFrom, addDays(monday, 7 * FORECAST_WEEKS - 1)),
      workloadNorm: DEFAULT_WORKLOAD_NORM,
      paths: PATHS,
    })
    const forecast = unit.queues.find((q) => q.setting.queue === outcome.story.watchedQueue)?.forecast
    if (!forecast) {
      throw new Error(`No forecast for ${outcome.story.key} on ${monday}`)
    }
    const day = forecast.days[27]!
    return {
      monday,
      central: day.central,
      low: day.low,
      high: day.high,
      warns: (forecast.breachProbability ?? 0) > warningLevel,
      p: forecast.breachProbability,
    }
  }

/**
 * The backlog on the last day before `monday` carried forward on the slope of the last 28 days; the band is
 * the 10th to 90th percentile of the same rule's own 4-week errors on the history so far.
 */
export const naiveForecaster: Forecaster = ({ outcome, monday, watched }) => {
  const backlog = watched.map((d) => d.backlog)
  const line = (end: number, days: number) => {
    const now = backlog[end]!
    const slope = end >= 28 ? (now - backlog[end - 28]!) / 28 : 0
    return Math.max(0, now + slope * days)
  }
  const last = backlog.length - 1
  const errors: number[] = []
  for (let end = 28; end + 28 <= last; end += 7) {
    errors.push(backlog[end + 28]! - line(end, 28))
  }
  errors.sort((a, b) => a - b)
  const central = line(last, 28)
  const spread = errors.length >= 8
  return {
    monday,
    central,
    low: spread ? Math.max(0, central + percentile(errors, 0.1)) : central,
    high: spread ? central + percentile(errors, 0.9) : central,
    warns: line(last, 7 * HORIZON_WEEKS) > outcome.story.line || backlog[last]! > outcome.story.line,
  }
}
