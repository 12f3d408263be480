// Citizen messages from the service's side: who among staff and EPJ systems may see and answer a thread, answers from
// the EPJ through the bridge's function, the inbox order, answer deadlines over a weekend and Easter, and a
// municipality whose agreement has ended. The app's clock is moved by the tests; blocks run in order.
import { randomUUID } from 'node:crypto'
import { loadAccessFacts } from '../../src/access-facts.ts'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { appendServiceMessageFromEpj } from '../../src/citizen/messaging/thread-writes.ts'
import { AppError } from '../../src/platform/http/errors.ts'
import { DEMO } from '../../src/registry/demo/vestfold-demo.ts'
import { auditHead, auditRowsAfter, expectProblem, O, S } from '../api/api-helpers.ts'
import { type TestApp, startTestApp } from '../support/test-app.ts'
import { addCareRelation, countRows, type Headers, messagingClient, outboxFor, P, SV, type ThreadDetail } from './messaging-support.ts'

let clock = DEMO.now
let t: TestApp
let api: ReturnType<typeof messagingClient>
let ingrid: Headers
let lise: Headers
let thread: ThreadDetail

const HOME_CARE = SV.tonsbergHjemmesykepleie.id
/** Moves the clock; sessions are made anew, since they expire by the same clock. */
async function at(iso: string) {
  clock = new Date(iso)
  ingrid = await api.citizen(P.ingridBerg.id)
  lise = await api.staff(S.liseLund.id, HOME_CARE)
}

beforeAll(async () => {
  t = await startTestApp({}, () => clock)
  api = messagingClient(t)
  ingrid = await api.citizen(P.ingridBerg.id)
  lise = await api.staff(S.liseLund.id, HOME_CARE)
  thread = (await api.startThread(ingrid, P.ingridBerg.id, { serviceId: HOME_CARE, subject: 'Besøk', body: 'Hei' })).json<ThreadDetail>()
}, 60_000)

afterAll(async () => {
  await t?.close()
})

