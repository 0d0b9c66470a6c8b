import crypto from 'node:crypto'
import { createRequire } from 'node:module'
import type { FieldError } from '../../platform/http/errors.ts'

// RFC 8785 canonical JSON: the same submission hashes the same whatever its key order.
const canonicalize = createRequire(import.meta.url)('canonicalize') as (input: unknown) => string | undefined

/**
 * Incident rules as data and pure functions: channels, NSIR categories and qualifiers, the reasons an incident
 * that looked crime-related was not recorded as a crime, and the checks for closing one (rules 1, 4 and 5).
 */

/** How the report reached the force (rule 1: every incident carries its channel). */
export const CHANNELS = {
  '999': '999 emergency call',
  '101': '101 non-emergency call',
  online: 'Online report',
  front_counter: 'Front counter',
  officer_generated: 'Officer generated',
  partner: 'Partner agency (third party)',
  other: 'Other',
} as const satisfies Record<string, string>

export type Channel = keyof typeof CHANNELS
export const CHANNEL_VALUES = Object.keys(CHANNELS) as Channel[]

export function isChannel(value: string): value is Channel {
  return Object.hasOwn(CHANNELS, value)
}

export type NsirChapter =
  'crime' | 'anti_social_behaviour' | 'public_safety_and_welfare' | 'transport' | 'administration'

export const NSIR_CHAPTERS: Record<NsirChapter, string> = {
  crime: 'Crime',
  anti_social_behaviour: 'Anti-social behaviour',
  public_safety_and_welfare: 'Public safety and welfare',
  transport: 'Transport',
  administration: 'Administration',
}

interface IncidentCategory {
  label: string
  chapter: NsirChapter
  /** A crime-related category: closing it needs a crime or a recorded non-crime rationale (rule 4). */
  crimeRelated: boolean
}

/**
 * Opening and closing categories, grouped by the chapters of the National Incident Category List (NSIR 2011,
 * DOMAIN.md §3). The chapters are confirmed; the individual NICL category codes were not retrieved, so these
 * categories are Tally's own reading and should be checked against the force's NSIR copy.
 */
export const INCIDENT_CATEGORIES = {
  'crime-violence': { label: 'Crime: violence against the person', chapter: 'crime', crimeRelated: true },
  'crime-sexual': { label: 'Crime: sexual offence', chapter: 'crime', crimeRelated: true },
  'crime-robbery': { label: 'Crime: robbery', chapter: 'crime', crimeRelated: true },
  'crime-burglary': { label: 'Crime: burglary', chapter: 'crime', crimeRelated: true },
  'crime-theft': { label: 'Crime: theft or shoplifting', chapter: 'crime', crimeRelated: true },
  'crime-vehicle': { label: 'Crime: vehicle crime', chapter: 'crime', crimeRelated: true },
  'crime-damage': { label: 'Crime: criminal damage or arson', chapter: 'crime', crimeRelated: true },
  'crime-fraud': { label: 'Crime: fraud', chapter: 'crime', crimeRelated: true },
  'crime-drugs': { label: 'Crime: drugs', chapter: 'crime', crimeRelated: true },
  'crime-weapons': { label: 'Crime: possession of weapons', chapter: 'crime', crimeRelated: true },
  'crime-public-order': { label: 'Crime: public order', chapter: 'crime', crimeRelated: true },
  'crime-other': { label: 'Crime: other', chapter: 'crime', crimeRelated: true },
  'crime-related-incident': { label: 'Crime-related incident (CRI)', chapter: 'crime', crimeRelated: true },
  'asb-personal': { label: 'Anti-social behaviour: personal', chapter: 'anti_social_behaviour', crimeRelated: false },
  'asb-nuisance': { label: 'Anti-social behaviour: nuisance', chapter: 'anti_social_behaviour', crimeRelated: false },
  'asb-environmental': {
    label: 'Anti-social behaviour: environmental',
    chapter: 'anti_social_behaviour',
    crimeRelated: false,
  },
  'concern-for-safety': { label: 'Concern for safety', chapter: 'public_safety_and_welfare', crimeRelated: false },
  'missing-person': { label: 'Missing person', chapter: 'public_safety_and_welfare', crimeRelated: false },
  'domestic-incident': {
    label: 'Domestic incident (no crime disclosed)',
    chapter: 'public_safety_and_welfare',
    crimeRelated: false,
  },
  'mental-health': { label: 'Mental health', chapter: 'public_safety_and_welfare', crimeRelated: false },
  'sudden-death': { label: 'Sudden death', chapter: 'public_safety_and_welfare', crimeRelated: false },
  'suspicious-circumstances': {
    label: 'Suspicious circumstances',
    chapter: 'public_safety_and_welfare',
    crimeRelated: false,
  },
  'lost-found-property': { label: 'Lost or found property', chapter: 'public_safety_and_welfare', crimeRelated: false },
  'civil-dispute': { label: 'Civil dispute', chapter: 'public_safety_and_welfare', crimeRelated: false },
  alarm: { label: 'Alarm activation', chapter: 'public_safety_and_welfare', crimeRelated: false },
  'road-traffic-collision': { label: 'Road traffic collision', chapter: 'transport', crimeRelated: false },
  'highway-disruption': { label: 'Highway disruption', chapter: 'transport', crimeRelated: false },
  'admin-other-agency': { label: 'Assistance to another agency', chapter: 'administration', crimeRelated: false },
  'admin-other': { label: 'Administration: other', chapter: 'administration', crimeRelated: false },
} as const satisfies Record<string, IncidentCategory>

