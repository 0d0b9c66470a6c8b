import { systemActor, type Actor } from '../../platform/auth/actor.ts'
import type { Clock } from '../../platform/clock.ts'
import type { ForceTransaction, TallyDatabase } from '../../platform/db/database.ts'
import { Conflict, Forbidden, ValidationFailed } from '../../platform/http/errors.ts'
import type { AccountsService } from '../accounts/index.ts'
import type { AuditTrailService } from '../audit-trail/index.ts'
import { type CrimeWorklists } from '../crimes/index.ts'
import { type IncidentWorklists } from '../incidents/index.ts'
import type { NewQueueSnapshot, QueuesRepository } from './queues.repository.ts'
import { addDays, datesFrom, startOfUkDay, ukDate } from '../../platform/dates.ts'
import {
  backlogAlert,
  DEFAULT_AWAITING_FILING_THRESHOLD,
  OPEN_STATUSES,
  QUEUES,
  reconstructDays,
  reopenedSpans,
  daysFromSpans,
  recordingByWeek,
  singleStatusOf,
  thresholdProblem,
  type Transition,
} from './queues.rules.ts'
import { emptyFilter, QueueReads, statusLabel } from './queues.reads.ts'
import {
  CATCH_UP_DAYS,
  COMPLIANCE_WEEKS,
  MAX_BACKFILL_DAYS,
  TREND_DAYS,
  type DashboardData,
  type SnapshotResult,
} from './queues.shapes.ts'

const DAY_MS = 24 * 60 * 60 * 1000

/**
 * The supervisor's dashboard (rule 14) and the daily snapshots it is drawn from, and the awaiting-filing alert
 * threshold the supervisor sets.
 */
export class QueueDashboard {
  private readonly reads: QueueReads

  constructor(
    private readonly db: TallyDatabase,
    private readonly repository: QueuesRepository,
    private readonly crimeWorklists: CrimeWorklists,
    private readonly incidentWorklists: IncidentWorklists,
    private readonly accounts: Pick<AccountsService, 'listUsers' | 'listForces'>,
    private readonly auditTrail: AuditTrailService,
    private readonly clock: Clock,
  ) {
    this.reads = new QueueReads(crimeWorklists, incidentWorklists)
  }

  /**
   * Writes each work queue's end-of-day size and flows (and the day's 24-hour recording figures) for every day in
   * the last `maxDays` (CATCH_UP_DAYS by default) that has ended and has no snapshot yet. Idempotent: a day once
   * written is never rewritten, so the dashboard, the timer and the command line may all call it at once. Sizes
   * of single-status queues are rebuilt exactly from today's size and the status history since; re-opened crimes
   * and incidents awaiting a decision from the time each item spent in the queue; the day just ended, and every
   * queue's ageing, are as measured now (`source`, `measured_at`).
   */
  async snapshot(actor: Actor, options: { maxDays?: number } = {}): Promise<SnapshotResult> {
    actor.permissions.require('dashboard.view')
    const maxDays = options.maxDays ?? CATCH_UP_DAYS
    if (!Number.isInteger(maxDays) || maxDays < 1 || maxDays > MAX_BACKFILL_DAYS) {
      throw ValidationFailed.of('days', `Snapshot between 1 and ${MAX_BACKFILL_DAYS} days back`)
    }
    const now = this.clock.now()
    const today = ukDate(now)
    const yesterday = addDays(today, -1)
    return this.db.withForce(actor.forceId, async (tx) => {
      const wanted = datesFrom(addDays(today, -maxDays), yesterday)
      const present = new Set(await this.repository.snapshotDays(tx, wanted[0]!, yesterday))
      const missing = wanted.filter((day) => !present.has(day))
      if (missing.length === 0) {
        return { forceId: actor.forceId, days: [], written: 0 }
      }
      // Sizes are worked back from today's, so every day from the first missing one is rebuilt; days already
      // written are left as they are (the insert skips them).
      const days = datesFrom(missing[0]!, yesterday)
      const rows = await this.snapshotRowsIn(tx, days, now)
      const written = await this.repository.insertSnapshots(tx, rows)
      const recorded = await this.crimeWorklists.recordedByDay(tx, startOfUkDay(days[0]!), startOfUkDay(today))
      const byDay = new Map(recorded.map((row) => [row.day, row]))
      await this.repository.insertRecordingDays(
        tx,
        days.map((day) => ({
          day,
          recorded: Number(byDay.get(day)?.recorded ?? 0),
          recordedOnTime: Number(byDay.get(day)?.onTime ?? 0),
          measuredAt: now,
        })),
      )
      return { forceId: actor.forceId, days: missing, written }
    })
  }

