/**
 * Simulated futures of a unit's queues together (issue 12). Each path draws, once, how fast the staff really
 * work (from the rate estimate's uncertainty) and how high demand really runs (from the arrival forecast's
 * uncertainty), then every day's arrivals and completions; what one queue completes enters the next the same
 * day, so a slowdown upstream holds work back and its recovery sends a wave on. The band is the 10th to 90th
 * percentile of the paths, the central line their median, and the probability of a breach the share of paths
 * that cross the line within the horizon. A fixed seed gives the same answer for the same inputs.
 */
import { overdispersedCount, poisson, seededRandom, type Random } from './capacity.random.ts'
import type { RateEstimate } from './capacity.rates.ts'

export type PlannedArrivals =
  | {
      kind: 'own'
      /** Expected arrivals and their standard deviation for each 7-day block from the first forecast day. */
      weeklyMean: readonly number[]
      weeklySd: readonly number[]
      /** Further spread of each week's expected total from the trend's uncertainty, one draw a path (none: 0). */
      weeklyTrendSd?: readonly number[]
      /** Share of a week's arrivals on Monday … Sunday (summing to 1). */
      weekdayShare: readonly number[]
      /** Variance ÷ mean of a day's arrivals about its expected value. */
      dispersion: number
    }
  | { kind: 'flow'; from: number; share: number }

export type PlannedWork =
  | {
      kind: 'staff'
      rate: RateEstimate
      hours: readonly number[]
      /**
       * Relative uncertainty of each day's hours (absences not yet recorded: as many again as allowed for, or
       * none); one draw a path moves every day together.
       */
      hoursSpread?: readonly number[]
    }
  | { kind: 'outside'; finishingShareByWeekday: readonly number[] }
  | { kind: 'fixed'; completionsByWeekday: readonly number[] }

export interface PlannedQueue {
  startBacklog: number
  threshold: number | null
  arrivals: PlannedArrivals
  work: PlannedWork
}

export interface PathsInput {
  /** In flow order: a queue's `from` is always earlier in the list. */
  queues: readonly PlannedQueue[]
  /** Day of the week (0 Monday) of each forecast day. */
  weekdays: readonly number[]
  paths: number
  seed: number
  /** Days within which a crossing counts towards the breach probability. */
  horizonDays: number
}

export interface QueuePaths {
  low: number[]
  central: number[]
  high: number[]
  meanArrivals: number[]
  meanCompletions: number[]
  /** Share of paths above the threshold on some day within the horizon; null without a threshold. */
  breachProbability: number | null
  /** Share of paths above the threshold on some day up to the end of each 7-day block. */
  breachProbabilityByWeek: number[]
}

export const BAND_LOW = 0.1
export const BAND_HIGH = 0.9

function standardNormal(random: Random): number {
  const u = 1 - random.next()
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random.next())
}

/**
 * Demand for each forecast day on one path. The arrival forecast's spread for a week is partly that week's own
 * ups and downs, which do not carry into the next week, and partly how far the level itself may have moved,
 * which does. The first week's spread is taken as the week's own (less the day-to-day noise the daily draws
 * add back) and drawn afresh each week; what later weeks add to it is the level's, drawn once a path (`z`), as
 * is the trend's (`zTrend`). Drawing the whole spread once a path would treat one busy week as a lasting step.
 */
function dailyDemand(
  arrivals: Extract<PlannedArrivals, { kind: 'own' }>,
  weekdays: readonly number[],
  random: Random,
): number[] {
  const z = standardNormal(random)
  const zTrend = standardNormal(random)
  const weeks = Math.ceil(weekdays.length / 7)
  const firstSd = arrivals.weeklySd[0] ?? 0
  const weekly = Array.from({ length: weeks }, (_, week) => {
    const at = Math.min(week, arrivals.weeklyMean.length - 1)
    const mean = arrivals.weeklyMean[at] ?? 0
    const ownSd = Math.sqrt(Math.max(0, firstSd ** 2 - arrivals.dispersion * mean))
    const levelSd = Math.sqrt(Math.max(0, (arrivals.weeklySd[at] ?? 0) ** 2 - firstSd ** 2))
    const trendSd = arrivals.weeklyTrendSd?.[at] ?? 0
    return Math.max(0, mean + standardNormal(random) * ownSd + z * levelSd + zTrend * trendSd)
  })
  return weekdays.map((w, d) => weekly[Math.floor(d / 7)]! * (arrivals.weekdayShare[w] ?? 0))
}

