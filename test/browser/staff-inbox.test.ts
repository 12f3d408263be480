// Issue 10, items 18, 10 (staff side) and 19 (the answer form): Lise Lund works through the citizen inbox of Tønsberg
// hjemmesykepleie — searches, filters on one patient, keeps an answer template, opens the overdue thread (Forfalt on
// the thread page), takes the thread, writes an internal note, answers from the template, and the answer form closes.
// Then the pages are checked with axe (WCAG 2.1 A/AA) at desktop size and on a 360 px phone, with screenshots.
import type { Page } from 'playwright-core'
import { describe, expect, test } from 'vitest'
import { axeViolations, logInFromLanding, screenshot, useBrowserSuite, viewports, waitForPage } from './browser-harness.ts'

const suite = useBrowserSuite()

const OVERDUE = 'Medisinlisten etter sykehusoppholdet'
const ANSWERED = 'Besøket på torsdag'
const TEMPLATE_TITLE = 'Medisinliste mottatt'
const TEMPLATE = 'Takk, vi har fått den nye medisinlisten og oppdaterer dosetten ved neste besøk.'
const NOTE = 'Ringte apoteket: ny liste kommer fredag.'

const rows = (page: Page) => page.locator('main').locator('table:visible tbody tr, ul.app-cards:visible > li')

async function check(page: Page, name: string): Promise<void> {
  expect(await axeViolations(page), name).toEqual([])
  await screenshot(page, name)
}

