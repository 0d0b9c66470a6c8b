/**
 * How a forecaster did on one simulated run, week by week with only the past visible: when its warning came
 * against the breach, how often it cried wolf, how far its 4-week forecast was from what happened, and how often
 * its 80% band held the actual.
 */
import { addDays, daysBetween } from '../../src/platform/dates.ts'

/** What a forecaster said on one Monday about the watched queue. */
export interface WeeklyCall {
  monday: string
  /** Backlog at the end of the 28th forecast day: central line and 80% band. */
  central: number
  low: number
  high: number
  /** Whether the warning would be raised (or stay raised) that day. */
  warns: boolean
}

export interface RunScore {
  breached: boolean
  /** Weeks from the first warning (within 12 weeks before it) to the breach; null if missed or no breach. */
  leadWeeks: number | null
  /** Weeks from the cause first showing to the first warning after it; null without either. */
  weeksAfterCause: number | null
  /** Weeks from the cause first showing to the breach. */
  causeToBreachWeeks: number | null
  missed: boolean
  falseAlarms: number
  /** For each false alarm, the highest backlog in the window after it, as a percentage of the line. */
  falseAlarmPeaks: number[]
  evaluatedWeeks: number
  errors: number[]
  percentageErrors: number[]
  covered: number
  coverageCount: number
}

/** A warning onset is true if the line is crossed within this many weeks of it. */
export const ALARM_WINDOW_WEEKS = 12
/** Percentage errors are taken only where the actual backlog is at least this, so near-empty queues do not dominate. */
export const MAPE_FLOOR = 50

export function scoreRun(
  calls: readonly WeeklyCall[],
  backlogAt: (date: string) => number | undefined,
  line: number,
  evaluateFrom: string,
  causeShowsOn: string | null,
): RunScore {
  const end = calls.at(-1)?.monday ?? evaluateFrom
  let breachDay: string | null = null
  if ((backlogAt(addDays(evaluateFrom, -1)) ?? 0) <= line) {
    for (let date = evaluateFrom; date <= addDays(end, 6); date = addDays(date, 1)) {
      if ((backlogAt(date) ?? 0) > line) {
        breachDay = date
        break
      }
    }
  }
  const weeks = (from: string, to: string) => Math.floor(daysBetween(from, to) / 7)
  const window =
    breachDay === null
      ? []
      : calls.filter((c) => c.monday <= breachDay && daysBetween(c.monday, breachDay) <= 7 * ALARM_WINDOW_WEEKS)
  const firstWarning = window.find((c) => c.warns)
  const afterCause = causeShowsOn === null ? undefined : calls.find((c) => c.warns && c.monday >= causeShowsOn)

  let falseAlarms = 0
  const falseAlarmPeaks: number[] = []
  let previous = false
  for (const call of calls) {
    const over = (backlogAt(addDays(call.monday, -1)) ?? 0) > line
    if (call.warns && !previous && !over && !crossesWithin(call.monday, backlogAt, line)) {
      falseAlarms += 1
      falseAlarmPeaks.push((100 * highestWithin(call.monday, backlogAt)) / line)
    }
    previous = call.warns
  }

  const errors: number[] = []
  const percentageErrors: number[] = []
  let covered = 0
  let coverageCount = 0
  for (const call of calls) {
    const actual = backlogAt(addDays(call.monday, 27))
    if (actual === undefined) {
      continue
    }
    errors.push(Math.abs(call.central - actual))
    if (actual >= MAPE_FLOOR) {
      percentageErrors.push((100 * Math.abs(call.central - actual)) / actual)
    }
    coverageCount += 1
    covered += actual >= call.low && actual <= call.high ? 1 : 0
  }
  return {
    breached: breachDay !== null,
    leadWeeks: breachDay !== null && firstWarning ? weeks(firstWarning.monday, breachDay) : null,
    weeksAfterCause:
      causeShowsOn !== null && afterCause && (breachDay === null || afterCause.monday <= breachDay)
        ? Math.max(0, Math.ceil(daysBetween(causeShowsOn, afterCause.monday) / 7))
        : null,
    causeToBreachWeeks: causeShowsOn !== null && breachDay !== null ? weeks(causeShowsOn, breachDay) : null,
    missed: breachDay !== null && !firstWarning,
    falseAlarms,
    falseAlarmPeaks,
    evaluatedWeeks: calls.length,
    errors,
    percentageErrors,
    covered,
    coverageCount,
  }
}

function crossesWithin(monday: string, backlogAt: (date: string) => number | undefined, line: number): boolean {
  for (let d = 0; d < ALARM_WINDOW_WEEKS * 7; d += 1) {
    const backlog = backlogAt(addDays(monday, d))
    if (backlog === undefined) {
      // Past the end of the run: unknown, so not counted against the forecaster.
      return true
    }
    if (backlog > line) {
      return true
    }
  }
  return false
}

/** The highest backlog in the alarm window from `monday`: how near a false alarm came to being right. */
function highestWithin(monday: string, backlogAt: (date: string) => number | undefined): number {
  let highest = 0
  for (let d = 0; d < ALARM_WINDOW_WEEKS * 7; d += 1) {
    highest = Math.max(highest, backlogAt(addDays(monday, d)) ?? 0)
  }
  return highest
}

export interface StorySummary {
  runs: number
  breaches: number
  leads: number[]
  afterCause: number[]
  causeToBreach: number[]
  misses: number
  falseAlarmsPerUnitYear: number
  falseAlarmPeaks: number[]
  mae: number
  mape: number | null
  coverage: number
}

export function median(values: readonly number[]): number | null {
  if (values.length === 0) {
    return null
  }
  const sorted = [...values].sort((a, b) => a - b)
  const middle = Math.floor(sorted.length / 2)
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2
}

export function summarise(scores: readonly RunScore[]): StorySummary {
  const all = <T>(pick: (s: RunScore) => T[]) => scores.flatMap(pick)
  const errors = all((s) => s.errors)
  const percentages = all((s) => s.percentageErrors)
  const weeks = scores.reduce((sum, s) => sum + s.evaluatedWeeks, 0)
  const coverageCount = scores.reduce((sum, s) => sum + s.coverageCount, 0)
  return {
    runs: scores.length,
    breaches: scores.filter((s) => s.breached).length,
    leads: all((s) => (s.leadWeeks === null ? [] : [s.leadWeeks])),
    afterCause: all((s) => (s.weeksAfterCause === null ? [] : [s.weeksAfterCause])),
    causeToBreach: all((s) => (s.causeToBreachWeeks === null ? [] : [s.causeToBreachWeeks])),
    misses: scores.filter((s) => s.missed).length,
    falseAlarmsPerUnitYear: weeks === 0 ? 0 : scores.reduce((sum, s) => sum + s.falseAlarms, 0) / (weeks / 52.18),
    falseAlarmPeaks: all((s) => s.falseAlarmPeaks),
    mae: errors.length === 0 ? 0 : errors.reduce((a, b) => a + b, 0) / errors.length,
    mape: percentages.length === 0 ? null : percentages.reduce((a, b) => a + b, 0) / percentages.length,
    coverage: coverageCount === 0 ? 0 : scores.reduce((sum, s) => sum + s.covered, 0) / coverageCount,
  }
}
