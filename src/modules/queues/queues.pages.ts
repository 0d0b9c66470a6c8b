import { Readable } from 'node:stream'
import { asList, submitForm } from '../../platform/http/forms.ts'
import { routes, type Router } from '../../platform/http/routes.ts'
import { justificationItems } from '../disclosures/index.ts'
import { csvText } from './queues.csv.ts'
import { queueDashboardRoutes, type QueueVictimCare } from './queues.dashboard.pages.ts'
import { QueueExportQuery, QueueParams, QueueQuery } from './queues.schemas.ts'
import type { QueuesServices } from './queues.services.ts'
import { deadlineHours, pageRequest, queueFrom, queueView, statsView } from './queues.views.ts'
import { queueWorkRoutes } from './queues.work.pages.ts'

export type { QueueVictimCare } from './queues.dashboard.pages.ts'

/**
 * The IMU's work queues (queues.view to read, queues.work to act) and the supervisor's dashboard
 * (dashboard.view; the threshold needs queues.manage). Mounted at the root: /queues…, /dashboard.
 */
export function queuesPages(services: QueuesServices, victimCare?: QueueVictimCare) {
  return routes((app) => {
    queueListRoutes(app, services)
    queueExportRoutes(app, services)
    queueWorkRoutes(app, services, victimCare)
    queueDashboardRoutes(app, services, victimCare)
  })
}

/** Every queue with its count, ages and deadline; one queue's page with its filters. */
function queueListRoutes(app: Router, { queues }: QueuesServices) {
  app.get('/queues', { config: { permission: 'queues.view' } }, async (request, reply) => {
    const summaries = await queues.overview(request.actor)
    const now = queues.now()
    return reply.render('queues/views/overview.njk', {
      queues: summaries.map((summary) => ({
        key: summary.queue.key,
        label: summary.queue.label,
        holds: summary.queue.holds,
        work: summary.queue.work,
        deadline: deadlineHours(summary.queue),
        ...statsView(summary, now),
      })),
    })
  })

  app.get(
    '/queues/:queue',
    { config: { permission: 'queues.view' }, schema: { params: QueueParams, querystring: QueueQuery } },
    async (request, reply) => {
      const queue = queueFrom(request.params.queue)
      const page = await queues.queuePage(request.actor, queue.key, pageRequest(request.query))
      return reply.render('queues/views/queue.njk', queueView(page, request.query))
    },
  )
}

/** A queue as CSV, after the question of why (the export is a disclosure). */
function queueExportRoutes(app: Router, { queues }: QueuesServices) {
  // Rule 20: the export is a disclosure, so the page asks why first (a GET form back to this address, like the
  // question before a restricted crime), and the reason is kept with the export in the audit trail.
  app.get(
    '/queues/:queue/export.csv',
    { config: { permission: 'queues.view' }, schema: { params: QueueParams, querystring: QueueExportQuery } },
    async (request, reply) => {
      const queue = queueFrom(request.params.queue)
      const { justification, justificationText, ...query } = request.query
      const given = { justification, justificationText }
      const pageRequested = pageRequest({ ...query, after: undefined, before: undefined })
      // Checked before the download starts, so a bad filter is an error page, not half a file.
      await queues.queuePage(request.actor, queue.key, { ...pageRequested, pageSize: 25 })
      const asked = justification !== undefined || justificationText !== undefined
      const checked = await submitForm(() => queues.exportJustification(request.actor, given))
      if (!checked.ok) {
        const list = await queues.exportJustificationList(request.actor)
        return reply.status(asked ? 400 : 200).render('queues/views/export.njk', {
          queue: { key: queue.key, label: queue.label },
          hidden: Object.entries(query).flatMap(([name, value]) =>
            name === 'after' || name === 'before' ? [] : asList(value).map((item) => ({ name, value: item })),
          ),
          items: justificationItems(list, given),
          justificationText: justificationText ?? '',
          ...(asked ? { errors: checked.errors, fieldErrors: checked.fieldErrors } : { fieldErrors: {} }),
        })
      }
      const day = queues.today()
      return reply
        .header('content-type', 'text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="${queue.key}-${day}.csv"`)
        .header('cache-control', 'no-store')
        .send(Readable.from(csvText(queues, request.actor, queue, given, pageRequested)))
    },
  )
}
