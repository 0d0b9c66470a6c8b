import type { Actor } from '../../platform/auth/actor.ts'
import type { Clock } from '../../platform/clock.ts'
import type { TallyDatabase } from '../../platform/db/database.ts'
import { ukDate } from '../../platform/dates.ts'
import { Conflict, Forbidden, NotFound, ValidationFailed } from '../../platform/http/errors.ts'
import { newId } from '../../platform/ids.ts'
import type { AuditTrailService } from '../audit-trail/index.ts'
import { Disposal, type DisposalParts, type DisposalSummary } from './retention.disposal.ts'
import type { RecordType, RetentionRepository } from './retention.repository.ts'
import {
  reviewProblems,
  scheduleProblems,
  suggestedNextReview,
  type ReviewDecision,
  type ReviewInput,
} from './retention.rules.ts'
import { RetentionScheduler } from './retention.schedule.ts'

export type { RecordType }

export interface RetentionRecord {
  recordType: RecordType
  recordId: string
  reference: string
  category: string
  categoryLabel: string
  countsFrom: string
  nextReviewOn: string
  status: 'retained' | 'disposed'
  due: boolean
  reviewedAt: Date | null
  reviewedBy: string | null
  disposedAt: Date | null
  version: number
}

export interface RetentionReview {
  reviewId: string
  decision: ReviewDecision
  reason: string | null
  nextReviewOn: string | null
  category: string
  reviewedAt: Date
  reviewedByName: string
}

export interface ReviewOutcome {
  decision: ReviewDecision
  nextReviewOn: string | null
  disposal: DisposalSummary | null
}

export const QUEUE_PAGE_SIZE = 50

/**
 * Retention review under MoPI and DPA 2018 Part 3 (rule 21): every crime and person has a retention category and
 * a next review date; reviewers see the records whose date has come, oldest first, and each review ends in a
 * recorded decision — retain with a reason and a new date, or dispose. Disposal removes personal data and keeps
 * the counting record. Reading needs retention.view, reviewing retention.review, the schedule retention.manage.
 */
export class RetentionService {
  private readonly scheduler: RetentionScheduler
  private readonly disposal: Disposal
  private readonly crimes: DisposalParts['crimes']

  constructor(
    private readonly db: TallyDatabase,
    private readonly repository: RetentionRepository,
    parts: DisposalParts,
    private readonly auditTrail: AuditTrailService,
    private readonly clock: Clock,
  ) {
    this.scheduler = new RetentionScheduler(repository, parts.crimes, parts.people, clock)
    this.disposal = new Disposal(repository, this.scheduler, parts, auditTrail)
    this.crimes = parts.crimes
  }

  private today(): string {
    return ukDate(this.clock.now())
  }

  /** The force's retention categories and their periods. */
  schedules(actor: Actor) {
    if (!actor.permissions.can('retention.view') && !actor.permissions.can('retention.manage')) {
      throw new Forbidden('Your role cannot see the retention schedule')
    }
    return this.db.withForce(actor.forceId, (tx) => this.scheduler.schedulesIn(tx))
  }

  /** Changes one category's review period; records are worked out again on the next schedule run. */
  async changeSchedule(
    actor: Actor,
    category: string,
    input: { reviewAfterYears: number; expectedVersion: number },
  ): Promise<void> {
    this.assert(
      actor,
      'retention.manage',
      'Only the Force Crime Registrar or an administrator can change retention periods',
    )
    const problems = scheduleProblems(input)
    if (problems.length > 0) {
      throw new ValidationFailed(problems)
    }
    await this.db.withForce(actor.forceId, async (tx) => {
      const before = (await this.scheduler.schedulesIn(tx)).find((schedule) => schedule.category === category)
      if (!before) {
        throw new NotFound('There is no retention category with that name')
      }
      const changed = await this.repository.updateSchedule(tx, category, input.expectedVersion, {
        reviewAfterYears: input.reviewAfterYears,
        updatedAt: this.clock.now(),
        updatedBy: actor.name,
      })
      if (!changed) {
        throw new Conflict('Someone changed this retention period since you opened it: look again and re-enter it')
      }
      this.auditTrail.record(tx, actor, {
        action: 'RETENTION_SCHEDULE_CHANGED',
        recordType: 'retention_schedule',
        recordId: category,
        changes: { reviewAfterYears: { before: before.reviewAfterYears, after: input.reviewAfterYears } },
      })
    })
  }

  /**
   * Works out every crime's and person's category and next review date in the force, a page per transaction
   * (the nightly run and `tally retention schedule`). Returns how many records were written.
   */
  async scheduleAll(actor: Actor, onPage?: (done: number) => void): Promise<{ crimes: number; people: number }> {
    this.assert(actor, 'retention.manage', 'Only the Force Crime Registrar or an administrator can schedule retention')
    const counts = { crimes: 0, people: 0 }
    for (const kind of ['crimes', 'people'] as const) {
      let after: string | null = null
      do {
        const page: { last: string | null; changed: number } = await this.db.withForce(actor.forceId, (tx) =>
          kind === 'crimes' ? this.scheduler.crimePage(tx, after) : this.scheduler.personPage(tx, after),
        )
        counts[kind] += page.changed
        after = page.last
        onPage?.(counts.crimes + counts.people)
      } while (after !== null)
    }
    if (counts.crimes + counts.people > 0) {
      await this.db.withForce(actor.forceId, (tx) => {
        this.auditTrail.record(tx, actor, {
          action: 'RETENTION_SCHEDULED',
          recordType: 'retention_schedule',
          recordId: 'all',
          changes: counts,
        })
      })
    }
    return counts
  }

