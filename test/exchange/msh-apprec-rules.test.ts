// AppRecs on /msh (RULES.md §3, API.md §3.8): an AppRec arrives either through the simplified endpoint or as an AppRec
// document POSTed like any other; either way it settles the original for that receiver, it is final (one per
// receiver), it must answer a message Samband has, and never another AppRec.
import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { AppRecMessage } from '../../src/exchange/messages/message.types.ts'
import { hcpHerIds } from '../../src/exchange/messages/message-summary.ts'
import { volvenOid } from '../../src/exchange/messages/namespaces.ts'
import { writeAppRec } from '../../src/exchange/messages/apprec.writer.ts'
import type { XsdValidator } from '../../src/exchange/xml/xsd-validator.ts'
import { foresporsel, organisationOf, PARTY } from '../support/exchange-fixtures.ts'
import { startTestApp, type TestApp } from '../support/test-app.ts'
import {
  appRecXmlFor,
  createdId,
  expectErrorMessage,
  messageCount,
  type MshClient,
  oasValidator,
  readMessage,
  epjOf,
  appRecSchemas,
} from './msh-test-support.ts'

const GP = PARTY.tonsbergFastlege.herId
const HOME = PARTY.tonsbergHjemmesykepleie.herId
const HORTEN_HOME = PARTY.hortenHjemmesykepleie.herId

let t: TestApp
let gp: MshClient
let home: MshClient
let horten: MshClient
let xsd: XsdValidator
const oas = oasValidator()

beforeAll(async () => {
  t = await startTestApp()
  gp = await epjOf(t, PARTY.tonsbergFastlege)
  home = await epjOf(t, PARTY.tonsbergHjemmesykepleie)
  horten = await epjOf(t, PARTY.hortenHjemmesykepleie)
  xsd = await appRecSchemas()
}, 60_000)
afterAll(async () => t?.close())

const deliver = () => t.exchange.dispatcher.runOnce()

/** A forespørsel from the GP, delivered to Tønsberg's home nursing. */
async function delivered() {
  const doc = await foresporsel(t.db, GP, HOME)
  const id = createdId(await gp.post(doc.xml))
  await deliver()
  return { id, ...doc }
}

const status = async (id: string) => (await gp.get(id, '/status')).json()
const appRecInfo = async (id: string) => {
  const r = await gp.get(id, '/apprec')
  oas.response('get', '/Messages/{id}/apprec', 200)(r.json())
  return r.json()
}

