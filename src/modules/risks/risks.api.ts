import { routes, type Router } from '../../platform/http/routes.ts'
import {
  CheckResponse,
  Created,
  LinkBody,
  LinkCreated,
  ListQuery,
  RiskBody,
  RiskDetail,
  RiskList,
  RiskParams,
  RiskUpdateBody,
  WatchList,
} from './risks.schemas.ts'
import { checkActor, type RiskView, type RisksService } from './risks.service.ts'

function riskJson(risk: RiskView) {
  return {
    riskId: risk.riskId,
    title: risk.title,
    description: risk.description,
    ownerUserId: risk.ownerUserId,
    ownerName: risk.ownerName,
    likelihood: risk.likelihood,
    impact: risk.impact,
    score: risk.score,
    rating: risk.rating,
    mitigations: risk.mitigations,
    status: risk.status,
    reviewDate: risk.reviewDate,
    reviewOverdue: risk.reviewOverdue,
    raisedBy: risk.raisedBy,
    version: risk.version,
  }
}

/** The risk register as JSON. Mounted at /api/v1/risks. */
export function risksApi(risks: RisksService) {
  return routes((app) => {
    registerRoutes(app, risks)
    readRoutes(app, risks)
    changeRoutes(app, risks)
  })
}

function registerRoutes(app: Router, risks: RisksService) {
  app.get(
    '/',
    {
      config: { permission: 'risks.view' },
      schema: {
        tags: ['risks'],
        summary: 'Open risks (closed too with ?closed=yes), highest score first',
        querystring: ListQuery,
        response: { 200: RiskList },
      },
    },
    async (request) => ({
      risks: (await risks.list(request.actor, { includeClosed: request.query.closed === 'yes' })).map(riskJson),
    }),
  )

  app.post(
    '/',
    {
      config: { permission: 'risks.manage' },
      schema: { tags: ['risks'], summary: 'Record a risk', body: RiskBody, response: { 201: Created } },
    },
    async (request, reply) => reply.status(201).send(await risks.create(request.actor, request.body)),
  )

  app.post(
    '/check',
    {
      config: { permission: 'risks.manage' },
      schema: {
        tags: ['risks'],
        summary: 'Check every watched indicator now; raises and escalates risks whose trigger is crossed',
        response: { 200: CheckResponse },
      },
    },
    async (request) => {
      const result = await risks.evaluateIndicators(checkActor(request.actor), risks.today())
      return { ...result, checkedAt: result.checkedAt.toISOString() }
    },
  )
}

function readRoutes(app: Router, risks: RisksService) {
  app.get(
    '/indicators',
    {
      config: { permission: 'risks.view' },
      schema: {
        tags: ['risks'],
        summary: 'Watched indicators, their triggers and last readings',
        response: { 200: WatchList },
      },
    },
    async (request) => ({
      lastCheck: await risks
        .lastCheck(request.actor)
        .then((check) => (check === undefined ? null : { ...check, checkedAt: check.checkedAt.toISOString() })),
      indicators: (await risks.watches(request.actor)).map((w) => ({
        linkId: w.linkId,
        riskId: w.riskId,
        indicatorKey: w.indicatorKey,
        label: w.label,
        trigger: w.trigger,
        triggerText: w.triggerText,
        active: w.active,
        state: w.state,
        lastReading: w.lastReading,
        lastCheckedOn: w.lastCheckedOn,
      })),
    }),
  )

  app.get(
    '/:riskId',
    {
      config: { permission: 'risks.view' },
      schema: {
        tags: ['risks'],
        summary: 'A risk with its history and linked indicators',
        params: RiskParams,
        response: { 200: RiskDetail },
      },
    },
    async (request) => {
      const detail = await risks.get(request.actor, request.params.riskId)
      return {
        risk: riskJson(detail.risk),
        history: detail.history.map((h) => ({
          changedAt: h.changedAt.toISOString(),
          kind: h.kind,
          actorName: h.actorName,
          changes: h.changes,
          reason: h.reason,
        })),
        indicators: detail.watches.map((w) => ({
          linkId: w.linkId,
          indicatorKey: w.indicatorKey,
          label: w.label,
          trigger: w.trigger,
          state: w.state,
          lastReading: w.lastReading,
        })),
      }
    },
  )
}

function changeRoutes(app: Router, risks: RisksService) {
  app.put(
    '/:riskId',
    {
      config: { permission: 'risks.manage' },
      schema: {
        tags: ['risks'],
        summary: 'Change a risk (optimistic concurrency: send the version you read)',
        params: RiskParams,
        body: RiskUpdateBody,
        response: { 204: { type: 'null' } },
      },
    },
    async (request, reply) => {
      await risks.update(request.actor, request.params.riskId, request.body)
      return reply.status(204).send(null)
    },
  )

  app.post(
    '/:riskId/indicators',
    {
      config: { permission: 'risks.manage' },
      schema: {
        tags: ['risks'],
        summary: 'Link a live indicator to a risk, with a trigger that escalates it',
        params: RiskParams,
        body: LinkBody,
        response: { 201: LinkCreated },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await risks.linkIndicator(request.actor, request.params.riskId, request.body)),
  )
}
