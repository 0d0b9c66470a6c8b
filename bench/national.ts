import autocannon from 'autocannon'
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import net from 'node:net'
import { sql } from 'kysely'
import pg from 'pg'
import { systemActor } from '../src/platform/auth/actor.ts'
import { loadConfig } from '../src/config.ts'
import { createDeps, type Deps } from '../src/deps.ts'

/**
 * What the national scenario needs around it: the databases a national year was loaded into, a real Tally
 * server over each (its own process, so its memory is its own), sessions and API tokens in every force, and
 * autocannon driving HTTP load with every response's time kept (autocannon's own summary has no p95).
 */

export interface NationalDatabase {
  engine: 'PostgreSQL' | 'Citus'
  size: '100k' | 'national'
  url: string
}

function databaseUrl(port: number, name: string): string {
  return `postgresql://postgres@127.0.0.1:${port}/${name}`
}

/**
 * The four databases, from NATIONAL_<ENGINE>_<SIZE>_URL or by default `tally_national` (the year) and
 * `tally_national_100k` on the PostgreSQL server (5432) and the local Citus coordinator (5433). Each is made by
 * `tally migrate [--distribute]` and `tally generate --national [--scale F]` (README, "A national year").
 */
export function nationalDatabases(): NationalDatabase[] {
  const engines = [
    { engine: 'PostgreSQL', port: 5432 },
    { engine: 'Citus', port: 5433 },
  ] as const
  const sizes = [
    { size: '100k', name: 'tally_national_100k' },
    { size: 'national', name: 'tally_national' },
  ] as const
  return engines.flatMap(({ engine, port }) =>
    sizes.map(({ size, name }) => ({
      engine,
      size,
      url: process.env[`NATIONAL_${engine.toUpperCase()}_${size.toUpperCase()}_URL`] ?? databaseUrl(port, name),
    })),
  )
}

/** Whether the database exists and holds crimes. */
export async function isLoaded(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url })
  try {
    await client.connect()
    const { rows } = await client.query<{ loaded: boolean }>(
      `select to_regclass('crime') is not null and exists (select 1 from crime) as loaded`,
    )
    return rows[0]?.loaded ?? false
  } catch {
    return false
  } finally {
    await client.end().catch(() => undefined)
  }
}

export function openDeps(url: string): Promise<Deps> {
  return createDeps(loadConfig({ NODE_ENV: 'test', DATABASE_URL: url, DEMO_DATA: 'false', LOG_LEVEL: 'silent' }))
}

/** One force of the national year, with what the load needs to act in it. */
export interface BenchForce {
  forceId: number
  code: string
  crimes: number
  cookie: string
  token: string
  crimeIds: string[]
  familyNames: string[]
}

const BENCH_FORCE_PREFIX = 'BENCHCAP'

/**
 * Every force holding crimes, with a session for an IMU supervisor (its account made once, reused on later runs)
 * and a command-and-control token (a new one each run: tokens are kept only as hashes, so an earlier run's cannot
 * be read back), and some of its crimes and people to ask for.
 */
export async function benchForces(deps: Deps): Promise<BenchForce[]> {
  const { rows } = await sql<{ forceId: number; code: string; crimes: number }>`
    select f.force_id as "forceId", f.code, count(*)::int as crimes
    from force f join crime c on c.force_id = f.force_id
    where f.code not like ${`${BENCH_FORCE_PREFIX}%`}
    group by f.force_id, f.code order by f.force_id`.execute(deps.db.kysely)
  const forces: BenchForce[] = []
  for (const force of rows) {
    const actor = systemActor(force.forceId, 'Bench')
    const username = `bench-supervisor-${force.code.toLowerCase()}`
    const existing = (await deps.services.accounts.listUsers(actor)).find((user) => user.username === username)
    const supervisor =
      existing ??
      (await deps.services.accounts.createUser(actor, {
        username,
        displayName: 'Bench IMU supervisor',
        password: `bench password ${force.code}`,
        roles: ['imu_supervisor'],
      }))
    const cookie = await deps.identities.createSession(force.forceId, supervisor.userId, new Date(), 12)
    const { token } = await deps.services.accounts.createToken(actor, {
      name: 'Bench command and control',
      role: 'control_room_operator',
    })
    const sample = await sql<{ crimeId: string }>`
      select crime_id as "crimeId" from crime where force_id = ${force.forceId} order by crime_id limit 50`.execute(
      deps.db.kysely,
    )
    const people = await sql<{ familyName: string }>`
      select family_name as "familyName" from person where force_id = ${force.forceId}
      order by person_id limit 50`.execute(deps.db.kysely)
    forces.push({
      ...force,
      cookie,
      token,
      crimeIds: sample.rows.map((r) => r.crimeId),
      familyNames: people.rows.length > 0 ? people.rows.map((r) => r.familyName) : ['Smith'],
    })
  }
  return forces
}

