import { describe, expect, it } from 'vitest'
import { addDays, datesFrom, daysBetween, isDate, weekCommencing, weekday } from '../../platform/dates.ts'
import { gamma, overdispersedCount, poisson, seededRandom } from './capacity.random.ts'
import { backtestUnit, forecastQueue, forecastUnit } from './capacity.engine.ts'
import { explain } from './capacity.explain.ts'
import { centralPath, estimateQueueModel, extraStaffDaysNeeded, type QueueModel } from './capacity.model.ts'
import {
  hoursBySkill,
  percentile,
  unrecordedAbsenceShare,
  workloadPerHead,
  type HistoryDay,
  type StaffDay,
} from './capacity.rules.ts'

const MONDAY = '2026-11-30'

/** A model with flat arrivals and a fixed rate per staff-hour. */
function model(overrides: Partial<QueueModel> = {}): QueueModel {
  return {
    queue: 'awaiting_filing',
    skill: 'filing',
    arrivalsByWeekday: [10, 10, 10, 10, 10, 10, 10],
    arrivalDispersion: 1,
    completionsPerHour: 1,
    rate: { perHour: 1, low: 1, high: 1, basis: 'worked flat out', flatOutDays: 60, overnightShare: 0, draws: [1] },
    finishingShareByWeekday: [0, 0, 0, 0, 0, 0, 0],
    completionsByWeekday: [0, 0, 0, 0, 0, 0, 0],
    historyDays: 84,
    ...overrides,
  }
}

function history(
  days: number,
  day: (date: string, i: number) => Partial<HistoryDay>,
  from = '2026-09-07',
): HistoryDay[] {
  return Array.from({ length: days }, (_, i) => {
    const date = addDays(from, i)
    return {
      date,
      queue: 'awaiting_filing',
      arrivals: 0,
      completions: 0,
      backlog: 0,
      staffHoursAvailable: {},
      ...day(date, i),
    }
  })
}

const dates = (n: number, from = MONDAY) => Array.from({ length: n }, (_, i) => addDays(from, i))

describe('calendar days', () => {
  it.each([
    ['2026-11-30', 0],
    ['2026-12-05', 5],
    ['2026-12-06', 6],
    ['2024-02-29', 3],
  ])('%s is weekday %i (Monday = 0)', (date, expected) => {
    expect(weekday(date)).toBe(expected)
  })

  it('adds days across month, year and clock-change boundaries', () => {
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01')
    expect(addDays('2026-03-28', 2)).toBe('2026-03-30')
    expect(daysBetween('2026-10-24', '2026-10-26')).toBe(2)
    expect(weekCommencing('2026-12-06')).toBe('2026-11-30')
    expect(datesFrom('2026-11-29', '2026-12-01')).toEqual(['2026-11-29', '2026-11-30', '2026-12-01'])
  })

  it.each([
    ['2026-02-29', false],
    ['2026-13-01', false],
    ['26-01-01', false],
    ['2028-02-29', true],
  ])('%s is a date: %s', (value, expected) => {
    expect(isDate(value)).toBe(expected)
  })
})

