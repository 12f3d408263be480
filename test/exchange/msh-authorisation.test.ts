// Who may do what on /msh: an EPJ acts for the HER-ids its organisation owns in the address registry, and sees a
// message only as its sender or as a receiver it was delivered to (API.md §2.1: 403 "Not authorized for HerId(s): …").
// Reads of messages about a patient are in the audit log, denied ones too.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DEMO } from '../../src/registry/demo/vestfold-demo.ts'
import { foresporsel, PARTY, TEST_PATIENT } from '../support/exchange-fixtures.ts'
import { startTestApp, type TestApp } from '../support/test-app.ts'
import { createdId, expectErrorMessage, messageCount, type MshClient, mshClient, mshHeaders, oasValidator, postMessageBody, epjOf } from './msh-test-support.ts'

const GP = PARTY.tonsbergFastlege.herId
const HOME = PARTY.tonsbergHjemmesykepleie.herId
const HORTEN_HOME = PARTY.hortenHjemmesykepleie.herId
/** Larvik kommune's home nursing: a third party to everything below. */
const LARVIK_ORGNR = '939901051'

let t: TestApp
let gp: MshClient
let home: MshClient
let larvik: MshClient
let larvikToken: string
const oas = oasValidator()

beforeAll(async () => {
  t = await startTestApp()
  gp = await epjOf(t, PARTY.tonsbergFastlege)
  home = await epjOf(t, PARTY.tonsbergHjemmesykepleie)
  larvikToken = await t.systemToken(LARVIK_ORGNR, ['samband/exchange'])
  larvik = mshClient(t, larvikToken)
}, 60_000)
afterAll(async () => t?.close())

/** A delivered message from the GP to Tønsberg's home nursing, about Kari Nordmann. */
async function delivered() {
  const doc = await foresporsel(t.db, GP, HOME)
  const id = createdId(await gp.post(doc.xml))
  await t.exchange.dispatcher.runOnce()
  return { id, doc }
}

const KARI = DEMO.people.kariNordmann.id

async function auditRowsFor(messageId: string) {
  return t.db.selectFrom('audit_log').selectAll().where('resource_type', '=', 'exchange_message').where('resource_id', '=', messageId).orderBy('seq').execute()
}

describe('HER-ids the caller does not own', () => {
  it('sending as another organisation\'s HER-id is 403 "Not authorized for HerId(s): …" and stores nothing', async () => {
    const before = await messageCount(t)
    // Tønsberg kommune's EPJ sends a document whose sender is the GP practice.
    const doc = await foresporsel(t.db, GP, HOME)
    const r = await home.post(doc.xml)
    const body = expectErrorMessage(r, 403, { oas })
    expect(body.error).toBe(`Not authorized for HerId(s): ${GP}`)
    // Nothing of the document (the patient) in the answer.
    expect(r.body).not.toContain(TEST_PATIENT.idents[0]?.id ?? '')
    expect(await messageCount(t)).toBe(before)
  })

  it("listing another organisation's ReceiverHerIds is 403 and names only those", async () => {
    const other = await larvik.list(`ReceiverHerIds=${HOME}`)
    expect(expectErrorMessage(other, 403, { oas }).error).toBe(`Not authorized for HerId(s): ${HOME}`)
    const mixed = await home.list(`ReceiverHerIds=${HOME}&ReceiverHerIds=${GP}&ReceiverHerIds=${HORTEN_HOME}`)
    expect(expectErrorMessage(mixed, 403, { oas }).error).toBe(`Not authorized for HerId(s): ${GP}, ${HORTEN_HOME}`)
    // A HER-id that nobody owns is not the caller's either.
    expect(expectErrorMessage(await home.list('ReceiverHerIds=999999'), 403, { oas }).error).toBe('Not authorized for HerId(s): 999999')
  })
})

describe('a message the caller is not party to', () => {
  it('cannot be read, marked read or answered by a third organisation', async () => {
    const { id } = await delivered()
    for (const suffix of ['', '/business-document', '/status', '/apprec']) {
      const r = await larvik.get(id, suffix)
      const body = expectErrorMessage(r, 403, { oas })
      expect(body.error).toMatch(/^Not authorized for this message/)
      // Neither the patient nor who is talking to whom.
      expect(r.body).not.toContain('Nordmann')
      expect(r.body).not.toContain(String(GP))
      expect(r.body).not.toContain(String(HOME))
    }
    // With the receiver's HER-id: not theirs to use.
    expect(expectErrorMessage(await larvik.read(id, HOME), 403, { oas }).error).toBe(`Not authorized for HerId(s): ${HOME}`)
    expect(expectErrorMessage(await larvik.appRec(id, HOME, { appRecStatus: 'Ok' }), 403, { oas }).error).toBe(`Not authorized for HerId(s): ${HOME}`)
    // With a HER-id of their own: not a receiver of this message.
    const larvikHome = 820251
    expectErrorMessage(await larvik.read(id, larvikHome), 404, { oas })
    expectErrorMessage(await larvik.appRec(id, larvikHome, { appRecStatus: 'Ok' }), 400, { errorCode: 1102, oas })

    // Nothing happened to the message: still unread and unanswered for the real receiver.
    expect((await home.list(`ReceiverHerIds=${HOME}&MessagesToFetch=100`)).json()).toContainEqual({ id, receiverHerId: HOME })
    expect((await gp.get(id, '/status')).json()).toEqual([{ receiverHerId: HOME, transportDeliveryState: 'Acknowledged', appRecStatus: null }])
  })

  it('the sender cannot mark read or answer on behalf of the receiver', async () => {
    const { id } = await delivered()
    expectErrorMessage(await gp.read(id, HOME), 403, { oas })
    expectErrorMessage(await gp.appRec(id, HOME, { appRecStatus: 'Ok' }), 403, { oas })
    // Its own HER-id is not a receiver.
    expectErrorMessage(await gp.appRec(id, GP, { appRecStatus: 'Ok' }), 400, { errorCode: 1102, oas })
  })

  it("another service of the receiver's own organisation is not a receiver either", async () => {
    const { id } = await delivered()
    const helsestasjon = PARTY.tonsbergHelsestasjon.herId
    expectErrorMessage(await home.read(id, helsestasjon), 404, { oas })
    expectErrorMessage(await home.appRec(id, helsestasjon, { appRecStatus: 'Ok' }), 400, { errorCode: 1102, oas })
  })
})

