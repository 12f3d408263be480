// Issue 10, item 18 (and the staff side of item 10): staff give a citizen thread to a colleague in the same service
// (audited, shown in list and thread, filter "mine"), write internal notes citizens never see, keep the service's
// answer templates, and find conversations by text and by patient, paged; the thread says when it is overdue.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { seedDemoThreads } from '../../src/citizen/demo/vestfold-demo.threads.ts'
import { DEMO } from '../../src/registry/index.ts'
import { auditHead, auditRowsAfter, P, S, SV, sessionHeaders } from '../api/api-helpers.ts'
import { type TestApp, startTestApp } from '../support/test-app.ts'
import { addCareRelation } from './messaging-support.ts'

const HS = SV.tonsbergHjemmesykepleie.id
const BESOK = '00000000-0000-4000-8000-000000000801' // answered
const MEDISIN = '00000000-0000-4000-8000-000000000802' // overdue
const COLLEAGUE = '00000000-0000-4000-8000-000000000499'

let t: TestApp
let lise: Record<string, string>
let kari: Record<string, string>
let per: Record<string, string>
let colleague: Record<string, string>
let karisThread: string

type Summary = {
  id: string
  subject: string
  citizen: { personId: string; name: string }
  assignee: { staffId: string; name: string } | null
  messageCount: number
  lastMessageFrom: string
}
type List = { items: Summary[]; total: number }
type Detail = { id: string; overdue: boolean; assignee: { staffId: string; name: string } | null; notes: { authorName: string; body: string }[] }

beforeAll(async () => {
  t = await startTestApp()
  await seedDemoThreads(t.db, DEMO.now)
  // A second nurse in Tønsberg hjemmesykepleie (the demo has one), and Kari as one more of its patients.
  await t.db
    .insertInto('staff')
    .values({ id: COLLEAGUE, hpr_number: '9100099', national_id: '01017012345', given_name: 'Nina', family_name: 'Nygård', profession: 'sykepleier' })
    .execute()
  await t.db
    .insertInto('staff_membership')
    .values({ staff_id: COLLEAGUE, service_id: HS, roles: ['health_personnel'], valid_from: new Date('2020-01-01') })
    .execute()
  await addCareRelation(t, P.kariNordmann.id, HS)
  lise = sessionHeaders(await t.staffSession(S.liseLund.id, HS))
  colleague = sessionHeaders(await t.staffSession(COLLEAGUE, HS))
  kari = sessionHeaders(await t.citizenSession(P.kariNordmann.id))
  per = sessionHeaders(await t.citizenSession(P.perBerg.id))
  const started = await t.app.inject({
    method: 'POST',
    url: `/api/citizens/${P.kariNordmann.id}/threads`,
    headers: kari,
    payload: { serviceId: HS, subject: 'Trygghetsalarmen', body: 'Alarmen piper om natta.' },
  })
  expect(started.statusCode, started.body).toBe(201)
  karisThread = started.json<{ id: string }>().id
}, 60_000)
afterAll(async () => {
  await t?.close()
})

const list = async (headers: Record<string, string>, query: string): Promise<List> => {
  const res = await t.app.inject({ url: `/api/services/${HS}/threads?status=all&${query}`, headers })
  expect(res.statusCode, res.body).toBe(200)
  return res.json<List>()
}
const detail = async (id: string): Promise<Detail> => {
  const res = await t.app.inject({ url: `/api/services/${HS}/threads/${id}`, headers: lise })
  expect(res.statusCode, res.body).toBe(200)
  return res.json<Detail>()
}
const assign = (id: string, staffId: string | null, headers = lise) =>
  t.app.inject({ method: 'PUT', url: `/api/services/${HS}/threads/${id}/assignee`, headers, payload: { staffId } })

describe('assigning a thread', () => {
  it('gives it to a colleague of the same service, audited with the patient, shown in list and thread, and under "mine"', async () => {
    const head = await auditHead(t.db)
    const res = await assign(MEDISIN, COLLEAGUE)
    expect(res.statusCode, res.body).toBe(200)
    expect(res.json<Detail>().assignee).toMatchObject({ staffId: COLLEAGUE, name: 'Nina Nygård' })
    expect((await detail(MEDISIN)).assignee?.name).toBe('Nina Nygård')
    const rows = await auditRowsAfter(t.db, head)
    expect(rows.filter((r) => r.action === 'citizen-thread.assign')).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ patient_person_id: P.ingridBerg.id, resource_id: MEDISIN, actor_id: S.liseLund.id, decision: 'allowed' }),
      ]),
    )
    expect(rows.some((r) => r.reason?.includes(COLLEAGUE))).toBe(true)

    expect((await list(lise, '')).items.find((i) => i.id === MEDISIN)?.assignee?.name).toBe('Nina Nygård')
    expect((await list(colleague, 'assigned=mine')).items.map((i) => i.id)).toEqual([MEDISIN])
    expect((await list(lise, 'assigned=mine')).items).toEqual([])
    expect((await list(lise, 'assigned=none')).items.map((i) => i.id)).not.toContain(MEDISIN)
  })

  it('refuses staff of another service as assignee, and a citizen altogether', async () => {
    const res = await assign(BESOK, S.torTangen.id)
    expect(res.statusCode, res.body).toBe(422)
    expect((await detail(BESOK)).assignee).toBeNull()
    expect((await assign(BESOK, COLLEAGUE, per)).statusCode).toBe(403)
  })

  it('lists the colleagues a thread can be given to', async () => {
    const res = await t.app.inject({ url: `/api/services/${HS}/thread-assignees`, headers: lise })
    expect(res.statusCode, res.body).toBe(200)
    expect(res.json<{ items: { name: string }[] }>().items.map((i) => i.name)).toEqual(['Lise Lund', 'Nina Nygård'])
  })
})

