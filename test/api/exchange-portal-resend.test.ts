// "Send på nytt" in the staff portal: a message the receiver refused with a negative AppRec (or that failed, or whose
// AppRec is overdue) is sent again as a new message — new MsgId and GenDate, same content — to those receivers only;
// audit-logged with the patient, behind the CSRF token, once per Idempotency-Key.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { findDeliveries, findDocument } from '../../src/exchange/delivery/exchange.repository.ts'
import { answerWithAppRec, speaksFor } from '../../src/exchange/delivery/exchange.service.ts'
import { readMessageXml } from '../../src/exchange/messages/read-message.ts'
import { PARTY } from '../support/exchange-fixtures.ts'
import { startTestApp, type TestApp } from '../support/test-app.ts'
import { auditHead, auditRowsAfter, expectProblem, O, P, S, SV, sessionHeaders } from './api-helpers.ts'

type Session = { cookie: string; csrf: string }
const FASTLEGE = PARTY.tonsbergFastlege.herId
const INGRID = P.ingridBerg

let t: TestApp
let lise: Session
let berit: Session

beforeAll(async () => {
  t = await startTestApp()
  lise = await t.staffSession(S.liseLund.id, SV.tonsbergHjemmesykepleie.id)
  berit = await t.staffSession(S.beritBakke.id, SV.tonsbergLegesenterFastlege.id)
})
afterAll(async () => t?.close())

async function sendQuestion(subject: string): Promise<{ id: string; msgId: string }> {
  const response = await t.app.inject({
    method: 'POST',
    url: '/api/exchange/messages',
    headers: sessionHeaders(lise),
    payload: { kind: 'foresporsel', receiverHerId: FASTLEGE, patientNationalId: INGRID.nationalId, subject, text: 'Kan du bekrefte medisinlisten?' },
  })
  expect(response.statusCode, response.body).toBe(201)
  await t.exchange.dispatcher.runOnce()
  return response.json()
}

function resend(session: Session, id: string, key?: string, csrf: string | null = session.csrf) {
  return t.app.inject({
    method: 'POST',
    url: `/api/exchange/messages/${id}/resend`,
    headers: { ...sessionHeaders(session, csrf), ...(key ? { 'idempotency-key': key } : {}) },
  })
}

async function view(session: Session, id: string) {
  const response = await t.app.inject({ url: `/api/exchange/messages/${id}`, headers: sessionHeaders(session, null) })
  expect(response.statusCode, response.body).toBe(200)
  return response.json<{ canResend: boolean; receivers: { herId: number; status: string; appRecStatus: string | null }[] }>()
}

async function stored(id: string) {
  const read = readMessageXml((await findDocument(t.db, id))?.document ?? Buffer.alloc(0), { maxBytes: 1_000_000 })
  if (!read.ok || read.message.format !== 'msghead') throw new Error('not a MsgHead')
  return read.message
}

describe('POST /api/exchange/messages/{id}/resend', () => {
  let refused: { id: string; msgId: string }

  it('is not offered, and is refused, while the receiver has not answered and the deadline has not passed', async () => {
    refused = await sendQuestion('Medisinliste')
    expect((await view(lise, refused.id)).canResend).toBe(false)
    expectProblem(await resend(lise, refused.id), 409, 'conflict')
  })

  it('after a negative AppRec, sends a new message with the same content to the refusing receiver, audit-logged', async () => {
    await answerWithAppRec(
      t.exchange.deps,
      {
        kind: 'organisation',
        organisationId: O.tonsbergLegesenter.id,
        mayActAs: speaksFor([FASTLEGE]),
        actorId: 'test-epj',
        source: 'msh',
        sourceSystem: 'EPJ',
      },
      refused.id,
      FASTLEGE,
      { status: 'Rejected', errors: [{ errorCode: 'E35', details: 'Pasienten er ukjent' }] },
    )
    expect((await view(lise, refused.id)).canResend).toBe(true)
    expect((await view(berit, refused.id)).canResend).toBe(false)

    expectProblem(await resend(lise, refused.id, 'k1', null), 403, 'csrf-failed')
    const before = await auditHead(t.db)
    const response = await resend(lise, refused.id, 'k1')
    expect(response.statusCode, response.body).toBe(201)
    const created = response.json<{ id: string; msgId: string }>()
    expect(response.headers.location).toBe(`/api/exchange/messages/${created.id}`)
    expect(created.id).not.toBe(refused.id)
    expect(created.msgId).not.toBe(refused.msgId)

    const original = await stored(refused.id)
    const copy = await stored(created.id)
    expect(copy.msgInfo.msgId).toBe(created.msgId)
    expect(copy.msgInfo.genDate).toBe(t.now().toISOString())
    expect(copy.payload).toEqual(original.payload)
    expect(copy.msgInfo.patient).toEqual(original.msgInfo.patient)
    expect(copy.msgInfo.receiver).toEqual(original.msgInfo.receiver)
    // Only to the receiver that refused it, with a receipt of its own still to come.
    expect((await findDeliveries(t.db, created.id)).map((d) => [d.receiverHerId, d.appRecStatus])).toEqual([[FASTLEGE, null]])

    expect(await auditRowsAfter(t.db, before)).toContainEqual(
      expect.objectContaining({
        action: 'exchange.message.resend',
        decision: 'allowed',
        actor_id: S.liseLund.id,
        resource_id: refused.id,
        patient_person_id: INGRID.id,
      }),
    )
    // The same Idempotency-Key again (a double click, a lost answer) is the same new message, not a third.
    const again = await resend(lise, refused.id, 'k1')
    expect(again.statusCode, again.body).toBe(201)
    expect(again.json<{ id: string }>().id).toBe(created.id)
    const copies = await t.db
      .selectFrom('exchange_message')
      .select('id')
      .where('sender_her_id', '=', PARTY.tonsbergHjemmesykepleie.herId)
      .where('original_message_id', 'is', null)
      .execute()
    expect(copies.filter((c) => c.id === created.id)).toHaveLength(1)
  })

  it('is for the sending service only: the receiver, and staff of other services, are refused', async () => {
    expectProblem(await resend(berit, refused.id), 409, 'conflict')
    const anders = await t.staffSession(S.andersAas.id, SV.sivMedisinsk.id)
    const before = await auditHead(t.db)
    expectProblem(await resend(anders, refused.id), 403, 'forbidden')
    expect(await auditRowsAfter(t.db, before)).toEqual([
      expect.objectContaining({ action: 'exchange.message.resend', decision: 'denied', patient_person_id: INGRID.id }),
    ])
  })
})
