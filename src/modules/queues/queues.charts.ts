/**
 * The dashboard's charts as Vega-Lite specifications with the same numbers as tables (rendered to accessible SVG
 * by platform/views/charts.ts). Pure: data in, chart options out; queues.charts.test.ts checks each.
 */
import { CHART_COLOURS, type ChartOptions, type ChartSpec } from '../../platform/views/charts.ts'
import { formatDate, formatNumber } from '../../platform/views/format.ts'
import { RECORDING_BENCHMARK_PERCENT, QUEUES, type QueueKey, type RecordingWeek } from './queues.rules.ts'

const SCHEMA = 'https://vega.github.io/schema/vega-lite/v6.json'

const DAY_AXIS = {
  field: 'day',
  type: 'temporal' as const,
  timeUnit: 'utcyearmonthdate' as const,
  title: null,
  axis: { format: '%-d %b', labelAngle: 0, tickCount: 5 },
}

export interface TrendPoint {
  day: string
  queue: QueueKey
  label: string
  size: number
  live: boolean
}

function dayLabel(day: string, live: boolean): string {
  return live ? `${formatDate(`${day}T12:00:00Z`)} (now)` : formatDate(`${day}T12:00:00Z`)
}

/** How a series moved, in words: "rose from 800 on 1 October to 1,234 now". */
export function describeChange(points: ReadonlyArray<{ day: string; size: number; live: boolean }>): string {
  const first = points[0]
  const last = points.at(-1)
  if (!first || !last) {
    return 'has no figures yet'
  }
  const when = (point: { day: string; live: boolean }) => (point.live ? 'now' : `on ${dayLabel(point.day, false)}`)
  if (first === last) {
    return `is ${formatNumber(last.size)} ${when(last)}`
  }
  if (first.size === last.size) {
    return `stayed at ${formatNumber(last.size)} from ${dayLabel(first.day, false)} to ${last.live ? 'now' : dayLabel(last.day, false)}`
  }
  const verb = last.size > first.size ? 'rose' : 'fell'
  return `${verb} from ${formatNumber(first.size)} ${when(first)} to ${formatNumber(last.size)} ${when(last)}`
}

/** Every work queue's size by day, one small chart each (its own scale), with the table behind. */
export function trendChart(trend: readonly TrendPoint[]): ChartOptions {
  const order = QUEUES.filter((q) => q.work).map((q) => q.label)
  const days = [...new Set(trend.map((p) => `${p.day}|${p.live ? 1 : 0}`))].sort()
  const queues = order.filter((label) => trend.some((p) => p.label === label))
  const growing = queues.filter((label) => {
    const points = trend.filter((p) => p.label === label)
    return points.length > 1 && points.at(-1)!.size > points[0]!.size
  })
  const spec = {
    $schema: SCHEMA,
    data: { values: trend.map((p) => ({ day: p.day, label: p.label, size: p.size })) },
    facet: {
      field: 'label',
      type: 'nominal',
      title: null,
      sort: order,
      header: { labelFontSize: 14, labelAnchor: 'start' },
    },
    columns: 2,
    spec: {
      width: 300,
      height: 110,
      mark: { type: 'line', color: CHART_COLOURS.blue, strokeWidth: 2 },
      encoding: {
        x: DAY_AXIS,
        y: { field: 'size', type: 'quantitative', title: 'Items', axis: { tickCount: 3 } },
      },
    },
    resolve: { scale: { y: 'independent' } },
  } as unknown as ChartSpec
  return {
    id: 'queue-trends',
    caption: 'Every queue’s size, day by day',
    summary:
      queues.length === 0
        ? 'No queue has figures yet.'
        : `Size of ${queues.length} work queues by day. ${growing.length === 0 ? 'None is growing.' : `Growing: ${growing.join(', ')}.`}`,
    spec,
    table: {
      head: ['Day', ...queues],
      rows: days.map((key) => {
        const [day, live] = key.split('|') as [string, string]
        return [
          dayLabel(day, live === '1'),
          ...queues.map(
            (label) => trend.find((p) => p.day === day && p.label === label && p.live === (live === '1'))?.size ?? '',
          ),
        ]
      }),
    },
  }
}

