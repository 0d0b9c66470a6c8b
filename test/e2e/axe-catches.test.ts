import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { axeViolations, startBrowser, type BrowserContext } from './support/browser.ts'

/** The accessibility check itself must be able to fail, or every "no violations" above means nothing. */
describe('the accessibility check', () => {
  let browser: BrowserContext
  beforeAll(async () => {
    browser = await startBrowser()
  })
  afterAll(() => browser.close())

  it('reports an unlabelled input and an image without alternative text', async () => {
    const page = await browser.newPage()
    await page.goto('/sign-in')
    await page.evaluate(() => {
      const main = document.querySelector('main')!
      main.insertAdjacentHTML(
        'beforeend',
        '<input type="text" name="unlabelled"><img src="/assets/govuk/images/favicon.svg">',
      )
    })
    const ids = (await axeViolations(page)).map((violation) => violation.id)
    expect(ids).toEqual(expect.arrayContaining(['label', 'image-alt']))
  })
})
