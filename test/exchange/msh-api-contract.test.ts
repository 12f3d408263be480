// /msh against NHN's own OpenAPI document (MSH API v2, vendored byte-exact): every endpoint's success status and
// body shape, checked with the OAS schemas themselves, and the query conventions real clients rely on (API.md §3).
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { conformanceRoot } from '../../src/exchange/xml/conformance-files.ts'
import { foresporsel, PARTY } from '../support/exchange-fixtures.ts'
import { startTestApp, type TestApp } from '../support/test-app.ts'
import { createdId, expectErrorMessage, type InboxItem, type MshClient, mshClient, mshHeaders, OAS_BYTES, oasValidator, epjOf } from './msh-test-support.ts'

const FYSIO_TONSBERG = 820233
const HORTEN_HJEMMESYKEPLEIE = PARTY.hortenHjemmesykepleie.herId

let t: TestApp
let gp: MshClient
let tonsberg: MshClient
let horten: MshClient
let tonsbergToken: string
const oas = oasValidator()

beforeAll(async () => {
  t = await startTestApp()
  const gpToken = await t.systemToken(PARTY.tonsbergFastlege.orgnr, ['samband/exchange'])
  tonsbergToken = await t.systemToken(PARTY.tonsbergHjemmesykepleie.orgnr, ['samband/exchange'])
  gp = mshClient(t, gpToken)
  tonsberg = mshClient(t, tonsbergToken)
  horten = await epjOf(t, PARTY.hortenHjemmesykepleie)
}, 60_000)
afterAll(async () => t?.close())

/** Sends from the GP to `to` and waits for delivery; returns the id and the MsgId. */
async function send(to: number, options: Parameters<typeof foresporsel>[3] = {}) {
  const doc = await foresporsel(t.db, PARTY.tonsbergFastlege.herId, to, options)
  const id = createdId(await gp.post(doc.xml))
  return { id, msgId: doc.msgId, xml: doc.xml }
}

async function deliver() {
  await t.exchange.dispatcher.runOnce()
}

describe('GET /msh/openapi.json', () => {
  it("is NHN's document, byte for byte, without authentication", async () => {
    const r = await t.app.inject({ method: 'GET', url: '/msh/openapi.json' })
    expect(r.statusCode).toBe(200)
    expect(r.headers['content-type']).toMatch(/^application\/json/)
    const shared = readFileSync(join(conformanceRoot(), 'edi2', 'msh-api-v2.openapi.json'))
    expect(r.rawPayload.equals(OAS_BYTES())).toBe(true)
    expect(r.rawPayload.equals(shared)).toBe(true)
  })
})

