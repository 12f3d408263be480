// Messages between a citizen and a municipal service, in the portal: Per Berg, acting for his mother Ingrid Berg under
// her fullmakt, writes to Tønsberg's home nursing with a PDF attached; Lise Lund answers from the staff portal and
// closes the thread; Per sees the answer and that his message was read. Per chooses his notification level. Then every
// page built for this is checked with axe (WCAG 2.1 A/AA) at desktop size and on a 360 px phone, with screenshots.
import type { BrowserContext, Page } from 'playwright-core'
import { beforeAll, describe, expect, test } from 'vitest'
import { DEMO } from '../../src/registry/demo/vestfold-demo.ts'
import { axeViolations, logInFromLanding, screenshot, useBrowserSuite, viewports, waitForPage, settled } from './browser-harness.ts'

const suite = useBrowserSuite()

const INGRID = DEMO.people.ingridBerg
const SERVICE = DEMO.services.tonsbergHjemmesykepleie
const SUBJECT = 'Nye medisiner fra apoteket'
const BODY = 'Mor har fått nye medisiner.\nKan dere ta dem med i dosetten ved neste besøk?'
const ANSWER = 'Takk for beskjed. Vi legger dem i dosetten på torsdag.'
// The smallest file that starts like a PDF: the server checks the magic bytes, not the whole document.
const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n')

/** A fresh tab always starts acting for oneself (sessionStorage); this makes every tab of the context act for someone. */
async function actFor(context: BrowserContext, personId: string): Promise<void> {
  await context.addInitScript((id) => sessionStorage.setItem('samband.actingFor', id), personId)
}

/** The dialog fades in: wait for its animations, so that the screenshot and axe's colour checks see it whole. */
async function csrfOf(context: BrowserContext): Promise<string> {
  return ((await (await context.request.get('/api/me')).json()) as { csrfToken: string }).csrfToken
}

