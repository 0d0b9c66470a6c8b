import { describe, expect, it } from 'vitest'
import { ChainVerifier, changedFields, eventHash, GENESIS_HASH, type StoredEvent } from './audit-trail.rules.ts'

function chain(length: number): StoredEvent[] {
  const events: StoredEvent[] = []
  let prevHash = GENESIS_HASH
  for (let seq = 1; seq <= length; seq++) {
    const event = {
      forceId: 1,
      seq,
      occurredAt: new Date(Date.UTC(2026, 10, 26, 9, seq)),
      actorType: 'user' as const,
      actorId: 'u1',
      actorName: 'Dana Price',
      action: 'CRIME_VIEWED',
      recordType: 'crime',
      recordId: `c${seq}`,
      changes: seq % 2 === 0 ? { status: { before: 'recorded', after: 'filed' } } : null,
      reason: null,
      requestId: null,
      prevHash,
    }
    const hash = eventHash(event)
    events.push({ ...event, hash })
    prevHash = hash
  }
  return events
}

function verify(events: StoredEvent[], head?: { lastSeq: number; lastHash: string }) {
  const verifier = new ChainVerifier()
  for (const event of events) {
    const problem = verifier.check(event)
    if (problem) {
      return problem
    }
  }
  return verifier.finish(head)
}

const intact = chain(6)
const headOf = (events: StoredEvent[]) => ({ lastSeq: events.at(-1)!.seq, lastHash: events.at(-1)!.hash })

describe('audit-trail hash chain', () => {
  it.each([
    { case: 'an intact chain', events: intact, head: headOf(intact), expected: undefined },
    {
      case: 'an event whose content was changed',
      events: intact.map((e) => (e.seq === 3 ? { ...e, actorName: 'Someone Else' } : e)),
      head: headOf(intact),
      expected: { kind: 'altered', seq: 3 },
    },
    {
      case: 'an event altered and its hash recomputed (the next link breaks)',
      events: intact.map((e) =>
        e.seq === 3 ? { ...e, reason: 'covered up', hash: eventHash({ ...e, reason: 'covered up' }) } : e,
      ),
      head: headOf(intact),
      expected: { kind: 'reordered', seq: 4 },
    },
    {
      case: 'an event removed from the middle',
      events: intact.filter((e) => e.seq !== 4),
      head: headOf(intact),
      expected: { kind: 'removed', seq: 4 },
    },
    {
      case: 'events removed from the end',
      events: intact.slice(0, 4),
      head: headOf(intact),
      expected: { kind: 'removed', seq: 5 },
    },
    {
      case: 'two events swapped, sequence numbers and all',
      events: [intact[0]!, { ...intact[2]!, seq: 2 }, { ...intact[1]!, seq: 3 }, ...intact.slice(3)],
      head: headOf(intact),
      expected: { kind: 'altered', seq: 2 },
    },
    {
      case: 'the chain head moved back to hide removed events',
      events: intact.slice(0, 4),
      head: { lastSeq: 4, lastHash: intact[5]!.hash },
      expected: { kind: 'altered', seq: 4 },
    },
  ])('$case', ({ events, head, expected }) => {
    const problem = verify(events, head)
    if (expected === undefined) {
      expect(problem).toBeUndefined()
    } else {
      expect(problem).toMatchObject(expected)
    }
  })

  it('hashes the same content the same whatever the key order of the changes', () => {
    const [first] = chain(1)
    const reordered = { ...first!, changes: { b: 2, a: 1 } }
    expect(eventHash(reordered)).toBe(eventHash({ ...first!, changes: { a: 1, b: 2 } }))
  })
})

describe('changedFields', () => {
  it.each([
    { before: undefined, after: { code: '8N' }, expected: { code: { before: null, after: '8N' } } },
    { before: { code: '8N' }, after: { code: '8N' }, expected: {} },
    { before: { code: '8N' }, after: { code: '105A' }, expected: { code: { before: '8N', after: '105A' } } },
    {
      before: { at: new Date('2026-11-26T09:00:00Z') },
      after: { at: new Date('2026-11-26T10:00:00Z') },
      expected: { at: { before: '2026-11-26T09:00:00.000Z', after: '2026-11-26T10:00:00.000Z' } },
    },
  ])('$before → $after', ({ before, after, expected }) => {
    expect(changedFields(before, after)).toEqual(expected)
  })
})
