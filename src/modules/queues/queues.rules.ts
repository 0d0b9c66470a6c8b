/**
 * The IMU's work queues as data (issue 4; DOMAIN.md §9 rule 14): which records and states each queue holds, its
 * deadline rule, its ageing buckets and the actions worked from it; and the pure arithmetic the pages and the
 * dashboard share (ageing, deadlines, keyset cursors, the backlog alert, daily flows, weekly compliance).
 * Nothing here has state or I/O; queues.rules.test.ts proves each part.
 */

import { addDays, startOfUkDay, weekCommencing } from '../../platform/dates.ts'
import { isUuid } from '../../platform/ids.ts'
import { CRIME_WORKFLOW, LIVE_STATUSES, type CrimeAction, type CrimeStatus } from '../crimes/index.ts'

// ---------------------------------------------------------------------------------------------------------------
// Crime statuses and actions the queues refer to (the crimes workflow's names)

export type QueueCrimeStatus = CrimeStatus

/** Crime statuses that are open work (the crimes workflow's live statuses). */
export const OPEN_STATUSES = LIVE_STATUSES
export type OpenStatus = (typeof OPEN_STATUSES)[number]

/** The crime workflow actions a queue offers on its items, singly or in bulk. */
export const QUEUE_ACTIONS = [
  'confirm_classification',
  'allocate',
  'start_quality_check',
  'file',
  'return_to_officer',
  'reopen',
] as const satisfies readonly CrimeAction[]
export type QueueAction = (typeof QUEUE_ACTIONS)[number]

export function isQueueAction(value: string): value is QueueAction {
  return (QUEUE_ACTIONS as readonly string[]).includes(value)
}

/** What each action asks the person for, besides the items chosen: its one required field, or none. */
export type ActionInput = 'none' | 'assignment' | 'reason' | 'filingChecklist'

/** The queues' own words for an action: its short button and what the banner says was done. */
const QUEUE_ACTION_WORDS: Record<QueueAction, { button: string; done: string }> = {
  confirm_classification: { button: 'Confirm classification', done: 'classification confirmed' },
  allocate: { button: 'Allocate', done: 'allocated' },
  start_quality_check: { button: 'Start quality check', done: 'moved to the IMU quality check' },
  file: { button: 'File', done: 'filed' },
  return_to_officer: { button: 'Return to officer', done: 'returned to the officer' },
  reopen: { button: 'Re-open', done: 're-opened' },
}

/** An action's label and what it requires come from the crime workflow table, so the two cannot drift. */
function queueActionRule(action: QueueAction): { label: string; button: string; input: ActionInput; done: string } {
  const transition = CRIME_WORKFLOW.find((rule) => rule.action === action)!
  const [input = 'none', ...more] = transition.requires
  if (more.length > 0 || !['none', 'assignment', 'reason', 'filingChecklist'].includes(input)) {
    throw new Error(`A queue cannot take ${action}: it requires ${transition.requires.join(', ')}`)
  }
  return { label: transition.label, input: input as ActionInput, ...QUEUE_ACTION_WORDS[action] }
}

export const QUEUE_ACTION_RULES = Object.fromEntries(
  QUEUE_ACTIONS.map((action) => [action, queueActionRule(action)]),
) as Record<QueueAction, ReturnType<typeof queueActionRule>>

// ---------------------------------------------------------------------------------------------------------------
// Queue definitions

export const QUEUE_KEYS = [
  'recording-decision-due',
  'classification-check',
  'awaiting-allocation',
  'under-investigation',
  'awaiting-filing',
  'imu-quality-check',
  'returned-to-officer',
  'reopened',
  'recently-filed',
] as const
export type QueueKey = (typeof QUEUE_KEYS)[number]

export function isQueueKey(value: string): value is QueueKey {
  return (QUEUE_KEYS as readonly string[]).includes(value)
}

/** An ageing bucket: items whose age is at least `fromHours` and less than `toHours` (null: no upper limit). */
export interface AgeingBucket {
  label: string
  fromHours: number
  toHours: number | null
}

