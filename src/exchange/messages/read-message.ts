import { parseXmlSafely, type SafeXmlError } from '../xml/safe-xml.ts'
import { readAppRec } from './apprec.reader.ts'
import { readKithMessage } from './kith-message.reader.ts'
import type { Message, ReadingError, ReadResult } from './message.types.ts'
import type { Envelope } from './msg-head.types.ts'
import { readMsgHead } from './msg-head.reader.ts'
import { APPREC_1_0_NS, APPREC_1_1_NS, EPIKRISE_1_2_NS, HENVISNING_1_1_NS, MSGHEAD_NS, NAV_FELLESFORMAT_NS } from './namespaces.ts'
import { ReadContext, shown } from './read-context.ts'
import type { XmlElement } from './xml-element.ts'

const KNOWN_ROOTS = 'MsgHead, AppRec, Epikrise 1.2 / Henvisning 1.1 Message, or EI_fellesformat'

/**
 * Reads a parsed business document (from `parseXmlSafely`) into a typed message. Never throws for bad input: every
 * problem found comes back as a reading error with the element path (no element content: it may be patient data).
 * The payload of PLO, Henvisning 2.0 and other pass-through messages is only identified, never rebuilt; the bytes
 * received are the payload.
 */
export function readMessage(document: { readonly root: XmlElement }): ReadResult {
  const ctx = new ReadContext()
  let message: Message | undefined
  try {
    message = readRoot(document.root, ctx)
  } catch (error) {
    // A reader bug must not become a crash of the receiving pipeline; report it as unreadable instead.
    ctx.add('unsupported-structure', shown(document.root.localName), `internal reading error: ${error instanceof Error ? error.name : 'unknown'}`)
  }
  if (ctx.errors.length > 0 || !message) {
    if (ctx.errors.length === 0) ctx.add('unsupported-structure', shown(document.root.localName), 'the document could not be read')
    return { ok: false, errors: ctx.errors }
  }
  return { ok: true, message }
}

export type ReadXmlResult =
  | { ok: true; message: Message }
  | { ok: false; stage: 'xml'; error: SafeXmlError }
  | { ok: false; stage: 'message'; errors: ReadingError[] }

/**
 * Parses (DTDs refused, size-limited) and reads in one step. The stage says which AppRec answer fits: an `xml`
 * failure is T01, a `message` failure goes through `appRecErrorForReadingErrors`. The caller keeps `input` as the
 * stored business document: it is the only copy of a pass-through payload.
 */
export function readMessageXml(input: Buffer | string, options: { maxBytes: number }): ReadXmlResult {
  const parsed = parseXmlSafely(input, options)
  if (!parsed.ok) return { ok: false, stage: 'xml', error: parsed.error }
  const result = readMessage(parsed.document)
  return result.ok ? result : { ok: false, stage: 'message', errors: result.errors }
}

function readRoot(root: XmlElement, ctx: ReadContext): Message | undefined {
  let envelope: Envelope = 'plain'
  let el = root
  if (root.localName === 'EI_fellesformat') {
    if (root.namespace !== NAV_FELLESFORMAT_NS) {
      ctx.add('wrong-namespace', 'EI_fellesformat', `EI_fellesformat must be in ${NAV_FELLESFORMAT_NS}`)
      return undefined
    }
    // The wrapper carries exactly one business document next to NAV's own blocks (MottakenhetBlokk …).
    const inner = root.children.find((c) => isBusinessRoot(c))
    if (!inner) {
      ctx.add('missing-element', 'EI_fellesformat', 'no MsgHead or AppRec inside EI_fellesformat')
      return undefined
    }
    envelope = 'nav-fellesformat'
    el = inner
  }

  switch (el.localName) {
    case 'MsgHead':
      if (el.namespace !== MSGHEAD_NS) return wrongNamespace(ctx, el, MSGHEAD_NS)
      return readMsgHead(el, envelope, ctx)
    case 'AppRec': {
      const version = el.namespace === APPREC_1_0_NS ? '1.0' : el.namespace === APPREC_1_1_NS ? '1.1' : undefined
      if (!version) return wrongNamespace(ctx, el, `${APPREC_1_0_NS} or ${APPREC_1_1_NS}`)
      return { format: 'apprec', envelope, appRec: readAppRec(el, version, 'AppRec', ctx) }
    }
    case 'Message':
      if (el.namespace !== EPIKRISE_1_2_NS && el.namespace !== HENVISNING_1_1_NS) {
        return wrongNamespace(ctx, el, `${EPIKRISE_1_2_NS} or ${HENVISNING_1_1_NS}`)
      }
      return readKithMessage(el, envelope, ctx)
    default:
      ctx.add('unknown-root', shown(el.localName), `unknown document type <${shown(el.localName)}>; expected ${KNOWN_ROOTS}`)
      return undefined
  }
}

function isBusinessRoot(el: XmlElement): boolean {
  return el.localName === 'MsgHead' || el.localName === 'AppRec' || el.localName === 'Message'
}

function wrongNamespace(ctx: ReadContext, el: XmlElement, expected: string): undefined {
  ctx.add('wrong-namespace', shown(el.localName), `<${shown(el.localName)}> in namespace "${shown(el.namespace)}"; expected ${expected}`)
  return undefined
}
