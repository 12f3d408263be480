// Citizen ↔ service messages from the citizen's side: the whole round (citizen writes, staff answer, both read),
// representatives writing for the citizen, and every caller who must be refused. The blocks run in order.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DEMO } from '../../src/registry/demo/vestfold-demo.ts'
import { auditHead, auditRowsAfter, expectProblem, O, S } from '../api/api-helpers.ts'
import { type TestApp, startTestApp } from '../support/test-app.ts'
import { addCareRelation, addFullmakt, countRows, type Headers, messagingClient, outboxFor, P, pdf, SV, type ThreadDetail } from './messaging-support.ts'

let t: TestApp
let api: ReturnType<typeof messagingClient>
let ingrid: Headers
let per: Headers
let lise: Headers

beforeAll(async () => {
  t = await startTestApp()
  api = messagingClient(t)
  ingrid = await api.citizen(P.ingridBerg.id)
  per = await api.citizen(P.perBerg.id)
  lise = await api.staff(S.liseLund.id, SV.tonsbergHjemmesykepleie.id)
}, 60_000)

afterAll(async () => {
  await t?.close()
})

const HOME_CARE = SV.tonsbergHjemmesykepleie.id

describe('the round: citizen writes, staff answer, both read', () => {
  let thread: ThreadDetail

  it('Ingrid starts a thread with her home nursing service; it waits for an answer within one working day', async () => {
    const res = await api.startThread(ingrid, P.ingridBerg.id, {
      serviceId: HOME_CARE,
      subject: 'Besøk torsdag',
      body: 'Kan dere komme litt senere på torsdag?',
    })
    expect(res.statusCode, res.body).toBe(201)
    thread = res.json<ThreadDetail>()
    expect(res.headers.location).toBe(`/api/citizens/${P.ingridBerg.id}/threads/${thread.id}`)
    expect(thread).toMatchObject({
      subject: 'Besøk torsdag',
      status: 'open',
      service: { id: HOME_CARE, name: 'Hjemmesykepleien', organisationName: 'Tønsberg kommune' },
      canReply: true,
      endsAt: null,
      answerTime: 'Svar innen én virkedag',
      closedAt: null,
      // Monday 23 November 12:00 → the end of Tuesday.
      answerDueAt: '2026-11-24T22:59:59.999Z',
    })
    expect(thread.messages).toEqual([
      expect.objectContaining({
        from: 'citizen',
        authorName: 'Ingrid Berg',
        onBehalfOf: false,
        body: 'Kan dere komme litt senere på torsdag?',
        readAt: null,
        attachments: [],
      }),
    ])
    const stored = await t.db.selectFrom('citizen_message').selectAll().where('thread_id', '=', thread.id).executeTakeFirstOrThrow()
    expect(stored).toMatchObject({ exchange_state: 'pending', written_by_person_id: P.ingridBerg.id, representation_basis: 'self' })
    expect(stored.msg_id).toMatch(/^[0-9a-f-]{36}$/)
    const threadRow = await t.db.selectFrom('citizen_thread').select('conversation_ref').where('id', '=', thread.id).executeTakeFirstOrThrow()
    expect(threadRow.conversation_ref).toBe(stored.msg_id)
  })

  it('the thread is in her list, and the service’s inbox shows it awaiting an answer, unread', async () => {
    const list = await api.citizenGet(ingrid, `${P.ingridBerg.id}/threads`)
    expect(list.statusCode, list.body).toBe(200)
    expect(list.json()).toMatchObject({ total: 1, unread: 0, items: [{ id: thread.id, unreadCount: 0, status: 'open', answerDueAt: thread.answerDueAt }] })
    const inbox = await api.serviceGet(lise, HOME_CARE)
    expect(inbox.statusCode, inbox.body).toBe(200)
    expect(inbox.json()).toMatchObject({
      total: 1,
      unanswered: 1,
      overdue: 0,
      items: [
        {
          id: thread.id,
          citizen: { personId: P.ingridBerg.id, name: 'Ingrid Berg', birthDate: P.ingridBerg.birthDate },
          unreadCount: 1,
          awaitingAnswer: true,
          overdue: false,
        },
      ],
    })
  })

  it('Lise reads it (logged as access to Ingrid’s data) and marks it read; Ingrid sees it was read', async () => {
    const before = await auditHead(t.db)
    const res = await api.serviceGet(lise, HOME_CARE, `/${thread.id}`)
    expect(res.statusCode, res.body).toBe(200)
    const detail = res.json<ThreadDetail>()
    expect(detail.citizen).toEqual({ personId: P.ingridBerg.id, name: 'Ingrid Berg', birthDate: P.ingridBerg.birthDate })
    expect(detail.messages[0]?.writtenBy).toBe('Ingrid Berg')
    const rows = await auditRowsAfter(t.db, before)
    expect(rows).toEqual([
      expect.objectContaining({
        action: 'patient-data:read',
        resource_type: 'citizen-thread',
        resource_id: thread.id,
        patient_person_id: P.ingridBerg.id,
        decision: 'allowed',
        actor_id: S.liseLund.id,
      }),
    ])

    expect((await api.servicePost(lise, HOME_CARE, thread.id, 'read')).statusCode).toBe(204)
    const seen = (await api.citizenGet(ingrid, `${P.ingridBerg.id}/threads/${thread.id}`)).json<ThreadDetail>()
    expect(seen.messages[0]?.readAt).toBe(DEMO.now.toISOString())
  })

  it('Lise answers: the deadline is cleared, and Ingrid and Per (fullmakt with messages) are notified, without content', async () => {
    const res = await api.serviceWrite(lise, HOME_CARE, thread.id, { body: 'Ja, vi kommer klokka 14.' })
    expect(res.statusCode, res.body).toBe(201)
    const detail = res.json<ThreadDetail>()
    expect(detail.answerDueAt).toBeNull()
    const answer = detail.messages[1]
    expect(answer).toMatchObject({ from: 'service', authorName: 'Lise Lund', writtenBy: 'Lise Lund', readAt: null })
    const stored = await t.db
      .selectFrom('citizen_message')
      .selectAll()
      .where('id', '=', answer?.id ?? '')
      .executeTakeFirstOrThrow()
    // A copy waits for the bridge to the service's EPJ (ADR 0009 as amended for issue 10, item 8).
    expect(stored).toMatchObject({ exchange_state: 'pending', written_by_staff_id: S.liseLund.id })

    const outbox = await outboxFor(t, `citizen-message:${answer?.id}`)
    expect(outbox.map((o) => o.person_id).sort()).toEqual([P.ingridBerg.id, P.perBerg.id].sort())
    for (const row of outbox) {
      expect(row).toMatchObject({
        kind: 'message-from-health-personnel',
        sender_name: 'Tønsberg kommune, Hjemmesykepleien',
        sender_sensitive: false,
        status: 'pending',
      })
      // The outbox row holds no content at all.
      const text = JSON.stringify(row)
      expect(text).not.toContain('klokka 14')
      expect(text).not.toContain('Besøk torsdag')
    }
    expect(Object.keys(outbox[0] ?? {}).some((k) => /body|subject|text|content/.test(k))).toBe(false)
  })

  it('Ingrid sees one unread thread, reads it, and Lise sees her answer was read', async () => {
    const list = (await api.citizenGet(ingrid, `${P.ingridBerg.id}/threads`)).json<{ unread: number; items: { unreadCount: number }[] }>()
    expect(list.unread).toBe(1)
    expect(list.items[0]?.unreadCount).toBe(1)
    expect((await api.citizenRead(ingrid, P.ingridBerg.id, thread.id)).statusCode).toBe(204)
    const after = (await api.citizenGet(ingrid, `${P.ingridBerg.id}/threads`)).json<{ unread: number }>()
    expect(after.unread).toBe(0)
    const staffView = (await api.serviceGet(lise, HOME_CARE, `/${thread.id}`)).json<ThreadDetail>()
    expect(staffView.messages[1]?.readAt).toBe(DEMO.now.toISOString())
  })

  it('a later citizen message sets the deadline again; a second answer clears it and notifies once more', async () => {
    const res = await api.citizenWrite(ingrid, P.ingridBerg.id, thread.id, { body: 'Takk!' })
    expect(res.statusCode, res.body).toBe(201)
    expect(res.json<ThreadDetail>().answerDueAt).toBe('2026-11-24T22:59:59.999Z')
    const answered = await api.serviceWrite(lise, HOME_CARE, thread.id, { body: 'Bare hyggelig.' })
    const last = answered.json<ThreadDetail>().messages.at(-1)
    expect(answered.json<ThreadDetail>().answerDueAt).toBeNull()
    expect(await outboxFor(t, `citizen-message:${last?.id}`)).toHaveLength(2)
  })
})