describe('an AppRec document POSTed to /msh/Messages', () => {
  it('settles the original (matched by OriginalMsgId) and reaches the original sender', async () => {
    await gp.drain(GP)
    const original = await delivered()
    const appRec = appRecXmlFor(original.xml, { status: 'ok' })
    const appRecMessageId = createdId(await home.post(appRec.xml))

    expect(await status(original.id)).toEqual([{ receiverHerId: HOME, transportDeliveryState: 'Acknowledged', appRecStatus: 'Ok' }])
    expect(await appRecInfo(original.id)).toEqual([{ receiverHerId: HOME, appRecStatus: 'Ok', appRecErrorList: [] }])

    await deliver()
    const inbox = await gp.inbox(GP)
    expect(inbox).toEqual([
      expect.objectContaining({ id: appRecMessageId, isAppRec: true, senderHerId: HOME, receiverHerId: GP, businessDocumentId: appRec.id }),
    ])
    // What the GP downloads is the AppRec exactly as the home nursing's EPJ wrote it.
    expect((await gp.documentOf(appRecMessageId)).toString('utf8')).toBe(appRec.xml)
    // Sent again (a retry): the same id, nothing settled twice.
    expect(createdId(await home.post(appRec.xml))).toBe(appRecMessageId)
  })

  it('a Rejected AppRec document carries its errors into status and …/apprec', async () => {
    const original = await delivered()
    const appRec = appRecXmlFor(original.xml, { status: 'rejected', errors: [{ code: 'E35', text: 'Pasienten er ukjent hos mottaker' }, { code: 'X99' }] })
    createdId(await home.post(appRec.xml))
    expect(await status(original.id)).toEqual([{ receiverHerId: HOME, transportDeliveryState: 'Acknowledged', appRecStatus: 'Rejected' }])
    expect(await appRecInfo(original.id)).toEqual([
      {
        receiverHerId: HOME,
        appRecStatus: 'Rejected',
        appRecErrorList: [
          { errorCode: 'E35', details: 'Pasienten er ukjent hos mottaker', description: expect.any(String), oid: volvenOid(8221) },
          { errorCode: 'X99', details: null, description: 'Annen feil', oid: volvenOid(8221) },
        ],
      },
    ])
  })

  it('an AppRec for a message Samband does not have is 400, and nothing is stored', async () => {
    const never = await foresporsel(t.db, GP, HOME)
    const before = await messageCount(t)
    const r = expectErrorMessage(await home.post(appRecXmlFor(never.xml, { status: 'ok' }).xml), 400, { oas })
    expect(r.validationErrors?.join(' ') ?? r.error).toMatch(/OriginalMsgId|has not received/)
    expect(await messageCount(t)).toBe(before)
  })

  it('an AppRec from a party that is not a receiver of the original is refused', async () => {
    const original = await delivered()
    // Horten writes an AppRec as if it were a copy receiver of a message it never got.
    const fake = appRecXmlFor(original.xml, { status: 'ok' }, await organisationOf(t.db, HORTEN_HOME))
    const before = await messageCount(t)
    expectErrorMessage(await horten.post(fake.xml), 400, { errorCode: 1102, oas })
    // The real receiver's AppRec, posted by someone else's EPJ.
    expectErrorMessage(await horten.post(appRecXmlFor(original.xml, { status: 'ok' }).xml), 403, { oas })
    expect(await messageCount(t)).toBe(before)
    expect(await status(original.id)).toEqual([{ receiverHerId: HOME, transportDeliveryState: 'Acknowledged', appRecStatus: null }])
  })
})

describe('one final AppRec per receiver', () => {
  const routes = {
    simplified: async (original: { id: string }, body: object) => home.appRec(original.id, HOME, body),
    document: async (original: { xml: string }, body: { appRecStatus: string }) =>
      home.post(
        appRecXmlFor(original.xml, body.appRecStatus === 'Ok' ? { status: 'ok' } : { status: 'rejected', errors: [{ code: 'E35', text: 'Ukjent pasient' }] })
          .xml,
      ),
  }
  for (const first of ['simplified', 'document'] as const) {
    for (const second of ['simplified', 'document'] as const) {
      it(`a second AppRec (${first}, then ${second}) is 400 and the first stands`, async () => {
        const original = await delivered()
        createdId(await routes[first](original, { appRecStatus: 'Ok' }))
        const before = await messageCount(t)
        const again = await routes[second](original, { appRecStatus: 'Rejected', appRecErrorList: [{ errorCode: 'E35', details: 'Ukjent pasient' }] } as {
          appRecStatus: string
        })
        expectErrorMessage(again, 400, { oas })
        expect(await messageCount(t)).toBe(before)
        expect(await status(original.id)).toEqual([{ receiverHerId: HOME, transportDeliveryState: 'Acknowledged', appRecStatus: 'Ok' }])
        expect(await appRecInfo(original.id)).toEqual([{ receiverHerId: HOME, appRecStatus: 'Ok', appRecErrorList: [] }])
      })
    }
  }
})

