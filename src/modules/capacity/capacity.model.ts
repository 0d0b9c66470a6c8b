/**
 * What a queue's history says (issue 12): its recent weekly pattern and day-to-day spread of arrivals, how fast
 * staff work it (capacity.rates.ts), or — for work done outside the unit — what share of the waiting work is
 * finished each day of the week. The deterministic "every day average" path lives here too: it answers "how
 * many extra staff-days a week would keep the queue under its line", which needs one path, not a thousand.
 */
import { isWorkingDay } from '../../platform/calendar/working-days.ts'
import { weekday } from '../../platform/dates.ts'
import { estimateRate, finishingShareByWeekday, type RateEstimate } from './capacity.rates.ts'
import { HOURS_PER_STAFF_DAY, type HistoryDay } from './capacity.rules.ts'

export interface QueueModel {
  queue: string
  skill: string | null
  /** Mean arrivals for Monday … Sunday over the history. */
  arrivalsByWeekday: readonly number[]
  /** Variance ÷ mean of daily arrivals about their weekday means (1 = Poisson). */
  arrivalDispersion: number
  /** Completions per available staff-hour (the rate's central estimate); null when not worked by the unit. */
  completionsPerHour: number | null
  rate: RateEstimate | null
  /** For work outside the unit: the share of what is waiting that is finished, Monday … Sunday. */
  finishingShareByWeekday: readonly number[]
  /** Mean completions for Monday … Sunday. */
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

/**
 * Estimates a queue's model from its history (one queue's days, in date order); the share of a day's arrivals
 * that waits overnight is read from these days unless given.
 */
export function estimateQueueModel(
  days: readonly HistoryDay[],
  skill: string | null,
  overnightShare?: number,
): QueueModel {
  const arrivalsByWeekday = meansByWeekday(days, (day) => day.arrivals)
  let squares = 0
  let expected = 0
  for (const day of days) {
    const mean = arrivalsByWeekday[weekday(day.date)]!
    squares += (day.arrivals - mean) ** 2
    expected += mean
  }
  const arrivalDispersion =
    expected > 0 && days.length > 7 ? Math.max(1, squares / (days.length - 7) / (expected / days.length)) : 1
  const rate =
    skill === null
      ? null
      : estimateRate(
          days.map((d) => ({ ...d, hours: d.staffHoursAvailable[skill] ?? 0 })),
          overnightShare,
        )
  return {
    queue: days[0]?.queue ?? '',
    skill,
    arrivalsByWeekday,
    arrivalDispersion,
    completionsPerHour: rate?.perHour ?? null,
    rate,
    finishingShareByWeekday: finishingShareByWeekday(days.map((d) => ({ ...d, weekday: weekday(d.date) }))),
    completionsByWeekday: meansByWeekday(days, (day) => day.completions),
    historyDays: days.length,
  }
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

/**
 * The backlog at the end of each day if every day is an average one: the expected arrivals (by default the
 * history's weekday means) less the expected completions, never below zero.
 */
export function centralPath(
  model: QueueModel,
  dates: readonly string[],
  startBacklog: number,
  hoursOn: (date: string) => number,
  arrivalsOn: (date: string, index: number) => number = (date) => model.arrivalsByWeekday[weekday(date)]!,
): number[] {
  let backlog = startBacklog
  return dates.map((date, index) => {
    backlog = Math.max(0, backlog + arrivalsOn(date, index) - expectedCapacity(model, date, hoursOn(date)))
    return backlog
  })
}

const EXTRA_STAFF_LIMIT_TENTHS = 10_000 // 1,000 staff-days a week: beyond this, staff are not the answer

/**
 * The smallest extra staff-days a week, to one decimal place, that keeps the average path at or below the
 * threshold (or, if already over, brings it back under by the end); null when staff cannot help.
 */
export function extraStaffDaysNeeded(
  model: QueueModel,
  dates: readonly string[],
  startBacklog: number,
  threshold: number | null,
  hoursOn: (date: string) => number,
  arrivalsOn?: (date: string, index: number) => number,
): number | null {
  if (threshold === null || model.completionsPerHour === null || model.completionsPerHour <= 0) {
    return null
  }
  const alreadyOver = startBacklog > threshold
  const meets = (tenths: number) => {
    const path = centralPath(
      model,
      dates,
      startBacklog,
      (date) => hoursOn(date) + extraHoursOn(date, tenths / 10),
      arrivalsOn,
    )
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
