/**
 * What waits overnight (issue 12): the share of a day's arrivals still waiting at its end when the unit keeps up,
 * read from the history, kept out of the pace, and left waiting in the futures.
 */
import { describe, expect, it } from 'vitest'
import { addDays, weekday } from '../../platform/dates.ts'
import { forecastUnit } from './capacity.engine.ts'
import { simulatePaths } from './capacity.paths.ts'
import { poisson, seededRandom } from './capacity.random.ts'
import { estimateRate, overnightShare, type RateDay } from './capacity.rates.ts'
import type { QueueDay, StaffDay } from './capacity.rules.ts'
import { fixedRate, plannedQueue, rateDays, weekdays } from './capacity.test-helpers.ts'

// A unit that keeps up still ends each working day with the evening's and night's reports waiting. Read as a
// shortage, every day would be flat out and the pace no more than demand needed; read as unfinished work, a busy
// day's late arrivals read the pace low.
describe('what waits overnight: work that came in after the staff went home', () => {
  const TRUE_PACE = 1.08
  /** Twelve weeks of a unit where `share` of each day's arrivals comes after hours, at `load` of its capacity. */
  function unitDays(share: number, load: number, seed: number, startBacklog = 0): RateDay[] {
    const random = seededRandom(seed)
    let backlog = startBacklog
    return rateDays(12, (_w, d) => {
      const hours = d < 5 ? 105 - 7.5 * Math.floor(random.next() * 3) : 0
      const arrivals = poisson(random, d < 5 ? TRUE_PACE * 105 * load - 12 : 30)
      const late = Math.round(share * arrivals)
      const completions = Math.min(backlog + arrivals - late, poisson(random, TRUE_PACE * hours))
      backlog += arrivals - completions
      return { arrivals, completions, backlog, hours }
    })
  }

  it.each([
    { case: 'none after hours', share: 0 },
    { case: 'a fifth after hours', share: 0.2 },
    { case: 'half after hours', share: 0.5 },
  ])('is the share of a day’s arrivals the days the unit kept up left waiting: $case', ({ share }) => {
    const staffed = unitDays(share, 0.8, 3).filter((d) => d.hours > 0)
    expect(Math.abs(overnightShare(staffed) - share)).toBeLessThan(0.02)
  })

  it.each([0.2, 0.35, 0.5])('reads a unit keeping up as keeping the queue clear, with %s after hours', (share) => {
    const rate = estimateRate(unitDays(share, 0.8, 3))!
    expect(rate.basis).toBe('kept clear (lower bound)')
    expect(rate.overnightShare).toBeGreaterThan(share - 0.02)
  })

  // Twenty units near balance, a third of each day's arrivals after hours.
  it.each([0.8, 0.9, 1])('reads the true pace at %s of capacity, not the pace demand needed', (load) => {
    const estimates = Array.from({ length: 20 }, (_, unit) => estimateRate(unitDays(1 / 3, load, unit + 1))!)
    const middle = estimates.map((e) => e.perHour).sort((a, b) => a - b)[10]!
    expect(Math.abs(middle / TRUE_PACE - 1)).toBeLessThan(0.05)
  })

  it('is never more than a day’s arrivals: a standing backlog worked flat out is still flat out', () => {
    const rate = estimateRate(unitDays(0.3, 1.1, 9, 450))!
    expect(rate.overnightShare).toBe(1)
    expect(rate.basis).toBe('worked flat out')
    expect(rate.perHour).toBeCloseTo(TRUE_PACE, 1)
  })

  it('is left waiting in the futures however much capacity is spare', () => {
    // About 10 arrive a day, and capacity is five times that.
    const run = (share: number) => {
      const work = {
        kind: 'staff' as const,
        rate: { ...fixedRate(5), overnightShare: share },
        hours: Array(84).fill(10),
      }
      return simulatePaths({ queues: [plannedQueue({ work })], weekdays, paths: 200, seed: 3, horizonDays: 56 })[0]!
    }
    expect(run(0.4).central[27]).toBe(4)
    expect(run(0).central[27]).toBe(0)
  })
})

describe('what waits overnight, read from the longer history', () => {
  // Thirty weeks: eighteen kept up with a third of each day's arrivals waiting overnight, then twelve short of
  // staff with the backlog growing. The last twelve weeks alone show no day the unit kept up.
  it('is read from the weeks the unit kept up, though the last twelve were all left waiting', () => {
    const random = seededRandom(4)
    const start = '2026-06-01'
    const queueHistory: QueueDay[] = []
    const staff: StaffDay[] = []
    let backlog = 0
    for (let i = 0; i < 30 * 7 + 84; i += 1) {
      const date = addDays(start, i)
      const working = weekday(date) < 5
      const people = i < 18 * 7 ? 15 : 8
      for (let p = 0; p < people; p += 1) {
        staff.push({ date, staffId: `filer-${p}`, hours: working ? 7.5 : 0, skills: [{ skill: 'filing', level: 2 }] })
      }
      if (i >= 30 * 7) {
        continue
      }
      const arrivals = poisson(random, working ? 80 : 30)
      const workable = backlog + arrivals - Math.round(arrivals / 3)
      const completions = Math.min(workable, working ? poisson(random, people * 7.5) : 0)
      backlog += arrivals - completions
      queueHistory.push({ date, queue: 'awaiting_filing', arrivals, completions, backlog })
    }
    const forecastStart = addDays(start, 30 * 7)
    const forecast = forecastUnit({
      start: forecastStart,
      weeks: 4,
      historyWeeks: 12,
      settings: [{ queue: 'awaiting_filing', skill: 'filing', threshold: null }],
      queueHistory,
      staff,
      workloadNorm: 60,
      paths: 50,
      seed: 1,
    }).queues[0]!.forecast!
    const lastTwelve = queueHistory.slice(-84).map((d) => ({ ...d, hours: weekday(d.date) < 5 ? 60 : 0 }))
    expect(backlog).toBeGreaterThan(300)
    expect(overnightShare(lastTwelve.filter((d) => d.hours > 0))).toBe(1)
    expect(forecast.model.rate!.overnightShare).toBeGreaterThan(0.3)
    expect(forecast.model.rate!.overnightShare).toBeLessThan(0.36)
  })
})
