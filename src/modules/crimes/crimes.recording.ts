import type { Actor } from '../../platform/auth/actor.ts'
import type { Clock } from '../../platform/clock.ts'
import type { ForceTransaction, TallyDatabase } from '../../platform/db/database.ts'
import { retryOnRace } from '../../platform/db/errors.ts'
import { Conflict, FieldErrors, Forbidden, prefixed } from '../../platform/http/errors.ts'
import { isUuid, newId } from '../../platform/ids.ts'
import { changedFields, type AuditTrailService } from '../audit-trail/index.ts'
import {
  isChannel,
  locationFor,
  NON_CRIME_REASONS,
  personFor,
  submissionHash,
  toInstant,
  ukLocalTime,
  type IncidentRow,
  type IncidentsService,
  type IncidentSubmission,
  type LocationInput,
  type NonCrimeDecisionInput,
  type PersonDetails,
} from '../incidents/index.ts'
import type { PeopleService, PersonIdentity } from '../people/index.ts'
import { PossibleDuplicate, type CrimeDuplicates } from './crimes.duplicates.ts'
import type { CrimeN100s } from './crimes.n100.ts'
import type { CrimeReferenceData } from './crimes.reference-data.ts'
import type { CrimeRow, CrimesRepository, OffenceCodeRecord } from './crimes.repository.ts'
import {
  DEFAULT_REFERENCE_FORMAT,
  formatCrimeReference,
  narrativeDisclosesRape,
  recordingClock,
  recordingProblems,
  victimKey,
  type OffenceListRules,
} from './crimes.rules.ts'
import type { CrimeVictimCare } from './crimes.service.ts'

/** A crime as reported: from an incident (by id, or with the incident's own submission) or a direct report. */
export interface RecordCrimeInput {
  incidentId?: string | undefined
  /** Record with the incident submission itself (command and control): both are idempotent together. */
  incident?: IncidentSubmission | undefined
  /** Rule 1: a crime without an incident carries the channel of the direct report. */
  directReportChannel?: string | undefined
  /** For a direct report; a crime from an incident takes the incident's received-at time. */
  reportedAt?: Date | string | undefined
  /**
   * For a direct report: it discloses rape or attempted rape (rule 8), so recorded as anything else it needs an
   * N100. A report from an incident takes this from the incident's qualifiers.
   */
  rapeReported?: boolean | undefined
  victim?: PersonDetails | undefined
  victimPersonId?: string | undefined
  offenceCode: string
  /** Other offences disclosed against the same victim: the principal crime rule picks which to record. */
  otherOffenceCodes?: readonly string[] | undefined
  offenceFrom: Date | string | undefined
  offenceTo?: Date | string | undefined
  location?: LocationInput | undefined
  summary?: string | undefined
  domesticAbuse?: boolean | undefined
  hateCrime?: boolean | undefined
  vulnerableVictim?: boolean | undefined
  /** Why a report of rape is not being recorded as rape (rule 8: an N100 is raised with it). */
  n100Reason?: string | undefined
  /** The person has seen the possible duplicates and confirms this is a different crime (rule 11). */
  acknowledgeDuplicates?: boolean | undefined
  sourceSystem?: string | undefined
  sourceReference?: string | undefined
}

export interface RecordCrimeResult {
  crime: CrimeRow
  incident: IncidentRow | undefined
  /** True when this was a repeat of a submission already recorded: nothing new was written. */
  replayed: boolean
}

export { PossibleDuplicate }

/** A recording that passed every check: what `writeCrime` stores. */
interface ValidRecording {
  input: RecordCrimeInput
  incident: IncidentRow | undefined
  /** The incident was made by this very submission: nothing else can have been recorded from it yet. */
  newIncident: boolean
  reportedAt: Date
  offenceFrom: Date
  offenceTo: Date | undefined
  offence: OffenceCodeRecord
  others: OffenceCodeRecord[]
  rapeReported: boolean
  listRules: OffenceListRules
  /** The victim: an existing person (given, or found by name and date of birth) or details for a new one. */
  victim: { existing: PersonIdentity | undefined; details: PersonDetails | undefined; key: string } | undefined
  place: string | null
  hash: string
  hasSource: boolean
}

