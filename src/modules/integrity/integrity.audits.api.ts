import { Type } from 'typebox'
import type { Router } from '../../platform/http/routes.ts'
import type { AuditsService, AuditView } from './integrity.audits.ts'
import type { AuditRow } from './integrity.audits.repository.ts'
import { AuditItemParams, AuditParams } from './integrity.schemas.ts'

const Answer = Type.Union([Type.Boolean(), Type.Null()])
const Interval = Type.Object({
  rate: Type.Union([Type.Number(), Type.Null()]),
  low: Type.Union([Type.Number(), Type.Null()]),
  high: Type.Union([Type.Number(), Type.Null()]),
  margin: Type.Union([Type.Number(), Type.Null()]),
  n: Type.Number(),
})
const AuditSummary = Type.Object({
  auditId: Type.String(),
  title: Type.String(),
  population: Type.String(),
  periodFrom: Type.String(),
  periodTo: Type.String(),
  design: Type.String(),
  seed: Type.Integer(),
  targetMargin: Type.Number(),
  populationSize: Type.Integer(),
  strata: Type.Array(Type.Object({ stratum: Type.String(), population: Type.Integer(), sample: Type.Integer() })),
  recordedCrimeInYear: Type.Union([Type.Integer(), Type.Null()]),
})
const AuditBody = Type.Object(
  {
    title: Type.String({ maxLength: 200 }),
    population: Type.String(),
    channels: Type.Optional(Type.Array(Type.String())),
    categories: Type.Optional(Type.Array(Type.String())),
    periodFrom: Type.String({ description: 'YYYY-MM-DD' }),
    periodTo: Type.String({ description: 'YYYY-MM-DD' }),
    design: Type.Union([Type.Literal('simple'), Type.Literal('stratified')]),
    targetMarginPoints: Type.Number({ description: 'e.g. 1.5 for ±1.5 percentage points' }),
    expectedRatePercent: Type.Optional(Type.Number()),
    seed: Type.Optional(Type.Integer({ minimum: 0, maximum: 2147483647 })),
  },
  { additionalProperties: false },
)
const VerdictBody = Type.Object(
  {
    expectedVersion: Type.Integer({ minimum: 1 }),
    shouldHaveBeenCrimed: Answer,
    wasCrimed: Answer,
    correctClassification: Answer,
    recordedOnTime: Answer,
    cancellationCorrect: Answer,
    victimTold: Answer,
    notes: Type.Optional(Type.String({ maxLength: 4000 })),
  },
  { additionalProperties: false },
)
const ActionBody = Type.Object(
  { finding: Type.String(), action: Type.String(), owner: Type.String(), dueDate: Type.String() },
  { additionalProperties: false },
)
const AuditDetail = Type.Object({
  audit: AuditSummary,
  items: Type.Array(
    Type.Object({
      itemId: Type.String(),
      recordType: Type.String(),
      recordId: Type.String(),
      recordLabel: Type.String(),
      stratum: Type.String(),
      shouldHaveBeenCrimed: Answer,
      wasCrimed: Answer,
      correctClassification: Answer,
      recordedOnTime: Answer,
      cancellationCorrect: Answer,
      victimTold: Answer,
      version: Type.Integer(),
    }),
  ),
  results: Type.Object({
    sampled: Type.Integer(),
    withVerdict: Type.Integer(),
    recording: Interval,
    checks: Type.Array(Type.Object({ key: Type.String(), label: Type.String(), interval: Interval })),
    unrecorded: Type.Union([
      Type.Object({ central: Type.Number(), low: Type.Number(), high: Type.Number() }),
      Type.Null(),
    ]),
  }),
})

const summary = (audit: AuditRow) => ({ ...audit, forceId: undefined, createdAt: undefined })
const detail = (view: AuditView) => ({ audit: summary(view.audit), items: view.items, results: view.results })

/** Self-audits as JSON (rule 24), under /api/v1/integrity/audits. */
export function auditsApi(app: Router, audits: AuditsService): void {
  app.get(
    '/audits',
    {
      config: { permission: 'integrity.view' },
      schema: {
        tags: ['integrity'],
        summary: 'Self-audits, newest first',
        response: { 200: Type.Object({ audits: Type.Array(AuditSummary) }) },
      },
    },
    async (request) => ({ audits: (await audits.list(request.actor)).map(summary) }),
  )
  app.post(
    '/audits',
    {
      config: { permission: 'integrity.audit' },
      schema: {
        tags: ['integrity'],
        summary:
          'Draw a self-audit sample: population, period, simple or stratified, sized for a margin; the seed is recorded',
        body: AuditBody,
        response: { 201: AuditSummary },
      },
    },
    async (request, reply) => reply.status(201).send(summary(await audits.create(request.actor, request.body))),
  )
  app.get(
    '/audits/:auditId',
    {
      config: { permission: 'integrity.view' },
      schema: {
        tags: ['integrity'],
        summary:
          'An audit with its items, the recording rate and other checks with 95% intervals, and the annual estimate',
        params: AuditParams,
        response: { 200: AuditDetail },
      },
    },
    async (request) => detail(await audits.view(request.actor, request.params.auditId)),
  )
  app.post(
    '/audits/:auditId/items/:itemId/verdict',
    {
      config: { permission: 'integrity.audit' },
      schema: {
        tags: ['integrity'],
        summary: 'Record the verdict on one sampled record',
        params: AuditItemParams,
        body: VerdictBody,
      },
    },
    async (request, reply) => {
      const { expectedVersion, notes, ...answers } = request.body
      await audits.recordVerdict(request.actor, request.params.auditId, request.params.itemId, {
        expectedVersion,
        answers,
        notes,
      })
      return reply.status(204).send()
    },
  )
  app.post(
    '/audits/:auditId/actions',
    {
      config: { permission: 'integrity.audit' },
      schema: {
        tags: ['integrity'],
        summary: 'Record a finding and its action, with an owner and due date',
        params: AuditParams,
        body: ActionBody,
      },
    },
    async (request, reply) => {
      await audits.addAction(request.actor, request.params.auditId, request.body)
      return reply.status(204).send()
    },
  )
}
