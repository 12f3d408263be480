// Messages between services in the staff portal: Lise Lund (home nursing, Tønsberg) writes to the GP practice,
// the patient's name shown from the registry before sending; Berit Bakke opens (a plain GET changes nothing; the page
// receipts it) and answers, Lise reads the answer and sees the receipt; a failed message is sent again. Then every new page is checked with axe
// (WCAG 2.1 A/AA) at desktop size and on a 360 px phone, with screenshots.
import { randomUUID } from 'node:crypto'
import type { BrowserContext, Page } from 'playwright-core'
import { beforeAll, describe, expect, test } from 'vitest'
import { writeDialogmelding } from '../../src/exchange/messages/dialogmelding.writer.ts'
import { volvenOid } from '../../src/exchange/messages/namespaces.ts'
import { DEMO } from '../../src/registry/demo/vestfold-demo.ts'
import { axeViolations, logInFromLanding, screenshot, useBrowserSuite, viewports, waitForPage } from './browser-harness.ts'

const suite = useBrowserSuite()

const INGRID = DEMO.people.ingridBerg
const SUBJECT = 'Medisinliste for Ingrid Berg'
const QUESTION = 'Kan du bekrefte dagens medisinliste?\nHun har fått ny blodtrykksmedisin etter innleggelsen.'
const ANSWER = 'Medisinlisten er oppdatert i dag. Amlodipin 5 mg er lagt til.'

/** The lists are read when the page opens; a message is delivered a moment after it is sent. */
async function openInboxUntil(page: Page, linkName: string): Promise<void> {
  for (let attempt = 0; attempt < 20; attempt++) {
    await page.goto('/helsepersonell/meldinger')
    await waitForPage(page)
    if ((await page.getByRole('link', { name: linkName, exact: true }).count()) > 0) return
    await page.waitForTimeout(250)
  }
  throw new Error(`"${linkName}" never reached the inbox`)
}

/** The visible presentation of a list: a table on wide screens, cards on phones. */
function visibleList(page: Page) {
  return page.locator('main').locator('table:visible, ul.app-cards:visible').first()
}