describe('seeded random source', () => {
  it('gives the same numbers for the same seed and different ones for another', () => {
    const a = seededRandom(42)
    const b = seededRandom(42)
    const c = seededRandom(43)
    const first = Array.from({ length: 5 }, () => a.next())
    expect(Array.from({ length: 5 }, () => b.next())).toEqual(first)
    expect(Array.from({ length: 5 }, () => c.next())).not.toEqual(first)
    expect(first.every((n) => n >= 0 && n < 1)).toBe(true)
  })

  it.each([
    [0.5, 1],
    [4, 1],
    [60, 1],
    [20, 3],
  ])('counts with mean %f and dispersion %f have that mean and variance', (mean, dispersion) => {
    const random = seededRandom(7)
    const draws = Array.from({ length: 20_000 }, () =>
      dispersion === 1 ? poisson(random, mean) : overdispersedCount(random, mean, dispersion),
    )
    const sampleMean = draws.reduce((s, x) => s + x, 0) / draws.length
    const variance = draws.reduce((s, x) => s + (x - sampleMean) ** 2, 0) / (draws.length - 1)
    expect(sampleMean).toBeCloseTo(mean, 0)
    expect(variance / (mean * dispersion)).toBeGreaterThan(0.9)
    expect(variance / (mean * dispersion)).toBeLessThan(1.1)
  })

  it('draws gamma numbers with mean shape × scale, also for shapes below one', () => {
    const random = seededRandom(11)
    for (const [shape, scale] of [
      [0.5, 2],
      [3, 1.5],
    ] as const) {
      const draws = Array.from({ length: 20_000 }, () => gamma(random, shape, scale))
      expect(draws.reduce((s, x) => s + x, 0) / draws.length).toBeCloseTo(shape * scale, 1)
    }
  })

  it('never draws a count for a mean of zero or less', () => {
    const random = seededRandom(1)
    expect(poisson(random, 0)).toBe(0)
    expect(overdispersedCount(random, -3, 2)).toBe(0)
  })
})

describe('staff-hours by skill', () => {
  const day = (staffId: string, hours: number, skills: string[], productivity?: number, level = 2): StaffDay => ({
    date: MONDAY,
    staffId,
    hours,
    skills: skills.map((skill) => ({ skill, level })),
    ...(productivity === undefined ? {} : { productivity }),
  })

  it.each([
    { case: 'one skill: all their hours', staff: [day('a', 7.5, ['filing'])], expected: { filing: 7.5 } },
    {
      case: 'two modelled skills: hours shared equally',
      staff: [day('a', 7.5, ['filing', 'classification'])],
      expected: { filing: 3.75, classification: 3.75 },
    },
    {
      case: 'a skill nobody forecasts does not take a share',
      staff: [day('a', 8, ['filing', 'n100-review'])],
      expected: { filing: 8 },
    },
    {
      case: 'no modelled skill (moved in untrained): nothing',
      staff: [day('a', 7.5, ['call-handling'])],
      expected: {},
    },
    { case: 'learning at 30%', staff: [day('a', 10, ['filing'], 0.3)], expected: { filing: 3 } },
    {
      case: 'a learner (level 1) counts at 30%',
      staff: [day('a', 10, ['filing'], undefined, 1)],
      expected: { filing: 3 },
    },
    {
      case: 'an expert (level 3) counts in full',
      staff: [day('a', 10, ['filing'], undefined, 3)],
      expected: { filing: 10 },
    },
    {
      case: 'a learner still takes a share of the day from their other skill',
      staff: [
        {
          date: MONDAY,
          staffId: 'a',
          hours: 10,
          skills: [
            { skill: 'filing', level: 1 },
            { skill: 'classification', level: 2 },
          ],
        },
      ],
      expected: { filing: 1.5, classification: 5 },
    },
    {
      case: 'people add up',
      staff: [day('a', 7.5, ['filing']), day('b', 7.5, ['filing']), day('c', 0, ['filing'])],
      expected: { filing: 15 },
    },
  ])('$case', ({ staff, expected }) => {
    expect(hoursBySkill(staff, ['filing', 'classification']).get(MONDAY)).toEqual(expected)
  })
})

