/**
 * police.uk open data (DOMAIN.md §7.3, rule 25), pure: the two files' exact headers, the 14 crime types, the
 * outcome strings, how Home Office outcome types 1–22 read on police.uk, how a crime gets its public id and
 * anonymous place, and the checks every row of a file must pass (which the import and the export's own test both
 * use). Nothing here touches the database.
 */
import crypto from 'node:crypto'
import { startOfUkDay } from '../../platform/dates.ts'

export const STREET_HEADER = [
  'Crime ID',
  'Month',
  'Reported by',
  'Falls within',
  'Longitude',
  'Latitude',
  'Location',
  'LSOA code',
  'LSOA name',
  'Crime type',
  'Last outcome category',
  'Context',
] as const

export const OUTCOMES_HEADER = [
  'Crime ID',
  'Month',
  'Reported by',
  'Falls within',
  'Longitude',
  'Latitude',
  'Location',
  'LSOA code',
  'LSOA name',
  'Outcome type',
] as const

export type FileKind = 'street' | 'outcomes'

/** The 14 police.uk crime types (CSV labels), in police.uk's order. */
export const CRIME_TYPES = [
  'Anti-social behaviour',
  'Bicycle theft',
  'Burglary',
  'Criminal damage and arson',
  'Drugs',
  'Other crime',
  'Other theft',
  'Possession of weapons',
  'Public order',
  'Robbery',
  'Shoplifting',
  'Theft from the person',
  'Vehicle crime',
  'Violence and sexual offences',
] as const
export type CrimeType = (typeof CRIME_TYPES)[number]

/** Older police.uk files (before May 2013) also used this type; imported, never exported. */
export const LEGACY_CRIME_TYPES = ['Public disorder and weapons'] as const

export const ASB = 'Anti-social behaviour' satisfies CrimeType

/** The outcome category strings of DOMAIN.md §7.3, and the one CSV variant seen in published files. */
export const OUTCOME_CATEGORIES = [
  'Under investigation',
  'Status update unavailable',
  'Investigation complete; no suspect identified',
  'Unable to prosecute suspect',
  'Formal action is not in the public interest',
  'Further action is not in the public interest',
  'Further investigation is not in the public interest',
  'Action to be taken by another organisation',
  'Local resolution',
  'Offender given a caution',
  'Offender given a drugs possession warning',
  'Offender given a penalty notice',
  'Offender given penalty notice',
  'Suspect charged',
  'Suspect charged as part of another case',
  'Awaiting court outcome',
  'Court result unavailable',
  'Court case unable to proceed',
  'Defendant sent to Crown Court',
  'Defendant found not guilty',
  'Offender sent to prison',
  'Offender given suspended prison sentence',
  'Offender given community sentence',
  'Offender fined',
  'Offender given conditional discharge',
  'Offender given absolute discharge',
  'Offender ordered to pay compensation',
  'Offender deprived of property',
  'Offender otherwise dealt with',
] as const
export type OutcomeCategory = (typeof OUTCOME_CATEGORIES)[number]

/** What police.uk shows for a crime with no outcome yet. */
export const UNDER_INVESTIGATION = 'Under investigation' satisfies OutcomeCategory

/**
 * Home Office outcome type → police.uk outcome category. police.uk's own table was not retrieved (DOMAIN.md §7.3
 * marks it UNCONFIRMED); this is our reading of the two lists, every value from the §7.3 table. Charged (1) reads
 * "Awaiting court outcome" as police.uk shows a charged crime until its court result arrives, which Tally does not
 * hold.
 */
export const OUTCOME_CATEGORY_BY_TYPE: Readonly<Record<number, OutcomeCategory>> = {
  1: 'Awaiting court outcome',
  2: 'Offender given a caution',
  3: 'Offender given a caution',
  4: 'Suspect charged as part of another case',
  5: 'Unable to prosecute suspect',
  6: 'Offender given a penalty notice',
  7: 'Offender given a drugs possession warning',
  8: 'Local resolution',
  9: 'Formal action is not in the public interest',
  10: 'Formal action is not in the public interest',
  11: 'Unable to prosecute suspect',
  12: 'Unable to prosecute suspect',
  13: 'Unable to prosecute suspect',
  14: 'Investigation complete; no suspect identified',
  15: 'Unable to prosecute suspect',
  16: 'Unable to prosecute suspect',
  17: 'Unable to prosecute suspect',
  18: 'Investigation complete; no suspect identified',
  19: 'Investigation complete; no suspect identified',
  20: 'Action to be taken by another organisation',
  21: 'Further investigation is not in the public interest',
  22: 'Further action is not in the public interest',
}

export function outcomeCategoryFor(outcomeType: number | null): OutcomeCategory {
  if (outcomeType === null || outcomeType === 0) {
    return UNDER_INVESTIGATION
  }
  const category = OUTCOME_CATEGORY_BY_TYPE[outcomeType]
  if (!category) {
    throw new Error(`Outcome type ${outcomeType} has no police.uk outcome category`)
  }
  return category
}

