import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DEMO_PASSWORD, demoUsers, seedDemo } from '../../src/demo/index.ts'
import type { Role } from '../../src/platform/auth/roles.ts'
import { expectAccessible, signIn, startBrowser, type BrowserContext } from './support/browser.ts'

/** The lists of work each role's start page leads with (data-qa="work-…"), before the links to their areas. */
const OWN_WORK: Record<Role, string[]> = {
  control_room_operator: ['decisions-due'],
  officer: ['my-crimes', 'victim-tasks'],
  imu_decision_maker: ['queues'],
  imu_supervisor: ['queues'],
  force_crime_registrar: ['decisions', 'queues'],
  auditor: ['audits', 'audit-actions', 'retention'],
  victim_care_officer: ['victim-tasks'],
  partner_reporter: ['partner-reports'],
  inspector: ['queues'],
  administrator: ['accounts'],
}

interface ShownList {
  key: string
  dues: string[]
  clocks: string[]
}

async function workLists(page: Page): Promise<ShownList[]> {
  return page.$$eval('[data-qa^="work-"]', (sections) =>
    sections.map((section) => {
      const rows = [...section.querySelectorAll('tr[data-due]')]
      return {
        key: section.getAttribute('data-qa')!.slice('work-'.length),
        dues: rows.map((row) => row.getAttribute('data-due')!),
        clocks: rows.map((row) => row.querySelector('[data-qa="clock"]')?.textContent?.trim() ?? ''),
      }
    }),
  )
}

/**
 * Every demo role signs in and lands on a start page with its own work first: each list soonest due (or longest
 * waiting) first, every row with its clock in words, and the links to the person's areas below.
 */
describe('each role’s start page', () => {
  let browser: BrowserContext
  let page: Page

  beforeAll(async () => {
    browser = await startBrowser({ demo: true })
    await seedDemo(browser.ctx.deps, {})
    page = await browser.newPage()
  })
  afterAll(() => browser.close())

  for (const user of demoUsers()) {
    it(`${user.username} (${user.roles.join(', ')}) sees their own work, soonest due first`, async () => {
      await signIn(page, user.username, DEMO_PASSWORD)
      expect(new URL(page.url()).pathname).toBe('/')
      const lists = await workLists(page)
      const expected = user.roles.flatMap((role) => OWN_WORK[role])
      expect(lists.map((list) => list.key)).toEqual(expect.arrayContaining(expected))

      for (const list of lists) {
        expect(list.dues, `${list.key} in due order`).toEqual([...list.dues].sort())
        for (const clock of list.clocks) {
          expect(clock, `${list.key}'s clock`).toMatch(
            /^(due (now|today|tomorrow|in \d+ \w+)|\d+ \w+ late|waiting \d+ \w+|Empty)$/,
          )
        }
      }
      if (!user.roles.includes('administrator')) {
        const rows = lists.reduce((sum, list) => sum + list.dues.length, 0)
        expect(rows, `${user.username} has work on their start page`).toBeGreaterThan(0)
      }

      // Their own work comes first; the links to their parts of Tally stay, below it.
      const order = await page.$$eval('[data-qa^="work-"], [data-qa="destinations"]', (elements) =>
        elements.map((element) => element.getAttribute('data-qa')),
      )
      expect(order.at(-1)).toBe('destinations')
      await expectAccessible(page)

      await page.getByRole('button', { name: 'Sign out' }).click()
      await page.waitForURL((url) => url.pathname === '/sign-in')
    })
  }
})
