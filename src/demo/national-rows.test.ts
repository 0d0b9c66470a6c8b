import { describe, expect, it } from 'vitest'
import { ChainKeyring } from '../modules/audit-trail/index.ts'
import { AuditQueue, type PendingEvent } from './national-audit.ts'
import { copyLine } from './national-copy.ts'
import { ForceYear, TABLE_ORDER, type ForceYearSetup } from './national-rows.ts'

const keys = new ChainKeyring('a test chain key that is long enough to use')
const GENESIS = { lastSeq: 0, lastHash: '0'.repeat(64) }
const event = (recordId: string): PendingEvent => ({
  action: 'CRIME_VIEWED',
  recordType: 'crime',
  recordId,
  changes: {},
})
const actor = { type: 'system' as const, id: 'test', name: 'Test' }
/** The record id, sequence number and previous hash of each COPY line of audit_event. */
const fields = (line: string) => {
  const columns = line.split('\t')
  return { seq: Number(columns[1]), recordId: columns[8], prevHash: columns[12], hash: columns[14] }
}

describe('AuditQueue', () => {
  it.each([
    { times: [3, 1, 2], until: 10, drained: ['b', 'c', 'a'] },
    { times: [3, 1, 2], until: 2, drained: ['b', 'c'] },
    { times: [5, 5, 1], until: 5, drained: ['c', 'a', 'b'] },
    { times: [9, 8, 7, 6, 5, 4, 3, 2, 1], until: 4, drained: ['i', 'h', 'g', 'f'] },
    { times: [2, 1], until: 0, drained: [] },
  ])('drains events at $times up to $until in time order, ties as made: $drained', ({ times, until, drained }) => {
    const queue = new AuditQueue(1, (e) => keys.link(e), GENESIS)
    times.forEach((at, index) => queue.add(at, actor, event(String.fromCharCode(97 + index))))
    const lines = queue.drain(until).map(fields)
    expect(lines.map((line) => line.recordId)).toEqual(drained)
    expect(lines.map((line) => line.seq)).toEqual(drained.map((_, index) => index + 1))
    expect(queue.waiting).toBe(times.length - drained.length)
  })

  it('links each event to the one before, carrying on from the head it was given', () => {
    const queue = new AuditQueue(1, (e) => keys.link(e), { lastSeq: 41, lastHash: 'f'.repeat(64) })
    for (let i = 0; i < 5; i++) {
      queue.add(i, actor, event(`r${i}`))
    }
    const lines = queue.drain(10).map(fields)
    expect(lines[0]).toMatchObject({ seq: 42, prevHash: 'f'.repeat(64) })
    lines.slice(1).forEach((line, index) => expect(line.prevHash).toBe(lines[index]!.hash))
    expect(queue.head).toEqual({ lastSeq: 46, lastHash: lines.at(-1)!.hash })
  })
})

describe('copyLine', () => {
  it.each([
    { values: [1, 'a', null, true, false], line: '1\ta\t\\N\tt\tf' },
    { values: ['tab\there', 'new\nline', 'back\\slash'], line: 'tab\\there\tnew\\nline\tback\\\\slash' },
    { values: [new Date('2026-01-02T03:04:05.678Z'), undefined], line: '2026-01-02T03:04:05.678Z\t\\N' },
  ])('writes $values as COPY text', ({ values, line }) => {
    expect(copyLine(values)).toBe(line)
  })
})

describe('ForceYear', () => {
  const setup: ForceYearSetup = {
    forceId: 7,
    prefix: 'TST',
    offenceCodeVersion: 'v1',
    units: ['0190a1b2-0000-7000-8000-000000000001'],
    imu: [{ id: '0190a1b2-0000-7000-8000-000000000002', name: 'IMU' }],
    officers: [{ id: '0190a1b2-0000-7000-8000-000000000003', name: 'Officer' }],
    crimes: 500,
    referenceStart: 1,
    now: new Date('2026-11-26T09:00:00Z'),
    days: 365,
    seed: 3,
  }
  const make = (seed: number, chunk: number) => {
    const year = new ForceYear({ ...setup, seed }, (e) => keys.link(e), GENESIS)
    const rows = Object.fromEntries(TABLE_ORDER.map((table) => [table, [] as string[]]))
    for (let from = 0; from < setup.crimes; from += chunk) {
      const made = year.make(from, Math.min(setup.crimes, from + chunk))
      TABLE_ORDER.forEach((table) => rows[table]!.push(...made[table]))
    }
    return { rows, year }
  }

  it('makes the same rows from the same seed, however the crimes are chunked, and other rows from another', () => {
    const once = make(3, 500)
    const chunked = make(3, 70)
    expect(chunked.rows).toEqual(once.rows)
    expect(make(4, 500).rows.crime).not.toEqual(once.rows.crime)
  })

  it('writes every event due by now, in time order, and three incidents a crime', () => {
    const { rows, year } = make(3, 100)
    expect(rows.crime).toHaveLength(500)
    expect(rows.incident).toHaveLength(1500)
    const times = rows.audit_event!.map((line) => Date.parse(line.split('\t')[2]!))
    expect(times.every((time, index) => index === 0 || time >= times[index - 1]!)).toBe(true)
    expect(times.at(-1)!).toBeLessThanOrEqual(setup.now.getTime())
    expect(year.head.lastSeq).toBe(rows.audit_event!.length)
    expect(year.counts.crime_status_change).toBe(rows.crime_status_change!.length)
  })
})
