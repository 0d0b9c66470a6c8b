import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { createTestContext, type TestContext } from '../../test/support/test-context.ts'
import { DEMO_FORCE, seedDemo } from './index.ts'

describe('seedDemo', () => {
  let ctx: TestContext
  beforeAll(async () => {
    ctx = await createTestContext()
  })
  afterAll(() => ctx.close())

  it('sets a half-made demo force aside when a step fails, so running it again starts afresh', async () => {
    const createUnit = vi.spyOn(ctx.deps.services.directory, 'createUnit').mockRejectedValueOnce(new Error('disk full'))
    await expect(seedDemo(ctx.deps, {})).rejects.toThrow(
      /Creating the demo failed at step "units"; run it again. \(disk full\)/,
    )
    createUnit.mockRestore()

    expect(await ctx.deps.services.accounts.findForce(DEMO_FORCE.code)).toBeUndefined()
    const setAside = (await ctx.deps.services.accounts.listForces()).find((force) =>
      force.code.startsWith('SETASIDE-'),
    )!
    const accounts = await ctx.deps.db.kysely
      .selectFrom('userAccount')
      .select('active')
      .where('forceId', '=', setAside.forceId)
      .execute()
    expect(accounts.length).toBe(10)
    expect(accounts.every((account) => !account.active)).toBe(true)
  })

  it('is refused in production', async () => {
    const production = { ...ctx.deps, config: { ...ctx.deps.config, environment: 'production' as const } }
    await expect(seedDemo(production, {})).rejects.toThrow(/never created in production/)
  })
})
