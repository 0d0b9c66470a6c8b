/**
 * The capacity forecast (PRODUCT.md capability 6; issue 12): every queue of the unit forecast together from its
 * history and the roster as the staff records hold it. Demand at the top of the pipeline is forecast with trend,
 * season and change points (capacity.arrivals.ts); each later queue receives what the one before it completes
 * (flow); staff-worked queues complete at a rate estimated with its uncertainty (capacity.rates.ts); work done
 * outside the unit finishes at the share of the waiting work it historically finished. The band and the
 * probability of passing the line come from simulated futures that draw the rates and the level of demand as
 * well as each day's counts (capacity.paths.ts).
 */
import { addDays, daysBetween, weekday } from '../../platform/dates.ts'
import { forecastWeeklyArrivals, type ArrivalForecast } from './capacity.arrivals.ts'
import { estimateQueueModel, extraStaffDaysNeeded, type QueueModel } from './capacity.model.ts'
import { overnightShare } from './capacity.rates.ts'
import {
  simulatePaths,
  type PlannedArrivals,
  type PlannedQueue,
  type PlannedWork,
  type QueuePaths,
} from './capacity.paths.ts'
import {
  DEFAULT_HISTORY_WEEKS,
  DEFAULT_PATHS,
  DEFAULT_SEED,
  DEFAULT_WARNING_WEEKS,
  FULL_OUTPUT_LEVEL,
  historyDays,
  hoursBySkill,
  MINIMUM_HISTORY_DAYS,
  weeklySummary,
  workloadPerHead,
  type ForecastDay,
  type ForecastWeek,
  type HistoryDay,
  type QueueDay,
  type ForecastQueue,
  type QueueSetting,
  type StaffDay,
  unrecordedAbsenceShare,
  type WorkloadPerHead,
} from './capacity.rules.ts'

/** What leaves a queue enters the next: the pipeline crimes follow (DOMAIN.md §4). */
export const FLOWS_FROM: Partial<Record<ForecastQueue, ForecastQueue>> = {
  awaiting_allocation: 'recorded',
  under_investigation: 'awaiting_allocation',
  awaiting_filing: 'under_investigation',
}

/** Why the forecast goes the way it does, in figures the page turns into words. */
export interface ForecastReasons {
  arrivalsPerWeekRecent: number
  arrivalsPerWeekAhead: number
  /** The queue whose completions feed this one in the forecast; null when its own arrivals are forecast. */
  arrivalsFrom: ForecastQueue | null
  arrivalMethod: ArrivalForecast['method'] | 'weekday means' | null
  /** Weeks ago the level of demand changed; null if no change was found. */
  demandChangedWeeksAgo: number | null
  seasonal: boolean
  hoursPerWeekRecent: number | null
  hoursPerWeekAhead: number | null
  /** Share of the skill's hours ahead worked by people still learning it. */
  learnerSharePercent: number | null
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
  /** Chance the backlog passes the threshold within `warningWeeks`; null without a threshold. */
  breachProbability: number | null
  /** Chance it has passed the threshold by the end of each forecast week. */
  breachProbabilityByWeek: number[]
  warningWeeks: number
  /** Extra staff-days a week that keep the average path under the threshold (see extraStaffDaysNeeded). */
  extraStaffDaysPerWeek: number | null
  model: QueueModel
  reasons: ForecastReasons
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
  warningWeeks?: number
}

function workFor(model: QueueModel, hours: readonly number[], hoursSpread?: readonly number[]): PlannedWork {
  if (model.skill === null) {
    return { kind: 'outside', finishingShareByWeekday: model.finishingShareByWeekday }
  }
  return model.rate === null
    ? { kind: 'fixed', completionsByWeekday: model.completionsByWeekday }
    : { kind: 'staff', rate: model.rate, hours, ...(hoursSpread ? { hoursSpread } : {}) }
}

function weekdayShares(model: QueueModel): number[] {
  const total = model.arrivalsByWeekday.reduce((a, b) => a + b, 0)
  return model.arrivalsByWeekday.map((v) => (total > 0 ? v / total : 1 / 7))
}

interface Composed {
  model: QueueModel
  setting: { threshold: number | null }
  dates: readonly string[]
  hours: readonly number[]
  startBacklog: number
  paths: QueuePaths
  warningWeeks: number
  reasons: ForecastReasons
}

