import { describe, expect, it } from 'vitest'
import {
  addWorkingDays,
  bankHolidays,
  calendarProblems,
  ENGLAND_AND_WALES,
  isWorkingDay,
  workingDaysBetween,
  type WorkingCalendar,
} from './working-days.ts'

describe('rule 16: working days exclude weekends and England and Wales bank holidays', () => {
  it.each([
    // [day, working?, why]
    ['2026-12-02', true, 'an ordinary Wednesday'],
    ['2026-12-05', false, 'Saturday'],
    ['2026-12-06', false, 'Sunday'],
    ['2023-04-07', false, 'Good Friday 2023'],
    ['2023-04-10', false, 'Easter Monday 2023'],
    ['2024-03-29', false, 'Good Friday 2024'],
    ['2024-04-01', false, 'Easter Monday 2024'],
    ['2026-12-25', false, 'Christmas Day 2026 (Friday)'],
    ['2026-12-28', false, 'Boxing Day 2026 falls on Saturday: substitute Monday 28th'],
    ['2026-12-29', true, 'the Tuesday after the Christmas substitute day'],
    ['2022-12-26', false, 'Boxing Day 2022 (Monday)'],
    ['2022-12-27', false, 'Christmas Day 2022 falls on Sunday: substitute Tuesday 27th'],
    ['2021-12-27', false, 'Christmas 2021 on Saturday: substitute Monday'],
    ['2021-12-28', false, 'Boxing Day 2021 on Sunday: substitute Tuesday'],
    ['2022-06-02', false, 'Spring bank holiday moved for the platinum jubilee'],
    ['2022-06-03', false, 'Queen’s platinum jubilee'],
    ['2022-05-30', true, 'the usual last Monday of May, worked in 2022'],
    ['2022-09-19', false, 'State funeral of Queen Elizabeth II'],
    ['2023-05-08', false, 'Coronation of King Charles III'],
    ['2020-05-08', false, 'Early May bank holiday moved to VE day (Friday)'],
    ['2020-05-04', true, 'the first Monday of May 2020, worked'],
    ['2027-01-01', false, 'New Year’s Day 2027'],
  ])('%s is a working day: %s (%s)', (day, working) => {
    expect(isWorkingDay(day)).toBe(working)
  })

  it.each([
    // [from, days, due, why]
    ['2026-12-02', 5, '2026-12-09', 'Wednesday + 5: the next Wednesday'],
    ['2026-12-04', 1, '2026-12-07', 'Friday + 1: Monday'],
    ['2026-12-05', 1, '2026-12-07', 'from a Saturday: Monday'],
    ['2023-04-06', 1, '2023-04-11', 'Maundy Thursday + 1: over Good Friday, the weekend and Easter Monday'],
    ['2023-04-06', 5, '2023-04-17', 'Maundy Thursday + 5'],
    ['2026-12-24', 1, '2026-12-29', 'Christmas Eve 2026 + 1: over Christmas, the weekend and the substitute day'],
    ['2026-12-23', 5, '2027-01-04', 'Christmas week + 5, over New Year'],
    ['2022-12-23', 2, '2022-12-29', 'Friday before Christmas 2022 + 2: over both substitutes'],
    ['2022-06-01', 1, '2022-06-06', 'over the jubilee'],
    ['2022-09-16', 1, '2022-09-20', 'Friday before the Queen’s funeral + 1'],
    ['2023-05-05', 1, '2023-05-09', 'Friday before the coronation + 1'],
    ['2026-12-02', 0, '2026-12-02', 'no days: the day itself'],
    ['2026-12-05', 0, '2026-12-07', 'no days from a Saturday: Monday'],
  ])('%s + %i working days is %s (%s)', (from, days, due) => {
    expect(addWorkingDays(from, days)).toBe(due)
  })

  it('counts working days between two days, negative when reversed', () => {
    expect(workingDaysBetween('2023-04-06', '2023-04-11')).toBe(1)
    expect(workingDaysBetween('2023-04-11', '2023-04-06')).toBe(-1)
    expect(workingDaysBetween('2026-12-07', '2026-12-07')).toBe(0)
    expect(workingDaysBetween('2026-11-30', '2026-12-07')).toBe(5)
  })

  it('follows a force’s own calendar: another region’s holidays, and extra days off', () => {
    const scotland: WorkingCalendar = { region: 'SCT', extraDaysOff: [] }
    expect(isWorkingDay('2026-01-02', ENGLAND_AND_WALES)).toBe(true)
    expect(isWorkingDay('2026-01-02', scotland)).toBe(false)
    const withAFestival: WorkingCalendar = { region: 'ENG', extraDaysOff: ['2026-12-24'] }
    expect(isWorkingDay('2026-12-24', withAFestival)).toBe(false)
    expect(addWorkingDays('2026-12-23', 1, withAFestival)).toBe('2026-12-29')
    expect(addWorkingDays('2026-12-23', 1)).toBe('2026-12-24')
  })

  it('lists bank holidays without observances (Easter Sunday, Mother’s Day are not days off)', () => {
    const days = bankHolidays('ENG', 2023)
    expect(days.has('2023-04-09')).toBe(false)
    expect([...days].filter((day) => isWorkingDay(day) === false)).toHaveLength(days.size)
    // New Year's Day (a Sunday) and its substitute, Good Friday, Easter Monday, early May, the coronation, spring,
    // summer, Christmas Day and Boxing Day.
    expect(days.size).toBe(10)
  })

  it('refuses a malformed calendar, naming the field', () => {
    expect(calendarProblems({ region: 'XX', extraDaysOff: ['2026-02-30'] }).map((p) => p.field)).toEqual([
      'region',
      'extraDaysOff',
    ])
    expect(calendarProblems({ region: 'ENG', extraDaysOff: ['2026-12-24'] })).toEqual([])
    expect(() => isWorkingDay('2026-13-01')).toThrow(/Not a calendar date/)
    expect(() => addWorkingDays('2026-12-01', -1)).toThrow(/whole number/)
  })
})
