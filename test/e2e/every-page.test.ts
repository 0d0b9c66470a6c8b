import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DEMO_PASSWORD, demoUsers, seedDemo } from '../../src/demo/index.ts'
import { Permissions } from '../../src/platform/auth/permissions.ts'
import { axeViolations, expectAccessible, signIn, startBrowser, type BrowserContext } from './support/browser.ts'

/**
 * Every demo role signs in through the real form, sees a navigation that fits its role, and every page it can
 * reach by following links passes axe-core's WCAG 2.2 AA checks and its "region" rule at 1,280 px with the
 * Content-Security-Policy intact, and fits a 375 px phone screen without scrolling sideways. New pages are covered
 * as soon as something links to them.
 */
const MAX_PAGES_PER_ROLE = 60

/** /crimes/0193…-…/history and /crimes/0194…-…/history are one page as far as accessibility goes. */
function pagePattern(url: URL): string {
  return url.pathname
    .split('/')
    .map((segment) => (/^[0-9a-f]{8}-[0-9a-f-]{27}$|^\d+$|^[A-Z]{2,}[/-]?\d/i.test(segment) ? ':id' : segment))
    .join('/')
}

const DESKTOP = { width: 1280, height: 800 }
/** A small phone: the page must fit it, wide tables scrolling in their own region (partials/_table.njk). */
const PHONE = { width: 375, height: 800 }

/** At phone width, how far the page is wider than the screen, and the elements that stick out furthest. */
async function phoneOverflow(page: Page): Promise<string | undefined> {
  await page.setViewportSize(PHONE)
  try {
    return await page.evaluate((width) => {
      const overflow = document.documentElement.scrollWidth - width
      if (overflow <= 0) {
        return undefined
      }
      const culprits = [...document.querySelectorAll('body *')]
        .filter((element) => element.getBoundingClientRect().right > width + 1)
        .filter((element) => ![...element.children].some((child) => child.getBoundingClientRect().right > width + 1))
        .slice(0, 3)
        .map(
          (element) =>
            `${element.tagName.toLowerCase()}${element.className ? `.${String(element.className).trim().split(/\s+/).join('.')}` : ''}`,
        )
      return `${overflow} px wider than a ${width} px screen (${culprits.join(', ')})`
    }, PHONE.width)
  } finally {
    await page.setViewportSize(DESKTOP)
  }
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
    browser = await startBrowser({ demo: true })
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
      await page.setViewportSize(DESKTOP)
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
        const overflow = await phoneOverflow(page)
        if (overflow) {
          failures.push(`${pattern}: ${overflow}`)
        }
        queue.push(...(await sameSiteLinks(page, base)))
      }
      expect(failures, `pages reached as ${user.username}: ${[...seen].join(', ')}`).toEqual([])
      await expectAccessible(page)

      await page.getByRole('button', { name: 'Sign out' }).click()
      await page.waitForURL((url) => url.pathname === '/sign-in')
    })
  }

  it('a person’s page names the columns of their incidents and crimes and shows each record’s reference', async () => {
    const deps = browser.ctx.deps
    const force = await deps.services.accounts.findForce('DEMO')
    const involvement = await deps.db.withForce(force!.forceId, (tx) =>
      tx
        .selectFrom('personInvolvement')
        .select('personId')
        .where('recordType', '=', 'crime')
        .orderBy('createdAt')
        .executeTakeFirstOrThrow(),
    )
    const page = await browser.newPage()
    await signIn(page, 'officer', DEMO_PASSWORD)
    await page.goto(`/people/${involvement.personId}`)
    const table = page.locator('[data-qa="involvements"]')
    const headings = await table.locator('thead th').allTextContents()
    expect(headings.map((text) => text.trim()).filter((text) => text !== '')).toEqual(
      expect.arrayContaining(['Record', 'Role', 'Suspect status', 'Linked']),
    )
    expect(headings.every((text) => text.trim() !== '')).toBe(true)
    const records = (await table.locator('tbody tr th a, tbody tr td:first-child a').allTextContents()).map((text) =>
      text.trim(),
    )
    expect(records.length).toBeGreaterThan(0)
    for (const record of records) {
      expect(record).toMatch(/^(Crime|Incident) /)
      expect(record, 'a reference, not the start of an id').not.toMatch(/^(Crime|Incident) [0-9a-f]{8}$/)
    }
    await expectAccessible(page)
    await page.getByRole('button', { name: 'Sign out' }).click()
    await page.waitForURL((url) => url.pathname === '/sign-in')
  })
})
