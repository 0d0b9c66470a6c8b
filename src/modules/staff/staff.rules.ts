/**
 * The rules of staffing, as pure functions and typed tables: calendar days, contracted hours per day, absence
 * (and when it is long-term), skill cover ("who can backfill whom"), and training currency. The service feeds
 * them rows; the capacity forecast, the queues' allocation view and the risk register read their results.
 *
 * Why they matter (HMIC 2015, DOMAIN.md §4.4): the inspected IMU was close to collapse because two of its most
 * experienced staff were absent long-term, the two people moved in could not backfill them, and control-room
 * recruits were not released for crime-recording training, and nobody saw it.
 */
import { daysBetween, isDate, weekday } from '../../platform/dates.ts'

// ---------------------------------------------------------------------------------------------------------------
// Calendar days. Dates are 'YYYY-MM-DD' strings naming a day in Europe/London; the arithmetic is the platform's
// (src/platform/dates.ts). What is here is staff's own: the years a person's dates may fall in, months of
// validity, inclusive day counts and ISO weekday numbers (working_days stores 1 Monday ... 7 Sunday).

export type CalendarDay = string

/** Whether `value` is a real calendar day written YYYY-MM-DD, between the years 1900 and 2199. */
export function isCalendarDay(value: string): boolean {
  return isDate(value) && value >= '1900-01-01' && value < '2200-01-01'
}

/**
 * The day `months` calendar months later; a day the later month lacks becomes its last day (31 January + 1 month
 * is 28 or 29 February), as people count a month's validity.
 */
export function addMonths(day: CalendarDay, months: number): CalendarDay {
  const [year, month, date] = day.split('-').map(Number) as [number, number, number]
  const target = new Date(Date.UTC(year, month - 1 + months, 1))
  const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate()
  target.setUTCDate(Math.min(date, lastDay))
  return target.toISOString().slice(0, 10)
}

/** Days from `from` to `to` counting both (the same day is 1); 0 or less when `to` is before `from`. */
export function daysInclusive(from: CalendarDay, to: CalendarDay): number {
  return daysBetween(from, to) + 1
}

/** ISO weekday: 1 Monday ... 7 Sunday. */
export function isoWeekday(day: CalendarDay): number {
  return weekday(day) + 1
}

/**
 * A date typed into a GOV.UK date input (day, month, year boxes) as YYYY-MM-DD; '' when all three are blank; and
 * otherwise whatever was typed, which `isCalendarDay` then refuses, so the person is told to fix it.
 */
export function joinDateParts(day: string | undefined, month: string | undefined, year: string | undefined): string {
  const parts = [day, month, year].map((part) => (part ?? '').trim())
  if (parts.every((part) => part === '')) {
    return ''
  }
  const [d, m, y] = parts as [string, string, string]
  if (/^\d{1,2}$/.test(d) && /^\d{1,2}$/.test(m) && /^\d{4}$/.test(y)) {
    return `${y}-${m.padStart(2, '0')}-${d.padStart(2, '0')}`
  }
  return `${y}-${m}-${d}`
}

/** The day, month and year boxes of a GOV.UK date input, from YYYY-MM-DD (or what was typed). */
export function splitDate(value: string | null | undefined): { day: string; month: string; year: string } {
  const match = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(value ?? '')
  if (!match) {
    return { day: '', month: '', year: '' }
  }
  return { day: String(Number(match[3])), month: String(Number(match[2])), year: match[1]! }
}

// ---------------------------------------------------------------------------------------------------------------
// Reference lists

export const ABSENCE_TYPES = {
  sickness: 'Sickness',
  leave: 'Leave',
  training: 'Training',
  secondment: 'Secondment',
  other: 'Other',
} as const
export type AbsenceType = keyof typeof ABSENCE_TYPES

export function isAbsenceType(value: string): value is AbsenceType {
  return Object.hasOwn(ABSENCE_TYPES, value)
}

/**
 * Skill levels. Only competent and expert holders can backfill: a learner works under supervision, which is
 * exactly why the two control-room staff moved into the inspected IMU could not cover its absent experts.
 */
