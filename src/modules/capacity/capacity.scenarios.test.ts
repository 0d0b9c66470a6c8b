import { describe, expect, it } from 'vitest'
import { addDays, datesFrom, weekday } from '../../platform/dates.ts'
import type { StaffDay } from './capacity.rules.ts'
import {
  applyScenario,
  combineScenarios,
  describeScenario,
  mostExperienced,
  SCENARIO_PRESETS,
  type Scenario,
} from './capacity.scenarios.ts'

const START = '2026-11-30'
const END = addDays(START, 13)

function roster(people: Array<{ id: string; level: number; skills?: string[] }>): StaffDay[] {
  return datesFrom(START, END).flatMap((date) =>
    people.map((person) => ({
      date,
      staffId: person.id,
      hours: weekday(date) < 5 ? 7.5 : 0,
      skills: (person.skills ?? ['filing']).map((skill) => ({ skill, level: person.level })),
    })),
  )
}

const hoursOf = (days: StaffDay[], id: string, from = START, to = END) =>
  days.filter((d) => d.staffId === id && d.date >= from && d.date <= to).reduce((s, d) => s + d.hours, 0)

describe('choosing the most experienced staff', () => {
  const staff = roster([
    { id: 'ada', level: 3, skills: ['filing', 'classification'] },
    { id: 'ben', level: 2 },
    { id: 'cat', level: 3 },
    { id: 'dev', level: 1 },
  ])

  it.each([
    { count: 2, skill: undefined, expected: ['ada', 'cat'] },
    { count: 1, skill: undefined, expected: ['ada'] },
    { count: 3, skill: 'filing', expected: ['ada', 'cat', 'ben'] },
    { count: 5, skill: 'classification', expected: ['ada'] },
  ])('the $count most experienced in $skill: $expected', ({ count, skill, expected }) => {
    expect(mostExperienced(staff, count, skill)).toEqual(expected)
  })
})

describe('applying a scenario to the roster', () => {
  const staff = roster([
    { id: 'ada', level: 3 },
    { id: 'ben', level: 2 },
    { id: 'cat', level: 3 },
  ])

  it('takes the named people out for the dates given, and only those', () => {
    const scenario: Scenario = {
      absences: [{ kind: 'named', staffIds: ['ben'], from: addDays(START, 7), to: END }],
      newStaff: [],
    }
    const result = applyScenario(staff, scenario, { start: START, end: END }, ['filing'])
    expect(hoursOf(result, 'ben')).toBe(37.5)
    expect(hoursOf(result, 'ada')).toBe(75)
  })

  it('"the two most experienced staff absent for three months" removes the two level-3 people', () => {
    const scenario = SCENARIO_PRESETS['experienced-absent'].build(START)
    const result = applyScenario(staff, scenario, { start: START, end: END }, ['filing'])
    expect(hoursOf(result, 'ada')).toBe(0)
    expect(hoursOf(result, 'cat')).toBe(0)
    expect(hoursOf(result, 'ben')).toBe(75)
  })

  it('"two new untrained staff join at 30% productivity for eight weeks" adds learners on working days', () => {
    const horizon = { start: START, end: addDays(START, 83) }
    const scenario = SCENARIO_PRESETS['new-untrained'].build(START)
    const result = applyScenario([], scenario, horizon, ['filing', 'classification'])
    const joiner = result.filter((d) => d.staffId === 'scenario-joiner-1-1')
    expect(new Set(result.map((d) => d.staffId))).toEqual(new Set(['scenario-joiner-1-1', 'scenario-joiner-1-2']))
    // 12 weeks of five weekdays less Christmas Day, the Boxing Day substitute (28 December) and New Year's Day.
    expect(joiner).toHaveLength(57)
    expect(joiner.map((d) => d.date)).not.toContain('2026-12-25')
    expect(joiner[0]).toMatchObject({ date: START, hours: 7.5, productivity: 0.3 })
    expect(joiner[0]!.skills.map((s) => s.skill)).toEqual(['filing', 'classification'])
    // From week 9 they count in full.
    expect(joiner.find((d) => d.date === addDays(START, 56))?.productivity).toBe(1)
    expect(joiner.find((d) => d.date === addDays(START, 53))?.productivity).toBe(0.3)
  })

  it('adds joiners only from their start date, and from the forecast start if they joined earlier', () => {
    const scenario: Scenario = {
      absences: [],
      newStaff: [
        {
          count: 1,
          skills: ['filing'],
          productivityPercent: 50,
          rampWeeks: 1,
          from: addDays(START, -7),
          hoursPerDay: 6,
        },
      ],
    }
    const result = applyScenario([], scenario, { start: START, end: END }, ['filing'])
    expect(result[0]).toMatchObject({ date: START, hours: 6, productivity: 1 })
    expect(result).toHaveLength(10)
  })

  it('combines scenarios and describes each change in words', () => {
    const combined = combineScenarios(
      SCENARIO_PRESETS['experienced-absent'].build(START),
      SCENARIO_PRESETS['new-untrained'].build(START),
    )
    expect(describeScenario(combined)).toEqual([
      'The 2 most experienced staff absent from 2026-11-30 to 2027-02-28',
      '2 new staff from 2026-11-30 at 30% productivity for 8 weeks, 7.5 hours a working day',
    ])
  })
})
