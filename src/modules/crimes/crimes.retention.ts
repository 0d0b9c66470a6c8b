import { sql } from 'kysely'
import type { ForceTransaction } from '../../platform/db/database.ts'

/** What a crime's free text says once its retention review disposed of it (rule 21). */
export const REMOVED_AT_REVIEW = 'Removed at retention review'

/** What the retention module needs of a crime to work out its category and review date: no names, no narrative. */
export interface CrimeForRetentionReview {
  crimeId: string
  crimeReference: string
  offenceGroup: string
  offenceCode: string
  outcomeType: number | null
  status: string
  statusChangedAt: Date
  incidentId: string | null
  locationId: string | null
  victimPersonId: string | null
  version: number
}

const COLUMNS = [
  'crimeId',
  'crimeReference',
  'offenceGroup',
  'offenceCode',
  'outcomeType',
  'status',
  'statusChangedAt',
  'incidentId',
  'locationId',
  'victimPersonId',
  'version',
] as const

/**
 * Retention review (rule 21) over the crimes module's own tables: reads crimes for the schedule, and on disposal
 * removes the free text that may name people while the counting record stays (reference, offence code, dates,
 * outcome, status), so figures do not change. Every method runs in the caller's transaction.
 */
export class CrimeRetention {
  /** Crimes in id order after `afterCrimeId`, a page at a time, for working out every crime's review date. */
  crimesAfter(tx: ForceTransaction, afterCrimeId: string | null, limit: number): Promise<CrimeForRetentionReview[]> {
    return tx
      .selectFrom('crime')
      .select(COLUMNS)
      .$if(afterCrimeId !== null, (query) => query.where('crimeId', '>', afterCrimeId!))
      .orderBy('crimeId')
      .limit(limit)
      .execute()
  }

  crimesIn(tx: ForceTransaction, crimeIds: readonly string[]): Promise<CrimeForRetentionReview[]> {
    if (crimeIds.length === 0) {
      return Promise.resolve([])
    }
    return tx.selectFrom('crime').select(COLUMNS).where('crimeId', 'in', crimeIds).execute()
  }

  /** A crime's id from its reference (either case), for looking its retention up. */
  async crimeIdByReference(tx: ForceTransaction, crimeReference: string): Promise<string | undefined> {
    const row = await tx
      .selectFrom('crime')
      .select('crimeId')
      .where('crimeReference', 'in', [crimeReference.trim(), crimeReference.trim().toUpperCase()])
      .executeTakeFirst()
    return row?.crimeId
  }

  /** Other crimes recorded from the same incident or at the same place (their narrative and place then stay). */
  async sharedWith(tx: ForceTransaction, crime: CrimeForRetentionReview) {
    const others = await tx
      .selectFrom('crime')
      .select(['crimeId', 'incidentId', 'locationId'])
      .where('crimeId', '<>', crime.crimeId)
      .where((where) =>
        where.or([
          ...(crime.incidentId ? [where('incidentId', '=', crime.incidentId)] : []),
          ...(crime.locationId ? [where('locationId', '=', crime.locationId)] : []),
          sql<boolean>`false`,
        ]),
      )
      .limit(2)
      .execute()
    return {
      incidentShared: others.some((other) => crime.incidentId !== null && other.incidentId === crime.incidentId),
      locationShared: others.some((other) => crime.locationId !== null && other.locationId === crime.locationId),
    }
  }

  /**
   * Removes the crime's narrative: its summary and closing summaries, the reasons written on its status changes,
   * classifications, cancellation and transfer, and the victim and place keys made from names and addresses.
   * Returns how many pieces of free text were removed.
   */
  async eraseNarrative(tx: ForceTransaction, crimeId: string): Promise<number> {
    const removed = (rows: Array<{ numUpdatedRows: bigint }>) => rows.reduce((n, r) => n + Number(r.numUpdatedRows), 0)
    const updates = await Promise.all([
      tx
        .updateTable('crime')
        .set({
          summary: '',
          closingSummary: sql`case when closing_summary is null then null else ${REMOVED_AT_REVIEW} end`,
          victimKey: null,
          locationKey: null,
        })
        .where('crimeId', '=', crimeId)
        .executeTakeFirst(),
      tx
        .updateTable('crimeOutcome')
        .set({
          closingSummary: REMOVED_AT_REVIEW,
          reason: sql`case when reason is null then null else ${REMOVED_AT_REVIEW} end`,
        })
        .where('crimeId', '=', crimeId)
        .executeTakeFirst(),
      tx
        .updateTable('crimeStatusChange')
        .set({ reason: REMOVED_AT_REVIEW })
        .where('crimeId', '=', crimeId)
        .where('reason', 'is not', null)
        .executeTakeFirst(),
      tx
        .updateTable('crimeClassification')
        .set({ reason: REMOVED_AT_REVIEW })
        .where('crimeId', '=', crimeId)
        .where('reason', 'is not', null)
        .executeTakeFirst(),
      tx
        .updateTable('crimeCancellation')
        .set({
          rationale: REMOVED_AT_REVIEW,
          aviDescription: sql`case when avi_description is null then null else ${REMOVED_AT_REVIEW} end`,
          victimNotInformedReason: sql`case when victim_not_informed_reason is null then null else ${REMOVED_AT_REVIEW} end`,
          decisionReason: sql`case when decision_reason is null then null else ${REMOVED_AT_REVIEW} end`,
          reversalReason: sql`case when reversal_reason is null then null else ${REMOVED_AT_REVIEW} end`,
        })
        .where('crimeId', '=', crimeId)
        .executeTakeFirst(),
      tx
        .updateTable('crimeTransfer')
        .set({
          reason: REMOVED_AT_REVIEW,
          refusalReason: sql`case when refusal_reason is null then null else ${REMOVED_AT_REVIEW} end`,
        })
        .where('crimeId', '=', crimeId)
        .executeTakeFirst(),
    ])
    return removed(updates)
  }
}
