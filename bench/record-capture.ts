import crypto from 'node:crypto'
import { sql } from 'kysely'
import { hasCitus } from '../src/platform/db/citus.ts'
import type { TallyDatabase } from '../src/platform/db/database.ts'

/**
 * The baseline for recording a crime: the very rows one real recording writes, captured once and cloned with
 * fresh ids, inserted with plain INSERTs in one transaction per submission into copies of the same tables with
 * the same indexes (`like … including all`, so unique keys and indexes are maintained too; on Citus distributed
 * by force beside the real tables). It does no validation, no idempotency look-ups, no numbering and no hash
 * chain: what is left is what the database itself must do.
 */

/**
 * A command-and-control submission: an incident, its victim and the offence, distinct for each call. Offences
 * are five hours apart, beyond the duplicate check's tolerance, which would otherwise take the victims (whose
 * names differ only in spelling) for one person at one place and time; a run on a database that already holds
 * an earlier run's recordings gives its own `postcode`, for the same reason.
 */
export function submission(call: number, postcode = 'NN1 1RA') {
  const hoursBefore = 5 * (call < 0 ? 4000 - call : call + 1)
  const offenceFrom = new Date(Date.parse('2026-11-26T07:45:00Z') - hoursBefore * 3_600_000).toISOString()
  return {
    incident: {
      sourceSystem: 'BENCH-CAD',
      sourceReference: `CAD-${call}-${crypto.randomUUID()}`,
      channel: '999',
      receivedAt: '2026-11-26T08:00:00Z',
      location: { address: `${Math.abs(call) % 200} Gold Street, Northampton`, postcode },
      openingCategory: 'crime-theft',
      narrative: 'Phone taken from the caller’s hand outside the station.',
    },
    victim: { givenName: 'Bench', familyName: `Victim${letters(call)}` },
    offenceCode: '39',
    offenceFrom,
  }
}

/** Victim keys ignore digits, so each call's victim has a surname spelt in letters from its number. */
function letters(n: number): string {
  // Warm-up calls are numbered -1, -2, …: keep them apart from the timed ones.
  return (n < 0 ? 1_000_000 - n : n).toString(26).replace(/[0-9]/g, (d) => 'qrstuvwxyz'[Number(d)]!)
}

type Row = Record<string, unknown>

export interface RawRecordings {
  /** Tables a recording writes, with the count of rows, e.g. "crime 1, audit_event 6". */
  describe(): string
  rowCount: number
  tables: string[]
  /** Inserts one recording's rows, cloned for `call`, in one transaction. */
  insert(call: number): Promise<void>
  /** Drops the copies of the tables. */
  drop(): Promise<void>
}

/**
 * Captures the rows `record()` writes in the (otherwise quiet) force `forceId`, and prepares copies of their
 * tables to insert them raw.
 */