describe('staff of another service', () => {
  it('Tor (Færder home nursing) is refused Tønsberg’s threads even when Ingrid is also his patient', async () => {
    await addCareRelation(t, P.ingridBerg.id, SV.faerderHjemmesykepleie.id)
    const tor = await api.staff(S.torTangen.id, SV.faerderHjemmesykepleie.id)
    const head = await auditHead(t.db)
    expectProblem(await api.serviceGet(tor, HOME_CARE), 403, 'forbidden')
    expectProblem(await api.serviceGet(tor, HOME_CARE, `/${thread.id}`), 403, 'forbidden')
    expectProblem(await api.serviceWrite(tor, HOME_CARE, thread.id, { body: 'Hei' }), 403, 'forbidden')
    expectProblem(await api.servicePost(tor, HOME_CARE, thread.id, 'close'), 403, 'forbidden')
    expectProblem(await api.servicePost(tor, HOME_CARE, thread.id, 'read'), 403, 'forbidden')
    const rows = await auditRowsAfter(t.db, head)
    expect(rows).toHaveLength(5)
    for (const row of rows) expect(row).toMatchObject({ decision: 'denied', decision_basis: 'other-service', actor_id: S.torTangen.id })
    // Under his own service the thread does not exist.
    expectProblem(await api.serviceGet(tor, SV.faerderHjemmesykepleie.id, `/${thread.id}`), 404, 'not-found')
    expectProblem(await api.serviceWrite(tor, SV.faerderHjemmesykepleie.id, thread.id, { body: 'Hei' }), 404, 'not-found')
    expect((await api.serviceGet(tor, SV.faerderHjemmesykepleie.id)).json()).toMatchObject({ total: 0 })
  })

  it('Hanne (another service of the same municipality), Berit (a GP office), the operator and citizens are refused too', async () => {
    const hanne = await api.staff(S.hanneHauge.id, SV.tonsbergHelsestasjon.id)
    const berit = await api.staff(S.beritBakke.id, SV.tonsbergLegesenterFastlege.id)
    const ole = await api.staff(S.oleOlsen.id, null)
    for (const headers of [hanne, berit, ole, ingrid]) {
      expectProblem(await api.serviceGet(headers, HOME_CARE), 403, 'forbidden')
      expectProblem(await api.serviceGet(headers, HOME_CARE, `/${thread.id}`), 403, 'forbidden')
    }
    expectProblem(await api.serviceGet({}, HOME_CARE), 401, 'unauthenticated')
    expectProblem(await api.serviceGet({}, HOME_CARE, `/${thread.id}`), 401, 'unauthenticated')
  })

  it('staff without a care relation with the citizen are refused by the policy', async () => {
    // Ahmed writes to Sandefjord home nursing; a nurse there without a care relation with Ahmed… has one, so end it.
    await addCareRelation(t, P.ahmedKhan.id, SV.sandefjordHjemmesykepleie.id)
    const ahmed = await api.citizen(P.ahmedKhan.id)
    const ahmedsThread = (
      await api.startThread(ahmed, P.ahmedKhan.id, { serviceId: SV.sandefjordHjemmesykepleie.id, subject: 'Hei', body: 'Hei' })
    ).json<ThreadDetail>()
    await t.db
      .insertInto('staff_membership')
      .values({ staff_id: S.andersAas.id, service_id: SV.sandefjordHjemmesykepleie.id, roles: ['health_personnel'], valid_from: DEMO.now })
      .execute()
    const anders = await api.staff(S.andersAas.id, SV.sandefjordHjemmesykepleie.id)
    expect((await api.serviceGet(anders, SV.sandefjordHjemmesykepleie.id, `/${ahmedsThread.id}`)).statusCode).toBe(200)
    await t.db
      .updateTable('care_relation')
      .set({ valid_to: DEMO.now })
      .where('patient_person_id', '=', P.ahmedKhan.id)
      .where('service_id', '=', SV.sandefjordHjemmesykepleie.id)
      .execute()
    const head = await auditHead(t.db)
    expectProblem(await api.serviceGet(anders, SV.sandefjordHjemmesykepleie.id, `/${ahmedsThread.id}`), 403, 'forbidden')
    expect((await auditRowsAfter(t.db, head))[0]).toMatchObject({ decision: 'denied', decision_basis: 'care-relation-inactive' })
    // Nor can Ahmed write there any more: he no longer receives help from the service.
    const refused = await api.citizenWrite(ahmed, P.ahmedKhan.id, ahmedsThread.id, { body: 'Hei igjen' })
    expectProblem(refused, 403, 'forbidden')
    expect((await api.citizenGet(ahmed, `${P.ahmedKhan.id}/threads/${ahmedsThread.id}`)).json<ThreadDetail>().canReply).toBe(false)

    // When his membership of the service ends, the session he already has no longer acts for it.
    await t.db
      .updateTable('care_relation')
      .set({ valid_to: null })
      .where('patient_person_id', '=', P.ahmedKhan.id)
      .where('service_id', '=', SV.sandefjordHjemmesykepleie.id)
      .execute()
    expect((await api.serviceGet(anders, SV.sandefjordHjemmesykepleie.id, `/${ahmedsThread.id}`)).statusCode).toBe(200)
    await t.db
      .updateTable('staff_membership')
      .set({ valid_to: DEMO.now })
      .where('staff_id', '=', S.andersAas.id)
      .where('service_id', '=', SV.sandefjordHjemmesykepleie.id)
      .execute()
    expect((await api.serviceGet(anders, SV.sandefjordHjemmesykepleie.id)).statusCode).toBe(401)
    expect((await api.serviceGet(anders, SV.sandefjordHjemmesykepleie.id, `/${ahmedsThread.id}`)).statusCode).toBe(401)
    expect((await api.serviceWrite(anders, SV.sandefjordHjemmesykepleie.id, ahmedsThread.id, { body: 'Hei' })).statusCode).toBe(401)
  })
})

