import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestContext, type TestContext } from '../../test/support/test-context.ts'
import { LIVE_STATUSES } from '../modules/crimes/index.ts'
import { NO_PERSON_VICTIM } from './crimes/mix.ts'
import { seedDemo } from './index.ts'

/** Issue 16: the demo force reads like a real one. */
describe('the demo force looks like a real one', () => {
  let ctx: TestContext
  let forceId: number
  beforeAll(async () => {
    ctx = await createTestContext({ demo: true })
    forceId = (await seedDemo(ctx.deps, {})).forceId
  }, 300_000) // seeds the whole demo force
  afterAll(() => ctx.close())

  const rows = async <T>(query: ReturnType<typeof sql<T>>) =>
    ctx.deps.db.withForce(forceId, async (tx) => (await query.execute(tx)).rows)

  it('spreads open crimes across the investigators in the staff list, in proportion to their hours', async () => {
    const holders = await rows<{ userId: string; open: number; hours: number | null }>(sql`
      select c.assigned_user_id as "userId", count(*)::int as open, max(s.contracted_hours)::float8 as hours
      from crime c left join staff_member s on s.force_id = c.force_id and s.user_id = c.assigned_user_id
      where c.force_id = ${forceId} and c.status in (${sql.join(LIVE_STATUSES.map((status) => sql.lit(status)))}) and c.assigned_user_id is not null
      group by c.assigned_user_id`)
    expect(holders.length).toBeGreaterThanOrEqual(10)
    expect(holders.filter((holder) => holder.hours === null)).toEqual([])
    const open = holders.reduce((sum, holder) => sum + holder.open, 0)
    const hours = holders.reduce((sum, holder) => sum + holder.hours!, 0)
    for (const holder of holders) {
      const share = holder.open / open / (holder.hours! / hours)
      expect(share, `${holder.userId}: ${holder.open} open crimes for ${holder.hours} hours`).toBeGreaterThan(0.6)
      expect(share, `${holder.userId}: ${holder.open} open crimes for ${holder.hours} hours`).toBeLessThan(1.5)
    }
  })

  it('names the people who did the work, with no generator markers anywhere a person reads', async () => {
    const marked = await rows<{ place: string; n: number }>(sql`
      select 'crime' as place, count(*)::int as n from crime
        where recorded_by ~* 'generat' or closing_summary ~* 'generat'
      union all select 'status change', count(*)::int from crime_status_change where changed_by_name ~* 'generat'
      union all select 'outcome', count(*)::int from crime_outcome
        where recorded_by_name ~* 'generat' or closing_summary ~* 'generat'
      union all select 'classification', count(*)::int from crime_classification where changed_by_name ~* 'generat'
      union all select 'incident', count(*)::int from incident
        where created_by ~* 'generat' or coalesce(closed_by, '') ~* 'generat' or coalesce(recording_decision_by, '') ~* 'generat'`)
    expect(marked.filter((row) => row.n > 0)).toEqual([])
  })

  it('gives every crime against a person its victim', async () => {
    const withoutVictim = await rows<{ offenceCode: string; status: string }>(sql`
      select c.offence_code as "offenceCode", c.status from crime c
      where c.force_id = ${forceId} and c.offence_code not in (${sql.join([...NO_PERSON_VICTIM].map((code) => sql.lit(code)))})
        and not exists (select 1 from person_involvement p
          where p.force_id = c.force_id and p.record_type = 'crime' and p.record_id = c.crime_id::text and p.role = 'victim')`)
    expect(withoutVictim).toEqual([])
    const [assaults] = await rows<{ n: number }>(sql`
      select count(*)::int as n from crime where offence_code like '105%' and status = 'filed'`)
    expect(assaults!.n).toBeGreaterThan(0)
  })

  it('shows more than one person holding open crimes on the dashboard', async () => {
    const [{ n }] = (await rows<{ n: number }>(sql`
      select count(distinct assigned_user_id)::int as n from crime
      where status in (${sql.join(LIVE_STATUSES.map((status) => sql.lit(status)))})`)) as [{ n: number }]
    expect(n).toBeGreaterThan(1)
  })
})
