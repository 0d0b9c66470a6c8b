import type { FieldError } from '../../platform/http/errors.ts'
import { isUuid } from '../../platform/ids.ts'
import { filingChecklistProblems } from './crimes.rules.ts'
import { CRIME_WORKFLOW, type CrimeAction, type CrimeTransition } from './crimes.workflow.ts'

/*
 * The one place an action's input is checked on its face (what it says, before any crime is read), with its
 * messages. `CrimesService.act` uses these checks, and so does anyone who must know before acting on many crimes
 * (the queues' bulk actions), so both say the same thing in the same words.
 */

/** The longest reason kept with an action on a crime (it is shown in full in the crime's history). */
export const MAX_REASON = 5_000

/** The parts of an action's input that can be checked before the crime is read. */
export interface ActionInputFields {
  reason?: string | undefined
  assignedUserId?: string | null | undefined
  assignedUnitId?: string | null | undefined
  checklist?: readonly string[] | undefined
}

/**
 * What `CrimesService.act` would refuse in an action's input whatever the crime: the reason the action needs (and
 * its length), that an allocation names someone or a unit, and the filing checklist. Pure.
 */
export function actionInputProblems(action: CrimeAction, input: ActionInputFields): FieldError[] {
  const rule = CRIME_WORKFLOW.find((row) => row.action === action)!
  return [
    ...reasonProblems(rule, input.reason),
    ...(rule.requires.includes('assignment') ? assignmentProblems(input) : []),
    ...(rule.requires.includes('filingChecklist') ? filingChecklistProblems(input.checklist ?? []) : []),
  ]
}

/** The reason: entered when the action requires one (asked for in the action's words), and not too long. */
export function reasonProblems(rule: CrimeTransition, given: string | undefined): FieldError[] {
  const reason = (given ?? '').trim()
  const problems: FieldError[] = []
  if (rule.requires.includes('reason') && reason === '') {
    problems.push({
      field: 'reason',
      message: rule.reasonPrompt ?? `Enter the reason to ${rule.label.toLowerCase()}`,
    })
  }
  if (reason.length > MAX_REASON) {
    problems.push({
      field: 'reason',
      message: `The reason must be ${MAX_REASON.toLocaleString('en-GB')} characters or fewer`,
    })
  }
  return problems
}

/**
 * An allocation names the officer in the case, the unit, or both. `known` says whether the ones named exist
 * (active users and units of the force); without it only whether they could.
 */
export function assignmentProblems(
  input: Pick<ActionInputFields, 'assignedUserId' | 'assignedUnitId'>,
  known: { userIsActive: boolean; unitExists: boolean } = { userIsActive: true, unitExists: true },
): FieldError[] {
  const userId = (input.assignedUserId ?? '').trim()
  const unitId = (input.assignedUnitId ?? '').trim()
  const problems: FieldError[] = []
  if (userId === '' && unitId === '') {
    problems.push({ field: 'assignedUserId', message: 'Choose the officer in the case, the unit, or both' })
  }
  if (userId !== '' && (!isUuid(userId) || !known.userIsActive)) {
    problems.push({ field: 'assignedUserId', message: 'Choose an active user of this force' })
  }
  if (unitId !== '' && (!isUuid(unitId) || !known.unitExists)) {
    problems.push({ field: 'assignedUnitId', message: 'Choose a unit of this force' })
  }
  return problems
}
