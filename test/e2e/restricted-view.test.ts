import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { expectAccessible, signIn, startBrowser, type BrowserContext } from './support/browser.ts'

/**
 * Issue 10, rule 20 in the browser: an IMU decision maker opens a crime once recorded as rape (since reclassified
 * as sexual assault). The record is not shown until they say why; an empty "other" reason is refused with the
 * error summary; a reason from the force's list shows it, and the reason is kept with the view.
 */
describe('rule 20: a justification is asked before a restricted crime is shown', () => {
  let browser: BrowserContext
  let crimeId: string
  let reference: string

  beforeAll(async () => {
    browser = await startBrowser()
    const { crimes } = browser.ctx.deps.services
    const operator = await browser.ctx.force.user('control_room_operator')
    const dm = await browser.ctx.force.user('imu_decision_maker')
    const { crime } = await crimes.record(operator.actor, {
      directReportChannel: 'front_counter',
      reportedAt: '2026-11-26T08:00:00Z',
      rapeReported: true,
      victim: { givenName: 'Rae', familyName: 'Restricted' },
      offenceCode: '19C',
      offenceFrom: '2026-11-25T23:00:00Z',
    })
    const reclassified = await crimes.act(dm.actor, crime.crimeId, {
      action: 'reclassify',
      expectedVersion: crime.version,
      offenceCode: '20A',
      reason: 'Victim describes touching, not penetration',
    })
    crimeId = reclassified.crimeId
    reference = reclassified.crimeReference
  })
  afterAll(() => browser.close())

  it('rule 20: asks why, refuses an empty reason, then shows the record and keeps the reason', async () => {
    const dm = await browser.ctx.force.user('imu_decision_maker')
    const page = await browser.newPage()
    await signIn(page, dm.username)
    await page.goto(`${browser.baseUrl}/crimes/${crimeId}`)
    await expect.poll(() => page.locator('legend h1, h1').first().textContent()).toContain('Why do you need to see')
    expect(await page.content()).not.toContain(reference)
    await expectAccessible(page)

    await page.getByLabel('Another reason (type it below)').check()
    await page.getByRole('button', { name: 'Show the record' }).click()
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('Type why you need to see this record')
    await expectAccessible(page)

    await page.getByLabel('Crime data integrity audit or quality check').check()
    await page.getByRole('button', { name: 'Show the record' }).click()
    await expect.poll(() => page.locator('body').textContent()).toContain(reference)

    const views = await browser.ctx.deps.db.withForce(browser.ctx.force.forceId, async (tx) =>
      (await browser.ctx.deps.services.auditTrail.forRecord(tx, 'crime', crimeId)).filter(
        (event) => event.action === 'CRIME_VIEWED',
      ),
    )
    expect(views.map((event) => event.reason)).toEqual(['Crime data integrity audit or quality check'])
  })
})
