/**
 * How fast the unit works a queue, and how sure we are of it (issue 12). A day that ended with work still waiting
 * ("worked flat out") shows what the staff on duty could do: its completions are that day's capacity. A day that
 * ended clear shows only that they could do at least what came. Reading the pace from the flat-out days alone is
 * biased low: near balance, the days a queue is left waiting are mostly the days staff happened to be slower, and
 * the faster days, which cleared it, drop out. So:
 *
 * - Enough flat-out days: the pace is estimated from every staffed day at once, a flat-out day as an observed
 *   capacity and a cleared day as a capacity of at least its completions (a censored normal likelihood, each day's
 *   capacity centred on pace × hours with a spread that grows with them), with its uncertainty from the
 *   likelihood's curvature.
 * - Otherwise (a queue the unit keeps clear): what the busiest cleared days showed is a lower bound, and the true
 *   pace is taken as anywhere from it to KEPT_CLEAR_HEADROOM above it.
 *
 * What came in after the staff went home is still waiting at the end of even a day they kept up: the share of a
 * day's arrivals that waits overnight is read first, and only what is left beyond it counts as work left waiting.
 */
import { errorFunction, probit } from 'simple-statistics'

export interface RateDay {
  completions: number
  arrivals: number
  backlog: number
  /** Available staff-hours of the skill that day. */
  hours: number
}

export interface RateEstimate {
  /** Crimes per available staff-hour: the central estimate. */
  perHour: number
  /** The 10th and 90th percentiles of the estimate's uncertainty. */
  low: number
  high: number
  basis: 'worked flat out' | 'kept clear (lower bound)'
  flatOutDays: number
  /** The share of a day's arrivals still waiting at its end even when the unit keeps up (see overnightShare). */
  overnightShare: number
  /** Equally likely values of the rate, for simulated futures to draw from. */
  draws: readonly number[]
}

/**
 * The pace measured over the history is applied to the weeks ahead, when the mix of staff and of work will have
 * moved: however many days it was measured on, it is taken as known no better than this (a standard deviation,
 * as a share of the pace; set on the evaluation's tune seeds so the 80% band holds about 80%).
 */
export const PACE_DRIFT = 0.06
/** Flat-out days needed before the pace is estimated rather than bounded from below. */
const MINIMUM_FLAT_OUT_DAYS = 10
/** Standard deviations from the pace beyond which a flat-out day's pull on it stops growing (Huber's k). */
const HUBER_K = 1.5
/** A normal distribution's standard deviation is its median absolute deviation × this. */
const MAD_TO_SD = 1.4826
/** A kept-clear queue's true rate is drawn from its lower bound up to this much above it. */
export const KEPT_CLEAR_HEADROOM = 0.15
/** Equally likely values of the rate drawn for the simulated futures. */
const PACE_DRAWS = 200
/** Cleared days needed before the busiest of them are read as a lower bound, and the quantile read. */
const MINIMUM_CLEARED_DAYS = 10
const BUSIEST_DAYS = 0.9
/** A flat-out pace under this share of the pace shown keeping the queue clear is staff working elsewhere. */
const BELIEVED_SHARE_OF_SHOWN = 0.8

/** The lower tail of the days' end-of-day backlogs, as a share of their arrivals, read as what waited overnight. */
const OVERNIGHT_QUANTILE = 0.1

/**
 * A day that ended with more waiting than what came in after hours and a quarter of an average day's arrivals.
 * Even a unit keeping up ends each working day with the reports taken in the evening and at night, and the work
 * passed on late in the day, still waiting: read as a shortage, every day would be flat out and the pace no more
 * than demand needed, and reading a busy day's late arrivals as unfinished work reads the pace low.
 */
function workedFlatOut(day: RateDay, meanDailyArrivals: number, waitsOvernight: number): boolean {
  return day.backlog - waitsOvernight * day.arrivals > Math.max(2, 0.25 * meanDailyArrivals)
}

/**
 * The share of a day's arrivals that waits overnight: the low end of the staffed days' end-of-day backlogs over
 * their arrivals, which even the days the unit kept up left waiting. At most all of them: a standing backlog
 * larger than a day's arrivals is a backlog, not work that came in after hours.
 */
export function overnightShare(staffed: ReadonlyArray<Pick<RateDay, 'arrivals' | 'backlog'>>): number {
  const shares = staffed
    .filter((d) => d.arrivals > 0)
    .map((d) => Math.min(1, d.backlog / d.arrivals))
    .sort((a, b) => a - b)
  return shares.length === 0 ? 0 : quantile(shares, OVERNIGHT_QUANTILE)
}

/**
 * What a cleared day left that its staff might have worked: what came in after hours was not there to be worked,
 * and how much did is a count that varies (two of its standard deviations are allowed), so a day left with no
 * more than an evening's usual share gives only a lower bound on the pace.
 */
function leftUnworked(day: RateDay, waitsOvernight: number): number {
  const evening = waitsOvernight * day.arrivals
  return Math.max(0, day.backlog - evening - 2 * Math.sqrt(evening))
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  const middle = Math.floor(sorted.length / 2)
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2
}

