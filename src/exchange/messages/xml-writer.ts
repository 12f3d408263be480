/**
 * A minimal XML serialiser for the documents Samband writes. Hand-built rather than fast-xml-parser's XMLBuilder
 * because the XSDs fix element order and the builder's object model makes order and absent-vs-empty easy to get
 * wrong; here every element is written exactly where the writer puts it, and every value is escaped.
 */

export type XmlNode = {
  name: string
  attributes?: Readonly<Record<string, string | undefined>>
  children?: readonly (XmlNode | undefined | false)[]
  text?: string
}

/** An element; undefined attributes and undefined/false children are left out (optional elements). */
export function el(name: string, attributes?: Readonly<Record<string, string | undefined>>, ...children: (XmlNode | undefined | false)[]): XmlNode {
  return attributes === undefined ? { name, children } : { name, attributes, children }
}

/** An element with text content, or nothing when the text is undefined (an optional element left out). */
export function textEl(name: string, text: string | undefined, attributes?: Readonly<Record<string, string | undefined>>): XmlNode | undefined {
  if (text === undefined) return undefined
  return attributes === undefined ? { name, text } : { name, attributes, text }
}

// XML 1.0 Char production. Anything else (most C0 controls, lone surrogates, U+FFFE/FFFF) cannot be represented at
// all, not even as a character reference, so it is a bug upstream: input should have been validated at the edge.
const NOT_XML_CHAR = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u

export class InvalidXmlCharacterError extends Error {
  constructor(where: string) {
    super(`a value for ${where} contains a character that XML 1.0 cannot represent`)
    this.name = 'InvalidXmlCharacterError'
  }
}

function checkChars(value: string, where: string): void {
  if (NOT_XML_CHAR.test(value)) throw new InvalidXmlCharacterError(where)
}

export function escapeText(value: string): string {
  // '>' too: "]]>" in text is not allowed, and escaping every '>' is the simplest way to never produce it.
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/\r/g, '&#13;')
}

export function escapeAttribute(value: string): string {
  // Tab, newline and CR as references: a parser would otherwise normalise them to spaces.
  return value
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;')
    .replace(/\t/g, '&#9;')
    .replace(/\n/g, '&#10;')
    .replace(/\r/g, '&#13;')
}

function write(node: XmlNode, depth: number, out: string[]): void {
  const pad = '  '.repeat(depth)
  let open = `<${node.name}`
  for (const [key, value] of Object.entries(node.attributes ?? {})) {
    if (value === undefined) continue
    checkChars(value, `${node.name}/@${key}`)
    open += ` ${key}="${escapeAttribute(value)}"`
  }
  const children = (node.children ?? []).filter((c): c is XmlNode => Boolean(c))
  if (node.text !== undefined) {
    checkChars(node.text, node.name)
    out.push(`${pad}${open}>${escapeText(node.text)}</${node.name}>`)
  } else if (children.length === 0) {
    out.push(`${pad}${open}/>`)
  } else {
    out.push(`${pad}${open}>`)
    for (const c of children) write(c, depth + 1, out)
    out.push(`${pad}</${node.name}>`)
  }
}

/** Serialises a document: UTF-8 declaration, two-space indentation, no schemaLocation (receivers use their own). */
export function serializeDocument(root: XmlNode): string {
  const out = ['<?xml version="1.0" encoding="UTF-8"?>']
  write(root, 0, out)
  return `${out.join('\n')}\n`
}
