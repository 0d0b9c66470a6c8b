import crypto from 'node:crypto'
import type { FieldError } from '../../platform/http/errors.ts'
import type { PartnerKind, PartnerReportStatus } from '../../platform/db/tables/partners.ts'

export type { PartnerKind, PartnerReportStatus }

export const PARTNER_KINDS: Record<PartnerKind, string> = {
  school: 'School or college',
  hospital: 'Hospital or health service',
  charity: 'Charity or voluntary organisation',
  housing: 'Housing provider',
  social_care: 'Social care',
}

/**
 * What a partner says happened, in their words, and the NSIR opening category the incident gets from it. The
 * IMU triager re-categorises the incident if the report shows something else.
 */
export const REPORT_KINDS = {
  violence: { label: 'Violence or threats of violence', category: 'crime-violence' },
  sexual: { label: 'Sexual abuse or assault', category: 'crime-sexual' },
  theft: { label: 'Theft', category: 'crime-theft' },
  damage: { label: 'Damage to property', category: 'crime-damage' },
  online: { label: 'Online abuse, harassment or exploitation', category: 'crime-other' },
  hate: { label: 'Hate crime', category: 'crime-public-order' },
  other: { label: 'Something else', category: 'crime-other' },
} as const satisfies Record<string, { label: string; category: string }>

export type ReportKind = keyof typeof REPORT_KINDS

export function isReportKind(value: string): value is ReportKind {
  return Object.hasOwn(REPORT_KINDS, value)
}

/** The IMU's triage outcomes, in the police's words. */
export const STATUS_LABELS: Record<PartnerReportStatus, string> = {
  triage: 'Awaiting IMU triage',
  recorded_as_crime: 'Recorded as a crime',
  n100: 'N100 raised (report of rape)',
  passed_to_agency: 'Passed to another agency',
  closed: 'Closed with a rationale',
}

/**
 * What the reporting partner may be told of an outcome: the fact of it, never the crime record, the rationale or
 * anyone's details (the rationale may name other people). An N100 is still a report being reviewed by police.
 */
export function partnerOutcome(status: PartnerReportStatus, agency: string | null): string {
  switch (status) {
    case 'triage':
      return 'Received: the police are assessing it'
    case 'recorded_as_crime':
      return 'Recorded as a crime'
    case 'n100':
      return 'Being reviewed by the police'
    case 'passed_to_agency':
      return agency ? `Passed to another agency (${agency})` : 'Passed to another agency'
    case 'closed':
      return 'Closed: no further police action'
  }
}

export const TRIAGE_DECISIONS = ['recorded_as_crime', 'n100', 'passed_to_agency', 'closed'] as const
export type TriageDecision = (typeof TRIAGE_DECISIONS)[number]

export function isTriageDecision(value: string): value is TriageDecision {
  return (TRIAGE_DECISIONS as readonly string[]).includes(value)
}

export interface OrganisationInput {
  name: string
  kind: string
  contact: string
}

export function organisationProblems(input: OrganisationInput): FieldError[] {
  const problems: FieldError[] = []
  const name = input.name.trim()
  if (name === '' || name.length > 200) {
    problems.push({ field: 'name', message: 'Enter the organisation’s name (up to 200 characters)' })
  }
  if (!Object.hasOwn(PARTNER_KINDS, input.kind)) {
    problems.push({ field: 'kind', message: 'Choose the kind of organisation' })
  }
  const contact = input.contact.trim()
  if (contact === '' || contact.length > 500) {
    problems.push({ field: 'contact', message: 'Enter how the force reaches the organisation (up to 500 characters)' })
  }
  return problems
}

/** A report as a partner gives it, through the question pages or their own system. */
export interface PartnerReportInput {
  partnerReference?: string | undefined
  kind: string
  whatHappened: string
  happenedAt: Date | undefined
  address: string
  postcode?: string | undefined
  anonymous: boolean | undefined
  victim?: { givenName: string; familyName: string; dateOfBirth?: string | undefined } | undefined
  consentToShare: boolean | undefined
  wantsPoliceContact: boolean | undefined
}

const PARTNER_REFERENCE = /^[A-Za-z0-9._:/-]{1,100}$/
const MAX_TEXT = 20_000
const DATE = /^\d{4}-\d{2}-\d{2}$/

