import { isDate } from '../../platform/dates.ts'

/**
 * The people module's rules as typed tables and pure functions: how a person may be involved in a record
 * (DOMAIN.md §9 rule 22), what may be said about a suspect, how names are normalised for search, and what makes
 * an address, postcode, LSOA or date of birth acceptable.
 */

/** How a person is involved in an incident or crime (rule 22; POLE link reasons, DOMAIN.md §7.1). */
export const INVOLVEMENT_ROLES = ['victim', 'witness', 'suspect', 'offender', 'reporting_person', 'other'] as const
export type InvolvementRole = (typeof INVOLVEMENT_ROLES)[number]

export const ROLE_LABELS: Record<InvolvementRole, string> = {
  victim: 'Victim',
  witness: 'Witness',
  suspect: 'Suspect',
  offender: 'Offender',
  reporting_person: 'Reporting person',
  other: 'Other',
}

/**
 * Where a suspect stands. From the suspect link statuses of police records systems (DOMAIN.md §7.1: SUSPECT
 * (INTERVIEWED), (NOT INTERVIEWED), (ELIMINATED), (INSUFFICIENT TO PROCEED), (PROSECUTION PREVENTED), (NO
 * ACTION) EVIDENTIAL DIFF., (NO ACTION) TIME LIMIT EXPIRED). A newly linked suspect is not yet interviewed.
 */
export const SUSPECT_STATUSES = [
  'not_interviewed',
  'interviewed',
  'eliminated',
  'insufficient_to_proceed',
  'prosecution_prevented',
  'no_action_evidential_difficulties',
  'no_action_time_limit_expired',
] as const
export type SuspectStatus = (typeof SUSPECT_STATUSES)[number]

export const SUSPECT_STATUS_LABELS: Record<SuspectStatus, string> = {
  not_interviewed: 'Not interviewed',
  interviewed: 'Interviewed',
  eliminated: 'Eliminated',
  insufficient_to_proceed: 'Insufficient evidence to proceed',
  prosecution_prevented: 'Prosecution prevented',
  no_action_evidential_difficulties: 'No further action: evidential difficulties',
  no_action_time_limit_expired: 'No further action: time limit expired',
}

export const DEFAULT_SUSPECT_STATUS: SuspectStatus = 'not_interviewed'

/**
 * Whether a suspect with this status still counts as a named suspect for the crime (outcomes 15, 16 and 21 need
 * one, rule 13): an eliminated suspect does not.
 */
export function isNamedSuspect(role: string, suspectStatus: string | null): boolean {
  return (role === 'suspect' || role === 'offender') && suspectStatus !== 'eliminated'
}

export function isInvolvementRole(value: string): value is InvolvementRole {
  return (INVOLVEMENT_ROLES as readonly string[]).includes(value)
}

export function isSuspectStatus(value: string): value is SuspectStatus {
  return (SUSPECT_STATUSES as readonly string[]).includes(value)
}

/**
 * What is wrong with a role and suspect status together (rule 22): every suspect carries a status, and nobody
 * else carries one. Returns the field and message, or undefined when the pair is allowed. A suspect given no
 * status gets DEFAULT_SUSPECT_STATUS (see `suspectStatusFor`), so only unknown values and statuses on
 * non-suspects are problems.
 */
export function involvementProblem(
  role: string,
  suspectStatus: string | undefined | null,
): { field: 'role' | 'suspectStatus'; message: string } | undefined {
  if (!isInvolvementRole(role)) {
    return {
      field: 'role',
      message: 'Choose how the person is involved: victim, witness, suspect, offender, reporting person or other',
    }
  }
  const status = suspectStatus ?? undefined
  if (status === undefined || status === '') {
    return undefined
  }
  if (role !== 'suspect') {
    return { field: 'suspectStatus', message: `Only a suspect has a suspect status, not a ${ROLE_LABELS[role]}` }
  }
  if (!isSuspectStatus(status)) {
    return {
      field: 'suspectStatus',
      message: `Choose a suspect status: ${SUSPECT_STATUSES.map((value) => SUSPECT_STATUS_LABELS[value].toLowerCase()).join(', ')}`,
    }
  }
  return undefined
}

