import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestContext, type TestContext } from '../test/support/test-context.ts'
import { DEMO_BUILDING_MARKER, DEMO_PASSWORD } from './demo/index.ts'
import { prepareDatabase } from './main.ts'

describe('npm start on an empty database', () => {
  let ctx: TestContext
  let dataDir: string
  beforeAll(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tally-start-'))
    ctx = await createTestContext({ env: { DEMO_DATA: 'true', DATA_DIR: dataDir } })
    // The test database's own force is set aside, as if the database were empty.
    for (const force of await forces()) {
      await ctx.deps.services.accounts.setAsideForce(force.forceId, 'an empty database for this test')
    }
  })
  afterAll(async () => {
    await ctx.close()
    fs.rmSync(dataDir, { recursive: true, force: true })
  })

  const marker = () => path.join(dataDir, DEMO_BUILDING_MARKER)
  const forces = () => ctx.deps.services.accounts.listForces()

  it('makes the demo force and its users at once, and its records afterwards; a build cut off is made again', async () => {
    const first = await prepareDatabase(ctx.deps)
    expect(first?.status).toMatch(/still being made/)
    expect(fs.existsSync(marker())).toBe(true)
    const demo = await ctx.deps.services.accounts.findForce('DEMO')
    expect(demo).toBeDefined()
    // Users can sign in before any record is made.
    const signIn = await ctx.deps.services.accounts.signIn(demo!.forceId, 'officer', DEMO_PASSWORD)
    expect(signIn.outcome).toBe('signed-in')

    // The process stops before `build` ran: the next start sets the half-made force aside and starts again.
    const second = await prepareDatabase(ctx.deps)
    expect(second).toBeDefined()
    expect((await forces()).map((force) => force.code)).toEqual(
      expect.arrayContaining(['DEMO', `SETASIDE-${demo!.forceId}`]),
    )
    await second!.build()
    expect(second!.status).toBeUndefined()
    expect(fs.existsSync(marker())).toBe(false)
    const rebuilt = await ctx.deps.services.accounts.findForce('DEMO')
    const crimes = await ctx.deps.db.withForce(rebuilt!.forceId, (tx) =>
      tx
        .selectFrom('crime')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow(),
    )
    expect(Number(crimes.n)).toBeGreaterThan(1000)

    // A complete demo is left alone.
    expect(await prepareDatabase(ctx.deps)).toBeUndefined()
  }, 600_000)
})
