import { sql, type ExpressionBuilder, type SelectQueryBuilder } from 'kysely'
import type { ForceTransaction } from '../../platform/db/database.ts'
import type { Database } from '../../platform/db/schema.ts'
import { LIVE_STATUSES, type CrimeStatus } from './crimes.workflow.ts'

/**
 * The crime table's reads for the IMU work queues (queues module, issue 4). Each queue is a set of crime statuses
 * (optionally only re-opened crimes, or only those that reached the status within a window); every query here
 * stays inside the partial index for that status (migration 20261126T1200-create-queue-indexes), so its cost is
 * the size of the queue, never the number of crimes the force holds. Statuses are written into the SQL as
 * literals so the planner can match the partial indexes' predicates.
 *
 * One query per method, in the caller's force-scoped transaction (row-level security confines it to one force).
 */

export type WorklistFlag = 'domesticAbuse' | 'vulnerableVictim' | 'hateCrime'

/** Which crimes a queue holds, and which of them a page asks for. */
export interface CrimeWorklist {
  statuses: readonly CrimeStatus[]
  /** Only crimes re-opened after filing; their time in the queue runs from the re-opening. */
  reopenedOnly?: boolean | undefined
  /** Only crimes that entered after this instant (exclusive): a windowed list, or an age filter. */
  enteredAfter?: Date | null | undefined
  /** Only crimes that entered at or before this instant: an age filter. */
  enteredAtOrBefore?: Date | null | undefined
  offenceGroup?: string | undefined
  unitId?: string | undefined
  /** A user id, or null for crimes allocated to nobody. */
  holder?: string | null | undefined
  flags?: readonly WorklistFlag[] | undefined
}

/** A position in a queue, and which way to read from it. */
export interface WorklistPage {
  order: 'asc' | 'desc'
  /** Read past this item (exclusive), in `order`. */
  from?: { at: Date; id: string } | undefined
  limit: number
}

export interface WorklistCrime {
  crimeId: string
  crimeReference: string
  status: string
  /** When the crime entered the queue (status change, or re-opening). */
  enteredAt: Date
  reportedAt: Date
  recordedAt: Date
  recordedLate: boolean
  offenceCode: string
  offenceLabel: string | null
  offenceGroup: string
  assignedUserId: string | null
  assignedUserName: string | null
  assignedUnitId: string | null
  domesticAbuse: boolean
  vulnerableVictim: boolean
  hateCrime: boolean
  outcomeType: number | null
  version: number
}

export interface WorklistStats {
  count: number
  oldest: Date | null
  /** Counts in each entry window asked for (the queue's ageing buckets). */
  buckets: number[]
  /** Entered at or before the overdue boundary (0 when none was given). */
  overdue: number
}

export interface EntryWindow {
  after: Date | null
  atOrBefore: Date | null
}

/** A crime's open work is its live statuses (crimes.workflow.ts). */
const OPEN_STATUSES = LIVE_STATUSES

type CrimeQuery = SelectQueryBuilder<Database, 'crime', object>
type CrimeRef = ExpressionBuilder<Database, 'crime'>

function enteredColumn(list: CrimeWorklist) {
  return list.reopenedOnly ? ('crime.reopenedAt' as const) : ('crime.statusChangedAt' as const)
}

/** A worklist's row: the crime with its offence's label and its holder's name, entered at the given column. */
function worklistRows(query: CrimeQuery, entered: ReturnType<typeof enteredColumn>) {
  return query
    .leftJoin('offenceCode', (join) =>
      join
        .onRef('offenceCode.forceId', '=', 'crime.forceId')
        .onRef('offenceCode.version', '=', 'crime.offenceCodeVersion')
        .onRef('offenceCode.code', '=', 'crime.offenceCode'),
    )
    .leftJoin('userAccount', (join) =>
      join.onRef('userAccount.forceId', '=', 'crime.forceId').onRef('userAccount.userId', '=', 'crime.assignedUserId'),
    )
    .select([
      'crime.crimeId',
      'crime.crimeReference',
      'crime.status',
      `${entered} as enteredAt`,
      'crime.reportedAt',
      'crime.recordedAt',
      'crime.recordedLate',
      'crime.offenceCode',
      'offenceCode.label as offenceLabel',
      'crime.offenceGroup',
      'crime.assignedUserId',
      'userAccount.displayName as assignedUserName',
      'crime.assignedUnitId',
      'crime.domesticAbuse',
      'crime.vulnerableVictim',
      'crime.hateCrime',
      'crime.outcomeType',
      'crime.version',
    ])
}

