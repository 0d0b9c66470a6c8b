import type { Actor } from '../../platform/auth/actor.ts'
import type { Clock } from '../../platform/clock.ts'
import { isDate, ukDate } from '../../platform/dates.ts'
import type { ForceTransaction, TallyDatabase } from '../../platform/db/database.ts'
import { isUniqueViolation } from '../../platform/db/errors.ts'
import { Conflict, FieldErrors, NotFound, ValidationFailed, type FieldError } from '../../platform/http/errors.ts'
import { isUuid, newId } from '../../platform/ids.ts'
import { changedFields, type AuditTrailService } from '../audit-trail/index.ts'
import type { PeopleRepository } from './people.repository.ts'
import {
  ageOn,
  displayName,
  involvementProblem,
  isAssessmentKind,
  isRecordId,
  nameQuery,
  nameSearchKeys,
  nameTokens,
  normaliseName,
  SEARCH_LIMIT,
  suspectStatusFor,
  type AssessmentKind,
  type InvolvementRole,
  type SuspectStatus,
} from './people.rules.ts'
import type {
  ChangedInvolvement,
  Involvement,
  InvolvementChange,
  LinkInput,
  Location,
  LocationInput,
  PersonIdentity,
  PersonInput,
  PersonRecord,
  PersonSearch,
  PersonSearchResult,
  RecordType,
} from './people.types.ts'
import { auditedFacts, validLocation, validPerson } from './people.validation.ts'

export type * from './people.types.ts'

const RECORD_TYPES: readonly string[] = ['incident', 'crime']

/**
 * Persons, how they are involved in incidents and crimes, what has been assessed about them, and locations.
 *
 * The first five methods take the caller's transaction, so another module (crimes, incidents) can add and
 * link people in the same transaction as its own record. The rest open their own force-scoped transaction
 * for pages and the API. Every change, and every view of a person, is in the audit trail.
 */
export class PeopleService {
  constructor(
    private readonly db: TallyDatabase,
    private readonly repository: PeopleRepository,
    private readonly auditTrail: AuditTrailService,
    private readonly clock: Clock,
  ) {}

  // In the caller's transaction ---------------------------------------------------------------------------------

  /** Records a new person. Only the family name is required; nothing is stored unless everything is valid. */
  async addPerson(tx: ForceTransaction, actor: Actor, input: PersonInput): Promise<{ personId: string }> {
    const person = validPerson(input, ukDate(this.clock.now()))
    const personId = newId()
    const now = this.clock.now()
    await this.repository.insertPerson(tx, { personId, ...person, createdAt: now, createdBy: actor.name })
    await this.storeNameKeys(tx, personId, person)
    this.auditTrail.record(tx, actor, {
      action: 'PERSON_CREATED',
      recordType: 'person',
      recordId: personId,
      changes: changedFields(undefined, auditedFacts(person)),
    })
    return { personId }
  }

  /**
   * Links a person to an incident or crime in a role (rule 22). A suspect carries a suspect status (not
   * interviewed unless given); nobody else may. Linking the same person to the same record in the same role
   * again returns the existing link, so a retried request never makes a second one.
   */
  async linkPerson(tx: ForceTransaction, actor: Actor, input: LinkInput): Promise<{ involvementId: string }> {
    const errors = new FieldErrors()
      .check(isUuid(input.personId), 'personId', 'Person id must be the id of a person (a UUID)')
      .check(RECORD_TYPES.includes(input.recordType), 'recordType', 'Record type must be incident or crime')
      .check(
        typeof input.recordId === 'string' && isRecordId(input.recordId),
        'recordId',
        'Record id must be the id of the incident or crime (letters, digits, hyphens; up to 100 characters)',
      )
    const problem = involvementProblem(input.role, input.suspectStatus)
    if (problem) {
      errors.add(problem.field, problem.message)
    }
    errors.throwIfAny()
    const person = await this.repository.findPerson(tx, input.personId)
    if (!person) {
      new FieldErrors().add('personId', 'There is no person with this id in this force').throwIfAny()
    }
    const role = input.role
    const suspectStatus = suspectStatusFor(role, input.suspectStatus)
    const now = this.clock.now()
    const inserted = await this.repository.insertInvolvement(tx, {
      involvementId: newId(),
      personId: input.personId,
      recordType: input.recordType,
      recordId: input.recordId,
      role,
      suspectStatus,
      createdAt: now,
      createdBy: actor.name,
    })
    if (!inserted) {
      const existing = await this.repository.findInvolvementOf(tx, { ...input, role })
      if (!existing) {
        throw new Conflict('The person could not be linked to the record just now; try again')
      }
      return { involvementId: existing.involvementId }
    }
    // Recorded on the incident or crime, so the record's own history shows who was linked and how.
    this.auditTrail.record(tx, actor, {
      action: 'PERSON_LINKED',
      recordType: input.recordType,
      recordId: input.recordId,
      changes: {
        involvementId: inserted.involvementId,
        personId: input.personId,
        role,
        suspectStatus,
      },
    })
    return { involvementId: inserted.involvementId }
  }