describe('EPJ systems through the API', () => {
  it('a system client of another organisation is refused; a client of Tønsberg needs the scopes', async () => {
    const faerderEpj = await api.system(O.faerder.organisationNumber)
    const head = await auditHead(t.db)
    expectProblem(await api.serviceGet(faerderEpj, HOME_CARE), 403, 'forbidden')
    expectProblem(await api.serviceGet(faerderEpj, HOME_CARE, `/${thread.id}`), 403, 'forbidden')
    expectProblem(await api.serviceWrite(faerderEpj, HOME_CARE, thread.id, { body: 'Hei' }), 403, 'forbidden')
    for (const row of await auditRowsAfter(t.db, head)) expect(row).toMatchObject({ decision: 'denied', decision_basis: 'other-organisation' })

    const readOnly = await api.system(O.tonsberg.organisationNumber, ['samband/patient.read'])
    expect((await api.serviceGet(readOnly, HOME_CARE, `/${thread.id}`)).statusCode).toBe(200)
    expectProblem(await api.serviceWrite(readOnly, HOME_CARE, thread.id, { body: 'Hei' }), 403, 'forbidden')
    const noScopes = await api.system(O.tonsberg.organisationNumber, ['samband/registry.read'])
    expectProblem(await api.serviceGet(noScopes, HOME_CARE), 403, 'forbidden')
  })

  it('Tønsberg’s EPJ answers in the service’s name; the citizen is notified', async () => {
    const epj = await api.system(O.tonsberg.organisationNumber)
    const list = await api.serviceGet(epj, HOME_CARE, '?status=all')
    expect(list.statusCode, list.body).toBe(200)
    const res = await api.serviceWrite(epj, HOME_CARE, thread.id, { body: 'Svar fra fagsystemet.' })
    expect(res.statusCode, res.body).toBe(201)
    const answer = res.json<ThreadDetail>().messages.at(-1)
    expect(answer).toMatchObject({
      from: 'service',
      authorName: 'Tønsberg kommune, Hjemmesykepleien',
      writtenBy: 'Tønsberg kommune, Hjemmesykepleien (fra fagsystem)',
    })
    const stored = await t.db
      .selectFrom('citizen_message')
      .selectAll()
      .where('id', '=', answer?.id ?? '')
      .executeTakeFirstOrThrow()
    expect(stored).toMatchObject({ written_by_client_id: `demo-epj-${O.tonsberg.organisationNumber}`, written_by_staff_id: null, exchange_state: 'none' })
    expect((await outboxFor(t, `citizen-message:${answer?.id}`)).map((o) => o.person_id).sort()).toEqual([P.ingridBerg.id, P.perBerg.id].sort())
  })
})

describe('a service whose name is sensitive', () => {
  it('is not named in the notification', async () => {
    await t.db.updateTable('service').set({ sensitive_name: true }).where('id', '=', HOME_CARE).execute()
    try {
      await api.citizenWrite(ingrid, P.ingridBerg.id, thread.id, { body: 'Spørsmål' })
      const res = await api.serviceWrite(lise, HOME_CARE, thread.id, { body: 'Svar' })
      const outbox = await outboxFor(t, `citizen-message:${res.json<ThreadDetail>().messages.at(-1)?.id}`)
      expect(outbox).toHaveLength(2)
      for (const row of outbox) expect(row).toMatchObject({ sender_name: null, sender_sensitive: true })
    } finally {
      await t.db.updateTable('service').set({ sensitive_name: false }).where('id', '=', HOME_CARE).execute()
    }
  })
})

