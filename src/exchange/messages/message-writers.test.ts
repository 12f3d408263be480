import { beforeAll, describe, expect, it } from 'vitest'
import { parseXmlSafely } from '../xml/safe-xml.ts'
import { createXsdValidator, DIALOG_NAMESPACES, type XsdValidator } from '../xml/xsd-validator.ts'
import { APPREC_ERROR, APPREC_STATUS } from './apprec-codes.ts'
import { appRecPartyFromOrganisation, AppRecInputError, type AppRecInput, writeAppRec } from './apprec.writer.ts'
import { type DialogmeldingInput, writeDialogmelding } from './dialogmelding.writer.ts'
import type { Message } from './message.types.ts'
import { summariseMessage } from './message-summary.ts'
import type { Organisation } from './msg-head.types.ts'
import { BASE64_CONTAINER_NS } from './namespaces.ts'
import { readMessage } from './read-message.ts'
import { InvalidXmlCharacterError } from './xml-writer.ts'

const NASTY = `Svar: <b>&amp; "sitat" 'apostrof' > æøå ÆØÅ`
const HER = { v: 'HER', dn: 'HER-id', s: '2.16.578.1.12.4.1.1.9051' }

const legekontor: Organisation = {
  organisationName: `Tønsberg legesenter & "Co" <test>`,
  idents: [
    { id: '983975259', typeId: { v: 'ENH', dn: 'Organisasjonsnummer', s: '2.16.578.1.12.4.1.1.9051' } },
    { id: '8100001', typeId: HER },
  ],
  healthcareProfessional: {
    familyName: 'Ødegård',
    givenName: 'Åse',
    idents: [
      { id: '8100002', typeId: HER },
      { id: '9144900', typeId: { v: 'HPR', dn: 'HPR-nummer', s: '2.16.578.1.12.4.1.1.8116' } },
    ],
  },
}

const kommune: Organisation = {
  organisationName: 'Færder kommune',
  idents: [{ id: '8200001', typeId: HER }],
  organisation: { organisationName: 'Hjemmesykepleien Nøtterøy', idents: [{ id: '8200002', typeId: HER }] },
}

const patient = {
  familyName: 'Testesen',
  givenName: 'Kari Æ',
  idents: [{ id: '13116900216', typeId: { v: 'FNR', dn: 'Fødselsnummer', s: '2.16.578.1.12.4.1.1.8116' } }],
}

const common = {
  genDate: '2026-11-23T12:00:00Z',
  sender: kommune,
  receiver: legekontor,
  patient,
}

const FORESPORSEL: DialogmeldingInput = {
  ...common,
  kind: 'foresporsel',
  msgId: '0f6f3a7c-6d0b-4b84-9a51-6c7f1d0a0001',
  foresporsel: {
    typeForesp: { v: '99', dn: 'Annen henvendelse', s: '2.16.578.1.12.4.1.1.9152' },
    emneSporsmal: 'Resept',
    sporsmal: NASTY,
    rollerRelatertNotat: [
      {
        roleToPatient: { v: '9', dn: 'Primærkontakt', s: '2.16.578.1.12.4.1.1.9034' },
        healthcareProfessional: {
          typeHealthcareProfessional: { v: 'SP', dn: 'Sykepleier' },
          familyName: 'Omsorg',
          givenName: 'Gunn',
          idents: [{ id: '9876543', typeId: { v: 'HPR', dn: 'HPR-nummer', s: '2.16.578.1.12.4.1.1.8116' } }],
          teleAddresses: ['tel:33000000'],
        },
      },
    ],
  },
}

const SVAR: DialogmeldingInput = {
  ...common,
  sender: legekontor,
  receiver: kommune,
  kind: 'svar',
  msgId: '0f6f3a7c-6d0b-4b84-9a51-6c7f1d0a0002',
  conversationRef: {
    refToParent: '0f6f3a7c-6d0b-4b84-9a51-6c7f1d0a0001',
    refToConversation: '0f6f3a7c-6d0b-4b84-9a51-6c7f1d0a0001',
  },
  notat: {
    temaKodet: { v: '5', dn: 'Svar på forespørsel', s: '2.16.578.1.12.4.1.1.9069' },
    tekstNotatInnhold: `e-resept sendt ${NASTY}`,
  },
  foresporsel: { typeForesp: { v: '99', dn: 'Annen henvendelse', s: '2.16.578.1.12.4.1.1.9152' }, sporsmal: 'Ber om fornyelse' },
}

