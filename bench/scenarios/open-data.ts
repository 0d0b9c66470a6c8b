import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { parse } from 'csv-parse/sync'
import { stringify } from 'csv-stringify/sync'
import { sql } from 'kysely'
import { systemActor } from '../../src/platform/auth/actor.ts'
import { newId } from '../../src/platform/ids.ts'
import { percentile, type BenchScenario } from '../support.ts'

const FIXTURE = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../test/fixtures/police-uk/2024-04-city-of-london-street.csv',
)

/** A street file of `rows` rows made by repeating a real police.uk file's rows, under its own "Falls within". */
function streetFile(rows: number, fallsWithin: string): { text: string; records: string[][] } {
  const [header, ...sample]: string[][] = parse(fs.readFileSync(FIXTURE, 'utf8'), { bom: true })
  const records = Array.from({ length: rows }, (_, i) => {
    const record = [...sample[i % sample.length]!]
    record[3] = fallsWithin
    return record
  })
  return { text: stringify([header!, ...records], { record_delimiter: '\r\n' }), records }
}

/**
 * Importing a police.uk street file (`tally police-uk import`'s path: read, check every row, store in one
 * transaction, audit) against a raw COPY of the very same rows into the same table, with its indexes, through
 * the database itself (server-side COPY from a file on PostgreSQL, from a blob on PGlite). The COPY checks
 * nothing: what is left is what the database must do. Target: Tally at least half COPY's throughput (ratio ≤ 2).
 */
const importStreetFile: BenchScenario = {
  name: 'open-data import of a police.uk street file',
  async run(env) {
    const { deps, close } = await env.app()
    try {
      const force = await deps.services.accounts.createForce({ code: 'BENCH', name: 'Bench Constabulary' })
      const actor = systemActor(force.forceId, 'bench')
      const rows = env.quick ? 10_000 : 100_000
      const runs = 3
      const tally: number[] = []
      const baseline: number[] = []
      for (let run = 0; run < runs; run++) {
        // Tally: a new force's file each run, so every import stores (an unchanged file would be skipped).
        const { text, records } = streetFile(rows, `Bench force ${run}`)
        let started = performance.now()
        const result = await deps.services.openData.importFile(actor, {
          fileName: `2024-04-bench-${run}-street.csv`,
          text,
          skipBadRows: false,
        })
        tally.push(performance.now() - started)
        if (result.stored !== rows) {
          throw new Error(`stored ${result.stored} of ${rows} rows`)
        }

        // Baseline: the same rows, under a file row of their own, by COPY.
        const fileId = newId()
        await sql`
          insert into open_data_file (force_id, file_id, kind, month, falls_within, file_name, sha256, row_count,
            imported_at, imported_by)
          values (${force.forceId}, ${fileId}, 'street', '2024-04', ${`Copied force ${run}`}, 'copy.csv',
            ${'0'.repeat(64)}, ${rows}, now(), 'bench')`.execute(deps.db.kysely)
        const csv = stringify(
          records.map((record, i) => [force.forceId, fileId, i + 2, ...record]),
          { record_delimiter: '\n' },
        )
        const columns =
          'force_id, file_id, line, crime_id, month, reported_by, falls_within, longitude, latitude, location, lsoa_code, lsoa_name, crime_type, last_outcome_category, context'
        // Blank text is '' (not null) in these tables; blank coordinates are null.
        const options =
          'format csv, force_not_null (crime_id, reported_by, falls_within, location, lsoa_code, lsoa_name, crime_type, last_outcome_category, context)'
        started = performance.now()
        if (deps.db.pglite) {
          await deps.db.pglite.query(`copy open_data_street_row (${columns}) from '/dev/blob' with (${options})`, [], {
            blob: new Blob([csv]),
          })
        } else {
          const file = path.join(os.tmpdir(), `tally-bench-open-data-${process.pid}-${run}.csv`)
          fs.writeFileSync(file, csv, { mode: 0o644 })
          started = performance.now()
          await sql
            .raw(`copy open_data_street_row (${columns}) from '${file}' with (${options})`)
            .execute(deps.db.kysely)
          baseline.push(performance.now() - started)
          fs.rmSync(file)
          continue
        }
        baseline.push(performance.now() - started)
      }
      const perThousand = (ms: number) => (ms / rows) * 1000
      return [
        {
          scenario: 'Import a police.uk street file',
          measure: 'time per 1,000 rows (median of 3)',
          tally: perThousand(percentile(tally, 50)),
          baseline: perThousand(percentile(baseline, 50)),
          baselineName: 'raw COPY of the same rows into the same table',
          unit: 'ms',
          note: `${rows.toLocaleString('en-GB')} rows a file (a real City of London file's rows repeated); Tally reads and checks every row, then stores them 10,000 rows a statement (one JSON parameter unpacked by json_to_recordset) in one transaction`,
        },
      ]
    } finally {
      await close()
    }
  },
}

export const openDataScenarios: BenchScenario[] = [importStreetFile]
