import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DEMO_PASSWORD, demoUsers, seedDemo } from '../../src/demo/index.ts'
import { Permissions } from '../../src/platform/auth/permissions.ts'
import { axeViolations, expectAccessible, signIn, startBrowser, type BrowserContext } from './support/browser.ts'

/**
 * Every demo role signs in through the real form, sees a navigation that fits its role, and every page it can
 * reach by following links passes axe-core's WCAG 2.2 AA checks with the Content-Security-Policy intact. New
 * pages are covered as soon as something links to them.
 */
const MAX_PAGES_PER_ROLE = 60

/** /crimes/0193…-…/history and /crimes/0194…-…/history are one page as far as accessibility goes. */
function pagePattern(url: URL): string {
  return url.pathname
    .split('/')
    .map((segment) => (/^[0-9a-f]{8}-[0-9a-f-]{27}$|^\d+$|^[A-Z]{2,}[/-]?\d/i.test(segment) ? ':id' : segment))
    .join('/')
}

async function sameSiteLinks(page: Page, base: string): Promise<string[]> {
  const hrefs = await page.$$eval('a[href]', (anchors) => anchors.map((a) => (a as HTMLAnchorElement).href))
  return hrefs.filter((href) => {
    const url = new URL(href)
    return (
      url.origin === base &&
      !url.pathname.startsWith('/assets/') &&
      !url.pathname.endsWith('.json') &&
      !url.pathname.endsWith('.csv') &&
      !url.pathname.startsWith('/metrics')
    )
  })
}

describe('every page, as every role', () => {
  let browser: BrowserContext

  beforeAll(async () => {
    browser = await startBrowser()
    await seedDemo(browser.ctx.deps, {})
  })
  afterAll(() => browser.close())

  it('the sign-in page and the error pages are accessible', async () => {
    const page = await browser.newPage()
    await page.goto('/sign-in')
    await expectAccessible(page)
    await page.getByRole('button', { name: 'Continue' }).click()
    expect(await page.locator('.govuk-error-summary__title').textContent()).toContain('There is a problem')
    await expectAccessible(page)
    await page.goto('/sign-in?force=DEMO')
    await expectAccessible(page)
    await page.getByRole('button', { name: 'Sign in' }).click()
    expect(await page.locator('.govuk-error-summary__title').textContent()).toContain('There is a problem')
    await expectAccessible(page)
    await page.goto('/no-such-page')
    expect(await page.locator('h1').textContent()).toContain('Page not found')
    await expectAccessible(page)
  })

  for (const user of demoUsers()) {
    it(`${user.username} (${user.roles.join(', ')}) sees their navigation, and every page they reach is accessible`, async () => {
      const page = await browser.newPage()
      await signIn(page, user.username, DEMO_PASSWORD)
      const base = browser.baseUrl

      const navigation = await page.$$eval('.govuk-service-navigation__link', (links) =>
        links.map((link) => link.getAttribute('href')),
      )
      const permissions = new Permissions(user.roles)
      expect(navigation).toContain('/')
      if (!permissions.can('audit-trail.view')) {
        expect(navigation).not.toContain('/audit-trail')
      }
      if (!permissions.can('users.manage')) {
        expect(navigation).not.toContain('/admin/users')
      }

      const seen = new Set<string>()
      const queue = [`${base}/`]
      const failures: string[] = []
      while (queue.length > 0 && seen.size < MAX_PAGES_PER_ROLE) {
        const href = queue.shift()!
        const url = new URL(href)
        const pattern = pagePattern(url)
        if (seen.has(pattern)) {
          continue
        }
        seen.add(pattern)
        const response = await page.goto(href)
        const status = response?.status() ?? 0
        if (status >= 400) {
          failures.push(`${pattern}: HTTP ${status}`)
          continue
        }
        for (const violation of await axeViolations(page)) {
          failures.push(
            `${pattern}: ${violation.id} — ${violation.help} (${violation.nodes.map((n) => n.target.join(' ')).join(', ')})`,
          )
        }
        queue.push(...(await sameSiteLinks(page, base)))
      }
      expect(failures, `pages reached as ${user.username}: ${[...seen].join(', ')}`).toEqual([])
      await expectAccessible(page)

      await page.getByRole('button', { name: 'Sign out' }).click()
      await page.waitForURL((url) => url.pathname === '/sign-in')
    })
  }
})
