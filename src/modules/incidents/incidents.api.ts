import { routes, type Router } from '../../platform/http/routes.ts'
import type { IncidentRow } from './incidents.repository.ts'
import {
  Incident,
  IncidentCloseBody,
  IncidentIntakeResponse,
  IncidentList,
  IncidentListQuery,
  IncidentParams,
  IncidentReopenBody,
  IncidentSubmissionBody,
  IncidentUpdateBody,
} from './incidents.schemas.ts'
import type { IncidentsService } from './incidents.service.ts'

const DAY_MS = 24 * 60 * 60 * 1000

export function toApiIncident(incident: IncidentRow) {
  return {
    incidentId: incident.incidentId,
    incidentNumber: incident.incidentNumber,
    channel: incident.channel,
    receivedAt: incident.receivedAt.toISOString(),
    locationId: incident.locationId,
    reportingPersonId: incident.reportingPersonId,
    openingCategory: incident.openingCategory,
    qualifiers: incident.qualifiers,
    narrative: incident.narrative,
    crimeRelated: incident.crimeRelated,
    rapeReported: incident.rapeReported,
    status: incident.status,
    closingCategory: incident.closingCategory,
    closingRationale: incident.closingRationale,
    closedAt: incident.closedAt?.toISOString() ?? null,
    recordingDecision: incident.recordingDecision,
    recordingDecisionAt: incident.recordingDecisionAt?.toISOString() ?? null,
    nonCrimeReason: incident.nonCrimeReason,
    nonCrimeRationale: incident.nonCrimeRationale,
    decisionDueBy: new Date(incident.receivedAt.getTime() + DAY_MS).toISOString(),
    sourceSystem: incident.sourceSystem,
    sourceReference: incident.sourceReference,
    version: incident.version,
  }
}

/**
 * Incidents for command-and-control systems: idempotent intake (the same source reference again returns the same
 * incident; different content under it is a 409), reading, updating and closing. Permissions incidents.create,
 * incidents.view, incidents.update and incidents.close. Mounted at /api/v1/incidents.
 */
export function incidentsApi(incidents: IncidentsService) {
  return routes((app) => {
    intakeAndReadRoutes(app, incidents)
    changeRoutes(app, incidents)
  })
}

/** Taking a report in, and reading one or a list. */
function intakeAndReadRoutes(app: Router, incidents: IncidentsService) {
  app.post(
    '/',
    {
      config: { permission: 'incidents.create' },
      schema: {
        tags: ['incidents'],
        summary: 'Submit an incident (idempotent by source system and reference)',
        description:
          'Returns 201 with the new incident, or 200 with the existing one when this submission was received before. The same source reference with different content is a 409 naming the incident it made.',
        body: IncidentSubmissionBody,
        response: { 200: IncidentIntakeResponse, 201: IncidentIntakeResponse },
      },
    },
    async (request, reply) => {
      const { incident, replayed } = await incidents.intake(request.actor, request.body)
      return reply.status(replayed ? 200 : 201).send({ incident: toApiIncident(incident), replayed })
    },
  )

  app.get(
    '/',
    {
      config: { permission: 'incidents.view' },
      schema: {
        tags: ['incidents'],
        summary: 'List incidents, newest first',
        querystring: IncidentListQuery,
        response: { 200: IncidentList },
      },
    },
    async (request) => {
      const rows = await incidents.list(request.actor, {
        status: request.query.status,
        decisionDue: request.query.decisionDue,
        limit: request.query.limit ?? 100,
      })
      return { incidents: rows.map((row) => ({ ...row, receivedAt: row.receivedAt.toISOString() })) }
    },
  )

  app.get(
    '/:incidentId',
    {
      config: { permission: 'incidents.view' },
      schema: {
        tags: ['incidents'],
        summary: 'Read an incident (the read is recorded: it includes the narrative)',
        params: IncidentParams,
        response: { 200: Incident },
      },
    },
    async (request) => toApiIncident(await incidents.get(request.actor, request.params.incidentId)),
  )
}

/** Updating, closing and reopening an incident. */
function changeRoutes(app: Router, incidents: IncidentsService) {
  app.patch(
    '/:incidentId',
    {
      config: { permission: 'incidents.update' },
      schema: {
        tags: ['incidents'],
        summary: 'Update an incident’s qualifiers, narrative or location (at the version you read)',
        params: IncidentParams,
        body: IncidentUpdateBody,
        response: { 200: Incident },
      },
    },
    async (request) => toApiIncident(await incidents.update(request.actor, request.params.incidentId, request.body)),
  )

  app.post(
    '/:incidentId/close',
    {
      config: { permission: 'incidents.close' },
      schema: {
        tags: ['incidents'],
        summary: 'Close an incident (a crime-related one needs a crime or a recorded non-crime decision first)',
        params: IncidentParams,
        body: IncidentCloseBody,
        response: { 200: Incident },
      },
    },
    async (request) => toApiIncident(await incidents.close(request.actor, request.params.incidentId, request.body)),
  )

  app.post(
    '/:incidentId/reopen',
    {
      config: { permission: 'incidents.close' },
      schema: {
        tags: ['incidents'],
        summary: 'Reopen a closed incident, with the reason',
        params: IncidentParams,
        body: IncidentReopenBody,
        response: { 200: Incident },
      },
    },
    async (request) => toApiIncident(await incidents.reopen(request.actor, request.params.incidentId, request.body)),
  )
}
