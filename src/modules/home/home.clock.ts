import { daysBetween } from '../../platform/dates.ts'
import { plural } from '../../platform/views/format.ts'

/**
 * How a start-page row says when its work is due: the words shown ("due in 3 hours", "2 days late"), how urgent
 * they look, and a key that sorts the soonest due first. Pure, so the wording is tested on its own.
 */
export interface WorkClock {
  text: string
  /** late: past its limit; soon: due within SOON_HOURS (or today); due: later; waiting: no limit, only an age. */
  state: 'late' | 'soon' | 'due' | 'waiting'
  /** Sorts ascending with the most urgent first (an ISO instant or day); also the row's data-due attribute. */
  due: string
}

/** Work due within this many hours is flagged as due soon. */
export const SOON_HOURS = 4

const MINUTE = 60_000
const HOUR = 60 * MINUTE
const DAY = 24 * HOUR

/** "45 minutes", "3 hours", "2 days": whole units rounded down, days from 48 hours on. */
export function spanInWords(milliseconds: number): string {
  const span = Math.max(0, milliseconds)
  if (span < HOUR) {
    return plural(Math.max(1, Math.floor(span / MINUTE)), 'minute')
  }
  if (span < 2 * DAY) {
    return plural(Math.floor(span / HOUR), 'hour')
  }
  return plural(Math.floor(span / DAY), 'day')
}

/** The clock for work due at an instant (the 24-hour recording limit, a queue's service level). */
export function dueClock(dueAt: Date, now: Date): WorkClock {
  const left = dueAt.getTime() - now.getTime()
  const due = dueAt.toISOString()
  if (left < 0) {
    return { text: `${spanInWords(-left)} late`, state: 'late', due }
  }
  if (left < MINUTE) {
    return { text: 'due now', state: 'soon', due }
  }
  return { text: `due in ${spanInWords(left)}`, state: left < SOON_HOURS * HOUR ? 'soon' : 'due', due }
}

/** The clock for work due on a day (a victim's task), against today's date; both YYYY-MM-DD. */
export function dayClock(dueOn: string, today: string): WorkClock {
  const days = daysBetween(today, dueOn)
  if (days < 0) {
    return { text: `${plural(-days, 'day')} late`, state: 'late', due: dueOn }
  }
  if (days === 0) {
    return { text: 'due today', state: 'soon', due: dueOn }
  }
  return { text: days === 1 ? 'due tomorrow' : `due in ${plural(days, 'day')}`, state: 'due', due: dueOn }
}

/** The clock for work with no limit of its own (a decision awaiting someone): how long it has waited. */
export function waitingClock(since: Date, now: Date): WorkClock {
  return { text: `waiting ${spanInWords(now.getTime() - since.getTime())}`, state: 'waiting', due: since.toISOString() }
}

/** What is due first, first; ties keep their order. Rows without a clock go last. */
export function dueFirst<T extends { clock?: WorkClock | undefined }>(rows: readonly T[]): T[] {
  return [...rows].sort((a, b) => {
    if (!a.clock || !b.clock) {
      return (a.clock ? 0 : 1) - (b.clock ? 0 : 1)
    }
    return a.clock.due < b.clock.due ? -1 : a.clock.due > b.clock.due ? 1 : 0
  })
}

/** Adds hours to an instant. */
export function hoursAfter(instant: Date, hours: number): Date {
  return new Date(instant.getTime() + hours * HOUR)
}