/** Membership as literals (the partial indexes' predicates), then the page's filters. */
function within<Q extends CrimeQuery>(query: Q, list: CrimeWorklist): Q {
  const column = enteredColumn(list)
  const statuses = list.statuses.length > 0 ? list.statuses : (['recorded'] as const)
  let q = query.where(
    statuses.length === 1
      ? sql<boolean>`crime.status = ${sql.lit(statuses[0])}`
      : sql<boolean>`crime.status in (${sql.join(statuses.map((status) => sql.lit(status)))})`,
  ) as Q
  if (list.reopenedOnly) {
    q = q.where('crime.reopenedAt', 'is not', null) as Q
  }
  if (list.enteredAfter) {
    q = q.where(column, '>', list.enteredAfter) as Q
  }
  if (list.enteredAtOrBefore) {
    q = q.where(column, '<=', list.enteredAtOrBefore) as Q
  }
  if (list.offenceGroup !== undefined) {
    q = q.where('crime.offenceGroup', '=', list.offenceGroup) as Q
  }
  if (list.unitId !== undefined) {
    q = q.where('crime.assignedUnitId', '=', list.unitId) as Q
  }
  if (list.holder !== undefined) {
    q = (
      list.holder === null
        ? q.where('crime.assignedUserId', 'is', null)
        : q.where('crime.assignedUserId', '=', list.holder)
    ) as Q
  }
  for (const flag of list.flags ?? []) {
    q = q.where(`crime.${flag}`, '=', true) as Q
  }
  return q
}

export class CrimeWorklists {
  /** One page of a queue, keyset-paginated on (entered, crime id). */
  page(tx: ForceTransaction, list: CrimeWorklist, page: WorklistPage): Promise<WorklistCrime[]> {
    return this.pageQuery(tx, list, page).execute() as Promise<WorklistCrime[]>
  }

  /** The page's query itself, for `page` and for the test that EXPLAINs it. */
  pageQuery(tx: ForceTransaction, list: CrimeWorklist, page: WorklistPage) {
    const column = enteredColumn(list)
    const comparison = page.order === 'asc' ? '>' : '<'
    return worklistRows(within(tx.selectFrom('crime'), list), column)
      .$if(page.from !== undefined, (q) =>
        q.where((eb: CrimeRef) =>
          eb(eb.refTuple(column, 'crime.crimeId'), comparison, eb.tuple(page.from!.at, page.from!.id)),
        ),
      )
      .orderBy(column, page.order)
      .orderBy('crime.crimeId', page.order)
      .limit(page.limit)
  }

  /** The queue's (or the filtered list's) count, oldest entry, count per entry window and overdue count. */
  async stats(
    tx: ForceTransaction,
    list: CrimeWorklist,
    windows: readonly EntryWindow[],
    overdueAtOrBefore: Date | null,
  ): Promise<WorklistStats> {
    const row = await this.statsQuery(tx, list, windows, overdueAtOrBefore).executeTakeFirstOrThrow()
    const values = row as unknown as Record<string, number | Date | null>
    return {
      count: Number(values.count),
      oldest: (values.oldest as Date | null) ?? null,
      overdue: Number(values.overdue),
      buckets: windows.map((_, i) => Number(values[`b${i}`])),
    }
  }

