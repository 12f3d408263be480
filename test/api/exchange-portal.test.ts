// The staff portal's message routes under /api/exchange: the address registry, inbox and outbox of the service a
// staff member acts for, reading (audit-logged; only an explicit POST marks it read and sends the AppRec OK), writing a Dialogmelding 1.1 and
// answering a forespørsel with the right ConversationRef.
import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { upsertParty } from '../../src/exchange/address-registry/address-registry.repository.ts'
import { PROCESS_PROFILES } from '../../src/exchange/address-registry/message-processes.ts'
import { findDeliveries, findDocument } from '../../src/exchange/delivery/exchange.repository.ts'
import { speaksFor, submitDocument } from '../../src/exchange/delivery/exchange.service.ts'
import { writeDialogmelding } from '../../src/exchange/messages/dialogmelding.writer.ts'
import type { MsgHeadMessage } from '../../src/exchange/messages/msg-head.types.ts'
import { organisationHerIds } from '../../src/exchange/messages/message-summary.ts'
import { readMessageXml } from '../../src/exchange/messages/read-message.ts'
import { verifyAuditChain } from '../../src/platform/audit/audit-log.repository.ts'
import { foresporsel, organisationOf, PARTY, TEST_PATIENT } from '../support/exchange-fixtures.ts'
import { startTestApp, type TestApp } from '../support/test-app.ts'
import { auditHead, auditRowsAfter, bearer, expectProblem, O, P, S, SV, sessionHeaders } from './api-helpers.ts'

type Session = { cookie: string; csrf: string }
type PartyRef = { herId: number; name: string; organisationName: string | null }
type InboxItem = {
  id: string
  msgId: string
  msgType: string
  msgTypeName: string
  subject: string | null
  sender: PartyRef
  receiver: PartyRef
  patient: { name: string; birthDate: string | null } | null
  status: string
  appRecStatus: string | null
  read: boolean
  needsAnswer: boolean
  overdue: boolean
}
type Inbox = { items: InboxItem[]; total: number; needsAttention: number; limit: number; offset: number }
type OutboxItem = {
  id: string
  msgType: string
  subject: string | null
  patient: { name: string; birthDate: string | null } | null
  receivers: (PartyRef & { status: string; appRecStatus: string | null; overdue: boolean; errorCount: number })[]
  overdue: boolean
}
type Outbox = { items: OutboxItem[]; total: number; overdue: number }
type MessageView = {
  id: string
  msgId: string
  msgType: string
  subject: string | null
  direction: 'received' | 'sent'
  ack: string | null
  sender: PartyRef
  receivers: (PartyRef & {
    status: string
    appRecStatus: string | null
    appRecErrors: { code: string; description: string | null; text: string | null }[]
    readAt: string | null
  })[]
  patient: { name: string; birthDate: string | null; nationalId: string | null } | null
  conversation: { refToParent: string; refToConversation: string } | null
  inReplyTo: { id: string } | null
  answers: { id: string }[]
  dialog: {
    questions: { subject: string | null; question: string | null }[]
    notes: { title: string | null; text: string | null; answeredQuestion: { question: string | null } | null }[]
  } | null
  attachments: unknown[]
  canAnswer: boolean
  receiptDue: boolean
}
type Party = {
  herId: number
  kind: string
  name: string
  parent: { herId: number; name: string } | null
  organisationNumber: string | null
  processes: { msgType: string; msgTypeName: string; standardName: string }[]
}

const INGRID = P.ingridBerg
const HJEMMESYKEPLEIE = PARTY.tonsbergHjemmesykepleie.herId // Lise Lund's service
const FASTLEGE = PARTY.tonsbergFastlege.herId // Berit Bakke's service
const BERIT_PERSON = 830_403 // Berit Bakke as a person-in-role under Fastlegepraksis

let t: TestApp
let lise: Session
let berit: Session
let anders: Session

beforeAll(async () => {
  t = await startTestApp()
  lise = await t.staffSession(S.liseLund.id, SV.tonsbergHjemmesykepleie.id)
  berit = await t.staffSession(S.beritBakke.id, SV.tonsbergLegesenterFastlege.id)
  anders = await t.staffSession(S.andersAas.id, SV.sivMedisinsk.id)
})
afterAll(async () => t?.close())

async function get<T>(session: Session, url: string): Promise<T> {
  const response = await t.app.inject({ url, headers: sessionHeaders(session, null) })
  expect(response.statusCode, response.body).toBe(200)
  return response.json<T>()
}

function send(session: Session, payload: Record<string, unknown>, csrf: string | null = session.csrf) {
  return t.app.inject({ method: 'POST', url: '/api/exchange/messages', headers: sessionHeaders(session, csrf), payload })
}

const QUESTION = {
  kind: 'foresporsel',
  receiverHerId: FASTLEGE,
  patientNationalId: INGRID.nationalId,
  subject: 'Medisinliste',
  text: 'Kan du bekrefte dagens medisinliste for Ingrid?\nHun har fått ny blodtrykksmedisin.',
}

async function sendOk(session: Session, payload: Record<string, unknown>): Promise<{ id: string; msgId: string }> {
  const response = await send(session, payload)
  expect(response.statusCode, response.body).toBe(201)
  const created = response.json<{ id: string; msgId: string }>()
  expect(response.headers.location).toBe(`/api/exchange/messages/${created.id}`)
  return created
}

