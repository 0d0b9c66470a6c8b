import { routes, type Router } from '../../platform/http/routes.ts'
import type { CrimeReferenceData } from './crimes.reference-data.ts'
import type { CrimeRow } from './crimes.repository.ts'
import {
  AllowedActions,
  Crime,
  CrimeActionBody,
  CrimeList,
  CrimeListQuery,
  CrimeParams,
  DailyFlows,
  DayRangeQuery,
  IncidentIdParams,
  N100,
  N100Created,
  N100List,
  N100Params,
  N100Query,
  NonCrimeDecisionBody,
  NonCrimeDecisionResult,
  OffenceCodes,
  OffenceCodesQuery,
  OffenceListImportBody,
  OffenceListImported,
  OutcomeTypes,
  ViewAccessQuery,
  ViewJustifications,
  RaiseN100Body,
  RecordCrimeBody,
  RecordCrimeResponse,
  ResolveN100Body,
  Timeliness,
} from './crimes.schemas.ts'
import type { CrimesService } from './crimes.service.ts'
import { CRIME_ACTIONS, CRIME_WORKFLOW, type CrimeAction } from './crimes.workflow.ts'
import { OUTCOME_TYPES, outcomeNeeds } from './crimes.rules.ts'

export function toApiCrime(crime: CrimeRow) {
  return {
    crimeId: crime.crimeId,
    crimeReference: crime.crimeReference,
    incidentId: crime.incidentId,
    directReportChannel: crime.directReportChannel,
    status: crime.status,
    statusChangedAt: crime.statusChangedAt.toISOString(),
    reportedAt: crime.reportedAt.toISOString(),
    recordedAt: crime.recordedAt.toISOString(),
    recordingDelaySeconds: crime.recordingDelaySeconds,
    recordedLate: crime.recordedLate,
    offenceFrom: crime.offenceFrom.toISOString(),
    offenceTo: crime.offenceTo?.toISOString() ?? null,
    locationId: crime.locationId,
    offenceCode: crime.offenceCode,
    offenceCodeVersion: crime.offenceCodeVersion,
    offenceGroup: crime.offenceGroup,
    offenceCodeAtRecording: crime.offenceCodeAtRecording,
    offenceCodeAtFiling: crime.offenceCodeAtFiling,
    victimPersonId: crime.victimPersonId,
    summary: crime.summary,
    assignedUserId: crime.assignedUserId,
    assignedUnitId: crime.assignedUnitId,
    domesticAbuse: crime.domesticAbuse,
    hateCrime: crime.hateCrime,
    vulnerableVictim: crime.vulnerableVictim,
    outcomeType: crime.outcomeType,
    closingSummary: crime.closingSummary,
    reopenedAt: crime.reopenedAt?.toISOString() ?? null,
    sourceSystem: crime.sourceSystem,
    sourceReference: crime.sourceReference,
    version: crime.version,
  }
}

/** The URL segment of an action: confirm_classification → confirm-classification. */
export const actionPath = (action: CrimeAction) => action.replaceAll('_', '-')

/**
 * Crimes for command-and-control and case systems: record (idempotent), read, the lifecycle actions (one route
 * per action of crimes.workflow.ts, each with that action's permission), the recording decision not to crime,
 * N100s, daily flows, 24-hour timeliness and the offence list. Mounted at /api/v1.
 */
export function crimesApi(crimes: CrimesService, referenceData: CrimeReferenceData) {
  return routes((app) => {
    crimeRoutes(app, crimes)
    reportRoutes(app, crimes)
    readingRoutes(app, crimes)
    lifecycleRoutes(app, crimes)
    n100Routes(app, crimes)
    referenceRoutes(app, referenceData)
  })
}

