import type { Actor } from '../../platform/auth/actor.ts'
import type { Clock } from '../../platform/clock.ts'
import type { ForceTransaction, TallyDatabase } from '../../platform/db/database.ts'
import { ukDate } from '../../platform/dates.ts'
import { retryOnRace } from '../../platform/db/errors.ts'
import { Conflict, FieldErrors, Forbidden, NotFound, ValidationFailed, prefixed } from '../../platform/http/errors.ts'
import { isUuid, newId } from '../../platform/ids.ts'
import { changedFields, type AuditTrailService } from '../audit-trail/index.ts'
import type { Involvement, Location, PeopleService } from '../people/index.ts'
import type { IncidentListFilter, IncidentRow, IncidentsRepository } from './incidents.repository.ts'
import { IncidentWorklists, type WorklistIncident } from './incidents.worklists.ts'
import { allowedIncidentActions, type IncidentAction, type IncidentTransition } from './incidents.workflow.ts'
import {
  closingProblems,
  crimeRelatedAtClosing,
  incidentNumber,
  isChannel,
  isCrimeRelated,
  isIncidentCategory,
  isQualifier,
  isRapeReport,
  nonCrimeDecisionProblems,
  receivedAtProblems,
  submissionHash,
  toInstant,
  type NonCrimeReason,
} from './incidents.rules.ts'

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

const MAX_NARRATIVE = 20_000
const DAY_MS = 24 * 60 * 60 * 1000
const SOURCE = /^[A-Za-z0-9._:/-]{1,100}$/
const SOURCE_UNIQUE = 'incident_source_key'
/** The number an incident holds inside the transaction that creates it, until numberNewIncidentsIn runs. */
const PENDING_NUMBER = 'pending:'

/**
 * Incidents: every report received is an auditable incident (NCRS, rule 1), idempotent for other systems'
 * submissions, and closed only with a crime or a recorded reason why not (rule 4).
 *
 * Methods ending in `In` take the caller's transaction, so the crimes module records a crime and its incident
 * together. The rest open a force-scoped transaction of their own.
 */
export class IncidentsService {
  /** Incidents created in a transaction and not yet numbered (see numberNewIncidentsIn). */
  private readonly unnumbered = new WeakMap<
    ForceTransaction,
    Array<{ incidentId: string; day: string; actor: Actor; changes: Record<string, unknown> }>
  >()

  constructor(
    private readonly db: TallyDatabase,
    private readonly repository: IncidentsRepository,
    private readonly people: PeopleService,
    private readonly auditTrail: AuditTrailService,
    private readonly clock: Clock,
    private readonly hooks: IncidentHooks = {},
  ) {}

  /** Logs a report taken by a person in Tally (the control-room form). */
  async log(actor: Actor, input: IncidentInput): Promise<{ incidentId: string; incidentNumber: string }> {
    this.assertMay(actor, 'incidents.create')
    const valid = this.validIncident(input)
    return this.db.withForce(actor.forceId, async (tx) => {
      const { incidentId } = await this.create(tx, actor, valid, undefined)
      const numbers = await this.numberNewIncidentsIn(tx)
      return { incidentId, incidentNumber: numbers.get(incidentId)! }
    })
  }

  /**
   * Takes a submission from another system. The same submission again returns the incident it made; the same
   * source reference with different content is a Conflict. Concurrent duplicates never make two incidents:
   * the loser of the race retries and finds the winner's.
   */
  async intake(actor: Actor, submission: IncidentSubmission): Promise<{ incident: IncidentRow; replayed: boolean }> {
    return retryOnRace(SOURCE_UNIQUE, () =>
      this.db.withForce(actor.forceId, async (tx) => {
        const result = await this.intakeIn(tx, actor, submission)
        const numbers = await this.numberNewIncidentsIn(tx)
        const incidentNumber = numbers.get(result.incident.incidentId) ?? result.incident.incidentNumber
        return { ...result, incident: { ...result.incident, incidentNumber } }
      }),
    )
  }

