import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { createTestContext, type TestContext } from '../../../test/support/test-context.ts'
import { systemActor } from '../../platform/auth/actor.ts'
import { ValidationFailed } from '../../platform/http/errors.ts'
import { createSyntheticForce, generateCrimes } from '../../demo/index.ts'
import { generate } from './generate.ts'
import { snapshotQueues } from './queues-snapshot.ts'

/**
 * The synthetic data generator: crimes whose history follows the workflow, that the crimes service can go on
 * working, and whose past queue sizes the daily snapshots rebuild exactly.
 */
describe('tally generate', () => {
  let ctx: TestContext
  let force: Awaited<ReturnType<typeof createSyntheticForce>>

  beforeAll(async () => {
    ctx = await createTestContext()
    force = await createSyntheticForce(ctx.deps, 1, 'generated-password-123')
    await generateCrimes(ctx.deps.db, {
      forceId: force.forceId,
      crimes: 3000,
      days: 90,
      now: ctx.clock.now(),
      officers: force.officers,
      units: force.units,
      referencePrefix: force.prefix,
      offenceCodeVersion: force.offenceCodeVersion,
      incidents: true,
      batchSize: 1000,
    })
  })
  afterAll(() => ctx.close())

  const rows = <T>(query: ReturnType<typeof sql<T>>) =>
    ctx.deps.db.withForce(force.forceId, async (tx) => (await query.execute(tx)).rows)

  it('writes each crime’s history as the workflow would: numbered from 1, ending where the crime is now', async () => {
    const [check] = await rows<{ crimes: number; mismatched: number; late: number; references: number }>(sql`
      with last as (
        select force_id, crime_id, max(seq) as seq, count(*) as changes from crime_status_change
        where force_id = ${force.forceId} group by force_id, crime_id
      )
      select count(*)::int as crimes,
        count(*) filter (where c.version <> l.seq or l.seq <> l.changes
          or c.status <> s.to_status or c.status_changed_at <> s.changed_at)::int as mismatched,
        count(*) filter (where c.recorded_late)::int as late,
        count(distinct c.crime_reference)::int as references
      from crime c join last l using (force_id, crime_id)
      join crime_status_change s on s.force_id = c.force_id and s.crime_id = c.crime_id and s.seq = l.seq
      where c.force_id = ${force.forceId}`)
    expect(check).toMatchObject({ crimes: 3000, mismatched: 0, references: 3000 })
    // About 7% recorded more than 24 hours after the report (rule 2).
    expect(check!.late / 3000).toBeGreaterThan(0.04)
    expect(check!.late / 3000).toBeLessThan(0.1)
    const statuses = await rows<{ status: string }>(sql`select distinct status from crime`)
    expect(statuses.map((s) => s.status).sort()).toEqual(
      [
        'awaiting_allocation',
        'awaiting_filing',
        'filed',
        'imu_quality_check',
        'recorded',
        'returned_to_officer',
        'under_investigation',
      ].sort(),
    )
    const [reference] = await rows<{ crimeReference: string }>(sql`select crime_reference from crime limit 1`)
    expect(reference!.crimeReference).toMatch(/^S01\/\d\d\/S\d{7}$/)
    const waiting = await ctx.deps.services.queues.queuePage(systemActor(force.forceId), 'recording-decision-due')
    expect(waiting.total).toBeGreaterThan(0)
  })

  it('leaves crimes the crimes service can go on working: allocate, file, and the next change numbers on', async () => {
    const actor = systemActor(force.forceId)
    const queues = ctx.deps.services.queues
    const check = (await queues.queuePage(actor, 'imu-quality-check', { pageSize: 25 })).items[0]!
    const filed = await ctx.deps.services.crimes.act(actor, check.id, {
      action: 'file',
      expectedVersion: check.version,
      checklist: ['classificationCorrect', 'outcomeValid', 'victimToldOfOutcome', 'victimsCodeContactsDone'],
    })
    expect(filed.status).toBe('filed')
    const waiting = (await queues.queuePage(actor, 'awaiting-allocation', { pageSize: 25 })).items[0]!
    const allocated = await ctx.deps.services.crimes.act(actor, waiting.id, {
      action: 'allocate',
      expectedVersion: waiting.version,
      assignedUserId: force.officers[0],
    })
    expect(allocated.version).toBe(waiting.version + 1)
  })

  it('rebuilds every past day’s queue size exactly from the history it wrote', async () => {
    const actor = systemActor(force.forceId)
    await ctx.deps.services.queueDashboard.snapshot(actor, { maxDays: 30 })
    const snapshots = await rows<{ day: string; queue: string; size: number }>(
      sql`select to_char(day, 'YYYY-MM-DD') as day, queue, size from queue_snapshot where queue = 'awaiting-filing' order by day`,
    )
    expect(snapshots).toHaveLength(30)
    for (const snapshot of snapshots.filter((_, i) => i % 7 === 3)) {
      // Directly: crimes whose last change by the end of that London day put them in awaiting filing.
      const [direct] = await rows<{ size: number }>(sql`
        with ends as (select (${snapshot.day}::date + 1)::timestamp at time zone 'Europe/London' as at)
        select count(*)::int as size from (
          select distinct on (crime_id) crime_id, to_status from crime_status_change, ends
          where changed_at < ends.at order by crime_id, seq desc) last
        where to_status = 'awaiting_filing'`)
      expect(snapshot.size, snapshot.day).toBe(direct!.size)
    }
  })

  it('a filing stall makes the awaiting-filing queue grow day after day; generating again never clashes', async () => {
    const stalled = await createSyntheticForce(ctx.deps, 2, 'generated-password-123')
    const options = {
      forceId: stalled.forceId,
      crimes: 2000,
      days: 100,
      now: ctx.clock.now(),
      officers: stalled.officers,
      units: stalled.units,
      referencePrefix: stalled.prefix,
      offenceCodeVersion: stalled.offenceCodeVersion,
      filingStallDays: 60,
    }
    await generateCrimes(ctx.deps.db, options)
    await generateCrimes(ctx.deps.db, { ...options, crimes: 100, seed: 7 })
    const actor = systemActor(stalled.forceId)
    await ctx.deps.services.queueDashboard.snapshot(actor, { maxDays: 60 })
    const sizes = await ctx.deps.db.withForce(stalled.forceId, async (tx) =>
      (
        await sql<{
          size: number
        }>`select size from queue_snapshot where queue = 'awaiting-filing' order by day`.execute(tx)
      ).rows.map((row) => row.size),
    )
    expect(sizes.at(-1)!).toBeGreaterThan(sizes[0]! * 3)
    expect(sizes.at(-1)!).toBeGreaterThan(sizes[Math.floor(sizes.length / 2)]!)
    const [counted] = await ctx.deps.db.withForce(
      stalled.forceId,
      async (tx) =>
        (
          await sql<{
            n: number
            refs: number
          }>`select count(*)::int as n, count(distinct crime_reference)::int as refs from crime`.execute(tx)
        ).rows,
    )
    expect(counted).toEqual({ n: 2100, refs: 2100 })
  })

  it('the commands: shares the crimes between new forces, refuses contradictory options, snapshots one force', async () => {
    const printed: string[] = []
    const log = vi.spyOn(console, 'log').mockImplementation((line: string) => void printed.push(String(line)))
    try {
      const before = (await ctx.deps.services.accounts.listForces()).length
      await generate(ctx.deps, { crimes: '601', forces: '2', days: '30', analyse: false })
      const forces = await ctx.deps.services.accounts.listForces()
      expect(forces.length).toBe(before + 2)
      expect(printed.at(-1)).toMatch(
        /^Generated 601 crimes \([\d,]+ status changes\) in 2 forces: SYN01-\w+, SYN02-\w+\.$/,
      )

      const wrong = async (options: Parameters<typeof generate>[1]) => {
        const error = await generate(ctx.deps, options).then(
          () => undefined,
          (e: unknown) => e,
        )
        expect(error).toBeInstanceOf(ValidationFailed)
        return (error as ValidationFailed).fieldErrors.map((e) => e.field)
      }
      expect(await wrong({ crimes: 'lots' })).toEqual(['crimes'])
      expect(await wrong({ crimes: '10', force: force.code, forces: '2', syntheticDataInRealForce: true })).toEqual([
        'forces',
      ])
      expect(await wrong({ crimes: '10', force: 'NOPE', syntheticDataInRealForce: true })).toEqual(['force'])
      // A real force gets synthetic crimes only when the operator says so in as many words.
      expect(await wrong({ crimes: '10', force: force.code })).toEqual(['force'])
      const production = { ...ctx.deps, config: { ...ctx.deps.config, environment: 'production' as const } }
      await expect(generate(production, { crimes: '10', forces: '1' })).rejects.toThrow(
        /refused when NODE_ENV=production/,
      )

      await snapshotQueues(ctx.deps, { force: force.code, days: '40' })
      expect(printed.at(-1)).toBe(`${force.code}: 2026-10-17 to 2026-10-26 (80 queue-days written)`)
      await expect(snapshotQueues(ctx.deps, { days: '0' })).rejects.toBeInstanceOf(ValidationFailed)
    } finally {
      log.mockRestore()
    }
  })
})
