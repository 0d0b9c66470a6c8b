import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { seedDemo } from '../../src/demo/index.ts'
import { ROLES } from '../../src/platform/auth/roles.ts'
import { isUuid } from '../../src/platform/ids.ts'
import type { RegisteredRoute } from '../../src/platform/http/access.ts'
import { Agent, ApiClient, createTestContext, type TestContext } from '../support/test-context.ts'

/**
 * A user of one force cannot read or change anything of another force through any route. Force A is the demo
 * force with every module's demo data; the intruder belongs to force B and holds every role. Every route that
 * takes an id is called with every kind of force A id; nothing of A may come back, and A's data must be exactly
 * as it was afterwards. New routes and new tables are covered as they appear.
 */
const INFRASTRUCTURE = ['kysely_migration', 'kysely_migration_lock']

describe('force isolation', () => {
  let ctx: TestContext
  let forceA: number
  let browser: Agent
  let api: ApiClient
  let idsOfA: string[]

  /** A digest of everything force A holds, table by table, read as the owner. */
  async function fingerprintOfA(): Promise<Record<string, string>> {
    const tables = await sql<{ table: string }>`
      select c.relname as table from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where n.nspname = 'public' and c.relkind = 'r' and c.relname not in (${sql.join(INFRASTRUCTURE)})
      order by 1`.execute(ctx.deps.db.kysely)
    const digest: Record<string, string> = {}
    for (const { table } of tables.rows) {
      const result = await sql<{ digest: string | null }>`
        select md5(string_agg(t::text, '|' order by t::text)) as digest from ${sql.table(table)} t where force_id = ${forceA}`.execute(
        ctx.deps.db.kysely,
      )
      digest[table] = result.rows[0]?.digest ?? 'empty'
    }
    return digest
  }

  beforeAll(async () => {
    ctx = await createTestContext({ demo: true })
    forceA = (await seedDemo(ctx.deps, {})).forceId

    // The intruder: one account in force B holding every role (written directly: no real account may).
    const intruder = await ctx.force.user('administrator')
    await ctx.deps.db.kysely
      .insertInto('userRole')
      .values(
        ROLES.filter((role) => role !== 'administrator').map((role) => ({
          forceId: ctx.force.forceId,
          userId: intruder.userId,
          role,
        })),
      )
      .execute()
    const cookie = await ctx.deps.identities.createSession(ctx.force.forceId, intruder.userId, ctx.clock.now(), 12)
    browser = Agent.signedIn(ctx.app, cookie)

    // Every id force A has: each row's uuid and text key columns, one sample per table and column.
    const columns = await sql<{ table: string; column: string }>`
      select c.relname as table, a.attname as column
      from pg_class c join pg_namespace n on n.oid = c.relnamespace join pg_attribute a on a.attrelid = c.oid
      where n.nspname = 'public' and c.relkind = 'r' and a.attnum > 0 and not a.attisdropped
        and a.atttypid = 'uuid'::regtype and c.relname not in (${sql.join(INFRASTRUCTURE)})`.execute(ctx.deps.db.kysely)
    const ids = new Set<string>()
    for (const { table, column } of columns.rows) {
      const sample = await sql<{ id: string }>`
        select ${sql.ref(column)}::text as id from ${sql.table(table)} where force_id = ${forceA} and ${sql.ref(column)} is not null limit 2`.execute(
        ctx.deps.db.kysely,
      )
      sample.rows.forEach((row) => ids.add(row.id))
    }
    const records = await sql<{ id: string }>`
      select distinct on (record_type) record_id as id from audit_event where force_id = ${forceA} order by record_type, seq desc`.execute(
      ctx.deps.db.kysely,
    )
    // Only record ids that belong to force A: names shared by every force (a queue's name) prove nothing.
    records.rows.filter((row) => isUuid(row.id)).forEach((row) => ids.add(row.id))
    idsOfA = [...ids]
  })
  afterAll(() => ctx.close())

  beforeAll(async () => {
    const token = await ctx.deps.services.accounts.createToken(ctx.force.system, {
      name: 'intruder system',
      // The widest-reaching role a token may carry (the registrar's is never a token's).
      role: 'imu_decision_maker',
    })
    api = new ApiClient(ctx.app, token.token)
  })

  const routesWithIds = (): RegisteredRoute[] =>
    ctx.app
      .registeredRoutes()
      .filter((route) => route.method !== 'HEAD' && route.access !== 'public' && route.url.includes(':'))

  it('has something to attack: force A has records and the app has routes that take ids', () => {
    expect(idsOfA.length).toBeGreaterThan(5)
    expect(routesWithIds().length).toBeGreaterThan(0)
  })

  it('no route shows force B anything of force A, and no route changes anything of force A', async () => {
    const before = await fingerprintOfA()
    const leaks: string[] = []
    const attempts = routesWithIds().flatMap((route) => idsOfA.map((id) => ({ route, id })))
    const attack = async ({ route, id }: (typeof attempts)[number]) => {
      const url = route.url.replace(/:[A-Za-z]+/g, id)
      const isApi = route.url.startsWith('/api/')
      const response = isApi
        ? await api.request(route.method as 'GET', url, route.method === 'GET' ? undefined : {})
        : route.method === 'GET'
          ? await browser.get(url)
          : await browser.post(url, {})
      if (route.method === 'GET' && response.statusCode < 300) {
        leaks.push(`${route.method} ${route.url} with ${id} answered ${response.statusCode}`)
      }
      if (response.statusCode < 400 && response.body.includes(id)) {
        leaks.push(`${route.method} ${route.url} with ${id} showed the id back`)
      }
    }
    // A few at once: on a server database (above all Citus, a hop to a worker per query) most of a request's
    // time is waiting on the network, not the processor.
    let next = 0
    await Promise.all(
      Array.from({ length: 4 }, async () => {
        while (next < attempts.length) {
          await attack(attempts[next++]!)
        }
      }),
    )
    expect(leaks).toEqual([])
    expect(await fingerprintOfA()).toEqual(before)
  }, 1_200_000) // every route with every id of force A: far longer than one ordinary test

  it('inside a force-B transaction, no table shows a single row of force A', async () => {
    const tables = await sql<{ table: string }>`
      select c.relname as table from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where n.nspname = 'public' and c.relkind = 'r' and c.relname not in (${sql.join(INFRASTRUCTURE)})`.execute(
      ctx.deps.db.kysely,
    )
    const visible: string[] = []
    await ctx.deps.db.withForce(ctx.force.forceId, async (tx) => {
      for (const { table } of tables.rows) {
        const result = await sql<{
          count: number
        }>`select count(*)::int as count from ${sql.table(table)} where force_id = ${forceA}`.execute(tx)
        if (result.rows[0]!.count > 0) {
          visible.push(table)
        }
      }
    })
    expect(visible).toEqual([])
  })

  it('inside a force-B transaction, force A rows cannot be inserted, updated or deleted', async () => {
    await expect(
      ctx.deps.db.withForce(ctx.force.forceId, (tx) =>
        tx
          .insertInto('userRole')
          .values({ forceId: forceA, userId: '01900000-0000-7000-8000-000000000000', role: 'officer' })
          .execute(),
      ),
    ).rejects.toThrow(/row-level security/)
    const updated = await ctx.deps.db.withForce(ctx.force.forceId, (tx) =>
      tx.updateTable('userAccount').set({ displayName: 'taken over' }).where('forceId', '=', forceA).executeTakeFirst(),
    )
    expect(Number(updated.numUpdatedRows)).toBe(0)
    const deleted = await ctx.deps.db.withForce(ctx.force.forceId, (tx) =>
      tx.deleteFrom('session').where('forceId', '=', forceA).executeTakeFirst(),
    )
    expect(Number(deleted.numDeletedRows)).toBe(0)
  })
})
