import pg from 'pg'
import { TallyDatabase } from '../../src/platform/db/database.ts'
import { migrateToLatest } from '../../src/platform/db/migrate.ts'

/**
 * Test databases on a local Citus cluster (TEST_DB=citus): the coordinator named by the test URL (default
 * 127.0.0.1:5433) and the workers in CITUS_WORKERS (default 127.0.0.1:5434,127.0.0.1:5435), as
 * /work/shared/citus/cluster.sh or docs/citus.md sets them up.
 *
 * A Citus database is one database of the same name on every node. As on PostgreSQL, each test file gets its own,
 * copied from a template made once per set of migrations: the template is migrated and distributed once (on the
 * coordinator its metadata, on each worker its shards), and CREATE DATABASE … TEMPLATE on every node copies both.
 * Tests use few shards (SHARDS, two per worker) so that copying and dropping stay quick.
 */
const SHARDS = 4
const READY = 'tally test template: migrated and distributed'

interface Node {
  readonly host: string
  readonly port: number
}

function nodes(url: string): { coordinator: Node; workers: Node[] } {
  const parsed = new URL(url)
  const workers = (process.env.CITUS_WORKERS ?? '127.0.0.1:5434,127.0.0.1:5435').split(',').map((entry) => {
    const [host, port] = entry.trim().split(':')
    return { host: host!, port: Number(port ?? 5432) }
  })
  return { coordinator: { host: parsed.hostname, port: Number(parsed.port || 5432) }, workers }
}

function nodeUrl(url: string, node: Node, database: string): string {
  const parsed = new URL(url)
  parsed.hostname = node.host
  parsed.port = String(node.port)
  parsed.pathname = `/${database}`
  return parsed.toString()
}

async function onNode<T>(
  url: string,
  node: Node,
  database: string,
  work: (client: pg.Client) => Promise<T>,
): Promise<T> {
  const client = new pg.Client({ connectionString: nodeUrl(url, node, database) })
  await client.connect()
  try {
    return await work(client)
  } finally {
    await client.end()
  }
}

function allNodes(url: string): Node[] {
  const { coordinator, workers } = nodes(url)
  return [coordinator, ...workers]
}

/** Retries `work` while the database is "being accessed by other users" (Citus's maintenance daemon, closing). */
async function whileInUse(work: () => Promise<unknown>): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await work()
      return
    } catch (error) {
      if ((error as { code?: string }).code !== '55006' || attempt >= 30) {
        throw error
      }
      await new Promise((resolve) => setTimeout(resolve, 100 * attempt))
    }
  }
}

async function dropEverywhere(url: string, name: string): Promise<void> {
  for (const node of allNodes(url)) {
    await onNode(url, node, 'postgres', async (admin) => {
      await admin.query(`alter database ${name} allow_connections true`).catch(() => undefined)
      await whileInUse(() => admin.query(`drop database if exists ${name} with (force)`))
    })
  }
}

/** An empty database on every node with the citus extension, and the workers registered on the coordinator. */
async function createEmptyCitusDatabase(url: string, name: string): Promise<void> {
  const { coordinator, workers } = nodes(url)
  for (const node of allNodes(url)) {
    await onNode(url, node, 'postgres', (admin) => admin.query(`create database ${name}`))
    await onNode(url, node, name, (client) => client.query('create extension citus'))
  }
  await onNode(url, coordinator, name, async (client) => {
    await client.query('select citus_set_coordinator_host($1, $2)', [coordinator.host, coordinator.port])
    for (const worker of workers) {
      await client.query('select citus_add_node($1, $2)', [worker.host, worker.port])
    }
  })
}

/** Called once per run: makes the migrated, distributed template if this set of migrations has none yet. */
export async function prepareCitusTemplate(url: string, template: string): Promise<void> {
  const { coordinator } = nodes(url)
  const ready = await onNode(url, coordinator, 'postgres', async (admin) => {
    const { rows } = await admin.query<{ comment: string | null }>(
      `select shobj_description(oid, 'pg_database') as comment from pg_database where datname = $1`,
      [template],
    )
    return rows[0]?.comment === READY
  })
  if (ready) {
    return
  }
  await dropEverywhere(url, template)
  await createEmptyCitusDatabase(url, template)
  const db = await TallyDatabase.open({ url: nodeUrl(url, coordinator, template), poolSize: 1 })
  try {
    await migrateToLatest(db.kysely, { shardCount: SHARDS })
  } finally {
    await db.close()
  }
  for (const node of allNodes(url)) {
    await onNode(url, node, 'postgres', async (admin) => {
      // No new connections (Citus's maintenance daemon would hold one), so it can always be copied.
      await admin.query(`alter database ${template} allow_connections false`)
      await admin.query(`select pg_terminate_backend(pid) from pg_stat_activity where datname = $1`, [template])
    })
  }
  await onNode(url, coordinator, 'postgres', (admin) => admin.query(`comment on database ${template} is '${READY}'`))
}

/** Copies the template into `name` on every node. */
async function copyTemplate(url: string, template: string, name: string): Promise<void> {
  for (const node of allNodes(url)) {
    await onNode(url, node, 'postgres', (admin) =>
      whileInUse(async () => {
        await admin.query(`select pg_terminate_backend(pid) from pg_stat_activity where datname = $1`, [template])
        await admin.query(`create database ${name} template ${template}`)
      }),
    )
  }
}

/** A fresh migrated, distributed database for one test file; closing it drops it on every node. */
export async function citusTestDatabase(url: string, template: string, name: string): Promise<TallyDatabase> {
  await copyTemplate(url, template, name)
  const db = await TallyDatabase.open({ url: nodeUrl(url, nodes(url).coordinator, name), poolSize: 4 })
  const close = db.close.bind(db)
  Object.assign(db, {
    close: async () => {
      await close()
      await dropEverywhere(url, name)
    },
  })
  return db
}

/** A database for a `tally` child process: migrated and distributed, or empty with Citus ready for `tally migrate`. */
export async function citusChildDatabase(
  url: string,
  template: string,
  name: string,
  migrated: boolean,
): Promise<{ env: Record<string, string>; drop(): Promise<void> }> {
  if (migrated) {
    await copyTemplate(url, template, name)
  } else {
    await createEmptyCitusDatabase(url, name)
  }
  return {
    env: { DATABASE_URL: nodeUrl(url, nodes(url).coordinator, name) },
    drop: () => dropEverywhere(url, name),
  }
}
