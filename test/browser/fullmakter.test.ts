// Fullmakter and health contacts in the portal: Ingrid Berg gives Kari Nordmann a fullmakt, changes it and ends it;
// Kari sees her health contacts and those of her daughter Emma, and is told that fullmakter are only for oneself when
// acting for Emma; Tor Tangen registers and ends an assigned fullmakt for Odd Dahl. Then every page is checked with axe
// (WCAG 2.1 A/AA) at desktop size and on a 360 px phone, with screenshots.
import type { BrowserContext, Locator, Page } from 'playwright-core'
import { beforeAll, describe, expect, test } from 'vitest'
import { DEMO } from '../../src/registry/demo/vestfold-demo.ts'
import { axeViolations, logInFromLanding, screenshot, useBrowserSuite, viewports, waitForPage, settled } from './browser-harness.ts'

const suite = useBrowserSuite()
const P = DEMO.people

/** A fresh tab always starts acting for oneself (sessionStorage); this makes every tab of the context act for someone. */
async function actFor(context: BrowserContext, personId: string): Promise<void> {
  await context.addInitScript((id) => sessionStorage.setItem('samband.actingFor', id), personId)
}

/** The dialog fades in: wait for its animations, so that the screenshot and axe's colour checks see it whole. */
async function openPage(page: Page, path: string, heading: string): Promise<void> {
  await page.goto(path)
  await waitForPage(page)
  await page.getByRole('heading', { level: 1, name: heading }).waitFor()
}

function card(page: Page, name: string): Locator {
  return page.locator('article').filter({ has: page.getByRole('heading', { level: 3, name, exact: true }) })
}

describe('giving, changing and ending a fullmakt', () => {
  test('Ingrid gives Kari a fullmakt, changes it and ends it', async () => {
    const ingrid = await (await suite.newContext()).newPage()
    await logInFromLanding(ingrid, 'citizen', 'Ingrid Berg')
    await openPage(ingrid, '/innbygger/fullmakter', 'Fullmakter')
    // The fullmakt she gave her son is there, with its areas.
    expect(await card(ingrid, 'Per Berg').textContent()).toContain('Meldinger')

    // Giving without filling in anything lists what is missing.
    const form = ingrid.getByRole('form', { name: 'Gi en ny fullmakt' })
    await form.getByRole('button', { name: 'Gi fullmakt' }).click()
    await ingrid.getByText('Rett opp dette før du gir fullmakten:').waitFor()
    expect(await ingrid.getByRole('link', { name: 'Velg minst ett tjenesteområde.' }).count()).toBe(1)

    await form.getByLabel('Fødselsnummeret til den som skal få fullmakt').fill(P.kariNordmann.nationalId)
    await form.getByRole('checkbox', { name: 'Meldinger' }).check()
    await form.getByRole('checkbox', { name: 'Timeavtaler' }).check()
    // Consents are not offered: only the citizen, or an assigned fullmakt, covers them.
    expect(await form.getByRole('checkbox', { name: 'Samtykker' }).count()).toBe(0)
    await form.getByRole('radio', { name: 'Til og med en dato' }).check()
    await form.getByLabel('Siste dag fullmakten gjelder').fill('2027-03-31')
    await screenshot(ingrid, 'flow-fullmakt-give-filled')
    await form.getByRole('button', { name: 'Gi fullmakt' }).click()
    await ingrid.getByText('Du har gitt fullmakt til Kari Nordmann.').waitFor()
    const kari = card(ingrid, 'Kari Nordmann')
    await kari.waitFor()
    expect(await kari.textContent()).toContain('Til og med 31. mars 2027')

    // Change: add letters. A new fullmakt replaces the old one, which moves to the history.
    await kari.getByRole('button', { name: 'Endre fullmakten til Kari Nordmann' }).click()
    const change = ingrid.getByRole('form', { name: 'Endre fullmakten til Kari Nordmann' })
    await change.getByRole('checkbox', { name: 'Brev' }).check()
    await change.getByRole('radio', { name: 'Uten sluttdato' }).check()
    await change.getByRole('button', { name: 'Lagre endringen' }).click()
    await ingrid.getByText('Fullmakten til Kari Nordmann er endret.').waitFor()
    await card(ingrid, 'Kari Nordmann').getByText('Uten sluttdato', { exact: false }).waitFor()
    expect(await card(ingrid, 'Kari Nordmann').textContent()).toContain('Brev')
    expect(await card(ingrid, 'Til Kari Nordmann').textContent()).toContain('erstattet av en ny fullmakt')
    await screenshot(ingrid, 'flow-fullmakt-changed')

    // End, after confirming.
    await card(ingrid, 'Kari Nordmann')
      .getByRole('button', { name: /Avslutt fullmakten til Kari Nordmann/ })
      .click()
    const dialog = ingrid.getByRole('dialog', { name: 'Vil du avslutte fullmakten?' })
    await dialog.waitFor()
    await settled(dialog)
    await screenshot(ingrid, 'flow-fullmakt-end-dialog')
    await dialog.getByRole('button', { name: 'Ja, avslutt fullmakten' }).click()
    await ingrid.getByText('Fullmakten til Kari Nordmann er avsluttet.').waitFor()
    expect(await card(ingrid, 'Kari Nordmann').count()).toBe(0)
    expect(await ingrid.getByRole('heading', { level: 3, name: 'Til Kari Nordmann' }).count()).toBe(2)
    expect(await ingrid.locator('main').textContent()).toContain('Avsluttet')
    await screenshot(ingrid, 'flow-fullmakt-ended')
  })

  test('a proxy who received one ends it himself (Per ends the one from his mother)', async () => {
    const per = await (await suite.newContext()).newPage()
    await logInFromLanding(per, 'citizen', 'Per Berg')
    await openPage(per, '/innbygger/fullmakter', 'Fullmakter')
    const ingrid = card(per, 'Ingrid Berg')
    await ingrid.getByRole('button', { name: /Avslutt fullmakten fra Ingrid Berg/ }).click()
    const dialog = per.getByRole('dialog', { name: 'Vil du avslutte fullmakten?' })
    await dialog.getByRole('button', { name: 'Ja, avslutt fullmakten' }).click()
    await per.getByText('Fullmakten fra Ingrid Berg er avsluttet.').waitFor()
    expect(await per.getByRole('heading', { level: 3, name: 'Fra Ingrid Berg' }).count()).toBe(1)
  })
})

