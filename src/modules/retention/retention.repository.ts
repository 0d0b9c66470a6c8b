import type { ForceTransaction } from '../../platform/db/database.ts'
import type { RetentionRecordTable, RetentionReviewTable } from '../../platform/db/tables/retention.ts'
import type { RetentionSchedule } from './retention.rules.ts'

export type RecordType = 'crime' | 'person'

const RECORD_COLUMNS = [
  'recordType',
  'recordId',
  'reference',
  'category',
  'countsFrom',
  'nextReviewOn',
  'status',
  'sourceVersion',
  'reviewedAt',
  'reviewedBy',
  'disposedAt',
  'version',
] as const

export interface ScheduledRecord {
  recordType: RecordType
  recordId: string
  reference: string
  category: string
  countsFrom: string
  nextReviewOn: string
  sourceVersion: number
}

/** The retention tables. One query per method; the service holds the transaction. */
export class RetentionRepository {
  schedules(tx: ForceTransaction) {
    return tx
      .selectFrom('retentionSchedule')
      .select(['category', 'label', 'description', 'reviewAfterYears', 'rank', 'version', 'updatedAt', 'updatedBy'])
      .orderBy('rank')
      .execute()
  }

  async insertSchedules(tx: ForceTransaction, schedules: readonly RetentionSchedule[], now: Date): Promise<void> {
    await tx
      .insertInto('retentionSchedule')
      .values(schedules.map((schedule) => ({ ...schedule, updatedAt: now, updatedBy: 'Tally' })))
      .onConflict((conflict) => conflict.columns(['forceId', 'category']).doNothing())
      .execute()
  }

  async updateSchedule(
    tx: ForceTransaction,
    category: string,
    expectedVersion: number,
    change: { reviewAfterYears: number; updatedAt: Date; updatedBy: string },
  ): Promise<boolean> {
    const result = await tx
      .updateTable('retentionSchedule')
      .set((eb) => ({ ...change, version: eb('version', '+', 1) }))
      .where('category', '=', category)
      .where('version', '=', expectedVersion)
      .executeTakeFirst()
    return result.numUpdatedRows === 1n
  }

  find(tx: ForceTransaction, recordType: RecordType, recordId: string) {
    return tx
      .selectFrom('retentionRecord')
      .select(RECORD_COLUMNS)
      .where('recordType', '=', recordType)
      .where('recordId', '=', recordId)
      .executeTakeFirst()
  }

  /** The records among `recordIds` (one page of the schedule run). */
  findMany(tx: ForceTransaction, recordType: RecordType, recordIds: readonly string[]) {
    if (recordIds.length === 0) {
      return Promise.resolve([])
    }
    return tx
      .selectFrom('retentionRecord')
      .select(RECORD_COLUMNS)
      .where('recordType', '=', recordType)
      .where('recordId', 'in', recordIds)
      .execute()
  }

  /** Writes records worked out by the schedule: new ones inserted, changed ones brought up to date. */
  async upsert(tx: ForceTransaction, records: readonly ScheduledRecord[], now: Date): Promise<void> {
    if (records.length === 0) {
      return
    }
    await tx
      .insertInto('retentionRecord')
      .values(records.map((record) => ({ ...record, createdAt: now, updatedAt: now })))
      .onConflict((conflict) =>
        conflict.columns(['forceId', 'recordType', 'recordId']).doUpdateSet((eb) => ({
          reference: eb.ref('excluded.reference'),
          category: eb.ref('excluded.category'),
          countsFrom: eb.ref('excluded.countsFrom'),
          nextReviewOn: eb.ref('excluded.nextReviewOn'),
          sourceVersion: eb.ref('excluded.sourceVersion'),
          updatedAt: now,
          version: eb('retentionRecord.version', '+', 1),
        })),
      )
      .execute()
  }

  /** Records whose review date has come, oldest first (the partial index keeps this cheap at any size). */
  due(tx: ForceTransaction, today: string, limit: number, offset: number) {
    return tx
      .selectFrom('retentionRecord')
      .select(RECORD_COLUMNS)
      .where('status', '=', 'retained')
      .where('nextReviewOn', '<=', today)
      .orderBy('nextReviewOn')
      .orderBy('recordType')
      .orderBy('recordId')
      .limit(limit)
      .offset(offset)
      .execute()
  }

  async dueCount(tx: ForceTransaction, today: string): Promise<number> {
    const row = await tx
      .selectFrom('retentionRecord')
      .select((eb) => eb.fn.countAll<string>().as('count'))
      .where('status', '=', 'retained')
      .where('nextReviewOn', '<=', today)
      .executeTakeFirstOrThrow()
    return Number(row.count)
  }

  /** Crimes among `crimeIds` still retained (or not yet scheduled), for refusing a person's disposal. */
  async retainedCrimes(tx: ForceTransaction, crimeIds: readonly string[]): Promise<string[]> {
    if (crimeIds.length === 0) {
      return []
    }
    const disposed = await tx
      .selectFrom('retentionRecord')
      .select('recordId')
      .where('recordType', '=', 'crime')
      .where('recordId', 'in', crimeIds)
      .where('status', '=', 'disposed')
      .execute()
    const gone = new Set(disposed.map((row) => row.recordId))
    return crimeIds.filter((crimeId) => !gone.has(crimeId))
  }

  async recordReview(
    tx: ForceTransaction,
    review: Omit<RetentionReviewTable, 'forceId'>,
    change: Pick<RetentionRecordTable, 'nextReviewOn'> & { status: 'retained' | 'disposed'; disposedAt: Date | null },
    expectedVersion: number,
  ): Promise<boolean> {
    const updated = await tx
      .updateTable('retentionRecord')
      .set((eb) => ({
        ...change,
        reviewedAt: review.reviewedAt,
        reviewedBy: review.reviewedByName,
        updatedAt: review.reviewedAt,
        version: eb('version', '+', 1),
      }))
      .where('recordType', '=', review.recordType)
      .where('recordId', '=', review.recordId)
      .where('version', '=', expectedVersion)
      .where('status', '=', 'retained')
      .executeTakeFirst()
    if (updated.numUpdatedRows !== 1n) {
      return false
    }
    await tx.insertInto('retentionReview').values(review).execute()
    return true
  }

  /** Marks a record disposed of as part of another's disposal (a person disposed of with their only crime). */
  async markDisposed(tx: ForceTransaction, recordType: RecordType, recordId: string, now: Date): Promise<void> {
    await tx
      .updateTable('retentionRecord')
      .set((eb) => ({ status: 'disposed', disposedAt: now, updatedAt: now, version: eb('version', '+', 1) }))
      .where('recordType', '=', recordType)
      .where('recordId', '=', recordId)
      .where('status', '=', 'retained')
      .execute()
  }

  reviewsOf(tx: ForceTransaction, recordType: RecordType, recordId: string) {
    return tx
      .selectFrom('retentionReview')
      .select(['reviewId', 'decision', 'reason', 'nextReviewOn', 'category', 'reviewedAt', 'reviewedByName'])
      .where('recordType', '=', recordType)
      .where('recordId', '=', recordId)
      .orderBy('reviewedAt', 'desc')
      .execute()
  }
}
