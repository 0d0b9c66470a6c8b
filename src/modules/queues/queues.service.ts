import { systemActor, type Actor } from '../../platform/auth/actor.ts'
import type { Clock } from '../../platform/clock.ts'
import type { ForceTransaction, TallyDatabase } from '../../platform/db/database.ts'
import { Conflict, FieldErrors, Forbidden, NotFound, ValidationFailed } from '../../platform/http/errors.ts'
import type { AccountsService } from '../accounts/index.ts'
import type { AuditTrailService } from '../audit-trail/index.ts'
import {
  allowedActionsWith,
  CRIME_STATUS_LABELS,
  FILING_CHECKLIST,
  type CrimeActionInput,
  type CrimesService,
  type CrimeStatus,
  type CrimeView,
  type CrimeWorklist,
  type CrimeWorklists,
  type WorklistCrime,
  viewJustification,
} from '../crimes/index.ts'
import { justificationFor, type JustificationGiven } from '../disclosures/index.ts'
import type { DirectoryService, Unit } from '../directory/index.ts'
import {
  INCIDENT_CATEGORIES,
  type IncidentWorklist,
  type IncidentWorklists,
  type WorklistIncident,
} from '../incidents/index.ts'
import type { NewQueueSnapshot, QueuesRepository } from './queues.repository.ts'
import { addDays, datesFrom, startOfUkDay, ukDate } from '../../platform/dates.ts'
import {
  ageWindow,
  backlogAlert,
  bucketWindow,
  decodeCursor,
  DEFAULT_AWAITING_FILING_THRESHOLD,
  DEFAULT_PAGE_SIZE,
  deadlineOf,
  encodeCursor,
  EXPORT_BATCH,
  isOverdue,
  isQueueAction,
  OPEN_STATUSES,
  overdueIfEnteredBy,
  PAGE_SIZES,
  QUEUE_ACTION_RULES,
  queueDefinition,
  QUEUES,
  reconstructDays,
  reopenedSpans,
  daysFromSpans,
  recordingByWeek,
  singleStatusOf,
  thresholdProblem,
  windowStart,
  type BacklogAlert,
  type CrimeQueue,
  type Cursor,
  type EnteredWindow,
  type QueueAction,
  type QueueDefinition,
  type QueueFilter,
  type QueueKey,
  type RecordingWeek,
  type Sort,
  type Transition,
} from './queues.rules.ts'
import { isUuid } from '../../platform/ids.ts'

/** What the queues need from the crimes service: its one workflow entry point, and its reads. */
export type CrimesPort = Pick<CrimesService, 'act' | 'actionContext' | 'view' | 'viewJustifications'>

/**
 * What allocation needs from the staff records (StaffService satisfies it): each user's contracted hours less
 * absence on a day, and who works in a unit.
 */
export interface StaffReader {
  capacityFor(
    actor: Actor,
    userIds: readonly string[],
    date: string,
  ): Promise<Map<string, { contractedHours: number; availableHours: number }>>
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

const DAY_MS = 24 * 60 * 60 * 1000
const PERSON_ROLES_FOR_ALLOCATION = ['officer', 'imu_decision_maker'] as const
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

function statusLabel(status: string): string {
  return CRIME_STATUS_LABELS[status as CrimeStatus] ?? status
}

function laterOf(a: Date | null, b: Date | null): Date | null {
  if (a === null) {
    return b
  }
  if (b === null) {
    return a
  }
  return a > b ? a : b
}

/**
 * The IMU's work queues (issue 4; DOMAIN.md §9 rule 14): every queue with its count, ages and deadline; queue
 * pages with filters, keyset pages and CSV export; bulk actions and allocation with each person's workload and
 * capacity; the filing workflow; daily snapshots and the supervisor's dashboard.
 *
 * Every change to a crime goes through the crimes service's `act` (its workflow, its version check, its audit
 * trail); this service reads through the crimes and incidents modules' worklists and owns only its snapshots and
 * its threshold. Routes check queues.view / queues.work / dashboard.view; `act` checks each action's own rule.
 */
export class QueuesService {
  constructor(
    private readonly db: TallyDatabase,
    private readonly repository: QueuesRepository,
    private readonly crimeWorklists: CrimeWorklists,
    private readonly incidentWorklists: IncidentWorklists,
    private readonly crimes: CrimesPort,
    private readonly directory: Pick<DirectoryService, 'listUnits'>,
    private readonly accounts: Pick<AccountsService, 'listUsers' | 'listForces'>,
    private readonly staff: StaffReader,
    private readonly auditTrail: AuditTrailService,
    private readonly clock: Clock,
  ) {}

  now(): Date {
    return this.clock.now()
  }

  today(): string {
    return ukDate(this.clock.now())
  }

  // Reading queues ---------------------------------------------------------------------------------------------------

  /** Every queue with its count, oldest item, overdue items and ageing buckets. */
  overview(actor: Actor): Promise<QueueSummary[]> {
    const now = this.clock.now()
    return this.db.withForce(actor.forceId, async (tx) => {
      const summaries: QueueSummary[] = []
      for (const queue of QUEUES) {
        summaries.push({ queue, ...(await this.statsIn(tx, queue, emptyFilter(), now)) })
      }
      return summaries
    })
  }

