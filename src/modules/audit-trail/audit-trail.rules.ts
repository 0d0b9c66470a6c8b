import crypto from 'node:crypto'
import { createRequire } from 'node:module'

// RFC 8785 canonical JSON, so the same content always hashes the same whatever its key order.
const canonicalize = createRequire(import.meta.url)('canonicalize') as (input: unknown) => string | undefined

/**
 * The audit trail's tamper evidence, as pure functions. Each event's hash covers its own content and the
 * previous event's hash in the same force, so altering, removing or reordering any event breaks every link after
 * it. The first event of a force follows GENESIS_HASH.
 *
 * Since the chain was keyed, each link is an HMAC with a key only the application holds (AUDIT_CHAIN_KEY), so
 * someone with the database role alone cannot write an event that verifies. Events written before keying carry
 * no key id and verify as plain SHA-256 links; they are counted and reported as unkeyed, and an unkeyed event
 * after a keyed one is itself a problem, because only someone without the key would write one.
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

/** An event in its place in the chain, with the key its link was made with (null: before the chain was keyed). */
export interface ChainedEvent extends EventContent {
  seq: number
  prevHash: string
  keyId: string | null
}

function sha256(text: string): string {
  return crypto.createHash('sha256').update(text).digest('hex')
}

export function hmac(secret: string, text: string): string {
  return crypto.createHmac('sha256', secret).update(text).digest('hex')
}

/** A key's public name: lets verify pick the right key after rotation without revealing anything about it. */
export function keyIdOf(secret: string): string {
  return sha256(`tally-audit-chain-key:${secret}`).slice(0, 16)
}

/** The chain keys Tally holds: the current one signs new events, older ones still verify what they signed. */
export class ChainKeyring {
  readonly currentId: string
  private readonly secrets = new Map<string, string>()

  constructor(
    private readonly current: string,
    previous: readonly string[] = [],
  ) {
    this.currentId = keyIdOf(current)
    for (const secret of [current, ...previous]) {
      this.secrets.set(keyIdOf(secret), secret)
    }
  }

  secretFor(keyId: string): string | undefined {
    return this.secrets.get(keyId)
  }

  sign(text: string): { keyId: string; mac: string } {
    return { keyId: this.currentId, mac: hmac(this.current, text) }
  }

  /** The next link of a chain, made with the current key. */
  link(event: Omit<ChainedEvent, 'keyId'>): { keyId: string; hash: string } {
    return { keyId: this.currentId, hash: eventHash(event, this.current) }
  }
}

/**
 * Text as PostgreSQL will hand it back: a lone surrogate half cannot be stored as UTF-8 (the driver writes U+FFFD)
 * and text and jsonb refuse U+0000, so both become U+FFFD before hashing. Requests with either are refused at the
 * HTTP boundary already (platform/http/input-hygiene.ts); this keeps events from any other source verifiable.
 */
export function storableText(text: string): string {
  return text.replaceAll(LONE_SURROGATE, '\uFFFD').replaceAll('\u0000', '\uFFFD')
}

/** A high surrogate not followed by a low one, or a low one not preceded by a high one. */
export const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g

/** Every string (and object key) in a JSON value made storable, so the hash covers exactly what is stored. */
export function storableJson(value: unknown): unknown {
  if (typeof value === 'string') {
    return storableText(value)
  }
  if (Array.isArray(value)) {
    return value.map(storableJson)
  }
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, inner]) => [storableText(key), storableJson(inner)]))
  }
  return value
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

/**
 * The link: HMAC-SHA256(key, previous hash ':' seq ':' content hash), or for events before keying
 * sha256(previous hash ':' seq ':' content hash).
 */
export function chainHash(prevHash: string, seq: number, content: string, secret?: string): string {
  const link = `${prevHash}:${seq}:${content}`
  return secret === undefined ? sha256(link) : hmac(secret, link)
}

export function eventHash(event: Omit<ChainedEvent, 'keyId'>, secret?: string): string {
  return chainHash(event.prevHash, event.seq, contentHash(event), secret)
}

