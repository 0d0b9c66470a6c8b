import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { expectAccessible, signIn, startBrowser, type BrowserContext } from './support/browser.ts'

/**
 * Issue 15's "done" for victim care: a victim-care officer sees the overdue Victims' Code tasks, records a
 * contact with the victim (after first dating it before the crime was reported) and the task closes.
 */
describe('the victim-care officer’s task list', () => {
  let browser: BrowserContext

  beforeAll(async () => {
    browser = await startBrowser()
    const { crimes, victims } = browser.ctx.deps.services
    const operator = (await browser.ctx.force.user('control_room_operator')).actor
    // Reported Thursday 19 November; the test clock stands at Thursday 26 November, so the referral (2 working
    // days, due Monday 23rd) is overdue and the Right 3 information (5 working days) is due today.
    const { crime } = await crimes.record(operator, {
      directReportChannel: 'front_counter',
      reportedAt: '2026-11-19T10:00:00Z',
      victim: { givenName: 'Margaret', familyName: 'Ellwood', dateOfBirth: '1948-03-14' },
      offenceCode: '28E',
      offenceFrom: '2026-11-18T23:00:00Z',
    })
    const careOfficer = (await browser.ctx.force.user('victim_care_officer')).actor
    expect(await victims.careIdForCrime(careOfficer, crime.crimeId)).toBeDefined()
  })
  afterAll(() => browser.close())

  it('sees overdue tasks, records a contact and the task closes', async () => {
    const officer = await browser.ctx.force.user('victim_care_officer')
    const page = await browser.newPage()
    await signIn(page, officer.username)

    await page.getByRole('link', { name: 'Victim care', exact: true }).first().click()
    await expect.poll(() => page.locator('h1').textContent()).toBe('Victim care')
    const overdue = page.locator('[data-qa="victim-tasks"]')
    expect(await overdue.textContent()).toContain('Right 4: referral to victim support')
    expect(await overdue.textContent()).toContain('Overdue')
    await expectAccessible(page)

    await overdue.getByRole('link').first().click()
    await expect.poll(() => page.locator('h1').textContent()).toMatch(/^DC|\//)
    await expectAccessible(page)
    const referral = page.locator('[data-qa="task-support_referral"]')
    expect(await referral.textContent()).toContain('Open')

    // First dated before the crime was reported: refused, naming the field, nothing stored.
    await page.getByLabel('Day').fill('18')
    await page.getByLabel('Telephone').check()
    await page.getByLabel('What was said').fill('Referred to Victim Support with her agreement; gave the reference')
    await page.getByLabel(/Right 4: referral to victim support/).check()
    await page.getByLabel('Yes, the victim agreed to be referred').check()
    await page.getByRole('button', { name: 'Record contact' }).click()
    const summary = page.getByRole('alert')
    expect(await summary.textContent()).toContain('The contact cannot be before the crime was reported')
    await expectAccessible(page)

    await page.getByLabel('Day').fill('26')
    await page.getByLabel('Hour').fill('08')
    await page.getByRole('button', { name: 'Record contact' }).click()
    await expect
      .poll(() => page.locator('.govuk-notification-banner--success').textContent())
      .toContain('1 task closed')
    expect(await page.locator('[data-qa="task-support_referral"]').textContent()).toContain('Done')
    expect(await page.locator('[data-qa="contact-log"]').textContent()).toContain('Referred to Victim Support')
    await expectAccessible(page)

    // The other forms on the victim's care: each is accessible, and a bad answer is named.
    const careUrl = page.url()
    for (const form of ['decision', 'enhanced-rights', 'vps', 'contact-plan']) {
      await page.goto(`${careUrl}/${form}`)
      await expectAccessible(page)
    }
    await page.getByRole('button', { name: 'Save' }).click()
    expect(await page.getByRole('alert').textContent()).toContain('Enter how often to update the victim')
    await expectAccessible(page)

    await page.goto('/victim-care?view=overdue')
    expect(await page.locator('main').textContent()).not.toContain('Right 4: referral to victim support')
    expect(page.url()).toContain('view=overdue')
  })
})