  /** One page of a queue: filtered, sorted by deadline (or newest first), keyset-paginated. */
  async queuePage(actor: Actor, key: QueueKey, request: QueuePageRequest = {}): Promise<QueuePage> {
    const queue = queueDefinition(key)
    const now = this.clock.now()
    const filter = this.checkFilter(actor, queue, request.filter)
    const sort = request.sort ?? defaultSort(queue)
    const pageSize = request.pageSize ?? DEFAULT_PAGE_SIZE
    const errors = new FieldErrors()
    errors.check((PAGE_SIZES as readonly number[]).includes(pageSize), 'pageSize', 'Show 25, 50 or 100 items a page')
    const after = request.after ? decodeCursor(request.after) : undefined
    const before = request.before ? decodeCursor(request.before) : undefined
    errors.check(
      !request.after || after !== undefined,
      'after',
      'This page link is not valid: go back to the first page',
    )
    errors.check(
      !request.before || before !== undefined,
      'before',
      'This page link is not valid: go back to the first page',
    )
    errors.check(!(after && before), 'before', 'Ask for the next or the previous page, not both')
    errors.throwIfAny()

    // Each of these is its own transaction: read before this one opens (never one inside another).
    const [units, actions] = await Promise.all([this.directory.listUnits(actor), this.actionsFor(actor, queue)])
    const unitNames = new Map(units.map((unit) => [unit.unitId, unit.name]))
    return this.db.withForce(actor.forceId, async (tx) => {
      const direction = sort === 'deadline' ? 'asc' : 'desc'
      const reading = before ? (direction === 'asc' ? 'desc' : 'asc') : direction
      const from = before ?? after
      const fetched = await this.itemsIn(
        tx,
        queue,
        filter,
        now,
        { order: reading, from, limit: pageSize + 1 },
        unitNames,
      )
      const more = fetched.length > pageSize
      const shown = fetched.slice(0, pageSize)
      const items = before ? shown.reverse() : shown
      const first = items[0]
      const last = items.at(-1)
      const cursorOf = (item: QueueItem): Cursor => ({ at: item.enteredAt, id: item.id })
      const next = last && (before ? true : more) ? encodeCursor(cursorOf(last)) : undefined
      const previous = first && (before ? more : after !== undefined) ? encodeCursor(cursorOf(first)) : undefined

      const stats = await this.statsIn(tx, queue, filter, now)
      const total = isEmpty(filter) ? stats : await this.statsIn(tx, queue, emptyFilter(), now)
      const groups = await this.groupOptionsIn(tx, queue, filter, now)
      const holders = queue.source === 'crime' ? await this.holderOptionsIn(tx, queue, now) : []
      return {
        queue,
        now,
        filter,
        sort,
        pageSize,
        total: total.count,
        stats,
        items,
        next,
        previous,
        options: {
          groups,
          units: units
            .filter((unit) => unit.active && unit.takesCrimes)
            .map((unit) => ({ value: unit.unitId, label: unit.name })),
          holders,
        },
        actions,
      }
    })
  }

  /**
   * Rule 20: why the queue is being exported (the force's list, or typed), as it will be kept with the export; a
   * 400 naming the field `justification` when it is missing or not one of the list.
   */
  exportJustificationList(actor: Actor): Promise<readonly string[]> {
    return this.crimes.viewJustifications(actor)
  }

  async exportJustification(actor: Actor, given: JustificationGiven): Promise<string> {
    const list = await this.crimes.viewJustifications(actor)
    const result = justificationFor('export', given, list, viewJustification)
    if ('problem' in result) {
      throw ValidationFailed.of('justification', result.problem)
    }
    return result.justification
  }

  /**
   * The filtered list as CSV rows, read in keyset batches (each its own short transaction) so a queue of any size
   * streams without holding a transaction open. The export is a disclosure: it is in the audit trail with its
   * justification (rule 20).
   */
  async *exportRows(
    actor: Actor,
    key: QueueKey,
    given: JustificationGiven,
    request: QueuePageRequest = {},
  ): AsyncGenerator<QueueItem[]> {
    const queue = queueDefinition(key)
    const justification = await this.exportJustification(actor, given)
    const now = this.clock.now()
    const filter = this.checkFilter(actor, queue, request.filter)
    const sort = request.sort ?? defaultSort(queue)
    const units = await this.directory.listUnits(actor)
    const unitNames = new Map(units.map((unit) => [unit.unitId, unit.name]))
    await this.db.withForce(actor.forceId, async (tx) => {
      const stats = await this.statsIn(tx, queue, filter, now)
      this.auditTrail.record(tx, actor, {
        action: 'QUEUE_EXPORTED',
        recordType: 'queue',
        recordId: queue.key,
        changes: { filter: describeFilter(filter), sort, rows: stats.count, asAt: now.toISOString() },
        reason: justification,
      })
    })
    let from: Cursor | undefined
    for (;;) {
      const batch = await this.db.withForce(actor.forceId, (tx) =>
        this.itemsIn(
          tx,
          queue,
          filter,
          now,
          { order: sort === 'deadline' ? 'asc' : 'desc', from, limit: EXPORT_BATCH },
          unitNames,
        ),
      )
      if (batch.length > 0) {
        yield batch
      }
      if (batch.length < EXPORT_BATCH) {
        return
      }
      const last = batch.at(-1)!
      from = { at: last.enteredAt, id: last.id }
    }
  }

