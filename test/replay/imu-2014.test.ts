/**
 * The 2014 replay (issue 5, part 5): a unit like the IMU the inspectorate found close to collapse, run week by
 * week through Tally's forecast and risk-register rules, from pure inputs (no database). It proves the early
 * warning fires, and a risk is raised, at least six weeks before the awaiting-filing backlog passes the 1,675
 * the inspectors found — and prints the week each happened.
 */
import { describe, expect, it } from 'vitest'
import { addDays } from '../../src/platform/dates.ts'
import {
  backtestQueue,
  historyDays,
  hoursBySkill,
  forecastUnit,
  IMU_2014,
  longTermAbsencesOn,
  replayWeek,
  rosterAsKnownOn,
  simulateReplay,
  skillsUnderTwoAvailable,
  DEFAULT_HISTORY_WEEKS,
  DEFAULT_WORKLOAD_NORM,
} from '../../src/modules/capacity/index.ts'
import {
  DEFAULT_WATCHES,
  evaluateWatches,
  INDICATOR_DEFINITIONS,
  type Reading,
  type Trigger,
  type WatchState,
} from '../../src/modules/risks/index.ts'

interface Watch {
  preset: string
  indicatorKey: string
  trigger: Trigger
  state: WatchState
  riskId: string | null
}

interface WeekLine {
  week: number
  monday: string
  backlog: number
  forecastBreach: string | null
  actions: string[]
}

function replay() {
  const scenario = IMU_2014
  const actual = simulateReplay(scenario)
  const backlogAt = new Map(actual.map((day) => [day.date, day.backlog]))
  const indicators = new Map<string, { label: string; unit: 'count' | 'percent' | 'date' | 'ratio' }>(
    Object.entries(INDICATOR_DEFINITIONS),
  )
  const watches: Watch[] = DEFAULT_WATCHES.map((w) => ({ ...w, state: 'clear', riskId: null }))
  const risks: Array<{ riskId: string; title: string; raisedWeek: number; reason: string; escalations: number }> = []
  const lines: WeekLine[] = []
  let warningWeek: number | undefined
  let raisedWeek: number | undefined

  for (let week = 1; week <= scenario.weeks; week += 1) {
    const monday = addDays(scenario.start, (week - 1) * 7)
    const history = actual.filter((day) => day.date < monday)
    const backlog = backlogAt.get(addDays(monday, -1)) ?? scenario.startBacklog
    const readings = new Map<string, Reading>([
      ['queues.awaiting-filing.size', backlog],
      ['staff.skills-under-two-available', skillsUnderTwoAvailable(scenario, monday).length],
      ['staff.imu-long-term-absences', longTermAbsencesOn(scenario, monday).length],
    ])

    let forecastBreach: string | null = null
    if (history.length >= 28) {
      const forecast = forecastUnit({
        start: monday,
        weeks: 12,
        historyWeeks: DEFAULT_HISTORY_WEEKS,
        settings: [scenario.setting],
        queueHistory: history,
        staff: rosterAsKnownOn(scenario, monday, addDays(monday, -7 * DEFAULT_HISTORY_WEEKS), addDays(monday, 83)),
        workloadNorm: DEFAULT_WORKLOAD_NORM,
        paths: 200,
        seed: 1,
      })
      forecastBreach = forecast.queues[0]!.forecast!.breachDate
      readings.set('capacity.forecast-breach.awaiting_filing', forecastBreach)
      readings.set('capacity.workload-per-head', forecast.welfare[0]!.workload.perHead)
    }

    const actions: string[] = []
    for (const evaluation of evaluateWatches(watches, readings, indicators, monday)) {
      const watch = evaluation.watch
      if (watch.preset === 'forecast-breach-awaiting-filing' && evaluation.fires) {
        warningWeek ??= week
      }
      switch (evaluation.action) {
        case 'raise': {
          const riskId = `R${risks.length + 1}`
          risks.push({
            riskId,
            title: DEFAULT_WATCHES.find((d) => d.preset === watch.preset)!.template.title,
            raisedWeek: week,
            reason: evaluation.reason,
            escalations: 0,
          })
          watch.riskId = riskId
          watch.state = 'triggered'
          raisedWeek ??= week
          actions.push(`raised ${riskId} (${watch.preset})`)
          break
        }
        case 'escalate':
          risks.find((r) => r.riskId === watch.riskId)!.escalations += 1
          watch.state = 'triggered'
          actions.push(`escalated ${watch.riskId} (${watch.preset})`)
          break
        case 'clear':
          watch.state = 'clear'
          actions.push(`cleared ${watch.preset}`)
          break
        case 'none':
          break
      }
    }
    lines.push({ week, monday, backlog, forecastBreach, actions })
  }

  const breachDay = actual.find((day) => day.backlog > scenario.inspectionBacklog)
  return {
    scenario,
    lines,
    risks,
    warningWeek,
    raisedWeek,
    breachWeek: breachDay ? replayWeek(scenario, breachDay.date) : undefined,
    breachDate: breachDay?.date,
  }
}

