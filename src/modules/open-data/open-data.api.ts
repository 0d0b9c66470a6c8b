import { asList } from '../../platform/http/forms.ts'
import { routes } from '../../platform/http/routes.ts'
import { Comparison, ComparisonQuery, Summary, SummaryQuery } from './open-data.schemas.ts'
import type { OpenDataService } from './open-data.service.ts'

/**
 * police.uk open data as JSON, mounted at /api/v1/open-data: the summary of an imported street file and the
 * comparison of the force with peers. The force's own month is a disclosure only the Force Crime Registrar makes,
 * in person (the page) or as Tally (`tally police-uk export`): no API token carries that role (rules 6 and 9).
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
  })
}
