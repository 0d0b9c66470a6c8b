import type { Actor } from '../../platform/auth/actor.ts'
import type { Clock } from '../../platform/clock.ts'
import type { ForceTransaction, TallyDatabase } from '../../platform/db/database.ts'
import { FieldErrors, ValidationFailed, prefixed } from '../../platform/http/errors.ts'
import { isUuid } from '../../platform/ids.ts'
import { changedFields, type AuditTrailService } from '../audit-trail/index.ts'
import type { PeopleService } from '../people/index.ts'
import { IncidentDecisions } from './incidents.decisions.ts'
import { IncidentIntake, locationFor } from './incidents.intake.ts'
import { IncidentWorklists, type WorklistIncident } from './incidents.worklists.ts'
import {
  MAX_NARRATIVE,
  assertIncidentAction,
  findIncidentOrThrow,
  incidentActionsFor,
  summaryOf,
  updateIncidentOrConflict,
  validQualifiers,
} from './incidents.records.ts'
import type { IncidentListFilter, IncidentRow, IncidentsRepository } from './incidents.repository.ts'
import { closingProblems, crimeRelatedAtClosing, isCrimeRelated, isRapeReport } from './incidents.rules.ts'
import type {
  IncidentDetailsInput,
  IncidentHooks,
  IncidentInput,
  IncidentSubmission,
  IncidentSummary,
  IncidentView,
  NonCrimeDecisionInput,
} from './incidents.shapes.ts'

export type * from './incidents.shapes.ts'
export { locationFor, personFor } from './incidents.intake.ts'

const DAY_MS = 24 * 60 * 60 * 1000

/**
 * Incidents: every report received is an auditable incident (NCRS, rule 1), idempotent for other systems'
 * submissions, and closed only with a crime or a recorded reason why not (rule 4).
 *
 * This class reads incidents and changes their details and status; taking reports in (IncidentIntake) and the
 * recording decision (IncidentDecisions) are their own classes, offered here under the names other modules use.
 * Methods ending in `In` take the caller's transaction, so the crimes module records a crime and its incident
 * together. The rest check the person's permission first and open a force-scoped transaction of their own.
 */
export class IncidentsService {
  private readonly intakes: IncidentIntake
  private readonly decisions: IncidentDecisions

  constructor(
    private readonly db: TallyDatabase,
    private readonly repository: IncidentsRepository,
    private readonly people: PeopleService,
    private readonly auditTrail: AuditTrailService,
    private readonly clock: Clock,
    private readonly hooks: IncidentHooks = {},
  ) {
    this.intakes = new IncidentIntake(db, repository, people, auditTrail, clock)
    this.decisions = new IncidentDecisions(repository, auditTrail, clock)
  }

  /** Logs a report taken by a person in Tally (the control-room form). */
  async log(actor: Actor, input: IncidentInput): Promise<{ incidentId: string; incidentNumber: string }> {
    actor.permissions.require('incidents.create')
    return this.intakes.log(actor, input)
  }

  /** Takes a submission from another system, idempotently (IncidentIntake.intake). */
  async intake(actor: Actor, submission: IncidentSubmission): Promise<{ incident: IncidentRow; replayed: boolean }> {
    actor.permissions.require('incidents.create')
    return this.intakes.intake(actor, submission)
  }

  /** `intake` in the caller's transaction; the caller runs `numberNewIncidentsIn` last, just before commit. */
  intakeIn(tx: ForceTransaction, actor: Actor, submission: IncidentSubmission) {
    return this.intakes.intakeIn(tx, actor, submission)
  }

  /** Numbers the incidents this transaction created and records their INCIDENT_LOGGED events. */
  numberNewIncidentsIn(tx: ForceTransaction): Promise<Map<string, string>> {
    return this.intakes.numberNewIncidentsIn(tx)
  }

  /** Numbers for a block of historical incidents loaded in bulk (the demo's year). */
  reserveNumbersIn(tx: ForceTransaction, day: string, count: number): Promise<number> {
    return this.intakes.reserveNumbersIn(tx, day, count)
  }

  /** Inserts historical incidents in one statement (the demo's year); the caller records their audit events. */
  insertHistoryIn(tx: ForceTransaction, rows: Parameters<IncidentsRepository['insertMany']>[1]): Promise<void> {
    return this.intakes.insertHistoryIn(tx, rows)
  }

  /** A crime was recorded from this incident (IncidentDecisions.markCrimedIn). */
  markCrimedIn(tx: ForceTransaction, actor: Actor, incident: IncidentRow): Promise<IncidentRow> {
    return this.decisions.markCrimedIn(tx, actor, incident)
  }

