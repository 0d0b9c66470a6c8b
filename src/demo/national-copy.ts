/**
 * Bulk loading for `tally generate --national`: rows go in with COPY, a table's rows for a chunk of crimes in
 * one COPY, not a row or a statement at a time. On PostgreSQL and Citus through pg-copy-streams on a connection
 * of its own (as the owner: COPY refuses row-level security, so every row names its force); on embedded PGlite
 * through its COPY FROM '/dev/blob'.
 */
import { Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import pg from 'pg'
import { from as copyFrom } from 'pg-copy-streams'
import type { TallyDatabase } from '../platform/db/database.ts'

export type CopyValue = string | number | boolean | Date | null | undefined

/** A value in COPY text format: \N for null; backslash, tab and line breaks escaped. */
function copyValue(value: CopyValue): string {
  if (value === null || value === undefined) {
    return '\\N'
  }
  if (value instanceof Date) {
    return value.toISOString()
  }
  if (typeof value === 'boolean') {
    return value ? 't' : 'f'
  }
  const text = String(value)
  return /[\\\t\n\r]/.test(text)
    ? text.replaceAll('\\', '\\\\').replaceAll('\t', '\\t').replaceAll('\n', '\\n').replaceAll('\r', '\\r')
    : text
}

/** One row as a line of COPY text. */
export function copyLine(values: readonly CopyValue[]): string {
  return values.map(copyValue).join('\t')
}

/** One transaction on the loading connection. */
export interface CopySession {
  copy(table: string, columns: readonly string[], lines: readonly string[]): Promise<void>
  query<R>(text: string, params?: unknown[]): Promise<R[]>
}

export interface CopyTarget {
  transaction<T>(work: (session: CopySession) => Promise<T>): Promise<T>
  close(): Promise<void>
}

const copyStatement = (table: string, columns: readonly string[]) => `copy ${table} (${columns.join(', ')}) from stdin`

/** About a megabyte of COPY text at a time, so a chunk is streamed, not joined into one string. */
function* pieces(lines: readonly string[]): Generator<string> {
  const size = 4000
  for (let start = 0; start < lines.length; start += size) {
    yield `${lines.slice(start, start + size).join('\n')}\n`
  }
}

/** Loads into PostgreSQL (or a Citus coordinator) over a connection of its own to `url`. */
async function serverTarget(url: string): Promise<CopyTarget> {
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  const session: CopySession = {
    async copy(table, columns, lines) {
      if (lines.length > 0) {
        await pipeline(Readable.from(pieces(lines)), client.query(copyFrom(copyStatement(table, columns))))
      }
    },
    async query<R>(text: string, params: unknown[] = []) {
      return (await client.query(text, params)).rows as R[]
    },
  }
  return {
    async transaction(work) {
      await client.query('begin')
      try {
        const result = await work(session)
        await client.query('commit')
        return result
      } catch (error) {
        await client.query('rollback').catch(() => undefined)
        throw error
      }
    },
    close: () => client.end(),
  }
}

/** Loads into the embedded database, through PGlite's COPY FROM '/dev/blob'. */
function embeddedTarget(db: TallyDatabase): CopyTarget {
  const pglite = db.pglite!
  return {
    transaction: (work) =>
      pglite.transaction((tx) =>
        work({
          async copy(table, columns, lines) {
            if (lines.length > 0) {
              const blob = new Blob([...pieces(lines)])
              await tx.query(`copy ${table} (${columns.join(', ')}) from '/dev/blob'`, [], { blob })
            }
          },
          async query<R>(text: string, params: unknown[] = []) {
            return (await tx.query<R>(text, params)).rows
          },
        }),
      ),
    close: () => Promise.resolve(),
  }
}

/** Where to COPY into: the server at `url`, or the embedded database. */
export async function openCopyTarget(db: TallyDatabase): Promise<CopyTarget> {
  if (db.serverUrl) {
    return serverTarget(db.serverUrl)
  }
  return embeddedTarget(db)
}