describe('a forespørsel from the home nursing service to the GP, and the answer', () => {
  test('Lise Lund writes, Berit Bakke opens and answers, Lise reads the answer and sees the receipt', async () => {
    // Lise: from the staff home to a new message.
    const lise = await (await suite.newContext()).newPage()
    await logInFromLanding(lise, 'staff', 'Lise Lund')
    await lise.getByRole('link', { name: 'Meldinger', exact: true }).click()
    await lise.waitForURL(/\/helsepersonell\/meldinger$/)
    await waitForPage(lise)
    await lise.getByRole('link', { name: 'Ny melding', exact: true }).click()
    await lise.getByRole('heading', { level: 1, name: 'Ny melding' }).waitFor()

    // Sending without filling in anything lists what is missing.
    await lise.getByRole('button', { name: 'Send melding' }).click()
    await lise.getByText('Rett opp dette før du sender:').waitFor()
    expect(await lise.getByRole('link', { name: 'Velg en mottaker fra adresseregisteret.' }).count()).toBe(1)

    await lise.getByLabel('Søk i adresseregisteret').fill('Tønsberg legesenter')
    await lise.getByRole('button', { name: 'Søk', exact: true }).click()
    // Choosing replaces the list with the chosen receiver.
    await lise.getByRole('radio', { name: 'Fastlegepraksis', exact: true }).click()
    await lise.getByText('HER-id 820271').first().waitFor()
    // The number is looked up before anything is sent: an unknown one is said to be unknown, Ingrid's names her.
    await lise.getByLabel('Pasientens fødselsnummer').fill('01815049914')
    await lise.getByText('Finner ikke dette fødselsnummeret i Folkeregisteret.', { exact: false }).waitFor()
    await lise.getByLabel('Pasientens fødselsnummer').fill(INGRID.nationalId)
    await lise.getByText(/Pasient: Ingrid Berg, født 3\. september 1938/).waitFor()
    expect(await lise.getByText('Finner ikke dette fødselsnummeret', { exact: false }).count()).toBe(0)
    await lise.getByLabel('Emne').fill(SUBJECT)
    await lise.getByLabel('Melding', { exact: true }).fill(QUESTION)
    await screenshot(lise, 'flow-exchange-new-message-filled')
    await lise.getByRole('button', { name: 'Send melding' }).click()
    await lise.waitForURL(/\/helsepersonell\/meldinger\/[0-9a-f-]{36}\?sendt=1$/)
    await lise.getByRole('heading', { level: 1, name: SUBJECT }).waitFor()
    await lise.getByText('Meldingen er sendt.').waitFor()
    await screenshot(lise, 'flow-exchange-sent')

    // Berit: the forespørsel is in her inbox, unread and unanswered.
    const berit = await (await suite.newContext()).newPage()
    await logInFromLanding(berit, 'staff', 'Berit Bakke')
    await openInboxUntil(berit, SUBJECT)
    const row = visibleList(berit).locator('tr, li').filter({ hasText: SUBJECT })
    expect(await row.textContent()).toContain('Ubesvart')
    expect(await row.textContent()).toContain('Ulest')
    expect(await row.textContent()).toContain('Ingrid Berg')
    // Lists name the patient by name and birth date only.
    expect(await berit.locator('main').textContent()).not.toContain(INGRID.nationalId)
    await screenshot(berit, 'flow-exchange-berit-inbox')

    // A link followed from elsewhere (a GET with Berit's cookie) only reads: the message stays unread, unreceipted.
    const href = (await berit.getByRole('link', { name: SUBJECT, exact: true }).getAttribute('href')) ?? ''
    const messageId = href.split('/').at(-1) ?? ''
    expect((await berit.context().request.get(`/api/exchange/messages/${messageId}`)).status()).toBe(200)
    await openInboxUntil(berit, SUBJECT)
    expect(await visibleList(berit).locator('tr, li').filter({ hasText: SUBJECT }).textContent()).toContain('Ulest')

    await berit.getByRole('link', { name: SUBJECT, exact: true }).click()
    await berit.getByRole('heading', { level: 1, name: SUBJECT }).waitFor()
    await waitForPage(berit)
    const main = (await berit.locator('main').textContent()) ?? ''
    expect(main).toContain('Kan du bekrefte dagens medisinliste?')
    expect(main).toContain(INGRID.nationalId)
    // Showing it on the page marked it read and sent the AppRec the sender asked for (a POST with the CSRF token).
    await berit.getByRole('region', { name: 'Status hos mottaker' }).getByText('Kvittert').first().waitFor()
    await berit.getByLabel('Svaret ditt').fill(ANSWER)
    await berit.getByRole('button', { name: 'Send svar' }).click()
    await berit.getByText('Svaret er sendt til Hjemmesykepleien.').waitFor()
    await screenshot(berit, 'flow-exchange-berit-answered')

    // Lise: the answer is in her inbox and links back to the question; the question is receipted in Sendt.
    await openInboxUntil(lise, `Svar: ${SUBJECT}`)
    await lise.getByRole('link', { name: `Svar: ${SUBJECT}`, exact: true }).click()
    await lise.getByRole('heading', { level: 1, name: `Svar: ${SUBJECT}` }).waitFor()
    await waitForPage(lise)
    const answer = (await lise.locator('main').textContent()) ?? ''
    expect(answer).toContain(ANSWER)
    expect(answer).toContain('Spørsmålet som besvares')
    expect(await lise.getByRole('link', { name: /^Forespørsel fra Hjemmesykepleien/ }).count()).toBe(1)
    await screenshot(lise, 'flow-exchange-lise-answer')

    await lise.goto('/helsepersonell/meldinger')
    await waitForPage(lise)
    await lise.getByRole('tab', { name: 'Sendt' }).click()
    await lise.waitForURL(/mappe=sendt/)
    await waitForPage(lise)
    const sent = visibleList(lise).locator('tr, li').filter({ hasText: SUBJECT }).first()
    await sent.waitFor()
    expect(await sent.textContent()).toContain('Kvittert')
    await screenshot(lise, 'flow-exchange-lise-outbox')
    // Three people's sessions and two deliveries: longer than the default minute on a loaded machine.
  }, 180_000)
})