/** The crime row as recording writes it. */
type NewCrime = Parameters<CrimesRepository['insertCrime']>[1]

const RACE_CONSTRAINTS = ['incident_source_key', 'crime_source_key', 'crime_one_per_victim'] as const
const SOURCE = /^[A-Za-z0-9._:/-]{1,100}$/

/**
 * Recording a crime (DOMAIN.md §1; rules 1, 3, 8, 11 and 23): from an incident or a direct report, classified
 * against the force's offence list, one crime per victim, on the 24-hour clock, with duplicate warnings, its crime
 * reference and any N100; and the decision not to record one. CrimesService is the way in for other modules.
 */
export class CrimeRecording {
  constructor(
    private readonly db: TallyDatabase,
    private readonly repository: CrimesRepository,
    private readonly referenceData: CrimeReferenceData,
    private readonly incidents: IncidentsService,
    private readonly people: PeopleService,
    private readonly auditTrail: AuditTrailService,
    private readonly clock: Clock,
    private readonly n100s: CrimeN100s,
    private readonly duplicates: CrimeDuplicates,
    private readonly victimCare?: CrimeVictimCare,
  ) {}

  /**
   * Records a crime (rule 3: nothing investigative is required). Idempotent: the same incident submission, the
   * same source reference, or the same victim again from the same incident returns the crime already recorded;
   * different content under the same key is a Conflict. Concurrent repeats never make a second crime.
   */
  async record(actor: Actor, input: RecordCrimeInput): Promise<RecordCrimeResult> {
    if (!actor.permissions.can('crimes.record')) {
      throw new Forbidden('Your role cannot record crimes')
    }
    return this.inRecordingTransaction(actor, (_tx, record) => record(input))
  }

  /**
   * @internal For CrimeDraftsService.recordFromDraft: runs `work` in one force transaction, retried as `record`'s
   * is when a concurrent recording races it; `record` within it takes exactly `record`'s path (`recordIn`), so a
   * draft's own reads and writes commit or roll back with the crime. The caller checks the permission.
   */
  inRecordingTransaction<T>(
    actor: Actor,
    work: (tx: ForceTransaction, record: (input: RecordCrimeInput) => Promise<RecordCrimeResult>) => Promise<T>,
  ): Promise<T> {
    return retryOnRace(RACE_CONSTRAINTS, () =>
      this.db.withForce(actor.forceId, (tx) => work(tx, (input) => this.recordIn(tx, actor, input))),
    )
  }

  /** Validate, answer a replay with what it made, warn of duplicates, then write. */
  private async recordIn(tx: ForceTransaction, actor: Actor, input: RecordCrimeInput): Promise<RecordCrimeResult> {
    const valid = await this.validRecording(tx, actor, input)
    const replayed = await this.replayOf(tx, valid)
    if (replayed) {
      return replayed
    }
    if (valid.incident) {
      this.incidents.assertMayRecordCrimeFrom(actor, valid.incident)
    }
    if (!input.acknowledgeDuplicates) {
      await this.refuseDuplicates(tx, valid)
    }
    return this.writeCrime(tx, actor, valid)
  }

