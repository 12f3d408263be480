import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { foresporsel, PARTY } from '../support/exchange-fixtures.ts'
import { startTestApp, type TestApp } from '../support/test-app.ts'

let t: TestApp
let gpToken: string
let municipalityToken: string

const headers = (token: string) => ({ authorization: `Bearer ${token}`, 'api-version': '2', 'nhn-source-system': 'Test EPJ 1.0' })

beforeAll(async () => {
  t = await startTestApp()
  // The scope an EPJ written for NHN asks for.
  gpToken = await t.systemToken(PARTY.tonsbergFastlege.orgnr, ['nhn:msh/api'])
  municipalityToken = await t.systemToken(PARTY.tonsbergHjemmesykepleie.orgnr, ['samband/exchange'])
})
afterAll(async () => t.close())

describe('/msh: send, receive, AppRec', () => {
  it('delivers a forespørsel from a GP to the home nursing service and returns its AppRec', async () => {
    const doc = await foresporsel(t.db, PARTY.tonsbergFastlege.herId, PARTY.tonsbergHjemmesykepleie.herId)
    const posted = await t.app.inject({
      method: 'POST',
      url: '/msh/Messages',
      headers: headers(gpToken),
      payload: { businessDocument: doc.base64, contentType: 'application/xml', contentTransferEncoding: 'base64' },
    })
    expect(posted.statusCode, posted.body).toBe(201)
    const id = posted.json() as string
    expect(posted.headers.location).toMatch(new RegExp(`/msh/Messages/${id}$`))

    await t.exchange.dispatcher.runOnce()
    const inbox = await t.app.inject({
      method: 'GET',
      url: `/msh/Messages?ReceiverHerIds=${PARTY.tonsbergHjemmesykepleie.herId}&IncludeMetadata=true`,
      headers: headers(municipalityToken),
    })
    expect(inbox.statusCode, inbox.body).toBe(200)
    const items = inbox.json() as { id: string; businessDocumentId: string; senderHerId: number; isAppRec: boolean }[]
    expect(items).toContainEqual(expect.objectContaining({ id, businessDocumentId: doc.msgId, senderHerId: PARTY.tonsbergFastlege.herId, isAppRec: false }))

    const bd = await t.app.inject({ method: 'GET', url: `/msh/Messages/${id}/business-document`, headers: headers(municipalityToken) })
    expect(bd.statusCode).toBe(200)
    expect(Buffer.from((bd.json() as { businessDocument: string }).businessDocument, 'base64').toString('utf8')).toBe(doc.xml)

    const read = await t.app.inject({
      method: 'PUT',
      url: `/msh/Messages/${id}/read/${PARTY.tonsbergHjemmesykepleie.herId}`,
      headers: headers(municipalityToken),
    })
    expect(read.statusCode).toBe(204)

    const apprec = await t.app.inject({
      method: 'POST',
      url: `/msh/Messages/${id}/apprec/${PARTY.tonsbergHjemmesykepleie.herId}`,
      headers: headers(municipalityToken),
      payload: { appRecStatus: 'Ok' },
    })
    expect(apprec.statusCode, apprec.body).toBe(201)

    const status = await t.app.inject({ method: 'GET', url: `/msh/Messages/${id}/status`, headers: headers(gpToken) })
    expect(status.json()).toEqual([{ receiverHerId: PARTY.tonsbergHjemmesykepleie.herId, transportDeliveryState: 'Acknowledged', appRecStatus: 'Ok' }])

    await t.exchange.dispatcher.runOnce()
    const gpInbox = await t.app.inject({
      method: 'GET',
      url: `/msh/Messages?ReceiverHerIds=${PARTY.tonsbergFastlege.herId}&IncludeMetadata=true`,
      headers: headers(gpToken),
    })
    expect(gpInbox.json()).toContainEqual(expect.objectContaining({ id: apprec.json(), isAppRec: true, senderHerId: PARTY.tonsbergHjemmesykepleie.herId }))
  })
})