  /**
   * `intake` in the caller's transaction. A concurrent duplicate surfaces as a unique violation to retry on. A new
   * incident is numbered by `numberNewIncidentsIn`, which the caller runs last, just before commit.
   */
  async intakeIn(
    tx: ForceTransaction,
    actor: Actor,
    submission: IncidentSubmission,
  ): Promise<{ incident: IncidentRow; replayed: boolean }> {
    this.assertMay(actor, 'incidents.create')
    const errors = new FieldErrors()
      .check(
        SOURCE.test(submission.sourceSystem ?? ''),
        'sourceSystem',
        'Source system must be 1 to 100 letters, digits or . _ : / -',
      )
      .check(
        SOURCE.test(submission.sourceReference ?? ''),
        'sourceReference',
        'Source reference must be 1 to 100 letters, digits or . _ : / -',
      )
    const valid = this.validIncident(submission, errors)
    const hash = submissionHash({
      ...normalisedSubmission(valid),
      sourceSystem: submission.sourceSystem,
      sourceReference: submission.sourceReference,
    })
    const existing = await this.repository.findBySource(tx, submission.sourceSystem, submission.sourceReference)
    if (existing) {
      if (existing.submissionHash !== hash) {
        throw new Conflict(
          `${submission.sourceSystem} reference ${submission.sourceReference} was already submitted with different content (incident ${existing.incidentNumber}); send changes as an update to that incident`,
          { incidentId: existing.incidentId, incidentNumber: existing.incidentNumber },
        )
      }
      return { incident: existing, replayed: true }
    }
    const incident = await this.create(tx, actor, valid, {
      sourceSystem: submission.sourceSystem,
      sourceReference: submission.sourceReference,
      submissionHash: hash,
    })
    return { incident, replayed: false }
  }