  /**
   * Every check on a recording at once (rules 1, 8, 11 and 23), naming each field. Only an incident submitted
   * with the crime is written so far, in the same transaction: a problem anywhere stores neither.
   */
  private async validRecording(tx: ForceTransaction, actor: Actor, input: RecordCrimeInput): Promise<ValidRecording> {
    const errors = new FieldErrors()
    const { incident, newIncident } = await this.reportedIn(tx, actor, input, errors)

    const reportedAt = incident ? incident.receivedAt : toInstant(input.reportedAt)
    const offenceFrom = toInstant(input.offenceFrom)
    const offenceTo = toInstant(input.offenceTo)
    // Rule 8: rape is reported by the incident's qualifier or in so many words in what the caller said.
    const rapeReported = incident
      ? incident.rapeReported || narrativeDisclosesRape(incident.narrative)
      : input.rapeReported === true
    // The list's groups of rape and ranking matter only for a report of rape or several offences: most recordings
    // (and every replay) skip the read.
    const needsListRules =
      rapeReported || (input.n100Reason ?? '').trim() !== '' || (input.otherOffenceCodes?.length ?? 0) > 0
    const listRules = needsListRules
      ? await this.referenceData.currentListRulesIn(tx, actor)
      : { rapeGroups: [], principalRanking: [] }
    const offence = await this.offenceOrUndefined(tx, actor, input.offenceCode)
    const others = await Promise.all(
      (input.otherOffenceCodes ?? []).map(async (code) => ({
        given: code,
        found: await this.offenceOrUndefined(tx, actor, code),
      })),
    )
    for (const problem of recordingProblems({
      rapeReported,
      offenceCode: { given: input.offenceCode, found: offence },
      otherOffenceCodes: { field: 'otherOffenceCodes', offences: others },
      n100Reason: input.n100Reason,
      dates: { reportedAt, offenceFrom, offenceTo, now: this.clock.now() },
      summary: input.summary ?? '',
      listRules,
    })) {
      errors.add(problem.field, problem.message)
    }
    const existing = await this.checkVictimAndSource(tx, input, errors)
    const hasSource = input.sourceSystem !== undefined || input.sourceReference !== undefined
    errors.throwIfAny()

    // Rule 11: the victim is who they are, however they were given: an existing person by id, the same person
    // found by name and date of birth, or a new person. Their key comes from those facts either way.
    const details = input.victim ? personFor(input.victim) : undefined
    const known = existing ?? (details ? await this.people.samePersonIn(tx, details) : undefined)
    const victim = known || details ? { existing: known, details, key: victimKey(known ?? details!) } : undefined
    const otherOffences = others.map((other) => other.found!).filter((other) => other.code !== offence!.code)
    const place = await this.duplicates.placeOf(tx, input, incident, newIncident)
    const hash = submissionHash({
      incidentId: incident?.incidentId ?? null,
      directReportChannel: incident ? null : input.directReportChannel,
      reportedAt: reportedAt!.toISOString(),
      rapeReported: incident ? null : rapeReported,
      victimKey: victim?.key ?? null,
      offenceCode: offence!.code,
      otherOffenceCodes: otherOffences.map((other) => other.code).sort(),
      offenceFrom: offenceFrom!.toISOString(),
      offenceTo: offenceTo?.toISOString() ?? null,
      location: input.location ?? null,
      summary: (input.summary ?? '').trim(),
      flags: [!!input.domesticAbuse, !!input.hateCrime, !!input.vulnerableVictim],
      n100Reason: (input.n100Reason ?? '').trim(),
    })
    return {
      input,
      incident,
      newIncident,
      reportedAt: reportedAt!,
      offenceFrom: offenceFrom!,
      offenceTo,
      offence: offence!,
      others: otherOffences,
      rapeReported,
      listRules,
      victim,
      place,
      hash,
      hasSource,
    }
  }

  /** Rule 1: the incident the crime was reported in (taken in with it, or found and locked), or a direct report. */
  private async reportedIn(
    tx: ForceTransaction,
    actor: Actor,
    input: RecordCrimeInput,
    errors: FieldErrors,
  ): Promise<{ incident: IncidentRow | undefined; newIncident: boolean }> {
    let incident: IncidentRow | undefined
    let newIncident = false
    if (input.incident) {
      const intake = await prefixed('incident', () => this.incidents.intakeIn(tx, actor, input.incident!))
      incident = intake.incident
      newIncident = !intake.replayed
    } else if (input.incidentId !== undefined && input.incidentId !== '') {
      incident = await this.incidents.getIn(tx, input.incidentId)
      errors.check(incident !== undefined, 'incidentId', 'There is no incident with this id in this force')
    } else if (!isChannel(input.directReportChannel ?? '')) {
      errors.add(
        'directReportChannel',
        'A crime needs the incident it was reported in, or the channel it was reported through directly',
      )
    }
    if (incident && !newIncident) {
      // Concurrent recordings from one incident queue here, so each sees what the others recorded.
      incident = await this.incidents.lockIn(tx, incident.incidentId)
    }
    if (incident && input.rapeReported !== undefined) {
      errors.add(
        'rapeReported',
        'A report from an incident says rape was reported through the incident’s qualifiers: update the incident instead',
      )
    }
    return { incident, newIncident }
  }

