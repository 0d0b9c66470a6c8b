/**
 * The forecast model's pieces (issue 12), table-driven: the completion rate and its uncertainty, demand with
 * trend, change point and season, the band's coverage, flow between queues, and the probability of a breach.
 */
import { describe, expect, it } from 'vitest'
import { addDays, datesFrom, weekday } from '../../platform/dates.ts'
import { forecastWeeklyArrivals, latestChangePoint, recentTrend, Z80 } from './capacity.arrivals.ts'
import { forecastUnit, weeklyTotals } from './capacity.engine.ts'
import { simulatePaths } from './capacity.paths.ts'
import { poisson, seededRandom } from './capacity.random.ts'
import { estimateRate, KEPT_CLEAR_HEADROOM, PACE_DRIFT, type RateDay, type RateEstimate } from './capacity.rates.ts'
import { fixedRate, plannedQueue as queue, rateDays, weekdays } from './capacity.test-helpers.ts'
import type { QueueDay, StaffDay } from './capacity.rules.ts'

const MONDAY = '2026-11-30'
/** The 80% interval of a pace measured without doubt: only the drift allowed for the weeks ahead. */
const drifted = (perHour: number) => ({ low: perHour * (1 - PACE_DRIFT * Z80), high: perHour * (1 + PACE_DRIFT * Z80) })

interface RateCase {
  case: string
  days: RateDay[]
  perHour: number
  /** Decimal places the pace must match to (6 unless the case says). */
  digits?: number
  basis: RateEstimate['basis']
  low: number
  high: number
}

