import type { BrowserContext, Page } from 'playwright-core'
import { beforeAll, describe, expect, test } from 'vitest'
import { axeViolations, logInFromLanding, screenshot, useBrowserSuite, viewports, waitForPage } from './browser-harness.ts'

// Every page, at desktop size and on a 360 px phone, must have no WCAG 2.1 A/AA violation axe can find.
const suite = useBrowserSuite()

describe.each(viewports)('WCAG 2.1 AA at $name size', ({ name, viewport }) => {
  let anonymous: BrowserContext
  let citizen: BrowserContext
  let staff: BrowserContext

  beforeAll(async () => {
    anonymous = await suite.newContext(viewport)
    citizen = await suite.newContext(viewport)
    await logInFromLanding(await citizen.newPage(), 'citizen', 'Kari Nordmann')
    staff = await suite.newContext(viewport)
    await logInFromLanding(await staff.newPage(), 'staff', 'Lise Lund')
  })

  async function check(page: Page, shot: string): Promise<void> {
    await screenshot(page, `${shot}-${name}`)
    expect(await axeViolations(page)).toEqual([])
    // Nothing may push a phone screen sideways.
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)
    expect(overflow).toBeLessThanOrEqual(0)
  }

  async function open(context: BrowserContext, path: string, heading: string): Promise<Page> {
    const page = await context.newPage()
    await page.goto(path)
    await waitForPage(page)
    expect(await page.locator('h1').allTextContents()).toEqual([heading])
    return page
  }

  test('landing page', async () => {
    await check(await open(anonymous, '/', 'Samhandling i helsefellesskapet i Vestfold'), 'landing')
  })

  test('identity provider login page for citizens', async () => {
    const page = await anonymous.newPage()
    await page.goto('/')
    await page.getByRole('link', { name: 'Logg inn som innbygger', exact: true }).click()
    await page.getByRole('button', { name: 'Logg inn som Kari Nordmann', exact: true }).waitFor()
    await check(page, 'idp-citizen')
  })

  test('identity provider login page for staff', async () => {
    const page = await anonymous.newPage()
    await page.goto('/')
    await page.getByRole('link', { name: 'Logg inn som helsepersonell', exact: true }).click()
    await page.getByRole('button', { name: 'Logg inn som Lise Lund', exact: true }).waitFor()
    await check(page, 'idp-staff')
  })

  test('citizen home', async () => {
    await check(await open(citizen, '/innbygger', 'Kari Nordmann'), 'citizen-home')
  })

  test('access log', async () => {
    await check(await open(citizen, '/innbygger/logg', 'Hvem har sett opplysningene dine'), 'access-log')
  })

  test("access log with entries (a child's log, seen by a parent)", async () => {
    const me = (await (await citizen.request.get('/api/me')).json()) as {
      representations: { personId: string; name: string }[]
    }
    const emma = me.representations.find((r) => r.name === 'Emma Nordmann')
    expect(emma).toBeDefined()
    const path = `/innbygger/logg?person=${emma?.personId}`
    // Kari reading Emma's log is itself an access to Emma's data: the second visit lists the first.
    await (await open(citizen, path, 'Hvem har sett opplysningene til Emma Nordmann')).close()
    const page = await open(citizen, path, 'Hvem har sett opplysningene til Emma Nordmann')
    await page
      .locator(name === 'phone' ? 'main ul li' : 'main table tbody tr')
      .first()
      .waitFor()
    await check(page, 'access-log-entries')
  })

  test('staff home', async () => {
    await check(await open(staff, '/helsepersonell', 'Lise Lund'), 'staff-home')
  })

  test('not-found page', async () => {
    await check(await open(anonymous, '/finnes-ikke', 'Fant ikke siden'), 'not-found')
  })

  test('a protected page without a session', async () => {
    await check(await open(anonymous, '/innbygger', 'Du må logge inn'), 'login-required')
  })
})
