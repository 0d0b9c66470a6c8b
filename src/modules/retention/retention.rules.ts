/**
 * Retention review under MoPI and DPA 2018 Part 3 (DOMAIN.md §6.1; rule 21): which retention category a crime
 * or a person falls in, when each is next reviewed, and what a review decision must hold. Pure: no state, no I/O.
 *
 * The MoPI groups are UNCONFIRMED in DOMAIN.md (not retrieved from the APP), so each force keeps its own
 * periods; Tally's defaults follow the groups as commonly described, never shorter than six years.
 */
import { isDate } from '../../platform/dates.ts'
import type { FieldError } from '../../platform/http/errors.ts'

export const RETENTION_CATEGORIES = ['public_protection', 'serious', 'other_offence', 'undetected'] as const
export type RetentionCategory = (typeof RETENTION_CATEGORIES)[number]

export function isRetentionCategory(value: string): value is RetentionCategory {
  return (RETENTION_CATEGORIES as readonly string[]).includes(value)
}

export interface RetentionSchedule {
  category: string
  label: string
  description: string
  reviewAfterYears: number
  /** 1 is the most serious: a person linked to crimes in several categories is kept under the most serious. */
  rank: number
}

/** Tally's schedule, written for each force on its first use; the force may change the periods. */
export const DEFAULT_SCHEDULES: readonly RetentionSchedule[] = [
  {
    category: 'public_protection',
    label: 'Group 1 – Certain public protection matters',
    description:
      'Homicide, attempted murder, wounding with intent, rape and other sexual offences: kept until the person is deemed 100 years old, reviewed every 10 years.',
    reviewAfterYears: 10,
    rank: 1,
  },
  {
    category: 'serious',
    label: 'Group 2 – Other violent or serious offences',
    description:
      'Other violence, robbery, weapons, arson, domestic burglary, drug supply: reviewed after a 10-year clear period.',
    reviewAfterYears: 10,
    rank: 2,
  },
  {
    category: 'undetected',
    label: 'Group 4 – Undetected crime',
    description: 'Less serious crime where no suspect was identified: reviewed after a 6-year clear period.',
    reviewAfterYears: 6,
    rank: 3,
  },
  {
    category: 'other_offence',
    label: 'Group 3 – All other offences',
    description: 'Everything else: reviewed after a 6-year clear period, disposed of if no policing purpose remains.',
    reviewAfterYears: 6,
    rank: 4,
  },
]

/** Offence groups (the Home Office list's parent codes) and single codes whose records are public protection matters. */
const PUBLIC_PROTECTION_GROUPS: ReadonlySet<string> = new Set(['rape', 'other-sexual-offences'])
const PUBLIC_PROTECTION_CODES: ReadonlySet<string> = new Set([
  '1-4.1-4.10-4.2', // homicide
  '2', // attempted murder
  '5D', // assault with intent to cause serious harm
  '5E', // endangering life
  '4.7', // causing or allowing the death of a child or vulnerable person
  '10A', // possession of firearms with intent
])
const SERIOUS_GROUPS: ReadonlySet<string> = new Set([
  'violence-against-the-person',
  'violence-with-injury',
  'violence-without-injury',
  'harassment',
  'robbery',
  'possession-of-weapons-offences',
  'arson',
  'domestic-burglary',
  'trafficking-of-drugs',
])
/** Rule 13: outcomes 14 and 18 are the ones that say no suspect was identified. */
const NO_SUSPECT_IDENTIFIED_OUTCOMES: ReadonlySet<number> = new Set([14, 18])

export interface CrimeForRetention {
  offenceGroup: string
  offenceCode: string
  outcomeType: number | null
}

/**
 * A crime's category: by the seriousness of its offence; a less serious crime closed with no suspect identified
 * is undetected crime (MoPI's later group, reviewed by the seriousness of the offence, so serious undetected
 * crimes stay in their own group).
 */
export function crimeCategory(crime: CrimeForRetention): RetentionCategory {
  if (PUBLIC_PROTECTION_GROUPS.has(crime.offenceGroup) || PUBLIC_PROTECTION_CODES.has(crime.offenceCode)) {
    return 'public_protection'
  }
  if (SERIOUS_GROUPS.has(crime.offenceGroup)) {
    return 'serious'
  }
  if (crime.outcomeType !== null && NO_SUSPECT_IDENTIFIED_OUTCOMES.has(crime.outcomeType)) {
    return 'undetected'
  }
  return 'other_offence'
}

