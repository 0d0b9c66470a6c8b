import { asList, linkDateInputs, submitForm, type FormErrors } from '../../platform/http/forms.ts'
import { routes, type Router } from '../../platform/http/routes.ts'
import { dateTimeItems, formInstant, instantInput } from '../incidents/index.ts'
import { actionPath } from './crimes.api.ts'
import { declareAdminPages } from './crimes.admin.pages.ts'
import { dateFromForm, dateItems, FLAGS, int, text, type CrimesPagesOptions, type Form } from './crimes.forms.ts'
import { declareRecordPages } from './crimes.record.pages.ts'
import { findPoliceForce, POLICE_FORCES } from './crimes.forces.ts'
import { OTHER_JUSTIFICATION } from './crimes.rules.ts'
import { CrimeListPageQuery, CrimeParams, InvolvementQuery, PageForm, ViewAccessQuery } from './crimes.schemas.ts'
import { JustificationNeeded, type ActionPage, type CrimeActionInput } from './crimes.service.ts'
import {
  cancellationCodeItems,
  changeRoleItems,
  checklistItems,
  crimeListRows,
  crimeShowModel,
  involvementItems,
  offenceItems,
  outcomeItems,
  outcomeLabel,
  personRoleItems,
  suspectStatusItems,
} from './crimes.views.ts'
import {
  CRIME_ACTIONS,
  CRIME_WORKFLOW,
  LIVE_STATUS_QUEUE_LABELS,
  LIVE_STATUSES,
  type CrimeAction,
  type CrimeField,
} from './crimes.workflow.ts'
import { declareN100Pages } from './n100.pages.ts'

export type { CrimesPagesOptions } from './crimes.forms.ts'

const LIST_VIEWS = {
  live: { text: 'Live', statuses: LIVE_STATUSES },
  recorded: { text: LIVE_STATUS_QUEUE_LABELS.recorded, statuses: ['recorded'] },
  'awaiting-allocation': { text: LIVE_STATUS_QUEUE_LABELS.awaiting_allocation, statuses: ['awaiting_allocation'] },
  'under-investigation': { text: 'Under investigation', statuses: ['under_investigation', 'returned_to_officer'] },
  'awaiting-filing': { text: 'Awaiting filing', statuses: ['awaiting_filing', 'imu_quality_check'] },
  filed: { text: 'Filed', statuses: ['filed'] },
  removed: {
    text: 'Cancelled or transferred',
    statuses: ['cancellation_requested', 'cancelled', 'transfer_requested', 'transferred'],
  },
} as const
type ListView = keyof typeof LIST_VIEWS
const PAGE_SIZE = 50

/** The date fields of the action forms, whose errors link to their first box. */
const DATE_FIELDS = ['offenceFrom', 'offenceTo', 'acceptedOn']

/**
 * Crime pages, mounted at the root: the list, the crime page (summary, classification history, allowed actions,
 * people, timeline) and one form per lifecycle action (each route carries its action's permission); the
 * record-a-crime question pages and the no-crime decision (crimes.record.pages.ts); N100s (n100.pages.ts); and
 * the crime-recording settings (crimes.admin.pages.ts).
 */
export function crimesPages(options: CrimesPagesOptions) {
  return routes((app) => {
    declareCrimePages(app, options)
    declareRecordPages(app, options)
    declareN100Pages(app, options.crimes)
    declareAdminPages(app, options)
  })
}

function declareCrimePages(app: Router, options: CrimesPagesOptions): void {
  declareCrimeListPage(app, options)
  declareCrimeViewPages(app, options)
  declareActionPages(app, options)
}

