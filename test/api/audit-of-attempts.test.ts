// Every access to, or attempt on, a person's data is in the audit log with that person: a 404 for another person's
// thread or attachment under a URL the caller may use, /msh marking read and AppRec refused for a HER-id that is not
// the client's, staff and EPJ refused on /api/services/…, and the staff thread list with the patients it shows.
import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DEMO } from '../../src/registry/demo/vestfold-demo.ts'
import { type Headers, messagingClient } from '../citizen/messaging-support.ts'
import { createdId, epjOf, expectErrorMessage, type MshClient, mshClient } from '../exchange/msh-test-support.ts'
import { foresporsel, PARTY } from '../support/exchange-fixtures.ts'
import { type TestApp, startTestApp } from '../support/test-app.ts'
import { auditHead, auditRowsAfter, expectProblem, O, P, S, SV } from './api-helpers.ts'

const HOME_CARE = SV.tonsbergHjemmesykepleie.id
/** Ingrid's thread with Tønsberg home nursing, and Odd Dahl's with Færder home nursing. */
let INGRIDS_THREAD: string
let ODDS_THREAD: string

let t: TestApp
let api: ReturnType<typeof messagingClient>
let per: Headers

beforeAll(async () => {
  t = await startTestApp()
  api = messagingClient(t)
  // Per acts for Ingrid (her fullmakt), and for nobody else.
  per = await api.citizen(P.perBerg.id)
  const start = async (personId: string, serviceId: string) => {
    const r = await api.startThread(await api.citizen(personId), personId, { serviceId, subject: 'Besøk', body: 'Hei' })
    expect(r.statusCode, r.body).toBe(201)
    return r.json<{ id: string }>().id
  }
  INGRIDS_THREAD = await start(P.ingridBerg.id, HOME_CARE)
  ODDS_THREAD = await start(P.oddDahl.id, SV.faerderHjemmesykepleie.id)
}, 60_000)

afterAll(async () => {
  await t?.close()
})

const summary = (rows: Awaited<ReturnType<typeof auditRowsAfter>>) =>
  rows.map((r) => ({ actor: r.actor_id, patient: r.patient_person_id, decision: r.decision, basis: r.decision_basis }))

describe('a 404 under a person the caller may act for', () => {
  it('another person’s thread and attachment: logged as refused, with that person', async () => {
    const head = await auditHead(t.db)
    expectProblem(await api.citizenGet(per, `${P.ingridBerg.id}/threads/${ODDS_THREAD}`), 404, 'not-found')
    expectProblem(await api.citizenGet(per, `${P.ingridBerg.id}/threads/${ODDS_THREAD}/attachments/${randomUUID()}`), 404, 'not-found')
    expect(summary(await auditRowsAfter(t.db, head))).toEqual([
      { actor: P.perBerg.id, patient: P.oddDahl.id, decision: 'denied', basis: 'no-basis' },
      { actor: P.perBerg.id, patient: P.oddDahl.id, decision: 'denied', basis: 'no-basis' },
    ])
  })

  it('a thread that is nobody’s: logged as refused, with the person the URL names', async () => {
    const head = await auditHead(t.db)
    expectProblem(await api.citizenGet(per, `${P.ingridBerg.id}/threads/${randomUUID()}`), 404, 'not-found')
    expect(summary(await auditRowsAfter(t.db, head))).toEqual([
      { actor: P.perBerg.id, patient: P.ingridBerg.id, decision: 'denied', basis: 'no-such-resource' },
    ])
  })

  it('the answer is the same 404 as for a thread that does not exist', async () => {
    const other = await api.citizenGet(per, `${P.ingridBerg.id}/threads/${ODDS_THREAD}`)
    const none = await api.citizenGet(per, `${P.ingridBerg.id}/threads/${randomUUID()}`)
    expect(other.json().detail).toBe(none.json().detail)
  })
})