  /** The crimes chosen for a bulk action, as they are now, with the version the person saw. */
  async chosen(actor: Actor, key: QueueKey, items: readonly ChosenItem[]) {
    const queue = queueDefinition(key)
    this.checkChosen(queue, items)
    const units = await this.directory.listUnits(actor)
    const unitNames = new Map(units.map((unit) => [unit.unitId, unit.name]))
    const rows = await this.db.withForce(actor.forceId, (tx) =>
      this.crimeWorklists.chosen(
        tx,
        items.map((item) => item.crimeId),
      ),
    )
    const byId = new Map(rows.map((row) => [row.crimeId, row]))
    const now = this.clock.now()
    return items.flatMap((item) => {
      const row = byId.get(item.crimeId)
      return row ? [{ ...crimeItem(queue, row, now, unitNames), seenVersion: item.expectedVersion }] : []
    })
  }

  // Acting on items --------------------------------------------------------------------------------------------------

  /**
   * One action on many crimes. The input is checked once, before anything changes; then each crime is changed by
   * the crimes service in its own transaction, at the version the person saw. A crime someone else changed in
   * the meantime is not touched and is reported back (conflict); the others are done. Nothing is lost: every
   * change and the bulk action itself are in the audit trail.
   */
  async bulkAct(
    actor: Actor,
    key: QueueKey,
    action: string,
    items: readonly ChosenItem[],
    input: BulkInput = {},
  ): Promise<BulkResult> {
    this.requireWork(actor)
    const queue = queueDefinition(key)
    if (queue.source !== 'crime' || !isQueueAction(action) || !queue.actions.includes(action)) {
      throw ValidationFailed.of('action', `Choose one of the actions this queue offers`)
    }
    this.checkChosen(queue, items)
    const actionInput = checkActionInput(action, input)
    const result: BulkResult = { action, done: [], notDone: [] }
    for (const item of items) {
      try {
        const after = await this.crimes.act(actor, item.crimeId, {
          ...actionInput,
          action,
          expectedVersion: item.expectedVersion,
        })
        result.done.push({ crimeId: item.crimeId, crimeReference: after.crimeReference })
      } catch (error) {
        if (
          error instanceof Conflict ||
          error instanceof Forbidden ||
          error instanceof NotFound ||
          error instanceof ValidationFailed
        ) {
          result.notDone.push({
            crimeId: item.crimeId,
            crimeReference: '',
            reason:
              error instanceof ValidationFailed ? error.fieldErrors.map((e) => e.message).join('; ') : error.message,
            conflict: error instanceof Conflict,
          })
        } else {
          throw error
        }
      }
    }
    if (result.notDone.length > 0) {
      const rows = await this.db.withForce(actor.forceId, (tx) =>
        this.crimeWorklists.chosen(
          tx,
          result.notDone.map((item) => item.crimeId),
        ),
      )
      for (const item of result.notDone) {
        item.crimeReference = rows.find((row) => row.crimeId === item.crimeId)?.crimeReference ?? 'Unknown crime'
      }
    }
    if (items.length > 1) {
      await this.db.withForce(actor.forceId, (tx) => {
        this.auditTrail.record(tx, actor, {
          action: 'QUEUE_BULK_ACTION',
          recordType: 'queue',
          recordId: queue.key,
          changes: {
            action,
            done: result.done.map((item) => item.crimeId),
            notDone: result.notDone.map((item) => ({ crimeId: item.crimeId, reason: item.reason })),
          },
          reason: actionInput.reason,
        })
      })
    }
    return result
  }

  /**
   * One action on one crime from its page in a queue, at the version the person saw. Unlike `bulkAct`, a refusal
   * is thrown as it is (the form shows its field errors; a stale version is a conflict page).
   */
  async actOn(
    actor: Actor,
    key: QueueKey,
    crimeId: string,
    action: QueueAction,
    expectedVersion: number,
    input: BulkInput = {},
  ): Promise<{ crimeId: string; crimeReference: string; version: number }> {
    this.requireWork(actor)
    const queue = queueDefinition(key)
    if (queue.source !== 'crime' || !queue.actions.includes(action)) {
      throw ValidationFailed.of('action', 'Choose one of the actions this queue offers')
    }
    if (!isUuid(crimeId)) {
      throw new NotFound('There is no crime with this id in this force')
    }
    if (!Number.isInteger(expectedVersion) || expectedVersion < 1) {
      throw new Conflict('This page is out of date: reload the crime and try again')
    }
    const actionInput = checkActionInput(action, input)
    const after = await this.crimes.act(actor, crimeId, { ...actionInput, action, expectedVersion })
    return { crimeId: after.crimeId, crimeReference: after.crimeReference, version: after.version }
  }

  /** One crime's page in a queue: the crime as its record shows it (a recorded view) and what can be done here. */
  async item(
    actor: Actor,
    key: QueueKey,
    crimeId: string,
  ): Promise<{ queue: CrimeQueue; view: CrimeView; actions: QueueAction[]; inQueue: boolean }> {
    const queue = queueDefinition(key)
    if (queue.source !== 'crime' || !isUuid(crimeId)) {
      throw new NotFound('There is no such crime in this queue')
    }
    const view = await this.crimes.view(actor, crimeId)
    const inQueue =
      queue.membership.statuses.includes(view.crime.status as CrimeStatus) &&
      (!queue.membership.reopened || view.crime.reopenedAt !== null)
    const allowed = new Set(view.actions.map((rule) => rule.action))
    const actions = actor.permissions.can('queues.work') && inQueue ? queue.actions.filter((a) => allowed.has(a)) : []
    return { queue, view, actions, inQueue }
  }

  /** The labels of the filing checklist (rule 14), for the quality-check form. */
  filingChecklist(): Array<{ value: string; text: string }> {
    return Object.entries(FILING_CHECKLIST).map(([value, text]) => ({ value, text }))
  }