function compose(c: Composed): QueueForecast {
  const threshold = c.setting.threshold
  const days: ForecastDay[] = c.dates.map((date, d) => ({
    date,
    central: c.paths.central[d]!,
    low: c.paths.low[d]!,
    high: c.paths.high[d]!,
    expectedArrivals: c.paths.meanArrivals[d]!,
    expectedCompletions: c.paths.meanCompletions[d]!,
  }))
  const hoursOn = (date: string) => c.hours[daysBetween(c.dates[0]!, date)] ?? 0
  return {
    queue: c.model.queue,
    skill: c.model.skill,
    threshold,
    startBacklog: c.startBacklog,
    days,
    weeks: weeklySummary(days),
    breachDate: threshold === null ? null : (days.find((day) => day.central > threshold)?.date ?? null),
    earliestBreachDate: threshold === null ? null : (days.find((day) => day.high > threshold)?.date ?? null),
    alreadyOverThreshold: threshold !== null && c.startBacklog > threshold,
    breachProbability: c.paths.breachProbability,
    breachProbabilityByWeek: c.paths.breachProbabilityByWeek,
    warningWeeks: c.warningWeeks,
    extraStaffDaysPerWeek: extraStaffDaysNeeded(
      c.model,
      c.dates,
      c.startBacklog,
      threshold,
      hoursOn,
      (_, i) => c.paths.meanArrivals[i] ?? 0,
    ),
    model: c.model,
    reasons: c.reasons,
  }
}

/**
 * Forecasts one queue on its own from a given model, at its weekday means (no trend, no flow). Not what the page
 * shows (forecastUnit): the rules tests use it to pin the band, breach date and words against a model they set.
 */
export function forecastQueue(model: QueueModel, options: ForecastOptions): QueueForecast {
  const dates = Array.from({ length: options.days }, (_, i) => addDays(options.start, i))
  const hours = dates.map((date) => options.hoursOn(date))
  const weekly = model.arrivalsByWeekday.reduce((a, b) => a + b, 0)
  const arrivals: PlannedArrivals = {
    kind: 'own',
    weeklyMean: [weekly],
    weeklySd: [Math.sqrt(model.arrivalDispersion * weekly)],
    weekdayShare: weekdayShares(model),
    dispersion: model.arrivalDispersion,
  }
  const warningWeeks = options.warningWeeks ?? DEFAULT_WARNING_WEEKS
  const [paths] = simulatePaths({
    queues: [
      { startBacklog: options.startBacklog, threshold: options.threshold, arrivals, work: workFor(model, hours) },
    ],
    weekdays: dates.map(weekday),
    paths: Math.max(1, options.paths ?? DEFAULT_PATHS),
    seed: options.seed ?? DEFAULT_SEED,
    horizonDays: warningWeeks * 7,
  })
  return compose({
    model,
    setting: { threshold: options.threshold },
    dates,
    hours,
    startBacklog: options.startBacklog,
    paths: paths!,
    warningWeeks,
    reasons: reasonsFor(model, dates, hours, [], paths!, {
      arrivalsFrom: null,
      method: 'weekday means',
      learnerShare: null,
    }),
  })
}

function reasonsFor(
  model: QueueModel,
  dates: readonly string[],
  hours: readonly number[],
  history: readonly HistoryDay[],
  paths: QueuePaths,
  extra: {
    arrivalsFrom: ForecastQueue | null
    method: ForecastReasons['arrivalMethod']
    forecast?: ArrivalForecast
    learnerShare: number | null
  },
): ForecastReasons {
  const aheadDays = Math.min(dates.length, 56)
  const perWeek = (values: readonly number[]) =>
    values.length === 0 ? 0 : (7 * values.reduce((a, b) => a + b, 0)) / values.length
  const recent = history.slice(-28)
  const skill = model.skill
  return {
    arrivalsPerWeekRecent:
      recent.length === 0 ? model.arrivalsByWeekday.reduce((a, b) => a + b, 0) : perWeek(recent.map((d) => d.arrivals)),
    arrivalsPerWeekAhead: perWeek(paths.meanArrivals.slice(0, aheadDays)),
    arrivalsFrom: extra.arrivalsFrom,
    arrivalMethod: extra.method,
    demandChangedWeeksAgo: extra.forecast?.changeWeeksAgo ?? null,
    seasonal: extra.forecast?.seasonal ?? false,
    hoursPerWeekRecent:
      skill === null || recent.length === 0 ? null : perWeek(recent.map((d) => d.staffHoursAvailable[skill] ?? 0)),
    hoursPerWeekAhead: skill === null ? null : perWeek(hours.slice(0, aheadDays)),
    learnerSharePercent: extra.learnerShare,
  }
}

