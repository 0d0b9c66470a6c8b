import type { Generated } from 'kysely'
import type { ForceId } from './platform.ts'

export interface OpenDataCrimeTypeMapVersionTable {
  forceId: ForceId
  version: string
  source: string
  current: Generated<boolean>
  entryCount: number
  importedAt: Date
  importedBy: string
}

export interface OpenDataCrimeTypeMapTable {
  forceId: ForceId
  version: string
  matchKind: 'code' | 'group'
  matchValue: string
  crimeType: string | null
}

export interface OpenDataMapPointTable {
  forceId: ForceId
  pointId: number
  longitude: number
  latitude: number
  location: string
  lsoaCode: string
  lsoaName: string
}

export interface OpenDataFileTable {
  forceId: ForceId
  fileId: string
  kind: 'street' | 'outcomes'
  month: string
  fallsWithin: string
  fileName: string
  sha256: string
  rowCount: number
  skippedRows: Generated<number>
  importedAt: Date
  importedBy: string
}

interface PublishedLocation {
  forceId: ForceId
  fileId: string
  line: number
  crimeId: string
  month: string
  reportedBy: string
  fallsWithin: string
  longitude: number | null
  latitude: number | null
  location: string
  lsoaCode: string
  lsoaName: string
}

export interface OpenDataStreetRowTable extends PublishedLocation {
  crimeType: string
  lastOutcomeCategory: string
  context: string
}

export interface OpenDataOutcomeRowTable extends PublishedLocation {
  outcomeType: string
}

export interface OpenDataPopulationTable {
  forceId: ForceId
  fallsWithin: string
  population: number
  source: string
  updatedAt: Date
  updatedBy: string
}

export interface OpenDataTables {
  openDataCrimeTypeMapVersion: OpenDataCrimeTypeMapVersionTable
  openDataCrimeTypeMap: OpenDataCrimeTypeMapTable
  openDataMapPoint: OpenDataMapPointTable
  openDataFile: OpenDataFileTable
  openDataStreetRow: OpenDataStreetRowTable
  openDataOutcomeRow: OpenDataOutcomeRowTable
  openDataPopulation: OpenDataPopulationTable
}
