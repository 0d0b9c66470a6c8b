import type { Actor } from '../../platform/auth/actor.ts'
import type { AuditEventInput } from '../../modules/audit-trail/index.ts'
import type { CrimeAction, CrimeStatus, NewCrimeRow } from '../../modules/crimes/index.ts'
import type { NewIncidentRow } from '../../modules/incidents/index.ts'
import type { TeamMember } from '../team.ts'

/** What the demo's history plans in memory before writing it in bulk. */
export interface PlannedIncident {
  row: NewIncidentRow & { incidentNumber: string }
  operator: Actor
}

export interface StatusStep {
  at: Date
  from: CrimeStatus | null
  to: CrimeStatus
  action: CrimeAction | 'record'
  by: Actor
  reason?: string
}

export interface PlannedCancellation {
  cancellationId: string
  code: string
  rationale: string
  aviDescription: string | null
  victimInformed: boolean
  requestedAt: Date
  requestedBy: string
  requestedByName: string
  decision: 'authorised'
  decidedAt: Date
  decidedBy: string
  decidedByName: string
  decidedByRole: string
}

export interface PlannedTransfer {
  transferId: string
  receivingForce: string
  reason: string
  requestedAt: Date
  requestedBy: string
  status: 'requested' | 'accepted'
  receivingReference: string | null
  acceptedOn: string | null
  decidedAt: Date | null
  decidedBy: string | null
  decidedByName: string | null
  decidedByRole: string | null
  victimInformed: boolean | null
}

export interface PlannedCrime {
  row: NewCrimeRow & {
    crimeReference: string
    status: CrimeStatus
    recordedAt: Date
    offenceGroup: string
    offenceCode: string
  }
  recordedBy: Actor
  changes: StatusStep[]
  /** The investigator it was allocated to, once allocated. */
  officer?: TeamMember
  outcome?: { seq: number; type: number; summary: string; evidence: Record<string, unknown>; at: Date }
  suspectPersonId?: string | undefined
  cancellation?: PlannedCancellation
  transfer?: PlannedTransfer
}

export interface PlannedEvent {
  at: Date
  actor: Actor
  event: AuditEventInput
}

export interface PlannedHistory {
  incidents: PlannedIncident[]
  crimes: PlannedCrime[]
  events: PlannedEvent[]
}
