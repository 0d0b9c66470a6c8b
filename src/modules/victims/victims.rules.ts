/**
 * The Victims' Code's rules as pure functions (DOMAIN.md §5; rules 15–19): which tasks a crime starts and when
 * each is due, which crimes give enhanced rights, and what a contact, an event, a VPS offer or a contact plan
 * must hold. No database, no clock: callers pass today and the force's calendar.
 */
import { addWorkingDays, type WorkingCalendar } from '../../platform/calendar/working-days.ts'
import { addDays, isDate } from '../../platform/dates.ts'
import type { FieldError } from '../../platform/http/errors.ts'
import type {
  ContactMethod,
  VictimEventKind,
  VictimTaskKind,
  VictimTaskStatus,
} from '../../platform/db/tables/victims.ts'

export type { ContactMethod, VictimEventKind, VictimTaskKind, VictimTaskStatus }

export const CONTACT_METHODS: Record<ContactMethod, string> = {
  phone: 'Telephone',
  email: 'Email',
  letter: 'Letter',
  text_message: 'Text message',
  in_person: 'In person',
  video_call: 'Video call',
}

export const TASK_KINDS: Record<VictimTaskKind, string> = {
  right3_information: 'Right 3: written confirmation, crime reference and what happens next',
  support_referral: 'Right 4: referral to victim support',
  needs_assessment: 'Right 4: needs assessment',
  event_notification: 'Right 6: tell the victim of an investigation decision',
  scheduled_update: 'Update agreed in the contact plan',
  told_not_recorded: 'Tell the victim no crime is being recorded',
  told_cancelled: 'Tell the victim the crime has been cancelled',
  transfer_update: 'Keep the victim updated until the other force accepts the transfer',
}

export const TASK_STATUSES: Record<VictimTaskStatus, string> = {
  open: 'Open',
  done: 'Done',
  not_possible: 'Not possible',
  handed_over: 'Handed over to another force',
  withdrawn: 'No longer needed',
}

export const EVENT_KINDS: Record<VictimEventKind, string> = {
  arrest: 'Suspect arrested',
  interview_under_caution: 'Suspect interviewed under caution',
  released_without_charge: 'Suspect released without charge',
  bail: 'Suspect released on bail',
  released_under_investigation: 'Suspect released under investigation',
  bail_changed: 'Bail conditions changed or cancelled',
  not_investigated: 'Decision not to investigate',
  outcome: 'Outcome of the case',
}

/** Grounds Tally sets from the crime itself (rule 17). */
export const AUTOMATIC_GROUNDS = {
  most_serious: 'Victim of the most serious crime',
  bereaved: 'Close relative bereaved by crime',
  under_18: 'Under 18 at the time of the offence',
  vulnerable_marker: 'Marked as a vulnerable victim on the crime',
} as const
/** Grounds a person sets, with a reason (rule 17). */
export const MANUAL_GROUNDS = {
  persistently_targeted: 'Persistently targeted',
  vulnerable: 'Vulnerable',
  intimidated: 'Intimidated',
} as const
export type AutomaticGround = keyof typeof AUTOMATIC_GROUNDS
export type ManualGround = keyof typeof MANUAL_GROUNDS

/**
 * The most serious crime (DOMAIN.md §5.3) by Home Office offence code or group: sexual offences (every code in
 * the sexual offence groups, which include trafficking for sexual exploitation), attempted murder, wounding
 * with intent, kidnapping, arson endangering life and modern slavery. Domestic abuse and hate crime are the
 * crime's own markers; terrorism and false imprisonment have no code of their own in the list.
 */
export const MOST_SERIOUS_GROUPS: readonly string[] = ['rape', 'other-sexual-offences', 'sexual-offences']
export const MOST_SERIOUS_CODES: readonly string[] = ['2', '5D', '5A', '36', '56A', '106', '72']
/** Offences whose victim has died: the rights go to the bereaved close relative. */
export const BEREAVING_CODES: readonly string[] = ['1', '4.1', '4.2', '4.3', '4.4', '4.6', '4.7', '4.8', '4.10', '37.1']

export interface CrimeFacts {
  offenceCode: string
  offenceGroup: string
  domesticAbuse: boolean
  hateCrime: boolean
  vulnerableVictim: boolean
  /** YYYY-MM-DD, or null when unknown. */
  victimDateOfBirth: string | null
  /** The day the offence began, YYYY-MM-DD. */
  offenceOn: string
}

/** Rule 17: the enhanced-rights grounds that follow from the crime. */
export function automaticGrounds(crime: CrimeFacts): AutomaticGround[] {
  const grounds: AutomaticGround[] = []
  if (
    crime.domesticAbuse ||
    crime.hateCrime ||
    MOST_SERIOUS_GROUPS.includes(crime.offenceGroup) ||
    MOST_SERIOUS_CODES.includes(crime.offenceCode)
  ) {
    grounds.push('most_serious')
  }
  if (BEREAVING_CODES.includes(crime.offenceCode)) {
    grounds.push('bereaved')
  }
  if (crime.victimDateOfBirth !== null && isUnder18On(crime.victimDateOfBirth, crime.offenceOn)) {
    grounds.push('under_18')
  }
  if (crime.vulnerableVictim) {
    grounds.push('vulnerable_marker')
  }
  return grounds
}

