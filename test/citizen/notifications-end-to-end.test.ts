// A staff answer to a citizen's thread reaches the citizen, and whoever reads messages for them, as an SMS or an
// e-mail through the real channels (a local SMS gateway, an SMTP server in this process) — and no SMS or e-mail
// ever carries the subject, the text, a name or a national id.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DEMO_CONTACTS } from '../../src/citizen/notifications/demo-contact-register.ts'
import { P, S, SV } from '../api/api-helpers.ts'
import { type ReceivedMail, type ReceivedSms, startSmsReceiver, startSmtpReceiver } from '../support/notification-receivers.ts'
import { type TestApp, startTestApp } from '../support/test-app.ts'

const SUBJECT = 'Smerter i hofta etter fallet'
const CITIZEN_TEXT = 'Mor har hatt vondt i hofta siden fallet på lørdag.'
const ANSWER = 'Vi sender fysioterapeut og lege i morgen. Diagnosen er trolig lårhalsbrudd.'

let t: TestApp
let sms: Awaited<ReturnType<typeof startSmsReceiver>>
let smtp: Awaited<ReturnType<typeof startSmtpReceiver>>

beforeAll(async () => {
  sms = await startSmsReceiver()
  smtp = await startSmtpReceiver()
  t = await startTestApp({ SMS_GATEWAY_URL: sms.url, SMS_GATEWAY_TOKEN: 'test-token', SMTP_URL: smtp.url, RATE_LIMIT_PER_MINUTE: '100000' }, () => new Date())
}, 60_000)
afterAll(async () => {
  await t?.close()
  await sms?.close()
  await smtp?.close()
})

async function headersOf(session: { cookie: string; csrf: string }) {
  return { cookie: session.cookie, 'x-csrf-token': session.csrf }
}

async function answeredThread(): Promise<string> {
  const per = await headersOf(await t.citizenSession(P.perBerg.id))
  const started = await t.app.inject({
    method: 'POST',
    url: `/api/citizens/${P.ingridBerg.id}/threads`,
    headers: per,
    payload: { serviceId: SV.tonsbergHjemmesykepleie.id, subject: SUBJECT, body: CITIZEN_TEXT },
  })
  expect(started.statusCode, started.body).toBe(201)
  const threadId = started.json<{ id: string }>().id
  const lise = await headersOf(await t.staffSession(S.liseLund.id, SV.tonsbergHjemmesykepleie.id))
  const answered = await t.app.inject({
    method: 'POST',
    url: `/api/services/${SV.tonsbergHjemmesykepleie.id}/threads/${threadId}/messages`,
    headers: lise,
    payload: { body: ANSWER },
  })
  expect(answered.statusCode, answered.body).toBe(201)
  return threadId
}

function expectNoContent(texts: string[]) {
  for (const text of texts) {
    for (const secret of [
      SUBJECT,
      CITIZEN_TEXT,
      ANSWER,
      'hofta',
      'Diagnosen',
      'lårhalsbrudd',
      'Ingrid',
      'Berg',
      P.ingridBerg.nationalId,
      P.perBerg.nationalId,
    ]) {
      expect(text).not.toContain(secret)
    }
  }
}

const smsTexts = (list: ReceivedSms[]) => list.map((s) => s.text)
const mailTexts = (list: ReceivedMail[]) => list.flatMap((m) => [m.raw, m.body])

describe('notifications for a staff answer', () => {
  it('sends an SMS to the citizen and to her proxy, naming the service and nothing else', async () => {
    await answeredThread()
    await t.citizen.notifications!.runOnce()
    const recipients = sms.received.map((s) => s.to).sort()
    expect(recipients).toEqual([DEMO_CONTACTS.ingridBerg.mobile, DEMO_CONTACTS.perBerg.mobile].sort())
    for (const s of sms.received) expect(s.text).toMatch(/^Du har fått en ny melding fra Tønsberg kommune, Hjemmesykepleien i Samband\./)
    expectNoContent(smsTexts(sms.received))
    // Sent once: another pass sends nothing more.
    await t.citizen.notifications!.runOnce()
    expect(sms.received).toHaveLength(2)
  })

  it('e-mails when the register has no mobile number, with no content in subject or body', async () => {
    sms.received.length = 0
    await t.db.updateTable('contact_register_entry').set({ mobile: null }).where('national_id', '=', P.perBerg.nationalId).execute()
    await answeredThread()
    await t.citizen.notifications!.runOnce()
    expect(sms.received.map((s) => s.to)).toEqual([DEMO_CONTACTS.ingridBerg.mobile])
    expect(smtp.received.map((m) => m.to)).toEqual([[DEMO_CONTACTS.perBerg.email]])
    expectNoContent([...smsTexts(sms.received), ...mailTexts(smtp.received)])
  })

  it('leaves out the name of a service marked sensitive, and sends at the lowest level too', async () => {
    sms.received.length = 0
    await t.db.updateTable('service').set({ sensitive_name: true }).where('id', '=', SV.tonsbergHjemmesykepleie.id).execute()
    const ingrid = await headersOf(await t.citizenSession(P.ingridBerg.id))
    const level = await t.app.inject({
      method: 'PUT',
      url: `/api/citizens/${P.ingridBerg.id}/notification-settings`,
      headers: ingrid,
      payload: { level: 'begrenset' },
    })
    expect(level.statusCode, level.body).toBe(204)
    await answeredThread()
    await t.citizen.notifications!.runOnce()
    const toIngrid = sms.received.filter((s) => s.to === DEMO_CONTACTS.ingridBerg.mobile)
    expect(toIngrid).toHaveLength(1)
    expect(toIngrid[0]?.text).toMatch(/^Du har fått en ny melding i Samband\./)
    expect(toIngrid[0]?.text).not.toContain('Tønsberg')
    expectNoContent(smsTexts(sms.received))
  })
})