/** The status stored for a valid role and status pair: a suspect's status (defaulted), null for anyone else. */
export function suspectStatusFor(
  role: InvolvementRole,
  suspectStatus: string | undefined | null,
): SuspectStatus | null {
  if (role !== 'suspect') {
    return null
  }
  return suspectStatus && isSuspectStatus(suspectStatus) ? suspectStatus : DEFAULT_SUSPECT_STATUS
}

/** Kinds of assessment: opinions about a person, kept apart from the facts (rule 22; DPA 2018 s.38). */
export const ASSESSMENT_KINDS = ['vulnerability', 'risk', 'other'] as const
export type AssessmentKind = (typeof ASSESSMENT_KINDS)[number]

export const ASSESSMENT_KIND_LABELS: Record<AssessmentKind, string> = {
  vulnerability: 'Vulnerability',
  risk: 'Risk',
  other: 'Other assessment',
}

export function isAssessmentKind(value: string): value is AssessmentKind {
  return (ASSESSMENT_KINDS as readonly string[]).includes(value)
}

// Names --------------------------------------------------------------------------------------------------------

/** Letters NFKD does not take apart into a base letter and a mark. */
const LETTER_FOLDS: Record<string, string> = {
  ß: 'ss',
  æ: 'ae',
  œ: 'oe',
  ø: 'o',
  đ: 'd',
  ð: 'd',
  ł: 'l',
  þ: 'th',
  ı: 'i',
}

/**
 * A name as search compares it: lower-case ASCII letters in words separated by single spaces. Accents go
 * (Zoë = Zoe), apostrophes join (O'Neill = ONeill), hyphens and other punctuation separate (Smith-Jones =
 * Smith Jones).
 */
