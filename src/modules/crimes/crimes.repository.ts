import { sql, type Insertable, type Selectable, type Updateable } from 'kysely'
import type { ForceTransaction } from '../../platform/db/database.ts'
import type {
  CrimeCancellationTable,
  CrimeClassificationTable,
  CrimeOutcomeTable,
  CrimeStatusChangeTable,
  CrimeTable,
  CrimeTransferTable,
  N100Table,
} from '../../platform/db/tables/crimes.ts'
import { CrimesReferenceRepository } from './crimes.reference.repository.ts'

export type CrimeRow = Selectable<CrimeTable>
export type NewCrimeRow = Insertable<CrimeTable>
export type StatusChangeRow = Selectable<CrimeStatusChangeTable>
export type ClassificationRow = Selectable<CrimeClassificationTable>
export type OutcomeRow = Selectable<CrimeOutcomeTable>
export type CancellationRow = Selectable<CrimeCancellationTable>
export type TransferRow = Selectable<CrimeTransferTable>
export type N100Row = Selectable<N100Table>
export type { OffenceCodeRecord, OffenceCodeVersionRow } from './crimes.reference.repository.ts'

export interface CrimeListFilter {
  status?: readonly string[] | undefined
  reference?: string | undefined
  assignedUserId?: string | undefined
  before?: { recordedAt: Date; crimeId: string } | undefined
  limit: number
}

const LIST_COLUMNS = [
  'crimeId',
  'crimeReference',
  'incidentId',
  'status',
  'statusChangedAt',
  'reportedAt',
  'recordedAt',
  'recordedLate',
  'offenceCode',
  'offenceGroup',
  'assignedUserId',
  'assignedUnitId',
  'outcomeType',
  'version',
] as const

/**
 * Crimes, their histories, N100s, drafts and (from CrimesReferenceRepository) the crime-recording reference data.
 * One query per method, always in the caller's force-scoped transaction.
 */
export class CrimesRepository extends CrimesReferenceRepository {
  // Crimes --------------------------------------------------------------------------------------------------------

  /** The next number in the year's sequence: the counter row is locked until the transaction ends. */
  async nextReferenceSeq(tx: ForceTransaction, year: number): Promise<number> {
    const row = await tx
      .insertInto('crimeReferenceCounter')
      .values({ year, lastValue: 1 })
      .onConflict((oc) =>
        oc
          .columns(['forceId', 'year'])
          .doUpdateSet((eb) => ({ lastValue: eb('crimeReferenceCounter.lastValue', '+', 1) })),
      )
      .returning('lastValue')
      .executeTakeFirstOrThrow()
    return row.lastValue
  }

  /** Reserves a block of numbers (bulk history loading); returns the first. */
  async reserveReferenceSeqs(tx: ForceTransaction, year: number, count: number): Promise<number> {
    const row = await tx
      .insertInto('crimeReferenceCounter')
      .values({ year, lastValue: count })
      .onConflict((oc) =>
        oc
          .columns(['forceId', 'year'])
          .doUpdateSet((eb) => ({ lastValue: eb('crimeReferenceCounter.lastValue', '+', count) })),
      )
      .returning('lastValue')
      .executeTakeFirstOrThrow()
    return row.lastValue - count + 1
  }

  insertCrime(tx: ForceTransaction, row: NewCrimeRow): Promise<CrimeRow> {
    return tx.insertInto('crime').values(row).returningAll().executeTakeFirstOrThrow()
  }

  async insertCrimes(tx: ForceTransaction, rows: readonly NewCrimeRow[]): Promise<void> {
    if (rows.length > 0) {
      await tx.insertInto('crime').values(rows).execute()
    }
  }

  findCrime(tx: ForceTransaction, crimeId: string): Promise<CrimeRow | undefined> {
    return tx.selectFrom('crime').selectAll().where('crimeId', '=', crimeId).executeTakeFirst()
  }

  /**
   * The crime, locked until the transaction ends: concurrent actions on one crime queue here, so each sees the
   * version the one before it left (and a stale one is a clear conflict, not a clash over the history's keys).
   */
  findCrimeForUpdate(tx: ForceTransaction, crimeId: string): Promise<CrimeRow | undefined> {
    return tx.selectFrom('crime').selectAll().where('crimeId', '=', crimeId).forUpdate().executeTakeFirst()
  }

