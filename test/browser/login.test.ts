import { describe, expect, test } from 'vitest'
import { axeViolations, logInFromLanding, screenshot, useBrowserSuite, viewports, waitForPage } from './browser-harness.ts'

const suite = useBrowserSuite()

type StaffMe = {
  staff: { name: string; hprNumber: string }
  organisation: { name: string; organisationNumber: string }
  service: { name: string; herId: string }
}

describe('citizen', () => {
  test('Kari Nordmann logs in through the identity provider and sees whom she may act for', async () => {
    const page = await (await suite.newContext()).newPage()
    await logInFromLanding(page, 'citizen', 'Kari Nordmann')

    expect(new URL(page.url()).pathname).toBe('/innbygger')
    await page.getByRole('heading', { level: 1, name: 'Kari Nordmann' }).waitFor()
    const emma = page.getByRole('article', { name: 'Emma Nordmann' })
    const jonas = page.getByRole('article', { name: 'Jonas Nordmann' })
    await emma.waitFor()
    await jonas.waitFor()
    expect(await emma.textContent()).toContain('Foreldre')
    expect(await emma.textContent()).not.toContain('Begrenset innsyn')
    expect(await jonas.textContent()).toContain('Begrenset innsyn (barn 12–15 år)')
    // Emma is under 12: her parent may also see her access log; Jonas (14) keeps his to himself.
    expect(await emma.getByRole('link', { name: 'Hvem har sett opplysningene til Emma Nordmann' }).count()).toBe(1)
    expect(await jonas.getByRole('link').count()).toBe(0)
    // The header says who is logged in.
    expect(await page.getByRole('banner').textContent()).toContain('Kari Nordmann')
    await screenshot(page, 'flow-kari-home')
  })

  test('Per Berg sees the fullmakt Ingrid Berg has given him', async () => {
    const page = await (await suite.newContext()).newPage()
    await logInFromLanding(page, 'citizen', 'Per Berg')
    const ingrid = page.getByRole('article', { name: 'Ingrid Berg' })
    await ingrid.waitFor()
    expect(await ingrid.textContent()).toContain('Fullmakt')
    expect(await ingrid.textContent()).not.toContain('Begrenset innsyn')
  })

  test("a parent opens the child's access log and finds her own visit in it", async () => {
    const page = await (await suite.newContext()).newPage()
    await logInFromLanding(page, 'citizen', 'Kari Nordmann')
    await page.getByRole('link', { name: 'Hvem har sett opplysningene til Emma Nordmann' }).click()
    await page.getByRole('heading', { level: 1, name: 'Hvem har sett opplysningene til Emma Nordmann' }).waitFor()
    await waitForPage(page)
    await page.reload()
    await waitForPage(page)
    const table = page.getByRole('table', { name: 'Oppslag i opplysningene til Emma Nordmann, nyeste først' })
    await table.waitFor()
    const firstRow = (await table.locator('tbody tr').first().textContent()) ?? ''
    // Grouped per day and person: Kari, as Emma's parent, saw Emma's access log.
    expect(firstRow).toContain('Kari Nordmann')
    expect(firstRow).toContain('Forelder')
    expect(firstRow.toLowerCase()).toContain('innsynsloggen')
    expect(firstRow).not.toContain('Nødtilgang')
    await screenshot(page, 'flow-kari-emma-log')
  })

  test('a citizen who may act for nobody sees the empty state', async () => {
    const page = await (await suite.newContext()).newPage()
    await logInFromLanding(page, 'citizen', 'Sara Holm')
    await page.getByText('Du kan ikke handle på vegne av noen andre.').waitFor()
    expect(await page.getByRole('article').count()).toBe(0)
  })

  test('the access log opens from the citizen home', async () => {
    const page = await (await suite.newContext()).newPage()
    await logInFromLanding(page, 'citizen', 'Kari Nordmann')
    await page.getByRole('link', { name: 'Hvem har sett opplysningene dine' }).click()
    await page.waitForURL(/\/innbygger\/logg$/)
    await waitForPage(page)
    await page.getByRole('heading', { level: 1, name: 'Hvem har sett opplysningene dine' }).waitFor()
    expect(await page.getByRole('alert').count()).toBe(0)
    await screenshot(page, 'flow-kari-log')
  })

  test('a protected page without a session offers login, and login returns to that page', async () => {
    const page = await (await suite.newContext()).newPage()
    await page.goto('/innbygger/logg')
    await page.getByRole('heading', { level: 1, name: 'Du må logge inn' }).waitFor()
    await page.getByRole('link', { name: 'Logg inn som innbygger', exact: true }).click()
    await page.getByRole('button', { name: 'Logg inn som Kari Nordmann', exact: true }).click()
    await page.waitForURL(/\/innbygger\/logg$/)
    await page.getByRole('heading', { level: 1, name: 'Hvem har sett opplysningene dine' }).waitFor()
  })
})

