import { XMLParser, XMLValidator } from 'fast-xml-parser'

/**
 * Parsing of XML that arrives from outside (EPJ systems, NHN, NAV). The order of the checks matters:
 * size first (cheap, bounds every later step), then refuse DTDs outright (no entity expansion, no external
 * entities, no "billion laughs" — the national standards never use a DOCTYPE), then decode, then check
 * well-formedness and parse.
 */

export type SafeXmlErrorCode = 'too-large' | 'doctype-refused' | 'not-well-formed' | 'encoding'

export interface SafeXmlError {
  code: SafeXmlErrorCode
  message: string
}

/** One element of the parsed document. Only elements are children; text is collected in `text`. */
export interface XmlElement {
  /** Qualified name as written, e.g. `ns2:AppRec` or `MsgHead`. */
  name: string
  /** Prefix as written, or undefined for an unprefixed name. */
  prefix: string | undefined
  localName: string
  /** Namespace URI from the xmlns declarations in scope; undefined when the element is in no namespace. */
  namespace: string | undefined
  /**
   * Attribute values keyed by their qualified name as written (without fast-xml-parser's `@_`), entity
   * references decoded. The xmlns declarations are included, as in the source.
   */
  attributes: Record<string, string>
  /** Prefix → namespace URI in scope at this element ('' is the default namespace); for QName-valued content like xsi:type. */
  namespacesInScope: Readonly<Record<string, string>>
  children: XmlElement[]
  /** The element's own character data (text and CDATA directly inside it, in order), not its descendants'. */
  text: string
}

export interface XmlDocument {
  root: XmlElement
  /** The encoding the bytes were decoded with. */
  encoding: SupportedEncoding
}

export type SafeXmlResult = { ok: true; document: XmlDocument } | { ok: false; error: SafeXmlError }

export interface SafeXmlOptions {
  maxBytes: number
}

export type SupportedEncoding = 'utf-8' | 'iso-8859-1'

const XML_NAMESPACE = 'http://www.w3.org/XML/1998/namespace'
const XMLNS_NAMESPACE = 'http://www.w3.org/2000/xmlns/'

// Any markup declaration that only exists inside a DTD. Matched anywhere, case-insensitively, even inside comments
// or CDATA: a false refusal of a message that merely mentions "<!DOCTYPE" in a comment is a price worth paying
// for a check that cannot be confused by the parser's idea of where a comment ends.
const DTD_MARKUP = /<!\s*(?:doctype|entity|element|attlist|notation)/i

const ENCODING_ALIASES: Record<string, SupportedEncoding> = {
  'utf-8': 'utf-8',
  utf8: 'utf-8',
  'iso-8859-1': 'iso-8859-1',
  iso8859_1: 'iso-8859-1',
  'iso_8859-1': 'iso-8859-1',
  'iso8859-1': 'iso-8859-1',
  latin1: 'iso-8859-1',
}

