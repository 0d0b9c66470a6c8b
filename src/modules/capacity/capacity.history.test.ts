import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { isBankHoliday } from '../../platform/calendar/working-days.ts'
import { addDays, datesFrom, weekday } from '../../platform/dates.ts'
import {
  forecastHistory,
  historyForecastJson,
  historyFromRecords,
  rosterFromHistory,
} from './capacity.history-forecast.ts'
import { HistoryFileError, readForecastHistory, type ForecastHistory } from './capacity.history.ts'
import type { RosterDay } from './capacity.sources.ts'

const EXAMPLE = readFileSync(new URL('../../../docs/forecast-history.example.json', import.meta.url), 'utf8')

/** A small valid history: one queue, five weeks, two filers, one of them off for a week. */
function valid(): ForecastHistory {
  return {
    format: 'tally-forecast-history/1',
    queues: [{ queue: 'awaiting_filing', skill: 'filing', threshold: 500 }],
    days: datesFrom('2026-01-05', '2026-02-08').map((date) => ({
      date,
      queues: { awaiting_filing: { arrivals: 20, completions: weekday(date) < 5 ? 28 : 0, backlog: 200 } },
    })),
    staff: [
      { id: 'A', hoursPerWeek: 37.5, skills: [{ skill: 'filing', level: 2 }] },
      {
        id: 'B',
        hoursPerWeek: 22.5,
        workingDays: ['Mon', 'Tue', 'Wed'],
        skills: [{ skill: 'filing', level: 3 }],
        absences: [{ from: '2026-01-12', to: '2026-01-16' }],
      },
    ],
  }
}

function problemsOf(text: string): readonly string[] {
  try {
    readForecastHistory(text)
  } catch (error) {
    if (error instanceof HistoryFileError) {
      return error.problems
    }
    throw error
  }
  return []
}

function changed(change: (history: Record<string, unknown> & ForecastHistory) => void): string {
  const history = valid() as Record<string, unknown> & ForecastHistory
  change(history)
  return JSON.stringify(history, null, 2)
}