export const SKILL_LEVELS = {
  1: { label: 'Learning', description: 'Works under supervision' },
  2: { label: 'Competent', description: 'Works alone' },
  3: { label: 'Expert', description: 'Checks others’ work and trains them' },
} as const
export type SkillLevel = keyof typeof SKILL_LEVELS
export const BACKFILL_LEVEL = 2
/** Cover is thin when fewer than this many available people hold a skill at BACKFILL_LEVEL or above. */
export const MINIMUM_COVER = 2

export function isSkillLevel(value: number): value is SkillLevel {
  return Number.isInteger(value) && value >= 1 && value <= 3
}

/** The skills every IMU needs, offered to a force that has none yet (each force can add its own). */
export const STANDARD_SKILLS: ReadonlyArray<{ skillCode: string; label: string; description: string }> = [
  {
    skillCode: 'recording_decision',
    label: 'Crime-recording decision',
    description: 'Applies the recording test to an incident within 24 hours (HOCR, DOMAIN.md §1.2–1.3)',
  },
  {
    skillCode: 'classification',
    label: 'Classification',
    description: 'Classifies and reclassifies crimes against the Home Office counting rules',
  },
  { skillCode: 'allocation', label: 'Allocation', description: 'Allocates crimes to investigators and units' },
  {
    skillCode: 'filing',
    label: 'Filing and outcome check',
    description: 'Quality-checks closing reports and outcomes and files crimes',
  },
  { skillCode: 'n100_review', label: 'N100 review', description: 'Reviews rape reports not recorded as rape' },
  {
    skillCode: 'fcr_delegate',
    label: 'FCR delegate',
    description: 'Acts for the Force Crime Registrar on cancellations and disputed classifications',
  },
]

/**
 * The courses every force starts with. Crime recording is required for control-room staff (HMIC 2015: recruits
 * were not released for it), and counts for two years.
 */
export const STANDARD_COURSES: ReadonlyArray<{
  courseCode: string
  title: string
  validityMonths: number | null
  requiredForControlRoom: boolean
}> = [
  {
    courseCode: 'crime-recording',
    title: 'Crime recording (NCRS and the Home Office Counting Rules)',
    validityMonths: 24,
    requiredForControlRoom: true,
  },
  {
    courseCode: 'classification',
    title: 'HOCR classification for decision makers',
    validityMonths: 36,
    requiredForControlRoom: false,
  },
  { courseCode: 'victims-code', title: 'Victims’ Code duties', validityMonths: 24, requiredForControlRoom: false },
  {
    courseCode: 'data-protection',
    title: 'Data protection (DPA 2018 Part 3)',
    validityMonths: 12,
    requiredForControlRoom: false,
  },
]

export const CANCELLATION_REASONS = {
  not_released: 'Not released from duty',
  course_cancelled: 'Course cancelled by the trainers',
  person_unavailable: 'Person unavailable (sick or on leave)',
  other: 'Other',
} as const
export type CancellationReason = keyof typeof CANCELLATION_REASONS

export function isCancellationReason(value: string): value is CancellationReason {
  return Object.hasOwn(CANCELLATION_REASONS, value)
}

export const WEEKDAYS = {
  1: 'Monday',
  2: 'Tuesday',
  3: 'Wednesday',
  4: 'Thursday',
  5: 'Friday',
  6: 'Saturday',
  7: 'Sunday',
} as const

// ---------------------------------------------------------------------------------------------------------------
// Contracted hours and absence

export interface WorkPattern {
  contractedHours: number
  workingDays: readonly number[]
  startedOn: CalendarDay
  leftOn: CalendarDay | null
}

export interface AbsencePeriod {
  startsOn: CalendarDay
  expectedEndOn: CalendarDay | null
  endedOn: CalendarDay | null
  hoursPerDay: number | null
}

/** In post on `day`: started, and not yet past their last day. */
export function inPost(person: Pick<WorkPattern, 'startedOn' | 'leftOn'>, day: CalendarDay): boolean {
  return person.startedOn <= day && (person.leftOn === null || day <= person.leftOn)
}

/**
 * Contracted hours on one day: the weekly hours spread evenly over the days of the person's pattern (Monday to
 * Friday unless set otherwise), none on other days or when not in post. Shift rotas are not modelled: a
 * 37-hour, five-day pattern gives 7.4 hours each weekday. Rounded to hundredths.
 */
