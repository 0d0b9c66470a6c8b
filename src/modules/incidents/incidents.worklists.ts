import { sql, type SelectQueryBuilder } from 'kysely'
import type { ForceTransaction } from '../../platform/db/database.ts'
import type { Database } from '../../platform/db/schema.ts'

/**
 * The incident table's reads for the recording-decision-due queue (queues module, issue 4): open, crime-related
 * incidents with no crime recording decision yet, due 24 hours after receipt (DOMAIN.md §1.3). Every query stays
 * inside the queue's partial index (migration 20261126T1200-create-queue-indexes), so its cost is the size of the
 * queue, never the number of incidents the force has logged.
 *
 * One query per method, in the caller's force-scoped transaction.
 */

/** Incident qualifiers that stand for the queues' flags (incidents.rules.ts QUALIFIERS). */
export const FLAG_QUALIFIERS = {
  domesticAbuse: ['domestic-abuse'],
  vulnerableVictim: ['vulnerable-adult', 'child-at-risk'],
  hateCrime: ['hate'],
} as const

export type IncidentWorklistFlag = keyof typeof FLAG_QUALIFIERS

export interface IncidentWorklist {
  /** Received after this instant (exclusive). */
  receivedAfter?: Date | null | undefined
  /** Received at or before this instant. */
  receivedAtOrBefore?: Date | null | undefined
  openingCategory?: string | undefined
  flags?: readonly IncidentWorklistFlag[] | undefined
}

export interface IncidentWorklistPage {
  order: 'asc' | 'desc'
  from?: { at: Date; id: string } | undefined
  limit: number
}

export interface WorklistIncident {
  incidentId: string
  incidentNumber: string
  channel: string
  receivedAt: Date
  openingCategory: string
  qualifiers: string[]
  version: number
}

type IncidentQuery = SelectQueryBuilder<Database, 'incident', object>

function within<Q extends IncidentQuery>(query: Q, list: IncidentWorklist): Q {
  // The partial index's predicate, word for word.
  let q = query.where(
    sql<boolean>`incident.status = 'open' and incident.crime_related and incident.recording_decision is null`,
  ) as Q
  if (list.receivedAfter) {
    q = q.where('incident.receivedAt', '>', list.receivedAfter) as Q
  }
  if (list.receivedAtOrBefore) {
    q = q.where('incident.receivedAt', '<=', list.receivedAtOrBefore) as Q
  }
  if (list.openingCategory !== undefined) {
    q = q.where('incident.openingCategory', '=', list.openingCategory) as Q
  }
  for (const flag of list.flags ?? []) {
    q = q.where(sql<boolean>`incident.qualifiers && ${sql.val([...FLAG_QUALIFIERS[flag]])}::text[]`) as Q
  }
  return q
}

export class IncidentWorklists {
  /** One page of the queue, keyset-paginated on (received at, incident id). */
  page(tx: ForceTransaction, list: IncidentWorklist, page: IncidentWorklistPage): Promise<WorklistIncident[]> {
    const comparison = page.order === 'asc' ? '>' : '<'
    return within(tx.selectFrom('incident'), list)
      .select([
        'incident.incidentId',
        'incident.incidentNumber',
        'incident.channel',
        'incident.receivedAt',
        'incident.openingCategory',
        'incident.qualifiers',
        'incident.version',
      ])
      .$if(page.from !== undefined, (q) =>
        q.where((eb) =>
          eb(
            eb.refTuple('incident.receivedAt', 'incident.incidentId'),
            comparison,
            eb.tuple(page.from!.at, page.from!.id),
          ),
        ),
      )
      .orderBy('incident.receivedAt', page.order)
      .orderBy('incident.incidentId', page.order)
      .limit(page.limit)
      .execute()
  }

  /** Count, oldest receipt, count per receipt window (the ageing buckets) and overdue count. */
  async stats(
    tx: ForceTransaction,
    list: IncidentWorklist,
    windows: ReadonlyArray<{ after: Date | null; atOrBefore: Date | null }>,
    overdueAtOrBefore: Date | null,
  ): Promise<{ count: number; oldest: Date | null; buckets: number[]; overdue: number }> {
    const row = await within(tx.selectFrom('incident'), list)
      .select((eb) => [
        eb.fn.countAll<number>().as('count'),
        eb.fn.min('incident.receivedAt').as('oldest'),
        overdueAtOrBefore
          ? eb.fn.countAll<number>().filterWhere('incident.receivedAt', '<=', overdueAtOrBefore).as('overdue')
          : sql<number>`0`.as('overdue'),
        ...windows.map((window, i) =>
          eb.fn
            .countAll<number>()
            .filterWhere((w) =>
              w.and([
                ...(window.after ? [w('incident.receivedAt', '>', window.after)] : []),
                ...(window.atOrBefore ? [w('incident.receivedAt', '<=', window.atOrBefore)] : []),
              ]),
            )
            .as(`b${i}`),
        ),
      ])
      .executeTakeFirstOrThrow()
    const values = row as unknown as Record<string, number | Date | null>
    return {
      count: Number(values.count),
      oldest: (values.oldest as Date | null) ?? null,
      overdue: Number(values.overdue),
      buckets: windows.map((_, i) => Number(values[`b${i}`])),
    }
  }

  /** The opening categories in the queue, with counts (the filter's choices). */
  openingCategories(tx: ForceTransaction, list: IncidentWorklist) {
    return within(tx.selectFrom('incident'), { ...list, openingCategory: undefined })
      .select((eb) => ['incident.openingCategory', eb.fn.countAll<number>().as('count')])
      .groupBy('incident.openingCategory')
      .orderBy('incident.openingCategory')
      .execute()
  }

  /**
   * Crime-related incidents received in [from, to), each with when it left the queue (its recording decision or
   * closure, whichever came first; null while still waiting): the queue's past, for the daily snapshots.
   */
  waitingSpans(tx: ForceTransaction, from: Date, to: Date): Promise<Array<{ receivedAt: Date; leftAt: Date | null }>> {
    return tx
      .selectFrom('incident')
      .select([
        'incident.receivedAt',
        sql<Date | null>`least(incident.recording_decision_at, incident.closed_at)`.as('leftAt'),
      ])
      .where('incident.receivedAt', '>=', from)
      .where('incident.receivedAt', '<', to)
      .where('incident.crimeRelated', '=', true)
      .execute()
  }
}