describe('Per writes for Ingrid, Lise Lund answers and closes, Per reads the answer', () => {
  test('the whole conversation through the portal', async () => {
    // Per: from the hub, act for Ingrid, then to a new message.
    const perContext = await suite.newContext()
    const per = await perContext.newPage()
    await logInFromLanding(per, 'citizen', 'Per Berg')
    await per.getByRole('button', { name: 'Handle på vegne av Ingrid Berg' }).click()
    await per.getByRole('heading', { level: 2, name: 'Tjenester for Ingrid Berg' }).waitFor()
    // The button is gone after the switch; focus moves to the services now shown, not to the top of the page.
    await per.waitForFunction(() => document.activeElement?.textContent === 'Tjenester for Ingrid Berg')
    expect(await per.getByRole('region', { name: 'Hvem du bruker tjenestene for' }).textContent()).toContain('Du handler på vegne av Ingrid Berg')
    // Her fullmakt to Per does not cover the access log, nor can he manage her fullmakter.
    expect(await per.getByRole('link', { name: 'Fullmakter' }).count()).toBe(0)
    expect(await per.getByRole('link', { name: /Hvem har sett opplysningene/ }).count()).toBe(0)
    await screenshot(per, 'flow-citizen-messages-hub-for-ingrid')

    await per.getByRole('link', { name: 'Meldinger', exact: true }).click()
    await per.getByRole('heading', { level: 1, name: 'Meldinger for Ingrid Berg' }).waitFor()
    await waitForPage(per)
    // The demo's earlier conversations with the home nursing service are listed.
    await per.getByRole('link', { name: 'Besøket på torsdag' }).waitFor()
    await per.getByRole('link', { name: 'Ny melding' }).click()
    await per.getByRole('heading', { level: 1, name: 'Ny melding' }).waitFor()
    await waitForPage(per)
    expect(await per.locator('main').textContent()).toContain('116 117')

    // Ingrid receives one service that takes messages: it is chosen already, with its answer time.
    const radio = per.getByRole('radio', { name: 'Hjemmesykepleien' })
    expect(await radio.isChecked()).toBe(true)
    expect(await per.locator('main').textContent()).toContain('Svar innen én virkedag')

    // Sending without a subject or a message lists what is missing.
    await per.getByRole('button', { name: 'Send melding' }).click()
    await per.getByText('Rett opp dette før du sender:').waitFor()
    expect(await per.getByRole('link', { name: 'Skriv et emne.' }).count()).toBe(1)
    expect(await per.getByRole('link', { name: 'Skriv meldingen.' }).count()).toBe(1)

    await per.getByLabel('Emne').fill(SUBJECT)
    await per.getByLabel('Melding', { exact: true }).fill(BODY)
    // A file that claims to be a PDF but is not is refused before anything is sent.
    const files = per.getByLabel('Vedlegg (valgfritt)')
    await files.setInputFiles({ name: 'falsk.pdf', mimeType: 'application/pdf', buffer: Buffer.from('<html>ikke en pdf</html>') })
    await per.getByText('«falsk.pdf» er ikke en ekte PDF-fil').waitFor()
    // The refusal is told to screen readers too: it appears in a live region that was there before it.
    expect(await per.getByText('«falsk.pdf» er ikke en ekte PDF-fil').evaluate((e) => e.closest('[aria-live]') !== null)).toBe(true)
    await files.setInputFiles({ name: 'medisinliste.pdf', mimeType: 'application/pdf', buffer: PDF })
    await per.getByRole('list', { name: 'Filer som legges ved' }).getByText('medisinliste.pdf').waitFor()
    // Removing a file does not drop focus to the top of the page: it goes back to the file input.
    await files.setInputFiles({ name: 'feil-fil.pdf', mimeType: 'application/pdf', buffer: PDF })
    await per.getByRole('button', { name: 'Fjern feil-fil.pdf' }).click()
    await per.getByRole('button', { name: 'Fjern feil-fil.pdf' }).waitFor({ state: 'detached' })
    expect(await per.evaluate(() => document.activeElement?.id)).toBe('thread-attachments')
    expect(await per.getByRole('list', { name: 'Filer som legges ved' }).getByRole('listitem').count()).toBe(1)
    await screenshot(per, 'flow-citizen-messages-new-filled')

    // A double click sends once: both attempts carry the same Idempotency-Key.
    await per.getByRole('button', { name: 'Send melding' }).dblclick()
    await per.waitForURL(/\/innbygger\/meldinger\/[0-9a-f-]{36}\?sendt=1$/)
    await per.getByRole('heading', { level: 1, name: SUBJECT }).waitFor()
    await waitForPage(per)
    const sent = (await per.locator('main').textContent()) ?? ''
    expect(sent).toContain('Meldingen er sendt til Hjemmesykepleien')
    expect(sent).toContain('Skrevet av Per Berg på vegne av Ingrid Berg')
    expect(sent).toContain('Ikke lest ennå')
    expect(await per.getByRole('link', { name: 'medisinliste.pdf' }).count()).toBe(1)
    await screenshot(per, 'flow-citizen-messages-sent')
    await per.getByRole('link', { name: 'Tilbake til meldinger' }).click()
    await per.getByRole('heading', { level: 1, name: 'Meldinger for Ingrid Berg' }).waitFor()
    await waitForPage(per)
    expect(await per.getByRole('link', { name: SUBJECT }).count()).toBe(1)

    // Lise: the thread waits for an answer, first in the service's inbox.
    const lise = await (await suite.newContext()).newPage()
    await logInFromLanding(lise, 'staff', 'Lise Lund')
    const card = lise.locator('.ds-card').filter({ has: lise.getByRole('link', { name: 'Meldinger fra innbyggere' }) })
    // The new thread and the demo's overdue one wait for an answer.
    await card.getByText(/\d+ venter på svar/).waitFor()
    await lise.getByRole('link', { name: 'Meldinger fra innbyggere' }).click()
    await lise.getByRole('heading', { level: 1, name: 'Meldinger fra innbyggere' }).waitFor()
    await waitForPage(lise)
    const row = lise.locator('main').locator('table:visible tr, ul.app-cards:visible > li').filter({ hasText: SUBJECT })
    const rowText = (await row.textContent()) ?? ''
    expect(rowText).toContain('Venter på svar')
    expect(rowText).toContain('Ulest')
    expect(rowText).toContain('Ingrid Berg')
    await screenshot(lise, 'flow-citizen-messages-staff-inbox')

    await lise.getByRole('link', { name: SUBJECT }).click()
    await lise.getByRole('heading', { level: 1, name: SUBJECT }).waitFor()
    await waitForPage(lise)
    const thread = (await lise.locator('main').textContent()) ?? ''
    expect(thread).toContain('Mor har fått nye medisiner.')
    expect(thread).toContain('Skrevet av Per Berg (fullmektig for Ingrid Berg)')
    // The attachment downloads as it was sent.
    const [download] = await Promise.all([lise.waitForEvent('download'), lise.getByRole('link', { name: 'medisinliste.pdf' }).click()])
    expect(download.suggestedFilename()).toBe('medisinliste.pdf')
    const path = await download.path()
    const { readFile } = await import('node:fs/promises')
    expect(Buffer.compare(await readFile(path), PDF)).toBe(0)

    // Sending an empty answer moves focus to the field, whose error is then read out with it.
    await lise.getByRole('button', { name: 'Send svar' }).click()
    await lise.getByText('Skriv et svar.').waitFor()
    expect(await lise.evaluate(() => document.activeElement?.id)).toBe('answer-body')
    await lise.getByLabel('Svaret ditt').fill(ANSWER)
    await lise.getByRole('button', { name: 'Send svar' }).click()
    await lise.getByText('Svaret er sendt til Ingrid Berg.').waitFor()
    expect(await lise.getByText('Svaret er sendt til Ingrid Berg.').evaluate((e) => e.closest('[aria-live]') !== null)).toBe(true)
    await screenshot(lise, 'flow-citizen-messages-staff-answered')

    // Per: a new message in the inbox; in the thread, Lise's answer and "Lest" on his own message.
    await per.reload()
    await waitForPage(per)
    const perRow = per.locator('main li').filter({ hasText: SUBJECT })
    expect(await perRow.textContent()).toContain('1 ny melding')
    await per.getByRole('link', { name: SUBJECT }).click()
    await per.getByRole('heading', { level: 1, name: SUBJECT }).waitFor()
    await waitForPage(per)
    const answered = (await per.locator('main').textContent()) ?? ''
    expect(answered).toContain(ANSWER)
    expect(answered).toContain('Skrevet av Lise Lund')
    const own = per.getByRole('article', { name: 'Ingrid Berg' })
    expect(await own.textContent()).toContain('Lest')
    expect(await own.textContent()).not.toContain('Ikke lest ennå')
    await screenshot(per, 'flow-citizen-messages-answer-read')

    // Lise closes the thread, after confirming; nothing is deleted, Per cannot answer there any more.
    await lise.getByRole('button', { name: 'Avslutt samtalen …' }).click()
    const dialog = lise.getByRole('dialog', { name: 'Vil du avslutte samtalen?' })
    await dialog.waitFor()
    await settled(dialog)
    await screenshot(lise, 'flow-citizen-messages-staff-close-dialog')
    await dialog.getByRole('button', { name: 'Ja, avslutt samtalen' }).click()
    await lise.getByText('Samtalen er avsluttet.').waitFor()
    // The button that opened the dialog is gone with the form: focus moves to what now stands in their place.
    await lise.waitForFunction(() => document.activeElement?.textContent?.startsWith('Samtalen er avsluttet.') === true)
    expect(await lise.locator('main').textContent()).toContain(ANSWER)

    await per.reload()
    await waitForPage(per)
    await per.getByRole('heading', { level: 2, name: 'Samtalen er avsluttet' }).waitFor()
    expect(await per.getByRole('button', { name: 'Send melding' }).count()).toBe(0)
    expect(await per.getByRole('link', { name: 'Start en ny melding' }).getAttribute('href')).toBe(`/innbygger/meldinger/ny?tjeneste=${SERVICE.id}`)
    expect(await per.locator('main').textContent()).toContain(ANSWER)
    await screenshot(per, 'flow-citizen-messages-closed')
  })

  test('a service whose municipality has given notice shows its last day; one that has ended is not offered', async () => {
    // No demo person receives Horten's services, so the list is answered here, as the API would for such a person.
    const context = await suite.newContext()
    await actFor(context, INGRID.id)
    const page = await context.newPage()
    await logInFromLanding(page, 'citizen', 'Per Berg')
    const horten = (open: boolean, endsAt: string, serviceId: string, serviceName: string) => ({
      serviceId,
      serviceName,
      organisationName: 'Horten kommune',
      open,
      endsAt,
      answerTime: 'Svar innen én virkedag',
    })
    const ended = horten(false, '2026-11-01T00:00:00+01:00', '00000000-0000-4000-8000-000000000212', 'Helsestasjonen')
    let items = [horten(true, '2026-12-02T00:00:00+01:00', SERVICE.id, 'Hjemmesykepleien'), ended]
    await page.route('**/api/citizens/*/message-services', (route) => route.fulfill({ json: { items } }))

    await page.goto('/innbygger/meldinger/ny')
    await waitForPage(page)
    expect(await page.getByRole('radio').count()).toBe(1)
    expect(await page.locator('main').textContent()).toContain('Horten kommune · Svar innen én virkedag · Avsluttes 2. desember 2026')
    await page.getByText('Du kan skrive til Hjemmesykepleien her til og med 1. desember 2026.').waitFor()
    await screenshot(page, 'flow-citizen-messages-service-ending')
    expect(await axeViolations(page)).toEqual([])

    items = [ended]
    await page.reload()
    await waitForPage(page)
    await page.getByRole('heading', { level: 2, name: 'Ingen tjenester å skrive til' }).waitFor()
    expect(await page.locator('main').textContent()).toContain('tar ikke lenger imot meldinger i Samband: Helsestasjonen (Horten kommune)')
    expect(await page.getByRole('radio').count()).toBe(0)
  })

  test('messages are not offered for a 14-year-old, whose parent may only read a few areas', async () => {
    const context = await suite.newContext()
    await actFor(context, DEMO.people.jonasNordmann.id)
    const page = await context.newPage()
    await logInFromLanding(page, 'citizen', 'Kari Nordmann')
    await page.getByRole('heading', { level: 2, name: 'Tjenester for Jonas Nordmann' }).waitFor()
    expect(await page.getByRole('link', { name: 'Helsekontakter' }).count()).toBe(1)
    expect(await page.getByRole('link', { name: 'Meldinger', exact: true }).count()).toBe(0)
    expect(await page.getByRole('link', { name: 'Varslinger' }).count()).toBe(0)
    await page.goto('/innbygger/meldinger/ny')
    await page.getByRole('heading', { level: 1, name: 'Du kan ikke bruke meldinger for Jonas Nordmann' }).waitFor()
    expect(await page.getByRole('button', { name: 'Send melding' }).count()).toBe(0)
  })

  test('Per chooses full notifications for himself, and sees where they go', async () => {
    const page = await (await suite.newContext()).newPage()
    await logInFromLanding(page, 'citizen', 'Per Berg')
    await page.getByRole('link', { name: 'Varslinger' }).click()
    await page.getByRole('heading', { level: 1, name: 'Varslinger' }).waitFor()
    await waitForPage(page)
    expect(await page.getByRole('radio', { name: 'Normal' }).isChecked()).toBe(true)
    const main = (await page.locator('main').textContent()) ?? ''
    expect(main).toContain('helsepersonell har sendt deg en melding')
    expect(main).toContain('Kontakt- og reservasjonsregisteret')
    // The register's details are shown, not offered for editing.
    expect(await page.getByRole('textbox').count()).toBe(0)

    await page.getByRole('radio', { name: 'Full' }).check()
    await page.getByRole('button', { name: 'Lagre valget' }).click()
    await page.getByText('Valget er lagret: full.').waitFor()
    await page.reload()
    await waitForPage(page)
    expect(await page.getByRole('radio', { name: 'Full' }).isChecked()).toBe(true)
    await screenshot(page, 'flow-citizen-notification-settings')
  })
})