describe('staff', () => {
  test('Lise Lund logs in and sees her organisation and the service she acts for', async () => {
    const page = await (await suite.newContext()).newPage()
    await logInFromLanding(page, 'staff', 'Lise Lund')

    expect(new URL(page.url()).pathname).toBe('/helsepersonell')
    await page.getByRole('heading', { level: 1, name: 'Lise Lund' }).waitFor()
    const me = (await (await page.request.get('/api/me')).json()) as StaffMe
    const main = (await page.getByRole('main').textContent()) ?? ''
    expect(me.organisation.name).toMatch(/Tønsberg/)
    expect(me.service.name).toMatch(/[Hh]jemmesykepleie/)
    expect(main).toContain(me.organisation.name)
    expect(main.replaceAll(/\s/g, '')).toContain(me.organisation.organisationNumber)
    expect(main).toContain(me.service.name)
    expect(main).toContain(me.service.herId)
    expect(main).toContain(me.staff.hprNumber)
    await screenshot(page, 'flow-lise-home')
  })

  test('a platform operator, who acts for no service, gets a page without organisation and service', async () => {
    const page = await (await suite.newContext()).newPage()
    await logInFromLanding(page, 'staff', 'Ole Olsen')
    await page.getByRole('heading', { level: 1, name: 'Ole Olsen' }).waitFor()
    const main = (await page.getByRole('main').textContent()) ?? ''
    expect(main).toContain('Plattformforvalter')
    expect(main).toContain('Ingen tjeneste')
  })
})

describe('logout', () => {
  test.each(viewports)('"Logg ut" ends the session ($name)', async ({ viewport }) => {
    const context = await suite.newContext(viewport)
    const page = await context.newPage()
    await logInFromLanding(page, 'citizen', 'Kari Nordmann')

    await page.getByRole('button', { name: 'Logg ut' }).click()
    await page.waitForURL((url) => url.pathname === '/')
    await page.getByRole('link', { name: 'Logg inn som innbygger', exact: true }).waitFor()
    expect(await page.getByRole('button', { name: 'Logg ut' }).count()).toBe(0)
    expect((await page.request.get('/api/me')).status()).toBe(401)

    // Back in history or by address, the page no longer shows her data.
    await page.goto('/innbygger')
    await page.getByRole('heading', { level: 1, name: 'Du må logge inn' }).waitFor()
    expect(await page.getByRole('main').textContent()).not.toContain('Emma Nordmann')
  })
})

describe('keyboard', () => {
  test('the skip link is the first stop and moves focus to the main content', async () => {
    const page = await (await suite.newContext()).newPage()
    await page.goto('/')
    await waitForPage(page)
    await page.keyboard.press('Tab')
    const skip = page.getByRole('link', { name: 'Hopp til hovedinnhold' })
    expect(await skip.evaluate((element) => element === document.activeElement)).toBe(true)
    expect(await skip.isVisible()).toBe(true)
    await page.keyboard.press('Enter')
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('main')
  })
})

describe('staff in two services', () => {
  test('Anders Aas switches from the hospital ward to the legevakt', async () => {
    const page = await (await suite.newContext()).newPage()
    await logInFromLanding(page, 'staff', 'Anders Aas')
    await page.getByRole('heading', { level: 1, name: 'Anders Aas' }).waitFor()
    expect(await page.getByRole('main').textContent()).toContain('Medisinsk avdeling')
    await page.getByLabel('Bytt tjeneste').selectOption({ label: 'Legevakt, Tønsberg interkommunale legevakt' })
    expect(await axeViolations(page)).toEqual([])
    await page.getByRole('button', { name: 'Handle for denne tjenesten' }).click()
    await page.getByText('Tønsberg interkommunale legevakt').first().waitFor()
    await page.getByRole('button', { name: 'Handle for denne tjenesten' }).and(page.locator('[disabled]')).waitFor()
    const main = (await page.getByRole('main').textContent()) ?? ''
    expect(main).toContain('Org.nr. 939 901 124')
    await screenshot(page, 'flow-anders-switched')
  })
})
