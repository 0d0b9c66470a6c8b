/**
 * Issue 17's national benchmarks, on plain PostgreSQL and on the Citus cluster side by side, over databases
 * holding a national year (`tally generate --national`; see bench/national.ts for where they are looked for):
 *
 * - recording a crime through the API, 50 submissions in flight spread over every force, against the very rows
 *   a recording writes inserted raw in the same run;
 * - the awaiting-filing queue page, IMU dashboard, crime page and person search, four requests in flight spread
 *   over every force, p95 with 100,000 crimes nationally and with the national year, and the growth between them;
 * - a national view across forces (crimes by force and month) on Citus against plain PostgreSQL;
 * - the server's resident memory under that load against its memory idle.
 *
 * A database that is not there is left out, and said so under the table.
 */
import { sql } from 'kysely'
import type { Deps } from '../../src/deps.ts'
import { captureRecording, submission } from '../record-capture.ts'
import {
  benchForces,
  captureForce,
  isLoaded,
  load,
  nationalDatabases,
  openDeps,
  startServer,
  type BenchForce,
  type BenchServer,
  type NationalDatabase,
} from '../national.ts'
import { percentile, time, type BenchRow, type BenchScenario } from '../support.ts'

const PAGES = [
  { name: 'Awaiting-filing queue page', path: () => '/queues/awaiting-filing' },
  { name: 'IMU dashboard', path: () => '/dashboard' },
  { name: 'Crime page', path: (force: BenchForce, n: number) => `/crimes/${pick(force.crimeIds, n)}` },
  {
    name: 'Person search (family name)',
    path: (force: BenchForce, n: number) => `/people?name=${encodeURIComponent(pick(force.familyNames, n))}`,
  },
] as const

function pick<T>(items: readonly T[], n: number): T {
  return items[Math.floor(n / 7) % items.length]!
}

interface Measured {
  database: NationalDatabase
  crimes: number
  forces: number
  pages: Map<string, number>
  idleMemory: number
  peakMemory: number
}

async function measurePages(server: BenchServer, forces: BenchForce[], quick: boolean, pages: Map<string, number>) {
  let peak = 0
  for (const page of PAGES) {
    const measured = await load(server, {
      connections: 4,
      amount: quick ? 60 : 200,
      expected: 200,
      request: (n) => {
        const force = forces[n % forces.length]!
        return { method: 'GET', path: page.path(force, n), headers: { cookie: `tally_session=${force.cookie}` } }
      },
    })
    pages.set(page.name, percentile(measured.latencies, 95))
    peak = Math.max(peak, measured.peakMemory)
  }
  return peak
}

async function recordCrimes(
  database: NationalDatabase,
  deps: Deps,
  server: BenchServer,
  forces: BenchForce[],
  quick: boolean,
): Promise<BenchRow[]> {
  // Earlier runs' recordings are in the same database: this run's are at a place of its own.
  const letter = () => String.fromCharCode(65 + Math.floor(Math.random() * 26))
  const postcode = `NN${1 + Math.floor(Math.random() * 18)} ${Math.floor(Math.random() * 10)}${letter()}${letter()}`
  const capture = await captureForce(deps)
  const raw = await captureRecording(deps.db, capture.forceId, async () => {
    const response = await fetch(`${server.url}/api/v1/crimes`, {
      method: 'POST',
      headers: { authorization: `Bearer ${capture.token}`, 'content-type': 'application/json' },
      body: JSON.stringify(submission(-1000, postcode)),
    })
    if (response.status !== 201) {
      throw new Error(`capture answered ${response.status}: ${await response.text()}`)
    }
  })
  const amount = quick ? 200 : 1000
  const tally = await load(server, {
    connections: 50,
    amount,
    expected: 201,
    request: (n) => ({
      method: 'POST',
      path: '/api/v1/crimes',
      headers: { authorization: `Bearer ${forces[n % forces.length]!.token}`, 'content-type': 'application/json' },
      body: JSON.stringify(submission(n, postcode)),
    }),
  })
  const baseline = await time((call) => raw.insert(call), { iterations: amount, concurrency: 50 })
  await raw.drop()
  const scenario = `National: record a crime via the API, 50 in flight over ${forces.length} forces, ${database.engine}`
  const baselineName = `the same ${raw.rowCount} rows inserted raw, one transaction each`
  return [
    ['time per crime (throughput)', 1000 / tally.throughput, 1000 / baseline.throughput],
    ['p50 latency', percentile(tally.latencies, 50), percentile(baseline.latencies, 50)],
    ['p95 latency', percentile(tally.latencies, 95), percentile(baseline.latencies, 95)],
    ['p99 latency', percentile(tally.latencies, 99), percentile(baseline.latencies, 99)],
  ].map(([measure, tallyValue, baselineValue]) => ({
    scenario,
    measure: measure as string,
    tally: tallyValue as number,
    baseline: baselineValue as number,
    baselineName,
    unit: 'ms',
  }))
}

