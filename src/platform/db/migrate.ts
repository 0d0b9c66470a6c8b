import fs from 'node:fs/promises'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { distributeByForce, hasCitus, type DistributeOptions } from './citus.ts'
import { Migrator, type Kysely, type Migration, type MigrationProvider, type MigrationResultSet } from 'kysely'

const MIGRATIONS_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'migrations')
const MIGRATION_NAME = /^\d{8}T\d{4}-[a-z0-9-]+\.ts$/

/** One global timeline: every file in migrations/, in name order. */
class MigrationFolder implements MigrationProvider {
  async getMigrations(): Promise<Record<string, Migration>> {
    const files = (await fs.readdir(MIGRATIONS_DIR)).filter(
      (file) => file.endsWith('.ts') && !file.endsWith('.test.ts'),
    )
    const migrations: Record<string, Migration> = {}
    for (const file of files.sort()) {
      if (!MIGRATION_NAME.test(file)) {
        throw new Error(`Migration file ${file} must be named YYYYMMDDTHHMM-verb-subject.ts`)
      }
      migrations[file.replace(/\.ts$/, '')] = (await import(path.join(MIGRATIONS_DIR, file))) as Migration
    }
    return migrations
  }
}

export class MigrationFailed extends Error {
  constructor(
    readonly migrationName: string,
    cause: unknown,
  ) {
    super(`Migration ${migrationName} failed: ${cause instanceof Error ? cause.message : String(cause)}`, { cause })
  }
}

/**
 * Applies every pending migration; returns the names applied. Throws MigrationFailed, having applied none of the
 * batch. On Citus, then distributes the tables by force (`distribution` says how, the first time).
 */
export async function migrateToLatest<DB>(db: Kysely<DB>, distribution: DistributeOptions = {}): Promise<string[]> {
  const migrator = new Migrator({ db: db as Kysely<unknown>, provider: new MigrationFolder() })
  const { error, results }: MigrationResultSet = await migrator.migrateToLatest()
  if (error) {
    const failed = results?.find((result) => result.status === 'Error')?.migrationName ?? 'unknown'
    throw new MigrationFailed(failed, error)
  }
  // On Citus, tables a migration created are distributed by force (see citus.ts); elsewhere nothing happens.
  if (await hasCitus(db)) {
    await distributeByForce(db, distribution)
  }
  return (results ?? []).filter((result) => result.status === 'Success').map((result) => result.migrationName)
}

export async function pendingMigrations<DB>(db: Kysely<DB>): Promise<string[]> {
  const migrator = new Migrator({ db: db as Kysely<unknown>, provider: new MigrationFolder() })
  return (await migrator.getMigrations()).filter((migration) => migration.executedAt === undefined).map((m) => m.name)
}
