/**
 * A unit's history as a file (issue 12, "bring your own history"): what a force moving from another system
 * gives Tally to try the forecast on its own data, and what `tally forecast --export-history` writes. One JSON
 * object: the queues with their skill and threshold, each day's arrivals, completions and end-of-day backlog per
 * queue, and the staff with contracted hours, skills at a level and absences. The README's "Forecast from your
 * own history" section describes it; docs/forecast-history.example.json is a small one.
 *
 * Reading checks everything before anything is forecast: a file that is not JSON is reported by line and
 * column, a wrong field by its JSON path ($.days[3].queues.awaiting_filing.backlog), every problem at once.
 */
import { addDays, isDate } from '../../platform/dates.ts'
import {
  DEFAULT_HISTORY_WEEKS,
  DEFAULT_WARNING_WEEKS,
  DEFAULT_WORKLOAD_NORM,
  isForecastQueue,
  type ForecastQueue,
} from './capacity.rules.ts'

export const HISTORY_FORMAT = 'tally-forecast-history/1'
/** The chance of passing the line, in percent, above which the warning is raised (the risk watch's default). */
export const DEFAULT_WARNING_PERCENT = 50
export const WEEKDAY_NAMES = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'] as const
export type WeekdayName = (typeof WEEKDAY_NAMES)[number]

export interface HistoryQueue {
  queue: ForecastQueue
  /** The skill whose holders work the queue; null when it is worked outside the unit. */
  skill: string | null
  /** The backlog above which the queue is in trouble; null for none. */
  threshold: number | null
}

export interface HistoryFlow {
  arrivals: number
  completions: number
  /** Crimes in the queue at the end of the day. */
  backlog: number
}

export interface HistoryDayRecord {
  date: string
  queues: Partial<Record<ForecastQueue, HistoryFlow>>
}

export interface HistoryAbsence {
  from: string
  /** The last day absent; null for open-ended (no return date known). */
  to: string | null
  /** Hours absent on each working day; absent for the whole day when not given. */
  hoursPerDay?: number
  /** The day the absence entered the records: a forecast made before then does not know of it. */
  recordedOn?: string
}

export interface HistoryStaff {
  id: string
  hoursPerWeek: number
  /** The days of the week the person works (default Monday to Friday); bank holidays are never worked. */
  workingDays?: WeekdayName[]
  /** Skills at a level: 1 learning, 2 competent, 3 expert. */
  skills: Array<{ skill: string; level: number }>
  /** First and last day in the unit; absent for there throughout. */
  inUnitFrom?: string
  inUnitTo?: string
  absences?: HistoryAbsence[]
}

export interface ForecastHistory {
  format: typeof HISTORY_FORMAT
  unit?: string
  workloadNorm?: number
  historyWeeks?: number
  warningPercent?: number
  warningWeeks?: number
  queues: HistoryQueue[]
  days: HistoryDayRecord[]
  staff: HistoryStaff[]
}

/** The history with every optional setting filled in. */
export interface HistorySettings {
  workloadNorm: number
  historyWeeks: number
  warningPercent: number
  warningWeeks: number
}

export function historySettings(history: ForecastHistory): HistorySettings {
  return {
    workloadNorm: history.workloadNorm ?? DEFAULT_WORKLOAD_NORM,
    historyWeeks: history.historyWeeks ?? DEFAULT_HISTORY_WEEKS,
    warningPercent: history.warningPercent ?? DEFAULT_WARNING_PERCENT,
    warningWeeks: history.warningWeeks ?? DEFAULT_WARNING_WEEKS,
  }
}

/** A history file that cannot be used: each problem names the line or the field. Nothing has been forecast. */
export class HistoryFileError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`The history file cannot be used:\n${problems.map((p) => `  ${p}`).join('\n')}`)
    this.name = 'HistoryFileError'
  }
}

/** Reads and checks a history file's text; throws HistoryFileError naming every problem. */
export function readForecastHistory(text: string): ForecastHistory {
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch (error) {
    throw new HistoryFileError([jsonProblem(text, error)])
  }
  const problems = historyProblems(value)
  if (problems.length > 0) {
    throw new HistoryFileError(problems)
  }
  return value as ForecastHistory
}