describe('completion rate per available staff-hour', () => {
  it.each<RateCase>([
    {
      case: 'worked flat out at 2 an hour every week: 2, and sure of it',
      days: rateDays(8, (_w, d) =>
        d < 5 ? { completions: 30, arrivals: 30, backlog: 200, hours: 15 } : { backlog: 200 },
      ),
      perHour: 2,
      basis: 'worked flat out',
      ...drifted(2),
    },
    {
      // The best week would say 4 and the plain mean 2.25; a lucky week pulls on the pace only so far (Huber).
      case: 'worked flat out, one lucky week at 4 an hour: barely moved by it, never the best week',
      days: rateDays(8, (w, d) =>
        d < 5 ? { completions: w === 3 ? 60 : 30, arrivals: 30, backlog: 200, hours: 15 } : { backlog: 200 },
      ),
      perHour: 2.078,
      digits: 3,
      basis: 'worked flat out',
      ...drifted(2.078),
    },
    {
      // Crimes finished at weekends with nobody rostered (overtime, work keyed in late) are the week's output:
      // 150 on weekdays and 30 at the weekend over 75 hours is 2.4 an hour, not 2.
      case: 'worked flat out with work finished at weekends too: the week’s output over the week’s hours',
      days: rateDays(8, (_w, d) =>
        d < 5
          ? { completions: 30, arrivals: 30, backlog: 200, hours: 15 }
          : { completions: 15, arrivals: 5, backlog: 200 },
      ),
      perHour: 2.4,
      basis: 'worked flat out',
      ...drifted(2.4),
    },
    {
      case: 'kept clear: what was done is a lower bound, the true rate up to the headroom above it',
      days: rateDays(8, (_w, d) => (d < 5 ? { completions: 30, arrivals: 30, backlog: 0, hours: 15 } : {})),
      perHour: 2 * (1 + KEPT_CLEAR_HEADROOM / 2),
      basis: 'kept clear (lower bound)',
      low: 2 * (1 + KEPT_CLEAR_HEADROOM * 0.1),
      high: 2 * (1 + KEPT_CLEAR_HEADROOM * 0.9),
    },
    {
      case: 'flat out for only one week: not enough to trust, so still the lower bound',
      days: rateDays(8, (w, d) =>
        d < 5 ? { completions: 30, arrivals: 30, backlog: w >= 7 ? 200 : 0, hours: 15 } : {},
      ),
      perHour: 2 * (1 + KEPT_CLEAR_HEADROOM / 2),
      basis: 'kept clear (lower bound)',
      low: 2 * (1 + KEPT_CLEAR_HEADROOM * 0.1),
      high: 2 * (1 + KEPT_CLEAR_HEADROOM * 0.9),
    },
    {
      // Two flat-out days a week for five weeks: ten days, enough to read the pace from. The light days that
      // ended clear (5 done, capacity at least that) are no evidence of a faster pace.
      case: 'flat out on a day or two a week: the pace of those days, not the lower bound',
      days: rateDays(8, (w, d) =>
        d < 5
          ? d < 2 && w < 5
            ? { completions: 33, arrivals: 40, backlog: 200, hours: 15 }
            : { completions: 5, arrivals: 5, backlog: 0, hours: 15 }
          : {},
      ),
      perHour: 2.2,
      digits: 4,
      basis: 'worked flat out',
      // Ten days are few: the pace's own standard error is √(2.2 × 150) ÷ 150 = 0.121 (a Poisson count's spread
      // over 150 hours); the interval is the wider of that and the drift allowed for the weeks ahead.
      low: 2.2 - Z80 * Math.max(0.121, PACE_DRIFT * 2.2),
      high: 2.2 + Z80 * Math.max(0.121, PACE_DRIFT * 2.2),
    },
    {
      // Every day ended clear; on the weeks' Mondays 30 were done by half the usual staff. That is what they
      // showed they can do, so it is the lower bound, not the average of 2 an hour.
      case: 'kept clear on short-staffed days too: the busiest cleared days show the lower bound',
      days: rateDays(8, (_w, d) =>
        d === 0
          ? { completions: 30, arrivals: 30, backlog: 0, hours: 7.5 }
          : d < 5
            ? { completions: 30, arrivals: 30, backlog: 0, hours: 15 }
            : {},
      ),
      perHour: 4 * (1 + KEPT_CLEAR_HEADROOM / 2),
      basis: 'kept clear (lower bound)',
      low: 4 * (1 + KEPT_CLEAR_HEADROOM * 0.1),
      high: 4 * (1 + KEPT_CLEAR_HEADROOM * 0.9),
    },
    {
      // Four weeks backlogged while its staff worked another queue (a stall upstream): nothing done those weeks
      // is not a pace of zero. The 8 weeks kept clear showed 150 in 75 hours.
      case: 'flat out with nothing done while its staff were elsewhere: never below the pace shown keeping it clear',
      days: rateDays(12, (w, d) =>
        d < 5
          ? w >= 8
            ? { completions: 0, arrivals: 30, backlog: 200 + 30 * d, hours: 15 }
            : { completions: 30, arrivals: 30, backlog: 0, hours: 15 }
          : w >= 8
            ? { backlog: 350 }
            : {},
      ),
      perHour: 2 * (1 + KEPT_CLEAR_HEADROOM / 2),
      basis: 'kept clear (lower bound)',
      low: 2 * (1 + KEPT_CLEAR_HEADROOM * 0.1),
      high: 2 * (1 + KEPT_CLEAR_HEADROOM * 0.9),
    },
  ])('$case', ({ days, perHour, digits = 6, basis, low, high }) => {
    const rate = estimateRate(days)!
    expect(rate.basis).toBe(basis)
    expect(rate.perHour).toBeCloseTo(perHour, digits)
    expect(rate.low).toBeCloseTo(low, 2)
    expect(rate.high).toBeCloseTo(high, 2)
  })

  it('is uncertain when the weeks disagree, and the 80% interval holds the median', () => {
    const random = seededRandom(5)
    const days = rateDays(12, (_w, d) =>
      d < 5 ? { completions: poisson(random, 30), arrivals: 30, backlog: 200, hours: 15 } : { backlog: 200 },
    )
    const rate = estimateRate(days)!
    expect(rate.low).toBeLessThan(rate.perHour)
    expect(rate.high).toBeGreaterThan(rate.perHour)
    expect(rate.high - rate.low).toBeLessThan(0.5)
  })

  it('has no rate when nobody was on duty', () => {
    expect(estimateRate(rateDays(4, () => ({ completions: 3 })))).toBeNull()
  })

  // A unit close to balance: the days left waiting are mostly the days staff happened to be slower, so their pace
  // alone reads low. Twenty units of 12 weeks each, staff finishing a true 1.08 an hour.
  it.each([
    { case: 'keeping up with a little to spare', load: 0.9 },
    { case: 'just keeping up', load: 1 },
    { case: 'falling behind', load: 1.05 },
  ])('reads the true pace near balance, where the waiting days alone read it low: $case', ({ load }) => {
    const TRUE_PACE = 1.08
    const estimates: number[] = []
    const waitingDaysOnly: number[] = []
    for (let unit = 1; unit <= 20; unit += 1) {
      const random = seededRandom(unit)
      let backlog = 60
      const days = rateDays(12, (_w, d) => {
        const hours = d < 5 ? 112.5 - 7.5 * Math.floor(random.next() * 3) : 0
        const arrivals = poisson(random, d < 5 ? TRUE_PACE * 112.5 * load - 12 : 30)
        const done = Math.min(backlog + arrivals, poisson(random, TRUE_PACE * hours))
        backlog += arrivals - done
        return { arrivals, completions: done, backlog, hours }
      })
      estimates.push(estimateRate(days)!.perHour)
      const waiting = days.filter((d) => d.hours > 0 && d.backlog > 20)
      waitingDaysOnly.push(waiting.reduce((s, d) => s + d.completions, 0) / waiting.reduce((s, d) => s + d.hours, 0))
    }
    const middle = (values: number[]) => [...values].sort((a, b) => a - b)[values.length / 2]!
    expect(Math.abs(middle(estimates) / TRUE_PACE - 1)).toBeLessThan(0.03)
    if (load < 1) {
      expect(Math.abs(middle(waitingDaysOnly) - TRUE_PACE)).toBeGreaterThan(Math.abs(middle(estimates) - TRUE_PACE))
      expect(middle(waitingDaysOnly)).toBeLessThan(TRUE_PACE * 0.99)
    }
  })
})

