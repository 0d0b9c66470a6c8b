/**
 * Issue 4's "fast at any size": the awaiting-filing queue page and the IMU dashboard, p95 latency, for one force
 * with a year of a large force's crimes (100,000) and again once the database holds 5,000,000 — the same force's
 * four earlier years and nine other forces' — and the ratio between the two. Loaded with `tally generate`'s
 * set-based generator (BENCH_QUICK=1: 20,000 and 200,000).
 */
import { systemActor } from '../../src/platform/auth/actor.ts'
import { analyseAfterLoad, createSyntheticForce, generateCrimes, type SyntheticForce } from '../../src/demo/index.ts'
import type { Deps } from '../../src/deps.ts'
import type { TallyApp } from '../../src/app.ts'
import { percentile, time, type BenchRow, type BenchScenario } from '../support.ts'

const PASSWORD = 'bench password 123'
const OTHER_FORCES = 9

async function fill(deps: Deps, force: SyntheticForce, crimes: number, days: number, endDaysAgo = 0, seed = 1) {
  await generateCrimes(deps.db, {
    forceId: force.forceId,
    crimes,
    days,
    endDaysAgo,
    now: deps.clock.now(),
    officers: force.officers,
    units: force.units,
    referencePrefix: force.prefix,
    offenceCodeVersion: force.offenceCodeVersion,
    seed,
  })
}

interface Measured {
  queue: number[]
  dashboard: number[]
  home: number[]
  awaitingFiling: number
}

async function measure(
  deps: Deps,
  app: TallyApp,
  force: SyntheticForce,
  cookie: string,
  quick: boolean,
): Promise<Measured> {
  const actor = systemActor(force.forceId, 'Bench')
  const first = await deps.services.queues.queuePage(actor, 'awaiting-filing')
  const urls = [
    '/queues/awaiting-filing',
    ...(first.next ? [`/queues/awaiting-filing?after=${first.next}`] : []),
    '/queues/awaiting-filing?flags=domesticAbuse',
    '/queues/awaiting-filing?sort=newest&age=0',
  ]
  const get = async (url: string) => {
    const response = await app.inject({ method: 'GET', url, headers: { cookie: `tally_session=${cookie}` } })
    if (response.statusCode !== 200) {
      throw new Error(`${url} answered ${response.statusCode}`)
    }
  }
  const queue = await time((call) => get(urls[Math.abs(call) % urls.length]!), {
    iterations: quick ? 80 : 400,
    warmup: 20,
  })
  const dashboard = await time(() => get('/dashboard'), { iterations: quick ? 30 : 120, warmup: 5 })
  const home = await time(() => get('/'), { iterations: quick ? 80 : 400, warmup: 20 })
  return { queue: queue.latencies, dashboard: dashboard.latencies, home: home.latencies, awaitingFiling: first.total }
}

const atSize: BenchScenario = {
  name: 'queues at size',
  async run(env) {
    const small = env.quick ? 20_000 : 100_000
    const large = env.quick ? 200_000 : 5_000_000
    const history = small * 4
    const others = large - small - history
    const { deps, app, close } = await env.app()
    try {
      const force = await createSyntheticForce(deps, 0, PASSWORD)
      const cookie = await deps.identities.createSession(force.forceId, force.supervisorId!, deps.clock.now(), 12)
      env.log(`loading ${small.toLocaleString('en-GB')} crimes into the bench force`)
      await fill(deps, force, small, 365)
      await analyseAfterLoad(deps.db)
      await deps.services.queueDashboard.snapshot(systemActor(force.forceId), { maxDays: 56 })
      const before = await measure(deps, app, force, cookie, env.quick)

      env.log(
        `growing to ${large.toLocaleString('en-GB')}: ${history.toLocaleString('en-GB')} more years of history, ${others.toLocaleString('en-GB')} in ${OTHER_FORCES} other forces`,
      )
      await fill(deps, force, history, 4 * 365, 365, 2)
      for (let i = 1; i <= OTHER_FORCES; i++) {
        const other = await createSyntheticForce(deps, i, PASSWORD)
        const share = Math.floor(others / OTHER_FORCES) + (i <= others % OTHER_FORCES ? 1 : 0)
        await fill(deps, other, share, 365, 0, 10 + i)
        env.log(`  force ${i} of ${OTHER_FORCES} loaded`)
      }
      await analyseAfterLoad(deps.db)
      const after = await measure(deps, app, force, cookie, env.quick)

      const n = (value: number) => value.toLocaleString('en-GB')
      const note = `the bench force holds ${n(small)} crimes over a year (${n(before.awaitingFiling)} awaiting filing); the database then grows to ${n(large)}`
      const rows = (name: string, a: number[], b: number[]): BenchRow[] => [
        {
          scenario: name,
          measure: `p95, ${n(small)} crimes loaded`,
          tally: percentile(a, 95),
          baseline: percentile(before.home, 95),
          baselineName: 'signed-in home page, same load',
          unit: 'ms',
        },
        {
          scenario: name,
          measure: `p95, ${n(large)} crimes loaded`,
          tally: percentile(b, 95),
          baseline: percentile(after.home, 95),
          baselineName: 'signed-in home page, same load',
          unit: 'ms',
        },
        {
          scenario: name,
          measure: `p95 growth, ${n(small)} → ${n(large)}`,
          tally: percentile(b, 95),
          baseline: percentile(a, 95),
          baselineName: `same page, ${n(small)} crimes`,
          unit: 'ms',
          note,
        },
      ]
      return [
        ...rows('Awaiting-filing queue page', before.queue, after.queue),
        ...rows('IMU dashboard', before.dashboard, after.dashboard),
      ]
    } finally {
      await close()
    }
  },
}

export const queueScenarios: BenchScenario[] = [atSize]
