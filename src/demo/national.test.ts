import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { createTestContext, type TestContext } from '../../test/support/test-context.ts'
import { generate } from '../cli/commands/generate.ts'
import { NATIONAL_FORCES, nationalShares } from './national-forces.ts'
import { OTHER_INCIDENTS_PER_CRIME } from './national-rows.ts'

const SCALE = 0.0005

/**
 * A national year at a tiny scale (3,300 crimes), through the command: the 43 forces, sized as the real ones are,
 * with their incidents, histories, people and a valid audit chain each, every row in its own force.
 */
describe('tally generate --national', () => {
  let ctx: TestContext
  let forces: Map<string, number>

  beforeAll(async () => {
    ctx = await createTestContext()
    vi.spyOn(console, 'log').mockImplementation(() => undefined)
    await generate(ctx.deps, { national: true, scale: String(SCALE), seed: '7', analyse: false })
    vi.mocked(console.log).mockRestore()
    const rows = await ctx.deps.db.kysely.selectFrom('force').select(['forceId', 'code']).execute()
    forces = new Map(rows.map((row) => [row.code, row.forceId]))
  }, 300_000)
  afterAll(() => ctx.close())

  /** As the owner, across every force. */
  const owner = async <T>(query: ReturnType<typeof sql<T>>) => (await query.execute(ctx.deps.db.kysely)).rows

  it('makes the 43 forces, each with crimes in proportion to its real recorded crime', async () => {
    const counts = await owner<{ code: string; crimes: number }>(sql`
      select f.code, count(c.crime_id)::int as crimes from force f left join crime c using (force_id)
      group by f.code`)
    const byCode = new Map(counts.map((row) => [row.code, row.crimes]))
    for (const share of nationalShares(SCALE)) {
      expect(byCode.get(share.code), share.code).toBe(share.crimes)
    }
    expect(NATIONAL_FORCES.every((force) => forces.has(force.code))).toBe(true)
    expect(byCode.get('MET')).toBeGreaterThan(10 * byCode.get('COL')!)
    expect([...byCode.values()].reduce((sum, n) => sum + n, 0) - byCode.get(ctx.force.code)!).toBe(3300)
  })

  it('gives each crime its incident in the same force, two incidents beside it that were not crimes, and its history', async () => {
    const [check] = await owner<{ crimes: number; incidents: number; changes: number; versions: number }>(sql`
      select
        (select count(*)::int from crime) as crimes,
        (select count(*)::int from incident) as incidents,
        (select count(*)::int from incident where recording_decision = 'crimed') as crimed,
        (select count(*)::int from crime c where not exists (select 1 from incident i
          where i.force_id = c.force_id and i.incident_id = c.incident_id and i.recording_decision = 'crimed')) as orphans,
        (select count(*)::int from crime_status_change) as changes,
        (select coalesce(sum(version), 0)::int from crime) as versions,
        (select count(*)::int from crime c where c.status <> (select s.to_status from crime_status_change s
          where s.force_id = c.force_id and s.crime_id = c.crime_id and s.seq = c.version)) as mismatched`)
    expect(check).toMatchObject({ crimes: 3300, crimed: 3300, orphans: 0, mismatched: 0 })
    expect(check!.incidents).toBe(3300 * (1 + OTHER_INCIDENTS_PER_CRIME))
    expect(check!.changes).toBe(check!.versions)
    expect(check!.changes / 3300).toBeGreaterThan(4)
  })

  it('records victims and suspects as people of the crime’s force, some of them known before', async () => {
    const [check] = await owner<{
      people: number
      withVictim: number
      victims: number
      suspects: number
      keys: number
    }>(sql`
      select
        (select count(*)::int from person) as people,
        (select count(*)::int from crime where victim_person_id is not null) as with_victim,
        (select count(*)::int from person_involvement where role = 'victim') as victims,
        (select count(*)::int from person_involvement where role = 'suspect') as suspects,
        (select count(*)::int from crime c where victim_person_id is not null and not exists (select 1 from person p
          where p.force_id = c.force_id and p.person_id = c.victim_person_id)) as missing,
        (select count(*)::int from person_involvement v where not exists (select 1 from crime c
          where c.force_id = v.force_id and c.crime_id::text = v.record_id)) as strays,
        (select count(*)::int from person_name_key) as keys`)
    expect(check).toMatchObject({ missing: 0, strays: 0 })
    expect(check!.victims).toBe(check!.withVictim)
    expect(check!.withVictim / 3300).toBeGreaterThan(0.6)
    expect(check!.suspects / 3300).toBeGreaterThan(0.2)
    // Repeat victims and offenders: fewer people than involvements.
    expect(check!.people).toBeLessThan(check!.victims + check!.suspects)
    expect(check!.keys).toBeGreaterThan(check!.people)
  })

  it('writes every action to each force’s audit trail, whose chain verifies', async () => {
    const [check] = await owner<{ crimeEvents: number; changes: number }>(sql`
      select
        (select count(*)::int from audit_event where action = 'CRIME_RECORDED') as recorded,
        (select count(*)::int from audit_event where action = 'INCIDENT_LOGGED') as logged,
        (select count(*)::int from audit_event where record_type = 'crime') as crime_events,
        (select count(*)::int from crime_status_change) as changes`)
    expect(check).toMatchObject({ recorded: 3300, logged: 3300 * (1 + OTHER_INCIDENTS_PER_CRIME) })
    expect(check!.crimeEvents).toBe(check!.changes)
    const results = await ctx.deps.services.auditTrail.verify()
    const national = results.filter((result) => forces.has(result.code) && result.code !== ctx.force.code)
    expect(national).toHaveLength(43)
    for (const result of national) {
      expect(result.problems, result.code).toEqual([])
    }
    // In time order from the force's creation on: seq order is the order things happened.
    const [order] = await owner<{ backwards: number }>(sql`
      select count(*) filter (where backwards)::int as backwards from (
        select occurred_at < lag(occurred_at) over (partition by force_id order by seq) as backwards from audit_event
        where force_id in (${sql.join([...forces.values()])})) as events`)
    expect(order!.backwards).toBe(0)
    const met = national.find((result) => result.code === 'MET')!
    expect(met.eventsChecked).toBeGreaterThan(nationalShares(SCALE).find((f) => f.code === 'MET')!.crimes * 8)
  })

  it('keeps each force’s rows from every other force through the application role', async () => {
    const met = forces.get('MET')!
    const city = forces.get('COL')!
    const seen = await ctx.deps.db.withForce(
      city,
      async (tx) =>
        (
          await sql<{ table: string; own: number; others: number }>`
          select 'crime' as table, count(*) filter (where force_id = ${city})::int as own,
            count(*) filter (where force_id <> ${city})::int as others from crime
          union all select 'incident', count(*) filter (where force_id = ${city}), count(*) filter (where force_id <> ${city}) from incident
          union all select 'person', count(*) filter (where force_id = ${city}), count(*) filter (where force_id <> ${city}) from person
          union all select 'audit_event', count(*) filter (where force_id = ${city}), count(*) filter (where force_id <> ${city}) from audit_event`.execute(
            tx,
          )
        ).rows,
    )
    for (const row of seen) {
      expect(row.others, row.table).toBe(0)
      expect(row.own, row.table).toBeGreaterThan(0)
    }
    const metCrimes = await ctx.deps.db.withForce(city, async (tx) =>
      Number(
        (await sql<{ n: number }>`select count(*)::int as n from crime where force_id = ${met}`.execute(tx)).rows[0]!.n,
      ),
    )
    expect(metCrimes).toBe(0)
  })

  it('refuses to make the forces again into the same database', async () => {
    await expect(generate(ctx.deps, { national: true, scale: String(SCALE) })).rejects.toThrow(/already exists/)
  })
})
