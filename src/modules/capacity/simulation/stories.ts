/**
 * The stories the forecast is evaluated on (`npm run evaluate:forecast`) and the 2014 replay is drawn from. Each
 * is a unit simulated by unit-simulator.ts; none was used to build the forecaster's formulas. The numbers are
 * plausible rather than any force's: a unit of 15 filers receiving about 460 crimes a week, three of them experts,
 * with ordinary leave (25 days a year) and sickness (8 days a year) drawn per seed, and 30% of what reaches each
 * of the unit's queues in a day arriving after its staff have gone home.
 */
import { addDays } from '../../../platform/dates.ts'
import type { SimAbsence, SimPerson, SimStory } from './unit-simulator.ts'

const week = (start: string, n: number) => addDays(start, 7 * (n - 1))
const START = '2024-01-01'
/** Weeks of history before the first evaluated week, and weeks evaluated. */
const HISTORY_WEEKS = 16
const EVALUATED_WEEKS = 40
const WEEKDAY_SHARES = [80, 80, 80, 80, 80, 30, 30]

function filer(n: number, level: number, extra: Partial<SimPerson> = {}): SimPerson {
  return {
    staffId: `filer-${String(n).padStart(2, '0')}`,
    name: `Filer ${n}`,
    hoursPerWeek: 37.5,
    skills: [{ skill: 'filing', level }],
    ...extra,
  }
}

/** Three classifiers who also allocate, two allocators who also classify, and the filers. */
function unit(filers: number, experts: number): SimPerson[] {
  return [
    ...[1, 2, 3].map((n) => ({
      staffId: `class-${n}`,
      name: `Classifier ${n}`,
      hoursPerWeek: 37.5,
      skills: [
        { skill: 'classification', level: 2 },
        { skill: 'allocation', level: 2 },
      ],
    })),
    ...[1, 2].map((n) => ({
      staffId: `alloc-${n}`,
      name: `Allocator ${n}`,
      hoursPerWeek: 37.5,
      skills: [
        { skill: 'allocation', level: 2 },
        { skill: 'classification', level: 2 },
      ],
    })),
    ...Array.from({ length: filers }, (_, i) => filer(i + 1, i < experts ? 3 : 2)),
  ]
}

function absent(
  staffIds: readonly string[],
  from: string,
  to: string,
  expectedEnd: string | null,
  recordedOn = from,
): SimAbsence[] {
  return staffIds.map((staffId) => ({ staffId, from, to, expectedEnd, recordedOn, kind: 'sickness' }))
}

function story(key: string, title: string, changes: Partial<SimStory> = {}): SimStory {
  return {
    key,
    title,
    start: START,
    weeks: HISTORY_WEEKS + EVALUATED_WEEKS,
    evaluateFromWeek: HISTORY_WEEKS + 1,
    watchedQueue: 'awaiting_filing',
    line: 600,
    arrivals: { perWeek: 460, weekdayShares: WEEKDAY_SHARES, dailyNoise: 0.12, weeklyNoise: 0.03 },
    outputPerHour: { classification: 9, allocation: 12, filing: 1.05 },
    afterHoursShare: 0.3,
    investigationDays: 10,
    startBacklogs: {},
    people: unit(15, 3),
    absences: [],
    causeShowsOn: null,
    ...changes,
  }
}

const EVALUATION_START = week(START, HISTORY_WEEKS + 1)
const filers = (...numbers: number[]) => numbers.map((n) => `filer-${String(n).padStart(2, '0')}`)

const SEASON_START = '2024-06-03'
const attritionLeavers = [2, 3, 4, 5, 6].map((n, i) => ({ n, leavesOn: addDays(week(START, 18 + 8 * i), -1) }))
const IMU_START = '2013-11-11'
/** Week 17 of the 2014 story is the replay's first week (3 March 2014): the 16 before are its history. */
const IMU_ABSENCE = '2014-04-14'