describe('long words on a 360 px phone', () => {
  test('a subject and a file name without spaces wrap instead of widening the page', async () => {
    const phone = viewports.find((v) => v.name === 'phone')!.viewport
    const per = await suite.newContext(phone)
    await logInFromLanding(await per.newPage(), 'citizen', 'Per Berg')
    await actFor(per, INGRID.id)
    const lise = await suite.newContext(phone)
    await logInFromLanding(await lise.newPage(), 'staff', 'Lise Lund')
    const subject = `Langt-emne-${'x'.repeat(120)}`
    const fileName = `IMG_20261123_${'1'.repeat(100)}.pdf`
    const created = await per.request.post(`/api/citizens/${INGRID.id}/threads`, {
      headers: { 'x-csrf-token': await csrfOf(per) },
      data: {
        serviceId: SERVICE.id,
        subject,
        body: `Se https://example.org/${'a'.repeat(150)}`,
        attachments: [{ fileName, contentType: 'application/pdf', contentBase64: PDF.toString('base64') }],
      },
    })
    expect(created.status()).toBe(201)
    const threadId = ((await created.json()) as { id: string }).id
    const overflow = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)
    for (const [context, path] of [
      [per, '/innbygger/meldinger'],
      [per, `/innbygger/meldinger/${threadId}`],
      [lise, '/helsepersonell/innbyggermeldinger'],
      [lise, `/helsepersonell/innbyggermeldinger/${threadId}`],
    ] as const) {
      const page = await context.newPage()
      await page.goto(path)
      await waitForPage(page)
      await page
        .getByRole('link', { name: path.endsWith(threadId) ? fileName : subject })
        .first()
        .waitFor()
      expect(await overflow(page), path).toBeLessThanOrEqual(0)
    }
  })
})