function quantile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))]!
}

function keptClearEstimate(lowerBound: number, flatOutDays: number, waitsOvernight: number): RateEstimate {
  const draws = Array.from(
    { length: PACE_DRAWS },
    (_, i) => lowerBound * (1 + (KEPT_CLEAR_HEADROOM * (i + 0.5)) / PACE_DRAWS),
  )
  return {
    perHour: lowerBound * (1 + KEPT_CLEAR_HEADROOM / 2),
    low: quantile(draws, 0.1),
    high: quantile(draws, 0.9),
    basis: 'kept clear (lower bound)',
    flatOutDays,
    overnightShare: waitsOvernight,
    draws,
  }
}

/**
 * Each staffed day the queue was cleared shows the staff could do at least that day's completions in that day's
 * hours; a busy day, or a day short of staff, that still ended clear shows more of what they can do than the
 * average. The pace of the busiest such days (the BUSIEST_DAYS quantile, so one odd day does not decide it) is the
 * tightest lower bound the history gives. Days with under half the usual hours are left out: completions keyed
 * in on a near-empty roster say nothing of pace. Zero with too few days to take a quantile from.
 */
function busiestKeptClearPace(cleared: readonly RateDay[]): number {
  if (cleared.length < MINIMUM_CLEARED_DAYS) {
    return 0
  }
  const usual = median(cleared.map((d) => d.hours))
  const paces = cleared
    .filter((d) => d.hours >= usual / 2)
    .map((d) => d.completions / d.hours)
    .sort((a, b) => a - b)
  return paces.length < MINIMUM_CLEARED_DAYS ? 0 : quantile(paces, BUSIEST_DAYS)
}

/** log P(Z ≥ z) for a standard normal Z, without underflow far in the tail. */
function logSurvival(z: number): number {
  if (z < 5) {
    return Math.log(Math.max(Number.MIN_VALUE, 0.5 * (1 - errorFunction(z / Math.SQRT2))))
  }
  return -(z * z) / 2 - Math.log(z * Math.sqrt(2 * Math.PI)) + Math.log(1 - 1 / (z * z))
}

interface CensoredDays {
  /** Days left with work waiting: their completions were the day's capacity. */
  flatOut: readonly RateDay[]
  /**
   * Days that ended clear or nearly so. Cleared: the capacity was at least the completions. A little left waiting
   * (under the flat-out line: perhaps crimes that came in late) is taken as at most that much more.
   */
  cleared: readonly RateDay[]
  /** Variance of a day's capacity per staff-hour worked (capacity's variance is this × hours). */
  spreadPerHour: number
}

function logLikelihood(pace: number, days: CensoredDays): number {
  let sum = 0
  for (const d of days.flatOut) {
    // Huber's loss: a day far off the pace (a lucky week, work keyed in late) pulls on it linearly, not squared.
    const z = Math.abs(d.completions - pace * d.hours) / Math.sqrt(days.spreadPerHour * d.hours)
    sum -= z <= HUBER_K ? (z * z) / 2 : HUBER_K * z - (HUBER_K * HUBER_K) / 2
  }
  for (const d of days.cleared) {
    const sd = Math.sqrt(days.spreadPerHour * d.hours)
    const atLeast = logSurvival((d.completions - pace * d.hours) / sd)
    if (d.backlog <= 0) {
      sum += atLeast
      continue
    }
    // log(P(C ≥ completions) − P(C > completions + backlog)), kept finite far in either tail.
    const beyond = logSurvival((d.completions + d.backlog - pace * d.hours) / sd)
    sum += atLeast + Math.log(Math.max(Number.MIN_VALUE, -Math.expm1(beyond - atLeast)))
  }
  return sum
}

/** The pace that maximises the likelihood, by golden-section search (it has a single peak). */
function mostLikelyPace(days: CensoredDays, from: number, to: number): number {
  const golden = (Math.sqrt(5) - 1) / 2
  let [a, b] = [from, to]
  for (let i = 0; i < 80 && b - a > 1e-12 * to; i += 1) {
    const c = b - golden * (b - a)
    const d = a + golden * (b - a)
    if (logLikelihood(c, days) >= logLikelihood(d, days)) {
      b = d
    } else {
      a = c
    }
  }
  return (a + b) / 2
}

/**
 * The censored estimate: flat-out days' capacity spread sets the day-to-day variance (never below Poisson's),
 * then the pace is the likelihood's peak and its standard error the inverse square root of its curvature there.
 */
