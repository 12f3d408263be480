// CIT-8 end to end: a citizen's message reaches the service's EPJ as a Dialogmelding through /msh, and the EPJ's
// answer in the conversation comes back to the citizen's thread (with an AppRec), while answers Samband cannot place
// are rejected with an error AppRec and change nothing.
import { randomUUID } from 'node:crypto'
import { loadAccessFacts } from '../../src/access-facts.ts'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { answerConversationRef, answerDialogmelding, withContactPerson } from '../../src/exchange/portal/compose.ts'
import { readMessageXml } from '../../src/exchange/messages/read-message.ts'
import type { Patient } from '../../src/exchange/messages/msg-head.types.ts'
import { closeThread } from '../../src/citizen/messaging/messaging.repository.ts'
import { appendServiceMessageFromEpj } from '../../src/citizen/messaging/thread-writes.ts'
import { P } from '../api/api-helpers.ts'
import { epjOf, type MshClient } from '../exchange/msh-test-support.ts'
import { organisationOf, PARTY, TEST_PATIENT } from '../support/exchange-fixtures.ts'
import { type TestApp, startTestApp } from '../support/test-app.ts'

const PORTAL = 810190
const FAERDER_HJEMMESYKEPLEIE = { herId: 820261, orgnr: '939901078' }

let t: TestApp
let epj: MshClient
let per: Record<string, string>

beforeAll(async () => {
  t = await startTestApp({}, () => new Date())
  epj = await epjOf(t, PARTY.tonsbergHjemmesykepleie)
  await epj.drain(PARTY.tonsbergHjemmesykepleie.herId)
  const s = await t.citizenSession(P.perBerg.id)
  per = { cookie: s.cookie, 'x-csrf-token': s.csrf }
}, 60_000)
afterAll(async () => {
  await t?.close()
})

type Thread = { id: string; messages: { from: string; body: string; authorName: string }[] }

async function startThread(text: string): Promise<Thread> {
  const res = await t.app.inject({
    method: 'POST',
    url: `/api/citizens/${P.ingridBerg.id}/threads`,
    headers: per,
    payload: { serviceId: t.db ? await serviceIdOf(PARTY.tonsbergHjemmesykepleie.herId) : '', subject: 'Besøk torsdag', body: text },
  })
  expect(res.statusCode, res.body).toBe(201)
  return res.json<Thread>()
}

async function serviceIdOf(herId: number): Promise<string> {
  const row = await t.db.selectFrom('service').select('id').where('her_id', '=', herId).executeTakeFirstOrThrow()
  return row.id
}

/** Runs the bridge and the exchange's dispatcher until nothing moves. */
async function settle() {
  for (let i = 0; i < 3; i++) {
    await t.citizen.epjBridge.runOnce()
    await t.exchange.dispatcher.runOnce()
  }
  await t.citizen.epjBridge.runOnce()
}

async function readOriginal(id: string) {
  const read = readMessageXml(await epj.documentOf(id), { maxBytes: 1e7 })
  if (!read.ok || read.message.format !== 'msghead') throw new Error('not a MsgHead')
  return read.message
}

async function answerAs(client: MshClient, fromHerId: number, original: Awaited<ReturnType<typeof readOriginal>>, text: string, patient?: Patient) {
  const msgId = randomUUID()
  const xml = answerDialogmelding({
    msgId,
    genDate: new Date().toISOString(),
    sender: withContactPerson(await organisationOf(t.db, fromHerId), { givenName: 'Lise', familyName: 'Lund', hprNumber: '9100011' }),
    receiver: await organisationOf(t.db, PORTAL),
    patient: patient ?? (original.msgInfo.patient as Patient),
    conversationRef: answerConversationRef({ msgId: original.msgInfo.msgId, refToConversation: original.msgInfo.conversationRef?.refToConversation ?? null }),
    subject: null,
    text,
    question: undefined,
  })
  const posted = await client.post(xml)
  expect(posted.statusCode, posted.body).toBe(201)
  return { id: posted.json<string>(), msgId }
}

