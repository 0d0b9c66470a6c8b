/**
 * Process entry for serving: load the configuration, build the dependencies, prepare the database (on the
 * embedded database: migrate, and on first start seed the demo force), listen, and close cleanly on a signal.
 */
import fs from 'node:fs'
import path from 'node:path'
import { loadConfig, type Config } from './config.ts'
import { createDeps, type Deps } from './deps.ts'
import { buildApp } from './app.ts'
import { migrateToLatest, pendingMigrations } from './platform/db/migrate.ts'
import { DEMO_BUILDING_MARKER, DEMO_FORCE, DEMO_PASSWORD, demoUsers, startDemo } from './demo/index.ts'
import { startDailyTasks, startRepeatingTask } from './platform/jobs/daily.ts'
import { AnchorDirectory } from './modules/audit-trail/index.ts'
import { checkAllForces } from './modules/risks/index.ts'
import { startOutboxDelivery } from './modules/notifications/index.ts'
import { scanAllForces } from './modules/integrity/index.ts'
import { scheduleAllForces } from './modules/retention/index.ts'

/** How long requests in flight may take to finish after SIGTERM before the process gives up on them. */
const SHUTDOWN_GRACE_SECONDS = 30

export async function serve(config: Config = loadConfig()): Promise<void> {
  const deps = await createDeps(config)
  const { log } = deps
  try {
    const demo = await prepareDatabase(deps)
    const app = await buildApp(deps, { demoStatus: () => demo?.status })
    const stops: Array<() => void> = []
    let closing = false
    // Stop accepting, answer what is in flight (Fastify answers 503 to anything new on an open connection),
    // then close the database, so every answered write is committed and nothing is cut off mid-request. Ready
    // before the first request, and while the demo is still being made (a build cut off is made again).
    const close = async (signal: string) => {
      closing = true
      log.info({ signal }, 'shutting down')
      const deadline = setTimeout(() => {
        log.error({ seconds: SHUTDOWN_GRACE_SECONDS }, 'requests still running after the grace period: exiting')
        process.exit(1)
      }, SHUTDOWN_GRACE_SECONDS * 1000)
      deadline.unref()
      // Fastify closes the connections idle at the moment it closes; one whose request was in flight then stays
      // open after its answer, kept alive for 72 seconds, far past the grace period. Close each as it falls idle.
      const idleSweep = setInterval(() => app.server.closeIdleConnections(), 100)
      try {
        stops.forEach((stop) => stop())
        await app.close()
        clearInterval(idleSweep)
        await deps.close()
        process.exit(0)
      } catch (error) {
        log.error({ err: error }, 'shutdown failed')
        process.exit(1)
      }
    }
    process.once('SIGINT', (signal) => void close(signal))
    process.once('SIGTERM', (signal) => void close(signal))
    await app.listen({ host: config.http.host, port: config.http.port })
    if (config.demo) {
      printDemoSignIn(config)
    }
    // The background tasks wait for the demo's data, so their first run sees the whole demo force.
    await demo?.build()
    if (!closing) {
      stops.push(startBackgroundTasks(deps))
    }
  } catch (error) {
    await deps.close()
    throw error
  }
}

/** The daily tasks, the audit anchors and the email outbox; returns what stops them all. */
function startBackgroundTasks(deps: Deps): () => void {
  const { config, log } = deps
  const forces = () => deps.services.accounts.listForces()
  const stopDailyTasks = startDailyTasks(
    [
      { name: 'queue snapshots', run: () => deps.services.queueDashboard.snapshotAllForces() },
      { name: 'risk indicator check', run: () => checkAllForces({ risks: deps.services.risks, forces, log }) },
      {
        name: 'uncrimed-incident scan',
        run: () => scanAllForces({ integrity: deps.services.integrity, forces, now: () => deps.clock.now(), log }),
      },
      {
        name: 'retention schedule',
        run: () => scheduleAllForces({ retention: deps.services.retention, forces, log }),
      },
    ],
    { log },
  )
  const stopAnchors = scheduleAuditAnchors(deps)
  // Email notifications wait in the outbox until this sends them (only when SMTP is configured).
  const stopOutbox = config.mail.smtp
    ? startOutboxDelivery({
        notifications: deps.services.notifications,
        forces,
        everyMs: config.mail.deliverySeconds * 1000,
        log,
      })
    : () => undefined
  return () => {
    stopDailyTasks()
    stopAnchors()
    stopOutbox()
  }
}