const XML_DECLARATION = /^<\?xml\s[^>]*?\bencoding\s*=\s*(["'])([^"']*)\1/

function fail(code: SafeXmlErrorCode, message: string): SafeXmlResult {
  return { ok: false, error: { code, message } }
}

/** Returns the declared encoding name (lower-cased), or undefined when there is no declaration or no encoding in it. */
function declaredEncoding(head: string): string | undefined {
  return XML_DECLARATION.exec(head)?.[2]?.toLowerCase()
}

type Decoded = { ok: true; text: string; encoding: SupportedEncoding } | { ok: false; error: SafeXmlError }

function decode(input: Buffer | string): Decoded {
  if (typeof input === 'string') {
    // Already characters: the declaration no longer says how to read bytes, but a declaration we would refuse for
    // bytes is refused for strings too, so both entry points accept the same messages.
    const text = input.startsWith('\uFEFF') ? input.slice(1) : input
    const declared = declaredEncoding(text.slice(0, 200))
    if (declared !== undefined && !(declared in ENCODING_ALIASES)) {
      return { ok: false, error: { code: 'encoding', message: `unsupported encoding "${declared}" (only UTF-8 and ISO-8859-1)` } }
    }
    return { ok: true, text, encoding: declared === undefined ? 'utf-8' : (ENCODING_ALIASES[declared] ?? 'utf-8') }
  }
  if ((input[0] === 0xfe && input[1] === 0xff) || (input[0] === 0xff && input[1] === 0xfe)) {
    return { ok: false, error: { code: 'encoding', message: 'UTF-16 is not supported (only UTF-8 and ISO-8859-1)' } }
  }
  const hasUtf8Bom = input[0] === 0xef && input[1] === 0xbb && input[2] === 0xbf
  const body = hasUtf8Bom ? input.subarray(3) : input
  // Both supported encodings are ASCII-compatible, so the declaration reads the same in a latin1 view of the bytes.
  const declared = declaredEncoding(body.subarray(0, 200).toString('latin1'))
  const encoding = declared === undefined ? 'utf-8' : ENCODING_ALIASES[declared]
  if (encoding === undefined) {
    return { ok: false, error: { code: 'encoding', message: `unsupported encoding "${declared}" (only UTF-8 and ISO-8859-1)` } }
  }
  if (hasUtf8Bom && encoding !== 'utf-8') {
    return { ok: false, error: { code: 'encoding', message: `UTF-8 byte order mark but declared encoding "${declared}"` } }
  }
  if (encoding === 'iso-8859-1') {
    // Buffer's 'latin1' is true ISO-8859-1; TextDecoder('iso-8859-1') would be windows-1252 (WHATWG label mapping).
    return { ok: true, text: body.toString('latin1'), encoding }
  }
  try {
    return { ok: true, text: new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(body), encoding }
  } catch {
    return { ok: false, error: { code: 'encoding', message: 'the bytes are not valid UTF-8 (declare encoding="ISO-8859-1" if that is what they are)' } }
  }
}

// XML's only predefined entities plus character references; anything else would need a DTD, which we refuse.
const REFERENCE = /&(?:(lt|gt|amp|apos|quot)|#([0-9]+)|#x([0-9a-fA-F]+));/g
const PREDEFINED: Record<string, string> = { lt: '<', gt: '>', amp: '&', apos: "'", quot: '"' }

function isXmlChar(cp: number): boolean {
  return cp === 0x9 || cp === 0xa || cp === 0xd || (cp >= 0x20 && cp <= 0xd7ff) || (cp >= 0xe000 && cp <= 0xfffd) || (cp >= 0x10000 && cp <= 0x10ffff)
}

class NotWellFormed extends Error {}

/** Decodes references in one pass, so `&amp;#230;` stays the text `&#230;` instead of becoming `æ`. */
function decodeReferences(raw: string): string {
  if (!raw.includes('&')) return raw
  const decoded = raw.replace(REFERENCE, (_match, named: string | undefined, dec: string | undefined, hex: string | undefined) => {
    if (named !== undefined) return PREDEFINED[named] ?? ''
    const cp = dec !== undefined ? Number.parseInt(dec, 10) : Number.parseInt(hex ?? '', 16)
    if (!isXmlChar(cp)) throw new NotWellFormed(`character reference to a character not allowed in XML (${_match})`)
    return String.fromCodePoint(cp)
  })
  return decoded
}

// fast-xml-parser's validator lets undefined entity references (`&foo;`) through; in XML without a DTD they are a
// well-formedness error. Comments, CDATA and processing instructions may contain '&' freely, so blank them first
// (keeping newlines so the reported line stays right).
const SKIPPED_SECTIONS = /<!--[\s\S]*?-->|<!\[CDATA\[[\s\S]*?\]\]>|<\?[\s\S]*?\?>/g
const BAD_AMPERSAND = /&(?!(?:lt|gt|amp|apos|quot|#[0-9]+|#x[0-9a-fA-F]+);)/g

function blankSkippedSections(text: string): string {
  return text.replace(SKIPPED_SECTIONS, (section) => section.replace(/[^\n]/g, ' '))
}

function findUndefinedReference(blanked: string): string | undefined {
  BAD_AMPERSAND.lastIndex = 0
  const match = BAD_AMPERSAND.exec(blanked)
  if (!match) return undefined
  const before = blanked.slice(0, match.index)
  const line = before.split('\n').length
  const col = match.index - before.lastIndexOf('\n')
  const reference = /^&[^\s;<&]{0,40};?/.exec(blanked.slice(match.index))?.[0] ?? '&'
  return `line ${line}, column ${col}: undefined entity reference or bare '&' (${reference})`
}

// The validator accepts text after a self-closing root (`<a/>junk`) and the parser drops it. '<' cannot occur in
// attribute values, so the last '<' starts the last tag; after that tag only whitespace may follow.
const LAST_TAG = /<\/?[^\s/>]+(?:\s+[^\s=/>]+\s*=\s*(?:"[^"]*"|'[^']*'))*\s*\/?>\s*$/y

function hasTextAfterLastTag(blanked: string): boolean {
  LAST_TAG.lastIndex = blanked.lastIndexOf('<')
  return LAST_TAG.lastIndex < 0 || !LAST_TAG.test(blanked)
}

const MAX_NESTING = 100

const parser = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  // Values stay strings: a HER-id or a fødselsnummer with a leading zero must not turn into a number.
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: false,
  // We decode references ourselves (see decodeReferences): the parser's own pass skips character references.
  processEntities: false,
  htmlEntities: false,
  ignoreDeclaration: true,
  ignorePiTags: true,
  cdataPropName: '#cdata',
  // The library's default, set explicitly because buildElement recurses once per level: this bounds our stack too.
  // The national standards nest about 15 deep.
  maxNestedTags: MAX_NESTING,
})

type OrderedNode = Record<string, unknown>

function splitName(name: string): { prefix: string | undefined; localName: string } {
  const colon = name.indexOf(':')
  if (colon < 0) return { prefix: undefined, localName: name }
  if (colon === 0 || colon === name.length - 1 || name.indexOf(':', colon + 1) >= 0) throw new NotWellFormed(`invalid qualified name "${name}"`)
  return { prefix: name.slice(0, colon), localName: name.slice(colon + 1) }
}

function normaliseAttributeValue(raw: string): string {
  // XML attribute-value normalisation: literal whitespace characters become spaces (character references are kept).
  return decodeReferences(raw.replace(/[\t\n\r]/g, ' '))
}

function buildElement(node: OrderedNode, parentScope: Readonly<Record<string, string>>): XmlElement {
  const name = Object.keys(node).find((key) => key !== ':@')
  if (name === undefined) throw new NotWellFormed('empty node from the parser')
  const rawAttributes = (node[':@'] ?? {}) as Record<string, string>
  const attributes: Record<string, string> = {}
  let scope = parentScope
  for (const [key, raw] of Object.entries(rawAttributes)) {
    const attrName = key.startsWith('@_') ? key.slice(2) : key
    const value = normaliseAttributeValue(String(raw))
    attributes[attrName] = value
    if (attrName === 'xmlns' || attrName.startsWith('xmlns:')) {
      const declaredPrefix = attrName === 'xmlns' ? '' : attrName.slice(6)
      if (declaredPrefix !== '' && value === '')
        throw new NotWellFormed(`namespace prefix "${declaredPrefix}" undeclared with an empty URI (XML 1.0 namespaces do not allow it)`)
      if (declaredPrefix === 'xmlns' || value === XMLNS_NAMESPACE) throw new NotWellFormed('the xmlns prefix and namespace are reserved')
      // Copy-on-write: most elements declare nothing and share their parent's scope object.
      if (scope === parentScope) scope = { ...parentScope }
      ;(scope as Record<string, string>)[declaredPrefix] = value
    }
  }
  const { prefix, localName } = splitName(name)
  let namespace: string | undefined
  if (prefix === undefined) {
    namespace = scope[''] === '' ? undefined : scope['']
  } else {
    namespace = scope[prefix]
    if (namespace === undefined) throw new NotWellFormed(`element <${name}> uses the undeclared namespace prefix "${prefix}"`)
  }
  for (const attrName of Object.keys(attributes)) {
    const attrPrefix = splitName(attrName).prefix
    if (attrPrefix !== undefined && attrPrefix !== 'xmlns' && scope[attrPrefix] === undefined) {
      throw new NotWellFormed(`attribute ${attrName} on <${name}> uses the undeclared namespace prefix "${attrPrefix}"`)
    }
  }
  const children: XmlElement[] = []
  let text = ''
  const content = node[name]
  if (Array.isArray(content)) {
    for (const child of content as OrderedNode[]) {
      if ('#text' in child) text += decodeReferences(String(child['#text']))
      else if ('#cdata' in child) {
        for (const part of child['#cdata'] as OrderedNode[]) text += String(part['#text'] ?? '')
      } else children.push(buildElement(child, scope))
    }
  }
  return { name, prefix, localName, namespace, attributes, namespacesInScope: scope, children, text }
}

const INITIAL_SCOPE: Readonly<Record<string, string>> = Object.freeze({ xml: XML_NAMESPACE })

/** True when the text contains markup that only a DTD can hold. Exported for callers that hand XML to other parsers (xmllint). */
export function containsDtdMarkup(text: string): boolean {
  return DTD_MARKUP.test(text)
}

export function parseXmlSafely(input: Buffer | string, opts: SafeXmlOptions): SafeXmlResult {
  const size = typeof input === 'string' ? Buffer.byteLength(input, 'utf8') : input.byteLength
  if (size > opts.maxBytes) return fail('too-large', `the document is ${size} bytes; the limit is ${opts.maxBytes}`)

  // On the raw bytes too: '<!DOCTYPE' is the same bytes in every encoding we accept, so this refuses before we even
  // decode, whatever the declaration says.
  if (typeof input !== 'string' && DTD_MARKUP.test(input.toString('latin1'))) {
    return fail('doctype-refused', 'a DOCTYPE or other DTD declaration is not allowed')
  }
  const decoded = decode(input)
  if (!decoded.ok) return decoded
  // NUL cannot appear in XML; seeing one usually means UTF-16 without a byte order mark, which would also hide
  // '<!DOCTYPE' from the check above as '<\0!\0D\0...'.
  if (decoded.text.includes('\u0000')) return fail('encoding', 'NUL character in the document (UTF-16 without a byte order mark?)')
  if (DTD_MARKUP.test(decoded.text)) return fail('doctype-refused', 'a DOCTYPE or other DTD declaration is not allowed')

  // XML end-of-line handling, before both the validator (positions) and the parser (text content).
  const text = decoded.text.replace(/\r\n?/g, '\n')
  const validation = XMLValidator.validate(text, { allowBooleanAttributes: false })
  if (validation !== true) {
    const { line, col, msg } = validation.err
    return fail('not-well-formed', `line ${line}, column ${col}: ${msg}`)
  }
  const blanked = blankSkippedSections(text)
  const badReference = findUndefinedReference(blanked)
  if (badReference !== undefined) return fail('not-well-formed', badReference)
  if (hasTextAfterLastTag(blanked)) return fail('not-well-formed', 'text after the root element')

  try {
    const nodes = parser.parse(text) as OrderedNode[]
    const elements = nodes.filter((node) => !('#text' in node) && !('#cdata' in node))
    if (elements.length !== 1) return fail('not-well-formed', `expected exactly one root element, found ${elements.length}`)
    const strayText = nodes.find((node) => '#text' in node && String(node['#text']).trim() !== '')
    if (strayText) return fail('not-well-formed', 'text outside the root element')
    const root = buildElement(elements[0] as OrderedNode, INITIAL_SCOPE)
    return { ok: true, document: { root, encoding: decoded.encoding } }
  } catch (error) {
    if (error instanceof NotWellFormed) return fail('not-well-formed', error.message)
    // A resource limit like the byte limit, not a syntax error: report it as one.
    if (error instanceof Error && error.message === 'Maximum nested tags exceeded')
      return fail('too-large', `elements nested more than about ${MAX_NESTING} deep`)
    return fail('not-well-formed', error instanceof Error ? error.message : String(error))
  }
}

/** Child elements with this namespace URI and local name (namespace undefined = no namespace). */
export function childElements(element: XmlElement, namespace: string | undefined, localName: string): XmlElement[] {
  return element.children.filter((child) => child.namespace === namespace && child.localName === localName)
}

/** The first such child element, or undefined. */
export function childElement(element: XmlElement, namespace: string | undefined, localName: string): XmlElement | undefined {
  return element.children.find((child) => child.namespace === namespace && child.localName === localName)
}

/**
 * Namespace URI of the element at a path of qualified names from the root (e.g. ['MsgHead', 'Document', 'RefDoc']),
 * taking the first matching child at each step; undefined when the path does not exist or the element has no namespace.
 */
export function namespaceOf(document: XmlDocument, path: readonly string[]): string | undefined {
  const [first, ...rest] = path
  if (first === undefined || document.root.name !== first) return undefined
  let current: XmlElement | undefined = document.root
  for (const step of rest) {
    current = current.children.find((child) => child.name === step)
    if (current === undefined) return undefined
  }
  return current.namespace
}
