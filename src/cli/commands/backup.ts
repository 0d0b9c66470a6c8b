import fs from 'node:fs'
import path from 'node:path'
import type { Config } from '../../config.ts'
import { createDeps } from '../../deps.ts'
import { TallyDatabase } from '../../platform/db/database.ts'
import { migrateToLatest } from '../../platform/db/migrate.ts'
import { verifyAuditTrail } from './audit-trail-verify.ts'

type Exit = 0 | 1 | 2

/**
 * PGlite writes postmaster.pid while a process has the folder open and removes it on a clean close. Two
 * processes on one folder corrupt it, so a backup or restore refuses while it is there.
 */
function inUse(dataDir: string): boolean {
  return fs.existsSync(path.join(dataDir, 'postmaster.pid'))
}

function embeddedOnly(config: Config, command: string): string | undefined {
  if (config.db.url) {
    return `tally ${command} is for the embedded database. For PostgreSQL use pg_dump and pg_restore, then tally audit-trail verify (docs/operations.md).`
  }
  if (inUse(config.db.dataDir)) {
    return (
      `The data folder ${config.db.dataDir} is in use (postmaster.pid is there): stop tally serve first. ` +
      'If Tally was killed rather than stopped, start it once and stop it with Ctrl+C or SIGTERM.'
    )
  }
  return undefined
}

/**
 * `tally backup FILE`: the whole embedded database (every force, the audit trail, the migrations table) as one
 * gzipped tar file. The audit trail is verified first, and the heads printed, so the operator can note them.
 */
export async function backupDatabase(config: Config, file: string, options: { force?: boolean } = {}): Promise<Exit> {
  const refusal = embeddedOnly(config, 'backup')
  if (refusal) {
    console.error(refusal)
    return 2
  }
  if (!fs.existsSync(config.db.dataDir) || fs.readdirSync(config.db.dataDir).length === 0) {
    console.error(`There is no database in ${config.db.dataDir} to back up.`)
    return 2
  }
  if (fs.existsSync(file) && !options.force) {
    console.error(`${file} already exists: choose another name, or add --force to replace it.`)
    return 2
  }
  const deps = await createDeps(config)
  try {
    const verified = await verifyAuditTrail(deps, {})
    const snapshot = await deps.db.pglite!.dumpDataDir('gzip')
    // Written beside the target and renamed, so a failed backup never leaves a truncated file under its name.
    const partial = `${file}.partial-${process.pid}`
    fs.writeFileSync(partial, Buffer.from(await snapshot.arrayBuffer()))
    fs.renameSync(partial, file)
    console.log(`Backed up ${config.db.dataDir} to ${file} (${fs.statSync(file).size} bytes).`)
    if (verified !== 0) {
      console.log('The audit trail did not verify when the backup was taken (see above).')
    }
    return verified === 0 ? 0 : 1
  } finally {
    await deps.close()
  }
}

/**
 * `tally restore FILE`: loads a backup into the data folder. It is unpacked into a new folder beside it,
 * migrated, and its audit trail verified; only then does it take the data folder's place, so a damaged or
 * tampered backup leaves the current data as it was. A data folder that is not empty is replaced only with
 * `--force`, and is kept beside the new one rather than deleted.
 */
export async function restoreDatabase(config: Config, file: string, options: { force?: boolean } = {}): Promise<Exit> {
  const refusal = embeddedOnly(config, 'restore')
  if (refusal) {
    console.error(refusal)
    return 2
  }
  if (!fs.existsSync(file)) {
    console.error(`There is no backup file ${file}.`)
    return 2
  }
  const target = config.db.dataDir
  const occupied = fs.existsSync(target) && fs.readdirSync(target).length > 0
  if (occupied && !options.force) {
    console.error(`${target} already holds a database: add --force to replace it (it will be kept beside the new one).`)
    return 2
  }
  const staging = `${target}.restoring-${process.pid}`
  fs.rmSync(staging, { recursive: true, force: true })
  const verified = await loadAndVerify(config, file, staging).catch((error: unknown) => {
    console.error(`${file} could not be restored: ${error instanceof Error ? error.message : String(error)}`)
    return 1 as const
  })
  if (verified !== 0) {
    fs.rmSync(staging, { recursive: true, force: true })
    console.error(`Nothing was restored: ${target} is as it was.`)
    return 1
  }
  if (occupied) {
    const aside = `${target}.before-restore-${new Date().toISOString().replace(/[:.]/g, '-')}`
    fs.renameSync(target, aside)
    console.log(`The previous data folder is kept at ${aside}.`)
  } else {
    fs.rmSync(target, { recursive: true, force: true })
  }
  fs.renameSync(staging, target)
  console.log(`Restored ${file} into ${target}; the audit trail verifies.`)
  return 0
}

async function loadAndVerify(config: Config, file: string, staging: string): Promise<number> {
  const snapshot = new Blob([fs.readFileSync(file)])
  const db = await TallyDatabase.fromSnapshot(snapshot, staging)
  const deps = await createDeps(config, { db })
  try {
    await migrateToLatest(db.kysely)
    return await verifyAuditTrail(deps, {})
  } finally {
    await deps.close()
  }
}
