import crypto from 'node:crypto'
import fs from 'node:fs'
import { createRequire } from 'node:module'
import path from 'node:path'
import zlib from 'node:zlib'
import { fileURLToPath } from 'node:url'
import pg from 'pg'
import { TallyDatabase } from '../../src/platform/db/database.ts'
import { migrateToLatest } from '../../src/platform/db/migrate.ts'
import { citusChildDatabase, citusTestDatabase, prepareCitusTemplate } from './citus-database.ts'

/**
 * Test databases. Each test file gets its own database, started from one migrated copy made once per run (and
 * reused across runs until a migration changes): on PGlite a dumped data directory, on PostgreSQL a template
 * database. Tests inside a file share it and keep out of each other's way by creating their own force.
 */
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')
const MIGRATIONS = path.join(ROOT, 'src/platform/db/migrations')
const CACHE = path.join(ROOT, 'node_modules/.cache/tally-test')

export const DEFAULT_TEST_DATABASE_URL = 'postgresql://postgres@127.0.0.1:5432/test'

/** The coordinator of the local Citus cluster (see docs/citus.md). */
export const DEFAULT_CITUS_DATABASE_URL = 'postgresql://postgres@127.0.0.1:5433/postgres'

/** `citus` is PostgreSQL distributed by force on a local Citus cluster: a server, like `postgres`. */
export type TestDatabaseKind = 'pglite' | 'postgres' | 'citus'

export function testDatabaseKind(): TestDatabaseKind {
  return process.env.TEST_DB === 'postgres' || process.env.TEST_DB === 'citus' ? process.env.TEST_DB : 'pglite'
}

export function testServerUrl(): string {
  return (
    process.env.TEST_DATABASE_URL ??
    (testDatabaseKind() === 'citus' ? DEFAULT_CITUS_DATABASE_URL : DEFAULT_TEST_DATABASE_URL)
  )
}

/** A short hash of every migration file: the migrated copy is remade when any of them changes. */
export function migrationsHash(): string {
  const hash = crypto.createHash('sha256')
  for (const file of fs.readdirSync(MIGRATIONS).sort()) {
    hash.update(file).update(fs.readFileSync(path.join(MIGRATIONS, file)))
  }
  return hash.digest('hex').slice(0, 12)
}

/** The migrated PGlite snapshot for this set of migrations (a gzipped tar of the data directory). */
export function snapshotPath(): string {
  return path.join(CACHE, `pglite-${migrationsHash()}.tar.gz`)
}

function citusTemplateName(): string {
  return `tally_citus_template_${migrationsHash()}`
}

function templateName(): string {
  return `tally_template_${migrationsHash()}`
}

function withDatabase(url: string, database: string): string {
  const parsed = new URL(url)
  parsed.pathname = `/${database}`
  return parsed.toString()
}

/** Called once per run (vitest globalSetup): makes the migrated copy if this set of migrations has none yet. */
export async function prepareMigratedCopy(): Promise<void> {
  if (testDatabaseKind() === 'pglite') {
    if (fs.existsSync(snapshotPath())) {
      return
    }
    const db = await TallyDatabase.open({})
    try {
      await migrateToLatest(db.kysely)
      const dump = await db.pglite!.dumpDataDir('gzip')
      fs.mkdirSync(CACHE, { recursive: true })
      const temporary = `${snapshotPath()}.${process.pid}`
      fs.writeFileSync(temporary, Buffer.from(await dump.arrayBuffer()))
      fs.renameSync(temporary, snapshotPath())
    } finally {
      await db.close()
    }
    return
  }
  if (testDatabaseKind() === 'citus') {
    return prepareCitusTemplate(testServerUrl(), citusTemplateName())
  }

  const admin = new pg.Client({ connectionString: testServerUrl() })
  await admin.connect()
  try {
    const exists = await admin.query('select 1 from pg_database where datname = $1', [templateName()])
    if (exists.rowCount) {
      return
    }
    const building = `${templateName()}_building_${process.pid}`
    await admin.query(`create database ${building}`)
    const db = await TallyDatabase.open({ url: withDatabase(testServerUrl(), building), poolSize: 1 })
    try {
      await migrateToLatest(db.kysely)
    } finally {
      await db.close()
    }
    await admin.query(`alter database ${building} rename to ${templateName()}`)
  } finally {
    await admin.end()
  }
}

