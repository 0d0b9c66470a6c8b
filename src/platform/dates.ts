/**
 * Calendar days as 'YYYY-MM-DD' strings, for everything that counts whole days in a force's calendar (forecasts,
 * absences, review dates, dates of birth): arithmetic is done at UTC midnight, where no clock change can move a
 * day. `ukDate` turns an instant from the clock into the UK calendar day it falls on.
 */
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/
const DAY_MS = 86_400_000

export function isDate(value: string): boolean {
  const match = DATE.exec(value)
  if (!match) {
    return false
  }
  const date = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])))
  return date.toISOString().slice(0, 10) === value
}

function toUtc(date: string): number {
  if (!isDate(date)) {
    throw new Error(`Not a calendar date: ${date}`)
  }
  return Date.parse(`${date}T00:00:00Z`)
}

export function addDays(date: string, days: number): string {
  return new Date(toUtc(date) + days * DAY_MS).toISOString().slice(0, 10)
}

/** Whole days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  return Math.round((toUtc(to) - toUtc(from)) / DAY_MS)
}

/** 0 for Monday … 6 for Sunday: police rotas and the week-commencing convention both start on Monday. */
export function weekday(date: string): number {
  return (new Date(toUtc(date)).getUTCDay() + 6) % 7
}

export function isWorkingDay(date: string): boolean {
  return weekday(date) < 5
}

/** The Monday of the week `date` falls in. */
export function weekCommencing(date: string): string {
  return addDays(date, -weekday(date))
}

/** Every date from `from` to `to` inclusive. */
export function datesFrom(from: string, to: string): string[] {
  const dates: string[] = []
  for (let date = from; date <= to; date = addDays(date, 1)) {
    dates.push(date)
  }
  return dates
}

const UK_DATE = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Europe/London',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
})

/** The calendar date of an instant in the UK (Europe/London), for "today" from the clock. */
export function ukDate(instant: Date): string {
  return UK_DATE.format(instant)
}

const UK_OFFSET = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', timeZoneName: 'shortOffset' })

/** The instant a UK calendar day starts (clocks change at 01:00 UTC, so midnight is never skipped or repeated). */
export function startOfUkDay(date: string): Date {
  const utcMidnight = new Date(toUtc(date))
  const offset = /GMT([+-]\d+)?/.exec(
    UK_OFFSET.formatToParts(utcMidnight).find((part) => part.type === 'timeZoneName')?.value ?? 'GMT',
  )
  return new Date(utcMidnight.getTime() - (offset?.[1] ? Number(offset[1]) : 0) * 3_600_000)
}

/**
 * `startOfUkDay` for a date someone typed: undefined unless it is a real calendar day from 1900 to 2999 (the
 * years a form accepts), so the caller can name the field.
 */
export function startOfEnteredUkDay(value: string): Date | undefined {
  if (!isDate(value)) {
    return undefined
  }
  const year = Number(value.slice(0, 4))
  return year >= 1900 && year <= 2999 ? startOfUkDay(value) : undefined
}
