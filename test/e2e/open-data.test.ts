import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DEMO_MAP_POINTS_FILE } from '../../src/modules/open-data/index.ts'
import { expectAccessible, signIn, startBrowser, type BrowserContext } from './support/browser.ts'

const FIXTURES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../fixtures/police-uk')

/**
 * Issue 14: an inspector compares the force with peer forces' imported police.uk files, and the Force Crime
 * Registrar downloads the force's own street-level file for the month (rule 25).
 */
describe('police.uk comparison and the registrar’s export', () => {
  let browser: BrowserContext

  beforeAll(async () => {
    browser = await startBrowser()
    const { ctx } = browser
    const system = ctx.force.system
    for (const name of ['2024-04-city-of-london-street.csv', '2024-04-btp-street.csv']) {
      await ctx.deps.services.openData.importFile(system, {
        fileName: name,
        text: fs.readFileSync(path.join(FIXTURES, name), 'utf8'),
        skipBadRows: false,
      })
    }
    await ctx.deps.services.openData.setPopulation(system, {
      fallsWithin: 'City of London Police',
      population: 8600,
      source: 'test figure',
    })
    await ctx.deps.services.openData.importMapPoints(system, fs.readFileSync(DEMO_MAP_POINTS_FILE, 'utf8'))
    const dm = (await ctx.force.user('imu_decision_maker')).actor
    const now = ctx.clock.now().getTime()
    for (const offenceCode of ['49', '46', '58A']) {
      await ctx.deps.services.crimes.record(dm, {
        directReportChannel: '101',
        reportedAt: new Date(now - 3_600_000),
        offenceCode,
        offenceFrom: new Date(now - 7_200_000),
      })
    }
  })
  afterAll(() => browser.close())

  it('an inspector puts the force beside peer forces, with charts and their data', async () => {
    const inspector = await browser.ctx.force.user('inspector')
    const page = await browser.newPage()
    await signIn(page, inspector.username)
    await page.getByRole('link', { name: 'police.uk comparison' }).first().click()
    await expect.poll(() => page.locator('h1').textContent()).toMatch(/beside other forces on police.uk/)
    await expectAccessible(page)

    await page.getByLabel('Month', { exact: true }).selectOption('2024-04')
    await page.getByLabel('City of London Police').check()
    await page.getByLabel('British Transport Police').check()
    await page.getByRole('button', { name: 'Show the comparison' }).click()
    await expect.poll(() => page.locator('[data-qa="chart"]').count()).toBe(3)
    expect(page.url()).toContain('month=2024-04')
    await page.getByText('Show data').first().click()
    const table = page.locator('#crime-types-data')
    expect(await table.textContent()).toContain('City of London Police')
    expect(await table.textContent()).toContain('Shoplifting')
    expect(await page.getByRole('table', { name: 'police.uk files imported' }).textContent()).toContain(
      '2024-04-city-of-london-street.csv',
    )
    await expectAccessible(page)
  })

  it('the Force Crime Registrar downloads the force’s street-level file for the month', async () => {
    const registrar = await browser.ctx.force.user('force_crime_registrar')
    const page = await browser.newPage()
    await signIn(page, registrar.username)
    await page.goto('/open-data')
    await page.getByRole('link', { name: 'Download the force’s police.uk files' }).click()
    await expect.poll(() => page.locator('h1').textContent()).toBe('Publish the force’s month on police.uk')
    await expectAccessible(page)

    await page.getByLabel('Month').fill('November')
    await page.getByRole('button', { name: 'Download the file' }).click()
    await expect.poll(() => page.locator('.govuk-error-summary').count()).toBe(1)
    expect(await page.locator('.govuk-error-summary').textContent()).toContain('Enter the month as YYYY-MM')
    await expectAccessible(page)

    await page.getByLabel('Month').fill('2026-11')
    await page.getByLabel('Street-level crime file').check()
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Download the file' }).click(),
    ])
    expect(download.suggestedFilename()).toMatch(/^2026-11-[a-z0-9-]+-street\.csv$/)
    const text = fs.readFileSync(await download.path(), 'utf8')
    const lines = text.trim().split('\r\n')
    expect(lines[0]).toBe(
      'Crime ID,Month,Reported by,Falls within,Longitude,Latitude,Location,LSOA code,LSOA name,Crime type,Last outcome category,Context',
    )
    expect(lines.slice(1).map((line) => line.split(',').slice(9, 11).join(','))).toEqual(
      expect.arrayContaining([
        'Other theft,Under investigation',
        'Shoplifting,Under investigation',
        'Criminal damage and arson,Under investigation',
      ]),
    )
  })
})