describe('demand to come', () => {
  const noisy = (n: number, level: (i: number) => number, seed = 1) => {
    const random = seededRandom(seed)
    return Array.from({ length: n }, (_, i) => poisson(random, level(i)))
  }

  it.each([
    { case: 'flat demand forecasts flat', totals: noisy(20, () => 460), low: 430, high: 490, weeks: 8 },
    {
      case: 'a step up four weeks ago is found and followed',
      totals: noisy(20, (i) => (i < 16 ? 460 : 620)),
      low: 580,
      high: 660,
      weeks: 8,
    },
    {
      case: 'last year’s peak comes again in the same weeks',
      totals: noisy(70, (i) => (i % 52 >= 20 && i % 52 < 30 ? 600 : 460)),
      low: 540,
      high: 660,
      weeks: 8,
    },
    {
      // 2% a week from 460 for 20 weeks reaches about 680; 8 weeks on it is about 800. The slope is carried on
      // shrunk by how well it stands out from the noise (TREND_EVIDENCE), so a little under that.
      case: 'demand rising 2% a week is carried on, not held at its recent level',
      totals: noisy(20, (i) => 460 * 1.02 ** i),
      low: 710,
      high: 860,
      weeks: 8,
    },
  ])('$case', ({ totals, low, high, weeks }) => {
    const forecast = forecastWeeklyArrivals(totals, { horizonWeeks: weeks })
    const at = forecast.mean[weeks - 1]!
    expect(at).toBeGreaterThan(low)
    expect(at).toBeLessThan(high)
    expect(forecast.sd.every((sd) => sd > 0)).toBe(true)
  })

  it.each([
    {
      case: 'a steady rise of 10 a week',
      totals: [0, 1, 2, 3, 4, 5, 6, 7].map((t) => 400 + 10 * t),
      slope: 10,
      level: 470,
    },
    {
      // Noise as big as any trend in it: the slope is shrunk towards none.
      case: 'up and down with no trend',
      totals: [460, 500, 440, 480, 430, 470, 450, 490, 440, 470],
      slope: 0,
      level: 463,
    },
    {
      // A slope of 2 a week, 1.2 standard errors: demand that wanders, not a rise to carry on (at one standard
      // error of evidence it would have been carried at 0.5 a week).
      case: 'a slope that does not stand out from the noise by two standard errors',
      totals: [460, 480, 440, 470, 450, 430, 480, 440, 470, 500, 460, 490],
      slope: 0,
      level: 464.1666666666667,
    },
  ])('reads the recent trend: $case', ({ totals, slope, level }) => {
    const trend = recentTrend(totals)!
    expect(trend.slope).toBeCloseTo(slope, 6)
    expect(trend.level).toBeCloseTo(level, 6)
  })

  it('grows the trend’s spread with the horizon, and has none for a series too short to read', () => {
    const random = seededRandom(9)
    const totals = Array.from({ length: 12 }, (_, t) => 460 + 8 * t + 30 * (random.next() - 0.5))
    const forecast = forecastWeeklyArrivals(totals, { horizonWeeks: 8 })
    expect(forecast.trendSd[0]).toBeGreaterThan(0)
    expect(forecast.trendSd[7]).toBeGreaterThan(forecast.trendSd[0]!)
    expect(recentTrend([460, 470, 480])).toBeNull()
  })

  it('keeps a slope it shrank away in the spread: the slope the weeks fit may be the true one', () => {
    // The same weeks as the slope that does not stand out by two standard errors: carried on as none, but the
    // futures still draw a rise of about its 2 a week.
    const totals = [460, 480, 440, 470, 450, 430, 480, 440, 470, 500, 460, 490]
    const trend = recentTrend(totals)!
    expect(trend.slope).toBe(0)
    const forecast = forecastWeeklyArrivals(totals, { horizonWeeks: 8 })
    const spreadPerWeek = forecast.trendSd[7]! / (8 + trend.offset)
    expect(spreadPerWeek).toBeCloseTo(Math.hypot(trend.slopeSe, trend.rawSlope), 6)
    expect(spreadPerWeek).toBeGreaterThan(Math.abs(trend.rawSlope))
  })

  it('finds no change point in steady demand, and one in a step', () => {
    const steady = noisy(20, () => 460)
    expect(latestChangePoint(steady, 4)).toBeNull()
    const stepped = noisy(20, (i) => (i < 12 ? 460 : 700))
    expect(latestChangePoint(stepped, 4)).toBeGreaterThanOrEqual(11)
  })

  it('adds up complete weeks ending the day before the forecast starts', () => {
    const days: QueueDay[] = datesFrom('2026-11-01', '2026-11-29').map((date) => ({
      date,
      queue: 'recorded',
      arrivals: weekday(date) + 1,
      completions: 0,
      backlog: 0,
    }))
    // 29 days: four whole weeks (28 each) ending 29 November, the odd first day left out.
    expect(weeklyTotals(days, MONDAY)).toEqual([28, 28, 28, 28])
  })

  it('leaves out the weeks before the first crime arrived: before the records began, not weeks of no demand', () => {
    const days: QueueDay[] = datesFrom('2026-10-05', '2026-11-29').map((date) => ({
      date,
      queue: 'recorded',
      arrivals: date >= '2026-10-21' ? 2 : 0,
      completions: 0,
      backlog: 0,
    }))
    // Eight weeks from 5 October; the first two had nothing, the third began on its Wednesday.
    expect(weeklyTotals(days, MONDAY)).toEqual([10, 14, 14, 14, 14, 14])
  })
})