/** The crime list, by stage, 50 at a time; a reference typed in goes straight to its crime. */
function declareCrimeListPage(app: Router, { crimes }: CrimesPagesOptions): void {
  app.get(
    '/crimes',
    { config: { permission: 'crimes.view' }, schema: { querystring: CrimeListPageQuery } },
    async (request, reply) => {
      const reference = request.query.reference?.trim()
      if (reference) {
        const found = await crimes.findByReference(request.actor, reference)
        if (found) {
          return reply.redirect(`/crimes/${found.crimeId}`, 303)
        }
      }
      const view: ListView = (
        Object.hasOwn(LIST_VIEWS, request.query.view ?? '') ? request.query.view : 'live'
      ) as ListView
      // The schema holds the cursor to "<milliseconds>_<crime id>", so neither half reaches SQL malformed.
      const [beforeTime, beforeId] = (request.query.before ?? '').split('_')
      const before =
        beforeTime && beforeId ? { recordedAt: new Date(Number(beforeTime)), crimeId: beforeId } : undefined
      const rows = await crimes.list(request.actor, { status: LIST_VIEWS[view].statuses, before, limit: PAGE_SIZE })
      const last = rows.at(-1)
      return reply.render('crimes/views/list.njk', {
        view,
        reference,
        notFound: reference ? `No crime has the reference ${reference}` : undefined,
        subNavigation: Object.entries(LIST_VIEWS).map(([key, value]) => ({
          text: value.text,
          href: `/crimes?view=${key}`,
          active: key === view,
        })),
        rows: crimeListRows(rows),
        nextHref:
          rows.length === PAGE_SIZE && last
            ? `/crimes?view=${view}&before=${last.recordedAt.getTime()}_${last.crimeId}`
            : undefined,
      })
    },
  )
}

/** The crime page (asking first why a restricted one is wanted) and the page shown once a crime is recorded. */
function declareCrimeViewPages(app: Router, options: CrimesPagesOptions): void {
  const { crimes } = options
  app.get(
    '/crimes/:crimeId',
    { config: { permission: 'crimes.view' }, schema: { params: CrimeParams, querystring: ViewAccessQuery } },
    async (request, reply) => {
      let view: Awaited<ReturnType<typeof crimes.view>>
      try {
        view = await crimes.view(request.actor, request.params.crimeId, request.query)
      } catch (error) {
        if (!(error instanceof JustificationNeeded)) {
          throw error
        }
        return reply.render('crimes/views/justify.njk', justifyPage(request.params.crimeId, request.query, error))
      }
      const routing = await options.routing(request.actor)
      return reply.render('crimes/views/show.njk', {
        ...crimeShowModel(view),
        actions: view.actions.map((rule) => ({
          text: rule.label,
          href: `/crimes/${view.crime.crimeId}/${actionPath(rule.action)}`,
          override: rule.fcrOverride === true,
        })),
        routing,
        routingHeading: 'Where to send crime work',
      })
    },
  )

  app.get(
    '/crimes/:crimeId/recorded',
    { config: { permission: 'crimes.view' }, schema: { params: CrimeParams } },
    async (request, reply) => {
      const { crime } = await crimes.allowedActions(request.actor, request.params.crimeId)
      return reply.render('crimes/views/record/done.njk', { crime })
    },
  )
}

/** One form per lifecycle action. */
function declareActionPages(app: Router, { crimes }: CrimesPagesOptions): void {
  // One form per action; each route needs its action's permission. Showing the form is one view of the crime;
  // re-showing it with the problems is not another.
  for (const action of CRIME_ACTIONS) {
    const rule = CRIME_WORKFLOW.find((candidate) => candidate.action === action)!
    const path = `/crimes/:crimeId/${actionPath(action)}`
    app.get(
      path,
      { config: { permission: rule.permission }, schema: { params: CrimeParams, querystring: InvolvementQuery } },
      async (request, reply) => {
        const page = await crimes.actionPage(request.actor, request.params.crimeId, action, { recordView: true })
        const chosen = request.query.involvementId
        return reply.render('crimes/views/action.njk', actionModel(page, chosen ? { involvementId: chosen } : {}))
      },
    )
    app.post(
      path,
      { config: { permission: rule.permission }, schema: { params: CrimeParams, body: PageForm } },
      async (request, reply) => {
        const result = await submitForm(() =>
          crimes.perform(request.actor, request.params.crimeId, actionInput(request.body, action)),
        )
        if (!result.ok) {
          const page = await crimes.actionPage(request.actor, request.params.crimeId, action, { recordView: false })
          return reply
            .status(400)
            .render('crimes/views/action.njk', actionModel(page, request.body, linkDateInputs(result, DATE_FIELDS)))
        }
        return reply.flash(result.value.rule.successBanner).redirect(`/crimes/${request.params.crimeId}`, 303)
      },
    )
  }
}

