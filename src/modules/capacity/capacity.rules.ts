/**
 * The capacity forecast, as pure functions over plain inputs (PRODUCT.md capability 6; DOMAIN.md §9 rule 14 —
 * the awaiting-filing backlog and its threshold).
 *
 * The model, per queue:
 * - arrivals: the mean for each day of the week over recent history (weekly seasonality), with the day-to-day
 *   spread measured as a dispersion factor (variance ÷ mean);
 * - completions: a rate per available staff-hour of the skill that works the queue (a person holding several
 *   of the modelled skills has their hours shared equally between them, and a learner's count at 30%; for a
 *   queue the unit kept clear, the best week's rate — see completionRate), or — for queues worked outside the
 *   unit, such as officers' investigations — the mean completions for each day of the week;
 * - the central line is the path every average day would give (a fluid approximation: backlog + expected
 *   arrivals − expected completions, never below zero); the band is the 10th to 90th percentile of simulated
 *   futures drawn with a fixed seed, so the same inputs always give the same band.
 * Queues are forecast independently at their historical arrival rates: a slowdown upstream does not yet reduce
 * what flows downstream, which makes a forecast of a growing backlog cautious rather than optimistic.
 */
import { addDays, daysBetween, isWorkingDay, weekday } from '../../platform/dates.ts'
import { overdispersedCount, seededRandom } from './capacity.random.ts'

export const QUEUES = [
  'recorded',
  'awaiting_allocation',
  'under_investigation',
  'awaiting_filing',
  'imu_quality_check',
  'returned_to_officer',
] as const
export type QueueKey = (typeof QUEUES)[number]

export const QUEUE_LABELS: Record<QueueKey, string> = {
  recorded: 'Classification check',
  awaiting_allocation: 'Awaiting allocation',
  under_investigation: 'Under investigation',
  awaiting_filing: 'Awaiting filing',
  imu_quality_check: 'IMU quality check',
  returned_to_officer: 'Returned to officer',
}

export function isQueue(value: string): value is QueueKey {
  return (QUEUES as readonly string[]).includes(value)
}

/** How a force runs one queue: the skill whose holders work it (null: worked outside the unit) and its threshold. */
export interface QueueSetting {
  queue: QueueKey
  skill: string | null
  /** The backlog above which the queue is in trouble; null for none. */
  threshold: number | null
  /** True when the threshold is the IMU dashboard's alert threshold, set there rather than here. */
  thresholdSetOnDashboard?: boolean
}

/**
 * Starting values until a supervisor sets the force's own (the forecast settings page). Investigations and
 * returned crimes are worked by officers, so their completions do not depend on the unit's staff.
 */
export const DEFAULT_QUEUE_SETTINGS: readonly QueueSetting[] = [
  { queue: 'recorded', skill: 'classification', threshold: 300 },
  { queue: 'awaiting_allocation', skill: 'allocation', threshold: 300 },
  { queue: 'under_investigation', skill: null, threshold: null },
  { queue: 'awaiting_filing', skill: 'filing', threshold: 1000 },
  { queue: 'imu_quality_check', skill: 'filing', threshold: 300 },
  { queue: 'returned_to_officer', skill: null, threshold: null },
]

/** Open items per full-time member of the unit above which the workload is a welfare concern (configurable). */
export const DEFAULT_WORKLOAD_NORM = 60
/** A staff-day, for turning hours into "extra staff-days a week". */
export const HOURS_PER_STAFF_DAY = 7.5
export const DEFAULT_FORECAST_WEEKS = 12
export const DEFAULT_HISTORY_WEEKS = 12
/** A queue needs four weeks of history before its weekly pattern means anything. */
export const MINIMUM_HISTORY_DAYS = 28
export const DEFAULT_PATHS = 500
export const DEFAULT_SEED = 20141101
export const BAND = { low: 0.1, high: 0.9 } as const

/** One day of one queue: how many crimes entered it, how many left, and how many were in it at the end of the day. */
export interface QueueDay {
  date: string
  queue: string
  arrivals: number
  completions: number
  backlog: number
}

