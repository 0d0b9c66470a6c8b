import type { Insertable, Selectable } from 'kysely'
import type { ForceTransaction } from '../../platform/db/database.ts'
import type { QueueSnapshotTable, RecordingDayTable, QueueSettingTable } from '../../platform/db/tables/queues.ts'

export type QueueSnapshotRow = Selectable<QueueSnapshotTable>
export type NewQueueSnapshot = Insertable<QueueSnapshotTable>
export type RecordingDayRow = Selectable<RecordingDayTable>
export type QueueSettingRow = Selectable<QueueSettingTable>

/**
 * The queues module's own tables: daily snapshots, daily recording counts and the force's alert threshold.
 * One query per method, in the caller's force-scoped transaction.
 */
export class QueuesRepository {
  /** The days from `from` to `to` (both included) that have snapshots. */
  async snapshotDays(tx: ForceTransaction, from: string, to: string): Promise<string[]> {
    const rows = await tx
      .selectFrom('queueSnapshot')
      .select('day')
      .distinct()
      .where('day', '>=', from)
      .where('day', '<=', to)
      .execute()
    return rows.map((row) => row.day)
  }

  /** Writes rows not already there: a day once written stays as written (snapshots are idempotent per day). */
  async insertSnapshots(tx: ForceTransaction, rows: readonly NewQueueSnapshot[]): Promise<number> {
    if (rows.length === 0) {
      return 0
    }
    const result = await tx
      .insertInto('queueSnapshot')
      .values([...rows])
      .onConflict((oc) => oc.columns(['forceId', 'day', 'queue']).doNothing())
      .executeTakeFirst()
    return Number(result.numInsertedOrUpdatedRows ?? 0)
  }

  async insertRecordingDays(tx: ForceTransaction, rows: ReadonlyArray<Insertable<RecordingDayTable>>): Promise<void> {
    if (rows.length > 0) {
      await tx
        .insertInto('recordingDay')
        .values([...rows])
        .onConflict((oc) => oc.columns(['forceId', 'day']).doNothing())
        .execute()
    }
  }

  /** Snapshots from `from` to `to` (days, both included), oldest first. */
  snapshots(tx: ForceTransaction, from: string, to: string): Promise<QueueSnapshotRow[]> {
    return tx
      .selectFrom('queueSnapshot')
      .selectAll()
      .where('day', '>=', from)
      .where('day', '<=', to)
      .orderBy('day')
      .orderBy('queue')
      .execute()
  }

  /** One queue's snapshot for one day. */
  snapshotOn(tx: ForceTransaction, queue: string, day: string): Promise<QueueSnapshotRow | undefined> {
    return tx
      .selectFrom('queueSnapshot')
      .selectAll()
      .where('queue', '=', queue)
      .where('day', '=', day)
      .executeTakeFirst()
  }

  recordingDays(tx: ForceTransaction, from: string, to: string): Promise<RecordingDayRow[]> {
    return tx
      .selectFrom('recordingDay')
      .selectAll()
      .where('day', '>=', from)
      .where('day', '<=', to)
      .orderBy('day')
      .execute()
  }

  setting(tx: ForceTransaction): Promise<QueueSettingRow | undefined> {
    return tx.selectFrom('queueSetting').selectAll().executeTakeFirst()
  }

  /** The force's first setting; undefined if someone else saved one first. */
  insertSetting(tx: ForceTransaction, row: Insertable<QueueSettingTable>): Promise<QueueSettingRow | undefined> {
    return tx
      .insertInto('queueSetting')
      .values(row)
      .onConflict((oc) => oc.column('forceId').doNothing())
      .returningAll()
      .executeTakeFirst()
  }

  /** Optimistic concurrency: changes the setting only at the version the person saw. */
  updateSetting(
    tx: ForceTransaction,
    expectedVersion: number,
    changes: { awaitingFilingThreshold: number; updatedAt: Date; updatedByName: string },
  ): Promise<QueueSettingRow | undefined> {
    return tx
      .updateTable('queueSetting')
      .set((eb) => ({ ...changes, version: eb('version', '+', 1) }))
      .where('version', '=', expectedVersion)
      .returningAll()
      .executeTakeFirst()
  }
}
