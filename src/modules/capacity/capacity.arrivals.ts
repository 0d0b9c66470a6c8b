/**
 * How many crimes will arrive each coming week, with how much uncertainty (issue 12). Weekly totals are
 * forecast by exponential smoothing with automatic model selection (augurs' AutoETS: level, and a trend when the
 * data support one, chosen by information criterion) with its prediction intervals; before fitting:
 * - with a year or more of history, the yearly season is taken out using the same weeks last year, and put back
 *   into the forecast (augurs' MSTL needs two full years of history for a yearly season, which forces rarely
 *   have in one system, so last year's weeks serve as the seasonal index);
 * - a change point in the level (augurs' Bayesian online change-point detector) cuts the history, so the
 *   forecast follows demand as it is now rather than averaging across a step.
 * Days of the week keep their recent shares of the week. With under 8 weeks to fit, the level is the mean of the
 * weeks there are, and its uncertainty the standard error of that mean.
 */
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import * as changepoint from '@bsull/augurs/changepoint'
import * as ets from '@bsull/augurs/ets'

const require = createRequire(import.meta.url)
let ready = false

/** The WebAssembly modules are loaded once, synchronously, the first time a forecast needs them. */
function initialise(): void {
  if (ready) {
    return
  }
  // The package exports its JavaScript only; its WebAssembly sits beside it.
  const folder = dirname(require.resolve('@bsull/augurs/ets'))
  ets.initSync({ module: readFileSync(join(folder, 'ets_bg.wasm')) })
  changepoint.initSync({ module: readFileSync(join(folder, 'changepoint_bg.wasm')) })
  ready = true
}

/** Weeks a yearly season needs: a year, plus the 8 deseasonalised weeks the smoother needs to fit. */
export const WEEKS_FOR_YEARLY_SEASON = 60
const MINIMUM_WEEKS_TO_FIT = 8
const FIT_WEEKS = 26
/** The central 80% of a normal distribution lies within this many standard deviations. */
export const Z80 = 1.2815515655446004

export interface ArrivalForecast {
  /** Expected arrivals in each coming week. */
  mean: number[]
  /** Standard deviation of each week's total as the model sees it (level, trend and weekly noise). */
  sd: number[]
  /**
   * Standard deviation each week's expected total gets from not knowing the recent trend exactly (its standard
   * error and how far it was shrunk, see recentTrend): one draw of the trend moves every week together, further
   * the further ahead.
   */
  trendSd: number[]
  /** Weeks back from the latest week at which the level changed; null if none was found. */
  changeWeeksAgo: number | null
  seasonal: boolean
  /** How the weekly forecast was made, for the page. */
  method: 'smoothing' | 'recent mean'
}

/**
 * Seasonal index of week `t`: the same week a year earlier against that year's usual level around it. The
 * usual level is the median of the half-year either side, so a peak of a few weeks does not raise its own
 * baseline and leave part of itself in the "deseasonalised" series, where it would read as a trend.
 */
function seasonalIndex(totals: readonly number[], t: number): number {
  const lastYear = t - 52
  const slice = (from: number, to: number) => totals.slice(Math.max(0, from), Math.min(totals.length, to + 1))
  const around = slice(lastYear - 26, lastYear + 26).sort((a, b) => a - b)
  const level = around.length === 0 ? 0 : around[Math.floor(around.length / 2)]!
  // The middle of the three weeks around it: one odd week last year is not repeated, and the edge of a peak
  // stays sharp instead of being smeared a week either side.
  const weeks = slice(lastYear - 1, lastYear + 1).sort((a, b) => a - b)
  return level > 0 && weeks.length > 0 ? weeks[Math.floor(weeks.length / 2)]! / level : 1
}

/** Robust scale of week-to-week noise: the median absolute difference between consecutive weeks ÷ 0.954. */
function noiseScale(series: readonly number[]): number {
  const differences = series
    .slice(1)
    .map((v, i) => Math.abs(v - series[i]!))
    .sort((a, b) => a - b)
  const middle = differences[Math.floor(differences.length / 2)] ?? 0
  return middle / 0.954 || 1
}

