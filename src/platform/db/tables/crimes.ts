import type { ColumnType, Generated } from 'kysely'
import type { ForceId } from './platform.ts'

/** Computed by the database; never written. */
type Computed<T> = ColumnType<T, never, never>

export interface OffenceCodeVersionTable {
  forceId: ForceId
  version: string
  source: string
  licence: string
  current: Generated<boolean>
  codeCount: number
  importedAt: Date
  importedBy: string
}

export interface OffenceCodeTable {
  forceId: ForceId
  version: string
  code: string
  label: string
  groupCode: string | null
  groupLabel: string | null
  categoryCode: string | null
  categoryLabel: string | null
  isHomeOfficeCode: boolean
}

export interface CrimeSettingTable {
  forceId: ForceId
  referenceFormat: string
  authorisationGroups: string[]
  /** Rule 20: reasons offered before viewing a restricted crime; null for Tally's default list. */
  viewJustifications: ColumnType<string[] | null, string[] | null | undefined, string[] | null>
  updatedAt: Date
  updatedBy: string
  version: Generated<number>
}

export interface DecisionMakerTable {
  forceId: ForceId
  userId: string
  designatedAt: Date
  designatedBy: string
}

export interface CancellationCodeTable {
  forceId: ForceId
  code: string
  label: string
  requiresAvi: Generated<boolean>
  active: Generated<boolean>
  addedAt: Date
  addedBy: string
}

export interface CrimeReferenceCounterTable {
  forceId: ForceId
  year: number
  lastValue: number
}

export interface CrimeTable {
  forceId: ForceId
  crimeId: string
  crimeReference: string
  incidentId: string | null
  directReportChannel: string | null
  status: string
  statusChangedAt: Date
  statusBeforePending: string | null
  reportedAt: Date
  recordedAt: Date
  recordedBy: string
  /** A double (whole seconds), so a report made decades after the offence fits (rule 2). */
  recordingDelaySeconds: Computed<number>
  recordedLate: Computed<boolean>
  offenceFrom: Date
  offenceTo: Date | null
  locationId: string | null
  locationKey: string | null
  offenceCode: string
  offenceCodeVersion: string
  offenceGroup: string
  /** Every offence group the crime has been classified in (rule 6: once rape, the rape controls stay). */
  offenceGroupsEver: Generated<string[]>
  offenceCodeAtRecording: string
  offenceCodeAtFiling: string | null
  victimPersonId: string | null
  victimKey: string | null
  summary: Generated<string>
  assignedUserId: string | null
  assignedUnitId: string | null
  domesticAbuse: Generated<boolean>
  hateCrime: Generated<boolean>
  vulnerableVictim: Generated<boolean>
  outcomeType: number | null
  closingSummary: string | null
  reopenedAt: Date | null
  sourceSystem: string | null
  sourceReference: string | null
  submissionHash: string | null
  version: Generated<number>
}

export interface CrimeStatusChangeTable {
  forceId: ForceId
  crimeId: string
  seq: number
  fromStatus: string | null
  toStatus: string
  action: string
  changedAt: Date
  changedBy: string
  changedByName: string
  reason: string | null
}

export interface CrimeClassificationTable {
  forceId: ForceId
  crimeId: string
  seq: number
  offenceCode: string
  offenceCodeVersion: string
  offenceGroup: string
  previousCode: string | null
  changedAt: Date
  changedBy: string
  changedByName: string
  reason: string | null
  fcrOverride: Generated<boolean>
}

export interface CrimeOutcomeTable {
  forceId: ForceId
  crimeId: string
  seq: number
  outcomeType: number
  closingSummary: string
  evidence: ColumnType<Record<string, unknown>, string | undefined, string>
  recordedAt: Date
  recordedBy: string
  recordedByName: string
  reason: string | null
}

export interface CrimeCancellationTable {
  forceId: ForceId
  cancellationId: string
  crimeId: string
  code: string
  rationale: string
  aviDescription: string | null
  victimInformed: boolean
  victimNotInformedReason: string | null
  requestedAt: Date
  requestedBy: string
  requestedByName: string
  decision: 'authorised' | 'refused' | 'reversed' | null
  decidedAt: Date | null
  decidedBy: string | null
  decidedByName: string | null
  decidedByRole: string | null
  decisionReason: string | null
  fcrOverride: Generated<boolean>
  /** The Force Crime Registrar reversing an authorised cancellation (reinstating the crime, rule 9). */
  reversedAt: Date | null
  reversedBy: string | null
  reversedByName: string | null
  reversalReason: string | null
}

export interface CrimeTransferTable {
  forceId: ForceId
  transferId: string
  crimeId: string
  receivingForce: string
  /** The receiving force's code in the reference list of forces (rule 7). */
  receivingForceCode: string | null
  reason: string
  requestedAt: Date
  requestedBy: string
  status: Generated<'requested' | 'accepted' | 'refused'>
  receivingReference: string | null
  acceptedOn: string | null
  decidedAt: Date | null
  decidedBy: string | null
  /** Rule 6: who accepted (or refused) the transfer, in what role, and whether it was an FCR override. */
  decidedByName: string | null
  decidedByRole: string | null
  fcrOverride: Generated<boolean>
  /** Rule 5: a transfer is a C1 cancellation, so the victim is told (or the reason they could not be). */
  victimInformed: boolean | null
  victimNotInformedReason: string | null
  refusalReason: string | null
}

export interface N100Table {
  forceId: ForceId
  n100Id: string
  incidentId: string | null
  crimeId: string | null
  reason: string
  status: Generated<'open' | 'converted' | 'closed'>
  createdAt: Date
  createdBy: string
  createdByName: string
  convertedCrimeId: string | null
  closureRationale: string | null
  resolvedAt: Date | null
  resolvedBy: string | null
  version: Generated<number>
}

/** Per offence-list version: its groups of rape (rules 6 and 8) and principal-crime ranking (rule 11). */
export interface OffenceListRuleTable {
  forceId: ForceId
  version: string
  rapeGroups: string[]
  principalRanking: string[]
  updatedAt: Date
  updatedBy: string
}

export interface CrimeDraftTable {
  forceId: ForceId
  draftId: string
  incidentId: string | null
  createdBy: string
  createdAt: Date
  updatedAt: Date
  answers: ColumnType<Record<string, unknown>, string, string>
}

export interface CrimesTables {
  offenceCodeVersion: OffenceCodeVersionTable
  offenceCode: OffenceCodeTable
  crimeSetting: CrimeSettingTable
  decisionMaker: DecisionMakerTable
  cancellationCode: CancellationCodeTable
  crimeReferenceCounter: CrimeReferenceCounterTable
  crime: CrimeTable
  crimeStatusChange: CrimeStatusChangeTable
  crimeClassification: CrimeClassificationTable
  crimeOutcome: CrimeOutcomeTable
  crimeCancellation: CrimeCancellationTable
  crimeTransfer: CrimeTransferTable
  n100: N100Table
  crimeDraft: CrimeDraftTable
  offenceListRule: OffenceListRuleTable
}
