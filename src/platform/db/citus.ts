import { sql, type Kysely } from 'kysely'

/**
 * Citus mode: the schema distributed by force.
 *
 * Every table carries `force_id` first in its keys (test/platform/citus-keys.test.ts), so on a Citus cluster
 * `force` becomes a reference table (a copy on every node) and every other table is distributed by `force_id`,
 * all co-located: one force's rows of every table sit in shards with the same hash range, on the same worker, so
 * a force's queries, joins, foreign keys and transactions stay on one node. Why each piece is done as it is:
 * docs/citus.md.
 *
 * The step is idempotent: it distributes what is not yet distributed, so it runs after every migration batch
 * when the `citus` extension is present (a new table in a later migration is distributed the same way).
 */

/** Tables the migrator keeps for itself: they stay on the coordinator, untouched by the application. */
const COORDINATOR_ONLY = ['kysely_migration', 'kysely_migration_lock']
/** Tables every force reads: replicated to every node. */
export const REFERENCE_TABLES = ['force']
/** The distribution column of every other table. */
export const DISTRIBUTION_COLUMN = 'force_id'
export interface DistributeOptions {
  /**
   * Shards per distributed table, used when the first table is distributed (later ones co-locate with it);
   * by default the database's `citus.shard_count` (32 unless set).
   */
  readonly shardCount?: number
}

export interface Distribution {
  readonly referenceTables: string[]
  readonly distributedTables: string[]
}

/** Whether this database runs on Citus (the extension is created in it). */
export async function hasCitus<DB>(db: Kysely<DB>): Promise<boolean> {
  const { rows } = await sql<{ present: boolean }>`
    select exists (select 1 from pg_extension where extname = 'citus') as present`.execute(db)
  return rows[0]?.present ?? false
}

/** The tables distributed by hash (by force_id), as the coordinator's metadata has them. */
export async function distributedTables<DB>(db: Kysely<DB>): Promise<Set<string>> {
  const { rows } = await sql<{ table: string }>`
    select c.relname as table from pg_dist_partition p join pg_class c on c.oid = p.logicalrelid
    join pg_namespace n on n.oid = c.relnamespace
    where n.nspname = 'public' and p.partmethod = 'h'`.execute(db)
  return new Set(rows.map((row) => row.table))
}

/**
 * Distributes the schema (see above). Creates the extension when the database has none (`tally migrate
 * --distribute`; this needs Citus installed and preloaded, and the worker nodes registered).
 */
export async function distributeByForce<DB>(db: Kysely<DB>, options: DistributeOptions = {}): Promise<Distribution> {
  if (!(await hasCitus(db))) {
    await sql`create extension citus`.execute(db)
  }
  return db.transaction().execute(async (connection) => {
    // The audit trail's append-only triggers refuse a change without reading any other table, so they are safe
    // to run on each shard; Citus asks for this setting before it copies a trigger to the shards.
    await sql`set citus.enable_unsafe_triggers = on`.execute(connection)
    // Citus opens its connections to the workers as the current role, so inside withForce as tally_app: the role
    // must be able to log in there (Citus propagates this to every node; see docs/citus.md for authentication).
    await sql`alter role tally_app with login`.execute(connection)
    const referenceTables: string[] = []
    for (const table of REFERENCE_TABLES) {
      if ((await tableExists(connection, table)) && !(await isCitusTable(connection, table))) {
        await sql`select create_reference_table(${table})`.execute(connection)
        referenceTables.push(table)
      }
    }
    const distributed: string[] = []
    const existing = await distributedTables(connection)
    const pending = (await tablesInForeignKeyOrder(connection)).filter((table) => !existing.has(table))
    // Citus refuses a foreign key between a distributed table and one that is not (yet), in either direction, so
    // the keys among the tables being distributed are set aside and put back once all of them are.
    const keys = await foreignKeysAmong(connection, pending)
    for (const key of keys) {
      await sql`alter table ${sql.id(key.table)} drop constraint ${sql.id(key.name)}`.execute(connection)
    }
    for (const table of pending) {
      const anchor = [...existing][0]
      if (anchor === undefined) {
        await (
          options.shardCount === undefined
            ? sql`select create_distributed_table(${table}, ${DISTRIBUTION_COLUMN})`
            : sql`select create_distributed_table(${table}, ${DISTRIBUTION_COLUMN}, shard_count => ${options.shardCount})`
        ).execute(connection)
      } else {
        await sql`select create_distributed_table(${table}, ${DISTRIBUTION_COLUMN}, colocate_with => ${anchor})`.execute(
          connection,
        )
      }
      existing.add(table)
      distributed.push(table)
    }
    for (const key of keys) {
      await sql`alter table ${sql.id(key.table)} add constraint ${sql.id(key.name)} ${sql.raw(key.definition)}`.execute(
        connection,
      )
    }
    return { referenceTables, distributedTables: distributed }
  })
}