describe('health contacts, and fullmakter only for oneself', () => {
  test('Kari sees her GP; acting for Emma she sees Emma’s health station and cannot manage Emma’s fullmakter', async () => {
    const context = await suite.newContext()
    const kari = await context.newPage()
    await logInFromLanding(kari, 'citizen', 'Kari Nordmann')
    await openPage(kari, '/innbygger/helsekontakter', 'Helsekontakter')
    const gp = kari.getByRole('region', { name: 'Fastlege' })
    expect(await gp.textContent()).toContain('Berit Bakke')
    expect(await gp.textContent()).toContain('Tønsberg legesenter')
    expect(await kari.getByRole('heading', { level: 2, name: 'Helsetjenester i Tønsberg kommune' }).count()).toBe(1)

    const emmaContext = await suite.newContext()
    await actFor(emmaContext, P.emmaNordmann.id)
    const emma = await emmaContext.newPage()
    await logInFromLanding(emma, 'citizen', 'Kari Nordmann')
    await openPage(emma, '/innbygger/helsekontakter', 'Helsekontaktene til Emma Nordmann')
    expect(await emma.getByRole('region', { name: 'Tjenester Emma Nordmann mottar' }).textContent()).toContain('Helsestasjonen')
    await openPage(emma, '/innbygger/fullmakter', 'Fullmakter')
    await emma.getByText('Fullmakter kan bare ses og endres av personen selv.', { exact: false }).waitFor()
    await emma.getByRole('button', { name: 'Bytt til deg selv' }).click()
    await emma.getByRole('heading', { level: 2, name: 'Fullmakter du har gitt' }).waitFor()
  })
})