interface PgliteStart {
  /** The migrated snapshot, unpacked (gunzipped once rather than by every database). */
  snapshot: Blob
  engine: NonNullable<Parameters<typeof TallyDatabase.fromSnapshot>[2]>
}

/**
 * What every embedded test database starts from, read once per worker process: the files of one worker share
 * their modules, so the second file on onwards skips reading and compiling PGlite's WebAssembly and bundle.
 */
let pgliteStart: Promise<PgliteStart> | undefined

// The ES2023 library types WebAssembly's modules but not its functions (those come with the DOM library).
const webAssembly = (
  globalThis as unknown as { WebAssembly: { compile(bytes: Uint8Array): Promise<WebAssembly.Module> } }
).WebAssembly

async function readPgliteStart(): Promise<PgliteStart> {
  const dist = path.dirname(createRequire(import.meta.url).resolve('@electric-sql/pglite'))
  return {
    snapshot: new Blob([zlib.gunzipSync(fs.readFileSync(snapshotPath()))]),
    engine: {
      pgliteWasmModule: await webAssembly.compile(fs.readFileSync(path.join(dist, 'pglite.wasm'))),
      fsBundle: new Blob([fs.readFileSync(path.join(dist, 'pglite.data'))]),
    },
  }
}

/** A fresh, migrated database for one test file. Close it when the file is done. */
export async function openTestDatabase(): Promise<TallyDatabase> {
  if (testDatabaseKind() === 'pglite') {
    pgliteStart ??= readPgliteStart()
    const { snapshot, engine } = await pgliteStart
    return TallyDatabase.fromSnapshot(snapshot, undefined, engine)
  }
  if (testDatabaseKind() === 'citus') {
    return citusTestDatabase(
      testServerUrl(),
      citusTemplateName(),
      `tally_test_${crypto.randomBytes(6).toString('hex')}`,
    )
  }
  return openFromTemplate(templateName())
}

/** A new database on the server copied from `template`, dropped when closed. */
async function openFromTemplate(template: string): Promise<TallyDatabase> {
  const name = `tally_test_${crypto.randomBytes(6).toString('hex')}`
  const admin = new pg.Client({ connectionString: testServerUrl() })
  await admin.connect()
  try {
    await admin.query(`create database ${name} template ${template}`)
  } finally {
    await admin.end()
  }
  const db = await TallyDatabase.open({ url: withDatabase(testServerUrl(), name), poolSize: 4 })
  const close = db.close.bind(db)
  Object.assign(db, {
    close: async () => {
      await close()
      const cleanup = new pg.Client({ connectionString: testServerUrl() })
      await cleanup.connect()
      try {
        await cleanup.query(`drop database if exists ${name} with (force)`)
      } finally {
        await cleanup.end()
      }
    },
  })
  return db
}

/**
 * A short hash of the source the demo is made by (every file under src/, migrations included): the demo copy is
 * remade when any of it changes.
 */
function sourceHash(): string {
  const hash = crypto.createHash('sha256')
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const full = path.join(dir, entry.name)
      if (entry.isDirectory()) {
        walk(full)
      } else if (!entry.name.endsWith('.test.ts')) {
        hash.update(full.slice(ROOT.length)).update(fs.readFileSync(full))
      }
    }
  }
  walk(path.join(ROOT, 'src'))
  return hash.digest('hex').slice(0, 12)
}

/** How long a test file waits for another to finish making the demo copy before making its own. */
const DEMO_WAIT_MS = 15 * 60_000

/**
 * A database already holding the demo force, for the tests that look at the whole demo (the demo's own tests,
 * the crawl of every page). Seeding the demo takes most of a minute; the first file to ask makes it with `seed`
 * and keeps a copy (a PGlite snapshot, a PostgreSQL template) that the others, and later runs until the source
 * changes, start from in seconds. On Citus each file seeds its own.
 */