export interface Deadline {
  /** Hours after the item entered the queue. */
  hours: number
  /** Where the limit comes from, for the page and for reviewers. */
  basis: string
}

/** The flags every crime queue can be filtered by (the crime's markers; for incidents, their qualifiers). */
export const FLAGS = {
  domesticAbuse: 'Domestic abuse',
  vulnerableVictim: 'Vulnerable victim',
  hateCrime: 'Hate crime',
} as const
export type Flag = keyof typeof FLAGS
export const FLAG_NAMES = Object.keys(FLAGS) as Flag[]

export function isFlag(value: string): value is Flag {
  return Object.hasOwn(FLAGS, value)
}

interface QueueBase {
  key: QueueKey
  label: string
  /** What the queue holds, in a sentence for the page. */
  holds: string
  /** Null for a list without a deadline (recently filed). */
  deadline: Deadline | null
  buckets: readonly AgeingBucket[]
  /** Outstanding work: counted on the dashboard and in the trend. A list of finished work is not. */
  work: boolean
  /** Heading for the age column ("Received", "Waiting since"). */
  enteredLabel: string
}

export interface IncidentQueue extends QueueBase {
  source: 'incident'
}

/** Which crimes a crime queue holds. */
export interface CrimeMembership {
  statuses: readonly QueueCrimeStatus[]
  /** Only crimes re-opened after filing (their age runs from the re-opening). */
  reopened?: true
  /** Only crimes that reached their status within this many days (a list that would otherwise hold every crime). */
  withinDays?: number
}

export interface CrimeQueue extends QueueBase {
  source: 'crime'
  membership: CrimeMembership
  /** Which timestamp the age runs from. */
  enteredFrom: 'statusChangedAt' | 'reopenedAt'
  actions: readonly QueueAction[]
  /** Shows the queue by officer in the case (summary table and filter). */
  byOfficer: boolean
  /** Heading for the person the crime is allocated to. */
  holderLabel: string
}

export type QueueDefinition = IncidentQueue | CrimeQueue

const HOUR = 1
const DAY = 24 * HOUR
const WEEK = 7 * DAY

/**
 * Tally's default service levels. Only the 24-hour recording limit is national (HOCR, DOMAIN.md §1.3); the others
 * are the unit's own working standards, set here as defaults a force would review with its FCR.
 */
const TALLY_DEFAULT = 'Tally’s default service level for the IMU (not a national rule)'

