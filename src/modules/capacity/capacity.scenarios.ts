/**
 * Scenario changes to the unit's future roster: people absent, people joining who are still learning. Pure
 * functions over staff days, applied after the planned absences the staff records already hold.
 */
import { isWorkingDay } from '../../platform/calendar/working-days.ts'
import { addDays, datesFrom, isDate } from '../../platform/dates.ts'
import { FULL_OUTPUT_LEVEL, HOURS_PER_STAFF_DAY, type StaffDay } from './capacity.rules.ts'

/** Named people, or "the N most experienced" (highest skill level, in one skill if given), absent from/to. */
export type ScenarioAbsence =
  | { kind: 'named'; staffIds: readonly string[]; from: string; to: string }
  | { kind: 'most-experienced'; count: number; skill?: string | undefined; from: string; to: string }

/**
 * People joining: they count at `productivityPercent` of a trained person's output for their first `rampWeeks`
 * weeks, then in full. `skills: 'all'` gives them every modelled skill (a general new starter).
 */
export interface ScenarioNewStaff {
  count: number
  skills: readonly string[] | 'all'
  productivityPercent: number
  rampWeeks: number
  from: string
  hoursPerDay: number
}

export interface Scenario {
  absences: readonly ScenarioAbsence[]
  newStaff: readonly ScenarioNewStaff[]
}

export const NO_SCENARIO: Scenario = { absences: [], newStaff: [] }

export function isEmptyScenario(scenario: Scenario): boolean {
  return scenario.absences.length === 0 && scenario.newStaff.length === 0
}

/** The issue's named scenarios, as the CLI and the scenario form offer them, starting on `start`. */
export const SCENARIO_PRESETS = {
  'experienced-absent': {
    label: 'The two most experienced staff absent for three months',
    build: (start: string): Scenario => ({
      absences: [{ kind: 'most-experienced', count: 2, from: start, to: addDays(start, 90) }],
      newStaff: [],
    }),
  },
  'new-untrained': {
    label: 'Two new untrained staff join at 30% productivity for eight weeks',
    build: (start: string): Scenario => ({
      absences: [],
      newStaff: [
        {
          count: 2,
          skills: 'all',
          productivityPercent: 30,
          rampWeeks: 8,
          from: start,
          hoursPerDay: HOURS_PER_STAFF_DAY,
        },
      ],
    }),
  },
} as const
export type ScenarioPreset = keyof typeof SCENARIO_PRESETS

export function isScenarioPreset(value: string): value is ScenarioPreset {
  return Object.hasOwn(SCENARIO_PRESETS, value)
}

export function combineScenarios(...scenarios: Scenario[]): Scenario {
  return {
    absences: scenarios.flatMap((s) => s.absences),
    newStaff: scenarios.flatMap((s) => s.newStaff),
  }
}

/** Experience: the highest level held (in `skill` if given), then how many skills, then id for a stable order. */
export function mostExperienced(staff: readonly StaffDay[], count: number, skill?: string): string[] {
  const people = new Map<string, { level: number; skills: number }>()
  for (const day of staff) {
    const levels = day.skills.filter((s) => skill === undefined || s.skill === skill).map((s) => s.level)
    if (levels.length === 0) {
      continue
    }
    const known = people.get(day.staffId) ?? { level: 0, skills: 0 }
    people.set(day.staffId, {
      level: Math.max(known.level, ...levels),
      skills: Math.max(known.skills, day.skills.length),
    })
  }
  return [...people.entries()]
    .sort(([idA, a], [idB, b]) => b.level - a.level || b.skills - a.skills || idA.localeCompare(idB))
    .slice(0, count)
    .map(([id]) => id)
}

/**
 * The roster from `start` to `end` with the scenario applied: absent people's hours become zero in their
 * absence, and joiners get working-day hours at their learning productivity.
 */
