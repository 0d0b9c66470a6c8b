import { describe, expect, it } from 'vitest'
import { addDays, datesFrom, ukDate } from '../../platform/dates.ts'
import {
  absenceLength,
  absentOn,
  addMonths,
  availableHoursOn,
  backfillFor,
  compliance,
  contractedHoursOn,
  daysInclusive,
  expiryOf,
  inDate,
  isCalendarDay,
  isLongTerm,
  isoWeekday,
  joinDateParts,
  skillCover,
  splitDate,
  trainingStatus,
  type AbsencePeriod,
  type ComplianceEntry,
  type SkilledPerson,
  type WorkPattern,
} from './staff.rules.ts'

describe('calendar days (Europe/London)', () => {
  it.each([
    ['2026-11-26T09:00:00Z', '2026-11-26'],
    ['2026-11-26T23:59:59Z', '2026-11-26'], // GMT in winter: still the 26th
    ['2026-07-01T23:30:00Z', '2026-07-02'], // BST in summer: half past midnight on the 2nd
    ['2026-03-29T00:30:00Z', '2026-03-29'], // the morning the clocks go forward
  ])('the instant %s is %s in London', (instant, day) => {
    expect(ukDate(new Date(instant))).toBe(day)
  })

  it.each([
    ['2026-11-26', true],
    ['2028-02-29', true],
    ['2026-02-29', false],
    ['2026-13-01', false],
    ['2026-11-31', false],
    ['26/11/2026', false],
    ['', false],
    ['1899-12-31', false],
  ])('%s is a real calendar day: %s', (value, real) => {
    expect(isCalendarDay(value)).toBe(real)
  })

  it.each([
    ['2026-11-26', 1, '2026-11-27'],
    ['2026-12-31', 1, '2027-01-01'],
    ['2026-03-28', 2, '2026-03-30'], // across the clock change, still whole days
    ['2026-11-26', -26, '2026-10-31'],
  ])('%s plus %i days is %s', (day, days, result) => {
    expect(addDays(day, days)).toBe(result)
  })

  it.each([
    ['2026-11-26', 24, '2028-11-26'],
    ['2026-01-31', 1, '2026-02-28'],
    ['2027-12-31', 2, '2028-02-29'],
    ['2026-08-31', 12, '2027-08-31'],
  ])('%s plus %i months is %s', (day, months, result) => {
    expect(addMonths(day, months)).toBe(result)
  })

  it('counts days inclusively and lists them', () => {
    expect(daysInclusive('2026-11-01', '2026-11-28')).toBe(28)
    expect(daysInclusive('2026-11-26', '2026-11-26')).toBe(1)
    expect(daysInclusive('2026-11-27', '2026-11-26')).toBe(0)
    expect(datesFrom('2026-11-27', '2026-11-30')).toEqual(['2026-11-27', '2026-11-28', '2026-11-29', '2026-11-30'])
  })

  it.each([
    ['2026-11-23', 1],
    ['2026-11-26', 4],
    ['2026-11-29', 7],
  ])('%s is ISO weekday %i', (day, weekday) => {
    expect(isoWeekday(day)).toBe(weekday)
  })

  it.each([
    [['27', '3', '2026'], '2026-03-27'],
    [['', '', ''], ''],
    [['  ', undefined, ''], ''],
    [['31', '2', '2026'], '2026-02-31'], // joined, then refused as not a real date
    [['x', '3', '2026'], '2026-3-x'],
  ] as const)('joins the date boxes %j as %s', (parts, joined) => {
    expect(joinDateParts(parts[0], parts[1], parts[2])).toBe(joined)
  })

  it('splits a date back into its boxes', () => {
    expect(splitDate('2026-03-07')).toEqual({ day: '7', month: '3', year: '2026' })
    expect(splitDate(null)).toEqual({ day: '', month: '', year: '' })
  })
})

const fullTime: WorkPattern = {
  contractedHours: 37,
  workingDays: [1, 2, 3, 4, 5],
  startedOn: '2020-01-06',
  leftOn: null,
}

