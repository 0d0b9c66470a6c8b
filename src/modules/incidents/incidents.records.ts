import type { Actor } from '../../platform/auth/actor.ts'
import type { ForceTransaction } from '../../platform/db/database.ts'
import type { FieldErrors } from '../../platform/http/errors.ts'
import { Conflict, Forbidden, NotFound } from '../../platform/http/errors.ts'
import { isUuid } from '../../platform/ids.ts'
import type { IncidentRow, IncidentsRepository } from './incidents.repository.ts'
import { isQualifier } from './incidents.rules.ts'
import type { IncidentSummary } from './incidents.shapes.ts'
import { allowedIncidentActions, type IncidentAction } from './incidents.workflow.ts'

/**
 * Reading and changing one incident row the way every incidents service does: found in this force or 404, changed
 * at the version the person saw or 409, and only by an action the lifecycle table offers.
 */

export const MAX_NARRATIVE = 20_000

export async function findIncidentOrThrow(
  repository: IncidentsRepository,
  tx: ForceTransaction,
  incidentId: string,
): Promise<IncidentRow> {
  const incident = isUuid(incidentId) ? await repository.find(tx, incidentId) : undefined
  if (!incident) {
    throw new NotFound('There is no incident with this id in this force')
  }
  return incident
}

export async function updateIncidentOrConflict(
  repository: IncidentsRepository,
  tx: ForceTransaction,
  before: IncidentRow,
  expectedVersion: number,
  changes: Parameters<IncidentsRepository['update']>[3],
): Promise<IncidentRow> {
  const after = await repository.update(tx, before.incidentId, expectedVersion, changes)
  if (!after) {
    throw new Conflict(
      `Incident ${before.incidentNumber} was changed by someone else since you opened it (now version ${before.version}); reload it and try again`,
      { currentVersion: before.version },
    )
  }
  return after
}

/** The actions this person may take on this incident now (incidents.workflow.ts). */
export function incidentActionsFor(
  actor: Actor,
  incident: Pick<IncidentRow, 'status' | 'crimeRelated' | 'recordingDecision'>,
) {
  return allowedIncidentActions(actor.roles, {
    status: incident.status,
    crimeRelated: incident.crimeRelated,
    recordingDecision: incident.recordingDecision,
  })
}

/** Refuses an action the lifecycle table does not offer: 403 for the wrong role, 409 for the wrong status. */
export function assertIncidentAction(actor: Actor, incident: IncidentRow, action: IncidentAction): void {
  if (incidentActionsFor(actor, incident).some((rule) => rule.action === action)) {
    return
  }
  const anyone = allowedIncidentActions(
    ['control_room_operator', 'imu_decision_maker', 'force_crime_registrar', 'officer'],
    incident,
  ).some((rule) => rule.action === action)
  if (anyone) {
    throw new Forbidden('Your role cannot do that to an incident')
  }
  throw new Conflict(
    action === 'record_non_crime_decision' && incident.recordingDecision !== null
      ? `A recording decision has already been made for incident ${incident.incidentNumber}`
      : `Incident ${incident.incidentNumber} is ${incident.status}: that cannot be done now`,
  )
}

/** Known qualifiers, each once, in order; an unknown one is named in the errors. */
export function validQualifiers(qualifiers: readonly string[], errors: FieldErrors): string[] {
  const unknown = qualifiers.filter((qualifier) => !isQualifier(qualifier))
  errors.check(unknown.length === 0, 'qualifiers', `Unknown qualifier: ${unknown.join(', ')}`)
  return [...new Set(qualifiers)].sort()
}

export function summaryOf(incident: IncidentRow): IncidentSummary {
  return {
    incidentId: incident.incidentId,
    incidentNumber: incident.incidentNumber,
    status: incident.status,
    receivedAt: incident.receivedAt,
    openingCategory: incident.openingCategory,
    qualifiers: incident.qualifiers,
    crimeRelated: incident.crimeRelated,
    rapeReported: incident.rapeReported,
    recordingDecision: incident.recordingDecision,
    version: incident.version,
  }
}