  /** The people linked to one incident or crime, in the order they were linked. */
  async involvementsFor(tx: ForceTransaction, recordType: RecordType, recordId: string): Promise<Involvement[]> {
    const rows = await this.repository.involvementsFor(tx, recordType, recordId)
    return rows.map((row) => ({
      involvementId: row.involvementId,
      personId: row.personId,
      displayName: displayName(row),
      role: row.role,
      suspectStatus: row.suspectStatus,
      dateOfBirth: row.dateOfBirth,
    }))
  }

  /** Records a place: an address, and where known its postcode, coordinates and LSOA (as police.uk gives them). */
  async addLocation(tx: ForceTransaction, actor: Actor, input: LocationInput): Promise<{ locationId: string }> {
    const location = validLocation(input)
    const locationId = newId()
    await this.repository.insertLocation(tx, {
      locationId,
      ...location,
      createdAt: this.clock.now(),
      createdBy: actor.name,
    })
    this.auditTrail.record(tx, actor, {
      action: 'LOCATION_CREATED',
      recordType: 'location',
      recordId: locationId,
      changes: changedFields(undefined, location),
    })
    return { locationId }
  }

  /** A person's identifying facts (name and date of birth), or undefined if there is no such person. */
  async identityIn(tx: ForceTransaction, personId: string): Promise<PersonIdentity | undefined> {
    const person = isUuid(personId) ? await this.repository.findPerson(tx, personId) : undefined
    return person && pick(person)
  }

  /**
   * The person already recorded with exactly this name (as search normalises it: case, accents, spaces and
   * apostrophes do not matter) and this date of birth, the earliest recorded if several. Without a date of birth
   * there is no match: a name alone does not identify anyone.
   */
  async samePersonIn(
    tx: ForceTransaction,
    details: { givenName: string; familyName: string; dateOfBirth?: string | undefined },
  ): Promise<PersonIdentity | undefined> {
    const dateOfBirth = (details.dateOfBirth ?? '').trim()
    if (!isDate(dateOfBirth)) {
      return undefined
    }
    const given = normaliseName(details.givenName ?? '')
    const family = normaliseName(details.familyName ?? '')
    const born = await this.repository.peopleNamedAndBornOn(tx, normaliseName(`${given} ${family}`), dateOfBirth)
    // The main name form joins given and family names; the split must match too (Ann Marie | Smith ≠ Ann | Marie Smith).
    const same = born.find(
      (person) => normaliseName(person.givenName) === given && normaliseName(person.familyName) === family,
    )
    return same && pick(same)
  }

  /**
   * People whose names match this one as person search matches names (variants, phonetic codes, one letter
   * dropped), for another module's duplicate check in its own transaction. A date of birth rules a person out
   * only when both are known and differ. Not a search anyone sees, so not logged as one: the caller shows only
   * the records it finds, and logs those.
   */
  async similarPeopleIn(
    tx: ForceTransaction,
    person: { givenName: string; familyName: string; dateOfBirth?: string | null | undefined },
  ): Promise<string[]> {
    const name = `${person.givenName ?? ''} ${person.familyName}`.trim()
    if (nameTokens(name).length === 0) {
      return []
    }
    const found = await this.repository.searchByName(tx, nameQuery(name, null, SEARCH_LIMIT))
    const born = person.dateOfBirth ?? null
    return found.matches
      .filter((match) => born === null || match.dateOfBirth === null || match.dateOfBirth === born)
      .map((match) => match.personId)
  }