async function thread(id: string): Promise<Thread> {
  const res = await t.app.inject({ url: `/api/citizens/${P.ingridBerg.id}/threads/${id}`, headers: per })
  expect(res.statusCode, res.body).toBe(200)
  return res.json<Thread>()
}

// Each hop validates a whole Dialogmelding against its schemas, compiled afresh per document: on a busy two-core machine
// one round trip can pass the default 5 s.
describe('the citizen dialog over the message exchange', { timeout: 30_000 }, () => {
  it('delivers the citizen message to the EPJ and brings its answer back to the thread, with an AppRec and a notification', async () => {
    const started = await startThread('Kan dere komme etter klokka 14 på torsdag?')
    await settle()

    const inbox = await epj.inbox(PARTY.tonsbergHjemmesykepleie.herId)
    const item = inbox.find((i) => i.senderHerId === PORTAL && !i.isAppRec)
    expect(item, JSON.stringify(inbox)).toBeDefined()
    const original = await readOriginal(item!.id)
    expect(original.msgInfo.type.v).toBe('DIALOG_FORESPORSEL')
    expect(original.msgInfo.patient?.idents[0]?.id).toBe(P.ingridBerg.nationalId)
    expect(original.payload.kind === 'dialogmelding' && original.payload.foresporsel[0]?.sporsmal).toContain('Skrevet av Per Berg (fullmektig)')
    await epj.read(item!.id, PARTY.tonsbergHjemmesykepleie.herId)
    expect((await epj.appRec(item!.id, PARTY.tonsbergHjemmesykepleie.herId, { appRecStatus: 'Ok' })).statusCode).toBe(201)

    const answer = await answerAs(epj, PARTY.tonsbergHjemmesykepleie.herId, original, 'Ja, vi kommer kl. 14.30.')
    await settle()

    const after = await thread(started.id)
    expect(after.messages.map((m) => [m.from, m.body])).toEqual([
      ['citizen', 'Kan dere komme etter klokka 14 på torsdag?'],
      ['service', 'Ja, vi kommer kl. 14.30.'],
    ])
    expect(after.messages[1]?.authorName).toContain('Lise Lund')
    const status = await epj.get(answer.id, '/status')
    expect(status.json()).toEqual([{ receiverHerId: PORTAL, transportDeliveryState: 'Acknowledged', appRecStatus: 'Ok' }])
    const notified = await t.db.selectFrom('notification_outbox').select(['person_id', 'kind']).where('event_key', 'like', 'citizen-message:%').execute()
    expect(notified).toContainEqual({ person_id: P.ingridBerg.id, kind: 'message-from-health-personnel' })

    // The same answer again (a resend) adds nothing.
    await t.db.updateTable('exchange_delivery').set({ read_at: null }).where('receiver_her_id', '=', PORTAL).execute()
    await settle()
    expect((await thread(started.id)).messages).toHaveLength(2)
  })

  it('sends a follow-up in the same conversation', async () => {
    const started = await startThread('Første melding')
    await settle()
    const res = await t.app.inject({
      method: 'POST',
      url: `/api/citizens/${P.ingridBerg.id}/threads/${started.id}/messages`,
      headers: per,
      payload: { body: 'Andre melding' },
    })
    expect(res.statusCode, res.body).toBe(201)
    await settle()
    const items = (await epj.inbox(PARTY.tonsbergHjemmesykepleie.herId)).filter((i) => i.senderHerId === PORTAL && !i.isAppRec)
    const docs = await Promise.all(items.map((i) => readOriginal(i.id)))
    const first = docs.find((d) => d.payload.kind === 'dialogmelding' && d.payload.foresporsel[0]?.sporsmal?.endsWith('Første melding'))
    const second = docs.find((d) => d.payload.kind === 'dialogmelding' && d.payload.foresporsel[0]?.sporsmal?.endsWith('Andre melding'))
    expect(first?.msgInfo.conversationRef).toBeUndefined()
    expect(second?.msgInfo.conversationRef).toEqual({ refToParent: first?.msgInfo.msgId, refToConversation: first?.msgInfo.msgId })
    await epj.drain(PARTY.tonsbergHjemmesykepleie.herId)
  })

  it('takes in an error receipt from the EPJ for a citizen message; the thread stays readable in Samband', async () => {
    const started = await startThread('Kommer dette fram?')
    await settle()
    const item = (await epj.inbox(PARTY.tonsbergHjemmesykepleie.herId)).find((i) => i.senderHerId === PORTAL && !i.isAppRec)
    expect(item).toBeDefined()
    await epj.read(item!.id, PARTY.tonsbergHjemmesykepleie.herId)
    const rejected = await epj.appRec(item!.id, PARTY.tonsbergHjemmesykepleie.herId, {
      appRecStatus: 'Rejected',
      appRecErrorList: [{ errorCode: 'E35', details: 'Ukjent pasient' }],
    })
    expect(rejected.statusCode, rejected.body).toBe(201)
    await t.exchange.dispatcher.runOnce()
    const pass = await t.citizen.epjBridge.runOnce()
    expect(pass.receipts).toBeGreaterThanOrEqual(1)
    const unreadForPortal = await t.db
      .selectFrom('exchange_delivery')
      .select('message_id')
      .where('receiver_her_id', '=', PORTAL)
      .where('read_at', 'is', null)
      .execute()
    expect(unreadForPortal).toEqual([])
    expect((await thread(started.id)).messages).toHaveLength(1)
    await epj.drain(PARTY.tonsbergHjemmesykepleie.herId)
  })

  it('an answer already added before a crash is receipted OK, even if the thread closed in the meantime', async () => {
    const started = await startThread('Trenger ny time')
    await settle()
    const item = (await epj.inbox(PARTY.tonsbergHjemmesykepleie.herId)).find((i) => i.senderHerId === PORTAL && !i.isAppRec)
    const original = await readOriginal(item!.id)
    await epj.drain(PARTY.tonsbergHjemmesykepleie.herId)
    const answer = await answerAs(epj, PARTY.tonsbergHjemmesykepleie.herId, original, 'Vi ringer deg i morgen.')

    // The bridge's pass added the answer and then stopped before its AppRec (a crash); the service then closed the thread.
    const conversationRef = (await t.db.selectFrom('citizen_thread').select('conversation_ref').where('id', '=', started.id).executeTakeFirstOrThrow())
      .conversation_ref
    await t.db.transaction().execute((trx) =>
      appendServiceMessageFromEpj(
        trx,
        {
          conversationRef,
          msgId: answer.msgId,
          body: 'Vi ringer deg i morgen.',
          authorName: 'Lise Lund',
          clientId: `her:${PARTY.tonsbergHjemmesykepleie.herId}`,
          now: new Date(),
        },
        loadAccessFacts,
      ),
    )
    await closeThread(t.db, started.id, { closedByName: 'Lise Lund', now: new Date() })
    await settle()

    expect((await thread(started.id)).messages.map((m) => m.body)).toEqual(['Trenger ny time', 'Vi ringer deg i morgen.'])
    const status = await epj.get(answer.id, '/status')
    expect(status.json()).toEqual([{ receiverHerId: PORTAL, transportDeliveryState: 'Acknowledged', appRecStatus: 'Ok' }])
  })

  it('rejects an answer from another service, or about another patient, with an error AppRec and changes nothing', async () => {
    const started = await startThread('Hvem svarer?')
    await settle()
    const item = (await epj.inbox(PARTY.tonsbergHjemmesykepleie.herId)).find((i) => i.senderHerId === PORTAL && !i.isAppRec)
    const original = await readOriginal(item!.id)
    await epj.drain(PARTY.tonsbergHjemmesykepleie.herId)

    const other = await epjOf(t, FAERDER_HJEMMESYKEPLEIE)
    const intruder = await answerAs(other, FAERDER_HJEMMESYKEPLEIE.herId, original, 'Svar fra feil tjeneste')
    const wrongPatient = await answerAs(epj, PARTY.tonsbergHjemmesykepleie.herId, original, 'Svar om feil pasient', TEST_PATIENT)
    await settle()

    expect((await thread(started.id)).messages).toHaveLength(1)
    for (const [client, id] of [
      [other, intruder.id],
      [epj, wrongPatient.id],
    ] as const) {
      const status = await client.get(id, '/status')
      expect(status.json()).toEqual([{ receiverHerId: PORTAL, transportDeliveryState: 'Acknowledged', appRecStatus: 'Rejected' }])
    }
  })

  it('refuses an EPJ that tries to send in the name of the citizen-services party', async () => {
    const doc = await organisationOf(t.db, PORTAL)
    expect(doc.organisationName).toBe('Samband innbyggertjenester')
    const res = await epj.list(`ReceiverHerIds=${PORTAL}`)
    expect(res.statusCode).toBe(403)
    // Nor may it send a document as the citizen services, e.g. to pass itself off as a citizen to another service.
    const forged = answerDialogmelding({
      msgId: randomUUID(),
      genDate: new Date().toISOString(),
      sender: doc,
      receiver: await organisationOf(t.db, PARTY.tonsbergHjemmesykepleie.herId),
      patient: TEST_PATIENT,
      conversationRef: answerConversationRef({ msgId: randomUUID(), refToConversation: null }),
      subject: null,
      text: 'Forfalsket',
      question: undefined,
    })
    const sent = await epj.post(forged)
    expect(sent.statusCode, sent.body).toBe(403)
    expect(sent.body).toContain(`HerId(s): ${PORTAL}`)
  })
})

