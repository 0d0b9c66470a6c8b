import { Forbidden } from '../../platform/http/errors.ts'
import { filingChecklistProblems, MAX_TEXT, outcomeProblems } from './crimes.rules.ts'
import {
  outcomeEvidence,
  type ActionDeps,
  type ActionHandler,
  type ActionHandlers,
  type ActionRequest,
  type AppliedAction,
} from './crimes.actions.common.ts'

/**
 * Outcomes, the IMU quality check and filing (DOMAIN.md §2, rules 12–14): submitting an outcome, checking and
 * filing it, returning it to the officer, reopening a filed crime and revising its outcome.
 */
export function filingActions(
  deps: ActionDeps,
): ActionHandlers<
  'submit_for_filing' | 'revise_outcome' | 'start_quality_check' | 'file' | 'return_to_officer' | 'reopen'
> {
  const withOutcome: ActionHandler = (request) => outcome(deps, request)
  return {
    submit_for_filing: withOutcome,
    revise_outcome: withOutcome,
    start_quality_check: async (request) => {
      await notTheSubmitter(deps, request)
      return { changes: {} }
    },
    file: (request) => file(deps, request),
    return_to_officer: ({ errors, reason }) => {
      errors.throwIfAny()
      return Promise.resolve({ changes: {}, reason })
    },
    reopen: ({ now, reason, errors }) => {
      errors.throwIfAny()
      // Rule 10: the classification it was filed under stays on the record until it is filed again.
      return Promise.resolve({ changes: { reopenedAt: now, outcomeType: null }, reason })
    },
  }
}

async function outcome(deps: ActionDeps, request: ActionRequest): Promise<AppliedAction> {
  const { tx, actor, crime, input, now, reason, errors } = request
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
  await deps.repository.insertOutcomes(tx, [
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

/**
 * Rule 14 (and DOMAIN.md §2.3): the IMU quality check is a second pair of eyes, so whoever submitted the crime
 * for filing neither starts its check nor files it.
 */
async function notTheSubmitter(deps: ActionDeps, { tx, actor, crime, rule }: ActionRequest): Promise<void> {
  const submitted = (await deps.repository.outcomes(tx, crime.crimeId)).at(-1)
  if (submitted && submitted.recordedBy === actor.id) {
    throw new Forbidden(
      `You submitted this crime for filing, so someone else must ${rule.label.toLowerCase()}: the quality check is independent`,
    )
  }
}

async function file(deps: ActionDeps, request: ActionRequest): Promise<AppliedAction> {
  const { tx, crime, input, errors } = request
  await notTheSubmitter(deps, request)
  for (const problem of filingChecklistProblems(input.checklist ?? [])) {
    errors.add(problem.field, problem.message)
  }
  // Rule 12: exactly one outcome 1–22, still valid for the crime as it stands now (rule 13).
  const latest = (await deps.repository.outcomes(tx, crime.crimeId)).at(-1)
  if (crime.outcomeType === null || crime.outcomeType === 0 || !latest) {
    errors.add('outcomeType', 'A crime cannot be filed without an outcome: return it to the officer for one')
  } else {
    for (const problem of outcomeProblems(crime.outcomeType, latest.evidence, await deps.outcomeFactsIn(tx, crime))) {
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
}
