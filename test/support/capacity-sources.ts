import { datesFrom, weekday } from '../../src/platform/dates.ts'
import type { CapacitySources, QueueDay, RosterDay } from '../../src/modules/capacity/index.ts'
import { TEST_NOW } from './test-context.ts'

export interface SteadyUnit {
  /** People in the unit, each 7.5 hours a working day; the first two are experts. Default 10. */
  people?: number
  /** How many of them (the first) are away from today on. Default none. */
  absentFromToday?: number
  /** Crimes reaching awaiting filing, and filed, each working day. Default 80. */
  perWorkingDay?: number
  /** Crimes awaiting filing at the end of every day. Default 900. */
  backlog?: number
}

/** A unit whose awaiting-filing queue has been steady for as far back as anyone asks: the forecast's history. */
export function steadyUnit({
  people = 10,
  absentFromToday = 0,
  perWorkingDay = 80,
  backlog = 900,
}: SteadyUnit = {}): Required<Pick<CapacitySources, 'flows' | 'roster'>> {
  const today = TEST_NOW.slice(0, 10)
  return {
    flows: {
      queueDays: (_actor, range) =>
        Promise.resolve(
          datesFrom(range.from, range.to).map((date): QueueDay => ({
            date,
            queue: 'awaiting_filing',
            arrivals: weekday(date) < 5 ? perWorkingDay : 0,
            completions: weekday(date) < 5 ? perWorkingDay : 0,
            backlog,
          })),
        ),
    },
    roster: {
      rosterDays: (_actor, range) =>
        Promise.resolve(
          datesFrom(range.from, range.to).flatMap((date) =>
            Array.from({ length: people }, (_, i): RosterDay => ({
              date,
              staffId: `s${i + 1}`,
              unitId: 'imu',
              name: `Investigator ${String(i + 1).padStart(2, '0')}`,
              hours: weekday(date) < 5 && !(i < absentFromToday && date >= today) ? 7.5 : 0,
              skills: [{ skill: 'filing', level: i < 2 ? 3 : 2 }],
            })),
          ),
        ),
    },
  }
}
