import type { Actor } from '../../platform/auth/actor.ts'
import type { Permission } from '../../platform/auth/permissions.ts'
import type { Clock } from '../../platform/clock.ts'
import type { ForceTransaction, TallyDatabase } from '../../platform/db/database.ts'
import { Conflict, FieldErrors, Forbidden } from '../../platform/http/errors.ts'
import { changedFields, type AuditTrailService } from '../audit-trail/index.ts'
import type { DirectoryService, Unit } from '../directory/index.ts'
import type { IncidentRow, IncidentsService, IncidentSummary, NonCrimeDecisionInput } from '../incidents/index.ts'
import type { Involvement, PeopleService } from '../people/index.ts'
import { crimeActionHandlers, namedSuspects, type ActionHandler, type CrimeActionInput } from './crimes.actions.ts'
import { reasonProblems } from './crimes.action-input.ts'
import { CrimeDuplicates } from './crimes.duplicates.ts'
import { CrimeN100s } from './crimes.n100.ts'
import { CrimeReads, findCrimeOrThrow, groupsOf, type CrimeView, type ViewAccess } from './crimes.reads.ts'
import { CrimeRecording, type RecordCrimeInput, type RecordCrimeResult } from './crimes.recording.ts'
import type { CrimeReferenceData } from './crimes.reference-data.ts'
import { CrimeReports, type DailyFlow } from './crimes.reports.ts'
import type { CrimeListFilter, CrimeRow, CrimesRepository, N100Row, OffenceCodeRecord } from './crimes.repository.ts'
import { canAuthoriseCancellation, isRestricted, recordingProblems, type CancellationCode } from './crimes.rules.ts'
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
export { JustificationNeeded, type CrimeView, type ViewAccess } from './crimes.reads.ts'
export { PossibleDuplicate, type RecordCrimeInput, type RecordCrimeResult } from './crimes.recording.ts'

/** Any permission for an action in the lifecycle table; the table then says which actions this person may take. */
const LIFECYCLE_PERMISSIONS = [...new Set(CRIME_WORKFLOW.map((rule) => rule.permission))] as [
  Permission,
  ...Permission[],
]

/** What a page or the queues need to decide which actions a person may take on many crimes at once. */
export interface ActionContext {
  roles: Actor['roles']
  isDesignatedDecisionMaker: boolean
  /** Rule 6: groups whose cancellation needs the FCR or a designated decision maker (rape under every list's name). */
  authorisationGroups: readonly string[]
}

/** What `allowedActionsWith` reads of a crime: its status and every group it has been classified in. */
export type CrimeForActions = Pick<CrimeRow, 'status' | 'offenceGroup'> & { offenceGroupsEver?: readonly string[] }

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

/**
 * Crime recording and everything after it (DOMAIN.md §1–2; rules 1–13 and 23), the one way in for other modules,
 * the pages and the API. The lifecycle is here: one entry point, `act`, for every action in crimes.workflow.ts,
 * with each action's handler in crimes.actions.ts. The rest is handed on, one file per part of a crime's life:
 * recording (crimes.recording.ts, with rule 11's duplicates in crimes.duplicates.ts), reading (crimes.reads.ts),
 * N100s (crimes.n100.ts) and reports (crimes.reports.ts).
 */
export class CrimesService {
  private readonly handlers: Record<CrimeAction, ActionHandler>
  private readonly n100s: CrimeN100s
  private readonly reports: CrimeReports
  private readonly recording: CrimeRecording
  private readonly duplicates: CrimeDuplicates
  private readonly reads: CrimeReads

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
    this.reads = new CrimeReads(
      db,
      repository,
      referenceData,
      incidents,
      people,
      auditTrail,
      victimCare,
      async (tx, actor, crime) => allowedActionsWith(await this.actionContextIn(tx, actor), crime),
    )
    this.duplicates = new CrimeDuplicates(db, repository, referenceData, incidents, people)
    this.recording = new CrimeRecording(
      db,
      repository,
      referenceData,
      incidents,
      people,
      auditTrail,
      clock,
      this.n100s,
      this.duplicates,
      victimCare,
    )
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

  // Recording (crimes.recording.ts) ---------------------------------------------------------------------------------

  /** Records a crime (rule 3); see CrimeRecording.record. */
  record(actor: Actor, input: RecordCrimeInput): Promise<RecordCrimeResult> {
    actor.permissions.require('crimes.record')
    return this.recording.record(actor, input)
  }