describe('a nurse works through the citizen inbox', () => {
  let threadUrl = ''

  test('search, patient filter, template, Forfalt, assign, note, answer from the template, form closes', async () => {
    const lise = await (await suite.newContext()).newPage()
    await logInFromLanding(lise, 'staff', 'Lise Lund')
    await lise.getByRole('link', { name: 'Meldinger fra innbyggere' }).click()
    await lise.getByRole('heading', { level: 1, name: 'Meldinger fra innbyggere' }).waitFor()
    await waitForPage(lise)
    // Each row is a conversation: its size and whose message is last.
    await rows(lise).filter({ hasText: OVERDUE }).first().waitFor()
    expect(await rows(lise).filter({ hasText: OVERDUE }).first().textContent()).toContain('siste fra innbyggeren')

    // Free text finds the subject; the open/closed tabs stay.
    await lise.getByRole('tab', { name: 'Alle' }).click()
    await lise.getByLabel('Emne eller innbyggerens navn').fill('medisin')
    await lise.getByRole('button', { name: 'Søk', exact: true }).click()
    await lise.waitForURL(/sok=medisin/)
    // The previous list stays until the new one has come.
    await rows(lise).filter({ hasText: ANSWERED }).first().waitFor({ state: 'detached' })
    await rows(lise).filter({ hasText: OVERDUE }).first().waitFor()

    // One patient's conversations.
    await lise.getByLabel('Emne eller innbyggerens navn').fill('')
    await lise.getByRole('button', { name: 'Søk', exact: true }).click()
    await lise.waitForURL((url) => !url.search.includes('sok='))
    await lise.getByRole('button', { name: 'Alle samtaler med Ingrid Berg' }).first().click()
    await lise.getByText('Viser bare samtaler med').waitFor()
    await rows(lise).filter({ hasText: ANSWERED }).first().waitFor()
    expect(await lise.locator('main').textContent()).toContain('Viser bare samtaler med Ingrid Berg')
    await screenshot(lise, 'flow-staff-inbox-patient-filter')

    // A template for the service.
    await lise.getByLabel('Tittel').fill(TEMPLATE_TITLE)
    await lise.getByLabel('Tekst', { exact: true }).fill(TEMPLATE)
    await lise.getByRole('button', { name: 'Legg til malen' }).click()
    await lise.getByText(`Malen «${TEMPLATE_TITLE}» er lagt til.`).waitFor()

    // The overdue thread says so on its own page.
    await lise.getByRole('link', { name: OVERDUE }).first().click()
    await lise.getByRole('heading', { level: 1, name: OVERDUE }).waitFor()
    await waitForPage(lise)
    threadUrl = lise.url()
    // The page header: the title and its status tags.
    const header = lise.locator('main h1').first().locator('xpath=..')
    expect(await header.textContent()).toContain('Forfalt')
    expect(await lise.locator('main').textContent()).toContain('Fristen er passert')

    // Lise takes the thread (she is the demo service's one nurse; giving it to a colleague is tested through the API).
    await lise.getByLabel('Gi samtalen til').selectOption({ label: 'Lise Lund (deg), sykepleier' })
    await lise.getByRole('button', { name: 'Lagre', exact: true }).click()
    await lise.getByText('Samtalen er gitt til Lise Lund.').waitFor()

    // An internal note.
    await lise.getByLabel('Nytt notat').fill(NOTE)
    await lise.getByRole('button', { name: 'Lagre notat' }).click()
    await lise.getByRole('list', { name: 'Interne notater, eldste først' }).getByText(NOTE).waitFor()
    await screenshot(lise, 'flow-staff-thread-assigned-with-note')

    // The answer from the template, changed a little, then sent: the form closes and focus goes to the note that says so.
    await lise.getByLabel('Svarmal').selectOption({ label: TEMPLATE_TITLE })
    await lise.getByRole('button', { name: 'Sett inn malen' }).click()
    expect(await lise.getByLabel('Svaret ditt').inputValue()).toBe(TEMPLATE)
    await lise.getByLabel('Svaret ditt').fill(`${TEMPLATE} Hilsen Lise`)
    await lise.getByRole('button', { name: 'Send svar' }).click()
    await lise.getByText('Svaret er sendt til Ingrid Berg.').waitFor()
    await lise.getByLabel('Svaret ditt').waitFor({ state: 'detached' })
    await lise.getByRole('button', { name: 'Skriv en ny melding' }).waitFor()
    await lise.waitForFunction(() => document.activeElement?.textContent?.includes('Svaret er sendt til Ingrid Berg.') === true)
    expect(await header.textContent()).not.toContain('Forfalt')
    expect(await lise.locator('main').textContent()).toContain(`${TEMPLATE} Hilsen Lise`)
    await screenshot(lise, 'flow-staff-thread-answered')

    // "Mine": the thread Lise has.
    await lise.goto('/helsepersonell/innbyggermeldinger?status=all&tildelt=mine')
    await waitForPage(lise)
    await rows(lise).filter({ hasText: OVERDUE }).first().waitFor()
    expect(await rows(lise).filter({ hasText: ANSWERED }).count()).toBe(0)
    expect(await rows(lise).filter({ hasText: OVERDUE }).first().textContent()).toContain('Lise Lund')
  }, 120_000)

  for (const { name, viewport } of viewports) {
    test(`the inbox with filters and the thread with notes pass axe (${name})`, async () => {
      const page = await (await suite.newContext(viewport)).newPage()
      await logInFromLanding(page, 'staff', 'Lise Lund')
      await page.goto('/helsepersonell/innbyggermeldinger?status=all&pasient=00000000-0000-4000-8000-000000000305')
      await waitForPage(page)
      await page.getByText('Viser bare samtaler med Ingrid Berg').waitFor()
      await check(page, `staff-inbox-filtered-${name}`)
      await page.goto(new URL(threadUrl).pathname)
      await waitForPage(page)
      await page.getByRole('list', { name: 'Interne notater, eldste først' }).waitFor()
      await check(page, `staff-thread-work-${name}`)
      await page.getByRole('button', { name: 'Skriv en ny melding' }).click()
      await page.getByLabel('Svarmal').waitFor()
      await check(page, `staff-thread-answer-form-${name}`)
    }, 120_000)
  }
})