/** Rule 14: the awaiting-filing queue by day against the force's alert threshold. */
export function awaitingFilingChart(trend: readonly TrendPoint[], threshold: number): ChartOptions {
  const points = trend.filter((p) => p.queue === 'awaiting-filing')
  const spec = {
    $schema: SCHEMA,
    width: 640,
    height: 240,
    layer: [
      {
        data: { values: points.map((p) => ({ day: p.day, size: p.size })) },
        mark: {
          type: 'line',
          color: CHART_COLOURS.blue,
          strokeWidth: 3,
          point: { color: CHART_COLOURS.blue, size: 30 },
        },
        encoding: { x: DAY_AXIS, y: { field: 'size', type: 'quantitative', title: 'Crimes awaiting filing' } },
      },
      {
        data: { values: [{ value: threshold }] },
        mark: { type: 'rule', color: CHART_COLOURS.red, strokeWidth: 2, strokeDash: [6, 4] },
        encoding: { y: { field: 'value', type: 'quantitative' } },
      },
      {
        data: { values: [{ value: threshold, label: `Threshold ${formatNumber(threshold)}` }] },
        mark: { type: 'text', color: CHART_COLOURS.red, align: 'left', dx: 4, dy: -8, x: 0, fontSize: 14 },
        encoding: { y: { field: 'value', type: 'quantitative' }, text: { field: 'label' } },
      },
    ],
  } as unknown as ChartSpec
  const last = points.at(-1)
  return {
    id: 'awaiting-filing-trend',
    caption: 'Awaiting filing against the alert threshold',
    summary: `Crimes awaiting filing ${describeChange(points)}; the alert threshold is ${formatNumber(threshold)}${
      last && last.size > threshold ? ', and the queue is above it' : ''
    }.`,
    spec,
    table: {
      head: ['Day', 'Awaiting filing', 'Threshold'],
      rows: points.map((p) => [dayLabel(p.day, p.live), p.size, threshold]),
    },
  }
}

/** Rule 14: how long the crimes awaiting filing have waited. */
export function ageingChart(buckets: ReadonlyArray<{ label: string; count: number }>): ChartOptions {
  const spec = {
    $schema: SCHEMA,
    width: 640,
    height: 220,
    data: { values: buckets.map((b, i) => ({ age: b.label, order: i, count: b.count })) },
    mark: { type: 'bar', color: CHART_COLOURS.blue },
    encoding: {
      x: {
        field: 'age',
        type: 'ordinal',
        sort: buckets.map((b) => b.label),
        title: 'Waiting',
        axis: { labelAngle: 0 },
      },
      y: { field: 'count', type: 'quantitative', title: 'Crimes' },
    },
  } as unknown as ChartSpec
  const total = buckets.reduce((sum, b) => sum + b.count, 0)
  const oldest = [...buckets].reverse().find((b) => b.count > 0)
  return {
    id: 'awaiting-filing-ageing',
    caption: 'How long crimes have been awaiting filing',
    summary:
      total === 0
        ? 'No crimes are awaiting filing.'
        : `${formatNumber(total)} crimes awaiting filing: ${buckets.map((b) => `${formatNumber(b.count)} ${b.label.toLowerCase()}`).join(', ')}. The oldest have waited ${oldest!.label.toLowerCase()}.`,
    spec,
    table: { head: ['Waiting', 'Crimes'], rows: buckets.map((b) => [b.label, b.count]) },
  }
}