/** "Line 3, column 7: …": where the text stops being JSON, found by scanning it (JSON.parse does not always say). */
function jsonProblem(text: string, error: unknown): string {
  const message = error instanceof Error ? error.message : String(error)
  const at = firstSyntaxError(text)
  const before = text.slice(0, at).split('\n')
  const found = at >= text.length ? 'the file ends too soon' : `unexpected ${JSON.stringify(text[at])}`
  const detail = /position \d+/.test(message) ? message.replace(/\s*\(line \d+ column \d+\)/, '') : found
  return `Line ${before.length}, column ${before.at(-1)!.length + 1}: not valid JSON (${detail})`
}

const JSON_NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y
// eslint-disable-next-line no-control-regex -- JSON strings may not hold control characters: that is the check
const JSON_STRING = /"(?:[^"\\\u0000-\u001f]|\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4}))*"/y

/** The offset of the first character that cannot be JSON (the text's length if it ends too soon). */
export function firstSyntaxError(text: string): number {
  let i = 0
  const space = () => {
    while (i < text.length && ' \t\n\r'.includes(text[i]!)) {
      i += 1
    }
  }
  const token = (pattern: RegExp): boolean => {
    pattern.lastIndex = i
    const match = pattern.exec(text)
    i = match ? pattern.lastIndex : i
    return match !== null
  }
  const list = (close: string, item: () => boolean): boolean => {
    i += 1
    space()
    if (text[i] === close) {
      i += 1
      return true
    }
    for (;;) {
      if (!item()) {
        return false
      }
      space()
      if (text[i] === close) {
        i += 1
        return true
      }
      if (text[i] !== ',') {
        return false
      }
      i += 1
      space()
    }
  }
  const value = (): boolean => {
    space()
    const c = text[i]
    if (c === '{') {
      return list('}', () => {
        if (!token(JSON_STRING)) {
          return false
        }
        space()
        if (text[i] !== ':') {
          return false
        }
        i += 1
        return value()
      })
    }
    if (c === '[') {
      return list(']', value)
    }
    if (c === '"') {
      return token(JSON_STRING)
    }
    for (const literal of ['true', 'false', 'null']) {
      if (text.startsWith(literal, i)) {
        i += literal.length
        return true
      }
    }
    return token(JSON_NUMBER)
  }
  if (value()) {
    space()
  }
  return i
}

const SKILL_CODE = /^[a-z][a-z0-9_]{1,39}$/
const MAX_ERRORS = 20

type Check = (ok: boolean, path: string, message: string) => boolean

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/** More than any unit's queue could hold or see in a day: a figure above it is a mistake in the file. */
const MAX_COUNT = 10_000_000
const isCount = (value: unknown): value is number =>
  Number.isInteger(value) && (value as number) >= 0 && (value as number) <= MAX_COUNT

function checkKeys(check: Check, value: Record<string, unknown>, path: string, allowed: readonly string[]): void {
  for (const key of Object.keys(value)) {
    check(
      allowed.includes(key),
      `${path}.${key}`,
      `is not a field of the history format (expected one of ${allowed.join(', ')})`,
    )
  }
}

function checkNumber(
  check: Check,
  value: unknown,
  path: string,
  { min, max, whole }: { min: number; max: number; whole?: boolean },
): void {
  const ok = typeof value === 'number' && Number.isFinite(value) && value >= min && value <= max
  check(
    ok && (!whole || Number.isInteger(value)),
    path,
    `must be a ${whole ? 'whole number' : 'number'} from ${min} to ${max}`,
  )
}

function checkOptionalDate(check: Check, value: unknown, path: string): void {
  if (value !== undefined) {
    check(typeof value === 'string' && isDate(value), path, 'must be a date written YYYY-MM-DD')
  }
}