  findByReference(tx: ForceTransaction, crimeReference: string): Promise<CrimeRow | undefined> {
    return tx.selectFrom('crime').selectAll().where('crimeReference', '=', crimeReference).executeTakeFirst()
  }

  findBySource(tx: ForceTransaction, sourceSystem: string, sourceReference: string): Promise<CrimeRow | undefined> {
    return tx
      .selectFrom('crime')
      .selectAll()
      .where('sourceSystem', '=', sourceSystem)
      .where('sourceReference', '=', sourceReference)
      .executeTakeFirst()
  }

  /** The live crime for this victim from this incident, if one was recorded (one crime per victim). */
  findForIncidentVictim(tx: ForceTransaction, incidentId: string, victimKey: string): Promise<CrimeRow | undefined> {
    return tx
      .selectFrom('crime')
      .selectAll()
      .where('incidentId', '=', incidentId)
      .where('victimKey', '=', victimKey)
      .where('status', 'not in', ['cancelled', 'transferred'])
      .executeTakeFirst()
  }

  forIncident(tx: ForceTransaction, incidentId: string) {
    return tx
      .selectFrom('crime')
      .select([
        'crimeId',
        'crimeReference',
        'status',
        'offenceCode',
        'offenceCodeVersion',
        'offenceGroup',
        'recordedAt',
      ])
      .where('incidentId', '=', incidentId)
      .orderBy('recordedAt')
      .execute()
  }

  /** Crimes against the same victim in the same offence group: the candidates for the duplicate check. */
  list(tx: ForceTransaction, filter: CrimeListFilter) {
    return tx
      .selectFrom('crime')
      .select(LIST_COLUMNS)
      .$if(filter.status !== undefined && filter.status.length > 0, (q) => q.where('status', 'in', [...filter.status!]))
      .$if(filter.reference !== undefined, (q) => q.where('crimeReference', '=', filter.reference!))
      .$if(filter.assignedUserId !== undefined, (q) => q.where('assignedUserId', '=', filter.assignedUserId!))
      .$if(filter.before !== undefined, (q) =>
        q.where((eb) =>
          eb.or([
            eb('recordedAt', '<', filter.before!.recordedAt),
            eb.and([eb('recordedAt', '=', filter.before!.recordedAt), eb('crimeId', '<', filter.before!.crimeId)]),
          ]),
        ),
      )
      .orderBy('recordedAt', 'desc')
      .orderBy('crimeId', 'desc')
      .limit(filter.limit)
      .execute()
  }

  /** Optimistic concurrency: changes the crime only at the version the person saw; undefined if it moved on. */
  updateCrime(
    tx: ForceTransaction,
    crimeId: string,
    expectedVersion: number,
    changes: Updateable<CrimeTable>,
  ): Promise<CrimeRow | undefined> {
    return tx
      .updateTable('crime')
      .set((eb) => ({ ...changes, version: eb('version', '+', 1) }))
      .where('crimeId', '=', crimeId)
      .where('version', '=', expectedVersion)
      .returningAll()
      .executeTakeFirst()
  }

  async insertStatusChanges(
    tx: ForceTransaction,
    rows: ReadonlyArray<Insertable<CrimeStatusChangeTable>>,
  ): Promise<void> {
    if (rows.length > 0) {
      await tx.insertInto('crimeStatusChange').values(rows).execute()
    }
  }

  statusChanges(tx: ForceTransaction, crimeId: string): Promise<StatusChangeRow[]> {
    return tx.selectFrom('crimeStatusChange').selectAll().where('crimeId', '=', crimeId).orderBy('seq').execute()
  }

  async insertClassifications(
    tx: ForceTransaction,
    rows: ReadonlyArray<Insertable<CrimeClassificationTable>>,
  ): Promise<void> {
    if (rows.length > 0) {
      await tx.insertInto('crimeClassification').values(rows).execute()
    }
  }

  classifications(tx: ForceTransaction, crimeId: string): Promise<ClassificationRow[]> {
    return tx.selectFrom('crimeClassification').selectAll().where('crimeId', '=', crimeId).orderBy('seq').execute()
  }

  async insertOutcomes(tx: ForceTransaction, rows: ReadonlyArray<Insertable<CrimeOutcomeTable>>): Promise<void> {
    if (rows.length > 0) {
      await tx.insertInto('crimeOutcome').values(rows).execute()
    }
  }

  outcomes(tx: ForceTransaction, crimeId: string): Promise<OutcomeRow[]> {
    return tx.selectFrom('crimeOutcome').selectAll().where('crimeId', '=', crimeId).orderBy('seq').execute()
  }

