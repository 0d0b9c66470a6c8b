import type { FastifyReply } from 'fastify'
import { Type } from 'typebox'
import type { Actor } from '../../platform/auth/actor.ts'
import { NotFound } from '../../platform/http/errors.ts'
import { asList, handleForm, type FormErrors } from '../../platform/http/forms.ts'
import { routes, type Router } from '../../platform/http/routes.ts'
import { formatDate, formatDateTime } from '../../platform/views/format.ts'
import { dateTimeItems, formInstant, instantInput } from '../incidents/index.ts'
import {
  AUTOMATIC_GROUNDS,
  CONTACT_METHODS,
  EVENT_KINDS,
  MANUAL_GROUNDS,
  TASK_KINDS,
  TASK_STATUSES,
  type AutomaticGround,
  type ManualGround,
} from './victims.rules.ts'
import { CareParams, CrimeParams } from './victims.schemas.ts'
import type { CareView, QueueView, VictimsService } from './victims.service.ts'

const PageForm = Type.Record(Type.String(), Type.Union([Type.String(), Type.Array(Type.String())]))
type Form = Record<string, string | string[]>
const ListQuery = Type.Object({
  view: Type.Optional(Type.String()),
  mine: Type.Optional(Type.String()),
})

const VIEWS: Record<QueueView, string> = { overdue: 'Overdue', today: 'Due today', open: 'All open tasks' }
const text = (form: Form, key: string) => (typeof form[key] === 'string' ? form[key].trim() : '')
const items = (labels: Record<string, string>, chosen: readonly string[]) =>
  Object.entries(labels).map(([value, label]) => ({ value, text: label, checked: chosen.includes(value) }))

/** The care page's view model: its summary, tasks, contact log and the contact form. */
function careModel(view: CareView, now: Date, form: Form | undefined, errors?: FormErrors) {
  const { care } = view
  const grounds = [
    ...care.automaticGrounds.map((g) => AUTOMATIC_GROUNDS[g as AutomaticGround] ?? g),
    ...care.manualGrounds.map(
      (g) => `${MANUAL_GROUNDS[g as ManualGround] ?? g} (set by hand: ${care.manualReason ?? ''})`,
    ),
  ]
  const open = view.tasks.filter((task) => task.status === 'open')
  const chosen = form ? asList(form.taskIds) : []
  return {
    care,
    crimeHref: care.crimeId ? `/crimes/${care.crimeId}` : `/incidents/${care.incidentId ?? ''}`,
    grounds,
    compliance: view.compliance,
    vps: care.vpsOfferedOn
      ? `Offered ${formatDate(care.vpsOfferedOn)} by ${care.vpsOfferedBy ?? ''}; ${care.vpsResponse ?? 'no answer yet'}${care.vpsLink ? ` (${care.vpsLink})` : ''}`
      : 'Not offered yet',
    plan: care.updateEveryDays
      ? `Every ${care.updateEveryDays} days by ${CONTACT_METHODS[care.preferredMethod!].toLowerCase()}, agreed ${formatDate(care.planAgreedOn)}`
      : 'No plan agreed yet',
    tasks: view.tasks.map((task) => ({
      ...task,
      what: TASK_KINDS[task.kind],
      due: formatDate(task.dueOn),
      statusText: TASK_STATUSES[task.status],
      closed: task.closedAt ? `${formatDateTime(task.closedAt)} by ${task.closedByName ?? ''}` : '',
    })),
    contacts: view.contacts.map((contact) => ({
      ...contact,
      when: formatDateTime(contact.contactedAt),
      how: contact.method ? CONTACT_METHODS[contact.method] : 'Recorded with the decision',
    })),
    events: view.events.map((event) => ({ ...event, what: EVENT_KINDS[event.kind], on: formatDate(event.occurredOn) })),
    taskItems: open.map((task) => ({
      value: task.taskId,
      text: `${TASK_KINDS[task.kind]} (due ${formatDate(task.dueOn)})`,
      checked: chosen.includes(task.taskId),
    })),
    methodItems: items(
      CONTACT_METHODS,
      form ? [text(form, 'method')] : care.preferredMethod ? [care.preferredMethod] : [],
    ),
    consentItems: items(
      { given: 'Yes, the victim agreed to be referred', declined: 'No, the victim declined' },
      form ? [text(form, 'referralConsent')] : [],
    ),
    contactedAtItems: dateTimeItems(
      'contactedAt',
      form ? { form } : { value: now },
      errors?.fieldErrors.contactedAt !== undefined,
    ),
    values: form ?? {},
    ...errors,
  }
}