/** Every problem with the file's content, each as "$.path: what is wrong". */
export function historyProblems(value: unknown): string[] {
  const problems: string[] = []
  const check: Check = (ok, path, message) => {
    if (!ok && problems.length < MAX_ERRORS) {
      problems.push(`${path}: ${message}`)
    }
    return ok
  }
  if (!check(isRecord(value), '$', 'must be a JSON object')) {
    return problems
  }
  const file = value as Record<string, unknown>
  checkKeys(check, file, '$', [
    'format',
    'unit',
    'workloadNorm',
    'historyWeeks',
    'warningPercent',
    'warningWeeks',
    'queues',
    'days',
    'staff',
  ])
  check(file['format'] === HISTORY_FORMAT, '$.format', `must be "${HISTORY_FORMAT}"`)
  if (file['unit'] !== undefined) {
    check(
      typeof file['unit'] === 'string' && file['unit'].length <= 200,
      '$.unit',
      'must be text of up to 200 characters',
    )
  }
  const optional = (key: string, range: { min: number; max: number; whole?: boolean }) => {
    if (file[key] !== undefined) {
      checkNumber(check, file[key], `$.${key}`, range)
    }
  }
  optional('workloadNorm', { min: 0.1, max: 100_000 })
  optional('historyWeeks', { min: 4, max: 52, whole: true })
  optional('warningPercent', { min: 1, max: 99 })
  optional('warningWeeks', { min: 1, max: 26, whole: true })
  const queues = queueProblems(check, file['queues'])
  dayProblems(check, file['days'], queues)
  staffProblems(check, file['staff'])
  return problems
}

/** The queues listed; null when the list itself is wrong, so the days are not checked against it twice over. */
function queueProblems(check: Check, value: unknown): Set<string> | null {
  const declared = new Set<string>()
  if (!check(Array.isArray(value) && value.length > 0, '$.queues', 'must be a list of at least one queue')) {
    return null
  }
  let complete = true
  ;(value as unknown[]).forEach((queue, i) => {
    const path = `$.queues[${i}]`
    if (!check(isRecord(queue), path, 'must be an object with queue, skill and threshold')) {
      return
    }
    const q = queue as Record<string, unknown>
    checkKeys(check, q, path, ['queue', 'skill', 'threshold'])
    const key = q['queue']
    if (
      check(
        typeof key === 'string' && isForecastQueue(key),
        `${path}.queue`,
        'must be one of Tally’s queues: recorded, awaiting_allocation, under_investigation, awaiting_filing, imu_quality_check, returned_to_officer',
      )
    ) {
      check(!declared.has(key as string), `${path}.queue`, `${String(key)} is listed twice`)
      declared.add(key as string)
    } else {
      complete = false
    }
    check(
      q['skill'] === null || (typeof q['skill'] === 'string' && SKILL_CODE.test(q['skill'])),
      `${path}.skill`,
      'must be a skill code like "filing", or null for a queue worked outside the unit',
    )
    check(
      q['threshold'] === null || isCount(q['threshold']),
      `${path}.threshold`,
      'must be a whole number of crimes up to 10,000,000, or null for none',
    )
  })
  return complete ? declared : null
}

function dayProblems(check: Check, value: unknown, queues: ReadonlySet<string> | null): void {
  if (!check(Array.isArray(value), '$.days', 'must be a list of days')) {
    return
  }
  let previous = ''
  ;(value as unknown[]).forEach((day, i) => {
    const path = `$.days[${i}]`
    if (!check(isRecord(day), path, 'must be an object with date and queues')) {
      return
    }
    const d = day as Record<string, unknown>
    checkKeys(check, d, path, ['date', 'queues'])
    const date = typeof d['date'] === 'string' ? d['date'] : ''
    if (check(isDate(date), `${path}.date`, 'must be a date written YYYY-MM-DD')) {
      // A day left out would read as a day nothing happened: the pace and the weekly pattern would be wrong.
      const expected = previous === '' ? date : addDays(previous, 1)
      check(
        date === expected,
        `${path}.date`,
        `must be ${expected}, the day after ${previous}: one entry a day, in order, none left out`,
      )
      // One day out of place is one problem, not one for every day after it.
      if (date > previous) {
        previous = date
      }
    }
    if (
      !check(isRecord(d['queues']), `${path}.queues`, 'must be an object of queue: { arrivals, completions, backlog }')
    ) {
      return
    }
    for (const [queue, flow] of Object.entries(d['queues'] as Record<string, unknown>)) {
      const at = `${path}.queues.${queue}`
      if (
        !check(queues === null || queues.has(queue), at, 'is not one of the queues listed in $.queues') ||
        !check(isRecord(flow), at, 'must be an object with arrivals, completions and backlog')
      ) {
        continue
      }
      const f = flow as Record<string, unknown>
      checkKeys(check, f, at, ['arrivals', 'completions', 'backlog'])
      for (const field of ['arrivals', 'completions', 'backlog']) {
        check(isCount(f[field]), `${at}.${field}`, 'must be a whole number of crimes from 0 to 10,000,000')
      }
    }
  })
}

