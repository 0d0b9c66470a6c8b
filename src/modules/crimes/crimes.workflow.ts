import { rolesWith, type Permission } from '../../platform/auth/permissions.ts'
import type { Role } from '../../platform/auth/roles.ts'

/**
 * The lifecycle of crimes as data: in which status who may take which action, where it leads and
 * what it requires. The services refuse anything this table does not allow; the pages ask it which actions to
 * offer and which form fields to show. Pure, with exhaustive tests (crimes.workflow.test.ts).
 *
 * Sources: removal of recorded crimes (DOMAIN.md §1.8, rules 6–7), the FCR's final say (§1.6, rule 9),
 * classification (§1.7, rule 10), outcomes and filing (§2, rules 12–14). The incident lifecycle is its sibling
 * table in the incidents module (incidents.workflow.ts).
 */

/**
 * Statuses in which the crime is live: counted, being worked, open to change. The IMU's open work (its queues, the
 * capacity forecast's queues, the workload per person) is exactly these, in this order.
 */
export const LIVE_STATUSES = [
  'recorded',
  'awaiting_allocation',
  'under_investigation',
  'awaiting_filing',
  'imu_quality_check',
  'returned_to_officer',
] as const
export type LiveStatus = (typeof LIVE_STATUSES)[number]

/** The IMU's name for the work each live status is: the queue a crime in that status waits in. */
export const LIVE_STATUS_QUEUE_LABELS: Record<LiveStatus, string> = {
  recorded: 'Classification check',
  awaiting_allocation: 'Awaiting allocation',
  under_investigation: 'Under investigation',
  awaiting_filing: 'Awaiting filing',
  imu_quality_check: 'IMU quality check',
  returned_to_officer: 'Returned to officer',
}

export const CRIME_STATUSES = [
  ...LIVE_STATUSES,
  'filed',
  'cancellation_requested',
  'cancelled',
  'transfer_requested',
  'transferred',
] as const
export type CrimeStatus = (typeof CRIME_STATUSES)[number]

export const CRIME_STATUS_LABELS: Record<CrimeStatus, string> = {
  recorded: 'Recorded – awaiting classification check',
  awaiting_allocation: 'Awaiting allocation',
  under_investigation: 'Under investigation',
  awaiting_filing: 'Awaiting filing',
  imu_quality_check: 'IMU quality check',
  returned_to_officer: 'Returned to officer',
  filed: 'Filed',
  cancellation_requested: 'Cancellation awaiting authorisation',
  cancelled: 'Cancelled',
  transfer_requested: 'Transfer awaiting acceptance',
  transferred: 'Transferred to another force',
}

/** Statuses removed from recorded crime (the Home Office transferred/cancelled data set, rule 6). */
export const REMOVED_STATUSES: readonly CrimeStatus[] = ['cancelled', 'transferred']

export function isCrimeStatus(value: string): value is CrimeStatus {
  return (CRIME_STATUSES as readonly string[]).includes(value)
}

export const CRIME_ACTIONS = [
  'confirm_classification',
  'reclassify',
  'allocate',
  'update_details',
  'link_person',
  'change_involvement',
  'submit_for_filing',
  'start_quality_check',
  'file',
  'return_to_officer',
  'reopen',
  'revise_outcome',
  'request_cancellation',
  'cancel',
  'authorise_cancellation',
  'refuse_cancellation',
  'reinstate',
  'request_transfer',
  'accept_transfer',
  'refuse_transfer',
] as const
export type CrimeAction = (typeof CRIME_ACTIONS)[number]

/** What an action asks for. Each is a group of form fields (views/actions/_<field>.njk) and a service check. */
export type CrimeField =
  | 'offenceCode'
  | 'reason'
  | 'assignment'
  | 'details'
  | 'person'
  | 'involvement'
  | 'outcome'
  | 'closingSummary'
  | 'filingChecklist'
  | 'cancellation'
  | 'transfer'
  | 'transferAcceptance'

/**
 * Conditions besides status and role. `can_authorise_cancellation` is rule 6: the FCR always; for the force's
 * listed offence groups (rape by default) only the FCR or a designated decision maker; otherwise also an IMU
 * decision maker. Someone who cannot authorise requests instead.
 */
export type CrimeCondition = 'can_authorise_cancellation' | 'cannot_authorise_cancellation'

