import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loadConfig } from '../../src/config.ts'
import { createDeps } from '../../src/deps.ts'
import { systemActor } from '../../src/platform/auth/actor.ts'
import { freePort, runTally, seededRandom, startServer, type ServerProcess } from '../support/server-process.ts'
import { databaseForChildProcess, testDatabaseKind, unpackMigratedPglite } from '../support/test-database.ts'

/**
 * Nothing acknowledged is lost (issue 11): `tally serve` runs as its own process on the database under test,
 * command and control posts incidents and crimes at concurrency, and the server is killed with SIGKILL at
 * seeded random moments, several times. After each restart, every write whose response came back must be
 * there exactly once; at the end every submission is sent again and makes no duplicate, and the audit trail
 * verifies. SIGTERM, by contrast, must let requests in flight finish and exit 0.
 */
const SEED = 20261203
const KILLS = 3
const CONCURRENCY = 6

interface Submission {
  reference: string
  kind: 'incident' | 'crime'
  url: string
  body: unknown
}

/** Victim keys ignore digits, so each victim's surname is spelt from letters. */
const letters = (n: number) => n.toString(26).replace(/[0-9]/g, (d) => 'qrstuvwxyz'[Number(d)]!)

function submission(n: number, prefix: string): Submission {
  const reference = `${prefix}-${n}`
  const incident = {
    sourceSystem: 'STORM',
    sourceReference: reference,
    channel: '999',
    receivedAt: '2026-11-30T08:00:00Z',
    location: { address: `${n} Gold Street, Northampton`, postcode: 'NN1 1RA' },
    openingCategory: 'crime-theft',
    narrative: 'Phone snatched from the caller’s hand.',
  }
  if (n % 2 === 0) {
    return { reference, kind: 'incident', url: '/api/v1/incidents', body: incident }
  }
  return {
    reference,
    kind: 'crime',
    url: '/api/v1/crimes',
    body: {
      incident,
      victim: { givenName: 'Jo', familyName: `Crash${letters(n)}` },
      offenceCode: '39',
      offenceFrom: '2026-11-30T07:50:00Z',
      // Neighbours on one street at one time with names a letter apart: different victims, not rule 11's duplicates.
      acknowledgeDuplicates: true,
    },
  }
}

type Outcome = { status: number; replayed?: boolean } | 'no answer'

