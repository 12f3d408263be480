import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { AppRecMessage } from '../../src/exchange/messages/message.types.ts'
import type { Organisation } from '../../src/exchange/messages/msg-head.types.ts'
import { hcpHerIds } from '../../src/exchange/messages/message-summary.ts'
import { volvenOid } from '../../src/exchange/messages/namespaces.ts'
import { readConformanceSample } from '../../src/exchange/xml/conformance-files.ts'
import type { XsdValidator } from '../../src/exchange/xml/xsd-validator.ts'
import { foresporsel, PARTY } from '../support/exchange-fixtures.ts'
import { startTestApp, type TestApp } from '../support/test-app.ts'
import {
  createdId,
  expectErrorMessage,
  type InboxItem,
  messageCount,
  type MshClient,
  oasValidator,
  type PartyName,
  readdressSample,
  readMessage,
  receiverOrganisationXml,
  withCopyReceivers,
  epjOf,
  appRecSchemas,
} from './msh-test-support.ts'

const GP = PARTY.tonsbergFastlege.herId
const GP_TOP = PARTY.tonsbergLegesenter.herId
const HOME = PARTY.tonsbergHjemmesykepleie.herId
const HORTEN_HOME = PARTY.hortenHjemmesykepleie.herId
const HOSPITAL = PARTY.sivMedisinsk.herId
const HELSESTASJON = PARTY.tonsbergHelsestasjon.herId

const UNKNOWN_TOP = 9_999_001
const UNKNOWN = 9_999_002
const her = (id: number) => ({ id: String(id), typeId: { v: 'HER', dn: 'HER-id', s: volvenOid(9051) } })
/** A receiver nobody has registered: addressed by hand, as an EPJ with a stale address book would. */
const UNKNOWN_RECEIVER: Organisation = {
  organisationName: 'Ukjent kommune',
  idents: [her(UNKNOWN_TOP)],
  organisation: { organisationName: 'Ukjent tjeneste', idents: [her(UNKNOWN)] },
}

const PLO_SAMPLE = 'plo/v1.6/Pasientlogistikk_Innlagt_pasient_v1-6_Ny.xml'
const SAMPLE_PARTIES = {
  sender: { topHerId: 59, topName: 'ST OLAVS HOSPITAL HF', herId: 90998, name: 'Ortopedisk kirurgi' },
  receiver: { topHerId: 99387, topName: 'Alvdal Kommune', herId: 5078, name: 'Sykepleietjeneste' },
}
const SIV_MEDISINSK: PartyName = { topHerId: 810101, topName: 'Sykehuset i Vestfold HF', herId: HOSPITAL, name: 'Medisinsk avdeling' }
const TONSBERG = (herId: number, name: string): PartyName => ({ topHerId: 810104, topName: 'Tønsberg kommune', herId, name })

let t: TestApp
let gp: MshClient
let home: MshClient
let horten: MshClient
let hospital: MshClient
let xsd: XsdValidator
const oas = oasValidator()

beforeAll(async () => {
  t = await startTestApp()
  gp = await epjOf(t, PARTY.tonsbergFastlege)
  home = await epjOf(t, PARTY.tonsbergHjemmesykepleie)
  horten = await epjOf(t, PARTY.hortenHjemmesykepleie)
  hospital = await epjOf(t, PARTY.sivMedisinsk)
  xsd = await appRecSchemas()
}, 60_000)
afterAll(async () => t?.close())

const deliver = () => t.exchange.dispatcher.runOnce()

async function storedWithMsgId(msgId: string): Promise<number> {
  const rows = await t.db.selectFrom('exchange_message').select('id').where('msg_id', '=', msgId).execute()
  return rows.length
}

