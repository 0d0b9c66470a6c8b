import { v7 } from 'uuid'

/**
 * Record ids are UUIDv7: made by the application (no sequence to contend for across app servers or Citus
 * shards) and time-ordered, so new rows land at the end of their indexes.
 */
export function newId(): string {
  return v7()
}
