/**
 * Carries the citizen dialog to and from the services' EPJ systems over the message exchange (CIT-8).
 *
 * Outbound: a citizen message, or an answer staff wrote in Samband, is stored with exchange_state 'pending' in the
 * transaction that writes it; a pass builds its Dialogmelding (a forespørsel, or a notat copy of the answer) and hands it to the exchange as Samband's citizen-services party, then marks it
 * 'submitted'. A crash between the two hands the same bytes again, which the exchange recognises (same MsgId, same
 * content → same id), so the EPJ gets it once.
 *
 * Inbound: the EPJ answers with a Dialogmelding (normally DIALOG_SVAR) to the citizen-services party, in the thread's
 * conversation. A pass reads what was delivered to that party, adds the answer to the thread (idempotent on the
 * answer's MsgId), receipts it with AppRec OK, and marks it read. An answer Samband cannot place — unknown
 * conversation, another service, another patient, a closed thread, no text — is rejected with an error AppRec and
 * nothing is added. Logs name ids and codes only, never text.
 */
import type { Kysely, Transaction } from 'kysely'
import { type AppRecAnswerInput, ExchangeError, type LocalMailbox, type Organisation } from '../../exchange/index.ts'
import type { DB } from '../../platform/db/schema.ts'
import { AppError } from '../../platform/http/errors.ts'
import { citizenDialogmelding, epjAnswerText, epjAuthorName, serviceAnswerCopy } from './citizen-dialogmelding.ts'
import { findThreadByConversation, isAnswerInThread, listPendingCitizenMessages, markHandedToExchange } from './epj-bridge.repository.ts'

export type AppendEpjAnswer = (
  trx: Transaction<DB>,
  input: { conversationRef: string; msgId: string; body: string; authorName: string; clientId: string; now: Date },
) => Promise<{ threadId: string; messageId: string } | null>

export type EpjBridgeLog = {
  info(fields: Record<string, unknown>, message: string): void
  warn(fields: Record<string, unknown>, message: string): void
}

export type EpjBridgeDeps = {
  db: Kysely<DB>
  now: () => Date
  /** Samband's citizen-services party in the exchange: its mailbox, through the exchange's public face. */
  mailbox: LocalMailbox
  /** Adds an EPJ's answer to its thread (and enqueues the citizen's notification) inside the given transaction. */
  appendAnswer: AppendEpjAnswer
  /** Called after answers were added: the notification worker can look at once. */
  onAnswersAdded?: () => void
  log: EpjBridgeLog
}

export type BridgePassResult = { handedOver: number; answersAdded: number; rejected: number; receipts: number }

const BATCH = 50