  /** The victim given (details or an existing person, not both) and the source system's reference, if any. */
  private async checkVictimAndSource(
    tx: ForceTransaction,
    input: RecordCrimeInput,
    errors: FieldErrors,
  ): Promise<PersonIdentity | undefined> {
    if (input.victim !== undefined && (input.victim.familyName ?? '').trim() === '') {
      errors.add('victim.familyName', 'Enter the victim’s family name, or record the crime with no identified victim')
    }
    if (input.victim !== undefined && input.victimPersonId !== undefined) {
      errors.add('victimPersonId', 'Give the victim’s details or an existing person’s id, not both')
    }
    const existing =
      input.victimPersonId !== undefined ? await this.people.identityIn(tx, input.victimPersonId) : undefined
    if (input.victimPersonId !== undefined && !existing) {
      errors.add(
        'victimPersonId',
        isUuid(input.victimPersonId)
          ? 'There is no person with this id in this force'
          : 'Victim person id must be the id of a person (a UUID)',
      )
    }
    if (input.sourceSystem !== undefined || input.sourceReference !== undefined) {
      errors
        .check(
          SOURCE.test(input.sourceSystem ?? ''),
          'sourceSystem',
          'Source system must be 1 to 100 letters, digits or . _ : / -',
        )
        .check(
          SOURCE.test(input.sourceReference ?? ''),
          'sourceReference',
          'Source reference must be 1 to 100 letters, digits or . _ : / -',
        )
    }
    return existing
  }

  /** The same submission again answers with what it made; different content under its key is a Conflict. */
  private async replayOf(tx: ForceTransaction, valid: ValidRecording): Promise<RecordCrimeResult | undefined> {
    const { input, incident } = valid
    if (valid.hasSource) {
      const existing = await this.repository.findBySource(tx, input.sourceSystem!, input.sourceReference!)
      if (existing) {
        return replayOrConflict(existing, valid, `${input.sourceSystem} reference ${input.sourceReference}`)
      }
    }
    if (incident && valid.victim && !valid.newIncident) {
      const existing = await this.repository.findForIncidentVictim(tx, incident.incidentId, valid.victim.key)
      if (existing) {
        return replayOrConflict(existing, valid, `incident ${incident.incidentNumber} and this victim`)
      }
    }
    return undefined
  }

  /** Rule 11: refuses a possible duplicate (same victim, offence group, time and place) until it is confirmed. */
  private async refuseDuplicates(tx: ForceTransaction, valid: ValidRecording): Promise<void> {
    if (!valid.victim) {
      return
    }
    const duplicates = await this.duplicates.duplicatesIn(tx, {
      victim: valid.victim.existing ?? valid.victim.details!,
      victimKey: valid.victim.key,
      offenceGroup: valid.offence.groupCode ?? '',
      offenceFrom: valid.offenceFrom,
      offenceTo: valid.offenceTo ?? null,
      locationKey: valid.place,
    })
    if (duplicates.length > 0) {
      throw new PossibleDuplicate(duplicates)
    }
  }

