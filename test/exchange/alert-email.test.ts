/**
 * Alert e-mails through a real SMTP server in this process (smtp-server on a random port): an overdue AppRec gives
 * exactly one e-mail, in bokmål, to the sending service's contact point, with nothing of the patient or the message
 * in it; with the SMTP server away the alert is retried on the backoff schedule and sent once it is back; a server
 * that keeps refusing is given up on after a bounded number of attempts.
 *
 * Time moves by faking Date only (see receipt-deadlines.test.ts).
 */
import type { AddressInfo } from 'node:net'
import { SMTPServer } from 'smtp-server'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { DEFAULT_ALERT_RETRY, retryOffsetsSeconds } from '../../src/exchange/alerts/alert-notifier.ts'
import type { Patient } from '../../src/exchange/messages/msg-head.types.ts'
import { volvenOid } from '../../src/exchange/messages/namespaces.ts'
import { DEMO } from '../../src/registry/demo/vestfold-demo.ts'
import { foresporsel, PARTY } from '../support/exchange-fixtures.ts'
import { startTestApp, TEST_URL, type TestApp } from '../support/test-app.ts'

const T0 = DEMO.now.getTime()
const HOUR = 3_600_000
const GP = PARTY.tonsbergFastlege
const NURSING = PARTY.tonsbergHjemmesykepleie
const clock = () => new Date()
const setTime = (ms: number) => vi.setSystemTime(ms)

// A demo patient (synthetic fødselsnummer) and a dialogue text that must never reach an e-mail.
const PATIENT: Patient = {
  familyName: 'Berg',
  givenName: 'Ingrid',
  idents: [{ id: '05824099971', typeId: { v: 'FNR', dn: 'Fødselsnummer', s: volvenOid(8116) } }],
}
const DIALOG_TEXT = 'Pasienten har fått ny dosering av Marevan etter fallet i går; kan dere bekrefte at hjemmesykepleien følger opp INR?'

type Received = { to: string[]; from: string; raw: string }

/** An SMTP server on 127.0.0.1 that keeps what it accepts; `refuse` makes it reject every recipient (550). */
async function startSmtp(opts: { port?: number; refuse?: boolean } = {}) {
  const received: Received[] = []
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    closeTimeout: 100,
    onRcptTo(_address, _session, callback) {
      if (!opts.refuse) return callback()
      callback(Object.assign(new Error('Mailbox unavailable'), { responseCode: 550 }))
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = []
      stream.on('data', (c: Buffer) => chunks.push(c))
      stream.on('end', () => {
        received.push({
          to: session.envelope.rcptTo.map((r) => r.address),
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          raw: Buffer.concat(chunks).toString('utf8'),
        })
        callback()
      })
    },
  })
  await new Promise<void>((resolve, reject) => {
    server.server.once('error', reject)
    server.listen(opts.port ?? 0, '127.0.0.1', () => resolve())
  })
  const port = (server.server.address() as AddressInfo).port
  return { port, received, close: () => new Promise<void>((resolve) => server.close(() => resolve())) }
}

/** A port nothing listens on (taken from a server that is closed again), for "SMTP is down". */
async function freePort(): Promise<number> {
  const smtp = await startSmtp()
  await smtp.close()
  return smtp.port
}

/** Headers unfolded, RFC 2047 words and quoted-printable / base64 bodies decoded: what a reader would see. */
function decodeMail(raw: string): { headers: Record<string, string>; subject: string; body: string } {
  const [head = '', ...rest] = raw.split(/\r?\n\r?\n/)
  const headers: Record<string, string> = {}
  for (const line of head.replace(/\r?\n[ \t]+/g, ' ').split(/\r?\n/)) {
    const i = line.indexOf(':')
    if (i > 0) headers[line.slice(0, i).toLowerCase()] = line.slice(i + 1).trim()
  }
  const words = (v: string) =>
    v.replace(/=\?utf-8\?([bq])\?([^?]*)\?=\s*/gi, (_m, enc: string, text: string) =>
      enc.toLowerCase() === 'b' ? Buffer.from(text, 'base64').toString('utf8') : qp(text.replace(/_/g, ' ')),
    )
  const encoding = (headers['content-transfer-encoding'] ?? '').toLowerCase()
  const bodyRaw = rest.join('\n\n')
  const body =
    encoding === 'quoted-printable' ? qp(bodyRaw.replace(/=\r?\n/g, '')) : encoding === 'base64' ? Buffer.from(bodyRaw, 'base64').toString('utf8') : bodyRaw
  return { headers, subject: words(headers.subject ?? '').trim(), body: body.replace(/\r\n/g, '\n') }
}

function qp(text: string): string {
  const bytes: number[] = []
  for (let i = 0; i < text.length; i++) {
    const hex = text.slice(i + 1, i + 3)
    if (text[i] === '=' && /^[0-9A-F]{2}$/i.test(hex)) {
      bytes.push(Number.parseInt(hex, 16))
      i += 2
    } else bytes.push(...Buffer.from(text[i] ?? '', 'utf8'))
  }
  return Buffer.from(bytes).toString('utf8')
}