  /** The stats' query itself, for `stats` and for the test that EXPLAINs it. */
  statsQuery(
    tx: ForceTransaction,
    list: CrimeWorklist,
    windows: readonly EntryWindow[],
    overdueAtOrBefore: Date | null,
  ) {
    const column = enteredColumn(list)
    return within(tx.selectFrom('crime'), list).select((eb) => [
      eb.fn.countAll<number>().as('count'),
      eb.fn.min(column).as('oldest'),
      overdueAtOrBefore
        ? eb.fn.countAll<number>().filterWhere(column, '<=', overdueAtOrBefore).as('overdue')
        : sql<number>`0`.as('overdue'),
      ...windows.map((window, i) =>
        eb.fn
          .countAll<number>()
          .filterWhere((w) =>
            w.and([
              ...(window.after ? [w(column, '>', window.after)] : []),
              ...(window.atOrBefore ? [w(column, '<=', window.atOrBefore)] : []),
            ]),
          )
          .as(`b${i}`),
      ),
    ])
  }

  /** The offence groups in the queue, with counts and labels (the filter's choices). */
  offenceGroups(tx: ForceTransaction, list: CrimeWorklist) {
    return within(tx.selectFrom('crime'), { ...list, offenceGroup: undefined })
      .select((eb) => [
        'crime.offenceGroup',
        eb.fn.countAll<number>().as('count'),
        sql<string | null>`(select oc.group_label from offence_code oc
          where oc.force_id = crime.force_id and oc.group_code = crime.offence_group limit 1)`.as('label'),
      ])
      .groupBy(['crime.forceId', 'crime.offenceGroup'])
      .orderBy('crime.offenceGroup')
      .execute()
  }

  /** A queue by the person each crime is allocated to (the officer in the case): count and oldest entry. */
  byHolder(tx: ForceTransaction, list: CrimeWorklist) {
    const column = enteredColumn(list)
    return within(tx.selectFrom('crime'), list)
      .leftJoin('userAccount', (join) =>
        join
          .onRef('userAccount.forceId', '=', 'crime.forceId')
          .onRef('userAccount.userId', '=', 'crime.assignedUserId'),
      )
      .select((eb) => [
        'crime.assignedUserId',
        eb.fn.max('userAccount.displayName').as('displayName'),
        eb.fn.countAll<number>().as('count'),
        eb.fn.min(column).as('oldest'),
      ])
      .groupBy('crime.assignedUserId')
      .orderBy('count', 'desc')
      .orderBy('crime.assignedUserId')
      .execute()
  }

  /** Open crimes per person and status; all holders, or only these people. */
  openWorkByHolder(tx: ForceTransaction, userIds?: readonly string[]) {
    return tx
      .selectFrom('crime')
      .select((eb) => ['crime.assignedUserId', 'crime.status', eb.fn.countAll<number>().as('count')])
      .where('crime.assignedUserId', 'is not', null)
      .where(sql<boolean>`crime.status in (${sql.join(OPEN_STATUSES.map((s) => sql.lit(s)))})`)
      .$if(userIds !== undefined, (q) =>
        q.where('crime.assignedUserId', 'in', userIds!.length > 0 ? [...userIds!] : [NO_ID]),
      )
      .groupBy(['crime.assignedUserId', 'crime.status'])
      .execute() as Promise<Array<{ assignedUserId: string; status: string; count: number }>>
  }

  /** Open crimes per unit and status. */
  openWorkByUnit(tx: ForceTransaction) {
    return tx
      .selectFrom('crime')
      .select((eb) => ['crime.assignedUnitId', 'crime.status', eb.fn.countAll<number>().as('count')])
      .where('crime.assignedUnitId', 'is not', null)
      .where(sql<boolean>`crime.status in (${sql.join(OPEN_STATUSES.map((s) => sql.lit(s)))})`)
      .groupBy(['crime.assignedUnitId', 'crime.status'])
      .execute() as Promise<Array<{ assignedUnitId: string; status: string; count: number }>>
  }

  /** The chosen crimes themselves (a bulk action's confirmation page), in the order asked for. */
  chosen(tx: ForceTransaction, crimeIds: readonly string[]) {
    return worklistRows(tx.selectFrom('crime'), 'crime.statusChangedAt')
      .where('crime.crimeId', 'in', crimeIds.length > 0 ? [...crimeIds] : [NO_ID])
      .execute() as Promise<WorklistCrime[]>
  }

