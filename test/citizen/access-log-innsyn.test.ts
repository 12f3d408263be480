// The citizen's access log (innsyn): one row per day, organisation, service, person and outcome with a count, paged,
// filtered by period and organisation, with the role and what was seen; refused attempts by others are there, marked;
// someone who acts for the person without the access-log area is told so.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { O, P, S, SV, expectProblem } from '../api/api-helpers.ts'
import { type TestApp, startTestApp } from '../support/test-app.ts'
import { addCareRelation, type Headers, messagingClient } from './messaging-support.ts'

type Entry = {
  day: string
  lastAt: string
  count: number
  organisation: { id: string; name: string } | null
  service: { name: string } | null
  actorName: string | null
  role: string
  seen: string[]
  refused: boolean
}
type Log = { items: Entry[]; total: number; offset: number; limit: number; organisations: { id: string; name: string }[] }

const HOME_CARE = SV.tonsbergHjemmesykepleie.id
let t: TestApp
let api: ReturnType<typeof messagingClient>
let ingrid: Headers
let thread: string

beforeAll(async () => {
  t = await startTestApp()
  api = messagingClient(t)
  ingrid = await api.citizen(P.ingridBerg.id)
  thread = (await api.startThread(ingrid, P.ingridBerg.id, { serviceId: HOME_CARE, subject: 'Besøk', body: 'Hei' })).json<{ id: string }>().id
  const lise = await api.staff(S.liseLund.id, HOME_CARE)
  for (let i = 0; i < 3; i++) expect((await api.serviceGet(lise, HOME_CARE, `/${thread}`)).statusCode).toBe(200)
  // Tor (Færder) tries the same thread twice and is refused.
  await addCareRelation(t, P.ingridBerg.id, SV.faerderHjemmesykepleie.id)
  const tor = await api.staff(S.torTangen.id, SV.faerderHjemmesykepleie.id)
  for (let i = 0; i < 2; i++) expect((await api.serviceGet(tor, HOME_CARE, `/${thread}`)).statusCode).toBe(403)
  // Per reads her threads with his fullmakt.
  expect((await api.citizenGet(await api.citizen(P.perBerg.id), `${P.ingridBerg.id}/threads/${thread}`)).statusCode).toBe(200)
}, 60_000)

afterAll(async () => {
  await t?.close()
})

const logOf = async (query = '', headers = ingrid) => {
  const r = await t.app.inject({ url: `/api/citizens/${P.ingridBerg.id}/access-log${query}`, headers })
  expect(r.statusCode, r.body).toBe(200)
  return r.json<Log>()
}

describe('the access log', () => {
  it('groups a day’s accesses by one person into one row with a count, role and what was seen', async () => {
    const { items } = await logOf()
    const liseRows = items.filter((i) => i.actorName === 'Lise Lund' && i.seen.includes('citizen-thread'))
    expect(liseRows).toEqual([
      expect.objectContaining({
        day: '2026-11-23',
        count: 3,
        role: 'health-personnel',
        service: { name: 'Hjemmesykepleien' },
        organisation: { id: O.tonsberg.id, name: 'Tønsberg kommune' },
        refused: false,
      }),
    ])
    expect(items).toContainEqual(expect.objectContaining({ actorName: 'Per Berg', role: 'fullmektig', seen: ['citizen-thread'], count: 1 }))
  })

  it('shows refused attempts by others, marked', async () => {
    const { items } = await logOf()
    expect(items).toContainEqual(expect.objectContaining({ actorName: 'Tor Tangen', refused: true, count: 2, seen: ['citizen-thread'] }))
  })

  it('filters by organisation and offers the organisations in the log', async () => {
    const all = await logOf()
    expect(all.organisations.map((o) => o.name)).toEqual(expect.arrayContaining(['Færder kommune', 'Tønsberg kommune']))
    const faerder = all.organisations.find((o) => o.name === 'Færder kommune')
    const only = await logOf(`?organisationId=${faerder?.id}`)
    expect(only.items.length).toBeGreaterThan(0)
    for (const item of only.items) expect(item.organisation?.name).toBe('Færder kommune')
  })

  it('filters by period (days in Oslo, both included)', async () => {
    expect((await logOf('?from=2026-11-23&to=2026-11-23')).items.length).toBeGreaterThan(0)
    expect(await logOf('?from=2026-11-24')).toMatchObject({ items: [], total: 0 })
    expect(await logOf('?to=2026-11-22')).toMatchObject({ items: [], total: 0 })
  })

  it('is paged: newest first, with the total number of rows', async () => {
    const all = await logOf('?limit=100')
    expect(all.total).toBe(all.items.length)
    expect(all.total).toBeGreaterThan(2)
    const second = await logOf('?offset=1&limit=1')
    expect(second).toMatchObject({ total: all.total, offset: 1, limit: 1 })
    expect(second.items).toEqual([all.items[1]])
  })

  it('someone acting for her without the access-log area is told so, not shown anything else', async () => {
    const per = await api.citizen(P.perBerg.id)
    const r = await t.app.inject({ url: `/api/citizens/${P.ingridBerg.id}/access-log`, headers: per })
    expect(expectProblem(r, 403, 'forbidden').detail).toBe('Du handler på vegne av denne personen, men fullmakten din omfatter ikke innsynsloggen.')
    // A stranger hears nothing of that.
    const kari = await api.citizen(P.kariNordmann.id)
    expect(expectProblem(await t.app.inject({ url: `/api/citizens/${P.ingridBerg.id}/access-log`, headers: kari }), 403, 'forbidden').detail).toBe(
      'Du har ikke tilgang til denne ressursen.',
    )
  })
})