/** Recording a crime (idempotent) and listing crimes. */
function crimeRoutes(app: Router, crimes: CrimesService): void {
  app.post(
    '/crimes',
    {
      config: { permission: 'crimes.record' },
      schema: {
        tags: ['crimes'],
        summary: 'Record a crime from an incident, with its incident submission, or as a direct report',
        description:
          'Idempotent: the same submission (same incident submission, or same source reference, or the same victim again from the same incident) returns 200 with the crime already recorded; different content under the same key is a 409. A possible duplicate of another crime is a 409 listing it; send again with acknowledgeDuplicates to record anyway.',
        body: RecordCrimeBody,
        response: { 200: RecordCrimeResponse, 201: RecordCrimeResponse },
      },
    },
    async (request, reply) => {
      const { crime, incident, replayed } = await crimes.record(request.actor, request.body)
      return reply.status(replayed ? 200 : 201).send({
        crime: toApiCrime(crime),
        incidentId: incident?.incidentId ?? null,
        incidentNumber: incident?.incidentNumber ?? null,
        replayed,
      })
    },
  )

  app.get(
    '/crimes',
    {
      config: { permission: 'crimes.view' },
      schema: {
        tags: ['crimes'],
        summary: 'List crimes, newest first',
        querystring: CrimeListQuery,
        response: { 200: CrimeList },
      },
    },
    async (request) => {
      const rows = await crimes.list(request.actor, {
        status: request.query.status?.split(',').map((s) => s.trim()),
        reference: request.query.reference,
        limit: request.query.limit ?? 100,
      })
      return {
        crimes: rows.map((row) => ({
          ...row,
          statusChangedAt: row.statusChangedAt.toISOString(),
          reportedAt: row.reportedAt.toISOString(),
          recordedAt: row.recordedAt.toISOString(),
        })),
      }
    },
  )
}

/** The daily flows and 24-hour recording timeliness (the dashboard and the forecast read them). */
function reportRoutes(app: Router, crimes: CrimesService): void {
  app.get(
    '/crimes/daily-flows',
    {
      config: { permission: 'dashboard.view' },
      schema: {
        tags: ['crimes'],
        summary: 'Per day and status: crimes entering and leaving it, and who moved them on',
        querystring: DayRangeQuery,
        response: { 200: DailyFlows },
      },
    },
    async (request) => ({ flows: await crimes.dailyFlows(request.actor, request.query) }),
  )

  app.get(
    '/crimes/recording-timeliness',
    {
      config: { permission: 'dashboard.view' },
      schema: {
        tags: ['crimes'],
        summary: 'Crimes recorded per week and the share within 24 hours of the report (rule 2)',
        querystring: DayRangeQuery,
        response: { 200: Timeliness },
      },
    },
    async (request) => ({ weeks: await crimes.recordingTimeliness(request.actor, request.query) }),
  )
}

/** One crime (a recorded view), the reasons for seeing a restricted one, and the actions open on it. */
function readingRoutes(app: Router, crimes: CrimesService): void {
  app.get(
    '/crimes/:crimeId',
    {
      config: { permission: 'crimes.view' },
      schema: {
        tags: ['crimes'],
        summary: 'Read a crime (the read is recorded, with the justification for a restricted crime, rule 20)',
        description:
          'A restricted crime (ever classified as rape or in another group whose cancellation is restricted) is returned only with a justification: one of GET /api/v1/view-justifications, or "other" with justificationText. Without one the answer is a 400 naming the field justification.',
        params: CrimeParams,
        querystring: ViewAccessQuery,
        response: { 200: Crime },
      },
    },
    async (request) => toApiCrime(await crimes.get(request.actor, request.params.crimeId, request.query)),
  )

  app.get(
    '/view-justifications',
    {
      config: { permission: 'crimes.view' },
      schema: {
        tags: ['crimes'],
        summary: 'The force’s reasons for viewing a restricted crime record (rule 20)',
        response: { 200: ViewJustifications },
      },
    },
    async (request) => ({ reasons: [...(await crimes.viewJustifications(request.actor))] }),
  )

  app.get(
    '/crimes/:crimeId/allowed-actions',
    {
      config: { permission: 'crimes.view' },
      schema: {
        tags: ['crimes'],
        summary: 'The actions you may take on this crime now, and what each requires',
        params: CrimeParams,
        response: { 200: AllowedActions },
      },
    },
    async (request) => {
      const { crime, actions } = await crimes.allowedActions(request.actor, request.params.crimeId)
      return {
        crimeId: crime.crimeId,
        status: crime.status,
        version: crime.version,
        actions: actions.map((rule) => ({
          action: rule.action,
          label: rule.label,
          path: `/api/v1/crimes/${crime.crimeId}/${actionPath(rule.action)}`,
          requires: [...rule.requires],
          fcrOverride: rule.fcrOverride === true,
        })),
      }
    },
  )
}