  /**
   * Status changes in [from, to), counted per Europe/London day and (from, to) status: the queues' daily flows
   * and, worked backwards from today's sizes, their past sizes.
   */
  async transitionsByDay(tx: ForceTransaction, from: Date, to: Date) {
    const counts = new Map<string, { day: string; fromStatus: string | null; toStatus: string; count: number }>()
    for (const row of await statusChangesByDay(tx, from, to)) {
      const key = `${row.day}|${row.fromStatus}|${row.toStatus}`
      const found = counts.get(key)
      if (found) {
        found.count += Number(row.count)
      } else {
        counts.set(key, { day: row.day, fromStatus: row.fromStatus, toStatus: row.toStatus, count: Number(row.count) })
      }
    }
    return [...counts.values()]
  }

  /** Crimes re-opened in [from, to) per Europe/London day (arrivals into the re-opened queue). */
  reopenedByDay(tx: ForceTransaction, from: Date, to: Date) {
    return tx
      .selectFrom('crimeStatusChange')
      .select((eb) => [
        sql<string>`to_char((changed_at at time zone 'Europe/London')::date, 'YYYY-MM-DD')`.as('day'),
        eb.fn.countAll<number>().as('count'),
      ])
      .where('changedAt', '>=', from)
      .where('changedAt', '<', to)
      .where('action', '=', 'reopen')
      .groupBy(sql`1`)
      .execute()
  }

  /**
   * Every status change of each crime re-opened in [from, to), in order: the re-opened queue's past, for the daily
   * snapshots' backfill (a crime is re-opened work while under investigation after its first re-opening).
   */
  reopenedHistories(tx: ForceTransaction, from: Date, to: Date) {
    return tx
      .selectFrom('crimeStatusChange')
      .select([
        'crimeStatusChange.crimeId',
        'crimeStatusChange.toStatus',
        'crimeStatusChange.action',
        'crimeStatusChange.changedAt',
      ])
      .where('crimeStatusChange.crimeId', 'in', (eb) =>
        eb
          .selectFrom('crimeStatusChange as reopen')
          .select('reopen.crimeId')
          .where('reopen.action', '=', 'reopen')
          .where('reopen.changedAt', '>=', from)
          .where('reopen.changedAt', '<', to),
      )
      .orderBy('crimeStatusChange.crimeId')
      .orderBy('crimeStatusChange.seq')
      .execute()
  }

  /** Rule 2: crimes recorded per Europe/London day in [from, to) and how many within 24 hours of the report. */
  recordedByDay(tx: ForceTransaction, from: Date, to: Date) {
    return tx
      .selectFrom('crime')
      .select((eb) => [
        sql<string>`to_char((recorded_at at time zone 'Europe/London')::date, 'YYYY-MM-DD')`.as('day'),
        eb.fn.countAll<number>().as('recorded'),
        eb.fn.countAll<number>().filterWhere('recordedLate', '=', false).as('onTime'),
      ])
      .where('recordedAt', '>=', from)
      .where('recordedAt', '<', to)
      .groupBy(sql`1`)
      .execute()
  }
}

const NO_ID = '00000000-0000-0000-0000-000000000000'

/**
 * Status changes in [from, to), counted per Europe/London day, (from, to) status and who made them: the one
 * reading of the crimes' flows, for the queues' daily flows and sizes and the capacity forecast's history.
 */
export function statusChangesByDay(tx: ForceTransaction, from: Date, to: Date) {
  return tx
    .selectFrom('crimeStatusChange')
    .select((eb) => [
      sql<string>`to_char((changed_at at time zone 'Europe/London')::date, 'YYYY-MM-DD')`.as('day'),
      'fromStatus',
      'toStatus',
      'changedBy',
      eb.fn.countAll<number>().as('count'),
    ])
    .where('changedAt', '>=', from)
    .where('changedAt', '<', to)
    .groupBy([sql`1`, 'fromStatus', 'toStatus', 'changedBy'])
    .execute()
}
