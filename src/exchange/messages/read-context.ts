/**
 * Shared pieces of the readers: a collector of reading errors with element paths, and the KITH datatypes (CS/CV,
 * Ident) every standard reuses. Readers collect every problem they find instead of stopping at the first, so a
 * negative AppRec or an API answer can list them all.
 */
import type { ReadingError, ReadingErrorCode } from './message.types.ts'
import type { Coded, Ident } from './msg-head.types.ts'
import { child, childrenNamed, childText, type XmlElement } from './xml-element.ts'

export class ReadContext {
  readonly errors: ReadingError[] = []

  add(code: ReadingErrorCode, path: string, message: string): void {
    this.errors.push({ code, path, message })
  }

  /** A required child; records `missing-element` when absent. */
  required(parent: XmlElement, localName: string, path: string, namespace?: string): XmlElement | undefined {
    const el = child(parent, localName, namespace)
    if (!el) this.add('missing-element', `${path}/${localName}`, `${localName} is required`)
    return el
  }

  /** A required, non-empty text child. */
  requiredText(parent: XmlElement, localName: string, path: string, namespace?: string): string | undefined {
    const el = this.required(parent, localName, path, namespace)
    if (!el) return undefined
    const text = el.text.trim()
    if (text === '') {
      this.add('missing-element', `${path}/${localName}`, `${localName} is empty`)
      return undefined
    }
    return text
  }
}

/** Reads a CS/CV element's attributes; only the attributes present are set. */
export function readCoded(el: XmlElement | undefined): Coded | undefined {
  if (!el) return undefined
  const coded: Coded = {}
  const { V, DN, S, OT } = el.attributes
  if (V !== undefined) coded.v = V
  if (DN !== undefined) coded.dn = DN
  if (S !== undefined) coded.s = S
  if (OT !== undefined) coded.ot = OT
  return coded
}

/**
 * Ident (MsgHead or felleskomponent1): Id and TypeId. Matched by local name because Dialogmelding puts fk1:Id and
 * fk1:TypeId inside its own Ident element; the enclosing element's namespace was already checked.
 */
export function readIdents(parent: XmlElement | undefined): Ident[] {
  return childrenNamed(parent, 'Ident').flatMap((identEl) => {
    const id = childText(identEl, 'Id')
    const typeId = readCoded(child(identEl, 'TypeId'))
    return id === undefined ? [] : [{ id, typeId: typeId ?? {} }]
  })
}

/** Assigns only defined values, so optional properties stay absent (exactOptionalPropertyTypes-friendly, tidy in tests). */
export function compact<T extends Record<string, unknown>>(value: T): T {
  for (const key of Object.keys(value)) if (value[key] === undefined) delete value[key]
  return value
}

/**
 * A value from the document as it may appear in an error message. Only code-like values (codes, namespace URIs,
 * element names) are shown; anything with spaces or other free-text characters is withheld, so an error message
 * (which may reach logs and the sender) does not carry text such as a patient's name put in the wrong place.
 */
export function shown(value: string | undefined): string {
  if (value === undefined) return ''
  return /^[A-Za-z0-9_.:/#-]{1,100}$/.test(value) ? value : '(value not shown)'
}
