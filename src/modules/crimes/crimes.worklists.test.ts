import { CompiledQuery, sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestContext, type TestContext, type TestForce } from '../../../test/support/test-context.ts'
import { testDatabaseKind } from '../../../test/support/test-database.ts'
import type { ForceTransaction } from '../../platform/db/database.ts'
import { newId } from '../../platform/ids.ts'
import { CrimeWorklists, type CrimeWorklist } from './crimes.worklists.ts'

/**
 * The queues' reads on the crime table: membership, keyset pages, filters, counts and ageing, flows by day, and
 * (the point of issue 4's "fast at any size") that the awaiting-filing queue is read through its partial index.
 */
const worklists = new CrimeWorklists()
const NOW = new Date('2026-11-26T09:00:00Z')
const HOUR = 3_600_000

interface CrimeSeed {
  status: string
  enteredHoursAgo: number
  crimeId?: string
  offenceGroup?: string
  assignedUserId?: string | null
  assignedUnitId?: string | null
  domesticAbuse?: boolean
  vulnerableVictim?: boolean
  hateCrime?: boolean
  reopenedHoursAgo?: number
  recordedLate?: boolean
}

let counter = 0

async function insertCrimes(tx: ForceTransaction, seeds: readonly CrimeSeed[]): Promise<string[]> {
  const ids: string[] = []
  for (const seed of seeds) {
    const crimeId = seed.crimeId ?? newId()
    ids.push(crimeId)
    counter += 1
    const entered = new Date(NOW.getTime() - seed.enteredHoursAgo * HOUR)
    const recordedAt = new Date(entered.getTime() - HOUR)
    const reportedAt = new Date(recordedAt.getTime() - (seed.recordedLate ? 30 : 2) * HOUR)
    await tx
      .insertInto('crime')
      .values({
        crimeId,
        crimeReference: `WL/26/${String(counter).padStart(6, '0')}`,
        directReportChannel: '101',
        status: seed.status,
        statusChangedAt: entered,
        reportedAt,
        recordedAt,
        recordedBy: 'Test',
        offenceFrom: reportedAt,
        offenceCode: '105A',
        offenceCodeVersion: '2017-18',
        offenceGroup: seed.offenceGroup ?? 'violence-without-injury',
        offenceCodeAtRecording: '105A',
        assignedUserId: seed.assignedUserId ?? null,
        assignedUnitId: seed.assignedUnitId ?? null,
        domesticAbuse: seed.domesticAbuse ?? false,
        vulnerableVictim: seed.vulnerableVictim ?? false,
        hateCrime: seed.hateCrime ?? false,
        reopenedAt: seed.reopenedHoursAgo === undefined ? null : new Date(NOW.getTime() - seed.reopenedHoursAgo * HOUR),
      })
      .execute()
  }
  return ids
}