const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/

export function isMonth(value: string): boolean {
  return MONTH.test(value)
}

/** The first instant of a month and of the next, in UK time ('YYYY-MM' → [from, to)). */
export function monthBounds(month: string): { from: Date; to: Date } {
  const [year, monthNumber] = month.split('-').map(Number) as [number, number]
  const next = monthNumber === 12 ? `${year + 1}-01` : `${year}-${String(monthNumber + 1).padStart(2, '0')}`
  return { from: startOfUkDay(`${month}-01`), to: startOfUkDay(`${next}-01`) }
}

/** The slug in police.uk file names: "Northamptonshire Police" → "northamptonshire". */
export function forceSlug(forceName: string): string {
  return forceName
    .toLowerCase()
    .replace(/\b(police service of|police|constabulary)\b/g, ' ')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
}

export function fileName(month: string, forceName: string, kind: FileKind): string {
  return `${month}-${forceSlug(forceName)}-${kind}.csv`
}

/**
 * A crime's police.uk Crime ID: 64 hexadecimal characters, the same in every month's street and outcomes files
 * so the two can be joined, and not reversible to anything the force uses. police.uk's ids are SHA-256-like
 * digests whose input is not published; Tally hashes the crime's random internal id (which never leaves the
 * force) with the force code, so nobody can work back from a published id to a crime reference.
 */
export function policeUkCrimeId(forceCode: string, crimeId: string): string {
  return crypto.createHash('sha256').update(`police.uk:${forceCode}:${crimeId}`).digest('hex')
}

export interface MapPoint {
  longitude: number
  latitude: number
  /** "On or near …" */
  location: string
  lsoaCode: string
  lsoaName: string
}

/**
 * The nearest anonymous map point to a place (police.uk snaps every crime to one). Distance on a local flat
 * projection, which orders points correctly over the few kilometres that matter.
 */
export function nearestPoint<P extends MapPoint>(
  points: readonly P[],
  latitude: number,
  longitude: number,
): P | undefined {
  const cos = Math.cos((latitude * Math.PI) / 180)
  let best: P | undefined
  let bestDistance = Infinity
  for (const point of points) {
    const dx = (point.longitude - longitude) * cos
    const dy = point.latitude - latitude
    const distance = dx * dx + dy * dy
    if (distance < bestDistance) {
      bestDistance = distance
      best = point
    }
  }
  return best
}

/** Where a published row says a crime happened. */
export interface PublishedPlace {
  longitude: string
  latitude: string
  location: string
  lsoaCode: string
  lsoaName: string
}

/** police.uk's row for a crime whose place is unknown. */
export const NO_LOCATION: PublishedPlace = {
  longitude: '',
  latitude: '',
  location: 'No Location',
  lsoaCode: '',
  lsoaName: '',
}

export function publishedPlace(point: MapPoint | undefined): PublishedPlace {
  if (!point) {
    return NO_LOCATION
  }
  return {
    longitude: point.longitude.toFixed(6),
    latitude: point.latitude.toFixed(6),
    location: point.location,
    lsoaCode: point.lsoaCode,
    lsoaName: point.lsoaName,
  }
}

/** A crime-type mapping entry: an offence code, or an offence group; null crime type = not published. */
export interface CrimeTypeMapping {
  matchKind: 'code' | 'group'
  matchValue: string
  crimeType: CrimeType | null
}

/** An offence's police.uk crime type: by its code first, then its group; undefined when the mapping has neither. */
export function crimeTypeFor(
  mapping: readonly CrimeTypeMapping[],
  offenceCode: string,
  offenceGroup: string,
): { crimeType: CrimeType | null } | undefined {
  const byCode = mapping.find((entry) => entry.matchKind === 'code' && entry.matchValue === offenceCode)
  const entry = byCode ?? mapping.find((e) => e.matchKind === 'group' && e.matchValue === offenceGroup)
  return entry ? { crimeType: entry.crimeType } : undefined
}

export interface SummaryCounts {
  rows: number
  blank_id: number
  distinct_ids: number
  by_type: Record<string, number>
  by_outcome: Record<string, number>
}

/** The counts `tally police-uk summary` prints, from street rows. */
export function summarise(
  rows: Iterable<{ crimeId: string; crimeType: string; lastOutcomeCategory: string }>,
): SummaryCounts {
  const ids = new Set<string>()
  const summary: SummaryCounts = { rows: 0, blank_id: 0, distinct_ids: 0, by_type: {}, by_outcome: {} }
  for (const row of rows) {
    summary.rows++
    if (row.crimeId === '') {
      summary.blank_id++
    } else {
      ids.add(row.crimeId)
    }
    summary.by_type[row.crimeType] = (summary.by_type[row.crimeType] ?? 0) + 1
    summary.by_outcome[row.lastOutcomeCategory] = (summary.by_outcome[row.lastOutcomeCategory] ?? 0) + 1
  }
  summary.distinct_ids = ids.size
  return summary
}
