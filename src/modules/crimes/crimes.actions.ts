import type { Actor } from '../../platform/auth/actor.ts'
import type { Clock } from '../../platform/clock.ts'
import { ukDate } from '../../platform/dates.ts'
import type { ForceTransaction } from '../../platform/db/database.ts'
import { Conflict, Forbidden, prefixed, type FieldErrors } from '../../platform/http/errors.ts'
import { isUuid, newId } from '../../platform/ids.ts'
import type { DirectoryService } from '../directory/index.ts'
import { personFor, toInstant, type PersonDetails } from '../incidents/index.ts'
import {
  involvementProblem,
  isInvolvementRole,
  isNamedSuspect,
  type Involvement,
  type PeopleService,
} from '../people/index.ts'
import type { CrimeReferenceData } from './crimes.reference-data.ts'
import type { CrimeRow, CrimesRepository, OffenceCodeRecord } from './crimes.repository.ts'
import {
  cancellationProblems,
  filingChecklistProblems,
  involvementChangeProblems,
  isRape,
  MAX_TEXT,
  outcomeProblems,
  recordingProblems,
  transferAcceptanceProblems,
  victimKey,
  type OutcomeEvidence,
  type OutcomeFacts,
} from './crimes.rules.ts'
import type { CrimeAction, CrimeStatus, CrimeTransition } from './crimes.workflow.ts'
import { findPoliceForce, POLICE_FORCES } from './crimes.forces.ts'

/** One action on a crime. Which fields matter depends on the action (crimes.workflow.ts `requires`). */
export interface CrimeActionInput {
  action: CrimeAction
  /** The version the person saw; a stale version is a Conflict, never a silent overwrite. */
  expectedVersion: number
  reason?: string | undefined
  offenceCode?: string | undefined
  assignedUserId?: string | null | undefined
  assignedUnitId?: string | null | undefined
  summary?: string | undefined
  domesticAbuse?: boolean | undefined
  hateCrime?: boolean | undefined
  vulnerableVictim?: boolean | undefined
  offenceFrom?: Date | string | undefined
  offenceTo?: Date | string | null | undefined
  personId?: string | undefined
  person?: PersonDetails | undefined
  personRole?: string | undefined
  suspectStatus?: string | undefined
  /** change_involvement: which of the crime's people. */
  involvementId?: string | undefined
  outcomeType?: number | undefined
  closingSummary?: string | undefined
  victimNonSupportStatement?: string | undefined
  victimConsulted?: boolean | undefined
  offenderAccepted?: boolean | undefined
  publicInterestRationale?: string | undefined
  victimNotified?: boolean | undefined
  checklist?: readonly string[] | undefined
  cancellationCode?: string | undefined
  rationale?: string | undefined
  aviDescription?: string | undefined
  victimInformed?: boolean | undefined
  victimNotInformedReason?: string | undefined
  receivingForce?: string | undefined
  receivingReference?: string | undefined
  /** YYYY-MM-DD */
  acceptedOn?: string | undefined
}

/** What an action does to the crime: its changes, the reason kept with it, and side records written after. */
export interface AppliedAction {
  changes: Parameters<CrimesRepository['updateCrime']>[3]
  reason?: string | undefined
  context?: Record<string, unknown>
  afterUpdate?: (after: CrimeRow) => Promise<void>
}

/** One action's request, after the workflow allowed it and the version was checked (the crime row is locked). */
export interface ActionRequest {
  tx: ForceTransaction
  actor: Actor
  crime: CrimeRow
  rule: CrimeTransition
  input: CrimeActionInput
  now: Date
  /** The trimmed reason ('' when none), already required where the action needs one. */
  reason: string
  errors: FieldErrors
}

export type ActionHandler = (request: ActionRequest) => Promise<AppliedAction>