describe('the success shapes of every endpoint (OAS schemas)', () => {
  it('POST /Messages: 201, the id as a JSON string, Location', async () => {
    const doc = await foresporsel(t.db, PARTY.tonsbergFastlege.herId, PARTY.tonsbergHjemmesykepleie.herId)
    const r = await gp.post(doc.xml)
    const id = createdId(r)
    oas.response('post', '/Messages', 201)(r.json())
    expect(r.headers.location).toBe(`${t.config.publicUrl}/msh/Messages/${id}`)
  })

  it('GET /Messages: only id and receiverHerId without IncludeMetadata; the OAS Message with it', async () => {
    await tonsberg.drain(FYSIO_TONSBERG)
    const sent = await send(FYSIO_TONSBERG, { genDate: '2025-03-01T08:00:00Z' })
    await deliver()

    const plain = await tonsberg.list(`ReceiverHerIds=${FYSIO_TONSBERG}`)
    expect(plain.statusCode, plain.body).toBe(200)
    oas.response('get', '/Messages', 200)(plain.json())
    expect(plain.json()).toEqual([{ id: sent.id, receiverHerId: FYSIO_TONSBERG }])

    for (const value of ['true', 'True', 'TRUE']) {
      const full = await tonsberg.list(`ReceiverHerIds=${FYSIO_TONSBERG}&IncludeMetadata=${value}`)
      expect(full.statusCode, full.body).toBe(200)
      oas.response('get', '/Messages', 200)(full.json())
      const [item] = full.json<InboxItem[]>()
      expect(Object.keys(item ?? {}).sort()).toEqual(oas.properties('Message').sort())
      expect(item).toEqual({
        id: sent.id,
        contentType: 'application/xml',
        receiverHerId: FYSIO_TONSBERG,
        senderHerId: PARTY.tonsbergFastlege.herId,
        businessDocumentId: sent.msgId,
        businessDocumentGenDate: expect.any(String),
        isAppRec: false,
      })
      expect(new Date(item?.businessDocumentGenDate ?? '').toISOString()).toBe('2025-03-01T08:00:00.000Z')
    }
    const notFull = await tonsberg.list(`ReceiverHerIds=${FYSIO_TONSBERG}&IncludeMetadata=false`)
    expect(notFull.json()).toEqual([{ id: sent.id, receiverHerId: FYSIO_TONSBERG }])
  })

  it('GET /Messages/{id}, …/business-document, …/status, …/apprec; PUT …/read: 204 without a body', async () => {
    const sent = await send(PARTY.tonsbergHjemmesykepleie.herId)
    await deliver()

    for (const client of [gp, tonsberg]) {
      const one = await client.get(sent.id)
      expect(one.statusCode, one.body).toBe(200)
      oas.response('get', '/Messages/{id}', 200)(one.json())
      expect(one.json()).toEqual({
        id: sent.id,
        contentType: 'application/xml',
        receiverHerId: PARTY.tonsbergHjemmesykepleie.herId,
        senderHerId: PARTY.tonsbergFastlege.herId,
        businessDocumentId: sent.msgId,
        businessDocumentGenDate: expect.any(String),
        isAppRec: false,
      })
    }

    const bd = await tonsberg.get(sent.id, '/business-document')
    expect(bd.statusCode, bd.body).toBe(200)
    oas.response('get', '/Messages/{id}/business-document', 200)(bd.json())
    expect(bd.json()).toEqual({
      businessDocument: Buffer.from(sent.xml, 'utf8').toString('base64'),
      contentType: 'application/xml',
      contentTransferEncoding: 'base64',
    })

    const status = await gp.get(sent.id, '/status')
    expect(status.statusCode, status.body).toBe(200)
    oas.response('get', '/Messages/{id}/status', 200)(status.json())
    expect(status.json()).toEqual([{ receiverHerId: PARTY.tonsbergHjemmesykepleie.herId, transportDeliveryState: 'Acknowledged', appRecStatus: null }])

    const before = await gp.get(sent.id, '/apprec')
    expect(before.statusCode, before.body).toBe(200)
    oas.response('get', '/Messages/{id}/apprec', 200)(before.json())
    expect(before.json()).toEqual([{ receiverHerId: PARTY.tonsbergHjemmesykepleie.herId, appRecStatus: null, appRecErrorList: null }])

    const read = await tonsberg.read(sent.id, PARTY.tonsbergHjemmesykepleie.herId)
    expect(read.statusCode, read.body).toBe(204)
    expect(read.body).toBe('')
    expect(read.headers['content-type']).toBeUndefined()
    // Marking read again is harmless (a retrying client).
    expect((await tonsberg.read(sent.id, PARTY.tonsbergHjemmesykepleie.herId)).statusCode).toBe(204)

    const answered = await tonsberg.appRec(sent.id, PARTY.tonsbergHjemmesykepleie.herId, { appRecStatus: 'Ok' })
    createdId(answered)
    oas.response('post', '/Messages/{id}/apprec/{appRecSenderHerId}', 201)(answered.json())

    const after = await gp.get(sent.id, '/apprec')
    oas.response('get', '/Messages/{id}/apprec', 200)(after.json())
    expect(after.json()).toEqual([{ receiverHerId: PARTY.tonsbergHjemmesykepleie.herId, appRecStatus: 'Ok', appRecErrorList: [] }])
    const statusAfter = await gp.get(sent.id, '/status')
    oas.response('get', '/Messages/{id}/status', 200)(statusAfter.json())
    expect(statusAfter.json()).toEqual([{ receiverHerId: PARTY.tonsbergHjemmesykepleie.herId, transportDeliveryState: 'Acknowledged', appRecStatus: 'Ok' }])

    // The AppRec is a message of its own; for it, only the transport state matters (OAS).
    const appRecStatus = await tonsberg.get(answered.json<string>(), '/status')
    expect(appRecStatus.statusCode, appRecStatus.body).toBe(200)
    oas.response('get', '/Messages/{id}/status', 200)(appRecStatus.json())
    expect(appRecStatus.json()).toEqual([expect.objectContaining({ receiverHerId: PARTY.tonsbergFastlege.herId })])
  })

  it('an unknown id is 404 "Could not find database document" on every endpoint, GUID casing and version bits aside', async () => {
    // Any 8-4-4-4-12 hex string is a GUID to .NET, not only RFC 9562 UUIDs.
    for (const id of ['5f5e94d5-d908-476b-a172-a241c52eddb6', '12345678-1234-1234-1234-123456789abc', 'ABCDEF01-2345-6789-ABCD-EF0123456789']) {
      for (const suffix of ['', '/business-document', '/status', '/apprec']) {
        const r = await gp.get(id, suffix)
        expect(expectErrorMessage(r, 404, { oas }).error).toBe('Could not find database document')
      }
      expectErrorMessage(await gp.read(id, PARTY.tonsbergFastlege.herId), 404, { oas })
      expectErrorMessage(await gp.appRec(id, PARTY.tonsbergFastlege.herId, { appRecStatus: 'Ok' }), 404, { oas })
    }
  })

  it('an id in upper case finds the message (GUIDs are case-insensitive)', async () => {
    const sent = await send(PARTY.tonsbergHjemmesykepleie.herId)
    const r = await gp.get(sent.id.toUpperCase(), '/status')
    expect(r.statusCode, r.body).toBe(200)
  })
})