/** One person's day: hours available (contracted less absence) and the skills they hold at a level (1–3). */
export interface StaffDay {
  date: string
  staffId: string
  hours: number
  skills: ReadonlyArray<{ skill: string; level: number }>
  /** Share of a trained person's output (1 unless a scenario says otherwise, e.g. 0.3 while learning). */
  productivity?: number
}

/** The engine's history row: a queue's day with the staff-hours available that day by skill. */
export interface HistoryDay extends QueueDay {
  staffHoursAvailable: Readonly<Record<string, number>>
}

/**
 * What a learner (skill level 1, working under supervision) produces, as a share of a competent holder's output:
 * the same 30% the "new untrained staff" scenario assumes.
 */
export const LEARNER_OUTPUT = 0.3
/** The skill level from which a holder counts in full (the staff module's backfill level: competent). */
export const FULL_OUTPUT_LEVEL = 2

/**
 * Staff-hours by skill for each date. A person holding several of the modelled skills splits their day equally
 * between them; a learner's share counts at LEARNER_OUTPUT; one holding none adds nothing (a control-room
 * operator moved into the unit untrained).
 */
export function hoursBySkill(
  staff: readonly StaffDay[],
  modelledSkills: readonly string[],
): Map<string, Record<string, number>> {
  const modelled = new Set(modelledSkills)
  const byDate = new Map<string, Record<string, number>>()
  for (const day of staff) {
    const levels = new Map<string, number>()
    for (const { skill, level } of day.skills) {
      if (modelled.has(skill)) {
        levels.set(skill, Math.max(level, levels.get(skill) ?? 0))
      }
    }
    const totals = byDate.get(day.date) ?? {}
    byDate.set(day.date, totals)
    if (levels.size === 0 || day.hours <= 0) {
      continue
    }
    const share = (day.hours * (day.productivity ?? 1)) / levels.size
    for (const [skill, level] of levels) {
      totals[skill] = (totals[skill] ?? 0) + share * (level >= FULL_OUTPUT_LEVEL ? 1 : LEARNER_OUTPUT)
    }
  }
  return byDate
}

/** Joins queue days with the staff-hours of the same dates: the history the model is estimated from. */
export function historyDays(
  queueDays: readonly QueueDay[],
  staffHours: Map<string, Record<string, number>>,
): HistoryDay[] {
  return queueDays.map((day) => ({ ...day, staffHoursAvailable: staffHours.get(day.date) ?? {} }))
}

export interface QueueModel {
  queue: string
  skill: string | null
  /** Mean arrivals for Monday … Sunday. */
  arrivalsByWeekday: readonly number[]
  /** Variance ÷ mean of daily arrivals about their weekday means (1 = Poisson). */
  arrivalDispersion: number
  /** Completions per available staff-hour of the skill; null when the queue is not worked by the unit's staff. */
  completionsPerHour: number | null
  /** Mean completions for Monday … Sunday, used when there is no rate per hour. */
  completionsByWeekday: readonly number[]
  historyDays: number
}

function meansByWeekday(days: readonly HistoryDay[], value: (day: HistoryDay) => number): number[] {
  const sums = [0, 0, 0, 0, 0, 0, 0]
  const counts = [0, 0, 0, 0, 0, 0, 0]
  for (const day of days) {
    const w = weekday(day.date)
    sums[w]! += value(day)
    counts[w]! += 1
  }
  return sums.map((sum, w) => (counts[w]! > 0 ? sum / counts[w]! : 0))
}

