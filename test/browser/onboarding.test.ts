// The platform operator's municipality pages: Ole Olsen sees every municipality with its status, tries to activate
// messages for Holmestrand (refused: its EPJ does not support them), gives notice for Holmestrand after a confirmation
// of what it will do, and withdraws it; banners go when another action starts or the page is left.
// Every page is checked with axe (WCAG 2.1 A/AA) at desktop size and on a 360 px phone, with screenshots.
import type { BrowserContext, Page } from 'playwright-core'
import { beforeAll, describe, expect, test } from 'vitest'
import { demoTermination } from '../../src/citizen/demo/vestfold-demo.citizen-services.ts'
import { terminationEndsAt } from '../../src/citizen/onboarding/notice-period.ts'
import { formatOsloDate } from '../../src/citizen/onboarding/onboarding.rules.ts'
import { DEMO } from '../../src/registry/demo/vestfold-demo.ts'
import { axeViolations, logInFromLanding, screenshot, useBrowserSuite, viewports, waitForPage } from './browser-harness.ts'

const suite = useBrowserSuite()
const HOLMESTRAND = DEMO.organisations.holmestrand

/** The server runs on the real clock and dates Horten's demo notice from its start (today): it is always under notice. */
function hortenTag(): string {
  return `Oppsagt – avsluttes ${formatOsloDate(demoTermination(new Date()).endsAt)}`
}

function visibleList(page: Page) {
  return page.locator('main').locator('table:visible, ul.app-cards:visible').first()
}

async function check(page: Page, shot: string): Promise<void> {
  await screenshot(page, shot)
  expect(await axeViolations(page)).toEqual([])
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)
  expect(overflow).toBeLessThanOrEqual(0)
}

