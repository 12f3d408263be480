// The development mailbox, as the platform operator meets it in a demo without SMTP or an SMS gateway: Lise Lund
// answers Ingrid Berg's overdue message, and Ole Olsen finds the SMS that would have told Ingrid (and Per, who holds
// her fullmakt) – saying only that a message waits, never what it is about – then empties the mailbox.
// Checked with axe (WCAG 2.1 A/AA) at desktop size and on a 360 px phone, with screenshots.
import type { Page } from 'playwright-core'
import { describe, expect, test } from 'vitest'
import { DEMO_CONTACTS } from '../../src/citizen/notifications/demo-contact-register.ts'
import { DEMO_PEOPLE } from '../../src/registry/index.ts'
import { axeViolations, logInFromLanding, screenshot, settled, useBrowserSuite, viewports, waitForPage } from './browser-harness.ts'

const suite = useBrowserSuite({ devMailbox: true })
const SUBJECT = 'Medisinlisten etter sykehusoppholdet'
const ANSWER = 'Vi har fått den nye medisinlisten fra legen, og doseringen av Marevan er endret.'
const INGRID_MOBILE = DEMO_CONTACTS.ingridBerg.mobile ?? ''

function visibleList(page: Page) {
  return page.locator('main').locator('table:visible, ul.app-cards:visible').first()
}

async function check(page: Page, shot: string): Promise<void> {
  await screenshot(page, shot)
  expect(await axeViolations(page)).toEqual([])
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)
  expect(overflow).toBeLessThanOrEqual(0)
}

async function answerIngrid(): Promise<void> {
  const lise = await (await suite.newContext()).newPage()
  await logInFromLanding(lise, 'staff', 'Lise Lund')
  await lise.getByRole('link', { name: 'Meldinger fra innbyggere' }).click()
  await lise.getByRole('heading', { level: 1, name: 'Meldinger fra innbyggere' }).waitFor()
  await waitForPage(lise)
  await lise.getByRole('link', { name: SUBJECT }).click()
  await lise.getByRole('heading', { level: 1, name: SUBJECT }).waitFor()
  await waitForPage(lise)
  // Once answered (an earlier test), the answer form opens on request.
  await lise
    .getByLabel('Svaret ditt')
    .or(lise.getByRole('button', { name: 'Skriv en ny melding' }))
    .waitFor()
  if ((await lise.getByLabel('Svaret ditt').count()) === 0) await lise.getByRole('button', { name: 'Skriv en ny melding' }).click()
  await lise.getByLabel('Svaret ditt').fill(ANSWER)
  await lise.getByRole('button', { name: 'Send svar' }).click()
  await lise.getByText('Svaret er sendt til Ingrid Berg.').waitFor()
  // Not the operator's page: Lise is told so.
  await lise.goto('/forvaltning/utviklingspostkasse')
  await lise.getByRole('heading', { level: 1, name: 'Bare for plattformforvalteren' }).waitFor()
  await lise.context().close()
}

describe('Ole Olsen, platform operator, in a demo without SMTP or SMS gateway', () => {
  test('finds the SMS that would have told Ingrid of Lise’s answer, without its content, and empties the mailbox', async () => {
    await answerIngrid()

    const page = await (await suite.newContext()).newPage()
    await logInFromLanding(page, 'staff', 'Ole Olsen')
    await page.getByRole('link', { name: 'Utviklingspostkassen', exact: true }).click()
    await page.waitForURL(/\/forvaltning\/utviklingspostkasse$/)
    await page.getByRole('heading', { level: 1, name: 'Utviklingspostkassen' }).waitFor()
    // The notification worker polls; the page looks again every few seconds by itself.
    const sms = visibleList(page).locator('tr').filter({ hasText: INGRID_MOBILE })
    await sms.waitFor({ timeout: 30_000 })
    const text = (await sms.textContent()) ?? ''
    expect(text).toContain('SMS')
    expect(text).toContain('Melding fra helsepersonell')
    expect(text).toContain('Du har fått en ny melding fra')
    // Nothing of what the message said, nor its subject, nor whose it is.
    for (const secret of [ANSWER, 'Marevan', SUBJECT, 'Ingrid', DEMO_PEOPLE.ingridBerg.nationalId]) expect(text).not.toContain(secret)
    await screenshot(page, 'flow-dev-mailbox-sms')

    // Emptied, after confirming.
    await page.getByRole('button', { name: 'Tøm postkassen …' }).click()
    const dialog = page.getByRole('dialog', { name: 'Vil du tømme postkassen?' })
    await dialog.waitFor()
    await settled(dialog)
    expect(await dialog.textContent()).toMatch(/Alle \d+ meldingene blir slettet for godt\./)
    await screenshot(page, 'flow-dev-mailbox-clear-dialog')
    await dialog.getByRole('button', { name: 'Ja, tøm postkassen' }).click()
    await page.getByText('Postkassen er tom.', { exact: false }).waitFor()
    // The button that opened the dialog is gone with the list: focus moves to what now stands in its place.
    await page.waitForFunction(() => document.activeElement?.textContent?.startsWith('Postkassen er tom.') === true)
    expect(await page.locator('main table').count()).toBe(0)
  })
})

describe.each(viewports)('the development mailbox passes WCAG 2.1 AA at $name size', ({ name, viewport }) => {
  test('with an SMS in it', async () => {
    await answerIngrid()
    const context = await suite.newContext(viewport)
    const page = await context.newPage()
    await logInFromLanding(page, 'staff', 'Ole Olsen')
    await page.goto('/forvaltning/utviklingspostkasse')
    await waitForPage(page)
    await page.locator('main').getByText(INGRID_MOBILE).filter({ visible: true }).first().waitFor({ timeout: 30_000 })
    await check(page, `dev-mailbox-${name}`)
    await page.getByRole('button', { name: 'Tøm postkassen …' }).click()
    const dialog = page.getByRole('dialog', { name: 'Vil du tømme postkassen?' })
    await dialog.waitFor()
    await settled(dialog)
    await check(page, `dev-mailbox-clear-dialog-${name}`)
    await dialog.getByRole('button', { name: 'Ja, tøm postkassen' }).click()
    await page.getByText('Postkassen er tom.', { exact: false }).waitFor()
    await check(page, `dev-mailbox-empty-${name}`)
  })
})
