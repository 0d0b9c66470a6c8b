/**
 * Crime recording and the crime lifecycle (DOMAIN.md §1–2; rules 1–13 and 23): recording decisions from
 * incidents or direct reports, classification against the force's versioned Home Office offence list, crime
 * references, the 24-hour clock, duplicate warnings, reclassification, cancellation and transfer with their
 * controls, N100s, outcomes and filing. The crime lifecycle is one typed table (crimes.workflow.ts) that the
 * services enforce and the pages read; the incident lifecycle is the incidents module's (incidents.workflow.ts).
 */
import type { NavigationItem } from '../../platform/views/navigation.ts'

/**
 * The crimes service: `record`, `act` (every lifecycle action; each action's handler is in crimes.actions.ts),
 * `allowedActions`, `dailyFlows`, N100s, and the N100 hook for rape added to an incident after its decision.
 */
export {
  CrimesService,
  PossibleDuplicate,
  allowedActionsWith,
  type ActionContext,
  type ActionPage,
  type CrimeActionInput,
  type CrimeView,
  type CrimeVictimCare,
  type RecordCrimeInput,
  type RecordCrimeResult,
} from './crimes.service.ts'
/** The crimes' daily flows (the capacity forecast's history). */
export { type DailyFlow } from './crimes.reports.ts'
/** The record-a-crime drafts (they hold a victim's personal data until recorded, so are deleted after a week). */
export { CrimeDraftsService, DRAFT_RETENTION_DAYS } from './crimes.drafts.ts'
/** Reference data: the offence list versions, crime reference format, authorisation groups, decision makers. */
export { CrimeReferenceData, BUNDLED_OFFENCE_LIST, type CrimeSettings } from './crimes.reference-data.ts'
/** The crime tables' queries. */
export { CrimesRepository, type CrimeRow, type CrimeListFilter } from './crimes.repository.ts'
/** What the demo's bulk history (src/demo) writes through the repository, numbered and keyed as recording does. */
export { type NewCrimeRow } from './crimes.repository.ts'
export { formatCrimeReference, victimKey } from './crimes.rules.ts'
export { CrimeWorklists, type CrimeWorklist, type WorklistCrime } from './crimes.worklists.ts'
/** What the police.uk export reads of crimes and their outcomes (rule 25). */
export { CrimePublication, type PublishableCrime, type PublishableOutcome } from './crimes.publication.ts'
/** The crime lifecycle table. */
export {
  CRIME_ACTIONS,
  CRIME_STATUSES,
  CRIME_STATUS_LABELS,
  CRIME_WORKFLOW,
  LIVE_STATUSES,
  LIVE_STATUS_QUEUE_LABELS,
  REMOVED_STATUSES,
  allowedCrimeActions,
  type CrimeAction,
  type CrimeField,
  type CrimeStatus,
  type CrimeTransition,
} from './crimes.workflow.ts'
/** An action's input checked on its face, as `act` checks it (for acting on many crimes at once). */
export { actionInputProblems, MAX_REASON, type ActionInputFields } from './crimes.action-input.ts'
/** Pages and the JSON API (mounted by app.ts). */
export { crimesPages, type CrimesPagesOptions } from './crimes.pages.ts'
export { crimesApi, toApiCrime } from './crimes.api.ts'
/** A crime status and an outcome in words (for other modules' pages). */
export { statusLabel as crimeStatusLabel, outcomeLabel as crimeOutcomeLabel } from './crimes.views.ts'
/** Outcome types, cancellation codes and the recording clock. */
export {
  FILING_CHECKLIST,
  HOME_OFFICE_CANCELLATION_CODES,
  OUTCOME_TYPES,
  RECORDING_LIMIT_MS,
  recordingClock,
  withinLimitPercent,
} from './crimes.rules.ts'

export const navigation: NavigationItem[] = [
  { text: 'Crimes', href: '/crimes', permission: 'crimes.view', order: 20 },
  { text: 'N100s', href: '/n100s', permission: 'n100.manage', order: 25 },
  { text: 'Crime recording settings', href: '/admin/crime-recording', permission: 'reference-data.manage', order: 96 },
]
/** Retention review (rule 21): crimes read for the schedule, and their narrative removed on disposal. */
export { CrimeRetention, REMOVED_AT_REVIEW, type CrimeForRetentionReview } from './crimes.retention.ts'
/** Rule 20: the force's reasons for seeing a restricted record, checked the same way for exports and disclosures. */
export { viewJustification, OTHER_JUSTIFICATION } from './crimes.rules.ts'
