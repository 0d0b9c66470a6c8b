/**
 * The forecast from a history file, and a history file from Tally's own records. Both go through the same
 * forecastUnit the forecast page runs, so a file exported from Tally and read back forecasts what the page would
 * have forecast on that day, bank holidays apart (the file's staff never work them; the staff records' contracted
 * hours do not know them).
 */
import { isWorkingDay } from '../../platform/calendar/working-days.ts'
import { addDays, datesFrom, weekday } from '../../platform/dates.ts'
import { forecastUnit, type UnitForecast } from './capacity.engine.ts'
import { explain, queueLabel } from './capacity.explain.ts'
import {
  historySettings,
  HISTORY_FORMAT,
  WEEKDAY_NAMES,
  type ForecastHistory,
  type HistoryAbsence,
  type HistoryDayRecord,
  type HistoryStaff,
} from './capacity.history.ts'
import { FORECAST_QUEUES, type QueueDay, type QueueSetting, type StaffDay } from './capacity.rules.ts'
import type { RosterDay } from './capacity.sources.ts'

/** Weeks of queue history read for demand: a year and a bit, so last year's season is in it (as the service). */
export const DEMAND_HISTORY_WEEKS = 60
/** The longest forecast: how far ahead an export carries the staff's booked absences. */
export const LONGEST_FORECAST_WEEKS = 26

const round1 = (n: number) => Math.round(n * 10) / 10
const round2 = (n: number) => Math.round(n * 100) / 100

function queueDaysOf(history: ForecastHistory, before: string, from: string): QueueDay[] {
  return history.days
    .filter((day) => day.date < before && day.date >= from)
    .flatMap((day) => Object.entries(day.queues).map(([queue, flow]) => ({ date: day.date, queue, ...flow })))
}

function absentHours(absences: readonly HistoryAbsence[], date: string, asOf: string, perDay: number): number {
  let absent = 0
  for (const absence of absences) {
    const known = absence.recordedOn === undefined || absence.recordedOn <= asOf
    if (known && absence.from <= date && (absence.to === null || date <= absence.to)) {
      absent += absence.hoursPerDay ?? perDay
    }
  }
  return Math.min(perDay, absent)
}

/**
 * Each person's days from `from` to `to` as the records stood on `asOf`: contracted hours on their working days
 * (never a bank holiday) less the absences recorded by then; an open-ended absence runs on.
 */
export function rosterFromHistory(history: ForecastHistory, asOf: string, from: string, to: string): StaffDay[] {
  const days: StaffDay[] = []
  const dates = datesFrom(from, to)
  for (const person of history.staff) {
    const pattern = (person.workingDays ?? WEEKDAY_NAMES.slice(0, 5)).map((name) => WEEKDAY_NAMES.indexOf(name))
    const perDay = pattern.length === 0 ? 0 : person.hoursPerWeek / pattern.length
    for (const date of dates) {
      if ((person.inUnitFrom && date < person.inUnitFrom) || (person.inUnitTo && date > person.inUnitTo)) {
        continue
      }
      const working = pattern.includes(weekday(date)) && isWorkingDay(date)
      const hours = working ? round2(perDay - absentHours(person.absences ?? [], date, asOf, perDay)) : 0
      days.push({ date, staffId: person.id, hours, skills: person.skills })
    }
  }
  return days
}

/** The queue settings in the file, in the order crimes pass through the queues (so flow runs downstream). */
function settingsOf(history: ForecastHistory): QueueSetting[] {
  return [...history.queues].sort((a, b) => FORECAST_QUEUES.indexOf(a.queue) - FORECAST_QUEUES.indexOf(b.queue))
}

/**
 * Forecasts every queue in the file from `asOf`, seeing only the days before it and the absences recorded by it.
 * It looks at least the warning's weeks ahead, so the chance of passing the line is over the whole horizon.
 */