describe('representatives write for the citizen; the thread is always the citizen’s', () => {
  it('Per writes for Ingrid: the thread is Ingrid’s, and Per is recorded as the writer on his fullmakt', async () => {
    const res = await api.startThread(per, P.ingridBerg.id, { serviceId: HOME_CARE, subject: 'Medisiner', body: 'Mor trenger ny dosett.' })
    expect(res.statusCode, res.body).toBe(201)
    const thread = res.json<ThreadDetail>()
    expect(thread.messages[0]).toMatchObject({ authorName: 'Per Berg', onBehalfOf: true })
    const row = await t.db.selectFrom('citizen_thread').select('citizen_person_id').where('id', '=', thread.id).executeTakeFirstOrThrow()
    expect(row.citizen_person_id).toBe(P.ingridBerg.id)
    const message = await t.db.selectFrom('citizen_message').selectAll().where('thread_id', '=', thread.id).executeTakeFirstOrThrow()
    expect(message).toMatchObject({ written_by_person_id: P.perBerg.id, author_name: 'Per Berg', representation_basis: 'fullmakt' })
    const staffView = (await api.serviceGet(lise, HOME_CARE, `/${thread.id}`)).json<ThreadDetail>()
    expect(staffView.messages[0]?.writtenBy).toBe('Per Berg (fullmektig for Ingrid Berg)')
    // Ingrid sees it in her own list, and Per can open it for her.
    const list = (await api.citizenGet(ingrid, `${P.ingridBerg.id}/threads`)).json<{ items: { id: string }[] }>()
    expect(list.items.map((i) => i.id)).toContain(thread.id)
    expect((await api.citizenGet(per, `${P.ingridBerg.id}/threads/${thread.id}`)).statusCode).toBe(200)
  })

  it('Liv writes for Odd on her assigned fullmakt', async () => {
    const liv = await api.citizen(P.livDahl.id)
    const res = await api.startThread(liv, P.oddDahl.id, { serviceId: SV.faerderHjemmesykepleie.id, subject: 'Nøkkelboks', body: 'Koden er endret.' })
    expect(res.statusCode, res.body).toBe(201)
    const message = await t.db.selectFrom('citizen_message').selectAll().where('thread_id', '=', res.json<ThreadDetail>().id).executeTakeFirstOrThrow()
    expect(message).toMatchObject({ written_by_person_id: P.livDahl.id, representation_basis: 'assigned-fullmakt' })
    const tor = await api.staff(S.torTangen.id, SV.faerderHjemmesykepleie.id)
    const view = (await api.serviceGet(tor, SV.faerderHjemmesykepleie.id, `/${res.json<ThreadDetail>().id}`)).json<ThreadDetail>()
    expect(view.messages[0]?.writtenBy).toBe('Liv Dahl (tildelt fullmektig for Odd Dahl)')
  })

  it('Kari writes for Emma (8) to the health station; a notification of the answer goes to Kari and Ola too', async () => {
    const kari = await api.citizen(P.kariNordmann.id)
    const res = await api.startThread(kari, P.emmaNordmann.id, { serviceId: SV.tonsbergHelsestasjon.id, subject: 'Vaksine', body: 'Når er neste vaksine?' })
    expect(res.statusCode, res.body).toBe(201)
    const thread = res.json<ThreadDetail>()
    const message = await t.db.selectFrom('citizen_message').selectAll().where('thread_id', '=', thread.id).executeTakeFirstOrThrow()
    expect(message).toMatchObject({ written_by_person_id: P.kariNordmann.id, representation_basis: 'parent' })
    const hanne = await api.staff(S.hanneHauge.id, SV.tonsbergHelsestasjon.id)
    const answer = await api.serviceWrite(hanne, SV.tonsbergHelsestasjon.id, thread.id, { body: 'Om to uker.' })
    expect(answer.statusCode, answer.body).toBe(201)
    const outbox = await outboxFor(t, `citizen-message:${answer.json<ThreadDetail>().messages.at(-1)?.id}`)
    expect(outbox.map((o) => o.person_id).sort()).toEqual([P.kariNordmann.id, P.olaNordmann.id, P.emmaNordmann.id].sort())
  })

  it('Kari may not write for Jonas (14): 403, audit-logged, nothing stored', async () => {
    const kari = await api.citizen(P.kariNordmann.id)
    await addCareRelation(t, P.jonasNordmann.id, SV.tonsbergHelsestasjon.id)
    const before = await countRows(t)
    const head = await auditHead(t.db)
    const res = await api.startThread(kari, P.jonasNordmann.id, { serviceId: SV.tonsbergHelsestasjon.id, subject: 'Time', body: 'Hei' })
    expectProblem(res, 403, 'forbidden')
    expect(await countRows(t)).toEqual(before)
    const rows = await auditRowsAfter(t.db, head)
    expect(rows).toEqual([
      expect.objectContaining({
        decision: 'denied',
        decision_basis: 'reduced-parental-rights',
        action: 'citizen-data:write',
        on_behalf_of_person_id: P.jonasNordmann.id,
      }),
    ])
    // Nor read his threads.
    expectProblem(await api.citizenGet(kari, `${P.jonasNordmann.id}/threads`), 403, 'forbidden')
  })
})