export async function openDemoTestDatabase(seed: (db: TallyDatabase) => Promise<void>): Promise<TallyDatabase> {
  if (testDatabaseKind() === 'citus') {
    const db = await openTestDatabase()
    await seed(db)
    return db
  }
  const key = sourceHash()
  if (testDatabaseKind() === 'pglite') {
    const file = path.join(CACHE, `pglite-demo-${key}.tar.gz`)
    await onlyOnce(path.join(CACHE, `pglite-demo-${key}.lock`), file, async () => {
      const db = await openTestDatabase()
      try {
        await seed(db)
        const dump = await db.pglite!.dumpDataDir('gzip')
        fs.writeFileSync(`${file}.${process.pid}`, Buffer.from(await dump.arrayBuffer()))
        fs.renameSync(`${file}.${process.pid}`, file)
      } finally {
        await db.close()
      }
    })
    pgliteStart ??= readPgliteStart()
    const { engine } = await pgliteStart
    return TallyDatabase.fromSnapshot(new Blob([zlib.gunzipSync(fs.readFileSync(file))]), undefined, engine)
  }
  const template = `tally_demo_${key}`
  const admin = new pg.Client({ connectionString: testServerUrl() })
  await admin.connect()
  try {
    // One file makes the template while the others wait on the lock, then find it made.
    await admin.query('select pg_advisory_lock(hashtext($1))', [template])
    const exists = await admin.query('select 1 from pg_database where datname = $1', [template])
    if (!exists.rowCount) {
      const building = `${template}_building_${process.pid}`
      await admin.query(`drop database if exists ${building}`)
      await admin.query(`create database ${building} template ${templateName()}`)
      const db = await TallyDatabase.open({ url: withDatabase(testServerUrl(), building), poolSize: 2 })
      try {
        await seed(db)
      } finally {
        await db.close()
      }
      await admin.query(`alter database ${building} rename to ${template}`)
    }
    await admin.query('select pg_advisory_unlock(hashtext($1))', [template])
  } finally {
    await admin.end()
  }
  return openFromTemplate(template)
}

/** Runs `make` unless `made` exists, one process at a time (a lock folder); waits while another is making it. */
async function onlyOnce(lock: string, made: string, make: () => Promise<void>): Promise<void> {
  fs.mkdirSync(CACHE, { recursive: true })
  const giveUpAt = Date.now() + DEMO_WAIT_MS
  while (!fs.existsSync(made)) {
    try {
      fs.mkdirSync(lock)
    } catch {
      if (Date.now() > giveUpAt) {
        fs.rmSync(lock, { recursive: true, force: true })
      }
      await new Promise((resolve) => setTimeout(resolve, 500))
      continue
    }
    try {
      if (!fs.existsSync(made)) {
        await make()
      }
    } finally {
      fs.rmSync(lock, { recursive: true, force: true })
    }
  }
}

/**
 * Where a separate process (the `tally` command line) can reach a fresh migrated database of the kind under
 * test: a new database on the server, or an empty data folder it will migrate itself.
 */
export async function databaseForChildProcess(
  folder: string,
  { migrated }: { migrated: boolean } = { migrated: true },
): Promise<{ env: Record<string, string>; drop(): Promise<void> }> {
  if (testDatabaseKind() === 'pglite') {
    return { env: { DATA_DIR: folder }, drop: () => Promise.resolve() }
  }
  const name = `tally_cli_${crypto.randomBytes(6).toString('hex')}`
  // On a server too, the process's own files (the audit anchors) go in the test's folder, never in the
  // checkout's ./data, where a developer's own server writes anchors of other databases.
  if (testDatabaseKind() === 'citus') {
    const database = await citusChildDatabase(testServerUrl(), citusTemplateName(), name, migrated)
    return { ...database, env: { DATA_DIR: folder, ...database.env } }
  }
  const admin = new pg.Client({ connectionString: testServerUrl() })
  await admin.connect()
  try {
    await admin.query(migrated ? `create database ${name} template ${templateName()}` : `create database ${name}`)
  } finally {
    await admin.end()
  }
  return {
    env: { DATA_DIR: folder, DATABASE_URL: withDatabase(testServerUrl(), name) },
    async drop() {
      const cleanup = new pg.Client({ connectionString: testServerUrl() })
      await cleanup.connect()
      try {
        await cleanup.query(`drop database if exists ${name} with (force)`)
      } finally {
        await cleanup.end()
      }
    },
  }
}

/**
 * Fills an empty folder with the migrated embedded database, so a `tally serve` started on it has nothing to
 * migrate (PGlite runs only; the copy is made by the global setup).
 */
export async function unpackMigratedPglite(folder: string): Promise<void> {
  const db = await TallyDatabase.fromSnapshot(new Blob([fs.readFileSync(snapshotPath())]), folder)
  await db.close()
}