describe('absences not yet in the records', () => {
  /** One filer on 7.5 hours Monday to Friday, 8 weeks before MONDAY and 4 after, off when `off` says. */
  function roster(off: (week: number, weekday: number) => boolean): StaffDay[] {
    return Array.from({ length: 12 * 7 }, (_, i) => {
      const date = addDays(MONDAY, i - 8 * 7)
      const week = Math.floor(i / 7) - 8
      const working = weekday(date) < 5
      return {
        date,
        staffId: 'filer-1',
        hours: working && !off(week, weekday(date)) ? 7.5 : 0,
        skills: [{ skill: 'filing', level: 2 }],
      }
    })
  }
  it.each([
    { case: 'nobody ever off: nothing to allow for', off: () => false, expected: [0, 0, 0, 0] },
    {
      // A Monday off every past week is a fifth of the time; week 1 already has its Monday booked.
      case: 'a day a week off in the past, the first week booked: a fifth allowed for in the weeks not booked',
      off: (week: number, day: number) => day === 0 && (week < 0 || week === 0),
      expected: [0, 0.2, 0.2, 0.2],
    },
    {
      case: 'a long absence in the past (three weeks off) does not set the usual share',
      off: (week: number) => week >= -4 && week <= -2,
      expected: [0, 0, 0, 0],
    },
    {
      case: 'more already booked than usual: never a negative allowance',
      off: (week: number, day: number) => (week < 0 && day === 0) || week === 1,
      expected: [0.2, 0, 0.2, 0.2],
    },
  ])('$case', ({ off, expected }) => {
    const shares = unrecordedAbsenceShare(roster(off), MONDAY, 4)
    shares.forEach((share, w) => expect(share).toBeCloseTo(expected[w]!, 6))
  })

  it('does not read a bank holiday as an absence', () => {
    // Christmas and New Year in the past, nothing else: no one was absent, so nothing is allowed for.
    const from = '2025-11-24'
    const days: StaffDay[] = datesFrom(from, addDays('2026-02-16', 27))
      .filter((date) => weekday(date) < 5)
      .map((date) => ({
        date,
        staffId: 'filer-1',
        hours: ['2025-12-25', '2025-12-26', '2026-01-01'].includes(date) ? 0 : 7.5,
        skills: [{ skill: 'filing', level: 2 }],
      }))
    expect(unrecordedAbsenceShare(days, '2026-02-16', 4)).toEqual([0, 0, 0, 0])
  })

  it('allows for nothing with under four weeks of past to go on', () => {
    const days = Array.from({ length: 5 * 7 }, (_, i) => ({
      date: addDays(MONDAY, i - 3 * 7),
      staffId: 'filer-1',
      hours: i < 21 && i % 7 === 0 ? 0 : 7.5,
      skills: [{ skill: 'filing', level: 2 }],
    }))
    expect(unrecordedAbsenceShare(days, MONDAY, 2)).toEqual([0, 0])
  })
})

describe('estimating a queue from its history', () => {
  it('finds the mean arrivals for each day of the week (weekly seasonality)', () => {
    // Mondays bring 20, other weekdays 10, weekends 2.
    const days = history(28, (date) => ({ arrivals: weekday(date) === 0 ? 20 : weekday(date) < 5 ? 10 : 2 }))
    expect(estimateQueueModel(days, 'filing').arrivalsByWeekday).toEqual([20, 10, 10, 10, 10, 2, 2])
  })

  it('measures completions per available staff-hour of the skill', () => {
    // 30 completed a working day with 15 hours available: 2 an hour.
    const days = history(28, (date) =>
      weekday(date) < 5 ? { completions: 30, backlog: 100, staffHoursAvailable: { filing: 15 } } : {},
    )
    expect(estimateQueueModel(days, 'filing').completionsPerHour).toBeCloseTo(2, 9)
  })

  it.each([
    {
      case: 'a queue kept clear: what the short-staffed days still cleared is a lower bound, with headroom above it',
      backlog: 0,
      // Weeks alternate 15 and 12 hours a working day; 30 arrive and are done each working day either way, so
      // the 12-hour days show at least 2.5 an hour, more than the average of 2.2.
      hoursOn: (week: number) => (week % 2 === 0 ? 15 : 12),
      expected: (30 / 12) * 1.075,
    },
    {
      case: 'a queue with a backlog: worked flat out, what was done over the hours it was done in',
      backlog: 200,
      hoursOn: (week: number) => (week % 2 === 0 ? 15 : 12),
      expected: 600 / (2 * 5 * 15 + 2 * 5 * 12),
    },
  ])('$case', ({ backlog, hoursOn, expected }) => {
    const days = history(28, (date, i) =>
      weekday(date) < 5
        ? { arrivals: 30, completions: 30, backlog, staffHoursAvailable: { filing: hoursOn(Math.floor(i / 7)) } }
        : { backlog },
    )
    expect(estimateQueueModel(days, 'filing').completionsPerHour).toBeCloseTo(expected, 10)
  })

  it('uses weekday completions, not staff-hours, for a queue worked outside the unit', () => {
    const days = history(28, (date) => ({ completions: weekday(date) < 5 ? 5 : 0 }))
    const estimated = estimateQueueModel(days, null)
    expect(estimated.completionsPerHour).toBeNull()
    expect(estimated.completionsByWeekday).toEqual([5, 5, 5, 5, 5, 0, 0])
    // Nothing was waiting, so whatever arrived was finished: the whole of it each working day.
    expect(estimated.finishingShareByWeekday).toEqual([1, 1, 1, 1, 1, 0, 0])
  })

  it('has no rate when nobody with the skill was ever available', () => {
    expect(
      estimateQueueModel(
        history(28, () => ({ completions: 3 })),
        'filing',
      ).completionsPerHour,
    ).toBeNull()
  })

  it.each([
    { case: 'steady arrivals are not over-dispersed', arrivals: () => 10, low: 1, high: 1 },
    { case: 'alternating 0 and 20 are', arrivals: (i: number) => (i % 14 < 7 ? 0 : 20), low: 9, high: 12 },
  ])('$case', ({ arrivals, low, high }) => {
    const dispersion = estimateQueueModel(
      history(56, (_d, i) => ({ arrivals: arrivals(i) })),
      'filing',
    ).arrivalDispersion
    expect(dispersion).toBeGreaterThanOrEqual(low)
    expect(dispersion).toBeLessThanOrEqual(high)
  })
})

