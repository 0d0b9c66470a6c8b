import { rolesWith, type Permission } from '../../platform/auth/permissions.ts'
import type { Role } from '../../platform/auth/roles.ts'

/**
 * The lifecycle of incidents as data: in which status who may take which action, where it leads and what it
 * requires. The service refuses anything this table does not allow; the pages ask it which actions to offer.
 * Pure, with exhaustive tests (incidents.workflow.test.ts). The crime lifecycle is its sibling table in the
 * crimes module (crimes.workflow.ts).
 *
 * Sources: the recording decision (DOMAIN.md §1.2–1.4, rules 3–5).
 */

export const INCIDENT_STATUSES = ['open', 'closed'] as const
export type IncidentStatus = (typeof INCIDENT_STATUSES)[number]

export const INCIDENT_ACTIONS = ['update', 'record_crime', 'record_non_crime_decision', 'close', 'reopen'] as const
export type IncidentAction = (typeof INCIDENT_ACTIONS)[number]

/** Facts about an incident that decide whether an action is open, besides its status. */
export interface IncidentFacts {
  status: IncidentStatus
  crimeRelated: boolean
  recordingDecision: 'crimed' | 'not_crimed' | null
}

export type IncidentCondition = 'no_recording_decision'

export interface IncidentTransition {
  action: IncidentAction
  label: string
  from: readonly IncidentStatus[]
  to: IncidentStatus | 'unchanged'
  permission: Permission
  when?: IncidentCondition
  /** What the person must give; the page shows these fields and the service checks them. */
  requires: readonly IncidentField[]
  successBanner: string
  audit: string
}

export type IncidentField = 'details' | 'nonCrimeDecision' | 'closing' | 'reason'

export const INCIDENT_WORKFLOW: readonly IncidentTransition[] = [
  {
    action: 'update',
    label: 'Update the incident',
    from: ['open'],
    to: 'unchanged',
    permission: 'incidents.update',
    requires: ['details'],
    successBanner: 'Incident updated',
    audit: 'INCIDENT_UPDATED',
  },
  {
    action: 'record_crime',
    label: 'Record a crime',
    from: ['open'],
    to: 'unchanged',
    permission: 'crimes.record',
    requires: [],
    successBanner: 'Crime recorded',
    audit: 'CRIME_RECORDED',
  },
  {
    // NCRS audit requirement: a crime-related incident not crimed carries reasons enough to show NCRS was
    // followed (DOMAIN.md §1.2), and the victim is told (rule 5).
    action: 'record_non_crime_decision',
    label: 'Record that no crime is being recorded',
    from: ['open'],
    to: 'unchanged',
    permission: 'crimes.record',
    when: 'no_recording_decision',
    requires: ['nonCrimeDecision'],
    successBanner: 'Decision recorded: no crime',
    audit: 'INCIDENT_NOT_CRIMED',
  },
  {
    action: 'close',
    label: 'Close the incident',
    from: ['open'],
    to: 'closed',
    permission: 'incidents.close',
    requires: ['closing'],
    successBanner: 'Incident closed',
    audit: 'INCIDENT_CLOSED',
  },
  {
    action: 'reopen',
    label: 'Reopen the incident',
    from: ['closed'],
    to: 'open',
    permission: 'incidents.close',
    requires: ['reason'],
    successBanner: 'Incident reopened',
    audit: 'INCIDENT_REOPENED',
  },
]

function incidentConditionHolds(condition: IncidentCondition | undefined, facts: IncidentFacts): boolean {
  switch (condition) {
    case undefined:
      return true
    case 'no_recording_decision':
      return facts.recordingDecision === null
  }
}

/** The incident actions `roles` may take now, in table order. */
export function allowedIncidentActions(roles: readonly Role[], facts: IncidentFacts): IncidentTransition[] {
  return INCIDENT_WORKFLOW.filter(
    (rule) =>
      rule.from.includes(facts.status) &&
      rolesWith(rule.permission).some((role) => roles.includes(role)) &&
      incidentConditionHolds(rule.when, facts),
  )
}