  /**
   * Changes how a person is involved in a record, in the caller's transaction (the crimes module, whose workflow
   * owns changes to a crime's people). `record` is the record the caller holds: an involvement in another record
   * is not found.
   */
  async changeInvolvementIn(
    tx: ForceTransaction,
    actor: Actor,
    involvementId: string,
    input: InvolvementChange,
    record?: { recordType: RecordType; recordId: string },
  ): Promise<ChangedInvolvement> {
    const problem = involvementProblem(input.role, input.suspectStatus)
    if (problem) {
      new FieldErrors().add(problem.field, problem.message).throwIfAny()
    }
    const role = input.role as InvolvementRole
    const before = isUuid(involvementId) ? await this.repository.findInvolvement(tx, involvementId) : undefined
    if (!before || (record && (before.recordType !== record.recordType || before.recordId !== record.recordId))) {
      throw new NotFound('There is no such link between a person and a record')
    }
    const suspectStatus: SuspectStatus | null =
      role === 'suspect' && !input.suspectStatus && before.role === 'suspect'
        ? (before.suspectStatus as SuspectStatus)
        : suspectStatusFor(role, input.suspectStatus)
    let updated
    try {
      updated = await this.repository.updateInvolvement(tx, involvementId, input.version ?? before.version, {
        role,
        suspectStatus,
        updatedAt: this.clock.now(),
        updatedBy: actor.name,
      })
    } catch (error) {
      if (isUniqueViolation(error)) {
        throw new Conflict(`This person is already linked to the ${before.recordType} as ${role.replace('_', ' ')}`)
      }
      throw error
    }
    if (!updated) {
      throw new Conflict(
        'Someone else changed how this person is involved while you were working. Nothing was changed: look again and try once more.',
      )
    }
    const changes = changedFields({ role: before.role, suspectStatus: before.suspectStatus }, { role, suspectStatus })
    if (Object.keys(changes).length > 0) {
      this.auditTrail.record(tx, actor, {
        action: 'INVOLVEMENT_CHANGED',
        recordType: before.recordType,
        recordId: before.recordId,
        changes: { involvementId, personId: before.personId, ...changes },
      })
    }
    return {
      involvementId,
      personId: before.personId,
      recordType: before.recordType,
      recordId: before.recordId,
      before: { role: before.role as InvolvementRole, suspectStatus: before.suspectStatus as SuspectStatus | null },
      after: { role, suspectStatus },
    }
  }

  async getLocation(tx: ForceTransaction, locationId: string): Promise<Location | undefined> {
    if (!isUuid(locationId)) {
      return undefined
    }
    return this.repository.findLocation(tx, locationId)
  }

  // In a transaction of their own (pages and API) -----------------------------------------------------------------

  /** Records a new person for someone using the pages or API. */
  createPerson(actor: Actor, input: PersonInput): Promise<{ personId: string }> {
    actor.permissions.require('people.manage')
    return this.db.withForce(actor.forceId, (tx) => this.addPerson(tx, actor, input))
  }

  /**
   * Finds people by name (given, family or alias; misspelt and variant forms too), by date of birth, or both.
   * A search consults personal data, so it is in the audit trail with what was asked (DPA 2018 s.62).
   */
  async search(actor: Actor, input: PersonSearch): Promise<PersonSearchResult> {
    actor.permissions.require('people.view')
    const name = (input.name ?? '').trim()
    const dateOfBirth = (input.dateOfBirth ?? '').trim()
    const tokens = nameTokens(name)
    const errors = new FieldErrors()
      .check(name !== '' || dateOfBirth !== '', 'name', 'Enter a name or a date of birth to search for')
      .check(name === '' || tokens.length > 0, 'name', 'Enter a name using letters')
      .check(name.length <= 200, 'name', 'Name must be 200 characters or fewer')
      .check(tokens.length <= 8, 'name', 'Enter at most 8 names')
      .check(dateOfBirth === '' || isDate(dateOfBirth), 'dateOfBirth', 'Date of birth must be a real date')
    errors.throwIfAny()

    return this.db.withForce(actor.forceId, async (tx) => {
      const limit = SEARCH_LIMIT + 1
      const found =
        tokens.length > 0
          ? await this.repository.searchByName(tx, nameQuery(name, dateOfBirth === '' ? null : dateOfBirth, limit))
          : { matches: await this.repository.searchByDateOfBirth(tx, dateOfBirth, limit), capped: false }
      const today = ukDate(this.clock.now())
      const people = found.matches.slice(0, SEARCH_LIMIT).map((row) => ({
        ...row,
        score: Number(row.score),
        displayName: displayName(row),
        age: row.dateOfBirth ? ageOn(row.dateOfBirth, today) : null,
      }))
      this.auditTrail.record(tx, actor, {
        action: 'PEOPLE_SEARCHED',
        recordType: 'person-search',
        recordId: newId(),
        changes: { name: name || null, dateOfBirth: dateOfBirth || null, results: people.length },
      })
      return { people, limited: found.capped || found.matches.length > SEARCH_LIMIT }
    })
  }

