import type { ForceTransaction } from '../../platform/db/database.ts'

export interface UnitSettingsRow {
  workloadNorm: number
  historyWeeks: number
  unitId: string | null
  updatedAt: Date
  updatedByName: string
}

/** The force's forecast settings (capacity_setting, capacity_queue_setting). One query per method. */
export class CapacityRepository {
  unitSettings(tx: ForceTransaction) {
    return tx
      .selectFrom('capacitySetting')
      .select(['workloadNorm', 'historyWeeks', 'unitId', 'version', 'updatedAt', 'updatedByName'])
      .executeTakeFirst()
  }

  queueSettings(tx: ForceTransaction) {
    return tx.selectFrom('capacityQueueSetting').select(['queue', 'skillCode', 'threshold']).execute()
  }

  /** The first save of a force's settings; false if someone else saved first. */
  async insertUnitSettings(tx: ForceTransaction, row: UnitSettingsRow): Promise<boolean> {
    const inserted = await tx
      .insertInto('capacitySetting')
      .values(row)
      .onConflict((conflict) => conflict.column('forceId').doNothing())
      .returning('version')
      .executeTakeFirst()
    return inserted !== undefined
  }

  /** Saves over version `expectedVersion`; false if the settings changed since it was read. */
  async updateUnitSettings(tx: ForceTransaction, row: UnitSettingsRow, expectedVersion: number): Promise<boolean> {
    const updated = await tx
      .updateTable('capacitySetting')
      .set((eb) => ({ ...row, version: eb('version', '+', 1) }))
      .where('version', '=', expectedVersion)
      .returning('version')
      .executeTakeFirst()
    return updated !== undefined
  }

  async saveQueueSettings(
    tx: ForceTransaction,
    rows: ReadonlyArray<{ queue: string; skillCode: string | null; threshold: number | null; updatedAt: Date }>,
  ): Promise<void> {
    await tx
      .insertInto('capacityQueueSetting')
      .values([...rows])
      .onConflict((conflict) =>
        conflict.columns(['forceId', 'queue']).doUpdateSet((eb) => ({
          skillCode: eb.ref('excluded.skillCode'),
          threshold: eb.ref('excluded.threshold'),
          updatedAt: eb.ref('excluded.updatedAt'),
        })),
      )
      .execute()
  }
}