async function storedMessage(id: string): Promise<MsgHeadMessage> {
  const stored = await findDocument(t.db, id)
  const read = readMessageXml(stored?.document ?? Buffer.alloc(0), { maxBytes: 1_000_000 })
  if (!read.ok || read.message.format !== 'msghead') throw new Error('not a MsgHead')
  return read.message
}

describe('OpenAPI', () => {
  it('documents every portal route under the exchange tag', async () => {
    const doc = (await t.app.inject({ url: '/api/openapi.json' })).json<{ paths: Record<string, Record<string, { tags?: string[] }>> }>()
    const expected = [
      ['get', '/api/exchange/parties'],
      ['get', '/api/exchange/parties/{herId}'],
      ['get', '/api/exchange/inbox'],
      ['get', '/api/exchange/outbox'],
      ['get', '/api/exchange/messages/{id}'],
      ['post', '/api/exchange/messages'],
      ['post', '/api/exchange/messages/{id}/answer'],
      ['post', '/api/exchange/messages/{id}/read'],
    ] as const
    for (const [method, path] of expected) expect(doc.paths[path]?.[method]?.tags, `${method} ${path}`).toEqual(['exchange'])
  })
})

describe('GET /api/exchange/parties', () => {
  it('finds parties by name, with parent, organisation number and named processes', async () => {
    const page = await get<{ items: Party[]; total: number }>(lise, `/api/exchange/parties?q=${encodeURIComponent('fastlegepraksis')}`)
    // The three practices, and Berit Bakke under one of them (the search also matches a parent's name).
    expect(
      page.items
        .filter((p) => p.kind === 'service')
        .map((p) => p.herId)
        .sort(),
    ).toEqual([FASTLEGE, 820272, 820273])
    expect(page.items.filter((p) => p.kind === 'person').map((p) => p.name)).toEqual(['Berit Bakke'])
    const tonsberg = page.items.find((p) => p.herId === FASTLEGE)
    expect(tonsberg).toMatchObject({
      kind: 'service',
      name: 'Fastlegepraksis',
      parent: { herId: 810111, name: 'Tønsberg legesenter' },
      organisationNumber: '939901086',
    })
    expect(tonsberg?.processes).toContainEqual({
      msgType: 'DIALOG_FORESPORSEL',
      msgTypeName: 'Forespørsel',
      payloadNamespace: 'http://www.kith.no/xmlstds/dialog/2013-01-23',
      standardName: 'Dialogmelding 1.1',
    })
    expect(tonsberg?.processes).toContainEqual(expect.objectContaining({ msgType: 'EPIKRISE', standardName: 'Epikrise 1.2' }))
  })

  it('finds a party by HER-id and by organisation number', async () => {
    const byHerId = await get<{ items: Party[] }>(lise, `/api/exchange/parties?q=${FASTLEGE}`)
    expect(byHerId.items.map((p) => p.herId)).toEqual([FASTLEGE])
    const byOrgnr = await get<{ items: Party[] }>(lise, '/api/exchange/parties?q=939901086')
    expect(byOrgnr.items.map((p) => p.herId).sort()).toEqual([810111, FASTLEGE, BERIT_PERSON].sort())
  })

  it('filters by a process the party receives, and pages', async () => {
    const receivers = await get<{ items: Party[]; total: number }>(lise, '/api/exchange/parties?q=kommune&receives=LOG_INNLAGT&limit=2')
    expect(receivers.items).toHaveLength(2)
    expect(receivers.total).toBeGreaterThan(2)
    for (const p of receivers.items) expect(p.processes.map((pr) => pr.msgType)).toContain('LOG_INNLAGT')
    const next = await get<{ items: Party[]; offset: number }>(lise, '/api/exchange/parties?q=kommune&receives=LOG_INNLAGT&limit=2&offset=2')
    expect(next.offset).toBe(2)
    expect(next.items.map((p) => p.herId)).not.toContain(receivers.items[0]?.herId)
    const none = await get<{ items: Party[]; total: number }>(lise, '/api/exchange/parties?q=Fastlegepraksis&receives=LOG_INNLAGT')
    expect(none).toMatchObject({ items: [], total: 0 })
  })

  it('shows one party with its parent and processes; unknown HER-ids are a 404', async () => {
    const berit = await get<Party>(lise, `/api/exchange/parties/${BERIT_PERSON}`)
    expect(berit).toMatchObject({
      herId: BERIT_PERSON,
      kind: 'person',
      name: 'Berit Bakke',
      parent: { herId: FASTLEGE, name: 'Fastlegepraksis' },
      organisationNumber: '939901086',
    })
    expect(berit.processes.length).toBeGreaterThan(0)
    expectProblem(await t.app.inject({ url: '/api/exchange/parties/999999', headers: sessionHeaders(lise, null) }), 404, 'not-found')
    expectProblem(await t.app.inject({ url: '/api/exchange/parties/abc', headers: sessionHeaders(lise, null) }), 422, 'validation-failed')
    expectProblem(await t.app.inject({ url: '/api/exchange/parties?receives=<script>', headers: sessionHeaders(lise, null) }), 422, 'validation-failed')
  })

  it('is open to staff and to systems with samband/registry.read, not to citizens or systems without the scope', async () => {
    const coordinator = await t.staffSession(S.siriStrand.id, SV.sivSamhandling.id)
    expect((await t.app.inject({ url: '/api/exchange/parties?q=Legevakt', headers: sessionHeaders(coordinator, null) })).statusCode).toBe(200)
    const withScope = await t.systemToken(O.tonsberg.organisationNumber, ['samband/registry.read'])
    expect((await t.app.inject({ url: `/api/exchange/parties/${FASTLEGE}`, headers: bearer(withScope) })).statusCode).toBe(200)
    const withoutScope = await t.systemToken(O.tonsberg.organisationNumber, ['samband/exchange'])
    expectProblem(await t.app.inject({ url: '/api/exchange/parties', headers: bearer(withoutScope) }), 403, 'forbidden')
    const kari = await t.citizenSession(P.kariNordmann.id)
    expectProblem(await t.app.inject({ url: '/api/exchange/parties', headers: sessionHeaders(kari, null) }), 403, 'forbidden')
    expectProblem(await t.app.inject({ url: '/api/exchange/parties' }), 401, 'unauthenticated')
  })
})

