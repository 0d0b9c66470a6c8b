import { setImmediate } from 'node:timers/promises'
import type { PGlite } from '@electric-sql/pglite'
import {
  CompiledQuery,
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
  type DatabaseConnection,
  type Dialect,
  type Driver,
  type Kysely,
  type QueryResult,
  type TransactionSettings,
} from 'kysely'

/**
 * Kysely over PGlite. PGlite is one connection in this process, so the driver hands it to one caller at a time:
 * a transaction holds it from BEGIN to COMMIT and every other query waits its turn. Without this queue two
 * requests would interleave their statements inside each other's transactions.
 */
/**
 * While `yieldToRequests` is set, each use of the connection first gives way to the event loop. PGlite runs in
 * this thread and its promises settle without ever doing so, so a long run of queries (the demo being made while
 * `npm start` already serves) would otherwise keep every request unread until it ended. Off by default: giving way
 * on every use changes when requests in flight finish, which a graceful shutdown depends on.
 */
export interface ConnectionSharing {
  yieldToRequests: boolean
}

export class PGliteDialect implements Dialect {
  constructor(
    private readonly pglite: PGlite,
    private readonly sharing: ConnectionSharing,
  ) {}

  createAdapter() {
    return new PostgresAdapter()
  }

  createDriver(): Driver {
    return new PGliteDriver(this.pglite, this.sharing)
  }

  createQueryCompiler() {
    return new PostgresQueryCompiler()
  }

  createIntrospector(db: Kysely<unknown>) {
    return new PostgresIntrospector(db)
  }
}

class PGliteConnection implements DatabaseConnection {
  constructor(private readonly pglite: PGlite) {}

  async executeQuery<R>(compiledQuery: CompiledQuery): Promise<QueryResult<R>> {
    // Without parameters the simple protocol runs, which (unlike a prepared statement) accepts several
    // statements at once, as migrations need.
    const result =
      compiledQuery.parameters.length === 0
        ? (await this.pglite.exec(compiledQuery.sql)).at(-1)
        : await this.pglite.query<R>(compiledQuery.sql, [...compiledQuery.parameters])
    return { rows: (result?.rows ?? []) as R[], numAffectedRows: BigInt(result?.affectedRows ?? 0) }
  }

  streamQuery<R>(): AsyncIterableIterator<QueryResult<R>> {
    throw new Error('Streaming queries are not supported on the embedded database')
  }
}

class PGliteDriver implements Driver {
  private readonly connection: PGliteConnection
  private busy = false
  private readonly waiting: Array<(connection: DatabaseConnection) => void> = []

  constructor(
    pglite: PGlite,
    private readonly sharing: ConnectionSharing,
  ) {
    this.connection = new PGliteConnection(pglite)
  }

  init(): Promise<void> {
    return Promise.resolve()
  }

  async acquireConnection(): Promise<DatabaseConnection> {
    if (this.sharing.yieldToRequests) {
      await setImmediate()
    }
    if (!this.busy) {
      this.busy = true
      return this.connection
    }
    return new Promise((resolve) => this.waiting.push(resolve))
  }

  releaseConnection(): Promise<void> {
    const next = this.waiting.shift()
    if (next) {
      next(this.connection)
    } else {
      this.busy = false
    }
    return Promise.resolve()
  }

  async beginTransaction(connection: DatabaseConnection, settings: TransactionSettings): Promise<void> {
    const isolation = settings.isolationLevel ? ` isolation level ${settings.isolationLevel}` : ''
    await connection.executeQuery(CompiledQuery.raw(`begin${isolation}`))
  }

  async commitTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('commit'))
  }

  async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('rollback'))
  }

  // The PGlite instance belongs to whoever opened it (TallyDatabase.close), not to Kysely.
  destroy(): Promise<void> {
    return Promise.resolve()
  }
}