/** Exports the audit trail's signed chain heads every AUDIT_ANCHOR_EVERY_HOURS (daily unless set; 0: never). */
function scheduleAuditAnchors(deps: Deps): () => void {
  const { anchorEveryHours, anchorDir } = deps.config.audit
  if (anchorEveryHours === 0) {
    return () => undefined
  }
  const directory = new AnchorDirectory(anchorDir)
  return startRepeatingTask(
    { name: 'audit anchor', run: async () => directory.write(await deps.services.auditTrail.anchor()) },
    anchorEveryHours * 3_600_000,
    { log: deps.log },
  )
}

/** A demo force whose data is still being built: what the banner says meanwhile, and the build itself. */
export interface DemoBuild {
  status: string | undefined
  build: () => Promise<void>
}

export async function prepareDatabase(deps: Deps): Promise<DemoBuild | undefined> {
  const { config, log } = deps
  const applied = await ensureSchema(deps)
  if (applied.length > 0) {
    log.info({ applied }, 'migrated the embedded database')
  }
  if (!config.demo) {
    return undefined
  }
  // A demo whose build was cut off (the process stopped half-way) is set aside and built again.
  const marker = path.join(config.db.dataDir, DEMO_BUILDING_MARKER)
  const forces = await deps.services.accounts.listForcesInUse()
  if (fs.existsSync(marker) && forces.length === 1 && forces[0]!.code === DEMO_FORCE.code) {
    await deps.services.accounts.setAsideForce(forces[0]!.forceId, 'the demo build was interrupted')
  } else if (forces.length > 0) {
    return undefined
  }
  log.info('empty database: creating the demo force')
  fs.mkdirSync(config.db.dataDir, { recursive: true })
  fs.writeFileSync(marker, new Date().toISOString())
  const progress: DemoBuild = {
    status: 'The demo force’s records are still being made; pages fill in as they are.',
    build,
  }
  const started = await startDemo(deps, {
    onStep: (name, step, steps) => {
      progress.status = `The demo force’s records are still being made (step ${step} of ${steps}: ${name}); pages fill in as they are.`
    },
  })
  async function build() {
    const startedAt = Date.now()
    try {
      await deps.db.sharedWithRequests(() => started.buildData())
      fs.rmSync(marker, { force: true })
      log.info({ seconds: Math.round((Date.now() - startedAt) / 1000) }, 'demo data ready')
    } catch (error) {
      log.error({ err: error }, 'the demo data could not be made')
    } finally {
      progress.status = undefined
    }
  }
  return progress
}

/**
 * The embedded database migrates itself (at start, and before any command). A PostgreSQL server is migrated by
 * an operator (`tally migrate`); using an unmigrated server is refused rather than half-working.
 */
export async function ensureSchema({ db }: Deps): Promise<string[]> {
  if (db.kind === 'pglite') {
    return migrateToLatest(db.kysely)
  }
  const pending = await pendingMigrations(db.kysely)
  if (pending.length > 0) {
    throw new Error(
      `The database needs migrating first: run "tally migrate" (${pending.length} pending: ${pending.join(', ')})`,
    )
  }
  return []
}

/** In demo mode (never in production) a newcomer needs to know how to get in. */
function printDemoSignIn(config: Config): void {
  const users = demoUsers()
    .map((user) => `    ${user.username.padEnd(16)} ${user.displayName}`)
    .join('\n')
  process.stdout.write(
    `\nTally is running with demo data. Sign in at http://localhost:${config.http.port}/sign-in\n` +
      `with the password "${DEMO_PASSWORD}" and any of these usernames:\n${users}\n\n`,
  )
}

if (import.meta.url === `file://${process.argv[1]}`) {
  serve().catch((error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`)
    process.exit(1)
  })
}