function censoredEstimate(flatOut: readonly RateDay[], cleared: readonly RateDay[], ceiling: number) {
  const centre = median(flatOut.map((d) => d.completions / d.hours))
  const scaledMisses = flatOut.map((d) => Math.abs(d.completions - centre * d.hours) / Math.sqrt(d.hours))
  // Never tighter than a Poisson count at the pace, nor zero when most flat-out days did nothing.
  const spreadPerHour = Math.max(centre, ceiling / 10, (MAD_TO_SD * median(scaledMisses)) ** 2)
  const days: CensoredDays = { flatOut, cleared, spreadPerHour }
  const pace = mostLikelyPace(days, 0, ceiling)
  const step = Math.max(1e-6, pace * 1e-3)
  const curvature =
    (logLikelihood(pace + step, days) - 2 * logLikelihood(pace, days) + logLikelihood(pace - step, days)) / step ** 2
  const standardError = curvature < 0 ? 1 / Math.sqrt(-curvature) : 0
  return { pace, standardError }
}

/**
 * Completions on a day with no rostered hours (overtime, work keyed in late) are still the unit's output that
 * week: they are spread over the week's rostered days in proportion to their hours rather than vanish from its
 * capacity. Weeks are counted back from the latest day, so each holds every day of the week once.
 */
function withUnrosteredWorkSpread(days: readonly RateDay[]): RateDay[] {
  const spread = days.map((d) => ({ ...d }))
  for (let end = spread.length; end > 0; end -= 7) {
    const week = spread.slice(Math.max(0, end - 7), end)
    const unrostered = week.filter((d) => d.hours <= 0).reduce((sum, d) => sum + d.completions, 0)
    const hours = week.reduce((sum, d) => sum + Math.max(0, d.hours), 0)
    if (unrostered > 0 && hours > 0) {
      week.filter((d) => d.hours > 0).forEach((d) => (d.completions += (unrostered * d.hours) / hours))
    }
  }
  return spread
}

/** Completions over staff-hours across the days given. */
function pace(sample: readonly RateDay[]): number {
  const hours = sample.reduce((sum, d) => sum + d.hours, 0)
  return hours > 0 ? sample.reduce((sum, d) => sum + d.completions, 0) / hours : 0
}

/**
 * Estimates the rate from days in date order; null when no staff-hours were available at all. The share that
 * waits overnight is read from these days unless given (read from a longer history: see forecastUnit).
 */
export function estimateRate(days: readonly RateDay[], knownOvernightShare?: number): RateEstimate | null {
  const totalHours = days.reduce((sum, d) => sum + d.hours, 0)
  if (totalHours <= 0) {
    return null
  }
  const meanArrivals = days.reduce((sum, d) => sum + d.arrivals, 0) / Math.max(1, days.length)
  const staffed = withUnrosteredWorkSpread(days).filter((d) => d.hours > 0)
  const overnight = knownOvernightShare ?? overnightShare(staffed)
  const flatOut = staffed.filter((d) => workedFlatOut(d, meanArrivals, overnight))
  const cleared = staffed
    .filter((d) => !workedFlatOut(d, meanArrivals, overnight))
    .map((d) => ({ ...d, backlog: leftUnworked(d, overnight) }))
  // Staff who hold several skills can spend a backlogged queue's hours on another queue (a stall upstream): its
  // flat-out days then read near zero. A flat-out pace well below the pace shown on the days they kept it clear
  // is not believed; the lower bound is used instead.
  const shown = cleared.length > 0 ? pace(cleared) : 0
  const estimate =
    flatOut.length >= MINIMUM_FLAT_OUT_DAYS
      ? censoredEstimate(flatOut, cleared, 3 * Math.max(pace(flatOut), shown, pace(staffed)))
      : null
  const believed = (value: number) => value >= BELIEVED_SHARE_OF_SHOWN * shown
  if (estimate !== null && believed(pace(flatOut)) && believed(estimate.pace)) {
    const { pace: perHour, standardError } = estimate
    const draws = Array.from({ length: PACE_DRAWS }, (_, i) =>
      Math.max(0, perHour + Math.max(standardError, PACE_DRIFT * perHour) * probit((i + 0.5) / PACE_DRAWS)),
    )
    return {
      perHour,
      low: quantile(draws, 0.1),
      high: quantile(draws, 0.9),
      basis: 'worked flat out',
      flatOutDays: flatOut.length,
      overnightShare: overnight,
      draws,
    }
  }
  return keptClearEstimate(Math.max(pace(days), shown, busiestKeptClearPace(cleared)), flatOut.length, overnight)
}

/**
 * For a queue worked outside the unit (investigations): the share of what was waiting at the start of a day,
 * plus what arrived, that was finished that day, by day of the week — so more under investigation means more
 * finished, and a wave upstream reaches the next queue.
 */
export function finishingShareByWeekday(
  days: ReadonlyArray<{ weekday: number; completions: number; arrivals: number; backlog: number }>,
): number[] {
  const done = [0, 0, 0, 0, 0, 0, 0]
  const open = [0, 0, 0, 0, 0, 0, 0]
  for (const day of days) {
    done[day.weekday]! += day.completions
    // Waiting at the start of the day is the end-of-day backlog plus what left less what came.
    open[day.weekday]! += day.backlog + day.completions
  }
  return done.map((d, w) => (open[w]! > 0 ? Math.min(1, d / open[w]!) : 0))
}