describe('assigned fullmakt, registered by health personnel', () => {
  test('Tor Tangen finds Odd Dahl, registers one to Per Berg and ends it', async () => {
    const tor = await (await suite.newContext()).newPage()
    await logInFromLanding(tor, 'staff', 'Tor Tangen')
    // Every request the page makes: the national identity number must never stand in a URL.
    const requests: Array<{ method: string; url: string; body: string | null; csrf: string | undefined }> = []
    tor.on('request', (r) => requests.push({ method: r.method(), url: r.url(), body: r.postData(), csrf: r.headers()['x-csrf-token'] }))
    await openPage(tor, '/helsepersonell/tildelt-fullmakt', 'Tildelt fullmakt')
    await tor.getByLabel('Pasientens fødselsnummer').fill(P.oddDahl.nationalId)
    await tor.getByRole('button', { name: 'Finn', exact: true }).click()
    await tor.getByRole('heading', { level: 2, name: /^Odd Dahl, født/ }).waitFor()
    await card(tor, 'Til Liv Dahl').waitFor()
    const searches = requests.filter((r) => r.url.includes('/assigned-fullmakter/search'))
    expect(searches.length).toBeGreaterThan(0)
    for (const search of searches) {
      expect(search.method).toBe('POST')
      expect(JSON.parse(search.body ?? 'null')).toEqual({ giverNationalId: P.oddDahl.nationalId })
      expect(search.csrf).toBeTruthy()
    }

    const form = tor.getByRole('form', { name: 'Registrer en tildelt fullmakt' })
    await form.getByLabel('Fødselsnummeret til den som skal få fullmakt').fill(P.perBerg.nationalId)
    await form.getByRole('checkbox', { name: 'Meldinger' }).check()
    await form.getByRole('checkbox', { name: 'Samtykker' }).check()
    await form.getByLabel('Begrunnelse').fill('Pasienten kan ikke samtykke selv etter hjerneslag; vurdert av fastlegen.')
    await form.getByRole('button', { name: 'Registrer tildelt fullmakt' }).click()
    await tor.getByText('Tildelt fullmakt til Per Berg er registrert.').waitFor()
    const per = card(tor, 'Til Per Berg')
    await per.waitFor()
    expect(await per.textContent()).toContain('Samtykker')
    await screenshot(tor, 'flow-assigned-registered')

    await per.getByRole('button', { name: /Avslutt fullmakten til Per Berg/ }).click()
    await tor.getByRole('dialog', { name: 'Vil du avslutte fullmakten?' }).getByRole('button', { name: 'Ja, avslutt fullmakten' }).click()
    await tor.getByText('Fullmakten til Per Berg er avsluttet.').waitFor()
    await tor.getByRole('heading', { level: 2, name: 'Tidligere tildelte fullmakter' }).waitFor()
    expect(await tor.locator('main').textContent()).toContain('Tor Tangen (helsepersonell)')
    // Registering and ending refetched the list, still by POST; no URL ever held a national identity number.
    expect(requests.filter((r) => r.url.includes('/assigned-fullmakter/search')).length).toBeGreaterThan(searches.length)
    for (const id of [P.oddDahl.nationalId, P.perBerg.nationalId]) expect(requests.filter((r) => r.url.includes(id)).map((r) => r.url)).toEqual([])
    expect(tor.url()).not.toMatch(/\d{11}/)
  })

  test('staff of a service without a care relation are told they cannot find the patient', async () => {
    const lise = await (await suite.newContext()).newPage()
    await logInFromLanding(lise, 'staff', 'Lise Lund')
    await openPage(lise, '/helsepersonell/tildelt-fullmakt', 'Tildelt fullmakt')
    await lise.getByLabel('Pasientens fødselsnummer').fill(P.oddDahl.nationalId)
    await lise.getByRole('button', { name: 'Finn', exact: true }).click()
    await lise.getByText('Du finner ikke denne pasienten.', { exact: false }).waitFor()
  })
})