export function createEpjBridge(deps: EpjBridgeDeps) {
  const { db, log, mailbox } = deps
  // Messages the exchange refused outright (which our own writer should never cause): not retried in a hot loop.
  const refused = new Set<string>()

  async function receiverOf(herId: number, serviceName: string): Promise<Organisation> {
    // A service missing from the address registry still gets the message addressed; the exchange then answers E21.
    return (
      (await mailbox.addressingOf(herId)) ?? {
        organisationName: serviceName,
        idents: [{ id: String(herId), typeId: { v: 'HER', dn: 'HER-id', s: '2.16.578.1.12.4.1.1.9051' } }],
      }
    )
  }

  async function outbound(): Promise<number> {
    const pending = await listPendingCitizenMessages(db, BATCH, [...refused])
    if (pending.length === 0) return 0
    const sender = await mailbox.addressingOf(mailbox.herId)
    if (!sender) {
      log.warn({ herId: mailbox.herId }, 'citizen-services party missing from the address registry; citizen messages wait')
      return 0
    }
    let handed = 0
    for (const m of pending) {
      const receiver = await receiverOf(m.serviceHerId, m.serviceName)
      const xml = m.fromSide === 'citizen' ? citizenDialogmelding(m, sender, receiver) : serviceAnswerCopy(m, m.serviceName, sender, receiver)
      try {
        const result = await mailbox.send(xml)
        await markHandedToExchange(db, m.id, result.id)
        handed++
      } catch (error) {
        if (!(error instanceof ExchangeError)) throw error
        refused.add(m.id)
        log.warn({ citizenMessageId: m.id, kind: error.kind }, 'the exchange refused a citizen message; it stays in Samband only')
      }
    }
    return handed
  }

  const reject = (details: string): AppRecAnswerInput => ({ status: 'Rejected', errors: [{ errorCode: 'X99', details }] })

  async function inbound(): Promise<Omit<BridgePassResult, 'handedOver'>> {
    const result = { answersAdded: 0, rejected: 0, receipts: 0 }
    for (const message of await mailbox.unread(BATCH)) {
      const now = deps.now()
      if (message.isAppRec) {
        // The EPJ's receipt for a citizen message. An error receipt is logged (ids and status only): the thread itself
        // stays in Samband, where the service can still read and answer it.
        result.receipts++
        if (message.originalMessageId) {
          const appRecStatus = await mailbox.receiptFrom(message.originalMessageId, message.senderHerId)
          if (appRecStatus && appRecStatus !== 'Ok') {
            log.warn(
              { exchangeMessageId: message.originalMessageId, receiverHerId: message.senderHerId, appRecStatus },
              "a service's EPJ refused a citizen message",
            )
          }
        }
        await mailbox.markRead(message.id, now)
        continue
      }
      const read = await mailbox.read(message.id)
      const msg = read?.format === 'msghead' ? read : null
      const payload = msg?.payload.kind === 'dialogmelding' ? msg.payload : null
      const conversationRef = msg?.msgInfo.conversationRef?.refToConversation ?? null
      const thread = conversationRef ? await findThreadByConversation(db, conversationRef) : undefined
      const text = payload ? epjAnswerText(payload) : null
      const patientId = msg?.msgInfo.patient?.idents[0]?.id ?? null
      const clientId = `her:${message.senderHerId}`
      // Added by an earlier pass that stopped before its AppRec: receipt it as added, whatever happened to the thread since.
      if (thread && (await isAnswerInThread(db, thread.id, message.msgId, clientId))) {
        await mailbox.receipt(message.id, { status: 'Ok', errors: [] })
        await mailbox.markRead(message.id, now)
        continue
      }
      let refusal: string | null = null
      if (!msg || !payload || !text) refusal = 'Meldingen har ingen tekst til innbyggeren.'
      else if (!thread || !conversationRef) refusal = 'Ukjent samtale: ConversationRef viser ikke til en innbyggerdialog i Samband.'
      else if (!(await mailbox.isUnder(message.senderHerId, thread.serviceHerId))) refusal = 'Avsenderen er ikke tjenesten samtalen er med.'
      else if (patientId !== thread.citizenNationalId) refusal = 'Pasienten i meldingen er ikke innbyggeren samtalen gjelder.'
      else if (thread.status === 'closed') refusal = 'Samtalen er avsluttet i Samband.'
      if (refusal !== null || !msg || !text || !conversationRef) {
        await mailbox.receipt(message.id, reject(refusal ?? 'Meldingen kan ikke leses.'))
        await mailbox.markRead(message.id, now)
        result.rejected++
        log.info({ exchangeMessageId: message.id }, 'EPJ message to citizen services rejected with an error AppRec')
        continue
      }
      const authorName = epjAuthorName(msg.msgInfo.sender.organisation) ?? msg.msgInfo.sender.organisation.organisationName
      let added: Awaited<ReturnType<AppendEpjAnswer>>
      try {
        added = await db
          .transaction()
          .execute((trx) => deps.appendAnswer(trx, { conversationRef, msgId: message.msgId, body: text, authorName, clientId, now }))
      } catch (error) {
        // The thread closed, or the service stopped taking messages, since the checks above.
        if (!(error instanceof AppError && error.code === 'conflict')) throw error
        await mailbox.receipt(message.id, reject('Samtalen tar ikke imot flere meldinger.'))
        await mailbox.markRead(message.id, now)
        result.rejected++
        continue
      }
      if (!added) {
        await mailbox.receipt(message.id, reject('Ukjent samtale: ConversationRef viser ikke til en innbyggerdialog i Samband.'))
        result.rejected++
      } else {
        await mailbox.receipt(message.id, { status: 'Ok', errors: [] })
        result.answersAdded++
      }
      await mailbox.markRead(message.id, now)
    }
    if (result.answersAdded > 0) deps.onAnswersAdded?.()
    return result
  }

  return {
    async runOnce(): Promise<BridgePassResult> {
      const handedOver = await outbound()
      const rest = await inbound()
      return { handedOver, ...rest }
    },
  }
}