describe('Ole Olsen, platform operator', () => {
  test('goes from the staff home to the municipalities, is refused activating messages for Holmestrand, gives and withdraws notice', async () => {
    const page = await (await suite.newContext()).newPage()
    await logInFromLanding(page, 'staff', 'Ole Olsen')
    await page.getByRole('link', { name: 'Kommuner', exact: true }).click()
    await page.waitForURL(/\/forvaltning\/kommuner$/)
    await waitForPage(page)
    await page.getByRole('heading', { level: 1, name: 'Kommuner' }).waitFor()

    const horten = visibleList(page).locator('tr').filter({ hasText: 'Horten kommune' })
    expect(await horten.textContent()).toContain(hortenTag())
    const holmestrand = visibleList(page).locator('tr').filter({ hasText: 'Holmestrand kommune' })
    expect(await holmestrand.textContent()).toContain('Venter på EPJ-støtte')
    expect(await holmestrand.textContent()).toContain('Vilkår ikke akseptert')
    expect(await visibleList(page).locator('tr').filter({ hasText: 'Tønsberg kommune' }).textContent()).toContain('Aktiv')

    await page.getByRole('link', { name: 'Holmestrand kommune', exact: true }).click()
    await page.waitForURL(new RegExp(`/forvaltning/kommuner/${HOLMESTRAND.id}$`))
    await page.getByRole('heading', { level: 1, name: 'Holmestrand kommune' }).waitFor()
    await waitForPage(page)

    // Activation is refused, and the page says why.
    const homeNursing = page.getByRole('region', { name: 'Hjemmesykepleien' })
    await homeNursing.getByLabel('Digital tjeneste').selectOption('messages')
    await homeNursing.getByRole('button', { name: 'Aktiver for hjemmesykepleien' }).click()
    const refusal = homeNursing.getByRole('alert')
    await refusal.waitFor()
    expect(await refusal.textContent()).toContain('Kommunens EPJ (Gerica) støtter ikke meldinger.')
    expect(await homeNursing.textContent()).toContain('Ingen digitale tjenester er aktivert.')
    await screenshot(page, 'flow-onboarding-activation-refused')

    // Notice from the municipality: one month. Nobody is chosen in advance, and nothing happens before a confirmation
    // that says what the notice will do.
    const termination = page.getByRole('region', { name: 'Oppsigelse' })
    await termination.getByText('Avtalen er ikke sagt opp.').waitFor()
    for (const radio of await termination.getByRole('radio').all()) expect(await radio.isChecked()).toBe(false)
    await termination.getByRole('button', { name: 'Registrer oppsigelse …' }).click()
    await termination.getByText('Velg hvem som sier opp.').waitFor()
    // Starting another action took the refused activation's banner away.
    expect(await homeNursing.getByRole('alert').count()).toBe(0)
    expect(await page.getByRole('dialog').isVisible()).toBe(false)

    await termination.getByRole('radio', { name: /^Kommunen/ }).check()
    await termination.getByRole('button', { name: 'Registrer oppsigelse …' }).click()
    const dialog = page.getByRole('dialog', { name: 'Vil du registrere oppsigelsen?' })
    await dialog.getByText(/innbygger(e)? får varsel nå/).waitFor()
    const endsOn = formatOsloDate(terminationEndsAt(new Date(), 'municipality'))
    const preview = (await (await page.request.get(`/api/onboarding/municipalities/${HOLMESTRAND.id}/termination-preview`)).json()) as {
      notifiedPeople: number
    }
    const said = (await dialog.textContent()) ?? ''
    expect(said).toContain(`Avtalen med Holmestrand kommune avsluttes ${endsOn}`)
    expect(said).toContain('Ingen digitale tjenester er aktivert, så ingen tjenester stopper for innbyggerne.')
    expect(said).toContain(`${preview.notifiedPeople} innbyggere får varsel nå`)
    await screenshot(page, 'flow-onboarding-notice-confirm')
    // Cancelled: nothing registered.
    await dialog.getByRole('button', { name: 'Avbryt' }).click()
    await termination.getByText('Avtalen er ikke sagt opp.').waitFor()

    await termination.getByRole('button', { name: 'Registrer oppsigelse …' }).click()
    await dialog.getByRole('button', { name: 'Ja, registrer oppsigelsen' }).click()
    await termination.getByText(`Oppsigelsen er registrert. Avtalen avsluttes ${endsOn}.`).waitFor()
    await termination.getByText('Kommunen (én måneds varsel)').waitFor()
    await page.getByText(`Oppsagt – avsluttes ${endsOn}`).first().waitFor()
    await screenshot(page, 'flow-onboarding-notice-given')

    // Withdrawn again before the end date: the new action's banner replaces the old one.
    await termination.getByRole('button', { name: 'Trekk oppsigelsen' }).click()
    await termination.getByText('Oppsigelsen er trukket. Avtalen fortsetter.').waitFor()
    await termination.getByText('Avtalen er ikke sagt opp.').waitFor()
    expect(await page.getByText('Oppsigelsen er registrert.').count()).toBe(0)
    expect(await page.getByText(`Oppsagt – avsluttes ${endsOn}`).count()).toBe(0)

    // Navigating away and back leaves no banner behind.
    await page.getByRole('link', { name: 'Tilbake til kommunene' }).click()
    await page.getByRole('heading', { level: 1, name: 'Kommuner' }).waitFor()
    await page.goBack()
    await page.getByRole('heading', { level: 1, name: 'Holmestrand kommune' }).waitFor()
    await waitForPage(page)
    expect(await page.getByText('Oppsigelsen er trukket.').count()).toBe(0)
  })

  test('a health worker is told the page is for the operator', async () => {
    const page = await (await suite.newContext()).newPage()
    await logInFromLanding(page, 'staff', 'Lise Lund')
    await page.goto('/forvaltning/kommuner')
    await page.getByRole('heading', { level: 1, name: 'Bare for plattformforvalteren' }).waitFor()
  })

  test('the development mailbox says it is off where DEV_MAILBOX is (as in production)', async () => {
    const page = await (await suite.newContext()).newPage()
    await logInFromLanding(page, 'staff', 'Ole Olsen')
    await page.goto('/forvaltning/utviklingspostkasse')
    await page.getByRole('heading', { level: 1, name: 'Utviklingspostkassen' }).waitFor()
    await page.getByText('Utviklingspostkassen er ikke slått på.', { exact: false }).waitFor()
    expect(await page.getByRole('button', { name: 'Tøm postkassen …' }).count()).toBe(0)
  })
})