describe('refused', () => {
  it('a citizen writing to a service they do not receive help from: 403', async () => {
    const res = await api.startThread(ingrid, P.ingridBerg.id, { serviceId: SV.faerderHjemmesykepleie.id, subject: 'Hei', body: 'Hei' })
    const problem = expectProblem(res, 403, 'forbidden')
    expect(problem.detail).toMatch(/mottar hjelp fra/)
    // A service that does not exist is the same answer.
    expectProblem(
      await api.startThread(ingrid, P.ingridBerg.id, { serviceId: '00000000-0000-4000-8000-000000000999', subject: 'Hei', body: 'Hei' }),
      403,
      'forbidden',
    )
  })

  it('a service that has not opened for messages (Holmestrand): 409, and it is not offered', async () => {
    const ahmed = await api.citizen(P.ahmedKhan.id)
    await addCareRelation(t, P.ahmedKhan.id, SV.holmestrandHjemmesykepleie.id)
    const res = await api.startThread(ahmed, P.ahmedKhan.id, { serviceId: SV.holmestrandHjemmesykepleie.id, subject: 'Hei', body: 'Hei' })
    expectProblem(res, 409, 'conflict')
    const services = (await api.citizenGet(ahmed, `${P.ahmedKhan.id}/message-services`)).json<{ items: { serviceId: string }[] }>()
    expect(services.items.map((s) => s.serviceId)).not.toContain(SV.holmestrandHjemmesykepleie.id)
  })

  it('a proxy whose fullmakt has expired, is revoked, or does not cover messages', async () => {
    // Ahmed gives three people a fullmakt for himself; none of them lets its holder write.
    await addCareRelation(t, P.ahmedKhan.id, SV.sandefjordHjemmesykepleie.id)
    const payload = { serviceId: SV.sandefjordHjemmesykepleie.id, subject: 'Hei', body: 'Hei' }
    const cases = [
      { proxy: P.larsOlsen.id, fullmakt: { areas: ['messages'], validTo: new Date('2026-11-01T00:00:00+01:00') }, basis: 'fullmakt-expired' },
      { proxy: P.perBerg.id, fullmakt: { areas: ['appointments', 'letters'] }, basis: 'area-not-covered' },
      { proxy: P.livDahl.id, fullmakt: { areas: ['messages'], revokedAt: new Date('2026-11-20T00:00:00+01:00') }, basis: 'fullmakt-revoked' },
    ]
    for (const c of cases) {
      await addFullmakt(t, { giver: P.ahmedKhan.id, proxy: c.proxy, ...c.fullmakt })
      const proxy = await api.citizen(c.proxy)
      const head = await auditHead(t.db)
      expectProblem(await api.startThread(proxy, P.ahmedKhan.id, payload), 403, 'forbidden')
      expect((await auditRowsAfter(t.db, head))[0], c.basis).toMatchObject({ decision: 'denied', decision_basis: c.basis })
      expectProblem(await api.citizenGet(proxy, `${P.ahmedKhan.id}/threads`), 403, 'forbidden')
    }
  })

  it('Sara Holm (confidential address) as proxy, even with a fullmakt covering messages', async () => {
    await addFullmakt(t, { giver: P.ahmedKhan.id, proxy: P.saraHolm.id, areas: ['messages'] })
    const sara = await api.citizen(P.saraHolm.id)
    const head = await auditHead(t.db)
    expectProblem(await api.startThread(sara, P.ahmedKhan.id, { serviceId: SV.sandefjordHjemmesykepleie.id, subject: 'Hei', body: 'Hei' }), 403, 'forbidden')
    expect((await auditRowsAfter(t.db, head))[0]).toMatchObject({ decision: 'denied', decision_basis: 'confidential-address' })
    expectProblem(await api.citizenGet(sara, `${P.ahmedKhan.id}/threads`), 403, 'forbidden')
  })

  it('another citizen, staff, and no session get nothing of Ingrid’s threads', async () => {
    const ingridsThread = (await t.db.selectFrom('citizen_thread').select('id').where('citizen_person_id', '=', P.ingridBerg.id).executeTakeFirstOrThrow()).id
    const ahmed = await api.citizen(P.ahmedKhan.id)
    for (const path of [`${P.ingridBerg.id}/threads`, `${P.ingridBerg.id}/threads/${ingridsThread}`, `${P.ingridBerg.id}/message-services`]) {
      expectProblem(await api.citizenGet(ahmed, path), 403, 'forbidden')
      expectProblem(await api.citizenGet(lise, path), 403, 'forbidden')
      expectProblem(await api.citizenGet({}, path), 401, 'unauthenticated')
    }
    expectProblem(await api.citizenWrite(ahmed, P.ingridBerg.id, ingridsThread, { body: 'Hei' }), 403, 'forbidden')
    expectProblem(await api.citizenWrite({}, P.ingridBerg.id, ingridsThread, { body: 'Hei' }), 401, 'unauthenticated')
    expectProblem(await api.citizenRead(ahmed, P.ingridBerg.id, ingridsThread), 403, 'forbidden')
    // Ahmed asking for Ingrid's thread under his own id: it is not his, so it does not exist for him.
    expectProblem(await api.citizenGet(ahmed, `${P.ahmedKhan.id}/threads/${ingridsThread}`), 404, 'not-found')
    expectProblem(await api.citizenWrite(ahmed, P.ahmedKhan.id, ingridsThread, { body: 'Hei' }), 404, 'not-found')
    // A write without the CSRF token.
    const { 'x-csrf-token': _csrf, ...noCsrf } = ingrid
    expectProblem(await api.citizenWrite(noCsrf, P.ingridBerg.id, ingridsThread, { body: 'Hei' }), 403, 'csrf-failed')
  })

  it('bad input: empty or too long subject and body, unknown fields, a bad Idempotency-Key', async () => {
    const before = await countRows(t)
    const base = { serviceId: HOME_CARE, subject: 'Hei', body: 'Hei' }
    expectProblem(await api.startThread(ingrid, P.ingridBerg.id, { ...base, subject: '   ' }), 422, 'validation-failed')
    expectProblem(await api.startThread(ingrid, P.ingridBerg.id, { ...base, subject: 'x'.repeat(201) }), 422, 'validation-failed')
    expectProblem(await api.startThread(ingrid, P.ingridBerg.id, { ...base, body: 'x'.repeat(10_001) }), 422, 'validation-failed')
    expectProblem(await api.startThread(ingrid, P.ingridBerg.id, { ...base, body: 'nul\u0000byte' }), 422, 'validation-failed')
    expectProblem(await api.startThread(ingrid, P.ingridBerg.id, { ...base, citizenPersonId: P.perBerg.id }), 422, 'validation-failed')
    expectProblem(await api.startThread(ingrid, P.ingridBerg.id, base, { 'idempotency-key': 'x'.repeat(201) }), 422, 'validation-failed')
    expectProblem(await api.startThread(ingrid, 'not-a-uuid', base), 422, 'validation-failed')
    expect(await countRows(t)).toEqual(before)
    // The longest allowed body and subject are fine.
    const longest = await api.startThread(ingrid, P.ingridBerg.id, { ...base, subject: 's'.repeat(200), body: 'b'.repeat(10_000) })
    expect(longest.statusCode, longest.body).toBe(201)
  })
})