  // Allocation -------------------------------------------------------------------------------------------------------

  /**
   * Who a crime can be allocated to, with what each already holds by queue and their capacity over the next seven
   * days (contracted hours less absence, from the staff records), least loaded first; and the units that take
   * crimes.
   */
  async allocation(
    actor: Actor,
    options: { unitId?: string | undefined } = {},
  ): Promise<{ candidates: Candidate[]; units: Unit[] }> {
    const [users, units] = await Promise.all([
      this.accounts.listUsers(actor),
      this.directory.listUnits(actor, { work: 'crime' }),
    ])
    const people = users.filter(
      (user) =>
        user.active !== false &&
        user.roles.some((role) => (PERSON_ROLES_FOR_ALLOCATION as readonly string[]).includes(role)),
    )
    const ids = people.map((user) => user.userId)
    const today = this.today()
    const days = datesFrom(today, addDays(today, 6))
    const [work, capacityByDay] = await Promise.all([
      this.db.withForce(actor.forceId, (tx) => this.crimeWorklists.openWorkByHolder(tx, ids)),
      Promise.all(days.map((day) => this.staff.capacityFor(actor, ids, day))),
    ])
    let candidates: Candidate[] = people.map((user) => {
      const mine = work.filter((row) => row.assignedUserId === user.userId)
      const known = capacityByDay.some((day) => day.has(user.userId))
      return {
        userId: user.userId,
        name: user.displayName,
        roles: user.roles,
        openWork: OPEN_STATUSES.flatMap((status) => {
          const count = Number(mine.find((row) => row.status === status)?.count ?? 0)
          return count > 0 ? [{ status, label: statusLabel(status), count }] : []
        }),
        totalOpen: mine.reduce((sum, row) => sum + Number(row.count), 0),
        contractedHours: known
          ? round1(capacityByDay.reduce((sum, day) => sum + (day.get(user.userId)?.contractedHours ?? 0), 0))
          : null,
        availableHours: known
          ? round1(capacityByDay.reduce((sum, day) => sum + (day.get(user.userId)?.availableHours ?? 0), 0))
          : null,
      }
    })
    if (options.unitId) {
      const staffUnits = await this.staffUnitsOf(actor, options.unitId)
      candidates = candidates.filter((candidate) => staffUnits.has(candidate.userId))
    }
    candidates.sort((a, b) => load(a) - load(b) || a.name.localeCompare(b.name))
    return { candidates, units }
  }

  /** People whose staff record puts them in a unit (the allocation view's unit filter). */
  private async staffUnitsOf(actor: Actor, unitId: string): Promise<Set<string>> {
    if (!isUuid(unitId)) {
      throw ValidationFailed.of('candidateUnit', 'Choose a unit from the list')
    }
    return new Set(
      (await this.staff.listStaff(actor, { unitId })).flatMap((person) => (person.userId ? [person.userId] : [])),
    )
  }

  // Snapshots ----------------------------------------------------------------------------------------------------------

  /**
   * Writes each work queue's end-of-day size and flows (and the day's 24-hour recording figures) for every day in
   * the last `maxDays` (CATCH_UP_DAYS by default) that has ended and has no snapshot yet. Idempotent: a day once
   * written is never rewritten, so the dashboard, the timer and the command line may all call it at once. Sizes
   * of single-status queues are rebuilt exactly from today's size and the status history since; re-opened crimes
   * and incidents awaiting a decision from the time each item spent in the queue; the day just ended, and every
   * queue's ageing, are as measured now (`source`, `measured_at`).
   */
  async snapshot(actor: Actor, options: { maxDays?: number } = {}): Promise<SnapshotResult> {
    const maxDays = options.maxDays ?? CATCH_UP_DAYS
    if (!Number.isInteger(maxDays) || maxDays < 1 || maxDays > MAX_BACKFILL_DAYS) {
      throw ValidationFailed.of('days', `Snapshot between 1 and ${MAX_BACKFILL_DAYS} days back`)
    }
    const now = this.clock.now()
    const today = ukDate(now)
    const yesterday = addDays(today, -1)
    return this.db.withForce(actor.forceId, async (tx) => {
      const wanted = datesFrom(addDays(today, -maxDays), yesterday)
      const present = new Set(await this.repository.snapshotDays(tx, wanted[0]!, yesterday))
      const missing = wanted.filter((day) => !present.has(day))
      if (missing.length === 0) {
        return { forceId: actor.forceId, days: [], written: 0 }
      }
      // Sizes are worked back from today's, so every day from the first missing one is rebuilt; days already
      // written are left as they are (the insert skips them).
      const days = datesFrom(missing[0]!, yesterday)
      const rows = await this.snapshotRowsIn(tx, days, now)
      const written = await this.repository.insertSnapshots(tx, rows)
      const recorded = await this.crimeWorklists.recordedByDay(tx, startOfUkDay(days[0]!), startOfUkDay(today))
      const byDay = new Map(recorded.map((row) => [row.day, row]))
      await this.repository.insertRecordingDays(
        tx,
        days.map((day) => ({
          day,
          recorded: Number(byDay.get(day)?.recorded ?? 0),
          recordedOnTime: Number(byDay.get(day)?.onTime ?? 0),
          measuredAt: now,
        })),
      )
      return { forceId: actor.forceId, days: missing, written }
    })
  }

