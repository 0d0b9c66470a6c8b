import type { Actor } from '../../platform/auth/actor.ts'
import type { Clock } from '../../platform/clock.ts'
import type { ForceTransaction, TallyDatabase } from '../../platform/db/database.ts'
import { retryOnRace } from '../../platform/db/errors.ts'
import { Conflict, FieldErrors, Forbidden, NotFound, ValidationFailed, prefixed } from '../../platform/http/errors.ts'
import { isUuid, newId } from '../../platform/ids.ts'
import { changedFields, type AuditEventRow, type AuditTrailService } from '../audit-trail/index.ts'
import type { DirectoryService, Unit } from '../directory/index.ts'
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
  type IncidentSummary,
  type LocationInput,
  type NonCrimeDecisionInput,
  type PersonDetails,
} from '../incidents/index.ts'
import type { Involvement, Location, PeopleService, PersonIdentity } from '../people/index.ts'
import { crimeActionHandlers, namedSuspects, type ActionHandler, type CrimeActionInput } from './crimes.actions.ts'
import { CrimeN100s } from './crimes.n100.ts'
import type { CrimeReferenceData } from './crimes.reference-data.ts'
import { CrimeReports, type DailyFlow } from './crimes.reports.ts'
import { changesFor } from './crimes.timeline.ts'
import type {
  CancellationRow,
  ClassificationRow,
  CrimeListFilter,
  CrimeRow,
  CrimesRepository,
  N100Row,
  OffenceCodeRecord,
  OutcomeRow,
  StatusChangeRow,
  TransferRow,
} from './crimes.repository.ts'
import {
  canAuthoriseCancellation,
  DEFAULT_REFERENCE_FORMAT,
  formatCrimeReference,
  isRestricted,
  locationKey,
  narrativeDisclosesRape,
  overlapsInTimeAndPlace,
  recordingClock,
  recordingProblems,
  victimKey,
  viewJustification,
  type CancellationCode,
  type OffenceListRules,
  type RecordingClock,
} from './crimes.rules.ts'
import {
  allowedCrimeActions,
  CRIME_WORKFLOW,
  crimeTransition,
  refusalReason,
  targetStatus,
  type CrimeAction,
  type CrimeStatus,
  type CrimeTransition,
} from './crimes.workflow.ts'

export type { CrimeActionInput } from './crimes.actions.ts'

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

/** What a page or the queues need to decide which actions a person may take on many crimes at once. */
export interface ActionContext {
  roles: Actor['roles']
  isDesignatedDecisionMaker: boolean
  /** Rule 6: groups whose cancellation needs the FCR or a designated decision maker (rape under every list's name). */
  authorisationGroups: readonly string[]
}

/** What `allowedActionsWith` reads of a crime: its status and every group it has been classified in. */
export type CrimeForActions = Pick<CrimeRow, 'status' | 'offenceGroup'> & { offenceGroupsEver?: readonly string[] }

export interface CrimeView {
  crime: CrimeRow
  offence: { code: string; label: string; groupLabel: string | null }
  incident: IncidentRow | undefined
  location: Location | undefined
  people: Involvement[]
  clock: RecordingClock
  classifications: Array<ClassificationRow & { label: string }>
  outcomes: OutcomeRow[]
  cancellations: CancellationRow[]
  transfers: TransferRow[]
  n100s: N100Row[]
  statusChanges: StatusChangeRow[]
  /** Every change to the record; consultations (views, searches) only for those who may read the audit trail. */
  timeline: AuditEventRow[]
  assignedUserName: string | null
  actions: CrimeTransition[]
  /** Rule 7: until a transfer is accepted this force keeps the victim-care tasks. */
  victimCareWithThisForce: boolean
}

/** Everything one action's form shows, read in one transaction. */
export interface ActionPage {
  rule: CrimeTransition
  crime: CrimeRow
  offence: { code: string; label: string }
  /** The crime's people (for changing how one is involved). */
  people: Involvement[]
  offenceCodes: OffenceCodeRecord[]
  users: Array<{ userId: string; displayName: string }>
  units: Unit[]
  cancellationCodes: CancellationCode[]
  /** Rule 6: the crime has been in a group whose cancellation needs the FCR or a designated decision maker. */
  restricted: boolean
}

