import { describe, expect, it } from 'vitest'
import { LABELLED_NARRATIVES } from '../../../test/fixtures/integrity/narratives.ts'
import { Detector, features, stem, train } from './integrity.detector.ts'
import { INDICATORS } from './integrity.lexicon.ts'

describe('the uncrimed-incident detector', () => {
  const detector = new Detector()

  it.each([
    ['punched', 'punch'],
    ['punches', 'punch'],
    ['punching', 'punch'],
    ['stolen', 'steal'],
    ['robbed', 'rob'],
    ['damaged', 'damag'],
    ['damage', 'damag'],
    ['injuries', 'injury'],
    ['kicked', 'kick'],
    ['assaulted', 'assault'],
  ])('stems %s as %s', (word, expected) => {
    expect(stem(word)).toBe(expected)
  })

  it('meets every two-word lexicon phrase as written (none is unreachable)', () => {
    for (const indicator of INDICATORS.filter((i) => i.term.includes(' '))) {
      const assessment = detector.assess(indicator.term)
      expect(
        assessment.contributions.map((c) => c.reason),
        indicator.term,
      ).toContain(indicator.reason)
    }
  })

  it('separates crimes from non-crimes on its own labelled narratives, with the right group', () => {
    const wrong = LABELLED_NARRATIVES.filter((n) => detector.assess(n.text).crimeIndicative !== n.crime)
    expect(wrong.map((n) => n.text)).toEqual([])
    for (const n of LABELLED_NARRATIVES.filter((x) => x.group)) {
      expect(detector.assess(n.text).offenceGroup, n.text).toBe(n.group)
    }
  })

  it('gives its reasons in words, strongest first, with each one’s weight', () => {
    const a = detector.assess('Unknown person punched the caller and stole her phone', 'concern-for-safety')
    expect(a.crimeIndicative).toBe(true)
    expect(a.reasons[0]).toMatch(/“stole”: something was stolen \(\+3\.5\)/)
    expect(a.reasons).toContain('“punched”: someone was punched (+3.0)')
    const n = detector.assess('Caller lost her purse in town')
    expect(n).toMatchObject({ crimeIndicative: false, offenceGroup: null })
    expect(n.reasons[0]).toMatch(/lost property/)
  })

  it('weighs the category: a crime category lifts a thin narrative, a clearly non-crime one lowers it', () => {
    const text = 'Caller reports an incident at the park'
    expect(detector.assess(text, 'crime-violence').score).toBeGreaterThan(detector.assess(text).score)
    expect(detector.assess(text, 'lost-found-property').score).toBeLessThan(detector.assess(text).score)
  })

  it('learns words and phrases from verdicts, and only moves what they share', () => {
    const learnt = train([
      { text: 'Tenant says landlord kept his deposit', crime: true },
      { text: 'Tenant says landlord kept his deposit again', crime: true },
      { text: 'Caller lost her purse in town', crime: false },
    ])
    const trained = new Detector(learnt)
    expect(trained.assess('Landlord kept the deposit').score).toBeGreaterThan(
      detector.assess('Landlord kept the deposit').score,
    )
    expect(trained.assess('Man punched in the face').score).toBeCloseTo(
      detector.assess('Man punched in the face').score,
      1,
    )
    expect(Object.keys(learnt.weights)).toEqual(expect.arrayContaining(['deposit', 'landlord kept']))
  })

  it('reads features as stems and two-stem phrases', () => {
    expect(features('Bikes stolen')).toEqual(['bike', 'steal', 'bike steal'])
  })
})
