import { describe, expect, it } from 'vitest'
import { ENGLAND_AND_WALES } from '../../platform/calendar/working-days.ts'
import {
  automaticGrounds,
  compliance,
  contactProblems,
  dueOn,
  eventProblems,
  isUnder18On,
  manualGroundsProblems,
  planProblems,
  taskTiming,
  vpsProblems,
  type CrimeFacts,
} from './victims.rules.ts'

const THEFT: CrimeFacts = {
  offenceCode: '49',
  offenceGroup: 'other-theft-offences',
  domesticAbuse: false,
  hateCrime: false,
  vulnerableVictim: false,
  victimDateOfBirth: '1980-05-01',
  offenceOn: '2026-11-20',
}

describe('rule 17: enhanced rights follow from the crime', () => {
  it.each([
    ['an adult victim of theft', {}, []],
    ['domestic abuse', { domesticAbuse: true }, ['most_serious']],
    ['hate crime', { hateCrime: true }, ['most_serious']],
    ['rape', { offenceCode: '19C', offenceGroup: 'rape' }, ['most_serious']],
    ['other sexual offences', { offenceCode: '17A', offenceGroup: 'other-sexual-offences' }, ['most_serious']],
    ['attempted murder', { offenceCode: '2', offenceGroup: 'violence-with-injury' }, ['most_serious']],
    ['wounding with intent', { offenceCode: '5D', offenceGroup: 'violence-with-injury' }, ['most_serious']],
    ['kidnapping', { offenceCode: '36', offenceGroup: 'violence-without-injury' }, ['most_serious']],
    ['arson endangering life', { offenceCode: '56A', offenceGroup: 'arson' }, ['most_serious']],
    ['modern slavery', { offenceCode: '106', offenceGroup: 'violence-without-injury' }, ['most_serious']],
    ['death by dangerous driving', { offenceCode: '4.4', offenceGroup: 'violence-with-injury' }, ['bereaved']],
    ['a victim of 17 at the offence', { victimDateOfBirth: '2009-11-21' }, ['under_18']],
    ['a victim 18 that day', { victimDateOfBirth: '2008-11-20' }, []],
    ['an unknown date of birth', { victimDateOfBirth: null }, []],
    ['the crime’s vulnerable-victim marker', { vulnerableVictim: true }, ['vulnerable_marker']],
    [
      'a child victim of domestic abuse',
      { domesticAbuse: true, victimDateOfBirth: '2015-01-01' },
      ['most_serious', 'under_18'],
    ],
  ])('%s', (_what, facts, grounds) => {
    expect(automaticGrounds({ ...THEFT, ...facts })).toEqual(grounds)
  })

  it('counts a 29 February birthday as 1 March in other years', () => {
    expect(isUnder18On('2008-02-29', '2026-02-28')).toBe(true)
    expect(isUnder18On('2008-02-29', '2026-03-01')).toBe(false)
  })

  it('needs a known ground and a reason to set rights by hand', () => {
    expect(manualGroundsProblems(['intimidated'], 'Threatened by the suspect’s family')).toEqual([])
    expect(manualGroundsProblems(['rich'], '').map((p) => p.field)).toEqual(['grounds', 'reason'])
  })
})

describe('rule 15: Victims’ Code deadlines in working days, 1 with enhanced rights', () => {
  const settings = { needsAssessmentDays: 5 }
  it.each([
    // kind, starts (a Wednesday), enhanced, due
    ['right3_information', '2026-12-02', false, '2026-12-09'],
    ['right3_information', '2026-12-02', true, '2026-12-03'],
    ['support_referral', '2026-12-02', false, '2026-12-04'],
    ['support_referral', '2026-12-02', true, '2026-12-04'],
    ['needs_assessment', '2026-12-02', false, '2026-12-09'],
    ['event_notification', '2026-12-24', false, '2027-01-05'],
    ['event_notification', '2026-12-24', true, '2026-12-29'],
    ['told_cancelled', '2026-12-02', true, '2026-12-03'],
  ] as const)('%s from %s (enhanced %s) is due %s', (kind, startsOn, enhanced, due) => {
    expect(dueOn({ ...taskTiming(kind, settings), startsOn }, enhanced, ENGLAND_AND_WALES)).toBe(due)
  })

  it('rule 19: a plan’s update is due after its frequency in calendar days', () => {
    const timing = taskTiming('scheduled_update', { needsAssessmentDays: 5, updateEveryDays: 14 })
    expect(dueOn({ ...timing, startsOn: '2026-12-02' }, true, ENGLAND_AND_WALES)).toBe('2026-12-16')
  })
})