  /** The review queue: records whose review date has come, oldest first. */
  async queue(actor: Actor, page = 1) {
    this.assert(actor, 'retention.view', 'Your role cannot see the retention review queue')
    const today = this.today()
    return this.db.withForce(actor.forceId, async (tx) => {
      const schedules = await this.scheduler.schedulesIn(tx)
      const [rows, total] = await Promise.all([
        this.repository.due(tx, today, QUEUE_PAGE_SIZE, (Math.max(page, 1) - 1) * QUEUE_PAGE_SIZE),
        this.repository.dueCount(tx, today),
      ])
      const labels = new Map(schedules.map((schedule) => [schedule.category, schedule.label]))
      return {
        today,
        total,
        page: Math.max(page, 1),
        pageSize: QUEUE_PAGE_SIZE,
        records: rows.map((row) => ({ ...row, categoryLabel: labels.get(row.category) ?? row.category, due: true })),
      }
    })
  }

  /**
   * One crime's or person's retention: its category, dates and every review. A record the nightly run has not
   * reached yet is worked out now, so every crime and person has a next review date to show.
   */
  async record(
    actor: Actor,
    recordType: RecordType,
    recordId: string,
  ): Promise<{ record: RetentionRecord; reviews: RetentionReview[]; suggestedNextReview: string }> {
    this.assert(actor, 'retention.view', 'Your role cannot see retention records')
    return this.db.withForce(actor.forceId, async (tx) => {
      let row = await this.repository.find(tx, recordType, recordId)
      if (!row && (await this.scheduler.ensureIn(tx, recordType, recordId))) {
        row = await this.repository.find(tx, recordType, recordId)
      }
      if (!row) {
        throw new NotFound(`There is no ${recordType} with that id in this force`)
      }
      const schedules = await this.scheduler.schedulesIn(tx)
      const schedule = schedules.find((candidate) => candidate.category === row.category)
      this.auditTrail.record(tx, actor, {
        action: 'RETENTION_RECORD_VIEWED',
        recordType,
        recordId,
      })
      return {
        record: {
          ...row,
          categoryLabel: schedule?.label ?? row.category,
          due: row.status === 'retained' && row.nextReviewOn <= this.today(),
        },
        reviews: await this.repository.reviewsOf(tx, recordType, recordId),
        suggestedNextReview: suggestedNextReview(this.today(), schedule?.reviewAfterYears ?? 6),
      }
    })
  }

  /** A crime's id from its reference, for looking up its retention; the field is named when there is none. */
  async findCrime(actor: Actor, crimeReference: string): Promise<string> {
    this.assert(actor, 'retention.view', 'Your role cannot see retention records')
    if (crimeReference.trim() === '') {
      throw ValidationFailed.of('reference', 'Enter a crime reference')
    }
    const crimeId = await this.db.withForce(actor.forceId, (tx) => this.crimes.crimeIdByReference(tx, crimeReference))
    if (!crimeId) {
      throw ValidationFailed.of('reference', `There is no crime with the reference ${crimeReference.trim()}`)
    }
    return crimeId
  }

  /**
   * Rule 21: completes a review with its decision — retain (with a reason and a new review date) or dispose —
   * in one transaction with the disposal it causes and the audit events that record both.
   */
  async review(
    actor: Actor,
    recordType: RecordType,
    recordId: string,
    input: ReviewInput & { expectedVersion: number },
  ): Promise<ReviewOutcome> {
    this.assert(actor, 'retention.review', 'Your role cannot review records for retention')
    const problems = reviewProblems(input, this.today())
    if (problems.length > 0) {
      throw new ValidationFailed(problems)
    }
    const decision = input.decision as ReviewDecision
    const now = this.clock.now()
    return this.db.withForce(actor.forceId, async (tx) => {
      const row = await this.repository.find(tx, recordType, recordId)
      if (!row) {
        throw new NotFound(`There is no ${recordType} with that id in this force`)
      }
      if (row.status === 'disposed') {
        throw new Conflict('This record has already been disposed of')
      }
      const disposal =
        decision === 'dispose'
          ? recordType === 'crime'
            ? await this.disposal.crimeIn(tx, actor, recordId, now)
            : await this.disposal.personIn(tx, actor, recordId, now)
          : null
      const nextReviewOn = decision === 'retain' ? input.nextReviewOn : null
      const reason = input.reason.trim() === '' ? null : input.reason.trim()
      const recorded = await this.repository.recordReview(
        tx,
        {
          reviewId: newId(),
          recordType,
          recordId,
          decision,
          reason,
          nextReviewOn,
          category: row.category,
          reviewedAt: now,
          reviewedBy: actor.id,
          reviewedByName: actor.name,
        },
        {
          nextReviewOn: nextReviewOn ?? row.nextReviewOn,
          status: disposal ? 'disposed' : 'retained',
          disposedAt: disposal ? now : null,
        },
        input.expectedVersion,
      )
      if (!recorded) {
        throw new Conflict('Someone reviewed or changed this record since you opened it: look again before deciding')
      }
      this.auditTrail.record(tx, actor, {
        action: decision === 'retain' ? 'RECORD_RETAINED' : 'RECORD_DISPOSED',
        recordType,
        recordId,
        changes: {
          category: row.category,
          nextReviewOn: { before: row.nextReviewOn, after: nextReviewOn },
          ...(disposal
            ? { removed: disposal.removed, peopleRemoved: disposal.peopleRemoved, peopleKept: disposal.peopleKept }
            : {}),
        },
        reason: reason ?? undefined,
      })
      return { decision, nextReviewOn, disposal }
    })
  }

  private assert(
    actor: Actor,
    permission: 'retention.view' | 'retention.review' | 'retention.manage',
    message: string,
  ) {
    if (!actor.permissions.can(permission)) {
      throw new Forbidden(message)
    }
  }
}