describe('idempotent POSTs', () => {
  it('a new thread retried with the same Idempotency-Key answers the same thread, once', async () => {
    const key = 'thread-key-1'
    const payload = { serviceId: HOME_CARE, subject: 'Samme', body: 'Samme melding' }
    const first = await api.startThread(ingrid, P.ingridBerg.id, payload, { 'idempotency-key': key })
    const before = await countRows(t)
    const again = await api.startThread(ingrid, P.ingridBerg.id, payload, { 'idempotency-key': key })
    expect(first.statusCode).toBe(201)
    expect(again.statusCode).toBe(201)
    expect(again.json<ThreadDetail>().id).toBe(first.json<ThreadDetail>().id)
    expect(await countRows(t)).toEqual(before)
    // The same key for something else is a conflict, not a silent success: another text, subject or service.
    expectProblem(await api.startThread(ingrid, P.ingridBerg.id, { ...payload, body: 'Noe annet' }, { 'idempotency-key': key }), 409, 'conflict')
    expectProblem(await api.startThread(ingrid, P.ingridBerg.id, { ...payload, subject: 'Et annet emne' }, { 'idempotency-key': key }), 409, 'conflict')
    expectProblem(
      await api.startThread(ingrid, P.ingridBerg.id, { ...payload, serviceId: SV.faerderHjemmesykepleie.id }, { 'idempotency-key': key }),
      409,
      'conflict',
    )
    expect(await countRows(t)).toEqual(before)
    // Per's own key is his own: the same key from another writer starts another thread.
    const perThread = await api.startThread(per, P.ingridBerg.id, payload, { 'idempotency-key': key })
    expect(perThread.json<ThreadDetail>().id).not.toBe(first.json<ThreadDetail>().id)
  })

  it('two identical retries at the same moment make one thread', async () => {
    const payload = { serviceId: HOME_CARE, subject: 'Samtidig', body: 'Samtidig melding' }
    const before = await countRows(t)
    const [a, b] = await Promise.all([0, 1].map(() => api.startThread(ingrid, P.ingridBerg.id, payload, { 'idempotency-key': 'concurrent-key' })))
    expect([a?.statusCode, b?.statusCode]).toEqual([201, 201])
    expect(a?.json<ThreadDetail>().id).toBe(b?.json<ThreadDetail>().id)
    expect(await countRows(t)).toEqual({ ...before, threads: before.threads + 1, messages: before.messages + 1 })
  })

  it('a message retried with the same key is written once; so is a staff answer', async () => {
    const thread = (await api.startThread(ingrid, P.ingridBerg.id, { serviceId: HOME_CARE, subject: 'Idem', body: 'Første' })).json<ThreadDetail>()
    const a = await api.citizenWrite(ingrid, P.ingridBerg.id, thread.id, { body: 'Andre' }, { 'idempotency-key': 'msg-key' })
    const b = await api.citizenWrite(ingrid, P.ingridBerg.id, thread.id, { body: 'Andre' }, { 'idempotency-key': 'msg-key' })
    expect([a.statusCode, b.statusCode]).toEqual([201, 201])
    expect(b.json<ThreadDetail>().messages).toHaveLength(2)
    const s1 = await api.serviceWrite(lise, HOME_CARE, thread.id, { body: 'Svar' }, { 'idempotency-key': 'staff-key' })
    const s2 = await api.serviceWrite(lise, HOME_CARE, thread.id, { body: 'Svar' }, { 'idempotency-key': 'staff-key' })
    expect([s1.statusCode, s2.statusCode]).toEqual([201, 201])
    const messages = s2.json<ThreadDetail>().messages
    expect(messages).toHaveLength(3)
    expect(await outboxFor(t, `citizen-message:${messages[2]?.id}`)).toHaveLength(2)
  })
})

