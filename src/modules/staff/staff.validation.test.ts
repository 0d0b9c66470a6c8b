import { describe, expect, it } from 'vitest'
import {
  absenceProblems,
  cancellationProblems,
  courseProblems,
  endAbsenceProblems,
  skillProblems,
  staffProblems,
} from './staff.validation.ts'

describe('bad input gets a clear error naming the field', () => {
  const absence = {
    absenceType: 'sickness',
    planned: false,
    startsOn: '2026-11-20',
    expectedEndOn: '',
    hoursPerDay: '',
  }
  it.each([
    ['a complete absence', {}, []],
    ['an unknown type', { absenceType: 'holiday' }, ['absenceType']],
    ['planned not said', { planned: undefined }, ['planned']],
    ['no start', { startsOn: '' }, ['startsOn']],
    ['an impossible start', { startsOn: '2026-02-30' }, ['startsOn']],
    ['an end before the start', { expectedEndOn: '2026-11-19' }, ['expectedEndOn']],
    ['an end on the start', { expectedEndOn: '2026-11-20' }, []],
    ['hours not a number', { hoursPerDay: 'half' }, ['hoursPerDay']],
    ['too many hours', { hoursPerDay: 25 }, ['hoursPerDay']],
    ['hours to a tenth', { hoursPerDay: '3.5' }, []],
  ])('absence with %s', (_case, change, fields) => {
    expect(absenceProblems({ ...absence, ...change }).map((problem) => problem.field)).toEqual(fields)
  })

  it('says the end date is before the start, on the end date', () => {
    expect(absenceProblems({ ...absence, expectedEndOn: '2026-11-01' })).toEqual([
      {
        field: 'expectedEndOn',
        message: 'The expected end date must be the same as or after the date the absence starts',
      },
    ])
    expect(endAbsenceProblems({ endedOn: '2026-11-19' }, '2026-11-20')).toEqual([
      { field: 'endedOn', message: 'The last day of the absence must be the same as or after the day it started' },
    ])
    expect(endAbsenceProblems({ endedOn: '' }, '2026-11-20').map((problem) => problem.field)).toEqual(['endedOn'])
  })

  const staff = {
    name: 'Dana Price',
    jobTitle: 'Decision maker',
    unitId: '0192f0c4-0000-7000-8000-000000000001',
    contractedHours: '37',
    workingDays: ['1', '2', '3', '4', '5'],
    startedOn: '2020-01-06',
  }
  it.each([
    ['complete details', {}, []],
    ['no name', { name: ' ' }, ['name']],
    ['no role', { jobTitle: '' }, ['jobTitle']],
    ['no unit', { unitId: '' }, ['unitId']],
    ['a made-up account', { userId: 'dana' }, ['userId']],
    ['no hours', { contractedHours: '' }, ['contractedHours']],
    ['70 hours a week', { contractedHours: 70 }, ['contractedHours']],
    ['no working days', { workingDays: [] }, ['workingDays']],
    ['an eighth day', { workingDays: ['8'] }, ['workingDays']],
    ['leaving before starting', { leftOn: '2019-12-31' }, ['leftOn']],
  ])('staff member with %s', (_case, change, fields) => {
    expect(staffProblems({ ...staff, ...change }).map((problem) => problem.field)).toEqual(fields)
  })

  it.each([
    [{ reason: 'not_released', detail: 'Staffing', decidedBy: 'Duty inspector' }, []],
    [{ reason: 'not_released', detail: '', decidedBy: '' }, ['detail', 'decidedBy']],
    [{ reason: 'course_cancelled', detail: '', decidedBy: '' }, []],
    [{ reason: 'other', detail: '', decidedBy: '' }, ['detail']],
    [{ reason: 'busy', detail: '', decidedBy: '' }, ['reason']],
  ])('cancelling a booking %j', (input, fields) => {
    expect(cancellationProblems(input).map((problem) => problem.field)).toEqual(fields)
  })

  it('checks skill and course reference data', () => {
    expect(skillProblems({ skillCode: 'n100_review', label: 'N100 review' })).toEqual([])
    expect(skillProblems({ skillCode: 'N100 Review', label: '' }).map((problem) => problem.field)).toEqual([
      'skillCode',
      'label',
    ])
    expect(courseProblems({ courseCode: 'crime-recording', title: 'Crime recording', validityMonths: '24' })).toEqual(
      [],
    )
    expect(courseProblems({ courseCode: 'crime-recording', title: 'Crime recording', validityMonths: '' })).toEqual([])
    expect(
      courseProblems({ courseCode: 'x', title: 'Crime recording', validityMonths: '1.5' }).map(
        (problem) => problem.field,
      ),
    ).toEqual(['courseCode', 'validityMonths'])
  })
})
