import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { expectAccessible, signIn, startBrowser, type BrowserContext } from './support/browser.ts'

const HOUR = 3_600_000

/**
 * Issue 16: the control room can see what is late. An operator's incident list shows the recording decisions due
 * in deadline order, late ones first, each with its 24-hour clock and a "Late" tag once the deadline has passed.
 */
describe('the control room’s recording decisions due', () => {
  let browser: BrowserContext
  const numbers: Record<'late' | 'soon', string> = { late: '', soon: '' }

  beforeAll(async () => {
    browser = await startBrowser()
    const { ctx } = browser
    const operator = (await ctx.force.user('control_room_operator')).actor
    const now = ctx.clock.now().getTime()
    const report = async (hoursAgo: number, reference: string) =>
      (
        await ctx.deps.services.incidents.intake(operator, {
          sourceSystem: 'STORM',
          sourceReference: reference,
          channel: '999',
          receivedAt: new Date(now - hoursAgo * HOUR),
          openingCategory: 'crime-theft',
        })
      ).incident.incidentNumber
    // The late one is logged first, so a list newest first would show it last.
    numbers.late = await report(27, 'late-one')
    numbers.soon = await report(19, 'soon-one')
  })
  afterAll(() => browser.close())

  it('an operator sees the late decision first, with how late it is', async () => {
    const operator = await browser.ctx.force.user('control_room_operator')
    const page = await browser.newPage()
    await signIn(page, operator.username)

    await page.getByRole('link', { name: 'Incidents', exact: true }).first().click()
    await expect.poll(() => page.locator('h1').textContent()).toBe('Incidents')
    const rows = page.getByRole('table', { name: 'Incidents' }).getByRole('row')
    expect(await rows.nth(0).textContent()).toContain('Decision due')
    const first = await rows.nth(1).textContent()
    expect(first).toContain(numbers.late)
    expect(first).toMatch(/Late\s*3 hours late/)
    const second = await rows.nth(2).textContent()
    expect(second).toContain(numbers.soon)
    expect(second).toContain('Due in 5 hours')
    expect(second).not.toContain('Late')
    await expectAccessible(page)
  })
})