export class PossibleDuplicate extends Conflict {
  constructor(
    readonly duplicates: Array<{ crimeId: string; crimeReference: string; offenceCode: string; recordedAt: Date }>,
  ) {
    super(
      `This may be a duplicate of ${duplicates.map((d) => d.crimeReference).join(', ')}: the same victim, offence group, time and place (rule 11). Check, then confirm it is a different crime to record it.`,
      {
        duplicates: duplicates.map((d) => ({
          crimeId: d.crimeId,
          crimeReference: d.crimeReference,
          offenceCode: d.offenceCode,
          recordedAt: d.recordedAt.toISOString(),
        })),
      },
    )
    this.name = 'PossibleDuplicate'
  }
}

/**
 * Rule 20: a restricted crime record (ever classified in a restricted group, rape among them) is shown only once
 * the person says why; the page asks with the force's list of reasons.
 */
export class JustificationNeeded extends ValidationFailed {
  constructor(
    message: string,
    readonly reasons: readonly string[],
  ) {
    super([{ field: 'justification', message }])
    this.name = 'JustificationNeeded'
  }
}

/** Why someone is viewing a crime record: one of the force's reasons, or their own typed. */
export interface ViewAccess {
  justification?: string | undefined
  justificationText?: string | undefined
}

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

const RACE_CONSTRAINTS = ['incident_source_key', 'crime_source_key', 'crime_one_per_victim'] as const
const SOURCE = /^[A-Za-z0-9._:/-]{1,100}$/

/**
 * Crime recording and everything after it (DOMAIN.md §1–2; rules 1–13 and 23): the recording decision from
 * an incident or a direct report, classification against the force's offence list, one crime per victim, the
 * 24-hour clock, duplicate warnings, crime references, the lifecycle in crimes.workflow.ts (one entry point,
 * `act`, with each action's handler in crimes.actions.ts), cancellation and transfer with their controls,
 * outcomes with their validation, and N100s.
 */
/**
 * Victim care (the victims module) hears what happens to a crime inside the crime's own transaction, so a crime
 * and its victim's Victims' Code tasks commit or roll back together (rules 5, 7, 15–18).
 */
export interface CrimeVictimCare {
  crimeRecorded(tx: ForceTransaction, actor: Actor, crime: CrimeRow): Promise<void>
  /** May add field errors that stop the action (rule 18: filing a charged case without a VPS offer). */
  beforeCrimeAction(tx: ForceTransaction, crime: CrimeRow, action: CrimeAction, errors: FieldErrors): Promise<void>
  crimeActed(
    tx: ForceTransaction,
    actor: Actor,
    done: {
      action: CrimeAction
      before: CrimeRow
      after: CrimeRow
      input: CrimeActionInput
      context: Record<string, unknown> | undefined
    },
  ): Promise<void>
  incidentNotCrimed(tx: ForceTransaction, actor: Actor, incident: IncidentRow): Promise<void>
  /** Whether this force still looks after the victim (undefined: victim care has no record of the crime). */
  caredForHere(tx: ForceTransaction, crimeId: string): Promise<boolean | undefined>
}

export class CrimesService {
  private readonly handlers: Record<CrimeAction, ActionHandler>
  private readonly n100s: CrimeN100s
  private readonly reports: CrimeReports

  constructor(
    private readonly db: TallyDatabase,
    private readonly repository: CrimesRepository,
    private readonly referenceData: CrimeReferenceData,
    private readonly incidents: IncidentsService,
    private readonly people: PeopleService,
    private readonly directory: DirectoryService,
    private readonly auditTrail: AuditTrailService,
    private readonly clock: Clock,
    private readonly victimCare?: CrimeVictimCare,
  ) {
    this.n100s = new CrimeN100s(db, repository, referenceData, incidents, auditTrail, clock)
    this.reports = new CrimeReports(db, repository)
    this.handlers = crimeActionHandlers({
      repository,
      referenceData,
      people,
      directory,
      clock,
      validOffence: (tx, actor, code, field, errors) => this.validOffence(tx, actor, code, field, errors),
      raiseN100In: (tx, actor, input) => this.n100s.raiseN100In(tx, actor, input),
      outcomeFactsIn: (tx, crime, involvements) => this.outcomeFactsIn(tx, crime, involvements),
    })
  }

