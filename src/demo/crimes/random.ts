/** A small deterministic generator (mulberry32): every demo database gets the same history. */
export function mulberry32(seed: number): () => number {
  let state = seed
  return () => {
    state = (state + 0x6d2b79f5) | 0
    let t = Math.imul(state ^ (state >>> 15), 1 | state)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

export function* chunks<T>(items: readonly T[], size: number): Generator<T[]> {
  for (let i = 0; i < items.length; i += size) {
    yield items.slice(i, i + size)
  }
}

/** Random choices over one generator, so a seed gives the same history every time. */
export class Chance {
  constructor(readonly random: () => number) {}

  /** One of the weighted values, each in proportion to its weight. */
  pick<T>(weighted: ReadonlyArray<readonly [T, number]>): T {
    const total = weighted.reduce((sum, [, weight]) => sum + weight, 0)
    let roll = this.random() * total
    for (const [value, weight] of weighted) {
      roll -= weight
      if (roll <= 0) {
        return value
      }
    }
    return weighted.at(-1)![0]
  }

  /** One of the items, each as likely. */
  one<T>(items: readonly T[]): T {
    return items[Math.floor(this.random() * items.length)]!
  }

  /** A wait drawn from an exponential distribution with this mean, in milliseconds. */
  exponential(meanDays: number): number {
    return -Math.log(1 - this.random()) * meanDays * DAY
  }
}

export const HOUR = 3600_000
export const DAY = 24 * HOUR