  /** Snapshots every force (the daily timer and `tally queues snapshot --all`), each as Tally itself. */
  async snapshotAllForces(options: { maxDays?: number } = {}): Promise<SnapshotResult[]> {
    const results: SnapshotResult[] = []
    for (const force of await this.accounts.listForces()) {
      results.push(await this.snapshot(systemActor(force.forceId, 'Queue snapshot'), options))
    }
    return results
  }

  private async snapshotRowsIn(tx: ForceTransaction, days: readonly string[], now: Date): Promise<NewQueueSnapshot[]> {
    const today = ukDate(now)
    const yesterday = addDays(today, -1)
    const from = startOfUkDay(days[0]!)
    const backfilling = days.some((day) => day !== yesterday)
    const transitions = await this.crimeWorklists.transitionsByDay(tx, from, new Date(now.getTime() + 1))
    // The queues that are not one status are rebuilt from the spans their items spent in them. A decision is due
    // within 24 hours, so incidents received more than 30 days before are not looked for; re-openings are looked
    // for a year back, and only when days before yesterday are being written (the daily run counts yesterday's).
    const waiting = await this.incidentWorklists.waitingSpans(tx, new Date(from.getTime() - 30 * DAY_MS), now)
    const incidentDays = daysFromSpans(
      waiting.map((row) => ({ from: row.receivedAt, to: row.leftAt })),
      days,
    )
    const reopenedDays = backfilling
      ? daysFromSpans(
          reopenedSpans(await this.crimeWorklists.reopenedHistories(tx, new Date(from.getTime() - 365 * DAY_MS), now)),
          days,
        )
      : undefined
    const reopenedYesterday = backfilling
      ? undefined
      : await this.crimeWorklists.reopenedByDay(tx, from, startOfUkDay(today))
    const byDay = new Map<string, Transition[]>()
    for (const row of transitions) {
      const list = byDay.get(row.day) ?? []
      list.push({ fromStatus: row.fromStatus, toStatus: row.toStatus, count: Number(row.count) })
      byDay.set(row.day, list)
    }
    // Changes after the last day being written (today's, up to now) are undone to reach its end-of-day size.
    const afterLast = [...byDay.entries()].filter(([day]) => day > yesterday).flatMap(([, list]) => list)
    const rows: NewQueueSnapshot[] = []
    for (const queue of QUEUES.filter((q) => q.work)) {
      const measured = await this.reads.statsIn(tx, queue, emptyFilter(), now)
      const status = singleStatusOf(queue)
      const rebuilt =
        status !== undefined
          ? reconstructDays(status, measured.count, days, byDay, afterLast)
          : queue.source === 'incident'
            ? incidentDays
            : (reopenedDays ??
              days.map((day) => ({
                day,
                size: measured.count,
                arrivals: Number(reopenedYesterday?.find((row) => row.day === day)?.count ?? 0),
                completions: null,
              })))
      for (const day of rebuilt) {
        const isYesterday = day.day === yesterday
        rows.push({
          day: day.day,
          queue: queue.key,
          // The single-status queues are exact; the others' day just ended is the queue as it is now.
          size: isYesterday && status === undefined ? measured.count : day.size,
          arrivals: day.arrivals,
          completions: day.completions,
          ...(isYesterday
            ? { oldestSince: measured.oldest, overdue: measured.overdue, ageing: measured.buckets.map((b) => b.count) }
            : { oldestSince: null, overdue: null, ageing: null }),
          source: isYesterday ? 'measured' : 'reconstructed',
          measuredAt: now,
        })
      }
    }
    return rows
  }

