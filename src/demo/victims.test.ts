import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestContext, type TestContext } from '../../test/support/test-context.ts'
import { seedDirectoryDemo } from './directory.ts'
import { seedVictimsDemo } from './victims.ts'

describe('the demo’s victim care', () => {
  let ctx: TestContext
  beforeAll(async () => {
    ctx = await createTestContext()
  })
  afterAll(() => ctx.close())

  it('gives the victim-care user overdue and open tasks, an enhanced victim and a contact already made', async () => {
    const { services } = ctx.deps
    const force = await ctx.newForce()
    const vco = await force.user('victim_care_officer')
    await seedDirectoryDemo(services.directory, force.system)
    await seedVictimsDemo(
      { crimes: services.crimes, units: (actor) => services.directory.listUnits(actor), victims: services.victims },
      force.system,
      new Map([['victim-care', vco.userId]]),
    )
    const mine = await services.victims.queue(vco.actor, { view: 'open', officerUserId: vco.userId })
    expect(new Set(mine.tasks.map((task) => task.careId)).size).toBe(4)
    expect(mine.tasks.some((task) => task.overdue)).toBe(true)
    expect(mine.tasks.some((task) => task.enhanced)).toBe(true)
    expect(mine.tasks.every((task) => task.unitName === 'Victim and Witness Care Hub')).toBe(true)
    const counts = await services.victims.counts(vco.actor)
    expect(counts.total.overdue).toBeGreaterThan(0)
    expect(await force.rowCount('victim_contact')).toBe(1)
    expect(await force.rowCount('victim_event')).toBe(1)
  })
})
