import Fastify from 'fastify'
import { sql } from 'kysely'
import { systemActor } from '../../src/platform/auth/actor.ts'
import { percentile, time, type BenchScenario } from '../support.ts'

/** A page of about the size of Tally's home page, served by Fastify with nothing else. */
const BARE_PAGE = `<!DOCTYPE html><html lang="en"><head><title>Home</title></head><body>${'<p>Hello</p>'.repeat(300)}</body></html>`

const pageRender: BenchScenario = {
  name: 'page render',
  async run(env) {
    const { deps, app, close } = await env.app()
    const bare = Fastify()
    bare.get('/', (_request, reply) => reply.type('text/html').send(BARE_PAGE))
    await bare.ready()
    try {
      const force = await deps.services.accounts.createForce({ code: 'BENCH', name: 'Bench Constabulary' })
      const { userId } = await deps.services.accounts.createUser(systemActor(force.forceId), {
        username: 'bench-supervisor',
        displayName: 'Bench Supervisor',
        password: 'bench password 123',
        roles: ['imu_supervisor'],
      })
      const cookie = await deps.identities.createSession(force.forceId, userId, deps.clock.now(), 12)
      const iterations = env.quick ? 200 : 2000
      const tally = await time(
        async () => {
          const response = await app.inject({ method: 'GET', url: '/', headers: { cookie: `tally_session=${cookie}` } })
          if (response.statusCode !== 200) {
            throw new Error(`home page answered ${response.statusCode}`)
          }
        },
        { iterations },
      )
      const baseline = await time(() => bare.inject({ method: 'GET', url: '/' }), { iterations })
      return [
        {
          scenario: 'Signed-in home page',
          measure: 'p50 latency',
          tally: percentile(tally.latencies, 50),
          baseline: percentile(baseline.latencies, 50),
          baselineName: 'bare Fastify route',
          unit: 'ms',
        },
        {
          scenario: 'Signed-in home page',
          measure: 'p95 latency',
          tally: percentile(tally.latencies, 95),
          baseline: percentile(baseline.latencies, 95),
          baselineName: 'bare Fastify route',
          unit: 'ms',
        },
      ]
    } finally {
      await bare.close()
      await close()
    }
  },
}

const auditAppend: BenchScenario = {
  name: 'audit-trail append',
  async run(env) {
    const { deps, close } = await env.app()
    try {
      const force = await deps.services.accounts.createForce({ code: 'BENCH', name: 'Bench Constabulary' })
      const actor = systemActor(force.forceId, 'bench')
      await sql`create table bench_audit_event (like audit_event including defaults)`.execute(deps.db.kysely)
      const rows = []
      for (const concurrency of [1, 16]) {
        const iterations = env.quick ? 200 : 2000
        const tally = await time(
          (call) =>
            deps.db.withForce(force.forceId, (tx) => {
              deps.services.auditTrail.record(tx, actor, {
                action: 'CRIME_VIEWED',
                recordType: 'crime',
                recordId: `crime-${call}`,
                changes: { status: { before: 'recorded', after: 'awaiting_allocation' } },
              })
            }),
          { iterations, concurrency },
        )
        let seq = 1_000_000 * concurrency
        const baseline = await time(
          (call) =>
            deps.db.kysely.transaction().execute(async (trx) => {
              seq += 1
              await sql`insert into bench_audit_event (force_id, seq, occurred_at, actor_type, actor_id, actor_name, action, record_type, record_id, changes, reason, request_id, prev_hash, hash)
                values (${force.forceId}, ${seq}, ${new Date()}, 'system', 'system', 'bench', 'CRIME_VIEWED', 'crime', ${`crime-${call}`},
                        ${JSON.stringify({ status: { before: 'recorded', after: 'awaiting_allocation' } })}, null, null, ${'0'.repeat(64)}, ${'1'.repeat(64)})`.execute(
                trx,
              )
            }),
          { iterations, concurrency },
        )
        rows.push({
          scenario: `Audit-trail append, concurrency ${concurrency}`,
          measure: 'time per event',
          tally: 1000 / tally.throughput,
          baseline: 1000 / baseline.throughput,
          baselineName: 'raw insert of the same row, one transaction each',
          unit: 'ms',
          note:
            concurrency > 1
              ? 'appends in one force serialise on its chain head (the hash chain needs an order); the lock is taken just before commit'
              : undefined,
        })
      }
      return rows
    } finally {
      await close()
    }
  },
}

export const platformScenarios: BenchScenario[] = [pageRender, auditAppend]
