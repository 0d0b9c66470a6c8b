import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { expectAccessible, signIn, startBrowser, type BrowserContext } from './support/browser.ts'

/**
 * Issue 4's "done" in the browser: an officer searches for a person by a misspelt name, opens the person
 * (their involvement as a suspect and their assessments, kept apart), records an assessment after first
 * leaving it blank, moves the suspect on to "interviewed", and adds a new person after getting the date of
 * birth wrong.
 */
describe('people: search, view, assess, add', () => {
  let browser: BrowserContext
  let crimeId: string

  beforeAll(async () => {
    browser = await startBrowser()
    const { people, crimes } = browser.ctx.deps.services
    const actor = browser.ctx.force.system
    const mohammed = await browser.ctx.deps.db.withForce(browser.ctx.force.forceId, async (tx) => {
      const person = await people.addPerson(tx, actor, {
        givenName: 'Mohammed',
        familyName: "O'Neill",
        aliases: ['Mo'],
        dateOfBirth: '1994-02-11',
      })
      await people.addPerson(tx, actor, { givenName: 'Mohammed', familyName: 'Ahmed' })
      await people.addPerson(tx, actor, { givenName: 'Muriel', familyName: 'Neal' })
      return person
    })
    // A crime he is a suspect in: a crime's people are linked and changed through the crime's own workflow.
    const officer = await browser.ctx.force.user('officer')
    const { crime } = await crimes.record(officer.actor, {
      directReportChannel: 'front_counter',
      reportedAt: '2026-11-26T08:00:00Z',
      offenceCode: '58C',
      offenceFrom: '2026-11-26T07:00:00Z',
    })
    crimeId = crime.crimeId
    await crimes.act(officer.actor, crimeId, {
      action: 'link_person',
      expectedVersion: crime.version,
      personId: mohammed.personId,
      personRole: 'suspect',
    })
  })
  afterAll(() => browser.close())

  it('finds a misspelt name, reads the person, records an assessment and a suspect status, and adds a person', async () => {
    const officer = await browser.ctx.force.user('officer')
    const page = await browser.newPage()
    const text = (qa: string) => page.locator(`[data-qa="${qa}"]`).textContent()
    await signIn(page, officer.username)

    await page.getByRole('link', { name: 'People', exact: true }).first().click()
    await expect.poll(() => page.locator('h1').textContent()).toBe('Search for a person')
    await expectAccessible(page)

    // Misspelt twice over: Muhammad for Mohammed, ONeil for O'Neill.
    await page.getByLabel('Name').fill('Muhammad ONeil')
    await page.getByRole('button', { name: 'Search' }).click()
    expect(await text('result-count')).toMatch(/found/)
    await expectAccessible(page)
    await page.getByRole('link', { name: "Mohammed O'Neill" }).click()

    await expect.poll(() => page.locator('h1').textContent()).toBe("Mohammed O'Neill")
    expect(await text('person-facts')).toContain('11 February 1994')
    expect(await text('involvements')).toMatch(/Suspect[\s\S]*Not interviewed/)
    expect(
      await page
        .locator('[data-qa="involvements"]')
        .getByRole('link', { name: /^Crime / })
        .getAttribute('href'),
    ).toBe(`/crimes/${crimeId}`)
    await expectAccessible(page)

    // An assessment left blank is refused, naming what is missing.
    await page.getByRole('button', { name: 'Add an assessment' }).click()
    await page.getByRole('button', { name: 'Record assessment' }).click()
    expect(await page.getByRole('alert').textContent()).toContain('Choose the kind of assessment')
    await expectAccessible(page)
    await page.getByLabel('Vulnerability').check()
    await page.getByLabel('Assessment', { exact: true }).fill('Assessed as vulnerable: care leaver, no family support')
    await page.getByRole('button', { name: 'Record assessment' }).click()
    expect(await page.getByRole('alert').textContent()).toContain('Assessment recorded')
    expect(await text('assessments')).toContain('care leaver')
    expect(await text('person-facts')).not.toContain('care leaver')

    // The suspect has been interviewed: changed on the crime, whose workflow keeps its checks (rule 22).
    await page
      .locator('[data-qa="involvements"]')
      .getByRole('link', { name: /^Change/ })
      .click()
    await page.waitForURL(new RegExp(`/crimes/${crimeId}/change-involvement`))
    await page.getByLabel('Suspect', { exact: true }).check()
    await page.getByLabel('Suspect status (suspects only)').selectOption('interviewed')
    await expectAccessible(page)
    await page.getByRole('button', { name: 'Change how a person is involved' }).click()
    await page.waitForURL(new RegExp(`/crimes/${crimeId}$`))
    expect(await page.getByRole('alert').textContent()).toContain('Involvement updated')
    await page.getByRole('link', { name: "Mohammed O'Neill" }).click()
    expect(await text('involvements')).toContain('Interviewed')

    // A new person, with an impossible date of birth first.
    await page.goto('/people/new')
    await page.getByLabel('Given names (optional)').fill('Kathryn')
    await page.getByLabel('Family name').fill('Smyth')
    await page.getByLabel('Day').fill('31')
    await page.getByLabel('Month').fill('2')
    await page.getByLabel('Year').fill('1990')
    await page.getByRole('button', { name: 'Add person' }).click()
    expect(await page.getByRole('alert').textContent()).toContain('Date of birth must be a real date')
    await expectAccessible(page)
    await page.getByLabel('Day').fill('28')
    await page.getByRole('button', { name: 'Add person' }).click()
    expect(await page.getByRole('alert').textContent()).toContain('Person added')
    expect(await page.locator('h1').textContent()).toBe('Kathryn Smyth')
    expect(await text('person-facts')).toContain('28 February 1990')
  })
})