describe('no AppRec about an AppRec', () => {
  it('neither through the simplified endpoint (1100) nor as a document', async () => {
    await gp.drain(GP)
    const original = await delivered()
    createdId(await home.appRec(original.id, HOME, { appRecStatus: 'Ok' }))
    await deliver()
    const [received] = (await gp.inbox(GP)).filter((i) => i.isAppRec)
    expect(received).toBeDefined()
    const appRecId = received?.id ?? ''

    expectErrorMessage(await gp.appRec(appRecId, GP, { appRecStatus: 'Ok' }), 400, { errorCode: 1100, oas })

    // The GP's EPJ writes an AppRec answering the AppRec (mirrored, OriginalMsgId = the AppRec's Id).
    const theirs = (readMessage(await gp.documentOf(appRecId)) as AppRecMessage).appRec
    const xml = writeAppRec({
      version: '1.1',
      id: randomUUID(),
      genDate: new Date().toISOString(),
      sender: { role: { v: 'PRIM', dn: 'Primærmottaker' }, hcp: theirs.receiver.hcp },
      receiver: { role: { v: 'AVS', dn: 'Avsender' }, hcp: theirs.sender.hcp },
      status: '1',
      originalMsgId: { msgType: { v: 'APPREC', dn: 'Applikasjonskvittering' }, issueDate: theirs.genDate, id: theirs.id },
    })
    const before = await messageCount(t)
    expectErrorMessage(await gp.post(xml), 400, { errorCode: 1100, oas })
    expect(await messageCount(t)).toBe(before)
  })
})

describe('the simplified AppRec', () => {
  it('Rejected with errors: status Rejected, the errors listed, and the AppRec Samband writes validates and mirrors the addressing', async () => {
    await gp.drain(GP)
    const original = await delivered()
    const r = await home.appRec(original.id, HOME, {
      appRecStatus: 'Rejected',
      appRecErrorList: [{ errorCode: 'E35', details: 'Pasienten er ukjent hos oss' }, { errorCode: 'E36' }],
    })
    const appRecMessageId = createdId(r)
    expect(await status(original.id)).toEqual([{ receiverHerId: HOME, transportDeliveryState: 'Acknowledged', appRecStatus: 'Rejected' }])
    expect(await appRecInfo(original.id)).toEqual([
      {
        receiverHerId: HOME,
        appRecStatus: 'Rejected',
        appRecErrorList: [
          { errorCode: 'E35', details: 'Pasienten er ukjent hos oss', description: expect.any(String), oid: volvenOid(8221) },
          { errorCode: 'E36', details: null, description: expect.any(String), oid: volvenOid(8221) },
        ],
      },
    ])

    await deliver()
    const xml = (await gp.documentOf(appRecMessageId)).toString('utf8')
    const [result] = await xsd.validate([{ name: 'apprec.xml', xml }])
    expect(result?.errors).toEqual([])
    const appRec = (readMessage(xml) as AppRecMessage).appRec
    expect(appRec.version).toBe('1.1')
    expect(appRec.status.v).toBe('2')
    expect(appRec.errors.map((e) => [e.v, e.ot])).toEqual([
      ['E35', 'Pasienten er ukjent hos oss'],
      ['E36', undefined],
    ])
    expect(appRec.sender.role?.v).toBe('PRIM')
    expect(hcpHerIds(appRec.sender.hcp)).toEqual(['810104', String(HOME)])
    expect(appRec.receiver.role?.v).toBe('AVS')
    expect(hcpHerIds(appRec.receiver.hcp)).toEqual([String(PARTY.tonsbergLegesenter.herId), String(GP)])
    expect(appRec.originalMsgId).toEqual({ msgType: expect.objectContaining({ v: 'DIALOG_FORESPORSEL' }), issueDate: expect.any(String), id: original.msgId })
    // Numeric status codes as NAV sends them are the same thing.
    const other = await delivered()
    createdId(await home.appRec(other.id, HOME, { appRecStatus: '2', appRecErrorList: [{ errorCode: 'E21', details: null }] }))
    expect(await status(other.id)).toEqual([{ receiverHerId: HOME, transportDeliveryState: 'Acknowledged', appRecStatus: 'Rejected' }])
  })
})
