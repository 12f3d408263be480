// Min side and the citizen's messages beyond writing: what is waiting per person (Per sees Ingrid's unread answer and
// gets to her messages in one step; Kari gets nothing about Jonas, whose messages she may not read), searching the
// threads, an answer deadline that has passed (says so, and whom to call), a thread id that names nothing ("not
// found"), the whom-one-acts-for bar at 360 px, and a conversation printed to PDF. Axe at desktop and 360 px.
import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { BrowserContext, Page } from 'playwright-core'
import { describe, expect, test } from 'vitest'
import { DEMO } from '../../src/registry/demo/vestfold-demo.ts'
import { axeViolations, logInFromLanding, screenshot, useBrowserSuite, viewports, waitForPage } from './browser-harness.ts'

const suite = useBrowserSuite()

const INGRID = DEMO.people.ingridBerg
const ANSWERED = '00000000-0000-4000-8000-000000000801'
const OVERDUE = '00000000-0000-4000-8000-000000000802'

async function actFor(context: BrowserContext, personId: string): Promise<void> {
  await context.addInitScript((id) => sessionStorage.setItem('samband.actingFor', id), personId)
}

async function expectNoAxeViolations(page: Page): Promise<void> {
  expect(await axeViolations(page)).toEqual([])
}

describe.each(viewports)('at $name size', ({ name, viewport }) => {
  test('Per sees that an answer waits for Ingrid, and reaches it in one step', async () => {
    const per = await (await suite.newContext(viewport)).newPage()
    await logInFromLanding(per, 'citizen', 'Per Berg')
    const summary = per.getByRole('region', { name: 'Nytt siden sist' })
    await summary.getByText('Nytt svar i 1 samtale').waitFor()
    expect(await summary.textContent()).toContain('Ingrid Berg:')
    // Per's own messages have nothing new: he is not named.
    expect(await summary.textContent()).not.toContain('Deg selv')
    await expectNoAxeViolations(per)
    await screenshot(per, `citizen-home-waiting-${name}`)

    await summary.getByRole('link', { name: 'Les meldingene til Ingrid Berg' }).click()
    await per.getByRole('heading', { level: 1, name: 'Meldinger for Ingrid Berg' }).waitFor()
    await waitForPage(per)
    expect(await per.getByRole('region', { name: 'Hvem du bruker tjenestene for' }).textContent()).toContain('Du handler på vegne av Ingrid Berg')

    // Search: a word only in one thread's first message.
    await per.getByRole('searchbox', { name: 'Søk i meldingene' }).fill('frisøren')
    await per.getByRole('button', { name: 'Søk', exact: true }).click()
    await per.getByText('1 samtale passer med «frisøren»').waitFor()
    expect(await per.getByRole('link', { name: 'Besøket på torsdag' }).count()).toBe(1)
    expect(await per.getByRole('link', { name: 'Medisinlisten etter sykehusoppholdet' }).count()).toBe(0)
    expect(per.url()).toContain('sok=fris%C3%B8ren')
    await expectNoAxeViolations(per)
    await screenshot(per, `citizen-threads-search-${name}`)
    await per.getByRole('button', { name: 'Søk', exact: true }).waitFor()
    await per.getByRole('searchbox', { name: 'Søk i meldingene' }).fill('ingenting slikt')
    await per.getByRole('button', { name: 'Søk', exact: true }).click()
    await per.getByText('Ingen samtaler passer med «ingenting slikt»').waitFor()
    await per.getByRole('button', { name: 'Vis alle' }).click()
    await per.getByText('2 samtaler').waitFor()
  })

  test('a thread whose answer is late says so and whom to call; an id that names nothing is "not found"', async () => {
    const context = await suite.newContext(viewport)
    await actFor(context, INGRID.id)
    const per = await context.newPage()
    await logInFromLanding(per, 'citizen', 'Per Berg')
    await per.goto(`/innbygger/meldinger/${OVERDUE}`)
    await per.getByRole('heading', { level: 1, name: 'Medisinlisten etter sykehusoppholdet' }).waitFor()
    await waitForPage(per)
    const late = per.getByText(/^Fristen for svar gikk ut /)
    await late.waitFor()
    expect(await late.textContent()).toMatch(/Ring Hjemmesykepleien på \+47 33 34 80 00 hvis det haster\.$/)
    expect(await per.getByText('Du kan vente svar innen').count()).toBe(0)
    await expectNoAxeViolations(per)
    await screenshot(per, `citizen-thread-deadline-passed-${name}`)

    for (const bad of ['ikke-en-id', '00000000-0000-4000-8000-00000000ffff']) {
      await per.goto(`/innbygger/meldinger/${bad}`)
      await per.getByRole('heading', { level: 1, name: 'Fant ikke samtalen' }).waitFor()
      expect(await per.getByText('Prøv igjen om litt').count()).toBe(0)
    }
    await expectNoAxeViolations(per)
  })

  test('Kari is told about Emma’s messages, and nothing about Jonas’s, which she may not read', async () => {
    const kari = await (await suite.newContext(viewport)).newPage()
    await logInFromLanding(kari, 'citizen', 'Kari Nordmann')
    await kari.getByRole('region', { name: 'Nytt siden sist' }).getByText('Ingen nye svar venter på deg eller dem du handler for.').waitFor()
    const emma = kari.getByRole('article', { name: 'Emma Nordmann' })
    const jonas = kari.getByRole('article', { name: 'Jonas Nordmann' })
    await emma.getByText('Ingen nye svar.').waitFor()
    expect(await jonas.textContent()).not.toContain('svar')
    // The bar's choice names Kari herself in full at phone width too: the select is as wide as its text.
    const select = kari.getByRole('combobox', { name: 'Bytt person' })
    expect(await select.evaluate((e) => (e as HTMLSelectElement).selectedOptions[0]?.textContent)).toBe('Kari Nordmann (deg selv)')
    const room = await select.evaluate((e) => {
      const style = getComputedStyle(e)
      const context = document.createElement('canvas').getContext('2d')
      if (!context) return null
      context.font = `${style.fontWeight} ${style.fontSize} ${style.fontFamily}`
      const text = context.measureText((e as HTMLSelectElement).selectedOptions[0]?.textContent ?? '').width
      const inner = e.clientWidth - Number.parseFloat(style.paddingLeft) - Number.parseFloat(style.paddingRight)
      return { text, inner, viewport: document.documentElement.clientWidth, right: e.getBoundingClientRect().right }
    })
    expect(room).not.toBeNull()
    // Within a pixel: a select that sizes itself to its options rounds its width.
    expect(room?.inner ?? 0).toBeGreaterThanOrEqual((room?.text ?? Number.POSITIVE_INFINITY) - 1)
    expect(room?.right ?? Number.POSITIVE_INFINITY).toBeLessThanOrEqual(room?.viewport ?? 0)
    await expectNoAxeViolations(kari)
    await screenshot(kari, `citizen-home-kari-${name}`)
  })
})