/** The AppRecs in `client`'s inbox for `herId`, read and marked read; each validated against the official XSD. */
async function appRecsIn(client: MshClient, herId: number): Promise<{ item: InboxItem; xml: string; appRec: AppRecMessage['appRec'] }[]> {
  const items = (await client.inbox(herId)).filter((i) => i.isAppRec)
  const out = []
  for (const item of items) {
    const xml = (await client.documentOf(item.id)).toString('utf8')
    const [result] = await xsd.validate([{ name: `${item.id}.xml`, xml }])
    expect(result?.errors, `AppRec ${item.id} against the official XSD`).toEqual([])
    expect(result?.valid).toBe(true)
    const message = readMessage(xml)
    expect(message.format).toBe('apprec')
    out.push({ item, xml, appRec: (message as AppRecMessage).appRec })
    expect((await client.read(item.id, herId)).statusCode).toBe(204)
  }
  return out
}

describe('duplicates (the same MsgId from the same sender)', () => {
  it('identical bytes again: 201 with the same id, stored once, delivered once', async () => {
    await home.drain(HOME)
    const doc = await foresporsel(t.db, GP, HOME)
    const first = createdId(await gp.post(doc.xml))
    const again = createdId(await gp.post(doc.xml))
    expect(again).toBe(first)
    expect(await storedWithMsgId(doc.msgId)).toBe(1)
    await deliver()
    expect(createdId(await gp.post(doc.xml))).toBe(first)
    await deliver()
    expect((await home.inbox(HOME)).filter((i) => i.businessDocumentId === doc.msgId)).toHaveLength(1)
    expect((await gp.get(first, '/status')).json<unknown[]>()).toHaveLength(1)
  })

  it('the same MsgId with different content is 400 and the original stays as it was', async () => {
    const doc = await foresporsel(t.db, GP, HOME)
    const first = createdId(await gp.post(doc.xml))
    const changed = await foresporsel(t.db, GP, HOME, { msgId: doc.msgId, text: 'En annen tekst' })
    expectErrorMessage(await gp.post(changed.xml), 400, { errorCode: 1000, secrets: ['En annen tekst'], oas })
    expect(await storedWithMsgId(doc.msgId)).toBe(1)
    expect((await gp.documentOf(first)).toString('utf8')).toBe(doc.xml)
  })
})