export type IncidentCategoryCode = keyof typeof INCIDENT_CATEGORIES
export const CATEGORY_CODES = Object.keys(INCIDENT_CATEGORIES) as IncidentCategoryCode[]

export function isIncidentCategory(value: string): value is IncidentCategoryCode {
  return Object.hasOwn(INCIDENT_CATEGORIES, value)
}

/**
 * Qualifiers flag what matters for risk whatever the category. The ASB qualifiers are NSIR's own (§3); the rest
 * of NSIR's qualifier list was not retrieved, so these are Tally's defaults.
 */
export const QUALIFIERS = {
  'domestic-abuse': 'Domestic abuse',
  hate: 'Hate incident',
  'rape-or-attempted-rape': 'Rape or attempted rape reported',
  'child-at-risk': 'Child at risk',
  'vulnerable-adult': 'Vulnerable adult',
  'mental-health': 'Mental health',
  alcohol: 'Alcohol related',
  'repeat-victim': 'Repeat victim or caller',
} as const satisfies Record<string, string>

export type Qualifier = keyof typeof QUALIFIERS
export const QUALIFIER_CODES = Object.keys(QUALIFIERS) as Qualifier[]

export function isQualifier(value: string): value is Qualifier {
  return Object.hasOwn(QUALIFIERS, value)
}

/**
 * Why a crime-related incident was not recorded as a crime: the exits of the Home Office recording flowchart
 * (DOMAIN.md §1.4, secondary). Each closure with one of these feeds the IMU's audit queue (rule 4).
 */
export const NON_CRIME_REASONS = {
  no_notifiable_offence: 'No notifiable crime on the balance of probabilities (crime-related incident)',
  credible_evidence_to_contrary: 'Credible evidence to the contrary is immediately available',
  victim_untraceable: 'The victim (or someone acting for them) cannot be traced',
  victim_does_not_confirm: 'The victim does not confirm a crime and recording without confirmation is not appropriate',
  recorded_by_another_force: 'Another force is recording the crime',
  counting_rules_exception: 'The counting rules say not to record (for example the schools protocol)',
} as const satisfies Record<string, string>

export type NonCrimeReason = keyof typeof NON_CRIME_REASONS

export function isNonCrimeReason(value: string): value is NonCrimeReason {
  return Object.hasOwn(NON_CRIME_REASONS, value)
}

/** Whether an incident is crime-related: its category says so, or a qualifier discloses a crime. */
export function isCrimeRelated(category: IncidentCategoryCode, qualifiers: readonly string[]): boolean {
  return INCIDENT_CATEGORIES[category].crimeRelated || qualifiers.includes('rape-or-attempted-rape')
}

/** A report of rape or attempted rape: if it is not recorded as rape it needs an N100 (rule 8). */
export function isRapeReport(qualifiers: readonly string[]): boolean {
  return qualifiers.includes('rape-or-attempted-rape')
}

/**
 * Whether the recording test applies when an incident closes (rule 4): it was crime-related at any point (its
 * opening category, or a qualifier added on the way, since `crimeRelated` never goes back to false), or the
 * category it is being closed under is crime-related. A closing category is a finding about what happened, so
 * "opened as suspicious circumstances, closed as violence" is a crime-related incident.
 */
export function crimeRelatedAtClosing(
  incident: { crimeRelated: boolean; qualifiers: readonly string[] },
  closingCategory: string,
): boolean {
  return (
    incident.crimeRelated ||
    isCrimeRelated('admin-other', incident.qualifiers) ||
    (isIncidentCategory(closingCategory) && isCrimeRelated(closingCategory, incident.qualifiers))
  )
}

/**
 * Rule 4: a crime-related incident cannot be closed without either a linked crime or a recorded rationale
 * showing why the recording test was not met — judged on the closing category and qualifiers as well as the
 * opening ones.
 */