describe('answers from the EPJ through the exchange (appendServiceMessageFromEpj)', () => {
  it('adds the answer once per MsgId, notifies once, and answers null for an unknown conversation', async () => {
    await api.citizenWrite(ingrid, P.ingridBerg.id, thread.id, { body: 'Et spørsmål til' })
    const row = await t.db.selectFrom('citizen_thread').select(['conversation_ref', 'answer_due_at']).where('id', '=', thread.id).executeTakeFirstOrThrow()
    expect(row.answer_due_at).not.toBeNull()
    const msgId = randomUUID()
    const input = { conversationRef: row.conversation_ref, msgId, body: 'Svar fra DIPS.', authorName: 'Lise Lund', clientId: 'demo-epj-939901035', now: clock }
    const first = await t.db.transaction().execute((trx) => appendServiceMessageFromEpj(trx, input, loadAccessFacts))
    const before = await countRows(t)
    const again = await t.db.transaction().execute((trx) => appendServiceMessageFromEpj(trx, input, loadAccessFacts))
    expect(first).toEqual({ threadId: thread.id, messageId: expect.any(String) })
    expect(again).toEqual(first)
    expect(await countRows(t)).toEqual(before)
    expect(await outboxFor(t, `citizen-message:${first?.messageId}`)).toHaveLength(2)
    const after = await t.db.selectFrom('citizen_thread').select('answer_due_at').where('id', '=', thread.id).executeTakeFirstOrThrow()
    expect(after.answer_due_at).toBeNull()
    const view = (await api.citizenGet(ingrid, `${P.ingridBerg.id}/threads/${thread.id}`)).json<ThreadDetail>()
    expect(view.messages.at(-1)).toMatchObject({ from: 'service', authorName: 'Lise Lund', body: 'Svar fra DIPS.' })

    expect(
      await t.db
        .transaction()
        .execute((trx) => appendServiceMessageFromEpj(trx, { ...input, msgId: randomUUID(), conversationRef: randomUUID() }, loadAccessFacts)),
    ).toBeNull()
  })

  it('refuses an answer to a closed thread (closed is closed for both sides)', async () => {
    const closing = (await api.startThread(ingrid, P.ingridBerg.id, { serviceId: HOME_CARE, subject: 'Lukkes', body: 'Hei' })).json<ThreadDetail>()
    await api.servicePost(lise, HOME_CARE, closing.id, 'close')
    const ref = (await t.db.selectFrom('citizen_thread').select('conversation_ref').where('id', '=', closing.id).executeTakeFirstOrThrow()).conversation_ref
    const attempt = t.db.transaction().execute((trx) =>
      appendServiceMessageFromEpj(
        trx,
        {
          conversationRef: ref,
          msgId: randomUUID(),
          body: 'For sent',
          authorName: 'Lise Lund',
          clientId: 'demo-epj-939901035',
          now: clock,
        },
        loadAccessFacts,
      ),
    )
    await expect(attempt).rejects.toSatisfy((e) => e instanceof AppError && e.code === 'conflict')
  })
})

describe('answer deadlines and the inbox order', () => {
  it('a message on Friday 15:00 is due at the end of Monday; Wednesday before Easter 2027 at the end of the Tuesday after', async () => {
    await at('2026-11-27T15:00:00+01:00')
    const friday = (await api.startThread(ingrid, P.ingridBerg.id, { serviceId: HOME_CARE, subject: 'Fredag', body: 'Hei' })).json<ThreadDetail>()
    expect(friday.answerDueAt).toBe('2026-11-30T22:59:59.999Z')
    await at('2027-03-24T10:00:00+01:00')
    const easter = (await api.startThread(ingrid, P.ingridBerg.id, { serviceId: HOME_CARE, subject: 'Påske', body: 'Hei' })).json<ThreadDetail>()
    expect(easter.answerDueAt).toBe('2027-03-30T21:59:59.999Z')
    // Answer both, so the next test starts from a clean inbox.
    for (const id of [friday.id, easter.id]) await api.servicePost(lise, HOME_CARE, id, 'close')
    await at(DEMO.now.toISOString())
  })

  it('overdue first (oldest deadline first), then awaiting an answer, then the rest by last message, newest first', async () => {
    // Close what earlier tests left open.
    const open = await t.db.selectFrom('citizen_thread').select('id').where('service_id', '=', HOME_CARE).where('status', '=', 'open').execute()
    for (const { id } of open) await api.servicePost(lise, HOME_CARE, id, 'close')

    const start = async (when: string, subject: string) => {
      await at(when)
      return (await api.startThread(ingrid, P.ingridBerg.id, { serviceId: HOME_CARE, subject, body: 'Hei' })).json<ThreadDetail>().id
    }
    const answer = async (when: string, id: string) => {
      await at(when)
      expect((await api.serviceWrite(lise, HOME_CARE, id, { body: 'Svar' })).statusCode).toBe(201)
    }
    const answeredEarly = await start('2026-11-30T09:00:00+01:00', 'Besvart tidlig')
    await answer('2026-11-30T10:00:00+01:00', answeredEarly)
    const overdueNewer = await start('2026-11-30T12:00:00+01:00', 'Forfalt, nyere') // due end of Tuesday 1 Dec
    const overdueOlder = await start('2026-11-27T12:00:00+01:00', 'Forfalt, eldre') // Friday: due end of Monday 30 Nov
    const awaiting = await start('2026-12-02T09:00:00+01:00', 'Venter') // due end of Thursday 3 Dec
    const answeredLate = await start('2026-12-01T09:00:00+01:00', 'Besvart sent')
    await answer('2026-12-02T10:00:00+01:00', answeredLate)

    await at('2026-12-02T12:00:00+01:00')
    const res = await api.serviceGet(lise, HOME_CARE)
    expect(res.statusCode, res.body).toBe(200)
    const inbox = res.json<{ items: { id: string; overdue: boolean; awaitingAnswer: boolean }[]; total: number; unanswered: number; overdue: number }>()
    expect(inbox.items.map((i) => i.id)).toEqual([overdueOlder, overdueNewer, awaiting, answeredLate, answeredEarly])
    expect(inbox.items.map((i) => [i.overdue, i.awaitingAnswer])).toEqual([
      [true, true],
      [true, true],
      [false, true],
      [false, false],
      [false, false],
    ])
    expect(inbox).toMatchObject({ total: 5, unanswered: 3, overdue: 2 })
    // Paging keeps the order; closed threads are in 'closed' and 'all'.
    const page = (await api.serviceGet(lise, HOME_CARE, '?limit=2&offset=2')).json<{ items: { id: string }[]; total: number }>()
    expect(page.items.map((i) => i.id)).toEqual([awaiting, answeredLate])
    const closed = (await api.serviceGet(lise, HOME_CARE, '?status=closed')).json<{ total: number }>()
    const all = (await api.serviceGet(lise, HOME_CARE, '?status=all')).json<{ total: number }>()
    expect(all.total).toBe(closed.total + 5)
    expectProblem(await api.serviceGet(lise, HOME_CARE, '?status=deleted'), 422, 'validation-failed')
  })
})

