import type { CrimeAction } from './crimes.workflow.ts'
import type { ActionDeps, ActionHandler } from './crimes.actions.common.ts'
import { classificationActions } from './crimes.actions.classification.ts'
import { filingActions } from './crimes.actions.filing.ts'
import { investigationActions } from './crimes.actions.investigation.ts'
import { removalActions } from './crimes.actions.removal.ts'

export {
  authorisingRole,
  namedSuspects,
  type ActionDeps,
  type ActionHandler,
  type ActionRequest,
  type AppliedAction,
  type CrimeActionInput,
} from './crimes.actions.common.ts'

/**
 * Each crime action's checks and effects, keyed by action, one file per group of the lifecycle: classification
 * (crimes.actions.classification.ts), allocation and investigation (crimes.actions.investigation.ts), outcomes,
 * the quality check and filing (crimes.actions.filing.ts), and cancellation, reinstatement and transfer
 * (crimes.actions.removal.ts). crimes.workflow.ts says who may take an action, when, and where it leads;
 * `CrimesService.act` runs its handler in the action's transaction and records the status change and the audit
 * event. A handler throws ValidationFailed naming the fields, or returns the crime's changes.
 */
export function crimeActionHandlers(deps: ActionDeps): Record<CrimeAction, ActionHandler> {
  return {
    ...classificationActions(deps),
    ...investigationActions(deps),
    ...filingActions(deps),
    ...removalActions(deps),
  }
}