describe('GET /Messages: paging, order and filters', () => {
  it('MessagesToFetch is 10 by default and 1–100; paging is by marking read', async () => {
    await tonsberg.drain(FYSIO_TONSBERG)
    const sent: string[] = []
    for (let i = 0; i < 12; i++) sent.push((await send(FYSIO_TONSBERG, { genDate: `2025-04-01T08:00:${String(i).padStart(2, '0')}Z` })).id)
    await deliver()

    const first = await tonsberg.list(`ReceiverHerIds=${FYSIO_TONSBERG}`)
    expect(first.json<unknown[]>()).toHaveLength(10)
    expect((await tonsberg.list(`ReceiverHerIds=${FYSIO_TONSBERG}&MessagesToFetch=1`)).json<unknown[]>()).toHaveLength(1)
    expect((await tonsberg.list(`ReceiverHerIds=${FYSIO_TONSBERG}&MessagesToFetch=100`)).json<unknown[]>()).toHaveLength(12)

    const seen: string[] = []
    for (;;) {
      const page = (await tonsberg.list(`ReceiverHerIds=${FYSIO_TONSBERG}&MessagesToFetch=5`)).json<{ id: string }[]>()
      if (page.length === 0) break
      expect(page.length).toBeLessThanOrEqual(5)
      for (const item of page) {
        expect(seen).not.toContain(item.id)
        seen.push(item.id)
        expect((await tonsberg.read(item.id, FYSIO_TONSBERG)).statusCode).toBe(204)
      }
    }
    // Oldest GenDate first, every message exactly once.
    expect(seen).toEqual(sent)
  })

  it('OrderBy: Ascending/Descending and 1/2 (the enum names in any case)', async () => {
    await tonsberg.drain(FYSIO_TONSBERG)
    const b = await send(FYSIO_TONSBERG, { genDate: '2025-05-02T08:00:00Z' })
    const a = await send(FYSIO_TONSBERG, { genDate: '2025-05-01T08:00:00Z' })
    const c = await send(FYSIO_TONSBERG, { genDate: '2025-05-03T08:00:00Z' })
    await deliver()
    const order = async (param: string) => (await tonsberg.list(`ReceiverHerIds=${FYSIO_TONSBERG}${param}`)).json<{ id: string }[]>().map((m) => m.id)
    const ascending = [a.id, b.id, c.id]
    const descending = [c.id, b.id, a.id]
    expect(await order('')).toEqual(ascending)
    expect(await order('&OrderBy=Ascending')).toEqual(ascending)
    expect(await order('&OrderBy=1')).toEqual(ascending)
    expect(await order('&OrderBy=Descending')).toEqual(descending)
    expect(await order('&OrderBy=2')).toEqual(descending)
    expect(await order('&OrderBy=descending')).toEqual(descending)
    expect(await order('&orderby=DESCENDING')).toEqual(descending)
    await tonsberg.drain(FYSIO_TONSBERG)
  })

  it('query names bind in any casing; ReceiverHerIds repeats, and a repeated HER-id counts once', async () => {
    await tonsberg.drain(FYSIO_TONSBERG)
    await tonsberg.drain(PARTY.tonsbergHjemmesykepleie.herId)
    const toFysio = await send(FYSIO_TONSBERG, { genDate: '2025-06-01T08:00:00Z' })
    const toHome = await send(PARTY.tonsbergHjemmesykepleie.herId, { genDate: '2025-06-02T08:00:00Z' })
    await deliver()

    const both = await tonsberg.list(`ReceiverHerIds=${FYSIO_TONSBERG}&ReceiverHerIds=${PARTY.tonsbergHjemmesykepleie.herId}`)
    expect(both.statusCode, both.body).toBe(200)
    expect(both.json()).toEqual([
      { id: toFysio.id, receiverHerId: FYSIO_TONSBERG },
      { id: toHome.id, receiverHerId: PARTY.tonsbergHjemmesykepleie.herId },
    ])
    for (const query of [
      `receiverHerIds=${FYSIO_TONSBERG}&includeMetadata=true&messagesToFetch=5&orderBy=Descending`,
      `RECEIVERHERIDS=${FYSIO_TONSBERG}&INCLUDEMETADATA=true&MESSAGESTOFETCH=5&ORDERBY=2`,
      `receiverherids=${FYSIO_TONSBERG}&includemetadata=true`,
    ]) {
      const r = await tonsberg.list(query)
      expect(r.statusCode, `${query}: ${r.body}`).toBe(200)
      expect(r.json()).toEqual([expect.objectContaining({ id: toFysio.id, senderHerId: PARTY.tonsbergFastlege.herId })])
    }
    // Mixed casing of the same name: all values are taken.
    const mixed = await tonsberg.list(`ReceiverHerIds=${FYSIO_TONSBERG}&receiverHerIds=${PARTY.tonsbergHjemmesykepleie.herId}`)
    expect(mixed.json<unknown[]>()).toHaveLength(2)
    // NHN binds ReceiverHerIds to a set (uniqueItems): the same HER-id twice lists each message once.
    const repeated = await tonsberg.list(`ReceiverHerIds=${FYSIO_TONSBERG}&ReceiverHerIds=${FYSIO_TONSBERG}`)
    expect(repeated.statusCode, repeated.body).toBe(200)
    expect(repeated.json()).toEqual([{ id: toFysio.id, receiverHerId: FYSIO_TONSBERG }])
    await tonsberg.drain(FYSIO_TONSBERG)
    await tonsberg.drain(PARTY.tonsbergHjemmesykepleie.herId)
  })

  it('SenderHerId and BusinessDocumentId filter the unread list', async () => {
    await tonsberg.drain(FYSIO_TONSBERG)
    const fromGp = await send(FYSIO_TONSBERG)
    const hortenDoc = await foresporsel(t.db, HORTEN_HJEMMESYKEPLEIE, FYSIO_TONSBERG)
    const fromHorten = createdId(await horten.post(hortenDoc.xml))
    await deliver()

    const byGp = await tonsberg.list(`ReceiverHerIds=${FYSIO_TONSBERG}&SenderHerId=${PARTY.tonsbergFastlege.herId}`)
    expect(byGp.json()).toEqual([{ id: fromGp.id, receiverHerId: FYSIO_TONSBERG }])
    const byHorten = await tonsberg.list(`ReceiverHerIds=${FYSIO_TONSBERG}&SenderHerId=${HORTEN_HJEMMESYKEPLEIE}`)
    expect(byHorten.json()).toEqual([{ id: fromHorten, receiverHerId: FYSIO_TONSBERG }])
    const byMsgId = await tonsberg.list(`ReceiverHerIds=${FYSIO_TONSBERG}&BusinessDocumentId=${hortenDoc.msgId}`)
    expect(byMsgId.json()).toEqual([{ id: fromHorten, receiverHerId: FYSIO_TONSBERG }])
    const none = await tonsberg.list(`ReceiverHerIds=${FYSIO_TONSBERG}&BusinessDocumentId=00000000-0000-0000-0000-000000000000`)
    expect(none.statusCode).toBe(200)
    expect(none.json()).toEqual([])
    await tonsberg.drain(FYSIO_TONSBERG)
  })
})

