// Bokmål, nynorsk and English on the citizen pages: Per Berg chooses nynorsk in the header on Min side, reads Min side,
// Ingrid's messages and a thread in nynorsk, keeps it after a reload, then switches to English and sees dates written
// in English. Checked with axe (WCAG 2.1 A/AA) in nynorsk and English at desktop size and on a 360 px phone. Staff
// pages stay in bokmål, without a language picker.
import type { Page } from 'playwright-core'
import { describe, expect, test } from 'vitest'
import { axeViolations, logInFromLanding, screenshot, useBrowserSuite, viewports, waitForPage } from './browser-harness.ts'

const suite = useBrowserSuite()
const THREAD = 'Besøket på torsdag'

async function chooseLanguage(page: Page, current: 'Språk' | 'Language', language: 'Nynorsk' | 'English' | 'Bokmål'): Promise<void> {
  await page.getByRole('combobox', { name: current }).selectOption({ label: language })
}

async function check(page: Page, shot: string): Promise<void> {
  await screenshot(page, shot)
  expect(await axeViolations(page)).toEqual([])
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)
  expect(overflow).toBeLessThanOrEqual(0)
}

/** Per opens Ingrid's thread: acting for her from Min side, then her messages. */
async function openIngridsThread(page: Page, texts: { actFor: string; messages: string; messagesFor: string; lang?: string }): Promise<void> {
  await page.getByRole('button', { name: texts.actFor }).click()
  await page.getByRole('link', { name: texts.messages, exact: true }).click()
  await page.getByRole('heading', { level: 1, name: texts.messagesFor }).waitFor()
  await waitForPage(page)
  await page.getByRole('link', { name: THREAD }).click()
  await page.getByRole('heading', { level: 1, name: THREAD }).waitFor()
  await waitForPage(page)
}

describe('Per Berg reads the citizen pages in nynorsk and English', () => {
  test('chooses nynorsk on Min side, keeps it after a reload, and reads English dates after switching', async () => {
    const page = await (await suite.newContext()).newPage()
    await logInFromLanding(page, 'citizen', 'Per Berg')
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('nb')
    await page.getByRole('heading', { level: 2, name: 'Dine tjenester' }).waitFor()

    await chooseLanguage(page, 'Språk', 'Nynorsk')
    await page.getByRole('heading', { level: 2, name: 'Tenestene dine' }).waitFor()
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('nn')
    expect(await page.title()).toBe('Mi side – Samband')
    const home = (await page.locator('main').textContent()) ?? ''
    expect(home).toContain('Du kan handle på vegner av')
    expect(home).toContain('Fødd')
    expect(await page.getByRole('region', { name: 'Kven du bruker tenestene for' }).textContent()).toContain('Du bruker tenestene for deg sjølv')

    await openIngridsThread(page, { actFor: 'Handle på vegner av Ingrid Berg', messages: 'Meldingar', messagesFor: 'Meldingar for Ingrid Berg' })
    const thread = (await page.locator('main').textContent()) ?? ''
    expect(thread).toContain('Meldingar er ikkje for akutt hjelp')
    expect(thread).toContain('Tilbake til meldingar')
    await page.getByRole('heading', { level: 2, name: 'Meldingar', exact: true }).waitFor()

    await page.reload()
    await page.getByRole('heading', { level: 1, name: THREAD }).waitFor()
    await waitForPage(page)
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('nn')
    expect(await page.locator('main').textContent()).toContain('Meldingar er ikkje for akutt hjelp')

    await chooseLanguage(page, 'Språk', 'English')
    await page.getByRole('heading', { level: 2, name: 'Messages', exact: true }).waitFor()
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('en')
    const english = (await page.locator('main').textContent()) ?? ''
    expect(english).toContain('Messages are not for emergencies')
    // Dates follow the language: an English month name, no Norwegian one.
    expect(english).toMatch(
      /\b(January|February|March|April|May|June|July|August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\b/,
    )
    expect(english).not.toMatch(/\b(januar|februar|mars|april|mai|juni|juli|august|september|oktober|november|desember)\b/)

    await page.goto('/innbygger')
    await waitForPage(page)
    await page.getByRole('heading', { level: 2, name: 'Services for Ingrid Berg' }).waitFor()
    expect(await page.locator('main').textContent()).toContain('Born')
  })

  test('Lise Lund, staff, sees bokmål and no language picker, whatever a citizen chose in the browser', async () => {
    const context = await suite.newContext()
    const page = await context.newPage()
    await page.goto('/')
    await chooseLanguage(page, 'Språk', 'English')
    await page.getByRole('link', { name: 'Log in as health personnel' }).waitFor()
    await page.getByRole('link', { name: 'Log in as health personnel' }).click()
    await page.getByRole('button', { name: 'Logg inn som Lise Lund', exact: true }).click()
    await page.waitForURL(/\/helsepersonell$/)
    await waitForPage(page)
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('nb')
    expect(await page.getByRole('combobox', { name: /Språk|Language/ }).count()).toBe(0)
    await page.getByRole('link', { name: 'Meldinger fra innbyggere' }).waitFor()
    expect(await page.getByRole('button', { name: 'Logg ut' }).count()).toBe(1)
  })
})

describe.each(viewports)('the citizen pages in nynorsk and English pass WCAG 2.1 AA at $name size', ({ name, viewport }) => {
  for (const [language, texts] of [
    ['Nynorsk', { actFor: 'Handle på vegner av Ingrid Berg', messages: 'Meldingar', messagesFor: 'Meldingar for Ingrid Berg', lang: 'nn' }],
    ['English', { actFor: 'Act on behalf of Ingrid Berg', messages: 'Messages', messagesFor: 'Messages for Ingrid Berg', lang: 'en' }],
  ] as const) {
    test(language, async () => {
      const page = await (await suite.newContext(viewport)).newPage()
      await logInFromLanding(page, 'citizen', 'Per Berg')
      await chooseLanguage(page, 'Språk', language)
      await page.waitForFunction((lang) => document.documentElement.lang === lang, texts.lang)
      await waitForPage(page)
      await check(page, `languages-home-${texts.lang}-${name}`)
      await openIngridsThread(page, texts)
      await check(page, `languages-thread-${texts.lang}-${name}`)
      await page.getByRole('link', { name: texts.lang === 'nn' ? 'Tilbake til meldingar' : 'Back to messages' }).click()
      await page.getByRole('heading', { level: 1, name: texts.messagesFor }).waitFor()
      await waitForPage(page)
      await check(page, `languages-threads-${texts.lang}-${name}`)
    })
  }
})
