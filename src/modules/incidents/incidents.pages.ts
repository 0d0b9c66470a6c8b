import type { Actor } from '../../platform/auth/actor.ts'
import type { Clock } from '../../platform/clock.ts'
import { asList, linkDateInputs, submitForm } from '../../platform/http/forms.ts'
import { routes } from '../../platform/http/routes.ts'
import { formatDateTime } from '../../platform/views/format.ts'
import { escapeHtml } from '../../platform/views/html.ts'
import { INVOLVEMENT_ROLE_LABELS } from '../people/index.ts'
import { NON_CRIME_REASONS, type NonCrimeReason } from './incidents.rules.ts'
import { IncidentCloseForm, IncidentForm, IncidentListPageQuery, IncidentParams } from './incidents.schemas.ts'
import type { IncidentInput, IncidentsService } from './incidents.service.ts'
import {
  categoryItems,
  categoryLabel,
  channelItems,
  channelLabel,
  dateTimeItems,
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
  const { incidents } = options

  function formToInput(body: IncidentForm): IncidentInput {
    const address = (body.address ?? '').trim()
    const family = (body.reportingFamilyName ?? '').trim()
    const given = (body.reportingGivenName ?? '').trim()
    return {
      channel: body.channel ?? '',
      receivedAt: instantInput(formInstant(body, 'receivedAt')),
      location:
        address || body.postcode?.trim() ? { address, postcode: body.postcode?.trim() || undefined } : undefined,
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

  return routes((app) => {
    app.get(
      '/',
      { config: { permission: 'incidents.view' }, schema: { querystring: IncidentListPageQuery } },
      async (request, reply) => {
        const view: ListView = (
          Object.hasOwn(VIEWS, request.query.view ?? '') ? request.query.view : 'decision-due'
        ) as ListView
        // The schema holds the cursor to "<milliseconds>_<incident id>", so neither half reaches SQL malformed.
        const [beforeTime, beforeId] = (request.query.before ?? '').split('_')
        const before =
          beforeTime && beforeId ? { receivedAt: new Date(Number(beforeTime)), incidentId: beforeId } : undefined
        const rows = await incidents.list(request.actor, { ...VIEWS[view].filter, before, limit: PAGE_SIZE })
        const last = rows.at(-1)
        return reply.render('incidents/views/list.njk', {
          view,
          subNavigation: Object.entries(VIEWS).map(([key, value]) => ({
            text: value.text,
            href: `/incidents?view=${key}`,
            active: key === view,
          })),
          rows: rows.map((row) => [
            { html: `<a class="govuk-link" href="/incidents/${row.incidentId}">${escapeHtml(row.incidentNumber)}</a>` },
            { text: formatDateTime(row.receivedAt) },
            { text: channelLabel(row.channel) },
            { text: categoryLabel(row.openingCategory) },
            { html: tagHtml(incidentStatusTag(row)) },
          ]),
          nextHref:
            rows.length === PAGE_SIZE && last
              ? `/incidents?view=${view}&before=${last.receivedAt.getTime()}_${last.incidentId}`
              : undefined,
        })
      },
    )

    // The form starts at the time now: most reports are logged as they are taken.
    app.get('/new', { config: { permission: 'incidents.create' } }, (_request, reply) =>
      reply.render('incidents/views/new.njk', formModel(undefined, undefined, options.clock.now())),
    )

    app.post(
      '/new',
      { config: { permission: 'incidents.create' }, schema: { body: IncidentForm } },
      async (request, reply) => {
        const result = await submitForm(() => incidents.log(request.actor, formToInput(request.body)))
        if (!result.ok) {
          return reply.status(400).render('incidents/views/new.njk', {
            ...linkDateInputs(result, ['receivedAt']),
            ...formModel(request.body, result),
          })
        }
        return reply
          .flash(`Incident ${result.value.incidentNumber} logged`)
          .redirect(`/incidents/${result.value.incidentId}`, 303)
      },
    )

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
        const result = await submitForm(() =>
          incidents.update(request.actor, request.params.incidentId, {
            expectedVersion: int(body.expectedVersion),
            qualifiers: asList(body.qualifiers),
            narrative: body.narrative ?? '',
            location: address ? { address, postcode: body.postcode?.trim() || undefined } : undefined,
          }),
        )
        if (!result.ok) {
          // The narrative being edited is in the form: no need to read (and record a view of) the stored one again.
          const incident = await incidents.summary(request.actor, request.params.incidentId)
          return reply.status(400).render('incidents/views/edit.njk', {
            ...result,
            incident,
            values: body,
            qualifierItems: qualifierItems(asList(body.qualifiers)),
          })
        }
        return reply.flash('Incident updated').redirect(`/incidents/${request.params.incidentId}`, 303)
      },
    )

    app.get(
      '/:incidentId/close',
      { config: { permission: 'incidents.close' }, schema: { params: IncidentParams } },
      async (request, reply) => {
        const incident = await incidents.summary(request.actor, request.params.incidentId)
        return reply.render('incidents/views/close.njk', {
          incident,
          values: { expectedVersion: String(incident.version) },
          categoryItems: categoryItems(incident.openingCategory, 'Choose the closing category'),
          needsDecision: incident.crimeRelated && incident.recordingDecision === null,
        })
      },
    )

    app.post(
      '/:incidentId/close',
      { config: { permission: 'incidents.close' }, schema: { params: IncidentParams, body: IncidentCloseForm } },
      async (request, reply) => {
        const body = request.body
        const result = await submitForm(() =>
          incidents.close(request.actor, request.params.incidentId, {
            expectedVersion: int(body.expectedVersion),
            closingCategory: body.closingCategory ?? '',
            closingRationale: body.closingRationale ?? '',
          }),
        )
        if (!result.ok) {
          const incident = await incidents.summary(request.actor, request.params.incidentId)
          return reply.status(400).render('incidents/views/close.njk', {
            ...result,
            incident,
            values: body,
            categoryItems: categoryItems(body.closingCategory, 'Choose the closing category'),
            needsDecision: incident.crimeRelated && incident.recordingDecision === null,
          })
        }
        return reply
          .flash(`Incident ${result.value.incidentNumber} closed`)
          .redirect(`/incidents/${request.params.incidentId}`, 303)
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
      async (request, reply) => {
        const result = await submitForm(() =>
          incidents.reopen(request.actor, request.params.incidentId, {
            expectedVersion: int(request.body.expectedVersion),
            reason: request.body.reason ?? '',
          }),
        )
        if (!result.ok) {
          const incident = await incidents.summary(request.actor, request.params.incidentId)
          return reply.status(400).render('incidents/views/reopen.njk', { ...result, incident, values: request.body })
        }
        return reply.flash('Incident reopened').redirect(`/incidents/${request.params.incidentId}`, 303)
      },
    )
  })
}

function row(key: string, value: string) {
  return { key: { text: key }, value: { text: value } }
}

function tagHtml(tag: { text: string; classes: string }): string {
  return `<strong class="govuk-tag ${tag.classes}">${escapeHtml(tag.text)}</strong>`
}