type StaffMe = { csrfToken: string }

/** Lise sends over the API, as the page does, so that the accessibility checks always have something to show. */
async function sendAsLise(context: BrowserContext): Promise<string> {
  const me = (await (await context.request.get('/api/me')).json()) as StaffMe
  const response = await context.request.post('/api/exchange/messages', {
    headers: { 'x-csrf-token': me.csrfToken },
    data: { kind: 'foresporsel', receiverHerId: 820271, patientNationalId: INGRID.nationalId, subject: 'Sårstell', text: 'Når kan dere se på såret?' },
  })
  expect(response.status()).toBe(201)
  return ((await response.json()) as { id: string }).id
}

/**
 * The home nursing service's EPJ sends to a HER-id nobody has: Samband answers with AppRec E21, which the portal must
 * show to the user (RULES.md §3).
 */
async function sendToUnknownReceiverFromEpj(): Promise<void> {
  const basic = Buffer.from('demo-epj-939901035:demo-secret-939901035').toString('base64')
  const token = await fetch(`${suite.url}/idp/token`, {
    method: 'POST',
    headers: { authorization: `Basic ${basic}`, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'client_credentials', scope: 'samband/exchange' }),
  })
  const { access_token: accessToken } = (await token.json()) as { access_token: string }
  const her = (id: number) => ({ id: String(id), typeId: { v: 'HER', dn: 'HER-id', s: volvenOid(9051) } })
  const xml = writeDialogmelding({
    kind: 'foresporsel',
    msgId: randomUUID(),
    genDate: new Date().toISOString(),
    sender: { organisationName: 'Tønsberg kommune', idents: [her(810104)], organisation: { organisationName: 'Hjemmesykepleien', idents: [her(820231)] } },
    receiver: { organisationName: 'Nedlagt legekontor', idents: [her(899999)] },
    patient: { familyName: 'Berg', givenName: 'Ingrid', idents: [{ id: INGRID.nationalId, typeId: { v: 'FNR', dn: 'Fødselsnummer', s: volvenOid(8116) } }] },
    foresporsel: {
      typeForesp: { v: '99', dn: 'Annen henvendelse', s: volvenOid(9152) },
      emneSporsmal: 'Epikrise etterlyst',
      sporsmal: 'Har dere fått epikrisen?',
    },
  })
  const posted = await fetch(`${suite.url}/msh/Messages`, {
    method: 'POST',
    headers: { authorization: `Bearer ${accessToken}`, 'api-version': '2', 'nhn-source-system': 'Browser test EPJ', 'content-type': 'application/json' },
    body: JSON.stringify({ businessDocument: Buffer.from(xml).toString('base64'), contentType: 'application/xml', contentTransferEncoding: 'base64' }),
  })
  expect(posted.status).toBe(201)
}

