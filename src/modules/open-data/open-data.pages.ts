import { asList, submitForm } from '../../platform/http/forms.ts'
import { routes } from '../../platform/http/routes.ts'
import { renderChart } from '../../platform/views/charts.ts'
import { crimeTypeChart, monthsChart, outcomeChart } from './open-data.charts.ts'
import { isMonth } from './open-data.rules.ts'
import { ComparisonPageQuery, ExportForm } from './open-data.schemas.ts'
import type { OpenDataService } from './open-data.service.ts'

const FILE_ITEMS = [
  { value: 'street', text: 'Street-level crime file', hint: { text: 'Every crime and ASB incident of the month' } },
  { value: 'outcomes', text: 'Outcomes file', hint: { text: 'Every outcome assigned in the month' } },
]

/**
 * police.uk pages, mounted at /open-data: the comparison of the force with peer forces (open-data.view), and the
 * Force Crime Registrar's monthly export (open-data.export; each download is audited as a disclosure).
 */
export function openDataPages(openData: OpenDataService) {
  return routes((app) => {
    app.get(
      '/',
      { config: { permission: 'open-data.view' }, schema: { querystring: ComparisonPageQuery } },
      async (request, reply) => {
        const peers = asList(request.query.peer)
        const asked = request.query.month ?? ''
        const monthError = asked !== '' && !isMonth(asked)
        const files = await openData.files(request.actor)
        const month =
          asked !== '' && !monthError ? asked : (files.find((f) => f.kind === 'street')?.month ?? openData.lastMonth())
        const data = await openData.comparison(request.actor, month, peers)
        const charts = await Promise.all([crimeTypeChart(data), outcomeChart(data), monthsChart(data)].map(renderChart))
        const months = [...new Set([month, ...data.available.months])].sort().reverse()
        const own = data.series[0]!
        return reply.render('open-data/views/comparison.njk', {
          month,
          own,
          populations: data.series.map((s) => ({ name: s.name, population: s.population })),
          monthItems: months.map((m) => ({ value: m, text: m, selected: m === month })),
          peerItems: data.available.forces
            .filter((name) => name !== own.name)
            .map((name) => ({ value: name, text: name, checked: peers.includes(name) })),
          charts: { types: charts[0], outcomes: charts[1], months: charts[2] },
          files,
          ...(monthError
            ? {
                errors: [{ text: 'Enter the month as YYYY-MM, for example 2024-04', href: '#month' }],
                fieldErrors: { month: { text: 'Enter the month as YYYY-MM, for example 2024-04' } },
              }
            : {}),
        })
      },
    )

    app.get('/export', { config: { permission: 'open-data.export' } }, (_request, reply) =>
      reply.render('open-data/views/export.njk', {
        values: { month: openData.lastMonth(), file: 'street' },
        fileItems: FILE_ITEMS,
      }),
    )

    app.post(
      '/export',
      { config: { permission: 'open-data.export' }, schema: { body: ExportForm } },
      async (request, reply) => {
        const values = { month: request.body.month.trim(), file: request.body.file }
        const fileItems = FILE_ITEMS.map((item) => ({ ...item, checked: item.value === values.file }))
        if (values.file !== 'street' && values.file !== 'outcomes') {
          const message = 'Choose which file to download'
          return reply.status(400).render('open-data/views/export.njk', {
            values,
            fileItems,
            errors: [{ text: message, href: '#file' }],
            fieldErrors: { file: { text: message } },
          })
        }
        const result = await submitForm(() => openData.exportMonth(request.actor, values.month))
        if (!result.ok) {
          return reply.status(400).render('open-data/views/export.njk', { ...result, values, fileItems })
        }
        const exported = result.value
        const [name, csv] =
          values.file === 'street'
            ? [exported.streetFileName, exported.street.csv]
            : [exported.outcomesFileName, exported.outcomes.csv]
        return reply
          .header('content-type', 'text/csv; charset=utf-8')
          .header('content-disposition', `attachment; filename="${name}"`)
          .header('cache-control', 'no-store')
          .send(csv)
      },
    )
  })
}