describe('receivers Samband cannot deliver to', () => {
  it("an unknown receiver: 201, the receiver Rejected, and an E21 AppRec from Samband in the sender's inbox", async () => {
    await gp.drain(GP)
    const doc = await foresporsel(t.db, GP, UNKNOWN, { receiverOrganisation: UNKNOWN_RECEIVER })
    const id = createdId(await gp.post(doc.xml))

    const status = await gp.get(id, '/status')
    oas.response('get', '/Messages/{id}/status', 200)(status.json())
    expect(status.json()).toEqual([{ receiverHerId: UNKNOWN, transportDeliveryState: 'Rejected', appRecStatus: 'Rejected' }])
    const appRecInfo = await gp.get(id, '/apprec')
    oas.response('get', '/Messages/{id}/apprec', 200)(appRecInfo.json())
    expect(appRecInfo.json()).toEqual([
      {
        receiverHerId: UNKNOWN,
        appRecStatus: 'Rejected',
        appRecErrorList: [{ errorCode: 'E21', details: expect.stringContaining(String(UNKNOWN)), description: 'Mottaker finnes ikke', oid: volvenOid(8221) }],
      },
    ])

    await deliver()
    const appRecs = await appRecsIn(gp, GP)
    expect(appRecs).toHaveLength(1)
    const [{ item, appRec }] = appRecs as [(typeof appRecs)[number]]
    expect(item).toMatchObject({ senderHerId: UNKNOWN, receiverHerId: GP, isAppRec: true })
    expect(appRec.version).toBe('1.1')
    expect(appRec.status.v).toBe('2')
    expect(appRec.errors.map((e) => [e.v, e.s])).toEqual([['E21', volvenOid(8221)]])
    expect(appRec.originalMsgId).toEqual({ msgType: expect.objectContaining({ v: 'DIALOG_FORESPORSEL' }), issueDate: expect.any(String), id: doc.msgId })
    // Mirrored: the AppRec's sender is the original receiver (PRIM), its receiver the original sender (AVS).
    expect(appRec.sender.role?.v).toBe('PRIM')
    expect(hcpHerIds(appRec.sender.hcp)).toEqual([String(UNKNOWN_TOP), String(UNKNOWN)])
    expect(appRec.receiver.role?.v).toBe('AVS')
    expect(hcpHerIds(appRec.receiver.hcp)).toEqual([String(GP_TOP), String(GP)])

    // The same document again is a duplicate: no second AppRec (RULES.md §3, "only for the first").
    expect(createdId(await gp.post(doc.xml))).toBe(id)
    await deliver()
    expect((await gp.inbox(GP)).filter((i) => i.isAppRec)).toEqual([])
  })

  it('a receiver that does not take the process (a helsestasjon and PLO): T10 AppRec 1.1', async () => {
    await hospital.drain(HOSPITAL)
    const xml = readdressSample(readConformanceSample(PLO_SAMPLE).toString('utf8'), SAMPLE_PARTIES, {
      sender: SIV_MEDISINSK,
      receiver: TONSBERG(HELSESTASJON, 'Helsestasjonen'),
    })
    const id = createdId(await hospital.post(xml))
    expect((await hospital.get(id, '/status')).json()).toEqual([{ receiverHerId: HELSESTASJON, transportDeliveryState: 'Rejected', appRecStatus: 'Rejected' }])
    expect((await hospital.get(id, '/apprec')).json()).toEqual([
      {
        receiverHerId: HELSESTASJON,
        appRecStatus: 'Rejected',
        appRecErrorList: [expect.objectContaining({ errorCode: 'T10', description: expect.any(String) })],
      },
    ])
    // The helsestasjon never sees it.
    await deliver()
    expect((await home.list(`ReceiverHerIds=${HELSESTASJON}&MessagesToFetch=100`)).json()).not.toContainEqual(expect.objectContaining({ id }))
    expectErrorMessage(await home.get(id, '/business-document'), 403, { oas })

    const appRecs = await appRecsIn(hospital, HOSPITAL)
    expect(appRecs).toHaveLength(1)
    const [{ appRec }] = appRecs as [(typeof appRecs)[number]]
    expect(appRec.version).toBe('1.1')
    expect(appRec.errors.map((e) => e.v)).toEqual(['T10'])
    expect(appRec.originalMsgId.msgType.v).toBe('LOG_INNLAGT')
    expect(hcpHerIds(appRec.sender.hcp)).toEqual(['810104', String(HELSESTASJON)])
    expect(hcpHerIds(appRec.receiver.hcp)).toEqual(['810101', String(HOSPITAL)])
  })

  it('Ack=N: the receiver is still Rejected, but no AppRec is made', async () => {
    await gp.drain(GP)
    const doc = await foresporsel(t.db, GP, UNKNOWN, { receiverOrganisation: UNKNOWN_RECEIVER, ack: 'N' })
    const id = createdId(await gp.post(doc.xml))
    expect((await gp.get(id, '/status')).json()).toEqual([{ receiverHerId: UNKNOWN, transportDeliveryState: 'Rejected', appRecStatus: null }])
    await deliver()
    expect((await gp.inbox(GP)).filter((i) => i.isAppRec)).toEqual([])
    const apprecs = await t.db.selectFrom('exchange_message').select('id').where('original_message_id', '=', id).execute()
    expect(apprecs).toEqual([])
  })
})

