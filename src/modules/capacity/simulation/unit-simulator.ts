/**
 * A day-by-day simulation of a crime-recording unit, written to test the forecast against a world it was not
 * built from (issue 12). It shares none of the forecaster's formulas or random draws: people work their skills
 * in priority order until the queue in front of them is empty (bar what came in after they went home, which waits
 * for the next working day), experts outpace the competent, learners improve
 * week by week, staff take booked leave and fall sick (short spells with a return date, occasionally long ones
 * whose fit notes are extended), and what leaves one queue enters the next. Investigations are worked by
 * officers outside the unit: each crime under investigation finishes on any day with a fixed chance.
 *
 * What the forecast may see is what the force's records would hold: each queue's daily flows and end-of-day
 * backlog, and the staff records (contracted hours less absences as recorded at the time, with skill levels as
 * recorded). What it may not see is the true output per hour, the learners' true progress, or a spell of
 * sickness before it starts.
 */
import { addDays, daysBetween, weekday } from '../../../platform/dates.ts'
import type { QueueDay, StaffDay } from '../capacity.rules.ts'

/** The pipeline the unit works, in the order crimes pass through it. */
export const SIMULATED_QUEUES = ['recorded', 'awaiting_allocation', 'under_investigation', 'awaiting_filing'] as const
export type SimulatedQueue = (typeof SIMULATED_QUEUES)[number]
const SKILL_OF: Record<SimulatedQueue, string | null> = {
  recorded: 'classification',
  awaiting_allocation: 'allocation',
  under_investigation: null,
  awaiting_filing: 'filing',
}

export interface SimPerson {
  staffId: string
  name: string
  hoursPerWeek: number
  /** In the order the person turns to them: the first is their main job. */
  skills: ReadonlyArray<{ skill: string; level: number }>
  /** First and last day in the unit (absent: there throughout). */
  joinsOn?: string
  leavesOn?: string
  /** Days before leaving that the leaving date is in the records (notice). */
  noticeDays?: number
  /** A learner's true output starts at `startOutput` of a competent person's and reaches it after `weeks`. */
  learning?: { startOutput: number; weeks: number }
  /** Ordinary absence: days of annual leave a year and sickness days a year (the UK public-sector average is ~8). */
  leaveDaysPerYear?: number
  sicknessDaysPerYear?: number
}

export interface SimAbsence {
  staffId: string
  from: string
  /** The last day actually absent. */
  to: string
  /** The expected last day as first recorded; null for open-ended (no return date known). */
  expectedEnd: string | null
  /** The day it entered the records: weeks ahead for booked leave, the first day for sickness. */
  recordedOn: string
  kind: 'leave' | 'sickness'
}

export interface ArrivalPattern {
  /** Crimes recorded a week at the start. */
  perWeek: number
  /** Share of the week's crimes on Monday … Sunday (normalised). */
  weekdayShares: readonly number[]
  /** Weekly growth (0.02 = 2% a week) from a date, until an optional date. */
  growth?: ReadonlyArray<{ from: string; to?: string; perWeek: number }>
  /** Multiplier over a period: a seasonal peak or a sudden change in demand. Repeats yearly if `yearly`. */
  bumps?: ReadonlyArray<{ from: string; to: string; factor: number; yearly?: boolean }>
  /** Day-to-day noise (coefficient of variation of the day's mean) and week-to-week drift of the level. */
  dailyNoise: number
  weeklyNoise: number
}

export interface SimStory {
  key: string
  title: string
  /** The simulation's first day (a Monday). */
  start: string
  weeks: number
  /** The first week (1-based) the forecast is evaluated from; the weeks before are its history. */
  evaluateFromWeek: number
  /** The queue whose backlog the warning is about, and its line. */
  watchedQueue: SimulatedQueue
  line: number
  arrivals: ArrivalPattern
  /** A competent person's true output per hour, by skill; experts (level 3) do 15% more. */
  outputPerHour: Readonly<Record<string, number>>
  /**
   * Share of what reaches each of the unit's queues in a day that comes after its staff have gone home (reports
   * taken in the evening and at night, work passed on late in the day): it waits for the next working day, so even
   * a unit keeping up ends each day with that much waiting.
   */
  afterHoursShare: number
  /** Mean working days a crime spends under investigation. */
  investigationDays: number
  startBacklogs: Partial<Record<SimulatedQueue, number>>
  people: readonly SimPerson[]
  /** Scripted absences (ordinary leave and sickness are drawn with the seed on top). */
  absences: readonly SimAbsence[]
  /** The first day the cause of any breach shows in the records; null for a story with no cause. */
  causeShowsOn: string | null
}