  async insertCancellation(tx: ForceTransaction, row: Insertable<CrimeCancellationTable>): Promise<void> {
    await tx.insertInto('crimeCancellation').values(row).execute()
  }

  pendingCancellation(tx: ForceTransaction, crimeId: string): Promise<CancellationRow | undefined> {
    return tx
      .selectFrom('crimeCancellation')
      .selectAll()
      .where('crimeId', '=', crimeId)
      .where('decision', 'is', null)
      .executeTakeFirst()
  }

  decideCancellation(tx: ForceTransaction, cancellationId: string, decision: Updateable<CrimeCancellationTable>) {
    return tx
      .updateTable('crimeCancellation')
      .set(decision)
      .where('cancellationId', '=', cancellationId)
      .where('decision', 'is', null)
      .returningAll()
      .executeTakeFirst()
  }

  /** The cancellation that was authorised, most recent first (the one a reinstatement reverses). */
  authorisedCancellation(tx: ForceTransaction, crimeId: string): Promise<CancellationRow | undefined> {
    return tx
      .selectFrom('crimeCancellation')
      .selectAll()
      .where('crimeId', '=', crimeId)
      .where('decision', '=', 'authorised')
      .orderBy('decidedAt', 'desc')
      .orderBy('cancellationId', 'desc')
      .limit(1)
      .executeTakeFirst()
  }

  reverseCancellation(
    tx: ForceTransaction,
    cancellationId: string,
    reversal: { reversedAt: Date; reversedBy: string; reversedByName: string; reversalReason: string },
  ) {
    return tx
      .updateTable('crimeCancellation')
      .set({ ...reversal, decision: 'reversed' })
      .where('cancellationId', '=', cancellationId)
      .where('decision', '=', 'authorised')
      .returning('cancellationId')
      .executeTakeFirst()
  }

  cancellations(tx: ForceTransaction, crimeId: string): Promise<CancellationRow[]> {
    return tx
      .selectFrom('crimeCancellation')
      .selectAll()
      .where('crimeId', '=', crimeId)
      .orderBy('requestedAt')
      .execute()
  }

  async insertTransfer(tx: ForceTransaction, row: Insertable<CrimeTransferTable>): Promise<void> {
    await tx.insertInto('crimeTransfer').values(row).execute()
  }

  openTransfer(tx: ForceTransaction, crimeId: string): Promise<TransferRow | undefined> {
    return tx
      .selectFrom('crimeTransfer')
      .selectAll()
      .where('crimeId', '=', crimeId)
      .where('status', '=', 'requested')
      .executeTakeFirst()
  }

  decideTransfer(tx: ForceTransaction, transferId: string, decision: Updateable<CrimeTransferTable>) {
    return tx
      .updateTable('crimeTransfer')
      .set(decision)
      .where('transferId', '=', transferId)
      .where('status', '=', 'requested')
      .returningAll()
      .executeTakeFirst()
  }

  transfers(tx: ForceTransaction, crimeId: string): Promise<TransferRow[]> {
    return tx.selectFrom('crimeTransfer').selectAll().where('crimeId', '=', crimeId).orderBy('requestedAt').execute()
  }

  // Timeliness ---------------------------------------------------------------------------------------------------

  /** Crimes recorded in a period and how many of them late (rule 2), by ISO week (Europe/London). */
  timelinessByWeek(tx: ForceTransaction, from: Date, to: Date) {
    return tx
      .selectFrom('crime')
      .select((eb) => [
        sql<string>`to_char(date_trunc('week', recorded_at at time zone 'Europe/London'), 'YYYY-MM-DD')`.as(
          'weekStarting',
        ),
        eb.fn.countAll<number>().as('recorded'),
        eb.fn.count<number>('crimeId').filterWhere('recordedLate', '=', true).as('late'),
      ])
      .where('recordedAt', '>=', from)
      .where('recordedAt', '<', to)
      .groupBy(sql`1`)
      .orderBy(sql`1`)
      .execute()
  }

  // N100s ---------------------------------------------------------------------------------------------------------

  async insertN100s(tx: ForceTransaction, rows: ReadonlyArray<Insertable<N100Table>>): Promise<void> {
    if (rows.length > 0) {
      await tx.insertInto('n100').values(rows).execute()
    }
  }