describe('capacity per person per day = contracted hours less absence', () => {
  it.each([
    ['a weekday, full time', fullTime, '2026-11-26', 7.4],
    ['a Saturday, Monday–Friday pattern', fullTime, '2026-11-28', 0],
    ['before they started', { ...fullTime, startedOn: '2026-12-01' }, '2026-11-26', 0],
    ['after their last day', { ...fullTime, leftOn: '2026-11-25' }, '2026-11-26', 0],
    ['on their last day', { ...fullTime, leftOn: '2026-11-26' }, '2026-11-26', 7.4],
    ['part time, three days', { ...fullTime, contractedHours: 22.5, workingDays: [2, 3, 4] }, '2026-11-26', 7.5],
    ['part time, not their day', { ...fullTime, contractedHours: 22.5, workingDays: [2, 3, 4] }, '2026-11-23', 0],
    ['weekend worker on Sunday', { ...fullTime, contractedHours: 20, workingDays: [6, 7] }, '2026-11-29', 10],
  ])('contracted hours on %s', (_case, person, day, hours) => {
    expect(contractedHoursOn(person, day)).toBe(hours)
  })

  const leave: AbsencePeriod = { startsOn: '2026-11-23', expectedEndOn: '2026-11-27', endedOn: null, hoursPerDay: null }
  const halfDayCourse: AbsencePeriod = {
    startsOn: '2026-11-26',
    expectedEndOn: '2026-11-26',
    endedOn: null,
    hoursPerDay: 3.5,
  }
  const openSickness: AbsencePeriod = { startsOn: '2026-10-01', expectedEndOn: null, endedOn: null, hoursPerDay: null }

  it.each([
    ['no absence', [], '2026-11-26', 7.4],
    ['whole-day leave that day', [leave], '2026-11-26', 0],
    ['leave ended early (back that day)', [{ ...leave, endedOn: '2026-11-25' }], '2026-11-26', 7.4],
    ['a half-day course', [halfDayCourse], '2026-11-26', 3.9],
    ['part-day absence longer than the day', [{ ...halfDayCourse, hoursPerDay: 9 }], '2026-11-26', 0],
    ['open-ended sickness, still going', [openSickness], '2026-11-26', 0],
    ['absence starting tomorrow', [{ ...leave, startsOn: '2026-11-27' }], '2026-11-26', 7.4],
  ])('available hours with %s', (_case, absences, day, hours) => {
    expect(availableHoursOn(fullTime, absences, day)).toBe(hours)
  })

  it('an absence covers its days, and an open-ended one every day from its start', () => {
    expect(absentOn(leave, '2026-11-22')).toBe(false)
    expect(absentOn(leave, '2026-11-23')).toBe(true)
    expect(absentOn(leave, '2026-11-27')).toBe(true)
    expect(absentOn(leave, '2026-11-28')).toBe(false)
    expect(absentOn(openSickness, '2027-06-01')).toBe(true)
  })
})

describe('long-term absence: 28 calendar days or more, counting both ends', () => {
  const from = (startsOn: string, rest: Partial<AbsencePeriod> = {}): AbsencePeriod => ({
    startsOn,
    expectedEndOn: null,
    endedOn: null,
    hoursPerDay: null,
    ...rest,
  })
  it.each([
    ['27 days expected', from('2026-11-01', { expectedEndOn: '2026-11-27' }), '2026-11-05', 27, false],
    [
      '28 days expected: long-term from day one',
      from('2026-11-01', { expectedEndOn: '2026-11-28' }),
      '2026-11-01',
      28,
      true,
    ],
    ['open-ended, day 27', from('2026-10-31'), '2026-11-26', 27, false],
    ['open-ended, day 28', from('2026-10-30'), '2026-11-26', 28, true],
    [
      'expected long, ended early',
      from('2026-11-01', { expectedEndOn: '2027-01-31', endedOn: '2026-11-10' }),
      '2026-11-26',
      10,
      false,
    ],
    [
      'expected short, overran',
      from('2026-10-01', { expectedEndOn: '2026-10-07', endedOn: '2026-11-20' }),
      '2026-11-26',
      51,
      true,
    ],
  ])('%s', (_case, absence, asOf, days, longTerm) => {
    expect(absenceLength(absence, asOf)).toBe(days)
    expect(isLongTerm(absence, asOf)).toBe(longTerm)
  })
})

