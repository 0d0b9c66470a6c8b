import { describe, expect, it } from 'vitest'
import {
  ChainKeyring,
  ChainVerifier,
  changedFields,
  eventHash,
  GENESIS_HASH,
  storableJson,
  storableText,
  type StoredEvent,
} from './audit-trail.rules.ts'

const KEY = 'a chain key of at least thirty-two characters'
const keys = new ChainKeyring(KEY)

/** A chain of `length` events; those from `keyedFrom` on are linked with KEY, those before it unkeyed. */
function chain(length: number, keyedFrom = 1, start: StoredEvent[] = []): StoredEvent[] {
  const events: StoredEvent[] = [...start]
  let prevHash = start.at(-1)?.hash ?? GENESIS_HASH
  for (let seq = start.length + 1; seq <= length; seq++) {
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
    const keyed = seq >= keyedFrom
    const hash = eventHash(event, keyed ? KEY : undefined)
    events.push({ ...event, keyId: keyed ? keys.currentId : null, hash })
    prevHash = hash
  }
  return events
}

function verifyAll(events: StoredEvent[], head?: { lastSeq: number; lastHash: string }, keyring = keys) {
  const verifier = new ChainVerifier(keyring)
  const problems = events.flatMap((event) => verifier.check(event))
  return { problems: [...problems, ...verifier.finish(head)], unkeyed: verifier.unkeyed }
}

const verify = (events: StoredEvent[], head?: { lastSeq: number; lastHash: string }) =>
  verifyAll(events, head).problems[0]

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
        e.seq === 3 ? { ...e, reason: 'covered up', hash: eventHash({ ...e, reason: 'covered up' }, KEY) } : e,
      ),
      head: headOf(intact),
      expected: { kind: 'reordered', seq: 4 },
    },
    {
      case: 'an event altered by someone without the key, who recomputes its hash unkeyed',
      events: intact.map((e) =>
        e.seq === 3 ? { ...e, reason: 'covered up', hash: eventHash({ ...e, reason: 'covered up' }) } : e,
      ),
      head: headOf(intact),
      expected: { kind: 'altered', seq: 3 },
    },
    {
      case: 'an unkeyed event appended after keyed ones, with a correct SHA-256 link',
      events: (() => {
        const last = intact.at(-1)!
        const forged = { ...last, seq: 7, prevHash: last.hash, action: 'CRIME_DELETED', keyId: null }
        return [...intact, { ...forged, hash: eventHash(forged) }]
      })(),
      head: undefined,
      expected: { kind: 'unkeyed', seq: 7 },
    },
    {
      case: 'an event linked with a key Tally does not hold',
      events: (() => {
        const last = intact.at(-1)!
        const other = new ChainKeyring('some other key that the forger made up')
        const forged = { ...last, seq: 7, prevHash: last.hash, action: 'CRIME_DELETED' }
        return [...intact, { ...forged, ...other.link(forged) }]
      })(),
      head: undefined,
      expected: { kind: 'unknown-key', seq: 7 },
    },
    {
      case: 'events beyond the chain head (written without moving it)',
      events: intact,
      head: headOf(intact.slice(0, 5)),
      expected: { kind: 'altered', seq: 6 },
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

  it('reports every problem, not just the first: an early alteration does not hide a later one', () => {
    const tampered = intact
      .filter((e) => e.seq !== 4)
      .map((e) => (e.seq === 2 || e.seq === 6 ? { ...e, actorName: 'Someone Else' } : e))
    expect(verifyAll(tampered, headOf(intact)).problems).toMatchObject([
      { kind: 'altered', seq: 2 },
      { kind: 'removed', seq: 4 },
      { kind: 'altered', seq: 6 },
    ])
  })

  it('verifies events written before the chain was keyed, and counts them as unkeyed', () => {
    const upgraded = chain(8, 5)
    expect(verifyAll(upgraded, headOf(upgraded))).toEqual({ problems: [], unkeyed: 4 })
    const legacy = chain(3, 99)
    expect(verifyAll(legacy, headOf(legacy))).toEqual({ problems: [], unkeyed: 3 })
  })

  it('still verifies events linked with a key since rotated out, when it is kept as a previous key', () => {
    const rotated = new ChainKeyring('the new chain key, also thirty-two characters', [KEY])
    expect(verifyAll(intact, headOf(intact), rotated).problems).toEqual([])
    expect(
      verifyAll(intact, headOf(intact), new ChainKeyring('the new chain key, also thirty-two characters')).problems,
    ).toHaveLength(6)
  })

  it('hashes the same content the same whatever the key order of the changes', () => {
    const [first] = chain(1)
    const reordered = { ...first!, changes: { b: 2, a: 1 } }
    expect(eventHash(reordered)).toBe(eventHash({ ...first!, changes: { a: 1, b: 2 } }))
  })
})

describe('storableText: what PostgreSQL will store, so the hash covers exactly that', () => {
  it.each([
    { text: 'typo \ud800 fixed', stored: 'typo \ufffd fixed' },
    { text: 'end \udc00', stored: 'end \ufffd' },
    { text: '\udfff\ud800', stored: '\ufffd\ufffd' },
    { text: 'a\u0000b', stored: 'a\ufffdb' },
    { text: 'a pair 😀 stays', stored: 'a pair 😀 stays' },
    { text: 'Siobhán Ó Briain', stored: 'Siobhán Ó Briain' },
  ])('$stored', ({ text, stored }) => {
    expect(storableText(text)).toBe(stored)
    expect(Buffer.from(storableText(text), 'utf8').toString('utf8')).toBe(stored)
  })

  it('reaches every string and key inside changes', () => {
    expect(storableJson({ 'k\ud800': ['x\u0000', { y: '\udc00' }], n: 1 })).toEqual({
      'k\ufffd': ['x\ufffd', { y: '\ufffd' }],
      n: 1,
    })
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
