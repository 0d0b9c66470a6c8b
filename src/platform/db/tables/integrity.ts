import type { ColumnType, Generated } from 'kysely'
import type { ForceId } from './platform.ts'

type CalendarDay = string
type Json<T> = ColumnType<T, string, string>

export interface NonCrimeReviewTable {
  forceId: ForceId
  reviewId: string
  incidentId: string
  incidentNumber: string
  closedAt: Date
  closedBy: string
  nonCrimeReason: string
  nonCrimeRationale: string
  victimInformed: boolean | null
  status: Generated<'awaiting' | 'agreed' | 'sent_back'>
  reviewedAt: Date | null
  reviewedBy: string | null
  reviewNote: string | null
  version: Generated<number>
}

export type FindingStatus = 'open' | 'crime_recorded' | 'not_a_crime' | 'recorded_elsewhere'

export interface DetectorFindingTable {
  forceId: ForceId
  findingId: string
  incidentId: string
  incidentNumber: string
  foundAt: Date
  score: number
  offenceGroup: string | null
  reasons: Json<string[]>
  status: Generated<FindingStatus>
  verdictNote: string | null
  crimeId: string | null
  crimeReference: string | null
  verdictBy: string | null
  verdictAt: Date | null
  version: Generated<number>
}

export interface DetectorModelTable {
  forceId: ForceId
  weights: Json<Record<string, number>>
  bias: number
  examples: number
  trainedAt: Date
}

export type AuditPopulation = 'incidents' | 'crimes' | 'cancelled_crimes' | 'n100s' | 'non_crime_closures'

export interface StratumSize {
  stratum: string
  population: number
  sample: number
}

export interface IntegrityAuditTable {
  forceId: ForceId
  auditId: string
  title: string
  population: AuditPopulation
  channels: ColumnType<string[], string[] | undefined, string[]>
  categories: ColumnType<string[], string[] | undefined, string[]>
  periodFrom: CalendarDay
  periodTo: CalendarDay
  design: 'simple' | 'stratified'
  seed: number
  targetMargin: number
  populationSize: number
  strata: Json<StratumSize[]>
  recordedCrimeInYear: number | null
  createdAt: Date
  createdBy: string
}

export interface IntegrityAuditItemTable {
  forceId: ForceId
  auditId: string
  itemId: string
  recordType: 'incident' | 'crime' | 'n100'
  recordId: string
  recordLabel: string
  stratum: string
  shouldHaveBeenCrimed: boolean | null
  wasCrimed: boolean | null
  correctClassification: boolean | null
  recordedOnTime: boolean | null
  cancellationCorrect: boolean | null
  victimTold: boolean | null
  notes: string | null
  verdictBy: string | null
  verdictAt: Date | null
  version: Generated<number>
}

export interface IntegrityAuditActionTable {
  forceId: ForceId
  auditId: string
  actionId: string
  finding: string
  action: string
  owner: string
  dueDate: CalendarDay
  status: Generated<'open' | 'done'>
  createdAt: Date
  createdBy: string
}

export interface IntegrityTables {
  nonCrimeReview: NonCrimeReviewTable
  detectorFinding: DetectorFindingTable
  detectorModel: DetectorModelTable
  integrityAudit: IntegrityAuditTable
  integrityAuditItem: IntegrityAuditItemTable
  integrityAuditAction: IntegrityAuditActionTable
}
