import { describe, expect, it } from 'vitest'
import {
  addYears,
  crimeCategory,
  crimeReviewDate,
  DEFAULT_SCHEDULES,
  personReviewDate,
  reviewProblems,
  scheduledOrReviewed,
  scheduleProblems,
  type CrimeForRetention,
  type RetentionCategory,
} from './retention.rules.ts'

describe('rule 21: every crime has a retention category from its offence and outcome', () => {
  const cases: Array<[string, CrimeForRetention, RetentionCategory]> = [
    ['rape', { offenceGroup: 'rape', offenceCode: '19C', outcomeType: null }, 'public_protection'],
    [
      'other sexual offence',
      { offenceGroup: 'other-sexual-offences', offenceCode: '17A', outcomeType: 1 },
      'public_protection',
    ],
    [
      'homicide',
      { offenceGroup: 'violence-against-the-person', offenceCode: '1-4.1-4.10-4.2', outcomeType: null },
      'public_protection',
    ],
    [
      'attempted murder',
      { offenceGroup: 'violence-with-injury', offenceCode: '2', outcomeType: 18 },
      'public_protection',
    ],
    [
      'wounding with intent',
      { offenceGroup: 'violence-with-injury', offenceCode: '5D', outcomeType: 1 },
      'public_protection',
    ],
    ['assault with injury', { offenceGroup: 'violence-with-injury', offenceCode: '8N', outcomeType: 1 }, 'serious'],
    ['robbery, undetected', { offenceGroup: 'robbery', offenceCode: '34B', outcomeType: 18 }, 'serious'],
    ['domestic burglary', { offenceGroup: 'domestic-burglary', offenceCode: '28E', outcomeType: null }, 'serious'],
    [
      'other theft, charged',
      { offenceGroup: 'other-theft-offences', offenceCode: '49', outcomeType: 1 },
      'other_offence',
    ],
    [
      'other theft, open',
      { offenceGroup: 'other-theft-offences', offenceCode: '49', outcomeType: null },
      'other_offence',
    ],
    [
      'other theft, no suspect (18)',
      { offenceGroup: 'other-theft-offences', offenceCode: '49', outcomeType: 18 },
      'undetected',
    ],
    [
      'criminal damage, no suspect (14)',
      { offenceGroup: 'criminal-damage', offenceCode: '58A', outcomeType: 14 },
      'undetected',
    ],
    [
      'criminal damage, victim declined (16)',
      { offenceGroup: 'criminal-damage', offenceCode: '58A', outcomeType: 16 },
      'other_offence',
    ],
  ]
  it.each(cases)('%s', (_name, crime, category) => {
    expect(crimeCategory(crime)).toBe(category)
  })
})