/** The fields an action's form posts (the same for every workflow row of the action). */
function fieldsOf(action: CrimeAction): Set<CrimeField> {
  return new Set(CRIME_WORKFLOW.filter((rule) => rule.action === action).flatMap((rule) => rule.requires))
}

function actionInput(form: Form, action: CrimeAction): CrimeActionInput {
  const input: CrimeActionInput = { action, expectedVersion: int(text(form, 'expectedVersion')) }
  for (const field of fieldsOf(action)) {
    switch (field) {
      case 'offenceCode':
        input.offenceCode = text(form, 'offenceCode') ?? ''
        break
      case 'reason':
        input.reason = text(form, 'reason') ?? ''
        break
      case 'assignment':
        input.assignedUserId = text(form, 'assignedUserId') || null
        input.assignedUnitId = text(form, 'assignedUnitId') || null
        break
      case 'details': {
        const flags = asList(form.flags)
        input.summary = text(form, 'summary') ?? ''
        input.domesticAbuse = flags.includes('domesticAbuse')
        input.hateCrime = flags.includes('hateCrime')
        input.vulnerableVictim = flags.includes('vulnerableVictim')
        // A blank "when it happened" is still given (and refused); a blank end clears it.
        input.offenceFrom = instantInput(formInstant(form, 'offenceFrom')) ?? ''
        input.offenceTo = instantInput(formInstant(form, 'offenceTo')) ?? null
        break
      }
      case 'person':
        input.person = { givenName: text(form, 'givenName') ?? '', familyName: text(form, 'familyName') ?? '' }
        input.personRole = text(form, 'personRole') ?? ''
        input.suspectStatus = text(form, 'suspectStatus') || undefined
        break
      case 'involvement':
        input.involvementId = text(form, 'involvementId') ?? ''
        input.personRole = text(form, 'personRole') ?? ''
        input.suspectStatus = text(form, 'suspectStatus') || undefined
        break
      case 'outcome': {
        const evidence = asList(form.evidence)
        input.outcomeType = text(form, 'outcomeType') ? Number(text(form, 'outcomeType')) : undefined
        input.victimNonSupportStatement = text(form, 'victimNonSupportStatement')
        input.publicInterestRationale = text(form, 'publicInterestRationale')
        input.victimConsulted = evidence.includes('victimConsulted')
        input.offenderAccepted = evidence.includes('offenderAccepted')
        input.victimNotified = evidence.includes('victimNotified')
        break
      }
      case 'closingSummary':
        input.closingSummary = text(form, 'closingSummary') ?? ''
        break
      case 'filingChecklist':
        input.checklist = asList(form.checklist)
        break
      case 'cancellation':
        input.cancellationCode = text(form, 'cancellationCode') ?? ''
        input.rationale = text(form, 'rationale') ?? ''
        input.aviDescription = text(form, 'aviDescription')
        Object.assign(input, victimTold(form))
        break
      case 'transfer':
        input.receivingForce = text(form, 'receivingForce') ?? ''
        input.reason = text(form, 'reason') ?? ''
        break
      case 'transferAcceptance':
        input.receivingReference = text(form, 'receivingReference') ?? ''
        input.acceptedOn = dateFromForm(form, 'acceptedOn')
        Object.assign(input, victimTold(form))
        break
    }
  }
  return input
}

function victimTold(form: Form) {
  const informed = text(form, 'victimInformed')
  return {
    victimInformed: informed === 'yes' ? true : informed === 'no' ? false : undefined,
    victimNotInformedReason: text(form, 'victimNotInformedReason'),
  }
}

