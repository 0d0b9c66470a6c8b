/**
 * The arithmetic of a crime-data-integrity audit, as the inspectorate's reports state it (DOMAIN.md §4.2, rule
 * 24): a recording rate with a 95% interval, sample sizes for a target margin of error, a seeded random sample
 * (simple or stratified), the stratified estimator, and the estimated number of crimes not recorded in a year.
 * Pure functions, checked against worked examples in integrity.statistics.test.ts.
 *
 * HMICFRS's exact statistics were not retrieved (§4.2 marks them UNCONFIRMED). Tally uses the Wilson score
 * interval, which behaves at rates near 100% and in small samples where p ± 1.96·√(p(1−p)/n) does not; at the
 * inspectorate's sample sizes the two agree to a hundredth of a point (92.0% ± 1.55 pp from 1,083 of 1,177).
 */

export const Z_95 = 1.959964

export interface Interval {
  /** The point estimate, 0..1 (null when nothing was counted). */
  rate: number | null
  low: number | null
  high: number | null
  /** Half the interval's width, for "± x pp". */
  margin: number | null
  /** The items the rate is over. */
  n: number
}

const EMPTY = (n = 0): Interval => ({ rate: null, low: null, high: null, margin: null, n })

/** The Wilson score interval for `successes` of `n` (n may be an effective sample size, not a whole number). */
export function wilson(successes: number, n: number, z = Z_95): Interval {
  if (n <= 0) {
    return EMPTY()
  }
  const p = successes / n
  const z2n = (z * z) / n
  const centre = (p + z2n / 2) / (1 + z2n)
  const half = (z / (1 + z2n)) * Math.sqrt((p * (1 - p)) / n + (z * z) / (4 * n * n))
  return { rate: p, low: Math.max(0, centre - half), high: Math.min(1, centre + half), margin: half, n }
}

/** The normal-approximation (Wald) interval, p ± z·√(p(1−p)/n): how the inspectorate's reports read. */
export function wald(successes: number, n: number, z = Z_95): Interval {
  if (n <= 0) {
    return EMPTY()
  }
  const p = successes / n
  const margin = z * Math.sqrt((p * (1 - p)) / n)
  return { rate: p, low: Math.max(0, p - margin), high: Math.min(1, p + margin), margin, n }
}

export interface StratumResult {
  stratum: string
  /** Items of the population in this stratum (N_h). */
  population: number
  /** Items audited in this stratum for this measure (n_h). */
  n: number
  successes: number
}

/**
 * The stratified estimator: each stratum's rate weighted by its share of the population, with its variance
 * (finite-population corrected). The interval is Wilson's at the effective sample size p(1−p)/variance, so it
 * stays inside 0..1 like the simple one. Strata with nothing audited drop out and the weights are re-based.
 */
export function stratifiedRate(strata: readonly StratumResult[], z = Z_95): Interval {
  const used = strata.filter((s) => s.n > 0 && s.population > 0)
  const total = used.reduce((sum, s) => sum + s.population, 0)
  const n = used.reduce((sum, s) => sum + s.n, 0)
  if (total === 0 || n === 0) {
    return EMPTY(n)
  }
  let rate = 0
  let variance = 0
  for (const s of used) {
    const weight = s.population / total
    const p = s.successes / s.n
    rate += weight * p
    const fpc = s.population > 1 ? Math.max(0, (s.population - s.n) / (s.population - 1)) : 0
    variance += s.n > 1 ? (weight * weight * fpc * p * (1 - p)) / (s.n - 1) : 0
  }
  if (variance === 0) {
    // Every stratum all one way: no spread to estimate from, so the interval is the simple one on the pooled n.
    const pooled = wilson(rate * n, n, z)
    return { ...pooled, rate }
  }
  const effective = (rate * (1 - rate)) / variance
  const interval = wilson(rate * effective, effective, z)
  return { ...interval, rate, n }
}

/**
 * Items to audit for a margin of error `margin` (e.g. 0.03 for ±3 pp) at 95%, expecting a rate near
 * `expected` (0.5 is the safe guess), with the finite-population correction for a population of `population`.
 */
export function sampleSize(margin: number, population: number, expected = 0.5, z = Z_95): number {
  if (population <= 0) {
    return 0
  }
  const n0 = (z * z * expected * (1 - expected)) / (margin * margin)
  return Math.min(population, Math.ceil(n0 / (1 + (n0 - 1) / population)))
}

/**
 * Shares a sample of `total` between strata in proportion to their populations (largest remainders), at least
 * one from every stratum that has any items, never more than a stratum holds.
 */
export function proportionalAllocation(
  strata: ReadonlyArray<{ stratum: string; population: number }>,
  total: number,
): Array<{ stratum: string; population: number; sample: number }> {
  const N = strata.reduce((sum, s) => sum + s.population, 0)
  if (N === 0) {
    return strata.map((s) => ({ ...s, sample: 0 }))
  }
  const shares = strata.map((s) => {
    const exact = (total * s.population) / N
    const floor = Math.min(s.population, Math.max(s.population > 0 ? 1 : 0, Math.floor(exact)))
    return { ...s, sample: floor, remainder: exact - Math.floor(exact) }
  })
  let left = Math.min(total, N) - shares.reduce((sum, s) => sum + s.sample, 0)
  for (const share of [...shares].sort((a, b) => b.remainder - a.remainder || a.stratum.localeCompare(b.stratum))) {
    if (left <= 0) {
      break
    }
    if (share.sample < share.population) {
      share.sample++
      left--
    }
  }
  return shares.map(({ stratum, population, sample }) => ({ stratum, population, sample }))
}

/** A small, fast, seedable generator (mulberry32): the same seed always draws the same sample. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0
  return () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/**
 * A simple random sample of `size` ids without replacement, by a partial Fisher–Yates shuffle of the ids in
 * sorted order: the result depends only on the ids, the size and the seed (recorded with the audit).
 */
export function drawSample<T extends { id: string }>(items: readonly T[], size: number, seed: number): T[] {
  const pool = [...items].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
  const random = seededRandom(seed)
  const take = Math.min(size, pool.length)
  for (let i = 0; i < take; i++) {
    const j = i + Math.floor(random() * (pool.length - i))
    ;[pool[i], pool[j]] = [pool[j]!, pool[i]!]
  }
  return pool.slice(0, take)
}

export interface UnrecordedEstimate {
  /** Crimes estimated not recorded in the 12 months (central, and at the interval's ends). */
  central: number
  low: number
  high: number
}

/**
 * The inspectorate's scaling (§4.2): if the audit found the force recorded a share `rate` of the crimes it should
 * have, its `recorded` crimes for the 12 months to the end of the audit period stand for recorded/rate crimes,
 * so about recorded·(1/rate − 1) went unrecorded. The interval's high rate gives the low estimate.
 */
export function estimatedUnrecorded(recorded: number, interval: Interval): UnrecordedEstimate | null {
  if (interval.rate === null || interval.rate <= 0 || interval.low === null || interval.high === null) {
    return null
  }
  const unrecorded = (rate: number) => (rate <= 0 ? Number.POSITIVE_INFINITY : Math.round(recorded * (1 / rate - 1)))
  return { central: unrecorded(interval.rate), low: unrecorded(interval.high), high: unrecorded(interval.low) }
}

/** "92.0% ± 1.55 pp" — how an inspection report states a rate. */
export function describeInterval(interval: Interval): string {
  if (interval.rate === null || interval.margin === null) {
    return 'Not enough verdicts yet'
  }
  return `${(interval.rate * 100).toFixed(1)}% ± ${(interval.margin * 100).toFixed(2)} pp`
}