describe('a forespørsel from the home nursing service to the GP, read and answered in the portal', () => {
  let question: { id: string; msgId: string }

  it('is sent as a valid Dialogmelding 1.1 built from the registry', async () => {
    question = await sendOk(lise, QUESTION)
    const message = await storedMessage(question.id)
    expect(message.msgInfo.type.v).toBe('DIALOG_FORESPORSEL')
    expect(message.msgInfo.ack).toBe('J')
    expect(message.msgInfo.conversationRef).toBeUndefined()
    expect(organisationHerIds(message.msgInfo.sender.organisation).at(-1)).toBe(String(HJEMMESYKEPLEIE))
    expect(organisationHerIds(message.msgInfo.receiver.organisation)).toEqual(['810111', String(FASTLEGE)])
    // The writer is named (HPR-nummer) under the sending service, which stays the addressed party.
    const hp = message.msgInfo.sender.organisation.organisation?.healthcareProfessional
    expect(hp).toMatchObject({ givenName: 'Lise', familyName: 'Lund', idents: [expect.objectContaining({ id: S.liseLund.hprNumber })] })
    expect(message.msgInfo.patient).toMatchObject({
      givenName: 'Ingrid',
      familyName: 'Berg',
      dateOfBirth: INGRID.birthDate,
      idents: [expect.objectContaining({ id: INGRID.nationalId })],
    })
    expect(message.payload.kind === 'dialogmelding' && message.payload.version).toBe('1.1')
    expect(message.payload.kind === 'dialogmelding' && message.payload.foresporsel[0]).toMatchObject({ emneSporsmal: 'Medisinliste', sporsmal: QUESTION.text })
  })

  it("shows in the sender's outbox, then in the receiver's inbox after the dispatcher ran, unanswered", async () => {
    const outbox = await get<Outbox>(lise, '/api/exchange/outbox')
    const sent = outbox.items.find((i) => i.id === question.id)
    expect(sent).toMatchObject({
      msgType: 'DIALOG_FORESPORSEL',
      subject: 'Medisinliste',
      patient: { name: 'Ingrid Berg', birthDate: INGRID.birthDate },
      overdue: false,
    })
    expect(sent?.receivers).toEqual([
      expect.objectContaining({ herId: FASTLEGE, name: 'Fastlegepraksis', organisationName: 'Tønsberg legesenter', appRecStatus: null }),
    ])

    await t.exchange.dispatcher.runOnce()
    const response = await t.app.inject({ url: '/api/exchange/inbox', headers: sessionHeaders(berit, null) })
    expect(response.statusCode).toBe(200)
    // Lists name the patient by name and birth date; the national identity number stays in the message.
    expect(response.body).not.toContain(INGRID.nationalId)
    const inbox = response.json<Inbox>()
    expect(inbox.items.find((i) => i.id === question.id)).toMatchObject({
      msgTypeName: 'Forespørsel',
      subject: 'Medisinliste',
      sender: { herId: HJEMMESYKEPLEIE, name: 'Hjemmesykepleien', organisationName: 'Tønsberg kommune' },
      receiver: { herId: FASTLEGE },
      patient: { name: 'Ingrid Berg', birthDate: INGRID.birthDate },
      status: 'delivered',
      appRecStatus: null,
      read: false,
      needsAnswer: true,
      overdue: false,
    })
    expect(inbox.needsAttention).toBeGreaterThanOrEqual(1)
  })

  it('is refused (403) to staff of another service, and the refusal is audit-logged', async () => {
    const before = await auditHead(t.db)
    const response = await t.app.inject({ url: `/api/exchange/messages/${question.id}`, headers: sessionHeaders(anders, null) })
    expectProblem(response, 403, 'forbidden')
    expect(response.body).not.toContain('Ingrid')
    const rows = await auditRowsAfter(t.db, before)
    expect(rows).toEqual([
      expect.objectContaining({
        action: 'exchange.message.read',
        decision: 'denied',
        decision_basis: 'not-a-party',
        actor_id: S.andersAas.id,
        service_id: SV.sivMedisinsk.id,
        resource_id: question.id,
        patient_person_id: INGRID.id,
      }),
    ])
    // Nothing about the delivery changed.
    expect((await findDeliveries(t.db, question.id))[0]).toMatchObject({ readAt: null, appRecStatus: null })
  })

  it('is refused to staff without the health personnel role, and to citizens, with an audit row each', async () => {
    const before = await auditHead(t.db)
    const coordinator = await t.staffSession(S.siriStrand.id, SV.sivSamhandling.id)
    expectProblem(await t.app.inject({ url: `/api/exchange/messages/${question.id}`, headers: sessionHeaders(coordinator, null) }), 403, 'forbidden')
    const ingrid = await t.citizenSession(INGRID.id)
    expectProblem(await t.app.inject({ url: `/api/exchange/messages/${question.id}`, headers: sessionHeaders(ingrid, null) }), 403, 'forbidden')
    const rows = await auditRowsAfter(t.db, before)
    expect(rows.map((r) => [r.actor_type, r.decision, r.patient_person_id])).toEqual([
      ['staff', 'denied', INGRID.id],
      ['citizen', 'denied', INGRID.id],
    ])
  })

  it('opens for the receiver: the Dialogmelding read and audit-logged, but neither marked read nor answered (GET only reads)', async () => {
    const before = await auditHead(t.db)
    const view = await get<MessageView>(berit, `/api/exchange/messages/${question.id}`)
    expect(view).toMatchObject({
      msgType: 'DIALOG_FORESPORSEL',
      subject: 'Medisinliste',
      direction: 'received',
      ack: 'J',
      sender: { herId: HJEMMESYKEPLEIE, name: 'Hjemmesykepleien' },
      patient: { name: 'Ingrid Berg', birthDate: INGRID.birthDate, nationalId: INGRID.nationalId },
      conversation: null,
      inReplyTo: null,
      canAnswer: true,
      receiptDue: true,
      attachments: [],
    })
    expect(view.dialog?.questions).toEqual([expect.objectContaining({ subject: 'Medisinliste', question: QUESTION.text })])
    expect(view.receivers).toEqual([expect.objectContaining({ herId: FASTLEGE, status: 'delivered', appRecStatus: null, readAt: null })])
    const rows = await auditRowsAfter(t.db, before)
    expect(rows).toContainEqual(
      expect.objectContaining({
        action: 'exchange.message.read',
        decision: 'allowed',
        actor_id: S.beritBakke.id,
        resource_id: question.id,
        patient_person_id: INGRID.id,
      }),
    )
    // A cross-site link (GET with the cookie) changes nothing: still unread, no AppRec.
    expect((await findDeliveries(t.db, question.id))[0]).toMatchObject({ readAt: null, appRecStatus: null })
    const appRecs = await t.db.selectFrom('exchange_message').select('id').where('original_message_id', '=', question.id).execute()
    expect(appRecs).toHaveLength(0)
    const inbox = await get<Inbox>(berit, '/api/exchange/inbox')
    expect(inbox.items.find((i) => i.id === question.id)).toMatchObject({ read: false, appRecStatus: null })
  })

  it('POST …/read needs the CSRF token, and is refused to staff of another service with an audit row', async () => {
    const url = `/api/exchange/messages/${question.id}/read`
    expectProblem(await t.app.inject({ method: 'POST', url, headers: sessionHeaders(berit, null) }), 403, 'csrf-failed')
    const before = await auditHead(t.db)
    expectProblem(await t.app.inject({ method: 'POST', url, headers: sessionHeaders(anders) }), 403, 'forbidden')
    expect(await auditRowsAfter(t.db, before)).toEqual([
      expect.objectContaining({ action: 'exchange.message.receipt', decision: 'denied', patient_person_id: INGRID.id }),
    ])
    // The sender is no receiver: nothing to mark or receipt.
    expectProblem(await t.app.inject({ method: 'POST', url, headers: sessionHeaders(lise) }), 409, 'conflict')
    expect((await findDeliveries(t.db, question.id))[0]).toMatchObject({ readAt: null, appRecStatus: null })
  })

  it('POST …/read marks it read and answers with AppRec OK, audit-logged; once only, however often it is repeated', async () => {
    const before = await auditHead(t.db)
    const url = `/api/exchange/messages/${question.id}/read`
    const response = await t.app.inject({ method: 'POST', url, headers: sessionHeaders(berit) })
    expect(response.statusCode, response.body).toBe(200)
    const view = response.json<MessageView>()
    expect(view.receiptDue).toBe(false)
    expect(view.receivers).toEqual([expect.objectContaining({ herId: FASTLEGE, status: 'acknowledged', appRecStatus: 'Ok', appRecErrors: [] })])
    expect(view.receivers[0]?.readAt).not.toBeNull()
    const rows = await auditRowsAfter(t.db, before)
    expect(rows).toContainEqual(
      expect.objectContaining({ action: 'exchange.message.receipt', decision: 'allowed', actor_id: S.beritBakke.id, patient_person_id: INGRID.id }),
    )
    // Repeating it sends no second AppRec (the first is final) and keeps the first read time.
    const again = await t.app.inject({ method: 'POST', url, headers: sessionHeaders(berit) })
    expect(again.statusCode).toBe(200)
    expect(again.json<MessageView>().receivers[0]?.readAt).toBe(view.receivers[0]?.readAt)
    const appRecs = await t.db.selectFrom('exchange_message').select('id').where('original_message_id', '=', question.id).execute()
    expect(appRecs).toHaveLength(1)

    const inbox = await get<Inbox>(berit, '/api/exchange/inbox')
    expect(inbox.items.find((i) => i.id === question.id)).toMatchObject({ read: true, appRecStatus: 'Ok', needsAnswer: true })
    const outbox = await get<Outbox>(lise, '/api/exchange/outbox')
    expect(outbox.items.find((i) => i.id === question.id)?.receivers[0]).toMatchObject({ status: 'acknowledged', appRecStatus: 'Ok', errorCount: 0 })
  })

  it('marked read in two tabs at once, it is answered with one AppRec and both show it', async () => {
    const twice = await sendOk(lise, { ...QUESTION, subject: 'To faner' })
    await t.exchange.dispatcher.runOnce()
    const url = `/api/exchange/messages/${twice.id}/read`
    const views = await Promise.all([1, 2].map(() => t.app.inject({ method: 'POST', url, headers: sessionHeaders(berit) })))
    for (const view of views) {
      expect(view.statusCode).toBe(200)
      expect(view.json<MessageView>().receivers[0]).toMatchObject({ appRecStatus: 'Ok', status: 'acknowledged' })
    }
    const appRecs = await t.db.selectFrom('exchange_message').select('id').where('original_message_id', '=', twice.id).execute()
    expect(appRecs).toHaveLength(1)
  })

  it('the sender can open what it sent, without marking anything read or answering anything', async () => {
    const view = await get<MessageView>(lise, `/api/exchange/messages/${question.id}`)
    expect(view).toMatchObject({ direction: 'sent', canAnswer: false, receiptDue: false })
  })

  let answer: { id: string; msgId: string }

  it('is answered with a DIALOG_SVAR back to the sender, with RefToParent and RefToConversation = the forespørsel', async () => {
    const before = await auditHead(t.db)
    const response = await t.app.inject({
      method: 'POST',
      url: `/api/exchange/messages/${question.id}/answer`,
      headers: sessionHeaders(berit),
      payload: { text: 'Medisinlisten er oppdatert i dag. Ny liste kommer i posten.' },
    })
    expect(response.statusCode, response.body).toBe(201)
    answer = response.json()
    const message = await storedMessage(answer.id)
    expect(message.msgInfo.type.v).toBe('DIALOG_SVAR')
    expect(message.msgInfo.msgId).toBe(answer.msgId)
    expect(message.msgInfo.conversationRef).toEqual({ refToParent: question.msgId, refToConversation: question.msgId })
    expect(organisationHerIds(message.msgInfo.sender.organisation).at(-1)).toBe(String(FASTLEGE))
    expect(organisationHerIds(message.msgInfo.receiver.organisation).at(-1)).toBe(String(HJEMMESYKEPLEIE))
    expect(message.msgInfo.patient?.idents[0]?.id).toBe(INGRID.nationalId)
    const notat = message.payload.kind === 'dialogmelding' ? message.payload.notat[0] : undefined
    expect(notat).toMatchObject({
      temaKodet: { v: '5' },
      tema: 'Svar: Medisinliste',
      tekstNotatInnhold: 'Medisinlisten er oppdatert i dag. Ny liste kommer i posten.',
    })
    expect(notat?.foresporsel?.sporsmal).toBe(QUESTION.text)
    const rows = await auditRowsAfter(t.db, before)
    expect(rows).toContainEqual(
      expect.objectContaining({ action: 'exchange.message.answer', decision: 'allowed', actor_id: S.beritBakke.id, patient_person_id: INGRID.id }),
    )
  })

  it("the answer reaches the asker's inbox, links to the question, and the question is no longer unanswered", async () => {
    await t.exchange.dispatcher.runOnce()
    const inbox = await get<Inbox>(lise, '/api/exchange/inbox')
    expect(inbox.items.find((i) => i.id === answer.id)).toMatchObject({
      msgType: 'DIALOG_SVAR',
      subject: 'Svar: Medisinliste',
      needsAnswer: false,
      sender: { herId: FASTLEGE },
    })
    const view = await get<MessageView>(lise, `/api/exchange/messages/${answer.id}`)
    expect(view).toMatchObject({
      conversation: { refToParent: question.msgId, refToConversation: question.msgId },
      inReplyTo: { id: question.id },
      canAnswer: false,
    })
    expect(view.dialog?.notes[0]).toMatchObject({
      text: 'Medisinlisten er oppdatert i dag. Ny liste kommer i posten.',
      answeredQuestion: { question: QUESTION.text },
    })

    const beritInbox = await get<Inbox>(berit, '/api/exchange/inbox')
    expect(beritInbox.items.find((i) => i.id === question.id)?.needsAnswer).toBe(false)
    const questionView = await get<MessageView>(berit, `/api/exchange/messages/${question.id}`)
    expect(questionView.answers.map((a) => a.id)).toEqual([answer.id])
  })

  it('only a forespørsel can be answered, and only by its receiver', async () => {
    const answerTo = (session: Session, id: string) =>
      t.app.inject({ method: 'POST', url: `/api/exchange/messages/${id}/answer`, headers: sessionHeaders(session), payload: { text: 'Takk' } })
    expectProblem(await answerTo(lise, answer.id), 409, 'conflict')
    const before = await auditHead(t.db)
    expectProblem(await answerTo(anders, question.id), 403, 'forbidden')
    expect(await auditRowsAfter(t.db, before)).toEqual([
      expect.objectContaining({ action: 'exchange.message.answer', decision: 'denied', patient_person_id: INGRID.id }),
    ])
    // The sender of a forespørsel is no receiver of it.
    expectProblem(await answerTo(lise, question.id), 409, 'conflict')
    expectProblem(await answerTo(berit, randomUUID()), 404, 'not-found')
    expectProblem(
      await t.app.inject({ method: 'POST', url: `/api/exchange/messages/${question.id}/answer`, headers: sessionHeaders(berit), payload: { text: '   ' } }),
      422,
      'validation-failed',
    )
  })
})

