import type { Actor } from '../../platform/auth/actor.ts'
import type { Clock } from '../../platform/clock.ts'
import type { ForceTransaction } from '../../platform/db/database.ts'
import { Conflict, ValidationFailed } from '../../platform/http/errors.ts'
import { changedFields, type AuditTrailService } from '../audit-trail/index.ts'
import { assertIncidentAction, findIncidentOrThrow, updateIncidentOrConflict } from './incidents.records.ts'
import type { IncidentRow, IncidentsRepository } from './incidents.repository.ts'
import { nonCrimeDecisionProblems, type NonCrimeReason } from './incidents.rules.ts'
import type { NonCrimeDecisionInput } from './incidents.shapes.ts'

/**
 * The recording decision on an incident (rule 4): a crime recorded from it, a decision not to record one (with the
 * victim told or why not, rule 5), and that decision sent back by the IMU's non-crime audit. Each runs in the
 * caller's transaction (the crimes or integrity module's); `IncidentsService` offers them under its own name.
 */
export class IncidentDecisions {
  constructor(
    private readonly repository: IncidentsRepository,
    private readonly auditTrail: AuditTrailService,
    private readonly clock: Clock,
  ) {}

  /**
   * The IMU non-crime audit sends a decision not to record a crime back (rule 4): the incident reopens with no
   * recording decision, so it is back in the recording-decision-due queue until someone records a crime or a
   * better-reasoned decision. Runs in the caller's (the integrity module's) transaction.
   */
  async sendBackNonCrimeDecisionIn(
    tx: ForceTransaction,
    actor: Actor,
    incidentId: string,
    reason: string,
  ): Promise<IncidentRow> {
    const before = await findIncidentOrThrow(this.repository, tx, incidentId)
    if (before.recordingDecision !== 'not_crimed') {
      throw new Conflict(`Incident ${before.incidentNumber} has no decision not to record a crime to send back`)
    }
    const changes = {
      status: 'open' as const,
      closingCategory: null,
      closingRationale: null,
      closedAt: null,
      closedBy: null,
      recordingDecision: null,
      recordingDecisionAt: null,
      recordingDecisionBy: null,
      nonCrimeReason: null,
      nonCrimeRationale: null,
      victimInformed: null,
      victimNotInformedReason: null,
    }
    const after = await updateIncidentOrConflict(this.repository, tx, before, before.version, {
      ...changes,
      updatedAt: this.clock.now(),
    })
    this.auditTrail.record(tx, actor, {
      action: 'INCIDENT_NON_CRIME_SENT_BACK',
      recordType: 'incident',
      recordId: incidentId,
      changes: changedFields(before, changes),
      reason,
    })
    return after
  }

  /** Marks the recording decision as made: a crime was recorded from this incident. */
  async markCrimedIn(tx: ForceTransaction, actor: Actor, incident: IncidentRow): Promise<IncidentRow> {
    if (incident.recordingDecision === 'crimed') {
      return incident
    }
    const now = this.clock.now()
    const changes = {
      recordingDecision: 'crimed' as const,
      recordingDecisionAt: now,
      recordingDecisionBy: actor.name,
      nonCrimeReason: null,
      nonCrimeRationale: null,
    }
    const after = await this.repository.update(tx, incident.incidentId, incident.version, {
      ...changes,
      updatedAt: now,
    })
    if (!after) {
      throw new Conflict('The incident changed while the crime was being recorded; try again')
    }
    this.auditTrail.record(tx, actor, {
      action: 'INCIDENT_CRIMED',
      recordType: 'incident',
      recordId: incident.incidentId,
      changes: changedFields(incident, changes),
    })
    return after
  }

  /**
   * The decision not to record a crime (rule 4) with the victim told or why not (rule 5). The crimes module
   * calls this in its transaction, so it can raise an N100 for a report of rape in the same commit (rule 8).
   */
  async markNotCrimedIn(
    tx: ForceTransaction,
    actor: Actor,
    incidentId: string,
    input: NonCrimeDecisionInput,
  ): Promise<IncidentRow> {
    const problems = nonCrimeDecisionProblems(input)
    if (problems.length > 0) {
      throw new ValidationFailed(problems)
    }
    const before = await findIncidentOrThrow(this.repository, tx, incidentId)
    assertIncidentAction(actor, before, 'record_non_crime_decision')
    const now = this.clock.now()
    const changes = {
      recordingDecision: 'not_crimed' as const,
      recordingDecisionAt: now,
      recordingDecisionBy: actor.name,
      nonCrimeReason: input.reason as NonCrimeReason,
      nonCrimeRationale: input.rationale.trim(),
      victimInformed: input.victimInformed ?? null,
      victimNotInformedReason: input.victimInformed ? null : (input.victimNotInformedReason?.trim() ?? null),
    }
    const after = await updateIncidentOrConflict(this.repository, tx, before, input.expectedVersion, {
      ...changes,
      updatedAt: now,
    })
    this.auditTrail.record(tx, actor, {
      action: 'INCIDENT_NOT_CRIMED',
      recordType: 'incident',
      recordId: incidentId,
      changes: changedFields(before, changes),
      reason: changes.nonCrimeRationale,
    })
    return after
  }
}