export const QUEUES: readonly QueueDefinition[] = [
  {
    key: 'recording-decision-due',
    label: 'Recording decision due',
    holds: 'Open crime-related incidents with no crime recording decision yet',
    source: 'incident',
    deadline: {
      hours: 24,
      basis: 'Home Office Crime Recording Rules: a crime is recorded within 24 hours of the report (DOMAIN.md §1.3)',
    },
    buckets: [
      { label: 'Under 6 hours', fromHours: 0, toHours: 6 },
      { label: '6 to 12 hours', fromHours: 6, toHours: 12 },
      { label: '12 to 18 hours', fromHours: 12, toHours: 18 },
      { label: '18 to 24 hours', fromHours: 18, toHours: 24 },
      { label: 'Over 24 hours', fromHours: 24, toHours: null },
    ],
    work: true,
    enteredLabel: 'Received',
  },
  {
    key: 'classification-check',
    label: 'Classification check',
    holds: 'Recorded crimes waiting for the IMU to check their classification',
    source: 'crime',
    membership: { statuses: ['recorded'] },
    enteredFrom: 'statusChangedAt',
    deadline: { hours: 3 * DAY, basis: TALLY_DEFAULT },
    buckets: [
      { label: 'Under 1 day', fromHours: 0, toHours: DAY },
      { label: '1 to 3 days', fromHours: DAY, toHours: 3 * DAY },
      { label: '3 to 7 days', fromHours: 3 * DAY, toHours: WEEK },
      { label: 'Over 7 days', fromHours: WEEK, toHours: null },
    ],
    actions: ['confirm_classification'],
    byOfficer: false,
    work: true,
    enteredLabel: 'Recorded',
    holderLabel: 'Allocated to',
  },
  {
    key: 'awaiting-allocation',
    label: 'Awaiting allocation',
    holds: 'Classified crimes waiting to be allocated to an officer or unit',
    source: 'crime',
    membership: { statuses: ['awaiting_allocation'] },
    enteredFrom: 'statusChangedAt',
    deadline: { hours: 2 * DAY, basis: TALLY_DEFAULT },
    buckets: [
      { label: 'Under 1 day', fromHours: 0, toHours: DAY },
      { label: '1 to 2 days', fromHours: DAY, toHours: 2 * DAY },
      { label: '2 to 7 days', fromHours: 2 * DAY, toHours: WEEK },
      { label: 'Over 7 days', fromHours: WEEK, toHours: null },
    ],
    actions: ['allocate'],
    byOfficer: false,
    work: true,
    enteredLabel: 'Waiting since',
    holderLabel: 'Allocated to',
  },
  {
    key: 'under-investigation',
    label: 'Under investigation',
    holds: 'Crimes allocated and being investigated, by officer in the case',
    source: 'crime',
    membership: { statuses: ['under_investigation'] },
    enteredFrom: 'statusChangedAt',
    // A supervisor reviews an investigation at 28 days (common force practice; Tally default).
    deadline: { hours: 4 * WEEK, basis: `${TALLY_DEFAULT}: a supervisor's 28-day review` },
    buckets: [
      { label: 'Under 7 days', fromHours: 0, toHours: WEEK },
      { label: '7 to 28 days', fromHours: WEEK, toHours: 4 * WEEK },
      { label: '28 to 90 days', fromHours: 4 * WEEK, toHours: 90 * DAY },
      { label: 'Over 90 days', fromHours: 90 * DAY, toHours: null },
    ],
    actions: ['allocate'],
    byOfficer: true,
    work: true,
    enteredLabel: 'Allocated',
    holderLabel: 'Officer in the case',
  },
  {
    key: 'awaiting-filing',
    label: 'Awaiting filing',
    holds: 'Investigations finished, closing report submitted, waiting for the IMU to quality-check and file them',
    source: 'crime',
    membership: { statuses: ['awaiting_filing'] },
    enteredFrom: 'statusChangedAt',
    deadline: { hours: WEEK, basis: TALLY_DEFAULT },
    buckets: [
      { label: 'Under 7 days', fromHours: 0, toHours: WEEK },
      { label: '1 to 2 weeks', fromHours: WEEK, toHours: 2 * WEEK },
      { label: '2 to 4 weeks', fromHours: 2 * WEEK, toHours: 4 * WEEK },
      { label: '1 to 3 months', fromHours: 4 * WEEK, toHours: 13 * WEEK },
      { label: 'Over 3 months', fromHours: 13 * WEEK, toHours: null },
    ],
    actions: ['start_quality_check', 'return_to_officer'],
    byOfficer: false,
    work: true,
    enteredLabel: 'Submitted',
    holderLabel: 'Officer in the case',
  },
  {
    key: 'imu-quality-check',
    label: 'IMU quality check',
    holds: 'Crimes being checked before filing: classification, outcome, victim told, Victims’ Code contacts',
    source: 'crime',
    membership: { statuses: ['imu_quality_check'] },
    enteredFrom: 'statusChangedAt',
    deadline: { hours: 2 * DAY, basis: TALLY_DEFAULT },
    buckets: [
      { label: 'Under 1 day', fromHours: 0, toHours: DAY },
      { label: '1 to 2 days', fromHours: DAY, toHours: 2 * DAY },
      { label: '2 to 7 days', fromHours: 2 * DAY, toHours: WEEK },
      { label: 'Over 7 days', fromHours: WEEK, toHours: null },
    ],
    actions: ['file', 'return_to_officer'],
    byOfficer: false,
    work: true,
    enteredLabel: 'Check started',
    holderLabel: 'Officer in the case',
  },
  {
    key: 'returned-to-officer',
    label: 'Returned to officer',
    holds: 'Crimes the IMU sent back to the officer in the case with reasons',
    source: 'crime',
    membership: { statuses: ['returned_to_officer'] },
    enteredFrom: 'statusChangedAt',
    deadline: { hours: WEEK, basis: TALLY_DEFAULT },
    buckets: [
      { label: 'Under 7 days', fromHours: 0, toHours: WEEK },
      { label: '7 to 14 days', fromHours: WEEK, toHours: 2 * WEEK },
      { label: '14 to 28 days', fromHours: 2 * WEEK, toHours: 4 * WEEK },
      { label: 'Over 28 days', fromHours: 4 * WEEK, toHours: null },
    ],
    actions: ['allocate'],
    byOfficer: true,
    work: true,
    enteredLabel: 'Returned',
    holderLabel: 'Officer in the case',
  },
  {
    key: 'reopened',
    label: 'Re-opened',
    holds: 'Filed crimes re-opened with a reason and being investigated again',
    source: 'crime',
    membership: { statuses: ['under_investigation'], reopened: true },
    enteredFrom: 'reopenedAt',
    deadline: { hours: 4 * WEEK, basis: `${TALLY_DEFAULT}: a supervisor's 28-day review` },
    buckets: [
      { label: 'Under 7 days', fromHours: 0, toHours: WEEK },
      { label: '7 to 28 days', fromHours: WEEK, toHours: 4 * WEEK },
      { label: 'Over 28 days', fromHours: 4 * WEEK, toHours: null },
    ],
    actions: ['allocate'],
    byOfficer: true,
    work: true,
    enteredLabel: 'Re-opened',
    holderLabel: 'Officer in the case',
  },
  {
    key: 'recently-filed',
    label: 'Filed in the last 30 days',
    holds: 'Crimes filed in the last 30 days, which can be re-opened with a reason',
    source: 'crime',
    membership: { statuses: ['filed'], withinDays: 30 },
    enteredFrom: 'statusChangedAt',
    deadline: null,
    buckets: [
      { label: 'Under 1 day', fromHours: 0, toHours: DAY },
      { label: '1 to 7 days', fromHours: DAY, toHours: WEEK },
      { label: '7 to 30 days', fromHours: WEEK, toHours: 30 * DAY },
    ],
    actions: ['reopen'],
    byOfficer: false,
    work: false,
    enteredLabel: 'Filed',
    holderLabel: 'Officer in the case',
  },
]

