import { describe, expect, it } from 'vitest'
import {
  describeInterval,
  drawSample,
  estimatedUnrecorded,
  proportionalAllocation,
  sampleSize,
  stratifiedRate,
  wald,
  wilson,
} from './integrity.statistics.ts'

const pp = (x: number | null) => Math.round((x ?? NaN) * 10000) / 100

describe('rule 24: the audit’s statistics, against worked examples', () => {
  it.each([
    // Northamptonshire 2020 (audit 1 Jun – 30 Nov 2019): 92.0% ± 1.55 pp — 1,083 of 1,177 recorded.
    { name: 'Northamptonshire 2020', successes: 1083, n: 1177, rate: 92.01, margin: 1.55, low: 90.32, high: 93.43 },
    // Northumbria 2016: 92.72% ± 1.56 pp — a sample of about 1,065 (988 recorded) gives the same margin.
    { name: 'Northumbria 2016', successes: 988, n: 1065, rate: 92.77, margin: 1.56, low: 91.06, high: 94.18 },
    // The 2014 national audit’s 81%, on a sample of 100.
    { name: '81 of 100', successes: 81, n: 100, rate: 81, margin: 7.63, low: 72.22, high: 87.49 },
    { name: 'none of 10', successes: 0, n: 10, rate: 0, margin: 13.88, low: 0, high: 27.75 },
    { name: 'all of 10', successes: 10, n: 10, rate: 100, margin: 13.88, low: 72.25, high: 100 },
  ])('rule 24: $name — Wilson 95% interval', ({ successes, n, rate, margin, low, high }) => {
    const interval = wilson(successes, n)
    expect(pp(interval.rate)).toBe(rate)
    expect(pp(interval.margin)).toBe(margin)
    expect(pp(interval.low)).toBe(low)
    expect(pp(interval.high)).toBe(high)
  })

  it('agrees with the inspectorate’s p ± 1.96·√(p(1−p)/n) at its sample sizes: 92.0% ± 1.55 pp', () => {
    expect(describeInterval(wald(1083, 1177))).toBe('92.0% ± 1.55 pp')
    expect(describeInterval(wilson(1083, 1177))).toBe('92.0% ± 1.55 pp')
    expect(describeInterval(wilson(0, 0))).toBe('Not enough verdicts yet')
  })

  it.each([
    { margin: 0.03, population: 1e9, expected: 0.5, n: 1068 },
    { margin: 0.03, population: 2000, expected: 0.5, n: 697 },
    { margin: 0.0155, population: 1e9, expected: 0.92, n: 1177 },
    { margin: 0.05, population: 100, expected: 0.5, n: 80 },
    { margin: 0.05, population: 0, expected: 0.5, n: 0 },
  ])('rule 24: sample size for ±$margin at 95% from $population (expecting $expected) is $n', (row) => {
    expect(sampleSize(row.margin, row.population, row.expected)).toBe(row.n)
  })

  it('rule 24: the stratified estimator weights each stratum by its population, with the finite-population correction', () => {
    const interval = stratifiedRate([
      { stratum: '999', population: 6000, n: 60, successes: 54 },
      { stratum: '101', population: 4000, n: 40, successes: 30 },
    ])
    expect(pp(interval.rate)).toBe(84)
    expect(pp(interval.margin)).toBe(7.06)
    expect(pp(interval.low)).toBe(75.72)
    expect(pp(interval.high)).toBe(89.84)
    // The unweighted rate (84 of 100) would be the same here only by chance; shift the weights and it moves.
    const shifted = stratifiedRate([
      { stratum: '999', population: 9000, n: 60, successes: 54 },
      { stratum: '101', population: 1000, n: 40, successes: 30 },
    ])
    expect(pp(shifted.rate)).toBe(88.5)
  })

  it('shares a stratified sample in proportion, at least one from each stratum', () => {
    expect(
      proportionalAllocation(
        [
          { stratum: 'a', population: 6000 },
          { stratum: 'b', population: 3990 },
          { stratum: 'c', population: 10 },
          { stratum: 'd', population: 0 },
        ],
        100,
      ).map((s) => s.sample),
    ).toEqual([60, 39, 1, 0])
  })

  it('draws the same sample from the same seed, and a different one from another', () => {
    const items = [...'abcdefghijklmnop'].map((id) => ({ id }))
    const first = drawSample(items, 5, 42)
    expect(drawSample([...items].reverse(), 5, 42)).toEqual(first)
    expect(drawSample(items, 5, 43)).not.toEqual(first)
    expect(new Set(first.map((i) => i.id)).size).toBe(5)
    expect(drawSample(items, 50, 1)).toHaveLength(16)
  })

  it.each([
    { recorded: 50000, successes: 1083, n: 1177, central: 4340, low: 3517, high: 5356 },
    { recorded: 60000, successes: 81, n: 100, central: 14074, low: 8583, high: 23078 },
  ])(
    'rule 24: scales to $recorded recorded crimes in the 12 months: $central not recorded ($low to $high)',
    ({ recorded, successes, n, central, low, high }) => {
      expect(estimatedUnrecorded(recorded, wilson(successes, n))).toEqual({ central, low, high })
    },
  )
})
