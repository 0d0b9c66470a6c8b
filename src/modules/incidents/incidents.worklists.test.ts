import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestContext, type TestContext, type TestForce } from '../../../test/support/test-context.ts'
import type { ForceTransaction } from '../../platform/db/database.ts'
import { newId } from '../../platform/ids.ts'
import { IncidentWorklists } from './incidents.worklists.ts'

/** The recording-decision-due queue's reads: membership, keyset pages, qualifier flags, ageing and daily arrivals. */
const worklists = new IncidentWorklists()
const NOW = new Date('2026-11-26T09:00:00Z')
const HOUR = 3_600_000

interface IncidentSeed {
  receivedHoursAgo: number
  crimeRelated?: boolean
  status?: 'open' | 'closed'
  decided?: boolean
  category?: string
  qualifiers?: string[]
}

let counter = 0

async function insertIncidents(tx: ForceTransaction, seeds: readonly IncidentSeed[]): Promise<void> {
  for (const seed of seeds) {
    counter += 1
    const receivedAt = new Date(NOW.getTime() - seed.receivedHoursAgo * HOUR)
    const closed = seed.status === 'closed'
    await tx
      .insertInto('incident')
      .values({
        incidentId: newId(),
        incidentNumber: `WL-${counter}`,
        channel: '999',
        receivedAt,
        openingCategory: seed.category ?? 'crime-violence',
        qualifiers: seed.qualifiers ?? [],
        crimeRelated: seed.crimeRelated ?? true,
        status: closed ? 'closed' : 'open',
        closedAt: closed ? NOW : null,
        closingCategory: closed ? 'crime-violence' : null,
        recordingDecision: seed.decided ? 'crimed' : null,
        recordingDecisionAt: seed.decided ? NOW : null,
        createdAt: receivedAt,
        createdBy: 'Test',
        updatedAt: receivedAt,
      })
      .execute()
  }
}

describe(IncidentWorklists.name, () => {
  let ctx: TestContext
  let force: TestForce

  beforeAll(async () => {
    ctx = await createTestContext()
    force = await ctx.newForce()
    await ctx.deps.db.withForce(force.forceId, (tx) =>
      insertIncidents(tx, [
        { receivedHoursAgo: 2, qualifiers: ['domestic-abuse'] },
        { receivedHoursAgo: 8, category: 'crime-theft', qualifiers: ['vulnerable-adult'] },
        { receivedHoursAgo: 30, qualifiers: ['child-at-risk', 'hate'] },
        { receivedHoursAgo: 30 },
        // Not in the queue: decided, closed, or not crime-related.
        { receivedHoursAgo: 5, decided: true },
        { receivedHoursAgo: 5, status: 'closed', decided: true },
        { receivedHoursAgo: 5, crimeRelated: false, category: 'missing-person' },
      ]),
    )
  })
  afterAll(() => ctx.close())

  const inForce = <T>(work: (tx: ForceTransaction) => Promise<T>) => ctx.deps.db.withForce(force.forceId, work)

  it('holds open crime-related incidents with no decision, oldest first, in keyset pages', async () => {
    const all = await inForce((tx) => worklists.page(tx, {}, { order: 'asc', limit: 10 }))
    expect(all.map((row) => (NOW.getTime() - row.receivedAt.getTime()) / HOUR)).toEqual([30, 30, 8, 2])
    const first = await inForce((tx) => worklists.page(tx, {}, { order: 'asc', limit: 2 }))
    const last = first.at(-1)!
    const rest = await inForce((tx) =>
      worklists.page(tx, {}, { order: 'asc', from: { at: last.receivedAt, id: last.incidentId }, limit: 10 }),
    )
    expect([...first, ...rest].map((row) => row.incidentId)).toEqual(all.map((row) => row.incidentId))
  })

  it('filters by qualifier flags and opening category', async () => {
    const count = (list: Parameters<IncidentWorklists['page']>[1]) =>
      inForce(async (tx) => (await worklists.stats(tx, list, [], null)).count)
    expect(await count({ flags: ['domesticAbuse'] })).toBe(1)
    expect(await count({ flags: ['vulnerableVictim'] })).toBe(2)
    expect(await count({ flags: ['vulnerableVictim', 'hateCrime'] })).toBe(1)
    expect(await count({ openingCategory: 'crime-theft' })).toBe(1)
    const categories = await inForce((tx) => worklists.openingCategories(tx, {}))
    expect(categories.map((c) => [c.openingCategory, Number(c.count)])).toEqual([
      ['crime-theft', 1],
      ['crime-violence', 3],
    ])
  })

  it('counts the 24-hour clock’s buckets and the overdue (rule 2)', async () => {
    const ago = (h: number) => new Date(NOW.getTime() - h * HOUR)
    const stats = await inForce((tx) =>
      worklists.stats(
        tx,
        {},
        [
          { after: ago(6), atOrBefore: NOW },
          { after: ago(24), atOrBefore: ago(6) },
          { after: null, atOrBefore: ago(24) },
        ],
        ago(24),
      ),
    )
    expect(stats).toEqual({ count: 4, oldest: ago(30), buckets: [1, 1, 2], overdue: 2 })
  })

  it('gives each crime-related incident’s time in the queue, for rebuilding past days', async () => {
    const spans = await inForce((tx) => worklists.waitingSpans(tx, ago(48), NOW))
    // Six crime-related incidents were received in the last 48 hours; two have left the queue (decided, closed).
    expect(spans).toHaveLength(6)
    expect(spans.filter((span) => span.leftAt === null)).toHaveLength(4)
    expect(spans.filter((span) => span.leftAt !== null).every((span) => span.leftAt!.getTime() === NOW.getTime())).toBe(
      true,
    )
  })
})

function ago(hours: number): Date {
  return new Date(NOW.getTime() - hours * HOUR)
}