describe('answering inside an existing dialogue', () => {
  it('keeps RefToConversation from the forespørsel and sets RefToParent to it', async () => {
    // A follow-up question from the home nursing service's EPJ, in a dialogue that began with `first`.
    const first = randomUUID()
    const previous = randomUUID()
    const followUp = randomUUID()
    const xml = writeDialogmelding({
      kind: 'foresporsel',
      msgId: followUp,
      genDate: t.now().toISOString(),
      sender: await organisationOf(t.db, HJEMMESYKEPLEIE),
      receiver: await organisationOf(t.db, BERIT_PERSON),
      patient: TEST_PATIENT,
      conversationRef: { refToParent: previous, refToConversation: first },
      foresporsel: {
        typeForesp: { v: '99', dn: 'Annen henvendelse', s: '2.16.578.1.12.4.1.1.9152' },
        emneSporsmal: 'Oppfølging',
        sporsmal: 'Har dere sett på saken?',
      },
    })
    const submitted = await submitDocument(
      t.exchange.deps,
      {
        kind: 'organisation',
        organisationId: O.tonsberg.id,
        mayActAs: speaksFor([HJEMMESYKEPLEIE]),
        actorId: 'test-epj',
        source: 'msh',
        sourceSystem: 'Test EPJ',
      },
      { document: Buffer.from(xml, 'utf8') },
    )
    await t.exchange.dispatcher.runOnce()

    // Addressed to Berit in person: it is in her service's inbox too.
    const inbox = await get<Inbox>(berit, '/api/exchange/inbox')
    expect(inbox.items.find((i) => i.id === submitted.id)).toMatchObject({
      receiver: { herId: BERIT_PERSON, name: 'Berit Bakke', organisationName: 'Tønsberg legesenter' },
      needsAnswer: true,
    })

    const response = await t.app.inject({
      method: 'POST',
      url: `/api/exchange/messages/${submitted.id}/answer`,
      headers: sessionHeaders(berit),
      payload: { text: 'Ja, vi har sett på saken.', subject: 'Oppfølging av saken' },
    })
    expect(response.statusCode, response.body).toBe(201)
    const message = await storedMessage(response.json<{ id: string }>().id)
    expect(message.msgInfo.conversationRef).toEqual({ refToParent: followUp, refToConversation: first })
    // Answered as the person it was addressed to.
    expect(organisationHerIds(message.msgInfo.sender.organisation).at(-1)).toBe(String(BERIT_PERSON))
    expect(message.payload.kind === 'dialogmelding' && message.payload.notat[0]?.tema).toBe('Oppfølging av saken')
  })
})