  // Recording --------------------------------------------------------------------------------------------------------

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
        'A crime needs the incident it was reported in, or the channel it was reported through directly (rule 1)',
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
    const hasSource = input.sourceSystem !== undefined || input.sourceReference !== undefined
    if (hasSource) {
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
    errors.throwIfAny()

    // Rule 11: the victim is who they are, however they were given: an existing person by id, the same person
    // found by name and date of birth, or a new person. Their key comes from those facts either way.
    const details = input.victim ? personFor(input.victim) : undefined
    const known = existing ?? (details ? await this.people.samePersonIn(tx, details) : undefined)
    const victim = known || details ? { existing: known, details, key: victimKey(known ?? details!) } : undefined
    const otherOffences = others.map((other) => other.found!).filter((other) => other.code !== offence!.code)
    const place = await this.placeOf(tx, input, incident, newIncident)
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
    const duplicates = await this.duplicatesIn(tx, {
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

  /**
   * Rule 11 (HOCR Sections D and C3): live crimes in the same offence group, overlapping in time and place, whose
   * victim is this one as person search finds people — a misspelt name, or no date of birth on one record, still
   * matches; two known dates of birth that differ are two people.
   */
  private async duplicatesIn(
    tx: ForceTransaction,
    proposed: {
      victim: { givenName: string; familyName: string; dateOfBirth?: string | null | undefined }
      victimKey: string
      offenceGroup: string
      offenceFrom: Date
      offenceTo: Date | null
      locationKey: string | null
    },
  ) {
    const similar = await this.people.similarPeopleIn(tx, proposed.victim)
    const candidates = await this.repository.duplicateCandidatesFor(tx, {
      victimKey: proposed.victimKey,
      victimPersonIds: similar,
      offenceGroup: proposed.offenceGroup,
    })
    return candidates.filter((existing) => overlapsInTimeAndPlace(proposed, existing))
  }

  /** Stores the crime, its victim, place, first classification and status, any N100, and the audit event. */
  private async writeCrime(tx: ForceTransaction, actor: Actor, valid: ValidRecording): Promise<RecordCrimeResult> {
    const { input, offence } = valid
    const now = this.clock.now()
    const crimeId = newId()
    let victimPersonId: string | null = null
    if (valid.victim) {
      victimPersonId =
        valid.victim.existing?.personId ??
        (await prefixed('victim', () => this.people.addPerson(tx, actor, valid.victim!.details!))).personId
      await prefixed('victim', () =>
        this.people.linkPerson(tx, actor, {
          personId: victimPersonId!,
          recordType: 'crime',
          recordId: crimeId,
          role: 'victim',
        }),
      )
    }
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
    const { referenceFormat, crimeReferencePrefix } = await this.repository.referenceSettings(tx)
    const year = ukLocalTime(now).year
    const crimeReference = formatCrimeReference(referenceFormat ?? DEFAULT_REFERENCE_FORMAT, {
      prefix: crimeReferencePrefix,
      year,
      seq: await this.repository.nextReferenceSeq(tx, year),
    })
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
    await this.repository.insertClassifications(tx, [
      {
        crimeId,
        seq: 1,
        offenceCode: offence.code,
        offenceCodeVersion: offence.version,
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
        crimeId,
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
    await this.victimCare?.crimeRecorded(tx, actor, crime)
    const clock = recordingClock(row.reportedAt, now)
    this.auditTrail.record(tx, actor, {
      action: 'CRIME_RECORDED',
      recordType: 'crime',
      recordId: crimeId,
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
          victimPersonId,
          locationId,
          domesticAbuse: row.domesticAbuse,
          hateCrime: row.hateCrime,
          vulnerableVictim: row.vulnerableVictim,
        }),
        recordingDelayMinutes: Math.round(clock.elapsedMs / 60_000),
        recordedLate: clock.breached,
        ...(valid.rapeReported && !incident ? { rapeReported: true } : {}),
        ...(valid.others.length > 0 ? { otherOffencesDisclosed: valid.others.map((other) => other.code) } : {}),
        ...(input.acknowledgeDuplicates ? { duplicateWarningAcknowledged: true } : {}),
      },
    })
    return { crime, incident: incident ? { ...incident, incidentNumber: incidentNumber! } : undefined, replayed: false }
  }

  /** The normalised place of the offence for the duplicate check (rule 11), without a read when it is known. */
  private async placeOf(
    tx: ForceTransaction,
    input: RecordCrimeInput,
    incident: IncidentRow | undefined,
    newIncident: boolean,
  ): Promise<string | null> {
    if (input.location) {
      return locationKey(input.location)
    }
    if (newIncident) {
      return locationKey(input.incident?.location ?? {})
    }
    const location = incident?.locationId ? await this.people.getLocation(tx, incident.locationId) : undefined
    return locationKey(location ?? {})
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

  /** Rule 11: crimes the proposed one may duplicate, for the check-your-answers page to warn about. */
  async possibleDuplicates(
    actor: Actor,
    proposed: {
      victim?: PersonDetails | undefined
      offenceCode: string
      offenceFrom: Date
      offenceTo?: Date | undefined
      incidentId?: string | undefined
      location?: LocationInput | undefined
    },
  ) {
    if (!proposed.victim) {
      return []
    }
    return this.db.withForce(actor.forceId, async (tx) => {
      const offence = await this.referenceData.offenceIn(tx, actor, proposed.offenceCode)
      if (!offence) {
        return []
      }
      const incident = proposed.incidentId ? await this.incidents.getIn(tx, proposed.incidentId) : undefined
      const location =
        !proposed.location && incident?.locationId ? await this.people.getLocation(tx, incident.locationId) : undefined
      const victim = personFor(proposed.victim!)
      return this.duplicatesIn(tx, {
        victim,
        victimKey: victimKey(victim),
        offenceGroup: offence.groupCode ?? '',
        offenceFrom: proposed.offenceFrom,
        offenceTo: proposed.offenceTo ?? null,
        locationKey: locationKey(proposed.location ?? location ?? {}),
      })
    })
  }

  // The lifecycle -----------------------------------------------------------------------------------------------------

  /**
   * The one entry point for every action on a crime (crimes.workflow.ts): locks the crime, checks the person may
   * take the action now and at the version they saw, applies it (crimes.actions.ts), records the status change
   * and the audit event — all in one transaction, or nothing. Concurrent actions on one crime queue on the lock,
   * so the second sees the first's version and gets a Conflict.
   */
  async act(actor: Actor, crimeId: string, input: CrimeActionInput): Promise<CrimeRow> {
    return (await this.perform(actor, crimeId, input)).crime
  }

  /** `act`, also saying which workflow row applied (its success banner, whether it was an FCR override). */
  async perform(
    actor: Actor,
    crimeId: string,
    input: CrimeActionInput,
  ): Promise<{ crime: CrimeRow; rule: CrimeTransition }> {
    return this.db.withForce(actor.forceId, async (tx) => {
      const crime = await this.findOrThrow(tx, crimeId, { lock: true })
      const rule = await this.ruleFor(tx, actor, crime, input.action)
      if (crime.version !== input.expectedVersion) {
        throw staleVersion(crime)
      }
      const now = this.clock.now()
      const reason = (input.reason ?? '').trim()
      const errors = new FieldErrors()
      if (rule.requires.includes('reason')) {
        errors.check(reason !== '', 'reason', `Enter the reason (${rule.label.toLowerCase()})`)
      }
      await this.victimCare?.beforeCrimeAction(tx, crime, input.action, errors)
      const applied = await this.handlers[input.action]({ tx, actor, crime, rule, input, now, reason, errors })
      const to = targetStatus(
        rule,
        crime.status as CrimeStatus,
        (crime.statusBeforePending as CrimeStatus | null) ?? null,
      )
      const statusChanged = to !== crime.status
      const changes = {
        ...applied.changes,
        ...(statusChanged ? { status: to, statusChangedAt: now } : {}),
      }
      const after = await this.repository.updateCrime(tx, crime.crimeId, input.expectedVersion, changes)
      if (!after) {
        throw staleVersion(crime)
      }
      if (statusChanged) {
        await this.repository.insertStatusChanges(tx, [
          {
            crimeId: crime.crimeId,
            seq: after.version,
            fromStatus: crime.status,
            toStatus: to,
            action: input.action,
            changedAt: now,
            changedBy: actor.id,
            changedByName: actor.name,
            reason: applied.reason ?? null,
          },
        ])
      }
      await applied.afterUpdate?.(after)
      await this.victimCare?.crimeActed(tx, actor, {
        action: input.action,
        before: crime,
        after,
        input,
        context: applied.context,
      })
      this.auditTrail.record(tx, actor, {
        action: rule.audit,
        recordType: 'crime',
        recordId: crime.crimeId,
        changes: {
          ...changedFields(crime, changes),
          ...applied.context,
          ...(rule.fcrOverride ? { fcrOverride: true } : {}),
        },
        reason: applied.reason,
      })
      return { crime: after, rule }
    })
  }

  /**
   * The workflow row that lets this person take `action` on this crime now; otherwise a refusal saying why:
   * 403 when the status allows the action but not for this person (role or authority), 409 when the status
   * does not allow it at all.
   */
  private async ruleFor(
    tx: ForceTransaction,
    actor: Actor,
    crime: CrimeRow,
    action: CrimeAction,
  ): Promise<CrimeTransition> {
    const context = await this.actionContextIn(tx, actor)
    const facts = { status: crime.status as CrimeStatus, canAuthoriseCancellation: canAuthorise(context, crime) }
    const rule = crimeTransition(action, actor.roles, facts)
    if (rule) {
      return rule
    }
    const reason = refusalReason(action, actor.roles, facts, {
      authorisationRestricted: isRestricted(groupsOf(crime), context.authorisationGroups),
    })
    const statusAllows = CRIME_WORKFLOW.some((r) => r.action === action && r.from.includes(facts.status))
    throw statusAllows ? new Forbidden(reason) : new Conflict(reason)
  }

  /**
   * Everything one action's form shows, in one transaction: the action if this person may take it now (or the
   * refusal), the crime, and the choices its fields offer. Showing the form is a view of the crime (rule 20);
   * re-showing it with the problems in what was posted is not another (`recordView: false`).
   */
  async actionPage(
    actor: Actor,
    crimeId: string,
    action: CrimeAction,
    options: { recordView: boolean },
  ): Promise<ActionPage> {
    return this.db.withForce(actor.forceId, async (tx) => {
      const crime = await this.findOrThrow(tx, crimeId)
      const rule = await this.ruleFor(tx, actor, crime, action)
      const needs = new Set(rule.requires)
      const [labels, people, codes, users, units, cancellationCodes, context] = await Promise.all([
        this.repository.offenceLabels(tx, [crime.offenceCode]),
        needs.has('involvement') ? this.people.involvementsFor(tx, 'crime', crime.crimeId) : [],
        needs.has('offenceCode') ? this.referenceData.offenceCodesIn(tx, actor) : undefined,
        needs.has('assignment') ? this.repository.activeUsers(tx) : [],
        needs.has('assignment') ? this.directory.unitsIn(tx) : [],
        needs.has('cancellation') ? this.referenceData.cancellationCodesIn(tx) : [],
        this.actionContextIn(tx, actor),
      ])
      if (options.recordView) {
        this.auditTrail.record(tx, actor, { action: 'CRIME_VIEWED', recordType: 'crime', recordId: crime.crimeId })
      }
      const label =
        labels.find((l) => l.code === crime.offenceCode && l.version === crime.offenceCodeVersion) ?? labels[0]
      return {
        rule,
        crime,
        offence: { code: crime.offenceCode, label: label?.label ?? crime.offenceCode },
        people,
        offenceCodes: codes?.codes ?? [],
        users,
        units,
        cancellationCodes,
        restricted: isRestricted(groupsOf(crime), context.authorisationGroups),
      }
    })
  }

  /** The incident a no-crime decision is about (for its page): no narrative, so not a view of it. */
  incidentForDecision(actor: Actor, incidentId: string): Promise<IncidentSummary> {
    return this.incidents.summary(actor, incidentId)
  }

  /** The actions this person may take on a crime now: the pages and the queues offer exactly these. */
  async allowedActions(actor: Actor, crimeId: string): Promise<{ crime: CrimeRow; actions: CrimeTransition[] }> {
    return this.db.withForce(actor.forceId, async (tx) => {
      const crime = await this.findOrThrow(tx, crimeId)
      const context = await this.actionContextIn(tx, actor)
      return { crime, actions: allowedActionsWith(context, crime) }
    })
  }

  /** The per-request facts `allowedActionsWith` needs, fetched once for a page of many crimes. */
  actionContext(actor: Actor): Promise<ActionContext> {
    return this.db.withForce(actor.forceId, (tx) => this.actionContextIn(tx, actor))
  }

  private async actionContextIn(tx: ForceTransaction, actor: Actor): Promise<ActionContext> {
    const [authorisationGroups, isDesignatedDecisionMaker] = await Promise.all([
      this.referenceData.restrictedGroupsIn(tx),
      this.referenceData.isDecisionMakerIn(tx, actor),
    ])
    return { roles: actor.roles, isDesignatedDecisionMaker, authorisationGroups }
  }

  private async outcomeFactsIn(tx: ForceTransaction, crime: CrimeRow, involvements?: readonly Involvement[]) {
    return {
      namedSuspects: namedSuspects(involvements ?? (await this.people.involvementsFor(tx, 'crime', crime.crimeId))),
      domesticAbuse: crime.domesticAbuse,
      hateCrime: crime.hateCrime,
    }
  }

  // Reading ---------------------------------------------------------------------------------------------------------

  /** The crime page: everything about a crime and the actions open to this person. Viewing it is recorded. */
  async view(actor: Actor, crimeId: string, access: ViewAccess = {}): Promise<CrimeView> {
    return this.db.withForce(actor.forceId, async (tx) => {
      const crime = await this.findOrThrow(tx, crimeId)
      const reason = await this.justificationIn(tx, crime, access)
      const [
        incident,
        location,
        people,
        classifications,
        outcomes,
        cancellations,
        transfers,
        n100s,
        statusChanges,
        timeline,
        context,
      ] = await Promise.all([
        crime.incidentId ? this.incidents.getIn(tx, crime.incidentId) : undefined,
        crime.locationId ? this.people.getLocation(tx, crime.locationId) : undefined,
        this.people.involvementsFor(tx, 'crime', crime.crimeId),
        this.repository.classifications(tx, crime.crimeId),
        this.repository.outcomes(tx, crime.crimeId),
        this.repository.cancellations(tx, crime.crimeId),
        this.repository.transfers(tx, crime.crimeId),
        this.repository.n100sFor(tx, 'crimeId', crime.crimeId),
        this.repository.statusChanges(tx, crime.crimeId),
        this.auditTrail.forRecord(tx, 'crime', crime.crimeId),
        this.actionContextIn(tx, actor),
      ])
      const labels = await this.repository.offenceLabels(tx, [
        ...new Set([crime.offenceCode, ...classifications.map((c) => c.offenceCode)]),
      ])
      const labelOf = (code: string, version: string) =>
        labels.find((l) => l.code === code && l.version === version) ?? labels.find((l) => l.code === code)
      const assignee = crime.assignedUserId ? await this.repository.findUser(tx, crime.assignedUserId) : undefined
      this.auditTrail.record(tx, actor, {
        action: 'CRIME_VIEWED',
        recordType: 'crime',
        recordId: crime.crimeId,
        reason,
      })
      return {
        crime,
        offence: {
          code: crime.offenceCode,
          label: labelOf(crime.offenceCode, crime.offenceCodeVersion)?.label ?? crime.offenceCode,
          groupLabel: labelOf(crime.offenceCode, crime.offenceCodeVersion)?.groupLabel ?? null,
        },
        incident,
        location,
        people,
        clock: recordingClock(crime.reportedAt, crime.recordedAt),
        classifications: classifications.map((c) => ({
          ...c,
          label: labelOf(c.offenceCode, c.offenceCodeVersion)?.label ?? c.offenceCode,
        })),
        outcomes,
        cancellations,
        transfers,
        n100s,
        statusChanges,
        timeline: changesFor(actor, timeline),
        assignedUserName: assignee?.displayName ?? null,
        actions: allowedActionsWith(context, crime),
        // Rule 7: from victim care's tasks (handed over when the receiving force accepted) where it keeps them.
        victimCareWithThisForce:
          crime.status !== 'cancelled' &&
          ((await this.victimCare?.caredForHere(tx, crime.crimeId)) ?? crime.status !== 'transferred'),
      }
    })
  }

  /** A crime for another system; the read is recorded as a view (it is a crime record, rule 20). */
  async get(actor: Actor, crimeId: string, access: ViewAccess = {}): Promise<CrimeRow> {
    return this.db.withForce(actor.forceId, async (tx) => {
      const crime = await this.findOrThrow(tx, crimeId)
      const reason = await this.justificationIn(tx, crime, access)
      this.auditTrail.record(tx, actor, { action: 'CRIME_VIEWED', recordType: 'crime', recordId: crimeId, reason })
      return crime
    })
  }

  /** The reasons the force offers before a restricted crime is shown (rule 20). */
  viewJustifications(actor: Actor): Promise<readonly string[]> {
    return this.db.withForce(actor.forceId, (tx) => this.referenceData.viewJustificationsIn(tx))
  }

  /**
   * Rule 20: the justification for viewing a restricted crime, checked against the force's list (or typed);
   * undefined for an unrestricted crime with none given. A restricted crime without one is a JustificationNeeded.
   */
  private async justificationIn(
    tx: ForceTransaction,
    crime: CrimeRow,
    access: ViewAccess,
  ): Promise<string | undefined> {
    const given = (access.justification ?? '').trim() !== '' || (access.justificationText ?? '').trim() !== ''
    const restricted = isRestricted(groupsOf(crime), await this.referenceData.restrictedGroupsIn(tx))
    if (!restricted && !given) {
      return undefined
    }
    const reasons = await this.referenceData.viewJustificationsIn(tx)
    const result = viewJustification(access, reasons)
    if ('problem' in result) {
      throw new JustificationNeeded(result.problem, reasons)
    }
    return result.justification
  }

  async findByReference(actor: Actor, crimeReference: string): Promise<CrimeRow | undefined> {
    return this.db.withForce(actor.forceId, (tx) => this.repository.findByReference(tx, crimeReference.trim()))
  }

  list(actor: Actor, filter: CrimeListFilter) {
    return this.db.withForce(actor.forceId, async (tx) => {
      const rows = await this.repository.list(tx, filter)
      const labels = await this.repository.offenceLabels(tx, [...new Set(rows.map((row) => row.offenceCode))])
      return rows.map((row) => ({
        ...row,
        offenceLabel: labels.find((l) => l.code === row.offenceCode)?.label ?? row.offenceCode,
      }))
    })
  }

  /** The crimes recorded from one incident (the incident page shows them). */
  forIncident(actor: Actor, incidentId: string) {
    return this.db.withForce(actor.forceId, async (tx) => {
      if (!isUuid(incidentId)) {
        return { crimes: [], n100s: [] }
      }
      const [rows, n100s] = await Promise.all([
        this.repository.forIncident(tx, incidentId),
        this.repository.n100sFor(tx, 'incidentId', incidentId),
      ])
      const labels = await this.repository.offenceLabels(tx, [...new Set(rows.map((row) => row.offenceCode))])
      return {
        crimes: rows.map((row) => ({
          ...row,
          offenceLabel:
            labels.find((l) => l.code === row.offenceCode && l.version === row.offenceCodeVersion)?.label ??
            row.offenceCode,
        })),
        n100s,
      }
    })
  }

  // Reports (crimes.reports.ts) --------------------------------------------------------------------------------------

  dailyFlows(actor: Actor, range: { from: string; to: string }): Promise<DailyFlow[]> {
    return this.reports.dailyFlows(actor, range)
  }

  recordingTimeliness(actor: Actor, range: { from: string; to: string }) {
    return this.reports.recordingTimeliness(actor, range)
  }

  // N100s (crimes.n100.ts) -------------------------------------------------------------------------------------------

  listN100s(actor: Actor, status: 'open' | 'converted' | 'closed' | undefined) {
    return this.n100s.listN100s(actor, status)
  }

  viewN100(actor: Actor, n100Id: string) {
    return this.n100s.viewN100(actor, n100Id)
  }

  raiseN100(actor: Actor, input: Parameters<CrimeN100s['raiseN100']>[1]): Promise<string> {
    return this.n100s.raiseN100(actor, input)
  }

  resolveN100(actor: Actor, n100Id: string, input: Parameters<CrimeN100s['resolveN100']>[2]): Promise<N100Row> {
    return this.n100s.resolveN100(actor, n100Id, input)
  }

  /** Rule 8, for the incidents module's hook (see CrimeN100s.n100ForLateRapeReportIn). */
  n100ForLateRapeReportIn(tx: ForceTransaction, actor: Actor, incident: IncidentRow): Promise<void> {
    return this.n100s.n100ForLateRapeReportIn(tx, actor, incident)
  }

  // Offence codes for forms --------------------------------------------------------------------------------------------

  offenceCodes(actor: Actor) {
    return this.db.withForce(actor.forceId, (tx) => this.referenceData.offenceCodesIn(tx, actor))
  }

  cancellationCodes(actor: Actor) {
    return this.db.withForce(actor.forceId, (tx) => this.referenceData.cancellationCodesIn(tx))
  }

  // -------------------------------------------------------------------------------------------------------------------

  /**
   * A code in the force's current offence list, or undefined (blank, unknown, or not a Home Office code).
   * @internal Public for CrimeDraftsService (the offence question), which checks codes the same way.
   */
  async offenceOrUndefined(tx: ForceTransaction, actor: Actor, code: string): Promise<OffenceCodeRecord | undefined> {
    return code.trim() === '' ? undefined : this.referenceData.offenceIn(tx, actor, code)
  }

  private async validOffence(
    tx: ForceTransaction,
    actor: Actor,
    code: string,
    field: string,
    errors: FieldErrors,
  ): Promise<OffenceCodeRecord | undefined> {
    const offence = await this.offenceOrUndefined(tx, actor, code)
    for (const problem of recordingProblems({
      rapeReported: false,
      offenceCode: { given: code, found: offence },
    })) {
      errors.add(field, problem.message)
    }
    return offence
  }

  private async findOrThrow(
    tx: ForceTransaction,
    crimeId: string,
    options: { lock: boolean } = { lock: false },
  ): Promise<CrimeRow> {
    const crime = !isUuid(crimeId)
      ? undefined
      : options.lock
        ? await this.repository.findCrimeForUpdate(tx, crimeId)
        : await this.repository.findCrime(tx, crimeId)
    if (!crime) {
      throw new NotFound('There is no crime with this id in this force')
    }
    return crime
  }
}

/** The actions open on one crime, given the per-request context (no database needed). */
export function allowedActionsWith(context: ActionContext, crime: CrimeForActions): CrimeTransition[] {
  return allowedCrimeActions(context.roles, {
    status: crime.status as CrimeStatus,
    canAuthoriseCancellation: canAuthorise(context, crime),
  })
}

function canAuthorise(context: ActionContext, crime: CrimeForActions): boolean {
  return canAuthoriseCancellation({
    roles: context.roles,
    isDesignatedDecisionMaker: context.isDesignatedDecisionMaker,
    offenceGroups: groupsOf(crime),
    restrictedGroups: context.authorisationGroups,
  })
}

/** Rule 6: every group the crime has been classified in, its current one included. */
function groupsOf(crime: CrimeForActions): string[] {
  return [crime.offenceGroup, ...(crime.offenceGroupsEver ?? [])]
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

function staleVersion(crime: CrimeRow): Conflict {
  return new Conflict(
    `Crime ${crime.crimeReference} was changed by someone else since you opened it (it is now at version ${crime.version}); reload it and try again`,
    { currentVersion: crime.version },
  )
}