/** Estimates a queue's model from its history (one queue's days). */
export function estimateQueueModel(days: readonly HistoryDay[], skill: string | null): QueueModel {
  const arrivalsByWeekday = meansByWeekday(days, (day) => day.arrivals)
  const completionsByWeekday = meansByWeekday(days, (day) => day.completions)
  let squares = 0
  let expected = 0
  for (const day of days) {
    const mean = arrivalsByWeekday[weekday(day.date)]!
    squares += (day.arrivals - mean) ** 2
    expected += mean
  }
  const arrivalDispersion =
    expected > 0 && days.length > 7 ? Math.max(1, squares / (days.length - 7) / (expected / days.length)) : 1

  return {
    queue: days[0]?.queue ?? '',
    skill,
    arrivalsByWeekday,
    arrivalDispersion,
    completionsPerHour: skill === null ? null : completionRate(days, skill),
    completionsByWeekday,
    historyDays: days.length,
  }
}

/**
 * Completions per available staff-hour of the skill; null when nobody with it was available. A queue that kept a
 * backlog was worked flat out, so its average rate is what the staff can do. A queue the unit kept clear (ending
 * most days with no more than a day's arrivals waiting) shows the work that came, not the work staff could do:
 * its average would make any dip in hours look like a coming backlog. For it, the best week's rate is what the
 * staff have shown they can do.
 */
export function completionRate(days: readonly HistoryDay[], skill: string): number | null {
  const hours = (day: HistoryDay) => day.staffHoursAvailable[skill] ?? 0
  const rate = (block: readonly HistoryDay[]) => {
    const available = block.reduce((sum, day) => sum + hours(day), 0)
    return available > 0 ? block.reduce((sum, day) => sum + day.completions, 0) / available : null
  }
  const average = rate(days)
  if (average === null) {
    return null
  }
  const dailyArrivals = days.reduce((sum, day) => sum + day.arrivals, 0) / days.length
  const clearDays = days.filter((day) => day.backlog <= dailyArrivals).length
  if (clearDays * 2 < days.length) {
    return average
  }
  let best = average
  // Whole weeks, counted back from the latest day, so each holds every day of the week once.
  for (let end = days.length; end >= 7; end -= 7) {
    best = Math.max(best, rate(days.slice(end - 7, end)) ?? 0)
  }
  return best
}

/** Expected completions on `date` given the skill's available hours that day. */
export function expectedCapacity(model: QueueModel, date: string, hours: number): number {
  return model.completionsPerHour === null
    ? model.completionsByWeekday[weekday(date)]!
    : model.completionsPerHour * hours
}

/** Extra hours on a working day from `staffDaysPerWeek` extra staff-days spread over Monday to Friday. */
export function extraHoursOn(date: string, staffDaysPerWeek: number): number {
  return isWorkingDay(date) ? (staffDaysPerWeek * HOURS_PER_STAFF_DAY) / 5 : 0
}

/** The backlog at the end of each day if every day is an average one. */
export function centralPath(
  model: QueueModel,
  dates: readonly string[],
  startBacklog: number,
  hoursOn: (date: string) => number,
): number[] {
  let backlog = startBacklog
  return dates.map((date) => {
    const arrivals = model.arrivalsByWeekday[weekday(date)]!
    backlog = Math.max(0, backlog + arrivals - expectedCapacity(model, date, hoursOn(date)))
    return backlog
  })
}

export interface ForecastDay {
  date: string
  central: number
  low: number
  high: number
  expectedArrivals: number
  expectedCompletions: number
}

export interface ForecastWeek {
  weekCommencing: string
  weekEnding: string
  /** Backlog at the end of the week: central line and band. */
  central: number
  low: number
  high: number
  expectedArrivals: number
  expectedCompletions: number
}

export interface QueueForecast {
  queue: string
  skill: string | null
  threshold: number | null
  startBacklog: number
  days: ForecastDay[]
  weeks: ForecastWeek[]
  /** The first day the central line is above the threshold; null if it stays at or below it. */
  breachDate: string | null
  /** The first day the top of the band is above the threshold: the earliest plausible breach. */
  earliestBreachDate: string | null
  alreadyOverThreshold: boolean
  /**
   * Extra staff-days a week (on Monday to Friday, at the queue's completion rate) that keep the central line at or
   * below the threshold for the whole forecast — or, if the queue is already over it, bring it back under by the
   * end. 0 when none are needed; null when staff cannot help (the queue is worked outside the unit) or no
   * threshold is set.
   */
  extraStaffDaysPerWeek: number | null
  model: QueueModel
}