export const STORIES: readonly SimStory[] = [
  story('healthy', 'Healthy unit, ordinary leave and sickness'),
  story('noisy', 'Healthy unit, noisy arrivals', {
    arrivals: { perWeek: 460, weekdayShares: WEEKDAY_SHARES, dailyNoise: 0.35, weeklyNoise: 0.05 },
  }),
  story('surge', 'Demand rising 2% a week', {
    arrivals: {
      perWeek: 460,
      weekdayShares: WEEKDAY_SHARES,
      dailyNoise: 0.12,
      weeklyNoise: 0.03,
      growth: [{ from: week(EVALUATION_START, 3), perWeek: 0.02 }],
    },
    causeShowsOn: week(EVALUATION_START, 3),
  }),
  story('attrition', 'One filer leaves every 8 weeks, not replaced', {
    people: unit(15, 3).map((p) => {
      const leaver = attritionLeavers.find((l) => p.staffId === filers(l.n)[0])
      return leaver ? { ...p, leavesOn: leaver.leavesOn, noticeDays: 28 } : p
    }),
    // Two leavers leave the unit just keeping up; the third's notice is when capacity first falls short.
    causeShowsOn: addDays(attritionLeavers[2]!.leavesOn, -27),
  }),
  story('season', 'Seasonal peak of +30% for 10 weeks a year, which clears', {
    weeks: 100,
    evaluateFromWeek: 61,
    arrivals: {
      perWeek: 460,
      weekdayShares: WEEKDAY_SHARES,
      dailyNoise: 0.12,
      weeklyNoise: 0.03,
      bumps: [{ from: SEASON_START, to: addDays(SEASON_START, 69), factor: 1.3, yearly: true }],
    },
    // Last year's peak is in the history from the first evaluated week.
    causeShowsOn: addDays(SEASON_START, 69),
  }),
  story('shock-return-known', 'Seven filers off for six weeks, return date known', {
    absences: absent(
      filers(4, 5, 6, 7, 8, 9, 10),
      week(EVALUATION_START, 8),
      addDays(week(EVALUATION_START, 14), -1),
      addDays(week(EVALUATION_START, 14), -1),
    ),
    causeShowsOn: week(EVALUATION_START, 8),
  }),
  story('shock-open-ended', 'Seven filers off for eight weeks, no return date', {
    absences: absent(
      filers(4, 5, 6, 7, 8, 9, 10),
      week(EVALUATION_START, 8),
      addDays(week(EVALUATION_START, 16), -1),
      null,
    ),
    causeShowsOn: week(EVALUATION_START, 8),
  }),
  story('upstream-stall', 'Classification and allocation short for three weeks, then the backlog flows on to filing', {
    // A training course booked three weeks ahead takes four of the five away; filing sees the wave afterwards.
    absences: absent(
      ['class-1', 'class-2', 'class-3', 'alloc-1'],
      week(EVALUATION_START, 10),
      addDays(week(EVALUATION_START, 13), -1),
      addDays(week(EVALUATION_START, 13), -1),
      week(EVALUATION_START, 7),
    ),
    causeShowsOn: week(EVALUATION_START, 7),
  }),
  story('imu-2014', 'The 2014 IMU: two experts off with no return date, two untrained staff moved in', {
    start: IMU_START,
    line: 1675,
    outputPerHour: { classification: 9, allocation: 12, filing: 1.12 },
    startBacklogs: { awaiting_filing: 450 },
    people: [
      ...unit(12, 2).filter(
        (p) => p.staffId.startsWith('filer') || p.staffId.startsWith('class') || p.staffId.startsWith('alloc'),
      ),
      ...[1, 2].map((n) => ({
        staffId: `crc-0${n}`,
        name: `Control-room operator ${n}`,
        hoursPerWeek: 37.5,
        skills: [{ skill: 'filing', level: 1 }],
        joinsOn: addDays(IMU_ABSENCE, 14),
        learning: { startOutput: 0.1, weeks: 60 },
      })),
    ],
    absences: absent(filers(1, 2), IMU_ABSENCE, '2014-12-31', null),
    causeShowsOn: IMU_ABSENCE,
  }),
]

/** The 2014 story's first replayed week (3 March 2014, week 17 of the simulation). */
export const IMU_2014_REPLAY_START = '2014-03-03'

export function storyByKey(key: string): SimStory {
  const found = STORIES.find((s) => s.key === key)
  if (!found) {
    throw new Error(`No story ${key}`)
  }
  return found
}
