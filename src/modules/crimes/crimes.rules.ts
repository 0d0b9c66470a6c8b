import crypto from 'node:crypto'
import { parse } from 'csv-parse/sync'
import { isDate } from '../../platform/dates.ts'
import type { FieldError } from '../../platform/http/errors.ts'
import { normaliseName } from '../people/index.ts'

/**
 * Crime-recording rules as data and pure functions (DOMAIN.md §1–2, rules 2, 6, 10–13 and 23). The service
 * applies them; the tests prove each against its rule.
 */

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
          'This report discloses rape or attempted rape: say why it is not being recorded as rape (an N100 record is made, rule 8)',
      })
    } else if (reason !== '' && !facts.rapeReported) {
      problems.push({
        field: 'n100Reason',
        message: 'Give an N100 reason only for a report of rape or attempted rape not recorded as rape (rule 8)',
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

// ---------------------------------------------------------------------------------------------------------------
// Rule 10: the Home Office notifiable offence list, as versioned reference data

export interface OffenceCodeRow {
  code: string
  label: string
  groupCode: string | null
  groupLabel: string | null
  categoryCode: string | null
  categoryLabel: string | null
  isHomeOfficeCode: boolean
}

const OFFENCE_LIST_COLUMNS = ['code', 'label', 'parent_code', 'parent_label', 'is_home_office_code'] as const

/**
 * Reads a notifiable-offence list in the ONS hierarchy layout (see reference/README.md). Every problem is
 * reported with its line, so an administrator can fix the file in one go.
 */
export function parseOffenceCodeList(text: string, field = 'file'): { rows: OffenceCodeRow[]; problems: FieldError[] } {
  const problems: FieldError[] = []
  let records: Array<Record<string, string>>
  try {
    records = parse<Record<string, string>>(text, { columns: true, skip_empty_lines: true, trim: true, bom: true })
  } catch (error) {
    return { rows: [], problems: [{ field, message: `The file is not valid CSV: ${(error as Error).message}` }] }
  }
  const first = records[0]
  if (!first) {
    return { rows: [], problems: [{ field, message: 'The file has no offence codes in it' }] }
  }
  const missing = OFFENCE_LIST_COLUMNS.filter((column) => !(column in first))
  if (missing.length > 0) {
    return { rows: [], problems: [{ field, message: `The file is missing the column(s): ${missing.join(', ')}` }] }
  }
  const byCode = new Map<string, Record<string, string>>()
  records.forEach((record, index) => {
    const line = index + 2
    const code = record.code ?? ''
    if (!/^[A-Za-z0-9.-]{1,40}$/.test(code)) {
      problems.push({ field, message: `Line ${line}: "${code}" is not an offence code` })
    } else if (byCode.has(code)) {
      problems.push({ field, message: `Line ${line}: offence code ${code} appears twice` })
    } else {
      byCode.set(code, record)
    }
    if ((record.label ?? '') === '') {
      problems.push({ field, message: `Line ${line}: offence code ${code} has no label` })
    }
    if (!['Y', 'N'].includes(record.is_home_office_code ?? '')) {
      problems.push({ field, message: `Line ${line}: is_home_office_code must be Y or N` })
    }
  })
  const rows: OffenceCodeRow[] = []
  for (const [code, record] of byCode) {
    const parentCode = record.parent_code || null
    if (parentCode !== null && !byCode.has(parentCode)) {
      problems.push({ field, message: `Offence code ${code} names a parent ${parentCode} that is not in the file` })
      continue
    }
    // The category is the ancestor just below the root ("Total offences").
    const category = categoryOf(record, byCode)
    rows.push({
      code,
      label: record.label ?? '',
      groupCode: parentCode,
      groupLabel: record.parent_label || null,
      categoryCode: category.code ?? null,
      categoryLabel: category.label ?? null,
      isHomeOfficeCode: record.is_home_office_code === 'Y',
    })
  }
  if (problems.length === 0 && !rows.some((row) => row.isHomeOfficeCode)) {
    problems.push({ field, message: 'The file has no Home Office offence codes (is_home_office_code = Y)' })
  }
  return { rows, problems }
}

function categoryOf(
  record: Record<string, string>,
  byCode: ReadonlyMap<string, Record<string, string>>,
): Record<string, string> {
  let node = record
  const seen = new Set<string>()
  for (;;) {
    const parent = node.parent_code ? byCode.get(node.parent_code) : undefined
    if (!parent?.parent_code || seen.has(node.code ?? '')) {
      return node
    }
    seen.add(node.code ?? '')
    node = parent
  }
}

/**
 * What an offence list's groups mean for the rules, kept per list version as reference data
 * (`offence_list_rule`): which groups are rape (rule 8's N100s, and always under rule 6's cancellation controls)
 * and the principal-crime ranking (rule 11). A list with other group names must name its own before it is used.
 */
export interface OffenceListRules {
  rapeGroups: readonly string[]
  principalRanking: readonly string[]
}

/** The bundled 2017/18 list's group of rape (reference/README.md: `19C` → `rape`). */
export const DEFAULT_RAPE_GROUPS: readonly string[] = ['rape']

/** Whether an offence group is rape under the list's rules (the bundled list's when none are given). */
export function isRape(group: string | null, rules?: Pick<OffenceListRules, 'rapeGroups'>): boolean {
  return group !== null && (rules?.rapeGroups ?? DEFAULT_RAPE_GROUPS).includes(group)
}

/** Default offence groups, beyond rape, whose cancellation only the FCR or a designated decision maker may authorise. */
export const DEFAULT_AUTHORISATION_GROUPS: readonly string[] = ['rape']

/**
 * Rule 8: words in what was reported that say rape or attempted rape happened, whatever the incident's
 * category or qualifiers. "Rape alarm" and "rapeseed" are not reports of rape. A false alarm costs an N100 reason
 * and a closure; a missed report of rape is what rule 8 exists to stop.
 */
export function narrativeDisclosesRape(text: string | null | undefined): boolean {
  const cleaned = (text ?? '')
    .toLowerCase()
    .replace(/\brape (alarm|seed|oil)s?\b/g, '')
    .replace(/\brapeseed\b/g, '')
  return /\b(rape|raped|raping|rapist)\b/.test(cleaned)
}

// ---------------------------------------------------------------------------------------------------------------
// Rule 11: counting rules support — duplicates and the principal crime

/**
 * A victim's identity for one-crime-per-victim and duplicate checks, kept as a one-way hash so the crime table
 * holds no copy of the name or date of birth. It is made from the person's facts — name normalised as person
 * search normalises it (case, accents, spacing and punctuation do not matter) and date of birth — so the same
 * person has the same key however the victim was entered: by their details or as an existing person.
 */
export function victimKey(victim: {
  givenName: string
  familyName: string
  dateOfBirth?: string | null | undefined
}): string {
  const normalise = (value: string) => normaliseName(value)
  return crypto
    .createHash('sha256')
    .update(`${normalise(victim.givenName ?? '')}|${normalise(victim.familyName)}|${victim.dateOfBirth ?? ''}`)
    .digest('hex')
}

/** A normalised place for the duplicate check: the postcode when there is one, else the address's words. */
export function locationKey(location: {
  address?: string | null | undefined
  postcode?: string | null | undefined
}): string | null {
  const postcode = (location.postcode ?? '').toUpperCase().replace(/[^A-Z0-9]/g, '')
  if (postcode !== '') {
    return `pc:${postcode}`
  }
  const address = (location.address ?? '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim()
  return address === '' ? null : `ad:${address}`
}

/** How far apart two reported offence times may be and still count as overlapping when each is a single moment. */
export const DUPLICATE_TIME_TOLERANCE_MS = 2 * 60 * 60 * 1000

export interface DuplicateCandidate {
  victimKey: string | null
  offenceGroup: string
  offenceFrom: Date
  offenceTo: Date | null
  locationKey: string | null
}

/**
 * Rule 11 (HOCR Sections D and C3, DOMAIN.md §1.12): the same victim, the same offence group, overlapping times
 * and the same place. A place unknown on either record does not rule a duplicate out.
 */
export function isPossibleDuplicate(proposed: DuplicateCandidate, existing: DuplicateCandidate): boolean {
  if (proposed.victimKey === null || proposed.victimKey !== existing.victimKey) {
    return false
  }
  return overlapsInTimeAndPlace(proposed, existing)
}

/**
 * Rule 11, once the victim is known to be the same (by key, or as person search matches people): the same
 * offence group, times overlapping (within the tolerance) and the same place where both are known.
 */
export function overlapsInTimeAndPlace(
  proposed: Omit<DuplicateCandidate, 'victimKey'>,
  existing: Omit<DuplicateCandidate, 'victimKey'>,
): boolean {
  if (proposed.offenceGroup !== existing.offenceGroup) {
    return false
  }
  type Times = Pick<DuplicateCandidate, 'offenceFrom' | 'offenceTo'>
  const start = (c: Times) => c.offenceFrom.getTime() - DUPLICATE_TIME_TOLERANCE_MS
  const end = (c: Times) => (c.offenceTo ?? c.offenceFrom).getTime() + DUPLICATE_TIME_TOLERANCE_MS
  if (start(proposed) > end(existing) || start(existing) > end(proposed)) {
    return false
  }
  return proposed.locationKey === null || existing.locationKey === null || proposed.locationKey === existing.locationKey
}

/**
 * The principal crime rule (HOCR Section F): where one incident discloses several offences against one victim,
 * record the most serious. The Home Office look-up table (HOCR Annex C, ranked by maximum sentence) was not
 * retrieved, so this default follows the order of seriousness issue 10 gives from the counting rules — homicide,
 * rape and other serious sexual offences, violence with injury — and continues by maximum sentence. Entries are
 * offence codes or groups of the bundled 2017/18 list; a code ranks where it is listed, otherwise by its group,
 * so one group's codes can sit at different places (attempted murder above rape, arson endangering life above
 * arson). Each step's source:
 *
 * - homicide (group violence-against-the-person, whose only direct code is Homicide): issue 10, HOCR order.
 * - 2 attempted murder: OUR READING — life imprisonment, so beside homicide, above its group.
 * - rape, other-sexual-offences: issue 10 ("rape and other serious sexual offences").
 * - violence-with-injury: issue 10.
 * - robbery: OUR READING — maximum life (Theft Act 1968 s.8), after violence with injury.
 * - 56A arson endangering life: OUR READING — maximum life (Criminal Damage Act 1971 s.1(2)).
 * - violence-without-injury (threats to kill, kidnapping, modern slavery, stalking), harassment: issue 10 found
 *   them wrongly below arson, drug supply and weapons possession; OUR READING places them here.
 * - trafficking-of-drugs, domestic-burglary, possession-of-weapons-offences, non-domestic-burglary, arson,
 *   theft-of-a-motor-vehicle and the rest: OUR READING by maximum sentence, lesser offences last.
 *
 * A force replaces it per offence-list version (`CrimeReferenceData.setOffenceListRules`).
 */
export const DEFAULT_PRINCIPAL_CRIME_RANKING: readonly string[] = [
  'violence-against-the-person',
  '2',
  'rape',
  'other-sexual-offences',
  'violence-with-injury',
  'robbery',
  '56A',
  'violence-without-injury',
  'harassment',
  'trafficking-of-drugs',
  'domestic-burglary',
  'possession-of-weapons-offences',
  'non-domestic-burglary',
  'arson',
  'theft-of-a-motor-vehicle',
  'public-order-offences',
  'theft-from-a-vehicle',
  'theft-offences',
  'other-theft-offences',
  'bicycle-theft',
  'vehicle-interference',
  'criminal-damage',
  'fraud-offences-to-2012-13',
  'miscellaneous-crimes-against-society',
  'possession-of-drugs',
]

/** The principal crime among several offences: the best-ranked (by code, else group); ties keep the first given. */
export function principalCrime<T extends { code: string; groupCode: string | null }>(
  offences: readonly T[],
  ranking: readonly string[] = DEFAULT_PRINCIPAL_CRIME_RANKING,
): T | undefined {
  const rank = (offence: T) => {
    const byCode = ranking.indexOf(offence.code)
    if (byCode !== -1) {
      return byCode
    }
    const byGroup = ranking.indexOf(offence.groupCode ?? '')
    return byGroup === -1 ? ranking.length : byGroup
  }
  return offences.reduce<T | undefined>(
    (best, offence) => (best === undefined || rank(offence) < rank(best) ? offence : best),
    undefined,
  )
}

// ---------------------------------------------------------------------------------------------------------------
// Rules 12 and 13: outcome types and their validation (DOMAIN.md §2.2)

export interface OutcomeType {
  label: string
  /** Rule 13 requirements. */
  needsNamedSuspect?: true
  needsNoSuspect?: true
  needsVictimNonSupport?: true
  needsVictimConsultationAndOffenderAcceptance?: true
  needsPublicInterestRationale?: true
  needsVictimNotified?: true
  /** Not for domestic abuse or hate crime (outcome 21; DOMAIN.md §2.2, Cleveland checklist). */
  notForDomesticAbuseOrHate?: true
}

/**
 * Home Office outcome types 1–22 (0 = not yet assigned, never counted). Numbers 16, 21 and 22 are confirmed;
 * the rest are from the secondary transcription in DOMAIN.md §2.2. Outcomes taken against someone — charge,
 * caution, TIC, penalty notice, warning, community resolution, prosecution prevented or time-expired — name a
 * suspect or offender, so one must be linked to the crime (issue 10; rule 13 lists only 15, 16 and 21, the
 * rest is OUR READING of what each outcome is).
 */
export const OUTCOME_TYPES: Readonly<Record<number, OutcomeType>> = {
  1: { label: 'Charged or summonsed', needsNamedSuspect: true },
  2: { label: 'Caution – youths', needsNamedSuspect: true },
  3: { label: 'Caution – adults', needsNamedSuspect: true },
  4: { label: 'Taken into consideration (TIC)', needsNamedSuspect: true },
  5: { label: 'Offender died' },
  6: { label: 'Penalty notice for disorder', needsNamedSuspect: true },
  7: { label: 'Cannabis or khat warning', needsNamedSuspect: true },
  8: {
    label: 'Community resolution',
    needsNamedSuspect: true,
    needsVictimConsultationAndOffenderAcceptance: true,
  },
  9: { label: 'Prosecution not in the public interest (CPS)' },
  10: { label: 'Formal action not in the public interest (police)' },
  11: { label: 'Prosecution prevented – suspect under the age of criminal responsibility', needsNamedSuspect: true },
  12: { label: 'Prosecution prevented – named suspect too ill', needsNamedSuspect: true },
  13: { label: 'Prosecution prevented – victim or key witness dead or too ill', needsNamedSuspect: true },
  14: {
    label: 'Evidential difficulties – suspect not identified; victim does not support further action',
    needsNoSuspect: true,
    needsVictimNonSupport: true,
  },
  15: { label: 'Evidential difficulties – named suspect identified; victim supports action', needsNamedSuspect: true },
  16: {
    label: 'Evidential difficulties – named suspect identified; victim does not support further action',
    needsNamedSuspect: true,
    needsVictimNonSupport: true,
  },
  17: { label: 'Prosecution time limit expired', needsNamedSuspect: true },
  18: { label: 'Investigation complete – no suspect identified', needsNoSuspect: true },
  19: { label: 'National Fraud Intelligence Bureau filed – no viable lines of enquiry' },
  20: { label: 'Responsibility for further investigation transferred to another body' },
  21: {
    label: 'Further investigation to support formal action not in the public interest – police decision',
    needsNamedSuspect: true,
    needsPublicInterestRationale: true,
    needsVictimNotified: true,
    notForDomesticAbuseOrHate: true,
  },
  22: { label: 'Diversionary, educational or intervention activity; further action not in the public interest' },
}

export const OUTCOME_NUMBERS = Object.keys(OUTCOME_TYPES).map(Number)

/** What each outcome needs, in the API's words (GET /api/v1/outcome-types). */
export type OutcomeNeed =
  | 'named_suspect_or_offender'
  | 'no_suspect'
  | 'victim_non_support_statement'
  | 'victim_consulted_and_offender_accepted'
  | 'public_interest_rationale'
  | 'victim_notified'
  | 'not_domestic_abuse_or_hate_crime'

export function outcomeNeeds(outcome: OutcomeType): OutcomeNeed[] {
  const needs: Array<[boolean | undefined, OutcomeNeed]> = [
    [outcome.needsNamedSuspect, 'named_suspect_or_offender'],
    [outcome.needsNoSuspect, 'no_suspect'],
    [outcome.needsVictimNonSupport, 'victim_non_support_statement'],
    [outcome.needsVictimConsultationAndOffenderAcceptance, 'victim_consulted_and_offender_accepted'],
    [outcome.needsPublicInterestRationale, 'public_interest_rationale'],
    [outcome.needsVictimNotified, 'victim_notified'],
    [outcome.notForDomesticAbuseOrHate, 'not_domestic_abuse_or_hate_crime'],
  ]
  return needs.filter(([flag]) => flag === true).map(([, need]) => need)
}

/** What an officer records with an outcome, so the rule-13 checks can be made. */
export interface OutcomeEvidence {
  victimNonSupportStatement?: string | undefined
  victimConsulted?: boolean | undefined
  offenderAccepted?: boolean | undefined
  publicInterestRationale?: string | undefined
  victimNotified?: boolean | undefined
}

export interface OutcomeFacts {
  /** People linked to the crime as suspect or offender and not eliminated. */
  namedSuspects: number
  domesticAbuse: boolean
  hateCrime: boolean
}

/** Rules 12 and 13: exactly one outcome type 1–22, with what that outcome requires. Field names are form ids. */
export function outcomeProblems(
  outcomeType: number | undefined,
  evidence: OutcomeEvidence,
  facts: OutcomeFacts,
): FieldError[] {
  if (outcomeType === undefined || !Number.isInteger(outcomeType)) {
    return [{ field: 'outcomeType', message: 'Choose the outcome (Home Office outcome type 1 to 22)' }]
  }
  const outcome = OUTCOME_TYPES[outcomeType]
  if (!outcome) {
    return [
      {
        field: 'outcomeType',
        message:
          outcomeType === 0
            ? 'Outcome 0 means no outcome yet: choose an outcome type from 1 to 22'
            : `There is no outcome type ${outcomeType}: choose one from 1 to 22`,
      },
    ]
  }
  const problems: FieldError[] = []
  const label = `Outcome ${outcomeType}`
  if (outcome.needsNamedSuspect && facts.namedSuspects === 0) {
    problems.push({
      field: 'outcomeType',
      message: `${label} needs a named suspect or offender linked to the crime (${outcome.label.toLowerCase()}): add them with "Add a person"`,
    })
  }
  if (outcome.needsNoSuspect && facts.namedSuspects > 0) {
    problems.push({
      field: 'outcomeType',
      message: `${label} is only for crimes with no suspect identified, and this crime has a named suspect`,
    })
  }
  if (outcome.needsVictimNonSupport && (evidence.victimNonSupportStatement ?? '').trim() === '') {
    problems.push({
      field: 'victimNonSupportStatement',
      message: `${label} needs the victim's statement that they do not support further action`,
    })
  }
  if (outcome.needsVictimConsultationAndOffenderAcceptance) {
    if (evidence.victimConsulted !== true) {
      problems.push({
        field: 'victimConsulted',
        message: `${label} (community resolution) needs the victim to have been consulted`,
      })
    }
    if (evidence.offenderAccepted !== true) {
      problems.push({
        field: 'offenderAccepted',
        message: `${label} (community resolution) needs the offender to have accepted it`,
      })
    }
  }
  if (outcome.needsPublicInterestRationale && (evidence.publicInterestRationale ?? '').trim() === '') {
    problems.push({
      field: 'publicInterestRationale',
      message: `${label} needs the reason further investigation is not in the public interest`,
    })
  }
  if (outcome.needsVictimNotified && evidence.victimNotified !== true) {
    problems.push({ field: 'victimNotified', message: `${label} needs the victim to have been told of the decision` })
  }
  if (outcome.notForDomesticAbuseOrHate && (facts.domesticAbuse || facts.hateCrime)) {
    problems.push({
      field: 'outcomeType',
      message: `${label} is not used for ${facts.domesticAbuse ? 'domestic abuse' : 'hate crime'}`,
    })
  }
  return problems
}

/** The checks the IMU makes before filing (DOMAIN.md §2.3; rule 14). All must be confirmed. */
export const FILING_CHECKLIST = {
  classificationCorrect: 'The classification is correct',
  outcomeValid: 'The outcome is valid for this crime',
  victimToldOfOutcome: 'The victim has been told of the outcome',
  victimsCodeContactsDone: "Victims' Code contacts are done",
} as const satisfies Record<string, string>

export type FilingCheck = keyof typeof FILING_CHECKLIST
export const FILING_CHECKS = Object.keys(FILING_CHECKLIST) as FilingCheck[]

export function filingChecklistProblems(confirmed: readonly string[]): FieldError[] {
  const missing = FILING_CHECKS.filter((check) => !confirmed.includes(check))
  return missing.length === 0
    ? []
    : [
        {
          field: 'checklist',
          message: `Confirm every check before filing: ${missing.map((m) => FILING_CHECKLIST[m].toLowerCase()).join('; ')}`,
        },
      ]
}

// ---------------------------------------------------------------------------------------------------------------
// Rule 6: cancellation codes and who may authorise a cancellation (DOMAIN.md §1.8)

export interface CancellationCode {
  code: string
  label: string
  /** C2: additional verifiable information must be described. */
  requiresAvi: boolean
}

/**
 * The Home Office codes (HOCR Section C). C1 (transfer) goes through the transfer action, which records the
 * receiving force (rule 7). Further codes (C5 onwards) are UNCONFIRMED in the retrieved rules, so a force adds
 * them as reference data.
 */
export const HOME_OFFICE_CANCELLATION_CODES: readonly CancellationCode[] = [
  { code: 'C1', label: 'Transferred to another force (crime committed outside this force area)', requiresAvi: false },
  { code: 'C2', label: 'Additional verifiable information shows no notifiable crime occurred', requiresAvi: true },
  { code: 'C3', label: 'Duplicate record', requiresAvi: false },
  { code: 'C4', label: 'Recorded in error', requiresAvi: false },
]

export interface CancellationInput {
  cancellationCode: string
  rationale: string
  aviDescription?: string | undefined
  victimInformed?: boolean | undefined
  victimNotInformedReason?: string | undefined
}

/** Rule 5: the victim was told of a crime's removal, or the reason they could not be is recorded. */
export function victimToldProblems(
  victimInformed: boolean | undefined,
  victimNotInformedReason: string | undefined,
  what: string,
): FieldError[] {
  if (victimInformed === undefined) {
    return [{ field: 'victimInformed', message: `Say whether the victim has been told ${what}` }]
  }
  if (!victimInformed && (victimNotInformedReason ?? '').trim() === '') {
    return [{ field: 'victimNotInformedReason', message: 'Enter why the victim could not be told' }]
  }
  return []
}

/**
 * Rules 5 and 7: accepting a transfer (C1) records the receiving force's reference, the day it accepted (not in
 * the future, not before the request) and the victim told of the transfer (or why not). Days are YYYY-MM-DD.
 */
export function transferAcceptanceProblems(input: {
  receivingReference: string
  acceptedOn: string | undefined
  requestedOn: string
  today: string
  victimInformed: boolean | undefined
  victimNotInformedReason: string | undefined
}): FieldError[] {
  const problems: FieldError[] = []
  if (input.receivingReference.trim() === '') {
    problems.push({ field: 'receivingReference', message: 'Enter the receiving force’s crime reference' })
  }
  if (input.acceptedOn === undefined || !isDate(input.acceptedOn)) {
    problems.push({
      field: 'acceptedOn',
      message: 'Enter the date the receiving force accepted the crime, as a real date',
    })
  } else if (input.acceptedOn > input.today) {
    problems.push({ field: 'acceptedOn', message: 'The date the transfer was accepted cannot be in the future' })
  } else if (input.acceptedOn < input.requestedOn) {
    problems.push({ field: 'acceptedOn', message: 'The transfer cannot have been accepted before it was requested' })
  }
  problems.push(
    ...victimToldProblems(input.victimInformed, input.victimNotInformedReason, 'the crime is being transferred'),
  )
  return problems
}

/**
 * Rules 11 and 22: how a person's involvement in a crime may change. The victim is the crime's victim (one crime
 * per victim): nobody becomes the victim this way and the victim does not become someone else; a reporting person
 * belongs to the incident.
 */
export function involvementChangeProblems(from: string, to: string): FieldError[] {
  if (to === 'victim' && from !== 'victim') {
    return [
      {
        field: 'personRole',
        message:
          'One crime per victim: a second victim is a separate crime, and a crime with no victim gets one with "Add a person"',
      },
    ]
  }
  if (from === 'victim' && to !== 'victim') {
    return [
      {
        field: 'personRole',
        message:
          'The victim stays the victim of this crime (one crime per victim): if they are not, cancel the crime (C4) or record it again',
      },
    ]
  }
  if (to === 'reporting_person') {
    return [{ field: 'personRole', message: 'The reporting person is linked to the incident, not the crime' }]
  }
  return []
}

/** Rules 5 and 6: a code, a rationale, AVI described for C2, and the victim told (or why not). */
export function cancellationProblems(input: CancellationInput, codes: readonly CancellationCode[]): FieldError[] {
  const problems: FieldError[] = []
  const code = codes.find((candidate) => candidate.code === input.cancellationCode)
  if (input.cancellationCode === 'C1') {
    problems.push({
      field: 'cancellationCode',
      message: 'A transfer to another force (C1) is made with "Transfer to another force"',
    })
  } else if (!code) {
    problems.push({ field: 'cancellationCode', message: 'Choose a cancellation code' })
  }
  if (input.rationale.trim() === '') {
    problems.push({ field: 'rationale', message: 'Enter the rationale for cancelling this crime' })
  }
  if (code?.requiresAvi && (input.aviDescription ?? '').trim() === '') {
    problems.push({
      field: 'aviDescription',
      message: `${code.code} needs the additional verifiable information that shows no crime occurred`,
    })
  }
  problems.push(
    ...victimToldProblems(input.victimInformed, input.victimNotInformedReason, 'the crime is being cancelled'),
  )
  return problems
}

/**
 * Rule 6 (and rule 9's final say): who may authorise cancelling a crime. The FCR always may. For a crime ever
 * classified in one of the restricted groups (rape, and those the force names) only the FCR or a designated
 * decision maker may — its history, not only its current code, so reclassifying a rape as sexual assault does
 * not open a way round the control; otherwise an IMU decision maker may too. Officers request; they never
 * authorise.
 */
export function canAuthoriseCancellation(input: {
  roles: readonly string[]
  isDesignatedDecisionMaker: boolean
  offenceGroups: readonly string[]
  restrictedGroups: readonly string[]
}): boolean {
  if (input.roles.includes('force_crime_registrar')) {
    return true
  }
  if (isRestricted(input.offenceGroups, input.restrictedGroups)) {
    return input.isDesignatedDecisionMaker
  }
  return input.isDesignatedDecisionMaker || input.roles.includes('imu_decision_maker')
}

export function isRestricted(offenceGroups: readonly string[], restrictedGroups: readonly string[]): boolean {
  return offenceGroups.some((group) => restrictedGroups.includes(group))
}

// ---------------------------------------------------------------------------------------------------------------
// Rule 20: a justification before viewing a restricted crime record (DPA 2018 s.62: consultation logs must let
// the justification be established)

/** Tally's default reasons; a force sets its own list (OUR READING of the purposes a police force records). */
export const DEFAULT_VIEW_JUSTIFICATIONS: readonly string[] = [
  'Investigating this crime',
  'Supervising or reviewing the investigation',
  'Victim care or safeguarding',
  'Crime data integrity audit or quality check',
  'Preparing a file or disclosure for the CPS',
]

/** The value a page or the API sends for a reason typed instead of chosen from the list. */
export const OTHER_JUSTIFICATION = 'other'

/** The justification as recorded, or the problem with what was given (field `justification`). */
export function viewJustification(
  given: { justification?: string | undefined; justificationText?: string | undefined },
  list: readonly string[],
): { justification: string } | { problem: string } {
  const chosen = (given.justification ?? '').trim()
  const typed = (given.justificationText ?? '').trim()
  if (chosen === OTHER_JUSTIFICATION || (chosen === '' && typed !== '')) {
    return typed.length >= 10 && typed.length <= 500
      ? { justification: typed }
      : { problem: 'Type why you need to see this record (10 to 500 characters)' }
  }
  if (chosen === '') {
    return {
      problem:
        'This record is restricted: say why you need to see it before it is shown (the reason is kept with the view, rule 20)',
    }
  }
  return list.includes(chosen)
    ? { justification: chosen }
    : { problem: `Choose one of the force’s reasons, or type your own: "${chosen}" is not one of them` }
}

// ---------------------------------------------------------------------------------------------------------------
// Crime reference numbers in the force's format

export const DEFAULT_REFERENCE_FORMAT = '{prefix}/{yy}/{seq:6}'

const PLACEHOLDER = /\{(prefix|yyyy|yy|seq(?::(\d{1,2}))?)\}/g

/** What is wrong with a reference format; a format must contain {seq} (so references are unique) and a year. */
export function referenceFormatProblems(format: string, field = 'referenceFormat'): FieldError[] {
  const problems: FieldError[] = []
  const unknown = [...format.matchAll(/\{([^}]*)\}/g)].filter((m) => !/^(prefix|yyyy|yy|seq(:\d{1,2})?)$/.test(m[1]!))
  if (unknown.length > 0) {
    problems.push({
      field,
      message: `Unknown placeholder ${unknown.map((m) => m[0]).join(', ')}: use {prefix}, {yy}, {yyyy} and {seq} or {seq:6}`,
    })
  }
  if (!/\{seq(:\d{1,2})?\}/.test(format)) {
    problems.push({ field, message: 'The format must include {seq} (the number within the year)' })
  }
  if (!/\{yyyy\}|\{yy\}/.test(format)) {
    problems.push({
      field,
      message: 'The format must include the year, {yy} or {yyyy}, because numbering restarts each year',
    })
  }
  if (format.length > 60 || /[^A-Za-z0-9{}:/_ -]/.test(format.replace(PLACEHOLDER, ''))) {
    problems.push({
      field,
      message: 'Use only letters, digits, slashes, hyphens and spaces besides the placeholders (up to 60 characters)',
    })
  }
  return problems
}

export function formatCrimeReference(format: string, values: { prefix: string; year: number; seq: number }): string {
  return format.replace(PLACEHOLDER, (_match, name: string, width: string | undefined) => {
    if (name === 'prefix') {
      return values.prefix
    }
    if (name === 'yyyy') {
      return String(values.year)
    }
    if (name === 'yy') {
      return String(values.year % 100).padStart(2, '0')
    }
    return String(values.seq).padStart(width ? Number(width) : 1, '0')
  })
}