describe('who can backfill whom (competent or expert, available that day)', () => {
  const people: SkilledPerson[] = [
    {
      staffId: 'a',
      name: 'Ann',
      available: false,
      skills: [
        { skill: 'filing', level: 3 },
        { skill: 'n100_review', level: 3 },
      ],
    },
    { staffId: 'b', name: 'Bob', available: false, skills: [{ skill: 'filing', level: 3 }] },
    { staffId: 'c', name: 'Cat', available: true, skills: [{ skill: 'filing', level: 2 }] },
    {
      staffId: 'd',
      name: 'Dev',
      available: true,
      skills: [
        { skill: 'filing', level: 1 },
        { skill: 'n100_review', level: 1 },
      ],
    },
    {
      staffId: 'e',
      name: 'Eve',
      available: true,
      skills: [
        { skill: 'classification', level: 2 },
        { skill: 'filing', level: 3 },
      ],
    },
  ]

  it('finds skills held by fewer than two available people (learners do not count)', () => {
    const cover = skillCover(['classification', 'filing', 'n100_review', 'fcr_delegate'], people)
    expect(cover.map((entry) => [entry.skill, entry.available.map((p) => p.name), entry.thin])).toEqual([
      ['classification', ['Eve'], true],
      ['filing', ['Eve', 'Cat'], false],
      ['n100_review', [], true],
      ['fcr_delegate', [], true],
    ])
    const filing = cover[1]!
    expect(filing.unavailable.map((p) => p.name)).toEqual(['Ann', 'Bob'])
    expect(filing.learning.map((p) => p.name)).toEqual(['Dev'])
  })

  it('lists, for an absent expert, who can cover each of their skills', () => {
    expect(backfillFor(people[0]!, people)).toEqual([
      {
        skill: 'filing',
        level: 3,
        cover: [
          { staffId: 'e', name: 'Eve', level: 3 },
          { staffId: 'c', name: 'Cat', level: 2 },
        ],
      },
      { skill: 'n100_review', level: 3, cover: [] },
    ])
  })

  it('does not offer learners as cover, nor count skills a person is only learning', () => {
    expect(backfillFor(people[3]!, people)).toEqual([])
  })
})

describe('training expiry and control-room compliance', () => {
  it.each([
    ['2025-01-15', 24, '2027-01-15'],
    ['2024-02-29', 12, '2025-02-28'],
    ['2025-01-15', null, null],
  ] as const)('completed %s with %s months validity expires %s', (completed, months, expires) => {
    expect(expiryOf(completed, months)).toBe(expires)
  })

  it.each([
    ['before completion', '2025-01-14', false],
    ['on completion', '2025-01-15', true],
    ['the day before expiry', '2027-01-14', true],
    ['on the expiry day', '2027-01-15', false],
  ])('a completion counts %s: %s', (_case, day, counts) => {
    expect(inDate({ completedOn: '2025-01-15', expiresOn: '2027-01-15' }, day)).toBe(counts)
  })

  it.each([
    ['no completions', [], { status: 'never_trained' }],
    [
      'one in date',
      [{ completedOn: '2025-06-01', expiresOn: '2027-06-01' }],
      { status: 'trained', expiresOn: '2027-06-01' },
    ],
    [
      'one expired',
      [{ completedOn: '2023-06-01', expiresOn: '2025-06-01' }],
      { status: 'expired', expiredOn: '2025-06-01' },
    ],
    [
      'expired, then renewed',
      [
        { completedOn: '2022-06-01', expiresOn: '2024-06-01' },
        { completedOn: '2025-06-01', expiresOn: '2027-06-01' },
      ],
      { status: 'trained', expiresOn: '2027-06-01' },
    ],
    [
      'completed only in the future',
      [{ completedOn: '2027-01-01', expiresOn: '2029-01-01' }],
      { status: 'never_trained' },
    ],
    ['never expires', [{ completedOn: '2020-01-01', expiresOn: null }], { status: 'trained', expiresOn: null }],
  ])('standing with %s', (_case, records, status) => {
    expect(trainingStatus(records, '2026-11-26')).toEqual(status)
  })

  const entry = (name: string, statuses: Array<'trained' | 'expired' | 'never_trained'>): ComplianceEntry => ({
    staffId: name,
    name,
    unitId: 'u',
    courses: statuses.map((status, index) =>
      status === 'trained'
        ? { courseCode: `c${index}`, status, expiresOn: '2027-01-01' }
        : status === 'expired'
          ? { courseCode: `c${index}`, status, expiredOn: '2026-01-01' }
          : { courseCode: `c${index}`, status },
    ),
  })

  it.each([
    ['nobody in the control room', [], ['c0'], { trained: 0, total: 0, percent: null, notTrained: [] }],
    [
      'all trained',
      [entry('A', ['trained']), entry('B', ['trained'])],
      ['c0'],
      { trained: 2, total: 2, percent: 100, notTrained: [] },
    ],
    [
      'one of three expired',
      [entry('C', ['trained']), entry('B', ['expired']), entry('A', ['trained'])],
      ['c0'],
      { trained: 2, total: 3, percent: 66.7, notTrained: ['B'] },
    ],
    [
      'two courses, one missing',
      [entry('A', ['trained', 'never_trained']), entry('B', ['trained', 'trained'])],
      ['c0', 'c1'],
      { trained: 1, total: 2, percent: 50, notTrained: ['A'] },
    ],
    ['no required course set up', [entry('A', [])], [], { trained: 0, total: 1, percent: 0, notTrained: ['A'] }],
  ])('%s', (_case, people, courses, expected) => {
    const result = compliance(people, courses)
    expect({ ...result, notTrained: result.notTrained.map((person) => person.name) }).toEqual(expected)
  })
})