/** What the handlers need from the crimes service and the modules it uses. */
export interface ActionDeps {
  repository: CrimesRepository
  referenceData: CrimeReferenceData
  people: PeopleService
  directory: DirectoryService
  clock: Clock
  validOffence(
    tx: ForceTransaction,
    actor: Actor,
    code: string,
    field: string,
    errors: FieldErrors,
  ): Promise<OffenceCodeRecord | undefined>
  raiseN100In(
    tx: ForceTransaction,
    actor: Actor,
    input: { incidentId: string | null; crimeId: string | null; reason: string },
  ): Promise<string>
  /** The people linked to the crime and what rule 13 asks about them. */
  outcomeFactsIn(tx: ForceTransaction, crime: CrimeRow, involvements?: readonly Involvement[]): Promise<OutcomeFacts>
}

/** Statuses in which an outcome has been submitted and waits to be filed: its checks must keep passing. */
const OUTCOME_AWAITING_FILING: readonly CrimeStatus[] = ['awaiting_filing', 'imu_quality_check']

/**
 * Each crime action's checks and effects, keyed by action (crimes.workflow.ts says who may take it, when, and
 * where it leads; `CrimesService.act` runs it in the action's transaction and records the status change and the
 * audit event). A handler throws ValidationFailed naming the fields, or returns the crime's changes.
 */
