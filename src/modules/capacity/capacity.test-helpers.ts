/** Test helpers shared by the capacity model's table tests: days of a rate history, a fixed rate, a planned queue. */
import type { PlannedQueue } from './capacity.paths.ts'
import type { RateDay, RateEstimate } from './capacity.rates.ts'

/** `weeks` of days from a Monday, each made by `day` on top of a day with nothing in it. */
export function rateDays(weeks: number, day: (week: number, weekday: number) => Partial<RateDay>): RateDay[] {
  return Array.from({ length: weeks * 7 }, (_, i) => ({
    completions: 0,
    arrivals: 0,
    backlog: 0,
    hours: 0,
    ...day(Math.floor(i / 7), i % 7),
  }))
}

/** A pace known exactly, measured on enough flat-out days, with nothing waiting overnight. */
export const fixedRate = (perHour: number): RateEstimate => ({
  perHour,
  low: perHour,
  high: perHour,
  basis: 'worked flat out',
  flatOutDays: 40,
  overnightShare: 0,
  draws: [perHour],
})

/** A queue of about 10 arrivals a day, 100 waiting, a line at 300 and 10 staff-hours a day at a pace of 1. */
export function plannedQueue(overrides: Partial<PlannedQueue> = {}): PlannedQueue {
  return {
    startBacklog: 100,
    threshold: 300,
    arrivals: {
      kind: 'own',
      weeklyMean: [70],
      weeklySd: [Math.sqrt(70)],
      weekdayShare: Array(7).fill(1 / 7),
      dispersion: 1,
    },
    work: { kind: 'staff', rate: fixedRate(1), hours: Array(84).fill(10) },
    ...overrides,
  }
}

/** The weekday (0 Monday) of each of 12 weeks' days. */
export const weekdays = Array.from({ length: 84 }, (_, i) => i % 7)
