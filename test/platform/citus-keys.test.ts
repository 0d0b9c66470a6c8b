import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { TallyDatabase } from '../../src/platform/db/database.ts'
import { openTestDatabase } from '../support/test-database.ts'

/**
 * The schema must be distributable on Citus by force_id without change, and confined to a force by row-level
 * security. Read from the catalog of the migrated database, so a new table that forgets is caught here.
 */
const INFRASTRUCTURE = ['kysely_migration', 'kysely_migration_lock']
/** `force` is the one reference table (replicated to every node), so its unique code index need not hold force_id. */
const REFERENCE_TABLES = ['force']

describe('every table can be distributed by force and is scoped to one', () => {
  let db: TallyDatabase
  beforeAll(async () => {
    db = await openTestDatabase()
  })
  afterAll(() => db.close())

  async function rows<T>(query: ReturnType<typeof sql<T>>): Promise<T[]> {
    return (await query.execute(db.kysely)).rows
  }

  const tables = () =>
    rows<{ table: string; rls: boolean }>(sql`
      select c.relname as table, c.relrowsecurity as rls
      from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where n.nspname = 'public' and c.relkind in ('r', 'p')
        and c.relname not in (${sql.join(INFRASTRUCTURE)}) and c.relname not like 'bench\\_%'
      order by 1`)

  it('finds the tables (the check below is not vacuous)', async () => {
    expect((await tables()).map((t) => t.table)).toEqual(
      expect.arrayContaining(['force', 'user_account', 'audit_event']),
    )
  })

  it('every table has a not-null force_id', async () => {
    const missing = await rows<{ table: string }>(sql`
      select c.relname as table from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where n.nspname = 'public' and c.relkind in ('r', 'p') and c.relname not in (${sql.join(INFRASTRUCTURE)})
        and c.relname not like 'bench\\_%'
        and not exists (select 1 from pg_attribute a where a.attrelid = c.oid and a.attname = 'force_id' and a.attnotnull and not a.attisdropped)`)
    expect(missing.map((m) => m.table)).toEqual([])
  })

  it('every primary key starts with force_id, and every unique constraint or index includes it', async () => {
    const offenders = await rows<{ table: string; index: string; primary: boolean; columns: string }>(sql`
      select c.relname as table, i.relname as index, x.indisprimary as primary,
             (select string_agg(a.attname, ', ' order by k.ord) from unnest(x.indkey) with ordinality k(attnum, ord)
                join pg_attribute a on a.attrelid = c.oid and a.attnum = k.attnum) as columns
      from pg_index x
      join pg_class c on c.oid = x.indrelid join pg_class i on i.oid = x.indexrelid
      join pg_namespace n on n.oid = c.relnamespace
      where n.nspname = 'public' and x.indisunique
        and c.relname not in (${sql.join([...INFRASTRUCTURE, ...REFERENCE_TABLES])}) and c.relname not like 'bench\\_%'
        and (
          not exists (select 1 from pg_attribute a where a.attrelid = c.oid and a.attname = 'force_id' and a.attnum = any(x.indkey))
          or (x.indisprimary and (select a.attname from pg_attribute a where a.attrelid = c.oid and a.attnum = x.indkey[0]) <> 'force_id')
        )`)
    expect(offenders.map((o) => `${o.table}.${o.index} (${o.columns})`)).toEqual([])
  })

  it('every table has a primary key', async () => {
    const missing = await rows<{ table: string }>(sql`
      select c.relname as table from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where n.nspname = 'public' and c.relkind = 'r' and c.relname not in (${sql.join(INFRASTRUCTURE)})
        and c.relname not like 'bench\\_%'
        and not exists (select 1 from pg_index x where x.indrelid = c.oid and x.indisprimary)`)
    expect(missing.map((m) => m.table)).toEqual([])
  })

  it('every foreign key between force tables joins on force_id too (Citus co-location)', async () => {
    const offenders = await rows<{ constraint: string; table: string }>(sql`
      select con.conname as constraint, c.relname as table
      from pg_constraint con join pg_class c on c.oid = con.conrelid join pg_class r on r.oid = con.confrelid
      join pg_namespace n on n.oid = c.relnamespace
      where n.nspname = 'public' and con.contype = 'f' and r.relname not in (${sql.join(REFERENCE_TABLES)})
        and not exists (select 1 from pg_attribute a where a.attrelid = c.oid and a.attname = 'force_id' and a.attnum = any(con.conkey))`)
    expect(offenders.map((o) => `${o.table}.${o.constraint}`)).toEqual([])
  })

  it('every table has row-level security on, with the force_scope policy', async () => {
    const unscoped = await rows<{ table: string }>(sql`
      select c.relname as table from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where n.nspname = 'public' and c.relkind in ('r', 'p') and c.relname not in (${sql.join(INFRASTRUCTURE)})
        and c.relname not like 'bench\\_%'
        and (not c.relrowsecurity or not exists (select 1 from pg_policy p where p.polrelid = c.oid and p.polname = 'force_scope'))`)
    expect(unscoped.map((u) => u.table)).toEqual([])
  })
})