describe('credentials that are not an EPJ with the message scope', () => {
  it('a token without samband/exchange or nhn:msh/api is 403', async () => {
    const { id, doc } = await delivered()
    const token = await t.systemToken(PARTY.tonsbergHjemmesykepleie.orgnr, ['samband/registry.read', 'samband/patient.read'])
    const headers = mshHeaders(token)
    for (const request of [
      { method: 'GET' as const, url: `/msh/Messages?ReceiverHerIds=${HOME}` },
      { method: 'GET' as const, url: `/msh/Messages/${id}/business-document` },
      { method: 'PUT' as const, url: `/msh/Messages/${id}/read/${HOME}` },
      { method: 'POST' as const, url: `/msh/Messages/${id}/apprec/${HOME}`, payload: { appRecStatus: 'Ok' } },
      { method: 'POST' as const, url: '/msh/Messages', payload: postMessageBody(doc.xml) },
    ]) {
      const r = await t.app.inject({ ...request, headers })
      expectErrorMessage(r, 403, { oas })
    }
  })

  it('a citizen or staff portal session is refused on /msh, with or without its CSRF token', async () => {
    const { id } = await delivered()
    const citizen = await t.citizenSession(KARI)
    const staff = await t.staffSession(DEMO.staff.liseLund.id, DEMO.services.tonsbergHjemmesykepleie.id)
    for (const session of [citizen, staff]) {
      for (const withCsrf of [false, true]) {
        const headers = { 'api-version': '2', 'nhn-source-system': 'Browser', cookie: session.cookie, ...(withCsrf ? { 'x-csrf-token': session.csrf } : {}) }
        const list = await t.app.inject({ method: 'GET', url: `/msh/Messages?ReceiverHerIds=${HOME}`, headers })
        expectErrorMessage(list, 403, { oas })
        const bd = await t.app.inject({ method: 'GET', url: `/msh/Messages/${id}/business-document`, headers })
        expectErrorMessage(bd, 403, { oas })
        expect(bd.body).not.toContain('businessDocument"')
        const read = await t.app.inject({ method: 'PUT', url: `/msh/Messages/${id}/read/${HOME}`, headers })
        expectErrorMessage(read, 403, { oas })
      }
    }
    expect((await home.list(`ReceiverHerIds=${HOME}&MessagesToFetch=100`)).json()).toContainEqual({ id, receiverHerId: HOME })
  })
})

describe('audit log', () => {
  it('a denied read of a message about a patient is logged as denied, with the patient', async () => {
    const { id } = await delivered()
    expect(await auditRowsFor(id)).toEqual([])
    expectErrorMessage(await larvik.get(id, '/business-document'), 403)
    expectErrorMessage(await larvik.get(id), 403)
    const rows = await auditRowsFor(id)
    expect(rows).toHaveLength(2)
    for (const row of rows) {
      expect(row).toMatchObject({
        action: 'exchange.message.read',
        decision: 'denied',
        patient_person_id: KARI,
        actor_type: 'system',
        actor_id: `demo-epj-${LARVIK_ORGNR}`,
      })
    }
  })

  it('an allowed business-document read of a message about a patient is logged as allowed, for receiver and sender', async () => {
    const { id } = await delivered()
    await home.documentOf(id)
    await gp.documentOf(id)
    const rows = await auditRowsFor(id)
    expect(rows).toHaveLength(2)
    expect(rows.map((r) => [r.actor_id, r.decision, r.patient_person_id, r.action])).toEqual([
      [`demo-epj-${PARTY.tonsbergHjemmesykepleie.orgnr}`, 'allowed', KARI, 'exchange.message.read'],
      [`demo-epj-${PARTY.tonsbergFastlege.orgnr}`, 'allowed', KARI, 'exchange.message.read'],
    ])
    // The audit log holds who and which message, never the document: no national id, no text.
    expect(JSON.stringify(rows)).not.toContain(TEST_PATIENT.idents[0]?.id ?? '')
    // Kari can see these reads in her own access log.
    const kari = await t.citizenSession(KARI)
    const log = await t.app.inject({ method: 'GET', url: `/api/citizens/${KARI}/access-log`, headers: { cookie: kari.cookie } })
    expect(log.statusCode, log.body).toBe(200)
    // The log is grouped per day, organisation and actor, naming what was seen.
    const items = log.json<{ items: { seen: string[]; refused: boolean; organisation: { name: string } | null }[] }>().items
    for (const organisation of ['Tønsberg kommune', 'Tønsberg legesenter']) {
      expect(items).toContainEqual(
        expect.objectContaining({
          seen: expect.arrayContaining(['exchange_message']),
          refused: false,
          organisation: expect.objectContaining({ name: organisation }),
        }),
      )
    }
  })
})