/** The latest change point that leaves at least `keep` weeks after it; index into `series`, or null. */
export function latestChangePoint(series: readonly number[], keep: number): number | null {
  if (series.length < keep + 4) {
    return null
  }
  initialise()
  const centre = [...series].sort((a, b) => a - b)[Math.floor(series.length / 2)]!
  const scale = noiseScale(series)
  const detector = changepoint.ChangepointDetector.normalGamma()
  try {
    const found = detector.detectChangepoints(series.map((v) => (v - centre) / scale)).indices
    const usable = found.filter((i) => i > 0 && i <= series.length - keep)
    return usable.length === 0 ? null : Math.max(...usable)
  } finally {
    detector.free()
  }
}

/** Weeks the recent trend in demand is read from. */
export const TREND_WEEKS = 12

export interface RecentTrend {
  /** Fitted level of the latest week, and change a week, shrunk towards none by how unsure it is. */
  level: number
  slope: number
  /** Standard error of the slope, and the slope as fitted before shrinking. */
  slopeSe: number
  rawSlope: number
  /** Weeks from the middle of the fitted weeks to the latest one. */
  offset: number
}

/**
 * A slope is carried on only as far as it stands out from its own uncertainty by more than this many standard
 * errors. Two: demand that wanders week to week (a few busy weeks at the end of the window) often fits a slope
 * of one or two standard errors; a real rise of 2% a week soon stands out by more.
 */
export const TREND_EVIDENCE = 2

/**
 * The straight line through the latest TREND_WEEKS weekly totals (least squares), its slope shrunk towards none
 * by its own uncertainty (slope × max(0, 1 − (TREND_EVIDENCE × se / slope)²)): demand rising steadily week on
 * week is carried on, a slope no bigger than the noise is not. Null with under 6 weeks.
 */
export function recentTrend(series: readonly number[]): RecentTrend | null {
  const y = series.slice(-TREND_WEEKS)
  const m = y.length
  if (m < 6) {
    return null
  }
  const tMean = (m - 1) / 2
  const yMean = y.reduce((a, b) => a + b, 0) / m
  let sxx = 0
  let sxy = 0
  y.forEach((v, t) => {
    sxx += (t - tMean) ** 2
    sxy += (t - tMean) * (v - yMean)
  })
  const raw = sxy / sxx
  const residual = y.reduce((sum, v, t) => sum + (v - yMean - raw * (t - tMean)) ** 2, 0) / (m - 2)
  const slopeSe = Math.sqrt(residual / sxx)
  const slope = raw === 0 ? 0 : raw * Math.max(0, 1 - ((TREND_EVIDENCE * slopeSe) / raw) ** 2)
  return { level: yMean + slope * (m - 1 - tMean), slope, slopeSe, rawSlope: raw, offset: m - 1 - tMean }
}

function squaredErrors(values: readonly number[], fitted: (t: number) => number): number {
  return values.reduce((sum, v, t) => sum + (v - fitted(t)) ** 2, 0)
}

/**
 * The weeks the recent trend is read from. A change point finds a steady rise as well as a step: within the
 * latest TREND_WEEKS, a straight line is kept when it fits them better than a step at the change point does.
 */
export function trendWeeks(adjusted: readonly number[], cut: number | null): number[] {
  const recent = adjusted.slice(-TREND_WEEKS)
  const from = adjusted.length - recent.length
  if (cut === null || cut <= from) {
    return recent
  }
  const before = recent.slice(0, cut - from)
  const after = recent.slice(cut - from)
  const mean = (v: readonly number[]) => v.reduce((a, b) => a + b, 0) / v.length
  const step = squaredErrors(before, () => mean(before)) + squaredErrors(after, () => mean(after))
  const line = recentTrend(recent)
  const raw = line === null ? null : { slope: line.rawSlope, level: mean(recent), centre: (recent.length - 1) / 2 }
  const straight = raw === null ? Infinity : squaredErrors(recent, (t) => raw.level + raw.slope * (t - raw.centre))
  return straight < step ? recent : adjusted.slice(cut)
}