describe('closing', () => {
  it('staff close a thread: it is kept, and neither side can write in it any more', async () => {
    const thread = (
      await api.startThread(ingrid, P.ingridBerg.id, { serviceId: HOME_CARE, subject: 'Avslutt', body: 'Hei', attachments: [pdf()] })
    ).json<ThreadDetail>()
    const closed = await api.servicePost(lise, HOME_CARE, thread.id, 'close')
    expect(closed.statusCode, closed.body).toBe(200)
    expect(closed.json<ThreadDetail>()).toMatchObject({
      status: 'closed',
      closedAt: DEMO.now.toISOString(),
      closedByName: 'Lise Lund',
      answerDueAt: null,
      canReply: false,
    })
    const before = await countRows(t)
    const refused = expectProblem(await api.citizenWrite(ingrid, P.ingridBerg.id, thread.id, { body: 'En ting til' }), 409, 'conflict')
    expect(refused.detail).toMatch(/Start en ny samtale/)
    expectProblem(await api.serviceWrite(lise, HOME_CARE, thread.id, { body: 'En ting til' }), 409, 'conflict')
    expect(await countRows(t)).toEqual(before)
    const view = (await api.citizenGet(ingrid, `${P.ingridBerg.id}/threads/${thread.id}`)).json<ThreadDetail>()
    expect(view).toMatchObject({ status: 'closed', canReply: false })
    expect(view.messages).toHaveLength(1)
    // Closing again changes nothing.
    expect((await api.servicePost(lise, HOME_CARE, thread.id, 'close')).statusCode).toBe(200)
  })

  it('there is no way to delete anything', async () => {
    const thread = (await t.db.selectFrom('citizen_thread').select('id').where('citizen_person_id', '=', P.ingridBerg.id).executeTakeFirstOrThrow()).id
    for (const url of [`/api/citizens/${P.ingridBerg.id}/threads/${thread}`, `/api/services/${HOME_CARE}/threads/${thread}`]) {
      const res = await t.app.inject({ method: 'DELETE', url, headers: lise })
      expect([404, 405]).toContain(res.statusCode)
    }
  })
})