export interface SimOutcome {
  story: SimStory
  seed: number
  queueDays: QueueDay[]
  absences: SimAbsence[]
  end: string
}

// ---------------------------------------------------------------------------------------------------------------
// Random numbers: the simulator's own (a small-fast-counter generator), so it shares no stream with the forecast.

export interface SimRandom {
  uniform(): number
  normal(): number
  poisson(mean: number): number
  /** A multiplicative noise factor with mean 1 and coefficient of variation `cv` (log-normal). */
  factor(cv: number): number
  integer(from: number, to: number): number
}

export function simRandom(seed: number): SimRandom {
  let a = 0x9e3779b9 ^ seed
  let b = 0x243f6a88 + seed * 31
  let c = 0xb7e15162
  let d = 1
  const uniform = () => {
    a |= 0
    b |= 0
    c |= 0
    d |= 0
    const t = (((a + b) | 0) + d) | 0
    d = (d + 1) | 0
    a = b ^ (b >>> 9)
    b = (c + (c << 3)) | 0
    c = (c << 21) | (c >>> 11)
    c = (c + t) | 0
    return (t >>> 0) / 4_294_967_296
  }
  for (let i = 0; i < 15; i += 1) {
    uniform()
  }
  const normal = () => {
    // Marsaglia's polar method.
    for (;;) {
      const u = 2 * uniform() - 1
      const v = 2 * uniform() - 1
      const s = u * u + v * v
      if (s > 0 && s < 1) {
        return u * Math.sqrt((-2 * Math.log(s)) / s)
      }
    }
  }
  const poisson = (mean: number) => {
    if (!(mean > 0)) {
      return 0
    }
    if (mean > 50) {
      return Math.max(0, Math.round(mean + Math.sqrt(mean) * normal()))
    }
    // Counting exponential gaps within one unit of time.
    let count = 0
    let time = -Math.log(1 - uniform()) / mean
    while (time < 1) {
      count += 1
      time += -Math.log(1 - uniform()) / mean
    }
    return count
  }
  const factor = (cv: number) => {
    if (cv <= 0) {
      return 1
    }
    const sigma = Math.sqrt(Math.log(1 + cv * cv))
    return Math.exp(sigma * normal() - (sigma * sigma) / 2)
  }
  const integer = (from: number, to: number) => from + Math.floor(uniform() * (to - from + 1))
  return { uniform, normal, poisson, factor, integer }
}

// ---------------------------------------------------------------------------------------------------------------
// Ordinary leave and sickness

const isWeekday = (date: string) => weekday(date) < 5

/** Annual leave in blocks of 1–10 working days, booked 2–10 weeks ahead; sickness mostly short, sometimes long. */
export function ordinaryAbsences(story: SimStory, random: SimRandom): SimAbsence[] {
  const absences: SimAbsence[] = []
  const end = addDays(story.start, story.weeks * 7 - 1)
  for (const person of story.people) {
    const leaveDays = person.leaveDaysPerYear ?? 25
    const sickDays = person.sicknessDaysPerYear ?? 8
    let date = story.start
    while (date <= end) {
      if (isWeekday(date) && !absences.some((a) => a.staffId === person.staffId && a.from <= date && date <= a.to)) {
        // Leave blocks average 5 working days; sickness spells average 2.5, with 1 in 25 lasting 4–10 weeks.
        if (random.uniform() < leaveDays / 260 / 5) {
          const length = random.integer(1, 9)
          absences.push(spell(person.staffId, date, length, 'leave', random.integer(14, 70), random))
        } else if (random.uniform() < sickDays / 260 / 3.5) {
          const long = random.uniform() < 0.04
          const length = long ? random.integer(20, 50) : random.integer(1, 4)
          absences.push(spell(person.staffId, date, length, 'sickness', 0, random))
        }
      }
      date = addDays(date, 1)
    }
  }
  return absences
}

