import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { parseXmlSafely } from '../xml/safe-xml.ts'
import type { Message, ReadingErrorCode, ReadResult } from './message.types.ts'
import { readMessage, readMessageXml } from './read-message.ts'
import type { XmlElement } from './xml-element.ts'

function readXml(xml: string): ReadResult {
  const parsed = parseXmlSafely(xml, { maxBytes: 1_000_000 })
  if (!parsed.ok) throw new Error(parsed.error.message)
  return readMessage(parsed.document)
}

const MH = 'http://www.kith.no/xmlstds/msghead/2006-05-24'
const DIALOG = 'http://www.kith.no/xmlstds/dialog/2013-01-23'

function msgHead({
  type = '<Type V="DIALOG_NOTAT" DN="Notat"/>',
  msgId = '<MsgId>6e0b1d1c-4f2a-4a4e-9d1f-2b1a1c0d0e0f</MsgId>',
  conversationRef = '',
  content = `<Dialogmelding xmlns="${DIALOG}"><Notat><TemaKodet V="6"/><TekstNotatInnhold>Hei</TekstNotatInnhold></Notat></Dialogmelding>`,
  ns = MH,
} = {}): string {
  return `<MsgHead xmlns="${ns}"><MsgInfo>${type}<MIGversion>v1.2 2006-05-24</MIGversion><GenDate>2026-11-23T12:00:00</GenDate>${msgId}${conversationRef}
<Sender><Organisation><OrganisationName>A</OrganisationName><Ident><Id>1</Id><TypeId V="HER"/></Ident></Organisation></Sender>
<Receiver><Organisation><OrganisationName>B</OrganisationName><Ident><Id>2</Id><TypeId V="HER"/></Ident></Organisation></Receiver>
</MsgInfo><Document><RefDoc><MsgType V="XML"/><Content>${content}</Content></RefDoc></Document></MsgHead>`
}

function appRec(status: string, errors = ''): string {
  return `<AppRec xmlns="http://www.kith.no/xmlstds/apprec/2012-02-15"><MsgType V="APPREC"/><MIGversion>v1.1 2012-02-15</MIGversion>
<GenDate>2026-11-23T12:00:00</GenDate><Id>x</Id><Sender><HCP><Inst><Name>A</Name></Inst></HCP></Sender><Receiver><HCP><Inst><Name>B</Name></Inst></HCP></Receiver>
<Status V="${status}"/>${errors}<OriginalMsgId><MsgType V="DIALOG_NOTAT"/><IssueDate>2026-11-23T11:00:00</IssueDate><Id>y</Id></OriginalMsgId></AppRec>`
}

function codes(result: ReadResult): [ReadingErrorCode, string][] {
  if (result.ok) return []
  return result.errors.map((e) => [e.code, e.path])
}