export function closingProblems(incident: {
  status: string
  crimeRelated: boolean
  qualifiers: readonly string[]
  recordingDecision: 'crimed' | 'not_crimed' | null
  closingCategory: string
  closingRationale: string
}): FieldError[] {
  const problems: FieldError[] = []
  if (incident.status !== 'open') {
    problems.push({ field: 'closingCategory', message: 'This incident is already closed' })
  }
  if (!isIncidentCategory(incident.closingCategory)) {
    problems.push({ field: 'closingCategory', message: 'Choose the closing category' })
  }
  if (incident.closingRationale.trim() === '') {
    problems.push({ field: 'closingRationale', message: 'Enter why the incident is being closed' })
  }
  if (crimeRelatedAtClosing(incident, incident.closingCategory) && incident.recordingDecision === null) {
    problems.push({
      field: 'closingCategory',
      message: incident.crimeRelated
        ? 'This incident is crime-related: record a crime, or record why no crime was recorded, before closing it'
        : 'The closing category is crime-related: record a crime, or record why no crime was recorded, before closing it under that category',
    })
  }
  return problems
}

/**
 * The decision not to record a crime (rule 4) and telling the victim of it (rule 5: a logged victim
 * notification, or the reason it was not possible).
 */
export function nonCrimeDecisionProblems(input: {
  reason: string
  rationale: string
  victimInformed: boolean | undefined
  victimNotInformedReason?: string | undefined
}): FieldError[] {
  const problems: FieldError[] = []
  if (!isNonCrimeReason(input.reason)) {
    problems.push({ field: 'reason', message: 'Choose why no crime is being recorded' })
  }
  if (input.rationale.trim() === '') {
    problems.push({
      field: 'rationale',
      message: 'Enter the rationale: enough to show the recording standard was followed',
    })
  }
  if (input.victimInformed === undefined) {
    problems.push({
      field: 'victimInformed',
      message: 'Say whether the victim has been told no crime is being recorded',
    })
  } else if (!input.victimInformed && (input.victimNotInformedReason ?? '').trim() === '') {
    problems.push({ field: 'victimNotInformedReason', message: 'Enter why the victim could not be told' })
  }
  return problems
}

/**
 * An instant as another system or a form gives it: a Date, or an ISO 8601 string. Blank is undefined; anything
 * unreadable becomes an Invalid Date, which the rule-23 checks name as "not a real date and time".
 */
export function toInstant(value: Date | string | null | undefined): Date | undefined {
  if (value === undefined || value === null || value === '') {
    return undefined
  }
  return value instanceof Date ? value : new Date(value)
}

/** Rule 23 for incidents: the time a report was received is known and not in the future. */
export function receivedAtProblems(receivedAt: Date | undefined, now: Date, field = 'receivedAt'): FieldError[] {
  if (receivedAt === undefined || Number.isNaN(receivedAt.getTime())) {
    return [{ field, message: 'Enter when the report was received, as a real date and time' }]
  }
  if (receivedAt.getTime() > now.getTime()) {
    return [{ field, message: 'The time the report was received cannot be in the future' }]
  }
  return []
}

/**
 * The hash of a submission from another system: a retry of the same submission hashes the same (canonical
 * JSON), so a replay is told from a different submission under the same reference.
 */
export function submissionHash(submission: unknown): string {
  return crypto
    .createHash('sha256')
    .update(canonicalize(submission) ?? '')
    .digest('hex')
}

/** Incident numbers read like a control-room log: the day received (UK time) and its sequence that day. */
export function incidentNumber(receivedDay: string, seq: number): string {
  return `${receivedDay.replaceAll('-', '').slice(2)}-${String(seq).padStart(4, '0')}`
}

const UK_PARTS = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/London',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
})

export interface UkLocalTime {
  year: number
  month: number
  day: number
  hour: number
  minute: number
}

/** An instant as a date and time on a clock in England and Wales. */
export function ukLocalTime(instant: Date): UkLocalTime {
  const parts = Object.fromEntries(UK_PARTS.formatToParts(instant).map((part) => [part.type, part.value]))
  return {
    year: Number(parts.year),
    month: Number(parts.month),
    day: Number(parts.day),
    hour: Number(parts.hour),
    minute: Number(parts.minute),
  }
}

/**
 * The instant a date and time on a clock in England and Wales stands for (GMT or BST as the date has it).
 * Undefined when the date does not exist (31 February) or the time is out of range. In the hour the clocks go
 * back, the first (BST) reading is taken; in the hour they go forward, the time is read as GMT.
 */
export function ukInstant(local: UkLocalTime): Date | undefined {
  const { year, month, day, hour, minute } = local
  if (
    ![year, month, day, hour, minute].every(Number.isInteger) ||
    year < 1900 ||
    year > 2999 ||
    month < 1 ||
    month > 12 ||
    day < 1 ||
    hour < 0 ||
    hour > 23 ||
    minute < 0 ||
    minute > 59
  ) {
    return undefined
  }
  const asUtc = Date.UTC(year, month - 1, day, hour, minute)
  const check = new Date(asUtc)
  if (check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day) {
    return undefined
  }
  for (const offsetHours of [1, 0]) {
    const candidate = new Date(asUtc - offsetHours * 3600_000)
    const seen = ukLocalTime(candidate)
    if (seen.hour === hour && seen.minute === minute && seen.day === day) {
      return candidate
    }
  }
  return new Date(asUtc)
}
