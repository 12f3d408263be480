// The access log (innsyn) in the portal: Lise Lund opens Ingrid Berg's thread twice and Tor Tangen (another
// municipality) is refused it; Ingrid sees one row for Lise with a count and her role, Tor's attempt marked as refused,
// and can filter by organisation. Per Berg, acting for his mother without the access-log area, is told he cannot see
// her log (and is not shown his own instead). Every page checked with axe at desktop size and on a 360 px phone.
import type { BrowserContext, Page } from 'playwright-core'
import { beforeAll, describe, expect, test } from 'vitest'
import { DEMO } from '../../src/registry/demo/vestfold-demo.ts'
import { axeViolations, logInFromLanding, screenshot, useBrowserSuite, viewports, waitForPage } from './browser-harness.ts'

const suite = useBrowserSuite()
const P = DEMO.people
const HOME_CARE = DEMO.services.tonsbergHjemmesykepleie.id
const INGRIDS_THREAD = '00000000-0000-4000-8000-000000000801'

async function openLog(page: Page, heading: string, path = '/innbygger/logg'): Promise<void> {
  await page.goto(path)
  await waitForPage(page)
  await page.getByRole('heading', { level: 1, name: heading }).waitFor()
}

beforeAll(async () => {
  const lise = await (await suite.newContext()).newPage()
  await logInFromLanding(lise, 'staff', 'Lise Lund')
  for (let i = 0; i < 2; i++) expect((await lise.request.get(`/api/services/${HOME_CARE}/threads/${INGRIDS_THREAD}`)).status()).toBe(200)
  const tor = await (await suite.newContext()).newPage()
  await logInFromLanding(tor, 'staff', 'Tor Tangen')
  expect((await tor.request.get(`/api/services/${HOME_CARE}/threads/${INGRIDS_THREAD}`)).status()).toBe(403)
})

describe('Ingrid’s access log', () => {
  test('one row per person and day with a count and the role; a refused attempt marked; filtered by organisation', async () => {
    const page = await (await suite.newContext()).newPage()
    await logInFromLanding(page, 'citizen', 'Ingrid Berg')
    await openLog(page, 'Hvem har sett opplysningene dine')
    const table = page.getByRole('table', { name: 'Oppslag i opplysningene dine, nyeste først' })
    const liseRow = table.getByRole('row').filter({ hasText: 'Lise Lund' }).filter({ hasText: 'En samtale' })
    await liseRow.waitFor()
    expect(await liseRow.textContent()).toContain('Helsepersonell i Hjemmesykepleien')
    // Her two openings of the thread and her views of the inbox that day: one row, counted.
    expect(await liseRow.textContent()).toMatch(/[2-9] ganger/)
    const torRow = table.getByRole('row').filter({ hasText: 'Tor Tangen' })
    expect(await torRow.textContent()).toContain('Avvist – fikk ikke se noe')
    await screenshot(page, 'flow-access-log')

    await page.getByLabel('Virksomhet').selectOption({ label: 'Færder kommune' })
    await page.getByRole('button', { name: 'Vis' }).click()
    await page.waitForURL(/virksomhet=/)
    await table.getByRole('row').filter({ hasText: 'Tor Tangen' }).waitFor()
    await expect.poll(() => table.getByRole('row').filter({ hasText: 'Lise Lund' }).count()).toBe(0)
    await screenshot(page, 'flow-access-log-filtered')
  })
})

describe('acting for someone whose log one may not see', () => {
  test('Per, acting for Ingrid, is told he cannot see her log, and is not shown his own', async () => {
    const context = await suite.newContext()
    await context.addInitScript((id) => sessionStorage.setItem('samband.actingFor', id), P.ingridBerg.id)
    const page = await context.newPage()
    await logInFromLanding(page, 'citizen', 'Per Berg')
    await openLog(page, 'Du kan ikke se innsynsloggen til Ingrid Berg')
    expect(await page.getByText('fullmakten din omfatter ikke innsynsloggen').count()).toBe(1)
    expect(await page.getByRole('table').count()).toBe(0)
    // His own log is one deliberate step away, and says whose it is.
    await page.getByRole('link', { name: 'Se din egen innsynslogg' }).click()
    await page.getByRole('heading', { level: 1, name: 'Hvem har sett opplysningene dine' }).waitFor()
    await page.getByText('Du handler på vegne av Ingrid Berg, men dette er din egen innsynslogg.').waitFor()
  })
})

describe.each(viewports)('the access log pages pass WCAG 2.1 AA at $name size', ({ name, viewport }) => {
  let ingrid: BrowserContext
  let perForIngrid: BrowserContext

  beforeAll(async () => {
    ingrid = await suite.newContext(viewport)
    await logInFromLanding(await ingrid.newPage(), 'citizen', 'Ingrid Berg')
    perForIngrid = await suite.newContext(viewport)
    await perForIngrid.addInitScript((id) => sessionStorage.setItem('samband.actingFor', id), P.ingridBerg.id)
    await logInFromLanding(await perForIngrid.newPage(), 'citizen', 'Per Berg')
  })

  async function check(page: Page, shot: string): Promise<void> {
    await screenshot(page, `${shot}-${name}`)
    expect(await axeViolations(page)).toEqual([])
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)
    expect(overflow).toBeLessThanOrEqual(0)
  }

  test('Ingrid’s log', async () => {
    const page = await ingrid.newPage()
    await openLog(page, 'Hvem har sett opplysningene dine')
    await page.locator('.app-cell-main:visible', { hasText: 'Tor Tangen' }).first().waitFor()
    await check(page, 'access-log')
  })

  test('Per acting for Ingrid', async () => {
    const page = await perForIngrid.newPage()
    await openLog(page, 'Du kan ikke se innsynsloggen til Ingrid Berg')
    await check(page, 'access-log-not-allowed')
  })
})
