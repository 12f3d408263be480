/**
 * Carries the citizen dialog to and from the services' EPJ systems over the message exchange (CIT-8).
 *
 * Outbound: a citizen message is stored with exchange_state 'pending' in the transaction that writes it; a pass
 * builds its Dialogmelding and hands it to the exchange as Samband's citizen-services party, then marks it
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
import { findParties } from '../../exchange/index.ts'
import { addressingFor } from '../../exchange/index.ts'
import { ExchangeError } from '../../exchange/index.ts'
import { findDeliveries, findDocument, listUnread, markRead } from '../../exchange/index.ts'
import { type AppRecAnswerInput, answerWithAppRec, type ExchangeDeps, speaksFor, type Submitter, submitDocument } from '../../exchange/index.ts'
import type { Organisation } from '../../exchange/index.ts'
import { readMessageXml } from '../../exchange/index.ts'
import type { DB } from '../../platform/db/schema.ts'
import { AppError } from '../../platform/http/errors.ts'
import { citizenDialogmelding, epjAnswerText, epjAuthorName } from './citizen-dialogmelding.ts'
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
  exchange: ExchangeDeps
  /** HER-id of Samband's citizen-services party in the address registry. */
  portalHerId: number
  /** Adds an EPJ's answer to its thread (and enqueues the citizen's notification) inside the given transaction. */
  appendAnswer: AppendEpjAnswer
  /** Called after answers were added: the notification worker can look at once. */
  onAnswersAdded?: () => void
  log: EpjBridgeLog
}

export type BridgePassResult = { handedOver: number; answersAdded: number; rejected: number; receipts: number }

const BATCH = 50

