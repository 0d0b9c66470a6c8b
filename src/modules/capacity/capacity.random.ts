/**
 * A small seeded random source for the forecast's simulated futures. The same seed always gives the same band,
 * so a forecast can be re-run, tested and compared. Mulberry32 (a 32-bit generator) is ample for a few hundred
 * simulated 12-week paths, and avoids a dependency for ten lines of arithmetic.
 */
export interface Random {
  /** A number in [0, 1). */
  next(): number
}

export function seededRandom(seed: number): Random {
  let state = seed >>> 0
  return {
    next() {
      state = (state + 0x6d2b79f5) >>> 0
      let t = state
      t = Math.imul(t ^ (t >>> 15), t | 1)
      t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
      return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296
    },
  }
}

function standardNormal(random: Random): number {
  // Box–Muller; 1 - u keeps the logarithm away from zero.
  const u = 1 - random.next()
  const v = random.next()
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v)
}

/**
 * A Poisson count with mean `mean`. Knuth's product method for small means; for large ones the normal
 * approximation (rounded, never negative), whose error is negligible beside the uncertainty in the mean itself.
 */
export function poisson(random: Random, mean: number): number {
  if (!(mean > 0)) {
    return 0
  }
  if (mean >= 30) {
    return Math.max(0, Math.round(mean + Math.sqrt(mean) * standardNormal(random)))
  }
  const limit = Math.exp(-mean)
  let count = 0
  let product = random.next()
  while (product > limit) {
    count += 1
    product *= random.next()
  }
  return count
}

/** A gamma-distributed number (Marsaglia and Tsang's method), mean shape × scale. */
export function gamma(random: Random, shape: number, scale: number): number {
  if (shape < 1) {
    // Boost the shape and correct: Gamma(a) = Gamma(a + 1) · U^(1/a).
    return gamma(random, shape + 1, scale) * Math.pow(1 - random.next(), 1 / shape)
  }
  const d = shape - 1 / 3
  const c = 1 / Math.sqrt(9 * d)
  for (;;) {
    let x: number
    let v: number
    do {
      x = standardNormal(random)
      v = 1 + c * x
    } while (v <= 0)
    v = v * v * v
    const u = 1 - random.next()
    if (Math.log(u) < 0.5 * x * x + d - d * v + d * Math.log(v)) {
      return d * v * scale
    }
  }
}

/**
 * A count with mean `mean` and variance `dispersion × mean`: Poisson when dispersion is 1, otherwise negative
 * binomial (a Poisson whose mean is itself gamma-distributed), because real daily arrivals vary more than a
 * Poisson process would.
 */
export function overdispersedCount(random: Random, mean: number, dispersion: number): number {
  if (!(mean > 0)) {
    return 0
  }
  if (dispersion <= 1.000_001) {
    return poisson(random, mean)
  }
  const extra = dispersion - 1
  return poisson(random, gamma(random, mean / extra, extra))
}
