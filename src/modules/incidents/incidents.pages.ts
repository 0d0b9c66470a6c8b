import type { Actor } from '../../platform/auth/actor.ts'
import type { Clock } from '../../platform/clock.ts'
import { asList, handleForm } from '../../platform/http/forms.ts'
import { routes, type Router } from '../../platform/http/routes.ts'
import { formatDateTime } from '../../platform/views/format.ts'
import { escapeHtml } from '../../platform/views/html.ts'
import { INVOLVEMENT_ROLE_LABELS } from '../people/index.ts'
import { NON_CRIME_REASONS, type NonCrimeReason } from './incidents.rules.ts'
import { IncidentCloseForm, IncidentForm, IncidentListPageQuery, IncidentParams } from './incidents.schemas.ts'
import type { IncidentInput, IncidentSummary, IncidentsService } from './incidents.service.ts'
import {
  categoryItems,
  categoryLabel,
  channelItems,
  channelLabel,
  dateTimeItems,
  decisionClock,
  decisionText,
  formInstant,
  incidentStatusTag,
  instantInput,
  paragraphs,
  qualifierItems,
  qualifierLabels,
} from './incidents.views.ts'

/** What the incident page shows of other modules' records, passed in by app.ts (modules do not import upwards). */
export interface IncidentsPagesOptions {
  incidents: IncidentsService
  clock: Clock
  /** Crimes and N100s recorded from an incident (the crimes module). */
  linkedRecords?: (
    actor: Actor,
    incidentId: string,
  ) => Promise<{
    crimes: Array<{
      crimeId: string
      crimeReference: string
      offenceCode: string
      offenceLabel: string
      status: string
    }>
    n100s: Array<{ n100Id: string; status: string }>
  }>
  /** Units that take incident work (the directory module's routing panel). */
  routing?: (actor: Actor) => Promise<unknown[]>
  /** Labels for crime statuses (the crimes module). */
  crimeStatusLabel?: (status: string) => string
}

const PAGE_SIZE = 50
const VIEWS = {
  'decision-due': { text: 'Recording decision due', filter: { decisionDue: true } },
  open: { text: 'Open', filter: { status: 'open' as const } },
  closed: { text: 'Closed', filter: { status: 'closed' as const } },
  all: { text: 'All', filter: {} },
} as const
type ListView = keyof typeof VIEWS

const int = (value: string | undefined) => (value && /^\d+$/.test(value) ? Number(value) : 0)

/**
 * Incident pages for the control room and the IMU: the list (with the recording-decision-due view), logging,
 * viewing, updating, closing and reopening. incidents.view / create / update / close. Mounted at /incidents.
 */
export function incidentsPages(options: IncidentsPagesOptions) {
  return routes((app) => {
    listRoutes(app, options)
    newIncidentRoutes(app, options)
    incidentRoutes(app, options)
    editRoutes(app, options)
    closeAndReopenRoutes(app, options)
  })
}

function formToInput(body: IncidentForm): IncidentInput {
  const address = (body.address ?? '').trim()
  const family = (body.reportingFamilyName ?? '').trim()
  const given = (body.reportingGivenName ?? '').trim()
  return {
    channel: body.channel ?? '',
    receivedAt: instantInput(formInstant(body, 'receivedAt')),
    location: address || body.postcode?.trim() ? { address, postcode: body.postcode?.trim() || undefined } : undefined,
    reportingPerson: family || given ? { givenName: given, familyName: family } : undefined,
    openingCategory: body.openingCategory ?? '',
    qualifiers: asList(body.qualifiers),
    narrative: body.narrative ?? '',
  }
}

function formModel(
  body: IncidentForm | undefined,
  errors?: { fieldErrors: Record<string, { text: string }> },
  now?: Date,
) {
  return {
    values: body ?? {},
    channelItems: channelItems(body?.channel),
    categoryItems: categoryItems(body?.openingCategory),
    qualifierItems: qualifierItems(asList(body?.qualifiers)),
    receivedAtItems: dateTimeItems(
      'receivedAt',
      body ? { form: body } : { value: now },
      errors?.fieldErrors.receivedAt !== undefined,
    ),
  }
}

