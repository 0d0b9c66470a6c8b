import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { expectAccessible, signIn, startBrowser, type BrowserContext } from './support/browser.ts'

/**
 * Issue 10, rule 21 in the browser: the Force Crime Registrar opens the retention review queue seven years after
 * a theft was recorded, tries to record a review without a decision (the error summary names the field), then
 * retains the record with a reason and a new review date.
 */
describe('rule 21: a retention review cannot complete without a decision', () => {
  let browser: BrowserContext
  let reference: string

  beforeAll(async () => {
    browser = await startBrowser()
    const { crimes, retention } = browser.ctx.deps.services
    const operator = await browser.ctx.force.user('control_room_operator')
    const { crime } = await crimes.record(operator.actor, {
      directReportChannel: 'front_counter',
      reportedAt: '2026-11-26T08:00:00Z',
      victim: { givenName: 'Rita', familyName: 'Reviewed' },
      offenceCode: '49',
      offenceFrom: '2026-11-25T23:00:00Z',
    })
    reference = crime.crimeReference
    browser.ctx.clock.set('2033-12-01T09:00:00Z')
    await retention.scheduleAll(browser.ctx.force.system)
  })
  afterAll(() => browser.close())

  it('rule 21: refuses a review with no decision, then records a decision to retain', async () => {
    const registrar = await browser.ctx.force.user('force_crime_registrar')
    const page = await browser.newPage()
    await signIn(page, registrar.username)
    await page.goto(`${browser.baseUrl}/retention`)
    await expect.poll(() => page.locator('h1').textContent()).toContain('Retention review queue')
    const queue = page.getByRole('table', { name: 'Due for review' })
    await expect.poll(() => queue.textContent()).toContain('26 November 2032')
    await expectAccessible(page)

    const crimeLink = () =>
      page.getByRole('link', { name: new RegExp(`${reference.replaceAll('/', '\\/')}\\s*\\(crime\\)`) })
    await crimeLink().click()
    await expect.poll(() => page.locator('h1').textContent()).toContain(reference)
    await page.getByRole('button', { name: 'Record the decision' }).click()
    await expect
      .poll(() => page.getByRole('alert').textContent())
      .toContain('Select whether to retain the record or dispose of it')
    await expectAccessible(page)

    await page.getByLabel('Retain it').check()
    await page.getByLabel('Reason').fill('The suspect is linked to a series still under investigation')
    await page.getByLabel('Year').fill('2036')
    await page.getByRole('button', { name: 'Record the decision' }).click()
    await expect.poll(() => page.locator('body').textContent()).toContain('Retained: next review on')
    expect(await page.locator('body').textContent()).toContain(
      'The suspect is linked to a series still under investigation',
    )
    await expectAccessible(page)

    await page.goto(`${browser.baseUrl}/retention`)
    await expect.poll(() => page.locator('h1').textContent()).toContain('Retention review queue')
    // The crime has left the queue; its victim's record (which carries the crime reference) is theirs to review.
    expect(await crimeLink().count()).toBe(0)
  })
})
