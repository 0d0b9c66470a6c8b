import { v7 } from 'uuid'

/**
 * Record ids are UUIDv7: made by the application (no sequence to contend for across app servers or Citus
 * shards) and time-ordered, so new rows land at the end of their indexes.
 */
export function newId(): string {
  return v7()
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

/** Whether a value from a URL or form can be a record id at all (so a malformed one is a 404, not a database error). */
export function isUuid(value: unknown): value is string {
  return typeof value === 'string' && UUID.test(value)
}