/** The settings for the secondary forms: what each asks and how it is stored. */
const FORMS = {
  decision: 'Record an investigation decision',
  'enhanced-rights': 'Enhanced rights',
  vps: 'Victim Personal Statement',
  'contact-plan': 'Contact plan',
} as const
type FormKind = keyof typeof FORMS
const FormParams = Type.Object({ careId: Type.String({ format: 'uuid' }), form: Type.String() })

function formModel(kind: FormKind, view: CareView, form: Form, errors?: FormErrors) {
  const { care } = view
  const value = (key: string, fallback: string) => (key in form ? text(form, key) : fallback)
  return {
    kind,
    title: FORMS[kind],
    care,
    values: {
      kind: value('kind', ''),
      occurredOn: value('occurredOn', view.today),
      details: value('details', ''),
      reason: value('reason', care.manualReason ?? ''),
      offeredOn: value('offeredOn', care.vpsOfferedOn ?? view.today),
      offeredBy: value('offeredBy', care.vpsOfferedBy ?? ''),
      link: value('link', care.vpsLink ?? ''),
      updateEveryDays: value('updateEveryDays', care.updateEveryDays ? String(care.updateEveryDays) : ''),
    },
    kindItems: [
      { value: '', text: 'Choose what happened' },
      ...Object.entries(EVENT_KINDS).map(([v, t]) => ({ value: v, text: t, selected: value('kind', '') === v })),
    ],
    groundItems: items(MANUAL_GROUNDS, 'grounds' in form ? asList(form.grounds) : care.manualGrounds),
    responseItems: items(
      {
        accepted: 'Accepted: the victim will make (or made) a statement',
        declined: 'Declined',
        '': 'Not answered yet',
      },
      [value('response', care.vpsResponse ?? '')],
    ),
    methodItems: items(CONTACT_METHODS, [value('preferredMethod', care.preferredMethod ?? '')]),
    ...errors,
  }
}

async function submitKind(victims: VictimsService, actor: Actor, kind: FormKind, view: CareView, form: Form) {
  const { careId, version } = view.care
  switch (kind) {
    case 'decision':
      return victims.recordEvent(actor, careId, {
        kind: text(form, 'kind'),
        occurredOn: text(form, 'occurredOn'),
        details: text(form, 'details'),
      })
    case 'enhanced-rights':
      return victims.setManualGrounds(actor, careId, {
        grounds: asList(form.grounds),
        reason: text(form, 'reason'),
        expectedVersion: version,
      })
    case 'vps':
      return victims.recordVps(actor, careId, {
        offeredOn: text(form, 'offeredOn'),
        offeredBy: text(form, 'offeredBy'),
        response: text(form, 'response'),
        link: text(form, 'link'),
        expectedVersion: version,
      })
    case 'contact-plan': {
      const every = text(form, 'updateEveryDays')
      return victims.setContactPlan(actor, careId, {
        updateEveryDays: /^\d{1,3}$/.test(every) ? Number(every) : undefined,
        preferredMethod: text(form, 'preferredMethod'),
        expectedVersion: version,
      })
    }
  }
}

function isFormKind(value: string): value is FormKind {
  return Object.hasOwn(FORMS, value)
}

async function renderCare(
  victims: VictimsService,
  reply: FastifyReply,
  actor: Actor,
  careId: string,
  form?: Form,
  errors?: FormErrors,
) {
  const view = await victims.view(actor, careId)
  return reply.status(errors ? 400 : 200).render('victims/views/care.njk', careModel(view, victims.now(), form, errors))
}

/**
 * Victim care for victim-care officers and investigators: the task list (overdue, due today, all open; mine or
 * everyone's, with counts by officer and unit), each victim's care page with its contact form, and the forms
 * for decisions, enhanced rights, the VPS and the contact plan. Mounted at /victim-care.
 */
export function victimsPages(victims: VictimsService) {
  return routes((app) => {
    listRoutes(app, victims)
    contactRoutes(app, victims)
    careFormRoutes(app, victims)
  })
}

