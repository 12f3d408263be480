// The citizen's side beyond one thread: an id that names no thread is "not found" (never a failure to retry), the
// thread list is searched and paged on the server, and Min side's summary of what is waiting per person counts
// unread answers only for the people whose messages the caller may read, with each person's read on the audit log.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { auditHead, auditRowsAfter, expectProblem, S } from '../api/api-helpers.ts'
import { type TestApp, startTestApp } from '../support/test-app.ts'
import { type Headers, messagingClient, P, SV, type ThreadDetail } from './messaging-support.ts'

let t: TestApp
let api: ReturnType<typeof messagingClient>
let ingrid: Headers
let per: Headers
let kari: Headers
let lise: Headers
let hanne: Headers

const HOME_CARE = SV.tonsbergHjemmesykepleie.id
const HEALTH_STATION = SV.tonsbergHelsestasjon.id

type ThreadList = { items: { id: string; subject: string; unreadCount: number }[]; total: number; unread: number }
type Waiting = { people: { personId: string; self: boolean; items: { kind: string; area: string; count: number }[] }[] }

beforeAll(async () => {
  t = await startTestApp()
  api = messagingClient(t)
  ingrid = await api.citizen(P.ingridBerg.id)
  per = await api.citizen(P.perBerg.id)
  kari = await api.citizen(P.kariNordmann.id)
  lise = await api.staff(S.liseLund.id, HOME_CARE)
  hanne = await api.staff(S.hanneHauge.id, HEALTH_STATION)
}, 60_000)

afterAll(async () => {
  await t?.close()
})

async function start(headers: Headers, personId: string, serviceId: string, subject: string, body: string): Promise<ThreadDetail> {
  const res = await api.startThread(headers, personId, { serviceId, subject, body })
  expect(res.statusCode, res.body).toBe(201)
  return res.json<ThreadDetail>()
}

async function answer(headers: Headers, serviceId: string, threadId: string, body: string): Promise<void> {
  const res = await api.serviceWrite(headers, serviceId, threadId, { body })
  expect(res.statusCode, res.body).toBe(201)
}

describe('an id that names no thread', () => {
  it('is 404 not-found, whether it is no UUID at all or no thread of hers', async () => {
    for (const bad of ['ikke-en-id', '123', '00000000-0000-4000-8000-00000000ffff']) {
      const problem = expectProblem(await api.citizenGet(ingrid, `${P.ingridBerg.id}/threads/${bad}`), 404, 'not-found')
      expect(problem.detail).toBe('Samtalen finnes ikke.')
    }
    const thread = await start(ingrid, P.ingridBerg.id, HOME_CARE, 'Et emne', 'En melding')
    expectProblem(await api.citizenGet(ingrid, `${P.ingridBerg.id}/threads/${thread.id}/attachments/ikke-en-id`), 404, 'not-found')
    expectProblem(await api.citizenGet(ingrid, `${P.ingridBerg.id}/threads/ikke-en-id/attachments/${thread.id}`), 404, 'not-found')
    expectProblem(await api.citizenRead(ingrid, P.ingridBerg.id, 'ikke-en-id'), 404, 'not-found')
    expectProblem(await api.citizenWrite(ingrid, P.ingridBerg.id, 'ikke-en-id', { body: 'Hei' }), 404, 'not-found')
  })
})