describe('copy receivers (OtherReceiver)', () => {
  async function withCopy(copyHerId: number, copyOrganisation?: Organisation) {
    const doc = await foresporsel(t.db, GP, HOME)
    const copy = await foresporsel(t.db, GP, copyHerId, copyOrganisation ? { receiverOrganisation: copyOrganisation } : {})
    return { msgId: doc.msgId, xml: withCopyReceivers(doc.xml, [receiverOrganisationXml(copy.xml)]) }
  }

  it('each receiver gets its own delivery and sends its own AppRec (PRIM and COP)', async () => {
    await gp.drain(GP)
    const doc = await withCopy(HORTEN_HOME)
    const id = createdId(await gp.post(doc.xml))
    await deliver()

    expect((await gp.get(id, '/status')).json()).toEqual([
      { receiverHerId: HOME, transportDeliveryState: 'Acknowledged', appRecStatus: null },
      { receiverHerId: HORTEN_HOME, transportDeliveryState: 'Acknowledged', appRecStatus: null },
    ])
    for (const [client, herId] of [
      [home, HOME],
      [horten, HORTEN_HOME],
    ] as const) {
      expect(await client.inbox(herId)).toContainEqual(expect.objectContaining({ id, receiverHerId: herId, senderHerId: GP }))
      expect((await client.documentOf(id)).toString('utf8')).toBe(doc.xml)
      expect((await client.get(id)).json()).toMatchObject({ id, receiverHerId: herId })
      expect((await client.read(id, herId)).statusCode).toBe(204)
    }
    createdId(await home.appRec(id, HOME, { appRecStatus: 'Ok' }))
    expect((await gp.get(id, '/status')).json()).toEqual([
      { receiverHerId: HOME, transportDeliveryState: 'Acknowledged', appRecStatus: 'Ok' },
      { receiverHerId: HORTEN_HOME, transportDeliveryState: 'Acknowledged', appRecStatus: null },
    ])
    createdId(
      await horten.appRec(id, HORTEN_HOME, { appRecStatus: 'Rejected', appRecErrorList: [{ errorCode: 'E35', details: 'Pasienten er ukjent hos oss' }] }),
    )
    expect((await gp.get(id, '/apprec')).json()).toEqual([
      { receiverHerId: HOME, appRecStatus: 'Ok', appRecErrorList: [] },
      {
        receiverHerId: HORTEN_HOME,
        appRecStatus: 'Rejected',
        appRecErrorList: [expect.objectContaining({ errorCode: 'E35', details: 'Pasienten er ukjent hos oss' })],
      },
    ])

    await deliver()
    const appRecs = await appRecsIn(gp, GP)
    expect(appRecs.map((a) => a.item.senderHerId).sort()).toEqual([HORTEN_HOME, HOME].sort())
    const fromCopy = appRecs.find((a) => a.item.senderHerId === HORTEN_HOME)?.appRec
    const fromPrimary = appRecs.find((a) => a.item.senderHerId === HOME)?.appRec
    expect(fromPrimary?.sender.role?.v).toBe('PRIM')
    expect(fromCopy?.sender.role?.v).toBe('COP')
    expect(hcpHerIds(fromCopy?.sender.hcp ?? {})).toEqual(['810102', String(HORTEN_HOME)])
    expect(fromCopy?.receiver.role?.v).toBe('AVS')
    expect(fromCopy?.originalMsgId.id).toBe(doc.msgId)
  })

  it('an unknown copy receiver gets its own E21 AppRec (COP); the primary is delivered as usual', async () => {
    await gp.drain(GP)
    const doc = await withCopy(UNKNOWN, UNKNOWN_RECEIVER)
    const id = createdId(await gp.post(doc.xml))
    await deliver()
    expect((await gp.get(id, '/status')).json()).toEqual([
      { receiverHerId: HOME, transportDeliveryState: 'Acknowledged', appRecStatus: null },
      { receiverHerId: UNKNOWN, transportDeliveryState: 'Rejected', appRecStatus: 'Rejected' },
    ])
    const appRecs = await appRecsIn(gp, GP)
    expect(appRecs).toHaveLength(1)
    expect(appRecs[0]?.appRec.sender.role?.v).toBe('COP')
    expect(hcpHerIds(appRecs[0]?.appRec.sender.hcp ?? {})).toEqual([String(UNKNOWN_TOP), String(UNKNOWN)])
    expect(appRecs[0]?.appRec.errors.map((e) => e.v)).toEqual(['E21'])
  })

  it('receiverHerIdsSubset limits the receivers; a HER-id not in the document is 400; an empty subset is 400', async () => {
    await horten.drain(HORTEN_HOME)
    const onlyPrimary = await withCopy(HORTEN_HOME)
    const id = createdId(await gp.post(onlyPrimary.xml, { receiverHerIdsSubset: [HOME] }))
    await deliver()
    expect((await gp.get(id, '/status')).json()).toEqual([{ receiverHerId: HOME, transportDeliveryState: 'Acknowledged', appRecStatus: null }])
    expect(await horten.inbox(HORTEN_HOME)).toEqual([])
    expectErrorMessage(await horten.get(id, '/business-document'), 403, { oas })

    const onlyCopy = await withCopy(HORTEN_HOME)
    const copyId = createdId(await gp.post(onlyCopy.xml, { receiverHerIdsSubset: [HORTEN_HOME] }))
    expect((await gp.get(copyId, '/status')).json()).toEqual([{ receiverHerId: HORTEN_HOME, transportDeliveryState: expect.any(String), appRecStatus: null }])

    const before = await messageCount(t)
    const other = await withCopy(HORTEN_HOME)
    const wrong = expectErrorMessage(await gp.post(other.xml, { receiverHerIdsSubset: [HOME, PARTY.tonsbergHelsestasjon.herId] }), 400, {
      errorCode: 1000,
      oas,
    })
    expect(wrong.validationErrors?.join(' ')).toContain(String(PARTY.tonsbergHelsestasjon.herId))
    expectErrorMessage(await gp.post(other.xml, { receiverHerIdsSubset: [] }), 400, { errorCode: 1000, oas })
    expect(await messageCount(t)).toBe(before)
    // null or left out: every receiver.
    const all = createdId(await gp.post(other.xml, { receiverHerIdsSubset: null }))
    expect((await gp.get(all, '/status')).json<unknown[]>()).toHaveLength(2)
  })
})