export function contractedHoursOn(person: WorkPattern, day: CalendarDay): number {
  if (!inPost(person, day) || !person.workingDays.includes(isoWeekday(day)) || person.workingDays.length === 0) {
    return 0
  }
  return round2(person.contractedHours / person.workingDays.length)
}

/** The absence's last day: when it actually ended, else when it is expected to; null when open-ended. */
export function lastDayOf(absence: AbsencePeriod): CalendarDay | null {
  return absence.endedOn ?? absence.expectedEndOn
}

/** Whether the absence covers `day` (an open-ended absence continues until it is ended). */
export function absentOn(absence: AbsencePeriod, day: CalendarDay): boolean {
  const last = lastDayOf(absence)
  return absence.startsOn <= day && (last === null || day <= last)
}

/** Whole-day absence (no hours given) takes the day; a part-day absence takes its hours. */
function isWholeDay(absence: AbsencePeriod): boolean {
  return absence.hoursPerDay === null
}

/** Contracted hours on `day` less absence that day, never below nought. */
export function availableHoursOn(person: WorkPattern, absences: readonly AbsencePeriod[], day: CalendarDay): number {
  const contracted = contractedHoursOn(person, day)
  let absent = 0
  for (const absence of absences) {
    if (absentOn(absence, day)) {
      if (isWholeDay(absence)) {
        return 0
      }
      absent += absence.hoursPerDay!
    }
  }
  return round2(Math.max(0, contracted - absent))
}

/** Away for the whole of `day` (so unable to cover anyone's work that day), whatever their pattern. */
export function wholeDayAbsentOn(absences: readonly AbsencePeriod[], day: CalendarDay): boolean {
  return absences.some((absence) => isWholeDay(absence) && absentOn(absence, day))
}

/** Absence of this many calendar days or more, counting the first and last, is long-term. */
export const LONG_TERM_DAYS = 28

/**
 * How long an absence is, in calendar days counting both ends: to its actual or expected last day, or, when
 * open-ended, so far (to `asOf`).
 */
export function absenceLength(absence: AbsencePeriod, asOf: CalendarDay): number {
  return daysInclusive(absence.startsOn, lastDayOf(absence) ?? asOf)
}

/**
 * Long-term: 28 calendar days or more. Known from the start when the expected end says so (a planned secondment
 * is long-term on its first day); an open-ended absence becomes long-term on its 28th day.
 */
export function isLongTerm(absence: AbsencePeriod, asOf: CalendarDay): boolean {
  return absenceLength(absence, asOf) >= LONG_TERM_DAYS
}

// ---------------------------------------------------------------------------------------------------------------
// Skill cover: who can backfill whom

export interface SkilledPerson {
  staffId: string
  name: string
  skills: ReadonlyArray<{ skill: string; level: number }>
  /** In post and not away for the whole day. */
  available: boolean
}

export interface SkillCover {
  skill: string
  /** Available people who can do the work alone (competent or expert), best first. */
  available: Array<{ staffId: string; name: string; level: number }>
  /** Holders at competent or above who are away or not in post that day. */
  unavailable: Array<{ staffId: string; name: string; level: number }>
  /** Available people still learning it (who cannot yet backfill). */
  learning: Array<{ staffId: string; name: string; level: number }>
  /** Fewer than MINIMUM_COVER available people can do it. */
  thin: boolean
}

const byLevelThenName = (a: { level: number; name: string }, b: { level: number; name: string }) =>
  b.level - a.level || a.name.localeCompare(b.name)

/** For each skill, who can do it today and who cannot: the skills matrix's last row and the risk indicator. */
export function skillCover(skills: readonly string[], people: readonly SkilledPerson[]): SkillCover[] {
  return skills.map((skill) => {
    const cover: SkillCover = { skill, available: [], unavailable: [], learning: [], thin: false }
    for (const person of people) {
      const held = person.skills.find((entry) => entry.skill === skill)
      if (!held) {
        continue
      }
      const holder = { staffId: person.staffId, name: person.name, level: held.level }
      if (held.level < BACKFILL_LEVEL) {
        if (person.available) {
          cover.learning.push(holder)
        }
      } else if (person.available) {
        cover.available.push(holder)
      } else {
        cover.unavailable.push(holder)
      }
    }
    cover.available.sort(byLevelThenName)
    cover.unavailable.sort(byLevelThenName)
    cover.learning.sort(byLevelThenName)
    cover.thin = cover.available.length < MINIMUM_COVER
    return cover
  })
}

