import { describe, expect, it } from 'vitest'
import {
  decideWatch,
  describeTrigger,
  escalate,
  evaluateWatches,
  formatReading,
  reviewOverdue,
  riskProblems,
  riskRating,
  riskScore,
  triggerFires,
  triggerProblems,
  triggerReason,
  type Trigger,
} from './risks.rules.ts'

const TODAY = '2026-11-26'

describe('risk score and rating (5 × 5 matrix)', () => {
  it.each([
    [1, 1, 1, 'low'],
    [1, 3, 3, 'low'],
    [2, 2, 4, 'medium'],
    [2, 3, 6, 'medium'],
    [2, 4, 8, 'high'],
    [3, 4, 12, 'high'],
    [3, 5, 15, 'very-high'],
    [5, 5, 25, 'very-high'],
  ])('likelihood %i × impact %i = %i (%s)', (likelihood, impact, score, rating) => {
    expect(riskScore(likelihood, impact)).toBe(score)
    expect(riskRating(score)).toBe(rating)
  })
})

describe('a valid risk', () => {
  const good = {
    title: 'Backlog',
    description: 'Growing',
    ownerUserId: 'u1',
    likelihood: 3,
    impact: 3,
    mitigations: '',
    status: 'open',
    reviewDate: '2026-12-01',
  }
  it('has no problems when every field is right', () => {
    expect(riskProblems(good, true)).toEqual([])
  })
  it.each([
    [{ likelihood: 7 }, 'likelihood'],
    [{ likelihood: 2.5 }, 'likelihood'],
    [{ likelihood: Number.NaN }, 'likelihood'],
    [{ impact: 6 }, 'impact'],
    [{ title: '' }, 'title'],
    [{ title: 'x'.repeat(201) }, 'title'],
    [{ description: ' ' }, 'description'],
    [{ ownerUserId: null }, 'ownerUserId'],
    [{ status: 'pending' }, 'status'],
    [{ reviewDate: '31/12/2026' }, 'reviewDate'],
    [{ reviewDate: '2027-02-29' }, 'reviewDate'],
    // A blank year in the form must not become year 0, which the database cannot store.
    [{ reviewDate: '0000-12-31' }, 'reviewDate'],
    [{ reviewDate: '1899-12-31' }, 'reviewDate'],
    [{ reviewDate: '2200-01-01' }, 'reviewDate'],
    [{ mitigations: 'x'.repeat(5001) }, 'mitigations'],
  ])('%j is a problem with %s', (change, field) => {
    expect(riskProblems({ ...good, ...change }, true).map((p) => p.field)).toEqual([field])
  })
  it('names every wrong field at once', () => {
    expect(riskProblems({ ...good, likelihood: 7, impact: 0, title: '' }, false).map((p) => p.field)).toEqual([
      'title',
      'ownerUserId',
      'likelihood',
      'impact',
    ])
  })
  it.each([
    ['2026-11-25', 'open', true],
    ['2026-11-26', 'open', false],
    ['2026-11-25', 'closed', false],
  ])('review date %s, %s: overdue %s', (reviewDate, status, overdue) => {
    expect(reviewOverdue({ reviewDate, status }, TODAY)).toBe(overdue)
  })
})

