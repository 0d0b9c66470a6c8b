/**
 * Process entry for serving: load the configuration, build the dependencies, prepare the database (on the
 * embedded database: migrate, and on first start seed the demo force), listen, and close cleanly on a signal.
 */
import { loadConfig, type Config } from './config.ts'
import { createDeps, type Deps } from './deps.ts'
import { buildApp } from './app.ts'
import { migrateToLatest, pendingMigrations } from './platform/db/migrate.ts'
import { seedDemo, DEMO_PASSWORD, demoUsers } from './demo/index.ts'
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
    await prepareDatabase(deps)
    const app = await buildApp(deps)
    const stopDailyTasks = startDailyTasks(
      [
        { name: 'queue snapshots', run: () => deps.services.queueDashboard.snapshotAllForces() },
        {
          name: 'risk indicator check',
          run: () =>
            checkAllForces({ risks: deps.services.risks, forces: () => deps.services.accounts.listForces(), log }),
        },
        {
          name: 'uncrimed-incident scan',
          run: () =>
            scanAllForces({
              integrity: deps.services.integrity,
              forces: () => deps.services.accounts.listForces(),
              now: () => deps.clock.now(),
              log,
            }),
        },
        {
          name: 'retention schedule',
          run: () =>
            scheduleAllForces({
              retention: deps.services.retention,
              forces: () => deps.services.accounts.listForces(),
              log,
            }),
        },
      ],
      { log },
    )
    const stopAnchors = scheduleAuditAnchors(deps)
    // Email notifications wait in the outbox until this sends them (only when SMTP is configured).
    const stopOutbox = config.mail.smtp
      ? startOutboxDelivery({
          notifications: deps.services.notifications,
          forces: () => deps.services.accounts.listForces(),
          everyMs: config.mail.deliverySeconds * 1000,
          log,
        })
      : () => undefined
    // Stop accepting, answer what is in flight (Fastify answers 503 to anything new on an open connection),
    // then close the database, so every answered write is committed and nothing is cut off mid-request.
    const close = async (signal: string) => {
      log.info({ signal }, 'shutting down')
      const deadline = setTimeout(() => {
        log.error({ seconds: SHUTDOWN_GRACE_SECONDS }, 'requests still running after the grace period: exiting')
        process.exit(1)
      }, SHUTDOWN_GRACE_SECONDS * 1000)
      deadline.unref()
      try {
        stopDailyTasks()
        stopAnchors()
        stopOutbox()
        await app.close()
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
  } catch (error) {
    await deps.close()
    throw error
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

async function prepareDatabase(deps: Deps): Promise<void> {
  const { config, log } = deps
  const applied = await ensureSchema(deps)
  if (applied.length > 0) {
    log.info({ applied }, 'migrated the embedded database')
  }
  if (config.demo && (await deps.services.accounts.listForces()).length === 0) {
    log.info('empty database: creating the demo force')
    await seedDemo(deps, {})
  }
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