describe('the inbox order and the overdue flags', () => {
  it("puts unanswered forespørsler and overdue receipts first, and flags overdue receipts in the sender's outbox", async () => {
    const epj = {
      kind: 'organisation' as const,
      organisationId: O.siv.id,
      mayActAs: speaksFor([PARTY.sivMedisinsk.herId]),
      actorId: 'test-epj',
      source: 'msh' as const,
      sourceSystem: 'Test EPJ',
    }
    const submit = async (doc: { xml: string }) => (await submitDocument(t.exchange.deps, epj, { document: Buffer.from(doc.xml, 'utf8') })).id
    // GenDate five days ago: the 96-hour AppRec deadline has passed on arrival.
    const old = await submit(
      await foresporsel(t.db, PARTY.sivMedisinsk.herId, HJEMMESYKEPLEIE, {
        genDate: new Date(t.now().getTime() - 5 * 86_400_000).toISOString(),
        text: 'Gammel',
      }),
    )
    const notat = writeDialogmelding({
      kind: 'notat',
      msgId: randomUUID(),
      genDate: t.now().toISOString(),
      ack: 'N',
      sender: await organisationOf(t.db, PARTY.sivMedisinsk.herId),
      receiver: await organisationOf(t.db, HJEMMESYKEPLEIE),
      patient: TEST_PATIENT,
      notat: {
        temaKodet: { v: '6', dn: 'Henvendelse om pasient', s: '2.16.578.1.12.4.1.1.7322' },
        tema: 'Til orientering',
        tekstNotatInnhold: 'Pasienten er utskrevet.',
      },
    })
    const info = await submit({ xml: notat })
    await t.exchange.dispatcher.runOnce()

    const inbox = await get<Inbox>(lise, '/api/exchange/inbox')
    const ids = inbox.items.map((i) => i.id)
    expect(inbox.items.find((i) => i.id === old)).toMatchObject({ overdue: true, needsAnswer: true })
    expect(inbox.items.find((i) => i.id === info)).toMatchObject({ overdue: false, needsAnswer: false, subject: 'Til orientering' })
    expect(ids.indexOf(old)).toBeLessThan(ids.indexOf(info))
    // Every item flagged for attention comes before every item that is not.
    const flags = inbox.items.map((i) => i.overdue || i.needsAnswer)
    expect(flags).toEqual([...flags].sort((a, b) => Number(b) - Number(a)))
    expect(inbox.needsAttention).toBe(flags.filter(Boolean).length)

    const sivStaff = anders
    const outbox = await get<Outbox>(sivStaff, '/api/exchange/outbox')
    expect(outbox.items.find((i) => i.id === old)).toMatchObject({ overdue: true, receivers: [expect.objectContaining({ overdue: true, appRecStatus: null })] })
    expect(outbox.items.find((i) => i.id === info)).toMatchObject({ overdue: false })
    expect(outbox.overdue).toBeGreaterThanOrEqual(1)
  })

  it('lists a message with a large attachment by type only, and shows the attachment when opened', async () => {
    const xml = writeDialogmelding({
      kind: 'notat',
      msgId: randomUUID(),
      genDate: t.now().toISOString(),
      sender: await organisationOf(t.db, PARTY.sivMedisinsk.herId),
      receiver: await organisationOf(t.db, HJEMMESYKEPLEIE),
      patient: TEST_PATIENT,
      notat: { temaKodet: { v: '6', dn: 'Henvendelse om pasient', s: '2.16.578.1.12.4.1.1.7322' }, tema: 'Røntgenbilder', tekstNotatInnhold: 'Se vedlegg.' },
      attachments: [{ mimeType: 'application/pdf', description: 'Røntgen thorax', base64: Buffer.alloc(1024 * 1024 + 10, 7).toString('base64') }],
    })
    const epj = {
      kind: 'organisation' as const,
      organisationId: O.siv.id,
      mayActAs: speaksFor([PARTY.sivMedisinsk.herId]),
      actorId: 'test-epj',
      source: 'msh' as const,
      sourceSystem: 'Test EPJ',
    }
    const id = (await submitDocument(t.exchange.deps, epj, { document: Buffer.from(xml, 'utf8') })).id
    await t.exchange.dispatcher.runOnce()
    const inbox = await get<Inbox>(lise, '/api/exchange/inbox?limit=100')
    expect(inbox.items.find((i) => i.id === id)).toMatchObject({ subject: null, msgTypeName: 'Notat', patient: { name: 'Kari Nordmann' } })
    const view = await get<MessageView>(lise, `/api/exchange/messages/${id}`)
    expect(view).toMatchObject({
      subject: 'Røntgenbilder',
      attachments: [{ mimeType: 'application/pdf', description: 'Røntgen thorax', sizeBytes: 1024 * 1024 + 10, inline: true }],
    })
  })

  it('pages', async () => {
    const all = await get<Inbox>(lise, '/api/exchange/inbox?limit=100')
    expect(all.total).toBe(all.items.length)
    expect(all.total).toBeGreaterThanOrEqual(3)
    const second = await get<Inbox>(lise, '/api/exchange/inbox?limit=1&offset=1')
    expect(second).toMatchObject({ total: all.total, limit: 1, offset: 1 })
    expect(second.items.map((i) => i.id)).toEqual([all.items[1]?.id])
    expectProblem(await t.app.inject({ url: '/api/exchange/inbox?limit=1000', headers: sessionHeaders(lise, null) }), 422, 'validation-failed')
  })

  it('shows AppRec errors to the sender: a receiver that takes no Dialogmelding is answered with T10', async () => {
    // A party that takes PLO only; sent to over /msh-like submission, so Samband answers for it.
    await upsertParty(
      t.db,
      {
        herId: 899_001,
        kind: 'service',
        name: 'Bare PLO',
        parentHerId: 810104,
        organisationNumber: '939901035',
        organisationId: O.tonsberg.id,
        serviceId: null,
        hprNumber: null,
        installation: 'local',
        contactEmail: null,
        active: true,
      },
      PROCESS_PROFILES.plo,
    )
    const doc = await foresporsel(t.db, HJEMMESYKEPLEIE, 899_001)
    const id = (
      await submitDocument(
        t.exchange.deps,
        {
          kind: 'organisation',
          organisationId: O.tonsberg.id,
          mayActAs: speaksFor([HJEMMESYKEPLEIE]),
          actorId: 'test-epj',
          source: 'msh',
          sourceSystem: 'Test EPJ',
        },
        { document: Buffer.from(doc.xml, 'utf8') },
      )
    ).id
    const view = await get<MessageView>(lise, `/api/exchange/messages/${id}`)
    expect(view.receivers).toEqual([
      expect.objectContaining({
        herId: 899_001,
        name: 'Bare PLO',
        status: 'failed',
        appRecStatus: 'Rejected',
        appRecErrors: [{ code: 'T10', description: 'Støtter ikke meldingsformatet', text: expect.stringContaining('899001') }],
      }),
    ])
    // A receiver the registry does not know (E21) is named as the document names it.
    const unknown = await foresporsel(t.db, HJEMMESYKEPLEIE, 899_002, {
      receiverOrganisation: {
        organisationName: 'Nedlagt legekontor',
        idents: [{ id: '899002', typeId: { v: 'HER', dn: 'HER-id', s: '2.16.578.1.12.4.1.1.9051' } }],
      },
    })
    const unknownId = (
      await submitDocument(
        t.exchange.deps,
        {
          kind: 'organisation',
          organisationId: O.tonsberg.id,
          mayActAs: speaksFor([HJEMMESYKEPLEIE]),
          actorId: 'test-epj',
          source: 'msh',
          sourceSystem: 'Test EPJ',
        },
        { document: Buffer.from(unknown.xml, 'utf8') },
      )
    ).id
    const unknownInOutbox = (await get<Outbox>(lise, '/api/exchange/outbox?limit=100')).items.find((i) => i.id === unknownId)
    expect(unknownInOutbox?.receivers).toEqual([expect.objectContaining({ herId: 899_002, name: 'Nedlagt legekontor', status: 'failed' })])
    const unknownView = await get<MessageView>(lise, `/api/exchange/messages/${unknownId}`)
    expect(unknownView.receivers).toEqual([
      expect.objectContaining({
        herId: 899_002,
        name: 'Nedlagt legekontor',
        status: 'failed',
        appRecErrors: [expect.objectContaining({ code: 'E21', description: 'Mottaker finnes ikke' })],
      }),
    ])
    const outbox = await get<Outbox>(lise, '/api/exchange/outbox')
    expect(outbox.items.find((i) => i.id === id)?.receivers[0]).toMatchObject({ status: 'failed', errorCount: 1 })
  })
})