describe('checks on what people enter', () => {
  const reportedAt = new Date('2026-11-20T10:00:00Z')
  const now = new Date('2026-11-26T09:00:00Z')
  const context = { reportedAt, now, preferredMethod: null, openTaskIds: ['t1', 't2'], referralTaskIds: ['t2'] }
  const good = {
    contactedAt: new Date('2026-11-25T10:00:00Z'),
    method: 'phone',
    summary: 'Gave the reference',
    taskIds: ['t1'],
  }

  it('accepts a good contact', () => {
    expect(contactProblems(good, context)).toEqual([])
  })

  it.each([
    ['contactedAt', { contactedAt: new Date('2026-11-19T10:00:00Z') }, {}],
    ['contactedAt', { contactedAt: new Date('2026-11-27T10:00:00Z') }, {}],
    ['contactedAt', { contactedAt: undefined }, {}],
    ['method', { method: 'pigeon' }, {}],
    ['summary', { summary: '  ' }, {}],
    ['taskIds', { taskIds: ['closed-one'] }, {}],
    ['referralConsent', { taskIds: ['t2'] }, {}],
    ['otherMethodReason', { method: 'email' }, { preferredMethod: 'phone' as const }],
  ])('names %s', (field, change, contextChange) => {
    expect(contactProblems({ ...good, ...change }, { ...context, ...contextChange }).map((p) => p.field)).toEqual([
      field,
    ])
  })

  it('checks events, VPS offers and contact plans field by field', () => {
    const days = { reportedOn: '2026-11-20', today: '2026-11-26' }
    expect(eventProblems({ kind: 'arrest', occurredOn: '2026-11-21' }, days)).toEqual([])
    expect(eventProblems({ kind: 'party', occurredOn: '2026-11-19' }, days).map((p) => p.field)).toEqual([
      'kind',
      'occurredOn',
    ])
    expect(
      vpsProblems({ offeredOn: '2026-11-21', offeredBy: 'PC Shah', response: 'accepted', link: 'doc://1' }, days),
    ).toEqual([])
    expect(
      vpsProblems({ offeredOn: '2026-11-27', offeredBy: '', response: 'maybe', link: 'x' }, days).map((p) => p.field),
    ).toEqual(['offeredOn', 'offeredBy', 'response', 'link'])
    expect(planProblems({ updateEveryDays: 14, preferredMethod: 'email' })).toEqual([])
    expect(planProblems({ updateEveryDays: 0, preferredMethod: 'fax' }).map((p) => p.field)).toEqual([
      'updateEveryDays',
      'preferredMethod',
    ])
  })
})

describe('compliance for the IMU quality check', () => {
  it('counts on-time, late, overdue and not-possible tasks', () => {
    const result = compliance(
      [
        { kind: 'right3_information', status: 'done', dueOn: '2026-11-25', closedOn: '2026-11-24' },
        { kind: 'support_referral', status: 'done', dueOn: '2026-11-23', closedOn: '2026-11-24' },
        { kind: 'needs_assessment', status: 'open', dueOn: '2026-11-25', closedOn: null },
        { kind: 'event_notification', status: 'open', dueOn: '2026-11-27', closedOn: null },
        { kind: 'told_cancelled', status: 'not_possible', dueOn: '2026-11-27', closedOn: '2026-11-26' },
      ],
      '2026-11-26',
    )
    expect(result).toEqual({ total: 5, open: 2, overdue: 1, onTime: 1, late: 1, notPossible: 1, compliant: false })
    expect(compliance([], '2026-11-26').compliant).toBe(true)
  })
})
