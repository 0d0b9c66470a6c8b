/**
 * The demo force's mix of crime types and outcomes, computed once from police.uk street-level crime files and
 * kept here so nothing reads the source files at run time.
 *
 * Contains public sector information licensed under the Open Government Licence v3.0 (data.police.uk).
 *
 * - Crime types: 2024-04 Northamptonshire and Leicestershire street files, 15,146 rows of which 1,975
 *   anti-social behaviour (13.0%) and 13,171 crimes.
 * - Outcomes: 2019-02 Northamptonshire and Leicestershire street files (old enough for most outcomes to be
 *   final), 12,000 crimes with an outcome; "Status update unavailable" (152) left out.
 *
 * The police.uk categories are broader than Home Office codes and outcome numbers. How each category is spread
 * over offence codes, and how each police.uk outcome maps to a Home Office outcome type, is Tally's own
 * judgement for demonstration data (the official mappings were not retrieved: DOMAIN.md §7.3), not data.
 */

/** Crimes per police.uk crime type (2024-04, two forces). */
export const CRIME_TYPE_COUNTS = {
  'Violence and sexual offences': 5574,
  'Criminal damage and arson': 1249,
  'Public order': 1203,
  Shoplifting: 1150,
  'Other theft': 1017,
  'Vehicle crime': 960,
  Burglary: 686,
  Drugs: 482,
  'Other crime': 334,
  'Possession of weapons': 157,
  'Bicycle theft': 142,
  Robbery: 137,
  'Theft from the person': 80,
} as const

export type CrimeType = keyof typeof CRIME_TYPE_COUNTS

/** Anti-social behaviour reports per crime in the same files: 1,975 / 13,171. */
export const ASB_PER_CRIME = 1975 / 13171

/** Final outcomes per police.uk category (2019-02, two forces). */
export const OUTCOME_COUNTS: Record<string, number> = {
  'Investigation complete; no suspect identified': 5300,
  'Unable to prosecute suspect': 4476,
  'Court result unavailable': 603,
  'Local resolution': 323,
  'Formal action is not in the public interest': 253,
  'Action to be taken by another organisation': 234,
  'Further investigation is not in the public interest': 185,
  'Offender given a caution': 123,
  'Offender sent to prison': 76,
  'Offender given community sentence': 59,
  'Offender given conditional discharge': 41,
  'Offender fined': 32,
  'Court case unable to proceed': 31,
  'Offender given suspended prison sentence': 28,
  'Offender given a drugs possession warning': 25,
  'Defendant found not guilty': 24,
  'Suspect charged as part of another case': 13,
  'Defendant sent to Crown Court': 5,
  'Offender otherwise dealt with': 5,
  'Offender ordered to pay compensation': 4,
  'Awaiting court outcome': 3,
  'Offender deprived of property': 2,
  'Further action is not in the public interest': 2,
  'Offender given penalty notice': 1,
}

/**
 * Home Office outcome types for each police.uk outcome (Tally's reading). Court results all follow a charge
 * (outcome 1). "Unable to prosecute suspect" covers the evidential-difficulty outcomes 14–16, split by weight.
 */
export const OUTCOME_MAPPING: Record<string, ReadonlyArray<readonly [outcome: number, weight: number]>> = {
  'Investigation complete; no suspect identified': [[18, 1]],
  'Unable to prosecute suspect': [
    [16, 0.5],
    [15, 0.35],
    [14, 0.15],
  ],
  'Local resolution': [[8, 1]],
  'Formal action is not in the public interest': [[10, 1]],
  'Action to be taken by another organisation': [[20, 1]],
  'Further investigation is not in the public interest': [[21, 1]],
  'Offender given a caution': [
    [3, 0.8],
    [2, 0.2],
  ],
  'Offender given a drugs possession warning': [[7, 1]],
  'Further action is not in the public interest': [[22, 1]],
  'Offender given penalty notice': [[6, 1]],
}
/** Every other listed outcome is a court result: the crime was charged (outcome 1). */
export const COURT_OUTCOME = 1

/**
 * How each police.uk type spreads over Home Office offence codes in the demo (Tally's judgement), and whether
 * the offence has a person as victim (state-based offences and shoplifting from a business have none).
 */
export const OFFENCE_CODES_BY_TYPE: Record<CrimeType, ReadonlyArray<readonly [code: string, weight: number]>> = {
  'Violence and sexual offences': [
    ['105A', 30],
    ['8N', 22],
    ['8L', 12],
    ['8R', 12],
    ['8Q', 5],
    ['104', 4],
    ['3B', 3],
    ['20A', 3],
    ['19C', 2],
    ['105B', 2],
    ['11A', 2],
    ['5D', 1],
    ['8M', 1],
    ['8S', 1],
  ],
  'Criminal damage and arson': [
    ['58C', 35],
    ['58A', 30],
    ['58D', 15],
    ['58B', 12],
    ['56B', 6],
    ['58J', 2],
  ],
  'Public order': [
    ['9A', 85],
    ['9B', 12],
    ['62A', 3],
  ],
  Shoplifting: [['46', 1]],
  'Other theft': [
    ['49', 65],
    ['49A', 15],
    ['40', 8],
    ['41', 4],
    ['35', 3],
    ['42', 3],
    ['43', 1],
    ['47', 1],
  ],
  'Vehicle crime': [
    ['45', 55],
    ['48', 30],
    ['126', 12],
    ['37.2', 3],
  ],
  Burglary: [
    ['28E', 50],
    ['28F', 10],
    ['30C', 30],
    ['30D', 8],
    ['29A', 2],
  ],
  Drugs: [
    ['92E', 55],
    ['92D', 25],
    ['92A', 20],
  ],
  'Other crime': [
    ['802', 20],
    ['59', 20],
    ['99', 25],
    ['33', 10],
    ['54', 10],
    ['79', 5],
    ['83', 5],
    ['61A', 5],
  ],
  'Possession of weapons': [
    ['10D', 60],
    ['10C', 25],
    ['10B', 10],
    ['90', 5],
  ],
  'Bicycle theft': [['44', 1]],
  Robbery: [
    ['34B', 88],
    ['34A', 12],
  ],
  'Theft from the person': [['39', 1]],
}

/** Offences recorded with no person as the victim. */
export const NO_PERSON_VICTIM = new Set([
  '46',
  '92E',
  '92D',
  '92A',
  '10D',
  '10C',
  '10B',
  '90',
  '802',
  '83',
  '79',
  '61A',
  '33',
  '54',
  '99',
  '34A',
  '30C',
  '30D',
])

/** The incident category a report of each type opens under. */
export const INCIDENT_CATEGORY_BY_TYPE: Record<CrimeType, string> = {
  'Violence and sexual offences': 'crime-violence',
  'Criminal damage and arson': 'crime-damage',
  'Public order': 'crime-public-order',
  Shoplifting: 'crime-theft',
  'Other theft': 'crime-theft',
  'Vehicle crime': 'crime-vehicle',
  Burglary: 'crime-burglary',
  Drugs: 'crime-drugs',
  'Other crime': 'crime-other',
  'Possession of weapons': 'crime-weapons',
  'Bicycle theft': 'crime-theft',
  Robbery: 'crime-robbery',
  'Theft from the person': 'crime-theft',
}