async function headers(t: TestApp, orgnr: string) {
  const token = await t.systemToken(orgnr, ['samband/exchange'])
  return { authorization: `Bearer ${token}`, 'api-version': '2', 'nhn-source-system': 'Test EPJ 1.0' }
}

/** The GP's forespørsel about the patient, delivered at T0; returns its ids. */
async function sendAtT0(t: TestApp): Promise<{ id: string; msgId: string }> {
  setTime(T0)
  const doc = await foresporsel(t.db, GP.herId, NURSING.herId, { genDate: clock().toISOString(), patient: PATIENT, text: DIALOG_TEXT })
  const posted = await t.app.inject({
    method: 'POST',
    url: '/msh/Messages',
    headers: await headers(t, GP.orgnr),
    payload: { businessDocument: doc.base64, contentType: 'application/xml', contentTransferEncoding: 'base64' },
  })
  expect(posted.statusCode, posted.body).toBe(201)
  await t.exchange.dispatcher.runOnce()
  return { id: posted.json() as string, msgId: doc.msgId }
}

async function alertOf(t: TestApp, messageId: string) {
  return t.db.selectFrom('exchange_alert').selectAll().where('message_id', '=', messageId).executeTakeFirstOrThrow()
}

function alertsOf(t: TestApp) {
  const alerts = t.exchange.alerts
  if (!alerts) throw new Error('the alert e-mails did not start although SMTP_URL is set')
  return alerts
}

const cleanup: (() => Promise<void>)[] = []
afterEach(async () => {
  for (const fn of cleanup.splice(0).reverse()) await fn()
  vi.useRealTimers()
})

async function startApp(smtpPort: number, env: Record<string, string> = {}): Promise<TestApp> {
  vi.useFakeTimers({ toFake: ['Date'], now: T0 })
  const t = await startTestApp({ SMTP_URL: `smtp://127.0.0.1:${smtpPort}`, ...env }, clock)
  cleanup.push(() => t.close())
  return t
}

