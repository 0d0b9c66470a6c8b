import { describe, expect, it } from 'vitest'
import { renderChart } from '../../platform/views/charts.ts'
import {
  ageingChart,
  awaitingFilingChart,
  complianceChart,
  describeChange,
  holdersChart,
  trendChart,
  type TrendPoint,
} from './queues.charts.ts'

const trend: TrendPoint[] = [
  { day: '2026-11-23', queue: 'awaiting-filing', label: 'Awaiting filing', size: 800, live: false },
  { day: '2026-11-24', queue: 'awaiting-filing', label: 'Awaiting filing', size: 950, live: false },
  { day: '2026-11-25', queue: 'awaiting-filing', label: 'Awaiting filing', size: 1100, live: false },
  { day: '2026-11-26', queue: 'awaiting-filing', label: 'Awaiting filing', size: 1234, live: true },
  { day: '2026-11-23', queue: 'classification-check', label: 'Classification check', size: 40, live: false },
  { day: '2026-11-26', queue: 'classification-check', label: 'Classification check', size: 35, live: true },
]

describe('dashboard charts', () => {
  it('says in words how a series moved', () => {
    expect(describeChange(trend.filter((p) => p.queue === 'awaiting-filing'))).toBe(
      'rose from 800 on 23 November 2026 to 1,234 now',
    )
    expect(
      describeChange([
        { day: '2026-11-20', size: 5, live: false },
        { day: '2026-11-21', size: 5, live: false },
      ]),
    ).toBe('stayed at 5 from 20 November 2026 to 21 November 2026')
    expect(describeChange([{ day: '2026-11-26', size: 3, live: true }])).toBe('is 3 now')
    expect(describeChange([])).toBe('has no figures yet')
  })

  it('draws awaiting filing against the threshold, with a summary that says it is above and the numbers behind', async () => {
    const chart = awaitingFilingChart(trend, 1000)
    expect(chart.summary).toBe(
      'Crimes awaiting filing rose from 800 on 23 November 2026 to 1,234 now; the alert threshold is 1,000, and the queue is above it.',
    )
    expect(chart.table.head).toEqual(['Day', 'Awaiting filing', 'Threshold'])
    expect(chart.table.rows.at(-1)).toEqual(['26 November 2026 (now)', 1234, 1000])
    const html = await renderChart(chart)
    expect(html).toContain('Threshold 1,000')
    expect(html).toMatch(/<svg[^>]*role="img"/)
    expect(html).not.toMatch(/\sstyle=|<script/i)
  })

  it('draws every work queue as a small chart of its own, naming those that grow', async () => {
    const chart = trendChart(trend)
    expect(chart.summary).toBe('Size of 2 work queues by day. Growing: Awaiting filing.')
    expect(chart.table.head).toEqual(['Day', 'Classification check', 'Awaiting filing'])
    expect(chart.table.rows[0]).toEqual(['23 November 2026', 40, 800])
    expect(chart.table.rows.at(-1)).toEqual(['26 November 2026 (now)', 35, 1234])
    const html = await renderChart(chart)
    expect(html).toContain('Classification check')
    expect(html).not.toMatch(/\sstyle=|<script/i)
  })

  it('draws the ageing histogram in bucket order and says how old the oldest are', async () => {
    const chart = ageingChart([
      { label: 'Under 7 days', count: 300 },
      { label: '1 to 2 weeks', count: 200 },
      { label: 'Over 3 months', count: 0 },
    ])
    expect(chart.summary).toBe(
      '500 crimes awaiting filing: 300 under 7 days, 200 1 to 2 weeks, 0 over 3 months. The oldest have waited 1 to 2 weeks.',
    )
    expect(ageingChart([{ label: 'Under 7 days', count: 0 }]).summary).toBe('No crimes are awaiting filing.')
    expect(await renderChart(chart)).toContain('Under 7 days')
  })

  it('draws 24-hour compliance by week against the benchmark (rule 2)', async () => {
    const chart = complianceChart([
      { weekCommencing: '2026-11-16', recorded: 100, onTime: 95, percent: 95 },
      { weekCommencing: '2026-11-23', recorded: 40, onTime: 36, percent: 90 },
      { weekCommencing: '2026-11-30', recorded: 0, onTime: 0, percent: null },
    ])
    expect(chart.summary).toContain(
      'In the week commencing 23 November 2026, 90% of 40 crimes were recorded within 24 hours',
    )
    expect(chart.summary).toContain('93.7%')
    expect(chart.table.rows.at(-1)).toEqual(['30 November 2026', 0, 0, 'None recorded'])
    expect(await renderChart(chart)).toMatch(/<svg/)
  })

  it('draws who holds how much, stacked by stage, the most loaded first', async () => {
    const chart = holdersChart(
      [
        {
          name: 'PC Okafor',
          total: 30,
          byStatus: [
            { label: 'Under investigation', count: 28 },
            { label: 'Returned to officer', count: 2 },
          ],
        },
        { name: 'PC Patel', total: 12, byStatus: [{ label: 'Under investigation', count: 12 }] },
      ],
      1,
    )
    expect(chart.caption).toBe('Who holds how much (the 1 with most)')
    expect(chart.summary).toBe('2 people hold open crimes; PC Okafor holds the most, 30.')
    expect(chart.table.head).toEqual(['Person', 'Under investigation', 'Returned to officer', 'Total'])
    expect(chart.table.rows).toEqual([
      ['PC Okafor', 28, 2, 30],
      ['PC Patel', 12, 0, 12],
    ])
    expect(holdersChart([]).summary).toBe('Nobody holds any open crimes.')
    expect(holdersChart([{ name: 'PC Patel', total: 12, byStatus: [] }]).summary).toBe(
      'PC Patel holds every open crime, 12.',
    )
    expect(await renderChart(chart)).toContain('PC Okafor')
  })
})