describe('readMessage: reading errors are values, with paths', () => {
  it('a well-formed minimal MsgHead reads', () => {
    expect(readXml(msgHead()).ok).toBe(true)
  })

  it.each<[string, string, [ReadingErrorCode, string][]]>([
    ['missing MsgId', msgHead({ msgId: '' }), [['missing-element', 'MsgHead/MsgInfo/MsgId']]],
    ['empty MsgId', msgHead({ msgId: '<MsgId> </MsgId>' }), [['missing-element', 'MsgHead/MsgInfo/MsgId']]],
    ['unknown MsgType', msgHead({ type: '<Type V="DIALOG_TULL"/>' }), [['unknown-msg-type', 'MsgHead/MsgInfo/Type/@V']]],
    ['MsgType without a code', msgHead({ type: '<Type DN="Notat"/>' }), [['missing-element', 'MsgHead/MsgInfo/Type/@V']]],
    [
      'ConversationRef without RefToConversation',
      msgHead({ conversationRef: '<ConversationRef><RefToParent>p</RefToParent></ConversationRef>' }),
      [['missing-element', 'MsgHead/MsgInfo/ConversationRef/RefToConversation']],
    ],
    ['MsgHead in a wrong namespace', msgHead({ ns: 'http://www.kith.no/xmlstds/msghead/2099-01-01' }), [['wrong-namespace', 'MsgHead']]],
    [
      'Dialogmelding in a wrong namespace',
      msgHead({ content: '<Dialogmelding xmlns="urn:not-kith"><Notat><TemaKodet V="6"/></Notat></Dialogmelding>' }),
      [['wrong-namespace', 'MsgHead/Document[1]/RefDoc/Content/Dialogmelding']],
    ],
    [
      'Dialogmelding without Notat or Foresporsel',
      msgHead({ content: `<Dialogmelding xmlns="${DIALOG}"/>` }),
      [['missing-element', 'MsgHead/Document[1]/RefDoc/Content/Dialogmelding/Notat']],
    ],
    [
      'Notat without TemaKodet',
      msgHead({ content: `<Dialogmelding xmlns="${DIALOG}"><Notat><TekstNotatInnhold>x</TekstNotatInnhold></Notat></Dialogmelding>` }),
      [['missing-element', 'MsgHead/Document[1]/RefDoc/Content/Dialogmelding/Notat[1]/TemaKodet']],
    ],
    ['payload without a namespace', msgHead({ content: '<Something xmlns=""/>' }), [['wrong-namespace', 'MsgHead/Document[1]/RefDoc/Content/Something']]],
    ['payload in the MsgHead namespace', msgHead({ content: '<Something/>' }), [['wrong-namespace', 'MsgHead/Document[1]/RefDoc/Content/Something']]],
    ['unknown root', '<Foo xmlns="urn:x"/>', [['unknown-root', 'Foo']]],
    [
      'EI_fellesformat without a business document',
      '<EI_fellesformat xmlns="http://www.nav.no/xml/eiff/2/"><MottakenhetBlokk/></EI_fellesformat>',
      [['missing-element', 'EI_fellesformat']],
    ],
    ['AppRec in an unknown namespace', '<AppRec xmlns="urn:x"/>', [['wrong-namespace', 'AppRec']]],
    ['AppRec Avvist without an Error', appRec('2'), [['missing-element', 'AppRec/Error']]],
    ['AppRec with an unknown status', appRec('7'), [['invalid-value', 'AppRec/Status']]],
  ])('%s', (_name, xml, expected) => {
    expect(codes(readXml(xml))).toEqual(expected)
  })

  it('reports every missing element of an empty MsgHead at once', () => {
    const result = readXml(`<MsgHead xmlns="${MH}"><MsgInfo/></MsgHead>`)
    expect(codes(result).map(([, path]) => path)).toEqual([
      'MsgHead/Document',
      'MsgHead/MsgInfo/Type',
      'MsgHead/MsgInfo/MIGversion',
      'MsgHead/MsgInfo/GenDate',
      'MsgHead/MsgInfo/MsgId',
      'MsgHead/MsgInfo/Sender',
      'MsgHead/MsgInfo/Receiver',
    ])
  })

  it('never quotes element content in an error (messages hold patient data)', () => {
    const result = readXml(msgHead({ msgId: '', content: `<Dialogmelding xmlns="${DIALOG}"><Notat><Tema>13116900216</Tema></Notat></Dialogmelding>` }))
    expect(result.ok).toBe(false)
    expect(JSON.stringify(result)).not.toContain('13116900216')
  })

  it('an AppRec with status 1 and no errors reads', () => {
    expect(readXml(appRec('1')).ok).toBe(true)
    expect(readXml(appRec('2', '<Error V="E21" S="2.16.578.1.12.4.1.1.8221"/>')).ok).toBe(true)
  })

  it('never throws, whatever element tree it is given', () => {
    const names = fc.constantFrom(
      'MsgHead',
      'MsgInfo',
      'Type',
      'MsgId',
      'Document',
      'RefDoc',
      'Content',
      'AppRec',
      'Status',
      'Notat',
      'EI_fellesformat',
      'Message',
      'ServReq',
      'X',
    )
    const namespaces = fc.constantFrom(
      undefined,
      MH,
      DIALOG,
      'http://www.kith.no/xmlstds/apprec/2012-02-15',
      'http://www.nav.no/xml/eiff/2/',
      'http://www.kith.no/xmlstds/henvisning/2012-02-15',
    )
    const treeOf = (depth: number): fc.Arbitrary<XmlElement> =>
      fc.record({
        namespace: namespaces,
        localName: names,
        attributes: fc.dictionary(fc.constantFrom('V', 'DN', 'S'), fc.string()),
        children: depth === 0 ? fc.constant([]) : fc.array(treeOf(depth - 1), { maxLength: 4 }),
        text: fc.string(),
      })
    const tree = treeOf(5)
    fc.assert(
      fc.property(tree, (root) => {
        const result = readMessage({ root })
        expect(typeof result.ok).toBe('boolean')
      }),
      { numRuns: 500 },
    )
  })
})