export interface ArrivalOptions {
  horizonWeeks: number
  /** augurs AutoETS model specification (error, trend, season): 'ZZN' lets it choose error and trend. */
  spec?: string
}

export const DEFAULT_ARRIVAL_SPEC = 'ZZN'

/** Forecasts weekly totals `horizonWeeks` ahead from complete past weeks, oldest first. */
export function forecastWeeklyArrivals(totals: readonly number[], options: ArrivalOptions): ArrivalForecast {
  const n = totals.length
  const seasonal = n >= WEEKS_FOR_YEARLY_SEASON
  const index = (t: number) => (seasonal ? seasonalIndex(totals, t) || 1 : 1)
  const firstUsable = seasonal ? 52 : 0
  const adjusted = totals.slice(Math.max(firstUsable, n - FIT_WEEKS)).map((v, i, all) => v / index(n - all.length + i))
  const cut = latestChangePoint(adjusted, 4)
  const series = cut === null ? adjusted : adjusted.slice(cut)
  const horizon = options.horizonWeeks
  const reseason = (values: number[]) => values.map((v, h) => v * index(n + h))
  let mean: number[]
  let sd: number[]
  let method: ArrivalForecast['method']
  // A series that never varies has nothing for the smoother to fit (its intervals come out undefined).
  const varies = series.some((v) => v !== series[0])
  if (series.length >= MINIMUM_WEEKS_TO_FIT && varies) {
    initialise()
    const model = new ets.AutoETS(1, options.spec ?? DEFAULT_ARRIVAL_SPEC)
    try {
      model.fit(series)
      const forecast = model.predict(horizon, 0.8)
      mean = forecast.point.map((v) => (Number.isFinite(v) ? Math.max(0, v) : 0))
      sd = forecast.point.map((_, h) => {
        const width = (forecast.intervals!.upper[h]! - forecast.intervals!.lower[h]!) / (2 * Z80)
        return Number.isFinite(width) ? width : 0
      })
      method = 'smoothing'
    } finally {
      model.free()
    }
  } else {
    const level = series.length === 0 ? 0 : series.reduce((a, b) => a + b, 0) / series.length
    const spread = series.length < 2 || !varies ? Math.sqrt(level) : noiseScale(series)
    mean = Array.from({ length: horizon }, () => level)
    sd = Array.from({ length: horizon }, () => spread * Math.sqrt(1 + 1 / Math.max(1, series.length)))
    method = 'recent mean'
  }
  // The smoother's level trails a steady rise (and the recent mean does too): the recent line carries it on,
  // and the slope's uncertainty goes into every future as one draw.
  const trend = varies ? recentTrend(trendWeeks(adjusted, cut)) : null
  let trendSd = Array.from({ length: horizon }, () => 0)
  if (trend !== null) {
    mean = mean.map((_, h) => Math.max(0, trend.level + trend.slope * (h + 1)))
    // The slope is known no better than its standard error, nor than how far it was shrunk: the slope the weeks
    // fit may be the true one.
    const slopeSpread = Math.hypot(trend.slopeSe, trend.rawSlope - trend.slope)
    trendSd = trendSd.map((_, h) => slopeSpread * (h + 1 + trend.offset))
  }
  const factors = reseason(Array.from({ length: horizon }, () => 1))
  return {
    mean: mean.map((v, h) => v * factors[h]!),
    sd: sd.map((v, h) => v * factors[h]!),
    trendSd: trendSd.map((v, h) => v * factors[h]!),
    changeWeeksAgo: cut === null ? null : series.length,
    seasonal,
    method,
  }
}