export interface CrimeFacts {
  status: CrimeStatus
  /** Whether this person may authorise cancelling this crime (depends on its offence group and the force). */
  canAuthoriseCancellation: boolean
}

export interface CrimeTransition {
  action: CrimeAction
  label: string
  from: readonly CrimeStatus[]
  /** 'unchanged' keeps the status; 'previous' returns to where a pending cancellation or transfer started. */
  to: CrimeStatus | 'unchanged' | 'previous'
  permission: Permission
  /** Narrows the permission to these roles (e.g. allocation is line management; overrides are the FCR's). */
  roles?: readonly Role[]
  when?: CrimeCondition
  requires: readonly CrimeField[]
  /** What the person is asked to enter when the action requires a reason, in their words. */
  reasonPrompt?: string
  /** The Force Crime Registrar overriding a decision: logged as an override with the reason (rule 9). */
  fcrOverride?: true
  successBanner: string
  audit: string
}

const LIVE: readonly CrimeStatus[] = LIVE_STATUSES
const LIVE_OR_FILED: readonly CrimeStatus[] = [...LIVE_STATUSES, 'filed']
const IMU_ALLOCATORS: readonly Role[] = ['imu_decision_maker', 'imu_supervisor']

export const CRIME_WORKFLOW: readonly CrimeTransition[] = [
  {
    action: 'confirm_classification',
    label: 'Confirm the classification',
    from: ['recorded'],
    to: 'awaiting_allocation',
    permission: 'crimes.classify',
    requires: [],
    successBanner: 'Classification confirmed',
    audit: 'CLASSIFICATION_CONFIRMED',
  },
  {
    action: 'reclassify',
    label: 'Reclassify',
    from: LIVE,
    to: 'unchanged',
    permission: 'crimes.classify',
    requires: ['offenceCode', 'reason'],
    reasonPrompt: 'Enter the reason for reclassifying the crime',
    successBanner: 'Crime reclassified',
    audit: 'CRIME_RECLASSIFIED',
  },
  {
    // Rule 9: the FCR is the final arbiter and may correct the classification whatever the status.
    action: 'reclassify',
    label: 'Reclassify (Force Crime Registrar override)',
    from: ['filed', 'cancellation_requested', 'cancelled', 'transfer_requested', 'transferred'],
    to: 'unchanged',
    permission: 'crimes.classify',
    roles: ['force_crime_registrar'],
    fcrOverride: true,
    requires: ['offenceCode', 'reason'],
    reasonPrompt: 'Enter the reason for reclassifying the crime',
    successBanner: 'Crime reclassified (override recorded)',
    audit: 'CRIME_RECLASSIFIED',
  },
  {
    action: 'allocate',
    label: 'Allocate',
    from: ['awaiting_allocation', 'under_investigation', 'returned_to_officer'],
    to: 'under_investigation',
    permission: 'crimes.update',
    roles: IMU_ALLOCATORS,
    requires: ['assignment'],
    successBanner: 'Crime allocated',
    audit: 'CRIME_ALLOCATED',
  },
  {
    action: 'update_details',
    label: 'Update details',
    from: LIVE,
    to: 'unchanged',
    permission: 'crimes.update',
    requires: ['details'],
    successBanner: 'Crime updated',
    audit: 'CRIME_UPDATED',
  },
  {
    action: 'link_person',
    label: 'Add a person',
    from: LIVE,
    to: 'unchanged',
    permission: 'crimes.update',
    requires: ['person'],
    successBanner: 'Person added to the crime',
    audit: 'CRIME_PERSON_LINKED',
  },
  {
    // Rule 22 through the crime: a suspect's status or a person's role changes here, never elsewhere, so one
    // crime per victim (rule 11) and a submitted outcome's checks (rule 13) hold, and the crime's version moves.
    action: 'change_involvement',
    label: 'Change how a person is involved',
    from: LIVE,
    to: 'unchanged',
    permission: 'crimes.update',
    requires: ['involvement'],
    successBanner: 'Involvement updated',
    audit: 'CRIME_INVOLVEMENT_CHANGED',
  },
  {
    action: 'submit_for_filing',
    label: 'Submit for filing',
    from: ['under_investigation', 'returned_to_officer'],
    to: 'awaiting_filing',
    permission: 'crimes.outcome',
    requires: ['outcome', 'closingSummary'],
    successBanner: 'Submitted for filing',
    audit: 'CRIME_SUBMITTED_FOR_FILING',
  },
  {
    action: 'start_quality_check',
    label: 'Start the quality check',
    from: ['awaiting_filing'],
    to: 'imu_quality_check',
    permission: 'crimes.file',
    requires: [],
    successBanner: 'Quality check started',
    audit: 'CRIME_QUALITY_CHECK_STARTED',
  },
  {
    action: 'file',
    label: 'Pass the quality check and file',
    from: ['imu_quality_check'],
    to: 'filed',
    permission: 'crimes.file',
    requires: ['filingChecklist'],
    successBanner: 'Crime filed',
    audit: 'CRIME_FILED',
  },
  {
    action: 'return_to_officer',
    label: 'Return to the officer',
    from: ['awaiting_filing', 'imu_quality_check'],
    to: 'returned_to_officer',
    permission: 'crimes.file',
    requires: ['reason'],
    reasonPrompt: 'Enter the reasons for returning it to the officer',
    successBanner: 'Returned to the officer',
    audit: 'CRIME_RETURNED_TO_OFFICER',
  },
  {
    action: 'reopen',
    label: 'Reopen',
    from: ['filed'],
    to: 'under_investigation',
    permission: 'crimes.file',
    requires: ['reason'],
    reasonPrompt: 'Enter the reason for reopening the crime',
    successBanner: 'Crime reopened',
    audit: 'CRIME_REOPENED',
  },
  {
    // Rule 12: a later court result can change the outcome; the earlier one stays in the history.
    action: 'revise_outcome',
    label: 'Revise the outcome',
    from: ['filed'],
    to: 'unchanged',
    permission: 'crimes.file',
    requires: ['outcome', 'reason'],
    reasonPrompt: 'Enter the reason for revising the outcome',
    successBanner: 'Outcome revised',
    audit: 'CRIME_OUTCOME_REVISED',
  },
  {
    action: 'request_cancellation',
    label: 'Request cancellation',
    from: LIVE_OR_FILED,
    to: 'cancellation_requested',
    permission: 'crimes.cancel',
    when: 'cannot_authorise_cancellation',
    requires: ['cancellation'],
    successBanner: 'Cancellation requested: it needs authorising',
    audit: 'CRIME_CANCELLATION_REQUESTED',
  },
  {
    action: 'cancel',
    label: 'Cancel the crime',
    from: LIVE_OR_FILED,
    to: 'cancelled',
    permission: 'crimes.cancel',
    when: 'can_authorise_cancellation',
    requires: ['cancellation'],
    successBanner: 'Crime cancelled',
    audit: 'CRIME_CANCELLED',
  },
  {
    action: 'authorise_cancellation',
    label: 'Authorise the cancellation',
    from: ['cancellation_requested'],
    to: 'cancelled',
    permission: 'crimes.cancel',
    when: 'can_authorise_cancellation',
    requires: [],
    successBanner: 'Cancellation authorised',
    audit: 'CRIME_CANCELLATION_AUTHORISED',
  },
  {
    action: 'refuse_cancellation',
    label: 'Refuse the cancellation',
    from: ['cancellation_requested'],
    to: 'previous',
    permission: 'crimes.cancel',
    when: 'can_authorise_cancellation',
    requires: ['reason'],
    reasonPrompt: 'Enter the reason for refusing the cancellation',
    successBanner: 'Cancellation refused: the crime stays recorded',
    audit: 'CRIME_CANCELLATION_REFUSED',
  },
  {
    // Rule 9: the FCR overrides a cancellation decision; the crime returns to the classification check.
    action: 'reinstate',
    label: 'Reinstate the crime (Force Crime Registrar override)',
    from: ['cancelled'],
    to: 'recorded',
    permission: 'crimes.cancel',
    roles: ['force_crime_registrar'],
    fcrOverride: true,
    requires: ['reason'],
    reasonPrompt: 'Enter the reason for reinstating the crime',
    successBanner: 'Crime reinstated (override recorded)',
    audit: 'CRIME_REINSTATED',
  },
  {
    action: 'request_transfer',
    label: 'Transfer to another force',
    from: LIVE,
    to: 'transfer_requested',
    permission: 'crimes.transfer',
    requires: ['transfer'],
    successBanner: 'Transfer requested: record the other force’s acceptance when it comes',
    audit: 'CRIME_TRANSFER_REQUESTED',
  },
  {
    // Rule 7: until the receiving force accepts, this force keeps the victim-care tasks. Rule 6: an accepted
    // transfer removes the crime from this force's figures (C1), so only someone who may authorise cancelling
    // it may record the acceptance; others request the transfer.
    action: 'accept_transfer',
    label: 'Record the transfer as accepted',
    from: ['transfer_requested'],
    to: 'transferred',
    permission: 'crimes.transfer',
    when: 'can_authorise_cancellation',
    requires: ['transferAcceptance'],
    successBanner: 'Transfer accepted (C1)',
    audit: 'CRIME_TRANSFERRED',
  },
  {
    action: 'refuse_transfer',
    label: 'Record the transfer as refused',
    from: ['transfer_requested'],
    to: 'previous',
    permission: 'crimes.transfer',
    requires: ['reason'],
    reasonPrompt: 'Enter the reason the other force gave for refusing the transfer',
    successBanner: 'Transfer refused: the crime stays with this force',
    audit: 'CRIME_TRANSFER_REFUSED',
  },
]