const BY_KEY = new Map(QUEUES.map((queue) => [queue.key, queue]))

export function queueDefinition(key: QueueKey): QueueDefinition {
  return BY_KEY.get(key)!
}

export function crimeQueues(): CrimeQueue[] {
  return QUEUES.filter((queue): queue is CrimeQueue => queue.source === 'crime')
}

/** The queues whose membership is exactly one crime status (their size can be rebuilt from status history). */
export function singleStatusOf(queue: QueueDefinition): QueueCrimeStatus | undefined {
  return queue.source === 'crime' &&
    queue.membership.statuses.length === 1 &&
    !queue.membership.reopened &&
    queue.membership.withinDays === undefined
    ? queue.membership.statuses[0]
    : undefined
}

// ---------------------------------------------------------------------------------------------------------------
// Ages, buckets and deadlines

const HOUR_MS = 3_600_000

export function ageHours(enteredAt: Date, now: Date): number {
  return (now.getTime() - enteredAt.getTime()) / HOUR_MS
}

/** The bucket an item of this age falls in (the last bucket if it is older than all of them). */
export function bucketIndex(buckets: readonly AgeingBucket[], hours: number): number {
  const index = buckets.findIndex((b) => hours >= b.fromHours && (b.toHours === null || hours < b.toHours))
  return index === -1 ? (hours < 0 ? 0 : buckets.length - 1) : index
}

