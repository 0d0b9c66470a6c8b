import { sql } from 'kysely'
import type { Deps } from '../../deps.ts'
import { distributeByForce, distributedTables, hasCitus } from '../../platform/db/citus.ts'
import { migrateToLatest } from '../../platform/db/migrate.ts'

export interface MigrateOptions {
  /** Also distribute the schema on Citus by force, creating the extension if the database has none. */
  distribute?: boolean
  /** With distribute: shards per distributed table (the first time only). */
  shardCount?: string
}

/**
 * `tally migrate [--distribute [--shard-count N]]`: applies pending migrations. On a database with the `citus`
 * extension the tables are then distributed by force (every time: see platform/db/citus.ts); `--distribute`
 * creates the extension first, so a plain PostgreSQL database on a Citus coordinator becomes distributed.
 */
export async function migrate(deps: Deps, options: MigrateOptions = {}): Promise<number> {
  const shardCount = options.shardCount === undefined ? undefined : Number(options.shardCount)
  if (shardCount !== undefined && !(Number.isInteger(shardCount) && shardCount >= 1 && shardCount <= 64000)) {
    console.error('--shard-count must be a whole number from 1 to 64000; nothing was changed')
    return 2
  }
  if (options.distribute && deps.db.kind === 'pglite') {
    console.error('--distribute needs a PostgreSQL server with Citus (DATABASE_URL); nothing was changed')
    return 2
  }
  const distribution = shardCount === undefined ? {} : { shardCount }
  if (options.distribute && !(await hasCitus(deps.db.kysely))) {
    await distributeByForce(deps.db.kysely, distribution)
  }
  const applied = await migrateToLatest(deps.db.kysely, distribution)
  console.log(applied.length === 0 ? 'The database is up to date.' : `Applied ${applied.length}: ${applied.join(', ')}`)
  if (options.distribute) {
    await describeDistribution(deps)
  }
  return 0
}

async function describeDistribution({ db }: Deps): Promise<void> {
  const tables = [...(await distributedTables(db.kysely))]
  const { rows } = await sql<{ workers: number; shards: number }>`
    select (select count(*) from citus_get_active_worker_nodes()) as workers,
           (select count(*) from pg_dist_shard where logicalrelid = to_regclass(${tables[0] ?? 'force'})) as shards`.execute(
    db.kysely,
  )
  const { workers, shards } = rows[0]!
  console.log(
    `Distributed by force_id: ${tables.length} tables, ${shards} shards each, co-located, on ${workers} workers; force is a reference table.`,
  )
}