  /** The decision not to record a crime (IncidentDecisions.markNotCrimedIn). */
  markNotCrimedIn(tx: ForceTransaction, actor: Actor, incidentId: string, input: NonCrimeDecisionInput) {
    return this.decisions.markNotCrimedIn(tx, actor, incidentId, input)
  }

  /** The non-crime audit sends a decision back (IncidentDecisions.sendBackNonCrimeDecisionIn). */
  sendBackNonCrimeDecisionIn(tx: ForceTransaction, actor: Actor, incidentId: string, reason: string) {
    return this.decisions.sendBackNonCrimeDecisionIn(tx, actor, incidentId, reason)
  }

  /** An incident with everything its page shows. Viewing it is recorded (it holds personal data; rule 20). */
  async view(actor: Actor, incidentId: string): Promise<IncidentView> {
    actor.permissions.require('incidents.view')
    return this.db.withForce(actor.forceId, async (tx) => {
      const incident = await findIncidentOrThrow(this.repository, tx, incidentId)
      const [location, people] = await Promise.all([
        incident.locationId ? this.people.getLocation(tx, incident.locationId) : undefined,
        this.people.involvementsFor(tx, 'incident', incident.incidentId),
      ])
      this.auditTrail.record(tx, actor, { action: 'INCIDENT_VIEWED', recordType: 'incident', recordId: incidentId })
      const decisionDueBy = new Date(incident.receivedAt.getTime() + DAY_MS)
      return {
        incident,
        location,
        people,
        decisionDueBy,
        decisionOverdue:
          incident.status === 'open' &&
          incident.crimeRelated &&
          incident.recordingDecision === null &&
          decisionDueBy < this.clock.now(),
        actions: this.allowedActions(actor, incident),
      }
    })
  }

  /**
   * The whole incident, narrative and rationales included, for the API and the edit form. That is a consultation
   * of the report's personal data, so it is recorded as a view (rule 20), whoever reads it.
   */
  async get(actor: Actor, incidentId: string): Promise<IncidentRow> {
    actor.permissions.require('incidents.view')
    return this.db.withForce(actor.forceId, async (tx) => {
      const incident = await findIncidentOrThrow(this.repository, tx, incidentId)
      this.auditTrail.record(tx, actor, { action: 'INCIDENT_VIEWED', recordType: 'incident', recordId: incidentId })
      return incident
    })
  }

  /** The incident without its narrative or rationales (see IncidentSummary): not recorded as a view. */
  async summary(actor: Actor, incidentId: string): Promise<IncidentSummary> {
    actor.permissions.require('incidents.view')
    return this.db.withForce(actor.forceId, async (tx) =>
      summaryOf(await findIncidentOrThrow(this.repository, tx, incidentId)),
    )
  }

  getIn(tx: ForceTransaction, incidentId: string): Promise<IncidentRow | undefined> {
    return isUuid(incidentId) ? this.repository.find(tx, incidentId) : Promise.resolve(undefined)
  }

  async list(actor: Actor, filter: IncidentListFilter) {
    actor.permissions.require('incidents.view')
    return this.db.withForce(actor.forceId, (tx) => this.repository.list(tx, filter))
  }

  /**
   * The recording-decision-due queue for the control room's start page: how many wait, and the `limit` received
   * longest ago (the first to pass, or furthest past, the 24-hour limit).
   */
  decisionsDue(actor: Actor, limit: number): Promise<{ count: number; incidents: WorklistIncident[] }> {
    actor.permissions.require('incidents.view')
    const worklists = new IncidentWorklists()
    return this.db.withForce(actor.forceId, async (tx) => ({
      count: (await worklists.stats(tx, {}, [], null)).count,
      incidents: await worklists.page(tx, {}, { order: 'asc', limit }),
    }))
  }

  /** The actions this person may take on this incident now (incidents.workflow.ts). */
  allowedActions(actor: Actor, incident: Pick<IncidentRow, 'status' | 'crimeRelated' | 'recordingDecision'>) {
    actor.permissions.require('incidents.view')
    return incidentActionsFor(actor, incident)
  }