describe('probability of passing the line within the horizon', () => {
  it.each([
    { case: 'already over the line', q: queue({ startBacklog: 400 }), low: 1, high: 1 },
    {
      case: 'capacity well above demand',
      q: queue({ work: { kind: 'staff', rate: fixedRate(2), hours: Array(84).fill(10) } }),
      low: 0,
      high: 0,
    },
    {
      case: '10 a day more than can be done: 200 to go at 10 a day passes in 20 days',
      q: queue({ work: { kind: 'staff', rate: fixedRate(0), hours: Array(84).fill(10) } }),
      low: 1,
      high: 1,
    },
    {
      case: 'drifting up 2 a day from 100 to a line at 300: about 100 days, so unlikely within 56',
      q: queue({ work: { kind: 'staff', rate: fixedRate(0.8), hours: Array(84).fill(10) } }),
      low: 0,
      high: 0.1,
    },
    {
      case: 'an even race: expected to reach the line right at the horizon',
      q: queue({
        startBacklog: 300 - 56 * 2,
        work: { kind: 'staff', rate: fixedRate(0.8), hours: Array(84).fill(10) },
      }),
      low: 0.35,
      high: 0.85,
    },
  ])('$case', ({ q, low, high }) => {
    const [paths] = simulatePaths({ queues: [q], weekdays, paths: 400, seed: 7, horizonDays: 56 })
    expect(paths!.breachProbability).toBeGreaterThanOrEqual(low)
    expect(paths!.breachProbability).toBeLessThanOrEqual(high)
    // Probability by week never falls: a path that has crossed stays crossed.
    const byWeek = paths!.breachProbabilityByWeek
    expect(byWeek.every((p, w) => w === 0 || p >= byWeek[w - 1]!)).toBe(true)
  })

  it('widens the band, not the central line, for hours that absences not yet recorded may take', () => {
    const work = { kind: 'staff' as const, rate: fixedRate(1), hours: Array(84).fill(10) }
    const run = (hoursSpread?: number[]) =>
      simulatePaths({
        queues: [queue({ work: { ...work, ...(hoursSpread ? { hoursSpread } : {}) } })],
        weekdays,
        paths: 400,
        seed: 7,
        horizonDays: 56,
      })[0]!
    const sure = run()
    const unsure = run(Array(84).fill(0.2))
    const width = (p: typeof sure) => p.high[27]! - p.low[27]!
    expect(width(unsure)).toBeGreaterThan(1.5 * width(sure))
    expect(Math.abs(unsure.central[27]! - sure.central[27]!)).toBeLessThan(0.25 * width(unsure))
  })

  it('has no probability without a threshold', () => {
    const [paths] = simulatePaths({
      queues: [queue({ threshold: null })],
      weekdays,
      paths: 50,
      seed: 1,
      horizonDays: 56,
    })
    expect(paths!.breachProbability).toBeNull()
  })
})

