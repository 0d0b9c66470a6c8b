import type { FieldError } from '../../platform/http/errors.ts'
import { isRape, type OffenceListRules } from './crimes.rules.offences.ts'
import { principalCrime } from './crimes.rules.counting.ts'

// ---------------------------------------------------------------------------------------------------------------
// Rule 2: the 24-hour crime recording clock (DOMAIN.md §1.3; HOCR since April 2015)

export const RECORDING_LIMIT_MS = 24 * 60 * 60 * 1000

export interface RecordingClock {
  /** recordedAt − reportedAt (or now − reportedAt while not yet recorded). */
  elapsedMs: number
  dueBy: Date
  breached: boolean
}

export function recordingClock(reportedAt: Date, recordedAt: Date): RecordingClock {
  const elapsedMs = recordedAt.getTime() - reportedAt.getTime()
  return {
    elapsedMs,
    dueBy: new Date(reportedAt.getTime() + RECORDING_LIMIT_MS),
    breached: elapsedMs > RECORDING_LIMIT_MS,
  }
}

/** The share of crimes recorded within 24 hours, as a percentage to one decimal place; null when there are none. */
export function withinLimitPercent(total: number, late: number): number | null {
  return total === 0 ? null : Math.round(((total - late) / total) * 1000) / 10
}

// ---------------------------------------------------------------------------------------------------------------
// Rule 23: date validation (POLE validation, DOMAIN.md §7.1)

export function offenceDateProblems(input: {
  reportedAt: Date | undefined
  offenceFrom: Date | undefined
  offenceTo: Date | undefined
  now: Date
}): FieldError[] {
  const problems: FieldError[] = []
  const valid = (date: Date | undefined): date is Date => date !== undefined && !Number.isNaN(date.getTime())
  if (!valid(input.reportedAt)) {
    problems.push({ field: 'reportedAt', message: 'Enter when the crime was reported, as a real date and time' })
  } else if (input.reportedAt > input.now) {
    problems.push({ field: 'reportedAt', message: 'The time the crime was reported cannot be in the future' })
  }
  if (!valid(input.offenceFrom)) {
    problems.push({
      field: 'offenceFrom',
      message: 'Enter when the offence happened (or started), as a real date and time',
    })
  } else if (valid(input.reportedAt) && input.offenceFrom > input.reportedAt) {
    problems.push({ field: 'offenceFrom', message: 'The offence cannot have started after it was reported' })
  }
  if (input.offenceTo !== undefined) {
    if (!valid(input.offenceTo)) {
      problems.push({
        field: 'offenceTo',
        message: 'Enter when the offence ended as a real date and time, or leave it blank',
      })
    } else if (valid(input.offenceFrom) && input.offenceTo < input.offenceFrom) {
      problems.push({ field: 'offenceTo', message: 'The offence cannot end before it started' })
    } else if (valid(input.reportedAt) && input.offenceTo > input.reportedAt) {
      problems.push({ field: 'offenceTo', message: 'The offence cannot have ended after it was reported' })
    }
  }
  return problems
}

// ---------------------------------------------------------------------------------------------------------------
// The recording decision's checks (rules 8, 11 and 23), shared by a recording through the API and the question
// pages, which check the same things one page at a time.

export const MAX_TEXT = 20_000

type Offence = { code: string; label: string; groupCode: string | null }

/** An offence code as given, and what it is in the force's current list (undefined: not there). */
export interface GivenOffence {
  given: string
  found: Offence | undefined
}

export interface RecordingFacts {
  /** Rule 8: the report discloses rape or attempted rape (the incident's qualifier, or said of a direct report). */
  rapeReported: boolean
  /** The offence chosen. */
  offenceCode?: GivenOffence | undefined
  /** Other offences disclosed against the same victim (the principal crime rule), under the form's field name. */
  otherOffenceCodes?: { field: string; offences: readonly GivenOffence[] } | undefined
  /** Why a report of rape is not recorded as rape; checked only when given as a key. */
  n100Reason?: string | undefined
  dates?: { reportedAt: Date | undefined; offenceFrom?: Date | undefined; offenceTo?: Date | undefined; now: Date }
  summary?: string | undefined
  /** The offence list's groups of rape and principal-crime ranking (reference data per list version). */
  listRules?: OffenceListRules | undefined
}

/**
 * What is wrong with a recording decision: the dates (rule 23), the offence codes, the principal crime chosen
 * (HOCR Section F), an N100 reason where a report of rape is not recorded as rape (rule 8) and none where it would
 * be ignored, and the summary's length. Only the facts given are checked, so each question page checks its own;
 * a recording through the API checks them all.
 */
export function recordingProblems(facts: RecordingFacts): FieldError[] {
  const problems: FieldError[] = []
  if (facts.dates) {
    const { reportedAt, offenceFrom, offenceTo, now } = facts.dates
    const dates = offenceDateProblems({ reportedAt, offenceFrom, offenceTo, now })
    // Without the offence's times (a direct report's first question), only when it was reported is checked.
    problems.push(...('offenceFrom' in facts.dates ? dates : dates.filter((problem) => problem.field === 'reportedAt')))
  }
  const offence = facts.offenceCode?.found
  if (facts.offenceCode) {
    problems.push(...offenceCodeProblems(facts.offenceCode, 'offenceCode'))
  }
  const others = facts.otherOffenceCodes
  for (const other of others?.offences ?? []) {
    problems.push(...offenceCodeProblems(other, others!.field))
  }
  const disclosed = (others?.offences ?? []).flatMap((other) =>
    other.found && other.found.code !== offence?.code ? [other.found] : [],
  )
  if (offence && disclosed.length > 0) {
    const principal = principalCrime([offence, ...disclosed], facts.listRules?.principalRanking)
    if (principal && principal.code !== offence.code) {
      problems.push({
        field: 'offenceCode',
        message: `Record the principal crime, the most serious offence disclosed: ${principal.code} ${principal.label} (counting rules, Section F)`,
      })
    }
  }
  if ('n100Reason' in facts) {
    const reason = (facts.n100Reason ?? '').trim()
    const recordedAsRape = isRape(offence?.groupCode ?? null, facts.listRules)
    if (facts.rapeReported && offence && !recordedAsRape && reason === '') {
      problems.push({
        field: 'n100Reason',
        message:
          'This report discloses rape or attempted rape: say why it is not being recorded as rape (an N100 record is made)',
      })
    } else if (reason !== '' && !facts.rapeReported) {
      problems.push({
        field: 'n100Reason',
        message: 'Give an N100 reason only for a report of rape or attempted rape not recorded as rape',
      })
    } else if (reason !== '' && recordedAsRape) {
      problems.push({
        field: 'n100Reason',
        message: 'This is being recorded as rape, so no N100 is made: remove the reason it is not recorded as rape',
      })
    }
  }
  if (facts.summary !== undefined && facts.summary.length > MAX_TEXT) {
    problems.push({ field: 'summary', message: 'The summary must be 20,000 characters or fewer' })
  }
  return problems
}

/** Rule 10: an offence is chosen from the force's current Home Office list. */
function offenceCodeProblems(offence: GivenOffence, field: string): FieldError[] {
  if (offence.given.trim() === '') {
    return [{ field, message: 'Choose the offence (Home Office offence code)' }]
  }
  if (!offence.found) {
    return [
      {
        field,
        message: `${offence.given.trim()} is not a Home Office offence code in the force’s current offence list`,
      },
    ]
  }
  return []
}