/** Under 18 on `day`: the 18th birthday is later (a 29 February birthday falls on 1 March in other years). */
export function isUnder18On(dateOfBirth: string, day: string): boolean {
  const year = Number(dateOfBirth.slice(0, 4)) + 18
  const monthDay = dateOfBirth.slice(5)
  const birthday = isDate(`${year}-${monthDay}`) ? `${year}-${monthDay}` : `${year}-03-01`
  return day < birthday
}

/** How long each task has: standard and enhanced-rights days, working or calendar (rules 15, 16 and 19). */
export interface TaskTiming {
  standardDays: number
  enhancedDays: number
  dayKind: 'working' | 'calendar'
}

export function taskTiming(
  kind: VictimTaskKind,
  settings: { needsAssessmentDays: number; updateEveryDays?: number | null },
): TaskTiming {
  switch (kind) {
    case 'support_referral':
      // Right 4: 2 working days for every victim (whether enhanced rights shorten it is unconfirmed).
      return { standardDays: 2, enhancedDays: 2, dayKind: 'working' }
    case 'needs_assessment':
      return {
        standardDays: settings.needsAssessmentDays,
        enhancedDays: Math.min(settings.needsAssessmentDays, 1),
        dayKind: 'working',
      }
    case 'scheduled_update': {
      const every = settings.updateEveryDays ?? 28
      return { standardDays: every, enhancedDays: every, dayKind: 'calendar' }
    }
    case 'right3_information':
    case 'event_notification':
    case 'told_cancelled':
    case 'told_not_recorded':
    case 'transfer_update':
      // Right 3 information, Right 6 decisions, and the victim told of removal or transfer: 5 days, 1 enhanced.
      return { standardDays: 5, enhancedDays: 1, dayKind: 'working' }
  }
}

export function dueOn(task: TaskTiming & { startsOn: string }, enhanced: boolean, calendar: WorkingCalendar): string {
  const days = enhanced ? task.enhancedDays : task.standardDays
  return task.dayKind === 'working' ? addWorkingDays(task.startsOn, days, calendar) : addDays(task.startsOn, days)
}

/** Rule 15: a task still open after its due day is overdue. */
export function isOverdue(task: { status: VictimTaskStatus; dueOn: string }, today: string): boolean {
  return task.status === 'open' && task.dueOn < today
}

// Input checks -----------------------------------------------------------------------------------------------------

const MAX_TEXT = 4000

function isContactMethod(value: string): value is ContactMethod {
  return Object.hasOwn(CONTACT_METHODS, value)
}

export interface ContactInput {
  contactedAt: Date | undefined
  method: string
  otherMethodReason?: string | undefined
  summary: string
  taskIds: readonly string[]
  referralConsent?: string | undefined
}

/** Rules 5, 15 and 19: a contact says when, how and what was said; another method than agreed needs a reason. */
export function contactProblems(
  input: ContactInput,
  context: {
    reportedAt: Date
    now: Date
    preferredMethod: ContactMethod | null
    openTaskIds: readonly string[]
    referralTaskIds: readonly string[]
  },
): FieldError[] {
  const problems: FieldError[] = []
  if (input.contactedAt === undefined || Number.isNaN(input.contactedAt.getTime())) {
    problems.push({ field: 'contactedAt', message: 'Enter when the victim was contacted' })
  } else if (input.contactedAt < context.reportedAt) {
    problems.push({ field: 'contactedAt', message: 'The contact cannot be before the crime was reported' })
  } else if (input.contactedAt > context.now) {
    problems.push({ field: 'contactedAt', message: 'The contact cannot be in the future' })
  }
  if (!isContactMethod(input.method)) {
    problems.push({ field: 'method', message: 'Choose how the victim was contacted' })
  } else if (
    context.preferredMethod !== null &&
    input.method !== context.preferredMethod &&
    (input.otherMethodReason ?? '').trim() === ''
  ) {
    problems.push({
      field: 'otherMethodReason',
      message: `The victim asked to be contacted by ${CONTACT_METHODS[context.preferredMethod].toLowerCase()}: say why another method was used`,
    })
  }
  const summary = input.summary.trim()
  if (summary === '') {
    problems.push({ field: 'summary', message: 'Enter what was said' })
  } else if (summary.length > MAX_TEXT) {
    problems.push({ field: 'summary', message: `What was said must be ${MAX_TEXT} characters or fewer` })
  }
  const unknown = input.taskIds.filter((id) => !context.openTaskIds.includes(id))
  if (unknown.length > 0) {
    problems.push({ field: 'taskIds', message: 'Choose only open tasks of this victim (one has been closed since)' })
  }
  const referral = input.taskIds.some((id) => context.referralTaskIds.includes(id))
  if (referral && input.referralConsent !== 'given' && input.referralConsent !== 'declined') {
    problems.push({
      field: 'referralConsent',
      message: 'Say whether the victim consented to the referral to victim support',
    })
  }
  return problems
}