  /** Snapshots every force (the daily timer and `tally queues snapshot --all`), each as Tally itself. */
  async snapshotAllForces(options: { maxDays?: number } = {}): Promise<SnapshotResult[]> {
    const results: SnapshotResult[] = []
    for (const force of await this.accounts.listForces()) {
      results.push(await this.snapshot(systemActor(force.forceId, 'Queue snapshot'), options))
    }
    return results
  }

  private async snapshotRowsIn(tx: ForceTransaction, days: readonly string[], now: Date): Promise<NewQueueSnapshot[]> {
    const today = ukDate(now)
    const yesterday = addDays(today, -1)
    const from = startOfUkDay(days[0]!)
    const backfilling = days.some((day) => day !== yesterday)
    const transitions = await this.crimeWorklists.transitionsByDay(tx, from, new Date(now.getTime() + 1))
    // The queues that are not one status are rebuilt from the spans their items spent in them. A decision is due
    // within 24 hours, so incidents received more than 30 days before are not looked for; re-openings are looked
    // for a year back, and only when days before yesterday are being written (the daily run counts yesterday's).
    const waiting = await this.incidentWorklists.waitingSpans(tx, new Date(from.getTime() - 30 * DAY_MS), now)
    const incidentDays = daysFromSpans(
      waiting.map((row) => ({ from: row.receivedAt, to: row.leftAt })),
      days,
    )
    const reopenedDays = backfilling
      ? daysFromSpans(
          reopenedSpans(await this.crimeWorklists.reopenedHistories(tx, new Date(from.getTime() - 365 * DAY_MS), now)),
          days,
        )
      : undefined
    const reopenedYesterday = backfilling
      ? undefined
      : await this.crimeWorklists.reopenedByDay(tx, from, startOfUkDay(today))
    const byDay = new Map<string, Transition[]>()
    for (const row of transitions) {
      const list = byDay.get(row.day) ?? []
      list.push({ fromStatus: row.fromStatus, toStatus: row.toStatus, count: Number(row.count) })
      byDay.set(row.day, list)
    }
    // Changes after the last day being written (today's, up to now) are undone to reach its end-of-day size.
    const afterLast = [...byDay.entries()].filter(([day]) => day > yesterday).flatMap(([, list]) => list)
    const rows: NewQueueSnapshot[] = []
    for (const queue of QUEUES.filter((q) => q.work)) {
      const measured = await this.statsIn(tx, queue, emptyFilter(), now)
      const status = singleStatusOf(queue)
      const rebuilt =
        status !== undefined
          ? reconstructDays(status, measured.count, days, byDay, afterLast)
          : queue.source === 'incident'
            ? incidentDays
            : (reopenedDays ??
              days.map((day) => ({
                day,
                size: measured.count,
                arrivals: Number(reopenedYesterday?.find((row) => row.day === day)?.count ?? 0),
                completions: null,
              })))
      for (const day of rebuilt) {
        const isYesterday = day.day === yesterday
        rows.push({
          day: day.day,
          queue: queue.key,
          // The single-status queues are exact; the others' day just ended is the queue as it is now.
          size: isYesterday && status === undefined ? measured.count : day.size,
          arrivals: day.arrivals,
          completions: day.completions,
          ...(isYesterday
            ? { oldestSince: measured.oldest, overdue: measured.overdue, ageing: measured.buckets.map((b) => b.count) }
            : { oldestSince: null, overdue: null, ageing: null }),
          source: isYesterday ? 'measured' : 'reconstructed',
          measuredAt: now,
        })
      }
    }
    return rows
  }

  // The dashboard ----------------------------------------------------------------------------------------------------

  /**
   * The supervisor's one page (rule 14): every queue's size now and a week ago, each work queue's trend from the
   * daily snapshots, the awaiting-filing ageing and alert, 24-hour recording by week, and who holds how much.
   * Opening it writes any missing snapshot first (idempotent). Its cost is the queues' sizes and the number of
   * days shown, never the number of crimes held.
   */
  async dashboard(actor: Actor): Promise<DashboardData> {
    // Housekeeping by Tally itself, whoever opened the page (an inspector reads and changes nothing).
    await this.snapshot(systemActor(actor.forceId, 'Queue snapshot'))
    const now = this.clock.now()
    const today = ukDate(now)
    const users = await this.accounts.listUsers(actor)
    const names = new Map(users.map((user) => [user.userId, user.displayName]))
    return this.db.withForce(actor.forceId, async (tx) => {
      const trendFrom = addDays(today, -TREND_DAYS)
      const weekAgo = addDays(today, -7)
      const complianceFrom = addDays(today, -7 * COMPLIANCE_WEEKS)
      const [snapshots, recordingDays, setting, holders] = await Promise.all([
        this.repository.snapshots(tx, trendFrom, today),
        this.repository.recordingDays(tx, complianceFrom, today),
        this.repository.setting(tx),
        this.crimeWorklists.openWorkByHolder(tx),
      ])
      const queues: DashboardData['queues'] = []
      for (const queue of QUEUES) {
        const stats = await this.statsIn(tx, queue, emptyFilter(), now)
        const past = snapshots.find((row) => row.queue === queue.key && row.day === weekAgo)
        queues.push({ queue, ...stats, weekAgo: past ? past.size : null })
      }
      const trend: DashboardData['trend'] = []
      for (const queue of QUEUES.filter((q) => q.work)) {
        for (const row of snapshots.filter((s) => s.queue === queue.key)) {
          trend.push({ day: row.day, queue: queue.key, label: queue.label, size: row.size, live: false })
        }
        const live = queues.find((q) => q.queue.key === queue.key)!
        trend.push({ day: today, queue: queue.key, label: queue.label, size: live.count, live: true })
      }
      const threshold = setting?.awaitingFilingThreshold ?? DEFAULT_AWAITING_FILING_THRESHOLD
      const filing = queues.find((q) => q.queue.key === 'awaiting-filing')!
      const byHolder = new Map<string, DashboardData['holders'][number]>()
      for (const row of holders) {
        const holder = byHolder.get(row.assignedUserId) ?? {
          userId: row.assignedUserId,
          name: names.get(row.assignedUserId) ?? 'Unknown user',
          byStatus: [],
          total: 0,
        }
        holder.byStatus.push({ status: row.status, label: statusLabel(row.status), count: Number(row.count) })
        holder.total += Number(row.count)
        byHolder.set(row.assignedUserId, holder)
      }
      for (const holder of byHolder.values()) {
        holder.byStatus.sort(
          (a, b) => OPEN_STATUSES.indexOf(a.status as never) - OPEN_STATUSES.indexOf(b.status as never),
        )
      }
      return {
        now,
        today,
        queues,
        trend,
        awaitingFiling: { alert: backlogAlert(filing.count, threshold), buckets: filing.buckets },
        recording: recordingByWeek(
          recordingDays.map((row) => ({ day: row.day, recorded: row.recorded, onTime: row.recordedOnTime })),
        ),
        holders: [...byHolder.values()].sort((a, b) => b.total - a.total || a.name.localeCompare(b.name)),
        threshold: {
          value: threshold,
          version: setting?.version ?? 0,
          updatedAt: setting?.updatedAt ?? null,
          updatedByName: setting?.updatedByName ?? null,
        },
        snapshotsFrom: snapshots[0]?.day ?? null,
      }
    })
  }

