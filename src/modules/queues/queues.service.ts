import { type Actor } from '../../platform/auth/actor.ts'
import type { Clock } from '../../platform/clock.ts'
import type { TallyDatabase } from '../../platform/db/database.ts'
import { FieldErrors, NotFound, ValidationFailed } from '../../platform/http/errors.ts'
import type { AuditTrailService } from '../audit-trail/index.ts'
import {
  allowedActionsWith,
  FILING_CHECKLIST,
  type CrimeStatus,
  type CrimeView,
  type CrimeWorklists,
  viewJustification,
} from '../crimes/index.ts'
import { justificationFor, type JustificationGiven } from '../disclosures/index.ts'
import type { DirectoryService } from '../directory/index.ts'
import { type IncidentWorklists } from '../incidents/index.ts'
import { ukDate } from '../../platform/dates.ts'
import {
  decodeCursor,
  DEFAULT_PAGE_SIZE,
  encodeCursor,
  EXPORT_BATCH,
  PAGE_SIZES,
  queueDefinition,
  QUEUES,
  type CrimeQueue,
  type Cursor,
  type QueueAction,
  type QueueDefinition,
  type QueueKey,
} from './queues.rules.ts'
import { isUuid } from '../../platform/ids.ts'
import {
  checkChosen,
  crimeItem,
  defaultSort,
  describeFilter,
  emptyFilter,
  isEmpty,
  QueueReads,
} from './queues.reads.ts'
import type { ChosenItem, CrimesPort, QueueItem, QueuePage, QueuePageRequest, QueueSummary } from './queues.shapes.ts'

export {
  CATCH_UP_DAYS,
  COMPLIANCE_WEEKS,
  MAX_BACKFILL_DAYS,
  MAX_BULK,
  TREND_DAYS,
  type BulkInput,
  type BulkResult,
  type Candidate,
  type ChosenItem,
  type CrimesPort,
  type DashboardData,
  type QueueItem,
  type QueuePage,
  type QueuePageRequest,
  type QueueStats,
  type QueueSummary,
  type SnapshotResult,
  type StaffCapacityReader,
  type UnitStaffReader,
} from './queues.shapes.ts'

/**
 * The IMU's work queues (issue 4; DOMAIN.md §9 rule 14): every queue with its count, ages and deadline; queue
 * pages with filters, keyset pages and CSV export; one crime's page in a queue. Acting on items (QueueActions),
 * allocation (QueueAllocation) and the snapshots and dashboard (QueueDashboard) are services beside this one.
 *
 * Every change to a crime goes through the crimes service's `act` (its workflow, its version check, its audit
 * trail); the queues read through the crimes and incidents modules' worklists and own only their snapshots and
 * threshold.
 */
export class QueuesService {
  private readonly reads: QueueReads

  constructor(
    private readonly db: TallyDatabase,
    private readonly crimeWorklists: CrimeWorklists,
    incidentWorklists: IncidentWorklists,
    private readonly crimes: CrimesPort,
    private readonly directory: Pick<DirectoryService, 'listUnits'>,
    private readonly auditTrail: AuditTrailService,
    private readonly clock: Clock,
  ) {
    this.reads = new QueueReads(crimeWorklists, incidentWorklists)
  }

  now(): Date {
    return this.clock.now()
  }

  today(): string {
    return ukDate(this.clock.now())
  }

  // Reading queues ---------------------------------------------------------------------------------------------------

  /** Every queue with its count, oldest item, overdue items and ageing buckets. */
  async overview(actor: Actor): Promise<QueueSummary[]> {
    actor.permissions.require('queues.view')
    const now = this.clock.now()
    return this.db.withForce(actor.forceId, async (tx) => {
      const summaries: QueueSummary[] = []
      for (const queue of QUEUES) {
        summaries.push({ queue, ...(await this.reads.statsIn(tx, queue, emptyFilter(), now)) })
      }
      return summaries
    })
  }

  /** One page of a queue: filtered, sorted by deadline (or newest first), keyset-paginated. */
  async queuePage(actor: Actor, key: QueueKey, request: QueuePageRequest = {}): Promise<QueuePage> {
    actor.permissions.require('queues.view')
    const queue = queueDefinition(key)
    const now = this.clock.now()
    const filter = this.reads.checkFilter(actor, queue, request.filter)
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
      const fetched = await this.reads.itemsIn(
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

      const stats = await this.reads.statsIn(tx, queue, filter, now)
      const total = isEmpty(filter) ? stats : await this.reads.statsIn(tx, queue, emptyFilter(), now)
      const groups = await this.reads.groupOptionsIn(tx, queue, filter, now)
      const holders = queue.source === 'crime' ? await this.reads.holderOptionsIn(tx, queue, now) : []
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
    actor.permissions.require('queues.view')
    return this.crimes.viewJustifications(actor)
  }

  async exportJustification(actor: Actor, given: JustificationGiven): Promise<string> {
    actor.permissions.require('queues.view')
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
    actor.permissions.require('queues.view')
    const queue = queueDefinition(key)
    const justification = await this.exportJustification(actor, given)
    const now = this.clock.now()
    const filter = this.reads.checkFilter(actor, queue, request.filter)
    const sort = request.sort ?? defaultSort(queue)
    const units = await this.directory.listUnits(actor)
    const unitNames = new Map(units.map((unit) => [unit.unitId, unit.name]))
    await this.db.withForce(actor.forceId, async (tx) => {
      const stats = await this.reads.statsIn(tx, queue, filter, now)
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
        this.reads.itemsIn(
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
    actor.permissions.require('queues.work')
    const queue = queueDefinition(key)
    checkChosen(queue, items)
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

  /** One crime's page in a queue: the crime as its record shows it (a recorded view) and what can be done here. */
  async item(
    actor: Actor,
    key: QueueKey,
    crimeId: string,
  ): Promise<{ queue: CrimeQueue; view: CrimeView; actions: QueueAction[]; inQueue: boolean }> {
    actor.permissions.require('queues.view')
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
}
