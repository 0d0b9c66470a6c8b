import { NotFound } from '../../platform/http/errors.ts'
import { routes, type Router } from '../../platform/http/routes.ts'
import type { TaskRow } from './victims.repository.ts'
import { TASK_KINDS } from './victims.rules.ts'
import {
  AssignmentBody,
  CareParams,
  CareResponse,
  ContactBody,
  ContactCreated,
  ContactPlanBody,
  CountsResponse,
  CrimeParams,
  EnhancedRightsBody,
  EventBody,
  EventCreated,
  QueueQuery,
  QueueResponse,
  SettingsBody,
  SettingsResponse,
  VpsBody,
} from './victims.schemas.ts'
import type { CareView, VictimsService } from './victims.service.ts'
import type { VictimCareSettings } from './victims.tasks.ts'

function toTask(task: TaskRow & { overdue: boolean }) {
  return {
    taskId: task.taskId,
    careId: task.careId,
    kind: task.kind,
    what: TASK_KINDS[task.kind],
    dueOn: task.dueOn,
    status: task.status,
    overdue: task.overdue,
    closedAt: task.closedAt?.toISOString() ?? null,
    closedByName: task.closedByName,
    closingNote: task.closingNote,
    contactId: task.contactId,
  }
}

function toCare(view: CareView) {
  const { care } = view
  return {
    careId: care.careId,
    reference: care.reference,
    crimeId: care.crimeId,
    incidentId: care.incidentId,
    enhanced: care.enhanced,
    automaticGrounds: care.automaticGrounds,
    manualGrounds: care.manualGrounds,
    officerUserId: care.officerUserId,
    unitId: care.unitId,
    referralConsent: care.referralConsent,
    vps: { offeredOn: care.vpsOfferedOn, offeredBy: care.vpsOfferedBy, response: care.vpsResponse, link: care.vpsLink },
    contactPlan: {
      updateEveryDays: care.updateEveryDays,
      preferredMethod: care.preferredMethod,
      agreedOn: care.planAgreedOn,
    },
    handedOverTo: care.handedOverTo,
    version: care.version,
    tasks: view.tasks.map(toTask),
    contacts: view.contacts.map((contact) => ({
      contactId: contact.contactId,
      contactedAt: contact.contactedAt.toISOString(),
      contactedByName: contact.contactedByName,
      method: contact.method,
      otherMethodReason: contact.otherMethodReason,
      summary: contact.summary,
      recordedWith: contact.recordedWith,
    })),
    events: view.events.map((event) => ({
      eventId: event.eventId,
      kind: event.kind,
      occurredOn: event.occurredOn,
      details: event.details,
      recordedByName: event.recordedByName,
    })),
    compliance: view.compliance,
  }
}

function toSettings(settings: VictimCareSettings) {
  return {
    needsAssessmentDays: settings.needsAssessmentDays,
    vpsRequiredForCharge: settings.vpsRequiredForCharge,
    region: settings.calendar.region,
    extraDaysOff: [...settings.calendar.extraDaysOff],
  }
}

/**
 * Victims' Code care as JSON (rules 5, 7, 15–19): the queues and their counts, a victim's care, and contacts,
 * decisions, enhanced rights, VPS offers, contact plans and assignment. Mounted at /api/v1/victim-care.
 */
const tags = ['victim care']

export function victimsApi(victims: VictimsService) {
  return routes((app) => {
    listAndSettingsRoutes(app, victims)
    careRoutes(app, victims)
    careChangeRoutes(app, victims)
  })
}