  /** @internal For CrimeDraftsService.recordFromDraft; see CrimeRecording.inRecordingTransaction. */
  inRecordingTransaction<T>(
    actor: Actor,
    work: (tx: ForceTransaction, record: (input: RecordCrimeInput) => Promise<RecordCrimeResult>) => Promise<T>,
  ): Promise<T> {
    actor.permissions.require('crimes.record')
    return this.recording.inRecordingTransaction(actor, work)
  }

  /** The decision not to record a crime from an incident (rules 4, 5 and 8). */
  recordNonCrimeDecision(actor: Actor, incidentId: string, input: NonCrimeDecisionInput): Promise<IncidentRow> {
    actor.permissions.require('crimes.record')
    return this.recording.recordNonCrimeDecision(actor, incidentId, input)
  }

  /** Rule 11: crimes the proposed one may duplicate, for the check-your-answers page to warn about. */
  possibleDuplicates(actor: Actor, proposed: Parameters<CrimeDuplicates['possibleDuplicates']>[1]) {
    actor.permissions.require('crimes.record')
    return this.duplicates.possibleDuplicates(actor, proposed)
  }

  /** @internal For CrimeDraftsService (the offence question), which checks codes as recording does. */
  offenceOrUndefined(tx: ForceTransaction, actor: Actor, code: string): Promise<OffenceCodeRecord | undefined> {
    return this.recording.offenceOrUndefined(tx, actor, code)
  }

  // The lifecycle -----------------------------------------------------------------------------------------------------

  /**
   * The one entry point for every action on a crime (crimes.workflow.ts): locks the crime, checks the person may
   * take the action now and at the version they saw, applies it (crimes.actions.ts), records the status change
   * and the audit event — all in one transaction, or nothing. Concurrent actions on one crime queue on the lock,
   * so the second sees the first's version and gets a Conflict.
   */
  async act(actor: Actor, crimeId: string, input: CrimeActionInput): Promise<CrimeRow> {
    actor.permissions.require(...LIFECYCLE_PERMISSIONS)
    return (await this.perform(actor, crimeId, input)).crime
  }