function staffProblems(check: Check, value: unknown): void {
  if (!check(Array.isArray(value), '$.staff', 'must be a list of staff (empty if no one works the queues)')) {
    return
  }
  const ids = new Set<string>()
  ;(value as unknown[]).forEach((person, i) => {
    const path = `$.staff[${i}]`
    if (!check(isRecord(person), path, 'must be an object with id, hoursPerWeek and skills')) {
      return
    }
    const p = person as Record<string, unknown>
    checkKeys(check, p, path, ['id', 'hoursPerWeek', 'workingDays', 'skills', 'inUnitFrom', 'inUnitTo', 'absences'])
    const id = p['id']
    if (
      check(
        typeof id === 'string' && id.trim() !== '' && id.length <= 100,
        `${path}.id`,
        'must be text of 1 to 100 characters',
      )
    ) {
      check(!ids.has(id as string), `${path}.id`, `${String(id)} is used twice`)
      ids.add(id as string)
    }
    checkNumber(check, p['hoursPerWeek'], `${path}.hoursPerWeek`, { min: 0, max: 80 })
    const days = p['workingDays']
    if (days !== undefined) {
      check(
        Array.isArray(days) &&
          days.length > 0 &&
          days.every((day) => (WEEKDAY_NAMES as readonly unknown[]).includes(day)) &&
          new Set(days).size === days.length,
        `${path}.workingDays`,
        `must list days of the week once each, from ${WEEKDAY_NAMES.join(', ')}`,
      )
    }
    skillProblems(check, p['skills'], `${path}.skills`)
    checkOptionalDate(check, p['inUnitFrom'], `${path}.inUnitFrom`)
    checkOptionalDate(check, p['inUnitTo'], `${path}.inUnitTo`)
    if (typeof p['inUnitFrom'] === 'string' && typeof p['inUnitTo'] === 'string') {
      check(p['inUnitFrom'] <= p['inUnitTo'], `${path}.inUnitTo`, 'must be on or after inUnitFrom')
    }
    absenceProblems(check, p['absences'], `${path}.absences`)
  })
}

function skillProblems(check: Check, value: unknown, path: string): void {
  if (!check(Array.isArray(value), path, 'must be a list of { skill, level }')) {
    return
  }
  ;(value as unknown[]).forEach((skill, j) => {
    const at = `${path}[${j}]`
    if (!check(isRecord(skill), at, 'must be an object with skill and level')) {
      return
    }
    const s = skill as Record<string, unknown>
    checkKeys(check, s, at, ['skill', 'level'])
    check(
      typeof s['skill'] === 'string' && SKILL_CODE.test(s['skill']),
      `${at}.skill`,
      'must be a skill code like "filing"',
    )
    check(
      s['level'] === 1 || s['level'] === 2 || s['level'] === 3,
      `${at}.level`,
      'must be 1 (learning), 2 (competent) or 3 (expert)',
    )
  })
}

function absenceProblems(check: Check, value: unknown, path: string): void {
  if (value === undefined || !check(Array.isArray(value), path, 'must be a list of { from, to }')) {
    return
  }
  ;(value as unknown[]).forEach((absence, k) => {
    const at = `${path}[${k}]`
    if (!check(isRecord(absence), at, 'must be an object with from and to')) {
      return
    }
    const a = absence as Record<string, unknown>
    checkKeys(check, a, at, ['from', 'to', 'hoursPerDay', 'recordedOn'])
    const fromOk = check(
      typeof a['from'] === 'string' && isDate(a['from']),
      `${at}.from`,
      'must be a date written YYYY-MM-DD',
    )
    const to = a['to']
    if (
      check(
        to === null || (typeof to === 'string' && isDate(to)),
        `${at}.to`,
        'must be a date written YYYY-MM-DD, or null for no return date known',
      )
    ) {
      check(!fromOk || to === null || (to as string) >= (a['from'] as string), `${at}.to`, 'must be on or after from')
    }
    if (a['hoursPerDay'] !== undefined) {
      checkNumber(check, a['hoursPerDay'], `${at}.hoursPerDay`, { min: 0.1, max: 24 })
    }
    checkOptionalDate(check, a['recordedOn'], `${at}.recordedOn`)
  })
}