/** One connection to the database for the bench's own set-up and capture; the server under test has its own. */
async function measureDatabase(database: NationalDatabase, quick: boolean, rows: BenchRow[]): Promise<Measured> {
  const deps = await openDeps(database.url)
  try {
    return await measureWith(database, deps, quick, rows)
  } finally {
    await deps.close()
  }
}

async function measureWith(
  database: NationalDatabase,
  deps: Deps,
  quick: boolean,
  rows: BenchRow[],
): Promise<Measured> {
  const forces = await benchForces(deps)
  const server = await startServer(database.url)
  try {
    const idleMemory = server.memory()
    const pages = new Map<string, number>()
    const peakMemory = await measurePages(server, forces, quick, pages)
    if (database.size === 'national') {
      rows.push(...(await recordCrimes(database, deps, server, forces, quick)))
    }
    return {
      database,
      crimes: forces.reduce((sum, force) => sum + force.crimes, 0),
      forces: forces.length,
      pages,
      idleMemory,
      peakMemory: Math.max(peakMemory, server.memory()),
    }
  } finally {
    await server.stop()
  }
}

/** Crimes by force and month across every force, as the owner: the median of five runs, in ms. */
async function nationalView(url: string): Promise<number> {
  const deps = await openDeps(url)
  try {
    const timing = await time(
      () =>
        sql`select force_id, date_trunc('month', recorded_at) as month, count(*) from crime group by 1, 2`.execute(
          deps.db.kysely,
        ),
      { iterations: 5, warmup: 1 },
    )
    return percentile(timing.latencies, 50)
  } finally {
    await deps.close()
  }
}

function growthRows(engine: string, small: Measured | undefined, year: Measured): BenchRow[] {
  const label = (m: Measured) => `${m.crimes.toLocaleString('en-GB')} crimes`
  if (!small) {
    return []
  }
  return [...year.pages].map(([page, p95]) => ({
    scenario: `National: ${page}, ${engine}`,
    measure: `p95 growth, ${label(small)} → ${label(year)}`,
    tally: p95,
    baseline: small.pages.get(page)!,
    baselineName: `same page, ${label(small)}`,
    unit: 'ms',
  }))
}

const national: BenchScenario = {
  name: 'national year on PostgreSQL and Citus',
  async run(env) {
    const rows: BenchRow[] = []
    const measured: Measured[] = []
    for (const database of nationalDatabases()) {
      if (!(await isLoaded(database.url))) {
        env.log(`${database.engine} ${database.size}: no national data at ${database.url}; left out`)
        continue
      }
      env.log(`${database.engine} ${database.size}: measuring`)
      measured.push(await measureDatabase(database, env.quick, rows))
    }
    for (const engine of ['PostgreSQL', 'Citus']) {
      const year = measured.find((m) => m.database.engine === engine && m.database.size === 'national')
      const small = measured.find((m) => m.database.engine === engine && m.database.size === '100k')
      if (!year) {
        continue
      }
      rows.push(...growthRows(engine, small, year), {
        scenario: `National: server memory under page and recording load, ${engine}`,
        measure: 'peak resident memory',
        tally: year.peakMemory,
        baseline: year.idleMemory,
        baselineName: 'same server idle',
        unit: 'MiB',
        note: `${year.crimes.toLocaleString('en-GB')} crimes in ${year.forces} forces`,
      })
    }
    const onCitus = measured.find((m) => m.database.engine === 'Citus' && m.database.size === 'national')
    const onPostgres = measured.find((m) => m.database.engine === 'PostgreSQL' && m.database.size === 'national')
    if (onCitus && onPostgres) {
      rows.push({
        scenario: 'National view: crimes by force and month, every force',
        measure: 'median of 5',
        tally: await nationalView(onCitus.database.url),
        baseline: await nationalView(onPostgres.database.url),
        baselineName: 'plain PostgreSQL, same year',
        unit: 'ms',
        note: 'Tally column: on the Citus cluster (coordinator and two workers on this machine)',
      })
    }
    return rows
  },
}

export const nationalScenarios: BenchScenario[] = [national]
