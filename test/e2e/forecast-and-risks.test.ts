import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildApp, type TallyApp } from '../../src/app.ts'
import { addDays } from '../../src/platform/dates.ts'
import {
  CapacityRepository,
  CapacityService,
  IMU_2014,
  rosterAsKnownOn,
  simulateReplay,
  type CapacitySources,
} from '../../src/modules/capacity/index.ts'
import { capacityIndicators, IndicatorRegistry, RisksRepository, RisksService } from '../../src/modules/risks/index.ts'
import { axeViolations, signIn, startBrowser, type BrowserContext } from './support/browser.ts'

/**
 * Issue 5's "done" for the forecast and the register: an IMU supervisor sees the forecast with its breach date
 * (chart, data and the staff that would prevent it), runs a what-if after first getting a field wrong, and finds
 * on the risk register a risk Tally raised by itself, with why.
 *
 * The unit's history is the 2014 replay (capacity.imu-2014.ts), moved forward so that its twelfth week ends
 * today: the experienced staff have been away five weeks and the backlog is climbing. (The demo force's crimes
 * would serve as well, but the crimes module has no bulk history seeding yet.)
 */
const TODAY = '2026-11-26'
const REPLAY_TODAY = '2014-05-22' // the same weekday, in the replay's twelfth week
const SHIFT = Math.round((Date.parse(TODAY) - Date.parse(REPLAY_TODAY)) / 86_400_000)

const replaySources: CapacitySources = {
  flows: {
    queueDays: (_actor, range) => {
      const days = simulateReplay(IMU_2014).map((day) => ({ ...day, date: addDays(day.date, SHIFT) }))
      return Promise.resolve(days.filter((day) => day.date >= range.from && day.date <= range.to && day.date < TODAY))
    },
  },
  roster: {
    rosterDays: (_actor, range) =>
      Promise.resolve(
        rosterAsKnownOn(IMU_2014, REPLAY_TODAY, addDays(range.from, -SHIFT), addDays(range.to, -SHIFT)).map((day) => ({
          ...day,
          date: addDays(day.date, SHIFT),
          unitId: 'imu',
          name: IMU_2014.people.find((p) => p.staffId === day.staffId)?.name ?? day.staffId,
        })),
      ),
  },
}

