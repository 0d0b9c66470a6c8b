import type { Actor } from '../../platform/auth/actor.ts'
import type { Clock } from '../../platform/clock.ts'
import type { ForceTransaction, TallyDatabase } from '../../platform/db/database.ts'
import { ukDate } from '../../platform/dates.ts'
import { retryOnRace } from '../../platform/db/errors.ts'
import { Conflict, FieldErrors, prefixed } from '../../platform/http/errors.ts'
import { newId } from '../../platform/ids.ts'
import { changedFields, type AuditTrailService } from '../audit-trail/index.ts'
import type { PeopleService } from '../people/index.ts'
import { MAX_NARRATIVE, validQualifiers } from './incidents.records.ts'
import type { IncidentRow, IncidentsRepository } from './incidents.repository.ts'
import {
  incidentNumber,
  isChannel,
  isCrimeRelated,
  isIncidentCategory,
  isRapeReport,
  receivedAtProblems,
  submissionHash,
  toInstant,
} from './incidents.rules.ts'
import type { IncidentInput, IncidentSubmission, LocationInput, PersonDetails } from './incidents.shapes.ts'

const SOURCE = /^[A-Za-z0-9._:/-]{1,100}$/
const SOURCE_UNIQUE = 'incident_source_key'
/** The number an incident holds inside the transaction that creates it, until numberNewIncidentsIn runs. */
const PENDING_NUMBER = 'pending:'

/**
 * Taking reports in (NCRS, rule 1): logged by a person, or submitted by another system idempotently, each
 * numbered by the day it was received just before its transaction commits. `IncidentsService` offers these
 * under its own name; methods ending in `In` take the caller's transaction.
 */
export class IncidentIntake {
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
  ) {}

  /** Logs a report taken by a person in Tally (the control-room form). */
  async log(actor: Actor, input: IncidentInput): Promise<{ incidentId: string; incidentNumber: string }> {
    actor.permissions.require('incidents.create')
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
    actor.permissions.require('incidents.create')
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
    actor.permissions.require('incidents.create')
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

  /** Numbers for a block of historical incidents loaded in bulk (the demo's year). */
  reserveNumbersIn(tx: ForceTransaction, day: string, count: number): Promise<number> {
    return this.repository.reserveNumbers(tx, day, count)
  }

  /** Inserts historical incidents in one statement (the demo's year); the caller records their audit events. */
  insertHistoryIn(tx: ForceTransaction, rows: Parameters<IncidentsRepository['insertMany']>[1]): Promise<void> {
    return this.repository.insertMany(tx, rows)
  }

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
    const qualifiers = validQualifiers(input.qualifiers ?? [], errors)
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