/** The action form's view model: the page read in one transaction, and what was posted (if anything). */
function actionModel(page: ActionPage, values: Form, errors?: FormErrors) {
  const { crime } = page
  const submitted = 'expectedVersion' in values
  const chosen = (key: string, fallback: string | null) => (submitted ? text(values, key) : (fallback ?? undefined))
  return {
    ...errors,
    rule: page.rule,
    crime,
    offence: page.offence,
    values: submitted
      ? values
      : {
          ...values,
          expectedVersion: String(crime.version),
          summary: crime.summary,
          closingSummary: crime.closingSummary ?? '',
        },
    offenceItems: offenceItems(page.offenceCodes, text(values, 'offenceCode')),
    userItems: [
      { value: '', text: 'No officer in the case' },
      ...page.users.map((user) => ({
        value: user.userId,
        text: user.displayName,
        selected: user.userId === chosen('assignedUserId', crime.assignedUserId),
      })),
    ],
    unitItems: [
      { value: '', text: 'No unit' },
      ...page.units.map((unit) => ({
        value: unit.unitId,
        text: unit.name,
        selected: unit.unitId === chosen('assignedUnitId', crime.assignedUnitId),
      })),
    ],
    flagItems: FLAGS.map(([value, label]) => ({
      value,
      text: label,
      id: value,
      checked: submitted ? asList(values.flags).includes(value) : crime[value],
    })),
    offenceFromItems: dateTimeItems(
      'offenceFrom',
      submitted ? { form: values } : { value: crime.offenceFrom },
      !!errors?.fieldErrors.offenceFrom,
    ),
    offenceToItems: dateTimeItems(
      'offenceTo',
      submitted ? { form: values } : { value: crime.offenceTo },
      !!errors?.fieldErrors.offenceTo,
    ),
    outcomeItems: outcomeItems(text(values, 'outcomeType') ? Number(text(values, 'outcomeType')) : undefined),
    evidenceItems: [
      ['victimConsulted', 'The victim was consulted (community resolution)'],
      ['offenderAccepted', 'The offender accepted the community resolution'],
      ['victimNotified', 'The victim has been told of the decision'],
    ].map(([value, label]) => ({ value, text: label, id: value, checked: asList(values.evidence).includes(value!) })),
    checklistItems: checklistItems(asList(values.checklist)),
    currentOutcome: outcomeLabel(crime.outcomeType),
    cancellationCodeItems: cancellationCodeItems(page.cancellationCodes, text(values, 'cancellationCode')),
    victimInformedItems: [
      { value: 'yes', text: 'Yes', checked: text(values, 'victimInformed') === 'yes', id: 'victimInformed' },
      { value: 'no', text: 'No', checked: text(values, 'victimInformed') === 'no' },
    ],
    personRoleItems: personRoleItems(text(values, 'personRole')),
    changeRoleItems: changeRoleItems(text(values, 'personRole')),
    suspectStatusItems: suspectStatusItems(text(values, 'suspectStatus')),
    involvementItems: involvementItems(page.people, text(values, 'involvementId')),
    acceptedOnItems: dateItems('acceptedOn', values, !!errors?.fieldErrors.acceptedOn),
    restricted: page.restricted,
    receivingForceItems: [
      { value: '', text: 'Choose a force' },
      ...POLICE_FORCES.map((force) => ({
        value: force.code,
        text: force.name,
        selected: findPoliceForce(text(values, 'receivingForce') ?? '')?.code === force.code,
      })),
    ],
  }
}

/**
 * Rule 20: the question asked before a restricted crime is shown. It is a GET form back to the crime's own
 * address, so it works without JavaScript and the reason travels with the request that shows the record.
 */
function justifyPage(
  crimeId: string,
  query: { justification?: string | undefined; justificationText?: string | undefined },
  error: JustificationNeeded,
) {
  const asked = query.justification !== undefined || query.justificationText !== undefined
  const message = error.fieldErrors[0]!.message
  return {
    crimeId,
    errors: asked ? [{ text: message, href: '#justification' }] : undefined,
    fieldErrors: asked ? { justification: { text: message } } : {},
    items: [
      ...error.reasons.map((reason, index) => ({
        value: reason,
        text: reason,
        checked: query.justification === reason,
        ...(index === 0 ? { id: 'justification' } : {}),
      })),
      { divider: 'or' },
      {
        value: OTHER_JUSTIFICATION,
        text: 'Another reason (type it below)',
        checked: query.justification === OTHER_JUSTIFICATION,
      },
    ],
    justificationText: query.justificationText ?? '',
  }
}
