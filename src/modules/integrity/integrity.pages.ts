import { handleForm } from '../../platform/http/forms.ts'
import { routes, type Router } from '../../platform/http/routes.ts'
import { formatDateTime } from '../../platform/views/format.ts'
import { NON_CRIME_REASONS } from '../incidents/index.ts'
import { offenceGroupLabel } from './integrity.detector.ts'
import type { FindingRow, NonCrimeReviewRow } from './integrity.repository.ts'
import { CsrfOnly, FindingParams, ReviewForm, ReviewParams, VerdictForm } from './integrity.schemas.ts'
import { VERDICTS, type IntegrityService } from './integrity.service.ts'
import type { AuditsService } from './integrity.audits.ts'
import { auditPages } from './integrity.audits.pages.ts'
import type { IntegrityReportService } from './integrity.report.ts'
import { reportPages } from './integrity.report.pages.ts'
import { FINDING_STATUS_TEXT, NON_CRIME_STATUS_TEXT } from './integrity.labels.ts'

const int = (value: string | undefined) => (value && /^\d+$/.test(value) ? Number(value) : 0)

function reviewRow(review: NonCrimeReviewRow) {
  return {
    ...review,
    closedAtText: formatDateTime(review.closedAt),
    reviewedAtText: formatDateTime(review.reviewedAt),
    reasonText: NON_CRIME_REASONS[review.nonCrimeReason as keyof typeof NON_CRIME_REASONS] ?? review.nonCrimeReason,
    victimText: review.victimInformed === null ? 'Not recorded' : review.victimInformed ? 'Yes' : 'No',
    statusText: NON_CRIME_STATUS_TEXT[review.status],
  }
}

function findingRow(finding: FindingRow) {
  return {
    ...finding,
    percent: Math.round(finding.score * 100),
    groupText: offenceGroupLabel(finding.offenceGroup),
    foundAtText: formatDateTime(finding.foundAt),
    verdictAtText: formatDateTime(finding.verdictAt),
    statusText: FINDING_STATUS_TEXT[finding.status],
  }
}

const verdictItems = (chosen?: string) =>
  Object.entries(VERDICTS).map(([value, text]) => ({ value, text, checked: chosen === value }))

/**
 * Crime-data integrity pages: the IMU non-crime audit queue and the detector's review queue. integrity.view to
 * read, integrity.review for verdicts, integrity.scan to scan history. Mounted at /integrity.
 */
export function integrityPages(
  integrity: IntegrityService,
  audits: AuditsService,
  reports: IntegrityReportService,
  today: () => Date,
) {
  return routes((app) => {
    auditPages(app, audits)
    reportPages(app, reports, today)

    app.get('/', { config: { permission: 'integrity.view' } }, async (request, reply) => {
      const [awaiting, findings] = await Promise.all([
        integrity.nonCrimeQueue(request.actor, 'awaiting'),
        integrity.findings(request.actor, 'open'),
      ])
      return reply.render('integrity/views/overview.njk', {
        awaitingCount: awaiting.length,
        findingCount: findings.length,
        auditsEnabled: true,
      })
    })
    nonCrimeRoutes(app, integrity)
    findingRoutes(app, integrity)
  })
}

/** The IMU non-crime audit queue (rule 4): closures awaiting review, and one closure agreed or sent back. */
function nonCrimeRoutes(app: Router, integrity: IntegrityService) {
  app.get('/non-crime', { config: { permission: 'integrity.view' } }, async (request, reply) => {
    const [awaiting, reviewed] = await Promise.all([
      integrity.nonCrimeQueue(request.actor, 'awaiting'),
      integrity.nonCrimeQueue(request.actor, 'reviewed'),
    ])
    return reply.render('integrity/views/non-crime.njk', {
      awaiting: awaiting.map(reviewRow),
      reviewed: reviewed.slice(0, 50).map(reviewRow),
    })
  })

  app.get(
    '/non-crime/:reviewId',
    { config: { permission: 'integrity.view' }, schema: { params: ReviewParams } },
    async (request, reply) => {
      const review = await integrity.nonCrimeReview(request.actor, request.params.reviewId)
      return reply.render('integrity/views/non-crime-review.njk', {
        review: reviewRow(review),
        values: { expectedVersion: String(review.version) },
      })
    },
  )

  app.post(
    '/non-crime/:reviewId',
    { config: { permission: 'integrity.review' }, schema: { params: ReviewParams, body: ReviewForm } },
    async (request, reply) => {
      const body = request.body
      return handleForm(reply, {
        submit: () =>
          integrity.reviewNonCrime(request.actor, request.params.reviewId, {
            expectedVersion: int(body.expectedVersion),
            decision: body.decision ?? '',
            note: body.note,
          }),
        invalid: async () => ({
          template: 'integrity/views/non-crime-review.njk',
          model: {
            review: reviewRow(await integrity.nonCrimeReview(request.actor, request.params.reviewId)),
            values: body,
          },
        }),
        done: (review) => ({
          flash: `Closure of incident ${review.incidentNumber} ${review.status === 'agreed' ? 'agreed' : 'sent back; the incident is open again'}`,
          redirect: '/integrity/non-crime',
        }),
      })
    },
  )
}

/** The uncrimed-incident detector's findings: the queue, a scan of history, and a verdict on one finding. */
function findingRoutes(app: Router, integrity: IntegrityService) {
  app.get('/findings', { config: { permission: 'integrity.view' } }, async (request, reply) => {
    const [open, reviewed] = await Promise.all([
      integrity.findings(request.actor, 'open'),
      integrity.findings(request.actor, 'reviewed'),
    ])
    return reply.render('integrity/views/findings.njk', {
      open: open.map(findingRow),
      reviewed: reviewed.slice(0, 50).map(findingRow),
    })
  })

  app.post(
    '/findings/scan',
    { config: { permission: 'integrity.scan' }, schema: { body: CsrfOnly } },
    async (request, reply) => {
      const result = await integrity.scanHistory(request.actor)
      return reply
        .flash(`${result.scanned} closed incidents without a crime read; ${result.flagged} read as a crime`)
        .redirect('/integrity/findings', 303)
    },
  )

  app.get(
    '/findings/:findingId',
    { config: { permission: 'integrity.view' }, schema: { params: FindingParams } },
    async (request, reply) => {
      const { finding, crimes } = await integrity.finding(request.actor, request.params.findingId)
      return reply.render('integrity/views/finding.njk', {
        finding: findingRow(finding),
        crimes,
        verdictItems: verdictItems(),
        values: { expectedVersion: String(finding.version), crimeReference: crimes.at(-1)?.crimeReference ?? '' },
      })
    },
  )

  app.post(
    '/findings/:findingId',
    { config: { permission: 'integrity.review' }, schema: { params: FindingParams, body: VerdictForm } },
    async (request, reply) => {
      const body = request.body
      return handleForm(reply, {
        submit: () =>
          integrity.recordVerdict(request.actor, request.params.findingId, {
            expectedVersion: int(body.expectedVersion),
            verdict: body.verdict ?? '',
            note: body.note,
            crimeReference: body.crimeReference,
          }),
        invalid: async () => {
          const { finding, crimes } = await integrity.finding(request.actor, request.params.findingId)
          return {
            template: 'integrity/views/finding.njk',
            model: { finding: findingRow(finding), crimes, verdictItems: verdictItems(body.verdict), values: body },
          }
        },
        done: (finding) => ({
          flash: `Verdict recorded for incident ${finding.incidentNumber}`,
          redirect: '/integrity/findings',
        }),
      })
    },
  )
}