/** An entry-time window: items that entered after `after` (exclusive) and at or before `atOrBefore`. */
export interface EnteredWindow {
  after: Date | null
  atOrBefore: Date | null
}

/** The entry times an age bucket covers at `now`: age in [from, to) means entered in (now − to, now − from]. */
export function bucketWindow(bucket: AgeingBucket, now: Date): EnteredWindow {
  return {
    after: bucket.toHours === null ? null : new Date(now.getTime() - bucket.toHours * HOUR_MS),
    atOrBefore: new Date(now.getTime() - bucket.fromHours * HOUR_MS),
  }
}

export function deadlineOf(queue: QueueDefinition, enteredAt: Date): Date | null {
  return queue.deadline ? new Date(enteredAt.getTime() + queue.deadline.hours * HOUR_MS) : null
}

/** Items that entered at or before this instant are past their deadline at `now`; null when there is none. */
export function overdueIfEnteredBy(queue: QueueDefinition, now: Date): Date | null {
  return queue.deadline ? new Date(now.getTime() - queue.deadline.hours * HOUR_MS) : null
}

export function isOverdue(queue: QueueDefinition, enteredAt: Date, now: Date): boolean {
  const deadline = deadlineOf(queue, enteredAt)
  return deadline !== null && deadline.getTime() <= now.getTime()
}

/** The oldest entry time a windowed list reaches back to (recently filed: 30 days), or null for a whole queue. */
export function windowStart(queue: QueueDefinition, now: Date): Date | null {
  return queue.source === 'crime' && queue.membership.withinDays !== undefined
    ? new Date(now.getTime() - queue.membership.withinDays * 24 * HOUR_MS)
    : null
}

// ---------------------------------------------------------------------------------------------------------------
// Filters and keyset pagination

export type Sort = 'deadline' | 'newest'

export interface QueueFilter {
  offenceGroup?: string | undefined
  unitId?: string | undefined
  /** A user id, or 'none' for crimes allocated to nobody. */
  holder?: string | undefined
  /** An ageing bucket's index, or 'overdue'. */
  age?: number | 'overdue' | undefined
  flags: Flag[]
}

/** The entry-time window an age filter selects at `now` (null bounds are open). */
export function ageWindow(queue: QueueDefinition, age: QueueFilter['age'], now: Date): EnteredWindow {
  if (age === undefined) {
    return { after: null, atOrBefore: null }
  }
  if (age === 'overdue') {
    return { after: null, atOrBefore: overdueIfEnteredBy(queue, now) ?? new Date(0) }
  }
  const bucket = queue.buckets[age]
  return bucket ? bucketWindow(bucket, now) : { after: null, atOrBefore: null }
}

/** A position in a queue: the entry time and id of the last (or first) item shown. */
export interface Cursor {
  at: Date
  id: string
}

/** Opaque in links, readable here: "<epoch ms>.<id>" in base64url. */
export function encodeCursor(cursor: Cursor): string {
  return Buffer.from(`${cursor.at.getTime()}.${cursor.id}`).toString('base64url')
}

/** Undefined for anything that is not a cursor this code made (a tampered or truncated link). */
export function decodeCursor(value: string | undefined): Cursor | undefined {
  if (value === undefined || value === '' || !/^[A-Za-z0-9_-]{1,200}$/.test(value)) {
    return undefined
  }
  const [ms, id, ...rest] = Buffer.from(value, 'base64url').toString('utf8').split('.')
  const at = Number(ms)
  if (rest.length > 0 || id === undefined || !isUuid(id) || !Number.isSafeInteger(at) || !/^\d+$/.test(ms ?? '')) {
    return undefined
  }
  return { at: new Date(at), id: id.toLowerCase() }
}

export const PAGE_SIZES = [25, 50, 100] as const
export const DEFAULT_PAGE_SIZE = 50
/** The CSV export reads the queue in batches of this many rows (keyset, one short transaction each). */
export const EXPORT_BATCH = 1_000

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
