import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { expectAccessible, signIn, startBrowser, type BrowserContext } from './support/browser.ts'

/**
 * Issue 13's "done": a crime-related incident closed without a crime appears in the IMU non-crime audit queue;
 * the detector flags an uncrimed incident with its reasons and a reviewer records "crime recorded now", linked to
 * the crime; an auditor draws a sample, records a verdict and sees the rate with its interval and the annual
 * estimate.
 */
describe('crime-data integrity', () => {
  let browser: BrowserContext
  let nonCrimeNumber: string
  let assaultId: string
  let assaultNumber: string

  beforeAll(async () => {
    browser = await startBrowser()
    const { ctx } = browser
    const operator = (await ctx.force.user('control_room_operator')).actor
    const log = async (openingCategory: string, narrative: string) => {
      const { incidentId } = await ctx.deps.services.incidents.log(operator, {
        channel: '999',
        receivedAt: '2026-11-26T07:00:00Z',
        openingCategory,
        narrative,
      })
      return ctx.deps.services.incidents.get(operator, incidentId)
    }
    // Opened as suspicious circumstances, closed as violence on a decision not to record a crime.
    const suspicious = await log('suspicious-circumstances', 'Man seen climbing into a back garden')
    const decided = await ctx.deps.services.crimes.recordNonCrimeDecision(operator, suspicious.incidentId, {
      expectedVersion: suspicious.version,
      reason: 'credible_evidence_to_contrary',
      rationale: 'The man lives there and had lost his key; the householder confirmed it.',
      victimInformed: true,
    })
    await ctx.deps.services.incidents.close(operator, suspicious.incidentId, {
      expectedVersion: decided.version,
      closingCategory: 'crime-violence',
      closingRationale: 'Householder’s son, no offence',
    })
    nonCrimeNumber = suspicious.incidentNumber
    // Closed as concern for safety, though the caller describes an assault.
    const assault = await log('concern-for-safety', 'Caller says her neighbour punched her in the face and kicked her')
    await ctx.deps.services.incidents.close(operator, assault.incidentId, {
      expectedVersion: assault.version,
      closingCategory: 'concern-for-safety',
      closingRationale: 'Words of advice',
    })
    assaultId = assault.incidentId
    assaultNumber = assault.incidentNumber
  })
  afterAll(() => browser.close())

  it('a decision maker finds the non-crime closure in the audit queue, and the detector’s finding with its reasons; records "crime recorded now", linked', async () => {
    const { ctx } = browser
    const dm = await ctx.force.user('imu_decision_maker')
    const page = await browser.newPage()
    await signIn(page, dm.username)
    await page.getByRole('link', { name: 'Integrity' }).first().click()
    await page.getByRole('link', { name: 'Non-crime audit queue' }).click()
    expect(await page.locator('[data-qa="non-crime-awaiting"]').textContent()).toContain(nonCrimeNumber)
    await expectAccessible(page)

    await page.goto('/integrity/findings')
    const row = page.locator('[data-qa="findings-open"] tr', { hasText: assaultNumber })
    expect(await row.textContent()).toMatch(/punched.*someone was punched/)
    expect(await row.textContent()).toContain('Violence against the person')
    await expectAccessible(page)

    // The reviewer reopens the incident and records the crime (the crimes module's own journey), then returns.
    const reopened = await ctx.deps.services.incidents.reopen(dm.actor, assaultId, {
      expectedVersion: (await ctx.deps.services.incidents.get(dm.actor, assaultId)).version,
      reason: 'Possible unrecorded crime: assault disclosed',
    })
    const { crime } = await ctx.deps.services.crimes.record(dm.actor, {
      incidentId: reopened.incidentId,
      victim: { givenName: 'Dana', familyName: 'Whitfield' },
      offenceCode: '105A',
      offenceFrom: '2026-11-26T06:45:00Z',
    })
    await row.getByRole('link', { name: assaultNumber }).click()
    expect(await page.locator('[data-qa="finding-reasons"]').textContent()).toMatch(/kicked/)
    await page.getByRole('button', { name: 'Record verdict' }).click()
    expect(await page.getByRole('alert').textContent()).toContain('Choose the verdict')
    await expectAccessible(page)
    await page.getByLabel('Crime recorded now', { exact: true }).check()
    await page.getByLabel('Crime reference (for crime recorded now)').fill(crime.crimeReference)
    await page.getByRole('button', { name: 'Record verdict' }).click()
    await expect.poll(() => page.locator('h1').textContent()).toBe('Possible unrecorded crimes')
    const link = page.getByRole('link', { name: crime.crimeReference })
    expect(await link.getAttribute('href')).toBe(`/crimes/${crime.crimeId}`)
  })

  it('an auditor draws a sample, records a verdict and sees the rate with its interval and the annual estimate', async () => {
    const auditor = await browser.ctx.force.user('auditor')
    const page = await browser.newPage()
    await signIn(page, auditor.username)
    await page.goto('/integrity/audits')
    await page.getByRole('button', { name: 'Draw a sample' }).click()
    await page.getByLabel('Title').fill('Reports on 26 November')
    await page.getByLabel('First day of the period').fill('2026-11-26')
    await page.getByLabel('Last day of the period').fill('2026-11-26')
    await page.getByLabel('Margin of error to aim for (percentage points)').fill('10')
    await page.getByRole('button', { name: 'Draw the sample' }).click()
    await expect.poll(() => page.locator('h1').textContent()).toBe('Reports on 26 November')
    await expectAccessible(page)
    const items = page.locator('[data-qa="audit-items"] tbody tr')
    const count = await items.count()
    expect(count).toBeGreaterThan(0)
    for (let i = 0; i < count; i++) {
      await page.locator('[data-qa="audit-items"] tbody tr').nth(i).getByRole('link').click()
      await page
        .getByRole('group', { name: 'Should it have been recorded as a crime?' })
        .getByLabel('Yes', { exact: true })
        .check()
      await page
        .getByRole('group', { name: 'Was it recorded as a crime?' })
        .getByLabel(i === 0 ? 'No' : 'Yes', { exact: true })
        .check()
      await page.getByRole('button', { name: 'Record verdict' }).click()
      await expect.poll(() => page.locator('h1').textContent()).toBe('Reports on 26 November')
    }
    const rate = await page.locator('[data-qa="recording-rate"]').textContent()
    expect(rate).toMatch(/Recording rate \d+\.\d% ± \d+\.\d\d pp/)
    expect(rate).toMatch(/95% interval \d+\.\d% to \d+\.\d%/)
    expect(await page.locator('[data-qa="annual-estimate"]').textContent()).toMatch(
      /Estimated crimes not recorded in a year: \d+ \(\d+ to \d+\), scaled to the \d+ crimes/,
    )
    await expectAccessible(page)
  })
})