export function applyScenario(
  roster: readonly StaffDay[],
  scenario: Scenario,
  horizon: { start: string; end: string },
  modelledSkills: readonly string[],
): StaffDay[] {
  const absent = new Map<string, Array<{ from: string; to: string }>>()
  for (const absence of scenario.absences) {
    const ids =
      absence.kind === 'named'
        ? absence.staffIds
        : mostExperienced(
            roster.filter((day) => day.date >= horizon.start),
            absence.count,
            absence.skill,
          )
    for (const id of ids) {
      absent.set(id, [...(absent.get(id) ?? []), { from: absence.from, to: absence.to }])
    }
  }
  const adjusted = roster.map((day) =>
    absent.get(day.staffId)?.some((period) => day.date >= period.from && day.date <= period.to)
      ? { ...day, hours: 0 }
      : day,
  )

  scenario.newStaff.forEach((joiners, group) => {
    // Their learning is in `productivity` (ramping to full), so they hold the skills as competent holders would.
    const skills = (joiners.skills === 'all' ? modelledSkills : joiners.skills).map((skill) => ({
      skill,
      level: FULL_OUTPUT_LEVEL,
    }))
    const learningUntil = addDays(joiners.from, joiners.rampWeeks * 7)
    const from = joiners.from > horizon.start ? joiners.from : horizon.start
    for (let person = 1; person <= joiners.count; person += 1) {
      for (const date of datesFrom(from, horizon.end)) {
        if (!isWorkingDay(date)) {
          continue
        }
        adjusted.push({
          date,
          staffId: `scenario-joiner-${group + 1}-${person}`,
          hours: joiners.hoursPerDay,
          skills,
          productivity: date < learningUntil ? joiners.productivityPercent / 100 : 1,
        })
      }
    }
  })
  return adjusted
}

/** A sentence per change, for the page and the CLI ("what this forecast assumes"). */
export function describeScenario(scenario: Scenario): string[] {
  return [
    ...scenario.absences.map((absence) =>
      absence.kind === 'named'
        ? `${absence.staffIds.length} named staff absent from ${absence.from} to ${absence.to}`
        : `The ${absence.count} most experienced staff${absence.skill ? ` in ${absence.skill}` : ''} absent from ${absence.from} to ${absence.to}`,
    ),
    ...scenario.newStaff.map(
      (joiners) =>
        `${joiners.count} new staff from ${joiners.from} at ${joiners.productivityPercent}% productivity for ${joiners.rampWeeks} weeks, ${joiners.hoursPerDay} hours a working day`,
    ),
  ]
}

/**
 * A what-if as people and systems send it (the scenario form, the API, `tally forecast`): flat fields, numbers
 * possibly as text. Blank fields mean "no such change".
 */
export interface ScenarioInput {
  weeks?: number | string | undefined
  presets?: readonly string[] | undefined
  absentMostExperienced?: number | string | undefined
  absentStaffIds?: readonly string[] | undefined
  absentFrom?: string | undefined
  absentTo?: string | undefined
  joinerCount?: number | string | undefined
  joinerProductivityPercent?: number | string | undefined
  joinerRampWeeks?: number | string | undefined
  joinerFrom?: string | undefined
  joinerHoursPerDay?: number | string | undefined
}

export interface ParsedScenario {
  weeks: number
  scenario: Scenario
  problems: Array<{ field: string; message: string }>
}

export const MAX_FORECAST_WEEKS = 26

function blank(value: unknown): boolean {
  return value === undefined || value === null || (typeof value === 'string' && value.trim() === '')
}

function asNumber(value: number | string | undefined): number {
  return typeof value === 'number' ? value : Number(String(value).trim())
}

/** The named presets chosen, each built from the forecast's first day; an unknown name is a problem. */
function presetScenarios(names: readonly string[], start: string, problems: ParsedScenario['problems']): Scenario[] {
  const presets: Scenario[] = []
  for (const preset of names) {
    if (isScenarioPreset(preset)) {
      presets.push(SCENARIO_PRESETS[preset].build(start))
    } else {
      problems.push({
        field: 'presets',
        message: `Unknown scenario "${preset}": choose from ${Object.keys(SCENARIO_PRESETS).join(', ')}`,
      })
    }
  }
  return presets
}

