import { assignmentProblems } from './crimes.action-input.ts'
import { Conflict, prefixed } from '../../platform/http/errors.ts'
import { isUuid } from '../../platform/ids.ts'
import { personFor, toInstant } from '../incidents/index.ts'
import { involvementProblem, isInvolvementRole, type Involvement } from '../people/index.ts'
import { involvementChangeProblems, outcomeProblems, recordingProblems, victimKey } from './crimes.rules.ts'
import type { CrimeStatus } from './crimes.workflow.ts'
import {
  blankToNull,
  OUTCOME_AWAITING_FILING,
  type ActionDeps,
  type ActionHandlers,
  type ActionRequest,
  type AppliedAction,
} from './crimes.actions.common.ts'

/**
 * Allocation and investigation (DOMAIN.md §2.1): who works the crime, its details, and the people involved in it
 * (rule 22 through the crime, so one crime per victim, rule 11, holds).
 */
export function investigationActions(
  deps: ActionDeps,
): ActionHandlers<'allocate' | 'update_details' | 'link_person' | 'change_involvement'> {
  return {
    allocate: (request) => allocate(deps, request),
    update_details: (request) => updateDetails(request),
    link_person: (request) => linkPerson(deps, request),
    change_involvement: (request) => changeInvolvement(deps, request),
  }
}

async function allocate(deps: ActionDeps, { tx, input, errors }: ActionRequest): Promise<AppliedAction> {
  const userId = blankToNull(input.assignedUserId)
  const unitId = blankToNull(input.assignedUnitId)
  const user = userId !== null && isUuid(userId) ? await deps.repository.findUser(tx, userId) : undefined
  const unit = unitId !== null && isUuid(unitId) ? await deps.directory.unitIn(tx, unitId) : undefined
  const known = { userIsActive: userId === null || user?.active === true, unitExists: unitId === null || !!unit }
  for (const problem of assignmentProblems(input, known)) {
    errors.add(problem.field, problem.message)
  }
  errors.throwIfAny()
  return { changes: { assignedUserId: userId, assignedUnitId: unitId } }
}

function updateDetails({ crime, input, now, errors }: ActionRequest): Promise<AppliedAction> {
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
}

/** The role first, under its own field, before anyone is added (rule 22); then who the person is. */
function checkPersonToLink({ crime, input, errors }: ActionRequest, role: string): void {
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
}

async function linkPerson(deps: ActionDeps, request: ActionRequest): Promise<AppliedAction> {
  const { tx, actor, crime, input, errors } = request
  const { people } = deps
  const role = (input.personRole ?? '').trim()
  checkPersonToLink(request, role)
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
    const other = await deps.repository.findForIncidentVictim(tx, crime.incidentId, key)
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
}

/** What the person is changing the involvement to, checked against how they are involved now. */
function checkInvolvementChange(
  { errors }: ActionRequest,
  current: Involvement | undefined,
  role: string,
  suspectStatus: string | undefined,
): void {
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
}

/**
 * Rule 13: an outcome waiting to be filed must still pass its checks once the change is made (an eliminated
 * suspect is no named suspect for outcomes 15, 16 and 21; a newly named one rules out 14 and 18).
 */
async function checkOutcomeStillValid(
  deps: ActionDeps,
  { tx, crime, errors }: ActionRequest,
  involvements: readonly Involvement[],
  current: Involvement,
  change: { role: string; suspectStatus: string | undefined },
): Promise<void> {
  if (!OUTCOME_AWAITING_FILING.includes(crime.status as CrimeStatus) || !crime.outcomeType) {
    return
  }
  const changed = involvements.map((involvement) =>
    involvement === current
      ? {
          ...involvement,
          role: change.role,
          suspectStatus:
            change.role === 'suspect' ? (change.suspectStatus ?? current.suspectStatus ?? 'not_interviewed') : null,
        }
      : involvement,
  )
  const latest = (await deps.repository.outcomes(tx, crime.crimeId)).at(-1)
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

async function changeInvolvement(deps: ActionDeps, request: ActionRequest): Promise<AppliedAction> {
  const { tx, actor, crime, input } = request
  const involvements = await deps.people.involvementsFor(tx, 'crime', crime.crimeId)
  const current = involvements.find((involvement) => involvement.involvementId === input.involvementId)
  const role = (input.personRole ?? '').trim()
  const suspectStatus = (input.suspectStatus ?? '').trim() || undefined
  checkInvolvementChange(request, current, role, suspectStatus)
  await checkOutcomeStillValid(deps, request, involvements, current!, { role, suspectStatus })
  const changed = await deps.people.changeInvolvementIn(
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
}
