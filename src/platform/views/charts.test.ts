import { describe, expect, it } from 'vitest'
import { bandChartSpec, renderChart, renderSvg, sanitiseSvg } from './charts.ts'

const points = [
  { date: '2026-11-30', central: 400, low: 380, high: 420 },
  { date: '2026-12-07', central: 480, low: 440, high: 530 },
  { date: '2026-12-14', central: 560, low: 500, high: 640 },
]

describe('charts', () => {
  it('renders a band chart to SVG with no script, no style element and no style attribute (strict CSP)', async () => {
    const svg = await renderSvg(
      bandChartSpec({ points, yTitle: 'Crimes waiting', references: [{ value: 500, label: 'Threshold 500' }] }),
      'Backlog rising from 400 to 560',
    )
    expect(svg.startsWith('<svg')).toBe(true)
    expect(svg).not.toMatch(/<script/i)
    expect(svg).not.toMatch(/<style/i)
    expect(svg).not.toMatch(/\sstyle=/i)
    expect(svg).not.toMatch(/\son[a-z]+=/i)
    expect(svg).toMatch(/<svg[^>]* role="img" aria-label="Backlog rising from 400 to 560"/)
    expect(svg).toContain('<title>Backlog rising from 400 to 560</title>')
    // Scales with its container: the fixed size goes, the viewBox stays.
    expect(svg).toMatch(/<svg[^>]*viewBox=/)
    expect(svg).not.toMatch(/<svg[^>]* width=/)
    // The threshold's label is drawn.
    expect(svg).toContain('Threshold 500')
    // Vega's own ARIA roles are off: the figure is one image.
    expect(svg).not.toContain('graphics-object')
  })

  it('strips anything unsafe Vega (or a bad spec) might put into SVG', () => {
    const dirty =
      '<svg width="10" height="10" viewBox="0 0 10 10" onload="x()"><style>a{}</style><script>alert(1)</script>' +
      '<foreignObject><div>hi</div></foreignObject><a href="https://example.org"><rect style="fill:red" onclick="y()"/></a></svg>'
    const clean = sanitiseSvg(dirty, 'A "quoted" <summary>')
    expect(clean).not.toMatch(/script|<style|style=|onload|onclick|foreignObject|example\.org/)
    expect(clean).toContain('aria-label="A &quot;quoted&quot; &lt;summary&gt;"')
  })

  it('wraps the chart in a figure with a caption and the data behind a "Show data" toggle', async () => {
    const html = await renderChart({
      id: 'awaiting filing',
      caption: 'Awaiting filing: forecast for 12 weeks',
      summary: 'Rising from 400 to 560',
      spec: bandChartSpec({ points, yTitle: 'Crimes' }),
      table: {
        head: ['Week commencing', 'Forecast', 'Low', 'High'],
        rows: points.map((p) => [p.date, p.central, p.low, p.high]),
      },
    })
    expect(html).toMatch(/^<figure class="tally-chart[^"]*" id="awaiting-filing"/)
    expect(html).toContain('<figcaption')
    expect(html).toContain('Awaiting filing: forecast for 12 weeks')
    expect(html).toContain('<details class="govuk-details')
    expect(html).toContain('Show data')
    expect(html).toContain('<th scope="row" class="govuk-table__header">2026-12-14</th>')
    expect(html).toContain('<td class="govuk-table__cell govuk-table__cell--numeric">560</td>')
    expect(html).not.toMatch(/\sstyle=|<script/i)
  })

  it('escapes text in captions and tables', async () => {
    const html = await renderChart({
      id: 'x',
      caption: '<b>bold</b>',
      summary: 's',
      spec: bandChartSpec({ points, yTitle: 'Crimes' }),
      table: { head: ['<i>'], rows: [['<script>']] },
    })
    expect(html).not.toContain('<b>bold</b>')
    expect(html).not.toContain('<script>')
    expect(html).toContain('&lt;script&gt;')
  })
})