export interface EventInput {
  kind: string
  occurredOn: string
  details?: string | undefined
}

/** Rule 15: an investigation decision, on a real day between the report and today. */
export function eventProblems(input: EventInput, context: { reportedOn: string; today: string }): FieldError[] {
  const problems: FieldError[] = []
  if (!Object.hasOwn(EVENT_KINDS, input.kind)) {
    problems.push({ field: 'kind', message: 'Choose what happened' })
  }
  if (!isDate(input.occurredOn)) {
    problems.push({ field: 'occurredOn', message: 'Enter the day it happened as a real date' })
  } else if (input.occurredOn < context.reportedOn) {
    problems.push({ field: 'occurredOn', message: 'It cannot have happened before the crime was reported' })
  } else if (input.occurredOn > context.today) {
    problems.push({ field: 'occurredOn', message: 'It cannot be in the future' })
  }
  if ((input.details ?? '').length > 2000) {
    problems.push({ field: 'details', message: 'Details must be 2000 characters or fewer' })
  }
  return problems
}

/** Rule 17: grounds set by hand must be known ones and carry a reason. */
export function manualGroundsProblems(grounds: readonly string[], reason: string): FieldError[] {
  const problems: FieldError[] = []
  if (grounds.some((ground) => !Object.hasOwn(MANUAL_GROUNDS, ground))) {
    problems.push({ field: 'grounds', message: 'Choose from persistently targeted, vulnerable or intimidated' })
  }
  if (reason.trim() === '') {
    problems.push({ field: 'reason', message: 'Enter the reason for the change to enhanced rights' })
  } else if (reason.length > 2000) {
    problems.push({ field: 'reason', message: 'The reason must be 2000 characters or fewer' })
  }
  return problems
}

export interface VpsInput {
  offeredOn: string
  offeredBy: string
  response?: string | undefined
  link?: string | undefined
}

/** Rule 18: when and by whom the VPS was offered, the answer, and the statement's link if one was made. */
export function vpsProblems(input: VpsInput, context: { reportedOn: string; today: string }): FieldError[] {
  const problems: FieldError[] = []
  if (!isDate(input.offeredOn)) {
    problems.push({ field: 'offeredOn', message: 'Enter the day the Victim Personal Statement was offered' })
  } else if (input.offeredOn < context.reportedOn || input.offeredOn > context.today) {
    problems.push({ field: 'offeredOn', message: 'The offer must be between the report and today' })
  }
  if (input.offeredBy.trim() === '') {
    problems.push({ field: 'offeredBy', message: 'Enter who offered the Victim Personal Statement' })
  }
  const response = input.response ?? ''
  if (response !== '' && response !== 'accepted' && response !== 'declined') {
    problems.push({ field: 'response', message: 'Choose accepted or declined, or leave it until the victim answers' })
  }
  const link = (input.link ?? '').trim()
  if (link !== '' && response !== 'accepted') {
    problems.push({ field: 'link', message: 'Only a statement the victim accepted to make has a link' })
  } else if (link.length > 500) {
    problems.push({ field: 'link', message: 'The link must be 500 characters or fewer' })
  }
  return problems
}

/** Rule 19: the agreed frequency (days) and preferred method. */
export function planProblems(input: { updateEveryDays: number | undefined; preferredMethod: string }): FieldError[] {
  const problems: FieldError[] = []
  const every = input.updateEveryDays
  if (every === undefined || !Number.isInteger(every) || every < 1 || every > 90) {
    problems.push({ field: 'updateEveryDays', message: 'Enter how often to update the victim, in days from 1 to 90' })
  }
  if (!isContactMethod(input.preferredMethod)) {
    problems.push({ field: 'preferredMethod', message: 'Choose how the victim prefers to be contacted' })
  }
  return problems
}

// Compliance ------------------------------------------------------------------------------------------------------

export interface ComplianceTask {
  kind: VictimTaskKind
  status: VictimTaskStatus
  dueOn: string
  /** The day it was closed, YYYY-MM-DD (UK), when closed. */
  closedOn: string | null
}

export interface Compliance {
  total: number
  open: number
  overdue: number
  onTime: number
  late: number
  notPossible: number
  /** Every task due so far met on time (or recorded as not possible), nothing overdue. */
  compliant: boolean
}

/** The IMU quality check's view of a crime's Victims' Code tasks (rule 14 with rules 15–19). */
export function compliance(tasks: readonly ComplianceTask[], today: string): Compliance {
  let open = 0
  let overdue = 0
  let onTime = 0
  let late = 0
  let notPossible = 0
  for (const task of tasks) {
    if (task.status === 'open') {
      open += 1
      overdue += isOverdue(task, today) ? 1 : 0
    } else if (task.status === 'done') {
      if (task.closedOn !== null && task.closedOn > task.dueOn) {
        late += 1
      } else {
        onTime += 1
      }
    } else if (task.status === 'not_possible') {
      notPossible += 1
    }
  }
  return { total: tasks.length, open, overdue, onTime, late, notPossible, compliant: overdue === 0 && late === 0 }
}
