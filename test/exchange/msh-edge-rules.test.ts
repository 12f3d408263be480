// Edge cases of the AppRec and duplicate rules, and auditing, found in review.
import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { findDeliveries } from '../../src/exchange/delivery/exchange.repository.ts'
import { appRecInputFor } from '../../src/exchange/messages/apprec.rules.ts'
import { writeAppRec } from '../../src/exchange/messages/apprec.writer.ts'
import type { MsgHeadMessage } from '../../src/exchange/messages/msg-head.types.ts'
import { volvenOid } from '../../src/exchange/messages/namespaces.ts'
import { foresporsel, PARTY } from '../support/exchange-fixtures.ts'
import { startTestApp, type TestApp } from '../support/test-app.ts'
import {
  appRecXmlFor,
  createdId,
  expectErrorMessage,
  messageCount,
  type MshClient,
  readMessage,
  receiverOrganisationXml,
  withCopyReceivers,
  epjOf,
} from './msh-test-support.ts'

const GP = PARTY.tonsbergFastlege.herId
const HOME = PARTY.tonsbergHjemmesykepleie.herId
const UNREGISTERED = {
  givenName: 'Ukjent',
  familyName: 'Pasientsen',
  idents: [{ id: '01010112345', typeId: { v: 'FNR', dn: 'Fødselsnummer', s: volvenOid(8116) } }],
}

let t: TestApp
let gp: MshClient
let home: MshClient

beforeAll(async () => {
  t = await startTestApp()
  gp = await epjOf(t, PARTY.tonsbergFastlege)
  home = await epjOf(t, PARTY.tonsbergHjemmesykepleie)
}, 60_000)
afterAll(async () => t?.close())

describe('auditing reads', () => {
  it('logs a read of a message about a patient Samband does not know', async () => {
    const doc = await foresporsel(t.db, GP, HOME, { patient: UNREGISTERED })
    const id = createdId(await gp.post(doc.xml))
    await t.exchange.dispatcher.runOnce()
    await home.documentOf(id)
    const rows = await t.db.selectFrom('audit_log').select(['action', 'decision', 'patient_person_id']).where('resource_id', '=', id).execute()
    expect(rows).toEqual([{ action: 'exchange.message.read', decision: 'allowed', patient_person_id: null }])
  })
})

describe('AppRec rules', () => {
  it('refuses an AppRec wrapped in a MsgHead: AppRecs travel as their own document', async () => {
    const doc = await foresporsel(t.db, GP, HOME)
    createdId(await gp.post(doc.xml))
    await t.exchange.dispatcher.runOnce()
    const original = readMessage(doc.xml) as MsgHeadMessage
    const appRec = writeAppRec({
      ...appRecInputFor(original, { id: randomUUID(), genDate: new Date().toISOString(), status: '1' }),
      softwareName: 'x',
      softwareVersion: '1',
    }).replace(/^<\?xml[^>]*\?>\s*/, '')
    const carrier = await foresporsel(t.db, HOME, GP)
    const wrapped = carrier.xml
      .replace(/<Type V="DIALOG_FORESPORSEL"[^>]*\/>/, '<Type V="APPREC" DN="Applikasjonskvittering"/>')
      .replace(/<Content>[\s\S]*<\/Content>/, `<Content>${appRec}</Content>`)
    const before = await messageCount(t)
    const r = await home.post(wrapped)
    expect(expectErrorMessage(r, 400).validationErrors?.join(' ')).toMatch(/T10/)
    expect(await messageCount(t)).toBe(before)
  })

  it('refuses an AppRec from a receiver Samband already answered for (refused, never delivered)', async () => {
    // A helsestasjon takes no status-on-referral messages; with Ack=N Samband writes no AppRec, and the refused party must not write one either.
    const doc = await foresporsel(t.db, GP, PARTY.tonsbergHelsestasjon.herId, { ack: 'N' })
    const ploLike = doc.xml.replace(/<Type V="DIALOG_FORESPORSEL"[^>]*\/>/, '<Type V="DIALOG_STATUS_HENVISNING" DN="Status på henvisning"/>')
    const id = createdId(await gp.post(ploLike))
    const deliveries = await findDeliveries(t.db, id)
    expect(deliveries.map((d) => [d.status, d.route])).toEqual([['failed', 'none']])
    const helsestasjon = await epjOf(t, PARTY.tonsbergHelsestasjon)
    const appRec = appRecXmlFor(ploLike, { status: 'ok' })
    expectErrorMessage(await helsestasjon.post(appRec.xml), 400)
    expect((await findDeliveries(t.db, id))[0]?.appRecStatus).toBeNull()
  })
})

describe('duplicates and receiverHerIdsSubset', () => {
  it('refuses the same document again for receivers it was not sent to, instead of dropping it', async () => {
    const doc = await foresporsel(t.db, GP, HOME)
    const horten = (await foresporsel(t.db, GP, PARTY.hortenHjemmesykepleie.herId)).xml
    const both = withCopyReceivers(doc.xml, [receiverOrganisationXml(horten)])
    const first = createdId(await gp.post(both, { receiverHerIdsSubset: [HOME] }))
    // Same subset again: the same answer.
    expect(createdId(await gp.post(both, { receiverHerIdsSubset: [HOME] }))).toBe(first)
    const r = await gp.post(both, { receiverHerIdsSubset: [PARTY.hortenHjemmesykepleie.herId] })
    expect(expectErrorMessage(r, 400).validationErrors?.join(' ')).toMatch(/new MsgId/)
    expect((await findDeliveries(t.db, first)).map((d) => d.receiverHerId)).toEqual([HOME])
  })
})