export function createEpjBridge(deps: EpjBridgeDeps) {
  const { db, log } = deps
  const submitter: Submitter = {
    kind: 'organisation',
    // Samband's own party: no organisation in the registry owns it, so no EPJ client can send as it.
    organisationId: 'samband-citizen-services',
    mayActAs: speaksFor([deps.portalHerId]),
    actorId: 'samband-citizen-services',
    source: 'portal',
    sourceSystem: 'Samband innbyggertjenester',
  }
  // Messages the exchange refused outright (which our own writer should never cause): not retried in a hot loop.
  const refused = new Set<string>()

  async function receiverOf(herId: number, serviceName: string): Promise<Organisation> {
    // A service missing from the address registry still gets the message addressed; the exchange then answers E21.
    return (
      (await addressingFor(db, herId)) ?? {
        organisationName: serviceName,
        idents: [{ id: String(herId), typeId: { v: 'HER', dn: 'HER-id', s: '2.16.578.1.12.4.1.1.9051' } }],
      }
    )
  }

  async function outbound(): Promise<number> {
    const pending = await listPendingCitizenMessages(db, BATCH, [...refused])
    if (pending.length === 0) return 0
    const sender = await addressingFor(db, deps.portalHerId)
    if (!sender) {
      log.warn({ herId: deps.portalHerId }, 'citizen-services party missing from the address registry; citizen messages wait')
      return 0
    }
    let handed = 0
    for (const m of pending) {
      const xml = citizenDialogmelding(m, sender, await receiverOf(m.serviceHerId, m.serviceName))
      try {
        const result = await submitDocument(deps.exchange, submitter, { document: Buffer.from(xml, 'utf8') })
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

  async function receipt(messageId: string, answer: AppRecAnswerInput): Promise<void> {
    try {
      await answerWithAppRec(deps.exchange, submitter, messageId, deps.portalHerId, answer)
    } catch (error) {
      // Another process receipted it first: the first AppRec is final, which is what we want.
      if (!(error instanceof ExchangeError && error.kind === 'apprec-already-final')) throw error
    }
  }

  const reject = (details: string): AppRecAnswerInput => ({ status: 'Rejected', errors: [{ errorCode: 'X99', details }] })

  /** Whether the answer comes from the thread's service, or from a person or unit registered under it. */
  async function isFromService(senderHerId: number, serviceHerId: number): Promise<boolean> {
    let herId: number | null = senderHerId
    for (let depth = 0; herId !== null && depth < 5; depth++) {
      if (herId === serviceHerId) return true
      herId = (await findParties(db, [herId])).get(herId)?.parentHerId ?? null
    }
    return false
  }

  async function inbound(): Promise<Omit<BridgePassResult, 'handedOver'>> {
    const result = { answersAdded: 0, rejected: 0, receipts: 0 }
    const entries = await listUnread(db, { receiverHerIds: [deps.portalHerId], limit: BATCH, descending: false })
    for (const { message } of entries) {
      const now = deps.now()
      if (message.isAppRec) {
        // The EPJ's receipt for a citizen message. An error receipt is logged (ids and status only): the thread itself
        // stays in Samband, where the service can still read and answer it.
        result.receipts++
        if (message.originalMessageId) {
          const receipted = (await findDeliveries(db, message.originalMessageId)).find((d) => d.receiverHerId === message.senderHerId)
          if (receipted?.appRecStatus && receipted.appRecStatus !== 'Ok') {
            log.warn(
              { exchangeMessageId: message.originalMessageId, receiverHerId: message.senderHerId, appRecStatus: receipted.appRecStatus },
              "a service's EPJ refused a citizen message",
            )
          }
        }
        await markRead(db, message.id, deps.portalHerId, now)
        continue
      }
      const stored = await findDocument(db, message.id)
      const read = stored ? readMessageXml(stored.document, { maxBytes: deps.exchange.settings.maxDocumentBytes }) : null
      const msg = read?.ok && read.message.format === 'msghead' ? read.message : null
      const payload = msg?.payload.kind === 'dialogmelding' ? msg.payload : null
      const conversationRef = msg?.msgInfo.conversationRef?.refToConversation ?? null
      const thread = conversationRef ? await findThreadByConversation(db, conversationRef) : undefined
      const text = payload ? epjAnswerText(payload) : null
      const patientId = msg?.msgInfo.patient?.idents[0]?.id ?? null
      const clientId = `her:${message.senderHerId}`
      // Added by an earlier pass that stopped before its AppRec: receipt it as added, whatever happened to the thread since.
      if (thread && (await isAnswerInThread(db, thread.id, message.msgId, clientId))) {
        await receipt(message.id, { status: 'Ok', errors: [] })
        await markRead(db, message.id, deps.portalHerId, now)
        continue
      }
      let refusal: string | null = null
      if (!msg || !payload || !text) refusal = 'Meldingen har ingen tekst til innbyggeren.'
      else if (!thread || !conversationRef) refusal = 'Ukjent samtale: ConversationRef viser ikke til en innbyggerdialog i Samband.'
      else if (!(await isFromService(message.senderHerId, thread.serviceHerId))) refusal = 'Avsenderen er ikke tjenesten samtalen er med.'
      else if (patientId !== thread.citizenNationalId) refusal = 'Pasienten i meldingen er ikke innbyggeren samtalen gjelder.'
      else if (thread.status === 'closed') refusal = 'Samtalen er avsluttet i Samband.'
      if (refusal !== null || !msg || !text || !conversationRef) {
        await receipt(message.id, reject(refusal ?? 'Meldingen kan ikke leses.'))
        await markRead(db, message.id, deps.portalHerId, now)
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
        await receipt(message.id, reject('Samtalen tar ikke imot flere meldinger.'))
        await markRead(db, message.id, deps.portalHerId, now)
        result.rejected++
        continue
      }
      if (!added) {
        await receipt(message.id, reject('Ukjent samtale: ConversationRef viser ikke til en innbyggerdialog i Samband.'))
        result.rejected++
      } else {
        await receipt(message.id, { status: 'Ok', errors: [] })
        result.answersAdded++
      }
      await markRead(db, message.id, deps.portalHerId, now)
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
