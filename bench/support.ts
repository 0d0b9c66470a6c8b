import { performance } from 'node:perf_hooks'
import { buildApp, type TallyApp } from '../src/app.ts'
import { loadConfig } from '../src/config.ts'
import { createDeps, type Deps } from '../src/deps.ts'
import { FixedClock } from '../src/platform/clock.ts'
import type { TallyDatabase } from '../src/platform/db/database.ts'
import { openTestDatabase, prepareMigratedCopy } from '../test/support/test-database.ts'

/** One line of the bench table: Tally's figure beside a baseline measured in the same run. */
export interface BenchRow {
  scenario: string
  measure: string
  tally: number
  baseline: number
  baselineName: string
  unit: string
  /** Free text printed under the table (sizes, notes). */
  note?: string
}

export interface BenchScenario {
  name: string
  /** Runs the scenario and returns its rows. Everything it opens it closes. */
  run(env: BenchEnvironment): Promise<BenchRow[]>
}

export interface BenchEnvironment {
  /** A fresh migrated database of the kind chosen for this run. */
  database(): Promise<TallyDatabase>
  /** Deps and the app over a fresh database, with a fixed clock. */
  app(): Promise<{ deps: Deps; app: TallyApp; close: () => Promise<void> }>
  log(message: string): void
  /** Smaller data sizes for a quick check (BENCH_QUICK=1). */
  quick: boolean
}

export function createEnvironment(quick: boolean): BenchEnvironment {
  let prepared: Promise<void> | undefined
  const database = async () => {
    prepared ??= prepareMigratedCopy()
    await prepared
    return openTestDatabase()
  }
  return {
    quick,
    database,
    async app() {
      const config = loadConfig({ NODE_ENV: 'test', DEMO_DATA: 'false', LOG_LEVEL: 'silent' })
      const deps = await createDeps(config, { db: await database(), clock: new FixedClock('2026-11-26T09:00:00Z') })
      const app = await buildApp(deps)
      return {
        deps,
        app,
        close: async () => {
          await app.close()
          await deps.close()
        },
      }
    },
    log(message) {
      process.stderr.write(`  ${message}\n`)
    },
  }
}

export interface Timing {
  /** Milliseconds for each call. */
  latencies: number[]
  /** Calls per second over the whole run. */
  throughput: number
}

/**
 * Calls `operation` `iterations` times with `concurrency` calls in flight, after `warmup` untimed calls.
 * `operation` gets the call number, so each call can use different data.
 */
export async function time(
  operation: (call: number) => Promise<unknown>,
  options: { iterations: number; concurrency?: number; warmup?: number },
): Promise<Timing> {
  const concurrency = options.concurrency ?? 1
  for (let i = 0; i < (options.warmup ?? Math.min(20, options.iterations)); i++) {
    await operation(-1 - i)
  }
  const latencies: number[] = []
  let next = 0
  const started = performance.now()
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      for (let call = next++; call < options.iterations; call = next++) {
        const start = performance.now()
        await operation(call)
        latencies.push(performance.now() - start)
      }
    }),
  )
  const elapsed = performance.now() - started
  return { latencies, throughput: (options.iterations / elapsed) * 1000 }
}

export function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b)
  if (sorted.length === 0) {
    return Number.NaN
  }
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))
  return sorted[rank]!
}