  /** The force's awaiting-filing alert threshold (rule 14); Tally's default until the force sets its own. */
  async threshold(actor: Actor): Promise<{ value: number; version: number }> {
    const row = await this.db.withForce(actor.forceId, (tx) => this.repository.setting(tx))
    return { value: row?.awaitingFilingThreshold ?? DEFAULT_AWAITING_FILING_THRESHOLD, version: row?.version ?? 0 }
  }

  /** Sets the threshold at the version the person saw (0 before the force's first); a stale one is a Conflict. */
  async setThreshold(
    actor: Actor,
    input: { threshold: string; expectedVersion: number },
  ): Promise<{ value: number; version: number }> {
    if (!actor.permissions.can('queues.manage')) {
      throw new Forbidden('Only the IMU supervisor can change the awaiting-filing threshold')
    }
    const problem = thresholdProblem(input.threshold)
    if (problem) {
      throw ValidationFailed.of('threshold', problem)
    }
    const value = Number(input.threshold.trim().replaceAll(',', ''))
    const now = this.clock.now()
    return this.db.withForce(actor.forceId, async (tx) => {
      const before = await this.repository.setting(tx)
      const changes = { awaitingFilingThreshold: value, updatedAt: now, updatedByName: actor.name }
      const saved =
        input.expectedVersion === 0
          ? await this.repository.insertSetting(tx, changes)
          : await this.repository.updateSetting(tx, input.expectedVersion, changes)
      if (!saved) {
        throw new Conflict(
          'Someone else changed the awaiting-filing threshold while you were looking at it. Check it now and set it again if you still need to.',
          { currentVersion: before?.version ?? 0 },
        )
      }
      this.auditTrail.record(tx, actor, {
        action: 'QUEUE_THRESHOLD_CHANGED',
        recordType: 'queue-setting',
        recordId: 'awaiting-filing',
        changes: {
          awaitingFilingThreshold: {
            before: before?.awaitingFilingThreshold ?? DEFAULT_AWAITING_FILING_THRESHOLD,
            after: value,
          },
        },
      })
      return { value: saved.awaitingFilingThreshold, version: saved.version }
    })
  }

  // ------------------------------------------------------------------------------------------------------------------

  private requireWork(actor: Actor): void {
    if (!actor.permissions.can('queues.work')) {
      throw new Forbidden('Your role cannot work the IMU queues')
    }
  }

  private checkChosen(queue: QueueDefinition, items: readonly ChosenItem[]): void {
    const errors = new FieldErrors()
    errors.check(queue.source === 'crime', 'items', 'Items in this queue are worked on their own pages')
    errors.check(items.length > 0, 'items', 'Select at least one crime')
    errors.check(items.length <= MAX_BULK, 'items', `Select ${MAX_BULK} crimes or fewer at a time`)
    errors.check(
      items.every((item) => isUuid(item.crimeId) && Number.isInteger(item.expectedVersion) && item.expectedVersion > 0),
      'items',
      'The selection is not valid: reload the queue and select the crimes again',
    )
    errors.check(
      new Set(items.map((item) => item.crimeId)).size === items.length,
      'items',
      'A crime was selected twice',
    )
    errors.throwIfAny()
  }