function spell(
  staffId: string,
  from: string,
  workingDays: number,
  kind: SimAbsence['kind'],
  bookedDaysAhead: number,
  random: SimRandom,
): SimAbsence {
  let to = from
  for (let left = workingDays - 1; left > 0;) {
    to = addDays(to, 1)
    left -= isWeekday(to) ? 1 : 0
  }
  // Sickness is recorded on its first day with a return date that is right for short spells; a long spell's
  // first fit note covers two weeks and is then extended.
  const expectedEnd = kind === 'leave' || workingDays <= 5 ? to : addDays(from, 13 + random.integer(0, 1) * 14)
  return { staffId, from, to, expectedEnd, recordedOn: addDays(from, -bookedDaysAhead), kind }
}

// ---------------------------------------------------------------------------------------------------------------
// The staff records, as they stood on a day

function inPost(person: SimPerson, date: string): boolean {
  return (
    (person.joinsOn === undefined || person.joinsOn <= date) &&
    (person.leavesOn === undefined || date <= person.leavesOn)
  )
}

/** Whether the records on `knownOn` show the person absent on `date`. */
function recordedAbsent(absences: readonly SimAbsence[], date: string, knownOn: string): boolean {
  return absences.some((a) => {
    if (a.recordedOn > knownOn || date < a.from) {
      return false
    }
    if (a.to < knownOn) {
      return date <= a.to
    }
    // Still away on the day the records are read: the expected end, pushed on if it has already passed.
    return a.expectedEnd === null || date <= (a.expectedEnd < knownOn ? addDays(knownOn, 6) : a.expectedEnd)
  })
}

/** The skill level the records show: a learner is recorded as competent once their output reaches 80%. */
function recordedLevel(person: SimPerson, level: number, date: string, start: string): number {
  if (level > 1 || !person.learning) {
    return level
  }
  return learnerOutput(person, date, start) >= 0.8 ? 2 : 1
}

function learnerOutput(person: SimPerson, date: string, start: string): number {
  const learning = person.learning!
  const weeks = daysBetween(person.joinsOn ?? start, date) / 7
  return Math.min(1, learning.startOutput + ((1 - learning.startOutput) * Math.max(0, weeks)) / learning.weeks)
}

/**
 * Staff days from `from` to `to` as the records stood on `knownOn`: the past as it happened and the future under
 * the absences, joiners and leavers recorded so far (a leaving date is known from the notice given).
 */
export function staffRecordsAsKnownOn(outcome: SimOutcome, knownOn: string, from: string, to: string): StaffDay[] {
  const story = outcome.story
  const days: StaffDay[] = []
  const byPerson = absencesByPerson(outcome.absences)
  for (let date = from; date <= to; date = addDays(date, 1)) {
    const asOf = date < knownOn ? date : knownOn
    for (const person of story.people) {
      const leavingKnown =
        person.leavesOn !== undefined && addDays(person.leavesOn, -(person.noticeDays ?? 28)) <= knownOn
      const joined = person.joinsOn === undefined || person.joinsOn <= date
      const left = person.leavesOn !== undefined && date > person.leavesOn && (leavingKnown || date < knownOn)
      const joinKnown = person.joinsOn === undefined || person.joinsOn <= knownOn
      if (!joined || left || !joinKnown) {
        continue
      }
      const absent = recordedAbsent(byPerson.get(person.staffId) ?? [], date, knownOn)
      days.push({
        date,
        staffId: person.staffId,
        hours: isWeekday(date) && !absent ? person.hoursPerWeek / 5 : 0,
        skills: person.skills.map((s) => ({
          skill: s.skill,
          level: recordedLevel(person, s.level, asOf, story.start),
        })),
      })
    }
  }
  return days
}

function absencesByPerson(absences: readonly SimAbsence[]): Map<string, SimAbsence[]> {
  const byPerson = new Map<string, SimAbsence[]>()
  for (const absence of absences) {
    byPerson.set(absence.staffId, [...(byPerson.get(absence.staffId) ?? []), absence])
  }
  return byPerson
}

// ---------------------------------------------------------------------------------------------------------------
// The simulation

function demandOn(pattern: ArrivalPattern, date: string): number {
  const shares = pattern.weekdayShares
  const total = shares.reduce((sum, share) => sum + share, 0)
  let level = (pattern.perWeek * shares[weekday(date)]!) / total
  for (const g of pattern.growth ?? []) {
    const until = g.to !== undefined && g.to < date ? g.to : date
    if (g.from < until) {
      level *= Math.pow(1 + g.perWeek, daysBetween(g.from, until) / 7)
    }
  }
  for (const bump of pattern.bumps ?? []) {
    const years = bump.yearly ? [-2, -1, 0, 1, 2] : [0]
    const shifted = years.some((y) => {
      const from = shiftYears(bump.from, y)
      return from <= date && date <= shiftYears(bump.to, y)
    })
    if (shifted) {
      level *= bump.factor
    }
  }
  return level
}