describe('rule 21: next review dates follow the force’s schedule, at least six years by default', () => {
  it('defaults: no category is reviewed sooner than six years', () => {
    expect(Math.min(...DEFAULT_SCHEDULES.map((schedule) => schedule.reviewAfterYears))).toBeGreaterThanOrEqual(6)
  })

  it.each([
    ['2026-11-26', 6, '2032-11-26'],
    ['2024-02-29', 6, '2030-02-28'],
    ['2024-02-29', 4, '2028-02-29'],
    ['2019-12-31', 10, '2029-12-31'],
  ])('%s plus %i years is %s', (from, years, expected) => {
    expect(addYears(from, years)).toBe(expected)
  })

  it.each([
    ['other theft', { offenceGroup: 'other-theft-offences', offenceCode: '49', outcomeType: 1 }, '2032-03-01'],
    ['rape', { offenceGroup: 'rape', offenceCode: '19C', outcomeType: null }, '2036-03-01'],
    [
      'assault with injury',
      { offenceGroup: 'violence-with-injury', offenceCode: '8N', outcomeType: null },
      '2036-03-01',
    ],
  ])('a crime of %s last changed on 1 March 2026 is next reviewed on %s', (_name, crime, expected) => {
    expect(crimeReviewDate({ ...crime, lastChangedOn: '2026-03-01' }, DEFAULT_SCHEDULES).nextReviewOn).toBe(expected)
  })

  it('uses the force’s own period when it changed one', () => {
    const schedules = DEFAULT_SCHEDULES.map((s) => (s.category === 'other_offence' ? { ...s, reviewAfterYears: 7 } : s))
    const crime = {
      offenceGroup: 'other-theft-offences',
      offenceCode: '49',
      outcomeType: 1,
      lastChangedOn: '2026-03-01',
    }
    expect(crimeReviewDate(crime, schedules)).toEqual({
      category: 'other_offence',
      countsFrom: '2026-03-01',
      nextReviewOn: '2033-03-01',
    })
  })

  it.each([
    ['linked to no crime', [], { category: 'other_offence', countsFrom: '2025-01-10', nextReviewOn: '2031-01-10' }],
    [
      'linked to a theft and a rape: the rape’s category and the later date',
      [
        { category: 'other_offence', countsFrom: '2026-05-01', nextReviewOn: '2032-05-01' },
        { category: 'public_protection', countsFrom: '2025-06-01', nextReviewOn: '2035-06-01' },
      ],
      { category: 'public_protection', countsFrom: '2026-05-01', nextReviewOn: '2035-06-01' },
    ],
  ])('a person %s', (_name, crimes, expected) => {
    expect(personReviewDate({ lastChangedOn: '2025-01-10' }, crimes, DEFAULT_SCHEDULES)).toEqual(expected)
  })

  it.each([
    ['never reviewed: the schedule’s date', '2032-01-01', null, '2032-01-01'],
    ['reviewed: the reviewer’s date stands', '2032-01-01', '2029-06-30', '2029-06-30'],
  ])('%s', (_name, scheduled, reviewed, expected) => {
    expect(scheduledOrReviewed(scheduled, reviewed)).toBe(expected)
  })
})

describe('rule 21: a review cannot complete without a decision', () => {
  const today = '2026-11-26'
  it.each([
    ['no decision at all', { decision: '', reason: '', nextReviewOn: '' }, ['decision']],
    ['a decision that is not one', { decision: 'archive', reason: 'x', nextReviewOn: '2030-01-01' }, ['decision']],
    ['retain with no reason', { decision: 'retain', reason: ' ', nextReviewOn: '2030-01-01' }, ['reason']],
    ['retain with no date', { decision: 'retain', reason: 'Risk remains', nextReviewOn: '' }, ['nextReviewOn']],
    [
      'retain with a date that is not one',
      { decision: 'retain', reason: 'Risk', nextReviewOn: '2030-02-30' },
      ['nextReviewOn'],
    ],
    ['retain until today', { decision: 'retain', reason: 'Risk remains', nextReviewOn: today }, ['nextReviewOn']],
    ['retain for over 100 years', { decision: 'retain', reason: 'Risk', nextReviewOn: '2127-01-01' }, ['nextReviewOn']],
    ['retain with nothing else', { decision: 'retain', reason: '', nextReviewOn: '' }, ['reason', 'nextReviewOn']],
    ['retain, complete', { decision: 'retain', reason: 'Risk remains', nextReviewOn: '2031-11-26' }, []],
    ['dispose, no reason needed', { decision: 'dispose', reason: '', nextReviewOn: '' }, []],
    ['dispose with a reason', { decision: 'dispose', reason: 'No policing purpose', nextReviewOn: '' }, []],
  ])('%s', (_name, input, fields) => {
    expect(reviewProblems(input, today).map((problem) => problem.field)).toEqual(fields)
  })
})

describe('rule 21: the force may change a period, in whole years from 1 to 100', () => {
  it.each([
    [6, 0],
    [1, 0],
    [100, 0],
    [0, 1],
    [101, 1],
    [2.5, 1],
    [Number.NaN, 1],
  ])('%d years: %i problems', (years, problems) => {
    expect(scheduleProblems({ reviewAfterYears: years })).toHaveLength(problems)
  })
})