export interface ForecastOptions {
  /** The first forecast day. */
  start: string
  days: number
  startBacklog: number
  threshold: number | null
  /** Available hours of the queue's skill on each future date. */
  hoursOn: (date: string) => number
  paths?: number
  seed?: number
}

/** Nearest-rank percentile of a sorted array. */
export function percentile(sorted: ArrayLike<number>, p: number): number {
  if (sorted.length === 0) {
    return 0
  }
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil(p * sorted.length)))
  return sorted[rank - 1]!
}

const EXTRA_STAFF_LIMIT_TENTHS = 10_000 // 1,000 staff-days a week: beyond this, staff are not the answer

/** The smallest extra staff-days a week, to one decimal place, that meets the threshold (see QueueForecast). */
export function extraStaffDaysNeeded(
  model: QueueModel,
  dates: readonly string[],
  startBacklog: number,
  threshold: number | null,
  hoursOn: (date: string) => number,
): number | null {
  if (threshold === null || model.completionsPerHour === null || model.completionsPerHour <= 0) {
    return null
  }
  const alreadyOver = startBacklog > threshold
  const meets = (tenths: number) => {
    const path = centralPath(model, dates, startBacklog, (date) => hoursOn(date) + extraHoursOn(date, tenths / 10))
    return alreadyOver ? (path.at(-1) ?? startBacklog) <= threshold : path.every((backlog) => backlog <= threshold)
  }
  if (meets(0)) {
    return 0
  }
  let fails = 0
  let passes = 10
  while (!meets(passes)) {
    fails = passes
    passes *= 2
    if (passes > EXTRA_STAFF_LIMIT_TENTHS) {
      return null
    }
  }
  while (passes - fails > 1) {
    const middle = Math.floor((fails + passes) / 2)
    if (meets(middle)) {
      passes = middle
    } else {
      fails = middle
    }
  }
  return passes / 10
}

/** Forecasts one queue: central line, band, breach dates and the staff that would prevent the breach. */
export function forecastQueue(model: QueueModel, options: ForecastOptions): QueueForecast {
  const dates = Array.from({ length: options.days }, (_, i) => addDays(options.start, i))
  const hours = dates.map((date) => options.hoursOn(date))
  const hoursOn = (date: string) => hours[daysBetween(options.start, date)] ?? 0
  const central = centralPath(model, dates, options.startBacklog, hoursOn)

  const paths = options.paths ?? DEFAULT_PATHS
  const random = seededRandom(options.seed ?? DEFAULT_SEED)
  const simulated = dates.map(() => new Float64Array(paths))
  for (let p = 0; p < paths; p += 1) {
    let backlog = options.startBacklog
    for (let d = 0; d < dates.length; d += 1) {
      const date = dates[d]!
      const arrivals = overdispersedCount(random, model.arrivalsByWeekday[weekday(date)]!, model.arrivalDispersion)
      const completions = overdispersedCount(random, expectedCapacity(model, date, hours[d]!), 1)
      backlog = Math.max(0, backlog + arrivals - completions)
      simulated[d]![p] = backlog
    }
  }

  let previous = options.startBacklog
  const days: ForecastDay[] = dates.map((date, d) => {
    const sorted = simulated[d]!.sort()
    const expectedArrivals = model.arrivalsByWeekday[weekday(date)]!
    const day = {
      date,
      central: central[d]!,
      // Without simulated paths (an indicator needs only the central line) the band collapses onto it.
      low: paths > 0 ? percentile(sorted, BAND.low) : central[d]!,
      high: paths > 0 ? percentile(sorted, BAND.high) : central[d]!,
      expectedArrivals,
      expectedCompletions: previous + expectedArrivals - central[d]!,
    }
    previous = central[d]!
    return day
  })

  const threshold = options.threshold
  return {
    queue: model.queue,
    skill: model.skill,
    threshold,
    startBacklog: options.startBacklog,
    days,
    weeks: weeklySummary(days),
    breachDate: threshold === null ? null : (days.find((day) => day.central > threshold)?.date ?? null),
    earliestBreachDate: threshold === null ? null : (days.find((day) => day.high > threshold)?.date ?? null),
    alreadyOverThreshold: threshold !== null && options.startBacklog > threshold,
    extraStaffDaysPerWeek: extraStaffDaysNeeded(model, dates, options.startBacklog, threshold, hoursOn),
    model,
  }
}