/** "<milliseconds>_<incident id>" (the schema holds its shape, so neither half reaches SQL malformed). */
function cursorOf(value: string | undefined) {
  const [time, incidentId] = (value ?? '').split('_')
  return time && incidentId ? { receivedAt: new Date(Number(time)), incidentId } : undefined
}

/**
 * The incident lists. The recording-decision-due view is worked in deadline order, the latest first, each row
 * with its 24-hour clock; the others read newest first.
 */
function listRoutes(app: Router, { incidents, clock }: IncidentsPagesOptions) {
  app.get(
    '/',
    { config: { permission: 'incidents.view' }, schema: { querystring: IncidentListPageQuery } },
    async (request, reply) => {
      const view: ListView = (
        Object.hasOwn(VIEWS, request.query.view ?? '') ? request.query.view : 'decision-due'
      ) as ListView
      const byDeadline = view === 'decision-due'
      const rows = await incidents.list(request.actor, {
        ...VIEWS[view].filter,
        ...(byDeadline
          ? { oldestFirst: true, after: cursorOf(request.query.after) }
          : { before: cursorOf(request.query.before) }),
        limit: PAGE_SIZE,
      })
      const last = rows.at(-1)
      const now = clock.now()
      return reply.render('incidents/views/list.njk', {
        view,
        subNavigation: Object.entries(VIEWS).map(([key, value]) => ({
          text: value.text,
          href: `/incidents?view=${key}`,
          active: key === view,
        })),
        head: [
          { text: 'Incident' },
          { text: 'Received' },
          { text: 'How' },
          { text: 'Category' },
          { text: byDeadline ? 'Decision due' : 'Status' },
        ],
        rows: rows.map((row) => {
          const clockNow = decisionClock(row.receivedAt, now)
          return [
            { html: `<a class="govuk-link" href="/incidents/${row.incidentId}">${escapeHtml(row.incidentNumber)}</a>` },
            { text: formatDateTime(row.receivedAt) },
            { text: channelLabel(row.channel) },
            { text: categoryLabel(row.openingCategory) },
            byDeadline
              ? {
                  html: `${tagHtml(clockNow.tag)} <span class="govuk-!-display-block" data-qa="decision-clock">${escapeHtml(clockNow.text)}</span><span class="govuk-hint govuk-!-margin-bottom-0">by ${escapeHtml(clockNow.dueBy)}</span>`,
                }
              : { html: tagHtml(incidentStatusTag(row)) },
          ]
        }),
        nextHref:
          rows.length === PAGE_SIZE && last
            ? `/incidents?view=${view}&${byDeadline ? 'after' : 'before'}=${last.receivedAt.getTime()}_${last.incidentId}`
            : undefined,
        nextText: byDeadline ? 'Later deadlines' : 'Older incidents',
      })
    },
  )
}

/** Logging a report taken in the control room. */
function newIncidentRoutes(app: Router, { incidents, clock }: IncidentsPagesOptions) {
  // The form starts at the time now: most reports are logged as they are taken.
  app.get('/new', { config: { permission: 'incidents.create' } }, (_request, reply) =>
    reply.render('incidents/views/new.njk', formModel(undefined, undefined, clock.now())),
  )

  app.post(
    '/new',
    { config: { permission: 'incidents.create' }, schema: { body: IncidentForm } },
    async (request, reply) =>
      handleForm(reply, {
        submit: () => incidents.log(request.actor, formToInput(request.body)),
        invalid: (errors) => ({ template: 'incidents/views/new.njk', model: formModel(request.body, errors) }),
        done: (logged) => ({
          flash: `Incident ${logged.incidentNumber} logged`,
          redirect: `/incidents/${logged.incidentId}`,
        }),
        dateFields: ['receivedAt'],
      }),
  )
}