function listAndSettingsRoutes(app: Router, victims: VictimsService) {
  app.get(
    '/tasks',
    {
      config: { permission: 'victims.view' },
      schema: {
        tags,
        summary: 'Open victim-care tasks: overdue, due today or all',
        querystring: QueueQuery,
        response: { 200: QueueResponse },
      },
    },
    async (request) => {
      const { tasks } = await victims.queue(request.actor, { view: request.query.view ?? 'open', ...request.query })
      return {
        tasks: tasks.map((task) => ({
          ...toTask(task),
          reference: task.reference,
          crimeId: task.crimeId,
          incidentId: task.incidentId,
          enhanced: task.enhanced,
          officerName: task.officerName,
          unitName: task.unitName,
        })),
      }
    },
  )

  app.get(
    '/counts',
    {
      config: { permission: 'victims.view' },
      schema: {
        tags,
        summary: 'Open, overdue and due-today tasks by officer and unit',
        response: { 200: CountsResponse },
      },
    },
    async (request) => victims.counts(request.actor),
  )

  app.get(
    '/settings',
    {
      config: { permission: 'victims.view' },
      schema: {
        tags,
        summary: 'The force’s Victims’ Code settings and working calendar',
        response: { 200: SettingsResponse },
      },
    },
    async (request) => toSettings(await victims.settings(request.actor)),
  )

  app.put(
    '/settings',
    {
      config: { permission: 'victims.settings' },
      schema: {
        tags,
        summary: 'Change the force’s Victims’ Code settings',
        body: SettingsBody,
        response: { 200: SettingsResponse },
      },
    },
    async (request) => toSettings(await victims.updateSettings(request.actor, request.body)),
  )
}

function careRoutes(app: Router, victims: VictimsService) {
  app.get(
    '/crimes/:crimeId',
    {
      config: { permission: 'victims.view' },
      schema: { tags, summary: 'The victim care of one crime', params: CrimeParams, response: { 200: CareResponse } },
    },
    async (request) => {
      const careId = await victims.careIdForCrime(request.actor, request.params.crimeId)
      if (!careId) {
        throw new NotFound('This crime has no victim-care record in this force')
      }
      return toCare(await victims.view(request.actor, careId))
    },
  )

  app.get(
    '/:careId',
    {
      config: { permission: 'victims.view' },
      schema: {
        tags,
        summary: 'One victim’s care: tasks, contacts, decisions, compliance',
        params: CareParams,
        response: { 200: CareResponse },
      },
    },
    async (request) => toCare(await victims.view(request.actor, request.params.careId)),
  )

  app.post(
    '/:careId/contacts',
    {
      config: { permission: 'victims.manage' },
      schema: {
        tags,
        summary: 'Log a contact with the victim, closing the tasks it completes',
        params: CareParams,
        body: ContactBody,
        response: { 201: ContactCreated },
      },
    },
    async (request, reply) => {
      const created = await victims.recordContact(request.actor, request.params.careId, {
        ...request.body,
        contactedAt: new Date(request.body.contactedAt),
      })
      return reply.status(201).send(created)
    },
  )

  app.post(
    '/:careId/events',
    {
      config: { permission: 'victims.manage' },
      schema: {
        tags,
        summary: 'Record an investigation decision the victim must be told of (starts a task)',
        params: CareParams,
        body: EventBody,
        response: { 201: EventCreated },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await victims.recordEvent(request.actor, request.params.careId, request.body)),
  )
}

function careChangeRoutes(app: Router, victims: VictimsService) {
  app.put(
    '/:careId/enhanced-rights',
    {
      config: { permission: 'victims.manage' },
      schema: {
        tags,
        summary: 'Set enhanced-rights grounds by hand, with a reason (re-times open tasks)',
        params: CareParams,
        body: EnhancedRightsBody,
      },
    },
    async (request) => victims.setManualGrounds(request.actor, request.params.careId, request.body),
  )

  app.put(
    '/:careId/vps',
    {
      config: { permission: 'victims.manage' },
      schema: {
        tags,
        summary: 'Record the Victim Personal Statement offer and answer',
        params: CareParams,
        body: VpsBody,
      },
    },
    async (request) => {
      const care = await victims.recordVps(request.actor, request.params.careId, request.body)
      return { version: care.version }
    },
  )

  app.put(
    '/:careId/contact-plan',
    {
      config: { permission: 'victims.manage' },
      schema: {
        tags,
        summary: 'Agree how often and how to update the victim',
        params: CareParams,
        body: ContactPlanBody,
      },
    },
    async (request) => {
      const care = await victims.setContactPlan(request.actor, request.params.careId, request.body)
      return { version: care.version }
    },
  )

  app.put(
    '/:careId/assignment',
    {
      config: { permission: 'victims.manage' },
      schema: {
        tags,
        summary: 'Who looks after the victim: officer and unit',
        params: CareParams,
        body: AssignmentBody,
      },
    },
    async (request) => {
      const care = await victims.assign(request.actor, request.params.careId, request.body)
      return { version: care.version }
    },
  )
}