const NOTAT: DialogmeldingInput = {
  ...common,
  kind: 'notat',
  msgId: '0f6f3a7c-6d0b-4b84-9a51-6c7f1d0a0003',
  ack: 'N',
  notat: {
    temaKodet: { v: '6', dn: 'Henvendelse om pasient', s: '2.16.578.1.12.4.1.1.7322' },
    tema: `Tema ${NASTY}`,
    tekstNotatInnhold: 'Linje 1\nLinje 2\twith tab',
    dokIdNotat: 'DOK-1',
    datoNotat: '2026-11-23',
  },
  attachments: [{ mimeType: 'application/pdf', description: 'EKG æøå', base64: Buffer.from('%PDF-1.4 test').toString('base64') }],
}

const APPREC_AVVIST: AppRecInput = {
  id: '5d2c7f0e-1b7e-4f3e-9c53-3f1b2f0a0004',
  genDate: '2026-11-23T12:01:00Z',
  softwareName: 'Samband',
  softwareVersion: '0.1.0',
  sender: appRecPartyFromOrganisation(legekontor, { v: 'PRIM', dn: 'Primærmottaker' }),
  receiver: appRecPartyFromOrganisation(kommune, { v: 'AVS', dn: 'Avsender' }),
  status: APPREC_STATUS.AVVIST,
  errors: [{ code: APPREC_ERROR.E21, text: `Tjenesten finnes ikke: ${NASTY}` }, { code: APPREC_ERROR.X99 }],
  originalMsgId: {
    msgType: { v: 'DIALOG_FORESPORSEL', dn: 'Forespørsel' },
    issueDate: '2026-11-23T12:00:00Z',
    id: '0f6f3a7c-6d0b-4b84-9a51-6c7f1d0a0001',
  },
}

// The rarer RollerRelatertNotat shapes: TilknyttetEnhet (an fk1:Organisation) and a Person instead of a professional.
const WITH_ROLES: DialogmeldingInput = {
  ...common,
  kind: 'notat',
  msgId: '0f6f3a7c-6d0b-4b84-9a51-6c7f1d0a0005',
  notat: {
    temaKodet: { v: '6', dn: 'Henvendelse om pasient', s: '2.16.578.1.12.4.1.1.7322' },
    tekstNotatInnhold: 'Kontakt pårørende',
    rollerRelatertNotat: [
      {
        roleToPatient: { v: '24', dn: 'Kontakt hos mottaker', s: '2.16.578.1.12.4.1.1.9034' },
        tilknyttetEnhet: { kontaktenhetName: 'Fysioterapitjenesten', kontaktenhetIdents: [{ id: '8200003', typeId: HER }], merknad: 'Hverdager' },
      },
      {
        rolleNotat: { v: '1', s: '2.16.578.1.12.4.1.1.9057' },
        person: { givenName: 'Per', familyName: 'Pårørende', idents: [], teleAddresses: ['tel:99999999'] },
      },
    ],
  },
}

function reread(xml: string): Message {
  const parsed = parseXmlSafely(xml, { maxBytes: 1_000_000 })
  if (!parsed.ok) throw new Error(parsed.error.message)
  const result = readMessage(parsed.document)
  if (!result.ok) throw new Error(JSON.stringify(result.errors))
  return result.message
}

