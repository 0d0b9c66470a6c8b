import crypto from 'node:crypto'
import { createRequire } from 'node:module'

// RFC 8785 canonical JSON, so the same content always hashes the same whatever its key order.
const canonicalize = createRequire(import.meta.url)('canonicalize') as (input: unknown) => string | undefined

/**
 * The audit trail's tamper evidence, as pure functions. Each event's hash covers its own content and the
 * previous event's hash in the same force, so altering, removing or reordering any event breaks every link after
 * it. The first event of a force follows GENESIS_HASH. The database computes the same chain when it appends
 * (function audit_append in the audit-trail migration); these functions are how it is checked.
 */
export const GENESIS_HASH = '0'.repeat(64)

/** What an event says. */
export interface EventContent {
  forceId: number
  occurredAt: Date
  actorType: 'user' | 'token' | 'system'
  actorId: string
  actorName: string
  action: string
  recordType: string
  recordId: string
  changes: unknown
  reason: string | null
  requestId: string | null
}

/** An event in its place in the chain. */
export interface ChainedEvent extends EventContent {
  seq: number
  prevHash: string
}

function sha256(text: string): string {
  return crypto.createHash('sha256').update(text).digest('hex')
}

export function contentHash(content: EventContent): string {
  const {
    forceId,
    occurredAt,
    actorType,
    actorId,
    actorName,
    action,
    recordType,
    recordId,
    changes,
    reason,
    requestId,
  } = content
  const canonical = canonicalize({
    forceId,
    occurredAt: occurredAt.toISOString(),
    actorType,
    actorId,
    actorName,
    action,
    recordType,
    recordId,
    changes: changes ?? null,
    reason,
    requestId,
  })
  return sha256(canonical ?? '')
}

/** hash = sha256(previous hash ':' seq ':' content hash), as audit_append computes it. */
export function chainHash(prevHash: string, seq: number, content: string): string {
  return sha256(`${prevHash}:${seq}:${content}`)
}

export function eventHash(event: ChainedEvent): string {
  return chainHash(event.prevHash, event.seq, contentHash(event))
}

export interface StoredEvent extends ChainedEvent {
  hash: string
}

export type ChainProblem =
  | { kind: 'altered'; seq: number; message: string }
  | { kind: 'removed'; seq: number; message: string }
  | { kind: 'reordered'; seq: number; message: string }

/**
 * Walks one force's events in sequence order and names the first thing wrong. Feed it events in batches with
 * `check`, then `finish` with the chain head the database holds.
 */
export class ChainVerifier {
  private expectedSeq = 1
  private previousHash = GENESIS_HASH
  checked = 0

  check(event: StoredEvent): ChainProblem | undefined {
    if (event.seq > this.expectedSeq) {
      return {
        kind: 'removed',
        seq: this.expectedSeq,
        message: `event ${this.expectedSeq}${event.seq - this.expectedSeq > 1 ? ` to ${event.seq - 1}` : ''} is missing: removed from the trail`,
      }
    }
    if (eventHash(event) !== event.hash) {
      return {
        kind: 'altered',
        seq: event.seq,
        message: `event ${event.seq} (${event.action}) was altered after it was written`,
      }
    }
    if (event.prevHash !== this.previousHash) {
      return {
        kind: 'reordered',
        seq: event.seq,
        message: `event ${event.seq} does not follow event ${event.seq - 1}: events were reordered, or an earlier one rewritten`,
      }
    }
    this.expectedSeq = event.seq + 1
    this.previousHash = event.hash
    this.checked += 1
    return undefined
  }

  finish(head: { lastSeq: number; lastHash: string } | undefined): ChainProblem | undefined {
    const lastSeq = this.expectedSeq - 1
    if (!head) {
      return lastSeq === 0 ? undefined : { kind: 'removed', seq: 1, message: 'the chain head is missing' }
    }
    if (head.lastSeq > lastSeq) {
      return {
        kind: 'removed',
        seq: lastSeq + 1,
        message: `events ${lastSeq + 1} to ${head.lastSeq} are missing: removed from the end of the trail`,
      }
    }
    if (head.lastSeq === lastSeq && head.lastHash !== this.previousHash) {
      return { kind: 'altered', seq: lastSeq, message: `the chain head does not match event ${lastSeq}` }
    }
    return undefined
  }

  get lastHash(): string {
    return this.previousHash
  }

  get lastSeq(): number {
    return this.expectedSeq - 1
  }
}

/** The fields that differ between two versions of a record, as `{ field: { before, after } }`. */
export function changedFields(
  before: Record<string, unknown> | undefined,
  after: Record<string, unknown>,
): Record<string, { before: unknown; after: unknown }> {
  const changes: Record<string, { before: unknown; after: unknown }> = {}
  for (const [field, value] of Object.entries(after)) {
    const previous = before?.[field]
    if (jsonValue(previous) !== jsonValue(value)) {
      changes[field] = { before: toJson(previous), after: toJson(value) }
    }
  }
  return changes
}

function jsonValue(value: unknown): string {
  return JSON.stringify(toJson(value)) ?? 'null'
}

/** Dates become ISO strings and undefined becomes null, so what is hashed is exactly what jsonb gives back. */
export function toJson(value: unknown): unknown {
  if (value === undefined || value === null) {
    return null
  }
  if (value instanceof Date) {
    return value.toISOString()
  }
  if (Array.isArray(value)) {
    return value.map(toJson)
  }
  if (typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, toJson(inner)]))
  }
  return value
}
