import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestContext, type TestContext } from '../support/test-context.ts'

describe('smoke', () => {
  let ctx: TestContext
  beforeAll(async () => {
    ctx = await createTestContext()
  })
  afterAll(() => ctx.close())

  it('serves the home page to a signed-in user', async () => {
    const agent = await ctx.as('imu_supervisor')
    const response = await agent.get('/')
    expect(response.statusCode).toBe(200)
    expect(response.body).toContain('Hello, Test imu_supervisor')
  })
})
