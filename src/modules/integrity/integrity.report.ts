import { stringify } from 'csv-stringify/sync'
import { sql } from 'kysely'
import type { Actor } from '../../platform/auth/actor.ts'
import { addDays, isDate, startOfUkDay } from '../../platform/dates.ts'
import type { ForceTransaction, TallyDatabase } from '../../platform/db/database.ts'
import { FieldErrors } from '../../platform/http/errors.ts'
import type { AuditTrailService } from '../audit-trail/index.ts'
import { AuditsRepository } from './integrity.audits.repository.ts'
import { auditResults, POPULATIONS } from './integrity.audits.rules.ts'
import { describeInterval, wilson, type Interval } from './integrity.statistics.ts'

/** The IMU's backlog now and when the forecast says it passes its threshold (the queues and capacity modules). */
export type BacklogSource = (actor: Actor) => Promise<{ awaitingFiling: number; breachDate: string | null }>

export interface IntegrityReport {
  from: string
  to: string
  audits: Array<{
    title: string
    population: string
    period: string
    recording: Interval
    checks: Array<{ label: string; interval: Interval }>
  }>
  timeliness: { recorded: number; late: number; interval: Interval }
  cancellations: Array<{ code: string; count: number }>
  n100s: Array<{ status: string; count: number }>
  nonCrime: Array<{ status: string; count: number }>
  findings: Array<{ status: string; count: number }>
  backlog: { awaitingFiling: number; breachDate: string | null }
}

const counted = (rows: Array<{ key: string | null; count: string | number | bigint }>) =>
  rows.map((r) => ({ key: r.key ?? '', count: Number(r.count) }))

/**
 * The inspection-ready report (DOMAIN.md §4.2): the force's crime-data-integrity measures for a period on one
 * page, and the same as CSV. Reading it is recorded in the audit trail, as a disclosure of the force's figures.
 */
export class IntegrityReportService {
  private readonly audits = new AuditsRepository()

  constructor(
    private readonly db: TallyDatabase,
    private readonly auditTrail: AuditTrailService,
    private readonly backlog: BacklogSource,
  ) {}

  async report(actor: Actor, from: string, to: string): Promise<IntegrityReport> {
    actor.permissions.require('integrity.view')
    new FieldErrors()
      .check(isDate(from), 'from', 'Enter the first day of the period, as a real date')
      .check(isDate(to), 'to', 'Enter the last day of the period, as a real date')
      .check(!isDate(from) || !isDate(to) || from <= to, 'to', 'The period must end on or after the day it starts')
      .throwIfAny()
    const start = startOfUkDay(from)
    const end = startOfUkDay(addDays(to, 1))
    const backlog = await this.backlog(actor)
    return this.db.withForce(actor.forceId, async (tx) => {
      const report = { from, to, ...(await this.measures(tx, from, to, start, end)), backlog }
      this.auditTrail.record(tx, actor, {
        action: 'INTEGRITY_REPORT_VIEWED',
        recordType: 'integrity',
        recordId: String(actor.forceId),
        reason: `${from} to ${to}`,
      })
      return report
    })
  }

  private async measures(tx: ForceTransaction, from: string, to: string, start: Date, end: Date) {
    const audits = (await this.audits.audits(tx)).filter((a) => a.periodFrom <= to && a.periodTo >= from)
    const auditRows = []
    for (const audit of audits) {
      const results = auditResults(audit, await this.audits.items(tx, audit.auditId))
      auditRows.push({
        title: audit.title,
        population: POPULATIONS[audit.population],
        period: `${audit.periodFrom} to ${audit.periodTo}`,
        recording: results.recording,
        checks: results.checks.map((c) => ({ label: c.label, interval: c.interval })),
      })
    }
    const timely = await tx
      .selectFrom('crime')
      .select((eb) => [
        eb.fn.countAll<string>().as('recorded'),
        eb.fn.sum<string>(sql`case when recorded_late then 1 else 0 end`).as('late'),
      ])
      .where('recordedAt', '>=', start)
      .where('recordedAt', '<', end)
      .executeTakeFirstOrThrow()
    const recorded = Number(timely.recorded)
    const late = Number(timely.late ?? 0)
    const cancellations = await tx
      .selectFrom('crimeCancellation')
      .select((eb) => ['code as key', eb.fn.countAll<string>().as('count')])
      .where('decision', '=', 'authorised')
      .where('decidedAt', '>=', start)
      .where('decidedAt', '<', end)
      .groupBy('code')
      .orderBy('code')
      .execute()
    const n100s = await tx
      .selectFrom('n100')
      .select((eb) => ['status as key', eb.fn.countAll<string>().as('count')])
      .where('createdAt', '>=', start)
      .where('createdAt', '<', end)
      .groupBy('status')
      .execute()
    const nonCrime = await tx
      .selectFrom('nonCrimeReview')
      .select((eb) => ['status as key', eb.fn.countAll<string>().as('count')])
      .where('closedAt', '>=', start)
      .where('closedAt', '<', end)
      .groupBy('status')
      .execute()
    const findings = await tx
      .selectFrom('detectorFinding')
      .select((eb) => ['status as key', eb.fn.countAll<string>().as('count')])
      .where('foundAt', '>=', start)
      .where('foundAt', '<', end)
      .groupBy('status')
      .execute()
    return {
      audits: auditRows,
      timeliness: { recorded, late, interval: wilson(recorded - late, recorded) },
      cancellations: counted(cancellations).map((r) => ({ code: r.key, count: r.count })),
      n100s: counted(n100s).map((r) => ({ status: r.key, count: r.count })),
      nonCrime: counted(nonCrime).map((r) => ({ status: r.key, count: r.count })),
      findings: counted(findings).map((r) => ({ status: r.key, count: r.count })),
    }
  }
}

const pct = (x: number | null) => (x === null ? '' : (x * 100).toFixed(1))

/** The report as CSV: one row per measure — section, measure, value, 95% low, 95% high, records. */
export function reportCsv(report: IntegrityReport): string {
  const rows: Array<Array<string | number>> = [['section', 'measure', 'value', 'low_95', 'high_95', 'records']]
  const interval = (section: string, measure: string, i: Interval) =>
    rows.push([section, measure, pct(i.rate), pct(i.low), pct(i.high), i.n])
  for (const audit of report.audits) {
    interval(`audit: ${audit.title} (${audit.period})`, 'recording rate %', audit.recording)
    for (const check of audit.checks) {
      interval(`audit: ${audit.title} (${audit.period})`, `${check.label} %`, check.interval)
    }
  }
  interval('timeliness', 'crimes recorded within 24 hours %', report.timeliness.interval)
  const counts = (section: string, list: Array<{ count: number } & Record<string, string | number>>, key: string) => {
    for (const row of list) {
      rows.push([section, String(row[key]), row.count, '', '', ''])
    }
  }
  counts('cancellations by code', report.cancellations, 'code')
  counts('N100s by status', report.n100s, 'status')
  counts('non-crime closures by review', report.nonCrime, 'status')
  counts('detector findings by verdict', report.findings, 'status')
  rows.push(['IMU backlog', 'awaiting filing now', report.backlog.awaitingFiling, '', '', ''])
  rows.push([
    'IMU backlog',
    'forecast date it passes its threshold',
    report.backlog.breachDate ?? 'not within the forecast',
    '',
    '',
    '',
  ])
  return stringify(rows)
}

export { describeInterval }
