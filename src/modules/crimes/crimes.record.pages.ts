import type { FastifyReply } from 'fastify'
import type { Actor } from '../../platform/auth/actor.ts'
import { asList, linkDateInputs, submitForm, type FormErrors } from '../../platform/http/forms.ts'
import type { Router } from '../../platform/http/routes.ts'
import { formatDate, formatDateTime } from '../../platform/views/format.ts'
import { escapeHtml } from '../../platform/views/html.ts'
import {
  CHANNELS,
  channelLabel,
  dateTimeItems,
  formInstant,
  instantInput,
  nonCrimeReasonItems,
} from '../incidents/index.ts'
import {
  dateFromForm,
  dateItems,
  FLAGS,
  int,
  link,
  row,
  text,
  type CrimesPagesOptions,
  type Form,
} from './crimes.forms.ts'
import { DraftParams, IncidentIdParams, PageForm } from './crimes.schemas.ts'
import type { DraftAnswers, DraftStep, DraftStepValues } from './crimes.drafts.ts'
import { PossibleDuplicate } from './crimes.service.ts'
import { offenceItems } from './crimes.views.ts'

const DRAFT_PAGES: Record<DraftStep, string> = {
  report: 'crimes/views/record/report.njk',
  victim: 'crimes/views/record/victim.njk',
  offence: 'crimes/views/record/offence.njk',
  when: 'crimes/views/record/when.njk',
}

/** The date fields of the question pages, whose errors link to their first box. */
const DATE_FIELDS = ['reportedAt', 'victim.dateOfBirth', 'offenceFrom', 'offenceTo']

/** Which question page asks for a field (the check page links each problem to it). */
function stepFor(field: string): DraftStep {
  if (['report', 'directReportChannel', 'reportedAt', 'rapeReported'].includes(field)) {
    return 'report'
  }
  if (field.startsWith('victim')) {
    return 'victim'
  }
  return ['offenceCode', 'otherOffenceCodes', 'otherOffenceCode', 'n100Reason', 'offence'].includes(field)
    ? 'offence'
    : 'when'
}

/**
 * Recording a crime through GOV.UK question pages over a draft — from an incident (victim, offence, when and
 * where) or as a direct report (first how and when it was reported) — then check your answers and record; and
 * the decision not to record a crime from an incident.
 */