describe.each(viewports)('the citizen message pages pass WCAG 2.1 AA at $name size', ({ name, viewport }) => {
  let perForIngrid: BrowserContext
  let perSelf: BrowserContext
  let lise: BrowserContext
  let threadId: string

  beforeAll(async () => {
    perForIngrid = await suite.newContext(viewport)
    await logInFromLanding(await perForIngrid.newPage(), 'citizen', 'Per Berg')
    await actFor(perForIngrid, INGRID.id)
    perSelf = await suite.newContext(viewport)
    await logInFromLanding(await perSelf.newPage(), 'citizen', 'Per Berg')
    lise = await suite.newContext(viewport)
    await logInFromLanding(await lise.newPage(), 'staff', 'Lise Lund')

    // A thread with an attachment and an answer, written over the API as the pages do.
    const created = await perForIngrid.request.post(`/api/citizens/${INGRID.id}/threads`, {
      headers: { 'x-csrf-token': await csrfOf(perForIngrid), 'idempotency-key': `axe-${name}` },
      data: {
        serviceId: SERVICE.id,
        subject: `Sårstell (${name})`,
        body: 'Kan dere se på såret på leggen ved neste besøk?',
        attachments: [{ fileName: 'bilde-av-saret.pdf', contentType: 'application/pdf', contentBase64: PDF.toString('base64') }],
      },
    })
    expect(created.status()).toBe(201)
    threadId = ((await created.json()) as { id: string }).id
    const answered = await lise.request.post(`/api/services/${SERVICE.id}/threads/${threadId}/messages`, {
      headers: { 'x-csrf-token': await csrfOf(lise), 'idempotency-key': `axe-answer-${name}` },
      data: { body: 'Vi ser på det i morgen formiddag.' },
    })
    expect(answered.status()).toBe(201)
  })

  async function check(page: Page, shot: string): Promise<void> {
    await screenshot(page, `${shot}-${name}`)
    expect(await axeViolations(page)).toEqual([])
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)
    expect(overflow).toBeLessThanOrEqual(0)
  }

  async function open(context: BrowserContext, path: string, heading: string | RegExp): Promise<Page> {
    const page = await context.newPage()
    await page.goto(path)
    await waitForPage(page)
    await page.getByRole('heading', { level: 1, name: heading }).waitFor()
    expect(await page.locator('h1').count()).toBe(1)
    return page
  }

  test('citizen home, acting for oneself and for Ingrid', async () => {
    await check(await open(perSelf, '/innbygger', 'Per Berg'), 'citizen-home-self')
    const page = await open(perForIngrid, '/innbygger', 'Per Berg')
    await page.getByRole('link', { name: 'Meldinger', exact: true }).waitFor()
    await check(page, 'citizen-home-for-ingrid')
  })

  test('citizen inbox', async () => {
    const page = await open(perForIngrid, '/innbygger/meldinger', 'Meldinger for Ingrid Berg')
    await page.getByRole('link', { name: `Sårstell (${name})` }).waitFor()
    await check(page, 'citizen-inbox')
  })

  test('new message, with the errors of an empty form', async () => {
    const page = await open(perForIngrid, '/innbygger/meldinger/ny', 'Ny melding')
    await page.getByRole('button', { name: 'Send melding' }).click()
    await page.getByText('Rett opp dette før du sender:').waitFor()
    await check(page, 'citizen-new-message')
  })

  test('new message when there is no service to write to', async () => {
    // Per receives no municipal service himself.
    const page = await open(perSelf, '/innbygger/meldinger/ny', 'Ny melding')
    await page.getByRole('heading', { level: 2, name: 'Ingen tjenester å skrive til' }).waitFor()
    expect(await page.getByRole('button', { name: 'Send melding' }).count()).toBe(0)
    await check(page, 'citizen-new-message-no-service')
  })

  test('citizen thread with an answer and an attachment', async () => {
    const page = await open(perForIngrid, `/innbygger/meldinger/${threadId}`, `Sårstell (${name})`)
    await page.getByText('Vi ser på det i morgen formiddag.').waitFor()
    await check(page, 'citizen-thread')
  })

  test('notification settings', async () => {
    const page = await open(perSelf, '/innbygger/varsler', 'Varslinger')
    await page.getByRole('radio', { name: 'Begrenset' }).waitFor()
    await check(page, 'citizen-notification-settings')
  })

  test('staff home with the link to citizens’ messages', async () => {
    const page = await open(lise, '/helsepersonell', 'Lise Lund')
    await page.getByRole('link', { name: 'Meldinger fra innbyggere' }).waitFor()
    await check(page, 'citizen-messages-staff-home')
  })

  test('staff inbox of citizens’ messages', async () => {
    const page = await open(lise, '/helsepersonell/innbyggermeldinger', 'Meldinger fra innbyggere')
    await page.locator('main').locator('table:visible, ul.app-cards:visible').first().waitFor()
    await check(page, 'citizen-messages-staff-inbox')
  })

  test('staff thread with the answer form and the close dialog', async () => {
    const page = await open(lise, `/helsepersonell/innbyggermeldinger/${threadId}`, `Sårstell (${name})`)
    // Answered already: the form opens on request.
    await page.getByRole('button', { name: 'Skriv en ny melding' }).click()
    await page.getByLabel('Svaret ditt').waitFor()
    await check(page, 'citizen-messages-staff-thread')
    await page.getByRole('button', { name: 'Avslutt samtalen …' }).click()
    const dialog = page.getByRole('dialog', { name: 'Vil du avslutte samtalen?' })
    await dialog.waitFor()
    await settled(dialog)
    await check(page, 'citizen-messages-staff-close-dialog')
  })
})
