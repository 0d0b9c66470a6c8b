import type { Insertable, Selectable, Updateable } from 'kysely'
import type { ForceTransaction } from '../../platform/db/database.ts'
import type { IncidentTable } from '../../platform/db/tables/incidents.ts'

export type IncidentRow = Selectable<IncidentTable>
export type NewIncidentRow = Insertable<IncidentTable>

export interface IncidentListFilter {
  status?: 'open' | 'closed' | undefined
  /** Only open, crime-related incidents with no recording decision (the recording-decision-due queue). */
  decisionDue?: boolean | undefined
  /** Oldest first: by the recording-decision deadline (24 hours after receipt), the latest first. */
  oldestFirst?: boolean | undefined
  /** Keyset pagination, newest first: incidents received before this one. */
  before?: { receivedAt: Date; incidentId: string } | undefined
  /** Keyset pagination, oldest first: incidents received after this one. */
  after?: { receivedAt: Date; incidentId: string } | undefined
  limit: number
}

const LIST_COLUMNS = [
  'incidentId',
  'incidentNumber',
  'channel',
  'receivedAt',
  'openingCategory',
  'crimeRelated',
  'status',
  'recordingDecision',
] as const

/** Incidents and their daily numbering. One query per method, always in the caller's force-scoped transaction. */
export class IncidentsRepository {
  /** The next incident number for a day: the counter row is locked until the transaction ends. */
  async nextNumber(tx: ForceTransaction, day: string): Promise<number> {
    const row = await tx
      .insertInto('incidentCounter')
      .values({ day, lastValue: 1 })
      .onConflict((oc) =>
        oc.columns(['forceId', 'day']).doUpdateSet((eb) => ({ lastValue: eb('incidentCounter.lastValue', '+', 1) })),
      )
      .returning('lastValue')
      .executeTakeFirstOrThrow()
    return row.lastValue
  }

  /** Reserves a block of numbers for a day (bulk history loading); returns the first. */
  async reserveNumbers(tx: ForceTransaction, day: string, count: number): Promise<number> {
    const row = await tx
      .insertInto('incidentCounter')
      .values({ day, lastValue: count })
      .onConflict((oc) =>
        oc
          .columns(['forceId', 'day'])
          .doUpdateSet((eb) => ({ lastValue: eb('incidentCounter.lastValue', '+', count) })),
      )
      .returning('lastValue')
      .executeTakeFirstOrThrow()
    return row.lastValue - count + 1
  }

  insert(tx: ForceTransaction, incident: NewIncidentRow): Promise<IncidentRow> {
    return tx.insertInto('incident').values(incident).returningAll().executeTakeFirstOrThrow()
  }

  async setNumber(tx: ForceTransaction, incidentId: string, incidentNumber: string): Promise<void> {
    await tx.updateTable('incident').set({ incidentNumber }).where('incidentId', '=', incidentId).execute()
  }

  async insertMany(tx: ForceTransaction, incidents: readonly NewIncidentRow[]): Promise<void> {
    if (incidents.length > 0) {
      await tx.insertInto('incident').values(incidents).execute()
    }
  }

  find(tx: ForceTransaction, incidentId: string): Promise<IncidentRow | undefined> {
    return tx.selectFrom('incident').selectAll().where('incidentId', '=', incidentId).executeTakeFirst()
  }

  findByNumber(tx: ForceTransaction, incidentNumber: string): Promise<IncidentRow | undefined> {
    return tx.selectFrom('incident').selectAll().where('incidentNumber', '=', incidentNumber).executeTakeFirst()
  }

  findBySource(tx: ForceTransaction, sourceSystem: string, sourceReference: string): Promise<IncidentRow | undefined> {
    return tx
      .selectFrom('incident')
      .selectAll()
      .where('sourceSystem', '=', sourceSystem)
      .where('sourceReference', '=', sourceReference)
      .executeTakeFirst()
  }

  /** Takes the row lock, so decisions about the incident in this transaction see the latest version. */
  findForUpdate(tx: ForceTransaction, incidentId: string): Promise<IncidentRow | undefined> {
    return tx.selectFrom('incident').selectAll().where('incidentId', '=', incidentId).forUpdate().executeTakeFirst()
  }

  list(tx: ForceTransaction, filter: IncidentListFilter) {
    return tx
      .selectFrom('incident')
      .select(LIST_COLUMNS)
      .$if(filter.status !== undefined, (q) => q.where('status', '=', filter.status!))
      .$if(filter.decisionDue === true, (q) =>
        q.where('status', '=', 'open').where('crimeRelated', '=', true).where('recordingDecision', 'is', null),
      )
      .$if(filter.before !== undefined, (q) =>
        q.where((eb) =>
          eb.or([
            eb('receivedAt', '<', filter.before!.receivedAt),
            eb.and([
              eb('receivedAt', '=', filter.before!.receivedAt),
              eb('incidentId', '<', filter.before!.incidentId),
            ]),
          ]),
        ),
      )
      .$if(filter.after !== undefined, (q) =>
        q.where((eb) =>
          eb.or([
            eb('receivedAt', '>', filter.after!.receivedAt),
            eb.and([eb('receivedAt', '=', filter.after!.receivedAt), eb('incidentId', '>', filter.after!.incidentId)]),
          ]),
        ),
      )
      .orderBy('receivedAt', filter.oldestFirst ? 'asc' : 'desc')
      .orderBy('incidentId', filter.oldestFirst ? 'asc' : 'desc')
      .limit(filter.limit)
      .execute()
  }

  /** Optimistic concurrency: changes the row only at the version the person saw; undefined if it moved on. */
  update(
    tx: ForceTransaction,
    incidentId: string,
    expectedVersion: number,
    changes: Updateable<IncidentTable>,
  ): Promise<IncidentRow | undefined> {
    return tx
      .updateTable('incident')
      .set((eb) => ({ ...changes, version: eb('version', '+', 1) }))
      .where('incidentId', '=', incidentId)
      .where('version', '=', expectedVersion)
      .returningAll()
      .executeTakeFirst()
  }
}