function crimeConditionHolds(condition: CrimeCondition | undefined, facts: CrimeFacts): boolean {
  switch (condition) {
    case undefined:
      return true
    case 'can_authorise_cancellation':
      return facts.canAuthoriseCancellation
    case 'cannot_authorise_cancellation':
      return !facts.canAuthoriseCancellation
  }
}

function roleAllowed(rule: CrimeTransition, roles: readonly Role[]): boolean {
  return (
    rolesWith(rule.permission).some((role) => roles.includes(role)) &&
    (rule.roles === undefined || rule.roles.some((r) => roles.includes(r)))
  )
}

/**
 * The crime actions `roles` may take now, one per action (the first matching row, so the FCR's override rows
 * apply only where the ordinary row does not), in table order.
 */
export function allowedCrimeActions(roles: readonly Role[], facts: CrimeFacts): CrimeTransition[] {
  const seen = new Set<CrimeAction>()
  return CRIME_WORKFLOW.filter((rule) => {
    if (seen.has(rule.action)) {
      return false
    }
    const allowed =
      rule.from.includes(facts.status) && roleAllowed(rule, roles) && crimeConditionHolds(rule.when, facts)
    if (allowed) {
      seen.add(rule.action)
    }
    return allowed
  })
}

export function crimeTransition(
  action: CrimeAction,
  roles: readonly Role[],
  facts: CrimeFacts,
): CrimeTransition | undefined {
  return allowedCrimeActions(roles, facts).find((rule) => rule.action === action)
}

