/**
 * The capacity forecast's vocabulary and simple pure pieces (PRODUCT.md capability 6; DOMAIN.md §9 rule 14 —
 * the awaiting-filing backlog and its threshold): the queues, their settings, a day of history, staff-hours by
 * skill, and the weekly summary and workload per head. The model lives in capacity.model.ts (what the history
 * says), capacity.arrivals.ts (demand to come), capacity.rates.ts (how fast staff work), capacity.paths.ts
 * (simulated futures) and capacity.engine.ts (the forecast itself).
 */

import { isWorkingDay } from '../../platform/calendar/working-days.ts'
import { daysBetween, weekday } from '../../platform/dates.ts'
import { LIVE_STATUSES, LIVE_STATUS_QUEUE_LABELS } from '../crimes/index.ts'

/**
 * What the forecast models: the number of crimes in each live status (crimes.workflow.ts). Not the work queues
 * of the queues module, which are views over records (a status, an age, a holder) with their own keys.
 */
export const FORECAST_QUEUES = LIVE_STATUSES
export type ForecastQueue = (typeof FORECAST_QUEUES)[number]
export const FORECAST_QUEUE_LABELS: Record<ForecastQueue, string> = LIVE_STATUS_QUEUE_LABELS

export function isForecastQueue(value: string): value is ForecastQueue {
  return (FORECAST_QUEUES as readonly string[]).includes(value)
}

/** How a force runs one queue: the skill whose holders work it (null: worked outside the unit) and its threshold. */
export interface QueueSetting {
  queue: ForecastQueue
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
/** The warning looks this many weeks ahead unless the force sets otherwise. */
export const DEFAULT_WARNING_WEEKS = 8

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

/** Nearest-rank percentile of a sorted array. */
export function percentile(sorted: ArrayLike<number>, p: number): number {
  if (sorted.length === 0) {
    return 0
  }
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil(p * sorted.length)))
  return sorted[rank - 1]!
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

/** Working days off in a row beyond which an absence is long-term: recorded ahead, not a surprise to allow for. */
export const LONG_ABSENCE_DAYS = 10

/**
 * Past days (before `start`) that belong to a long absence: runs of more than LONG_ABSENCE_DAYS days a person
 * usually works with no hours.
 */
function longAbsenceDays(staff: readonly StaffDay[], usualOn: (day: StaffDay) => number, start: string): Set<StaffDay> {
  const long = new Set<StaffDay>()
  const byPerson = new Map<string, StaffDay[]>()
  for (const day of staff) {
    if (day.date < start && usualOn(day) > 0) {
      const days = byPerson.get(day.staffId) ?? []
      days.push(day)
      byPerson.set(day.staffId, days)
    }
  }
  for (const days of byPerson.values()) {
    days.sort((a, b) => a.date.localeCompare(b.date))
    let run: StaffDay[] = []
    for (const day of [...days, null]) {
      if (day !== null && day.hours <= 0) {
        run.push(day)
        continue
      }
      if (run.length > LONG_ABSENCE_DAYS) {
        run.forEach((d) => long.add(d))
      }
      run = []
    }
  }
  return long
}

/**
 * How much of each coming week's rostered time will, going by the past, be lost to absences not yet in the
 * records: leave is booked only weeks ahead and sickness on its first day, so the roster for week 8 shows far
 * fewer absences than week 8 will have. For each week from `start`: the share the past lost to short absences
 * (long ones and shocks are recorded ahead, so they do not set it) less the share already recorded for that
 * week, never below nothing. A person's usual hours on a weekday are the most they are rostered on it.
 */
export function unrecordedAbsenceShare(staff: readonly StaffDay[], start: string, weeks: number): number[] {
  const usual = new Map<string, number>()
  const key = (day: StaffDay) => `${day.staffId}|${weekday(day.date)}`
  for (const day of staff) {
    usual.set(key(day), Math.max(usual.get(key(day)) ?? 0, day.hours))
  }
  const usualOn = (day: StaffDay) => usual.get(key(day)) ?? 0
  const long = longAbsenceDays(staff, usualOn, start)
  const byWeek = new Map<number, { lost: number; usual: number }>()
  for (const day of staff) {
    // Bank holidays are known ahead: no one is absent on them, so they are neither lost nor allowed for.
    if (long.has(day) || !isWorkingDay(day.date)) {
      continue
    }
    const week = Math.floor(daysBetween(start, day.date) / 7)
    const totals = byWeek.get(week) ?? { lost: 0, usual: 0 }
    totals.usual += usualOn(day)
    totals.lost += Math.max(0, usualOn(day) - day.hours)
    byWeek.set(week, totals)
  }
  const share = (w: number) => {
    const t = byWeek.get(w)
    return t && t.usual > 0 ? t.lost / t.usual : null
  }
  const past = [...byWeek.entries()].filter(([w, t]) => w < 0 && t.usual > 0).map(([, t]) => t)
  if (past.length < 4) {
    return Array.from({ length: weeks }, () => 0)
  }
  const usualShare = past.reduce((sum, t) => sum + t.lost, 0) / past.reduce((sum, t) => sum + t.usual, 0)
  return Array.from({ length: weeks }, (_, w) => Math.max(0, usualShare - (share(w) ?? usualShare)))
}
