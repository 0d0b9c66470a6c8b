import { Readable } from 'node:stream'
import { routes, type Router } from '../../platform/http/routes.ts'
import { csvText } from './queues.csv.ts'
import { queueDefinition } from './queues.rules.ts'
import type { QueueFilter } from './queues.rules.ts'
import {
  ApiQueueExportQuery,
  ApiQueueParams,
  ApiQueueQuery,
  BulkBody,
  BulkResponse,
  DashboardResponse,
  QueueListResponse,
  QueuePageResponse,
} from './queues.schemas.ts'
import type { QueueItem, QueueStats, QueueSummary } from './queues.service.ts'
import type { QueuesServices } from './queues.services.ts'

function summary(item: QueueSummary | (QueueStats & { queue: QueueSummary['queue'] })) {
  return {
    key: item.queue.key,
    label: item.queue.label,
    holds: item.queue.holds,
    recordType: item.queue.source,
    work: item.queue.work,
    deadlineHours: item.queue.deadline?.hours ?? null,
    count: item.count,
    oldest: item.oldest?.toISOString() ?? null,
    overdue: item.overdue,
    buckets: item.buckets,
  }
}

function itemResponse(item: QueueItem) {
  return {
    recordType: item.kind,
    id: item.id,
    reference: item.reference,
    enteredAt: item.enteredAt.toISOString(),
    deadline: item.deadline?.toISOString() ?? null,
    overdue: item.overdue,
    offence: item.what,
    group: item.group,
    allocatedToUserId: item.holderId,
    allocatedToName: item.holderName,
    unitId: item.unitId,
    flags: item.flags,
    version: item.version,
  }
}

/** The API's filter parameters as the service's queue filter (the schema has already checked their shapes). */
function filterOf(query: Pick<ApiQueueQuery, 'group' | 'unit' | 'holder' | 'age' | 'flags'>): Partial<QueueFilter> {
  return {
    ...(query.group ? { offenceGroup: query.group } : {}),
    ...(query.unit ? { unitId: query.unit } : {}),
    ...(query.holder ? { holder: query.holder } : {}),
    ...(query.age ? { age: query.age === 'overdue' ? 'overdue' : Number(query.age) } : {}),
    flags: query.flags ?? [],
  }
}

/**
 * The IMU work queues as JSON, for other systems and reports: every queue's figures, a queue's items (filtered,
 * keyset-paginated), bulk actions with per-item results, and the dashboard's figures. Mounted at /api/v1.
 */
export function queuesApi(services: QueuesServices) {
  return routes((app) => {
    queueReadRoutes(app, services)
    queueActionRoutes(app, services)
  })
}

/** Every queue's figures, one queue's items, and its export. */
function queueReadRoutes(app: Router, { queues }: QueuesServices) {
  app.get(
    '/queues',
    {
      config: { permission: 'queues.view' },
      schema: {
        tags: ['queues'],
        summary: 'Every IMU work queue: count, oldest item, items past their deadline and ageing buckets',
        response: { 200: QueueListResponse },
      },
    },
    async (request) => ({ queues: (await queues.overview(request.actor)).map(summary) }),
  )

  app.get(
    '/queues/:queue/items',
    {
      config: { permission: 'queues.view' },
      schema: {
        tags: ['queues'],
        summary: 'One queue’s items, filtered and sorted by deadline (or newest first), a page at a time',
        description:
          'Pages are keyset-paginated: pass `next` as `after` for the following page, `previous` as `before` for the one before.',
        params: ApiQueueParams,
        querystring: ApiQueueQuery,
        response: { 200: QueuePageResponse },
      },
    },
    async (request) => {
      const query = request.query
      const filter = filterOf(query)
      const page = await queues.queuePage(request.actor, request.params.queue, {
        filter,
        sort: query.sort,
        after: query.after,
        before: query.before,
        pageSize: query.size,
      })
      return {
        queue: summary({ queue: page.queue, ...page.stats, count: page.total }),
        matching: page.stats.count,
        items: page.items.map(itemResponse),
        next: page.next ?? null,
        previous: page.previous ?? null,
      }
    },
  )

  app.get(
    '/queues/:queue/export',
    {
      config: { permission: 'queues.view' },
      schema: {
        tags: ['queues'],
        summary: 'One queue’s items, filtered, as CSV: an export, kept in the audit trail with its justification',
        description:
          'Rule 20: the export is a disclosure of personal data, so `justification` is required; without it the answer is a 400 naming the field justification. Answers text/csv, one row per item, streamed.',
        params: ApiQueueParams,
        querystring: ApiQueueExportQuery,
      },
    },
    async (request, reply) => {
      const { justification, justificationText, ...query } = request.query
      const given = { justification, justificationText }
      await queues.exportJustification(request.actor, given)
      const filter = filterOf(query)
      const queue = queueDefinition(request.params.queue)
      const pageRequested = { filter, sort: query.sort }
      // Checked before the download starts, so a bad filter is a 400, not half a file.
      await queues.queuePage(request.actor, queue.key, { ...pageRequested, pageSize: 25 })
      return reply
        .header('content-type', 'text/csv; charset=utf-8')
        .header('cache-control', 'no-store')
        .send(Readable.from(csvText(queues, request.actor, queue, given, pageRequested)))
    },
  )
}

/** Bulk actions on a queue's crimes, and the dashboard's figures. */
function queueActionRoutes(app: Router, { queueActions, queueDashboard }: QueuesServices) {
  app.post(
    '/queues/:queue/actions',
    {
      config: { permission: 'queues.work' },
      schema: {
        tags: ['queues'],
        summary: 'One action on many crimes in a queue, each at the version you read',
        description:
          'Each crime is changed on its own. One that someone else changed since you read it is left as it is and listed in `notDone` with `conflict: true`; the rest are done.',
        params: ApiQueueParams,
        body: BulkBody,
        response: { 200: BulkResponse },
      },
    },
    async (request) =>
      queueActions.bulkAct(request.actor, request.params.queue, request.body.action, request.body.items, {
        reason: request.body.reason,
        assignedUserId: request.body.assignedUserId,
        assignedUnitId: request.body.assignedUnitId,
        checklist: request.body.checklist,
      }),
  )

  app.get(
    '/dashboard',
    {
      config: { permission: 'dashboard.view' },
      schema: {
        tags: ['queues'],
        summary:
          'The IMU dashboard’s figures: every queue now and a week ago, trends, the backlog alert, recording within 24 hours and who holds how much',
        response: { 200: DashboardResponse },
      },
    },
    async (request) => {
      const data = await queueDashboard.dashboard(request.actor)
      return {
        asAt: data.now.toISOString(),
        queues: data.queues.map((q) => ({ ...summary(q), weekAgo: q.weekAgo })),
        awaitingFiling: {
          count: data.awaitingFiling.alert.size,
          threshold: data.awaitingFiling.alert.threshold,
          alert: data.awaitingFiling.alert.raised,
        },
        trend: data.trend.map((point) => ({
          day: point.day,
          queue: point.queue,
          size: point.size,
          live: point.live,
        })),
        recordingByWeek: data.recording,
        holders: data.holders.map((holder) => ({ userId: holder.userId, name: holder.name, open: holder.total })),
      }
    },
  )
}
