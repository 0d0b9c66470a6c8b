import { handleForm, submitForm } from '../../platform/http/forms.ts'
import { routes, type Router } from '../../platform/http/routes.ts'
import { formatDate } from '../../platform/views/format.ts'
import { dateInputItems } from '../../platform/views/govuk.ts'
import { CategoryParams, LookupQuery, QueueQuery, RecordParams, ReviewForm, ScheduleForm } from './retention.schemas.ts'
import type { RecordType, RetentionService } from './retention.service.ts'

const RECORD_NOUN: Record<RecordType, string> = { crime: 'Crime', person: 'Person' }

/** The review form's date boxes as YYYY-MM-DD; empty when all three are blank (the rules name the problem). */
function nextReviewFrom(form: ReviewForm): string {
  const [day, month, year] = [form['nextReviewOn-day'], form['nextReviewOn-month'], form['nextReviewOn-year']].map(
    (part) => part.trim(),
  )
  if (!day && !month && !year) {
    return ''
  }
  return `${year!.padStart(4, '0')}-${month!.padStart(2, '0')}-${day!.padStart(2, '0')}`
}

type RecordView = Awaited<ReturnType<RetentionService['record']>>

/** The record page's view model: the record, its reviews and the review form (with what was entered, on error). */
function recordModel(view: RecordView, form: ReviewForm | undefined, dateError = false) {
  const [year, month, day] = view.suggestedNextReview.split('-') as [string, string, string]
  const date = form
    ? { day: form['nextReviewOn-day'], month: form['nextReviewOn-month'], year: form['nextReviewOn-year'] }
    : { day: String(Number(day)), month: String(Number(month)), year }
  const decision = form?.decision ?? ''
  return {
    ...view,
    noun: RECORD_NOUN[view.record.recordType],
    values: { reason: form?.reason ?? '', version: String(view.record.version) },
    nextReviewItems: dateInputItems('nextReviewOn', date, dateError),
    decisionItems: [
      {
        value: 'retain',
        text: 'Retain it',
        hint: { text: 'It is still needed for a policing purpose, adequate and up to date' },
        checked: decision === 'retain',
      },
      {
        value: 'dispose',
        text: 'Dispose of it',
        hint: {
          text: 'Personal data is removed; the crime reference, offence, dates, outcome and status stay so figures do not change',
        },
        checked: decision === 'dispose',
      },
    ],
  }
}

/**
 * Retention review (rule 21), mounted at /retention: the review queue and each record's retention for those with
 * retention.view (Force Crime Registrar, auditor, inspector); the review decision for retention.review (Force
 * Crime Registrar, auditor); the force's review periods for retention.manage (registrar, administrator).
 */
export function retentionPages(retention: RetentionService) {
  return routes((app) => {
    reviewQueueRoutes(app, retention)
    scheduleRoutes(app, retention)
    reviewRoutes(app, retention)
  })
}

function reviewQueueRoutes(app: Router, retention: RetentionService) {
  app.get(
    '/',
    { config: { permission: 'retention.view' }, schema: { querystring: QueueQuery } },
    async (request, reply) => {
      const queue = await retention.queue(request.actor, request.query.page ?? 1)
      const pages = Math.max(1, Math.ceil(queue.total / queue.pageSize))
      return reply.render('retention/views/queue.njk', {
        ...queue,
        previous: queue.page > 1 ? `/retention?page=${queue.page - 1}` : null,
        next: queue.page < pages ? `/retention?page=${queue.page + 1}` : null,
      })
    },
  )

  // Any crime's retention, by its reference: every crime has a next review date, not only those due.
  app.get(
    '/lookup',
    { config: { permission: 'retention.view' }, schema: { querystring: LookupQuery } },
    async (request, reply) => {
      const result = await submitForm(() => retention.findCrime(request.actor, request.query.reference))
      if (result.ok) {
        return reply.redirect(`/retention/crime/${result.value}`, 303)
      }
      const queue = await retention.queue(request.actor, 1)
      return reply
        .status(400)
        .render('retention/views/queue.njk', { ...queue, ...result, reference: request.query.reference })
    },
  )
}

function scheduleRoutes(app: Router, retention: RetentionService) {
  app.get('/schedules', { config: { permission: 'retention.manage' } }, async (request, reply) =>
    reply.render('retention/views/schedules.njk', { schedules: await retention.schedules(request.actor) }),
  )

  app.post(
    '/schedules/:category',
    { config: { permission: 'retention.manage' }, schema: { params: CategoryParams, body: ScheduleForm } },
    async (request, reply) => {
      const years = /^\d{1,3}$/.test(request.body.reviewAfterYears.trim())
        ? Number(request.body.reviewAfterYears.trim())
        : Number.NaN
      return handleForm(reply, {
        submit: () =>
          retention.changeSchedule(request.actor, request.params.category, {
            reviewAfterYears: years,
            expectedVersion: Number.parseInt(request.body.version, 10) || 0,
          }),
        // Each category's period has its own box on the one page: the summary links to the one that failed.
        invalid: async ({ errors }) => ({
          template: 'retention/views/schedules.njk',
          model: {
            errors: errors.map((error) => ({ ...error, href: `#${request.params.category}-reviewAfterYears` })),
            schedules: await retention.schedules(request.actor),
            failed: { category: request.params.category, value: request.body.reviewAfterYears },
          },
        }),
        done: () => ({ flash: 'Retention period changed', redirect: '/retention/schedules' }),
      })
    },
  )
}

function reviewRoutes(app: Router, retention: RetentionService) {
  app.get(
    '/:recordType/:recordId',
    { config: { permission: 'retention.view' }, schema: { params: RecordParams } },
    async (request, reply) => {
      const view = await retention.record(request.actor, request.params.recordType, request.params.recordId)
      return reply.render('retention/views/record.njk', recordModel(view, undefined))
    },
  )

  app.post(
    '/:recordType/:recordId',
    { config: { permission: 'retention.review' }, schema: { params: RecordParams, body: ReviewForm } },
    async (request, reply) => {
      const { recordType, recordId } = request.params
      return handleForm(reply, {
        submit: () =>
          retention.review(request.actor, recordType, recordId, {
            decision: request.body.decision,
            reason: request.body.reason,
            nextReviewOn: nextReviewFrom(request.body),
            expectedVersion: Number.parseInt(request.body.version, 10) || 0,
          }),
        dateFields: ['nextReviewOn'],
        invalid: async ({ fieldErrors }) => ({
          template: 'retention/views/record.njk',
          model: recordModel(
            await retention.record(request.actor, recordType, recordId),
            request.body,
            Boolean(fieldErrors.nextReviewOn),
          ),
        }),
        done: (review) => ({
          flash:
            review.decision === 'retain'
              ? `Retained: next review on ${formatDate(review.nextReviewOn)}`
              : 'Disposed of: personal data removed, the counting record kept',
          redirect: `/retention/${recordType}/${recordId}`,
        }),
      })
    },
  )
}