describe('the IMU supervisor’s forecast and risk register', () => {
  let browser: BrowserContext
  let app: TallyApp
  let baseUrl: string
  const cspViolations: string[] = []

  beforeAll(async () => {
    browser = await startBrowser()
    const { deps } = browser.ctx
    const capacity = new CapacityService(
      deps.db,
      new CapacityRepository(),
      deps.services.auditTrail,
      deps.clock,
      replaySources,
    )
    const risks = new RisksService(
      deps.db,
      new RisksRepository(),
      deps.services.auditTrail,
      deps.services.accounts,
      deps.clock,
      new IndicatorRegistry(capacityIndicators(capacity)),
    )
    app = await buildApp({ ...deps, services: { ...deps.services, capacity, risks } })
    await app.listen({ host: '127.0.0.1', port: 0 })
    const address = app.server.address()
    baseUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`
  })
  afterAll(async () => {
    await app.close()
    await browser.close()
  })

  async function newPage(chromium: Browser): Promise<Page> {
    const context = await chromium.newContext({ baseURL: baseUrl })
    const page = await context.newPage()
    page.on('console', (message) => {
      if (message.type() === 'error' && /Content.Security.Policy|Refused to/i.test(message.text())) {
        cspViolations.push(`${page.url()}: ${message.text()}`)
      }
    })
    return page
  }

  async function expectAccessible(page: Page): Promise<void> {
    expect(cspViolations, 'Content-Security-Policy violations').toEqual([])
    const violations = await axeViolations(page)
    expect(
      violations.map((v) => `${v.id}: ${v.help} at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`),
      `accessibility violations on ${page.url()}`,
    ).toEqual([])
  }

  it('shows the forecast with its breach date, runs a what-if, and finds the risk Tally raised', async () => {
    const supervisor = await browser.ctx.force.user('imu_supervisor')
    const page = await newPage(browser.browser)
    await signIn(page, supervisor.username)

    await page.getByRole('link', { name: 'Forecast' }).first().click()
    await expect.poll(() => page.locator('h1').textContent()).toBe('Capacity forecast')
    const warning = page.locator('[data-qa="breach-awaiting_filing"]')
    expect(await warning.textContent()).toMatch(
      /Awaiting filing: (\d+%|over 99%) chance of passing its threshold of [\d,]+ within 8 weeks[^.]*\. Extra staff-days that would keep the average under it: [\d.]+ a week\./,
    )
    // The chance of passing the line, not only a date, is in the summary table, and the page says why.
    expect(await page.locator('[data-qa="breach-probability-awaiting_filing"]').textContent()).toMatch(
      /(\d+%|over 99%)/,
    )
    expect(await page.locator('[data-qa="reasons-awaiting_filing"]').textContent()).toContain('Staff-hours with the')
    const chart = page.locator('#forecast-awaiting_filing')
    expect(await chart.locator('svg[role="img"]').getAttribute('aria-label')).toMatch(/^Awaiting filing: \d[\d,]* now/)
    await chart.getByText('Show data').click()
    expect(await chart.locator('table tbody tr').count()).toBe(12)
    await expectAccessible(page)

    // A what-if with a mistake first: productivity can't be 130%.
    await page.getByLabel('How many join (optional)').fill('2')
    await page.getByLabel('Productivity while learning, as a percentage of a trained person').fill('130')
    await page.getByRole('button', { name: 'Run the forecast' }).click()
    await expect
      .poll(() => page.locator('.govuk-error-summary').textContent())
      .toContain('Productivity while learning must be a whole number from 0 to 100')
    await expectAccessible(page)
    await page.getByLabel('Productivity while learning, as a percentage of a trained person').fill('30')
    await page.getByRole('button', { name: 'Run the forecast' }).click()
    await expect.poll(() => page.locator('[data-qa="scenario"]').textContent()).toContain('2 new staff from 2026-11-26')

    // The register: opening it only reads. The supervisor checks the indicators, and the forecast gives a better
    // than even chance of passing the line within eight weeks.
    await page.getByRole('link', { name: 'Risks' }).first().click()
    await expect.poll(() => page.locator('h1').textContent()).toBe('Crime data integrity risk register')
    expect(await page.locator('[data-qa="last-check"]').textContent()).toContain('have not been checked yet')
    expect(await page.locator('[data-qa="no-risks"]').count()).toBe(1)
    await expectAccessible(page)
    await page.getByRole('button', { name: 'Check indicators now' }).click()
    await expect
      .poll(() => page.locator('[data-qa="last-check"]').textContent())
      .toContain('Live indicators last checked on')
    const raised = page.getByRole('link', { name: 'Awaiting-filing backlog likely to pass its threshold' }).first()
    expect(await page.locator('[data-qa="risks"]').textContent()).toContain('Raised by Tally')
    expect(await page.locator('[data-qa="risk-notifications"]').textContent()).toContain(
      'Tally raised a new risk: Awaiting-filing backlog likely to pass its threshold',
    )
    await expectAccessible(page)
    await raised.click()
    expect(await page.locator('[data-qa="risk-history"]').textContent()).toMatch(
      /Raised automatically by Tally[\s\S]*Why: Chance the awaiting-filing backlog passes its threshold within 8 weeks read [\d.]+%, above 50%/,
    )
    await expectAccessible(page)

    // A watched indicator's trigger typed wrong: the page keeps what was typed and the error leads to the box.
    await page.getByRole('link', { name: 'Risk register' }).click()
    await page.getByRole('link', { name: 'See the watched indicators' }).click()
    // The force sets the level of the forecast's warning on its watch; 150% is not a level.
    const forecastWatch = () =>
      page.locator('[data-qa="watch"]').filter({ hasText: 'Chance the awaiting-filing backlog passes its threshold' })
    await forecastWatch().getByLabel('Threshold', { exact: true }).fill('150')
    await forecastWatch()
      .getByRole('button', { name: /^Save / })
      .click()
    const summary = page.locator('.govuk-error-summary')
    await expect.poll(() => summary.textContent()).toContain('A percentage threshold must be from 0 to 100')
    expect(await forecastWatch().getByLabel('Threshold', { exact: true }).inputValue()).toBe('150')
    await summary.getByRole('link', { name: 'A percentage threshold must be from 0 to 100' }).click()
    expect(await page.evaluate(() => document.activeElement?.id)).toMatch(/^threshold-[0-9a-f-]{36}$/)
    await expectAccessible(page)
  })
})
