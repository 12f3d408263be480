// Issue 10, item 8: a citizen thread has one state wherever staff see it. The bridge's copies of citizen messages
// (Dialogmelding from the citizen-services party to the service, for its EPJ) are not in the staff portal's exchange
// inbox nor its count, and cannot be answered there; the EPJ still fetches them over /msh. An answer written in the
// portal reaches the EPJ too, in the same conversation, so the patient record holds the whole dialog.
import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { answerConversationRef, answerDialogmelding, withContactPerson } from '../../src/exchange/portal/compose.ts'
import type { Patient } from '../../src/exchange/messages/msg-head.types.ts'
import { readMessageXml } from '../../src/exchange/messages/read-message.ts'
import { P, S, SV, sessionHeaders } from '../api/api-helpers.ts'
import { epjOf, type MshClient } from '../exchange/msh-test-support.ts'
import { organisationOf, PARTY } from '../support/exchange-fixtures.ts'
import { type TestApp, startTestApp } from '../support/test-app.ts'

const PORTAL = 810190
const SERVICE_HER = PARTY.tonsbergHjemmesykepleie.herId

let t: TestApp
let epj: MshClient
let per: Record<string, string>
let lise: Record<string, string>

type Inbox = { items: { id: string; sender: { herId: number }; read: boolean; needsAnswer: boolean }[]; total: number; needsAttention: number }
type StaffList = { items: { id: string; unreadCount: number; awaitingAnswer: boolean; overdue: boolean }[] }

beforeAll(async () => {
  t = await startTestApp({}, () => new Date())
  epj = await epjOf(t, PARTY.tonsbergHjemmesykepleie)
  await epj.drain(SERVICE_HER)
  per = sessionHeaders(await t.citizenSession(P.perBerg.id))
  lise = sessionHeaders(await t.staffSession(S.liseLund.id, SV.tonsbergHjemmesykepleie.id))
}, 60_000)
afterAll(async () => {
  await t?.close()
})

async function settle() {
  for (let i = 0; i < 3; i++) {
    await t.citizen.epjBridge.runOnce()
    await t.exchange.dispatcher.runOnce()
  }
}

async function startThread(body: string): Promise<{ id: string }> {
  const res = await t.app.inject({
    method: 'POST',
    url: `/api/citizens/${P.ingridBerg.id}/threads`,
    headers: per,
    payload: { serviceId: SV.tonsbergHjemmesykepleie.id, subject: 'Medisinene', body },
  })
  expect(res.statusCode, res.body).toBe(201)
  return res.json()
}

async function exchangeInbox(): Promise<Inbox> {
  const res = await t.app.inject({ url: '/api/exchange/inbox?limit=100', headers: lise })
  expect(res.statusCode, res.body).toBe(200)
  return res.json<Inbox>()
}

async function staffList(): Promise<StaffList> {
  const res = await t.app.inject({ url: `/api/services/${SV.tonsbergHjemmesykepleie.id}/threads?status=all&limit=100`, headers: lise })
  expect(res.statusCode, res.body).toBe(200)
  return res.json<StaffList>()
}

async function epjDocuments() {
  const items = (await epj.inbox(SERVICE_HER)).filter((i) => i.senderHerId === PORTAL && !i.isAppRec)
  const docs = []
  for (const item of items) {
    const read = readMessageXml(await epj.documentOf(item.id), { maxBytes: 1e7 })
    if (!read.ok || read.message.format !== 'msghead') throw new Error('not a MsgHead')
    docs.push({ id: item.id, message: read.message })
  }
  return docs
}

const conversationOf = async (threadId: string) =>
  (await t.db.selectFrom('citizen_thread').select('conversation_ref').where('id', '=', threadId).executeTakeFirstOrThrow()).conversation_ref