/**
 * Complete 7-day blocks of arrivals ending the day before `start`, oldest first, at most two years. Weeks of
 * nothing before the first crime arrived are before the records began, not weeks of no demand: they are left
 * out, so a unit with under a year of records is not given a season it has not had.
 */
export function weeklyTotals(days: readonly QueueDay[], start: string): number[] {
  const byDate = new Map(days.map((d) => [d.date, d.arrivals]))
  const totals: number[] = []
  for (let end = addDays(start, -1); totals.length < 104; end = addDays(end, -7)) {
    const block = Array.from({ length: 7 }, (_, i) => byDate.get(addDays(end, -i)))
    if (block.some((v) => v === undefined)) {
      break
    }
    totals.unshift(block.reduce((a, b) => a! + b!, 0)!)
  }
  const first = totals.findIndex((total) => total > 0)
  return first <= 0 ? totals : totals.slice(first)
}

/** Share of the skill's future hours worked by people still learning it (level 1). */
function learnerShare(staff: readonly StaffDay[], skill: string, from: string, to: string): number | null {
  let learners = 0
  let all = 0
  for (const day of staff) {
    const level = day.skills.find((s) => s.skill === skill)?.level
    if (level === undefined || day.date < from || day.date > to || day.hours <= 0) {
      continue
    }
    all += day.hours
    learners += level < FULL_OUTPUT_LEVEL ? day.hours : 0
  }
  return all > 0 ? Math.round((100 * learners) / all) : null
}