export function forecastHistory(
  history: ForecastHistory,
  options: { asOf: string; weeks: number; paths?: number },
): UnitForecast {
  const settings = historySettings(history)
  const weeks = Math.max(options.weeks, settings.warningWeeks)
  const historyFrom = addDays(options.asOf, -7 * settings.historyWeeks)
  const demandFrom = addDays(options.asOf, -7 * Math.max(settings.historyWeeks, DEMAND_HISTORY_WEEKS))
  const end = addDays(options.asOf, weeks * 7 - 1)
  return forecastUnit({
    start: options.asOf,
    weeks,
    historyWeeks: settings.historyWeeks,
    settings: settingsOf(history),
    queueHistory: queueDaysOf(history, options.asOf, demandFrom),
    staff: rosterFromHistory(history, options.asOf, historyFrom, end),
    workloadNorm: settings.workloadNorm,
    warningWeeks: settings.warningWeeks,
    ...(options.paths === undefined ? {} : { paths: options.paths }),
  })
}

/**
 * What `tally forecast --history FILE --as-of DATE --json` prints: each queue's forecast and band by week, the
 * chance of passing its line within the warning horizon, the dates the central line and the band's top pass it,
 * the reasons in words, and the warnings the risk watch would raise that day.
 */
export function historyForecastJson(history: ForecastHistory, unit: UnitForecast, weeks: number) {
  const settings = historySettings(history)
  const end = addDays(unit.start, weeks * 7 - 1)
  const queues = unit.queues.map(({ setting, forecast, problem }) => {
    const chance = forecast?.breachProbability ?? null
    const warns = chance !== null && setting.threshold !== null && chance * 100 > settings.warningPercent
    return {
      queue: setting.queue,
      label: queueLabel(setting.queue),
      skill: setting.skill,
      threshold: setting.threshold,
      problem,
      now: forecast?.startBacklog ?? null,
      breachProbabilityPercent: chance === null ? null : round1(chance * 100),
      breachProbabilityPercentByWeek: forecast?.breachProbabilityByWeek.map((p) => round1(p * 100)) ?? [],
      breachDate: forecast?.breachDate ?? null,
      earliestBreachDate: forecast?.earliestBreachDate ?? null,
      alreadyOverThreshold: forecast?.alreadyOverThreshold ?? false,
      extraStaffDaysPerWeek: forecast?.extraStaffDaysPerWeek ?? null,
      weeks: (forecast?.weeks ?? []).slice(0, weeks).map((w) => ({
        weekCommencing: w.weekCommencing,
        weekEnding: w.weekEnding,
        central: round1(w.central),
        low: round1(w.low),
        high: round1(w.high),
        expectedArrivals: round1(w.expectedArrivals),
        expectedCompletions: round1(w.expectedCompletions),
      })),
      why: forecast ? explain(forecast) : [],
      warning: warns
        ? `${queueLabel(setting.queue)}: a ${Math.round(chance * 100)}% chance of passing ${setting.threshold} within ${settings.warningWeeks} weeks, above the warning level of ${settings.warningPercent}%`
        : null,
    }
  })
  return {
    ...(history.unit === undefined ? {} : { unit: history.unit }),
    asOf: unit.start,
    end,
    warningPercent: settings.warningPercent,
    warningWeeks: settings.warningWeeks,
    warnings: queues.flatMap((q) => (q.warning === null ? [] : [{ queue: q.queue, message: q.warning }])),
    queues,
  }
}

export interface HistoryRecords {
  asOf: string
  unit?: string
  workloadNorm: number
  historyWeeks: number
  queues: readonly QueueSetting[]
  /** Queue days before `asOf`. */
  queueDays: readonly QueueDay[]
  /** The unit's roster from the first queue day to LONGEST_FORECAST_WEEKS after `asOf`. */
  roster: readonly RosterDay[]
  rosterTo: string
}

