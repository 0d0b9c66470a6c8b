import { spawn } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { databaseForChildProcess, testDatabaseKind } from '../../test/support/test-database.ts'

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')

interface Run {
  code: number | null
  stdout: string
  stderr: string
}

function tally(args: string[], env: Record<string, string>, input?: string): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(ROOT, 'bin/tally.js'), ...args], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', NODE_ENV: 'test', LOG_LEVEL: 'silent', ...env },
    })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()))
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
    child.on('error', reject)
    child.on('close', (code) => resolve({ code, stdout, stderr }))
    child.stdin.end(input ?? '')
  })
}

/** The `tally` command run as an operator would run it: a separate process, real arguments, real exit codes. */
describe('tally command line', () => {
  let folder: string
  let database: Awaited<ReturnType<typeof databaseForChildProcess>>

  beforeAll(async () => {
    folder = fs.mkdtempSync(path.join(os.tmpdir(), 'tally-cli-'))
    database = await databaseForChildProcess(path.join(folder, 'data'))
  })
  afterAll(async () => {
    await database.drop()
    fs.rmSync(folder, { recursive: true, force: true })
  })

  it('explains every command with --help', async () => {
    const help = await tally(['--help'], {})
    expect(help.code).toBe(0)
    for (const command of [
      'serve',
      'migrate',
      'create-force',
      'create-user',
      'create-token',
      'seed-demo',
      'audit-trail',
    ]) {
      expect(help.stdout).toContain(command)
    }
    const createUser = await tally(['create-user', '--help'], {})
    expect(createUser.code).toBe(0)
    expect(createUser.stdout).toContain('--role <role...>')
  })

  it('refuses unknown commands, missing options and unknown roles with exit code 2', async () => {
    expect((await tally(['frobnicate'], {})).code).toBe(2)
    const missing = await tally(['create-user', '--force', 'X'], {})
    expect(missing.code).toBe(2)
    expect(missing.stderr).toContain("required option '--username <username>' not specified")
    const role = await tally(['create-token', '--force', 'X', '--name', 'S', '--role', 'chief'], {})
    expect(role.code).toBe(2)
    expect(role.stderr).toContain('Allowed choices are control_room_operator')
  })

  it('refuses to start with a bad configuration, listing every problem', async () => {
    const run = await tally(['migrate'], { PORT: 'x', NODE_ENV: 'nonsense' })
    expect(run.code).toBe(2)
    expect(run.stderr).toContain('PORT must be a whole number')
    expect(run.stderr).toContain('NODE_ENV must be one of')
  })

  it('migrates an empty embedded database before any command; refuses to use an unmigrated server', async () => {
    const empty = await databaseForChildProcess(path.join(folder, 'empty'), { migrated: false })
    try {
      const run = await tally(['create-force', '--code', 'EMB', '--name', 'Embedded Police'], empty.env)
      if (testDatabaseKind() === 'pglite') {
        expect(run.code).toBe(0)
        expect(run.stdout).toMatch(/^Migrated the embedded database \(\d+ migrations\)\.\nCreated force EMB/)
      } else {
        expect(run.code).toBe(1)
        expect(run.stderr).toContain('The database needs migrating first: run "tally migrate"')
      }
    } finally {
      await empty.drop()
    }
  })

  it('migrates, creates a force, a user (password from standard input) and a token, then verifies the audit trail', async () => {
    const env = { ...database.env, AUDIT_ANCHOR_DIR: path.join(folder, 'anchors') }
    expect((await tally(['migrate'], env)).code).toBe(0)
    const force = await tally(['create-force', '--code', 'NTH', '--name', 'Northamptonshire Police'], env)
    expect(force.stdout).toContain('Created force NTH')

    const duplicate = await tally(['create-force', '--code', 'nth', '--name', 'Again'], env)
    expect(duplicate.code).toBe(2)
    expect(duplicate.stderr).toContain('already exists')

    const weak = await tally(
      [
        'create-user',
        '--force',
        'NTH',
        '--username',
        'fh',
        '--name',
        'Frances Hale',
        '--role',
        'force_crime_registrar',
      ],
      env,
      'short\n',
    )
    expect(weak.code).toBe(2)
    expect(weak.stderr).toContain('password: Password must be at least 12 characters')

    const user = await tally(
      [
        'create-user',
        '--force',
        'NTH',
        '--username',
        'fh',
        '--name',
        'Frances Hale',
        '--role',
        'force_crime_registrar',
      ],
      env,
      'a good long password\n',
    )
    expect(user.code).toBe(0)
    expect(user.stdout).toContain('Created fh in NTH')

    const token = await tally(
      ['create-token', '--force', 'NTH', '--name', 'STORM', '--role', 'control_room_operator'],
      env,
    )
    expect(token.code).toBe(0)
    expect(token.stdout.trim()).toMatch(/^tally_\d+_[0-9a-f]{32}_[A-Za-z0-9_-]{43}$/)

    const verify = await tally(['audit-trail', 'verify', '--force', 'NTH'], env)
    expect(verify.code).toBe(0)
    expect(verify.stdout).toMatch(/NTH: intact, 3 events; head 3:[0-9a-f]{64}/)
    const head = /head (\d+:[0-9a-f]{64})/.exec(verify.stdout)![1]!
    const anchor = await tally(['audit-trail', 'anchor'], env)
    expect(anchor.code).toBe(0)
    expect(anchor.stdout).toContain(`NTH: ${head}`)
    const withAnchors = await tally(['audit-trail', 'verify', '--force', 'NTH', '--anchor', head], env)
    expect(withAnchors.code).toBe(0)
    expect(withAnchors.stdout).toMatch(/Anchor .*anchor-\d{8}T\d{9}Z\.json .*1 force head still in its chain/)
    const forged = `${head.slice(0, -1)}${head.endsWith('0') ? '1' : '0'}`
    expect((await tally(['audit-trail', 'verify', '--force', 'NTH', '--anchor', forged], env)).code).toBe(1)
  }, 420_000) // ten separate processes, each starting Node and opening the database

  it('will not create the demo force in production', async () => {
    const run = await tally(['seed-demo'], {
      ...database.env,
      NODE_ENV: 'production',
      SESSION_SECRET: 'x'.repeat(40),
      AUDIT_CHAIN_KEY: 'k'.repeat(40),
      DEMO_DATA: 'false',
    })
    expect(run.code).toBe(1)
    expect(run.stderr).toContain('never created in production')
  })
})
