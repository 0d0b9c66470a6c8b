import type { FastifyReply } from 'fastify'
import type { Actor } from '../../platform/auth/actor.ts'
import { asList, submitForm, type FormErrors } from '../../platform/http/forms.ts'
import type { Router } from '../../platform/http/routes.ts'
import { formInstant, instantInput, nonCrimeReasonItems } from '../incidents/index.ts'
import { dateFromForm, int, text, type CrimesPagesOptions, type Form } from './crimes.forms.ts'
import { DraftParams, IncidentIdParams, PageForm } from './crimes.schemas.ts'
import type { DraftStep, DraftStepValues } from './crimes.drafts.ts'
import { checkPage, DRAFT_PAGES, draftView, stepFor, stepPage } from './crimes.record.views.ts'
import { PossibleDuplicate } from './crimes.service.ts'

/**
 * Recording a crime through GOV.UK question pages over a draft — from an incident (victim, offence, when and
 * where) or as a direct report (first how and when it was reported) — then check your answers and record; and
 * the decision not to record a crime from an incident.
 */
export function declareRecordPages(app: Router, options: CrimesPagesOptions): void {
  declareQuestionPages(app, options)
  declareCheckPage(app, options)
  declareNoCrimePages(app, options)
}

/** Starting a draft, and each question page: shown, then saved and on to the next unanswered one. */
function declareQuestionPages(app: Router, { crimes, drafts }: CrimesPagesOptions): void {
  async function renderStep(
    reply: FastifyReply,
    actor: Actor,
    draftId: string,
    step: DraftStep,
    form?: Form,
    errors?: FormErrors,
  ) {
    const model = draftView(draftId, await drafts.draft(actor, draftId))
    const codes = step === 'offence' ? (await crimes.offenceCodes(actor)).codes : []
    const page = stepPage(model, step, codes, form, errors)
    return errors ? reply.status(400).render(DRAFT_PAGES[step], page) : reply.render(DRAFT_PAGES[step], page)
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
      (request, reply) => renderStep(reply, request.actor, request.params.draftId, step),
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
          return renderStep(reply, request.actor, request.params.draftId, step, form, result)
        }
        const { steps, answers } = await drafts.draft(request.actor, request.params.draftId)
        const next = steps.find((candidate) => !answers.completed.includes(candidate)) ?? 'check'
        return reply.redirect(`/crimes/drafts/${request.params.draftId}/${next}`, 303)
      },
    )
  }
}

/** Check your answers, and recording the crime from them (possible duplicates must be acknowledged first). */
function declareCheckPage(app: Router, { crimes, drafts }: CrimesPagesOptions): void {
  async function checkModel(actor: Actor, draftId: string) {
    const model = draftView(draftId, await drafts.draft(actor, draftId))
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
    return checkPage(model, duplicates)
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
}

/** The decision not to record a crime from an incident. */
function declareNoCrimePages(app: Router, { crimes }: CrimesPagesOptions): void {
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
    case 'victim': {
      const callerIsVictim = text(form, 'callerIsVictim')
      return {
        callerIsVictim: callerIsVictim === 'yes' ? true : callerIsVictim === 'no' ? false : undefined,
        victim:
          text(form, 'noVictim') === 'yes'
            ? null
            : {
                givenName: text(form, 'givenName') ?? '',
                familyName: text(form, 'familyName') ?? '',
                dateOfBirth: dateFromForm(form, 'dateOfBirth'),
              },
      }
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