describe('triggers', () => {
  const above: Trigger = { kind: 'above', threshold: 1000 }
  const below: Trigger = { kind: 'below', threshold: 90 }
  const within: Trigger = { kind: 'within-weeks', weeks: 8 }
  it.each([
    [above, 1001, true],
    [above, 1000, false],
    [above, null, false],
    [above, '2026-12-01', false],
    [below, 89.9, true],
    [below, 90, false],
    [within, '2027-01-21', true], // exactly 8 weeks
    [within, '2027-01-22', false],
    [within, '2026-11-01', true], // already passed
    [within, null, false], // no breach forecast
    [within, 12, false],
  ])('%j with reading %j fires: %s', (trigger, reading, fires) => {
    expect(triggerFires(trigger, reading, TODAY)).toBe(fires)
  })

  it.each([
    [above, 'count', 'above 1,000'],
    [below, 'percent', 'below 90%'],
    [within, 'date', 'within 8 weeks'],
    [{ kind: 'within-weeks', weeks: 1 }, 'date', 'within 1 week'],
  ] as const)('%j reads "%s"', (trigger, unit, text) => {
    expect(describeTrigger(trigger, unit)).toBe(text)
  })

  it.each([
    [{ kind: 'above', threshold: 5 }, 'count', []],
    [{ kind: 'within-weeks', weeks: 4 }, 'count', ['kind']],
    [{ kind: 'above', threshold: 5 }, 'date', ['kind']],
    [{ kind: 'within-weeks', weeks: 0 }, 'date', ['weeks']],
    [{ kind: 'within-weeks', weeks: 53 }, 'date', ['weeks']],
    [{ kind: 'below' }, 'percent', ['threshold']],
    [{ kind: 'below', threshold: 101 }, 'percent', ['threshold']],
  ] as const)('%j for a %s indicator: problems with %j', (input, unit, fields) => {
    expect(triggerProblems(input, unit).map((p) => p.field)).toEqual(fields)
  })

  const breach = { label: 'Forecast date the awaiting-filing backlog passes its threshold', unit: 'date' } as const
  const trained = { label: 'Control-room staff trained in crime recording', unit: 'percent' } as const
  it.each([
    [breach, '2027-01-07', within, `${breach.label} is 7 January 2027, within 8 weeks of 26 November 2026`],
    [breach, TODAY, within, `${breach.label} is 26 November 2026, already reached`],
    [breach, '2026-11-01', within, `${breach.label} is 1 November 2026, already reached`],
    [trained, 60, below, `${trained.label} read 60%, below 90%`],
  ] as const)('the reason recorded when %j reads %j', (indicator, reading, trigger, reason) => {
    expect(triggerReason(indicator, reading, trigger, TODAY)).toBe(`${reason} (checked ${TODAY})`)
  })

  it('formats readings in words people use', () => {
    expect(formatReading(1675, 'count')).toBe('1,675')
    expect(formatReading(87.25, 'percent')).toBe('87.3%')
    expect(formatReading('2014-09-14', 'date')).toBe('14 September 2014')
    expect(formatReading(null, 'count')).toBe('no reading')
  })
})

describe('what the register does when an indicator is checked', () => {
  it.each([
    ['clear', null, true, 'raise'],
    ['clear', 'r1', true, 'escalate'],
    ['triggered', 'r1', true, 'none'],
    ['triggered', 'r1', false, 'clear'],
    ['clear', 'r1', false, 'none'],
    ['clear', null, false, 'none'],
  ] as const)('state %s, risk %s, fires %s → %s', (state, riskId, fires, action) => {
    expect(decideWatch({ state, riskId }, fires)).toBe(action)
  })

  it.each([
    [
      { likelihood: 3, status: 'open', reviewDate: '2027-01-01' },
      { likelihood: 4, status: 'open', reviewDate: TODAY },
    ],
    [
      { likelihood: 5, status: 'treating', reviewDate: '2026-11-01' },
      { likelihood: 5, status: 'treating', reviewDate: '2026-11-01' },
    ],
    [
      { likelihood: 2, status: 'tolerated', reviewDate: '2027-01-01' },
      { likelihood: 3, status: 'open', reviewDate: TODAY },
    ],
    [
      { likelihood: 2, status: 'closed', reviewDate: '2027-01-01' },
      { likelihood: 3, status: 'open', reviewDate: TODAY },
    ],
  ] as const)('escalating %j gives %j', (risk, expected) => {
    expect(escalate(risk, TODAY)).toEqual(expected)
  })

  it('evaluates only watches whose indicator exists and was read, and gives each its reason', () => {
    const watches = [
      {
        indicatorKey: 'a',
        trigger: { kind: 'above', threshold: 10 } as Trigger,
        state: 'clear' as const,
        riskId: null,
      },
      {
        indicatorKey: 'b',
        trigger: { kind: 'above', threshold: 10 } as Trigger,
        state: 'clear' as const,
        riskId: null,
      },
      {
        indicatorKey: 'c',
        trigger: { kind: 'above', threshold: 10 } as Trigger,
        state: 'triggered' as const,
        riskId: 'r',
      },
    ]
    const result = evaluateWatches(
      watches,
      new Map([
        ['a', 11],
        ['c', 3],
      ]),
      new Map([
        ['a', { label: 'Alpha', unit: 'count' as const }],
        ['c', { label: 'Gamma', unit: 'count' as const }],
      ]),
      TODAY,
    )
    expect(result.map((r) => [r.watch.indicatorKey, r.action, r.reason])).toEqual([
      ['a', 'raise', 'Alpha read 11, above 10 (checked 2026-11-26)'],
      ['c', 'clear', 'Gamma read 3, back within its trigger (above 10) (checked 2026-11-26)'],
    ])
  })
})