describe('rule 14: the awaiting-filing backlog against its threshold', () => {
  describe('central line (every day an average day)', () => {
    it.each([
      { case: 'no work done: grows by arrivals', start: 0, hours: 0, expected: [10, 20, 30] },
      { case: 'capacity equals arrivals: flat', start: 50, hours: 10, expected: [50, 50, 50] },
      { case: 'capacity above arrivals: falls, never below zero', start: 12, hours: 15, expected: [7, 2, 0] },
    ])('$case', ({ start, hours, expected }) => {
      expect(centralPath(model(), dates(3), start, () => hours)).toEqual(expected)
    })
  })

  it.each([
    { case: 'crosses on the sixth day', start: 0, threshold: 55, breach: '2026-12-05' },
    { case: 'exactly at the threshold is not over it', start: 0, threshold: 60, breach: '2026-12-06' },
    { case: 'already over: the first day', start: 500, threshold: 100, breach: MONDAY },
    { case: 'never crosses in the horizon', start: 0, threshold: 1000, breach: null },
  ])('breach date: $case', ({ start, threshold, breach }) => {
    const forecast = forecastQueue(model(), {
      start: MONDAY,
      days: 84,
      startBacklog: start,
      threshold,
      hoursOn: () => 0,
    })
    expect(forecast.breachDate).toBe(breach)
    expect(forecast.alreadyOverThreshold).toBe(start > threshold)
  })

  it('has no breach date without a threshold', () => {
    const forecast = forecastQueue(model(), {
      start: MONDAY,
      days: 14,
      startBacklog: 0,
      threshold: null,
      hoursOn: () => 0,
    })
    expect(forecast.breachDate).toBeNull()
    expect(forecast.extraStaffDaysPerWeek).toBeNull()
  })

  describe('extra staff-days a week that prevent the breach', () => {
    // 15 arrivals each working day, none at weekends, one completion per staff-hour, 7.5-hour staff-days spread
    // over Monday to Friday: x staff-days a week complete 1.5x a working day, so holding a queue that starts at
    // its threshold needs x = 10. The 12 weeks from 1 June 2026 hold no bank holiday, so every weekday is worked.
    const summer = '2026-06-01'
    const weekdayArrivals = model({ arrivalsByWeekday: [15, 15, 15, 15, 15, 0, 0] })
    it.each([
      {
        case: 'starting at the threshold: 10 staff-days',
        m: weekdayArrivals,
        start: 100,
        threshold: 100,
        expected: 10,
      },
      { case: 'nothing needed when it stays under', m: weekdayArrivals, start: 0, threshold: 10_000, expected: 0 },
      {
        // 84 days of 10 a day (840) on top of 0 with room for 420: must remove 420 over 60 working days = 7 a
        // working day = 4.7 staff-days a week (4.666… rounded up to the next tenth).
        case: 'room for half the growth: 4.7 staff-days',
        m: model(),
        start: 0,
        threshold: 420,
        expected: 4.7,
      },
      {
        // Already 200 over with flat arrivals of 15 a working day: clearing 200 in 60 working days needs 3.33… a
        // day above the 15, so (15 + 3.34) / 1.5 = 12.3 staff-days.
        case: 'already over: enough to be back under by the end',
        m: weekdayArrivals,
        start: 300,
        threshold: 100,
        expected: 12.3,
      },
      {
        case: 'worked outside the unit: staff cannot help',
        m: model({ completionsPerHour: null }),
        start: 0,
        threshold: 5,
        expected: null,
      },
    ])('$case', ({ m, start, threshold, expected }) => {
      expect(extraStaffDaysNeeded(m, dates(84, summer), start, threshold, () => 0)).toBe(expected)
    })

    it('adds no staff-days on bank holidays: Christmas and New Year leave fewer days to do the work in', () => {
      expect(extraStaffDaysNeeded(weekdayArrivals, dates(84), 100, 100, () => 0)).toBeGreaterThan(10)
    })
  })

  it('draws a band that holds the central line, and the same band every time for the same seed', () => {
    const options = { start: MONDAY, days: 84, startBacklog: 400, threshold: 1000, hoursOn: () => 9, seed: 3 }
    const first = forecastQueue(model(), options)
    const again = forecastQueue(model(), options)
    expect(again.days).toEqual(first.days)
    for (const week of first.weeks) {
      expect(week.low).toBeLessThanOrEqual(week.central)
      expect(week.high).toBeGreaterThanOrEqual(week.central)
    }
    // The band widens as the future gets further away.
    const width = (i: number) => first.weeks[i]!.high - first.weeks[i]!.low
    expect(width(11)).toBeGreaterThan(width(0))
    expect(first.earliestBreachDate! <= (first.breachDate ?? '9999')).toBe(true)
  })

  it('has no band when nothing can vary', () => {
    const forecast = forecastQueue(model({ arrivalsByWeekday: [0, 0, 0, 0, 0, 0, 0] }), {
      start: MONDAY,
      days: 14,
      startBacklog: 40,
      threshold: 100,
      hoursOn: () => 0,
    })
    expect(forecast.weeks.map((w) => [w.low, w.central, w.high])).toEqual([
      [40, 40, 40],
      [40, 40, 40],
    ])
  })

  it('sums each week from the first forecast day', () => {
    const forecast = forecastQueue(model(), {
      start: MONDAY,
      days: 14,
      startBacklog: 0,
      threshold: 100,
      hoursOn: () => 4,
    })
    expect(forecast.weeks).toHaveLength(2)
    expect(forecast.weeks[0]).toMatchObject({ weekCommencing: MONDAY, weekEnding: '2026-12-06' })
    // Ten a day in and four an hour's work out, on average over the simulated futures.
    expect(forecast.weeks[0]!.expectedArrivals).toBeCloseTo(70, -0.5)
    expect(forecast.weeks[0]!.expectedCompletions).toBeCloseTo(28, -0.5)
    expect(forecast.weeks[0]!.central).toBeGreaterThan(35)
    expect(forecast.weeks[0]!.central).toBeLessThan(50)
  })
})

