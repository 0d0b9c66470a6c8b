import type { Generated } from 'kysely'
import type { ForceId } from './platform.ts'

export type UnitType =
  'control_room' | 'investigation_management' | 'investigation' | 'response' | 'safeguarding' | 'victim_care' | 'other'

export interface UnitTable {
  forceId: ForceId
  unitId: string
  name: string
  unitType: UnitType
  function: string
  location: string
  hours: string
  contact: string
  whatToSend: string
  takesIncidents: Generated<boolean>
  takesCrimes: Generated<boolean>
  active: Generated<boolean>
  version: Generated<number>
  createdAt: Date
  updatedAt: Date
}

export interface DirectoryTables {
  unit: UnitTable
}
