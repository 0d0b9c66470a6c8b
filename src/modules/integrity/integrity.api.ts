import { routes, type Router } from '../../platform/http/routes.ts'
import type { AuditsService } from './integrity.audits.ts'
import { auditsApi } from './integrity.audits.api.ts'
import type { FindingRow, NonCrimeReviewRow } from './integrity.repository.ts'
import {
  AssessBody,
  Assessment,
  Finding,
  FindingList,
  FindingParams,
  NonCrimeReview,
  NonCrimeReviewList,
  ReviewBody,
  ReviewParams,
  ScanResult,
  StatusQuery,
  VerdictBody,
} from './integrity.schemas.ts'
import type { IntegrityService } from './integrity.service.ts'

const iso = (value: Date | null) => (value === null ? null : value.toISOString())

function reviewJson(review: NonCrimeReviewRow) {
  return { ...review, closedAt: review.closedAt.toISOString(), reviewedAt: iso(review.reviewedAt), forceId: undefined }
}

function findingJson(finding: FindingRow) {
  return {
    ...finding,
    foundAt: finding.foundAt.toISOString(),
    verdictAt: iso(finding.verdictAt),
    forceId: undefined,
  }
}

/** Crime-data integrity as JSON. Mounted at /api/v1/integrity. */
export function integrityApi(integrity: IntegrityService, audits: AuditsService) {
  return routes((app) => {
    auditsApi(app, audits)
    nonCrimeApi(app, integrity)
    findingsApi(app, integrity)
    assessApi(app, integrity)
  })
}

/** The IMU non-crime audit queue (rule 4) and its reviews. */
function nonCrimeApi(app: Router, integrity: IntegrityService) {
  app.get(
    '/non-crime-closures',
    {
      config: { permission: 'integrity.view' },
      schema: {
        tags: ['integrity'],
        summary: 'The IMU non-crime audit queue (rule 4): awaiting review, or reviewed (?status=reviewed)',
        querystring: StatusQuery,
        response: { 200: NonCrimeReviewList },
      },
    },
    async (request) => ({
      closures: (
        await integrity.nonCrimeQueue(request.actor, request.query.status === 'reviewed' ? 'reviewed' : 'awaiting')
      ).map(reviewJson),
    }),
  )

  app.post(
    '/non-crime-closures/:reviewId/review',
    {
      config: { permission: 'integrity.review' },
      schema: {
        tags: ['integrity'],
        summary: 'Agree with a non-crime closure, or send it back (the incident reopens with no decision)',
        params: ReviewParams,
        body: ReviewBody,
        response: { 200: NonCrimeReview },
      },
    },
    async (request) => reviewJson(await integrity.reviewNonCrime(request.actor, request.params.reviewId, request.body)),
  )
}

/** The uncrimed-incident detector's findings, their verdicts, and a scan of history. */
function findingsApi(app: Router, integrity: IntegrityService) {
  app.get(
    '/findings',
    {
      config: { permission: 'integrity.view' },
      schema: {
        tags: ['integrity'],
        summary: 'The uncrimed-incident detector’s findings: open, highest score first, or reviewed',
        querystring: StatusQuery,
        response: { 200: FindingList },
      },
    },
    async (request) => ({
      findings: (
        await integrity.findings(request.actor, request.query.status === 'reviewed' ? 'reviewed' : 'open')
      ).map(findingJson),
    }),
  )

  app.post(
    '/findings/:findingId/verdict',
    {
      config: { permission: 'integrity.review' },
      schema: {
        tags: ['integrity'],
        summary: 'Record a verdict on a finding: crime recorded now (with its reference), not a crime, or elsewhere',
        params: FindingParams,
        body: VerdictBody,
        response: { 200: Finding },
      },
    },
    async (request) =>
      findingJson(await integrity.recordVerdict(request.actor, request.params.findingId, request.body)),
  )

  app.post(
    '/scan',
    {
      config: { permission: 'integrity.scan' },
      schema: {
        tags: ['integrity'],
        summary: 'Scan every closed incident with no crime now, with the force’s model',
        response: { 200: ScanResult },
      },
    },
    async (request) => integrity.scanHistory(request.actor),
  )
}

/** Reading one narrative with the force's model. */
function assessApi(app: Router, integrity: IntegrityService) {
  app.post(
    '/assess',
    {
      config: { permission: 'integrity.view' },
      schema: {
        tags: ['integrity'],
        summary: 'Read a narrative with the force’s model: does it disclose a crime, which group, and why',
        body: AssessBody,
        response: { 200: Assessment },
      },
    },
    async (request) => {
      const detector = await integrity.detectorFor(request.actor)
      const { crimeIndicative, score, offenceGroup, reasons } = detector.assess(
        request.body.text,
        request.body.category,
      )
      return { crimeIndicative, score, offenceGroup, reasons }
    },
  )
}
