import { ukDate } from '../../platform/dates.ts'
import { Conflict } from '../../platform/http/errors.ts'
import { newId } from '../../platform/ids.ts'
import { findPoliceForce, POLICE_FORCES } from './crimes.forces.ts'
import { cancellationProblems, transferAcceptanceProblems } from './crimes.rules.ts'
import {
  authoriser,
  authorisingRole,
  n100ForRemovedRape,
  type ActionDeps,
  type ActionHandler,
  type ActionHandlers,
  type ActionRequest,
  type AppliedAction,
} from './crimes.actions.common.ts'

type RemovalAction =
  | 'request_cancellation'
  | 'cancel'
  | 'authorise_cancellation'
  | 'refuse_cancellation'
  | 'reinstate'
  | 'request_transfer'
  | 'accept_transfer'
  | 'refuse_transfer'

/**
 * Removing a crime from this force's recorded crime (DOMAIN.md §1.8, rules 6–7): cancelling it (requested, then
 * authorised or refused), reinstating it (the FCR's override, rule 9), and transferring it to another force.
 */
export function removalActions(deps: ActionDeps): ActionHandlers<RemovalAction> {
  const cancellationHandler: ActionHandler = (request) => cancellation(deps, request)
  const decisionHandler: ActionHandler = (request) => cancellationDecision(deps, request)
  const transferHandler: ActionHandler = (request) => transferDecision(deps, request)
  return {
    request_cancellation: cancellationHandler,
    cancel: cancellationHandler,
    authorise_cancellation: decisionHandler,
    refuse_cancellation: decisionHandler,
    reinstate: (request) => reinstate(deps, request),
    request_transfer: (request) => requestTransfer(deps, request),
    accept_transfer: transferHandler,
    refuse_transfer: transferHandler,
  }
}

async function cancellation(deps: ActionDeps, request: ActionRequest): Promise<AppliedAction> {
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
  await deps.repository.insertCancellation(tx, {
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
    afterUpdate: authorised ? n100ForRemovedRape(deps, request, rationale) : undefined,
  }
}

async function cancellationDecision(deps: ActionDeps, request: ActionRequest): Promise<AppliedAction> {
  const { tx, actor, crime, rule, input, now, reason, errors } = request
  const pending = await deps.repository.pendingCancellation(tx, crime.crimeId)
  if (!pending) {
    throw new Conflict('There is no cancellation awaiting authorisation on this crime')
  }
  errors.throwIfAny()
  const authorise = input.action === 'authorise_cancellation'
  await deps.repository.decideCancellation(tx, pending.cancellationId, {
    ...authoriser(actor, now, rule),
    decision: authorise ? 'authorised' : 'refused',
    decisionReason: reason || null,
  })
  return {
    changes: { statusBeforePending: null },
    reason: reason || undefined,
    context: { cancellationCode: pending.code, requestedBy: pending.requestedByName },
    afterUpdate: authorise ? n100ForRemovedRape(deps, request, pending.rationale) : undefined,
  }
}

async function reinstate(deps: ActionDeps, { tx, actor, crime, now, reason, errors }: ActionRequest) {
  errors.throwIfAny()
  // One crime per victim (rule 11): while another crime from the incident is live for this victim, this one
  // cannot come back.
  if (crime.incidentId !== null && crime.victimKey !== null) {
    const other = await deps.repository.findForIncidentVictim(tx, crime.incidentId, crime.victimKey)
    if (other && other.crimeId !== crime.crimeId) {
      throw new Conflict(
        `${other.crimeReference}, recorded from the same incident, is live for the same victim (one crime per victim): cancel or reclassify it before reinstating this crime`,
        { crimeId: other.crimeId, crimeReference: other.crimeReference },
      )
    }
  }
  // The cancellation no longer stands: it is marked reversed, with who, when and why (rule 9).
  const cancelled = await deps.repository.authorisedCancellation(tx, crime.crimeId)
  if (cancelled) {
    await deps.repository.reverseCancellation(tx, cancelled.cancellationId, {
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
}

async function requestTransfer(deps: ActionDeps, request: ActionRequest): Promise<AppliedAction> {
  const { tx, actor, crime, now, reason, input, errors } = request
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
  await deps.repository.insertTransfer(tx, {
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
}

async function transferDecision(deps: ActionDeps, request: ActionRequest): Promise<AppliedAction> {
  const { tx, actor, crime, rule, input, now, reason, errors } = request
  const open = await deps.repository.openTransfer(tx, crime.crimeId)
  if (!open) {
    throw new Conflict('There is no transfer awaiting acceptance on this crime')
  }
  if (input.action === 'refuse_transfer') {
    errors.throwIfAny()
    await deps.repository.decideTransfer(tx, open.transferId, {
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
  await deps.repository.decideTransfer(tx, open.transferId, {
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
    afterUpdate: n100ForRemovedRape(deps, request, `Transferred to ${open.receivingForce}: ${open.reason}`),
  }
}