describe('POST /api/exchange/messages: what is refused', () => {
  it('a national id with wrong control digits is a 422', async () => {
    const problem = expectProblem(await send(lise, { ...QUESTION, patientNationalId: '03893810099' }), 422, 'invalid-national-id')
    expect(problem.errors).toEqual([{ path: 'body.patientNationalId', message: 'ugyldige kontrollsiffer' }])
  })

  it('missing or malformed fields are a 422 naming them', async () => {
    const problem = expectProblem(await send(lise, { ...QUESTION, subject: '', kind: 'svar', patientNationalId: '123' }), 422, 'validation-failed')
    const paths = problem.errors?.map((e) => e.path) ?? []
    expect(paths).toEqual(expect.arrayContaining(['body.subject', 'body.kind', 'body.patientNationalId']))
    expectProblem(await send(lise, { ...QUESTION, text: 'x'.repeat(10_001) }), 422, 'validation-failed')
    expectProblem(await send(lise, { ...QUESTION, text: 'Hei\u0000' }), 422, 'validation-failed')
  })

  it('a receiver the address registry does not know, or that does not take Dialogmelding, is a 422', async () => {
    const unknown = expectProblem(await send(lise, { ...QUESTION, receiverHerId: 123_456 }), 422, 'validation-failed')
    expect(unknown.errors?.[0]?.path).toBe('body.receiverHerId')
    expectProblem(await send(lise, { ...QUESTION, receiverHerId: 899_001 }), 422, 'validation-failed')
  })

  it('a patient the service has no care relation with is a 403, audit-logged; so is a number nobody has', async () => {
    const before = await auditHead(t.db)
    expectProblem(await send(lise, { ...QUESTION, patientNationalId: P.kariNordmann.nationalId }), 403, 'forbidden')
    const rows = await auditRowsAfter(t.db, before)
    expect(rows).toEqual([expect.objectContaining({ action: 'patient-data:write', decision: 'denied', actor_id: S.liseLund.id })])
    const count = await t.db
      .selectFrom('exchange_message')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('source', '=', 'portal')
      .where('submitted_by', '=', S.liseLund.id)
      .where('is_apprec', '=', false)
      .executeTakeFirstOrThrow()
    // Only the messages the other tests sent.
    expect(Number(count.n)).toBe(2)
  })

  it('a number with valid control digits that is not in the registry answers exactly like no access', async () => {
    const known = await send(lise, { ...QUESTION, patientNationalId: P.kariNordmann.nationalId })
    const unknown = await send(lise, { ...QUESTION, patientNationalId: '01815049914' })
    expectProblem(unknown, 403, 'forbidden')
    expect(unknown.json<{ detail: string }>().detail).toBe(known.json<{ detail: string }>().detail)
  })

  it('needs the CSRF token with a cookie session', async () => {
    expectProblem(await send(lise, QUESTION, null), 403, 'csrf-failed')
    expectProblem(await send(lise, QUESTION, 'wrong-token'), 403, 'csrf-failed')
    expectProblem(
      await t.app.inject({
        method: 'POST',
        url: `/api/exchange/messages/${randomUUID()}/answer`,
        headers: sessionHeaders(berit, null),
        payload: { text: 'Hei' },
      }),
      403,
      'csrf-failed',
    )
  })

  it('is for health personnel acting for a service: not the operator, a coordinator, a citizen or a system', async () => {
    const ole = await t.staffSession(S.oleOlsen.id, null)
    const siri = await t.staffSession(S.siriStrand.id, SV.sivSamhandling.id)
    const kari = await t.citizenSession(P.kariNordmann.id)
    for (const session of [ole, siri, kari]) {
      expectProblem(await send(session, QUESTION), 403, 'forbidden')
      expectProblem(await t.app.inject({ url: '/api/exchange/inbox', headers: sessionHeaders(session, null) }), 403, 'forbidden')
      expectProblem(await t.app.inject({ url: '/api/exchange/outbox', headers: sessionHeaders(session, null) }), 403, 'forbidden')
    }
    const token = await t.systemToken(O.tonsberg.organisationNumber, ['samband/exchange', 'samband/registry.read'])
    expectProblem(await t.app.inject({ url: '/api/exchange/inbox', headers: bearer(token) }), 403, 'forbidden')
  })
})

describe('GET /api/exchange/messages/{id}: what is refused', () => {
  it('an unknown id is a 404, a malformed one a 422', async () => {
    expectProblem(await t.app.inject({ url: `/api/exchange/messages/${randomUUID()}`, headers: sessionHeaders(lise, null) }), 404, 'not-found')
    expectProblem(await t.app.inject({ url: '/api/exchange/messages/not-a-uuid', headers: sessionHeaders(lise, null) }), 422, 'validation-failed')
  })

  it('an AppRec is not shown on its own', async () => {
    const appRec = await t.db.selectFrom('exchange_message').select('id').where('is_apprec', '=', true).executeTakeFirstOrThrow()
    expectProblem(await t.app.inject({ url: `/api/exchange/messages/${appRec.id}`, headers: sessionHeaders(lise, null) }), 404, 'not-found')
  })
})

describe('the audit chain', () => {
  it('is intact after everything above', async () => {
    expect(await verifyAuditChain(t.db)).toMatchObject({ ok: true })
  })
})