/**
 * Every problem with a report, each naming its field. Consent to share is required: without it the force may
 * not hold the victim's account, so a report without consent is refused rather than stored.
 */
export function reportProblems(input: PartnerReportInput, now: Date): FieldError[] {
  const problems: FieldError[] = []
  const add = (field: string, message: string) => problems.push({ field, message })
  if (input.partnerReference !== undefined && !PARTNER_REFERENCE.test(input.partnerReference)) {
    add('partnerReference', 'Your reference must be 1 to 100 letters, digits or . _ : / -')
  }
  if (!isReportKind(input.kind)) {
    add('kind', 'Choose what kind of thing happened')
  }
  if (input.whatHappened.trim() === '' || input.whatHappened.length > MAX_TEXT) {
    add('whatHappened', 'Describe what happened (up to 20,000 characters)')
  }
  if (input.happenedAt === undefined || Number.isNaN(input.happenedAt.getTime())) {
    add('happenedAt', 'Enter when it happened, as a real date')
  } else if (input.happenedAt.getTime() > now.getTime()) {
    add('happenedAt', 'When it happened must be today or in the past')
  }
  if (input.address.trim() === '' || input.address.length > 500) {
    add('address', 'Enter where it happened (up to 500 characters)')
  }
  if (input.anonymous === undefined) {
    add('anonymous', 'Say whether the victim wants to stay anonymous')
  } else if (!input.anonymous) {
    problems.push(...victimProblems(input.victim, now))
  }
  if (input.consentToShare !== true) {
    add(
      'consentToShare',
      input.consentToShare === false
        ? 'The police can only take this report with the victim’s consent to share it (or a safeguarding reason recorded by you): without consent, follow your own safeguarding procedure'
        : 'Say whether the victim consents to the report being shared with the police',
    )
  }
  if (input.wantsPoliceContact === undefined) {
    add('wantsPoliceContact', 'Say whether the victim wants the police to contact them')
  }
  return problems
}

function victimProblems(victim: PartnerReportInput['victim'], now: Date): FieldError[] {
  const problems: FieldError[] = []
  if (!victim?.givenName.trim()) {
    problems.push({
      field: 'victim.givenName',
      message: 'Enter the victim’s given name, or say they want to stay anonymous',
    })
  }
  if (!victim?.familyName.trim()) {
    problems.push({
      field: 'victim.familyName',
      message: 'Enter the victim’s family name, or say they want to stay anonymous',
    })
  }
  const dob = victim?.dateOfBirth
  if (dob !== undefined && dob !== '' && (!DATE.test(dob) || Number.isNaN(Date.parse(dob)) || new Date(dob) > now)) {
    problems.push({
      field: 'victim.dateOfBirth',
      message: 'Enter the victim’s date of birth as a real date in the past',
    })
  }
  return problems
}

export interface DecisionInput {
  decision: string
  agency?: string | undefined
  rationale?: string | undefined
}

/** A passing-on needs the agency and why; a closure needs its rationale; recording relies on the crimes found. */
export function decisionProblems(input: DecisionInput): FieldError[] {
  const problems: FieldError[] = []
  if (!isTriageDecision(input.decision)) {
    return [{ field: 'decision', message: 'Choose what the IMU decided' }]
  }
  if (input.decision === 'passed_to_agency' && !input.agency?.trim()) {
    problems.push({ field: 'agency', message: 'Enter the agency the report was passed to' })
  }
  if ((input.decision === 'passed_to_agency' || input.decision === 'closed') && !input.rationale?.trim()) {
    problems.push({ field: 'rationale', message: 'Enter the rationale for the decision' })
  }
  return problems
}

/** Letters and digits that cannot be misread over the telephone (no 0/O, 1/I/L, 5/S, 2/Z, 8/B). */
const ALPHABET = '34679ACDEFGHJKMNPQRTUVWXY'

/**
 * The reference a partner is given the moment they submit: random (so it reveals nothing about how many reports
 * the force has and needs no counter to contend for), short enough to read out.
 */
export function acknowledgementReference(random: (bytes: number) => Uint8Array = crypto.randomBytes): string {
  const bytes = random(8)
  const chars = Array.from(bytes, (byte) => ALPHABET[byte % ALPHABET.length]).join('')
  return `TPR-${chars.slice(0, 4)}-${chars.slice(4, 8)}`
}