describe('staff and EPJ refused on /api/services/…', () => {
  it('staff of another service opening a thread: the refusal names the patient', async () => {
    const tor = await api.staff(S.torTangen.id, SV.faerderHjemmesykepleie.id)
    const head = await auditHead(t.db)
    expectProblem(await api.serviceGet(tor, HOME_CARE, `/${INGRIDS_THREAD}`), 403, 'forbidden')
    // Under his own service the thread does not exist; the attempt is on Ingrid's data all the same.
    expectProblem(await api.serviceGet(tor, SV.faerderHjemmesykepleie.id, `/${INGRIDS_THREAD}`), 404, 'not-found')
    const rows = summary(await auditRowsAfter(t.db, head))
    expect(rows).toEqual([
      { actor: S.torTangen.id, patient: P.ingridBerg.id, decision: 'denied', basis: 'other-service' },
      { actor: S.torTangen.id, patient: P.ingridBerg.id, decision: 'denied', basis: 'no-such-resource' },
    ])
  })

  it('another organisation’s EPJ opening a thread: the refusal names the patient', async () => {
    const epj = await api.system(O.faerder.organisationNumber)
    const head = await auditHead(t.db)
    expectProblem(await api.serviceGet(epj, HOME_CARE, `/${INGRIDS_THREAD}`), 403, 'forbidden')
    const rows = await auditRowsAfter(t.db, head)
    expect(rows.map((r) => [r.actor_type, r.patient_person_id, r.decision])).toEqual([['system', P.ingridBerg.id, 'denied']])
  })

  it('staff asking for an assigned fullmakt of a service they do not act for: the refusal names the person', async () => {
    const tor = await api.staff(S.torTangen.id, SV.faerderHjemmesykepleie.id)
    const head = await auditHead(t.db)
    const r = await t.app.inject({
      method: 'POST',
      url: `/api/services/${HOME_CARE}/assigned-fullmakter/search`,
      headers: tor,
      payload: { giverNationalId: P.ingridBerg.nationalId },
    })
    expectProblem(r, 403, 'forbidden')
    expect(summary(await auditRowsAfter(t.db, head))).toEqual([{ actor: S.torTangen.id, patient: P.ingridBerg.id, decision: 'denied', basis: 'other-service' }])
  })
})

describe('the staff thread list', () => {
  it('is logged with each patient it shows, one row per patient', async () => {
    const lise = await api.staff(S.liseLund.id, HOME_CARE)
    const head = await auditHead(t.db)
    const list = await api.serviceGet(lise, HOME_CARE)
    expect(list.statusCode).toBe(200)
    const shown = [...new Set(list.json<{ items: { citizen: { personId: string } }[] }>().items.map((i) => i.citizen.personId))].sort()
    expect(shown.length).toBeGreaterThan(0)
    const rows = await auditRowsAfter(t.db, head)
    expect(rows.map((r) => r.patient_person_id).sort()).toEqual(shown)
    for (const row of rows) expect(row).toMatchObject({ actor_id: S.liseLund.id, resource_type: 'citizen-thread-list', decision: 'allowed' })
  })
})

describe('/msh refused for a HER-id that is not the client’s', () => {
  let gp: MshClient
  let larvik: MshClient
  const GP = PARTY.tonsbergFastlege.herId
  const HOME = PARTY.tonsbergHjemmesykepleie.herId

  beforeAll(async () => {
    gp = await epjOf(t, PARTY.tonsbergFastlege)
    larvik = mshClient(t, await t.systemToken('939901051', ['samband/exchange']))
  })

  it('marking read and AppRec are logged as refused, with the message’s patient', async () => {
    const doc = await foresporsel(t.db, GP, HOME)
    const id = createdId(await gp.post(doc.xml))
    await t.exchange.dispatcher.runOnce()
    const head = await auditHead(t.db)
    expectErrorMessage(await larvik.read(id, HOME), 403)
    expectErrorMessage(await larvik.appRec(id, HOME, { appRecStatus: 'Ok' }), 403)
    const rows = await auditRowsAfter(t.db, head)
    expect(rows.map((r) => [r.action, r.resource_id, r.patient_person_id, r.decision])).toEqual([
      ['her-id:write', id, DEMO.people.kariNordmann.id, 'denied'],
      ['her-id:write', id, DEMO.people.kariNordmann.id, 'denied'],
    ])
  })
})
