/**
 * Sending a message again from the portal, after it failed or was refused. RULES.md §3/§5: a message answered with a
 * negative AppRec, or whose AppRec never came within the 96 hours (treated as negative), is sent again as a new
 * message — a new MsgId and GenDate, the same content — to those receivers only. Receivers that receipted it, or whose
 * receipt can still come, are not sent it twice.
 */
import { createHash, randomUUID } from 'node:crypto'
import type { StoredDelivery } from '../delivery/stored-message.ts'
import { isOverdue } from './mailbox.repository.ts'

/** The receivers the message may be sent again to: failed, refused with a negative AppRec, or overdue. */
export function resendableReceivers(
  deliveries: readonly Pick<StoredDelivery, 'receiverHerId' | 'status' | 'appRecStatus' | 'overdueAt' | 'deadlineAt'>[],
  now: Date,
): number[] {
  return deliveries.filter((d) => d.status === 'failed' || d.status === 'rejected' || isOverdue(d, now)).map((d) => d.receiverHerId)
}

/**
 * The MsgId of the new message. With an Idempotency-Key it is derived from the original and the key, so a double click
 * or a retry after a lost answer finds the message it already sent instead of sending a third copy.
 */
export function resendMsgId(originalId: string, idempotencyKey: string | null): string {
  if (idempotencyKey === null) return randomUUID()
  const hex = createHash('sha256').update(`samband-resend\u0000${originalId}\u0000${idempotencyKey}`).digest('hex')
  // Shaped as a version 4, variant 1 GUID, which is what MsgId must be (AppRec E10 otherwise).
  const variant = ((Number.parseInt(hex.slice(16, 17), 16) & 0x3) | 0x8).toString(16)
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`
}

const MSG_INFO = /<((?:[A-Za-z_][\w.-]*:)?)MsgInfo(\s[^>]*)?>[\s\S]*?<\/\1MsgInfo>/

/**
 * The stored MsgHead with a new MsgId and GenDate in its MsgInfo; everything else byte for byte as first sent. Null
 * when the document has no MsgInfo with exactly one of each (not a MsgHead: those are not sent again from here).
 */
export function withNewIdentity(xml: string, identity: { msgId: string; genDate: string }): string | null {
  const info = MSG_INFO.exec(xml)
  if (!info) return null
  const prefix = info[1] ?? ''
  const element = (name: string) => new RegExp(`<${regexText(prefix)}${name}>[^<]*</${regexText(prefix)}${name}>`, 'g')
  const block = info[0]
  if ((block.match(element('MsgId')) ?? []).length !== 1 || (block.match(element('GenDate')) ?? []).length !== 1) return null
  const renewed = block
    .replace(element('MsgId'), `<${prefix}MsgId>${identity.msgId}</${prefix}MsgId>`)
    .replace(element('GenDate'), `<${prefix}GenDate>${identity.genDate}</${prefix}GenDate>`)
  return xml.slice(0, info.index) + renewed + xml.slice(info.index + block.length)
}

function regexText(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}