describe('the 2014 IMU replay', () => {
  const result = replay()

  it('warns, and raises a risk, at least six weeks before awaiting filing passes 1,675 — and prints the weeks', () => {
    const { lines, risks, warningWeek, raisedWeek, breachWeek, breachDate, scenario } = result
    const table = lines
      .map(
        (l) =>
          `  week ${String(l.week).padStart(2)}  ${l.monday}  awaiting filing ${String(l.backlog).padStart(5)}  ` +
          `forecast passes ${scenario.setting.threshold} on ${l.forecastBreach ?? '—'.padEnd(10)}  ${l.actions.join('; ')}`,
      )
      .join('\n')
    const weekOf = (week: number | undefined) =>
      week === undefined ? 'never' : `week ${week} (w/c ${addDays(scenario.start, (week - 1) * 7)})`
    console.log(
      `\n${scenario.title}\n${table}\n\n` +
        `  Experienced staff absent from:   week ${replayWeek(scenario, scenario.absences[0]!.from)}\n` +
        `  Early warning (forecast breach): ${weekOf(warningWeek)}\n` +
        `  Risk raised automatically:       ${weekOf(raisedWeek)} — ${risks[0]?.title ?? ''}\n` +
        `  Awaiting filing passed ${scenario.inspectionBacklog}:   ${weekOf(breachWeek)} (${breachDate ?? 'not reached'})\n` +
        `  Lead: warning ${breachWeek! - warningWeek!} weeks, risk ${breachWeek! - raisedWeek!} weeks\n`,
    )

    expect(breachWeek).toBeDefined()
    expect(warningWeek).toBeDefined()
    expect(raisedWeek).toBeDefined()
    expect(breachWeek! - warningWeek!).toBeGreaterThanOrEqual(6)
    expect(breachWeek! - raisedWeek!).toBeGreaterThanOrEqual(6)
  })

  it('stays quiet while the unit is keeping up: nothing is raised before the absences begin', () => {
    const absenceWeek = replayWeek(result.scenario, result.scenario.absences[0]!.from)
    expect(result.lines.filter((l) => l.week < absenceWeek).flatMap((l) => l.actions)).toEqual([])
    expect(result.raisedWeek).toBeGreaterThanOrEqual(absenceWeek)
  })

  it('raises each risk once and records why', () => {
    const presets = result.risks.map((r) => r.title)
    expect(new Set(presets).size).toBe(presets.length)
    for (const risk of result.risks) {
      expect(risk.reason).toMatch(/checked \d{4}-\d{2}-\d{2}/)
    }
    expect(result.risks.map((r) => r.title)).toEqual(
      expect.arrayContaining([
        'Skills held by fewer than two available people',
        'Long-term absences in the Investigation Management Unit',
        'Awaiting-filing backlog forecast to pass its threshold',
      ]),
    )
  })

  it('reports its forecast error on the replayed history (4-week backtests from week 16 on)', () => {
    const scenario = result.scenario
    const actual = simulateReplay(scenario)
    const hours = hoursBySkill(
      rosterAsKnownOn(
        scenario,
        addDays(scenario.start, scenario.weeks * 7 - 1),
        scenario.start,
        addDays(scenario.start, scenario.weeks * 7 - 1),
      ),
      ['filing'],
    )
    const history = historyDays(actual, hours)
    const runs = [16, 20, 24, 28, 32].map((week) =>
      backtestQueue(history, 'filing', { cutoff: addDays(scenario.start, (week - 1) * 7), weeks: 4 })!,
    )
    const mae = runs.reduce((sum, r) => sum + r.meanAbsoluteError, 0) / runs.length
    const mape = runs.reduce((sum, r) => sum + r.meanAbsolutePercentageError!, 0) / runs.length
    console.log(
      `\n  Backtest (4 weeks ahead, cut-offs in weeks 16-32): mean absolute error ${mae.toFixed(1)} crimes, ` +
        `mean absolute percentage error ${mape.toFixed(1)}%\n`,
    )
    expect(mape).toBeLessThan(10)
  })
})
