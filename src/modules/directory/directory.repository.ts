import type { ForceTransaction } from '../../platform/db/database.ts'
import type { UnitType } from './directory.rules.ts'

export interface UnitValues {
  name: string
  unitType: UnitType
  function: string
  location: string
  hours: string
  contact: string
  whatToSend: string
  takesIncidents: boolean
  takesCrimes: boolean
  active: boolean
}

const UNIT_COLUMNS = [
  'unitId',
  'name',
  'unitType',
  'function',
  'location',
  'hours',
  'contact',
  'whatToSend',
  'takesIncidents',
  'takesCrimes',
  'active',
  'version',
  'updatedAt',
] as const

/** The `unit` table. One query per method; the service holds the transaction. */
export class DirectoryRepository {
  listUnits(tx: ForceTransaction) {
    return tx.selectFrom('unit').select(UNIT_COLUMNS).orderBy('active', 'desc').orderBy('name').execute()
  }

  findUnit(tx: ForceTransaction, unitId: string) {
    return tx.selectFrom('unit').select(UNIT_COLUMNS).where('unitId', '=', unitId).executeTakeFirst()
  }

  /** Open units taking incidents or crimes, for the routing panel. */
  unitsTaking(tx: ForceTransaction, work: 'incident' | 'crime') {
    return tx
      .selectFrom('unit')
      .select(UNIT_COLUMNS)
      .where('active', '=', true)
      .where(work === 'incident' ? 'takesIncidents' : 'takesCrimes', '=', true)
      .orderBy('name')
      .execute()
  }

  unitsOfType(tx: ForceTransaction, unitType: UnitType) {
    return tx.selectFrom('unit').select(UNIT_COLUMNS).where('unitType', '=', unitType).orderBy('name').execute()
  }

  nameTaken(tx: ForceTransaction, name: string, exceptUnitId?: string) {
    return tx
      .selectFrom('unit')
      .select('unitId')
      .where((eb) => eb(eb.fn('lower', ['name']), '=', name.toLowerCase()))
      .$if(exceptUnitId !== undefined, (q) => q.where('unitId', '<>', exceptUnitId!))
      .executeTakeFirst()
  }

  async insertUnit(tx: ForceTransaction, unit: UnitValues & { unitId: string; now: Date }): Promise<void> {
    const { now, ...values } = unit
    await tx
      .insertInto('unit')
      .values({ ...values, createdAt: now, updatedAt: now })
      .execute()
  }

  /** Changes a unit if nobody has since; undefined when the version is stale (or the unit is gone). */
  updateUnit(tx: ForceTransaction, unitId: string, expectedVersion: number, values: UnitValues, now: Date) {
    return tx
      .updateTable('unit')
      .set((eb) => ({ ...values, updatedAt: now, version: eb('version', '+', 1) }))
      .where('unitId', '=', unitId)
      .where('version', '=', expectedVersion)
      .returning('version')
      .executeTakeFirst()
  }
}
