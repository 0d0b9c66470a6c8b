import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestContext, type TestContext } from '../../../test/support/test-context.ts'
import { checkAllForces } from './risks.timer.ts'

describe('the daily risk check', () => {
  let ctx: TestContext
  beforeAll(async () => {
    ctx = await createTestContext()
  })
  afterAll(() => ctx.close())

  function recorder() {
    const infos: Array<Record<string, unknown>> = []
    const errors: Array<Record<string, unknown>> = []
    return {
      infos,
      errors,
      log: {
        info: (details: object) => infos.push(details as Record<string, unknown>),
        error: (details: object) => errors.push(details as Record<string, unknown>),
      },
    }
  }

  it('checks every force, and one force failing does not stop the others', async () => {
    const { infos, errors, log } = recorder()
    await checkAllForces({
      risks: ctx.deps.services.risks,
      forces: () => Promise.resolve([{ forceId: 999_999 }, { forceId: ctx.force.forceId }]),
      log,
    })
    expect(infos.map((i) => i.forceId)).toContain(ctx.force.forceId)
    expect(errors.length + infos.length).toBe(2)
  })
})
