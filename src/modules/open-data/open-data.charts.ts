/**
 * The comparison page's charts as Vega-Lite specifications with the same numbers as tables (rendered to
 * accessible SVG by platform/views/charts.ts, as the dashboard's are). Pure: data in, chart options out.
 */
import { CHART_COLOURS, type ChartOptions, type ChartSpec } from '../../platform/views/charts.ts'
import type { ComparisonData, ComparisonSeries } from './open-data.service.ts'
import { ASB, CRIME_TYPES } from './open-data.rules.ts'

const SCHEMA = 'https://vega.github.io/schema/vega-lite/v6.json'
const PALETTE = [CHART_COLOURS.blue, CHART_COLOURS.orange, CHART_COLOURS.green, CHART_COLOURS.red, '#4c2c92', '#6f777b']

const round1 = (value: number) => Math.round(value * 10) / 10

/** Crimes (not ASB) per 1,000 people where the population is known, otherwise the share of the force's crimes. */
function rateOrShare(series: ComparisonSeries, count: number, total: number): number {
  return series.population
    ? round1((count * 1000) / series.population)
    : total === 0
      ? 0
      : round1((count * 100) / total)
}

function colourScale(series: readonly ComparisonSeries[]) {
  return { domain: series.map((s) => s.name), range: series.map((_, i) => PALETTE[i % PALETTE.length]!) }
}

export function crimeTypeChart(data: ComparisonData): ChartOptions {
  const perThousand = data.series.every((s) => s.population !== null)
  const unit = perThousand ? 'per 1,000 people' : '% of the force’s rows'
  const values = data.series.flatMap((series) => {
    const summary = series.byMonth[data.month]
    const total = summary?.rows ?? 0
    return CRIME_TYPES.map((type) => ({
      type,
      force: series.name,
      value: perThousand
        ? rateOrShare(series, summary?.by_type[type] ?? 0, total)
        : total === 0
          ? 0
          : round1(((summary?.by_type[type] ?? 0) * 100) / total),
    }))
  })
  const spec = {
    $schema: SCHEMA,
    width: 560,
    data: { values },
    mark: { type: 'bar' },
    encoding: {
      y: { field: 'type', type: 'nominal', title: null, sort: [...CRIME_TYPES] },
      yOffset: { field: 'force' },
      x: { field: 'value', type: 'quantitative', title: unit },
      color: { field: 'force', type: 'nominal', title: 'Force', scale: colourScale(data.series) },
    },
  } as unknown as ChartSpec
  return {
    id: 'crime-types',
    caption: `Crime type mix, ${data.month} (${unit})`,
    summary: `Each police.uk crime type in ${data.month} for ${data.series.map((s) => s.name).join(', ')}, ${unit}.`,
    spec,
    table: {
      head: ['Crime type', ...data.series.map((s) => s.name)],
      rows: CRIME_TYPES.map((type) => [
        type,
        ...data.series.map((s) => values.find((v) => v.type === type && v.force === s.name)?.value ?? 0),
      ]),
    },
  }
}

/** Outcome shares of crimes (ASB rows have no outcome and are left out); a blank outcome reads "No outcome". */
export function outcomeChart(data: ComparisonData): ChartOptions {
  const labels = new Set<string>()
  const shares = data.series.map((series) => {
    const summary = series.byMonth[data.month]
    const crimes = (summary?.rows ?? 0) - (summary?.by_type[ASB] ?? 0)
    const byOutcome = Object.entries(summary?.by_outcome ?? {}).filter(([label]) => label !== '')
    const blankCrimes = (summary?.by_outcome[''] ?? 0) - (summary?.by_type[ASB] ?? 0)
    const entries = [...byOutcome, ...(blankCrimes > 0 ? [['No outcome', blankCrimes] as const] : [])]
    entries.forEach(([label]) => labels.add(label))
    return {
      series,
      entries: new Map(entries.map(([label, n]) => [label, crimes === 0 ? 0 : round1((n * 100) / crimes)])),
    }
  })
  const order = [...labels].sort()
  const values = shares.flatMap(({ series, entries }) =>
    order.map((outcome) => ({ force: series.name, outcome, share: entries.get(outcome) ?? 0 })),
  )
  const spec = {
    $schema: SCHEMA,
    width: 560,
    data: { values },
    mark: { type: 'bar' },
    encoding: {
      y: { field: 'outcome', type: 'nominal', title: null, sort: order },
      yOffset: { field: 'force' },
      x: { field: 'share', type: 'quantitative', title: '% of crimes' },
      color: { field: 'force', type: 'nominal', title: 'Force', scale: colourScale(data.series) },
    },
  } as unknown as ChartSpec
  return {
    id: 'outcomes',
    caption: `Outcome shares, ${data.month} (% of crimes)`,
    summary: `The share of crimes with each police.uk outcome in ${data.month}, by force.`,
    spec,
    table: {
      head: ['Outcome', ...data.series.map((s) => s.name)],
      rows: order.map((outcome) => [
        outcome,
        ...data.series.map((s) => values.find((v) => v.force === s.name && v.outcome === outcome)?.share ?? 0),
      ]),
    },
  }
}

export function monthsChart(data: ComparisonData): ChartOptions {
  const perThousand = data.series.every((s) => s.population !== null)
  const unit = perThousand ? 'rows per 1,000 people' : 'rows'
  const values = data.series.flatMap((series) =>
    data.months.map((month) => {
      const rows = series.byMonth[month]?.rows ?? 0
      return {
        month: `${month}-01`,
        force: series.name,
        value: perThousand && series.population ? round1((rows * 1000) / series.population) : rows,
      }
    }),
  )
  const spec = {
    $schema: SCHEMA,
    width: 560,
    height: 220,
    data: { values },
    mark: { type: 'line', point: true, strokeWidth: 2 },
    encoding: {
      x: { field: 'month', type: 'temporal', timeUnit: 'utcyearmonth', title: null, axis: { format: '%b %Y' } },
      y: { field: 'value', type: 'quantitative', title: unit },
      color: { field: 'force', type: 'nominal', title: 'Force', scale: colourScale(data.series) },
    },
  } as unknown as ChartSpec
  return {
    id: 'months',
    caption: `Change over months (${unit}, crimes and anti-social behaviour)`,
    summary: `Rows published each month from ${data.months[0]} to ${data.month}, by force.`,
    spec,
    table: {
      head: ['Month', ...data.series.map((s) => s.name)],
      rows: data.months.map((month) => [
        month,
        ...data.series.map((s) => values.find((v) => v.force === s.name && v.month === `${month}-01`)?.value ?? 0),
      ]),
    },
  }
}
