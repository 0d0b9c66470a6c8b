import { type Actor } from '../../platform/auth/actor.ts'
import type { ForceTransaction } from '../../platform/db/database.ts'
import { FieldErrors } from '../../platform/http/errors.ts'
import {
  CRIME_STATUS_LABELS,
  type CrimeStatus,
  type CrimeWorklist,
  type CrimeWorklists,
  type WorklistCrime,
} from '../crimes/index.ts'
import {
  INCIDENT_CATEGORIES,
  type IncidentWorklist,
  type IncidentWorklists,
  type WorklistIncident,
} from '../incidents/index.ts'
import {
  ageWindow,
  bucketWindow,
  deadlineOf,
  isOverdue,
  overdueIfEnteredBy,
  windowStart,
  type CrimeQueue,
  type Cursor,
  type EnteredWindow,
  type QueueDefinition,
  type QueueFilter,
  type Sort,
} from './queues.rules.ts'
import { isUuid } from '../../platform/ids.ts'
import { MAX_BULK, type ChosenItem, type QueueItem, type QueueStats } from './queues.shapes.ts'

/** Reads and checks every queue service shares: a queue's figures and items, its filter and chosen crimes. */

export function statusLabel(status: string): string {
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

/** Reads a queue's figures and items through the crimes and incidents modules' worklists. */
export class QueueReads {
  constructor(
    private readonly crimeWorklists: CrimeWorklists,
    private readonly incidentWorklists: IncidentWorklists,
  ) {}

  checkFilter(actor: Actor, queue: QueueDefinition, given: Partial<QueueFilter> | undefined): QueueFilter {
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

  crimeList(queue: CrimeQueue, filter: QueueFilter, now: Date): CrimeWorklist {
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

  incidentList(queue: QueueDefinition, filter: QueueFilter, now: Date): IncidentWorklist {
    const window = ageWindow(queue, filter.age, now)
    return {
      receivedAfter: window.after,
      receivedAtOrBefore: window.atOrBefore,
      openingCategory: filter.offenceGroup,
      flags: filter.flags,
    }
  }

  async statsIn(tx: ForceTransaction, queue: QueueDefinition, filter: QueueFilter, now: Date): Promise<QueueStats> {
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

  async itemsIn(
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

  async groupOptionsIn(tx: ForceTransaction, queue: QueueDefinition, filter: QueueFilter, now: Date) {
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
  async holderOptionsIn(tx: ForceTransaction, queue: CrimeQueue, now: Date) {
    const rows = await this.crimeWorklists.byHolder(tx, this.crimeList(queue, emptyFilter(), now))
    return rows.map((row) => ({
      value: row.assignedUserId ?? 'none',
      label: row.assignedUserId ? (row.displayName ?? 'Unknown user') : 'Not allocated to anyone',
      count: Number(row.count),
      oldest: row.oldest ?? null,
    }))
  }
}

export function checkChosen(queue: QueueDefinition, items: readonly ChosenItem[]): void {
  const errors = new FieldErrors()
  errors.check(queue.source === 'crime', 'items', 'Items in this queue are worked on their own pages')
  errors.check(items.length > 0, 'items', 'Select at least one crime')
  errors.check(items.length <= MAX_BULK, 'items', `Select ${MAX_BULK} crimes or fewer at a time`)
  errors.check(
    items.every((item) => isUuid(item.crimeId) && Number.isInteger(item.expectedVersion) && item.expectedVersion > 0),
    'items',
    'The selection is not valid: reload the queue and select the crimes again',
  )
  errors.check(new Set(items.map((item) => item.crimeId)).size === items.length, 'items', 'A crime was selected twice')
  errors.throwIfAny()
}

export function emptyFilter(): QueueFilter {
  return { flags: [] }
}

export function isEmpty(filter: QueueFilter): boolean {
  return (
    filter.offenceGroup === undefined &&
    filter.unitId === undefined &&
    filter.holder === undefined &&
    filter.age === undefined &&
    filter.flags.length === 0
  )
}

export function defaultSort(queue: QueueDefinition): Sort {
  return queue.deadline ? 'deadline' : 'newest'
}

export function describeFilter(filter: QueueFilter): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(filter).filter(([, value]) => value !== undefined && !(Array.isArray(value) && value.length === 0)),
  )
}

function flagsOf(row: { domesticAbuse: boolean; vulnerableVictim: boolean; hateCrime: boolean }): string[] {
  return [
    ...(row.domesticAbuse ? ['Domestic abuse'] : []),
    ...(row.vulnerableVictim ? ['Vulnerable victim'] : []),
    ...(row.hateCrime ? ['Hate crime'] : []),
  ]
}

export function crimeItem(
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

export function incidentItem(queue: QueueDefinition, row: WorklistIncident, now: Date): QueueItem {
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