/** Foreign keys from one of `tables` to another, in the order given (so each is added back after its target). */
async function foreignKeysAmong<DB>(
  db: Kysely<DB>,
  tables: readonly string[],
): Promise<Array<{ table: string; name: string; definition: string }>> {
  if (tables.length === 0) {
    return []
  }
  const { rows } = await sql<{ table: string; name: string; definition: string }>`
    select c.relname as table, con.conname as name, pg_get_constraintdef(con.oid) as definition
    from pg_constraint con join pg_class c on c.oid = con.conrelid join pg_class r on r.oid = con.confrelid
    join pg_namespace n on n.oid = c.relnamespace
    where n.nspname = 'public' and con.contype = 'f'
      and c.relname in (${sql.join(tables)}) and r.relname in (${sql.join(tables)})`.execute(db)
  return rows.sort((a, b) => tables.indexOf(a.table) - tables.indexOf(b.table))
}

async function tableExists<DB>(db: Kysely<DB>, table: string): Promise<boolean> {
  const { rows } = await sql<{ present: boolean }>`select to_regclass(${table}) is not null as present`.execute(db)
  return rows[0]?.present ?? false
}

async function isCitusTable<DB>(db: Kysely<DB>, table: string): Promise<boolean> {
  const { rows } = await sql<{ present: boolean }>`
    select exists (select 1 from pg_dist_partition where logicalrelid = to_regclass(${table})) as present`.execute(db)
  return rows[0]?.present ?? false
}

/**
 * The tables to distribute, each after every table its foreign keys reference (Citus distributes a table only
 * once the tables it refers to are distributed or reference tables).
 */
async function tablesInForeignKeyOrder<DB>(db: Kysely<DB>): Promise<string[]> {
  const excluded = [...COORDINATOR_ONLY, ...REFERENCE_TABLES]
  const { rows: tables } = await sql<{ table: string }>`
    select c.relname as table from pg_class c join pg_namespace n on n.oid = c.relnamespace
    where n.nspname = 'public' and c.relkind in ('r', 'p') and not c.relispartition
      and c.relname not in (${sql.join(excluded)}) and c.relname not like 'bench\\_%'
    order by 1`.execute(db)
  const { rows: references } = await sql<{ table: string; references: string }>`
    select c.relname as table, r.relname as references
    from pg_constraint con join pg_class c on c.oid = con.conrelid join pg_class r on r.oid = con.confrelid
    join pg_namespace n on n.oid = c.relnamespace
    where n.nspname = 'public' and con.contype = 'f' and r.relname <> c.relname`.execute(db)
  const dependsOn = new Map<string, string[]>(tables.map((t) => [t.table, []]))
  for (const { table, references: referenced } of references) {
    if (dependsOn.has(table) && dependsOn.has(referenced)) {
      dependsOn.get(table)!.push(referenced)
    }
  }
  const ordered: string[] = []
  const placed = new Set<string>()
  const place = (table: string, path: Set<string>): void => {
    if (placed.has(table)) {
      return
    }
    if (path.has(table)) {
      throw new Error(`Foreign keys form a cycle through ${table}; Citus cannot distribute them in any order`)
    }
    path.add(table)
    for (const referenced of dependsOn.get(table) ?? []) {
      place(referenced, path)
    }
    path.delete(table)
    placed.add(table)
    ordered.push(table)
  }
  for (const table of dependsOn.keys()) {
    place(table, new Set())
  }
  return ordered
}