/** One route per action of crimes.workflow.ts, with its permission, and the decision not to record a crime. */
function lifecycleRoutes(app: Router, crimes: CrimesService): void {
  for (const action of CRIME_ACTIONS) {
    const rule = CRIME_WORKFLOW.find((candidate) => candidate.action === action)!
    app.post(
      `/crimes/:crimeId/${actionPath(action)}`,
      {
        config: { permission: rule.permission },
        schema: {
          tags: ['crimes'],
          summary: `${rule.label} (requires: ${rule.requires.join(', ') || 'nothing more'})`,
          params: CrimeParams,
          body: CrimeActionBody,
          response: { 200: Crime },
        },
      },
      async (request) =>
        toApiCrime(await crimes.act(request.actor, request.params.crimeId, { ...request.body, action })),
    )
  }

  app.post(
    '/incidents/:incidentId/non-crime-decision',
    {
      config: { permission: 'crimes.record' },
      schema: {
        tags: ['crimes'],
        summary: 'Record that no crime is being recorded from an incident, with the reasons (rules 4 and 5)',
        params: IncidentIdParams,
        body: NonCrimeDecisionBody,
        response: { 200: NonCrimeDecisionResult },
      },
    },
    async (request) => {
      const incident = await crimes.recordNonCrimeDecision(request.actor, request.params.incidentId, request.body)
      return {
        incidentId: incident.incidentId,
        recordingDecision: incident.recordingDecision ?? '',
        version: incident.version,
      }
    },
  )
}

/** N100s: listing, raising by hand and resolving them. */
function n100Routes(app: Router, crimes: CrimesService): void {
  app.get(
    '/n100s',
    {
      config: { permission: 'n100.manage' },
      schema: {
        tags: ['crimes'],
        summary: 'N100 records (reports of rape not recorded as rape)',
        querystring: N100Query,
        response: { 200: N100List },
      },
    },
    async (request) => ({
      n100s: (await crimes.listN100s(request.actor, request.query.status)).map((n) => ({
        ...n,
        createdAt: n.createdAt.toISOString(),
      })),
    }),
  )

  app.post(
    '/n100s',
    {
      config: { permission: 'n100.manage' },
      schema: {
        tags: ['crimes'],
        summary: 'Raise an N100 by hand',
        body: RaiseN100Body,
        response: { 201: N100Created },
      },
    },
    async (request, reply) => reply.status(201).send({ n100Id: await crimes.raiseN100(request.actor, request.body) }),
  )

  app.post(
    '/n100s/:n100Id/resolve',
    {
      config: { permission: 'n100.manage' },
      schema: {
        tags: ['crimes'],
        summary: 'Convert an N100 to a crime of rape, or close it with a rationale',
        params: N100Params,
        body: ResolveN100Body,
        response: { 200: N100 },
      },
    },
    async (request) => crimes.resolveN100(request.actor, request.params.n100Id, request.body),
  )
}

/** The outcome types and the offence list (read by anyone who reads crimes; imported by its managers). */
function referenceRoutes(app: Router, referenceData: CrimeReferenceData): void {
  app.get(
    '/outcome-types',
    {
      config: { permission: 'crimes.view' },
      schema: {
        tags: ['crimes'],
        summary: 'Home Office outcome types 1–22 and what each needs before a crime can be filed with it',
        response: { 200: OutcomeTypes },
      },
    },
    () =>
      Object.entries(OUTCOME_TYPES).map(([number, outcome]) => ({
        outcomeType: Number(number),
        label: outcome.label,
        needs: outcomeNeeds(outcome),
      })),
  )

  app.get(
    '/offence-codes',
    {
      config: { permission: 'crimes.view' },
      schema: {
        tags: ['crimes'],
        summary: 'The force’s Home Office offence list (the current version unless one is named)',
        querystring: OffenceCodesQuery,
        response: { 200: OffenceCodes },
      },
    },
    async (request) => referenceData.offenceCodes(request.actor, request.query.version),
  )

  app.post(
    '/offence-codes',
    {
      config: { permission: 'reference-data.manage' },
      schema: {
        tags: ['crimes'],
        summary: 'Import a new version of the offence list (CSV in the ONS hierarchy layout)',
        body: OffenceListImportBody,
        response: { 201: OffenceListImported },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await referenceData.importOffenceList(request.actor, request.body)),
  )
}