describe('Horten’s agreement ends on 2 December 2026', () => {
  it('until then Lars writes; after it he reads his old threads but cannot write, and is told why', async () => {
    await at(DEMO.now.toISOString())
    await addCareRelation(t, P.larsOlsen.id, SV.hortenHjemmesykepleie.id)
    const lars = await api.citizen(P.larsOlsen.id)
    const created = await api.startThread(lars, P.larsOlsen.id, { serviceId: SV.hortenHjemmesykepleie.id, subject: 'Før slutt', body: 'Hei' })
    expect(created.statusCode, created.body).toBe(201)
    const old = created.json<ThreadDetail>()
    expect(old).toMatchObject({ canReply: true, endsAt: '2026-12-01T23:00:00.000Z' })

    await at('2026-12-03T09:00:00+01:00')
    const larsLater = await api.citizen(P.larsOlsen.id)
    const list = await api.citizenGet(larsLater, `${P.larsOlsen.id}/threads`)
    expect(list.statusCode).toBe(200)
    expect(list.json<{ items: { id: string }[] }>().items.map((i) => i.id)).toContain(old.id)
    const view = await api.citizenGet(larsLater, `${P.larsOlsen.id}/threads/${old.id}`)
    expect(view.statusCode).toBe(200)
    expect(view.json<ThreadDetail>()).toMatchObject({ canReply: false, status: 'open', endsAt: '2026-12-01T23:00:00.000Z' })
    expect(view.json<ThreadDetail>().messages).toHaveLength(1)

    const before = await countRows(t)
    const reply = expectProblem(await api.citizenWrite(larsLater, P.larsOlsen.id, old.id, { body: 'Hei igjen' }), 409, 'conflict')
    expect(reply.detail).toMatch(/avsluttet meldingstjenesten/)
    expectProblem(
      await api.startThread(larsLater, P.larsOlsen.id, { serviceId: SV.hortenHjemmesykepleie.id, subject: 'Etter slutt', body: 'Hei' }),
      409,
      'conflict',
    )
    expect(await countRows(t)).toEqual(before)
    const services = (await api.citizenGet(larsLater, `${P.larsOlsen.id}/message-services`)).json()
    expect(services).toEqual({ items: [expect.objectContaining({ serviceId: SV.hortenHjemmesykepleie.id, open: false, endsAt: '2026-12-01T23:00:00.000Z' })] })
  })
})