function listRoutes(app: Router, victims: VictimsService) {
  app.get(
    '/',
    { config: { permission: 'victims.view' }, schema: { querystring: ListQuery } },
    async (request, reply) => {
      const view: QueueView =
        request.query.view === 'today' || request.query.view === 'open' ? request.query.view : 'overdue'
      const mine = request.query.mine === 'yes'
      const [queue, counts] = await Promise.all([
        victims.queue(request.actor, { view, officerUserId: mine ? request.actor.id : undefined }),
        victims.counts(request.actor),
      ])
      return reply.render('victims/views/list.njk', {
        view,
        mine,
        viewLabel: VIEWS[view],
        tabs: Object.entries(VIEWS).map(([key, label]) => ({
          key,
          label,
          current: key === view,
          href: `/victim-care?view=${key}${mine ? '&mine=yes' : ''}`,
        })),
        counts,
        tasks: queue.tasks.map((task) => ({ ...task, what: TASK_KINDS[task.kind], due: formatDate(task.dueOn) })),
      })
    },
  )

  app.get(
    '/crimes/:crimeId',
    { config: { permission: 'victims.view' }, schema: { params: CrimeParams } },
    async (request, reply) => {
      const careId = await victims.careIdForCrime(request.actor, request.params.crimeId)
      if (!careId) {
        return reply.status(404).render('victims/views/none.njk', { crimeId: request.params.crimeId })
      }
      return reply.redirect(`/victim-care/${careId}`, 303)
    },
  )

  app.get('/:careId', { config: { permission: 'victims.view' }, schema: { params: CareParams } }, (request, reply) =>
    renderCare(victims, reply, request.actor, request.params.careId),
  )
}

function contactRoutes(app: Router, victims: VictimsService) {
  app.post(
    '/:careId/contacts',
    { config: { permission: 'victims.manage' }, schema: { params: CareParams, body: PageForm } },
    async (request, reply) => {
      const form = request.body
      const { careId } = request.params
      return handleForm(reply, {
        submit: () =>
          victims.recordContact(request.actor, careId, {
            contactedAt: instantInput(formInstant(form, 'contactedAt')),
            method: text(form, 'method'),
            otherMethodReason: text(form, 'otherMethodReason'),
            summary: text(form, 'summary'),
            taskIds: asList(form.taskIds),
            referralConsent: text(form, 'referralConsent'),
          }),
        invalid: async (errors) => ({
          template: 'victims/views/care.njk',
          model: careModel(await victims.view(request.actor, careId), victims.now(), form, errors),
        }),
        dateFields: ['contactedAt'],
        done: ({ closed }) => ({
          flash: `Contact recorded${closed.length ? `: ${closed.length} task${closed.length === 1 ? '' : 's'} closed` : ''}`,
          redirect: `/victim-care/${careId}`,
        }),
      })
    },
  )

  app.post(
    '/:careId/take-on',
    { config: { permission: 'victims.manage' }, schema: { params: CareParams, body: PageForm } },
    async (request, reply) => {
      const { careId } = request.params
      const view = await victims.view(request.actor, careId)
      await victims.assign(request.actor, careId, {
        officerUserId: request.actor.id,
        unitId: view.care.unitId,
        expectedVersion: Number(text(request.body, 'version')) || 0,
      })
      return reply.flash('You now look after this victim').redirect(`/victim-care/${careId}`, 303)
    },
  )
}

function careFormRoutes(app: Router, victims: VictimsService) {
  app.get(
    '/:careId/:form',
    { config: { permission: 'victims.manage' }, schema: { params: FormParams } },
    async (request, reply) => {
      const { careId, form } = request.params
      if (!isFormKind(form)) {
        throw new NotFound()
      }
      return reply.render('victims/views/form.njk', formModel(form, await victims.view(request.actor, careId), {}))
    },
  )

  app.post(
    '/:careId/:form',
    { config: { permission: 'victims.manage' }, schema: { params: FormParams, body: PageForm } },
    async (request, reply) => {
      const { careId, form: kind } = request.params
      if (!isFormKind(kind)) {
        throw new NotFound()
      }
      const view = await victims.view(request.actor, careId)
      return handleForm(reply, {
        submit: () => submitKind(victims, request.actor, kind, view, request.body),
        invalid: (errors) => ({
          template: 'victims/views/form.njk',
          model: formModel(kind, view, request.body, errors),
        }),
        done: () => ({ flash: `${FORMS[kind]} saved`, redirect: `/victim-care/${careId}` }),
      })
    },
  )
}
