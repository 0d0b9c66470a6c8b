import { Type } from 'typebox'
import type { Router } from '../../platform/http/routes.ts'
import { submitForm } from '../../platform/http/forms.ts'
import { addDays, ukDate } from '../../platform/dates.ts'
import { formatDate, formatNumber } from '../../platform/views/format.ts'
import { NON_CRIME_STATUS_TEXT, FINDING_STATUS_TEXT } from './integrity.labels.ts'
import { reportCsv, type IntegrityReport, type IntegrityReportService } from './integrity.report.ts'
import { describeInterval, type Interval } from './integrity.statistics.ts'

const ReportQuery = Type.Object({ from: Type.Optional(Type.String()), to: Type.Optional(Type.String()) })

const range = (i: Interval) =>
  i.low === null || i.high === null ? '' : `${(i.low * 100).toFixed(1)}% to ${(i.high * 100).toFixed(1)}%`

function reportModel(report: IntegrityReport) {
  const line = (i: Interval) => ({ summary: describeInterval(i), range: range(i), n: i.n })
  return {
    periodText: `${formatDate(report.from)} to ${formatDate(report.to)}`,
    audits: report.audits.map((a) => ({
      ...a,
      recording: line(a.recording),
      checks: a.checks.map((c) => ({ label: c.label, ...line(c.interval) })),
    })),
    timeliness: {
      ...line(report.timeliness.interval),
      recorded: formatNumber(report.timeliness.recorded),
      late: formatNumber(report.timeliness.late),
    },
    cancellations: report.cancellations,
    n100s: report.n100s,
    nonCrime: report.nonCrime.map((r) => ({ ...r, text: NON_CRIME_STATUS_TEXT[r.status] ?? r.status })),
    findings: report.findings.map((r) => ({ ...r, text: FINDING_STATUS_TEXT[r.status] ?? r.status })),
    backlog: {
      awaitingFiling: formatNumber(report.backlog.awaitingFiling),
      breach: report.backlog.breachDate ? formatDate(report.backlog.breachDate) : 'Not within the 12-week forecast',
    },
  }
}

/** The inspection-ready report: one printable page, and CSV. Mounted inside integrityPages. */
export function reportPages(app: Router, reports: IntegrityReportService, today: () => Date): void {
  const period = (query: { from?: string | undefined; to?: string | undefined }) => {
    const yesterday = addDays(ukDate(today()), -1)
    return { from: query.from ?? addDays(yesterday, -182), to: query.to ?? yesterday }
  }

  app.get(
    '/report',
    { config: { permission: 'integrity.view' }, schema: { querystring: ReportQuery } },
    async (request, reply) => {
      const { from, to } = period(request.query)
      const result = await submitForm(() => reports.report(request.actor, from, to))
      if (!result.ok) {
        return reply.status(400).render('integrity/views/report.njk', { ...result, values: { from, to } })
      }
      return reply.render('integrity/views/report.njk', { ...reportModel(result.value), values: { from, to } })
    },
  )

  app.get(
    '/report.csv',
    { config: { permission: 'integrity.view' }, schema: { querystring: ReportQuery } },
    async (request, reply) => {
      const { from, to } = period(request.query)
      const report = await reports.report(request.actor, from, to)
      return reply
        .header('content-type', 'text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="crime-data-integrity-${from}-to-${to}.csv"`)
        .header('cache-control', 'no-store')
        .send(reportCsv(report))
    },
  )
}
