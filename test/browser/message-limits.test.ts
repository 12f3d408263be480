// Limits on a citizen's message, in the portal: nothing is cut. A counter appears under the subject and the message
// as the limit nears ("15 tegn igjen"), says how much is too much beyond it, and is read out politely once the writer
// pauses; sending text over the limit is stopped with a clear error on the field. The upload of attachments shows a
// labelled progress bar. axe (WCAG 2.1 A/AA) at desktop size and on a 360 px phone.
import type { Page } from 'playwright-core'
import { describe, expect, test } from 'vitest'
import { axeViolations, logInFromLanding, screenshot, useBrowserSuite, viewports, waitForPage } from './browser-harness.ts'

const suite = useBrowserSuite()

const PDF = Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(2 * 1024 * 1024, 0x20), Buffer.from('\n%%EOF\n')])

async function openNewMessage(page: Page): Promise<void> {
  await logInFromLanding(page, 'citizen', 'Ingrid Berg')
  await page.goto('/innbygger/meldinger/ny')
  await page.getByRole('heading', { level: 1, name: 'Ny melding' }).waitFor()
  await waitForPage(page)
}

describe.each(viewports)('the counters on a new message at $name size', ({ name, viewport }) => {
  test('appear as the limit nears, say what is too much, are announced, and nothing is cut', async () => {
    const page = await (await suite.newContext(viewport)).newPage()
    await openNewMessage(page)
    const subject = page.getByLabel('Emne')
    const body = page.getByLabel('Melding', { exact: true })

    // Far from the limit: no counter.
    await subject.fill('Spørsmål om dosetten')
    expect(await page.getByText(/tegn igjen/).count()).toBe(0)

    // Near it: how many are left, and screen readers hear it once the writer pauses.
    await subject.fill('s'.repeat(185))
    await page.getByText('15 tegn igjen', { exact: true }).waitFor()
    const live = page.locator('[aria-live="polite"]').filter({ hasText: '15 tegn igjen' })
    await live.waitFor({ state: 'attached' })
    expect(await live.getAttribute('aria-atomic')).toBe('true')

    // Over it: the field keeps everything written (no maxlength cuts a paste), and the counter says how much is too much.
    await subject.fill('s'.repeat(205))
    expect((await subject.inputValue()).length).toBe(205)
    await page.getByText('5 tegn for mye (høyst 200)').waitFor()

    await body.fill('b'.repeat(9_950))
    await page.getByText('50 tegn igjen', { exact: true }).waitFor()
    await body.fill('b'.repeat(10_001))
    expect((await body.inputValue()).length).toBe(10_001)
    await page.getByText('1 tegn for mye (høyst 10 000)').waitFor()
    await screenshot(page, `message-limits-counters-${name}`)
    expect(await axeViolations(page)).toEqual([])

    // Sending is stopped with an error on each field, listed at the top; nothing is sent.
    let posted = false
    page.on('request', (request) => {
      if (request.method() === 'POST' && request.url().includes('/threads')) posted = true
    })
    await page.getByRole('button', { name: 'Send melding' }).click()
    await page.getByText('Rett opp dette før du sender:').waitFor()
    expect(await page.getByRole('link', { name: 'Emnet kan ha høyst 200 tegn.' }).count()).toBe(1)
    expect(await page.getByRole('link', { name: 'Meldingen kan ha høyst 10 000 tegn.' }).count()).toBe(1)
    expect(posted).toBe(false)
    await screenshot(page, `message-limits-refused-${name}`)
    expect(await axeViolations(page)).toEqual([])
  })
})

describe('the upload of attachments', () => {
  test('shows a labelled progress bar while the message is sent', async () => {
    const page = await (await suite.newContext()).newPage()
    await openNewMessage(page)
    await page.getByLabel('Emne').fill('Papirene fra sykehuset')
    await page.getByLabel('Melding', { exact: true }).fill('Her er papirene dere ba om.')
    await page.getByLabel('Vedlegg (valgfritt)').setInputFiles({ name: 'epikrise.pdf', mimeType: 'application/pdf', buffer: PDF })
    await page.getByRole('list', { name: 'Filer som legges ved' }).getByText('epikrise.pdf').waitFor()
    // The answer is held back a moment, so that the bar can be seen before the page moves on.
    await page.route('**/api/citizens/*/threads', async (route) => {
      await new Promise((resolve) => setTimeout(resolve, 1500))
      await route.continue()
    })
    await page.getByRole('button', { name: 'Send melding' }).click()
    const bar = page.getByRole('progressbar', { name: /Sender vedleggene|Vedleggene er sendt/ })
    await bar.waitFor()
    await screenshot(page, 'message-upload-progress')
    expect(await axeViolations(page)).toEqual([])
    await page.waitForURL(/\/innbygger\/meldinger\/[0-9a-f-]{36}\?sendt=1$/)
    await page.getByRole('link', { name: 'epikrise.pdf' }).waitFor()
  }, 120_000)
})