describe('readMessage: less common shapes', () => {
  it('a MsgHead carrying an AppRec', () => {
    const inner = appRec('2', '<Error V="E21" S="2.16.578.1.12.4.1.1.8221" DN="Mottaker finnes ikke"/>')
    const result = readXml(msgHead({ type: '<Type V="APPREC"/>', content: inner }))
    if (!result.ok || result.message.format !== 'msghead') throw new Error(JSON.stringify(result))
    const { payload } = result.message
    expect(payload.kind).toBe('apprec')
    if (payload.kind !== 'apprec') return
    expect(payload.appRec.version).toBe('1.1')
    expect(payload.appRec.errors).toEqual([{ v: 'E21', s: '2.16.578.1.12.4.1.1.8221', dn: 'Mottaker finnes ikke' }])
  })

  it('XHTML in Sporsmal (anyType in 1.1) reads as text, paragraphs on their own lines', () => {
    const content = `<Dialogmelding xmlns="${DIALOG}"><Foresporsel><TypeForesp V="1"/><Sporsmal><p xmlns="http://www.w3.org/1999/xhtml">Første <b>avsnitt</b></p><p xmlns="http://www.w3.org/1999/xhtml">Andre</p></Sporsmal></Foresporsel></Dialogmelding>`
    const result = readXml(msgHead({ type: '<Type V="DIALOG_FORESPORSEL"/>', content }))
    if (!result.ok || result.message.format !== 'msghead' || result.message.payload.kind !== 'dialogmelding') throw new Error(JSON.stringify(result))
    expect(result.message.payload.foresporsel[0]?.sporsmal).toBe('Første avsnitt\nAndre')
  })
})

describe('readMessageXml: parse and read in one step', () => {
  it('reads bytes', () => {
    const result = readMessageXml(Buffer.from(msgHead(), 'utf8'), { maxBytes: 100_000 })
    expect(result.ok && summaryOf(result.message)).toBe('6e0b1d1c-4f2a-4a4e-9d1f-2b1a1c0d0e0f')
  })

  it.each([
    ['a DOCTYPE', '<!DOCTYPE x [<!ENTITY a "b">]><x/>', 'doctype-refused'],
    ['malformed XML', '<MsgHead><MsgInfo></MsgHead>', 'not-well-formed'],
    ['an oversized body', msgHead(), 'too-large'],
  ])('refuses %s at the XML stage', (_name, xml, code) => {
    const result = readMessageXml(xml, { maxBytes: code === 'too-large' ? 100 : 100_000 })
    expect(result.ok === false && result.stage === 'xml' && result.error.code).toBe(code)
  })

  it('reports reading errors at the message stage', () => {
    const result = readMessageXml(msgHead({ msgId: '' }), { maxBytes: 100_000 })
    expect(result.ok === false && result.stage === 'message' && result.errors.map((e) => e.path)).toEqual(['MsgHead/MsgInfo/MsgId'])
  })
})

function summaryOf(message: Message): string | undefined {
  return message.format === 'msghead' ? message.msgInfo.msgId : undefined
}

describe('reading errors show codes, never free text', () => {
  it('withholds a type code that carries free text', () => {
    const result = readXml(msgHead({ type: '<Type V="Kari Nordmann 13116900216 har vondt i ryggen og trenger time snarest mulig, ring 99999999"/>' }))
    expect(result.ok).toBe(false)
    if (result.ok) return
    expect(result.errors[0]?.message).not.toMatch(/Kari|13116900216/)
    expect(result.errors[0]?.message).toContain('(value not shown)')
  })
})
