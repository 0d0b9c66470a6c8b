import type { Actor } from '../../platform/auth/actor.ts'
import type { CrimesService } from '../crimes/index.ts'
import type {
  BacklogAlert,
  QueueAction,
  QueueDefinition,
  QueueFilter,
  QueueKey,
  RecordingWeek,
  Sort,
} from './queues.rules.ts'

/** The shapes the queue services take and return, and the limits they share. */

/** What the queues need from the crimes service: its one workflow entry point, and its reads. */
export type CrimesPort = Pick<CrimesService, 'act' | 'actionContext' | 'view' | 'viewJustifications'>

/** What allocation needs from the staff records' cover (StaffCover satisfies it): hours on a day. */
export interface StaffCapacityReader {
  capacityFor(
    actor: Actor,
    userIds: readonly string[],
    date: string,
  ): Promise<Map<string, { contractedHours: number; availableHours: number }>>
}

/** What allocation needs from the staff members (StaffService satisfies it): who works in a unit. */
export interface UnitStaffReader {
  listStaff(actor: Actor, filter: { unitId?: string | undefined }): Promise<ReadonlyArray<{ userId: string | null }>>
}

export interface QueueStats {
  count: number
  oldest: Date | null
  overdue: number
  buckets: Array<{ label: string; count: number }>
}

export interface QueueSummary extends QueueStats {
  queue: QueueDefinition
}

/** One item on a queue page or in its export. */
export interface QueueItem {
  kind: 'crime' | 'incident'
  id: string
  reference: string
  enteredAt: Date
  deadline: Date | null
  overdue: boolean
  /** Offence (crimes) or opening category (incidents). */
  what: string
  group: string
  holderId: string | null
  holderName: string | null
  unitId: string | null
  unitName: string | null
  flags: string[]
  status: string
  outcomeType: number | null
  version: number
  reportedAt: Date
  recordedAt: Date | null
  recordedLate: boolean | null
}

export interface QueuePageRequest {
  filter?: Partial<QueueFilter> | undefined
  sort?: Sort | undefined
  after?: string | undefined
  before?: string | undefined
  pageSize?: number | undefined
}

export interface QueuePage {
  queue: QueueDefinition
  now: Date
  filter: QueueFilter
  sort: Sort
  pageSize: number
  /** The whole queue (the page's filters aside). */
  total: number
  /** The filtered list: count, oldest, overdue and ageing. */
  stats: QueueStats
  items: QueueItem[]
  next: string | undefined
  previous: string | undefined
  options: {
    groups: Array<{ value: string; label: string; count: number }>
    units: Array<{ value: string; label: string }>
    holders: Array<{ value: string; label: string; count: number; oldest: Date | null }>
  }
  /** The bulk actions this person may take on this queue's items. */
  actions: QueueAction[]
}

export interface ChosenItem {
  crimeId: string
  expectedVersion: number
}

export interface BulkInput {
  reason?: string | undefined
  assignedUserId?: string | undefined
  assignedUnitId?: string | undefined
  checklist?: readonly string[] | undefined
}

export interface BulkResult {
  action: QueueAction
  done: Array<{ crimeId: string; crimeReference: string }>
  notDone: Array<{ crimeId: string; crimeReference: string; reason: string; conflict: boolean }>
}

export interface Candidate {
  userId: string
  name: string
  roles: string[]
  openWork: Array<{ status: string; label: string; count: number }>
  totalOpen: number
  /** Hours over the next seven days; null when the person has no staff record. */
  contractedHours: number | null
  availableHours: number | null
}

export interface SnapshotResult {
  forceId: number
  days: string[]
  written: number
}

export interface DashboardData {
  now: Date
  today: string
  queues: Array<QueueSummary & { weekAgo: number | null }>
  /** Each work queue's size on each day with a snapshot, and today's live size last. */
  trend: Array<{ day: string; queue: QueueKey; label: string; size: number; live: boolean }>
  awaitingFiling: { alert: BacklogAlert; buckets: Array<{ label: string; count: number }> }
  recording: RecordingWeek[]
  holders: Array<{
    userId: string
    name: string
    byStatus: Array<{ status: string; label: string; count: number }>
    total: number
  }>
  threshold: { value: number; version: number; updatedAt: Date | null; updatedByName: string | null }
  snapshotsFrom: string | null
}

/** How many crimes one bulk action may touch (each is its own transaction). */
export const MAX_BULK = 200
/** How far back the dashboard's trend reaches. */
export const TREND_DAYS = 56
/** How many weeks the 24-hour compliance chart shows. */
export const COMPLIANCE_WEEKS = 12
/** How many missed days a dashboard view or the daily timer writes at once (older history: `tally queues snapshot`). */
export const CATCH_UP_DAYS = 7
/** The most days one backfill reconstructs. */
export const MAX_BACKFILL_DAYS = 730