function shiftYears(date: string, years: number): string {
  return years === 0 ? date : addDays(date, Math.round(years * 364))
}

interface Worker {
  person: SimPerson
  hoursLeft: number
  pace: number
}

function outputOf(worker: Worker, skill: string, level: number, story: SimStory, date: string): number {
  const base = story.outputPerHour[skill] ?? 0
  const skillFactor =
    level >= 3
      ? 1.15
      : level === 2
        ? 1
        : worker.person.learning
          ? learnerOutput(worker.person, date, story.start)
          : 0.25
  return base * skillFactor * worker.pace
}

/** Runs the story with `seed`: every queue's daily flows and backlog, and the absences that happened. */
export function simulateUnit(story: SimStory, seed: number): SimOutcome {
  const random = simRandom(seed * 7_919 + story.key.length)
  const absences = [...story.absences, ...ordinaryAbsences(story, random)]
  const end = addDays(story.start, story.weeks * 7 - 1)
  const backlog: Record<SimulatedQueue, number> = {
    recorded: story.startBacklogs.recorded ?? 20,
    awaiting_allocation: story.startBacklogs.awaiting_allocation ?? 20,
    under_investigation: story.startBacklogs.under_investigation ?? 66 * story.investigationDays,
    awaiting_filing: story.startBacklogs.awaiting_filing ?? 60,
  }
  const queueDays: QueueDay[] = []
  const byPerson = absencesByPerson(absences)
  let weekLevel = 1
  for (let date = story.start; date <= end; date = addDays(date, 1)) {
    if (weekday(date) === 0) {
      // The level of demand drifts week to week (a mean-reverting walk), beyond the day-to-day noise.
      weekLevel = Math.exp(0.7 * Math.log(weekLevel) + story.arrivals.weeklyNoise * random.normal())
    }
    const workers: Worker[] = story.people
      .filter(
        (p) =>
          inPost(p, date) &&
          isWeekday(date) &&
          !(byPerson.get(p.staffId) ?? []).some((a) => a.from <= date && date <= a.to),
      )
      .map((person) => ({ person, hoursLeft: person.hoursPerWeek / 5, pace: random.factor(0.12) }))
    let incoming = random.poisson(demandOn(story.arrivals, date) * weekLevel * random.factor(story.arrivals.dailyNoise))
    for (const queue of SIMULATED_QUEUES) {
      const before = backlog[queue]
      backlog[queue] += incoming
      const done =
        queue === 'under_investigation'
          ? investigationsFinished(story, random, before, date)
          : work(story, queue, workers, backlog[queue] - Math.round(incoming * story.afterHoursShare), random, date)
      backlog[queue] -= done
      queueDays.push({ date, queue, arrivals: incoming, completions: done, backlog: backlog[queue] })
      incoming = done
    }
  }
  return { story, seed, queueDays, absences, end }
}

function investigationsFinished(story: SimStory, random: SimRandom, stock: number, date: string): number {
  // Officers finish fewer at weekends; the chance per day keeps the mean time near `investigationDays`.
  const chance = (isWeekday(date) ? 1.2 : 0.5) / story.investigationDays
  return Math.min(stock, random.poisson(stock * chance))
}

/** Crimes the unit's staff finish in `queue` today: main-job holders first, then others with hours to spare. */
function work(
  story: SimStory,
  queue: SimulatedQueue,
  workers: Worker[],
  waiting: number,
  random: SimRandom,
  date: string,
): number {
  const skill = SKILL_OF[queue]!
  let left = waiting
  for (const mainJobFirst of [true, false]) {
    for (const worker of workers) {
      const index = worker.person.skills.findIndex((s) => s.skill === skill)
      if (index < 0 || (index === 0) !== mainJobFirst || worker.hoursLeft <= 0 || left <= 0) {
        continue
      }
      const perHour = outputOf(worker, skill, worker.person.skills[index]!.level, story, date)
      if (perHour <= 0) {
        continue
      }
      const could = random.poisson(perHour * worker.hoursLeft)
      const done = Math.min(left, could)
      // Hours go on to the person's other work only when this queue ran dry before they did.
      worker.hoursLeft = done < could ? Math.max(0, worker.hoursLeft - done / perHour) : 0
      left -= done
    }
  }
  return waiting - left
}