async function send(baseUrl: string, token: string, item: Submission): Promise<Outcome> {
  try {
    const response = await fetch(`${baseUrl}${item.url}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify(item.body),
    })
    const body = (await response.json()) as { replayed?: boolean }
    return { status: response.status, replayed: body.replayed }
  } catch {
    return 'no answer'
  }
}

describe(`nothing acknowledged is lost (${testDatabaseKind()})`, () => {
  let folder: string
  let database: Awaited<ReturnType<typeof databaseForChildProcess>>
  let env: Record<string, string>
  let token: string
  let forceId: number
  let port: number

  beforeAll(async () => {
    folder = fs.mkdtempSync(path.join(os.tmpdir(), 'tally-crash-'))
    database = await databaseForChildProcess(path.join(folder, 'data'))
    env = database.env
    if (testDatabaseKind() === 'pglite') {
      await unpackMigratedPglite(env.DATA_DIR!)
    }
    const deps = await createDeps(loadConfig({ NODE_ENV: 'test', DEMO_DATA: 'false', ...env }))
    try {
      const force = await deps.services.accounts.createForce({ code: 'CRASH', name: 'Crash Test Constabulary' })
      forceId = force.forceId
      const created = await deps.services.accounts.createToken(systemActor(force.forceId), {
        name: 'STORM',
        role: 'control_room_operator',
      })
      token = created.token
    } finally {
      await deps.close()
    }
    port = await freePort()
  }, 120_000)

  /** Servers this file started, so a failed or timed-out test leaves none running on the data folder. */
  const started: ServerProcess[] = []
  const start = async () => {
    const server = await startServer(env, port)
    started.push(server)
    return server
  }

  afterAll(async () => {
    for (const server of started) {
      if (server.child.exitCode === null && server.child.signalCode === null) {
        server.child.kill('SIGKILL')
        await server.exited
      }
    }
    await database?.drop()
    fs.rmSync(folder, { recursive: true, force: true })
  })

  /** How many incidents, and crimes recorded from them, each reference has, read straight from the database. */
  async function countsByReference(): Promise<Map<string, { incidents: number; crimes: number }>> {
    const deps = await createDeps(loadConfig({ NODE_ENV: 'test', DEMO_DATA: 'false', ...env }))
    try {
      const { rows } = await sql<{ reference: string; incidents: number; crimes: number }>`
        select i.source_reference as reference, count(distinct i.incident_id)::int as incidents,
               count(c.crime_id)::int as crimes
        from incident i left join crime c on c.force_id = i.force_id and c.incident_id = i.incident_id
        where i.force_id = ${forceId}
        group by i.source_reference`.execute(deps.db.kysely)
      return new Map(rows.map((row) => [row.reference, row]))
    } finally {
      await deps.close()
    }
  }

  it('loses no acknowledged write when killed at random, and replays make no duplicates', async () => {
    const random = seededRandom(SEED)
    const sent: Submission[] = []
    const acknowledged = new Set<string>()
    const unexpected: string[] = []
    let next = 0
    let killed = 0

    for (let round = 0; round < KILLS; round++) {
      const server = await start()
      let dead = false
      const workers = Array.from({ length: CONCURRENCY }, async () => {
        while (!dead) {
          const item = submission(next++, 'CRASH')
          sent.push(item)
          const outcome = await send(server.baseUrl, token, item)
          if (outcome === 'no answer') {
            continue
          }
          if (outcome.status === 200 || outcome.status === 201) {
            acknowledged.add(item.reference)
          } else {
            unexpected.push(`${item.reference}: ${outcome.status}`)
          }
        }
      })
      // A fresh process is slow to its first answers; kill once this round has some, at a random moment after.
      const before = acknowledged.size
      while (acknowledged.size < before + CONCURRENCY) {
        await new Promise((resolve) => setTimeout(resolve, 20))
      }
      await new Promise((resolve) => setTimeout(resolve, random() * 1500))
      server.child.kill('SIGKILL')
      dead = true
      await server.exited
      await Promise.all(workers)
      killed++
    }

    // Everything acknowledged before each kill is there, exactly once.
    const afterKills = await countsByReference()
    const lost = [...acknowledged].filter((reference) => afterKills.get(reference)?.incidents !== 1)
    const doubled = [...afterKills.values()].filter((row) => row.incidents !== 1 || row.crimes > 1)

    // The same submissions again, as command and control would retry them: nothing new for what was acknowledged.
    const server = await start()
    const replays: Outcome[] = []
    for (let start = 0; start < sent.length; start += CONCURRENCY) {
      const batch = sent.slice(start, start + CONCURRENCY)
      const outcomes = await Promise.all(batch.map((item) => send(server.baseUrl, token, item)))
      outcomes.forEach((outcome, index) => {
        const item = batch[index]!
        const ok = outcome !== 'no answer' && (outcome.status === 200 || outcome.status === 201)
        if (!ok || (acknowledged.has(item.reference) && (outcome.status !== 200 || !outcome.replayed))) {
          unexpected.push(`replay of ${item.reference}: ${JSON.stringify(outcome)}`)
        }
      })
      replays.push(...outcomes)
    }
    server.child.kill('SIGTERM')
    expect((await server.exited).code).toBe(0)

    const final = await countsByReference()
    const missing = sent.filter((item) => final.get(item.reference)?.incidents !== 1)
    const wrongCrimes = sent.filter(
      (item) => (final.get(item.reference)?.crimes ?? 0) !== (item.kind === 'crime' ? 1 : 0),
    )
    const verify = await runTally(['audit-trail', 'verify'], env)

    console.log(
      `crash test (${testDatabaseKind()}, seed ${SEED}): ${killed} kills, ${sent.length} writes sent, ` +
        `${acknowledged.size} acknowledged, ${lost.length} acknowledged writes lost, ${doubled.length} duplicated; ` +
        `${replays.length} replays, ${final.size} incidents at the end`,
    )
    expect(killed).toBe(KILLS)
    expect(acknowledged.size).toBeGreaterThan(KILLS * CONCURRENCY)
    expect(acknowledged.size).toBeLessThan(sent.length)
    expect(lost).toEqual([])
    expect(doubled).toEqual([])
    expect(unexpected).toEqual([])
    expect(missing.map((item) => item.reference)).toEqual([])
    expect(wrongCrimes.map((item) => item.reference)).toEqual([])
    expect(verify.code, verify.out).toBe(0)
    // Bounded: about a minute and a half on a quiet machine; generous here for a busy one.
  }, 900_000)

  it('on SIGTERM answers every request it has begun, stores nothing it did not answer, and exits 0', async () => {
    const server = await start()
    const items = Array.from({ length: 24 }, (_, n) => submission(n, 'TERM'))
    let signalled = false
    const outcomes = await Promise.all(
      items.map(async (item) => {
        const outcome = await send(server.baseUrl, token, item)
        if (!signalled) {
          signalled = true
          server.child.kill('SIGTERM')
        }
        return outcome
      }),
    )
    const exit = await server.exited
    expect(exit.code, server.stderr()).toBe(0)
    // Answered 201: stored. Refused with 503, or cut off before the server had read it (a connection it had
    // accepted but not started on is closed like an idle one): not stored, so sending it again is safe.
    const statuses = outcomes.map((outcome) => (outcome === 'no answer' ? 0 : outcome.status))
    expect(statuses.filter((status) => ![0, 201, 503].includes(status))).toEqual([])
    const stored = await countsByReference()
    const answeredButMissing = items.filter(
      (item, i) => statuses[i] === 201 && stored.get(item.reference)?.incidents !== 1,
    )
    const storedButUnanswered = items.filter((item, i) => statuses[i] !== 201 && stored.has(item.reference))
    expect(answeredButMissing.map((item) => item.reference)).toEqual([])
    expect(storedButUnanswered.map((item) => item.reference)).toEqual([])
    expect(statuses.filter((status) => status === 201).length).toBeGreaterThan(1)
  }, 300_000)
})
