import fs from 'node:fs'
import { createRequire } from 'node:module'
import { chromium, type Browser, type Page } from 'playwright-core'
import { expect } from 'vitest'
import { createTestContext, TEST_PASSWORD, type TestContext } from '../../support/test-context.ts'

const require = createRequire(import.meta.url)
const AXE_SOURCE = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8')

/** WCAG 2.2 AA, as GOV.UK services are held to. */
const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'

const CSP_VIOLATIONS = new WeakMap<Page, string[]>()

export interface BrowserContext {
  ctx: TestContext
  baseUrl: string
  browser: Browser
  /** A fresh browser tab (own cookies) that fails the test on any Content-Security-Policy violation. */
  newPage(): Promise<Page>
  close(): Promise<void>
}

/**
 * The app served on a free port over a fresh test database, and headless Chromium. Launch flags keep Chromium
 * off the network (these machines have none) and out of the sandbox (CI runs as root).
 */
export async function startBrowser(options: { demo?: boolean } = {}): Promise<BrowserContext> {
  const ctx = await createTestContext(options)
  await ctx.app.listen({ host: '127.0.0.1', port: 0 })
  const address = ctx.app.server.address()
  const port = typeof address === 'object' && address ? address.port : 0
  const launch = () =>
    chromium.launch({
      executablePath: CHROMIUM,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--disable-dev-shm-usage',
      ],
    })
  let browser = await launch()
  const contexts: Array<Awaited<ReturnType<Browser['newContext']>>> = []
  return {
    ctx,
    baseUrl: `http://127.0.0.1:${port}`,
    get browser() {
      return browser
    },
    async newPage() {
      // Chromium has been seen to die on a busy CI machine between one file and the next (every page then says
      // "browser has been closed"): a new tab after that gets a new browser, and the test retry (vitest.e2e.config.ts)
      // gives the test that met it a second go. A defect still fails both times.
      if (!browser.isConnected()) {
        console.warn('Chromium was no longer running: starting it again')
        browser = await launch()
      }
      const context = await browser.newContext({ baseURL: `http://127.0.0.1:${port}` })
      contexts.push(context)
      const page = await context.newPage()
      const violations: string[] = []
      CSP_VIOLATIONS.set(page, violations)
      page.on('response', (response) => {
        if (response.status() >= 400 && response.request().resourceType() !== 'document') {
          violations.push(`${response.url()} answered ${response.status()}`)
        }
      })
      page.on('console', (message) => {
        if (message.type() === 'error' && /Content.Security.Policy|Refused to/i.test(message.text())) {
          violations.push(`${page.url()}: ${message.text()}`)
        }
      })
      return page
    },
    async close() {
      for (const context of contexts) {
        await context.close().catch(() => undefined)
      }
      await browser.close()
      await ctx.close()
    },
  }
}

/** Signs in through the real sign-in form. */
/**
 * Signs in as a person does: their force first (by address, as a force's intranet link would), then username and
 * password. Test users' names end with their force's code (`officer-t1a2b3c4d`); anyone else is in the demo force.
 */
export async function signIn(
  page: Page,
  username: string,
  password = TEST_PASSWORD,
  force = /-(t[0-9a-f]{8})$/.exec(username)?.[1]?.toUpperCase() ?? 'DEMO',
): Promise<void> {
  await page.goto(`/sign-in?force=${force}`)
  await page.getByLabel('Username').fill(username)
  await page.getByLabel('Password').fill(password)
  await page.getByRole('button', { name: 'Sign in' }).click()
  await page.waitForURL((url) => !url.pathname.startsWith('/sign-in'))
}

export interface AxeViolation {
  id: string
  impact: string | null
  help: string
  nodes: Array<{ target: string[]; failureSummary?: string }>
}

/**
 * Best-practice rules held to as well: "region" (everything inside a landmark, so a screen reader user moving by
 * landmarks misses nothing: the demo banner and back links once sat outside them) and "empty-table-header" (a
 * person's incidents-and-crimes table once had 78 empty heading cells).
 */
const ALSO_RULES = ['region', 'empty-table-header']

/** Runs axe-core on the page as it is now; returns the WCAG 2.2 AA violations (none is the only good answer). */
export async function axeViolations(page: Page): Promise<AxeViolation[]> {
  // Evaluated through the DevTools protocol, which the page's CSP does not govern, so the page keeps its real CSP.
  if (!(await page.evaluate(() => 'axe' in window))) {
    await page.evaluate(AXE_SOURCE)
  }
  return page.evaluate(
    async ([tags, also]) => {
      const axe = (
        window as unknown as {
          axe: { run: (context: Document, options: unknown) => Promise<{ violations: AxeViolation[] }> }
        }
      ).axe
      const rules = Object.fromEntries(also.map((rule) => [rule, { enabled: true }]))
      const result = await axe.run(document, { runOnly: { type: 'tag', values: tags }, rules })
      return result.violations.map((violation) => ({
        id: violation.id,
        impact: violation.impact,
        help: violation.help,
        nodes: violation.nodes.map((node) => ({ target: node.target, failureSummary: node.failureSummary })),
      }))
    },
    [WCAG_TAGS, ALSO_RULES] as const,
  )
}

/**
 * Fails with a readable list if the page has any accessibility violation, broke the Content-Security-Policy, or
 * asked for a stylesheet, script, font or image that is not there.
 */
export async function expectAccessible(page: Page): Promise<void> {
  expect(CSP_VIOLATIONS.get(page) ?? [], 'Content-Security-Policy violations and missing assets').toEqual([])
  const violations = await axeViolations(page)
  expect(
    violations.map((v) => `${v.id} (${v.impact}): ${v.help} at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`),
    `accessibility violations on ${page.url()}`,
  ).toEqual([])
}
