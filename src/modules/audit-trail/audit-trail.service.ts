import type { Actor } from '../../platform/auth/actor.ts'
import type { Clock } from '../../platform/clock.ts'
import type { ForceTransaction, TallyDatabase } from '../../platform/db/database.ts'
import type { AuditEventFilter, AuditEventRow, AuditTrailRepository } from './audit-trail.repository.ts'
import {
  ChainVerifier,
  eventHash,
  GENESIS_HASH,
  toJson,
  type ChainProblem,
  type StoredEvent,
} from './audit-trail.rules.ts'

/** What a module says happened. `action` is an UPPER_SNAKE past-tense verb: CRIME_RECORDED, CRIME_VIEWED. */
export interface AuditEventInput {
  action: string
  recordType: string
  recordId: string
  /** Changed fields as `{ field: { before, after } }`, or any small JSON context (search terms, export size). */
  changes?: Record<string, unknown> | undefined
  /** Why, where a rule requires a reason (cancellation, reclassification, re-opening). */
  reason?: string | undefined
}

interface PendingEvent extends AuditEventInput {
  actor: Actor
  occurredAt: Date
}

export interface ForceVerification {
  forceId: number
  code: string
  eventsChecked: number
  head: { seq: number; hash: string }
  problem: ChainProblem | undefined
}

const ACTION = /^[A-Z][A-Z0-9_]*$/
const VERIFY_BATCH = 5_000

export class AuditTrailService {
  private readonly pending = new WeakMap<ForceTransaction, PendingEvent[]>()

  constructor(
    private readonly db: TallyDatabase,
    private readonly repository: AuditTrailRepository,
    private readonly clock: Clock,
  ) {}

  /**
   * Records an event in the same transaction as the change it describes. Events are appended just before the
   * transaction commits, so the force's chain lock is held only briefly; if the transaction rolls back, so do
   * they.
   */
  record(tx: ForceTransaction, actor: Actor, event: AuditEventInput): void {
    if (!ACTION.test(event.action)) {
      throw new Error(`Audit action must be UPPER_SNAKE, got "${event.action}"`)
    }
    const events = this.pending.get(tx) ?? []
    if (events.length === 0) {
      this.pending.set(tx, events)
      this.db.beforeCommit(tx, 'audit-trail', () => this.flush(tx))
    }
    events.push({ ...event, actor, occurredAt: this.clock.now() })
  }

  private async flush(tx: ForceTransaction): Promise<void> {
    const events = this.pending.get(tx)
    this.pending.delete(tx)
    if (!events || events.length === 0) {
      return
    }
    const forceId = this.db.forceOf(tx)
    const head = await this.repository.lockChain(tx, forceId, GENESIS_HASH)
    let { lastSeq: seq, lastHash: prevHash } = head
    const stored: StoredEvent[] = events.map((event) => {
      seq += 1
      const chained = {
        forceId,
        seq,
        occurredAt: event.occurredAt,
        actorType: event.actor.type,
        actorId: event.actor.id,
        actorName: event.actor.name,
        action: event.action,
        recordType: event.recordType,
        recordId: event.recordId,
        changes: event.changes === undefined ? null : toJson(event.changes),
        reason: event.reason ?? null,
        requestId: event.actor.requestId ?? null,
        prevHash,
      }
      const hash = eventHash(chained)
      prevHash = hash
      return { ...chained, hash }
    })
    await this.repository.append(tx, stored)
  }

  /** Everything that happened to one record, oldest first (the timeline on a record's page). */
  forRecord(tx: ForceTransaction, recordType: string, recordId: string): Promise<AuditEventRow[]> {
    return this.repository.forRecord(tx, recordType, recordId)
  }

  /** Searches the trail, newest first. */
  search(actor: Actor, filter: AuditEventFilter): Promise<AuditEventRow[]> {
    return this.db.withForce(actor.forceId, (tx) => this.repository.find(tx, filter))
  }

  /** The hash stored at `seq` in a force's chain: to check a head noted earlier is still there. */
  async hashAt(forceCode: string, seq: number): Promise<string | undefined> {
    const force = (await this.repository.forces()).find(
      (candidate) => candidate.code.toLowerCase() === forceCode.toLowerCase(),
    )
    return force
      ? (await this.repository.batch(force.forceId, seq - 1, 1)).find((event) => event.seq === seq)?.hash
      : undefined
  }

  /**
   * Recomputes every force's chain (or one force's) and reports the first altered, removed or reordered event
   * in each, with the head to note down: a head noted earlier and later missing means the chain was rebuilt.
   */
  async verify(
    options: { forceCode?: string | undefined; onProgress?: (checked: number) => void } = {},
  ): Promise<ForceVerification[]> {
    const forces = (await this.repository.forces()).filter(
      (force) => options.forceCode === undefined || force.code.toLowerCase() === options.forceCode.toLowerCase(),
    )
    const results: ForceVerification[] = []
    let total = 0
    for (const force of forces) {
      const verifier = new ChainVerifier()
      let problem: ChainProblem | undefined
      let afterSeq = 0
      for (;;) {
        const batch = await this.repository.batch(force.forceId, afterSeq, VERIFY_BATCH)
        for (const event of batch) {
          problem = verifier.check(event)
          if (problem) {
            break
          }
        }
        total += batch.length
        options.onProgress?.(total)
        if (problem || batch.length < VERIFY_BATCH) {
          break
        }
        afterSeq = batch.at(-1)!.seq
      }
      problem ??= verifier.finish(await this.repository.chainHead(force.forceId))
      results.push({
        forceId: force.forceId,
        code: force.code,
        eventsChecked: verifier.checked,
        head: { seq: verifier.lastSeq, hash: verifier.lastHash },
        problem,
      })
    }
    return results
  }
}
