import { beforeAll, describe, expect, it } from 'vitest'
import { readConformanceSample } from '../xml/conformance-files.ts'
import { parseXmlSafely } from '../xml/safe-xml.ts'
import { createXsdValidator, type XsdValidator } from '../xml/xsd-validator.ts'
import { APPREC_ERROR_TEXT, APPREC_STATUS_TEXT, isAppRecErrorCode } from './apprec-codes.ts'
import { appRecErrorForReadingErrors, appRecInputFor, isValidMsgId } from './apprec.rules.ts'
import { writeAppRec } from './apprec.writer.ts'
import type { Message } from './message.types.ts'
import { summariseMessage } from './message-summary.ts'
import { readMessage } from './read-message.ts'

function read(input: string | Buffer): Message {
  const parsed = parseXmlSafely(input, { maxBytes: 1_000_000 })
  if (!parsed.ok) throw new Error(parsed.error.message)
  const result = readMessage(parsed.document)
  if (!result.ok) throw new Error(JSON.stringify(result.errors))
  return result.message
}

const sample = (file: string) => read(readConformanceSample(file))
const ANSWER = { id: 'a1b2c3d4-0000-4000-8000-000000000001', genDate: '2026-11-23T12:30:00Z' }

describe('appRecInputFor: the AppRec answering a received message', () => {
  let validator: XsdValidator
  beforeAll(async () => {
    validator = await createXsdValidator()
  }, 60_000)

  it('mirrors the addressing and points OriginalMsgId at the original (Dialogmelding 1.1 → AppRec 1.1)', async () => {
    const original = sample('dialogmelding/v1.1/sarepta_Helsefaglig_dialog_angi_profesjon_hos_mottaker.xml')
    if (original.format !== 'msghead') throw new Error('not a MsgHead')
    const input = appRecInputFor(original, { ...ANSWER, status: '2', errors: [{ code: 'E21', text: 'Ukjent tjeneste' }] })
    const appRecMessage = read(writeAppRec(input))
    if (appRecMessage.format !== 'apprec') throw new Error('not an AppRec')
    const { appRec } = appRecMessage
    expect(appRec.version).toBe('1.1')
    expect(appRec.sender.role?.v).toBe('PRIM')
    expect(appRec.receiver.role?.v).toBe('AVS')
    expect(summariseMessage(appRecMessage)).toMatchObject({ senderHerIds: ['59', '90998'], receiverHerIds: ['56704', '258521'] })
    expect(appRec.originalMsgId).toEqual({
      msgType: { v: 'DIALOG_HELSEFAGLIG', dn: 'Helsefaglig dialog' },
      issueDate: '2019-03-08T10:32:12',
      id: 'd93cebe5-ac91-4022-8969-4f93300d8171',
    })
    expect(appRec.errors.map((e) => e.v)).toEqual(['E21'])
    const [result] = await validator.validate([{ name: 'apprec', xml: writeAppRec(input) }])
    expect(result).toEqual({ name: 'apprec', valid: true, errors: [] })
  }, 60_000)

  it('answers as the copy receiver with role COP', () => {
    const original = sample('dialogmelding/v1.1/sarepta_Status_paa_henvisning-InnkaltEtterViderehenvisning.xml')
    if (original.format !== 'msghead') throw new Error('not a MsgHead')
    const copy = original.msgInfo.otherReceivers[0]?.organisation
    expect(copy?.organisationName).toBe('Kattskinnet legesenter')
    const input = appRecInputFor(original, { ...ANSWER, status: '1', ...(copy && { copyReceiver: copy }) })
    expect(input.sender.role?.v).toBe('COP')
    expect(input.sender.hcp.inst?.id).toBe('56704')
    expect(input.sender.hcp.inst?.hcPersons[0]?.id).toBe('258521')
  })

  it('answers Dialogmelding 1.0 with AppRec 1.0, which validates', async () => {
    const original = sample('dialogmelding/nav-fellesformat/padm2_dialog_svar_foresporsel_om_pasient.xml')
    if (original.format !== 'msghead') throw new Error('not a MsgHead')
    const xml = writeAppRec(appRecInputFor(original, { ...ANSWER, status: '1' }))
    const message = read(xml)
    if (message.format !== 'apprec') throw new Error('not an AppRec')
    expect(message.appRec.version).toBe('1.0')
    expect(message.appRec.miGversion).toBe('1.0 2004-11-21')
    expect(message.appRec.originalMsgId.id).toBe('b62016eb-6c2d-417a-8ecc-157b3c5ee2ca')
    const [result] = await validator.validate([{ name: 'apprec10', xml }])
    expect(result?.valid).toBe(true)
  }, 60_000)

  it('answers an Epikrise 1.2 Message from its own header', () => {
    const original = sample('epikrise/v1.2/epikrise_v1.2_n.xml')
    if (original.format !== 'kith-message') throw new Error('not a KITH Message')
    const input = appRecInputFor(original, { ...ANSWER, status: '1' })
    expect(input.originalMsgId).toEqual({
      msgType: { v: 'EPIKRISE', dn: 'Epikrise' },
      issueDate: '2017-05-05T06:24:09',
      id: 'f022ccd0-4567-11e7-9598-0800200c9a66',
    })
  })
})

describe('AppRec codes and error mapping', () => {
  it('has the status texts and the E21/X99 texts seen in the samples', () => {
    expect(APPREC_STATUS_TEXT).toEqual({ '1': 'OK', '2': 'Avvist', '3': 'OK, feil i delmelding' })
    expect(APPREC_ERROR_TEXT.E21).toBe('Mottaker finnes ikke')
    expect(APPREC_ERROR_TEXT.X99).toBe('Annen feil')
    expect(isAppRecErrorCode('E21')).toBe(true)
    expect(isAppRecErrorCode('toString')).toBe(false)
  })

  it.each([
    ['6e0b1d1c-4f2a-4a4e-9d1f-2b1a1c0d0e0f', true],
    ['37340D30-FE14-42B5-985F-A8FF8FFA0CB5', true],
    ['fe6225205b3d3049e5f600a44a34ca77', false],
    ['FiktivTestdata0001', false],
  ])('isValidMsgId(%s) = %s', (id, valid) => {
    expect(isValidMsgId(id)).toBe(valid)
  })

  it('maps reading errors to the most specific 8221 code', () => {
    expect(appRecErrorForReadingErrors([{ code: 'wrong-namespace', path: 'MsgHead', message: '' }])).toBe('T10')
    expect(appRecErrorForReadingErrors([{ code: 'missing-element', path: 'MsgHead/MsgInfo/MsgId', message: '' }])).toBe('E10')
    expect(appRecErrorForReadingErrors([{ code: 'missing-element', path: 'MsgHead/MsgInfo/Sender', message: '' }])).toBe('T02')
  })
})
