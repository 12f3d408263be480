/**
 * One message as the staff portal shows it: the stored document read, its receivers' statuses (with AppRec errors,
 * which the standard says must be shown), the conversation around it and the parties named. Reads only.
 */
import type { Transaction } from 'kysely'
import type { DB } from '../../platform/db/schema.ts'
import { expectsAppRec } from '../delivery/delivery.rules.ts'
import { findDeliveries } from '../delivery/exchange.repository.ts'
import type { StoredDelivery, StoredMessage } from '../delivery/stored-message.ts'
import { APPREC_ERROR_TEXT } from '../messages/apprec-codes.ts'
import { readMessageXml } from '../messages/read-message.ts'
import type { MessageView } from './exchange-portal.schemas.ts'
import { relatedMessages } from './mailbox.repository.ts'
import { messageContent, subjectOf } from './message-content.ts'
import { msgTypeName } from './message-names.ts'
import { partyNames } from './party-names.ts'
import { isFromPlatformParty } from './platform-copies.ts'
import type { PortalCaller } from './portal-caller.ts'
import { namedParty, nameUnknownParties, receiverStatus } from './portal-views.ts'
import { resendableReceivers } from './resend.rules.ts'

/** The message, its deliveries and which of them are the caller's service's. */
export type MessageParty = { portal: PortalCaller; message: StoredMessage; deliveries: StoredDelivery[]; received: StoredDelivery[] }

export async function messageView(
  trx: Transaction<DB>,
  p: MessageParty,
  document: Buffer,
  opts: { now: Date; maxBytes: number; freshDeliveries?: boolean },
): Promise<MessageView> {
  const { now } = opts
  // Read again after marking and answering, also when a concurrent request (another tab) did it first.
  const deliveries = opts.freshDeliveries ? await findDeliveries(trx, p.message.id) : p.deliveries
  const read = readMessageXml(document, { maxBytes: opts.maxBytes })
  const content = read.ok ? messageContent(read.message) : null
  const related = await relatedMessages(trx, new Set(p.portal.ownedHerIds), p.message)
  const names = await partyNames(trx, [
    p.message.senderHerId,
    ...deliveries.map((d) => d.receiverHerId),
    ...(related.parent ? [related.parent.senderHerId] : []),
    ...related.answers.map((a) => a.senderHerId),
  ])
  if (read.ok) nameUnknownParties(names, read.message)
  const relatedView = (r: NonNullable<typeof related.parent>) => ({
    id: r.id,
    msgType: r.msgType,
    msgTypeName: msgTypeName(r.msgType),
    genDate: r.genDate.toISOString(),
    sender: namedParty(names, r.senderHerId),
  })
  const direction = p.received.length > 0 ? ('received' as const) : ('sent' as const)
  const ours = new Set(p.received.map((d) => d.receiverHerId))
  const expectsReceipt = expectsAppRec(p.message.msgType, p.message.ack ?? undefined)
  const receiptDue = deliveries.some((d) => ours.has(d.receiverHerId) && (d.readAt === null || (expectsReceipt && d.appRecStatus === null)))
  return {
    id: p.message.id,
    msgId: p.message.msgId,
    msgType: p.message.msgType,
    msgTypeName: msgTypeName(p.message.msgType),
    genDate: p.message.genDate.toISOString(),
    receivedAt: p.message.receivedAt.toISOString(),
    ack: content?.ack ?? null,
    subject: content ? subjectOf(content) : null,
    direction,
    sender: namedParty(names, p.message.senderHerId),
    receivers: deliveries.map((d) => ({
      ...receiverStatus(d, names, now),
      appRecErrors: (d.appRecErrors ?? []).map((e) => ({
        code: e.code,
        description: e.description ?? (APPREC_ERROR_TEXT as Record<string, string | undefined>)[e.code] ?? null,
        text: e.text,
      })),
      failureReason: d.failureReason,
    })),
    patient: content?.patient ?? null,
    conversation:
      p.message.refToParent && p.message.refToConversation ? { refToParent: p.message.refToParent, refToConversation: p.message.refToConversation } : null,
    inReplyTo: related.parent ? relatedView(related.parent) : null,
    answers: related.answers.map(relatedView),
    dialog: content?.dialog ?? null,
    attachments: content?.attachments ?? [],
    // A citizen-services copy is answered in the citizen inbox, never here (one conversation, one state).
    canAnswer:
      direction === 'received' &&
      p.message.msgType === 'DIALOG_FORESPORSEL' &&
      content?.dialog !== null &&
      !(await isFromPlatformParty(trx, p.message.senderHerId)),
    receiptDue,
    canResend:
      p.portal.ownedHerIds.includes(p.message.senderHerId) && read.ok && read.message.format === 'msghead' && resendableReceivers(deliveries, now).length > 0,
  }
}