  /** A person's record for the person page; the view is in the audit trail (PERSON_VIEWED). */
  async viewPerson(actor: Actor, personId: string): Promise<PersonRecord> {
    actor.permissions.require('people.view')
    return this.db.withForce(actor.forceId, async (tx) => {
      const person = isUuid(personId) ? await this.repository.findPerson(tx, personId) : undefined
      if (!person) {
        throw new NotFound('There is no person with this id')
      }
      const [involvements, assessments] = [
        await this.repository.involvementsOf(tx, personId),
        await this.repository.assessmentsOf(tx, personId),
      ]
      this.auditTrail.record(tx, actor, { action: 'PERSON_VIEWED', recordType: 'person', recordId: personId })
      return {
        ...person,
        displayName: displayName(person),
        age: person.dateOfBirth ? ageOn(person.dateOfBirth, ukDate(this.clock.now())) : null,
        // The table's check constraints hold these to the rule tables' values.
        involvements: involvements.map((involvement) => ({
          ...involvement,
          role: involvement.role as InvolvementRole,
          suspectStatus: involvement.suspectStatus as SuspectStatus | null,
        })),
        assessments: assessments.map((assessment) => ({ ...assessment, kind: assessment.kind as AssessmentKind })),
      }
    })
  }

  /**
   * Corrects a person's facts. `version` is the version the editor started from: if someone else changed the
   * person since, nothing is changed and a Conflict says so.
   */
  async updatePerson(actor: Actor, personId: string, input: PersonInput & { version: number }): Promise<void> {
    actor.permissions.require('people.manage')
    const person = validPerson(input, ukDate(this.clock.now()))
    await this.db.withForce(actor.forceId, async (tx) => {
      const before = isUuid(personId) ? await this.repository.findPerson(tx, personId) : undefined
      if (!before) {
        throw new NotFound('There is no person with this id')
      }
      const updated = await this.repository.updatePerson(tx, personId, input.version, {
        ...person,
        updatedAt: this.clock.now(),
        updatedBy: actor.name,
      })
      if (!updated) {
        throw new Conflict(
          `${displayName(before)} was changed by ${before.updatedBy} while you were editing. Your changes were not saved: open the person again to see the latest details.`,
        )
      }
      await this.repository.deleteNameKeys(tx, personId)
      await this.storeNameKeys(tx, personId, person)
      const changes = changedFields(auditedFacts(before), auditedFacts(person))
      this.auditTrail.record(tx, actor, { action: 'PERSON_UPDATED', recordType: 'person', recordId: personId, changes })
    })
  }

  /**
   * Records an assessment of a person (an opinion, such as "assessed as vulnerable"), kept apart from the facts
   * with who made it and when (rule 22). Assessments are added, never overwritten.
   */
  recordAssessment(
    actor: Actor,
    personId: string,
    input: { kind: string; assessment: string },
  ): Promise<{ assessmentId: string }> {
    actor.permissions.require('people.manage')
    return this.db.withForce(actor.forceId, (tx) => this.addAssessment(tx, actor, personId, input))
  }