/** Seven-day blocks from the first forecast day: the backlog at the end of each, and the week's flows. */
export function weeklySummary(days: readonly ForecastDay[]): ForecastWeek[] {
  const weeks: ForecastWeek[] = []
  for (let i = 0; i + 7 <= days.length; i += 7) {
    const block = days.slice(i, i + 7)
    const last = block.at(-1)!
    weeks.push({
      weekCommencing: block[0]!.date,
      weekEnding: last.date,
      central: last.central,
      low: last.low,
      high: last.high,
      expectedArrivals: block.reduce((sum, day) => sum + day.expectedArrivals, 0),
      expectedCompletions: block.reduce((sum, day) => sum + day.expectedCompletions, 0),
    })
  }
  return weeks
}

export interface WorkloadPerHead {
  openItems: number
  /** Full-time equivalents available: hours ÷ (7.5 × 5) over the week. */
  fte: number
  perHead: number | null
  norm: number
  overNorm: boolean
}

/** Workload per head against the force's norm: a welfare indicator (the 2015 inspection found backlogs harming staff). */
export function workloadPerHead(openItems: number, staffHoursInWeek: number, norm: number): WorkloadPerHead {
  const fte = staffHoursInWeek / (HOURS_PER_STAFF_DAY * 5)
  const perHead = fte > 0 ? openItems / fte : null
  return { openItems, fte, perHead, norm, overNorm: perHead === null ? openItems > 0 : perHead > norm }
}

export interface BacktestPoint {
  weekEnding: string
  forecast: number
  actual: number
}

export interface BacktestResult {
  queue: string
  cutoff: string
  points: BacktestPoint[]
  /** Mean absolute error, in crimes. */
  meanAbsoluteError: number
  /** Mean absolute percentage error over weeks whose actual backlog was above zero; null if none were. */
  meanAbsolutePercentageError: number | null
}

/**
 * Forecasts from the history before `cutoff` and compares the central line with what happened, week by week.
 * The staff-hours actually available are used for the forecast weeks (absences are known in advance or as they
 * start), so the error measures the model, not surprises in staffing.
 */
export function backtestQueue(
  days: readonly HistoryDay[],
  skill: string | null,
  options: { cutoff: string; weeks: number; historyWeeks?: number },
): BacktestResult | null {
  const historyFrom = addDays(options.cutoff, -7 * (options.historyWeeks ?? DEFAULT_HISTORY_WEEKS))
  const before = days.filter((day) => day.date >= historyFrom && day.date < options.cutoff)
  const after = new Map(days.filter((day) => day.date >= options.cutoff).map((day) => [day.date, day]))
  const lastBefore = before.at(-1)
  if (before.length < MINIMUM_HISTORY_DAYS || !lastBefore || lastBefore.date !== addDays(options.cutoff, -1)) {
    return null
  }
  const model = estimateQueueModel(before, skill)
  const dates = Array.from({ length: options.weeks * 7 }, (_, i) => addDays(options.cutoff, i))
  if (!dates.every((date) => after.has(date))) {
    return null
  }
  const central = centralPath(model, dates, lastBefore.backlog, (date) =>
    skill === null ? 0 : (after.get(date)?.staffHoursAvailable[skill] ?? 0),
  )
  const points: BacktestPoint[] = []
  for (let week = 1; week <= options.weeks; week += 1) {
    const index = week * 7 - 1
    points.push({ weekEnding: dates[index]!, forecast: central[index]!, actual: after.get(dates[index]!)!.backlog })
  }
  const meanAbsoluteError = points.reduce((sum, p) => sum + Math.abs(p.forecast - p.actual), 0) / points.length
  const positive = points.filter((p) => p.actual > 0)
  return {
    queue: model.queue,
    cutoff: options.cutoff,
    points,
    meanAbsoluteError,
    meanAbsolutePercentageError:
      positive.length === 0
        ? null
        : (100 * positive.reduce((sum, p) => sum + Math.abs(p.forecast - p.actual) / p.actual, 0)) / positive.length,
  }
}

