import { describe, expect, it } from 'vitest'
import { NATIONAL_FORCES, NATIONAL_YEAR_CRIMES, nationalShares, shareOut } from './national-forces.ts'

describe('shareOut (largest remainder)', () => {
  it.each([
    { total: 10, weights: [1, 1, 1], shares: [4, 3, 3] },
    { total: 10, weights: [1, 2, 2], shares: [2, 4, 4] },
    { total: 7, weights: [5, 3, 2], shares: [4, 2, 1] },
    { total: 100, weights: [1, 1, 1], shares: [34, 33, 33] },
    { total: 1, weights: [1, 3], shares: [0, 1] },
    { total: 0, weights: [2, 5], shares: [0, 0] },
    { total: 5, weights: [0, 1], shares: [0, 5] },
    { total: 3, weights: [930, 9, 46], shares: [3, 0, 0] },
    { total: 6, weights: [0.5, 0.25, 0.25], shares: [3, 2, 1] },
  ])('shares $total by $weights as $shares', ({ total, weights, shares }) => {
    const result = shareOut(total, weights)
    expect(result).toEqual(shares)
    expect(result.reduce((sum, share) => sum + share, 0)).toBe(total)
  })

  it.each([
    { total: -1, weights: [1] },
    { total: 1.5, weights: [1] },
    { total: 10, weights: [] },
    { total: 10, weights: [0, 0] },
    { total: 10, weights: [1, -1] },
  ])('refuses to share $total by $weights', ({ total, weights }) => {
    expect(() => shareOut(total, weights)).toThrow(RangeError)
  })

  it('never strays from a force’s exact share by a whole one, and always adds up', () => {
    const weights = NATIONAL_FORCES.map((force) => force.recordedCrime)
    const sum = weights.reduce((acc, weight) => acc + weight, 0)
    for (const total of [1, 43, 330, 3_300, 66_000, 660_000, 6_600_000]) {
      const shares = shareOut(total, weights)
      expect(shares.reduce((acc, share) => acc + share, 0)).toBe(total)
      shares.forEach((share, index) => expect(Math.abs(share - (total * weights[index]!) / sum)).toBeLessThan(1))
    }
  })
})

describe('the national forces', () => {
  it('are the 43 territorial forces of England and Wales, each with its own code', () => {
    expect(NATIONAL_FORCES).toHaveLength(43)
    expect(new Set(NATIONAL_FORCES.map((force) => force.code)).size).toBe(43)
    expect(new Set(NATIONAL_FORCES.map((force) => force.name)).size).toBe(43)
    for (const force of NATIONAL_FORCES) {
      expect(force.code).toMatch(/^[A-Z]{3}$/)
    }
  })

  it('are millions of crimes in all (weights only: they are approximate), the Met the largest', () => {
    const total = NATIONAL_FORCES.reduce((sum, force) => sum + force.recordedCrime, 0)
    expect(Math.abs(total - NATIONAL_YEAR_CRIMES) / NATIONAL_YEAR_CRIMES).toBeLessThan(0.25)
    const largest = [...NATIONAL_FORCES].sort((a, b) => b.recordedCrime - a.recordedCrime)[0]!
    expect(largest.code).toBe('MET')
  })

  it.each([
    { scale: 1, total: 6_600_000 },
    { scale: 0.1, total: 660_000 },
    { scale: 0.01, total: 66_000 },
    { scale: 0.0005, total: 3_300 },
  ])('makes $total crimes at scale $scale', ({ scale, total }) => {
    const shares = nationalShares(scale)
    expect(shares.reduce((sum, force) => sum + force.crimes, 0)).toBe(total)
  })
})