export function normaliseName(value: string): string {
  return value
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[ßæœøđðłþı]/g, (letter) => LETTER_FOLDS[letter] ?? letter)
    .replace(/['’‘`´]/g, '')
    .replace(/[^a-z]+/g, ' ')
    .trim()
}

export function nameTokens(value: string): string[] {
  const normalised = normaliseName(value)
  return normalised === '' ? [] : normalised.split(' ')
}

/**
 * Names that are the same name to the people who use them but do not sound alike to a phonetic code: short
 * forms and spellings from other languages. Each group's first entry is its key. Spelling variants that double
 * metaphone already joins (Mohammed/Muhammad, Catherine/Kathryn, Stephen/Steven) need no entry.
 */
export const NAME_VARIANT_GROUPS: readonly (readonly string[])[] = [
  // Irish and Scottish Gaelic spellings and their anglicised forms
  ['sean', 'shaun', 'shawn', 'shaune', 'seann'],
  ['siobhan', 'shivaun', 'chevonne', 'shevaun'],
  ['niamh', 'neve', 'neave', 'niav'],
  ['aoife', 'eefa', 'efa'],
  ['sinead', 'shinead'],
  ['saoirse', 'seersha'],
  ['eoin', 'owen', 'eoghan'],
  ['caoimhe', 'keeva', 'kiva'],
  ['padraig', 'padraic', 'patrick'],
  // Short forms in everyday English use
  ['william', 'bill', 'billy', 'will', 'willy', 'liam'],
  ['robert', 'bob', 'bobby', 'rob', 'robbie'],
  ['richard', 'dick', 'rick', 'ricky', 'rich', 'richie'],
  ['margaret', 'peggy', 'maggie', 'meg', 'marge', 'margo'],
  ['elizabeth', 'liz', 'lizzie', 'beth', 'betty', 'eliza', 'libby', 'bess'],
  ['edward', 'ed', 'eddie', 'ted', 'teddy', 'ned'],
  ['james', 'jim', 'jimmy', 'jamie'],
  ['john', 'jack', 'johnny', 'jonny', 'jon'],
  ['jonathan', 'johnathan', 'jon', 'jonny'],
  ['michael', 'mike', 'mick', 'mickey', 'micky'],
  ['anthony', 'antony', 'tony'],
  ['alexander', 'alex', 'alec', 'alasdair', 'alistair', 'alastair', 'aleksander', 'aleksandr', 'oleksandr'],
  ['christopher', 'chris'],
  ['thomas', 'tom', 'tommy'],
  ['charles', 'charlie', 'chas'],
  ['henry', 'harry', 'hal'],
  ['daniel', 'dan', 'danny'],
  ['samuel', 'sam', 'sammy'],
  ['joseph', 'joe', 'joey'],
  ['susan', 'sue', 'suzy', 'susie'],
  ['katherine', 'kate', 'katie', 'kathy', 'kat', 'kitty'],
  ['patricia', 'pat', 'patsy', 'trish', 'tricia'],
  ['patrick', 'paddy', 'pat'],
  ['rebecca', 'becky', 'becca'],
  ['deborah', 'debbie', 'deb', 'debs'],
  ['victoria', 'vicky', 'vicki', 'tori'],
  ['jennifer', 'jenny', 'jen'],
  ['abigail', 'abby', 'abbie'],
  ['frederick', 'fred', 'freddie', 'freddy'],
  ['nicholas', 'nick', 'nicky'],
  ['benjamin', 'ben', 'benny'],
  ['matthew', 'matt', 'matty'],
  ['andrew', 'andy', 'drew'],
  ['david', 'dave', 'davy', 'dai'],
  // Transliterations that sound different to an English phonetic code
  ['mohammed', 'mohamed', 'mohammad', 'mohamad', 'muhammad', 'muhammed', 'mahomed', 'mohd', 'mehmet'],
  ['yusuf', 'yousef', 'youssef', 'yousuf'],
  ['mustafa', 'mostafa', 'moustafa'],
  ['osman', 'othman', 'uthman'],
]

/**
 * The variant-group keys of one normalised token: every group it belongs to (Jon is short for both John and
 * Jonathan). Empty when it belongs to none.
 */
export function variantKeys(token: string): string[] {
  return NAME_VARIANT_GROUPS.filter((group) => group.includes(token)).map((group) => `v:${group[0]}`)
}

/** The person's names as search ranks them: main name first, then each alias, normalised, without repeats. */
export function nameForms(givenName: string, familyName: string, aliases: readonly string[]): string[] {
  const forms = [normaliseName(`${givenName} ${familyName}`), ...aliases.map(normaliseName)].filter(
    (form) => form !== '',
  )
  return [...new Set(forms)]
}

/**
 * What a person's search keys are made from:
 * - the tokens of all their names (main name and aliases), whose exact and double metaphone keys the database
 *   adds (`person_name_keys`);
 * - each name in several words joined up (Du Bois as dubois, Abdul Rahman as abdulrahman), because people write
 *   it both ways. These get an exact key only: double metaphone stops at four sounds, so the code of a joined
 *   name is just the code of its first word, and would match anyone with that word;
 * - the variant-group keys of the tokens.
 */
export function nameSearchKeys(
  givenName: string,
  familyName: string,
  aliases: readonly string[],
): { tokens: string[]; joinedTokens: string[]; variantKeys: string[] } {
  const parts = [givenName, familyName, ...aliases].map(nameTokens)
  const tokens = [...new Set(parts.flat())]
  const joinedTokens = [...new Set(parts.flatMap(joinedPairs))].filter((token) => !tokens.includes(token))
  return { tokens, joinedTokens, variantKeys: [...new Set(tokens.flatMap(variantKeys))] }
}

function joinedPairs(tokens: readonly string[]): string[] {
  return tokens.slice(1).map((token, index) => `${tokens[index]}${token}`)
}

/** A search token, the query word (1-based) it stands for, and whether it is two words joined (exact key only). */
export interface QueryToken {
  token: string
  position: number
  joined: boolean
}

/**
 * The tokens a search looks up: each word of the query, and each pair of neighbouring words joined up, standing
 * for both words (so "Abdul Rahman" finds Abdulrahman, as nameSearchKeys lets "Abdulrahman" find Abdul Rahman).
 */
export function queryTokens(tokens: readonly string[]): QueryToken[] {
  return [
    ...tokens.map((token, index) => ({ token, position: index + 1, joined: false })),
    ...joinedPairs(tokens).flatMap((token, index) => [
      { token, position: index + 1, joined: true },
      { token, position: index + 2, joined: true },
    ]),
  ]
}

/** How a person is shown: given name then family name, as it is written. */
export function displayName(person: { givenName: string; familyName: string }): string {
  return [person.givenName.trim(), person.familyName.trim()].filter(Boolean).join(' ')
}

// Search ranking -------------------------------------------------------------------------------------------------

/**
 * What a query word matched, strongest first, with the weight it gives the candidate: the exact word; a name
 * in the same variant group (Bill for William); the same double metaphone code (Smyth for Smith); a word one
 * edit away in the force's vocabulary (0.6; two edits, 0.5).
 */
export const MATCH_WEIGHTS = { exact: 1, variant: 0.9, phonetic: 0.8, spelling: 0.6 } as const

/**
 * A result's score: mostly how well each query word matched (MATCH_WEIGHTS, averaged over the words), then the
 * trigram similarity of the whole name (pg_trgm), then its edit similarity (1 − levenshtein ÷ length). Each
 * part is between 0 and 1, so the score is too; an exact name scores 1.
 */
export const SCORE_WEIGHTS = { words: 0.6, trigrams: 0.25, edits: 0.15 } as const

/**
 * How many of a query's tokens a person must match: all of one or two ("Jon Smyth" needs both), all but one of
 * three or more, so a middle name the record lacks does not hide the person.
 */
export function tokensRequired(queryTokenCount: number): number {
  return queryTokenCount <= 2 ? queryTokenCount : queryTokenCount - 1
}

/** A name search as the repository runs it. */
export interface NameQuery {
  /** The tokens to look up, each with the query word it stands for (a joined pair stands for two). */
  tokens: QueryToken[]
  /** How many words the query has. */
  wordCount: number
  /** Variant-group keys (`v:…`) with the query word each came from. */
  variantKeys: Array<{ position: number; key: string }>
  /** The whole query, normalised, for ranking by trigram similarity and edit distance. */
  text: string
  tokensRequired: number
  dateOfBirth: string | null
  limit: number
  /** The most people a search considers behind its rarest word (see CANDIDATE_CAP). */
  candidateCap: number
}

/** Turns what someone typed into the search the repository runs. `name` must contain at least one letter. */
export function nameQuery(name: string, dateOfBirth: string | null, limit: number): NameQuery {
  const tokens = nameTokens(name)
  return {
    tokens: queryTokens(tokens),
    wordCount: tokens.length,
    variantKeys: tokens.flatMap((token, index) => variantKeys(token).map((key) => ({ position: index + 1, key }))),
    text: normaliseName(name),
    tokensRequired: tokensRequired(tokens.length),
    dateOfBirth,
    limit,
    candidateCap: tokens.length === 1 ? SINGLE_WORD_CANDIDATE_CAP : CANDIDATE_CAP,
  }
}

/** How a search result's score reads on the page. */
export function matchStrength(score: number): 'Exact' | 'Close' | 'Possible' {
  if (score >= 0.95) {
    return 'Exact'
  }
  return score >= 0.7 ? 'Close' : 'Possible'
}

/**
 * The most people one search considers, taken from behind its rarest word (strongest matches first). A search
 * for a name shared by more (Oliver alone, on a national index) shows its best matches and says there are more,
 * rather than ranking tens of thousands of people to show fifty.
 */
export const CANDIDATE_CAP = 20_000

/**
 * A search of one word needs no other word checked, so it ranks only the strongest matches: enough to fill
 * the page many times over.
 */
export const SINGLE_WORD_CANDIDATE_CAP = 1_000

/** Search results never run to thousands: the closest this many, and a prompt to narrow. */
export const SEARCH_LIMIT = 50

// Facts' formats -----------------------------------------------------------------------------------------------

/** The earliest date of birth accepted: nobody on a live record was born before this. */
export const EARLIEST_DATE_OF_BIRTH = '1900-01-01'

/** What is wrong with a date of birth, given today's date in the UK (YYYY-MM-DD); undefined when it is fine. */
export function dateOfBirthProblem(value: string, today: string): string | undefined {
  if (!isDate(value)) {
    return 'Date of birth must be a real date, like 1990-03-27'
  }
  if (value > today) {
    return 'Date of birth must be today or in the past'
  }
  if (value < EARLIEST_DATE_OF_BIRTH) {
    return 'Date of birth must be after 1 January 1900'
  }
  return undefined
}

/** Age in whole years on a date (both YYYY-MM-DD). */
export function ageOn(dateOfBirth: string, on: string): number {
  const [birthYear, birthMonthDay] = [Number(dateOfBirth.slice(0, 4)), dateOfBirth.slice(5)]
  const [year, monthDay] = [Number(on.slice(0, 4)), on.slice(5)]
  return year - birthYear - (monthDay < birthMonthDay ? 1 : 0)
}

/**
 * A UK postcode in its standard form (upper case, one space before the last three characters), or undefined if
 * it is not one. Royal Mail's format: outward code of 2 to 4 characters, inward code of a digit and two letters.
 */
export function normalisePostcode(value: string): string | undefined {
  const compact = value.toUpperCase().replace(/\s+/g, '')
  const match = /^([A-Z]{1,2}[0-9][A-Z0-9]?)([0-9][A-Z]{2})$/.exec(compact)
  return match ? `${match[1]} ${match[2]}` : undefined
}

/** An England (E01) or Wales (W01) lower layer super output area code, as police.uk publishes them. */
export function isLsoaCode(value: string): boolean {
  return /^[EW]01[0-9]{6}$/.test(value)
}

/**
 * The rough box around the United Kingdom. A point outside it is almost always latitude and longitude swapped
 * (police.uk files list longitude first), so it is refused rather than mapped in the sea.
 */
export const UK_BOUNDS = { south: 49.8, north: 60.9, west: -8.7, east: 1.8 } as const

export function coordinateProblems(
  latitude: number | undefined,
  longitude: number | undefined,
): Array<{ field: 'latitude' | 'longitude'; message: string }> {
  if (latitude === undefined && longitude === undefined) {
    return []
  }
  if (latitude === undefined) {
    return [{ field: 'latitude', message: 'Enter the latitude as well as the longitude, or neither' }]
  }
  if (longitude === undefined) {
    return [{ field: 'longitude', message: 'Enter the longitude as well as the latitude, or neither' }]
  }
  const problems: Array<{ field: 'latitude' | 'longitude'; message: string }> = []
  if (!Number.isFinite(latitude) || latitude < UK_BOUNDS.south || latitude > UK_BOUNDS.north) {
    problems.push({
      field: 'latitude',
      message: `Latitude must be between ${UK_BOUNDS.south} and ${UK_BOUNDS.north} (the United Kingdom); check it is not the longitude`,
    })
  }
  if (!Number.isFinite(longitude) || longitude < UK_BOUNDS.west || longitude > UK_BOUNDS.east) {
    problems.push({
      field: 'longitude',
      message: `Longitude must be between ${UK_BOUNDS.west} and ${UK_BOUNDS.east} (the United Kingdom); check it is not the latitude`,
    })
  }
  return problems
}

/** The id of an incident or crime as its module gives it (a UUID in Tally; any plain id up to 100 characters). */
export function isRecordId(value: string): boolean {
  return /^[A-Za-z0-9._:-]{1,100}$/.test(value)
}

/**
 * A date from the GOV.UK date input's three boxes: YYYY-MM-DD, nothing if all three are empty, or a problem
 * to show. The date itself is checked later (real, not in the future) with the rest of the input.
 */
export function dateFromParts(
  day: string | undefined,
  month: string | undefined,
  year: string | undefined,
): { date?: string; problem?: string } {
  const parts = [day, month, year].map((part) => (part ?? '').trim())
  const [d, m, y] = parts as [string, string, string]
  if (parts.every((part) => part === '')) {
    return {}
  }
  const missing = (['day', 'month', 'year'] as const).filter((_, index) => parts[index] === '')
  if (missing.length > 0) {
    return { problem: `Date of birth must include a ${missing.join(' and ')}` }
  }
  if (!/^\d{1,2}$/.test(d) || !/^\d{1,2}$/.test(m) || !/^\d{4}$/.test(y)) {
    return { problem: 'Date of birth must be a real date, with a 4-digit year' }
  }
  return { date: `${y}-${m.padStart(2, '0')}-${d.padStart(2, '0')}` }
}
