import { asList } from '../../platform/http/forms.ts'
import { routes } from '../../platform/http/routes.ts'
import { Comparison, ComparisonQuery, ExportBody, ExportResponse, Summary, SummaryQuery } from './open-data.schemas.ts'
import type { OpenDataService } from './open-data.service.ts'

/**
 * police.uk open data as JSON, mounted at /api/v1/open-data: the summary of an imported street file, the
 * comparison of the force with peers, and the force's own month as police.uk files (a disclosure by the Force
 * Crime Registrar, audited).
 */
export function openDataApi(openData: OpenDataService) {
  return routes((app) => {
    app.get(
      '/summary',
      {
        config: { permission: 'open-data.view' },
        schema: {
          tags: ['open-data'],
          summary:
            'Counts of an imported police.uk street file: rows, blank and distinct Crime IDs, by type and outcome',
          querystring: SummaryQuery,
          response: { 200: Summary },
        },
      },
      (request) => openData.summary(request.actor, request.query.month, request.query.fallsWithin),
    )

    app.get(
      '/comparison',
      {
        config: { permission: 'open-data.view' },
        schema: {
          tags: ['open-data'],
          summary:
            'The force’s own published figures beside peer forces’ imported files, for a month and the five before',
          querystring: ComparisonQuery,
          response: { 200: Comparison },
        },
      },
      (request) => openData.comparison(request.actor, request.query.month, asList(request.query.peer)),
    )

    app.post(
      '/exports',
      {
        config: { permission: 'open-data.export' },
        schema: {
          tags: ['open-data'],
          summary: 'The force’s police.uk street and outcomes files for a month (rule 25; audited as a disclosure)',
          body: ExportBody,
          response: { 200: ExportResponse },
        },
      },
      async (request) => {
        const files = await openData.exportMonth(request.actor, request.body.month)
        return {
          month: files.month,
          street: { fileName: files.streetFileName, rows: files.street.rows, csv: files.street.csv },
          outcomes: { fileName: files.outcomesFileName, rows: files.outcomes.rows, csv: files.outcomes.csv },
        }
      },
    )
  })
}
