/**
 * The dashboard's arithmetic over the queues (issue 4; DOMAIN.md §9 rule 14): the awaiting-filing backlog alert,
 * daily flows and sizes rebuilt from the crime status history, and recording within 24 hours by week. Nothing
 * here has state or I/O; queues.rules.test.ts proves each part.
 */

import { addDays, startOfUkDay, weekCommencing } from '../../platform/dates.ts'

// ---------------------------------------------------------------------------------------------------------------
// Rule 14: the awaiting-filing backlog alert

/**
 * Tally's default alert threshold for the awaiting-filing queue. Northamptonshire's IMU reached about 1,675
 * crimes awaiting filing in 2014 before anyone treated it as a risk (DOMAIN.md §4.4); 1,000 warns well before
 * that for a force of that size. Each force sets its own on the dashboard.
 */
export const DEFAULT_AWAITING_FILING_THRESHOLD = 1_000

export interface BacklogAlert {
  raised: boolean
  size: number
  threshold: number
  /** How far above the threshold (0 when not above). */
  over: number
}

/** Rule 14: an alert is raised when the awaiting-filing count is above the force's threshold (not at it). */
export function backlogAlert(size: number, threshold: number): BacklogAlert {
  return { raised: size > threshold, size, threshold, over: Math.max(0, size - threshold) }
}

export function thresholdProblem(value: string): string | undefined {
  const trimmed = value.trim()
  if (trimmed === '') {
    return 'Enter the number of crimes awaiting filing above which the dashboard raises an alert'
  }
  const number = Number(trimmed.replaceAll(',', ''))
  if (!Number.isInteger(number) || number < 1 || number > 10_000_000) {
    return 'The threshold must be a whole number of crimes from 1 to 10,000,000'
  }
  return undefined
}

// ---------------------------------------------------------------------------------------------------------------
// Daily flows and sizes from the crime status history

/** Status changes counted by (from, to), within one day or one window. */
export interface Transition {
  fromStatus: string | null
  toStatus: string
  count: number
}

export interface Flow {
  /** Entered the queue (from another status, or as a new crime). */
  arrivals: number
  /** Left the queue for another status. */
  completions: number
}

/** How many entered and left a single-status queue through these changes (a change within the status is neither). */
export function flowOf(status: string, transitions: readonly Transition[]): Flow {
  let arrivals = 0
  let completions = 0
  for (const t of transitions) {
    if (t.toStatus === status && t.fromStatus !== status) {
      arrivals += t.count
    }
    if (t.fromStatus === status && t.toStatus !== status) {
      completions += t.count
    }
  }
  return { arrivals, completions }
}

/**
 * A queue's size at an earlier instant, from its size now and the changes since: those that arrived since were
 * not there, those that left since were.
 */
export function sizeBefore(sizeNow: number, since: Flow): number {
  return Math.max(0, sizeNow - since.arrivals + since.completions)
}

export interface ReconstructedDay {
  day: string
  size: number
  arrivals: number
  completions: number
}

/**
 * Each day's end-of-day size and flows for a single-status queue, working back from its size now. `afterLast`
 * are the changes after the end of the last day (up to now); `byDay` the changes within each day. Days are
 * returned oldest first.
 */
export function reconstructDays(
  status: string,
  sizeNow: number,
  days: readonly string[],
  byDay: ReadonlyMap<string, readonly Transition[]>,
  afterLast: readonly Transition[],
): ReconstructedDay[] {
  const ordered = [...days].sort()
  const result: ReconstructedDay[] = []
  let size = sizeBefore(sizeNow, flowOf(status, afterLast))
  for (let i = ordered.length - 1; i >= 0; i--) {
    const day = ordered[i]!
    const flow = flowOf(status, byDay.get(day) ?? [])
    result.push({ day, size, ...flow })
    size = sizeBefore(size, flow)
  }
  return result.reverse()
}

/** A time an item spent in a queue: from entering until leaving (null: still there). */
export interface Span {
  from: Date
  to: Date | null
}

/**
 * Each day's end-of-day size and flows for a queue given every span its items spent in it (for queues that are
 * not a single status: re-opened crimes, incidents awaiting a decision). Days oldest first.
 */
export function daysFromSpans(spans: readonly Span[], days: readonly string[]): ReconstructedDay[] {
  return [...days].sort().map((day) => {
    const start = startOfUkDay(day).getTime()
    const end = startOfUkDay(addDays(day, 1)).getTime()
    let size = 0
    let arrivals = 0
    let completions = 0
    for (const span of spans) {
      const from = span.from.getTime()
      const to = span.to === null ? Number.POSITIVE_INFINITY : span.to.getTime()
      if (from < end && to >= end) {
        size += 1
      }
      if (from >= start && from < end) {
        arrivals += 1
      }
      if (to >= start && to < end) {
        completions += 1
      }
    }
    return { day, size, arrivals, completions }
  })
}

/**
 * The spans a re-opened crime spent as re-opened work, from its status history in order: every stretch under
 * investigation after its first re-opening (a re-opened crime returned to the officer and allocated again is still
 * re-opened work; the crimes module keeps `reopened_at`).
 */
export function reopenedSpans(
  changes: ReadonlyArray<{ crimeId: string; toStatus: string; action: string; changedAt: Date }>,
): Span[] {
  const spans: Span[] = []
  let crime: string | undefined
  let reopened = false
  let open: Date | null = null
  for (const change of changes) {
    if (change.crimeId !== crime) {
      if (open) {
        spans.push({ from: open, to: null })
      }
      crime = change.crimeId
      reopened = false
      open = null
    }
    reopened ||= change.action === 'reopen'
    const inQueue = reopened && change.toStatus === 'under_investigation'
    if (inQueue && !open) {
      open = change.changedAt
    } else if (!inQueue && open) {
      spans.push({ from: open, to: change.changedAt })
      open = null
    }
  }
  if (open) {
    spans.push({ from: open, to: null })
  }
  return spans
}

// ---------------------------------------------------------------------------------------------------------------
// Rule 2: recording within 24 hours, by week

export interface RecordingDay {
  day: string
  recorded: number
  onTime: number
}

export interface RecordingWeek {
  /** The Monday the week starts on. */
  weekCommencing: string
  recorded: number
  onTime: number
  /** Per cent recorded within 24 hours, one decimal place; null for a week with no crimes. */
  percent: number | null
}

/** HMICFRS quoted Leicestershire's 93.7% of crimes recorded within 24 hours as good practice (DOMAIN.md §1.3). */
export const RECORDING_BENCHMARK_PERCENT = 93.7

export function percentOnTime(recorded: number, onTime: number): number | null {
  return recorded === 0 ? null : Math.round((onTime / recorded) * 1000) / 10
}

export function recordingByWeek(days: readonly RecordingDay[]): RecordingWeek[] {
  const weeks = new Map<string, { recorded: number; onTime: number }>()
  for (const day of days) {
    const week = weekCommencing(day.day)
    const total = weeks.get(week) ?? { recorded: 0, onTime: 0 }
    total.recorded += day.recorded
    total.onTime += day.onTime
    weeks.set(week, total)
  }
  return [...weeks.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([weekCommencing, t]) => ({ weekCommencing, ...t, percent: percentOnTime(t.recorded, t.onTime) }))
}