describe('reading a history file', () => {
  it('reads the example file in docs/', () => {
    const history = readForecastHistory(EXAMPLE)
    expect(history.queues).toEqual([{ queue: 'awaiting_filing', skill: 'filing', threshold: 600 }])
    expect(history.days.length).toBeGreaterThanOrEqual(28)
  })

  it.each([
    [
      'text that is not JSON, by line and column',
      '{\n  "format": "tally-forecast-history/1",\n  oops\n}',
      /^Line 3, column 3: not valid JSON/,
    ],
    ['a file cut short', '{\n  "days": [\n', /^Line 3, column 1: not valid JSON/],
    ['JSON that is not an object', '[1, 2]', /^\$: must be a JSON object$/],
    [
      'another format',
      changed((h) => (h.format = 'csv/1' as never)),
      /^\$\.format: must be "tally-forecast-history\/1"$/,
    ],
    [
      'a mistyped field',
      changed((h) => ((h.queues[0] as unknown as Record<string, unknown>)['threshhold'] = 5)),
      /^\$\.queues\[0\]\.threshhold: is not a field/,
    ],
    [
      'an unknown queue',
      changed((h) => (h.queues[0]!.queue = 'filing_tray' as never)),
      /^\$\.queues\[0\]\.queue: must be one of Tally’s queues/,
    ],
    [
      'a negative threshold',
      changed((h) => (h.queues[0]!.threshold = -1)),
      /^\$\.queues\[0\]\.threshold: must be a whole number/,
    ],
    [
      'a backlog that is not a count',
      changed((h) => (h.days[1]!.queues.awaiting_filing!.backlog = 2.5)),
      /^\$\.days\[1\]\.queues\.awaiting_filing\.backlog: must be a whole number/,
    ],
    [
      'a day left out',
      changed((h) => h.days.splice(3, 1)),
      /^\$\.days\[3\]\.date: must be 2026-01-08, the day after 2026-01-07: one entry a day, in order, none left out$/,
    ],
    [
      'a day given twice',
      changed((h) => h.days.splice(3, 0, h.days[2]!)),
      /^\$\.days\[3\]\.date: must be 2026-01-08, the day after 2026-01-07/,
    ],
    [
      'arrivals beyond any unit',
      changed((h) => (h.days[4]!.queues.awaiting_filing!.arrivals = 1e12)),
      /^\$\.days\[4\]\.queues\.awaiting_filing\.arrivals: must be a whole number of crimes from 0 to 10,000,000$/,
    ],
    [
      'a date that is not a day',
      changed((h) => (h.days[0]!.date = '2026-02-30')),
      /^\$\.days\[0\]\.date: must be a date written YYYY-MM-DD$/,
    ],
    [
      'a queue not listed',
      changed((h) => (h.days[0]!.queues.recorded = { arrivals: 1, completions: 1, backlog: 1 })),
      /^\$\.days\[0\]\.queues\.recorded: is not one of the queues listed in \$\.queues$/,
    ],
    [
      'a skill level of 4',
      changed((h) => (h.staff[0]!.skills[0]!.level = 4)),
      /^\$\.staff\[0\]\.skills\[0\]\.level: must be 1 \(learning\), 2 \(competent\) or 3 \(expert\)$/,
    ],
    [
      'an absence ending before it starts',
      changed((h) => (h.staff[1]!.absences![0]!.to = '2026-01-01')),
      /^\$\.staff\[1\]\.absences\[0\]\.to: must be on or after from$/,
    ],
    [
      'a day of the week misspelt',
      changed((h) => (h.staff[1]!.workingDays = ['Monday' as never])),
      /^\$\.staff\[1\]\.workingDays: must list days of the week/,
    ],
    ['a staff id used twice', changed((h) => (h.staff[1]!.id = 'A')), /^\$\.staff\[1\]\.id: A is used twice$/],
    [
      'too many weeks of history',
      changed((h) => (h.historyWeeks = 60)),
      /^\$\.historyWeeks: must be a whole number from 4 to 52$/,
    ],
  ])('names the line or the field: %s', (_, text, problem) => {
    const problems = problemsOf(text)
    expect(problems).toHaveLength(1)
    expect(problems[0]).toMatch(problem)
  })

  it('names a day out of order, and the day it took the place of', () => {
    expect(problemsOf(changed((h) => (h.days[2]!.date = '2026-01-05')))).toEqual([
      '$.days[2].date: must be 2026-01-07, the day after 2026-01-06: one entry a day, in order, none left out',
      '$.days[3].date: must be 2026-01-07, the day after 2026-01-06: one entry a day, in order, none left out',
    ])
  })

  it('names every problem at once', () => {
    const text = changed((h) => {
      h.queues[0]!.skill = 'Filing Team'
      h.staff[0]!.hoursPerWeek = -3
    })
    expect(problemsOf(text)).toEqual([
      '$.queues[0].skill: must be a skill code like "filing", or null for a queue worked outside the unit',
      '$.staff[0].hoursPerWeek: must be a number from 0 to 80',
    ])
  })
})

describe('the roster a history file gives', () => {
  it('spreads the week over the working days, never a bank holiday, less the absences recorded by then', () => {
    const history = valid()
    history.staff[1]!.absences!.push({ from: '2026-04-01', to: null, recordedOn: '2026-03-01' })
    const roster = rosterFromHistory(history, '2026-02-09', '2026-01-12', '2026-04-10')
    const hours = (id: string, date: string) => roster.find((d) => d.staffId === id && d.date === date)?.hours
    expect(hours('A', '2026-01-12')).toBe(7.5)
    expect(hours('A', '2026-01-17')).toBe(0) // Saturday
    expect(hours('B', '2026-01-12')).toBe(0) // absent
    expect(hours('B', '2026-01-19')).toBe(7.5) // 22.5 over Monday to Wednesday
    expect(hours('B', '2026-01-22')).toBe(0) // Thursday: not a working day for B
    expect(hours('A', '2026-04-03')).toBe(0) // Good Friday
    // The open-ended absence was recorded after the forecast's day: it does not know of it.
    expect(hours('B', '2026-04-08')).toBe(7.5)
    const later = rosterFromHistory(history, '2026-03-02', '2026-04-06', '2026-04-10')
    expect(later.filter((d) => d.staffId === 'B').map((d) => d.hours)).toEqual([0, 0, 0, 0, 0])
  })
})