describe.each(viewports)('the fullmakt and health-contact pages pass WCAG 2.1 AA at $name size', ({ name, viewport }) => {
  let ingrid: BrowserContext
  let kari: BrowserContext
  let kariForJonas: BrowserContext
  let tor: BrowserContext

  beforeAll(async () => {
    ingrid = await suite.newContext(viewport)
    await logInFromLanding(await ingrid.newPage(), 'citizen', 'Ingrid Berg')
    // Something to change and end, whatever the flows above left: a fullmakt to Ola (already there on the second run).
    const me = (await (await ingrid.request.get('/api/me')).json()) as { csrfToken: string }
    const given = await ingrid.request.post(`/api/citizens/${P.ingridBerg.id}/fullmakter`, {
      headers: { 'x-csrf-token': me.csrfToken },
      data: { proxyNationalId: P.olaNordmann.nationalId, areas: ['messages', 'letters'], validTo: null },
    })
    expect([201, 409]).toContain(given.status())
    kari = await suite.newContext(viewport)
    await logInFromLanding(await kari.newPage(), 'citizen', 'Kari Nordmann')
    kariForJonas = await suite.newContext(viewport)
    await actFor(kariForJonas, P.jonasNordmann.id)
    await logInFromLanding(await kariForJonas.newPage(), 'citizen', 'Kari Nordmann')
    tor = await suite.newContext(viewport)
    await logInFromLanding(await tor.newPage(), 'staff', 'Tor Tangen')
  })

  async function check(page: Page, shot: string): Promise<void> {
    await screenshot(page, `${shot}-${name}`)
    expect(await axeViolations(page)).toEqual([])
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)
    expect(overflow).toBeLessThanOrEqual(0)
    expect(await page.locator('h1').count()).toBe(1)
  }

  test('fullmakter, with history, a change form open, and the end dialog', async () => {
    const page = await ingrid.newPage()
    await openPage(page, '/innbygger/fullmakter', 'Fullmakter')
    await page.getByRole('heading', { level: 2, name: 'Historikk' }).waitFor()
    await check(page, 'fullmakter')
    // A form with its error summary.
    await page.getByRole('form', { name: 'Gi en ny fullmakt' }).getByRole('button', { name: 'Gi fullmakt' }).click()
    await page.getByText('Rett opp dette før du gir fullmakten:').waitFor()
    await check(page, 'fullmakter-errors')
    const ola = card(page, 'Ola Nordmann')
    await ola.getByRole('button', { name: 'Endre fullmakten til Ola Nordmann' }).click()
    await check(page, 'fullmakter-change')
    await ola.getByRole('button', { name: 'Avbryt' }).click()
    await ola.getByRole('button', { name: /Avslutt fullmakten til Ola Nordmann/ }).click()
    const dialog = page.getByRole('dialog', { name: 'Vil du avslutte fullmakten?' })
    await dialog.waitFor()
    await settled(dialog)
    await check(page, 'fullmakter-end-dialog')
    await dialog.getByRole('button', { name: 'Nei, behold den' }).click()
  })

  test('fullmakter while acting for someone else', async () => {
    const page = await kariForJonas.newPage()
    await openPage(page, '/innbygger/fullmakter', 'Fullmakter')
    await page.getByRole('button', { name: 'Bytt til deg selv' }).waitFor()
    await check(page, 'fullmakter-acting-for-other')
  })

  test('health contacts, own and a 14-year-old’s (parent with reduced rights)', async () => {
    const own = await kari.newPage()
    await openPage(own, '/innbygger/helsekontakter', 'Helsekontakter')
    await check(own, 'health-contacts')
    const jonas = await kariForJonas.newPage()
    await openPage(jonas, '/innbygger/helsekontakter', 'Helsekontaktene til Jonas Nordmann')
    await check(jonas, 'health-contacts-jonas')
  })

  test('the staff page with a patient found', async () => {
    const page = await tor.newPage()
    await openPage(page, '/helsepersonell/tildelt-fullmakt', 'Tildelt fullmakt')
    await check(page, 'assigned-fullmakt-empty')
    await page.getByLabel('Pasientens fødselsnummer').fill(P.oddDahl.nationalId)
    await page.getByRole('button', { name: 'Finn', exact: true }).click()
    await page.getByRole('heading', { level: 2, name: /^Odd Dahl, født/ }).waitFor()
    await waitForPage(page)
    await check(page, 'assigned-fullmakt-patient')
  })
})