export function declareRecordPages(app: Router, options: CrimesPagesOptions): void {
  const { crimes, drafts } = options

  async function draftModel(actor: Actor, draftId: string) {
    const draft = await drafts.draft(actor, draftId)
    const base = `/crimes/drafts/${draftId}`
    return {
      ...draft,
      base,
      incidentLabel: draft.incident ? `Incident ${draft.incident.incidentNumber}` : 'Direct report',
      rapeReported: draft.incident ? draft.incident.rapeReported : draft.answers.rapeReported === true,
      backHref: (step: DraftStep) => {
        const previous = draft.steps[draft.steps.indexOf(step) - 1]
        return previous ? `${base}/${previous}` : draft.incident ? `/incidents/${draft.incident.incidentId}` : '/crimes'
      },
    }
  }

  function draftForm(step: DraftStep, answers: DraftAnswers, form: Form | undefined): Form {
    if (form) {
      return form
    }
    switch (step) {
      case 'report':
        return {
          directReportChannel: answers.directReportChannel ?? '',
          rapeReported: answers.rapeReported ? 'yes' : '',
        }
      case 'victim': {
        const victim = answers.victim
        const [year, month, day] = (victim?.dateOfBirth ?? '').split('-')
        return {
          givenName: victim?.givenName ?? '',
          familyName: victim?.familyName ?? '',
          'dateOfBirth-day': day ?? '',
          'dateOfBirth-month': month ?? '',
          'dateOfBirth-year': year ?? '',
          noVictim: victim === null ? 'yes' : '',
        }
      }
      case 'offence':
        return {
          offenceCode: answers.offenceCode ?? '',
          otherOffenceCode: answers.otherOffenceCode ?? '',
          flags: FLAGS.filter(([flag]) => answers[flag]).map(([flag]) => flag),
          n100Reason: answers.n100Reason ?? '',
        }
      case 'when':
        return { summary: answers.summary ?? '' }
    }
  }

  async function renderDraftStep(
    reply: FastifyReply,
    actor: Actor,
    draftId: string,
    step: DraftStep,
    form?: Form,
    errors?: FormErrors,
  ) {
    const model = await draftModel(actor, draftId)
    const values = draftForm(step, model.answers, form)
    const codes = step === 'offence' ? (await crimes.offenceCodes(actor)).codes : []
    const instant = (iso: string | undefined) => (iso ? new Date(iso) : undefined)
    const page = {
      ...model,
      ...(errors ? linkDateInputs(errors, DATE_FIELDS) : {}),
      values,
      backHref: model.backHref(step),
      channelItems: Object.entries(CHANNELS).map(([value, label], index) => ({
        value,
        text: label,
        checked: value === text(values, 'directReportChannel'),
        ...(index === 0 ? { id: 'directReportChannel' } : {}),
      })),
      reportedAtItems: dateTimeItems(
        'reportedAt',
        form ? { form } : { value: instant(model.answers.reportedAt) ?? model.now },
        !!errors?.fieldErrors.reportedAt,
      ),
      offenceItems: offenceItems(codes, text(values, 'offenceCode')),
      otherOffenceItems: offenceItems(codes, text(values, 'otherOffenceCode'), 'No other offence'),
      flagItems: FLAGS.map(([value, label]) => ({
        value,
        text: label,
        id: value,
        checked: asList(values.flags).includes(value),
      })),
      dateOfBirthItems: dateItems(
        'victim.dateOfBirth',
        {
          'victim.dateOfBirth-day': text(values, 'dateOfBirth-day') ?? '',
          'victim.dateOfBirth-month': text(values, 'dateOfBirth-month') ?? '',
          'victim.dateOfBirth-year': text(values, 'dateOfBirth-year') ?? '',
        },
        !!errors?.fieldErrors['victim.dateOfBirth'],
        'dateOfBirth',
      ),
      offenceFromItems: dateTimeItems(
        'offenceFrom',
        form ? { form } : { value: instant(model.answers.offenceFrom) },
        !!errors?.fieldErrors.offenceFrom,
      ),
      offenceToItems: dateTimeItems(
        'offenceTo',
        form ? { form } : { value: instant(model.answers.offenceTo) },
        !!errors?.fieldErrors.offenceTo,
      ),
      locationText: model.location
        ? `${[model.location.address, model.location.postcode].filter(Boolean).join(', ')} (from the incident)`
        : model.incident
          ? 'Not given on the incident'
          : 'Not given',
    }
    return errors ? reply.status(400).render(DRAFT_PAGES[step], page) : reply.render(DRAFT_PAGES[step], page)
  }

  async function checkModel(actor: Actor, draftId: string) {
    const model = await draftModel(actor, draftId)
    const { answers, incident } = model
    const victim = answers.victim
    const duplicates =
      victim && answers.offenceCode && answers.offenceFrom
        ? await crimes.possibleDuplicates(actor, {
            victim,
            offenceCode: answers.offenceCode,
            offenceFrom: new Date(answers.offenceFrom),
            offenceTo: answers.offenceTo ? new Date(answers.offenceTo) : undefined,
            incidentId: incident?.incidentId,
          })
        : []
    const flags = FLAGS.filter(([flag]) => answers[flag]).map(([, label]) => label)
    return {
      ...model,
      backHref: `${model.base}/when`,
      rows: [
        incident
          ? row('Incident', `${incident.incidentNumber}, received ${formatDateTime(incident.receivedAt)}`)
          : row(
              'Reported',
              answers.reportedAt
                ? `${channelLabel(answers.directReportChannel ?? null)}, ${formatDateTime(answers.reportedAt)}${answers.rapeReported ? '; rape or attempted rape reported' : ''}`
                : 'Not answered',
              `${model.base}/report`,
              'how and when it was reported',
            ),
        row(
          'Victim',
          victim === null
            ? 'No identified victim'
            : victim
              ? [
                  `${victim.givenName} ${victim.familyName}`.trim(),
                  victim.dateOfBirth ? `born ${formatDate(victim.dateOfBirth)}` : '',
                ]
                  .filter(Boolean)
                  .join(', ')
              : 'Not answered',
          `${model.base}/victim`,
          'victim',
        ),
        row(
          'Offence',
          model.offence ? `${model.offence.label} (${model.offence.code})` : 'Not answered',
          `${model.base}/offence`,
          'offence',
        ),
        ...(model.otherOffence
          ? [
              row(
                'Other offence disclosed',
                `${model.otherOffence.label} (${model.otherOffence.code}): not recorded separately (principal crime rule)`,
                `${model.base}/offence`,
                'other offence',
              ),
            ]
          : []),
        ...(answers.n100Reason
          ? [row('Why not recorded as rape (N100)', answers.n100Reason, `${model.base}/offence`, 'N100 reason')]
          : []),
        row('Flags', flags.join(', ') || 'None', `${model.base}/offence`, 'flags'),
        row(
          'When it happened',
          answers.offenceFrom
            ? `${formatDateTime(answers.offenceFrom)}${answers.offenceTo ? ` to ${formatDateTime(answers.offenceTo)}` : ''}`
            : 'Not answered',
          `${model.base}/when`,
          'when it happened',
        ),
        row(
          'Where',
          model.location
            ? [model.location.address, model.location.postcode].filter(Boolean).join(', ')
            : incident
              ? 'Not given on the incident'
              : 'Not given',
        ),
        ...(answers.summary ? [row('Summary', answers.summary, `${model.base}/when`, 'summary')] : []),
      ],
      duplicates: duplicates.map((duplicate) => ({
        html: `${link(`/crimes/${duplicate.crimeId}`, duplicate.crimeReference)}: ${escapeHtml(duplicate.offenceCode)}, recorded ${escapeHtml(formatDateTime(duplicate.recordedAt))}`,
      })),
    }
  }

  // Without an incident, the draft is a direct report (rule 1: it carries the channel it came through).
  app.post(
    '/crimes/drafts',
    { config: { permission: 'crimes.record' }, schema: { body: PageForm } },
    async (request, reply) => {
      const incidentId = text(request.body, 'incidentId') || null
      const draftId = await drafts.startDraft(request.actor, incidentId)
      const { steps, answers } = await drafts.draft(request.actor, draftId)
      const next = steps.find((step) => !answers.completed.includes(step)) ?? 'check'
      return reply.redirect(`/crimes/drafts/${draftId}/${next}`, 303)
    },
  )

  for (const step of ['report', 'victim', 'offence', 'when'] as const) {
    app.get(
      `/crimes/drafts/:draftId/${step}`,
      { config: { permission: 'crimes.record' }, schema: { params: DraftParams } },
      (request, reply) => renderDraftStep(reply, request.actor, request.params.draftId, step),
    )
    app.post(
      `/crimes/drafts/:draftId/${step}`,
      { config: { permission: 'crimes.record' }, schema: { params: DraftParams, body: PageForm } },
      async (request, reply) => {
        const form = request.body
        const result = await submitForm(() =>
          drafts.saveDraftStep(request.actor, request.params.draftId, step, stepValues(step, form)),
        )
        if (!result.ok) {
          return renderDraftStep(reply, request.actor, request.params.draftId, step, form, result)
        }
        const { steps, answers } = await drafts.draft(request.actor, request.params.draftId)
        const next = steps.find((candidate) => !answers.completed.includes(candidate)) ?? 'check'
        return reply.redirect(`/crimes/drafts/${request.params.draftId}/${next}`, 303)
      },
    )
  }

  app.get(
    '/crimes/drafts/:draftId/check',
    { config: { permission: 'crimes.record' }, schema: { params: DraftParams } },
    async (request, reply) =>
      reply.render('crimes/views/record/check.njk', await checkModel(request.actor, request.params.draftId)),
  )

  app.post(
    '/crimes/drafts/:draftId/check',
    { config: { permission: 'crimes.record' }, schema: { params: DraftParams, body: PageForm } },
    async (request, reply) => {
      const acknowledged = text(request.body, 'acknowledgeDuplicates') === 'yes'
      try {
        const result = await submitForm(() =>
          drafts.recordFromDraft(request.actor, request.params.draftId, { acknowledgeDuplicates: acknowledged }),
        )
        if (!result.ok) {
          const model = await checkModel(request.actor, request.params.draftId)
          return reply.status(400).render('crimes/views/record/check.njk', {
            ...model,
            errors: result.errors.map((error) => ({
              text: error.text,
              href: `${model.base}/${stepFor(error.href.slice(1))}`,
            })),
          })
        }
        return reply.redirect(`/crimes/${result.value.crime.crimeId}/recorded`, 303)
      } catch (error) {
        if (error instanceof PossibleDuplicate) {
          const model = await checkModel(request.actor, request.params.draftId)
          return reply.status(409).render('crimes/views/record/check.njk', {
            ...model,
            errors: [
              {
                text: 'Check the possible duplicates, then confirm this is a different crime',
                href: '#acknowledgeDuplicates',
              },
            ],
            fieldErrors: {
              acknowledgeDuplicates: { text: 'Confirm this is a different crime, or do not record it' },
            },
          })
        }
        throw error
      }
    },
  )

  // The decision not to record a crime ------------------------------------------------------------------------------
  app.get(
    '/incidents/:incidentId/no-crime',
    { config: { permission: 'crimes.record' }, schema: { params: IncidentIdParams } },
    async (request, reply) => {
      const incident = await crimes.incidentForDecision(request.actor, request.params.incidentId)
      return reply.render('crimes/views/no-crime.njk', {
        incident,
        values: { expectedVersion: String(incident.version) },
        reasonItems: nonCrimeReasonItems(),
      })
    },
  )

  app.post(
    '/incidents/:incidentId/no-crime',
    { config: { permission: 'crimes.record' }, schema: { params: IncidentIdParams, body: PageForm } },
    async (request, reply) => {
      const form = request.body
      const informed = text(form, 'victimInformed')
      const result = await submitForm(() =>
        crimes.recordNonCrimeDecision(request.actor, request.params.incidentId, {
          expectedVersion: int(text(form, 'expectedVersion')),
          reason: text(form, 'reason') ?? '',
          rationale: text(form, 'rationale') ?? '',
          victimInformed: informed === 'yes' ? true : informed === 'no' ? false : undefined,
          victimNotInformedReason: text(form, 'victimNotInformedReason'),
        }),
      )
      if (!result.ok) {
        const incident = await crimes.incidentForDecision(request.actor, request.params.incidentId)
        return reply.status(400).render('crimes/views/no-crime.njk', {
          ...result,
          incident,
          values: form,
          reasonItems: nonCrimeReasonItems(text(form, 'reason')),
        })
      }
      return reply.flash('Decision recorded: no crime').redirect(`/incidents/${request.params.incidentId}`, 303)
    },
  )
}

