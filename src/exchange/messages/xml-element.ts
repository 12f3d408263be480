/**
 * The namespace-resolved element tree the message readers work on, as a structural type: `parseXmlSafely`
 * (src/exchange/xml/safe-xml.ts) produces it, and readers stay independent of how it was parsed. Readers never
 * look at prefixes: KITH samples use default namespaces, `ns2:` prefixes and `fk1:` children interchangeably, and
 * only the namespace URI says what an element is.
 */
export type XmlElement = {
  readonly namespace: string | undefined
  readonly localName: string
  /** Attributes by qualified name as written (V, DN, S, OT, xsi:type …). */
  readonly attributes: Readonly<Record<string, string>>
  readonly children: readonly XmlElement[]
  /** The element's own text nodes joined (CDATA included), untrimmed; descendants' text is not included. */
  readonly text: string
}

export function child(parent: XmlElement | undefined, localName: string, namespace?: string): XmlElement | undefined {
  if (!parent) return undefined
  return parent.children.find((c) => c.localName === localName && (namespace === undefined || c.namespace === namespace))
}

export function childrenNamed(parent: XmlElement | undefined, localName: string, namespace?: string): XmlElement[] {
  if (!parent) return []
  return parent.children.filter((c) => c.localName === localName && (namespace === undefined || c.namespace === namespace))
}

/** Trimmed text of a child element, undefined when the child is absent or empty. */
export function childText(parent: XmlElement | undefined, localName: string, namespace?: string): string | undefined {
  const el = child(parent, localName, namespace)
  if (!el) return undefined
  const text = el.text.trim()
  return text === '' ? undefined : text
}

/**
 * All text below an element in document order. `Sporsmal` and `TekstNotatInnhold` are anyType in Dialogmelding
 * 1.1 (XHTML allowed), so the readable text may sit in descendants.
 */
export function deepText(el: XmlElement): string {
  if (el.children.length === 0) return el.text
  // The tree keeps an element's own text joined, so its interleaving with child elements is lost; own text first
  // is exact for the common cases (plain text, or markup only). Block elements (XHTML paragraphs, list items)
  // start a new line and inline ones a space, so words do not run together.
  let out = el.text.trim()
  for (const c of el.children) {
    const text = deepText(c).trim()
    if (text === '') continue
    out = out === '' ? text : out + (BLOCK_ELEMENTS.has(c.localName) ? '\n' : ' ') + text
  }
  return out
}

const BLOCK_ELEMENTS = new Set(['p', 'div', 'br', 'li', 'ul', 'ol', 'table', 'tr', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'pre', 'blockquote'])