  async update(actor: Actor, incidentId: string, input: IncidentDetailsInput): Promise<IncidentRow> {
    actor.permissions.require('incidents.update')
    const errors = new FieldErrors()
    const qualifiers = input.qualifiers === undefined ? undefined : validQualifiers(input.qualifiers, errors)
    if (input.narrative !== undefined && input.narrative.length > MAX_NARRATIVE) {
      errors.add('narrative', `The narrative must be ${MAX_NARRATIVE.toLocaleString('en-GB')} characters or fewer`)
    }
    if (input.location !== undefined && input.location.address.trim() === '') {
      errors.add('location.address', 'Enter the address, or leave the location as it was')
    }
    errors.throwIfAny()
    return this.db.withForce(actor.forceId, async (tx) => {
      const before = await findIncidentOrThrow(this.repository, tx, incidentId)
      assertIncidentAction(actor, before, 'update')
      const locationId = input.location
        ? (await prefixed('location', () => this.people.addLocation(tx, actor, locationFor(input.location!))))
            .locationId
        : before.locationId
      const changes = {
        qualifiers: qualifiers ?? before.qualifiers,
        narrative: input.narrative?.trim() ?? before.narrative,
        locationId,
        // Once crime-related, always: taking a qualifier off does not take the incident out of rule 4.
        crimeRelated:
          before.crimeRelated || isCrimeRelated(before.openingCategory as never, qualifiers ?? before.qualifiers),
        rapeReported: isRapeReport(qualifiers ?? before.qualifiers),
      }
      const after = await updateIncidentOrConflict(this.repository, tx, before, input.expectedVersion, {
        ...changes,
        updatedAt: this.clock.now(),
      })
      this.auditTrail.record(tx, actor, {
        action: 'INCIDENT_UPDATED',
        recordType: 'incident',
        recordId: incidentId,
        changes: changedFields(before, changes),
      })
      if (!before.rapeReported && after.rapeReported && after.recordingDecision !== null) {
        await this.hooks.rapeReportedAfterDecision?.(tx, actor, after)
      }
      return after
    })
  }

  /** Rule 4: a crime-related incident closes only with a crime or a recorded non-crime rationale. */
  async close(
    actor: Actor,
    incidentId: string,
    input: { expectedVersion: number; closingCategory: string; closingRationale: string },
  ): Promise<IncidentRow> {
    actor.permissions.require('incidents.close')
    return this.db.withForce(actor.forceId, async (tx) => {
      const before = await findIncidentOrThrow(this.repository, tx, incidentId)
      assertIncidentAction(actor, before, 'close')
      const problems = closingProblems({ ...before, ...input })
      if (problems.length > 0) {
        throw new ValidationFailed(problems)
      }
      const changes = {
        status: 'closed' as const,
        crimeRelated: crimeRelatedAtClosing(before, input.closingCategory),
        closingCategory: input.closingCategory,
        closingRationale: input.closingRationale.trim(),
        closedAt: this.clock.now(),
        closedBy: actor.name,
      }
      const after = await updateIncidentOrConflict(this.repository, tx, before, input.expectedVersion, {
        ...changes,
        updatedAt: this.clock.now(),
      })
      this.auditTrail.record(tx, actor, {
        action: 'INCIDENT_CLOSED',
        recordType: 'incident',
        recordId: incidentId,
        changes: changedFields(before, changes),
        reason: changes.closingRationale,
      })
      if (after.crimeRelated && after.recordingDecision === 'not_crimed') {
        await this.hooks.closedAsNonCrime?.(tx, actor, after)
      }
      if (after.recordingDecision !== 'crimed') {
        await this.hooks.closedWithoutCrime?.(tx, actor, after)
      }
      return after
    })
  }

  async reopen(
    actor: Actor,
    incidentId: string,
    input: { expectedVersion: number; reason: string },
  ): Promise<IncidentRow> {
    actor.permissions.require('incidents.close')
    new FieldErrors()
      .check(input.reason.trim() !== '', 'reason', 'Enter why the incident is being reopened')
      .throwIfAny()
    return this.db.withForce(actor.forceId, async (tx) => {
      const before = await findIncidentOrThrow(this.repository, tx, incidentId)
      assertIncidentAction(actor, before, 'reopen')
      const changes = {
        status: 'open' as const,
        closingCategory: null,
        closingRationale: null,
        closedAt: null,
        closedBy: null,
      }
      const after = await updateIncidentOrConflict(this.repository, tx, before, input.expectedVersion, {
        ...changes,
        updatedAt: this.clock.now(),
      })
      this.auditTrail.record(tx, actor, {
        action: 'INCIDENT_REOPENED',
        recordType: 'incident',
        recordId: incidentId,
        changes: changedFields(before, changes),
        reason: input.reason.trim(),
      })
      return after
    })
  }

  /**
   * Locks the incident a crime is being recorded from, so concurrent recordings from it queue behind each other
   * and each sees the crimes the others recorded. The crimes module calls this inside its own transaction.
   */
  lockIn(tx: ForceTransaction, incidentId: string): Promise<IncidentRow | undefined> {
    return isUuid(incidentId) ? this.repository.findForUpdate(tx, incidentId) : Promise.resolve(undefined)
  }

  /** Refuses recording a crime from this incident when the lifecycle does not allow it (closed, or wrong role). */
  assertMayRecordCrimeFrom(actor: Actor, incident: IncidentRow): void {
    actor.permissions.require('crimes.record')
    assertIncidentAction(actor, incident, 'record_crime')
  }
}