/** One question page's answers as the service takes them. */
function stepValues(step: DraftStep, form: Form): DraftStepValues {
  switch (step) {
    case 'report':
      return {
        directReportChannel: text(form, 'directReportChannel') ?? '',
        reportedAt: instantInput(formInstant(form, 'reportedAt')),
        rapeReported: text(form, 'rapeReported') === 'yes',
      }
    case 'victim':
      return {
        victim:
          text(form, 'noVictim') === 'yes'
            ? null
            : {
                givenName: text(form, 'givenName') ?? '',
                familyName: text(form, 'familyName') ?? '',
                dateOfBirth: dateFromForm(form, 'dateOfBirth'),
              },
      }
    case 'offence':
      return {
        offenceCode: text(form, 'offenceCode') ?? '',
        otherOffenceCode: text(form, 'otherOffenceCode') || undefined,
        domesticAbuse: asList(form.flags).includes('domesticAbuse'),
        hateCrime: asList(form.flags).includes('hateCrime'),
        vulnerableVictim: asList(form.flags).includes('vulnerableVictim'),
        n100Reason: text(form, 'n100Reason'),
      }
    case 'when':
      return {
        offenceFrom: instantInput(formInstant(form, 'offenceFrom')),
        offenceTo: instantInput(formInstant(form, 'offenceTo')),
        summary: text(form, 'summary') ?? '',
      }
  }
}
