import type { FastifyReply } from 'fastify'
import type { Actor } from '../../platform/auth/actor.ts'
import { linkDateInputs, submitForm, type FormErrors } from '../../platform/http/forms.ts'
import type { Router } from '../../platform/http/routes.ts'
import { formatDate, formatDateTime } from '../../platform/views/format.ts'
import { escapeHtml } from '../../platform/views/html.ts'
import { dateTimeItems, formInstant, instantInput, paragraphs } from '../incidents/index.ts'
import { inputFrom, isStep, STEP_ORDER, STEPS, type PartnerReportDrafts, type Step } from './partners.drafts.ts'
import { REPORT_KINDS } from './partners.rules.ts'
import { PageForm, ReportParams, StepParams } from './partners.schemas.ts'
import type { PartnersService } from './partners.service.ts'

function text(form: PageForm, key: string): string {
  const value = form[key]
  return typeof value === 'string' ? value : ''
}

function dateParts(id: string, values: Record<string, string>, hasError: boolean) {
  const error = hasError ? ' govuk-input--error' : ''
  return (['day', 'month', 'year'] as const).map((name) => ({
    name,
    id: `${id}-${name}`,
    label: name[0]!.toUpperCase() + name.slice(1),
    classes: `govuk-input--width-${name === 'year' ? 4 : 2}${error}`,
    value: values[`${id}-${name}`] ?? '',
  }))
}

function stepModel(step: Step, draftId: string, answers: Record<string, string>, form: FormErrors | undefined) {
  const index = STEP_ORDER.indexOf(step)
  const fieldErrors = form?.fieldErrors ?? {}
  return {
    values: answers,
    ...(form ? linkDateInputs(form, ['happenedAt', 'victimDateOfBirth']) : {}),
    backHref: index === 0 ? '/partner-reports' : `/partner-reports/drafts/${draftId}/${STEP_ORDER[index - 1]}`,
    kindItems: Object.entries(REPORT_KINDS).map(([value, kind]) => ({
      value,
      text: kind.label,
      checked: answers.kind === value,
    })),
    happenedAtItems: dateTimeItems('happenedAt', { form: answers }, fieldErrors.happenedAt !== undefined),
    dateOfBirthItems: dateParts('victimDateOfBirth', answers, fieldErrors.victimDateOfBirth !== undefined),
  }
}

function checkRows(draftId: string, answers: Record<string, string>) {
  const input = inputFrom(answers)
  const change = (step: Step, label: string) => ({
    items: [
      { href: `/partner-reports/drafts/${draftId}/${step}`, text: 'Change', visuallyHiddenText: label.toLowerCase() },
    ],
  })
  const row = (label: string, value: string, step: Step) => ({
    key: { text: label },
    value: { text: value },
    actions: change(step, label),
  })
  const yesNo = (value: boolean | undefined) => (value ? 'Yes' : 'No')
  const happened = instantInput(formInstant(answers, 'happenedAt'))
  return [
    row('What kind of thing', REPORT_KINDS[input.kind as keyof typeof REPORT_KINDS]?.label ?? '', 'what'),
    row('What happened', input.whatHappened, 'what'),
    row('When', happened ? formatDateTime(happened) : '', 'when'),
    row('Where', [input.address, input.postcode].filter(Boolean).join(', '), 'where'),
    row(
      'Victim',
      input.anonymous
        ? 'Wants to stay anonymous'
        : [
            `${input.victim?.givenName ?? ''} ${input.victim?.familyName ?? ''}`.trim(),
            input.victim?.dateOfBirth ? `born ${formatDate(input.victim.dateOfBirth)}` : '',
          ]
            .filter(Boolean)
            .join(', '),
      'victim',
    ),
    row('Consent to share with the police', yesNo(input.consentToShare), 'consent'),
    row('Wants the police to contact them', yesNo(input.wantsPoliceContact), 'consent'),
    row('Your reference', input.partnerReference ?? 'None', 'consent'),
  ]
}

/**
 * The partner's side (partner-reports.submit): their organisation's reports, the question pages that make a
 * report (what, when, where, victim, consent), check your answers, the reference at once, and each report's
 * outcome. Registered by partnersPages.
 */
/** Sends a draft; a problem left on any page sends the partner back to the first page with one. */
async function sendDraft(reply: FastifyReply, drafts: PartnerReportDrafts, actor: Actor, draftId: string) {
  const result = await submitForm(() => drafts.submit(actor, draftId))
  if (!result.ok) {
    // Each problem is on a question page: go to the first, where it is shown with its field.
    const first = result.errors[0]!.href.slice(1)
    const step =
      STEP_ORDER.find((candidate) =>
        (STEPS[candidate] as readonly string[]).some((field) => field.startsWith(first)),
      ) ?? 'what'
    return reply.redirect(`/partner-reports/drafts/${draftId}/${step}`, 303)
  }
  return reply.redirect(`/partner-reports/${result.value.reportId}/sent`, 303)
}

