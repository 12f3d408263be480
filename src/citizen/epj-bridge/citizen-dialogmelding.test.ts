import { beforeAll, describe, expect, it } from 'vitest'
import type { Organisation } from '../../exchange/index.ts'
import { BASE64_CONTAINER_NS } from '../../exchange/index.ts'
import { readMessageXml } from '../../exchange/index.ts'
import { createXsdValidator, DIALOG_NAMESPACES, type XsdValidator } from '../../exchange/index.ts'
import { citizenDialogmelding, dialogText, epjAnswerText, epjAuthorName, type OutgoingCitizenMessage, serviceAnswerCopy } from './citizen-dialogmelding.ts'

const her = (id: number) => ({ id: String(id), typeId: { v: 'HER', dn: 'HER-id', s: '2.16.578.1.12.4.1.1.9051' } })
const PORTAL: Organisation = { organisationName: 'Samband innbyggertjenester', idents: [her(810190)] }
const SERVICE: Organisation = {
  organisationName: 'Tønsberg kommune',
  idents: [her(810104)],
  organisation: { organisationName: 'Hjemmesykepleien', idents: [her(820231)] },
}

const FIRST: OutgoingCitizenMessage = {
  msgId: '6f1d3b8e-58a4-4c65-9a57-2f7d0c1e9b11',
  createdAt: new Date('2026-11-23T10:15:00Z'),
  threadSubject: 'Spørsmål om besøkstid',
  body: 'Kan dere komme litt senere på torsdag?',
  conversationRef: '6f1d3b8e-58a4-4c65-9a57-2f7d0c1e9b11',
  parentMsgId: null,
  writer: { name: 'Per Berg', basis: 'fullmakt' },
  citizen: { givenName: 'Ingrid', familyName: 'Berg', birthDate: '1938-09-03', nationalId: '03893810098' },
  attachments: [{ fileName: 'liste.pdf', contentType: 'application/pdf', base64: Buffer.from('%PDF-1.4\n%%EOF').toString('base64') }],
}
const FOLLOW_UP: OutgoingCitizenMessage = {
  ...FIRST,
  msgId: 'a3c5e7f9-1b2d-4f60-8a9c-0e1f2a3b4c5d',
  createdAt: new Date('2026-11-24T08:00:00Z'),
  body: 'Takk!',
  parentMsgId: 'b0b0b0b0-1111-4222-8333-444455556666',
  writer: { name: 'Ingrid Berg', basis: 'self' },
  attachments: [],
}

describe('the citizen dialog as a Dialogmelding', () => {
  let validator: XsdValidator
  beforeAll(async () => {
    validator = await createXsdValidator({ namespaces: [...DIALOG_NAMESPACES, BASE64_CONTAINER_NS] })
  }, 60_000)

  it('validates against the official schemas, first message and follow-up', async () => {
    const results = await validator.validate([
      { name: 'first', xml: citizenDialogmelding(FIRST, PORTAL, SERVICE) },
      { name: 'follow-up', xml: citizenDialogmelding(FOLLOW_UP, PORTAL, SERVICE) },
    ])
    expect(results).toEqual([
      { name: 'first', valid: true, errors: [] },
      { name: 'follow-up', valid: true, errors: [] },
    ])
  }, 60_000)

  it('copies a staff answer to the EPJ as a valid notat in the conversation, saying it was answered in Samband', async () => {
    const answer: OutgoingCitizenMessage = { ...FOLLOW_UP, body: 'Vi kommer kl. 14.', writer: { name: 'Lise Lund', basis: null } }
    const xml = serviceAnswerCopy(answer, 'Hjemmesykepleien', PORTAL, SERVICE)
    expect(await validator.validate([{ name: 'copy', xml }])).toEqual([{ name: 'copy', valid: true, errors: [] }])
    const read = readMessageXml(xml, { maxBytes: 1e6 })
    if (!read.ok || read.message.format !== 'msghead' || read.message.payload.kind !== 'dialogmelding') throw new Error('unreadable')
    expect(read.message.msgInfo.type.v).toBe('DIALOG_NOTAT')
    expect(read.message.msgInfo.conversationRef).toEqual({ refToParent: FOLLOW_UP.parentMsgId, refToConversation: FIRST.msgId })
    expect(read.message.payload.notat[0]?.tekstNotatInnhold).toBe(
      'Besvart i Samband av Lise Lund (Hjemmesykepleien). Svaret er sendt til innbyggeren:\n\nVi kommer kl. 14.',
    )
    expect(serviceAnswerCopy(answer, 'Hjemmesykepleien', PORTAL, SERVICE)).toBe(xml)
  }, 60_000)

  it('starts a conversation without ConversationRef and names it, and the message before, on every later one', () => {
    const first = readMessageXml(citizenDialogmelding(FIRST, PORTAL, SERVICE), { maxBytes: 1e6 })
    const later = readMessageXml(citizenDialogmelding(FOLLOW_UP, PORTAL, SERVICE), { maxBytes: 1e6 })
    if (!first.ok || first.message.format !== 'msghead' || !later.ok || later.message.format !== 'msghead') throw new Error('unreadable')
    expect(first.message.msgInfo.type.v).toBe('DIALOG_FORESPORSEL')
    expect(first.message.msgInfo.conversationRef).toBeUndefined()
    expect(first.message.msgInfo.patient?.idents[0]?.id).toBe('03893810098')
    expect(later.message.msgInfo.conversationRef).toEqual({ refToParent: FOLLOW_UP.parentMsgId, refToConversation: FIRST.msgId })
  })

  it('is the same document every time for the same message, so a resend after a crash is no conflict', () => {
    expect(citizenDialogmelding(FIRST, PORTAL, SERVICE)).toBe(citizenDialogmelding(FIRST, PORTAL, SERVICE))
  })

  it('tells the EPJ when a representative wrote, and says nothing extra when the citizen did', () => {
    expect(dialogText(FIRST)).toBe('Skrevet av Per Berg (fullmektig) på vegne av pasienten.\n\nKan dere komme litt senere på torsdag?')
    expect(dialogText(FOLLOW_UP)).toBe('Takk!')
    expect(dialogText({ body: 'Hei', writer: { name: 'Kari Nordmann', basis: 'parent' } })).toContain('(forelder)')
  })
})

describe('reading an EPJ answer', () => {
  it('takes the notat text (or the question text) and the health professional under the sender', () => {
    expect(
      epjAnswerText({ kind: 'dialogmelding', version: '1.1', foresporsel: [], notat: [{ tekstNotatInnhold: '  Ja, vi kommer kl. 14.  ' }] } as never),
    ).toBe('Ja, vi kommer kl. 14.')
    expect(epjAnswerText({ kind: 'dialogmelding', version: '1.1', foresporsel: [], notat: [{ tekstNotatInnhold: ' ' }] } as never)).toBeNull()
    const withNurse: Organisation = {
      ...SERVICE,
      organisation: { organisationName: 'Hjemmesykepleien', idents: [], healthcareProfessional: { givenName: 'Lise', familyName: 'Lund', idents: [] } },
    }
    expect(epjAuthorName(withNurse)).toBe('Lise Lund')
    expect(epjAuthorName(SERVICE)).toBeNull()
  })
})
