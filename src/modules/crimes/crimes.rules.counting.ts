import crypto from 'node:crypto'
import { normaliseName } from '../people/index.ts'

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