describe("the staff's two inboxes", () => {
  it("keeps the bridge's copy out of the exchange inbox and its count, while the EPJ still fetches it over /msh", async () => {
    const before = await exchangeInbox()
    const thread = await startThread('Har dere fått den nye medisinlisten?')
    await settle()

    const copies = await epjDocuments()
    expect(copies).toHaveLength(1)
    expect(copies[0]?.message.msgInfo.type.v).toBe('DIALOG_FORESPORSEL')

    const after = await exchangeInbox()
    expect(after.items.filter((i) => i.sender.herId === PORTAL)).toEqual([])
    expect(after.items.map((i) => i.id)).not.toContain(copies[0]?.id)
    expect(after.total).toBe(before.total)
    expect(after.needsAttention).toBe(before.needsAttention)
    // The citizen inbox is the one place: there the thread waits for an answer.
    expect((await staffList()).items.find((i) => i.id === thread.id)).toMatchObject({ awaitingAnswer: true, unreadCount: 1 })
    await epj.drain(SERVICE_HER)
  }, 30_000)

  it('refuses to answer the copy through the exchange portal', async () => {
    await startThread('Kan jeg få et svar her?')
    await settle()
    const copy = (await epjDocuments())[0]
    expect(copy).toBeDefined()
    const res = await t.app.inject({
      method: 'POST',
      url: `/api/exchange/messages/${copy?.id}/answer`,
      headers: lise,
      payload: { text: 'Svar via feil innboks' },
    })
    expect(res.statusCode, res.body).toBe(409)
    expect(res.json<{ detail: string }>().detail).toContain('Meldinger fra innbyggere')
    await epj.drain(SERVICE_HER)
  }, 30_000)

  it("sends an answer written in the portal to the service's EPJ, in the same conversation, marked as answered in Samband", async () => {
    const thread = await startThread('Når kommer dere i morgen?')
    await settle()
    const [question] = await epjDocuments()
    await epj.drain(SERVICE_HER)

    const answered = await t.app.inject({
      method: 'POST',
      url: `/api/services/${SV.tonsbergHjemmesykepleie.id}/threads/${thread.id}/messages`,
      headers: lise,
      payload: { body: 'Vi kommer mellom klokka 9 og 10.' },
    })
    expect(answered.statusCode, answered.body).toBe(201)
    await settle()

    const docs = await epjDocuments()
    expect(docs).toHaveLength(1)
    const copy = docs[0]?.message
    expect(copy?.msgInfo.type.v).toBe('DIALOG_NOTAT')
    expect(copy?.msgInfo.patient?.idents[0]?.id).toBe(P.ingridBerg.nationalId)
    expect(copy?.msgInfo.conversationRef).toEqual({ refToParent: question?.message.msgInfo.msgId, refToConversation: await conversationOf(thread.id) })
    const notat = copy?.payload.kind === 'dialogmelding' ? copy.payload.notat[0] : undefined
    expect(notat?.tekstNotatInnhold).toContain('Vi kommer mellom klokka 9 og 10.')
    expect(notat?.tekstNotatInnhold).toContain('Besvart i Samband av Lise Lund')
    // Nor is the answer's copy a second item in the staff's exchange inbox.
    expect((await exchangeInbox()).items.filter((i) => i.sender.herId === PORTAL)).toEqual([])

    // The EPJ's receipt for the copy is taken in by the bridge and adds nothing to the thread.
    expect((await epj.appRec(docs[0]?.id ?? '', SERVICE_HER, { appRecStatus: 'Ok' })).statusCode).toBe(201)
    await settle()
    const res = await t.app.inject({ url: `/api/citizens/${P.ingridBerg.id}/threads/${thread.id}`, headers: per })
    expect(res.json<{ messages: unknown[] }>().messages).toHaveLength(2)
    await epj.drain(SERVICE_HER)
  }, 30_000)

  it('an answer from the EPJ leaves nothing unanswered or unread for staff in Samband', async () => {
    const thread = await startThread('Trenger hjelp med strømpene.')
    await settle()
    const [question] = await epjDocuments()
    if (!question) throw new Error('no copy')
    await epj.read(question.id, SERVICE_HER)
    const xml = answerDialogmelding({
      msgId: randomUUID(),
      genDate: new Date().toISOString(),
      sender: withContactPerson(await organisationOf(t.db, SERVICE_HER), { givenName: 'Lise', familyName: 'Lund', hprNumber: '9100011' }),
      receiver: await organisationOf(t.db, PORTAL),
      patient: question.message.msgInfo.patient as Patient,
      conversationRef: answerConversationRef({ msgId: question.message.msgInfo.msgId, refToConversation: null }),
      subject: null,
      text: 'Vi tar det på neste besøk.',
      question: undefined,
    })
    expect((await epj.post(xml)).statusCode).toBe(201)
    await settle()

    expect((await staffList()).items.find((i) => i.id === thread.id)).toMatchObject({ awaitingAnswer: false, unreadCount: 0, overdue: false })
    const inbox = await exchangeInbox()
    expect(inbox.items.filter((i) => i.sender.herId === PORTAL || (i.needsAnswer && !i.read && i.id === question.id))).toEqual([])
    // The EPJ's own answer is not sent back to it.
    expect(await epjDocuments()).toEqual([])
  }, 30_000)
})