  private checkFilter(actor: Actor, queue: QueueDefinition, given: Partial<QueueFilter> | undefined): QueueFilter {
    const filter: QueueFilter = { ...emptyFilter(), ...given, flags: [...(given?.flags ?? [])] }
    const errors = new FieldErrors()
    if (filter.holder === 'me') {
      filter.holder = actor.id
    }
    errors.check(filter.unitId === undefined || isUuid(filter.unitId), 'unit', 'Choose a unit from the list')
    errors.check(
      filter.holder === undefined || filter.holder === 'none' || isUuid(filter.holder),
      'holder',
      'Choose a person from the list',
    )
    errors.check(
      filter.age === undefined ||
        (filter.age === 'overdue'
          ? queue.deadline !== null
          : Number.isInteger(filter.age) && filter.age >= 0 && filter.age < queue.buckets.length),
      'age',
      'Choose an age from the list',
    )
    errors.check(
      filter.offenceGroup === undefined || /^[A-Za-z0-9._-]{1,80}$/.test(filter.offenceGroup),
      'group',
      'Choose a group from the list',
    )
    if (queue.source === 'incident') {
      errors.check(
        filter.unitId === undefined && filter.holder === undefined,
        'unit',
        'Incidents are not allocated to units or people',
      )
    }
    errors.throwIfAny()
    return filter
  }

  private async actionsFor(actor: Actor, queue: QueueDefinition): Promise<QueueAction[]> {
    if (queue.source !== 'crime' || !actor.permissions.can('queues.work')) {
      return []
    }
    const context = await this.crimes.actionContext(actor)
    const status = queue.membership.statuses[0]!
    // The crime's offence group only matters for cancellation, which no queue offers.
    const allowed = new Set(allowedActionsWith(context, { status, offenceGroup: '' }).map((rule) => rule.action))
    return queue.actions.filter((action) => allowed.has(action))
  }

  private crimeList(queue: CrimeQueue, filter: QueueFilter, now: Date): CrimeWorklist {
    const window = ageWindow(queue, filter.age, now)
    return {
      statuses: queue.membership.statuses,
      reopenedOnly: queue.membership.reopened === true,
      enteredAfter: laterOf(windowStart(queue, now), window.after),
      enteredAtOrBefore: window.atOrBefore,
      offenceGroup: filter.offenceGroup,
      unitId: filter.unitId,
      holder: filter.holder === undefined ? undefined : filter.holder === 'none' ? null : filter.holder,
      flags: filter.flags,
    }
  }

  private incidentList(queue: QueueDefinition, filter: QueueFilter, now: Date): IncidentWorklist {
    const window = ageWindow(queue, filter.age, now)
    return {
      receivedAfter: window.after,
      receivedAtOrBefore: window.atOrBefore,
      openingCategory: filter.offenceGroup,
      flags: filter.flags,
    }
  }

  private async statsIn(
    tx: ForceTransaction,
    queue: QueueDefinition,
    filter: QueueFilter,
    now: Date,
  ): Promise<QueueStats> {
    const windows: EnteredWindow[] = queue.buckets.map((bucket) => bucketWindow(bucket, now))
    const overdue = overdueIfEnteredBy(queue, now)
    const stats =
      queue.source === 'crime'
        ? await this.crimeWorklists.stats(tx, this.crimeList(queue, filter, now), windows, overdue)
        : await this.incidentWorklists.stats(tx, this.incidentList(queue, filter, now), windows, overdue)
    return {
      count: stats.count,
      oldest: stats.oldest,
      overdue: stats.overdue,
      buckets: queue.buckets.map((bucket, i) => ({ label: bucket.label, count: stats.buckets[i] ?? 0 })),
    }
  }

  private async itemsIn(
    tx: ForceTransaction,
    queue: QueueDefinition,
    filter: QueueFilter,
    now: Date,
    page: { order: 'asc' | 'desc'; from: Cursor | undefined; limit: number },
    unitNames: ReadonlyMap<string, string>,
  ): Promise<QueueItem[]> {
    if (queue.source === 'crime') {
      const rows = await this.crimeWorklists.page(tx, this.crimeList(queue, filter, now), page)
      return rows.map((row) => crimeItem(queue, row, now, unitNames))
    }
    const rows = await this.incidentWorklists.page(tx, this.incidentList(queue, filter, now), page)
    return rows.map((row) => incidentItem(queue, row, now))
  }

  private async groupOptionsIn(tx: ForceTransaction, queue: QueueDefinition, filter: QueueFilter, now: Date) {
    if (queue.source === 'crime') {
      const rows = await this.crimeWorklists.offenceGroups(tx, this.crimeList(queue, filter, now))
      return rows.map((row) => ({
        value: row.offenceGroup,
        label: row.label ?? row.offenceGroup,
        count: Number(row.count),
      }))
    }
    const rows = await this.incidentWorklists.openingCategories(tx, this.incidentList(queue, filter, now))
    return rows.map((row) => ({
      value: row.openingCategory,
      label: INCIDENT_CATEGORIES[row.openingCategory as keyof typeof INCIDENT_CATEGORIES]?.label ?? row.openingCategory,
      count: Number(row.count),
    }))
  }

  /** The people holding the queue's crimes, most first (the filter's choices, and the by-officer table). */
  private async holderOptionsIn(tx: ForceTransaction, queue: CrimeQueue, now: Date) {
    const rows = await this.crimeWorklists.byHolder(tx, this.crimeList(queue, emptyFilter(), now))
    return rows.map((row) => ({
      value: row.assignedUserId ?? 'none',
      label: row.assignedUserId ? (row.displayName ?? 'Unknown user') : 'Not allocated to anyone',
      count: Number(row.count),
      oldest: row.oldest ?? null,
    }))
  }
}

function emptyFilter(): QueueFilter {
  return { flags: [] }
}

function isEmpty(filter: QueueFilter): boolean {
  return (
    filter.offenceGroup === undefined &&
    filter.unitId === undefined &&
    filter.holder === undefined &&
    filter.age === undefined &&
    filter.flags.length === 0
  )
}

function defaultSort(queue: QueueDefinition): Sort {
  return queue.deadline ? 'deadline' : 'newest'
}

function describeFilter(filter: QueueFilter): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(filter).filter(([, value]) => value !== undefined && !(Array.isArray(value) && value.length === 0)),
  )
}

