/**
 * How fast the unit works a queue, and how sure we are of it (issue 12). Crimes completed per available
 * staff-hour only measure what staff can do on days they had more work than time: a day that ended with work
 * still waiting ("worked flat out"). A queue the unit keeps clear shows only the work that came, so its rate is
 * a lower bound on what staff can do, never the best week's rate, which is mostly luck.
 *
 * - Enough flat-out weeks: the median of the weekly rates on flat-out days (the week's completions on them over
 *   the week's staff-hours on them), with its uncertainty from a bootstrap over weeks (resampling whole weeks
 *   keeps a week's good and bad days together).
 * - Otherwise: the rate over all days is a lower bound, and the true rate is taken as anywhere from it to
 *   KEPT_CLEAR_HEADROOM above it (the headroom a unit that keeps up usually has, tuned on simulated units that
 *   are not those the evaluation reports).
 */
import { seededRandom } from './capacity.random.ts'

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
  /** Equally likely values of the rate, for simulated futures to draw from. */
  draws: readonly number[]
}

/** Flat-out weeks needed before their rates are trusted over the lower bound. */
export const MINIMUM_FLAT_OUT_WEEKS = 3
/** A kept-clear queue's true rate is drawn from its lower bound up to this much above it. */
export const KEPT_CLEAR_HEADROOM = 0.15
const BOOTSTRAP_SAMPLES = 200
/** A flat-out pace under this share of the pace shown keeping the queue clear is staff working elsewhere. */
export const BELIEVED_SHARE_OF_SHOWN = 0.8

/** A day that ended with more waiting than a quarter of an average day's arrivals. */
export function workedFlatOut(day: RateDay, meanDailyArrivals: number): boolean {
  return day.backlog > Math.max(2, 0.25 * meanDailyArrivals)
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  const middle = Math.floor(sorted.length / 2)
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2
}

function quantile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))]!
}

function keptClearEstimate(lowerBound: number, flatOutDays: number): RateEstimate {
  const draws = Array.from(
    { length: BOOTSTRAP_SAMPLES },
    (_, i) => lowerBound * (1 + (KEPT_CLEAR_HEADROOM * (i + 0.5)) / BOOTSTRAP_SAMPLES),
  )
  return {
    perHour: lowerBound * (1 + KEPT_CLEAR_HEADROOM / 2),
    low: quantile(draws, 0.1),
    high: quantile(draws, 0.9),
    basis: 'kept clear (lower bound)',
    flatOutDays,
    draws,
  }
}

/** Estimates the rate from days in date order; null when no staff-hours were available at all. */
export function estimateRate(days: readonly RateDay[], seed = 1): RateEstimate | null {
  const totalHours = days.reduce((sum, d) => sum + d.hours, 0)
  if (totalHours <= 0) {
    return null
  }
  const meanArrivals = days.reduce((sum, d) => sum + d.arrivals, 0) / Math.max(1, days.length)
  // Whole weeks counted back from the latest day, so each holds every day of the week once.
  const weekly: number[] = []
  const keptClear = { completions: 0, hours: 0 }
  let flatOutDays = 0
  for (let end = days.length; end > 0; end -= 7) {
    // Completions on a flat-out day with no rostered hours (overtime, work keyed in late) are still the
    // unit's output that week: they count against the week's hours rather than vanish from its capacity.
    const flat = days.slice(Math.max(0, end - 7), end).filter((d) => workedFlatOut(d, meanArrivals))
    const staffed = flat.filter((d) => d.hours > 0).length
    flatOutDays += staffed
    const hours = flat.reduce((sum, d) => sum + d.hours, 0)
    if (staffed >= 2 && hours > 0) {
      weekly.push(flat.reduce((sum, d) => sum + d.completions, 0) / hours)
    } else {
      const week = days.slice(Math.max(0, end - 7), end)
      keptClear.completions += week.reduce((sum, d) => sum + d.completions, 0)
      keptClear.hours += week.reduce((sum, d) => sum + d.hours, 0)
    }
  }
  // Staff who hold several skills can spend a backlogged queue's hours on another queue (a stall upstream):
  // its flat-out weeks then read near zero. A flat-out reading well below the pace they showed in the weeks
  // they kept it clear is not believed; that pace is then the lower bound.
  const shown = keptClear.hours > 0 ? keptClear.completions / keptClear.hours : 0
  const random = seededRandom(seed)
  if (weekly.length >= MINIMUM_FLAT_OUT_WEEKS && median(weekly) >= BELIEVED_SHARE_OF_SHOWN * shown) {
    const draws = Array.from({ length: BOOTSTRAP_SAMPLES }, () =>
      median(weekly.map(() => weekly[Math.floor(random.next() * weekly.length)]!)),
    ).sort((a, b) => a - b)
    return {
      perHour: median(weekly),
      low: quantile(draws, 0.1),
      high: quantile(draws, 0.9),
      basis: 'worked flat out',
      flatOutDays,
      draws,
    }
  }
  const average = days.reduce((sum, d) => sum + d.completions, 0) / totalHours
  return keptClearEstimate(Math.max(average, shown), flatOutDays)
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
