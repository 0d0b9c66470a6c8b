/**
 * Charts as accessible SVG, drawn on the server from a Vega-Lite specification: no script runs in the browser,
 * and the page works without JavaScript. Each chart is a <figure> with a caption, an SVG marked role="img" whose
 * aria-label summarises what it shows, and the same numbers as a table behind a "Show data" toggle, so nobody
 * needs to see the picture to get the facts.
 *
 * The content security policy forbids inline styles and scripts: Vega's SVG output is presentation attributes
 * only, and anything else is stripped here before it reaches a page.
 */
import type { TopLevelSpec } from 'vega-lite'
import { escapeHtml } from './html.ts'

export type { TopLevelSpec as ChartSpec }

export interface ChartTable {
  /** Column headings. */
  head: readonly string[]
  /** Rows of cells; numbers are right-aligned. */
  rows: ReadonlyArray<ReadonlyArray<string | number>>
}

export interface ChartOptions {
  /** Unique on the page: used for element ids. */
  id: string
  /** The caption shown above the chart. */
  caption: string
  /** One or two sentences saying what the chart shows (the SVG's accessible name). */
  summary: string
  spec: TopLevelSpec
  table: ChartTable
  /** The toggle's text; "Show data" by default. */
  dataToggle?: string
}

/** GOV.UK Design System colours and typeface, so charts sit with the rest of the page. */
export const CHART_COLOURS = {
  text: '#0b0c0c',
  secondaryText: '#484949',
  border: '#cecece',
  blue: '#1d70b8',
  lightBlue: '#d2e2f1',
  red: '#ca3535',
  green: '#0f7a52',
  orange: '#f47738',
} as const

const FONT = 'GDS Transport, arial, sans-serif'

const BASE_CONFIG = {
  // The figure is one image with a summary: Vega's per-mark ARIA descriptions are not wanted.
  aria: false,
  font: FONT,
  background: 'white',
  axis: {
    labelColor: CHART_COLOURS.text,
    titleColor: CHART_COLOURS.text,
    labelFontSize: 14,
    titleFontSize: 14,
    titleFontWeight: 'normal',
    gridColor: '#f3f2f1',
    domainColor: CHART_COLOURS.secondaryText,
    tickColor: CHART_COLOURS.secondaryText,
  },
  legend: { labelColor: CHART_COLOURS.text, titleColor: CHART_COLOURS.text, labelFontSize: 14, titleFontSize: 14 },
  title: { color: CHART_COLOURS.text, fontSize: 16 },
  view: { stroke: null },
} as const

/**
 * Makes Vega's SVG safe and accessible to put in a page: no scripts, styles, foreign content or event handlers;
 * scales to its container (viewBox kept, fixed size dropped); role="img" with the summary as its name.
 */
export function sanitiseSvg(svg: string, summary: string): string {
  const clean = svg
    .replace(/<script[\s\S]*?<\/script>/gi, '')
    .replace(/<style[\s\S]*?<\/style>/gi, '')
    .replace(/<foreignObject[\s\S]*?<\/foreignObject>/gi, '')
    .replace(/\sstyle="[^"]*"/gi, '')
    .replace(/\son[a-z]+="[^"]*"/gi, '')
    .replace(/\s(?:xlink:)?href="(?!#)[^"]*"/gi, '')
    // Vega marks each group as a graphics object; inside one image those roles only add noise for screen readers.
    .replace(/\s(?:role|aria-roledescription|aria-label|aria-hidden)="[^"]*"/gi, '')
  return clean.replace(/<svg\b([^>]*)>/i, (_match, attributes: string) => {
    const kept = attributes
      .replace(/\s(width|height|role|aria-[a-z]+|focusable)="[^"]*"/gi, '')
      .replace(/\sclass="[^"]*"/i, '')
    return `<svg${kept} class="tally-chart__svg" role="img" aria-label="${escapeHtml(summary)}" focusable="false"><title>${escapeHtml(summary)}</title>`
  })
}

/** Compiles a Vega-Lite specification and renders it to SVG, with Tally's chart styling. */
export async function renderSvg(spec: TopLevelSpec, summary: string): Promise<string> {
  // Loaded on first use: Vega is large, and the command line and start-up need it not at all.
  const [vega, { compile }] = await Promise.all([import('vega'), import('vega-lite')])
  const styled = { ...spec, config: { ...BASE_CONFIG, ...(spec.config ?? {}) } } as TopLevelSpec
  const compiled = compile(styled).spec
  const view = new vega.View(vega.parse(compiled), { renderer: 'none' })
  try {
    return sanitiseSvg(await view.toSVG(), summary)
  } finally {
    view.finalize()
  }
}

