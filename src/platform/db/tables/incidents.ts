import type { ColumnType, Generated } from 'kysely'
import type { ForceId } from './platform.ts'

export interface IncidentCounterTable {
  forceId: ForceId
  /** YYYY-MM-DD */
  day: string
  lastValue: number
}

export interface IncidentTable {
  forceId: ForceId
  incidentId: string
  incidentNumber: string
  channel: string
  receivedAt: Date
  locationId: string | null
  reportingPersonId: string | null
  openingCategory: string
  qualifiers: ColumnType<string[], string[] | undefined, string[]>
  narrative: Generated<string>
  crimeRelated: boolean
  rapeReported: Generated<boolean>
  status: Generated<'open' | 'closed'>
  closingCategory: string | null
  closingRationale: string | null
  closedAt: Date | null
  closedBy: string | null
  recordingDecision: 'crimed' | 'not_crimed' | null
  recordingDecisionAt: Date | null
  recordingDecisionBy: string | null
  nonCrimeReason: string | null
  nonCrimeRationale: string | null
  victimInformed: boolean | null
  victimNotInformedReason: string | null
  sourceSystem: string | null
  sourceReference: string | null
  submissionHash: string | null
  createdAt: Date
  createdBy: string
  updatedAt: Date
  version: Generated<number>
}

export interface IncidentsTables {
  incidentCounter: IncidentCounterTable
  incident: IncidentTable
}