describe('demand in the simulated futures', () => {
  // A week's own ups and downs do not carry into the next: over 8 weeks they partly cancel. Only what the forecast
  // adds to the spread after the first week is the level's, moving every week of a path together.
  it('draws a week’s own noise afresh each week, so eight weeks spread by about √8 weeks’ noise, not 8', () => {
    const weeklyNoise = 40
    const q = queue({
      threshold: null,
      arrivals: {
        kind: 'own',
        weeklyMean: [400],
        weeklySd: [Math.sqrt(400 + weeklyNoise ** 2)],
        weekdayShare: Array(7).fill(1 / 7),
        dispersion: 1,
      },
      work: { kind: 'fixed', completionsByWeekday: Array(7).fill(0) },
    })
    const [paths] = simulatePaths({ queues: [q], weekdays, paths: 2000, seed: 3, horizonDays: 56 })
    // Nothing is done, so the backlog on day 56 is 100 plus the 8 weeks' arrivals: its 80% band's half-width is
    // 1.28 × √(8 × (400 + 40²)) ≈ 162; a level drawn once a path would make it 1.28 × 8 × 40 + … ≈ 420.
    const halfWidth = (paths!.high[55]! - paths!.low[55]!) / 2
    expect(halfWidth).toBeGreaterThan(130)
    expect(halfWidth).toBeLessThan(200)
  })
})