function percentileOf(sorted: Float64Array, p: number): number {
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil(p * sorted.length)))
  return sorted[rank - 1] ?? 0
}

/** Runs the paths and summarises each queue. */
export function simulatePaths(input: PathsInput): QueuePaths[] {
  const days = input.weekdays.length
  const random = seededRandom(input.seed)
  const backlogs = input.queues.map(() => Array.from({ length: days }, () => new Float64Array(input.paths)))
  const arrivalsSum = input.queues.map(() => new Float64Array(days))
  const completionsSum = input.queues.map(() => new Float64Array(days))
  const crossedOn = input.queues.map(() => new Int32Array(input.paths).fill(-1))
  const completedToday = new Float64Array(input.queues.length)

  for (let p = 0; p < input.paths; p += 1) {
    const demand = input.queues.map((q) =>
      q.arrivals.kind === 'own' ? dailyDemand(q.arrivals, input.weekdays, random) : null,
    )
    const rates = input.queues.map((q) =>
      q.work.kind === 'staff' ? q.work.rate.draws[Math.floor(random.next() * q.work.rate.draws.length)]! : 0,
    )
    const hoursDraw = input.queues.map((q) =>
      q.work.kind === 'staff' && q.work.hoursSpread ? standardNormal(random) : 0,
    )
    const backlog = input.queues.map((q) => q.startBacklog)
    input.queues.forEach((q, i) => {
      if (q.threshold !== null && q.startBacklog > q.threshold) {
        crossedOn[i]![p] = 0
      }
    })
    for (let d = 0; d < days; d += 1) {
      input.queues.forEach((q, i) => {
        const arrivals =
          q.arrivals.kind === 'own'
            ? overdispersedCount(random, demand[i]![d]!, q.arrivals.dispersion)
            : Math.round(completedToday[q.arrivals.from]! * q.arrivals.share)
        const waiting = backlog[i]! + arrivals
        const capacity =
          q.work.kind === 'staff'
            ? poisson(
                random,
                rates[i]! * (q.work.hours[d] ?? 0) * Math.max(0, 1 + hoursDraw[i]! * (q.work.hoursSpread?.[d] ?? 0)),
              )
            : q.work.kind === 'outside'
              ? poisson(random, waiting * (q.work.finishingShareByWeekday[input.weekdays[d]!] ?? 0))
              : poisson(random, q.work.completionsByWeekday[input.weekdays[d]!] ?? 0)
        // Today's arrivals that came in after hours wait for the next working day, however much capacity is spare.
        const overnight = q.work.kind === 'staff' ? Math.round(arrivals * q.work.rate.overnightShare) : 0
        const done = Math.min(waiting - overnight, capacity)
        backlog[i] = waiting - done
        completedToday[i] = done
        backlogs[i]![d]![p] = backlog[i]!
        arrivalsSum[i]![d]! += arrivals
        completionsSum[i]![d]! += done
        if (q.threshold !== null && crossedOn[i]![p]! < 0 && backlog[i] > q.threshold) {
          crossedOn[i]![p] = d
        }
      })
    }
  }

  return input.queues.map((q, i) => {
    const sorted = backlogs[i]!.map((values) => values.sort())
    const crossings = [...crossedOn[i]!]
    const share = (beforeDay: number) => crossings.filter((d) => d >= 0 && d < beforeDay).length / input.paths
    return {
      low: sorted.map((s) => percentileOf(s, BAND_LOW)),
      central: sorted.map((s) => percentileOf(s, 0.5)),
      high: sorted.map((s) => percentileOf(s, BAND_HIGH)),
      meanArrivals: [...arrivalsSum[i]!].map((sum) => sum / input.paths),
      meanCompletions: [...completionsSum[i]!].map((sum) => sum / input.paths),
      breachProbability: q.threshold === null ? null : share(input.horizonDays),
      breachProbabilityByWeek:
        q.threshold === null ? [] : Array.from({ length: Math.floor(days / 7) }, (_, w) => share(7 * (w + 1))),
    }
  })
}
