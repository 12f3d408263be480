// The server's logs while citizens and staff write, read, fail and are refused in citizen messages: no message text,
// subject, file name or patient name may appear in them. Logs are captured as in test/api/logs-no-personal-data.test.ts:
// the app's own logger, writing into a capturing stream.
import { Writable } from 'node:stream'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { S } from '../api/api-helpers.ts'
import { type TestApp, startTestApp } from '../support/test-app.ts'
import { messagingClient, P, pdf, SV, type ThreadDetail, TINY_PNG } from './messaging-support.ts'

const captured = { lines: [] as string[] }

/** Every line the app logs, at the level the test asks for. */
function capturingStream(): Writable {
  return new Writable({
    write(chunk, _encoding, done) {
      captured.lines.push(String(chunk))
      done()
    },
  })
}

let t: TestApp

beforeAll(async () => {
  t = await startTestApp({ LOG_LEVEL: 'trace' }, undefined, { logStream: capturingStream() })
}, 60_000)

afterAll(async () => {
  await t?.close()
})

const SECRETS = {
  subject: 'Hemmelig-emne-urinveisinfeksjon',
  body: 'Hemmelig-tekst-blodsukker-17',
  answer: 'Hemmelig-svar-insulin-dose',
  fileName: 'Hemmelig-fil-diagnose.pdf',
  refused: 'Hemmelig-avvist-tekst',
}

describe('citizen messages leave no content in the logs', () => {
  it('after a round of writing, reading, answering and refusals', async () => {
    const api = messagingClient(t)
    const ingrid = await api.citizen(P.ingridBerg.id)
    const per = await api.citizen(P.perBerg.id)
    const lise = await api.staff(S.liseLund.id, SV.tonsbergHjemmesykepleie.id)
    const tor = await api.staff(S.torTangen.id, SV.faerderHjemmesykepleie.id)
    const service = SV.tonsbergHjemmesykepleie.id
    captured.lines.length = 0

    const created = await api.startThread(per, P.ingridBerg.id, {
      serviceId: service,
      subject: SECRETS.subject,
      body: SECRETS.body,
      attachments: [pdf(SECRETS.fileName)],
    })
    expect(created.statusCode, created.body).toBe(201)
    const thread = created.json<ThreadDetail>()
    expect((await api.serviceGet(lise, service, `/${thread.id}`)).statusCode).toBe(200)
    expect((await api.serviceWrite(lise, service, thread.id, { body: SECRETS.answer })).statusCode).toBe(201)
    expect((await api.citizenGet(ingrid, `${P.ingridBerg.id}/threads/${thread.id}`)).statusCode).toBe(200)
    const attachmentId = thread.messages[0]?.attachments[0]?.id
    expect((await api.citizenGet(ingrid, `${P.ingridBerg.id}/threads/${thread.id}/attachments/${attachmentId}`)).statusCode).toBe(200)

    // Refusals of every kind, each carrying text that must not be logged.
    expect(
      (
        await api.startThread(ingrid, P.ingridBerg.id, {
          serviceId: service,
          subject: SECRETS.refused,
          body: SECRETS.refused,
          attachments: [pdf(SECRETS.refused, TINY_PNG)],
        })
      ).statusCode,
    ).toBe(422)
    expect(
      (await api.startThread(ingrid, P.ingridBerg.id, { serviceId: service, subject: SECRETS.refused, body: `${SECRETS.refused}${'x'.repeat(10_001)}` }))
        .statusCode,
    ).toBe(422)
    expect(
      (await api.startThread(ingrid, P.ingridBerg.id, { serviceId: SV.faerderHjemmesykepleie.id, subject: SECRETS.refused, body: SECRETS.refused })).statusCode,
    ).toBe(403)
    expect((await api.serviceWrite(tor, service, thread.id, { body: SECRETS.refused })).statusCode).toBe(403)
    expect((await api.servicePost(lise, service, thread.id, 'close')).statusCode).toBe(200)
    expect((await api.citizenWrite(ingrid, P.ingridBerg.id, thread.id, { body: SECRETS.refused })).statusCode).toBe(409)
    const malformed = await t.app.inject({
      method: 'POST',
      url: `/api/citizens/${P.ingridBerg.id}/threads`,
      headers: { ...ingrid, 'content-type': 'application/json' },
      payload: `{"subject": "${SECRETS.refused}", "body": `,
    })
    expect(malformed.statusCode).toBe(400)

    await new Promise((resolve) => setTimeout(resolve, 50))
    const log = captured.lines.join('')
    // The capture works and saw these requests.
    expect(log).toContain(`/api/citizens/${P.ingridBerg.id}/threads`)
    expect(log).toContain('"statusCode":409')
    for (const secret of Object.values(SECRETS)) expect(log, 'message content in the log').not.toContain(secret)
    for (const person of Object.values(P)) {
      expect(log, 'a name in the log').not.toContain(`${person.givenName} ${person.familyName}`)
      expect(log, 'a national id in the log').not.toContain(person.nationalId)
    }
    expect(log).not.toMatch(/Hemmelig/)
  }, 60_000)
})
