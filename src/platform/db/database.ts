import fs from 'node:fs'
import { PGlite, type PGliteOptions } from '@electric-sql/pglite'
import { fuzzystrmatch } from '@electric-sql/pglite/contrib/fuzzystrmatch'
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm'
import { CamelCasePlugin, Kysely, PostgresDialect, sql, type Transaction } from 'kysely'
import pg from 'pg'
import { distributedTables, hasCitus } from './citus.ts'
import { ForceRoutingPlugin } from './force-routing.ts'
import { PGliteDialect, type ConnectionSharing } from './pglite-dialect.ts'
import type { Database } from './schema.ts'

/**
 * The role every force-scoped transaction runs as. Row-level security policies on every table admit only rows
 * whose `force_id` matches the transaction's `tally.force_id` setting, so a query that forgets its force
 * cannot see or change another force's records: scoping is the database's job, not the query writer's.
 */
export const APP_ROLE = 'tally_app'

declare const forceScoped: unique symbol
/** A transaction confined to one force. Repositories accept only this, so every query a request makes is scoped. */
export type ForceTransaction = Transaction<Database> & { readonly [forceScoped]: true }

export interface DatabaseOptions {
  /** A PostgreSQL connection string; when absent, embedded PGlite in `dataDir` (or in memory if that is undefined). */
  readonly url?: string | undefined
  readonly dataDir?: string | undefined
  readonly poolSize?: number
}

type BeforeCommit = () => Promise<void>

interface TransactionState {
  readonly forceId: number
  readonly beforeCommit: Map<string, BeforeCommit>
}

const PGLITE_EXTENSIONS = { pg_trgm, fuzzystrmatch }

// Both drivers return the same JavaScript values: counts and ids as numbers, calendar dates as 'YYYY-MM-DD'
// strings (a Date would shift them by the server's time zone), instants as Date.
const INT8 = 20
const NUMERIC = 1700
const DATE = 1082
const toNumber = (value: string) => Number(value)
const asText = (value: string) => value

export class TallyDatabase {
  private readonly transactions = new WeakMap<Transaction<Database>, TransactionState>()
  /** On Citus, the tables distributed by force (read once, at the first force-scoped transaction); else null. */
  private citusTables: Promise<ReadonlySet<string> | null> | undefined

  private constructor(
    /**
     * The owner's connection. It is not confined to a force: only the platform (sign-in, migrations) and
     * operator commands use it directly. Request code reaches the database through `withForce`.
     */
    readonly kysely: Kysely<Database>,
    readonly kind: 'pglite' | 'postgres',
    private readonly closeUnderlying: () => Promise<void>,
    /** The embedded database itself, for snapshots in tests; undefined on a server. */
    readonly pglite: PGlite | undefined,
    private readonly sharing: ConnectionSharing = { yieldToRequests: false },
    /** The server's connection string, for work that needs a connection of its own (COPY); undefined on PGlite. */
    readonly serverUrl?: string,
  ) {}

  /**
   * Runs a long piece of work (the demo being made while `npm start` serves) so that requests get their turn on
   * the embedded database between its queries (see ConnectionSharing). On a server, the pool shares already.
   */
  async sharedWithRequests<T>(work: () => Promise<T>): Promise<T> {
    this.sharing.yieldToRequests = true
    try {
      return await work()
    } finally {
      this.sharing.yieldToRequests = false
    }
  }

  static async open(options: DatabaseOptions): Promise<TallyDatabase> {
    if (options.url) {
      return TallyDatabase.onServer(options.url, options.poolSize ?? 10)
    }
    if (options.dataDir) {
      fs.mkdirSync(options.dataDir, { recursive: true })
    }
    const pglite = await PGlite.create({
      ...(options.dataDir ? { dataDir: options.dataDir } : {}),
      extensions: PGLITE_EXTENSIONS,
      parsers: { [INT8]: toNumber, [NUMERIC]: toNumber, [DATE]: asText },
    })
    return TallyDatabase.onPGlite(pglite)
  }

  /**
   * Opens an embedded database from a `dumpDataDir()` snapshot (tests start from a migrated one), in memory or,
   * with `dataDir`, written into that folder (`tally restore`). `engine` passes PGlite's compiled WebAssembly
   * and file bundle when the caller keeps them to open many databases in one process (the tests).
   */
  static async fromSnapshot(
    snapshot: Blob | File,
    dataDir?: string,
    engine: Pick<PGliteOptions, 'pgliteWasmModule' | 'fsBundle'> = {},
  ): Promise<TallyDatabase> {
    const pglite = await PGlite.create({
      ...engine,
      ...(dataDir ? { dataDir } : {}),
      loadDataDir: snapshot,
      extensions: PGLITE_EXTENSIONS,
      parsers: { [INT8]: toNumber, [NUMERIC]: toNumber, [DATE]: asText },
    })
    return TallyDatabase.onPGlite(pglite)
  }

