import crypto from 'node:crypto'
import { sql } from 'kysely'
import { systemActor } from '../../src/platform/auth/actor.ts'
import type { TallyDatabase } from '../../src/platform/db/database.ts'
import { percentile, time, type BenchRow, type BenchScenario } from '../support.ts'

/**
 * Recording a crime from an incident through the API, as a command-and-control system does: one POST carries
 * the incident submission, the victim and the offence, and Tally writes the incident, the location, the victim
 * and their link, the crime with its classification and status history, and the audit events, in one
 * transaction, idempotently. Sixteen submissions in flight at once.
 *
 * The baseline writes the very same rows — captured from one real recording and cloned with fresh ids — with
 * plain INSERTs in one transaction per submission, through the same driver, into copies of the same tables
 * with the same indexes (`like … including all`, so unique keys and indexes are maintained too). It does no
 * validation, no idempotency look-ups, no numbering and no hash chain: what is left is what the database itself
 * must do.
 */
const recordCrime: BenchScenario = {
  name: 'record a crime through the API',
  async run(env) {
    const { deps, app, close } = await env.app()
    try {
      const force = await deps.services.accounts.createForce({
        code: 'BENCH',
        name: 'Bench Constabulary',
        crimeReferencePrefix: 'BC',
      })
      const { token } = await deps.services.accounts.createToken(systemActor(force.forceId, 'bench'), {
        name: 'Bench command and control',
        role: 'control_room_operator',
      })
      const submit = async (call: number) => {
        const response = await app.inject({
          method: 'POST',
          url: '/api/v1/crimes',
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
          payload: JSON.stringify(submission(call)),
        })
        if (response.statusCode !== 201) {
          throw new Error(`recording answered ${response.statusCode}: ${response.body}`)
        }
      }

      // One recording in a force of its own shows exactly which rows a recording writes.
      const capture = await deps.services.accounts.createForce({ code: 'CAPTURE', name: 'Capture Constabulary' })
      const { token: captureToken } = await deps.services.accounts.createToken(systemActor(capture.forceId, 'bench'), {
        name: 'Capture',
        role: 'control_room_operator',
      })
      // The offence list loads on a force's first recording: warm it up so the capture is an ordinary recording.
      await deps.services.crimes.offenceCodes(systemActor(capture.forceId, 'bench'))
      const before = await rowsOf(deps.db, capture.forceId)
      const captured = await app.inject({
        method: 'POST',
        url: '/api/v1/crimes',
        headers: { authorization: `Bearer ${captureToken}`, 'content-type': 'application/json' },
        payload: JSON.stringify(submission(-1000)),
      })
      if (captured.statusCode !== 201) {
        throw new Error(`capture answered ${captured.statusCode}: ${captured.body}`)
      }
      const written = newRows(before, await rowsOf(deps.db, capture.forceId))
      const tables = [...written.keys()]
      for (const table of tables) {
        await sql`create table ${sql.id(`bench_${table}`)} (like ${sql.id(table)} including all)`.execute(
          deps.db.kysely,
        )
      }
      // Generated columns (the 24-hour clock's) are computed by the database, in both runs.
      const columns = new Map<string, string[]>()
      for (const table of tables) {
        const { rows: found } = await sql<{ name: string }>`
          select attname as name from pg_attribute
          where attrelid = ${table}::regclass and attnum > 0 and not attisdropped and attgenerated = ''
          order by attnum`.execute(deps.db.kysely)
        columns.set(
          table,
          found.map((column) => column.name),
        )
      }
      const rowCount = [...written.values()].reduce((sum, rows) => sum + rows.length, 0)
      env.log(`a recording writes ${rowCount} rows: ${tables.map((t) => `${t} ${written.get(t)!.length}`).join(', ')}`)

      const rows: BenchRow[] = []
      const iterations = env.quick ? 200 : 2000
      const tally = await time(submit, { iterations, concurrency: 16 })
      let seq = 10_000_000
      const baseline = await time(
        (call) =>
          deps.db.kysely.transaction().execute(async (trx) => {
            const ids = new Map<string, string>()
            for (const [table, tableRows] of written) {
              const copies = tableRows.map((row) => cloneRow(row, ids, call, () => ++seq))
              const names = sql.join(columns.get(table)!.map((column) => sql.id(column)))
              await sql`insert into ${sql.id(`bench_${table}`)} (${names})
                select ${names} from jsonb_populate_recordset(null::${sql.id(`bench_${table}`)}, ${JSON.stringify(copies)}::jsonb)
                on conflict do nothing`.execute(trx)
            }
          }),
        { iterations, concurrency: 16 },
      )
      for (const [measure, tallyValue, baselineValue] of [
        ['time per crime (throughput)', 1000 / tally.throughput, 1000 / baseline.throughput],
        ['p50 latency', percentile(tally.latencies, 50), percentile(baseline.latencies, 50)],
        ['p95 latency', percentile(tally.latencies, 95), percentile(baseline.latencies, 95)],
      ] as const) {
        rows.push({
          scenario: 'Record a crime from an incident via the API, concurrency 16',
          measure,
          tally: tallyValue,
          baseline: baselineValue,
          baselineName: `the same ${rowCount} rows inserted raw, one transaction each`,
          unit: 'ms',
          note:
            measure === 'time per crime (throughput)'
              ? `each recording writes ${tables.join(', ')}; recordings in one force serialise briefly on the audit chain head and the year's crime-reference counter`
              : undefined,
        })
      }
      for (const table of tables) {
        await sql`drop table ${sql.id(`bench_${table}`)}`.execute(deps.db.kysely)
      }
      return rows
    } finally {
      await close()
    }
  },
}

/** Victim keys ignore digits, so each call's victim has a surname spelt in letters from its number. */
function letters(n: number): string {
  // Warm-up calls are numbered -1, -2, …: keep them apart from the timed ones.
  return (n < 0 ? 1_000_000 - n : n).toString(26).replace(/[0-9]/g, (d) => 'qrstuvwxyz'[Number(d)]!)
}

function submission(call: number) {
  return {
    incident: {
      sourceSystem: 'BENCH-CAD',
      sourceReference: `CAD-${call}-${crypto.randomUUID()}`,
      channel: '999',
      receivedAt: '2026-11-26T08:00:00Z',
      location: { address: `${Math.abs(call) % 200} Gold Street, Northampton`, postcode: 'NN1 1RA' },
      openingCategory: 'crime-theft',
      narrative: 'Phone taken from the caller’s hand outside the station.',
    },
    victim: { givenName: 'Bench', familyName: `Victim${letters(call)}` },
    offenceCode: '39',
    offenceFrom: '2026-11-26T07:45:00Z',
  }
}

type Row = Record<string, unknown>

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

export const crimeScenarios: BenchScenario[] = [recordCrime]
