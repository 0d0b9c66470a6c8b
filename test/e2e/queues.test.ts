import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { CrimeRow } from '../../src/modules/crimes/index.ts'
import { TEST_NOW } from '../support/test-context.ts'
import { expectAccessible, signIn, startBrowser, type BrowserContext } from './support/browser.ts'

const HOUR = 3_600_000
const DAY = 24 * HOUR

/**
 * Issue 4's "done": an IMU supervisor signs in and sees every queue with its count, ages and the trend chart, and
 * the awaiting-filing alert; an IMU decision maker works a crime from the awaiting-filing queue through the IMU
 * quality check (after first missing a check) to filed.
 */
describe('the IMU work queues and the supervisor’s dashboard', () => {
  let browser: BrowserContext
  const references: string[] = []

  beforeAll(async () => {
    browser = await startBrowser()
    const { ctx } = browser
    const dm = (await ctx.force.user('imu_decision_maker')).actor
    const officer = await ctx.force.user('officer')

    const awaitingFiling = async (): Promise<CrimeRow> => {
      const now = ctx.clock.now()
      return ctx.crimes.at('awaiting_filing', {
        decisionMaker: dm,
        officer,
        recording: { reportedAt: new Date(now.getTime() - 3 * HOUR), offenceFrom: new Date(now.getTime() - 4 * HOUR) },
        steps: { submit_for_filing: { closingSummary: 'House-to-house and CCTV done; no suspect identified.' } },
      })
    }
    // Three weeks of a growing filing queue, so the trend has a shape; the snapshots rebuild it.
    for (let day = 21; day >= 1; day -= 2) {
      ctx.clock.set(new Date(Date.parse(TEST_NOW) - day * DAY))
      references.push((await awaitingFiling()).crimeReference)
    }
    ctx.clock.set(TEST_NOW)
    references.push((await awaitingFiling()).crimeReference)
    const system = ctx.force.system
    await ctx.deps.services.queueDashboard.setThreshold(system, { threshold: '10', expectedVersion: 0 })
    await ctx.deps.services.queueDashboard.snapshot(system, { maxDays: 28 })
  })
  afterAll(() => browser.close())

  it('a supervisor sees every queue with counts, ages and the trend, and the backlog alert', async () => {
    const supervisor = await browser.ctx.force.user('imu_supervisor')
    const page = await browser.newPage()
    await signIn(page, supervisor.username)

    await page.getByRole('link', { name: 'IMU dashboard' }).first().click()
    await expect.poll(() => page.locator('h1').textContent()).toBe('IMU dashboard')
    expect(await page.getByRole('region', { name: 'Important' }).textContent()).toMatch(
      /12 crimes are awaiting filing: 2 above the alert threshold of 10/,
    )
    const queues = page.getByRole('table', { name: 'Every queue now' })
    expect(await queues.getByRole('row', { name: /Awaiting filing/ }).textContent()).toMatch(/12/)
    for (const label of [
      'Recording decision due',
      'Classification check',
      'Awaiting allocation',
      'Under investigation',
      'IMU quality check',
      'Returned to officer',
      'Re-opened',
    ]) {
      expect(await queues.getByRole('row', { name: new RegExp(label) }).count()).toBe(1)
    }
    // The trend chart is an image with a summary, and its numbers are behind "Show data".
    const trend = page.getByRole('img', { name: /Crimes awaiting filing rose from/ })
    expect(await trend.count()).toBe(1)
    await page.getByText('Show data for Awaiting filing against the alert threshold').click()
    expect(await page.getByRole('table', { name: 'Awaiting filing against the alert threshold' }).isVisible()).toBe(
      true,
    )
    await expectAccessible(page)

    await page.getByRole('link', { name: 'Work queues' }).first().click()
    await expect.poll(() => page.locator('h1').textContent()).toBe('IMU work queues')
    expect(await page.getByRole('row', { name: /Awaiting filing/ }).textContent()).toMatch(/12/)
    await expectAccessible(page)
  })

  it('a decision maker works a crime from awaiting filing through the quality check to filed', async () => {
    const decisionMaker = await browser.ctx.force.user('imu_decision_maker')
    const page = await browser.newPage()
    await signIn(page, decisionMaker.username)
    const oldest = references[0]!

    await page.getByRole('link', { name: 'Work queues' }).first().click()
    await page.getByRole('link', { name: 'Awaiting filing' }).click()
    await expect.poll(() => page.locator('h1').textContent()).toBe('Awaiting filing')
    // Sorted by deadline: the oldest first, and past its deadline.
    const firstRow = page
      .getByRole('table', { name: /Awaiting filing: \d+ shown/ })
      .getByRole('row')
      .nth(1)
    expect(await firstRow.textContent()).toContain(oldest)
    expect(await firstRow.textContent()).toMatch(/Overdue \d+ days?/)
    await expectAccessible(page)

    await page.getByLabel(`Select ${oldest}`).check()
    await page.getByRole('button', { name: 'Start quality check for the selected crimes' }).click()
    await expect
      .poll(() => page.locator('.govuk-notification-banner--success').textContent())
      .toContain(`${oldest} moved to the IMU quality check`)

    await page.goto('/queues/imu-quality-check')
    await page.getByRole('link', { name: oldest }).click()
    await expect.poll(() => page.locator('h1').textContent()).toBe(`Crime ${oldest}`)
    expect(await page.getByText('No suspect identified').count()).toBeGreaterThan(0)

    // Three checks of four: not filed, and told which is missing.
    await page.getByLabel('The classification is correct').check()
    await page.getByLabel('The outcome is valid for this crime').check()
    await page.getByLabel('The victim has been told of the outcome').check()
    await page.getByRole('button', { name: 'File', exact: true }).click()
    const problem = page.locator('.govuk-error-summary')
    expect(await problem.textContent()).toMatch(/Confirm every check before filing: victims' code contacts are done/)
    await expectAccessible(page)

    await page.getByLabel('The classification is correct').check()
    await page.getByLabel('The outcome is valid for this crime').check()
    await page.getByLabel('The victim has been told of the outcome').check()
    await page.getByLabel("Victims' Code contacts are done").check()
    await page.getByRole('button', { name: 'File', exact: true }).click()
    await expect
      .poll(() => page.locator('.govuk-notification-banner--success').textContent())
      .toContain(`${oldest} filed`)

    await page.goto('/queues/recently-filed')
    expect(await page.getByRole('link', { name: oldest }).count()).toBe(1)
    await expectAccessible(page)
  })
})
