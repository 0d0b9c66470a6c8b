import { linkDateInputs, submitForm, type FormErrors } from '../../platform/http/forms.ts'
import { routes } from '../../platform/http/routes.ts'
import { formatDate } from '../../platform/views/format.ts'
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

function dateBoxes(values: { day: string; month: string; year: string }, hasError: boolean) {
  const error = hasError ? ' govuk-input--error' : ''
  return [
    { name: 'day', id: 'nextReviewOn-day', label: 'Day', classes: `govuk-input--width-2${error}`, value: values.day },
    {
      name: 'month',
      id: 'nextReviewOn-month',
      label: 'Month',
      classes: `govuk-input--width-2${error}`,
      value: values.month,
    },
    {
      name: 'year',
      id: 'nextReviewOn-year',
      label: 'Year',
      classes: `govuk-input--width-4${error}`,
      value: values.year,
    },
  ]
}

type RecordView = Awaited<ReturnType<RetentionService['record']>>

/** The record page's view model: the record, its reviews and the review form (with what was entered, on error). */
function recordModel(view: RecordView, form: ReviewForm | undefined, errors: FormErrors | undefined) {
  const [year, month, day] = view.suggestedNextReview.split('-') as [string, string, string]
  const date = form
    ? { day: form['nextReviewOn-day'], month: form['nextReviewOn-month'], year: form['nextReviewOn-year'] }
    : { day: String(Number(day)), month: String(Number(month)), year }
  const decision = form?.decision ?? ''
  return {
    ...(errors ? linkDateInputs(errors, ['nextReviewOn']) : {}),
    ...view,
    noun: RECORD_NOUN[view.record.recordType],
    values: { reason: form?.reason ?? '', version: String(view.record.version) },
    nextReviewItems: dateBoxes(date, Boolean(errors?.fieldErrors.nextReviewOn)),
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
        const result = await submitForm(() =>
          retention.changeSchedule(request.actor, request.params.category, {
            reviewAfterYears: years,
            expectedVersion: Number.parseInt(request.body.version, 10) || 0,
          }),
        )
        if (!result.ok) {
          const schedules = await retention.schedules(request.actor)
          return reply.status(400).render('retention/views/schedules.njk', {
            ...result,
            errors: result.errors.map((error) => ({ ...error, href: `#${request.params.category}-reviewAfterYears` })),
            schedules,
            failed: { category: request.params.category, value: request.body.reviewAfterYears },
          })
        }
        return reply.flash('Retention period changed').redirect('/retention/schedules', 303)
      },
    )

    app.get(
      '/:recordType/:recordId',
      { config: { permission: 'retention.view' }, schema: { params: RecordParams } },
      async (request, reply) => {
        const view = await retention.record(request.actor, request.params.recordType, request.params.recordId)
        return reply.render('retention/views/record.njk', recordModel(view, undefined, undefined))
      },
    )

    app.post(
      '/:recordType/:recordId',
      { config: { permission: 'retention.review' }, schema: { params: RecordParams, body: ReviewForm } },
      async (request, reply) => {
        const { recordType, recordId } = request.params
        const result = await submitForm(() =>
          retention.review(request.actor, recordType, recordId, {
            decision: request.body.decision,
            reason: request.body.reason,
            nextReviewOn: nextReviewFrom(request.body),
            expectedVersion: Number.parseInt(request.body.version, 10) || 0,
          }),
        )
        if (!result.ok) {
          const view = await retention.record(request.actor, recordType, recordId)
          return reply.status(400).render('retention/views/record.njk', recordModel(view, request.body, result))
        }
        const message =
          result.value.decision === 'retain'
            ? `Retained: next review on ${formatDate(result.value.nextReviewOn)}`
            : 'Disposed of: personal data removed, the counting record kept'
        return reply.flash(message).redirect(`/retention/${recordType}/${recordId}`, 303)
      },
    )
  })
}
