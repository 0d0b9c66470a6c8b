/**
 * Working days: Monday to Friday, less the bank holidays of a force's part of the UK and any extra days the
 * force gives off. Deadlines that law or a code sets "in working days" (the Victims' Code's, for one) and the
 * forecast's staffed days both count on this calendar, so they agree. Bank holidays come from the maintained
 * `date-holidays` data (England and Wales share one list; the one-off holidays — the 2022 jubilee, the Queen's
 * funeral, the 2023 coronation — are in it), never a hand-kept table. Days are 'YYYY-MM-DD' strings as in
 * platform/dates.ts; every function is pure (the holiday lists are looked up once per region and year).
 */
import Holidays from 'date-holidays'
import { addDays, isDate, weekday } from '../dates.ts'

/** The UK regions whose bank holidays a force may follow (England and Wales share one list). */
export const CALENDAR_REGIONS = {
  ENG: 'England and Wales',
  WLS: 'Wales',
  SCT: 'Scotland',
  NIR: 'Northern Ireland',
} as const

export type CalendarRegion = keyof typeof CALENDAR_REGIONS

/** A force's working calendar: whose bank holidays, and any further days the force does not work. */
export interface WorkingCalendar {
  region: CalendarRegion
  /** 'YYYY-MM-DD' days the force gives off besides weekends and bank holidays. */
  extraDaysOff: readonly string[]
}

export const ENGLAND_AND_WALES: WorkingCalendar = { region: 'ENG', extraDaysOff: [] }

const bankHolidaysByRegionYear = new Map<string, ReadonlySet<string>>()

export function isCalendarRegion(value: string): value is CalendarRegion {
  return Object.hasOwn(CALENDAR_REGIONS, value)
}

/** The bank holidays (public holidays, with substitute days) of one region in one year. */
export function bankHolidays(region: CalendarRegion, year: number): ReadonlySet<string> {
  const key = `${region}:${year}`
  let days = bankHolidaysByRegionYear.get(key)
  if (!days) {
    const holidays = new Holidays('GB', region).getHolidays(year)
    days = new Set(holidays.filter((holiday) => holiday.type === 'public').map((holiday) => holiday.date.slice(0, 10)))
    bankHolidaysByRegionYear.set(key, days)
  }
  return days
}

export function isBankHoliday(date: string, calendar: WorkingCalendar = ENGLAND_AND_WALES): boolean {
  return bankHolidays(calendar.region, Number(date.slice(0, 4))).has(date)
}

export function isWorkingDay(date: string, calendar: WorkingCalendar = ENGLAND_AND_WALES): boolean {
  if (!isDate(date)) {
    throw new Error(`Not a calendar date: ${date}`)
  }
  return weekday(date) < 5 && !isBankHoliday(date, calendar) && !calendar.extraDaysOff.includes(date)
}

/**
 * The day `days` working days after `date` (the day itself does not count, whether or not it is a working day):
 * a report on Friday 7 April 2023 with 1 working day is due Tuesday 11 April, after Good Friday and Easter Monday.
 * Zero days is the day itself if it is a working day, otherwise the next working day.
 */
export function addWorkingDays(date: string, days: number, calendar: WorkingCalendar = ENGLAND_AND_WALES): string {
  if (!Number.isInteger(days) || days < 0) {
    throw new Error(`Working days must be a whole number, not less than 0: ${days}`)
  }
  let day = date
  if (days === 0) {
    while (!isWorkingDay(day, calendar)) {
      day = addDays(day, 1)
    }
    return day
  }
  let left = days
  while (left > 0) {
    day = addDays(day, 1)
    if (isWorkingDay(day, calendar)) {
      left -= 1
    }
  }
  return day
}

/** Working days after `from` up to and including `to` (negative when `to` is earlier): how late a task is. */
export function workingDaysBetween(from: string, to: string, calendar: WorkingCalendar = ENGLAND_AND_WALES): number {
  if (to < from) {
    return -workingDaysBetween(to, from, calendar)
  }
  let count = 0
  for (let day = addDays(from, 1); day <= to; day = addDays(day, 1)) {
    if (isWorkingDay(day, calendar)) {
      count += 1
    }
  }
  return count
}

/** The problems with a calendar a force sets, naming the field. */
export function calendarProblems(input: { region: string; extraDaysOff: readonly string[] }) {
  const problems: Array<{ field: string; message: string }> = []
  if (!isCalendarRegion(input.region)) {
    problems.push({
      field: 'region',
      message: `Choose whose bank holidays to follow: ${Object.keys(CALENDAR_REGIONS).join(', ')}`,
    })
  }
  const bad = input.extraDaysOff.filter((day) => !isDate(day))
  if (bad.length > 0) {
    problems.push({ field: 'extraDaysOff', message: `Extra days off must be dates as YYYY-MM-DD: ${bad.join(', ')}` })
  }
  return problems
}
