/** SQL of the AMQP bridge: which queues to consume, and what to record when another installation answers on AMQP. */
import type { Kysely, Transaction } from 'kysely'
import type { DB } from '../../platform/db/schema.ts'
import { insertDeliveries, insertMessage } from '../delivery/exchange.repository.ts'

export type DeliveryKey = { messageId: string; receiverHerId: number }

/** The active parties this installation serves itself: it consumes their `_async` and `_error` queues. */
export async function activeLocalHerIds(db: Kysely<DB>): Promise<number[]> {
  const rows = await db
    .selectFrom('communication_party')
    .select('her_id')
    .where('installation', '=', 'local')
    .where('active', '=', true)
    .orderBy('her_id')
    .execute()
  return rows.map((r) => r.her_id)
}

/** Parties that name this installation as if it were another one: a registry mistake, since our own are 'local'. */
export async function partiesNamingInstallation(db: Kysely<DB>, installation: string): Promise<number> {
  const row = await db
    .selectFrom('communication_party')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('installation', '=', installation)
    .executeTakeFirstOrThrow()
  return Number(row.n)
}

/**
 * The AMQP delivery of a document we sent, found by the bytes an error report echoes back (as Helsenorge.Messaging
 * does): the sender and the receiver named, and the document's hash. The newest wins if the same bytes went twice.
 */
export async function findSentDelivery(db: Kysely<DB>, key: { senderHerId: number; receiverHerId: number; sha256: string }): Promise<DeliveryKey | null> {
  const row = await db
    .selectFrom('exchange_message as m')
    .innerJoin('exchange_delivery as d', 'd.message_id', 'm.id')
    .select(['d.message_id', 'd.receiver_her_id'])
    .where('m.sender_her_id', '=', key.senderHerId)
    .where('m.document_sha256', '=', key.sha256)
    .where('d.receiver_her_id', '=', key.receiverHerId)
    .where('d.route', '=', 'amqp')
    .orderBy('m.received_at', 'desc')
    .limit(1)
    .executeTakeFirst()
  return row ? { messageId: row.message_id, receiverHerId: row.receiver_her_id } : null
}

/**
 * The receiving installation refused a delivery at the transport level: the delivery fails with the reason and
 * the sender gets the 'delivery-failed' alert, in one transaction. Unlike the dispatcher's own give-up, this also
 * applies to a delivery already published ('delivered'), as long as no AppRec settled it. Returns whether it
 * changed anything (false when the delivery was settled or failed already).
 */
export async function recordTransportError(trx: Transaction<DB>, key: DeliveryKey, reason: string, now: Date): Promise<boolean> {
  const updated = await trx
    .updateTable('exchange_delivery')
    .set({ status: 'failed', transport_state: 'Rejected', failure_reason: reason, next_attempt_at: null })
    .where('message_id', '=', key.messageId)
    .where('receiver_her_id', '=', key.receiverHerId)
    .where('status', 'in', ['received', 'delivered'])
    .where('apprec_status', 'is', null)
    .executeTakeFirst()
  if (Number(updated.numUpdatedRows) === 0) return false
  const message = await trx.selectFrom('exchange_message').select('sender_her_id').where('id', '=', key.messageId).executeTakeFirst()
  if (message) {
    await trx
      .insertInto('exchange_alert')
      .values({
        message_id: key.messageId,
        receiver_her_id: key.receiverHerId,
        sender_her_id: message.sender_her_id,
        kind: 'delivery-failed',
        created_at: now,
      })
      .onConflict((oc) => oc.columns(['message_id', 'receiver_her_id', 'kind']).doNothing())
      .execute()
  }
  return true
}

export type ErrorAppRec = {
  /** Derived from (our receiver, their sender, their MsgId), so that the same refused document is answered once. */
  id: string
  /** Our party that was addressed (the AppRec's sender). */
  senderHerId: number
  /** The party that sent the refused document (the AppRec's receiver, served by another installation). */
  receiverHerId: number
  document: Buffer
  sha256: string
  now: Date
}

/**
 * Stores an error AppRec for a document that could not be stored itself (it failed inspection), with one AMQP
 * delivery back to its sender: the dispatcher publishes it like any AppRec, with retries. Returns false when this
 * AppRec exists already (the same document came again): no second AppRec (RULES.md §3 and §5).
 */
export async function storeErrorAppRec(trx: Transaction<DB>, appRec: ErrorAppRec): Promise<boolean> {
  const inserted = await insertMessage(trx, {
    id: appRec.id,
    senderHerId: appRec.senderHerId,
    msgId: appRec.id,
    msgType: 'APPREC',
    genDate: appRec.now,
    genDateText: appRec.now.toISOString(),
    isAppRec: true,
    // The refused document is not stored, so there is nothing to point at.
    originalMessageId: null,
    refToParent: null,
    refToConversation: null,
    patientPersonId: null,
    contentType: 'application/xml',
    document: appRec.document,
    documentSha256: appRec.sha256,
    source: 'samband',
    sourceSystem: 'Samband',
    submittedBy: null,
    receivedAt: appRec.now,
  })
  if (!inserted) return false
  await insertDeliveries(trx, [
    {
      messageId: appRec.id,
      receiverHerId: appRec.receiverHerId,
      receiverRole: 'primary',
      route: 'amqp',
      status: 'received',
      transportState: 'Unconfirmed',
      genDate: appRec.now,
      appRecStatus: null,
      appRecErrors: null,
      appRecMessageId: null,
      failureReason: null,
      nextAttemptAt: appRec.now,
      answeredAt: null,
      deadlineAt: null,
    },
  ])
  return true
}