test('a conversation prints as the conversation alone, and saves as a PDF', async () => {
  const context = await suite.newContext()
  await actFor(context, INGRID.id)
  const per = await context.newPage()
  await logInFromLanding(per, 'citizen', 'Per Berg')
  await per.goto(`/innbygger/meldinger/${ANSWERED}`)
  await per.getByRole('heading', { level: 1, name: 'Besøket på torsdag' }).waitFor()
  await waitForPage(per)
  // The button opens the browser's print dialog: here its call is recorded instead.
  await per.evaluate(() => {
    ;(window as unknown as { printed: number }).printed = 0
    window.print = () => {
      ;(window as unknown as { printed: number }).printed++
    }
  })
  await per.getByRole('button', { name: 'Skriv ut / lagre som PDF' }).click()
  expect(await per.evaluate(() => (window as unknown as { printed: number }).printed)).toBe(1)

  await per.emulateMedia({ media: 'print' })
  for (const gone of [
    per.getByRole('banner'),
    per.getByRole('region', { name: 'Hvem du bruker tjenestene for' }),
    per.getByRole('button', { name: 'Skriv ut / lagre som PDF' }),
    per.getByRole('button', { name: 'Send melding' }),
    per.getByRole('link', { name: 'Tilbake til meldinger' }),
  ]) {
    expect(await gone.isVisible()).toBe(false)
  }
  for (const kept of [
    per.getByRole('heading', { level: 1, name: 'Besøket på torsdag' }),
    per.getByText('Mor skal til frisøren torsdag formiddag'),
    per.getByText('vi kommer mellom 13 og 14 på torsdag'),
    per.getByText(/^Skrevet ut fra Samband .* av Per Berg på vegne av Ingrid Berg\.$/),
  ]) {
    expect(await kept.isVisible()).toBe(true)
  }
  const pdf = await per.pdf({ format: 'A4', printBackground: true })
  expect(pdf.subarray(0, 5).toString()).toBe('%PDF-')
  const dir = process.env.SAMBAND_SCREENSHOTS
  if (dir) await writeFile(join(dir, 'citizen-thread-printed.pdf'), pdf)
})