describe('pass-through of standards Samband does not interpret', () => {
  it('a PLO 1.6 sample, re-addressed between demo parties, reaches the receiver byte for byte', async () => {
    await home.drain(HOME)
    const sample = readConformanceSample(PLO_SAMPLE).toString('utf8')
    const xml = readdressSample(sample, SAMPLE_PARTIES, { sender: SIV_MEDISINSK, receiver: TONSBERG(HOME, 'Hjemmesykepleien') })
    // Only the addressing and MsgId changed: the payload is the sample's own.
    const payload = (s: string) => s.slice(s.indexOf('<Document>'))
    expect(payload(xml)).toBe(payload(sample))
    const sent = Buffer.from(xml, 'utf8')
    const id = createdId(await hospital.post(sent))
    await deliver()

    const [item] = (await home.inbox(HOME)).filter((i) => i.id === id)
    expect(item).toMatchObject({ senderHerId: HOSPITAL, receiverHerId: HOME, isAppRec: false, contentType: 'application/xml' })
    // GenDate as the sample writes it, without an offset (as NHN returns it), not re-read in the server's time zone.
    expect(item?.businessDocumentGenDate).toBe('2018-01-29T10:11:54')
    const received = await home.documentOf(id)
    expect(received.equals(sent)).toBe(true)

    // The receiver answers; the hospital sees the Ok.
    createdId(await home.appRec(id, HOME, { appRecStatus: 'Ok' }))
    expect((await hospital.get(id, '/status')).json()).toEqual([{ receiverHerId: HOME, transportDeliveryState: 'Acknowledged', appRecStatus: 'Ok' }])
  })
})