/** Why an action is refused, in words for the person (status, role or authority), when crimeTransition gives none. */
export function refusalReason(
  action: CrimeAction,
  roles: readonly Role[],
  facts: CrimeFacts,
  options: { authorisationRestricted: boolean } = { authorisationRestricted: false },
): string {
  const rows = CRIME_WORKFLOW.filter((rule) => rule.action === action)
  const inStatus = rows.filter((rule) => rule.from.includes(facts.status))
  if (inStatus.length === 0) {
    return `A crime that is "${CRIME_STATUS_LABELS[facts.status].toLowerCase()}" cannot be given "${rows[0]?.label.toLowerCase() ?? action}"`
  }
  if (!inStatus.some((rule) => roleAllowed(rule, roles))) {
    return `Your role cannot ${rows[0]!.label.toLowerCase()} here`
  }
  if (inStatus.some((rule) => rule.when === 'can_authorise_cancellation')) {
    const who = options.authorisationRestricted
      ? 'the Force Crime Registrar or a designated decision maker'
      : 'an IMU decision maker or the Force Crime Registrar'
    if (action === 'accept_transfer') {
      return `A transfer removes the crime from this force's recorded crime (C1), so only ${who} can record it as accepted${options.authorisationRestricted ? ' in this offence group' : ''}`
    }
    return options.authorisationRestricted
      ? `Only ${who} can authorise cancelling a crime in this offence group: request the cancellation instead`
      : `Only ${who} can authorise cancelling a crime: request the cancellation instead`
  }
  return 'You can authorise this cancellation yourself: cancel the crime instead of requesting it'
}

/** Where a transition leads from `status` (resolving 'unchanged' and 'previous'). */
export function targetStatus(rule: CrimeTransition, status: CrimeStatus, previous: CrimeStatus | null): CrimeStatus {
  if (rule.to === 'unchanged') {
    return status
  }
  if (rule.to === 'previous') {
    return previous ?? 'recorded'
  }
  return rule.to
}