  findN100(tx: ForceTransaction, n100Id: string): Promise<N100Row | undefined> {
    return tx.selectFrom('n100').selectAll().where('n100Id', '=', n100Id).executeTakeFirst()
  }

  openN100ForIncident(tx: ForceTransaction, incidentId: string): Promise<N100Row | undefined> {
    return tx
      .selectFrom('n100')
      .selectAll()
      .where('incidentId', '=', incidentId)
      .where('status', '=', 'open')
      .executeTakeFirst()
  }

  n100sFor(tx: ForceTransaction, column: 'incidentId' | 'crimeId', id: string): Promise<N100Row[]> {
    return tx.selectFrom('n100').selectAll().where(column, '=', id).orderBy('createdAt').execute()
  }

  listN100s(tx: ForceTransaction, status: 'open' | 'converted' | 'closed' | undefined, limit: number) {
    return tx
      .selectFrom('n100')
      .leftJoin('incident', (join) =>
        join.onRef('incident.forceId', '=', 'n100.forceId').onRef('incident.incidentId', '=', 'n100.incidentId'),
      )
      .leftJoin('crime', (join) =>
        join.onRef('crime.forceId', '=', 'n100.forceId').onRef('crime.crimeId', '=', 'n100.crimeId'),
      )
      .select([
        'n100.n100Id',
        'n100.incidentId',
        'n100.crimeId',
        'n100.status',
        'n100.reason',
        'n100.createdAt',
        'n100.createdByName',
        'incident.incidentNumber',
        'crime.crimeReference',
      ])
      .$if(status !== undefined, (q) => q.where('n100.status', '=', status!))
      .orderBy('n100.createdAt', 'desc')
      .limit(limit)
      .execute()
  }

  updateN100(tx: ForceTransaction, n100Id: string, expectedVersion: number, changes: Updateable<N100Table>) {
    return tx
      .updateTable('n100')
      .set((eb) => ({ ...changes, version: eb('version', '+', 1) }))
      .where('n100Id', '=', n100Id)
      .where('version', '=', expectedVersion)
      .returningAll()
      .executeTakeFirst()
  }

  // Drafts of the record-a-crime page flow -------------------------------------------------------------------------

  /**
   * Starts a draft unless this person already has one open for this incident (or, with no incident, for a direct
   * report): then returns undefined and leaves theirs as it is.
   */
  insertDraft(
    tx: ForceTransaction,
    row: {
      draftId: string
      incidentId: string | null
      createdBy: string
      createdAt: Date
      answers: Record<string, unknown>
    },
  ) {
    return tx
      .insertInto('crimeDraft')
      .values({ ...row, updatedAt: row.createdAt, answers: JSON.stringify(row.answers) })
      .onConflict((oc) => oc.columns(['forceId', 'createdBy', 'incidentId']).doNothing())
      .returning('draftId')
      .executeTakeFirst()
  }

  /** The draft this person has open for this incident (null: their direct-report draft). */
  openDraft(tx: ForceTransaction, createdBy: string, incidentId: string | null) {
    return tx
      .selectFrom('crimeDraft')
      .select(['draftId', 'updatedAt'])
      .where('createdBy', '=', createdBy)
      .where((eb) => (incidentId === null ? eb('incidentId', 'is', null) : eb('incidentId', '=', incidentId)))
      .executeTakeFirst()
  }

  /** Deletes drafts last touched before `before`; returns their ids. */
  async purgeDrafts(tx: ForceTransaction, before: Date): Promise<string[]> {
    const rows = await tx.deleteFrom('crimeDraft').where('updatedAt', '<', before).returning('draftId').execute()
    return rows.map((row) => row.draftId)
  }

  findDraft(tx: ForceTransaction, draftId: string, createdBy: string) {
    return tx
      .selectFrom('crimeDraft')
      .selectAll()
      .where('draftId', '=', draftId)
      .where('createdBy', '=', createdBy)
      .executeTakeFirst()
  }

  updateDraft(tx: ForceTransaction, draftId: string, answers: Record<string, unknown>, now: Date) {
    return tx
      .updateTable('crimeDraft')
      .set({ answers: JSON.stringify(answers), updatedAt: now })
      .where('draftId', '=', draftId)
      .returning('draftId')
      .executeTakeFirst()
  }

  async deleteDraft(tx: ForceTransaction, draftId: string): Promise<void> {
    await tx.deleteFrom('crimeDraft').where('draftId', '=', draftId).execute()
  }
}
