/**
 * The composition root: builds the database, clock, logger and every service with plain constructors. Nothing
 * else constructs a service; the type of the result is derived, not written by hand.
 */
import { pino } from 'pino'
import type { Config } from './config.ts'
import { IdentityStore } from './platform/auth/identity-store.ts'
import { systemClock, type Clock } from './platform/clock.ts'
import { TallyDatabase } from './platform/db/database.ts'
import { loggerOptions } from './platform/log.ts'
import { AccountsRepository, AccountsService } from './modules/accounts/index.ts'
import { AuditTrailRepository, AuditTrailService } from './modules/audit-trail/index.ts'

export interface DepsOverrides {
  clock?: Clock
  /** An already-open database (tests pass one made from a migrated snapshot). */
  db?: TallyDatabase
}

export async function createDeps(config: Config, overrides: DepsOverrides = {}) {
  const log = pino(loggerOptions(config.logLevel))
  const clock = overrides.clock ?? systemClock
  const db = overrides.db ?? (await TallyDatabase.open(config.db))
  const identities = new IdentityStore(db)

  const auditTrail = new AuditTrailService(db, new AuditTrailRepository(db.kysely), clock)
  const accounts = new AccountsService(db, new AccountsRepository(db.kysely), identities, auditTrail, clock, {
    maxAttempts: config.signIn.maxAttempts,
    lockoutMinutes: config.signIn.lockoutMinutes,
    absoluteHours: config.session.absoluteHours,
  })

  return {
    config,
    log,
    clock,
    db,
    identities,
    services: { auditTrail, accounts },
    async close(): Promise<void> {
      await db.close()
    },
  }
}

export type Deps = Awaited<ReturnType<typeof createDeps>>
export type Services = Deps['services']