  /** `act`, also saying which workflow row applied (its success banner, whether it was an FCR override). */
  async perform(
    actor: Actor,
    crimeId: string,
    input: CrimeActionInput,
  ): Promise<{ crime: CrimeRow; rule: CrimeTransition }> {
    actor.permissions.require(...LIFECYCLE_PERMISSIONS)
    return this.db.withForce(actor.forceId, async (tx) => {
      const crime = await this.findOrThrow(tx, crimeId, { lock: true })
      const rule = await this.ruleFor(tx, actor, crime, input.action)
      if (crime.version !== input.expectedVersion) {
        throw staleVersion(crime)
      }
      const now = this.clock.now()
      const reason = (input.reason ?? '').trim()
      const errors = new FieldErrors()
      for (const problem of reasonProblems(rule, input.reason)) {
        errors.add(problem.field, problem.message)
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
    actor.permissions.require(...LIFECYCLE_PERMISSIONS)
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
    actor.permissions.require('crimes.record')
    return this.incidents.summary(actor, incidentId)
  }

  /** The actions this person may take on a crime now: the pages and the queues offer exactly these. */
  async allowedActions(actor: Actor, crimeId: string): Promise<{ crime: CrimeRow; actions: CrimeTransition[] }> {
    actor.permissions.require('crimes.view')
    return this.db.withForce(actor.forceId, async (tx) => {
      const crime = await this.findOrThrow(tx, crimeId)
      const context = await this.actionContextIn(tx, actor)
      return { crime, actions: allowedActionsWith(context, crime) }
    })
  }

  /** The per-request facts `allowedActionsWith` needs, fetched once for a page of many crimes. */
  actionContext(actor: Actor): Promise<ActionContext> {
    actor.permissions.require('crimes.view')
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

  // Reading (crimes.reads.ts) ---------------------------------------------------------------------------------------

  /** The crime page: everything about a crime and the actions open to this person. Viewing it is recorded. */
  view(actor: Actor, crimeId: string, access: ViewAccess = {}): Promise<CrimeView> {
    actor.permissions.require('crimes.view')
    return this.reads.view(actor, crimeId, access)
  }

  /** A crime for another system; the read is recorded as a view (it is a crime record, rule 20). */
  get(actor: Actor, crimeId: string, access: ViewAccess = {}): Promise<CrimeRow> {
    actor.permissions.require('crimes.view')
    return this.reads.get(actor, crimeId, access)
  }

  /** The reasons the force offers before a restricted crime is shown (rule 20). */
  viewJustifications(actor: Actor): Promise<readonly string[]> {
    actor.permissions.require('crimes.view')
    return this.reads.viewJustifications(actor)
  }

  findByReference(actor: Actor, crimeReference: string): Promise<CrimeRow | undefined> {
    actor.permissions.require('crimes.view')
    return this.reads.findByReference(actor, crimeReference)
  }

  list(actor: Actor, filter: CrimeListFilter) {
    actor.permissions.require('crimes.view')
    return this.reads.list(actor, filter)
  }

  /** The crimes recorded from one incident (the incident page shows them). */
  forIncident(actor: Actor, incidentId: string) {
    actor.permissions.require('crimes.view')
    return this.reads.forIncident(actor, incidentId)
  }

  // Reports (crimes.reports.ts) --------------------------------------------------------------------------------------

  dailyFlows(actor: Actor, range: { from: string; to: string }): Promise<DailyFlow[]> {
    actor.permissions.require('dashboard.view', 'forecast.view')
    return this.reports.dailyFlows(actor, range)
  }

  recordingTimeliness(actor: Actor, range: { from: string; to: string }) {
    actor.permissions.require('dashboard.view', 'forecast.view')
    return this.reports.recordingTimeliness(actor, range)
  }

  // N100s (crimes.n100.ts) -------------------------------------------------------------------------------------------

  listN100s(actor: Actor, status: 'open' | 'converted' | 'closed' | undefined) {
    actor.permissions.require('n100.manage')
    return this.n100s.listN100s(actor, status)
  }

  viewN100(actor: Actor, n100Id: string) {
    actor.permissions.require('n100.manage')
    return this.n100s.viewN100(actor, n100Id)
  }

  raiseN100(actor: Actor, input: Parameters<CrimeN100s['raiseN100']>[1]): Promise<string> {
    actor.permissions.require('n100.manage')
    return this.n100s.raiseN100(actor, input)
  }

  resolveN100(actor: Actor, n100Id: string, input: Parameters<CrimeN100s['resolveN100']>[2]): Promise<N100Row> {
    actor.permissions.require('n100.manage')
    return this.n100s.resolveN100(actor, n100Id, input)
  }

  /** Rule 8, for the incidents module's hook (see CrimeN100s.n100ForLateRapeReportIn). */
  n100ForLateRapeReportIn(tx: ForceTransaction, actor: Actor, incident: IncidentRow): Promise<void> {
    return this.n100s.n100ForLateRapeReportIn(tx, actor, incident)
  }

  // Offence codes for forms --------------------------------------------------------------------------------------------

  offenceCodes(actor: Actor) {
    actor.permissions.require('crimes.view', 'crimes.record')
    return this.db.withForce(actor.forceId, (tx) => this.referenceData.offenceCodesIn(tx, actor))
  }

  cancellationCodes(actor: Actor) {
    actor.permissions.require('crimes.view')
    return this.db.withForce(actor.forceId, (tx) => this.referenceData.cancellationCodesIn(tx))
  }

  // -------------------------------------------------------------------------------------------------------------------

  private async validOffence(
    tx: ForceTransaction,
    actor: Actor,
    code: string,
    field: string,
    errors: FieldErrors,
  ): Promise<OffenceCodeRecord | undefined> {
    const offence = await this.recording.offenceOrUndefined(tx, actor, code)
    for (const problem of recordingProblems({
      rapeReported: false,
      offenceCode: { given: code, found: offence },
    })) {
      errors.add(field, problem.message)
    }
    return offence
  }

  private findOrThrow(tx: ForceTransaction, crimeId: string, options: { lock: boolean } = { lock: false }) {
    return findCrimeOrThrow(this.repository, tx, crimeId, options)
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

function staleVersion(crime: CrimeRow): Conflict {
  return new Conflict(
    `Crime ${crime.crimeReference} was changed by someone else since you opened it (it is now at version ${crime.version}); reload it and try again`,
    { currentVersion: crime.version },
  )
}