  /**
   * The supervisor's one page (rule 14): every queue's size now and a week ago, each work queue's trend from the
   * daily snapshots, the awaiting-filing ageing and alert, 24-hour recording by week, and who holds how much.
   * Opening it writes any missing snapshot first (idempotent). Its cost is the queues' sizes and the number of
   * days shown, never the number of crimes held.
   */
  async dashboard(actor: Actor): Promise<DashboardData> {
    actor.permissions.require('dashboard.view')
    // Housekeeping by Tally itself, whoever opened the page (an inspector reads and changes nothing).
    await this.snapshot(systemActor(actor.forceId, 'Queue snapshot'))
    const now = this.clock.now()
    const today = ukDate(now)
    const users = await this.accounts.listUsers(actor)
    const names = new Map(users.map((user) => [user.userId, user.displayName]))
    return this.db.withForce(actor.forceId, async (tx) => {
      const trendFrom = addDays(today, -TREND_DAYS)
      const weekAgo = addDays(today, -7)
      const complianceFrom = addDays(today, -7 * COMPLIANCE_WEEKS)
      const [snapshots, recordingDays, setting, holders] = await Promise.all([
        this.repository.snapshots(tx, trendFrom, today),
        this.repository.recordingDays(tx, complianceFrom, today),
        this.repository.setting(tx),
        this.crimeWorklists.openWorkByHolder(tx),
      ])
      const queues: DashboardData['queues'] = []
      for (const queue of QUEUES) {
        const stats = await this.reads.statsIn(tx, queue, emptyFilter(), now)
        const past = snapshots.find((row) => row.queue === queue.key && row.day === weekAgo)
        queues.push({ queue, ...stats, weekAgo: past ? past.size : null })
      }
      const trend: DashboardData['trend'] = []
      for (const queue of QUEUES.filter((q) => q.work)) {
        for (const row of snapshots.filter((s) => s.queue === queue.key)) {
          trend.push({ day: row.day, queue: queue.key, label: queue.label, size: row.size, live: false })
        }
        const live = queues.find((q) => q.queue.key === queue.key)!
        trend.push({ day: today, queue: queue.key, label: queue.label, size: live.count, live: true })
      }
      const threshold = setting?.awaitingFilingThreshold ?? DEFAULT_AWAITING_FILING_THRESHOLD
      const filing = queues.find((q) => q.queue.key === 'awaiting-filing')!
      const byHolder = new Map<string, DashboardData['holders'][number]>()
      for (const row of holders) {
        const holder = byHolder.get(row.assignedUserId) ?? {
          userId: row.assignedUserId,
          name: names.get(row.assignedUserId) ?? 'Unknown user',
          byStatus: [],
          total: 0,
        }
        holder.byStatus.push({ status: row.status, label: statusLabel(row.status), count: Number(row.count) })
        holder.total += Number(row.count)
        byHolder.set(row.assignedUserId, holder)
      }
      for (const holder of byHolder.values()) {
        holder.byStatus.sort(
          (a, b) => OPEN_STATUSES.indexOf(a.status as never) - OPEN_STATUSES.indexOf(b.status as never),
        )
      }
      return {
        now,
        today,
        queues,
        trend,
        awaitingFiling: { alert: backlogAlert(filing.count, threshold), buckets: filing.buckets },
        recording: recordingByWeek(
          recordingDays.map((row) => ({ day: row.day, recorded: row.recorded, onTime: row.recordedOnTime })),
        ),
        holders: [...byHolder.values()].sort((a, b) => b.total - a.total || a.name.localeCompare(b.name)),
        threshold: {
          value: threshold,
          version: setting?.version ?? 0,
          updatedAt: setting?.updatedAt ?? null,
          updatedByName: setting?.updatedByName ?? null,
        },
        snapshotsFrom: snapshots[0]?.day ?? null,
      }
    })
  }

  /** The force's awaiting-filing alert threshold (rule 14); Tally's default until the force sets its own. */
  async threshold(actor: Actor): Promise<{ value: number; version: number }> {
    // The forecast's breach line too, on its own pages and in the inspection-ready report.
    actor.permissions.require('dashboard.view', 'forecast.view', 'forecast.run', 'integrity.view')
    const row = await this.db.withForce(actor.forceId, (tx) => this.repository.setting(tx))
    return { value: row?.awaitingFilingThreshold ?? DEFAULT_AWAITING_FILING_THRESHOLD, version: row?.version ?? 0 }
  }

  /** Sets the threshold at the version the person saw (0 before the force's first); a stale one is a Conflict. */
  async setThreshold(
    actor: Actor,
    input: { threshold: string; expectedVersion: number },
  ): Promise<{ value: number; version: number }> {
    if (!actor.permissions.can('queues.manage')) {
      throw new Forbidden('Only the IMU supervisor can change the awaiting-filing threshold')
    }
    const problem = thresholdProblem(input.threshold)
    if (problem) {
      throw ValidationFailed.of('threshold', problem)
    }
    const value = Number(input.threshold.trim().replaceAll(',', ''))
    const now = this.clock.now()
    return this.db.withForce(actor.forceId, async (tx) => {
      const before = await this.repository.setting(tx)
      const changes = { awaitingFilingThreshold: value, updatedAt: now, updatedByName: actor.name }
      const saved =
        input.expectedVersion === 0
          ? await this.repository.insertSetting(tx, changes)
          : await this.repository.updateSetting(tx, input.expectedVersion, changes)
      if (!saved) {
        throw new Conflict(
          'Someone else changed the awaiting-filing threshold while you were looking at it. Check it now and set it again if you still need to.',
          { currentVersion: before?.version ?? 0 },
        )
      }
      this.auditTrail.record(tx, actor, {
        action: 'QUEUE_THRESHOLD_CHANGED',
        recordType: 'queue-setting',
        recordId: 'awaiting-filing',
        changes: {
          awaitingFilingThreshold: {
            before: before?.awaitingFilingThreshold ?? DEFAULT_AWAITING_FILING_THRESHOLD,
            after: value,
          },
        },
      })
      return { value: saved.awaitingFilingThreshold, version: saved.version }
    })
  }
}