describe('internal notes', () => {
  const NOTE = 'Ringte datteren, hun henter medisinlisten fredag.'

  it('are shown to staff with the thread and never to the citizen, nor sent to the EPJ', async () => {
    const before = await t.db.selectFrom('citizen_message').select('id').where('thread_id', '=', MEDISIN).execute()
    const res = await t.app.inject({ method: 'POST', url: `/api/services/${HS}/threads/${MEDISIN}/notes`, headers: lise, payload: { body: NOTE } })
    expect(res.statusCode, res.body).toBe(201)
    expect(res.json<Detail>().notes).toEqual([expect.objectContaining({ authorName: 'Lise Lund', body: NOTE })])

    for (const path of [`threads/${MEDISIN}`, 'threads']) {
      const seen = await t.app.inject({ url: `/api/citizens/${P.ingridBerg.id}/${path}`, headers: per })
      expect(seen.statusCode, seen.body).toBe(200)
      expect(seen.body).not.toContain(NOTE)
      expect(seen.body).not.toContain('notes')
    }
    // Nothing new waits for the bridge to the EPJ.
    const after = await t.db.selectFrom('citizen_message').select(['id', 'exchange_state']).where('thread_id', '=', MEDISIN).execute()
    expect(after).toHaveLength(before.length)
    expect(after.filter((m) => m.exchange_state === 'pending')).toEqual([])
  })

  it('refuse an empty note', async () => {
    const res = await t.app.inject({ method: 'POST', url: `/api/services/${HS}/threads/${MEDISIN}/notes`, headers: lise, payload: { body: '  ' } })
    expect(res.statusCode).toBe(422)
  })
})

describe('answer templates', () => {
  const base = `/api/services/${HS}/answer-templates`

  it('can be made, changed and deleted by staff of the service, and only seen by them', async () => {
    const made = await t.app.inject({ method: 'POST', url: base, headers: lise, payload: { title: 'Takk', body: 'Takk for meldingen. Vi ringer deg.' } })
    expect(made.statusCode, made.body).toBe(201)
    const id = made.json<{ id: string }>().id
    expect((await t.app.inject({ method: 'POST', url: base, headers: colleague, payload: { title: 'Takk', body: 'Igjen' } })).statusCode).toBe(409)

    const changed = await t.app.inject({ method: 'PUT', url: `${base}/${id}`, headers: colleague, payload: { title: 'Takk', body: 'Takk! Vi ringer i dag.' } })
    expect(changed.statusCode, changed.body).toBe(200)
    expect(changed.json()).toMatchObject({ body: 'Takk! Vi ringer i dag.', updatedByName: 'Nina Nygård' })
    const listed = await t.app.inject({ url: base, headers: lise })
    expect(listed.json<{ items: { title: string }[] }>().items.map((i) => i.title)).toEqual(['Takk'])

    const hanne = sessionHeaders(await t.staffSession(S.hanneHauge.id, SV.tonsbergHelsestasjon.id))
    expect((await t.app.inject({ url: base, headers: hanne })).statusCode).toBe(403)
    expect((await t.app.inject({ method: 'DELETE', url: `${base}/${id}`, headers: hanne })).statusCode).toBe(403)

    expect((await t.app.inject({ method: 'DELETE', url: `${base}/${id}`, headers: lise })).statusCode).toBe(204)
    expect((await t.app.inject({ url: base, headers: lise })).json<{ items: unknown[] }>().items).toEqual([])
  })
})

describe('the inbox as conversations', () => {
  it('shows each conversation with its number of messages and who wrote last', async () => {
    const items = (await list(lise, '')).items
    expect(items.find((i) => i.id === BESOK)).toMatchObject({ messageCount: 2, lastMessageFrom: 'service' })
    expect(items.find((i) => i.id === karisThread)).toMatchObject({ messageCount: 1, lastMessageFrom: 'citizen' })
  })

  it('finds conversations by subject or patient name, and filters per patient, paged', async () => {
    expect((await list(lise, 'q=alarm')).items.map((i) => i.id)).toEqual([karisThread])
    expect((await list(lise, 'q=INGRID')).items.map((i) => i.id).sort()).toEqual([BESOK, MEDISIN].sort())
    expect((await list(lise, 'q=50%25')).items).toEqual([])
    const ingrids = await list(lise, `patient=${P.ingridBerg.id}`)
    expect(ingrids.total).toBe(2)
    expect(new Set(ingrids.items.map((i) => i.citizen.personId))).toEqual(new Set([P.ingridBerg.id]))
    const first = await list(lise, `patient=${P.ingridBerg.id}&limit=1`)
    const second = await list(lise, `patient=${P.ingridBerg.id}&limit=1&offset=1`)
    expect([first.total, first.items.length, second.items.length]).toEqual([2, 1, 1])
    expect(first.items[0]?.id).not.toBe(second.items[0]?.id)
  })
})

describe('overdue on the thread page', () => {
  it('says so on the thread itself, by the server clock', async () => {
    expect((await detail(MEDISIN)).overdue).toBe(true)
    expect((await detail(BESOK)).overdue).toBe(false)
  })
})
