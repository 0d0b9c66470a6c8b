import type { Actor } from '../../platform/auth/actor.ts'
import type { Clock } from '../../platform/clock.ts'
import type { ForceTransaction } from '../../platform/db/database.ts'
import type { FieldErrors } from '../../platform/http/errors.ts'
import type { DirectoryService } from '../directory/index.ts'
import type { PersonDetails } from '../incidents/index.ts'
import { isNamedSuspect, type Involvement, type PeopleService } from '../people/index.ts'
import type { CrimeReferenceData } from './crimes.reference-data.ts'
import type { CrimeRow, CrimesRepository, OffenceCodeRecord } from './crimes.repository.ts'
import { isRape, type OutcomeEvidence, type OutcomeFacts } from './crimes.rules.ts'
import type { CrimeAction, CrimeStatus, CrimeTransition } from './crimes.workflow.ts'

/*
 * What every crime action's handler shares (crimes.actions.ts puts the groups together): the action's input, what a
 * handler returns, what it is given, and the few helpers more than one group uses.
 */

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

/** Some of the actions' handlers, keyed by action. */
export type ActionHandlers<A extends CrimeAction> = Record<A, ActionHandler>

/** Statuses in which an outcome has been submitted and waits to be filed: its checks must keep passing. */
export const OUTCOME_AWAITING_FILING: readonly CrimeStatus[] = ['awaiting_filing', 'imu_quality_check']

/** Rule 8 (DOMAIN.md §1.9): removing a crime of rape from this force's figures raises an N100. */
export function n100ForRemovedRape(deps: ActionDeps, request: ActionRequest, reason: string) {
  return async () => {
    const { crime } = request
    if (isRape(crime.offenceGroup, await deps.referenceData.listRulesIn(request.tx, crime.offenceCodeVersion))) {
      await deps.raiseN100In(request.tx, request.actor, {
        incidentId: crime.incidentId,
        crimeId: crime.crimeId,
        reason,
      })
    }
  }
}

/** The role an authoriser acted in: the FCR's when they hold it (their authority is the widest). */
export function authorisingRole(actor: Actor): string {
  return actor.roles.includes('force_crime_registrar') ? 'force_crime_registrar' : (actor.roles[0] ?? actor.type)
}

/** Rule 6: the authoriser's identity and role are kept with a decision that removes a crime (or refuses to). */
export function authoriser(actor: Actor, now: Date, rule: CrimeTransition) {
  return {
    decidedAt: now,
    decidedBy: actor.id,
    decidedByName: actor.name,
    decidedByRole: authorisingRole(actor),
    fcrOverride: rule.fcrOverride === true,
  }
}

export function outcomeEvidence(input: CrimeActionInput): OutcomeEvidence {
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

export function blankToNull(value: string | null | undefined): string | null {
  return value === undefined || value === null || value.trim() === '' ? null : value.trim()
}

/** People counted as named suspects for rule 13 (suspects and offenders not eliminated). */
export function namedSuspects(involvements: readonly Pick<Involvement, 'role' | 'suspectStatus'>[]): number {
  return involvements.filter((person) => isNamedSuspect(person.role, person.suspectStatus)).length
}