  /** Stores the crime, its victim, place, first classification and status, any N100, and the audit event. */
  private async writeCrime(tx: ForceTransaction, actor: Actor, valid: ValidRecording): Promise<RecordCrimeResult> {
    const { input, offence } = valid
    const now = this.clock.now()
    const crimeId = newId()
    const victimPersonId = await this.victimIn(tx, actor, valid, crimeId)
    let incident = valid.incident
    const locationId = input.location
      ? (await prefixed('location', () => this.people.addLocation(tx, actor, locationFor(input.location!)))).locationId
      : (incident?.locationId ?? null)

    let incidentNumber = incident?.incidentNumber
    if (incident) {
      incident = await this.incidents.markCrimedIn(tx, actor, incident)
    }
    if (valid.rapeReported) {
      await this.n100s.n100ForRapeReportIn(tx, actor, {
        incidentId: incident?.incidentId ?? null,
        crimeId,
        offenceGroup: offence.groupCode ?? '',
        reason: input.n100Reason,
        listRules: valid.listRules,
      })
    }
    if (incident) {
      // Numbers last: the day's incident counter and the year's crime counter are locked from here to commit,
      // as briefly as the audit trail's chain head (always in this order: incident, crime, audit chain).
      incidentNumber =
        (await this.incidents.numberNewIncidentsIn(tx)).get(incident.incidentId) ?? incident.incidentNumber
    }
    const crimeReference = await this.nextCrimeReferenceIn(tx, now)
    const qualifiers = incident?.qualifiers ?? []
    const row = {
      crimeId,
      crimeReference,
      incidentId: incident?.incidentId ?? null,
      directReportChannel: incident ? null : input.directReportChannel!,
      status: 'recorded',
      statusChangedAt: now,
      reportedAt: valid.reportedAt,
      recordedAt: now,
      recordedBy: actor.name,
      offenceFrom: valid.offenceFrom,
      offenceTo: valid.offenceTo ?? null,
      locationId,
      locationKey: valid.place,
      offenceCode: offence.code,
      offenceCodeVersion: offence.version,
      offenceGroup: offence.groupCode ?? '',
      offenceGroupsEver: [offence.groupCode ?? ''],
      offenceCodeAtRecording: offence.code,
      victimPersonId,
      victimKey: valid.victim?.key ?? null,
      summary: (input.summary ?? '').trim(),
      domesticAbuse: input.domesticAbuse ?? qualifiers.includes('domestic-abuse'),
      hateCrime: input.hateCrime ?? qualifiers.includes('hate'),
      vulnerableVictim:
        input.vulnerableVictim ?? (qualifiers.includes('child-at-risk') || qualifiers.includes('vulnerable-adult')),
      sourceSystem: valid.hasSource ? input.sourceSystem! : null,
      sourceReference: valid.hasSource ? input.sourceReference! : null,
      submissionHash: valid.hash,
    }
    const crime = await this.repository.insertCrime(tx, row)
    await this.firstHistoryIn(tx, actor, row, now)
    await this.victimCare?.crimeRecorded(tx, actor, crime)
    this.auditRecording(tx, actor, valid, row, crimeReference, now)
    return { crime, incident: incident ? { ...incident, incidentNumber: incidentNumber! } : undefined, replayed: false }
  }

  /** The victim, added as a new person unless already known, linked to the crime (rule 11). */
  private async victimIn(
    tx: ForceTransaction,
    actor: Actor,
    valid: ValidRecording,
    crimeId: string,
  ): Promise<string | null> {
    if (!valid.victim) {
      return null
    }
    const victimPersonId =
      valid.victim.existing?.personId ??
      (await prefixed('victim', () => this.people.addPerson(tx, actor, valid.victim!.details!))).personId
    await prefixed('victim', () =>
      this.people.linkPerson(tx, actor, {
        personId: victimPersonId,
        recordType: 'crime',
        recordId: crimeId,
        role: 'victim',
      }),
    )
    return victimPersonId
  }

  /** The next crime reference in the force's format for this year (the year's counter stays locked to commit). */
  private async nextCrimeReferenceIn(tx: ForceTransaction, now: Date): Promise<string> {
    const { referenceFormat, crimeReferencePrefix } = await this.repository.referenceSettings(tx)
    const year = ukLocalTime(now).year
    return formatCrimeReference(referenceFormat ?? DEFAULT_REFERENCE_FORMAT, {
      prefix: crimeReferencePrefix,
      year,
      seq: await this.repository.nextReferenceSeq(tx, year),
    })
  }

