import crypto from 'node:crypto'
import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { TallyDatabase } from '../../src/platform/db/database.ts'
import { openTestDatabase, testDatabaseKind } from '../support/test-database.ts'

/**
 * On Citus (TEST_DB=citus): forces whose shards sit on different workers cannot see or write each other's rows
 * through the application role, and a force-scoped query goes to one shard. Elsewhere there is nothing to check.
 */
describe.runIf(testDatabaseKind() === 'citus')('on a Citus cluster', () => {
  let db: TallyDatabase
  let forceA: number
  let forceB: number

  /** The worker (host:port) holding a force's shard of a table. */
  async function workerOf(forceId: number, table = 'api_token'): Promise<string> {
    const { rows } = await sql<{ node: string }>`
      select nodename || ':' || nodeport as node from citus_shards
      where shardid = get_shard_id_for_distribution_column(${table}::regclass, ${forceId}::integer)`.execute(db.kysely)
    return rows[0]!.node
  }

  async function newForce(): Promise<number> {
    const code = `C${crypto.randomBytes(4).toString('hex')}`
    const row = await db.kysely
      .insertInto('force')
      .values({ code, name: `Force ${code}`, crimeReferencePrefix: code })
      .returning('forceId')
      .executeTakeFirstOrThrow()
    return row.forceId
  }

  function token(name: string) {
    return {
      tokenId: crypto.randomUUID(),
      name,
      role: 'auditor',
      secretHash: crypto.randomBytes(16).toString('hex'),
      createdBy: 'test',
      createdAt: new Date(),
    }
  }

  beforeAll(async () => {
    db = await openTestDatabase()
    forceA = await newForce()
    // The next forces until one's shards are on the other worker (shards are placed round-robin).
    for (let tries = 0; tries < 50; tries++) {
      const candidate = await newForce()
      if ((await workerOf(candidate)) !== (await workerOf(forceA))) {
        forceB = candidate
        break
      }
    }
    for (const [forceId, name] of [
      [forceA, 'A'],
      [forceB, 'B'],
    ] as const) {
      await db.withForce(forceId, (tx) =>
        tx
          .insertInto('apiToken')
          .values(token(`token of ${name}`))
          .execute(),
      )
    }
  })
  afterAll(() => db.close())

  it('found two forces whose rows sit on different workers', async () => {
    expect(forceB).toBeDefined()
    expect(await workerOf(forceA)).not.toBe(await workerOf(forceB))
  })

  it("a force's transaction sees only its own rows, through a built query and through raw SQL on every shard", async () => {
    for (const [forceId, name] of [
      [forceA, 'A'],
      [forceB, 'B'],
    ] as const) {
      const built = await db.withForce(forceId, (tx) => tx.selectFrom('apiToken').select(['forceId', 'name']).execute())
      expect(built).toEqual([{ forceId, name: `token of ${name}` }])
      // Raw SQL is not routed: it runs on every shard, where each worker applies the policy as tally_app.
      const raw = await db.withForce(forceId, (tx) =>
        sql<{ forceId: number; role: string }>`select force_id, current_user as role from api_token`.execute(tx),
      )
      expect(raw.rows).toEqual([{ forceId, role: 'tally_app' }])
    }
  })

  it("asking for the other force's rows by force_id finds nothing", async () => {
    const rows = await db.withForce(forceA, (tx) =>
      sql<{ name: string }>`select name from api_token where force_id = ${forceB}`.execute(tx),
    )
    expect(rows.rows).toEqual([])
  })

  it("a force's transaction cannot write a row into the other force, nor change or delete its rows", async () => {
    await expect(
      db.withForce(forceA, (tx) =>
        tx
          .insertInto('apiToken')
          .values({ ...token('planted'), forceId: forceB })
          .execute(),
      ),
    ).rejects.toThrow(/row-level security/)
    const changed = await db.withForce(forceA, (tx) =>
      sql`update api_token set name = 'changed' where force_id = ${forceB}`.execute(tx),
    )
    const deleted = await db.withForce(forceA, (tx) =>
      sql`delete from api_token where force_id = ${forceB}`.execute(tx),
    )
    expect([changed.numAffectedRows, deleted.numAffectedRows]).toEqual([0n, 0n])
    const ofB = await db.kysely.selectFrom('apiToken').select('name').where('forceId', '=', forceB).execute()
    expect(ofB).toEqual([{ name: 'token of B' }])
  })

  it('a force-scoped query is routed to the one shard holding the force (a router plan)', async () => {
    const plan = await db.withForce(forceA, async (tx) => {
      const query = tx.selectFrom('apiToken').select('name').where('name', '=', 'token of A').compile()
      const explained = await sql
        .raw<{ 'QUERY PLAN': string }>(
          `explain ${query.sql}`.replace(/\$(\d+)/g, (_, n: string) => literal(query.parameters[Number(n) - 1])),
        )
        .execute(tx)
      return explained.rows.map((row) => row['QUERY PLAN']).join('\n')
    })
    expect(plan).toMatch(/Custom Scan \(Citus Adaptive\)/)
    expect(plan).toMatch(/Task Count: 1\b/)
    expect(plan).toMatch(new RegExp(`Node: host=[^ ]+ port=${(await workerOf(forceA)).split(':')[1]}`))
  })

  it('raw SQL that names the force as the policies do is routed to its shard too', async () => {
    const { plan, names } = await db.withForce(forceA, async (tx) => {
      const query = sql<{ name: string }>`
        select t.name from api_token t
        join api_token u on u.force_id = current_setting('tally.force_id', true)::integer and u.name = t.name
        where t.force_id = current_setting('tally.force_id')::integer`
      const explained = await sql<{ 'QUERY PLAN': string }>`explain ${query}`.execute(tx)
      const { rows } = await query.execute(tx)
      return { plan: explained.rows.map((row) => row['QUERY PLAN']).join('\n'), names: rows.map((row) => row.name) }
    })
    expect(names).toEqual(['token of A'])
    expect(plan).toMatch(/Task Count: 1\b/)
    expect(plan).toMatch(new RegExp(`Node: host=[^ ]+ port=${(await workerOf(forceA)).split(':')[1]}`))
  })

  it('the audit chain of a force is locked and appended on its shard alone', async () => {
    const plan = await db.withForce(forceA, async (tx) => {
      const query = tx.selectFrom('auditChain').select(['lastSeq']).forUpdate().compile()
      const explained = await sql
        .raw<{ 'QUERY PLAN': string }>(
          `explain ${query.sql}`.replace(/\$(\d+)/g, (_, n: string) => literal(query.parameters[Number(n) - 1])),
        )
        .execute(tx)
      return explained.rows.map((row) => row['QUERY PLAN']).join('\n')
    })
    expect(plan).toMatch(/Task Count: 1\b/)
  })
})

function literal(value: unknown): string {
  return typeof value === 'number' ? String(value) : `'${String(value).replaceAll("'", "''")}'`
}
