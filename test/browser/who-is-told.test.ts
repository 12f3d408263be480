// Pages that say what really happens: Kari, acting for her daughter Emma (8, no contact details of her own), reads on
// Emma's notification settings that she, the parent, is notified; Sara Holm (confidential address) is not offered a
// fullmakt form she could never use, and is told why. Both checked with axe at desktop size and on a 360 px phone.
import type { Page } from 'playwright-core'
import { describe, expect, test } from 'vitest'
import { DEMO } from '../../src/registry/demo/vestfold-demo.ts'
import { axeViolations, logInFromLanding, screenshot, useBrowserSuite, viewports, waitForPage } from './browser-harness.ts'

const suite = useBrowserSuite()
const P = DEMO.people

async function check(page: Page, shot: string): Promise<void> {
  await screenshot(page, shot)
  expect(await axeViolations(page)).toEqual([])
  expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0)
}

describe.each(viewports)('at $name size', ({ name, viewport }) => {
  test('Emma’s notification settings say that her parent is notified', async () => {
    const context = await suite.newContext(viewport)
    await context.addInitScript((id) => sessionStorage.setItem('samband.actingFor', id), P.emmaNordmann.id)
    const page = await context.newPage()
    await logInFromLanding(page, 'citizen', 'Kari Nordmann')
    await page.goto('/innbygger/varsler')
    await waitForPage(page)
    await page.getByRole('heading', { level: 1, name: 'Varslinger for Emma Nordmann' }).waitFor()
    const also = page.getByRole('region', { name: 'Hvem andre får varsel' })
    await also.waitFor()
    expect(await also.textContent()).toContain('Kari Nordmann (forelder)')
    expect(await also.textContent()).toContain('selv om vi ikke kan varsle Emma Nordmann')
    await check(page, `notifications-child-${name}`)
  })

  test('Sara is told why she cannot give a fullmakt, and gets no form', async () => {
    const page = await (await suite.newContext(viewport)).newPage()
    await logInFromLanding(page, 'citizen', 'Sara Holm')
    await page.goto('/innbygger/fullmakter')
    await waitForPage(page)
    await page.getByRole('heading', { level: 3, name: 'Du kan ikke gi fullmakt digitalt' }).waitFor()
    expect(await page.getByText('Du har fortrolig eller strengt fortrolig adresse.', { exact: false }).count()).toBe(1)
    expect(await page.getByRole('button', { name: 'Gi fullmakt' }).count()).toBe(0)
    await check(page, `fullmakter-confidential-${name}`)
  })
})
