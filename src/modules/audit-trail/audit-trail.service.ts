import type { Actor } from '../../platform/auth/actor.ts'
import type { Clock } from '../../platform/clock.ts'
import type { ForceTransaction, TallyDatabase } from '../../platform/db/database.ts'
import type { AuditEventFilter, AuditEventRow, AuditTrailRepository } from './audit-trail.repository.ts'
import { signAnchor, verifyAnchorSignature, type Anchor, type AnchorHead } from './audit-trail.anchors.ts'
import {
  ChainVerifier,
  GENESIS_HASH,
  storableJson,
  storableText,
  toJson,
  type ChainKeyring,
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
  /** Events written before the chain was keyed: they verify as plain SHA-256 links only. */
  unkeyedEvents: number
  head: { seq: number; hash: string }
  /** Everything wrong with the chain, in sequence order. */
  problems: ChainProblem[]
  /** The first of them. */
  problem: ChainProblem | undefined
}

/** What checking an exported anchor against the chains found. */
export interface AnchorCheck {
  forcesChecked: number
  problems: Array<{ force: string; message: string }>
}

const ACTION = /^[A-Z][A-Z0-9_]*$/
const VERIFY_BATCH = 5_000

export class AuditTrailService {
  private readonly pending = new WeakMap<ForceTransaction, PendingEvent[]>()

  constructor(
    private readonly db: TallyDatabase,
    private readonly repository: AuditTrailRepository,
    private readonly clock: Clock,
    readonly keys: ChainKeyring,
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
      // Hashed exactly as it will be stored: see storableText.
      const chained = {
        forceId,
        seq,
        occurredAt: event.occurredAt,
        actorType: event.actor.type,
        actorId: storableText(event.actor.id),
        actorName: storableText(event.actor.name),
        action: event.action,
        recordType: storableText(event.recordType),
        recordId: storableText(event.recordId),
        changes: event.changes === undefined ? null : storableJson(toJson(event.changes)),
        reason: event.reason === undefined ? null : storableText(event.reason),
        requestId: event.actor.requestId === undefined ? null : storableText(event.actor.requestId),
        prevHash,
      }
      const { keyId, hash } = this.keys.link(chained)
      prevHash = hash
      return { ...chained, keyId, hash }
    })
    await this.repository.append(tx, stored)
  }

  /** Everything that happened to one record, oldest first (the timeline on a record's page). */
  forRecord(tx: ForceTransaction, recordType: string, recordId: string): Promise<AuditEventRow[]> {
    return this.repository.forRecord(tx, recordType, recordId)
  }

  /** Searches the trail, newest first. */
  async search(actor: Actor, filter: AuditEventFilter): Promise<AuditEventRow[]> {
    actor.permissions.require('audit-trail.view')
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
   * Recomputes every force's chain (or one force's) and reports everything altered, removed, reordered or written
   * without the key in each, with the head to note down.
   */
  async verify(
    options: { forceCode?: string | undefined; onProgress?: (checked: number) => void } = {},
  ): Promise<ForceVerification[]> {
    const results: ForceVerification[] = []
    let total = 0
    for (const force of await this.forcesMatching(options.forceCode)) {
      const verifier = new ChainVerifier(this.keys)
      const problems: ChainProblem[] = []
      let afterSeq = 0
      for (;;) {
        const batch = await this.repository.batch(force.forceId, afterSeq, VERIFY_BATCH)
        for (const event of batch) {
          problems.push(...verifier.check(event))
        }
        total += batch.length
        options.onProgress?.(total)
        if (batch.length < VERIFY_BATCH) {
          break
        }
        afterSeq = batch.at(-1)!.seq
      }
      problems.push(...verifier.finish(await this.repository.chainHead(force.forceId)))
      results.push({
        forceId: force.forceId,
        code: force.code,
        eventsChecked: verifier.checked,
        unkeyedEvents: verifier.unkeyed,
        head: { seq: verifier.lastSeq, hash: verifier.lastHash },
        problems,
        problem: problems[0],
      })
    }
    return results
  }

  /** Every force's chain head now, signed with the chain key: what `tally audit-trail anchor` exports. */
  async anchor(): Promise<Anchor> {
    const heads: AnchorHead[] = []
    for (const force of await this.repository.forces()) {
      const head = await this.repository.chainHead(force.forceId)
      if (head && head.lastSeq > 0) {
        heads.push({ force: force.code, forceId: force.forceId, seq: head.lastSeq, hash: head.lastHash })
      }
    }
    return signAnchor(this.keys, this.clock.now(), heads)
  }

  /**
   * Checks an exported anchor: that Tally signed it, and that every head it recorded is still in its force's
   * chain. A head missing or changed means the tail was deleted or the chain rebuilt after the anchor was taken.
   */
  async checkAnchor(anchor: Anchor, forceCode?: string): Promise<AnchorCheck> {
    if (!verifyAnchorSignature(this.keys, anchor)) {
      return {
        forcesChecked: 0,
        problems: [
          { force: '*', message: 'the anchor is not signed with a key Tally holds: it was altered or forged' },
        ],
      }
    }
    const problems: AnchorCheck['problems'] = []
    const heads = anchor.heads.filter(
      (head) => forceCode === undefined || head.force.toLowerCase() === forceCode.toLowerCase(),
    )
    for (const head of heads) {
      const inChain = (await this.repository.batch(head.forceId, head.seq - 1, 1)).find((e) => e.seq === head.seq)
      if (!inChain) {
        problems.push({
          force: head.force,
          message: `event ${head.seq}, the head on ${anchor.writtenAt}, is missing: the end of the trail was deleted and the chain head moved back`,
        })
      } else if (inChain.hash !== head.hash) {
        problems.push({
          force: head.force,
          message: `event ${head.seq} is not the one anchored on ${anchor.writtenAt}: the chain was rebuilt after it`,
        })
      }
    }
    return { forcesChecked: heads.length, problems }
  }

  private async forcesMatching(forceCode: string | undefined): Promise<Array<{ forceId: number; code: string }>> {
    return (await this.repository.forces()).filter(
      (force) => forceCode === undefined || force.code.toLowerCase() === forceCode.toLowerCase(),
    )
  }
}
