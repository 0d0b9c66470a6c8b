import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { loadConfig, type Config } from '../../config.ts'
import { createDeps } from '../../deps.ts'
import { systemActor } from '../../platform/auth/actor.ts'
import { TallyDatabase } from '../../platform/db/database.ts'
import { migrateToLatest } from '../../platform/db/migrate.ts'
import { backupDatabase, restoreDatabase } from './backup.ts'

/** `tally backup` and `tally restore` on a real embedded data folder in a temporary directory. */
describe('tally backup and tally restore (embedded database)', () => {
  let root: string
  let config: Config
  const configFor = (dataDir: string, env: Record<string, string> = {}) =>
    loadConfig({ NODE_ENV: 'test', DEMO_DATA: 'false', DATA_DIR: dataDir, ...env }, root)

  async function usernames(dataDir: string): Promise<string[]> {
    const deps = await createDeps(configFor(dataDir))
    try {
      const rows = await deps.db.kysely.selectFrom('userAccount').select('username').orderBy('username').execute()
      return rows.map((row) => row.username)
    } finally {
      await deps.close()
    }
  }

  async function addUser(dataDir: string, username: string): Promise<void> {
    const deps = await createDeps(configFor(dataDir))
    try {
      await migrateToLatest(deps.db.kysely)
      const force =
        (await deps.services.accounts.findForce('BKP')) ??
        (await deps.services.accounts.createForce({ code: 'BKP', name: 'Backup Constabulary' }))
      await deps.services.accounts.createUser(systemActor(force.forceId), {
        username,
        displayName: username,
        password: 'a long enough password',
        roles: ['officer'],
      })
    } finally {
      await deps.close()
    }
  }

  beforeAll(async () => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'tally-backup-'))
    config = configFor(path.join(root, 'data'))
    await addUser(config.db.dataDir, 'before-backup')
    vi.spyOn(console, 'log').mockImplementation(() => undefined)
    vi.spyOn(console, 'error').mockImplementation(() => undefined)
  }, 120_000)
  afterAll(() => {
    vi.restoreAllMocks()
    fs.rmSync(root, { recursive: true, force: true })
  })

  it('backs up, refuses to overwrite without --force, and restores what was backed up', async () => {
    const file = path.join(root, 'tally.backup.tar.gz')
    expect(await backupDatabase(config, file)).toBe(0)
    expect(fs.statSync(file).size).toBeGreaterThan(1000)
    expect(await backupDatabase(config, file)).toBe(2)

    await addUser(config.db.dataDir, 'after-backup')
    expect(await restoreDatabase(config, file)).toBe(2)
    expect(await usernames(config.db.dataDir)).toEqual(['after-backup', 'before-backup'])

    expect(await restoreDatabase(config, file, { force: true })).toBe(0)
    expect(await usernames(config.db.dataDir)).toEqual(['before-backup'])
    const aside = fs.readdirSync(root).filter((name) => name.startsWith('data.before-restore-'))
    expect(aside).toHaveLength(1)
    expect(await usernames(path.join(root, aside[0]!))).toEqual(['after-backup', 'before-backup'])

    const fresh = configFor(path.join(root, 'fresh'))
    expect(await restoreDatabase(fresh, file)).toBe(0)
    expect(await usernames(fresh.db.dataDir)).toEqual(['before-backup'])
  }, 180_000)

  it('refuses a backup whose audit trail was altered, and leaves the data folder as it was', async () => {
    const good = path.join(root, 'good.tar.gz')
    expect(await backupDatabase(config, good)).toBe(0)
    const db = await TallyDatabase.fromSnapshot(new Blob([fs.readFileSync(good)]))
    await sql`alter table audit_event disable trigger audit_event_append_only`.execute(db.kysely)
    await sql`update audit_event set action = 'USER_DELETED' where seq = 2`.execute(db.kysely)
    await sql`alter table audit_event enable trigger audit_event_append_only`.execute(db.kysely)
    const tampered = path.join(root, 'tampered.tar.gz')
    fs.writeFileSync(tampered, Buffer.from(await (await db.pglite!.dumpDataDir('gzip')).arrayBuffer()))
    await db.close()

    const target = configFor(path.join(root, 'target'))
    expect(await restoreDatabase(target, tampered)).toBe(1)
    expect(fs.existsSync(target.db.dataDir)).toBe(false)
    expect(fs.readdirSync(root).filter((name) => name.includes('.restoring-'))).toEqual([])
    expect(await restoreDatabase(config, tampered, { force: true })).toBe(1)
    expect(await usernames(config.db.dataDir)).toEqual(['before-backup'])
  }, 180_000)

  it('refuses a folder Tally has open, a PostgreSQL server, and a missing file', async () => {
    const deps = await createDeps(config)
    try {
      expect(await backupDatabase(config, path.join(root, 'while-open.tar.gz'))).toBe(2)
      expect(fs.existsSync(path.join(root, 'while-open.tar.gz'))).toBe(false)
    } finally {
      await deps.close()
    }
    const server = configFor(path.join(root, 'data'), { DATABASE_URL: 'postgresql://tally@127.0.0.1/tally' })
    expect(await backupDatabase(server, path.join(root, 'x.tar.gz'))).toBe(2)
    expect(await restoreDatabase(server, path.join(root, 'x.tar.gz'))).toBe(2)
    expect(await restoreDatabase(configFor(path.join(root, 'none')), path.join(root, 'missing.tar.gz'))).toBe(2)
  }, 60_000)
})
