import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { expectAccessible, signIn, startBrowser, type BrowserContext } from './support/browser.ts'

/**
 * Issue 5's "done": an IMU supervisor sees the staff and skills matrix, absences and control-room training
 * compliance in the browser, records an absence (after first getting its end date wrong), and records that a
 * control-room recruit was not released for crime-recording training.
 */
describe('the IMU supervisor’s staff pages', () => {
  let browser: BrowserContext

  beforeAll(async () => {
    browser = await startBrowser()
    const { directory, staff, staffReferenceData, staffTraining, staffAbsences } = browser.ctx.deps.services
    const actor = browser.ctx.force.system
    const unit = { function: 'Does the work', location: 'Headquarters', hours: 'Office hours', contact: 'Ext 1' }
    const imu = await directory.createUnit(actor, {
      ...unit,
      name: 'Investigation Management Unit',
      unitType: 'investigation_management',
      whatToSend: 'Crimes for classification and filing',
      takesWork: ['crime'],
      active: true,
    })
    const controlRoom = await directory.createUnit(actor, {
      ...unit,
      name: 'Force Control Room',
      unitType: 'control_room',
      whatToSend: 'Nothing',
      takesWork: [],
      active: true,
    })
    await staffReferenceData.addStandardSkills(actor)
    await staffReferenceData.addStandardCourses(actor)
    const person = async (name: string, unitId: string, skills: Record<string, number>) => {
      const { staffId } = await staff.createStaff(actor, {
        name,
        jobTitle: 'Decision maker',
        unitId,
        contractedHours: 37,
        workingDays: [1, 2, 3, 4, 5],
        startedOn: '2015-04-01',
      })
      for (const [skill, level] of Object.entries(skills)) {
        await staff.setSkillLevel(actor, staffId, { skill, level })
      }
      return staffId
    }
    const margaret = await person('Margaret Ellis', imu.unitId, { filing: 3, n100_review: 3 })
    await person('Graham Forde', imu.unitId, { filing: 3, n100_review: 2 })
    await person('Jordan Pike', imu.unitId, { filing: 1 })
    const trained = await person('Olu Adeyemi', controlRoom.unitId, {})
    await person('Amelia Stone', controlRoom.unitId, {})
    await staffTraining.recordTraining(actor, trained, { course: 'crime-recording', completedOn: '2026-03-02' })
    await staffAbsences.recordAbsence(actor, margaret, {
      absenceType: 'sickness',
      planned: false,
      startsOn: '2026-09-14',
      expectedEndOn: '',
      hoursPerDay: undefined,
    })
  })
  afterAll(() => browser.close())

  it('sees staff, skills and backfill, records an absence, and sees training compliance and who was not released', async () => {
    const supervisor = await browser.ctx.force.user('imu_supervisor')
    const page = await browser.newPage()
    await signIn(page, supervisor.username)

    await page.getByRole('link', { name: 'Staff', exact: true }).first().click()
    await expect.poll(() => page.locator('h1').textContent()).toBe('Staff')
    expect(await page.getByRole('row', { name: /Margaret Ellis/ }).textContent()).toContain('Long-term absence')
    await expectAccessible(page)

    // The skills matrix: with Margaret away, N100 review is down to Graham alone.
    await page.getByRole('link', { name: 'Skills and backfill' }).click()
    const warning = page.getByRole('region', { name: 'Important' })
    expect(await warning.textContent()).toMatch(/N100 review\s*:\s*only Graham Forde \(Margaret Ellis away\)/)
    expect(await page.getByRole('table', { name: 'Skills matrix' }).isVisible()).toBe(true)
    expect(await page.locator('[data-qa="backfill"]').textContent()).toMatch(
      /Filing and outcome check \(expert\):\s*Graham Forde/,
    )
    await expectAccessible(page)

    // Record an absence for Graham: the end date before the start is refused, naming the end date.
    await page.getByRole('link', { name: 'Graham Forde' }).first().click()
    await page.getByRole('button', { name: 'Record an absence' }).click()
    await page.getByLabel('Leave').check()
    await page.getByLabel('Planned (booked in advance)').check()
    const starts = page.getByRole('group', { name: 'First day of the absence' })
    await starts.getByLabel('Day').fill('14')
    await starts.getByLabel('Month').fill('12')
    await starts.getByLabel('Year').fill('2026')
    const ends = page.getByRole('group', { name: /Expected last day/ })
    await ends.getByLabel('Day').fill('4')
    await ends.getByLabel('Month').fill('12')
    await ends.getByLabel('Year').fill('2026')
    await page.getByRole('button', { name: 'Record absence' }).click()
    const summary = page.getByRole('alert')
    expect(await summary.textContent()).toContain(
      'The expected end date must be the same as or after the date the absence starts',
    )
    await expectAccessible(page)
    await summary.getByRole('link').click()
    await ends.getByLabel('Day').fill('24')
    await page.getByRole('button', { name: 'Record absence' }).click()
    expect(await page.getByRole('alert').textContent()).toContain('Absence recorded')
    expect(await page.locator('[data-qa="absences"]').textContent()).toContain('24 December 2026 (expected)')

    await page.getByRole('link', { name: 'Staff', exact: true }).first().click()
    await page.getByRole('link', { name: 'Absences' }).click()
    expect(await page.getByRole('row', { name: /Margaret Ellis/ }).textContent()).toContain('Long-term')
    expect(await page.getByRole('row', { name: /Graham Forde/ }).textContent()).toContain('Leave')
    await expectAccessible(page)

    // Training: half the control room is trained; Amelia has never been. Book her, then record she was not released.
    await page.getByRole('link', { name: 'Training', exact: true }).click()
    expect(await page.locator('[data-qa="control-room-compliance"]').textContent()).toMatch(/50%[\s\S]*\(1 of 2\)/)
    expect(await page.getByRole('row', { name: /Amelia Stone/ }).textContent()).toContain('Never trained')
    await expectAccessible(page)
    await page.getByRole('link', { name: 'Amelia Stone' }).click()
    await page.getByRole('button', { name: 'Book training' }).click()
    await page.getByLabel('Course').selectOption({ label: 'Crime recording (NCRS and the Home Office Counting Rules)' })
    const courseOn = page.getByRole('group', { name: 'Date of the course' })
    await courseOn.getByLabel('Day').fill('19')
    await courseOn.getByLabel('Month').fill('11')
    await courseOn.getByLabel('Year').fill('2026')
    await page.getByRole('button', { name: 'Book' }).click()
    await page.getByRole('link', { name: /^Cancel/ }).click()
    await page.getByLabel('Not released from duty').check()
    await page.getByLabel('Why, in a sentence').fill('Not released — staffing')
    await page.getByLabel('Who decided they could not be released').fill('Control room duty inspector')
    await expectAccessible(page)
    await page.getByRole('button', { name: 'Cancel booking' }).click()
    expect(await page.locator('[data-qa="bookings"]').textContent()).toContain('Not released')

    await page.getByRole('link', { name: 'Staff' }).first().click()
    await page.getByRole('link', { name: 'Not released for training' }).click()
    const report = await page.getByRole('table').textContent()
    expect(report).toContain('Amelia Stone')
    expect(report).toContain('Control room duty inspector')
    await expectAccessible(page)
  })
})