/** One incident's page: its details, people, crimes and N100s recorded from it, and where to send its work. */
function incidentRoutes(app: Router, options: IncidentsPagesOptions) {
  const { incidents } = options
  app.get(
    '/:incidentId',
    { config: { permission: 'incidents.view' }, schema: { params: IncidentParams } },
    async (request, reply) => {
      const view = await incidents.view(request.actor, request.params.incidentId)
      const { incident } = view
      const [linked, routing] = await Promise.all([
        options.linkedRecords?.(request.actor, incident.incidentId),
        options.routing?.(request.actor),
      ])
      const statusLabel = options.crimeStatusLabel ?? ((status: string) => status)
      return reply.render('incidents/views/show.njk', {
        incident,
        statusTag: incidentStatusTag(incident),
        narrative: paragraphs(incident.narrative),
        decisionOverdue: view.decisionOverdue,
        decisionDueBy: formatDateTime(view.decisionDueBy),
        actions: view.actions.map((rule) => rule.action),
        summaryRows: [
          row('Received', formatDateTime(incident.receivedAt)),
          row('How it was received', channelLabel(incident.channel)),
          row('Opening category', categoryLabel(incident.openingCategory)),
          row('Qualifiers', qualifierLabels(incident.qualifiers) || 'None'),
          row(
            'Location',
            view.location ? [view.location.address, view.location.postcode].filter(Boolean).join(', ') : 'Not given',
          ),
          row('Recording decision', decisionText(incident)),
          ...(incident.recordingDecision === 'not_crimed'
            ? [
                row(
                  'Why no crime was recorded',
                  `${NON_CRIME_REASONS[incident.nonCrimeReason as NonCrimeReason] ?? incident.nonCrimeReason ?? ''}: ${incident.nonCrimeRationale ?? ''}`,
                ),
                row(
                  'Victim told',
                  incident.victimInformed ? 'Yes' : `No: ${incident.victimNotInformedReason ?? 'no reason recorded'}`,
                ),
              ]
            : []),
          ...(incident.status === 'closed'
            ? [
                row('Closing category', categoryLabel(incident.closingCategory)),
                row('Closing rationale', incident.closingRationale ?? ''),
                row('Closed', `${formatDateTime(incident.closedAt)} by ${incident.closedBy ?? ''}`),
              ]
            : []),
          ...(incident.sourceSystem
            ? [row('Source', `${incident.sourceSystem} ${incident.sourceReference ?? ''}`)]
            : []),
        ],
        people: view.people.map((person) => [
          { text: person.displayName },
          { text: INVOLVEMENT_ROLE_LABELS[person.role as keyof typeof INVOLVEMENT_ROLE_LABELS] ?? person.role },
          { html: `<a class="govuk-link" href="/people/${person.personId}">View person</a>` },
        ]),
        crimes: (linked?.crimes ?? []).map((crime) => [
          { html: `<a class="govuk-link" href="/crimes/${crime.crimeId}">${escapeHtml(crime.crimeReference)}</a>` },
          { text: `${crime.offenceCode} ${crime.offenceLabel}` },
          { text: statusLabel(crime.status) },
        ]),
        n100s: linked?.n100s ?? [],
        routing,
        routingHeading: 'Where to send incident work',
      })
    },
  )
}