export interface UnitForecastInput {
  /** The first forecast day; history is everything before it. */
  start: string
  weeks: number
  historyWeeks: number
  settings: readonly QueueSetting[]
  /** Queue days before `start` (at least the history window). */
  queueHistory: readonly QueueDay[]
  /** The unit's staff days, past (for history) and future (planned absences and scenario changes applied). */
  staff: readonly StaffDay[]
  workloadNorm: number
  paths?: number
  seed?: number
}

export interface WeekWelfare {
  weekCommencing: string
  workload: WorkloadPerHead
}

export interface UnitForecast {
  start: string
  end: string
  queues: Array<{ setting: QueueSetting; forecast: QueueForecast | null; problem: string | null }>
  welfare: WeekWelfare[]
}

/** Forecasts every queue of the unit from its history and roster, and the workload per head each week. */
export function forecastUnit(input: UnitForecastInput): UnitForecast {
  const days = input.weeks * 7
  const end = addDays(input.start, days - 1)
  const historyFrom = addDays(input.start, -7 * input.historyWeeks)
  const modelledSkills = [...new Set(input.settings.flatMap((s) => (s.skill === null ? [] : [s.skill])))]
  const staffHours = hoursBySkill(input.staff, modelledSkills)

  const queues = input.settings.map((setting, index) => {
    const history = historyDays(
      input.queueHistory.filter(
        (day) => day.queue === setting.queue && day.date >= historyFrom && day.date < input.start,
      ),
      staffHours,
    ).sort((a, b) => a.date.localeCompare(b.date))
    if (history.length < MINIMUM_HISTORY_DAYS) {
      return {
        setting,
        forecast: null,
        problem: `Not enough history: ${history.length} of the ${MINIMUM_HISTORY_DAYS} days needed`,
      }
    }
    const model = estimateQueueModel(history, setting.skill)
    const forecast = forecastQueue(model, {
      start: input.start,
      days,
      startBacklog: history.at(-1)!.backlog,
      threshold: setting.threshold,
      hoursOn: (date) => (setting.skill === null ? 0 : (staffHours.get(date)?.[setting.skill] ?? 0)),
      paths: input.paths ?? DEFAULT_PATHS,
      // Each queue gets its own stream, so adding a queue does not change the others' bands.
      seed: (input.seed ?? DEFAULT_SEED) + index * 7919,
    })
    return { setting, forecast, problem: null }
  })

  const unitQueues = queues.filter((q) => q.setting.skill !== null && q.forecast !== null)
  const welfare: WeekWelfare[] = []
  // Without a forecast of any queue the unit works there is no workload to share out.
  for (let week = 0; week < (unitQueues.length === 0 ? 0 : input.weeks); week += 1) {
    const from = addDays(input.start, week * 7)
    const to = addDays(from, 6)
    const hours = input.staff
      .filter((day) => day.date >= from && day.date <= to)
      .reduce((sum, day) => sum + Math.max(0, day.hours), 0)
    const openItems = unitQueues.reduce((sum, q) => sum + (q.forecast!.weeks[week]?.central ?? 0), 0)
    welfare.push({ weekCommencing: from, workload: workloadPerHead(openItems, hours, input.workloadNorm) })
  }
  return { start: input.start, end, queues, welfare }
}
