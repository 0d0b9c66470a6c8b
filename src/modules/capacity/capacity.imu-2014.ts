/**
 * The 2014 replay: a unit like the Investigation Management Unit the inspectorate found "very close to being
 * unable to function" (DOMAIN.md §4.4) — steady arrivals of crimes to file, a dozen staff, two of the most
 * experienced absent long-term from one week, and two control-room staff moved in without the skills to backfill
 * them. Pure inputs and a seeded simulation of what "actually happened", so the forecast and the risk register
 * can be run against it week by week (test/replay/imu-2014.test.ts) and the same unit loaded into the demo.
 *
 * The numbers are illustrative, chosen to be plausible rather than taken from the force: the inspection report
 * gives the outcome (about 1,675 crimes awaiting filing), not the unit's flows.
 */
import { isWorkingDay } from '../../platform/calendar/working-days.ts'
import { addDays, datesFrom, daysBetween, weekday } from '../../platform/dates.ts'
import { overdispersedCount, seededRandom } from './capacity.random.ts'
import type { QueueDay, QueueSetting, StaffDay } from './capacity.rules.ts'

export interface ReplayPerson {
  staffId: string
  name: string
  /** Where they work at the start. */
  unit: 'imu' | 'control-room'
  hoursPerWeek: number
  skills: ReadonlyArray<{ skill: string; level: number }>
}

export interface ReplayAbsence {
  staffId: string
  type: 'sickness'
  from: string
  /** Null: no expected return date, so plans assume they stay away. */
  expectedEnd: string | null
}

export interface ReplayMove {
  staffId: string
  /** The first day they work in the IMU. */
  intoImuFrom: string
}

export interface ReplayScenario {
  key: string
  title: string
  start: string
  weeks: number
  queue: 'awaiting_filing'
  setting: QueueSetting
  startBacklog: number
  /** Crimes reaching "awaiting filing" each day, Monday … Sunday, and how much more than Poisson they vary. */
  arrivalsByWeekday: readonly number[]
  arrivalDispersion: number
  /** Crimes filed per available staff-hour of filing. */
  filedPerHour: number
  people: readonly ReplayPerson[]
  absences: readonly ReplayAbsence[]
  moves: readonly ReplayMove[]
  /** The backlog the inspectors found. */
  inspectionBacklog: number
  seed: number
}

const week = (start: string, n: number) => addDays(start, 7 * (n - 1))

const START = '2014-03-03'

function imuPerson(n: number, level: number, extra: Array<{ skill: string; level: number }> = []): ReplayPerson {
  return {
    staffId: `imu-${String(n).padStart(2, '0')}`,
    name: `IMU investigator ${n}`,
    unit: 'imu',
    hoursPerWeek: 37.5,
    skills: [{ skill: 'filing', level }, ...extra],
  }
}

export const IMU_2014: ReplayScenario = {
  key: 'imu-2014',
  title: 'The 2014 IMU: two experienced staff absent, two untrained staff moved in',
  start: START,
  weeks: 40,
  queue: 'awaiting_filing',
  setting: { queue: 'awaiting_filing', skill: 'filing', threshold: 1000 },
  startBacklog: 450,
  arrivalsByWeekday: [80, 80, 80, 80, 80, 30, 30],
  arrivalDispersion: 1.3,
  // 12 people × 37.5 hours × 1.05 = 472.5 filed a week against 460 arriving: a unit just keeping up.
  filedPerHour: 1.05,
  people: [
    imuPerson(1, 3, [{ skill: 'n100_review', level: 3 }]),
    imuPerson(2, 3, [{ skill: 'n100_review', level: 3 }]),
    imuPerson(3, 2, [{ skill: 'n100_review', level: 2 }]),
    ...[4, 5, 6, 7, 8, 9, 10, 11, 12].map((n) => imuPerson(n, 2)),
    {
      staffId: 'crc-01',
      name: 'Control-room operator 1',
      unit: 'control-room',
      hoursPerWeek: 37.5,
      skills: [{ skill: 'call_handling', level: 2 }],
    },
    {
      staffId: 'crc-02',
      name: 'Control-room operator 2',
      unit: 'control-room',
      hoursPerWeek: 37.5,
      skills: [{ skill: 'call_handling', level: 2 }],
    },
  ],
  absences: [
    { staffId: 'imu-01', type: 'sickness', from: week(START, 7), expectedEnd: null },
    { staffId: 'imu-02', type: 'sickness', from: week(START, 7), expectedEnd: null },
  ],
  moves: [
    { staffId: 'crc-01', intoImuFrom: week(START, 9) },
    { staffId: 'crc-02', intoImuFrom: week(START, 9) },
  ],
  inspectionBacklog: 1675,
  seed: 2014,
}

