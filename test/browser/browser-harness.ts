import { mkdir, mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import AxeBuilder from '@axe-core/playwright'
import { type Browser, type BrowserContext, chromium, type Locator, type Page } from 'playwright-core'
import { afterAll, beforeAll } from 'vitest'
import { startServer } from '../../src/server.ts'
import { pgliteTemplateDump } from '../support/test-database.ts'

export const viewports = [
  { name: 'desktop', viewport: { width: 1280, height: 900 } },
  { name: 'phone', viewport: { width: 360, height: 740 } },
] as const

export type ViewportName = (typeof viewports)[number]['name']

export type Suite = {
  /** Base URL of the running server, e.g. http://127.0.0.1:41234 */
  readonly url: string
  readonly browser: Browser
  newContext(viewport?: { width: number; height: number }): Promise<BrowserContext>
}

const chromiumArgs = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
]

/**
 * Starts Samband with the Vestfold demo data in a fresh data directory, and Chromium, for the
 * tests of one file; both are closed after them. Use inside a file's top level or a describe.
 */
export function useBrowserSuite(options: { devMailbox?: boolean } = {}): Suite {
  let dataDir: string | undefined
  let server: { url: string; close(): Promise<void> } | undefined
  let browser: Browser | undefined
  const contexts: BrowserContext[] = []

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'samband-browser-'))
    // From the run's migrated template when there is one (test/support/global-setup.ts): no initdb, no migrations.
    const loadDataDir = await pgliteTemplateDump('migrated')
    server = await startServer({ port: 0, dataDir, loadDataDir, demo: true, log: false, devMailbox: options.devMailbox })
    browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: chromiumArgs })
  })

  afterAll(async () => {
    for (const context of contexts) await context.close().catch(() => {})
    await browser?.close()
    await server?.close()
    if (dataDir) await rm(dataDir, { recursive: true, force: true })
  })

  return {
    get url() {
      if (!server) throw new Error('the server is not started yet (use the suite inside a test or hook)')
      return server.url
    },
    get browser() {
      if (!browser) throw new Error('the browser is not started yet (use the suite inside a test or hook)')
      return browser
    },
    async newContext(viewport = viewports[0].viewport) {
      if (!browser || !server) throw new Error('the suite is not started yet')
      const context = await browser.newContext({ baseURL: server.url, viewport, locale: 'nb-NO', timezoneId: 'Europe/Oslo' })
      context.setDefaultTimeout(15_000)
      contexts.push(context)
      return context
    },
  }
}

/**
 * Logs in through the real OIDC flow: the landing page's link, the embedded identity provider's
 * demo page, and back to the page the link asked for.
 */
export async function logInFromLanding(page: Page, kind: 'citizen' | 'staff', fullName: string): Promise<void> {
  await page.goto('/')
  const link = kind === 'citizen' ? 'Logg inn som innbygger' : 'Logg inn som helsepersonell'
  await page.getByRole('link', { name: link, exact: true }).click()
  await page.getByRole('button', { name: `Logg inn som ${fullName}`, exact: true }).click()
  await page.waitForURL(kind === 'citizen' ? /\/innbygger$/ : /\/helsepersonell$/)
  await waitForPage(page)
}

/** Waits until the page has its heading and nothing is still loading. */
export async function waitForPage(page: Page): Promise<void> {
  await page.locator('h1').first().waitFor({ state: 'visible' })
  await page.waitForFunction(() => document.querySelector('[role="status"]') === null)
}

/** Waits until the element's animations (a dialog fading in) have finished, so that a screenshot or axe sees it whole. */
export async function settled(locator: Locator): Promise<void> {
  await locator.evaluate((element) => Promise.all(element.getAnimations({ subtree: true }).map((a) => a.finished)))
}

const wcagTags = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']

/** Every axe violation of WCAG 2.1 A and AA, one readable line each (empty when none). */
export async function axeViolations(page: Page): Promise<string[]> {
  const result = await new AxeBuilder({ page }).withTags(wcagTags).analyze()
  return result.violations.map(
    (violation) => `${violation.id} (${violation.impact}): ${violation.help} — ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`,
  )
}

/** Saves a full-page screenshot to $SAMBAND_SCREENSHOTS (e.g. /tmp/shots) when that is set. */
export async function screenshot(page: Page, name: string): Promise<void> {
  const dir = process.env.SAMBAND_SCREENSHOTS
  if (!dir) return
  await mkdir(dir, { recursive: true })
  await page.screenshot({ path: join(dir, `${name}.png`), fullPage: true })
}