export async function captureRecording(
  db: TallyDatabase,
  forceId: number,
  record: () => Promise<void>,
): Promise<RawRecordings> {
  const before = await rowsOf(db, forceId)
  await record()
  const written = newRows(before, await rowsOf(db, forceId))
  const tables = [...written.keys()]
  const distributed = await hasCitus(db.kysely)
  const columns = new Map<string, string[]>()
  for (const table of tables) {
    const copy = `bench_${table}`
    await sql`drop table if exists ${sql.id(copy)}`.execute(db.kysely)
    await sql`create table ${sql.id(copy)} (like ${sql.id(table)} including all)`.execute(db.kysely)
    if (distributed) {
      await sql`select create_distributed_table(${copy}, 'force_id', colocate_with => ${table})`.execute(db.kysely)
    }
    // Generated columns (the 24-hour clock's) are computed by the database, in both runs.
    const { rows: found } = await sql<{ name: string }>`
      select attname as name from pg_attribute
      where attrelid = ${table}::regclass and attnum > 0 and not attisdropped and attgenerated = ''
      order by attnum`.execute(db.kysely)
    columns.set(
      table,
      found.map((column) => column.name),
    )
  }
  let seq = 10_000_000
  return {
    tables,
    rowCount: [...written.values()].reduce((sum, rows) => sum + rows.length, 0),
    describe: () => tables.map((t) => `${t} ${written.get(t)!.length}`).join(', '),
    insert: (call) =>
      db.kysely.transaction().execute(async (trx) => {
        const ids = new Map<string, string>()
        for (const [table, tableRows] of written) {
          const copies = tableRows.map((row) => cloneRow(row, ids, call, () => ++seq))
          const names = sql.join(columns.get(table)!.map((column) => sql.id(column)))
          await sql`insert into ${sql.id(`bench_${table}`)} (${names})
                select ${names} from jsonb_populate_recordset(null::${sql.id(`bench_${table}`)}, ${JSON.stringify(copies)}::jsonb)
                on conflict do nothing`.execute(trx)
        }
      }),
    async drop() {
      for (const table of tables) {
        await sql`drop table ${sql.id(`bench_${table}`)}`.execute(db.kysely)
      }
    },
  }
}

/** Every row of a force in every table, as JSON, read as the owner (outside row-level security). */
async function rowsOf(db: TallyDatabase, forceId: number): Promise<Map<string, Row[]>> {
  const { rows: tables } = await sql<{ table: string }>`
    select c.relname as table from pg_class c join pg_namespace n on n.oid = c.relnamespace
    join pg_attribute a on a.attrelid = c.oid and a.attname = 'force_id'
    where n.nspname = 'public' and c.relkind = 'r' and c.relname not like 'bench\\_%'`.execute(db.kysely)
  const result = new Map<string, Row[]>()
  for (const { table } of tables) {
    const { rows } = await sql<{
      row: Row
    }>`select to_jsonb(t) as row from ${sql.id(table)} t where force_id = ${forceId}`.execute(db.kysely)
    result.set(
      table,
      rows.map((r) => r.row),
    )
  }
  return result
}

/** Rows present after and not before (compared as JSON), by table; tables whose rows only changed are left out. */
function newRows(before: Map<string, Row[]>, after: Map<string, Row[]>): Map<string, Row[]> {
  const result = new Map<string, Row[]>()
  for (const [table, rows] of after) {
    const seen = new Set((before.get(table) ?? []).map((row) => JSON.stringify(row)))
    const fresh = rows.filter((row) => !seen.has(JSON.stringify(row)))
    // Counters and the audit chain head are one row per force (per day or year), updated in place.
    if (table.endsWith('_counter') || table === 'audit_chain') {
      continue
    }
    if (fresh.length > 0 && (before.get(table)?.length ?? 0) < rows.length) {
      result.set(table, fresh.slice(0, rows.length - (before.get(table)?.length ?? 0)))
    }
  }
  return result
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i
const UNIQUE_TEXT = new Set(['incident_number', 'crime_reference', 'source_reference', 'hash'])

/** A copy of a captured row with fresh ids (the same new id wherever the same old one appears) and unique keys. */
function cloneRow(row: Row, ids: Map<string, string>, call: number, nextSeq: () => number): Row {
  const copy: Row = {}
  for (const [column, value] of Object.entries(row)) {
    if (typeof value === 'string' && UUID.test(value)) {
      let id = ids.get(value)
      if (!id) {
        id = crypto.randomUUID()
        ids.set(value, id)
      }
      copy[column] = id
    } else if (column === 'record_id' && typeof value === 'string') {
      copy[column] = ids.get(value) ?? value
    } else if (typeof value === 'string' && UNIQUE_TEXT.has(column)) {
      copy[column] = `${value}-${call}-${crypto.randomBytes(4).toString('hex')}`
    } else if (column === 'seq' && row.hash !== undefined) {
      copy[column] = nextSeq()
    } else {
      copy[column] = value
    }
  }
  return copy
}