/** 1-based week of the replay a date falls in. */
export function replayWeek(scenario: ReplayScenario, date: string): number {
  return Math.floor(daysBetween(scenario.start, date) / 7) + 1
}

export function replayEnd(scenario: ReplayScenario): string {
  return addDays(scenario.start, scenario.weeks * 7 - 1)
}

function inImu(scenario: ReplayScenario, person: ReplayPerson, date: string, knownOn: string): boolean {
  if (person.unit === 'imu') {
    return true
  }
  const move = scenario.moves.find((m) => m.staffId === person.staffId)
  return move !== undefined && move.intoImuFrom <= date && move.intoImuFrom <= knownOn
}

/** The absence a person is on that day, as known on `knownOn` (an absence is known from the day it starts). */
export function absenceOn(
  scenario: ReplayScenario,
  staffId: string,
  date: string,
  knownOn: string,
): ReplayAbsence | undefined {
  return scenario.absences.find(
    (a) =>
      a.staffId === staffId && a.from <= knownOn && a.from <= date && (a.expectedEnd === null || date <= a.expectedEnd),
  )
}

/**
 * The IMU's roster from `from` to `to` as its records stood on `knownOn`: contracted hours on working days,
 * none while absent, and people moved in from the day they arrived. This is what the staff records would give
 * the forecast: the past as it was, and the future under the absences known so far.
 */
export function rosterAsKnownOn(scenario: ReplayScenario, knownOn: string, from: string, to: string): StaffDay[] {
  return datesFrom(from, to).flatMap((date) =>
    scenario.people
      .filter((person) => inImu(scenario, person, date, knownOn))
      .map((person) => ({
        date,
        staffId: person.staffId,
        hours: isWorkingDay(date) && !absenceOn(scenario, person.staffId, date, knownOn) ? person.hoursPerWeek / 5 : 0,
        skills: person.skills,
      })),
  )
}

/** What happened: each day's arrivals, crimes filed and the backlog at the end of the day, drawn with the seed. */
export function simulateReplay(scenario: ReplayScenario): QueueDay[] {
  const random = seededRandom(scenario.seed)
  const end = replayEnd(scenario)
  const roster = rosterAsKnownOn(scenario, end, scenario.start, end)
  const filingHours = new Map<string, number>()
  for (const day of roster) {
    if (day.skills.some((s) => s.skill === scenario.setting.skill)) {
      filingHours.set(day.date, (filingHours.get(day.date) ?? 0) + day.hours)
    }
  }
  let backlog = scenario.startBacklog
  return datesFrom(scenario.start, end).map((date) => {
    const arrivals = overdispersedCount(random, scenario.arrivalsByWeekday[weekday(date)]!, scenario.arrivalDispersion)
    const capacity = overdispersedCount(random, scenario.filedPerHour * (filingHours.get(date) ?? 0), 1)
    const completions = Math.min(backlog + arrivals, capacity)
    backlog = backlog + arrivals - completions
    return { date, queue: scenario.queue, arrivals, completions, backlog }
  })
}

/** Skills of the unit held by fewer than two people available on `date` (as its staff records would show). */
export function skillsUnderTwoAvailable(scenario: ReplayScenario, date: string): string[] {
  const roster = rosterAsKnownOn(scenario, date, date, date)
  const skills = new Set(scenario.people.filter((p) => p.unit === 'imu').flatMap((p) => p.skills.map((s) => s.skill)))
  return [...skills].filter(
    (skill) => roster.filter((day) => day.hours > 0 && day.skills.some((s) => s.skill === skill)).length < 2,
  )
}

/** IMU staff on an absence that is long-term (28 days or more, or with no expected end) on `date`. */
export function longTermAbsencesOn(scenario: ReplayScenario, date: string): ReplayAbsence[] {
  return scenario.absences.filter((a) => {
    const current = absenceOn(scenario, a.staffId, date, date) === a
    const days = a.expectedEnd === null ? Infinity : daysBetween(a.from, a.expectedEnd) + 1
    return current && days >= 28
  })
}