  /** An incident with everything its page shows. Viewing it is recorded (it holds personal data; rule 20). */
  async view(actor: Actor, incidentId: string): Promise<IncidentView> {
    return this.db.withForce(actor.forceId, async (tx) => {
      const incident = await this.findOrThrow(tx, incidentId)
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
    return this.db.withForce(actor.forceId, async (tx) => {
      const incident = await this.findOrThrow(tx, incidentId)
      this.auditTrail.record(tx, actor, { action: 'INCIDENT_VIEWED', recordType: 'incident', recordId: incidentId })
      return incident
    })
  }

  /** The incident without its narrative or rationales (see IncidentSummary): not recorded as a view. */
  async summary(actor: Actor, incidentId: string): Promise<IncidentSummary> {
    return this.db.withForce(actor.forceId, async (tx) => summaryOf(await this.findOrThrow(tx, incidentId)))
  }

  getIn(tx: ForceTransaction, incidentId: string): Promise<IncidentRow | undefined> {
    return isUuid(incidentId) ? this.repository.find(tx, incidentId) : Promise.resolve(undefined)
  }

  list(actor: Actor, filter: IncidentListFilter) {
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
    return allowedIncidentActions(actor.roles, {
      status: incident.status,
      crimeRelated: incident.crimeRelated,
      recordingDecision: incident.recordingDecision,
    })
  }

  async update(actor: Actor, incidentId: string, input: IncidentDetailsInput): Promise<IncidentRow> {
    const errors = new FieldErrors()
    const qualifiers = input.qualifiers === undefined ? undefined : this.validQualifiers(input.qualifiers, errors)
    if (input.narrative !== undefined && input.narrative.length > MAX_NARRATIVE) {
      errors.add('narrative', `The narrative must be ${MAX_NARRATIVE.toLocaleString('en-GB')} characters or fewer`)
    }
    if (input.location !== undefined && input.location.address.trim() === '') {
      errors.add('location.address', 'Enter the address, or leave the location as it was')
    }
    errors.throwIfAny()
    return this.db.withForce(actor.forceId, async (tx) => {
      const before = await this.findOrThrow(tx, incidentId)
      this.assertAllowed(actor, before, 'update')
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
      const after = await this.updateOrConflict(tx, before, input.expectedVersion, {
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
    return this.db.withForce(actor.forceId, async (tx) => {
      const before = await this.findOrThrow(tx, incidentId)
      this.assertAllowed(actor, before, 'close')
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
      const after = await this.updateOrConflict(tx, before, input.expectedVersion, {
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
    new FieldErrors()
      .check(input.reason.trim() !== '', 'reason', 'Enter why the incident is being reopened')
      .throwIfAny()
    return this.db.withForce(actor.forceId, async (tx) => {
      const before = await this.findOrThrow(tx, incidentId)
      this.assertAllowed(actor, before, 'reopen')
      const changes = {
        status: 'open' as const,
        closingCategory: null,
        closingRationale: null,
        closedAt: null,
        closedBy: null,
      }
      const after = await this.updateOrConflict(tx, before, input.expectedVersion, {
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
    const before = await this.findOrThrow(tx, incidentId)
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
    const after = await this.updateOrConflict(tx, before, before.version, { ...changes, updatedAt: this.clock.now() })
    this.auditTrail.record(tx, actor, {
      action: 'INCIDENT_NON_CRIME_SENT_BACK',
      recordType: 'incident',
      recordId: incidentId,
      changes: changedFields(before, changes),
      reason,
    })
    return after
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
    this.assertAllowed(actor, incident, 'record_crime')
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
    const before = await this.findOrThrow(tx, incidentId)
    this.assertAllowed(actor, before, 'record_non_crime_decision')
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
    const after = await this.updateOrConflict(tx, before, input.expectedVersion, { ...changes, updatedAt: now })
    this.auditTrail.record(tx, actor, {
      action: 'INCIDENT_NOT_CRIMED',
      recordType: 'incident',
      recordId: incidentId,
      changes: changedFields(before, changes),
      reason: changes.nonCrimeRationale,
    })
    return after
  }

  /** Numbers for a block of historical incidents loaded in bulk (the demo's year). */
  reserveNumbersIn(tx: ForceTransaction, day: string, count: number): Promise<number> {
    return this.repository.reserveNumbers(tx, day, count)
  }

  /** Inserts historical incidents in one statement (the demo's year); the caller records their audit events. */
  insertHistoryIn(tx: ForceTransaction, rows: Parameters<IncidentsRepository['insertMany']>[1]): Promise<void> {
    return this.repository.insertMany(tx, rows)
  }

  // ---------------------------------------------------------------------------------------------------------------

  private async create(
    tx: ForceTransaction,
    actor: Actor,
    valid: ValidIncident,
    source: { sourceSystem: string; sourceReference: string; submissionHash: string } | undefined,
  ): Promise<IncidentRow> {
    const incidentId = newId()
    const now = this.clock.now()
    const locationId = valid.location
      ? (await prefixed('location', () => this.people.addLocation(tx, actor, locationFor(valid.location!)))).locationId
      : null
    let reportingPersonId: string | null = null
    if (valid.reportingPerson) {
      reportingPersonId = (
        await prefixed('reportingPerson', () => this.people.addPerson(tx, actor, personFor(valid.reportingPerson!)))
      ).personId
      await this.people.linkPerson(tx, actor, {
        personId: reportingPersonId,
        recordType: 'incident',
        recordId: incidentId,
        role: 'reporting_person',
      })
    }
    const row = {
      incidentId,
      // Numbered just before commit (numberNewIncidentsIn): the day's counter row is locked from then to commit.
      incidentNumber: `${PENDING_NUMBER}${incidentId}`,
      channel: valid.channel,
      receivedAt: valid.receivedAt,
      locationId,
      reportingPersonId,
      openingCategory: valid.openingCategory,
      qualifiers: valid.qualifiers,
      narrative: valid.narrative,
      crimeRelated: isCrimeRelated(valid.openingCategory as never, valid.qualifiers),
      rapeReported: isRapeReport(valid.qualifiers),
      sourceSystem: source?.sourceSystem ?? null,
      sourceReference: source?.sourceReference ?? null,
      submissionHash: source?.submissionHash ?? null,
      createdAt: now,
      createdBy: actor.name,
      updatedAt: now,
    }
    const inserted = await this.repository.insert(tx, row)
    const pending = this.unnumbered.get(tx) ?? []
    this.unnumbered.set(tx, pending)
    pending.push({
      incidentId,
      day: ukDate(valid.receivedAt),
      actor,
      changes: {
        channel: row.channel,
        receivedAt: row.receivedAt,
        openingCategory: row.openingCategory,
        qualifiers: row.qualifiers,
        crimeRelated: row.crimeRelated,
        locationId,
        reportingPersonId,
        sourceSystem: row.sourceSystem,
        sourceReference: row.sourceReference,
      },
    })
    return inserted
  }

  /**
   * Numbers the incidents this transaction created, and records their INCIDENT_LOGGED events. Run last, so the
   * day's counter row is locked only from here to commit (as briefly as the audit trail's chain head); a caller
   * that creates incidents in its own transaction (the crimes module) runs it before anything else that locks.
   */
  async numberNewIncidentsIn(tx: ForceTransaction): Promise<Map<string, string>> {
    const pending = this.unnumbered.get(tx) ?? []
    this.unnumbered.delete(tx)
    const numbers = new Map<string, string>()
    for (const incident of pending) {
      const number = incidentNumber(incident.day, await this.repository.nextNumber(tx, incident.day))
      await this.repository.setNumber(tx, incident.incidentId, number)
      numbers.set(incident.incidentId, number)
      this.auditTrail.record(tx, incident.actor, {
        action: 'INCIDENT_LOGGED',
        recordType: 'incident',
        recordId: incident.incidentId,
        changes: changedFields(undefined, { incidentNumber: number, ...incident.changes }),
      })
    }
    return numbers
  }

  /** Checks everything about a report at once; throws every problem found, naming each field. */
  private validIncident(input: IncidentInput, errors = new FieldErrors()): ValidIncident {
    const receivedAt = toInstant(input.receivedAt)
    for (const problem of receivedAtProblems(receivedAt, this.clock.now())) {
      errors.add(problem.field, problem.message)
    }
    errors
      .check(isChannel(input.channel ?? ''), 'channel', 'Choose how the report was received')
      .check(isIncidentCategory(input.openingCategory ?? ''), 'openingCategory', 'Choose the opening category')
    const qualifiers = this.validQualifiers(input.qualifiers ?? [], errors)
    const narrative = (input.narrative ?? '').trim()
    errors.check(
      narrative.length <= MAX_NARRATIVE,
      'narrative',
      `The narrative must be ${MAX_NARRATIVE.toLocaleString('en-GB')} characters or fewer`,
    )
    const location = input.location
    if (location !== undefined && (location.address ?? '').trim() === '') {
      errors.add('location.address', 'Enter the address where it happened, or leave the location out')
    }
    const person = input.reportingPerson
    if (person !== undefined && (person.familyName ?? '').trim() === '') {
      errors.add('reportingPerson.familyName', 'Enter the reporting person’s family name, or leave them out')
    }
    errors.throwIfAny()
    return {
      channel: input.channel,
      receivedAt: receivedAt!,
      location: location ? { ...location, address: location.address.trim() } : undefined,
      reportingPerson: person,
      openingCategory: input.openingCategory,
      qualifiers,
      narrative,
    }
  }

  private validQualifiers(qualifiers: readonly string[], errors: FieldErrors): string[] {
    const unknown = qualifiers.filter((qualifier) => !isQualifier(qualifier))
    errors.check(unknown.length === 0, 'qualifiers', `Unknown qualifier: ${unknown.join(', ')}`)
    return [...new Set(qualifiers)].sort()
  }

  private async findOrThrow(tx: ForceTransaction, incidentId: string): Promise<IncidentRow> {
    const incident = isUuid(incidentId) ? await this.repository.find(tx, incidentId) : undefined
    if (!incident) {
      throw new NotFound('There is no incident with this id in this force')
    }
    return incident
  }

  private async updateOrConflict(
    tx: ForceTransaction,
    before: IncidentRow,
    expectedVersion: number,
    changes: Parameters<IncidentsRepository['update']>[3],
  ): Promise<IncidentRow> {
    const after = await this.repository.update(tx, before.incidentId, expectedVersion, changes)
    if (!after) {
      throw new Conflict(
        `Incident ${before.incidentNumber} was changed by someone else since you opened it (now version ${before.version}); reload it and try again`,
        { currentVersion: before.version },
      )
    }
    return after
  }

  private assertMay(actor: Actor, permission: 'incidents.create'): void {
    if (!actor.permissions.can(permission)) {
      throw new Forbidden()
    }
  }

  /** Refuses an action the lifecycle table does not offer: 403 for the wrong role, 409 for the wrong status. */
  private assertAllowed(actor: Actor, incident: IncidentRow, action: IncidentAction): void {
    if (this.allowedActions(actor, incident).some((rule) => rule.action === action)) {
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
}

interface ValidIncident {
  channel: string
  receivedAt: Date
  location: LocationInput | undefined
  reportingPerson: PersonDetails | undefined
  openingCategory: string
  qualifiers: string[]
  narrative: string
}

/** What a submission's hash covers: the report as validated, so formatting differences do not count. */
function normalisedSubmission(valid: ValidIncident) {
  return {
    ...valid,
    receivedAt: valid.receivedAt.toISOString(),
    location: valid.location ?? null,
    reportingPerson: valid.reportingPerson ?? null,
  }
}

/** A place as the people module takes it (one copy: the crimes module uses it too). */
export function locationFor(location: LocationInput) {
  return {
    address: location.address,
    ...(location.postcode ? { postcode: location.postcode } : {}),
    ...(location.latitude !== undefined ? { latitude: location.latitude } : {}),
    ...(location.longitude !== undefined ? { longitude: location.longitude } : {}),
  }
}

/** A person as the people module takes it (one copy: the crimes module uses it too). */
export function personFor(person: PersonDetails) {
  return {
    givenName: person.givenName ?? '',
    familyName: person.familyName,
    ...(person.dateOfBirth ? { dateOfBirth: person.dateOfBirth } : {}),
  }
}

function summaryOf(incident: IncidentRow): IncidentSummary {
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