describe('the forecast from a history file', () => {
  it('forecasts the example as of a day, warning once the absences are booked and not before', () => {
    const history = readForecastHistory(EXAMPLE)
    // Two weeks before the absences are booked (on 18 February) the unit is keeping up.
    const before = historyForecastJson(
      history,
      forecastHistory(history, { asOf: '2026-02-09', weeks: 12, paths: 200 }),
      12,
    )
    const after = historyForecastJson(
      history,
      forecastHistory(history, { asOf: '2026-03-02', weeks: 12, paths: 200 }),
      12,
    )
    expect(before.warnings).toEqual([])
    expect(after.warnings).toHaveLength(1)
    expect(after.queues[0]!.breachProbabilityPercent! - before.queues[0]!.breachProbabilityPercent!).toBeGreaterThan(40)
    const filing = after.queues[0]!
    expect(filing).toMatchObject({ queue: 'awaiting_filing', threshold: 600, now: 318, problem: null })
    expect(filing.weeks).toHaveLength(12)
    expect(filing.breachProbabilityPercent).toBeGreaterThan(50)
    expect(filing.breachDate).not.toBeNull()
    expect(filing.why.join(' ')).toMatch(/Staff-hours with the filing skill: about \d+ a week ahead, down \d+%/)
  })

  it('looks the warning’s whole horizon ahead even for a shorter forecast', () => {
    const history = readForecastHistory(EXAMPLE)
    const short = historyForecastJson(
      history,
      forecastHistory(history, { asOf: '2026-03-02', weeks: 2, paths: 200 }),
      2,
    )
    expect(short.end).toBe('2026-03-15')
    expect(short.queues[0]!.weeks).toHaveLength(2)
    expect(short.warnings).toHaveLength(1)
  })

  it('says when a queue has too little history rather than forecasting it', () => {
    const history = valid()
    const result = historyForecastJson(
      history,
      forecastHistory(history, { asOf: '2026-01-20', weeks: 4, paths: 50 }),
      4,
    )
    expect(result.queues[0]!.problem).toMatch(/Not enough history: 15 of the 28 days needed/)
  })
})

describe('a history file from Tally’s records', () => {
  it('turns each person’s roster back into contracted hours and absences that give the same roster', () => {
    const asOf = '2026-02-09'
    const rosterTo = addDays(asOf, 27)
    const dates = datesFrom('2026-01-05', rosterTo)
    const roster: RosterDay[] = dates.flatMap((date) => {
      const working = weekday(date) < 5 && !isBankHoliday(date)
      const a = working && !(date >= '2026-01-19' && date <= '2026-01-21') ? 7.4 : 0
      const partDay = date >= '2026-02-02' && date <= '2026-02-03'
      const b = working && weekday(date) < 3 ? (partDay ? 4 : 7.5) : 0
      const c = working && date >= '2026-02-16' ? 0 : working ? 7.5 : 0
      return [
        { date, staffId: 'A', unitId: 'u', name: 'A', hours: a, skills: [{ skill: 'filing', level: 2 }] },
        { date, staffId: 'B', unitId: 'u', name: 'B', hours: b, skills: [{ skill: 'filing', level: 3 }] },
        { date, staffId: 'C', unitId: 'u', name: 'C', hours: c, skills: [{ skill: 'filing', level: 1 }] },
      ]
    })
    const history = historyFromRecords({
      asOf,
      workloadNorm: 60,
      historyWeeks: 4,
      queues: [{ queue: 'awaiting_filing', skill: 'filing', threshold: 500 }],
      queueDays: valid().days.map((d) => ({ date: d.date, queue: 'awaiting_filing', ...d.queues.awaiting_filing! })),
      roster,
      rosterTo,
    })
    expect(history.staff).toEqual([
      {
        id: 'A',
        hoursPerWeek: 37,
        skills: [{ skill: 'filing', level: 2 }],
        absences: [{ from: '2026-01-19', to: '2026-01-21' }],
      },
      {
        id: 'B',
        hoursPerWeek: 22.5,
        workingDays: ['Mon', 'Tue', 'Wed'],
        skills: [{ skill: 'filing', level: 3 }],
        absences: [{ from: '2026-02-02', to: '2026-02-03', hoursPerDay: 3.5 }],
      },
      {
        id: 'C',
        hoursPerWeek: 37.5,
        skills: [{ skill: 'filing', level: 1 }],
        absences: [{ from: '2026-02-16', to: null }],
      },
    ])
    expect(history.days).toHaveLength(35)
    const back = readForecastHistory(JSON.stringify(history))
    const again = rosterFromHistory(back, asOf, '2026-01-05', rosterTo)
    const key = (d: { date: string; staffId: string; hours: number }) => `${d.date} ${d.staffId} ${d.hours}`
    expect(again.map(key).sort()).toEqual(roster.map(key).sort())
  })
})