describe.each(viewports)('the onboarding pages pass WCAG 2.1 AA at $name size', ({ name, viewport }) => {
  let ole: BrowserContext

  beforeAll(async () => {
    ole = await suite.newContext(viewport)
    await logInFromLanding(await ole.newPage(), 'staff', 'Ole Olsen')
  })

  async function open(path: string, heading: string): Promise<Page> {
    const page = await ole.newPage()
    await page.goto(path)
    await waitForPage(page)
    await page.getByRole('heading', { level: 1, name: heading }).waitFor()
    expect(await page.locator('h1').count()).toBe(1)
    return page
  }

  test('staff home with the link to the municipalities', async () => {
    const page = await open('/helsepersonell', 'Ole Olsen')
    await page.getByRole('link', { name: 'Kommuner', exact: true }).waitFor()
    await check(page, `onboarding-staff-home-${name}`)
  })

  test('the municipalities', async () => {
    const page = await open('/forvaltning/kommuner', 'Kommuner')
    await visibleList(page).waitFor()
    await check(page, `onboarding-municipalities-${name}`)
  })

  test('Holmestrand, with a refused activation on screen', async () => {
    const page = await open(`/forvaltning/kommuner/${HOLMESTRAND.id}`, 'Holmestrand kommune')
    const homeNursing = page.getByRole('region', { name: 'Hjemmesykepleien' })
    await homeNursing.getByRole('button', { name: 'Aktiver for hjemmesykepleien' }).click()
    await homeNursing.getByRole('alert').waitFor()
    // The connection form is folded away; open it so that it is checked too.
    await page.locator('summary', { hasText: 'Endre tilkoblingen' }).click()
    await page.getByLabel('Tilkoblingsavgift i kroner (valgfritt)').waitFor()
    await check(page, `onboarding-holmestrand-${name}`)
  })

  test("the confirmation before notice, with Tønsberg's services that would stop and the citizens told", async () => {
    const page = await open(`/forvaltning/kommuner/${DEMO.organisations.tonsberg.id}`, 'Tønsberg kommune')
    const termination = page.getByRole('region', { name: 'Oppsigelse' })
    await termination.getByRole('radio', { name: /^Plattformforvalteren/ }).check()
    await termination.getByRole('button', { name: 'Registrer oppsigelse …' }).click()
    const dialog = page.getByRole('dialog', { name: 'Vil du registrere oppsigelsen?' })
    await dialog.getByText('Disse tjenestene stopper da for innbyggerne:').waitFor()
    expect(await dialog.textContent()).toContain(formatOsloDate(terminationEndsAt(new Date(), 'operator')))
    expect(await dialog.textContent()).toMatch(/Hjemmesykepleien: meldinger/)
    await check(page, `onboarding-notice-confirm-${name}`)
    await dialog.getByRole('button', { name: 'Avbryt' }).click()
    await termination.getByText('Avtalen er ikke sagt opp.').waitFor()
  })

  test('Horten, under notice', async () => {
    const page = await open(`/forvaltning/kommuner/${DEMO.organisations.horten.id}`, 'Horten kommune')
    await page.getByRole('region', { name: 'Oppsigelse' }).getByText('Kommunen (én måneds varsel)').waitFor()
    await check(page, `onboarding-horten-${name}`)
  })

  test('terms versions and the publishing form, with its error summary', async () => {
    const page = await open('/forvaltning/vilkar', 'Vilkårsversjoner')
    await page.getByRole('button', { name: 'Publiser' }).click()
    await page.getByText('Rett opp dette før du publiserer:').waitFor()
    await check(page, `onboarding-terms-${name}`)
  })
})