export function partnerReportPages(app: Router, partners: PartnersService, drafts: PartnerReportDrafts) {
  const permission = { permission: 'partner-reports.submit' } as const

  const renderStep = async (
    reply: FastifyReply,
    actor: Actor,
    draftId: string,
    step: Step,
    posted?: { answers: Record<string, string>; form: FormErrors },
  ) => {
    const { answers } = await drafts.get(actor, draftId)
    const { name } = await partners.myOrganisation(actor)
    const values = posted?.answers ?? answers
    return reply.status(posted ? 400 : 200).render(`partners/views/report/${step}.njk`, {
      organisationName: name,
      ...stepModel(step, draftId, values, posted?.form),
    })
  }

  app.post('/partner-reports/drafts', { config: permission, schema: { body: PageForm } }, async (request, reply) => {
    const draftId = await drafts.start(request.actor)
    return reply.redirect(`/partner-reports/drafts/${draftId}/${STEP_ORDER[0]}`, 303)
  })

  app.get(
    '/partner-reports/drafts/:draftId/:step',
    { config: permission, schema: { params: StepParams } },
    async (request, reply) => {
      const { draftId, step } = request.params
      if (step === 'check') {
        const { answers } = await drafts.get(request.actor, draftId)
        const { name } = await partners.myOrganisation(request.actor)
        return reply.render('partners/views/report/check.njk', {
          organisationName: name,
          rows: checkRows(draftId, answers),
          backHref: `/partner-reports/drafts/${draftId}/${STEP_ORDER.at(-1)}`,
        })
      }
      if (!isStep(step)) {
        return reply.callNotFound()
      }
      return renderStep(reply, request.actor, draftId, step)
    },
  )

  app.post(
    '/partner-reports/drafts/:draftId/:step',
    { config: permission, schema: { params: StepParams, body: PageForm } },
    async (request, reply) => {
      const { draftId, step } = request.params
      if (step === 'check') {
        return sendDraft(reply, drafts, request.actor, draftId)
      }
      if (!isStep(step)) {
        return reply.callNotFound()
      }
      const values = Object.fromEntries(STEPS[step].map((field) => [field, text(request.body, field)]))
      const result = await submitForm(() => drafts.saveStep(request.actor, draftId, step, values))
      if (!result.ok) {
        const { answers } = await drafts.get(request.actor, draftId)
        return renderStep(reply, request.actor, draftId, step, { answers: { ...answers, ...values }, form: result })
      }
      const { completed } = await drafts.get(request.actor, draftId)
      const next = STEP_ORDER.find((candidate) => !completed.includes(candidate)) ?? 'check'
      return reply.redirect(`/partner-reports/drafts/${draftId}/${next}`, 303)
    },
  )
}

/** The partner's organisation's reports, the confirmation with its reference, and each report's outcome. */
export function partnerReportViews(app: Router, partners: PartnersService, unread: (actor: Actor) => Promise<number>) {
  const permission = { permission: 'partner-reports.submit' } as const

  app.get('/partner-reports', { config: permission }, async (request, reply) => {
    const { organisation, notLinked, reports } = await partners.reportsForPartner(request.actor)
    return reply.render('partners/views/report/list.njk', {
      organisation,
      notLinked,
      unreadNotifications: await unread(request.actor),
      reports: reports.map((report) => ({ ...report, sent: formatDateTime(report.submittedAt) })),
    })
  })

  app.get(
    '/partner-reports/:reportId/sent',
    { config: permission, schema: { params: ReportParams } },
    async (request, reply) =>
      reply.render('partners/views/report/sent.njk', {
        report: await partners.reportForPartner(request.actor, request.params.reportId),
      }),
  )

  app.get(
    '/partner-reports/:reportId',
    { config: permission, schema: { params: ReportParams } },
    async (request, reply) => {
      const report = await partners.reportForPartner(request.actor, request.params.reportId)
      const row = (label: string, value: string) => ({ key: { text: label }, value: { text: value } })
      return reply.render('partners/views/report/show.njk', {
        report,
        rows: [
          row('Sent', `${formatDateTime(report.submittedAt)} by ${report.submittedBy}`),
          row('Your reference', report.partnerReference ?? 'None'),
          row('What kind of thing', report.kindLabel),
          {
            key: { text: 'What happened' },
            value: {
              html: paragraphs(report.whatHappened)
                .map((p) => `<p class="govuk-body">${escapeHtml(p)}</p>`)
                .join(''),
            },
          },
          row('When', formatDateTime(report.happenedAt)),
          row('Where', [report.address, report.postcode].filter(Boolean).join(', ')),
          row('Victim', report.anonymous ? 'Wants to stay anonymous' : (report.victimName ?? '')),
          row('Wants the police to contact them', report.wantsPoliceContact ? 'Yes' : 'No'),
        ],
      })
    },
  )
}