/**
 * Checks a scenario's fields and builds it, naming every field that is wrong. Dates default to the forecast's
 * first day; an absence defaults to three months.
 */
export function parseScenarioInput(
  input: ScenarioInput,
  start: string,
  knownStaffIds: ReadonlySet<string>,
  defaultWeeks: number,
): ParsedScenario {
  const problems: ParsedScenario['problems'] = []
  const wholeNumber = (field: string, value: number | string | undefined, min: number, max: number, what: string) => {
    const n = asNumber(value)
    if (!Number.isInteger(n) || n < min || n > max) {
      problems.push({ field, message: `${what} must be a whole number from ${min} to ${max}` })
      return undefined
    }
    return n
  }
  const date = (field: string, value: string | undefined, fallback: string, what: string) => {
    if (blank(value)) {
      return fallback
    }
    if (!isDate(value!.trim())) {
      problems.push({ field, message: `${what} must be a real date` })
      return undefined
    }
    return value!.trim()
  }

  const weeks = blank(input.weeks)
    ? defaultWeeks
    : (wholeNumber('weeks', input.weeks, 1, MAX_FORECAST_WEEKS, 'Weeks to forecast') ?? defaultWeeks)

  const presets = presetScenarios(input.presets ?? [], start, problems)

  const absences: ScenarioAbsence[] = []
  const named = (input.absentStaffIds ?? []).filter((id) => id !== '')
  const unknown = named.filter((id) => !knownStaffIds.has(id))
  if (unknown.length > 0) {
    problems.push({ field: 'absentStaffIds', message: 'Choose staff from the list of the unit’s staff' })
  }
  if (!blank(input.absentMostExperienced) || named.length > 0) {
    const from = date('absentFrom', input.absentFrom, start, 'Absent from')
    const to = date('absentTo', input.absentTo, addDays(from ?? start, 90), 'Absent until')
    if (from && to && to < from) {
      problems.push({ field: 'absentTo', message: 'Absent until must be the same as or after absent from' })
    }
    if (!blank(input.absentMostExperienced)) {
      const count = wholeNumber('absentMostExperienced', input.absentMostExperienced, 1, 100, 'Number of staff absent')
      if (count !== undefined && from && to) {
        absences.push({ kind: 'most-experienced', count, from, to })
      }
    }
    if (named.length > 0 && unknown.length === 0 && from && to) {
      absences.push({ kind: 'named', staffIds: named, from, to })
    }
  }

  const newStaff: ScenarioNewStaff[] = []
  if (!blank(input.joinerCount)) {
    const count = wholeNumber('joinerCount', input.joinerCount, 1, 100, 'Number of new staff')
    const productivityPercent = blank(input.joinerProductivityPercent)
      ? 30
      : wholeNumber('joinerProductivityPercent', input.joinerProductivityPercent, 0, 100, 'Productivity while learning')
    const rampWeeks = blank(input.joinerRampWeeks)
      ? 8
      : wholeNumber('joinerRampWeeks', input.joinerRampWeeks, 0, 104, 'Weeks learning')
    const from = date('joinerFrom', input.joinerFrom, start, 'Joining on')
    let hoursPerDay: number | undefined = HOURS_PER_STAFF_DAY
    if (!blank(input.joinerHoursPerDay)) {
      hoursPerDay = asNumber(input.joinerHoursPerDay)
      if (!Number.isFinite(hoursPerDay) || hoursPerDay <= 0 || hoursPerDay > 12) {
        problems.push({ field: 'joinerHoursPerDay', message: 'Hours a working day must be a number above 0, up to 12' })
        hoursPerDay = undefined
      }
    }
    if (count !== undefined && productivityPercent !== undefined && rampWeeks !== undefined && from && hoursPerDay) {
      newStaff.push({ count, skills: 'all', productivityPercent, rampWeeks, from, hoursPerDay })
    }
  }

  return { weeks, scenario: combineScenarios(...presets, { absences, newStaff }), problems }
}