describe('alert e-mails over SMTP', () => {
  it('an overdue AppRec gives exactly one e-mail in bokmål to the sender’s contact point, without patient data or message content', async () => {
    const smtp = await startSmtp()
    cleanup.push(smtp.close)
    const t = await startApp(smtp.port)
    const { id, msgId } = await sendAtT0(t)

    // Nothing before the deadline.
    setTime(T0 + 95 * HOUR)
    await t.exchange.dispatcher.runOnce()
    await alertsOf(t).runOnce()
    expect(smtp.received).toHaveLength(0)

    setTime(T0 + 96 * HOUR)
    await t.exchange.dispatcher.runOnce()
    await alertsOf(t).runOnce()
    await vi.waitFor(() => expect(smtp.received).toHaveLength(1), { timeout: 5000 })

    const contact = await t.db.selectFrom('communication_party').select(['contact_email']).where('her_id', '=', GP.herId).executeTakeFirstOrThrow()
    const receiver = await t.db.selectFrom('communication_party').select(['name']).where('her_id', '=', NURSING.herId).executeTakeFirstOrThrow()
    expect(contact.contact_email).toBe(`postmottak-${GP.herId}@samband.example`)
    const mail = smtp.received[0]
    if (!mail) throw new Error('no mail')
    expect(mail.to).toEqual([contact.contact_email])
    expect(mail.from).toBe('ikke-svar@samband.example')

    const { headers: h, subject, body } = decodeMail(mail.raw)
    expect(h.from).toContain('ikke-svar@samband.example')
    expect(h['auto-submitted']).toBe('auto-generated')
    expect(subject).toBe('Samband: Melding uten kvittering innen fristen')
    expect(body).toContain('har ikke fått kvittering (applikasjonskvittering) fra mottakeren innen fristen')
    expect(body).toContain('Sendt: 23.11.2026 kl. 12:00')
    expect(body).toContain('Frist for kvittering: 27.11.2026 kl. 12:00')
    expect(body).toContain('Meldingstype: Forespørsel')
    expect(body).toContain(`Mottaker: ${receiver.name} (HER-id ${NURSING.herId})`)
    expect(body).toContain(`${TEST_URL}/helsepersonell/meldinger`)

    // Neither the patient, nor the message, nor its ids — in the decoded text or in the raw bytes.
    const forbidden = ['05824099971', DIALOG_TEXT, 'Marevan', 'dosering', msgId, id]
    // Names as whole words ("Berg" is not in "Tønsberg").
    const names = ['Berg', 'Ingrid'].map((name) => new RegExp(`(?<!\\p{L})${name}(?!\\p{L})`, 'iu'))
    for (const text of [subject, body, mail.raw, JSON.stringify(h)]) {
      for (const secret of forbidden) expect(text.toLowerCase(), `must not contain ${secret}`).not.toContain(secret.toLowerCase())
      for (const name of names) expect(text).not.toMatch(name)
    }

    const alert = await alertOf(t, id)
    expect(alert).toMatchObject({ kind: 'apprec-overdue', notify_attempts: 0, resolved_at: null })
    expect(new Date(alert.notified_at ?? 0)).toEqual(new Date(T0 + 96 * HOUR))
    expect(h['message-id']).toBe(`<exchange-alert-${alert.id}@samband.example>`)

    // Later passes, of the dispatcher and the worker, send nothing more.
    for (const hours of [97, 120, 300]) {
      setTime(T0 + hours * HOUR)
      await t.exchange.dispatcher.runOnce()
      await alertsOf(t).runOnce()
    }
    await new Promise((r) => setTimeout(r, 100))
    expect(smtp.received).toHaveLength(1)
  }, 60_000)

  it('with the SMTP server down the alert is retried later and sent once the server is back', async () => {
    const port = await freePort()
    const t = await startApp(port)
    const { id } = await sendAtT0(t)

    const overdueAt = T0 + 96 * HOUR
    setTime(overdueAt)
    await t.exchange.dispatcher.runOnce()
    await alertsOf(t).runOnce()
    await vi.waitFor(async () => expect((await alertOf(t, id)).notify_attempts).toBe(1), { timeout: 5000 })
    expect((await alertOf(t, id)).notified_at).toBeNull()

    // The server is back, but the backoff (1 minute after the first failure) has not passed: no attempt yet.
    const smtp = await startSmtp({ port })
    cleanup.push(smtp.close)
    setTime(overdueAt + 59_000)
    await alertsOf(t).runOnce()
    expect(smtp.received).toHaveLength(0)
    expect((await alertOf(t, id)).notify_attempts).toBe(1)

    setTime(overdueAt + 60_000)
    await alertsOf(t).runOnce()
    await vi.waitFor(() => expect(smtp.received).toHaveLength(1), { timeout: 5000 })
    const alert = await alertOf(t, id)
    expect(alert.notify_attempts).toBe(1)
    expect(new Date(alert.notified_at ?? 0)).toEqual(new Date(overdueAt + 60_000))
    expect(decodeMail(smtp.received[0]?.raw ?? '').subject).toBe('Samband: Melding uten kvittering innen fristen')

    setTime(overdueAt + 3 * HOUR)
    await alertsOf(t).runOnce()
    expect(smtp.received).toHaveLength(1)
  }, 60_000)

  it('a server that keeps refusing is given up on after the bounded attempts; the alert stays unnotified (shown in the portal)', async () => {
    const smtp = await startSmtp({ refuse: true })
    cleanup.push(smtp.close)
    const t = await startApp(smtp.port)
    const { id } = await sendAtT0(t)
    const overdueAt = T0 + 96 * HOUR
    setTime(overdueAt)
    await t.exchange.dispatcher.runOnce()
    await alertsOf(t).runOnce()

    // Walk the schedule, and well past its end.
    const offsets = retryOffsetsSeconds(DEFAULT_ALERT_RETRY)
    for (const offset of [...offsets, offsets.at(-1)! + 3600, offsets.at(-1)! + 86_400]) {
      setTime(overdueAt + offset * 1000)
      await alertsOf(t).runOnce()
    }
    const alert = await alertOf(t, id)
    expect(alert.notify_attempts).toBe(DEFAULT_ALERT_RETRY.maxAttempts)
    expect(alert.notified_at).toBeNull()
    expect(smtp.received).toHaveLength(0)
  }, 60_000)

  it('an alert resolved by a late AppRec before it could be sent is not e-mailed', async () => {
    const port = await freePort()
    const t = await startApp(port)
    const { id } = await sendAtT0(t)
    setTime(T0 + 96 * HOUR)
    await t.exchange.dispatcher.runOnce()
    await alertsOf(t).runOnce()
    await vi.waitFor(async () => expect((await alertOf(t, id)).notify_attempts).toBe(1), { timeout: 5000 })

    setTime(T0 + 96 * HOUR + 30_000)
    const late = await t.app.inject({
      method: 'POST',
      url: `/msh/Messages/${id}/apprec/${NURSING.herId}`,
      headers: await headers(t, NURSING.orgnr),
      payload: { appRecStatus: 'Ok' },
    })
    expect(late.statusCode, late.body).toBe(201)
    expect((await alertOf(t, id)).resolved_at).not.toBeNull()

    const smtp = await startSmtp({ port })
    cleanup.push(smtp.close)
    setTime(T0 + 100 * HOUR)
    await alertsOf(t).runOnce()
    expect(smtp.received).toHaveLength(0)
  }, 60_000)
})

describe('without SMTP_URL', () => {
  it('the worker is off and the alert stays in the database for the portal', async () => {
    vi.useFakeTimers({ toFake: ['Date'], now: T0 })
    const t = await startTestApp({}, clock)
    cleanup.push(() => t.close())
    expect(t.exchange.alerts).toBeNull()
    const { id } = await sendAtT0(t)
    setTime(T0 + 96 * HOUR)
    await t.exchange.dispatcher.runOnce()
    expect(await alertOf(t, id)).toMatchObject({ kind: 'apprec-overdue', notified_at: null, notify_attempts: 0 })
  }, 60_000)
})