export function crimeActionHandlers(deps: ActionDeps): Record<CrimeAction, ActionHandler> {
  const { repository, people } = deps

  /** Rule 8 (DOMAIN.md §1.9): removing a crime of rape from this force's figures raises an N100. */
  const n100ForRemovedRape = (request: ActionRequest, reason: string) => async () => {
    const { crime } = request
    if (isRape(crime.offenceGroup, await deps.referenceData.listRulesIn(request.tx, crime.offenceCodeVersion))) {
      await deps.raiseN100In(request.tx, request.actor, {
        incidentId: crime.incidentId,
        crimeId: crime.crimeId,
        reason,
      })
    }
  }

  const nothing: ActionHandler = () => Promise.resolve({ changes: {} })

  const withReason: ActionHandler = ({ errors, reason }) => {
    errors.throwIfAny()
    return Promise.resolve({ changes: {}, reason })
  }

  const outcome: ActionHandler = async ({ tx, actor, crime, input, now, reason, errors }) => {
    const evidence = outcomeEvidence(input)
    for (const problem of outcomeProblems(input.outcomeType, evidence, await deps.outcomeFactsIn(tx, crime))) {
      errors.add(problem.field, problem.message)
    }
    const revising = input.action === 'revise_outcome'
    const closingSummary = (input.closingSummary ?? '').trim() || (revising ? (crime.closingSummary ?? '') : '')
    errors
      .check(
        closingSummary !== '',
        'closingSummary',
        'Enter the closing summary: what was done and why the investigation can close',
      )
      .check(
        closingSummary.length <= MAX_TEXT,
        'closingSummary',
        'The closing summary must be 20,000 characters or fewer',
      )
    errors.throwIfAny()
    await repository.insertOutcomes(tx, [
      {
        crimeId: crime.crimeId,
        seq: crime.version + 1,
        outcomeType: input.outcomeType!,
        closingSummary,
        evidence: JSON.stringify(evidence),
        recordedAt: now,
        recordedBy: actor.id,
        recordedByName: actor.name,
        reason: revising ? reason : null,
      },
    ])
    return {
      changes: { outcomeType: input.outcomeType!, closingSummary },
      reason: revising ? reason : undefined,
      context: { evidence },
    }
  }

  const cancellation: ActionHandler = async (request) => {
    const { tx, actor, crime, rule, input, now, errors } = request
    const codes = await deps.referenceData.cancellationCodesIn(tx)
    const given = {
      cancellationCode: (input.cancellationCode ?? '').trim(),
      rationale: input.rationale ?? '',
      aviDescription: input.aviDescription,
      victimInformed: input.victimInformed,
      victimNotInformedReason: input.victimNotInformedReason,
    }
    for (const problem of cancellationProblems(given, codes)) {
      errors.add(problem.field, problem.message)
    }
    errors.throwIfAny()
    const authorised = input.action === 'cancel'
    const rationale = given.rationale.trim()
    await repository.insertCancellation(tx, {
      cancellationId: newId(),
      crimeId: crime.crimeId,
      code: given.cancellationCode,
      rationale,
      aviDescription: given.aviDescription?.trim() || null,
      victimInformed: given.victimInformed!,
      victimNotInformedReason: given.victimInformed ? null : (given.victimNotInformedReason?.trim() ?? null),
      requestedAt: now,
      requestedBy: actor.id,
      requestedByName: actor.name,
      ...(authorised ? { decision: 'authorised' as const, ...authoriser(actor, now, rule) } : {}),
    })
    return {
      changes: { statusBeforePending: authorised ? null : crime.status },
      reason: rationale,
      context: { cancellationCode: given.cancellationCode, authorisedBy: authorised ? authorisingRole(actor) : null },
      afterUpdate: authorised ? n100ForRemovedRape(request, rationale) : undefined,
    }
  }

  const cancellationDecision: ActionHandler = async (request) => {
    const { tx, actor, crime, rule, input, now, reason, errors } = request
    const pending = await repository.pendingCancellation(tx, crime.crimeId)
    if (!pending) {
      throw new Conflict('There is no cancellation awaiting authorisation on this crime')
    }
    errors.throwIfAny()
    const authorise = input.action === 'authorise_cancellation'
    await repository.decideCancellation(tx, pending.cancellationId, {
      ...authoriser(actor, now, rule),
      decision: authorise ? 'authorised' : 'refused',
      decisionReason: reason || null,
    })
    return {
      changes: { statusBeforePending: null },
      reason: reason || undefined,
      context: { cancellationCode: pending.code, requestedBy: pending.requestedByName },
      afterUpdate: authorise ? n100ForRemovedRape(request, pending.rationale) : undefined,
    }
  }

  const transferDecision: ActionHandler = async (request) => {
    const { tx, actor, crime, rule, input, now, reason, errors } = request
    const open = await repository.openTransfer(tx, crime.crimeId)
    if (!open) {
      throw new Conflict('There is no transfer awaiting acceptance on this crime')
    }
    if (input.action === 'refuse_transfer') {
      errors.throwIfAny()
      await repository.decideTransfer(tx, open.transferId, {
        status: 'refused',
        refusalReason: reason,
        ...authoriser(actor, now, rule),
      })
      return { changes: { statusBeforePending: null }, reason, context: { receivingForce: open.receivingForce } }
    }
    const receivingReference = (input.receivingReference ?? '').trim()
    for (const problem of transferAcceptanceProblems({
      receivingReference,
      acceptedOn: input.acceptedOn,
      requestedOn: ukDate(open.requestedAt),
      today: ukDate(now),
      victimInformed: input.victimInformed,
      victimNotInformedReason: input.victimNotInformedReason,
    })) {
      errors.add(problem.field, problem.message)
    }
    errors.throwIfAny()
    const victimNotInformedReason = input.victimInformed ? null : (input.victimNotInformedReason ?? '').trim()
    await repository.decideTransfer(tx, open.transferId, {
      status: 'accepted',
      receivingReference,
      acceptedOn: input.acceptedOn!,
      victimInformed: input.victimInformed!,
      victimNotInformedReason,
      ...authoriser(actor, now, rule),
    })
    return {
      changes: { statusBeforePending: null },
      context: {
        cancellationCode: 'C1',
        receivingForce: open.receivingForce,
        receivingReference,
        acceptedOn: input.acceptedOn,
        authorisedBy: authorisingRole(actor),
        victimInformed: input.victimInformed,
      },
      afterUpdate: n100ForRemovedRape(request, `Transferred to ${open.receivingForce}: ${open.reason}`),
    }
  }

  /**
   * Rule 14 (and DOMAIN.md §2.3): the IMU quality check is a second pair of eyes, so whoever submitted the crime
   * for filing neither starts its check nor files it.
   */
  const notTheSubmitter = async ({ tx, actor, crime, rule }: ActionRequest) => {
    const submitted = (await repository.outcomes(tx, crime.crimeId)).at(-1)
    if (submitted && submitted.recordedBy === actor.id) {
      throw new Forbidden(
        `You submitted this crime for filing, so someone else must ${rule.label.toLowerCase()} (rule 14: the quality check is independent)`,
      )
    }
  }

  return {
    confirm_classification: nothing,
    start_quality_check: async (request) => {
      await notTheSubmitter(request)
      return { changes: {} }
    },
    return_to_officer: withReason,

    reclassify: async (request) => {
      const { tx, actor, crime, rule, input, now, reason, errors } = request
      const offence = await deps.validOffence(tx, actor, input.offenceCode ?? '', 'offenceCode', errors)
      if (offence && offence.code === crime.offenceCode && offence.version === crime.offenceCodeVersion) {
        errors.add('offenceCode', `The crime is already classified as ${offence.code}`)
      }
      errors.throwIfAny()
      const group = offence!.groupCode ?? ''
      const [wasRape, isRapeNow] = await Promise.all([
        deps.referenceData.listRulesIn(tx, crime.offenceCodeVersion).then((rules) => isRape(crime.offenceGroup, rules)),
        deps.referenceData.listRulesIn(tx, offence!.version).then((rules) => isRape(group, rules)),
      ])
      await repository.insertClassifications(tx, [
        {
          crimeId: crime.crimeId,
          seq: crime.version + 1,
          offenceCode: offence!.code,
          offenceCodeVersion: offence!.version,
          offenceGroup: group,
          previousCode: crime.offenceCode,
          changedAt: now,
          changedBy: actor.id,
          changedByName: actor.name,
          reason,
          fcrOverride: rule.fcrOverride === true,
        },
      ])
      return {
        changes: {
          offenceCode: offence!.code,
          offenceCodeVersion: offence!.version,
          offenceGroup: group,
          // Rule 6: the groups it has ever been in keep their cancellation controls.
          offenceGroupsEver: [...new Set([...crime.offenceGroupsEver, crime.offenceGroup, group])],
        },
        reason,
        // Rule 8: a crime of rape reclassified as something else is a report of rape not recorded as rape.
        afterUpdate:
          wasRape && !isRapeNow
            ? n100ForRemovedRape(request, `Reclassified from ${crime.offenceCode} to ${offence!.code}: ${reason}`)
            : undefined,
      }
    },

    allocate: async ({ tx, input, errors }) => {
      const userId = blankToNull(input.assignedUserId)
      const unitId = blankToNull(input.assignedUnitId)
      if (userId === null && unitId === null) {
        errors.add('assignedUserId', 'Choose the officer in the case, the unit, or both')
      }
      if (userId !== null) {
        const user = isUuid(userId) ? await repository.findUser(tx, userId) : undefined
        errors.check(user?.active === true, 'assignedUserId', 'Choose an active user of this force')
      }
      if (unitId !== null) {
        const unit = isUuid(unitId) ? await deps.directory.unitIn(tx, unitId) : undefined
        errors.check(unit !== undefined, 'assignedUnitId', 'Choose a unit of this force')
      }
      errors.throwIfAny()
      return { changes: { assignedUserId: userId, assignedUnitId: unitId } }
    },

    update_details: ({ crime, input, now, errors }) => {
      const offenceFrom = input.offenceFrom === undefined ? crime.offenceFrom : toInstant(input.offenceFrom)
      const offenceTo = input.offenceTo === undefined ? crime.offenceTo : (toInstant(input.offenceTo) ?? null)
      // The same date and summary checks as when the crime was recorded (rule 23).
      for (const problem of recordingProblems({
        rapeReported: false,
        dates: { reportedAt: crime.reportedAt, offenceFrom, offenceTo: offenceTo ?? undefined, now },
        summary: input.summary ?? '',
      })) {
        errors.add(problem.field, problem.message)
      }
      errors.throwIfAny()
      return Promise.resolve({
        changes: {
          summary: input.summary?.trim() ?? crime.summary,
          domesticAbuse: input.domesticAbuse ?? crime.domesticAbuse,
          hateCrime: input.hateCrime ?? crime.hateCrime,
          vulnerableVictim: input.vulnerableVictim ?? crime.vulnerableVictim,
          offenceFrom: offenceFrom!,
          offenceTo: offenceTo ?? null,
        },
      })
    },

    link_person: async ({ tx, actor, crime, input, errors }) => {
      const role = (input.personRole ?? '').trim()
      // The role first, under its own field, before anyone is added (rule 22).
      if (!isInvolvementRole(role)) {
        errors.add('personRole', 'Choose how the person is involved: victim, witness, suspect, offender or other')
      } else if (role === 'victim' && crime.victimPersonId !== null) {
        errors.add(
          'personRole',
          'This crime already has a victim: one crime per victim, so record a separate crime for another victim',
        )
      } else if (role === 'reporting_person') {
        errors.add('personRole', 'The reporting person is linked to the incident, not the crime')
      } else {
        const problem = involvementProblem(role, input.suspectStatus)
        if (problem) {
          errors.add(problem.field === 'role' ? 'personRole' : 'suspectStatus', problem.message)
        }
      }
      if (!input.personId && !input.person) {
        errors.add('person.familyName', 'Enter the person’s name, or choose an existing person')
      } else if (input.person && (input.person.familyName ?? '').trim() === '') {
        errors.add('person.familyName', 'Enter the person’s family name')
      }
      const existing = input.personId ? await people.identityIn(tx, input.personId) : undefined
      if (input.personId && !existing) {
        errors.add('personId', 'There is no person with this id in this force')
      }
      errors.throwIfAny()
      const isVictim = role === 'victim'
      // Rule 11: the victim is found by who they are, however they were given (see victimKey).
      const identity = existing ?? (isVictim ? await people.samePersonIn(tx, personFor(input.person!)) : undefined)
      const key = isVictim ? victimKey(identity ?? personFor(input.person!)) : null
      if (key !== null && crime.incidentId !== null) {
        const other = await repository.findForIncidentVictim(tx, crime.incidentId, key)
        if (other && other.crimeId !== crime.crimeId) {
          throw new Conflict(
            `${other.crimeReference}, recorded from the same incident, already has this victim (one crime per victim)`,
            { crimeId: other.crimeId, crimeReference: other.crimeReference },
          )
        }
      }
      const personId =
        identity?.personId ??
        (await prefixed('person', () => people.addPerson(tx, actor, personFor(input.person!)))).personId
      const link = await people.linkPerson(tx, actor, {
        personId,
        recordType: 'crime',
        recordId: crime.crimeId,
        role: role as 'victim',
        ...(input.suspectStatus ? { suspectStatus: input.suspectStatus } : {}),
      })
      return {
        changes: isVictim ? { victimPersonId: personId, victimKey: key } : {},
        context: { linked: { personId, role, involvementId: link.involvementId } },
      }
    },

    change_involvement: async ({ tx, actor, crime, input, errors }) => {
      const involvements = await people.involvementsFor(tx, 'crime', crime.crimeId)
      const current = involvements.find((involvement) => involvement.involvementId === input.involvementId)
      const role = (input.personRole ?? '').trim()
      const suspectStatus = (input.suspectStatus ?? '').trim() || undefined
      if (!current) {
        errors.add('involvementId', 'Choose a person linked to this crime')
      }
      if (!isInvolvementRole(role)) {
        errors.add('personRole', 'Choose how the person is involved: witness, suspect, offender or other')
      } else {
        for (const problem of current ? involvementChangeProblems(current.role, role) : []) {
          errors.add(problem.field, problem.message)
        }
        const problem = involvementProblem(role, suspectStatus)
        if (problem) {
          errors.add(problem.field === 'role' ? 'personRole' : 'suspectStatus', problem.message)
        }
      }
      if (
        current &&
        role === current.role &&
        (role !== 'suspect' || (suspectStatus ?? current.suspectStatus) === current.suspectStatus)
      ) {
        errors.add('personRole', 'That is how they are involved already: choose what has changed')
      }
      errors.throwIfAny()
      // Rule 13: an outcome waiting to be filed must still pass its checks once the change is made (an eliminated
      // suspect is no named suspect for outcomes 15, 16 and 21; a newly named one rules out 14 and 18).
      if (OUTCOME_AWAITING_FILING.includes(crime.status as CrimeStatus) && crime.outcomeType) {
        const changed = involvements.map((involvement) =>
          involvement === current
            ? {
                ...involvement,
                role,
                suspectStatus:
                  role === 'suspect' ? (suspectStatus ?? current.suspectStatus ?? 'not_interviewed') : null,
              }
            : involvement,
        )
        const latest = (await repository.outcomes(tx, crime.crimeId)).at(-1)
        const problems = outcomeProblems(
          crime.outcomeType,
          latest?.evidence ?? {},
          await deps.outcomeFactsIn(tx, crime, changed),
        )
        if (problems.length > 0) {
          errors.add(
            'personRole',
            `This would leave the outcome submitted for filing invalid (${problems[0]!.message}): return the crime to the officer to change the outcome first`,
          )
        }
        errors.throwIfAny()
      }
      const changed = await people.changeInvolvementIn(
        tx,
        actor,
        current!.involvementId,
        { role, suspectStatus },
        { recordType: 'crime', recordId: crime.crimeId },
      )
      return {
        changes: {},
        context: {
          involvementId: changed.involvementId,
          personId: changed.personId,
          role: { before: changed.before.role, after: changed.after.role },
          suspectStatus: { before: changed.before.suspectStatus, after: changed.after.suspectStatus },
        },
      }
    },

    submit_for_filing: outcome,
    revise_outcome: outcome,

    file: async (request) => {
      const { tx, crime, input, errors } = request
      await notTheSubmitter(request)
      for (const problem of filingChecklistProblems(input.checklist ?? [])) {
        errors.add(problem.field, problem.message)
      }
      // Rule 12: exactly one outcome 1–22, still valid for the crime as it stands now (rule 13).
      const latest = (await repository.outcomes(tx, crime.crimeId)).at(-1)
      if (crime.outcomeType === null || crime.outcomeType === 0 || !latest) {
        errors.add('outcomeType', 'A crime cannot be filed without an outcome: return it to the officer for one')
      } else {
        for (const problem of outcomeProblems(
          crime.outcomeType,
          latest.evidence,
          await deps.outcomeFactsIn(tx, crime),
        )) {
          errors.add(
            problem.field === 'outcomeType' ? 'outcomeType' : 'checklist',
            `The outcome no longer passes its checks: ${problem.message}`,
          )
        }
      }
      errors.throwIfAny()
      return {
        changes: { offenceCodeAtFiling: crime.offenceCode },
        context: { checklist: [...(input.checklist ?? [])] },
      }
    },

    reopen: ({ now, reason, errors }) => {
      errors.throwIfAny()
      // Rule 10: the classification it was filed under stays on the record until it is filed again.
      return Promise.resolve({ changes: { reopenedAt: now, outcomeType: null }, reason })
    },

    request_cancellation: cancellation,
    cancel: cancellation,
    authorise_cancellation: cancellationDecision,
    refuse_cancellation: cancellationDecision,

    reinstate: async ({ tx, actor, crime, now, reason, errors }) => {
      errors.throwIfAny()
      // One crime per victim (rule 11): while another crime from the incident is live for this victim, this one
      // cannot come back.
      if (crime.incidentId !== null && crime.victimKey !== null) {
        const other = await repository.findForIncidentVictim(tx, crime.incidentId, crime.victimKey)
        if (other && other.crimeId !== crime.crimeId) {
          throw new Conflict(
            `${other.crimeReference}, recorded from the same incident, is live for the same victim (one crime per victim): cancel or reclassify it before reinstating this crime`,
            { crimeId: other.crimeId, crimeReference: other.crimeReference },
          )
        }
      }
      // The cancellation no longer stands: it is marked reversed, with who, when and why (rule 9).
      const cancelled = await repository.authorisedCancellation(tx, crime.crimeId)
      if (cancelled) {
        await repository.reverseCancellation(tx, cancelled.cancellationId, {
          reversedAt: now,
          reversedBy: actor.id,
          reversedByName: actor.name,
          reversalReason: reason,
        })
      }
      return {
        changes: { statusBeforePending: null },
        reason,
        context: {
          reversedCancellation: cancelled ? { code: cancelled.code, decidedBy: cancelled.decidedByName } : null,
        },
      }
    },

    request_transfer: async ({ tx, actor, crime, now, reason, input, errors }) => {
      const given = (input.receivingForce ?? '').trim()
      // Rule 7: the receiving force is one of the forces in the reference list, never free text.
      const force = findPoliceForce(given)
      if (given === '') {
        errors.add('receivingForce', 'Choose the force the crime is being transferred to')
      } else if (!force) {
        errors.add(
          'receivingForce',
          `${given} is not a police force in the reference list: choose one of the ${POLICE_FORCES.length} forces`,
        )
      }
      errors.check(reason !== '', 'reason', 'Enter why the crime belongs to that force (where it was committed)')
      errors.throwIfAny()
      const receivingForce = force!.name
      await repository.insertTransfer(tx, {
        transferId: newId(),
        crimeId: crime.crimeId,
        receivingForce,
        receivingForceCode: force!.code,
        reason,
        requestedAt: now,
        requestedBy: actor.id,
      })
      return {
        changes: { statusBeforePending: crime.status },
        reason,
        context: { receivingForce, receivingForceCode: force!.code },
      }
    },
    accept_transfer: transferDecision,
    refuse_transfer: transferDecision,
  }
}

