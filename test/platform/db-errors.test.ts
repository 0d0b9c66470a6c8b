import { describe, expect, it } from 'vitest'
import { isUniqueViolation } from '../../src/platform/db/errors.ts'

describe('isUniqueViolation', () => {
  const violation = (constraint: string | undefined, message = 'duplicate key value') => ({
    code: '23505',
    constraint,
    message,
  })

  it('matches the constraint PostgreSQL names, and any unique violation when none is asked for', () => {
    expect(isUniqueViolation(violation('incident_source_key'), 'incident_source_key')).toBe(true)
    expect(isUniqueViolation(violation('incident_source_key'))).toBe(true)
    expect(isUniqueViolation(violation('crime_source_key'), 'incident_source_key')).toBe(false)
    expect(isUniqueViolation({ code: '23503', constraint: 'incident_source_key' }, 'incident_source_key')).toBe(false)
    expect(isUniqueViolation(new Error('duplicate'), 'incident_source_key')).toBe(false)
  })

  it('matches the name a Citus worker gives it: the shard’s index, from the field or the message', () => {
    expect(isUniqueViolation(violation('incident_source_key_102141'), 'incident_source_key')).toBe(true)
    const fromMessage = violation(
      undefined,
      'duplicate key value violates unique constraint "incident_source_key_102141"',
    )
    expect(isUniqueViolation(fromMessage, 'incident_source_key')).toBe(true)
    expect(isUniqueViolation(violation('incident_source_key_extra'), 'incident_source_key')).toBe(false)
    expect(isUniqueViolation(violation('incident_source_key_102141'), 'incident_source')).toBe(false)
  })
})
