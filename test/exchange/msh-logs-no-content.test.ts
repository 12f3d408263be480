// The server's log while EPJs send, read, answer and get things wrong on /msh: it names requests, never the messages'
// content (the patient's national id and name, the dialog text, the AppRec's free text, the base64 document).
// The app is started as startTestApp starts it, with a log stream capturing every line at trace level.
import { Writable } from 'node:stream'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { volvenOid } from '../../src/exchange/messages/namespaces.ts'
import { DEMO } from '../../src/registry/index.ts'
import { foresporsel, PARTY, TEST_PATIENT } from '../support/exchange-fixtures.ts'
import { startTestApp, type TestApp } from '../support/test-app.ts'
import { appRecXmlFor, createdId, mshClient, mshHeaders } from './msh-test-support.ts'

const lines: string[] = []
const NATIONAL_ID = TEST_PATIENT.idents[0]?.id ?? ''
const DIALOG_TEXT = 'Pasienten har fått ny hjertemedisin og trenger oppfølging i helgen'
const APPREC_TEXT = 'Kari Nordmann er ikke kjent hos hjemmesykepleien'

let t: TestApp

beforeAll(async () => {
  const logStream = new Writable({
    write(chunk, _encoding, done) {
      lines.push(String(chunk))
      done()
    },
  })
  t = await startTestApp({ LOG_LEVEL: 'trace' }, () => DEMO.now, { logStream })
}, 60_000)
afterAll(async () => t?.close())

describe('/msh logs', () => {
  it('contain no national id, name, dialog text, AppRec text or document while messages flow and fail', async () => {
    const GP = PARTY.tonsbergFastlege.herId
    const HOME = PARTY.tonsbergHjemmesykepleie.herId
    const gpToken = await t.systemToken(PARTY.tonsbergFastlege.orgnr, ['samband/exchange'])
    const gp = mshClient(t, gpToken)
    const home = mshClient(t, await t.systemToken(PARTY.tonsbergHjemmesykepleie.orgnr, ['samband/exchange']))
    const larvik = mshClient(t, await t.systemToken('939901051', ['samband/exchange']))
    lines.length = 0

    // The whole flow, twice: once answered simply, once with an AppRec document.
    const doc = await foresporsel(t.db, GP, HOME, { text: DIALOG_TEXT })
    const id = createdId(await gp.post(doc.xml))
    const second = await foresporsel(t.db, GP, HOME, { text: DIALOG_TEXT })
    const secondId = createdId(await gp.post(second.xml))
    await t.exchange.dispatcher.runOnce()
    await home.inbox(HOME)
    await home.documentOf(id)
    await home.documentOf(secondId)
    expect((await home.read(id, HOME)).statusCode).toBe(204)
    createdId(await home.appRec(id, HOME, { appRecStatus: 'Rejected', appRecErrorList: [{ errorCode: 'E35', details: APPREC_TEXT }] }))
    createdId(await home.post(appRecXmlFor(second.xml, { status: 'rejected', errors: [{ code: 'E35', text: APPREC_TEXT }] }).xml))
    await t.exchange.dispatcher.runOnce()
    for (const item of await gp.inbox(GP)) await gp.documentOf(item.id)
    await gp.get(id, '/apprec')

    // An unknown receiver (Samband writes an E21 AppRec quoting the addressing).
    const unknown = { organisationName: 'Ukjent', idents: [{ id: '9999002', typeId: { v: 'HER', dn: 'HER-id', s: volvenOid(9051) } }] }
    createdId(await gp.post((await foresporsel(t.db, GP, 9999002, { text: DIALOG_TEXT, receiverOrganisation: unknown })).xml))

    // Failures, each with content where it hurts.
    const xml = (await foresporsel(t.db, GP, HOME, { text: DIALOG_TEXT })).xml
    const failures = [
      xml.replace(/<GenDate>[^<]*<\/GenDate>/, `<GenDate>${NATIONAL_ID}</GenDate>`),
      xml.replace('<FamilyName>', `<Diagnose>${DIALOG_TEXT}</Diagnose><FamilyName>`),
      xml.replace('</Sporsmal>', `${NATIONAL_ID}</Sporsmaal>`),
      xml.replace(/<MsgInfo>/, `<!DOCTYPE x [<!ENTITY e "${NATIONAL_ID}">]><MsgInfo>`),
      xml.replace(/<Type V="[^"]*"/, `<Type V="${NATIONAL_ID}"`),
    ]
    for (const bad of failures) expect((await gp.post(bad)).statusCode).toBe(400)
    expect((await home.post(doc.xml)).statusCode).toBe(403)
    expect((await larvik.get(id, '/business-document')).statusCode).toBe(403)
    const notJson = await t.app.inject({
      method: 'POST',
      url: '/msh/Messages',
      headers: { ...mshHeaders(gpToken), 'content-type': 'application/json' },
      payload: `{"businessDocument":"${NATIONAL_ID} ${DIALOG_TEXT}`,
    })
    expect(notJson.statusCode).toBe(400)
    const wrongField = await t.app.inject({
      method: 'POST',
      url: '/msh/Messages',
      headers: mshHeaders(gpToken),
      payload: { businessDocument: 'x', contentType: 'application/xml', contentTransferEncoding: 'base64', [NATIONAL_ID]: DIALOG_TEXT },
    })
    expect(wrongField.statusCode).toBe(400)
    const byQuery = await gp.list(`ReceiverHerIds=${GP}&BusinessDocumentId=${NATIONAL_ID}`)
    expect(byQuery.statusCode).toBe(200)

    await new Promise((resolve) => setTimeout(resolve, 50))
    const log = lines.join('')
    // The capture saw the traffic, so the absences below mean something.
    expect(log).toContain('"url":"/msh/Messages"')
    expect(log).toContain('"statusCode":400')
    expect(log).toContain(`/msh/Messages/${id}/business-document`)

    expect(log, 'national id').not.toContain(NATIONAL_ID)
    expect(log.match(/(?<![\w.-])\d{11}(?![\w.-])/g) ?? [], 'any 11-digit number').toEqual([])
    expect(log, 'family name').not.toContain('Nordmann')
    expect(log, 'dialog text').not.toContain('hjertemedisin')
    expect(log, 'AppRec text').not.toContain('ikke kjent hos')
    const base64 = Buffer.from(doc.xml, 'utf8').toString('base64')
    expect(log, 'the document, base64').not.toContain(base64.slice(200, 260))
    expect(log, 'the document, XML').not.toContain('<Sporsmal>')
    expect(log).not.toMatch(/Bearer\s+\S/)
  }, 60_000)
})
