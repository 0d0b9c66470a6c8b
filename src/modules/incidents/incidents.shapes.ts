import type { Actor } from '../../platform/auth/actor.ts'
import type { ForceTransaction } from '../../platform/db/database.ts'
import type { Involvement, Location } from '../people/index.ts'
import type { IncidentRow } from './incidents.repository.ts'
import type { IncidentTransition } from './incidents.workflow.ts'

/** What the incidents services take and give (the services themselves are in incidents.service.ts and beside it). */

/** Where it happened, as the caller gave it. */
export interface LocationInput {
  address: string
  postcode?: string | undefined
  latitude?: number | undefined
  longitude?: number | undefined
}

export interface PersonDetails {
  givenName: string
  familyName: string
  dateOfBirth?: string | undefined
}

/** A report as the control room logs it (rule 1: channel and received-at time always). */
export interface IncidentInput {
  channel: string
  receivedAt: Date | string | undefined
  location?: LocationInput | undefined
  reportingPerson?: PersonDetails | undefined
  openingCategory: string
  qualifiers?: readonly string[] | undefined
  narrative?: string | undefined
}

/** A report from another system: its source system and reference make the submission idempotent. */
export interface IncidentSubmission extends IncidentInput {
  sourceSystem: string
  sourceReference: string
}

export interface IncidentDetailsInput {
  expectedVersion: number
  qualifiers?: readonly string[] | undefined
  narrative?: string | undefined
  location?: LocationInput | undefined
}

export interface NonCrimeDecisionInput {
  expectedVersion: number
  reason: string
  rationale: string
  victimInformed: boolean | undefined
  victimNotInformedReason?: string | undefined
}

export interface IncidentView {
  incident: IncidentRow
  location: Location | undefined
  people: Involvement[]
  /** When the recording decision is due: 24 hours after the report was received (DOMAIN.md §1.3). */
  decisionDueBy: Date
  decisionOverdue: boolean
  actions: IncidentTransition[]
}

/** What other modules do when an incident changes, in the same transaction (deps.ts wires them). */
export interface IncidentHooks {
  /**
   * Rule 8: rape or attempted rape was added to an incident whose recording decision was already made, so the
   * report of rape was not immediately recorded as rape (the crimes module raises the N100).
   */
  rapeReportedAfterDecision?: (tx: ForceTransaction, actor: Actor, incident: IncidentRow) => Promise<void>
  /**
   * Rule 4: a crime-related incident was closed on a decision not to record a crime; the integrity module puts
   * it in the IMU's non-crime audit queue.
   */
  closedAsNonCrime?: (tx: ForceTransaction, actor: Actor, incident: IncidentRow) => Promise<void>
  /** An incident closed with no crime recorded from it: the integrity module's detector reads it. */
  closedWithoutCrime?: (tx: ForceTransaction, actor: Actor, incident: IncidentRow) => Promise<void>
}

/**
 * An incident without its narrative or rationales: what the forms to close, reopen or decide on it need. Reading
 * it is not a consultation of the report's personal data, so it is not recorded as a view.
 */
export type IncidentSummary = Pick<
  IncidentRow,
  | 'incidentId'
  | 'incidentNumber'
  | 'status'
  | 'receivedAt'
  | 'openingCategory'
  | 'qualifiers'
  | 'crimeRelated'
  | 'rapeReported'
  | 'recordingDecision'
  | 'version'
>