function round1(value: number): number {
  return Math.round(value * 10) / 10
}

/** Open crimes per 37.5 available hours (a full-time week): who has the most room, first; no capacity, last. */
function load(candidate: Candidate): number {
  const hours = candidate.availableHours ?? candidate.contractedHours
  if (hours === null || hours === undefined) {
    return Number.MAX_SAFE_INTEGER / 2 + candidate.totalOpen
  }
  return hours <= 0 ? Number.MAX_SAFE_INTEGER / 4 + candidate.totalOpen : (candidate.totalOpen * 37.5) / hours
}

function flagsOf(row: { domesticAbuse: boolean; vulnerableVictim: boolean; hateCrime: boolean }): string[] {
  return [
    ...(row.domesticAbuse ? ['Domestic abuse'] : []),
    ...(row.vulnerableVictim ? ['Vulnerable victim'] : []),
    ...(row.hateCrime ? ['Hate crime'] : []),
  ]
}

function crimeItem(
  queue: QueueDefinition,
  row: WorklistCrime,
  now: Date,
  unitNames: ReadonlyMap<string, string>,
): QueueItem {
  return {
    kind: 'crime',
    id: row.crimeId,
    reference: row.crimeReference,
    enteredAt: row.enteredAt,
    deadline: deadlineOf(queue, row.enteredAt),
    overdue: isOverdue(queue, row.enteredAt, now),
    what: row.offenceLabel ? `${row.offenceCode} ${row.offenceLabel}` : row.offenceCode,
    group: row.offenceGroup,
    holderId: row.assignedUserId,
    holderName: row.assignedUserName,
    unitId: row.assignedUnitId,
    unitName: row.assignedUnitId ? (unitNames.get(row.assignedUnitId) ?? null) : null,
    flags: flagsOf(row),
    status: statusLabel(row.status),
    outcomeType: row.outcomeType,
    version: row.version,
    reportedAt: row.reportedAt,
    recordedAt: row.recordedAt,
    recordedLate: row.recordedLate,
  }
}

function incidentItem(queue: QueueDefinition, row: WorklistIncident, now: Date): QueueItem {
  const qualifiers = row.qualifiers ?? []
  return {
    kind: 'incident',
    id: row.incidentId,
    reference: row.incidentNumber,
    enteredAt: row.receivedAt,
    deadline: deadlineOf(queue, row.receivedAt),
    overdue: isOverdue(queue, row.receivedAt, now),
    what: INCIDENT_CATEGORIES[row.openingCategory as keyof typeof INCIDENT_CATEGORIES]?.label ?? row.openingCategory,
    group: row.openingCategory,
    holderId: null,
    holderName: null,
    unitId: null,
    unitName: null,
    flags: [
      ...(qualifiers.includes('domestic-abuse') ? ['Domestic abuse'] : []),
      ...(qualifiers.includes('vulnerable-adult') || qualifiers.includes('child-at-risk') ? ['Vulnerable victim'] : []),
      ...(qualifiers.includes('hate') ? ['Hate crime'] : []),
    ],
    status: 'Recording decision due',
    outcomeType: null,
    version: row.version,
    reportedAt: row.receivedAt,
    recordedAt: null,
    recordedLate: null,
  }
}

/** The one input an action needs, checked before any crime is touched (nothing changes unless it is all valid). */
function checkActionInput(action: QueueAction, input: BulkInput): Omit<CrimeActionInput, 'action' | 'expectedVersion'> {
  const errors = new FieldErrors()
  switch (QUEUE_ACTION_RULES[action].input) {
    case 'none':
      return {}
    case 'reason': {
      const reason = (input.reason ?? '').trim()
      errors.check(
        reason !== '',
        'reason',
        action === 'reopen'
          ? 'Enter why the crime is being re-opened'
          : 'Enter the reasons for returning it to the officer',
      )
      errors.check(reason.length <= 5000, 'reason', 'The reason must be 5,000 characters or fewer')
      errors.throwIfAny()
      return { reason }
    }
    case 'assignment': {
      const assignedUserId = (input.assignedUserId ?? '').trim()
      const assignedUnitId = (input.assignedUnitId ?? '').trim()
      errors.check(
        assignedUserId !== '' || assignedUnitId !== '',
        'assignedUserId',
        'Choose the officer in the case, the unit, or both',
      )
      errors.check(assignedUserId === '' || isUuid(assignedUserId), 'assignedUserId', 'Choose a person from the list')
      errors.check(assignedUnitId === '' || isUuid(assignedUnitId), 'assignedUnitId', 'Choose a unit from the list')
      errors.throwIfAny()
      return { assignedUserId: assignedUserId || null, assignedUnitId: assignedUnitId || null }
    }
    case 'filingChecklist': {
      const confirmed = [...(input.checklist ?? [])]
      const missing = Object.entries(FILING_CHECKLIST).filter(([check]) => !confirmed.includes(check))
      errors.check(
        missing.length === 0,
        'checklist',
        `Confirm every check before filing: ${missing.map(([, label]) => label.toLowerCase()).join('; ')}`,
      )
      errors.throwIfAny()
      return { checklist: confirmed }
    }
  }
}