describe('writeDialogmelding → readMessage round trip', () => {
  it('forespørsel', () => {
    const message = reread(writeDialogmelding(FORESPORSEL))
    expect(summariseMessage(message)).toEqual({
      msgId: FORESPORSEL.msgId,
      msgType: 'DIALOG_FORESPORSEL',
      genDate: common.genDate,
      senderHerIds: ['8200001', '8200002'],
      receiverHerIds: ['8100001', '8100002'],
      patient: { type: 'FNR', id: '13116900216' },
      ack: 'J',
    })
    if (message.format !== 'msghead' || message.payload.kind !== 'dialogmelding') throw new Error('not a dialogmelding')
    expect(message.payload.version).toBe('1.1')
    expect(message.msgInfo.receiver.organisation).toEqual(legekontor)
    expect(message.msgInfo.sender.organisation).toEqual(kommune)
    expect(message.msgInfo.patient).toEqual(patient)
    expect(message.payload.notat).toEqual([])
    expect(message.payload.foresporsel).toEqual([{ ...(FORESPORSEL.kind === 'foresporsel' ? FORESPORSEL.foresporsel : never()), typeJournalinfo: [] }])
  })

  it('svar på forespørsel carries the conversation references and the answered question', () => {
    const message = reread(writeDialogmelding(SVAR))
    const summary = summariseMessage(message)
    expect(summary.msgType).toBe('DIALOG_SVAR')
    expect(summary.conversationRef).toEqual(SVAR.kind === 'svar' && SVAR.conversationRef)
    if (message.format !== 'msghead' || message.payload.kind !== 'dialogmelding') throw new Error('not a dialogmelding')
    const [notat] = message.payload.notat
    expect(notat?.tekstNotatInnhold).toBe(`e-resept sendt ${NASTY}`)
    expect(notat?.temaKodet).toEqual({ v: '5', dn: 'Svar på forespørsel', s: '2.16.578.1.12.4.1.1.9069' })
    expect(notat?.foresporsel?.sporsmal).toBe('Ber om fornyelse')
  })

  it('notat with an attachment, newlines and tabs kept', () => {
    const xml = writeDialogmelding(NOTAT)
    const message = reread(xml)
    if (message.format !== 'msghead' || message.payload.kind !== 'dialogmelding') throw new Error('not a dialogmelding')
    expect(message.msgInfo.ack).toBe('N')
    expect(message.msgInfo.conversationRef).toBeUndefined()
    const [notat] = message.payload.notat
    expect(notat).toMatchObject({ tema: `Tema ${NASTY}`, tekstNotatInnhold: 'Linje 1\nLinje 2\twith tab', dokIdNotat: 'DOK-1', datoNotat: '2026-11-23' })
    expect(message.documents[1]?.refDoc).toEqual({
      msgType: { v: 'A', dn: 'Vedlegg' },
      mimeType: 'application/pdf',
      description: 'EKG æøå',
      content: { kind: 'base64', base64: Buffer.from('%PDF-1.4 test').toString('base64') },
    })
    expect(xml).toContain(`xmlns="${BASE64_CONTAINER_NS}"`)
  })

  it('escapes every text and attribute value and writes no schemaLocation', () => {
    const xml = writeDialogmelding(FORESPORSEL)
    expect(xml).not.toContain('<b>')
    expect(xml).toContain('&lt;b&gt;&amp;amp; "sitat" \'apostrof\' &gt; æøå ÆØÅ')
    expect(xml).toContain('OrganisationName>Tønsberg legesenter &amp; "Co" &lt;test&gt;</')
    expect(xml).not.toMatch(/schemaLocation/)
    expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<MsgHead xmlns="http://www.kith.no/xmlstds/msghead/2006-05-24">')).toBe(true)
  })

  it('escapes quotes in attribute values', () => {
    const xml = writeDialogmelding({ ...NOTAT, notat: { ...(NOTAT.kind === 'notat' ? NOTAT.notat : never()), temaKodet: { v: '6', dn: NASTY } } })
    expect(xml).toContain('DN="Svar: &lt;b&gt;&amp;amp; &quot;sitat&quot; &apos;apostrof&apos; &gt; æøå ÆØÅ"')
    const message = reread(xml)
    if (message.format !== 'msghead' || message.payload.kind !== 'dialogmelding') throw new Error('not a dialogmelding')
    expect(message.payload.notat[0]?.temaKodet.dn).toBe(NASTY)
  })

  it('roles with TilknyttetEnhet and Person round-trip', () => {
    const message = reread(writeDialogmelding(WITH_ROLES))
    if (message.format !== 'msghead' || message.payload.kind !== 'dialogmelding') throw new Error('not a dialogmelding')
    expect(message.payload.notat[0]?.rollerRelatertNotat).toEqual(WITH_ROLES.kind === 'notat' && WITH_ROLES.notat.rollerRelatertNotat)
  })

  it('refuses characters XML cannot represent instead of writing a broken document', () => {
    expect(() => writeDialogmelding({ ...FORESPORSEL, msgId: 'a\u0001b' })).toThrow(InvalidXmlCharacterError)
  })
})