describe('spellings: v1 paths and lower-case /msh/messages', () => {
  it('api-version 1 paths (/BusinessDocument, /Read, /Status, /Apprec) and lower-case paths answer as v2', async () => {
    const sent = await send(PARTY.tonsbergHjemmesykepleie.herId)
    await deliver()
    const v1 = (token: string) => mshHeaders(token, { 'api-version': '1' })

    const bd = await t.app.inject({ method: 'GET', url: `/msh/Messages/${sent.id}/BusinessDocument`, headers: v1(tonsbergToken) })
    expect(bd.statusCode, bd.body).toBe(200)
    oas.response('get', '/Messages/{id}/business-document', 200)(bd.json())
    const lower = await t.app.inject({ method: 'GET', url: `/msh/messages/${sent.id}/business-document`, headers: mshHeaders(tonsbergToken) })
    expect(lower.statusCode, lower.body).toBe(200)
    expect(lower.json()).toEqual(bd.json())

    const status = await t.app.inject({ method: 'GET', url: `/msh/Messages/${sent.id}/Status`, headers: v1(tonsbergToken) })
    expect(status.statusCode, status.body).toBe(200)
    oas.response('get', '/Messages/{id}/status', 200)(status.json())

    const list = await t.app.inject({
      method: 'GET',
      url: `/msh/messages?ReceiverHerIds=${PARTY.tonsbergHjemmesykepleie.herId}&MessagesToFetch=100`,
      headers: v1(tonsbergToken),
    })
    expect(list.statusCode, list.body).toBe(200)
    expect(list.json()).toContainEqual({ id: sent.id, receiverHerId: PARTY.tonsbergHjemmesykepleie.herId })

    const read = await t.app.inject({ method: 'PUT', url: `/msh/Messages/${sent.id}/Read/${PARTY.tonsbergHjemmesykepleie.herId}`, headers: v1(tonsbergToken) })
    expect(read.statusCode, read.body).toBe(204)
    expect(read.body).toBe('')

    const appRec = await t.app.inject({
      method: 'POST',
      url: `/msh/Messages/${sent.id}/Apprec/${PARTY.tonsbergHjemmesykepleie.herId}`,
      headers: v1(tonsbergToken),
      payload: { appRecStatus: '1' },
    })
    createdId(appRec)

    const sentLower = await send(PARTY.tonsbergHjemmesykepleie.herId)
    await deliver()
    const readLower = await t.app.inject({
      method: 'PUT',
      url: `/msh/messages/${sentLower.id}/read/${PARTY.tonsbergHjemmesykepleie.herId}`,
      headers: mshHeaders(tonsbergToken),
    })
    expect(readLower.statusCode, readLower.body).toBe(204)
    const appRecLower = await t.app.inject({
      method: 'POST',
      url: `/msh/messages/${sentLower.id}/apprec/${PARTY.tonsbergHjemmesykepleie.herId}`,
      headers: mshHeaders(tonsbergToken),
      payload: { appRecStatus: 'Ok' },
    })
    createdId(appRecLower)
    const postLower = await t.app.inject({
      method: 'POST',
      url: '/msh/messages',
      headers: mshHeaders(tonsbergToken),
      payload: {
        businessDocument: Buffer.from((await foresporsel(t.db, PARTY.tonsbergHjemmesykepleie.herId, PARTY.tonsbergFastlege.herId)).xml).toString('base64'),
        contentType: 'application/xml',
        contentTransferEncoding: 'base64',
      },
    })
    createdId(postLower)
  })

  it('a path the API does not have is a 404 ErrorMessage', async () => {
    const r = await t.app.inject({ method: 'GET', url: '/msh/Messages/5f5e94d5-d908-476b-a172-a241c52eddb6/nothing', headers: mshHeaders(tonsbergToken) })
    expectErrorMessage(r, 404, { oas })
    const d = await t.app.inject({ method: 'DELETE', url: '/msh/Messages/5f5e94d5-d908-476b-a172-a241c52eddb6', headers: mshHeaders(tonsbergToken) })
    expect([404, 405]).toContain(d.statusCode)
    expectErrorMessage(d, d.statusCode, { oas })
  })
})
