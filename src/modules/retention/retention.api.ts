import { routes } from '../../platform/http/routes.ts'
import {
  QueueQuery,
  QueueResponse,
  RecordParams,
  RecordResponse,
  ReviewBody,
  ReviewResponse,
  ScheduleList,
} from './retention.schemas.ts'
import type { RetentionService } from './retention.service.ts'

const iso = (value: Date | null) => (value === null ? null : value.toISOString())

function toApiRecord<T extends { reviewedAt: Date | null; disposedAt: Date | null }>(record: T) {
  return { ...record, reviewedAt: iso(record.reviewedAt), disposedAt: iso(record.disposedAt) }
}

/**
 * Retention review (rule 21) as JSON, mounted at /api/v1/retention. Reading the queue, a record's retention and
 * the schedule needs retention.view (registrar, auditor, inspector); recording a review decision needs
 * retention.review (registrar, auditor — through an API token, the auditor).
 */
export function retentionApi(retention: RetentionService) {
  return routes((app) => {
    app.get(
      '/queue',
      {
        config: { permission: 'retention.view' },
        schema: {
          tags: ['retention'],
          summary: 'Records whose retention review date has come, oldest first (50 a page)',
          querystring: QueueQuery,
          response: { 200: QueueResponse },
        },
      },
      async (request) => {
        const queue = await retention.queue(request.actor, request.query.page ?? 1)
        return { ...queue, records: queue.records.map(toApiRecord) }
      },
    )

    app.get(
      '/schedules',
      {
        config: { permission: 'retention.view' },
        schema: {
          tags: ['retention'],
          summary: 'The force’s retention categories and review periods',
          response: { 200: ScheduleList },
        },
      },
      async (request) => ({ schedules: await retention.schedules(request.actor) }),
    )

    app.get(
      '/:recordType/:recordId',
      {
        config: { permission: 'retention.view' },
        schema: {
          tags: ['retention'],
          summary: 'A crime’s or person’s retention category, next review date and reviews',
          params: RecordParams,
          response: { 200: RecordResponse },
        },
      },
      async (request) => {
        const { record, reviews } = await retention.record(
          request.actor,
          request.params.recordType,
          request.params.recordId,
        )
        return {
          record: toApiRecord(record),
          reviews: reviews.map((review) => ({ ...review, reviewedAt: review.reviewedAt.toISOString() })),
        }
      },
    )

    app.post(
      '/:recordType/:recordId/reviews',
      {
        config: { permission: 'retention.review' },
        schema: {
          tags: ['retention'],
          summary: 'Record a review decision: retain (with a reason and next review date) or dispose',
          params: RecordParams,
          body: ReviewBody,
          response: { 201: ReviewResponse },
        },
      },
      async (request, reply) => {
        const { decision, reason, nextReviewOn, version } = request.body
        const outcome = await retention.review(request.actor, request.params.recordType, request.params.recordId, {
          decision,
          reason: reason ?? '',
          nextReviewOn: nextReviewOn ?? '',
          expectedVersion: version,
        })
        return reply.status(201).send(outcome)
      },
    )
  })
}
