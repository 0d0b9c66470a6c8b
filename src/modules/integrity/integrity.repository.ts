import type { Insertable, Selectable } from 'kysely'
import type { ForceTransaction } from '../../platform/db/database.ts'
import type { DetectorFindingTable, FindingStatus, NonCrimeReviewTable } from '../../platform/db/tables/integrity.ts'

export type NonCrimeReviewRow = Selectable<NonCrimeReviewTable>
export type FindingRow = Selectable<DetectorFindingTable>

/** An incident as the detector reads it. */
export interface ScanIncident {
  incidentId: string
  incidentNumber: string
  narrative: string
  openingCategory: string
  closingCategory: string | null
  closedAt: Date | null
}

/**
 * The integrity module's queries. Incidents and crimes are read here (never written): the module reports on
 * them the way an auditor reads records; every change to an incident or crime goes through its own service.
 */
export class IntegrityRepository {
  async queueNonCrimeClosure(tx: ForceTransaction, row: Insertable<NonCrimeReviewTable>): Promise<void> {
    await tx.insertInto('nonCrimeReview').values(row).execute()
  }

  nonCrimeReviews(tx: ForceTransaction, status: 'awaiting' | 'reviewed', limit = 200): Promise<NonCrimeReviewRow[]> {
    return tx
      .selectFrom('nonCrimeReview')
      .selectAll()
      .$if(status === 'awaiting', (q) => q.where('status', '=', 'awaiting').orderBy('closedAt', 'asc'))
      .$if(status === 'reviewed', (q) => q.where('status', '<>', 'awaiting').orderBy('reviewedAt', 'desc'))
      .limit(limit)
      .execute()
  }

  nonCrimeReview(tx: ForceTransaction, reviewId: string): Promise<NonCrimeReviewRow | undefined> {
    return tx.selectFrom('nonCrimeReview').selectAll().where('reviewId', '=', reviewId).executeTakeFirst()
  }

  decideNonCrimeReview(
    tx: ForceTransaction,
    reviewId: string,
    expectedVersion: number,
    decision: { status: 'agreed' | 'sent_back'; reviewedAt: Date; reviewedBy: string; reviewNote: string | null },
  ): Promise<NonCrimeReviewRow | undefined> {
    return tx
      .updateTable('nonCrimeReview')
      .set((eb) => ({ ...decision, version: eb('version', '+', 1) }))
      .where('reviewId', '=', reviewId)
      .where('version', '=', expectedVersion)
      .where('status', '=', 'awaiting')
      .returningAll()
      .executeTakeFirst()
  }

  /** Closed incidents with no crime recorded from them, closed since `since` (all if undefined), oldest first. */
  closedWithoutCrime(
    tx: ForceTransaction,
    options: { since?: Date | undefined; afterId?: string | undefined; limit: number },
  ): Promise<ScanIncident[]> {
    return tx
      .selectFrom('incident')
      .select(['incidentId', 'incidentNumber', 'narrative', 'openingCategory', 'closingCategory', 'closedAt'])
      .where('status', '=', 'closed')
      .where((eb) => eb.or([eb('recordingDecision', 'is', null), eb('recordingDecision', '=', 'not_crimed')]))
      .$if(options.since !== undefined, (q) => q.where('closedAt', '>=', options.since!))
      .$if(options.afterId !== undefined, (q) => q.where('incidentId', '>', options.afterId!))
      .orderBy('incidentId')
      .limit(options.limit)
      .execute()
  }

  incidentForScan(tx: ForceTransaction, incidentId: string): Promise<ScanIncident | undefined> {
    return tx
      .selectFrom('incident')
      .select(['incidentId', 'incidentNumber', 'narrative', 'openingCategory', 'closingCategory', 'closedAt'])
      .where('incidentId', '=', incidentId)
      .executeTakeFirst()
  }

  /** Records a finding, or refreshes the open one for the incident; a finding with a verdict is left alone. */
  async upsertFinding(tx: ForceTransaction, row: Insertable<DetectorFindingTable>): Promise<void> {
    await tx
      .insertInto('detectorFinding')
      .values(row)
      .onConflict((oc) =>
        oc
          .columns(['forceId', 'incidentId'])
          .doUpdateSet({ score: row.score, offenceGroup: row.offenceGroup, reasons: row.reasons, foundAt: row.foundAt })
          .where('detectorFinding.status', '=', 'open'),
      )
      .execute()
  }

  findings(tx: ForceTransaction, status: 'open' | 'reviewed', limit = 200): Promise<FindingRow[]> {
    return tx
      .selectFrom('detectorFinding')
      .selectAll()
      .$if(status === 'open', (q) => q.where('status', '=', 'open').orderBy('score', 'desc'))
      .$if(status === 'reviewed', (q) => q.where('status', '<>', 'open').orderBy('verdictAt', 'desc'))
      .limit(limit)
      .execute()
  }

  finding(tx: ForceTransaction, findingId: string): Promise<FindingRow | undefined> {
    return tx.selectFrom('detectorFinding').selectAll().where('findingId', '=', findingId).executeTakeFirst()
  }

  recordVerdict(
    tx: ForceTransaction,
    findingId: string,
    expectedVersion: number,
    verdict: {
      status: Exclude<FindingStatus, 'open'>
      verdictNote: string | null
      crimeId: string | null
      crimeReference: string | null
      verdictBy: string
      verdictAt: Date
    },
  ): Promise<FindingRow | undefined> {
    return tx
      .updateTable('detectorFinding')
      .set((eb) => ({ ...verdict, version: eb('version', '+', 1) }))
      .where('findingId', '=', findingId)
      .where('version', '=', expectedVersion)
      .where('status', '=', 'open')
      .returningAll()
      .executeTakeFirst()
  }

  /** Reviewed findings with the incident's words, for training: a crime (recorded now or elsewhere) or not. */
  reviewedForTraining(tx: ForceTransaction) {
    return tx
      .selectFrom('detectorFinding as f')
      .innerJoin('incident as i', (join) =>
        join.onRef('i.forceId', '=', 'f.forceId').onRef('i.incidentId', '=', 'f.incidentId'),
      )
      .select(['f.status', 'i.narrative', 'i.openingCategory', 'i.closingCategory'])
      .where('f.status', '<>', 'open')
      .execute()
  }

  model(tx: ForceTransaction) {
    return tx.selectFrom('detectorModel').selectAll().executeTakeFirst()
  }

  async saveModel(
    tx: ForceTransaction,
    model: { weights: Record<string, number>; bias: number; examples: number; trainedAt: Date },
  ): Promise<void> {
    const row = { ...model, weights: JSON.stringify(model.weights) }
    await tx
      .insertInto('detectorModel')
      .values(row)
      .onConflict((oc) => oc.column('forceId').doUpdateSet(row))
      .execute()
  }

  /** The crime with this reference recorded from this incident (a "crime recorded now" verdict links it). */
  crimeForIncident(tx: ForceTransaction, incidentId: string, crimeReference: string) {
    return tx
      .selectFrom('crime')
      .select(['crimeId', 'crimeReference'])
      .where('incidentId', '=', incidentId)
      .where('crimeReference', '=', crimeReference)
      .executeTakeFirst()
  }

  crimesForIncident(tx: ForceTransaction, incidentId: string) {
    return tx
      .selectFrom('crime')
      .select(['crimeId', 'crimeReference', 'offenceCode', 'status'])
      .where('incidentId', '=', incidentId)
      .orderBy('recordedAt')
      .execute()
  }
}