/** Rule 2: the share of crimes recorded within 24 hours of the report, week by week, against the benchmark. */
export function complianceChart(weeks: readonly RecordingWeek[]): ChartOptions {
  const shown = weeks.filter((w) => w.percent !== null)
  const spec = {
    $schema: SCHEMA,
    width: 640,
    height: 220,
    layer: [
      {
        data: { values: shown.map((w) => ({ week: w.weekCommencing, percent: w.percent })) },
        mark: { type: 'bar', color: CHART_COLOURS.blue },
        encoding: {
          x: { field: 'week', type: 'ordinal', title: 'Week commencing', axis: { labelAngle: -45 } },
          y: {
            field: 'percent',
            type: 'quantitative',
            title: 'Recorded within 24 hours (%)',
            scale: { domain: [0, 100] },
          },
        },
      },
      {
        data: { values: [{ value: RECORDING_BENCHMARK_PERCENT }] },
        mark: { type: 'rule', color: CHART_COLOURS.green, strokeWidth: 2, strokeDash: [6, 4] },
        encoding: { y: { field: 'value', type: 'quantitative' } },
      },
    ],
  } as unknown as ChartSpec
  const last = shown.at(-1)
  return {
    id: 'recording-compliance',
    caption: 'Crimes recorded within 24 hours of the report, by week',
    summary:
      last === undefined
        ? 'No crimes were recorded in these weeks.'
        : `In the week commencing ${formatDate(`${last.weekCommencing}T12:00:00Z`)}, ${last.percent}% of ${formatNumber(last.recorded)} crimes were recorded within 24 hours; the benchmark line is ${RECORDING_BENCHMARK_PERCENT}%.`,
    spec,
    table: {
      head: ['Week commencing', 'Crimes recorded', 'Within 24 hours', 'Per cent'],
      rows: weeks.map((w) => [
        formatDate(`${w.weekCommencing}T12:00:00Z`),
        w.recorded,
        w.onTime,
        w.percent === null ? 'None recorded' : `${w.percent}%`,
      ]),
    },
  }
}

export interface Holder {
  name: string
  total: number
  byStatus: ReadonlyArray<{ label: string; count: number }>
}

/** Who holds how much open work, by stage: the most loaded people first. */
export function holdersChart(holders: readonly Holder[], limit = 15): ChartOptions {
  const shown = holders.slice(0, limit)
  const labels = [...new Set(holders.flatMap((h) => h.byStatus.map((s) => s.label)))]
  const spec = {
    $schema: SCHEMA,
    width: 560,
    height: Math.max(60, shown.length * 24),
    data: { values: shown.flatMap((h) => h.byStatus.map((s) => ({ name: h.name, stage: s.label, count: s.count }))) },
    mark: { type: 'bar' },
    encoding: {
      y: { field: 'name', type: 'nominal', sort: shown.map((h) => h.name), title: null },
      x: { field: 'count', type: 'quantitative', title: 'Open crimes', stack: 'zero' },
      color: {
        field: 'stage',
        type: 'nominal',
        title: 'Stage',
        sort: labels,
        scale: {
          range: [
            CHART_COLOURS.blue,
            CHART_COLOURS.orange,
            CHART_COLOURS.green,
            CHART_COLOURS.red,
            '#4c2c92',
            '#505a5f',
          ],
        },
      },
    },
  } as unknown as ChartSpec
  const top = shown[0]
  return {
    id: 'who-holds-what',
    caption: shown.length < holders.length ? `Who holds how much (the ${limit} with most)` : 'Who holds how much',
    summary:
      top === undefined
        ? 'Nobody holds any open crimes.'
        : holders.length === 1
          ? `${top.name} holds every open crime, ${formatNumber(top.total)}.`
          : `${holders.length} people hold open crimes; ${top.name} holds the most, ${formatNumber(top.total)}.`,
    spec,
    table: {
      head: ['Person', ...labels, 'Total'],
      rows: holders.map((h) => [
        h.name,
        ...labels.map((label) => h.byStatus.find((s) => s.label === label)?.count ?? 0),
        h.total,
      ]),
    },
  }
}