/** The role an authoriser acted in: the FCR's when they hold it (their authority is the widest). */
export function authorisingRole(actor: Actor): string {
  return actor.roles.includes('force_crime_registrar') ? 'force_crime_registrar' : (actor.roles[0] ?? actor.type)
}

/** Rule 6: the authoriser's identity and role are kept with a decision that removes a crime (or refuses to). */
function authoriser(actor: Actor, now: Date, rule: CrimeTransition) {
  return {
    decidedAt: now,
    decidedBy: actor.id,
    decidedByName: actor.name,
    decidedByRole: authorisingRole(actor),
    fcrOverride: rule.fcrOverride === true,
  }
}

function outcomeEvidence(input: CrimeActionInput): OutcomeEvidence {
  return {
    ...(input.victimNonSupportStatement?.trim()
      ? { victimNonSupportStatement: input.victimNonSupportStatement.trim() }
      : {}),
    ...(input.victimConsulted !== undefined ? { victimConsulted: input.victimConsulted } : {}),
    ...(input.offenderAccepted !== undefined ? { offenderAccepted: input.offenderAccepted } : {}),
    ...(input.publicInterestRationale?.trim() ? { publicInterestRationale: input.publicInterestRationale.trim() } : {}),
    ...(input.victimNotified !== undefined ? { victimNotified: input.victimNotified } : {}),
  }
}

function blankToNull(value: string | null | undefined): string | null {
  return value === undefined || value === null || value.trim() === '' ? null : value.trim()
}

/** People counted as named suspects for rule 13 (suspects and offenders not eliminated). */
export function namedSuspects(involvements: readonly Pick<Involvement, 'role' | 'suspectStatus'>[]): number {
  return involvements.filter((person) => isNamedSuspect(person.role, person.suspectStatus)).length
}