describe('writeAppRec → readMessage round trip', () => {
  it('Avvist with E21 and X99, mirrored parties and OriginalMsgId', () => {
    const message = reread(writeAppRec(APPREC_AVVIST))
    if (message.format !== 'apprec') throw new Error('not an AppRec')
    const { appRec } = message
    expect(appRec.version).toBe('1.1')
    expect(appRec.miGversion).toBe('v1.1 2012-02-15')
    expect(appRec.id).toBe(APPREC_AVVIST.id)
    expect(appRec.status).toEqual({ v: '2', dn: 'Avvist' })
    expect(appRec.errors).toEqual([
      { v: 'E21', s: '2.16.578.1.12.4.1.1.8221', dn: 'Mottaker finnes ikke', ot: `Tjenesten finnes ikke: ${NASTY}` },
      { v: 'X99', s: '2.16.578.1.12.4.1.1.8221', dn: 'Annen feil' },
    ])
    expect(appRec.originalMsgId).toEqual(APPREC_AVVIST.originalMsgId)
    expect(appRec.sender).toEqual(APPREC_AVVIST.sender)
    expect(appRec.receiver).toEqual(APPREC_AVVIST.receiver)
    expect(summariseMessage(message)).toMatchObject({ senderHerIds: ['8100001', '8100002'], receiverHerIds: ['8200001', '8200002'] })
  })

  it('OK without errors', () => {
    const message = reread(writeAppRec({ ...APPREC_AVVIST, status: APPREC_STATUS.OK, errors: [] }))
    if (message.format !== 'apprec') throw new Error('not an AppRec')
    expect(message.appRec.status.v).toBe('1')
    expect(message.appRec.errors).toEqual([])
  })

  it('refuses a rejection without an error code, and an OK with one', () => {
    expect(() => writeAppRec({ ...APPREC_AVVIST, errors: [] })).toThrow(AppRecInputError)
    expect(() => writeAppRec({ ...APPREC_AVVIST, status: APPREC_STATUS.OK })).toThrow(AppRecInputError)
  })
})

describe('written documents validate against the official XSDs', () => {
  let validator: XsdValidator
  beforeAll(async () => {
    validator = await createXsdValidator({ namespaces: [...DIALOG_NAMESPACES, BASE64_CONTAINER_NS] })
  }, 60_000)

  it('Dialogmelding 1.1 forespørsel, svar and notat (with attachment), and AppRec 1.1 OK and Avvist', async () => {
    const documents = [
      { name: 'foresporsel', xml: writeDialogmelding(FORESPORSEL) },
      { name: 'svar', xml: writeDialogmelding(SVAR) },
      { name: 'notat', xml: writeDialogmelding(NOTAT) },
      { name: 'apprec-avvist', xml: writeAppRec(APPREC_AVVIST) },
      { name: 'apprec-ok', xml: writeAppRec({ ...APPREC_AVVIST, status: APPREC_STATUS.OK, errors: [] }) },
      { name: 'apprec-1.0', xml: writeAppRec({ ...APPREC_AVVIST, version: '1.0' }) },
      { name: 'roller', xml: writeDialogmelding(WITH_ROLES) },
    ]
    const results = await validator.validate(documents)
    expect(results).toEqual(documents.map((d) => ({ name: d.name, valid: true, errors: [] })))
  }, 60_000)

  it('the check has teeth: the same document with two elements out of order is invalid', async () => {
    const xml = writeDialogmelding(FORESPORSEL)
    const genDate = /\n\s*<GenDate>[^<]*<\/GenDate>/.exec(xml)?.[0] ?? never()
    const swapped = xml.replace(genDate, '').replace(/(<MsgId>[^<]*<\/MsgId>)/, `$1${genDate}`)
    const [result] = await validator.validate([{ name: 'swapped', xml: swapped }])
    expect(result?.valid).toBe(false)
  }, 60_000)
})

function never(): never {
  throw new Error('unreachable')
}