/** A history file from Tally's own records: the queue days as they are, each person's roster as hours and absences. */
export function historyFromRecords(records: HistoryRecords): ForecastHistory {
  const listed = new Set(records.queues.map((q) => q.queue as string))
  const byDate = new Map<string, HistoryDayRecord>()
  for (const day of [...records.queueDays].sort((a, b) => a.date.localeCompare(b.date))) {
    if (!listed.has(day.queue) || day.date >= records.asOf) {
      continue
    }
    const entry = byDate.get(day.date) ?? { date: day.date, queues: {} }
    entry.queues[day.queue as QueueSetting['queue']] = {
      arrivals: day.arrivals,
      completions: day.completions,
      backlog: day.backlog,
    }
    byDate.set(day.date, entry)
  }
  const first = [...byDate.keys()][0] ?? records.asOf
  const byPerson = new Map<string, RosterDay[]>()
  for (const day of records.roster) {
    byPerson.set(day.staffId, [...(byPerson.get(day.staffId) ?? []), day])
  }
  return {
    format: HISTORY_FORMAT,
    ...(records.unit === undefined ? {} : { unit: records.unit }),
    workloadNorm: records.workloadNorm,
    historyWeeks: records.historyWeeks,
    queues: records.queues.map((q) => ({ queue: q.queue, skill: q.skill, threshold: q.threshold })),
    days: [...byDate.values()],
    staff: [...byPerson.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([id, days]) => staffFromRoster(id, days, { from: first, to: records.rosterTo, asOf: records.asOf })),
  }
}

/** The most common value (the first of equals), or null for none. */
function mode(values: readonly number[]): number | null {
  const counts = new Map<number, number>()
  for (const value of values) {
    counts.set(value, (counts.get(value) ?? 0) + 1)
  }
  let best: number | null = null
  for (const [value, count] of counts) {
    if (best === null || count > counts.get(best)!) {
      best = value
    }
  }
  return best
}

/**
 * One person from their roster days: the weekdays they work and their usual hours on them are the contract;
 * each run of their working days with fewer hours is an absence (the last, if it runs to the end, open-ended).
 */
function staffFromRoster(
  id: string,
  unsorted: readonly RosterDay[],
  range: { from: string; to: string; asOf: string },
): HistoryStaff {
  const days = [...unsorted].sort((a, b) => a.date.localeCompare(b.date)).filter((d) => d.date >= range.from)
  const usual = days.filter((d) => isWorkingDay(d.date))
  const worked = new Set(usual.filter((d) => d.hours > 0).map((d) => weekday(d.date)))
  const pattern = worked.size === 0 ? [0, 1, 2, 3, 4] : [...worked].sort((a, b) => a - b)
  const perDay = mode(usual.filter((d) => d.hours > 0).map((d) => d.hours)) ?? 0
  const absences: HistoryAbsence[] = []
  let open: HistoryAbsence | null = null
  for (const day of usual.filter((d) => pattern.includes(weekday(d.date)))) {
    const missing = round2(perDay - day.hours)
    const hoursPerDay = missing >= perDay ? undefined : missing
    if (missing <= 0) {
      open = null
    } else if (open && open.hoursPerDay === hoursPerDay) {
      open.to = day.date
    } else {
      open = { from: day.date, to: day.date, ...(hoursPerDay === undefined ? {} : { hoursPerDay }) }
      absences.push(open)
    }
  }
  const lastDay = days.at(-1)?.date
  const last = absences.at(-1)
  if (
    last &&
    lastDay !== undefined &&
    lastDay >= range.to &&
    last.to !== null &&
    isLastWorkingDay(last.to, days, pattern)
  ) {
    last.to = null
  }
  const known = days.filter((d) => d.date < range.asOf).at(-1) ?? days[0]
  return {
    id,
    hoursPerWeek: round2(perDay * pattern.length),
    ...(pattern.join() === '0,1,2,3,4' ? {} : { workingDays: pattern.map((i) => WEEKDAY_NAMES[i]!) }),
    skills: (known?.skills ?? []).map((s) => ({ skill: s.skill, level: s.level })),
    ...(days[0] && days[0].date > range.from ? { inUnitFrom: days[0].date } : {}),
    ...(lastDay !== undefined && lastDay < range.to ? { inUnitTo: lastDay } : {}),
    ...(absences.length === 0 ? {} : { absences }),
  }
}

/** Whether no working day of the pattern follows `date` in the roster: the absence runs to the end of what is known. */
function isLastWorkingDay(date: string, days: readonly RosterDay[], pattern: readonly number[]): boolean {
  return !days.some((d) => d.date > date && isWorkingDay(d.date) && pattern.includes(weekday(d.date)))
}