/**
 * Who can backfill `person`: for each skill they hold at competent or above, the other available people who
 * hold it at competent or above too. An empty list for a skill means nobody can cover that part of their work.
 */
export function backfillFor(
  person: SkilledPerson,
  people: readonly SkilledPerson[],
): Array<{ skill: string; level: number; cover: Array<{ staffId: string; name: string; level: number }> }> {
  return person.skills
    .filter((held) => held.level >= BACKFILL_LEVEL)
    .map((held) => ({
      skill: held.skill,
      level: held.level,
      cover: people
        .filter((other) => other.staffId !== person.staffId && other.available)
        .flatMap((other) => {
          const level = other.skills.find((entry) => entry.skill === held.skill)?.level ?? 0
          return level >= BACKFILL_LEVEL ? [{ staffId: other.staffId, name: other.name, level }] : []
        })
        .sort(byLevelThenName),
    }))
}

// ---------------------------------------------------------------------------------------------------------------
// Training

/** When a completion stops counting: its course's validity after completion, or never. */
export function expiryOf(completedOn: CalendarDay, validityMonths: number | null): CalendarDay | null {
  return validityMonths === null ? null : addMonths(completedOn, validityMonths)
}

/** A completion counts on `day` from the day it was completed until (not including) the day it expires. */
export function inDate(record: { completedOn: CalendarDay; expiresOn: CalendarDay | null }, day: CalendarDay): boolean {
  return record.completedOn <= day && (record.expiresOn === null || day < record.expiresOn)
}

export type TrainingStatus =
  | { status: 'trained'; expiresOn: CalendarDay | null }
  | { status: 'expired'; expiredOn: CalendarDay }
  | { status: 'never_trained' }

/** One person's standing on one course, from all their completions of it. */
export function trainingStatus(
  records: ReadonlyArray<{ completedOn: CalendarDay; expiresOn: CalendarDay | null }>,
  day: CalendarDay,
): TrainingStatus {
  const counting = records.filter((record) => inDate(record, day))
  if (counting.length > 0) {
    const neverExpires = counting.some((record) => record.expiresOn === null)
    const latest = counting
      .map((record) => record.expiresOn!)
      .sort()
      .at(-1)!
    return { status: 'trained', expiresOn: neverExpires ? null : latest }
  }
  const past = records.filter((record) => record.completedOn <= day && record.expiresOn !== null)
  if (past.length > 0) {
    return {
      status: 'expired',
      expiredOn: past
        .map((record) => record.expiresOn!)
        .sort()
        .at(-1)!,
    }
  }
  return { status: 'never_trained' }
}

export interface ComplianceEntry {
  staffId: string
  name: string
  unitId: string
  /** Their standing on each required course. */
  courses: Array<{ courseCode: string } & TrainingStatus>
}

/**
 * Control-room crime-recording training compliance: trained = in-date on every course required for the control
 * room. With no required course set up, nobody can be shown to be trained (so the gap shows rather than hides).
 * `percent` is null when there are no control-room staff, to one decimal place otherwise.
 */
export function compliance(
  people: readonly ComplianceEntry[],
  requiredCourses: readonly string[],
): { trained: number; total: number; percent: number | null; notTrained: ComplianceEntry[] } {
  const notTrained = people.filter(
    (person) =>
      requiredCourses.length === 0 ||
      requiredCourses.some(
        (course) => person.courses.find((entry) => entry.courseCode === course)?.status !== 'trained',
      ),
  )
  const total = people.length
  const trained = total - notTrained.length
  return {
    trained,
    total,
    percent: total === 0 ? null : Math.round((trained / total) * 1000) / 10,
    notTrained: [...notTrained].sort((a, b) => a.name.localeCompare(b.name)),
  }
}

function round2(value: number): number {
  return Math.round(value * 100) / 100
}