/** `years` after a calendar day; 29 February falls back to 28 February in a year that has none. */
export function addYears(date: string, years: number): string {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number]
  const target = new Date(Date.UTC(year + years, month - 1, day))
  if (target.getUTCMonth() !== month - 1) {
    target.setUTCDate(0)
  }
  return target.toISOString().slice(0, 10)
}

export interface ReviewDate {
  category: string
  countsFrom: string
  nextReviewOn: string
}

function periodOf(category: string, schedules: readonly RetentionSchedule[]): RetentionSchedule {
  const schedule = schedules.find((candidate) => candidate.category === category)
  if (!schedule) {
    throw new Error(`The force has no retention schedule for ${category}`)
  }
  return schedule
}

/** A crime's next review: its category's period after its last change of status (recording, filing, re-opening). */
export function crimeReviewDate(
  crime: CrimeForRetention & { lastChangedOn: string },
  schedules: readonly RetentionSchedule[],
): ReviewDate {
  const category = crimeCategory(crime)
  return {
    category,
    countsFrom: crime.lastChangedOn,
    nextReviewOn: addYears(crime.lastChangedOn, periodOf(category, schedules).reviewAfterYears),
  }
}

/**
 * A person's next review: never before the review of any crime they are linked to, under the most serious of
 * those crimes' categories; a person linked to no crime (only to incidents) is reviewed as all other offences,
 * counted from when they were last changed.
 */
export function personReviewDate(
  person: { lastChangedOn: string },
  crimes: readonly ReviewDate[],
  schedules: readonly RetentionSchedule[],
): ReviewDate {
  const own: ReviewDate = {
    category: 'other_offence',
    countsFrom: person.lastChangedOn,
    nextReviewOn: addYears(person.lastChangedOn, periodOf('other_offence', schedules).reviewAfterYears),
  }
  return crimes.reduce<ReviewDate>(
    (kept, crime) => ({
      category:
        periodOf(crime.category, schedules).rank < periodOf(kept.category, schedules).rank
          ? crime.category
          : kept.category,
      countsFrom: crime.countsFrom > kept.countsFrom ? crime.countsFrom : kept.countsFrom,
      nextReviewOn: crime.nextReviewOn > kept.nextReviewOn ? crime.nextReviewOn : kept.nextReviewOn,
    }),
    own,
  )
}

/**
 * When a record is worked out again (its crime changed, or the force changed a period), the date a reviewer set
 * stands: a recorded retention decision is not undone by the schedule.
 */
export function scheduledOrReviewed(scheduled: string, reviewed: string | null): string {
  return reviewed ?? scheduled
}

export const DECISIONS = ['retain', 'dispose'] as const
export type ReviewDecision = (typeof DECISIONS)[number]

export interface ReviewInput {
  decision: string
  reason: string
  nextReviewOn: string
}

export const MAX_REVIEW_YEARS = 100

/**
 * Rule 21: a review cannot complete without a decision; retaining needs a reason (every review that results in
 * retention must be recorded, APP) and a new review date after today and within 100 years.
 */
export function reviewProblems(input: ReviewInput, today: string): FieldError[] {
  const problems: FieldError[] = []
  if (!(DECISIONS as readonly string[]).includes(input.decision)) {
    problems.push({ field: 'decision', message: 'Select whether to retain the record or dispose of it' })
    return problems
  }
  if (input.reason.trim().length > 4000) {
    problems.push({ field: 'reason', message: 'The reason must be 4,000 characters or fewer' })
  }
  if (input.decision === 'retain') {
    if (input.reason.trim() === '') {
      problems.push({ field: 'reason', message: 'Enter why the record is still needed for a policing purpose' })
    }
    if (!isDate(input.nextReviewOn)) {
      problems.push({ field: 'nextReviewOn', message: 'Enter the next review date as a real date' })
    } else if (input.nextReviewOn <= today) {
      problems.push({ field: 'nextReviewOn', message: 'The next review date must be in the future' })
    } else if (input.nextReviewOn > addYears(today, MAX_REVIEW_YEARS)) {
      problems.push({ field: 'nextReviewOn', message: 'The next review date must be within 100 years' })
    }
  }
  return problems
}

/** A force's period for one category: whole years, 1 to 100. */
export function scheduleProblems(input: { reviewAfterYears: number }): FieldError[] {
  return Number.isInteger(input.reviewAfterYears) && input.reviewAfterYears >= 1 && input.reviewAfterYears <= 100
    ? []
    : [{ field: 'reviewAfterYears', message: 'Enter the review period as a whole number of years from 1 to 100' }]
}

/** The review form's default next date when retaining: the category's period from today. */
export function suggestedNextReview(today: string, reviewAfterYears: number): string {
  return addYears(today, reviewAfterYears)
}