describe.each(viewports)('the message pages pass WCAG 2.1 AA at $name size', ({ name, viewport }) => {
  let lise: BrowserContext
  let berit: BrowserContext
  let sentId: string

  beforeAll(async () => {
    lise = await suite.newContext(viewport)
    await logInFromLanding(await lise.newPage(), 'staff', 'Lise Lund')
    berit = await suite.newContext(viewport)
    await logInFromLanding(await berit.newPage(), 'staff', 'Berit Bakke')
    sentId = await sendAsLise(lise)
    if (name === 'desktop') await sendToUnknownReceiverFromEpj()
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

  test('staff home with the links to messages and the address registry', async () => {
    const page = await open(lise, '/helsepersonell', 'Lise Lund')
    await page.getByRole('link', { name: 'Adresseregister' }).waitFor()
    await check(page, 'exchange-staff-home')
  })

  test('inbox', async () => {
    await openInboxUntil(await berit.newPage(), 'Sårstell')
    const page = await open(berit, '/helsepersonell/meldinger', 'Meldinger')
    await visibleList(page).waitFor()
    await check(page, 'exchange-inbox')
  })

  test('sent messages, with a receipt that failed', async () => {
    const page = await open(lise, '/helsepersonell/meldinger?mappe=sendt', 'Meldinger')
    await visibleList(page).waitFor()
    await visibleList(page).getByText('Ikke levert').first().waitFor()
    await check(page, 'exchange-outbox')
  })

  test('a received forespørsel with the answer form', async () => {
    const page = await open(berit, `/helsepersonell/meldinger/${sentId}`, 'Sårstell')
    await page.getByLabel('Svaret ditt').waitFor()
    await check(page, 'exchange-message-received')
  })

  test('a sent message the receiver could not take, with the AppRec error shown', async () => {
    const list = await open(lise, '/helsepersonell/meldinger?mappe=sendt', 'Meldinger')
    await list.getByRole('link', { name: 'Epikrise etterlyst' }).first().click()
    await list.getByRole('heading', { level: 1, name: 'Epikrise etterlyst' }).waitFor()
    await waitForPage(list)
    const text = (await list.locator('main').textContent()) ?? ''
    expect(text).toContain('E21: Mottaker finnes ikke')
    expect(text).toContain('899999')
    await check(list, 'exchange-message-apprec-error')
    // Sent again, as a new message to the receiver that could not take it (which the registry still does not know).
    await list.getByRole('button', { name: 'Send meldingen på nytt' }).click()
    await list.waitForURL(/\/helsepersonell\/meldinger\/[0-9a-f-]{36}\?sendt=1$/)
    await list.getByText('Meldingen er sendt.').waitFor()
    await list.getByRole('heading', { level: 1, name: 'Epikrise etterlyst' }).waitFor()
  })

  test('new message, with search results and the error summary', async () => {
    const page = await open(lise, '/helsepersonell/meldinger/ny', 'Ny melding')
    await check(page, 'exchange-new-message')
    await page.getByLabel('Søk i adresseregisteret').fill('hjemmesykepleien')
    await page.getByRole('button', { name: 'Søk', exact: true }).click()
    await page.getByRole('radio').first().waitFor()
    await page.getByRole('button', { name: 'Send melding' }).click()
    await page.getByText('Rett opp dette før du sender:').waitFor()
    await check(page, 'exchange-new-message-errors')
  })

  test('new message to a receiver chosen in the address registry', async () => {
    const page = await open(lise, '/helsepersonell/meldinger/ny?mottaker=830403', 'Ny melding')
    await page.getByText('Berit Bakke').first().waitFor()
    await check(page, 'exchange-new-message-receiver')
  })

  test('address registry', async () => {
    const page = await open(lise, '/helsepersonell/adresseregister?q=T%C3%B8nsberg', 'Adresseregister')
    await page.getByRole('article').first().waitFor()
    // One party's message types opened.
    await page
      .getByText(/^Meldingstyper/)
      .first()
      .click()
    await page.getByText('DIALOG_SVAR').first().waitFor()
    // Let the opening animation finish before the screenshot.
    await page.waitForTimeout(500)
    await check(page, 'exchange-address-registry')
  })

  test('a coordinator, who may not use messages, is told so', async () => {
    const siri = await suite.newContext(viewport)
    await logInFromLanding(await siri.newPage(), 'staff', 'Siri Strand')
    const page = await open(siri, '/helsepersonell/meldinger', 'Meldinger er ikke tilgjengelig')
    await check(page, 'exchange-not-available')
  })
})