describe('searching and paging her threads', () => {
  beforeAll(async () => {
    await start(ingrid, P.ingridBerg.id, HOME_CARE, 'Dosett og medisiner', 'Kan dere sjekke dosetten?')
    const keys = await start(ingrid, P.ingridBerg.id, HOME_CARE, 'Nøkkelboks', 'Ny kode til nøkkelboksen er klar.')
    await answer(lise, HOME_CARE, keys.id, 'Takk, vi henter koden i morgen.')
    await start(ingrid, P.ingridBerg.id, HOME_CARE, '100% sikker_på at det stemmer', 'Prosenttegn og understrek i emnet.')
  })

  const list = async (query: string): Promise<ThreadList> => {
    const res = await api.citizenGet(ingrid, `${P.ingridBerg.id}/threads${query}`)
    expect(res.statusCode, res.body).toBe(200)
    return res.json<ThreadList>()
  }

  it('finds text in the subject and in any message, ignoring case, and counts what it found', async () => {
    expect((await list('?q=DOSETT')).items.map((i) => i.subject)).toEqual(['Dosett og medisiner'])
    // "koden" is only in the service's answer.
    const found = await list(`?q=${encodeURIComponent('henter koden')}`)
    expect(found).toMatchObject({ total: 1, unread: 1, items: [{ subject: 'Nøkkelboks', unreadCount: 1 }] })
  })

  it('finds the service by its name or its organisation’s', async () => {
    expect((await list('?q=hjemmesykepleien')).total).toBe(4)
    expect((await list(`?q=${encodeURIComponent('tønsberg kommune')}`)).total).toBe(4)
  })

  it('takes % and _ as the characters they are, not as wildcards', async () => {
    expect((await list(`?q=${encodeURIComponent('100%')}`)).items.map((i) => i.subject)).toEqual(['100% sikker_på at det stemmer'])
    expect((await list(`?q=${encodeURIComponent('r_p')}`)).total).toBe(1)
    expect((await list('?q=_')).total).toBe(1)
    expect((await list(`?q=${encodeURIComponent('%')}`)).total).toBe(1)
  })

  it('finds nothing in another person’s threads', async () => {
    await start(kari, P.emmaNordmann.id, HEALTH_STATION, 'Vaksine dosett', 'Emma trenger vaksine.')
    expect((await list('?q=vaksine')).total).toBe(0)
  })

  it('pages the found threads, newest first, with the total over all pages', async () => {
    const first = await list('?q=e&limit=2&offset=0')
    const second = await list('?q=e&limit=2&offset=2')
    expect(first.total).toBe(4)
    expect(second.total).toBe(4)
    expect(first.items).toHaveLength(2)
    expect(second.items).toHaveLength(2)
    const all = await list('?q=e')
    expect([...first.items, ...second.items].map((i) => i.id)).toEqual(all.items.map((i) => i.id))
    // An empty search is no filter.
    expect((await list('?q=')).total).toBe(4)
  })

  it('refuses a search longer than 100 characters (422)', async () => {
    expectProblem(await api.citizenGet(ingrid, `${P.ingridBerg.id}/threads?q=${'a'.repeat(101)}`), 422, 'validation-failed')
  })
})

describe('what is waiting, per person', () => {
  const waiting = async (headers: Headers): Promise<Waiting> => {
    const res = await t.app.inject({ method: 'GET', url: '/api/me/waiting', headers })
    expect(res.statusCode, res.body).toBe(200)
    return res.json<Waiting>()
  }

  it('Per sees his own (nothing) and Ingrid’s unread answer, and each read is on the audit log', async () => {
    const before = await auditHead(t.db)
    expect(await waiting(per)).toEqual({
      people: [
        { personId: P.perBerg.id, self: true, items: [{ kind: 'unread-messages', area: 'messages', count: 0 }] },
        { personId: P.ingridBerg.id, self: false, items: [{ kind: 'unread-messages', area: 'messages', count: 1 }] },
      ],
    })
    const rows = await auditRowsAfter(t.db, before)
    expect(rows.map((r) => [r.patient_person_id, r.resource_type, r.decision])).toEqual([
      [P.perBerg.id, 'citizen-waiting', 'allowed'],
      [P.ingridBerg.id, 'citizen-waiting', 'allowed'],
    ])
  })

  it('Kari gets Emma’s count, but none for Jonas: her reduced rights do not cover his messages', async () => {
    const emmaThread = (await api.citizenGet(kari, `${P.emmaNordmann.id}/threads`)).json<ThreadList>().items[0]
    if (!emmaThread) throw new Error('Emma has a thread')
    await answer(hanne, HEALTH_STATION, emmaThread.id, 'Velkommen til helsestasjonen på tirsdag.')
    const before = await auditHead(t.db)
    const summary = await waiting(kari)
    expect(summary.people.find((p) => p.personId === P.emmaNordmann.id)?.items).toEqual([{ kind: 'unread-messages', area: 'messages', count: 1 }])
    expect(summary.people.find((p) => p.personId === P.jonasNordmann.id)).toEqual({ personId: P.jonasNordmann.id, self: false, items: [] })
    const logged = (await auditRowsAfter(t.db, before)).map((r) => r.patient_person_id)
    expect(logged).toContain(P.emmaNordmann.id)
    expect(logged).not.toContain(P.jonasNordmann.id)
  })

  it('reading the answer takes it off the count', async () => {
    const thread = (await api.citizenGet(per, `${P.ingridBerg.id}/threads?q=koden`)).json<ThreadList>().items[0]
    if (!thread) throw new Error('the thread with the answer')
    expect((await api.citizenRead(per, P.ingridBerg.id, thread.id)).statusCode).toBe(204)
    expect((await waiting(per)).people.find((p) => p.personId === P.ingridBerg.id)?.items[0]?.count).toBe(0)
  })

  it('is for citizens: staff are refused, and nobody signed in is 401', async () => {
    expectProblem(await t.app.inject({ method: 'GET', url: '/api/me/waiting', headers: lise }), 403, 'forbidden')
    expectProblem(await t.app.inject({ method: 'GET', url: '/api/me/waiting' }), 401, 'unauthenticated')
  })
})