describe('message services', () => {
  it('lists the services the citizen receives that take messages, with the answer time', async () => {
    const res = await api.citizenGet(ingrid, `${P.ingridBerg.id}/message-services`)
    expect(res.statusCode, res.body).toBe(200)
    expect(res.json()).toEqual({
      items: [
        {
          serviceId: HOME_CARE,
          serviceName: 'Hjemmesykepleien',
          organisationName: 'Tønsberg kommune',
          open: true,
          endsAt: null,
          answerTime: 'Svar innen én virkedag',
        },
      ],
    })
    // A representative sees the principal's services.
    expect((await api.citizenGet(per, `${P.ingridBerg.id}/message-services`)).json()).toEqual(res.json())
  })

  it('a service in a municipality under notice is open until its end date', async () => {
    await addCareRelation(t, P.larsOlsen.id, SV.hortenHjemmesykepleie.id)
    const lars = await api.citizen(P.larsOlsen.id)
    const res = (await api.citizenGet(lars, `${P.larsOlsen.id}/message-services`)).json<{ items: unknown[] }>()
    expect(res.items).toEqual([
      expect.objectContaining({ serviceId: SV.hortenHjemmesykepleie.id, organisationName: O.horten.name, open: true, endsAt: '2026-12-01T23:00:00.000Z' }),
    ])
  })
})