/** Changing an incident's qualifiers, narrative and location. */
function editRoutes(app: Router, { incidents }: IncidentsPagesOptions) {
  app.get(
    '/:incidentId/edit',
    { config: { permission: 'incidents.update' }, schema: { params: IncidentParams } },
    async (request, reply) => {
      const incident = await incidents.get(request.actor, request.params.incidentId)
      return reply.render('incidents/views/edit.njk', {
        incident,
        values: { narrative: incident.narrative, expectedVersion: String(incident.version) },
        qualifierItems: qualifierItems(incident.qualifiers),
      })
    },
  )

  app.post(
    '/:incidentId/edit',
    { config: { permission: 'incidents.update' }, schema: { params: IncidentParams, body: IncidentForm } },
    async (request, reply) => {
      const body = request.body
      const address = (body.address ?? '').trim()
      return handleForm(reply, {
        submit: () =>
          incidents.update(request.actor, request.params.incidentId, {
            expectedVersion: int(body.expectedVersion),
            qualifiers: asList(body.qualifiers),
            narrative: body.narrative ?? '',
            location: address ? { address, postcode: body.postcode?.trim() || undefined } : undefined,
          }),
        // The narrative being edited is in the form: no need to read (and record a view of) the stored one again.
        invalid: async () => ({
          template: 'incidents/views/edit.njk',
          model: {
            incident: await incidents.summary(request.actor, request.params.incidentId),
            values: body,
            qualifierItems: qualifierItems(asList(body.qualifiers)),
          },
        }),
        done: () => ({ flash: 'Incident updated', redirect: `/incidents/${request.params.incidentId}` }),
      })
    },
  )
}

/** Closing an incident (rule 4: a crime-related one only with a decision) and reopening it. */
function closeAndReopenRoutes(app: Router, { incidents }: IncidentsPagesOptions) {
  const closeModel = (incident: IncidentSummary, values: Record<string, unknown>, category?: string) => ({
    incident,
    values,
    categoryItems: categoryItems(category, 'Choose the closing category'),
    needsDecision: incident.crimeRelated && incident.recordingDecision === null,
  })

  app.get(
    '/:incidentId/close',
    { config: { permission: 'incidents.close' }, schema: { params: IncidentParams } },
    async (request, reply) => {
      const incident = await incidents.summary(request.actor, request.params.incidentId)
      return reply.render(
        'incidents/views/close.njk',
        closeModel(incident, { expectedVersion: String(incident.version) }, incident.openingCategory),
      )
    },
  )

  app.post(
    '/:incidentId/close',
    { config: { permission: 'incidents.close' }, schema: { params: IncidentParams, body: IncidentCloseForm } },
    async (request, reply) => {
      const body = request.body
      return handleForm(reply, {
        submit: () =>
          incidents.close(request.actor, request.params.incidentId, {
            expectedVersion: int(body.expectedVersion),
            closingCategory: body.closingCategory ?? '',
            closingRationale: body.closingRationale ?? '',
          }),
        invalid: async () => ({
          template: 'incidents/views/close.njk',
          model: closeModel(
            await incidents.summary(request.actor, request.params.incidentId),
            body,
            body.closingCategory,
          ),
        }),
        done: (closed) => ({
          flash: `Incident ${closed.incidentNumber} closed`,
          redirect: `/incidents/${request.params.incidentId}`,
        }),
      })
    },
  )

  app.get(
    '/:incidentId/reopen',
    { config: { permission: 'incidents.close' }, schema: { params: IncidentParams } },
    async (request, reply) => {
      const incident = await incidents.summary(request.actor, request.params.incidentId)
      return reply.render('incidents/views/reopen.njk', {
        incident,
        values: { expectedVersion: String(incident.version) },
      })
    },
  )

  app.post(
    '/:incidentId/reopen',
    { config: { permission: 'incidents.close' }, schema: { params: IncidentParams, body: IncidentCloseForm } },
    async (request, reply) =>
      handleForm(reply, {
        submit: () =>
          incidents.reopen(request.actor, request.params.incidentId, {
            expectedVersion: int(request.body.expectedVersion),
            reason: request.body.reason ?? '',
          }),
        invalid: async () => ({
          template: 'incidents/views/reopen.njk',
          model: {
            incident: await incidents.summary(request.actor, request.params.incidentId),
            values: request.body,
          },
        }),
        done: () => ({ flash: 'Incident reopened', redirect: `/incidents/${request.params.incidentId}` }),
      }),
  )
}

function row(key: string, value: string) {
  return { key: { text: key }, value: { text: value } }
}

function tagHtml(tag: { text: string; classes: string }): string {
  return `<strong class="govuk-tag ${tag.classes}">${escapeHtml(tag.text)}</strong>`
}
