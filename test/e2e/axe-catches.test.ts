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

  it('reports content outside every landmark and a table heading with no text', async () => {
    const page = await browser.newPage()
    await page.goto('/sign-in')
    expect((await axeViolations(page)).map((violation) => violation.id)).not.toContain('region')
    await page.evaluate(() => {
      document.body.insertAdjacentHTML('afterbegin', '<p>Outside any landmark</p>')
      document
        .querySelector('main')!
        .insertAdjacentHTML(
          'beforeend',
          '<table><tr><th></th><th>Reference</th></tr><tr><td>1</td><td>Crime 01a23adb</td></tr></table>',
        )
    })
    const ids = (await axeViolations(page)).map((violation) => violation.id)
    expect(ids).toEqual(expect.arrayContaining(['region', 'empty-table-header']))
  })
})