  /** `recordAssessment` in the caller's transaction (for another module, or the demo). */
  async addAssessment(
    tx: ForceTransaction,
    actor: Actor,
    personId: string,
    input: { kind: string; assessment: string },
  ): Promise<{ assessmentId: string }> {
    const text = typeof input.assessment === 'string' ? input.assessment.trim() : ''
    new FieldErrors()
      .check(isAssessmentKind(input.kind), 'kind', 'Choose the kind of assessment: vulnerability, risk or other')
      .check(text.length > 0, 'assessment', 'Enter the assessment')
      .check(text.length <= 2000, 'assessment', 'Assessment must be 2,000 characters or fewer')
      .throwIfAny()
    const person = isUuid(personId) ? await this.repository.findPerson(tx, personId) : undefined
    if (!person) {
      throw new NotFound('There is no person with this id')
    }
    const assessmentId = newId()
    await this.repository.insertAssessment(tx, {
      assessmentId,
      personId,
      kind: input.kind,
      assessment: text,
      assessedAt: this.clock.now(),
      assessedById: actor.id,
      assessedByName: actor.name,
    })
    this.auditTrail.record(tx, actor, {
      action: 'PERSON_ASSESSED',
      recordType: 'person',
      recordId: personId,
      changes: { assessmentId, kind: input.kind, assessment: text },
    })
    return { assessmentId }
  }

  /**
   * Changes how a person is involved in an incident: the role, or a suspect's status. Optimistic: `version` is the
   * version the change was made from. A crime's people change only through the crime's own workflow (the crimes
   * module's "change how a person is involved"), which keeps one crime per victim and the outcome's checks
   * (rules 11 and 13) and moves the crime's version; here they are refused.
   */
  async changeInvolvement(
    actor: Actor,
    involvementId: string,
    input: InvolvementChange & { version: number },
  ): Promise<{ personId: string; recordType: RecordType; recordId: string }> {
    actor.permissions.require('people.manage')
    return this.db.withForce(actor.forceId, async (tx) => {
      const link = isUuid(involvementId) ? await this.repository.findInvolvement(tx, involvementId) : undefined
      if (!link) {
        throw new NotFound('There is no such link between a person and a record')
      }
      if (link.recordType === 'crime') {
        throw new Conflict(
          'How a person is involved in a crime is changed on the crime itself ("Change how a person is involved"), so the crime’s checks stay right',
          { crimeId: link.recordId, path: crimeInvolvementPath(link.recordId, involvementId) },
        )
      }
      const changed = await this.changeInvolvementIn(tx, actor, involvementId, input)
      return { personId: changed.personId, recordType: changed.recordType, recordId: changed.recordId }
    })
  }

  /** Where a crime's involvement is changed (the crimes module's action page). */
  involvementPath(recordType: RecordType, recordId: string, involvementId: string, personId: string): string {
    return recordType === 'crime'
      ? crimeInvolvementPath(recordId, involvementId)
      : `/people/${personId}/involvements/${involvementId}`
  }

  /** A location for a page or the API (not audited as a view: an address alone is not a person's record). */
  findLocation(actor: Actor, locationId: string): Promise<Location | undefined> {
    actor.permissions.require('people.view')
    return this.db.withForce(actor.forceId, (tx) => this.getLocation(tx, locationId))
  }

  createLocation(actor: Actor, input: LocationInput): Promise<{ locationId: string }> {
    actor.permissions.require('people.manage')
    return this.db.withForce(actor.forceId, (tx) => this.addLocation(tx, actor, input))
  }

  /**
   * Every problem with a person's details, without storing anything: for a form that has its own problem to add
   * (a date of birth it could not read) and must show all of them at once.
   */
  personProblems(input: PersonInput): readonly FieldError[] {
    try {
      validPerson(input, ukDate(this.clock.now()))
      return []
    } catch (error) {
      if (error instanceof ValidationFailed) {
        return error.fieldErrors
      }
      throw error
    }
  }

  private async storeNameKeys(
    tx: ForceTransaction,
    personId: string,
    person: { givenName: string; familyName: string; aliases: string[] },
  ): Promise<void> {
    const keys = nameSearchKeys(person.givenName, person.familyName, person.aliases)
    await this.repository.insertNameKeys(tx, personId, keys)
  }
}

/** The crime action page that changes a person's involvement in a crime. */
function crimeInvolvementPath(crimeId: string, involvementId: string): string {
  return `/crimes/${crimeId}/change-involvement?involvementId=${involvementId}`
}

function pick(person: { personId: string; givenName: string; familyName: string; dateOfBirth: string | null }) {
  return {
    personId: person.personId,
    givenName: person.givenName,
    familyName: person.familyName,
    dateOfBirth: person.dateOfBirth,
  }
}
