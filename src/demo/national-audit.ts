/**
 * The audit events of a generated national year, chained as the audit trail chains them. Events are made out of
 * time order (a crime's whole history is made when the crime is), so they wait here, ordered by when they
 * happened, until no event still to be made can come before them; then they take the next sequence numbers of the
 * force's chain, each linked to the one before by the keyring the audit trail signs with.
 */
import { storableJson, toJson, type ChainedEvent } from '../modules/audit-trail/index.ts'
import { copyLine } from './national-copy.ts'

export interface Actor {
  type: 'user' | 'system'
  id: string
  name: string
}

export interface PendingEvent {
  action: string
  recordType: string
  recordId: string
  changes: Record<string, unknown>
  reason?: string | undefined
}

/** The audit trail's own link (`ChainKeyring.link`): the key's id and the event's hash. */
export type ChainLink = (event: Omit<ChainedEvent, 'keyId'>) => { keyId: string; hash: string }

interface Queued {
  at: number
  /** Made-order, so events at the same instant keep the order they were made in. */
  order: number
  actor: Actor
  event: PendingEvent
}

const before = (a: Queued, b: Queued) => a.at < b.at || (a.at === b.at && a.order < b.order)

/** A binary min-heap by time. */
export class AuditQueue {
  private readonly heap: Queued[] = []
  private made = 0
  private seq: number
  private prevHash: string

  constructor(
    private readonly forceId: number,
    private readonly link: ChainLink,
    head: { lastSeq: number; lastHash: string },
  ) {
    this.seq = head.lastSeq
    this.prevHash = head.lastHash
  }

  get head(): { lastSeq: number; lastHash: string } {
    return { lastSeq: this.seq, lastHash: this.prevHash }
  }

  get waiting(): number {
    return this.heap.length
  }

  add(at: number, actor: Actor, event: PendingEvent): void {
    const heap = this.heap
    heap.push({ at, order: this.made++, actor, event })
    let index = heap.length - 1
    while (index > 0) {
      const parent = (index - 1) >> 1
      if (!before(heap[index]!, heap[parent]!)) {
        break
      }
      ;[heap[index], heap[parent]] = [heap[parent]!, heap[index]!]
      index = parent
    }
  }

  private take(): Queued {
    const heap = this.heap
    const top = heap[0]!
    const last = heap.pop()!
    if (heap.length > 0) {
      heap[0] = last
      let index = 0
      for (;;) {
        const left = 2 * index + 1
        const right = left + 1
        let least = index
        if (left < heap.length && before(heap[left]!, heap[least]!)) {
          least = left
        }
        if (right < heap.length && before(heap[right]!, heap[least]!)) {
          least = right
        }
        if (least === index) {
          break
        }
        ;[heap[index], heap[least]] = [heap[least]!, heap[index]!]
        index = least
      }
    }
    return top
  }

  /** Chains every event that happened by `until`, oldest first; returns them as COPY lines of audit_event. */
  drain(until: number): string[] {
    const lines: string[] = []
    while (this.heap.length > 0 && this.heap[0]!.at <= until) {
      const { at, actor, event } = this.take()
      this.seq += 1
      // Hashed exactly as it is stored and read back (as AuditTrailService does): see storableJson.
      const chained = {
        forceId: this.forceId,
        seq: this.seq,
        occurredAt: new Date(Math.floor(at)),
        actorType: actor.type,
        actorId: actor.id,
        actorName: actor.name,
        action: event.action,
        recordType: event.recordType,
        recordId: event.recordId,
        changes: storableJson(toJson(event.changes)),
        reason: event.reason ?? null,
        requestId: null,
        prevHash: this.prevHash,
      }
      const { keyId, hash } = this.link(chained)
      this.prevHash = hash
      lines.push(
        copyLine([
          this.forceId,
          chained.seq,
          chained.occurredAt,
          chained.actorType,
          chained.actorId,
          chained.actorName,
          chained.action,
          chained.recordType,
          chained.recordId,
          JSON.stringify(chained.changes),
          chained.reason,
          null,
          chained.prevHash,
          keyId,
          hash,
        ]),
      )
    }
    return lines
  }
}
