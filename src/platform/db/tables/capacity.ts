import type { Generated } from 'kysely'
import type { ForceId } from './platform.ts'

export interface CapacitySettingTable {
  forceId: ForceId
  workloadNorm: number
  historyWeeks: number
  unitId: string | null
  version: Generated<number>
  updatedAt: Date
  updatedByName: string
}

export interface CapacityQueueSettingTable {
  forceId: ForceId
  queue: string
  skillCode: string | null
  threshold: number | null
  updatedAt: Date
}

export interface CapacityTables {
  capacitySetting: CapacitySettingTable
  capacityQueueSetting: CapacityQueueSettingTable
}