function tableHtml(id: string, caption: string, table: ChartTable): string {
  const numeric = (cell: string | number) => typeof cell === 'number'
  const head = table.head
    .map(
      (heading, i) =>
        `<th scope="col" class="govuk-table__header${table.rows.every((row) => numeric(row[i] ?? '')) ? ' govuk-table__header--numeric' : ''}">${escapeHtml(heading)}</th>`,
    )
    .join('')
  const body = table.rows
    .map(
      (row) =>
        `<tr class="govuk-table__row">${row
          .map((cell, i) => {
            const text = typeof cell === 'number' ? new Intl.NumberFormat('en-GB').format(cell) : cell
            const cls = `govuk-table__cell${numeric(cell) ? ' govuk-table__cell--numeric' : ''}`
            return i === 0
              ? `<th scope="row" class="govuk-table__header">${escapeHtml(text)}</th>`
              : `<td class="${cls}">${escapeHtml(text)}</td>`
          })
          .join('')}</tr>`,
    )
    .join('')
  return (
    `<table class="govuk-table" id="${escapeHtml(id)}-data">` +
    `<caption class="govuk-table__caption govuk-table__caption--s">${escapeHtml(caption)}</caption>` +
    `<thead class="govuk-table__head"><tr class="govuk-table__row">${head}</tr></thead>` +
    `<tbody class="govuk-table__body">${body}</tbody></table>`
  )
}

/**
 * A whole chart for a page: figure, caption, accessible SVG and the data table behind a GOV.UK details toggle.
 * Returns HTML: output it with the `safe` filter (every text in it is escaped here).
 */
export async function renderChart(options: ChartOptions): Promise<string> {
  const id = options.id.replace(/[^A-Za-z0-9_-]/g, '-')
  const svg = await renderSvg(options.spec, options.summary)
  return (
    `<figure class="tally-chart govuk-!-margin-0 govuk-!-margin-bottom-6" id="${id}" data-qa="chart">` +
    `<figcaption class="govuk-heading-s govuk-!-margin-bottom-2">${escapeHtml(options.caption)}</figcaption>` +
    svg +
    `<details class="govuk-details govuk-!-margin-top-2">` +
    `<summary class="govuk-details__summary"><span class="govuk-details__summary-text">${escapeHtml(options.dataToggle ?? 'Show data')}<span class="govuk-visually-hidden"> for ${escapeHtml(options.caption)}</span></span></summary>` +
    `<div class="govuk-details__text">${tableHtml(id, options.caption, options.table)}</div>` +
    `</details></figure>`
  )
}

export interface BandPoint {
  /** 'YYYY-MM-DD' */
  date: string
  central: number
  low: number
  high: number
}

export interface ReferenceLine {
  value: number
  label: string
}

/**
 * A time series with an uncertainty band around its central line and optional horizontal reference lines (a
 * threshold, a target): the shape of every forecast chart.
 */
export function bandChartSpec(options: {
  points: readonly BandPoint[]
  yTitle: string
  xTitle?: string
  references?: readonly ReferenceLine[]
  width?: number
  height?: number
  bandLabel?: string
  centralLabel?: string
}): TopLevelSpec {
  const x = {
    field: 'date',
    type: 'temporal' as const,
    timeUnit: 'utcyearmonthdate' as const,
    title: options.xTitle ?? null,
    axis: { format: '%-d %b', labelAngle: 0, tickCount: 6 },
  }
  const layers: unknown[] = [
    {
      mark: { type: 'area', color: CHART_COLOURS.lightBlue },
      encoding: {
        x,
        y: { field: 'low', type: 'quantitative', title: options.yTitle },
        y2: { field: 'high' },
      },
    },
    {
      mark: { type: 'line', color: CHART_COLOURS.blue, strokeWidth: 3 },
      encoding: { x, y: { field: 'central', type: 'quantitative' } },
    },
  ]
  for (const reference of options.references ?? []) {
    layers.push(
      {
        data: { values: [{ value: reference.value }] },
        mark: { type: 'rule', color: CHART_COLOURS.red, strokeWidth: 2, strokeDash: [6, 4] },
        encoding: { y: { field: 'value', type: 'quantitative' } },
      },
      {
        data: { values: [{ value: reference.value, label: reference.label }] },
        mark: { type: 'text', color: CHART_COLOURS.red, align: 'left', dx: 4, dy: -8, x: 0, fontSize: 14 },
        encoding: { y: { field: 'value', type: 'quantitative' }, text: { field: 'label' } },
      },
    )
  }
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    width: options.width ?? 640,
    height: options.height ?? 260,
    data: { values: options.points.map((p) => ({ ...p })) },
    layer: layers,
  } as TopLevelSpec
}
