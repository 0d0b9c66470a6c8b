import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { expectAccessible, signIn, startBrowser, type BrowserContext } from './support/browser.ts'

/**
 * Issue 15's "done" for third-party reports: a school reports through the question pages and gets its reference
 * at once; an IMU triager records the crime from the report and records the decision; the school then sees
 * "Recorded as a crime". Every page on the way is checked for accessibility.
 */
describe('a third-party report from a school, recorded as a crime', () => {
  let browser: BrowserContext
  let reference = ''

  beforeAll(async () => {
    browser = await startBrowser()
    const { ctx } = browser
    const admin = (await ctx.force.user('administrator')).actor
    const { organisationId } = await ctx.deps.services.partners.createOrganisation(admin, {
      name: 'St Anne’s Primary School',
      kind: 'school',
      contact: 'Designated safeguarding lead, 01604 000111',
    })
    const partner = await ctx.force.user('partner_reporter')
    await ctx.deps.services.partners.addMember(admin, organisationId, partner.userId)
  })
  afterAll(() => browser.close())

  it('lets the partner report and get a reference at once', async () => {
    const partner = await browser.ctx.force.user('partner_reporter')
    const page = await browser.newPage()
    await signIn(page, partner.username)
    await page.goto('/partner-reports')
    await expectAccessible(page)
    await page.getByRole('button', { name: 'Report something to the police' }).click()
    await page.waitForURL(/\/what$/)
    await expectAccessible(page)

    // A mistake first: the error summary names the fields.
    await page.getByRole('button', { name: 'Continue' }).click()
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('Choose what kind of thing happened')
    await expectAccessible(page)

    await page.getByLabel('Theft').check()
    await page
      .getByLabel('Tell us what happened')
      .fill('A pupil’s mobile phone was taken from her coat in the cloakroom.')
    await page.getByRole('button', { name: 'Continue' }).click()
    await page.waitForURL(/\/when$/)
    await expectAccessible(page)
    await page.getByLabel('Day').fill('25')
    await page.getByLabel('Month').fill('11')
    await page.getByLabel('Year').fill('2026')
    await page.getByLabel('Hour').fill('10')
    await page.getByLabel('Minute').fill('15')
    await page.getByRole('button', { name: 'Continue' }).click()
    await page.waitForURL(/\/where$/)
    await expectAccessible(page)
    await page.getByLabel('Address or place').fill('St Anne’s Primary School, Mill Lane, Northampton')
    await page.getByRole('button', { name: 'Continue' }).click()
    await page.waitForURL(/\/victim$/)
    await expectAccessible(page)
    await page.getByLabel('No, they can be named').check()
    await page.getByLabel('Given name').fill('Lily')
    await page.getByLabel('Family name').fill('Morgan')
    await page.getByRole('button', { name: 'Continue' }).click()
    await page.waitForURL(/\/consent$/)
    await expectAccessible(page)

    // Without consent the report cannot be sent.
    await page
      .getByRole('group', { name: /consent to this report/ })
      .getByLabel('No')
      .check()
    await page
      .getByRole('group', { name: /want the police to contact/ })
      .getByLabel('Yes')
      .check()
    await page.getByRole('button', { name: 'Continue' }).click()
    await expect
      .poll(() => page.getByRole('alert').textContent())
      .toContain('only take this report with the victim’s consent')
    await expectAccessible(page)
    await page
      .getByRole('group', { name: /consent to this report/ })
      .getByLabel('Yes')
      .check()
    await page.getByLabel('Your own reference (optional)').fill('SA-2026-040')
    await page.getByRole('button', { name: 'Continue' }).click()
    await page.waitForURL(/\/check$/)
    await expectAccessible(page)
    await expect.poll(() => page.locator('.govuk-summary-list').textContent()).toContain('Lily Morgan')

    await page.getByRole('button', { name: 'Send report' }).click()
    await page.waitForURL(/\/sent$/)
    await expectAccessible(page)
    reference = (await page.locator('[data-qa="acknowledgement-reference"]').textContent()) ?? ''
    expect(reference).toMatch(/^TPR-[A-Z0-9]{4}-[A-Z0-9]{4}$/)
    await page.goto('/partner-reports')
    await expect
      .poll(() => page.locator('[data-qa="partner-reports"]').textContent())
      .toContain('Received: the police are assessing it')
  })

  it('lets a triager turn the report into a crime and record the decision', async () => {
    const triager = await browser.ctx.force.user('imu_decision_maker')
    const page = await browser.newPage()
    await signIn(page, triager.username)
    await page.goto('/partner-reports/triage')
    await expectAccessible(page)
    await page.getByRole('link', { name: reference }).click()
    await page.waitForURL(/\/partner-reports\/triage\/[0-9a-f-]{36}$/)
    const triagePage = page.url()
    await expectAccessible(page)

    // Deciding "recorded as a crime" before any crime is recorded is refused.
    await page.getByLabel('Recorded as a crime').check()
    await page.getByRole('button', { name: 'Record decision' }).click()
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('record the crime first')
    await expectAccessible(page)

    await page.getByRole('button', { name: 'Record a crime from this report' }).click()
    await page.waitForURL(/\/victim$/)
    await page.getByLabel('Given name', { exact: true }).fill('Lily')
    await page.getByLabel('Family name', { exact: true }).fill('Morgan')
    await page.getByRole('button', { name: 'Continue' }).click()
    await page.waitForURL(/\/offence$/)
    await page.getByLabel('Offence', { exact: true }).selectOption('49')
    await page.getByRole('button', { name: 'Continue' }).click()
    await page.waitForURL(/\/when$/)
    await page.getByRole('button', { name: 'Continue' }).click()
    await page.waitForURL(/\/check$/)
    await page.getByRole('button', { name: 'Record crime' }).click()
    await page.waitForURL(/\/recorded$/)

    await page.goto(triagePage)
    await page.getByLabel('Recorded as a crime').check()
    await page.getByRole('button', { name: 'Record decision' }).click()
    await page.waitForURL(triagePage)
    await expect.poll(() => page.locator('[data-qa="partner-outcome"]').textContent()).toBe('Recorded as a crime')
    await expectAccessible(page)
  })

  it('shows the partner "recorded as a crime", and a notification of it', async () => {
    const partner = await browser.ctx.force.user('partner_reporter')
    const page = await browser.newPage()
    await signIn(page, partner.username)
    await expect
      .poll(() => page.locator('[data-qa="unread-notifications"]').textContent())
      .toContain('1 unread notification')
    await page.goto('/partner-reports')
    await page.getByRole('link', { name: reference }).click()
    await expect.poll(() => page.locator('[data-qa="outcome"]').textContent()).toBe('Recorded as a crime')
    await expectAccessible(page)
    await page.goto('/notifications')
    await expect
      .poll(() => page.locator('[data-qa="notifications"]').textContent())
      .toContain(`Your report ${reference}: Recorded as a crime`)
    await expectAccessible(page)
  })
})
