/**
 * The 43 territorial police forces of England and Wales, with the share of the national year of recorded crime
 * each holds, for `tally generate --national`.
 *
 * The figures are each force's police recorded crime (excluding fraud and computer misuse, which Action Fraud
 * records nationally) for the year ending March 2024, after the ONS "Police Force Area data tables", rounded and
 * APPROXIMATE (they were not copied from the published table cell by cell, and add up to about 5.5 million where
 * England and Wales recorded about 6.6 million such crimes that year). They serve only as the forces' relative
 * sizes (the Metropolitan Police about a sixth of the total, the City of London about a six-hundredth): the
 * national year generated is NATIONAL_YEAR_CRIMES shared out in proportion to them. Check them against the ONS
 * table before quoting any one force's figure.
 *
 * Codes are Tally's own three-letter codes (the force code convention: letters, digits or hyphens, 2 to 20), and
 * double as each force's crime reference prefix.
 */
export interface NationalForce {
  code: string
  name: string
  /** Approximate recorded crime, year ending March 2024 (see above). */
  recordedCrime: number
}

export const NATIONAL_YEAR_CRIMES = 6_600_000

export const NATIONAL_FORCES: readonly NationalForce[] = [
  { code: 'AVS', name: 'Avon and Somerset Constabulary', recordedCrime: 150_000 },
  { code: 'BED', name: 'Bedfordshire Police', recordedCrime: 56_000 },
  { code: 'CAM', name: 'Cambridgeshire Constabulary', recordedCrime: 72_000 },
  { code: 'CHS', name: 'Cheshire Constabulary', recordedCrime: 90_000 },
  { code: 'COL', name: 'City of London Police', recordedCrime: 9_000 },
  { code: 'CLE', name: 'Cleveland Police', recordedCrime: 80_000 },
  { code: 'CUM', name: 'Cumbria Constabulary', recordedCrime: 37_000 },
  { code: 'DER', name: 'Derbyshire Constabulary', recordedCrime: 85_000 },
  { code: 'DCP', name: 'Devon and Cornwall Police', recordedCrime: 110_000 },
  { code: 'DOR', name: 'Dorset Police', recordedCrime: 48_000 },
  { code: 'DUR', name: 'Durham Constabulary', recordedCrime: 60_000 },
  { code: 'DYP', name: 'Dyfed-Powys Police', recordedCrime: 35_000 },
  { code: 'ESX', name: 'Essex Police', recordedCrime: 165_000 },
  { code: 'GLO', name: 'Gloucestershire Constabulary', recordedCrime: 46_000 },
  { code: 'GMP', name: 'Greater Manchester Police', recordedCrime: 335_000 },
  { code: 'GWE', name: 'Gwent Police', recordedCrime: 55_000 },
  { code: 'HAM', name: 'Hampshire and Isle of Wight Constabulary', recordedCrime: 165_000 },
  { code: 'HRT', name: 'Hertfordshire Constabulary', recordedCrime: 95_000 },
  { code: 'HUM', name: 'Humberside Police', recordedCrime: 100_000 },
  { code: 'KEN', name: 'Kent Police', recordedCrime: 180_000 },
  { code: 'LAN', name: 'Lancashire Constabulary', recordedCrime: 140_000 },
  { code: 'LEI', name: 'Leicestershire Police', recordedCrime: 85_000 },
  { code: 'LIN', name: 'Lincolnshire Police', recordedCrime: 50_000 },
  { code: 'MER', name: 'Merseyside Police', recordedCrime: 150_000 },
  { code: 'MET', name: 'Metropolitan Police Service', recordedCrime: 930_000 },
  { code: 'NFK', name: 'Norfolk Constabulary', recordedCrime: 60_000 },
  { code: 'NWP', name: 'North Wales Police', recordedCrime: 55_000 },
  { code: 'NYP', name: 'North Yorkshire Police', recordedCrime: 46_000 },
  { code: 'NTH', name: 'Northamptonshire Police', recordedCrime: 62_000 },
  { code: 'NTB', name: 'Northumbria Police', recordedCrime: 160_000 },
  { code: 'NTT', name: 'Nottinghamshire Police', recordedCrime: 100_000 },
  { code: 'SWP', name: 'South Wales Police', recordedCrime: 130_000 },
  { code: 'SYP', name: 'South Yorkshire Police', recordedCrime: 150_000 },
  { code: 'STF', name: 'Staffordshire Police', recordedCrime: 95_000 },
  { code: 'SFK', name: 'Suffolk Constabulary', recordedCrime: 50_000 },
  { code: 'SRY', name: 'Surrey Police', recordedCrime: 75_000 },
  { code: 'SSX', name: 'Sussex Police', recordedCrime: 145_000 },
  { code: 'TVP', name: 'Thames Valley Police', recordedCrime: 200_000 },
  { code: 'WAR', name: 'Warwickshire Police', recordedCrime: 45_000 },
  { code: 'WMC', name: 'West Mercia Police', recordedCrime: 105_000 },
  { code: 'WMP', name: 'West Midlands Police', recordedCrime: 340_000 },
  { code: 'WYP', name: 'West Yorkshire Police', recordedCrime: 330_000 },
  { code: 'WIL', name: 'Wiltshire Police', recordedCrime: 46_000 },
]

/**
 * Shares `total` out in proportion to `weights`, in whole numbers that add up to exactly `total`: each gets the
 * whole part of its exact share, and what is left goes one at a time to the largest remainders (ties to the
 * earlier). So a force's count never differs from its exact share by a whole one.
 */
export function shareOut(total: number, weights: readonly number[]): number[] {
  if (!Number.isInteger(total) || total < 0) {
    throw new RangeError(`Cannot share out ${total}: it must be a whole number, 0 or more`)
  }
  const sum = weights.reduce((acc, weight) => acc + weight, 0)
  if (weights.length === 0 || sum <= 0 || weights.some((weight) => !(weight >= 0))) {
    throw new RangeError('Share out by at least one weight, none negative, some above 0')
  }
  const exact = weights.map((weight) => (total * weight) / sum)
  const shares = exact.map(Math.floor)
  let left = total - shares.reduce((acc, share) => acc + share, 0)
  const byRemainder = exact
    .map((value, index) => ({ index, remainder: value - Math.floor(value) }))
    .sort((a, b) => b.remainder - a.remainder || a.index - b.index)
  for (const { index } of byRemainder) {
    if (left === 0) {
      break
    }
    shares[index]! += 1
    left -= 1
  }
  return shares
}

/** Each force's crimes for `scale` of a national year (0.01: 1%, 66,000 crimes). */
export function nationalShares(scale: number): Array<NationalForce & { crimes: number }> {
  const total = Math.round(NATIONAL_YEAR_CRIMES * scale)
  const shares = shareOut(
    total,
    NATIONAL_FORCES.map((force) => force.recordedCrime),
  )
  return NATIONAL_FORCES.map((force, index) => ({ ...force, crimes: shares[index]! }))
}