export interface UnitForecastInput {
  /** The first forecast day; history is everything before it. */
  start: string
  weeks: number
  /** Weeks of history the rates and weekly pattern are estimated from (demand uses up to two years). */
  historyWeeks: number
  settings: readonly QueueSetting[]
  queueHistory: readonly QueueDay[]
  /** Backlogs to start from when they are known more freshly than the last history day (the live counts). */
  startBacklogs?: Readonly<Record<string, number>>
  /** The unit's staff days, past (for history) and future (planned absences and scenario changes applied). */
  staff: readonly StaffDay[]
  workloadNorm: number
  paths?: number
  seed?: number
  warningWeeks?: number
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

interface Prepared {
  setting: QueueSetting
  history: HistoryDay[]
  model: QueueModel
  hours: number[]
  /** How unsure each day's hours are: the share of absences allowed for that are not yet recorded. */
  hoursSpread: number[]
  arrivals: PlannedArrivals
  arrivalsFrom: ForecastQueue | null
  forecast?: ArrivalForecast
}

/** The prepared queues as the simulator takes them, in order; a flow names the queue it comes from by index. */
function plannedQueues(
  order: readonly ForecastQueue[],
  prepared: ReadonlyMap<ForecastQueue, Prepared>,
  startBacklogs: UnitForecastInput['startBacklogs'],
): PlannedQueue[] {
  return order.map((queue) => {
    const p = prepared.get(queue)!
    const arrivals = p.arrivals.kind === 'flow' ? { ...p.arrivals, from: order.indexOf(p.arrivalsFrom!) } : p.arrivals
    return {
      // The live count when the caller has it (a forecast from today starts from what the queue pages show).
      startBacklog: startBacklogs?.[queue] ?? p.history.at(-1)!.backlog,
      threshold: p.setting.threshold,
      arrivals,
      work: workFor(p.model, p.hours, p.hoursSpread),
    }
  })
}

/** A queue's own arrivals (not a flow from another): its weekly forecast, spread over the week as it has been. */
function ownArrivals(history: readonly QueueDay[], input: UnitForecastInput, model: QueueModel) {
  const forecast = forecastWeeklyArrivals(weeklyTotals(history, input.start), { horizonWeeks: input.weeks })
  const arrivals: PlannedArrivals = {
    kind: 'own',
    weeklyMean: forecast.mean,
    weeklySd: forecast.sd,
    weeklyTrendSd: forecast.trendSd,
    weekdayShare: weekdayShares(model),
    dispersion: model.arrivalDispersion,
  }
  return { forecast, arrivals }
}

/**
 * A skill's hours on each forecast day as rostered, less the usual share of absences not yet recorded; and how
 * unsure each day's hours are for it (that share: as many again, or none).
 */
function hoursAhead(
  dates: readonly string[],
  skill: string | null,
  staffHours: ReadonlyMap<string, Record<string, number>>,
  unrecorded: readonly number[],
): { hours: number[]; spread: number[] } {
  const share = (d: number) => (skill === null ? 0 : (unrecorded[Math.floor(d / 7)] ?? 0))
  return {
    hours: dates.map((date, d) => (skill === null ? 0 : (staffHours.get(date)?.[skill] ?? 0) * (1 - share(d)))),
    spread: dates.map((_, d) => share(d)),
  }
}

/** Forecasts every queue of the unit from its history and roster, and the workload per head each week. */
export function forecastUnit(input: UnitForecastInput): UnitForecast {
  const days = input.weeks * 7
  const end = addDays(input.start, days - 1)
  const historyFrom = addDays(input.start, -7 * (input.historyWeeks || DEFAULT_HISTORY_WEEKS))
  const modelledSkills = [...new Set(input.settings.flatMap((s) => (s.skill === null ? [] : [s.skill])))]
  const staffHours = hoursBySkill(input.staff, modelledSkills)
  const dates = Array.from({ length: days }, (_, i) => addDays(input.start, i))
  const warningWeeks = input.warningWeeks ?? DEFAULT_WARNING_WEEKS
  // Absences the records do not hold yet (leave not booked, sickness to come) take their usual share.
  const unrecorded = unrecordedAbsenceShare(input.staff, input.start, input.weeks)
  const prepared = new Map<ForecastQueue, Prepared>()
  const problems = new Map<ForecastQueue, string>()

  input.settings.forEach((setting) => {
    const all = input.queueHistory
      .filter((d) => d.queue === setting.queue && d.date < input.start)
      .sort((a, b) => a.date.localeCompare(b.date))
    const history = historyDays(
      all.filter((d) => d.date >= historyFrom),
      staffHours,
    )
    if (history.length < MINIMUM_HISTORY_DAYS) {
      problems.set(setting.queue, `Not enough history: ${history.length} of the ${MINIMUM_HISTORY_DAYS} days needed`)
      return
    }
    // What waits overnight is read from every day worked in the longer history: after weeks left waiting, the
    // last 12 weeks alone may hold too few days the unit kept up to show it.
    const model = estimateQueueModel(history, setting.skill, overnightShare(all.filter((d) => d.completions > 0)))
    const { hours, spread: hoursSpread } = hoursAhead(dates, setting.skill, staffHours, unrecorded)
    const upstream = FLOWS_FROM[setting.queue]
    const from = upstream === undefined ? undefined : prepared.get(upstream)
    const upstreamDone = from?.history.reduce((sum, d) => sum + d.completions, 0) ?? 0
    const base = { setting, history, model, hours, hoursSpread }
    if (from && upstreamDone > 0) {
      const share = history.reduce((sum, d) => sum + d.arrivals, 0) / upstreamDone
      prepared.set(setting.queue, { ...base, arrivals: { kind: 'flow', from: -1, share }, arrivalsFrom: upstream! })
      return
    }
    const { forecast, arrivals } = ownArrivals(all, input, model)
    prepared.set(setting.queue, { ...base, arrivals, arrivalsFrom: null, forecast })
  })

  const order = [...prepared.keys()]
  const planned = plannedQueues(order, prepared, input.startBacklogs)
  const simulated = simulatePaths({
    queues: planned,
    weekdays: dates.map(weekday),
    paths: Math.max(1, input.paths ?? DEFAULT_PATHS),
    seed: input.seed ?? DEFAULT_SEED,
    horizonDays: warningWeeks * 7,
  })

  const queues = input.settings.map((setting) => {
    const p = prepared.get(setting.queue)
    if (!p) {
      return { setting, forecast: null, problem: problems.get(setting.queue) ?? 'Not forecast' }
    }
    const paths = simulated[order.indexOf(setting.queue)]!
    const reasons = reasonsFor(p.model, dates, p.hours, p.history, paths, {
      arrivalsFrom: p.arrivalsFrom,
      method: p.forecast?.method ?? null,
      ...(p.forecast ? { forecast: p.forecast } : {}),
      learnerShare: setting.skill === null ? null : learnerShare(input.staff, setting.skill, input.start, end),
    })
    const forecast = compose({
      model: p.model,
      setting,
      dates,
      hours: p.hours,
      startBacklog: planned[order.indexOf(setting.queue)]!.startBacklog,
      paths,
      warningWeeks,
      reasons,
    })
    return { setting, forecast, problem: null }
  })
  return { start: input.start, end, queues, welfare: welfare(input, queues) }
}

function welfare(input: UnitForecastInput, queues: UnitForecast['queues']): WeekWelfare[] {
  const unitQueues = queues.filter((q) => q.setting.skill !== null && q.forecast !== null)
  const weeks: WeekWelfare[] = []
  // Without a forecast of any queue the unit works there is no workload to share out.
  for (let week = 0; week < (unitQueues.length === 0 ? 0 : input.weeks); week += 1) {
    const from = addDays(input.start, week * 7)
    const to = addDays(from, 6)
    const hours = input.staff
      .filter((day) => day.date >= from && day.date <= to)
      .reduce((sum, day) => sum + Math.max(0, day.hours), 0)
    const openItems = unitQueues.reduce((sum, q) => sum + (q.forecast!.weeks[week]?.central ?? 0), 0)
    weeks.push({ weekCommencing: from, workload: workloadPerHead(openItems, hours, input.workloadNorm) })
  }
  return weeks
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
  /** Mean absolute percentage error over weeks with at least PERCENTAGE_FLOOR waiting; null if none had. */
  meanAbsolutePercentageError: number | null
}

/** A percentage error is taken only where at least this many were waiting: 2 out on a queue of 4 reads 50%. */
export const PERCENTAGE_FLOOR = 20

/**
 * The forecast the page shows, made at `cutoff` from the history before it, compared with what happened: the
 * same model (trend, season, flow from one queue to the next), given the staff-hours actually worked in the
 * weeks since, so the error measures the model and not surprises in staffing. A queue without the history
 * before the cut-off, or without every day of the weeks after it, has no result.
 */
export function backtestUnit(
  input: Omit<UnitForecastInput, 'start' | 'startBacklogs'> & { cutoff: string },
): Array<{ queue: ForecastQueue; result: BacktestResult | null }> {
  const unit = forecastUnit({
    ...input,
    start: input.cutoff,
    queueHistory: input.queueHistory.filter((day) => day.date < input.cutoff),
  })
  const dayBefore = addDays(input.cutoff, -1)
  const weekEnds = Array.from({ length: input.weeks }, (_, w) => addDays(input.cutoff, 7 * w + 6))
  return unit.queues.map(({ setting, forecast }) => {
    const backlogOn = new Map(
      input.queueHistory.filter((day) => day.queue === setting.queue).map((day) => [day.date, day.backlog]),
    )
    const afterComplete = forecast?.days.every((day) => backlogOn.has(day.date)) ?? false
    if (!forecast || !backlogOn.has(dayBefore) || !afterComplete) {
      return { queue: setting.queue, result: null }
    }
    const points = weekEnds.map((weekEnding, w) => ({
      weekEnding,
      forecast: forecast.days[7 * w + 6]!.central,
      actual: backlogOn.get(weekEnding)!,
    }))
    const large = points.filter((p) => p.actual >= PERCENTAGE_FLOOR)
    return {
      queue: setting.queue,
      result: {
        queue: setting.queue,
        cutoff: input.cutoff,
        points,
        meanAbsoluteError: points.reduce((sum, p) => sum + Math.abs(p.forecast - p.actual), 0) / points.length,
        meanAbsolutePercentageError:
          large.length === 0
            ? null
            : (100 * large.reduce((sum, p) => sum + Math.abs(p.forecast - p.actual) / p.actual, 0)) / large.length,
      },
    }
  })
}