describe('the 80% band', () => {
  // The world below is the model's own process with uncertain pace: the band should hold it about 80% of the time.
  it.each([
    { case: 'a steady queue', rate: 1, hours: 10 },
    { case: 'a growing queue', rate: 0.9, hours: 10 },
  ])('holds the actual 4-week backlog 70–90% of the time: $case', ({ rate, hours }) => {
    const draws = Array.from({ length: 200 }, (_, i) => rate * (0.9 + (0.2 * (i + 0.5)) / 200))
    const estimate: RateEstimate = {
      perHour: rate,
      low: rate * 0.92,
      high: rate * 1.08,
      basis: 'worked flat out',
      flatOutDays: 40,
      overnightShare: 0,
      draws,
    }
    const q = queue({ threshold: null, work: { kind: 'staff', rate: estimate, hours: Array(84).fill(hours) } })
    const [paths] = simulatePaths({ queues: [q], weekdays, paths: 500, seed: 11, horizonDays: 56 })
    const world = seededRandom(99)
    let inside = 0
    const trials = 300
    for (let t = 0; t < trials; t += 1) {
      const truePace = draws[Math.floor(world.next() * draws.length)]!
      let backlog = 100
      for (let d = 0; d < 28; d += 1) {
        backlog = Math.max(0, backlog + poisson(world, 10) - poisson(world, truePace * hours))
      }
      inside += backlog >= paths!.low[27]! && backlog <= paths!.high[27]! ? 1 : 0
    }
    expect(inside / trials).toBeGreaterThanOrEqual(0.7)
    expect(inside / trials).toBeLessThanOrEqual(0.9)
  })
})

describe('flow between queues', () => {
  const start = MONDAY
  // 10 a day arrive; staff finish the week's 70 on the five working days.
  const history = (queue: string, backlog: number): QueueDay[] =>
    datesFrom(addDays(start, -84), addDays(start, -1)).map((date) => ({
      date,
      queue,
      arrivals: 10,
      completions: weekday(date) < 5 ? 14 : 0,
      backlog,
    }))
  const staff = (classifierAwayFrom: string | null): StaffDay[] =>
    datesFrom(addDays(start, -84), addDays(start, 83)).flatMap((date) => [
      { date, staffId: 'a', hours: weekday(date) < 5 ? 7.5 : 0, skills: [{ skill: 'allocation', level: 2 }] },
      {
        date,
        staffId: 'c',
        hours: weekday(date) < 5 && (classifierAwayFrom === null || date < classifierAwayFrom) ? 7.5 : 0,
        skills: [{ skill: 'classification', level: 2 }],
      },
    ])

  it.each([
    { case: 'classification staffed: allocation receives what it finishes', away: null, inWeek: [60, 80] },
    { case: 'the only classifier away: allocation receives nothing', away: start, inWeek: [0, 0] },
  ])('$case', ({ away, inWeek }) => {
    const result = forecastUnit({
      start,
      weeks: 4,
      historyWeeks: 12,
      settings: [
        { queue: 'recorded', skill: 'classification', threshold: null },
        { queue: 'awaiting_allocation', skill: 'allocation', threshold: 500 },
      ],
      queueHistory: [...history('recorded', 50), ...history('awaiting_allocation', 50)],
      staff: staff(away),
      workloadNorm: 60,
      paths: 100,
    })
    const allocation = result.queues[1]!.forecast!
    expect(allocation.reasons.arrivalsFrom).toBe('recorded')
    const week = allocation.weeks[1]!.expectedArrivals
    expect(week).toBeGreaterThanOrEqual(inWeek[0]!)
    expect(week).toBeLessThanOrEqual(inWeek[1]!)
  })
})