  /** The first entries of the crime's classification and status histories. */
  private async firstHistoryIn(tx: ForceTransaction, actor: Actor, row: NewCrime, now: Date): Promise<void> {
    await this.repository.insertClassifications(tx, [
      {
        crimeId: row.crimeId,
        seq: 1,
        offenceCode: row.offenceCode,
        offenceCodeVersion: row.offenceCodeVersion,
        offenceGroup: row.offenceGroup,
        previousCode: null,
        changedAt: now,
        changedBy: actor.id,
        changedByName: actor.name,
        reason: 'Classification at recording',
      },
    ])
    await this.repository.insertStatusChanges(tx, [
      {
        crimeId: row.crimeId,
        seq: 1,
        fromStatus: null,
        toStatus: 'recorded',
        action: 'record',
        changedAt: now,
        changedBy: actor.id,
        changedByName: actor.name,
        reason: null,
      },
    ])
  }

  /** The CRIME_RECORDED event: what was recorded, the 24-hour clock (rule 2), and what the person confirmed. */
  private auditRecording(
    tx: ForceTransaction,
    actor: Actor,
    valid: ValidRecording,
    row: NewCrime,
    crimeReference: string,
    now: Date,
  ): void {
    const clock = recordingClock(row.reportedAt, now)
    this.auditTrail.record(tx, actor, {
      action: 'CRIME_RECORDED',
      recordType: 'crime',
      recordId: row.crimeId,
      changes: {
        ...changedFields(undefined, {
          crimeReference,
          incidentId: row.incidentId,
          directReportChannel: row.directReportChannel,
          status: row.status,
          offenceCode: row.offenceCode,
          offenceCodeVersion: row.offenceCodeVersion,
          reportedAt: row.reportedAt,
          recordedAt: now,
          offenceFrom: row.offenceFrom,
          offenceTo: row.offenceTo,
          victimPersonId: row.victimPersonId,
          locationId: row.locationId,
          domesticAbuse: row.domesticAbuse,
          hateCrime: row.hateCrime,
          vulnerableVictim: row.vulnerableVictim,
        }),
        recordingDelayMinutes: Math.round(clock.elapsedMs / 60_000),
        recordedLate: clock.breached,
        ...(valid.rapeReported && !valid.incident ? { rapeReported: true } : {}),
        ...(valid.others.length > 0 ? { otherOffencesDisclosed: valid.others.map((other) => other.code) } : {}),
        ...(valid.input.acknowledgeDuplicates ? { duplicateWarningAcknowledged: true } : {}),
      },
    })
  }

  /**
   * The decision not to record a crime from an incident (rules 4 and 5). A report of rape not recorded as a
   * crime raises an N100 with the same reasons (rule 8).
   */
  async recordNonCrimeDecision(actor: Actor, incidentId: string, input: NonCrimeDecisionInput): Promise<IncidentRow> {
    return this.db.withForce(actor.forceId, async (tx) => {
      const incident = await this.incidents.markNotCrimedIn(tx, actor, incidentId, input)
      await this.victimCare?.incidentNotCrimed(tx, actor, incident)
      if (incident.rapeReported && !(await this.repository.openN100ForIncident(tx, incidentId))) {
        const label = NON_CRIME_REASONS[input.reason as keyof typeof NON_CRIME_REASONS]
        await this.n100s.raiseN100In(tx, actor, {
          incidentId,
          crimeId: null,
          reason: `${label}: ${input.rationale.trim()}`,
        })
      }
      return incident
    })
  }

  /**
   * A code in the force's current offence list, or undefined (blank, unknown, or not a Home Office code).
   * @internal Public for CrimesService (the crime actions and CrimeDraftsService check codes the same way).
   */
  async offenceOrUndefined(tx: ForceTransaction, actor: Actor, code: string): Promise<OffenceCodeRecord | undefined> {
    return code.trim() === '' ? undefined : this.referenceData.offenceIn(tx, actor, code)
  }
}

function replayOrConflict(existing: CrimeRow, valid: ValidRecording, key: string): RecordCrimeResult {
  if (existing.submissionHash === valid.hash) {
    return { crime: existing, incident: valid.incident, replayed: true }
  }
  throw new Conflict(
    `A crime has already been recorded for ${key}: ${existing.crimeReference} (one crime per victim). Reclassify or update that crime instead.`,
    { crimeId: existing.crimeId, crimeReference: existing.crimeReference },
  )
}
