/**
 * The mailbox of a party that lives inside Samband (its citizen services): what another module needs to take part in
 * the exchange as that party, as an EPJ would over /msh, without reaching into the exchange's tables. Sending goes
 * through the same submit use case as everyone's; receipts are AppRecs written by Samband ("forenklet sending").
 */
import type { Kysely } from 'kysely'
import type { DB } from '../../platform/db/schema.ts'
import { findParties } from '../address-registry/address-registry.repository.ts'
import { addressingFor } from '../address-registry/party-addressing.ts'
import { ExchangeError } from '../delivery/exchange-error.ts'
import { findDeliveries, findDocument, listUnread, markRead } from '../delivery/exchange.repository.ts'
import type { StoredMessage } from '../delivery/stored-message.ts'
import {
  type AppRecAnswerInput,
  answerWithAppRec,
  type ExchangeDeps,
  type SubmitResult,
  type Submitter,
  speaksFor,
  submitDocument,
} from '../delivery/exchange.service.ts'
import type { Message } from '../messages/message.types.ts'
import type { Organisation } from '../messages/msg-head.types.ts'
import { readMessageXml } from '../messages/read-message.ts'

/** A message delivered to the party, as far as the mailbox shows it before it is read. */
export type MailboxEntry = Pick<StoredMessage, 'id' | 'msgId' | 'isAppRec' | 'senderHerId' | 'originalMessageId'>

export type LocalMailbox = {
  readonly herId: number
  /** A party's addressing as a MsgHead names it; null when the address registry does not know it. */
  addressingOf(herId: number): Promise<Organisation | null>
  /** Whether `herId` is `ancestorHerId` or a person or unit registered under it. */
  isUnder(herId: number, ancestorHerId: number): Promise<boolean>
  /** Hands a document to the exchange as this party; throws ExchangeError when the exchange refuses it. */
  send(xml: string): Promise<SubmitResult>
  /** Delivered and not yet read, oldest first. */
  unread(limit: number): Promise<MailboxEntry[]>
  /** The message as read from its stored document; null when it cannot be read. */
  read(id: string): Promise<Message | null>
  /** The AppRec status `receiverHerId` gave the message this party sent. */
  receiptFrom(messageId: string, receiverHerId: number): Promise<string | null>
  markRead(id: string, at: Date): Promise<void>
  /** Answers a delivered message with an AppRec; a receipt that was already given stays (the first is final). */
  receipt(id: string, answer: AppRecAnswerInput): Promise<void>
}

export function localMailbox(deps: ExchangeDeps, party: { herId: number; actorId: string; sourceSystem: string }): LocalMailbox {
  const db: Kysely<DB> = deps.db
  const submitter: Submitter = {
    kind: 'organisation',
    organisationId: party.actorId,
    mayActAs: speaksFor([party.herId]),
    actorId: party.actorId,
    source: 'portal',
    sourceSystem: party.sourceSystem,
  }
  return {
    herId: party.herId,
    addressingOf: (herId) => addressingFor(db, herId),
    async isUnder(herId, ancestorHerId) {
      let next: number | null = herId
      for (let depth = 0; next !== null && depth < 5; depth++) {
        if (next === ancestorHerId) return true
        next = (await findParties(db, [next])).get(next)?.parentHerId ?? null
      }
      return false
    },
    send: (xml) => submitDocument(deps, submitter, { document: Buffer.from(xml, 'utf8') }),
    async unread(limit) {
      const entries = await listUnread(db, { receiverHerIds: [party.herId], limit, descending: false })
      return entries.map(({ message: m }) => ({
        id: m.id,
        msgId: m.msgId,
        isAppRec: m.isAppRec,
        senderHerId: m.senderHerId,
        originalMessageId: m.originalMessageId,
      }))
    },
    async read(id) {
      const stored = await findDocument(db, id)
      const read = stored ? readMessageXml(stored.document, { maxBytes: deps.settings.maxDocumentBytes }) : null
      return read?.ok ? read.message : null
    },
    async receiptFrom(messageId, receiverHerId) {
      return (await findDeliveries(db, messageId)).find((d) => d.receiverHerId === receiverHerId)?.appRecStatus ?? null
    },
    async markRead(id, at) {
      await markRead(db, id, party.herId, at)
    },
    async receipt(id, answer) {
      try {
        await answerWithAppRec(deps, submitter, id, party.herId, answer)
      } catch (error) {
        // Another process receipted it first: the first AppRec is final, which is what we want.
        if (!(error instanceof ExchangeError && error.kind === 'apprec-already-final')) throw error
      }
    },
  }
}