describe(CrimeWorklists.name, () => {
  let ctx: TestContext
  let force: TestForce
  let officer: string
  let unitId: string

  beforeAll(async () => {
    ctx = await createTestContext()
    force = await ctx.newForce()
    officer = (await force.user('officer')).userId
    unitId = (
      await ctx.deps.services.directory.createUnit(force.system, {
        name: 'Northern investigation team',
        unitType: 'investigation',
        function: 'Investigates crime in the north of the county',
        location: 'Northampton',
        hours: '24/7',
        contact: '01604 000000',
        whatToSend: 'Crimes allocated for investigation',
        takesWork: ['crime'],
        active: true,
      })
    ).unitId
  })
  afterAll(() => ctx.close())

  const inForce = <T>(work: (tx: ForceTransaction) => Promise<T>) => ctx.deps.db.withForce(force.forceId, work)

  it('reads only the queue’s status, oldest first, and keyset pages never repeat or skip (even on equal times)', async () => {
    await inForce((tx) =>
      insertCrimes(tx, [
        ...Array.from({ length: 7 }, (_, i) => ({ status: 'awaiting_filing', enteredHoursAgo: 10 + (i % 3) })),
        { status: 'imu_quality_check', enteredHoursAgo: 50 },
        { status: 'filed', enteredHoursAgo: 60 },
      ]),
    )
    const list: CrimeWorklist = { statuses: ['awaiting_filing'] }
    const all = await inForce((tx) => worklists.page(tx, list, { order: 'asc', limit: 100 }))
    expect(all).toHaveLength(7)
    expect(all.every((row) => row.status === 'awaiting_filing')).toBe(true)
    const keys = all.map((row) => `${row.enteredAt.toISOString()}|${row.crimeId}`)
    expect(keys).toEqual([...keys].sort())

    const seen: string[] = []
    let from: { at: Date; id: string } | undefined
    for (;;) {
      const page = await inForce((tx) => worklists.page(tx, list, { order: 'asc', from, limit: 3 }))
      if (page.length === 0) {
        break
      }
      seen.push(...page.map((row) => row.crimeId))
      const last = page.at(-1)!
      from = { at: last.enteredAt, id: last.crimeId }
    }
    expect(seen).toEqual(all.map((row) => row.crimeId))

    const newestFirst = await inForce((tx) => worklists.page(tx, list, { order: 'desc', limit: 100 }))
    expect(newestFirst.map((row) => row.crimeId)).toEqual(all.map((row) => row.crimeId).reverse())
  })

  it('filters by offence group, unit, holder (or nobody) and flags, and counts the same way', async () => {
    const other = await ctx.newForce()
    const otherOfficer = (await other.user('officer')).userId
    const seeds: CrimeSeed[] = [
      {
        status: 'returned_to_officer',
        enteredHoursAgo: 5,
        offenceGroup: 'robbery',
        assignedUserId: officer,
        domesticAbuse: true,
      },
      {
        status: 'returned_to_officer',
        enteredHoursAgo: 6,
        offenceGroup: 'robbery',
        assignedUnitId: unitId,
        vulnerableVictim: true,
      },
      {
        status: 'returned_to_officer',
        enteredHoursAgo: 7,
        offenceGroup: 'arson',
        assignedUserId: officer,
        assignedUnitId: unitId,
        hateCrime: true,
        domesticAbuse: true,
      },
      { status: 'returned_to_officer', enteredHoursAgo: 8, offenceGroup: 'arson' },
    ]
    await inForce((tx) => insertCrimes(tx, seeds))
    // Another force's crimes in the same state are never seen (row-level security).
    await ctx.deps.db.withForce(other.forceId, (tx) =>
      insertCrimes(tx, [{ status: 'returned_to_officer', enteredHoursAgo: 5, assignedUserId: otherOfficer }]),
    )
    const base: CrimeWorklist = { statuses: ['returned_to_officer'] }
    const count = async (list: CrimeWorklist) => {
      const [rows, stats] = await inForce(async (tx) => [
        await worklists.page(tx, list, { order: 'asc', limit: 100 }),
        await worklists.stats(tx, list, [], null),
      ])
      expect(stats.count).toBe(rows.length)
      return rows.length
    }
    expect(await count(base)).toBe(4)
    expect(await count({ ...base, offenceGroup: 'robbery' })).toBe(2)
    expect(await count({ ...base, unitId })).toBe(2)
    expect(await count({ ...base, holder: officer })).toBe(2)
    expect(await count({ ...base, holder: null })).toBe(2)
    expect(await count({ ...base, flags: ['domesticAbuse'] })).toBe(2)
    expect(await count({ ...base, flags: ['domesticAbuse', 'hateCrime'] })).toBe(1)
    expect(await count({ ...base, flags: ['vulnerableVictim'], offenceGroup: 'robbery' })).toBe(1)

    const named = await inForce((tx) => worklists.page(tx, { ...base, holder: officer }, { order: 'asc', limit: 10 }))
    expect(named[0]!.assignedUserName).toBe('Test officer')

    const groups = await inForce((tx) => worklists.offenceGroups(tx, { ...base, offenceGroup: 'robbery' }))
    expect(groups.map((g) => [g.offenceGroup, Number(g.count)])).toEqual([
      ['arson', 2],
      ['robbery', 2],
    ])
    const holders = await inForce((tx) => worklists.byHolder(tx, base))
    // Most first; equal counts by person, nobody last.
    expect(holders.map((h) => [h.assignedUserId, Number(h.count)])).toEqual([
      [officer, 2],
      [null, 2],
    ])
    const work = await inForce((tx) => worklists.openWorkByHolder(tx, [officer]))
    expect(work).toEqual([{ assignedUserId: officer, status: 'returned_to_officer', count: 2 }])
  })

  it('ages the re-opened queue from the re-opening, and counts its ageing windows and overdue items', async () => {
    await inForce((tx) =>
      insertCrimes(tx, [
        { status: 'under_investigation', enteredHoursAgo: 1000, reopenedHoursAgo: 2 },
        { status: 'under_investigation', enteredHoursAgo: 1000, reopenedHoursAgo: 200 },
        { status: 'under_investigation', enteredHoursAgo: 1000, reopenedHoursAgo: 800 },
        { status: 'under_investigation', enteredHoursAgo: 3 },
      ]),
    )
    const list: CrimeWorklist = { statuses: ['under_investigation'], reopenedOnly: true }
    const rows = await inForce((tx) => worklists.page(tx, list, { order: 'asc', limit: 10 }))
    expect(rows.map((row) => (NOW.getTime() - row.enteredAt.getTime()) / HOUR)).toEqual([800, 200, 2])
    const hoursAgo = (h: number) => new Date(NOW.getTime() - h * HOUR)
    const stats = await inForce((tx) =>
      worklists.stats(
        tx,
        list,
        [
          { after: hoursAgo(168), atOrBefore: NOW },
          { after: hoursAgo(672), atOrBefore: hoursAgo(168) },
          { after: null, atOrBefore: hoursAgo(672) },
        ],
        hoursAgo(672),
      ),
    )
    expect(stats).toEqual({ count: 3, oldest: hoursAgo(800), buckets: [1, 1, 1], overdue: 1 })
    const window = await inForce((tx) =>
      worklists.page(
        tx,
        { ...list, enteredAfter: hoursAgo(300), enteredAtOrBefore: hoursAgo(100) },
        { order: 'asc', limit: 10 },
      ),
    )
    expect(window).toHaveLength(1)
  })

  it('counts status changes and recordings per London day (BST evenings fall on the next day)', async () => {
    const [crimeId] = await inForce((tx) => insertCrimes(tx, [{ status: 'awaiting_filing', enteredHoursAgo: 1 }]))
    const change = (seq: number, from: string | null, to: string, at: string, action = 'x') => ({
      crimeId: crimeId!,
      seq,
      fromStatus: from,
      toStatus: to,
      action,
      changedAt: new Date(at),
      changedBy: 'u',
      changedByName: 'U',
    })
    await inForce(async (tx) => {
      await tx
        .insertInto('crimeStatusChange')
        .values([
          change(1, null, 'recorded', '2026-06-30T22:30:00Z', 'record'),
          change(2, 'recorded', 'awaiting_allocation', '2026-06-30T23:30:00Z'),
          change(3, 'filed', 'under_investigation', '2026-07-01T10:00:00Z', 'reopen'),
        ])
        .execute()
    })
    const rows = await inForce((tx) =>
      worklists.transitionsByDay(tx, new Date('2026-06-30T00:00:00Z'), new Date('2026-07-02T00:00:00Z')),
    )
    expect(rows.map((r) => [r.day, r.fromStatus, r.toStatus, Number(r.count)]).sort()).toEqual(
      [
        ['2026-06-30', null, 'recorded', 1],
        ['2026-07-01', 'recorded', 'awaiting_allocation', 1],
        ['2026-07-01', 'filed', 'under_investigation', 1],
      ].sort(),
    )
    const reopened = await inForce((tx) =>
      worklists.reopenedByDay(tx, new Date('2026-06-30T00:00:00Z'), new Date('2026-07-02T00:00:00Z')),
    )
    expect(reopened.map((r) => [r.day, Number(r.count)])).toEqual([['2026-07-01', 1]])
  })

  it('counts crimes recorded each day and how many within 24 hours (rule 2)', async () => {
    const day = await ctx.newForce()
    await ctx.deps.db.withForce(day.forceId, (tx) =>
      insertCrimes(tx, [
        { status: 'filed', enteredHoursAgo: 20 },
        { status: 'filed', enteredHoursAgo: 20, recordedLate: true },
        { status: 'filed', enteredHoursAgo: 21 },
      ]),
    )
    const rows = await ctx.deps.db.withForce(day.forceId, (tx) =>
      worklists.recordedByDay(tx, new Date('2026-11-25T00:00:00Z'), new Date('2026-11-26T00:00:00Z')),
    )
    expect(rows.map((r) => [r.day, Number(r.recorded), Number(r.onTime)])).toEqual([['2026-11-25', 3, 2]])
  })

  describe('fast at any size: the awaiting-filing queue reads its partial index, not the crime table', () => {
    let big: TestForce

    beforeAll(async () => {
      big = await ctx.newForce()
      // 30,000 crimes, almost all filed: the queue is 2% of them. Loaded as the owner, naming the force: on Citus an
      // INSERT … SELECT into a distributed table is a COPY through the coordinator, which row-level security refuses.
      await sql`
          insert into crime (force_id, crime_id, crime_reference, direct_report_channel, status, status_changed_at,
            reported_at, recorded_at, recorded_by, offence_from, offence_code, offence_code_version, offence_group,
            offence_code_at_recording, domestic_abuse)
          select ${big.forceId}::integer, gen_random_uuid(), 'BIG/' || g, '101',
            case when g % 50 = 0 then 'awaiting_filing' when g % 97 = 0 then 'under_investigation' else 'filed' end,
            timestamptz '2026-11-26 09:00Z' - (g || ' minutes')::interval,
            timestamptz '2026-11-26 09:00Z' - (g || ' minutes')::interval - interval '3 days',
            timestamptz '2026-11-26 09:00Z' - (g || ' minutes')::interval - interval '2 days',
            'Generator', timestamptz '2026-11-26 09:00Z' - (g || ' minutes')::interval - interval '3 days',
            '105A', '2017-18', 'violence-without-injury', '105A', g % 7 = 0
          from generate_series(1, 30000) g`.execute(ctx.deps.db.kysely)
      // As autovacuum would after a load: statistics, and the visibility map that lets counts read only the index.
      await sql`vacuum analyze crime`.execute(ctx.deps.db.kysely)
    })

    /** The plan PostgreSQL chooses for a query, run as the app runs it (force-scoped, row-level security on). */
    async function plan(tx: ForceTransaction, query: { compile(): CompiledQuery }): Promise<string> {
      const compiled = query.compile()
      const result = await tx.executeQuery<{ 'QUERY PLAN': unknown }>(
        CompiledQuery.raw(`explain (format json) ${compiled.sql}`, [...compiled.parameters]),
      )
      return JSON.stringify(result.rows[0]!['QUERY PLAN'])
    }

    /**
     * Every scan of the crime table in a plan: which node and which index. On Citus the plan is the coordinator's,
     * with each shard's own plan inside it (Distributed Query, Job, Tasks, Remote Plan), where the table and its
     * indexes are named with the shard's number (`crime_102008`, `crime_by_status_102008`).
     */
    function crimeScans(planJson: string): Array<{ node: string; index: string | undefined }> {
      const citus = testDatabaseKind() === 'citus'
      const unsharded = (name: unknown) =>
        typeof name === 'string' && citus ? name.replace(/_\d+$/, '') : (name as string | undefined)
      const scans: Array<{ node: string; index: string | undefined }> = []
      const walk = (value: unknown): void => {
        if (Array.isArray(value)) {
          value.forEach(walk)
          return
        }
        if (typeof value !== 'object' || value === null) {
          return
        }
        const node = value as Record<string, unknown>
        if (unsharded(node['Relation Name']) === 'crime') {
          // A bitmap heap scan names its index in the bitmap index scan beneath it.
          const bitmap = (node.Plans as Array<Record<string, unknown>> | undefined)?.find(
            (child) => child['Index Name'],
          )
          scans.push({
            node: String(node['Node Type']),
            index: unsharded(node['Index Name'] ?? bitmap?.['Index Name']),
          })
        }
        Object.values(node).forEach(walk)
      }
      walk((JSON.parse(planJson) as Array<{ Plan: Record<string, unknown> }>)[0]!.Plan)
      return scans
    }

    it('the page as it opens, and every next page, reads crime_queue_awaiting_filing', async () => {
      for (const from of [undefined, { at: new Date('2026-11-20T00:00:00Z'), id: newId() }]) {
        const text = await ctx.deps.db.withForce(big.forceId, (tx) =>
          plan(tx, worklists.pageQuery(tx, { statuses: ['awaiting_filing'] }, { order: 'asc', from, limit: 50 })),
        )
        const scans = crimeScans(text)
        expect(scans.map((scan) => scan.index)).toEqual(['crime_queue_awaiting_filing'])
        expect(scans[0]!.node).toMatch(/Index/)
      }
    })

    it('filtered pages and the count and ageing read only indexes confined to the queue’s status, never the table', async () => {
      const queries = await ctx.deps.db.withForce(big.forceId, async (tx) => [
        await plan(
          tx,
          worklists.pageQuery(
            tx,
            { statuses: ['awaiting_filing'], flags: ['domesticAbuse'] },
            { order: 'asc', from: { at: new Date('2026-11-20T00:00:00Z'), id: newId() }, limit: 50 },
          ),
        ),
        await plan(
          tx,
          worklists.statsQuery(
            tx,
            { statuses: ['awaiting_filing'] },
            [{ after: new Date('2026-11-19T09:00:00Z'), atOrBefore: NOW }],
            new Date('2026-11-19T09:00:00Z'),
          ),
        ),
        await plan(tx, worklists.statsQuery(tx, { statuses: ['awaiting_filing'], flags: ['domesticAbuse'] }, [], null)),
      ])
      for (const text of queries) {
        const scans = crimeScans(text)
        expect(scans.length).toBeGreaterThan(0)
        for (const scan of scans) {
          expect(scan.node).not.toBe('Seq Scan')
          // Either the queue's own partial index or the crimes module's (force, status, time) index: both hold
          // only this status's range, so the cost is the queue's size.
          expect(['crime_queue_awaiting_filing', 'crime_by_status']).toContain(scan.index)
        }
      }
    })

    it('and answers with the queue’s own numbers', async () => {
      const stats = await ctx.deps.db.withForce(big.forceId, (tx) =>
        worklists.stats(tx, { statuses: ['awaiting_filing'] }, [], null),
      )
      expect(stats.count).toBe(600)
    })
  })
})