  private static onPGlite(pglite: PGlite): TallyDatabase {
    const sharing = { yieldToRequests: false }
    const kysely = new Kysely<Database>({
      dialect: new PGliteDialect(pglite, sharing),
      plugins: [new CamelCasePlugin({ maintainNestedObjectKeys: true })],
    })
    return new TallyDatabase(
      kysely,
      'pglite',
      async () => {
        await kysely.destroy()
        await pglite.close()
      },
      pglite,
      sharing,
    )
  }

  private static onServer(url: string, poolSize: number): TallyDatabase {
    const pool = new pg.Pool({
      connectionString: url,
      max: poolSize,
      types: {
        getTypeParser: ((oid: number, format?: 'text' | 'binary') => {
          if (oid === INT8 || oid === NUMERIC) {
            return toNumber
          }
          if (oid === DATE) {
            return asText
          }
          return pg.types.getTypeParser(oid, format ?? 'text') as (value: string) => unknown
        }) as typeof pg.types.getTypeParser,
      },
    })
    // A connection lost while idle in the pool (a server restart, a failover) is reported here; the pool drops it
    // and the next query opens a fresh one. Without a listener, that report would end the process.
    pool.on('error', () => undefined)
    const kysely = new Kysely<Database>({
      dialect: new PostgresDialect({ pool }),
      plugins: [new CamelCasePlugin({ maintainNestedObjectKeys: true })],
    })
    return new TallyDatabase(kysely, 'postgres', () => kysely.destroy(), undefined, undefined, url)
  }

  /**
   * Runs `work` in one transaction confined to `forceId`. Everything it writes commits together (the change
   * and its audit events) or not at all.
   */
  async withForce<T>(forceId: number, work: (tx: ForceTransaction) => Promise<T> | T): Promise<T> {
    if (!Number.isInteger(forceId) || forceId <= 0) {
      throw new Error(`withForce needs a force id, got ${String(forceId)}`)
    }
    const citusTables = await this.distribution()
    return this.kysely.transaction().execute(async (outer) => {
      let trx = outer
      if (citusTables) {
        // On Citus the role and the force must reach the workers, where each shard applies its policy: SET LOCAL
        // (unlike set_config) travels with the transaction's queries when citus.propagate_set_commands is 'local'.
        // One round trip (no parameters: forceId is checked to be a whole number above).
        await sql
          .raw(
            `set local citus.propagate_set_commands = 'local'; set local role ${APP_ROLE}; ` +
              `set local tally.force_id = '${forceId}'`,
          )
          .execute(outer)
        trx = outer.withPlugin(new ForceRoutingPlugin(forceId, citusTables))
      } else {
        await sql`select set_config('role', ${APP_ROLE}, true), set_config('tally.force_id', ${String(forceId)}, true)`.execute(
          outer,
        )
      }
      const state: TransactionState = { forceId, beforeCommit: new Map() }
      this.transactions.set(trx, state)
      const result = await work(trx as ForceTransaction)
      // Work registered for just before commit (the audit trail appends its events here, so the per-force
      // chain lock is held only for the last moments of the transaction).
      for (const flush of state.beforeCommit.values()) {
        await flush()
      }
      return result
    })
  }

  /** Whether this database is distributed on Citus, with the tables to route by force when it is. */
  private distribution(): Promise<ReadonlySet<string> | null> {
    if (this.kind === 'pglite') {
      return Promise.resolve(null)
    }
    this.citusTables ??= (async () =>
      (await hasCitus(this.kysely)) ? await distributedTables(this.kysely) : null)().catch((error: unknown) => {
      this.citusTables = undefined
      throw error
    })
    return this.citusTables
  }

  /** The force a transaction is confined to. */
  forceOf(tx: ForceTransaction): number {
    const state = this.transactions.get(tx)
    if (!state) {
      throw new Error('This transaction was not opened by withForce')
    }
    return state.forceId
  }

  /** Registers `flush` to run once, just before `tx` commits; a second registration under the same key is ignored. */
  beforeCommit(tx: ForceTransaction, key: string, flush: BeforeCommit): void {
    const state = this.transactions.get(tx)
    if (!state) {
      throw new Error('This transaction was not opened by withForce')
    }
    if (!state.beforeCommit.has(key)) {
      state.beforeCommit.set(key, flush)
    }
  }

  async isReady(): Promise<boolean> {
    try {
      await sql`select 1`.execute(this.kysely)
      return true
    } catch {
      return false
    }
  }

  async close(): Promise<void> {
    await this.closeUnderlying()
  }
}