describe('citizen messages the exchange refuses', () => {
  // Documents above EXCHANGE_MAX_DOCUMENT_BYTES are refused by the exchange; a long message is one, a short one is not.
  let small: TestApp

  beforeAll(async () => {
    small = await startTestApp({ EXCHANGE_MAX_DOCUMENT_BYTES: '8192' }, () => new Date())
  }, 60_000)
  afterAll(async () => {
    await small?.close()
  })

  it('do not hold back the messages after them, however many there are', async () => {
    const serviceId = (await small.db.selectFrom('service').select('id').where('her_id', '=', PARTY.tonsbergHjemmesykepleie.herId).executeTakeFirstOrThrow()).id
    const s = await small.citizenSession(P.perBerg.id)
    const headers = { cookie: s.cookie, 'x-csrf-token': s.csrf }
    const post = (body: string) =>
      small.app.inject({ method: 'POST', url: `/api/citizens/${P.ingridBerg.id}/threads`, headers, payload: { serviceId, subject: 'Melding', body } })
    const first = await post('x'.repeat(10_000))
    expect(first.statusCode, first.body).toBe(201)
    // More refused messages than the bridge takes in one pass (50), all older than the short one.
    const template = await small.db.selectFrom('citizen_message').selectAll().where('thread_id', '=', first.json<Thread>().id).executeTakeFirstOrThrow()
    const { id: _id, ...row } = template
    await small.db
      .insertInto('citizen_message')
      .values(
        Array.from({ length: 60 }, (_, i) => ({
          ...row,
          msg_id: randomUUID(),
          created_at: new Date(template.created_at.getTime() - (i + 1) * 1000),
          exchange_state: 'pending',
        })),
      )
      .execute()
    await small.citizen.epjBridge.runOnce()
    await small.citizen.epjBridge.runOnce()
    const refused = await small.db
      .selectFrom('citizen_message')
      .select('id')
      .where('thread_id', '=', first.json<Thread>().id)
      .where('exchange_state', '=', 'pending')
      .execute()
    expect(refused).toHaveLength(61)

    const short = await post('Kort melding')
    expect(short.statusCode, short.body).toBe(201)
    await small.citizen.epjBridge.runOnce()
    const state = await small.db
      .selectFrom('citizen_message')
      .select('exchange_state')
      .where('thread_id', '=', short.json<Thread>().id)
      .executeTakeFirstOrThrow()
    expect(state.exchange_state).toBe('submitted')
  })
})
