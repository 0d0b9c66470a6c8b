/**
 * The IMU's work queues as data (issue 4; DOMAIN.md §9 rule 14): which records and states each queue holds, its
 * deadline rule, its ageing buckets and the actions worked from it; and the pure arithmetic the pages and the
 * dashboard share (ageing, deadlines, keyset cursors, and, in queues.trends.ts, the backlog alert, daily flows and weekly compliance).
 * Nothing here has state or I/O; queues.rules.test.ts proves each part.
 */

import { isUuid } from '../../platform/ids.ts'
import {
  CRIME_WORKFLOW,
  LIVE_STATUS_QUEUE_LABELS,
  LIVE_STATUSES,
  type CrimeAction,
  type CrimeStatus,
} from '../crimes/index.ts'

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

/**
 * The queues' own words for an action: its short button and what the banner says was done; and, for an action
 * that starts work the same person carries on with (the quality check), the queue whose page for that crime
 * they go to next, rather than back to the list.
 */
const QUEUE_ACTION_WORDS: Record<QueueAction, { button: string; done: string; continueIn?: string }> = {
  confirm_classification: { button: 'Confirm classification', done: 'classification confirmed' },
  allocate: { button: 'Allocate', done: 'allocated' },
  start_quality_check: {
    button: 'Start quality check',
    done: 'moved to the IMU quality check',
    continueIn: 'imu-quality-check',
  },
  file: { button: 'File', done: 'filed' },
  return_to_officer: { button: 'Return to officer', done: 'returned to the officer' },
  reopen: { button: 'Re-open', done: 're-opened' },
}

/** An action's label and what it requires come from the crime workflow table, so the two cannot drift. */
function queueActionRule(action: QueueAction): {
  label: string
  button: string
  input: ActionInput
  done: string
  continueIn?: string
} {
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
    label: LIVE_STATUS_QUEUE_LABELS.recorded,
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
    label: LIVE_STATUS_QUEUE_LABELS.awaiting_allocation,
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
    label: LIVE_STATUS_QUEUE_LABELS.under_investigation,
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
    label: LIVE_STATUS_QUEUE_LABELS.awaiting_filing,
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
    label: LIVE_STATUS_QUEUE_LABELS.imu_quality_check,
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
    label: LIVE_STATUS_QUEUE_LABELS.returned_to_officer,
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

// The dashboard's arithmetic (backlog alert, daily flows, weekly recording) lives in queues.trends.ts.
export * from './queues.trends.ts'