/** A new force of the bench's own, to capture what one recording writes without other forces' rows. */
export async function captureForce(deps: Deps): Promise<{ forceId: number; token: string }> {
  const code = `${BENCH_FORCE_PREFIX}${Date.now().toString(36).toUpperCase()}`
  const force = await deps.services.accounts.createForce({ code, name: 'Bench capture', crimeReferencePrefix: code })
  const actor = systemActor(force.forceId, 'Bench')
  const { token } = await deps.services.accounts.createToken(actor, { name: 'Capture', role: 'control_room_operator' })
  await deps.services.crimes.offenceCodes(actor)
  return { forceId: force.forceId, token }
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer()
    server.listen(0, '127.0.0.1', () => {
      const port = (server.address() as net.AddressInfo).port
      server.close(() => resolve(port))
    })
    server.on('error', reject)
  })
}

/** `tally serve` over the database in a process of its own, with its resident memory readable. */
export interface BenchServer {
  url: string
  /** The server's resident set size now, in MiB. */
  memory(): number
  stop(): Promise<void>
}

export async function startServer(databaseUrl: string): Promise<BenchServer> {
  const port = await freePort()
  // Its files (audit anchors) in a folder of its own, not the checkout's ./data.
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'tally-bench-'))
  const child: ChildProcess = spawn(process.execPath, ['bin/tally.js', 'serve'], {
    env: {
      ...process.env,
      DATABASE_URL: databaseUrl,
      HOST: '127.0.0.1',
      PORT: String(port),
      DEMO_DATA: 'false',
      LOG_LEVEL: 'silent',
      NODE_ENV: 'development',
      DATA_DIR: dataDir,
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  })
  const url = `http://127.0.0.1:${port}`
  for (let attempt = 0; ; attempt++) {
    try {
      if ((await fetch(`${url}/health/ready`)).ok) {
        break
      }
    } catch {
      // Not listening yet.
    }
    if (attempt > 600 || child.exitCode !== null) {
      child.kill()
      throw new Error(`tally serve did not become ready on ${url}`)
    }
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
  return {
    url,
    memory() {
      const status = readFileSync(`/proc/${child.pid}/status`, 'utf8')
      const kib = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? Number.NaN)
      return kib / 1024
    },
    stop: () =>
      new Promise<void>((resolve) => {
        child.once('exit', () => {
          rmSync(dataDir, { recursive: true, force: true })
          resolve()
        })
        child.kill('SIGTERM')
      }),
  }
}

export interface Load {
  latencies: number[]
  throughput: number
  /** Peak resident memory of the server during the load, in MiB. */
  peakMemory: number
}

/**
 * HTTP load from autocannon: `connections` requests in flight, each built by `request(n)` (n counts from 0), for
 * `amount` requests. Any answer but `expected` fails the run, naming it.
 */
export function load(
  server: BenchServer,
  options: {
    connections: number
    amount: number
    expected: number
    request: (n: number) => autocannon.Request
  },
): Promise<Load> {
  const latencies: number[] = []
  let peakMemory = server.memory()
  const sampler = setInterval(() => {
    peakMemory = Math.max(peakMemory, server.memory())
  }, 200)
  let n = 0
  let wrong: string | undefined
  return new Promise((resolve, reject) => {
    const instance = autocannon(
      {
        url: server.url,
        connections: options.connections,
        amount: options.amount,
        timeout: 60,
        requests: [
          {
            setupRequest: (request) => ({ ...request, ...options.request(n++) }),
            onResponse: (status, body) => {
              if (status !== options.expected) {
                wrong ??= `answered ${status}: ${body.slice(0, 300)}`
              }
            },
          },
        ],
      },
      (error, result) => {
        clearInterval(sampler)
        if (error) {
          reject(error instanceof Error ? error : new Error(String(error)))
        } else if (wrong || result.errors > 0) {
          reject(new Error(wrong ?? `${result.errors} connection errors`))
        } else {
          resolve({ latencies, throughput: latencies.length / result.duration, peakMemory })
        }
      },
    )
    instance.on('response', (_client, _status, _bytes, responseTime) => latencies.push(responseTime))
  })
}