export interface StoredEvent extends ChainedEvent {
  hash: string
}

export type ChainProblem = {
  kind: 'altered' | 'removed' | 'reordered' | 'unkeyed' | 'unknown-key'
  seq: number
  message: string
}

/**
 * Walks one force's events in sequence order and names everything wrong, not just the first thing: after a
 * problem it carries on from the stored hash, so a later alteration is not hidden behind an earlier one. Feed it
 * events in batches with `check`, then `finish` with the chain head the database holds.
 */
export class ChainVerifier {
  private expectedSeq = 1
  private previousHash = GENESIS_HASH
  checked = 0
  /** Events written before the chain was keyed (verified as plain SHA-256 links). */
  unkeyed = 0
  /** The first event linked with a key. */
  keyedFrom: number | undefined

  constructor(private readonly keys: ChainKeyring) {}

  check(event: StoredEvent): ChainProblem[] {
    const problems: ChainProblem[] = []
    const gap = event.seq > this.expectedSeq
    if (gap) {
      problems.push({
        kind: 'removed',
        seq: this.expectedSeq,
        message: `event ${this.expectedSeq}${event.seq - this.expectedSeq > 1 ? ` to ${event.seq - 1}` : ''} is missing: removed from the trail`,
      })
    }
    const keyProblem = this.checkKey(event)
    if (keyProblem) {
      problems.push(keyProblem)
    } else {
      const secret = event.keyId === null ? undefined : this.keys.secretFor(event.keyId)
      if (eventHash(event, secret) !== event.hash) {
        problems.push({
          kind: 'altered',
          seq: event.seq,
          message: `event ${event.seq} (${event.action}) was altered after it was written`,
        })
      }
    }
    if (!gap && event.prevHash !== this.previousHash) {
      problems.push({
        kind: 'reordered',
        seq: event.seq,
        message: `event ${event.seq} does not follow event ${event.seq - 1}: events were reordered, or an earlier one rewritten`,
      })
    }
    this.expectedSeq = event.seq + 1
    this.previousHash = event.hash
    this.checked += 1
    return problems
  }

  private checkKey(event: StoredEvent): ChainProblem | undefined {
    if (event.keyId === null) {
      if (this.keyedFrom !== undefined) {
        return {
          kind: 'unkeyed',
          seq: event.seq,
          message: `event ${event.seq} (${event.action}) carries no key although the chain is keyed from event ${this.keyedFrom}: it was written by someone without Tally's key`,
        }
      }
      this.unkeyed += 1
      return undefined
    }
    this.keyedFrom ??= event.seq
    if (this.keys.secretFor(event.keyId) === undefined) {
      return {
        kind: 'unknown-key',
        seq: event.seq,
        message: `event ${event.seq} (${event.action}) is signed with key ${event.keyId}, which Tally does not hold: set it in AUDIT_CHAIN_PREVIOUS_KEYS, or the event is forged`,
      }
    }
    return undefined
  }

  finish(head: { lastSeq: number; lastHash: string } | undefined): ChainProblem[] {
    const lastSeq = this.expectedSeq - 1
    if (!head) {
      return lastSeq === 0 ? [] : [{ kind: 'removed', seq: 1, message: 'the chain head is missing' }]
    }
    if (head.lastSeq > lastSeq) {
      return [
        {
          kind: 'removed',
          seq: lastSeq + 1,
          message: `events ${lastSeq + 1} to ${head.lastSeq} are missing: removed from the end of the trail`,
        },
      ]
    }
    if (head.lastSeq < lastSeq) {
      return [
        {
          kind: 'altered',
          seq: head.lastSeq + 1,
          message: `events ${head.lastSeq + 1} to ${lastSeq} lie beyond the chain head ${head.lastSeq}: they were written outside Tally`,
        },
      ]
    }
    if (head.lastSeq === lastSeq && head.lastHash !== this.previousHash) {
      return [{ kind: 'altered', seq: lastSeq, message: `the chain head does not match event ${lastSeq}` }]
    }
    return []
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
