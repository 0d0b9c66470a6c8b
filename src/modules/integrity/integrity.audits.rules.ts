import type { FieldError } from '../../platform/http/errors.ts'
import type { AuditPopulation, StratumSize } from '../../platform/db/tables/integrity.ts'
import {
  estimatedUnrecorded,
  stratifiedRate,
  wilson,
  type Interval,
  type UnrecordedEstimate,
} from './integrity.statistics.ts'

/** What an audit can sample (DOMAIN.md §4.2: reports of crime, crimes, cancelled crimes, N100s, non-crime closures). */
export const POPULATIONS: Record<AuditPopulation, string> = {
  incidents: 'Incidents (reports), by channel and category',
  crimes: 'Recorded crimes',
  cancelled_crimes: 'Cancelled crimes',
  n100s: 'N100s (reports of rape not recorded as rape)',
  non_crime_closures: 'Non-crime closures of crime-related incidents',
}

export function isPopulation(value: string): value is AuditPopulation {
  return Object.hasOwn(POPULATIONS, value)
}

/** The verdict form's questions (rule 24), each a yes / no / not applicable answer. */
export const QUESTIONS = {
  shouldHaveBeenCrimed: 'Should it have been recorded as a crime?',
  wasCrimed: 'Was it recorded as a crime?',
  correctClassification: 'Was it classified correctly?',
  recordedOnTime: 'Was it recorded within 24 hours?',
  cancellationCorrect: 'Was the cancellation correct?',
  victimTold: 'Was the victim told?',
} as const
export type Question = keyof typeof QUESTIONS
export const QUESTION_KEYS = Object.keys(QUESTIONS) as Question[]

export type Answers = Record<Question, boolean | null>

/** Which answers an item of each population must have before its verdict is complete. */
const REQUIRED: Record<AuditPopulation, readonly Question[]> = {
  incidents: ['shouldHaveBeenCrimed'],
  crimes: ['shouldHaveBeenCrimed', 'correctClassification', 'recordedOnTime'],
  cancelled_crimes: ['cancellationCorrect', 'victimTold'],
  n100s: ['shouldHaveBeenCrimed'],
  non_crime_closures: ['shouldHaveBeenCrimed'],
}

/** Rule 24's verdict form checked: the answers the population needs, and "was it recorded" when it should have been. */
export function verdictProblems(population: AuditPopulation, answers: Answers): FieldError[] {
  const problems: FieldError[] = REQUIRED[population]
    .filter((question) => answers[question] === null)
    .map((question) => ({ field: question, message: `Answer: ${QUESTIONS[question].toLowerCase()}` }))
  if (answers.shouldHaveBeenCrimed === true && answers.wasCrimed === null) {
    problems.push({ field: 'wasCrimed', message: 'Answer: was it recorded as a crime?' })
  }
  return problems
}

export interface ItemAnswers extends Answers {
  stratum: string
}

export interface CheckResult {
  key: Question | 'recorded'
  label: string
  interval: Interval
}

export interface AuditResults {
  sampled: number
  withVerdict: number
  /** Crimes recorded of those that should have been (the inspectorate's recording rate). */
  recording: Interval
  checks: CheckResult[]
  unrecorded: UnrecordedEstimate | null
}

const CHECK_LABELS: Array<[Question, string]> = [
  ['correctClassification', 'Correctly classified'],
  ['recordedOnTime', 'Recorded within 24 hours'],
  ['cancellationCorrect', 'Cancellation correct'],
  ['victimTold', 'Victim told'],
]

/**
 * A measure over the items it applies to: simple Wilson for a simple sample; for a stratified one, the stratified
 * estimator with each stratum weighted by its population.
 */
function measure(
  design: 'simple' | 'stratified',
  strata: readonly StratumSize[],
  items: readonly ItemAnswers[],
  applies: (item: ItemAnswers) => boolean,
  success: (item: ItemAnswers) => boolean,
): Interval {
  const counted = items.filter(applies)
  if (design === 'simple') {
    return wilson(counted.filter(success).length, counted.length)
  }
  return stratifiedRate(
    strata.map((s) => {
      const inStratum = counted.filter((item) => item.stratum === s.stratum)
      return {
        stratum: s.stratum,
        population: s.population,
        n: inStratum.length,
        successes: inStratum.filter(success).length,
      }
    }),
  )
}

/** An audit's results: the recording rate with its interval, the other checks' rates, and the annual estimate. */
export function auditResults(
  audit: { design: 'simple' | 'stratified'; strata: readonly StratumSize[]; recordedCrimeInYear: number | null },
  items: readonly ItemAnswers[],
): AuditResults {
  const recording = measure(
    audit.design,
    audit.strata,
    items,
    (item) => item.shouldHaveBeenCrimed === true && item.wasCrimed !== null,
    (item) => item.wasCrimed === true,
  )
  const checks = CHECK_LABELS.map(([key, label]) => ({
    key,
    label,
    interval: measure(
      audit.design,
      audit.strata,
      items,
      (item) => item[key] !== null,
      (item) => item[key] === true,
    ),
  }))
  return {
    sampled: items.length,
    withVerdict: items.filter((item) => QUESTION_KEYS.some((q) => item[q] !== null)).length,
    recording,
    checks,
    unrecorded: audit.recordedCrimeInYear === null ? null : estimatedUnrecorded(audit.recordedCrimeInYear, recording),
  }
}