describe('percentiles (nearest rank)', () => {
  it.each([
    [[1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 0.1, 1],
    [[1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 0.9, 9],
    [[1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 0.5, 5],
    [[7], 0.9, 7],
    [[], 0.5, 0],
  ])('%j at %f is %i', (values, p, expected) => {
    expect(percentile(values, p)).toBe(expected)
  })
})

describe('workload per head (welfare indicator)', () => {
  it.each([
    { case: '600 items, 10 full-time staff, norm 60: at the norm', items: 600, hours: 375, perHead: 60, over: false },
    { case: '600 items, 8 staff: over the norm', items: 600, hours: 300, perHead: 75, over: true },
    { case: 'nobody available and work waiting: over', items: 5, hours: 0, perHead: null, over: true },
    { case: 'nobody available and nothing waiting: not over', items: 0, hours: 0, perHead: null, over: false },
  ])('$case', ({ items, hours, perHead, over }) => {
    const result = workloadPerHead(items, hours, 60)
    expect(result.perHead).toBe(perHead)
    expect(result.overNorm).toBe(over)
  })
})

describe('backtest: the forecast the page shows, made weeks ago, against what happened', () => {
  // A steady queue: 10 in and 10 out every day, with 10 staff-hours a day, backlog 100 throughout.
  const cutoff = MONDAY
  const from = addDays(cutoff, -112)
  const days = datesFrom(from, addDays(cutoff, 27))
  const staff: StaffDay[] = days.map((date) => ({
    date,
    staffId: 'a',
    hours: 10,
    skills: [{ skill: 'filing', level: 2 }],
  }))
  const steady = days.map((date) => ({ date, queue: 'awaiting_filing', arrivals: 10, completions: 10, backlog: 100 }))
  const input = (queueHistory: typeof steady, at = cutoff) => ({
    cutoff: at,
    weeks: 4,
    historyWeeks: 12,
    settings: [{ queue: 'awaiting_filing' as const, skill: 'filing', threshold: null }],
    queueHistory,
    staff,
    workloadNorm: 60,
    paths: 200,
  })
  const backtest = (queueHistory: typeof steady, at = cutoff) => backtestUnit(input(queueHistory, at))[0]!.result

  it('reports no error when the world behaves as the model says', () => {
    const result = backtest(steady)
    expect(result?.points.map((p) => p.weekEnding)).toEqual([6, 13, 20, 27].map((n) => addDays(cutoff, n)))
    // The central line is the middle of simulated futures, so day-to-day chance leaves a few crimes' error.
    expect(result?.meanAbsoluteError).toBeLessThan(5)
    expect(result?.meanAbsolutePercentageError).toBeLessThan(5)
  })

  it('compares what happened with the very forecast the page would have shown at the cut-off', () => {
    const { cutoff: start, ...rest } = input(steady)
    const shown = forecastUnit({ ...rest, start, queueHistory: steady.filter((d) => d.date < start) })
    const central = shown.queues[0]!.forecast!.days.map((d) => d.central)
    expect(backtest(steady)?.points.map((p) => p.forecast)).toEqual([6, 13, 20, 27].map((n) => central[n]))
  })

  it('reports the error when the backlog moved away from the forecast', () => {
    // Actual backlog runs 20 above the forecast each week: MAE 20, MAPE 20/120.
    const shifted = steady.map((day) => (day.date >= cutoff ? { ...day, backlog: 120 } : day))
    const result = backtest(shifted)
    expect(result?.meanAbsoluteError).toBeGreaterThan(15)
    expect(result?.meanAbsoluteError).toBeLessThan(25)
    expect(result?.meanAbsolutePercentageError).toBeCloseTo((100 * 20) / 120, -1)
  })

  it('gives no percentage for a queue of a handful, where one crime out reads as a large share', () => {
    const small = steady.map((day) => ({ ...day, backlog: 4 }))
    const result = backtest(small)
    expect(result?.meanAbsoluteError).toBeLessThan(5)
    expect(result?.meanAbsolutePercentageError).toBeNull()
  })

  it('cannot backtest without four weeks before the cut-off, or without every day of the weeks after it', () => {
    expect(backtest(steady, addDays(from, 14))).toBeNull()
    expect(backtest(steady, addDays(cutoff, 7))).toBeNull()
    expect(backtest(steady.filter((d) => d.date !== addDays(cutoff, 10)))).toBeNull()
  })
})

describe('forecasting the unit', () => {
  const start = MONDAY
  const staff: StaffDay[] = datesFrom(addDays(start, -84), addDays(start, 83)).flatMap((date) =>
    ['a', 'b'].map((staffId) => ({
      date,
      staffId,
      hours: weekday(date) < 5 ? 7.5 : 0,
      skills: [{ skill: 'filing', level: 2 }],
    })),
  )
  const queueHistory = datesFrom(addDays(start, -84), addDays(start, -1)).map((date) => ({
    date,
    queue: 'awaiting_filing',
    arrivals: 10,
    completions: weekday(date) < 5 ? 14 : 0,
    backlog: 200,
  }))

  it('forecasts each configured queue and says which lack history', () => {
    const result = forecastUnit({
      start,
      weeks: 12,
      historyWeeks: 12,
      settings: [
        { queue: 'awaiting_filing', skill: 'filing', threshold: 250 },
        { queue: 'recorded', skill: 'classification', threshold: 100 },
      ],
      queueHistory,
      staff,
      workloadNorm: 60,
      paths: 50,
    })
    expect(result.end).toBe(addDays(start, 83))
    const filing = result.queues[0]!.forecast!
    // 14 completions a working day from 15 hours: 70 a week in, 70 out.
    expect(filing.model.completionsPerHour).toBeCloseTo(14 / 15, 10)
    // 70 in and 70 out a week: the middle of the futures stays near 200.
    expect(Math.abs(filing.weeks.at(-1)!.central - 200)).toBeLessThan(30)
    expect(result.queues[1]).toMatchObject({ forecast: null, problem: 'Not enough history: 0 of the 28 days needed' })
    // Two full-time people and 200 waiting: 100 each, over a norm of 60.
    expect(result.welfare[0]!.workload).toMatchObject({ fte: 2, overNorm: true })
    expect(Math.abs(result.welfare[0]!.workload.perHead! - 100)).toBeLessThan(10)
  })
})

describe('why a queue is forecast as it is, in words', () => {
  const rate = (basis: 'worked flat out' | 'kept clear (lower bound)', overnightShare: number) => ({
    perHour: 1.2,
    low: 1.1,
    high: 1.3,
    basis,
    flatOutDays: basis === 'worked flat out' ? 30 : 0,
    overnightShare,
    draws: [1.2],
  })
  it.each([
    { basis: 'worked flat out' as const, share: 0, says: /finish about 1\.20 crimes an hour/, after: false },
    { basis: 'kept clear (lower bound)' as const, share: 0.3, says: /at least 1\.10 crimes an hour/, after: true },
    { basis: 'worked flat out' as const, share: 0.02, says: /finish about 1\.20/, after: false },
    // Work waited at the end of every day: nothing showed what waits overnight when the unit keeps up.
    { basis: 'worked flat out' as const, share: 1, says: /finish about 1\.20/, after: false },
  ])(
    'says how fast staff work ($basis), and what waits overnight when it was seen ($share)',
    ({ basis, share, ...e }) => {
      const forecast = forecastQueue(model({ rate: rate(basis, share) }), {
        start: MONDAY,
        days: 28,
        startBacklog: 10,
        threshold: null,
        hoursOn: () => 8,
      })
      const words = explain(forecast).join(' ')
      expect(words).toMatch(e.says)
      expect(words.includes(`About ${Math.round(share * 100)}% of a day's arrivals are still waiting at its end`)).toBe(
        e.after,
      )
    },
  )

  it('says when no one with the skill was on the staff records, and what the forecast assumes instead', () => {
    const noStaff = model({ rate: null, completionsPerHour: null, completionsByWeekday: [12, 12, 12, 12, 12, 0, 0] })
    const forecast = forecastQueue(noStaff, {
      start: MONDAY,
      days: 28,
      startBacklog: 10,
      threshold: null,
      hoursOn: () => 0,
    })
    expect(explain(forecast).at(-1)).toBe(
      'No one with the filing skill was available in the staff records over the history, so their pace cannot be measured: crimes are taken to go on being finished as they were, about 60 a week, whoever is rostered.',
    )
  })
})
