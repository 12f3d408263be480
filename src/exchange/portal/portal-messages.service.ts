/**
 * One message in the staff portal: reading it (sender or receiver only; audit-logged, nothing changed), receipting it
 * (an explicit POST: marked read and audit-logged in one transaction, then answered with the AppRec OK the sender
 * asked for), and writing a Dialogmelding 1.1 (forespørsel,
 * notat, svar). Whatever is written goes to the exchange's submit use case, validated, stored and delivered exactly
 * like an EPJ's message over /msh. The XSD validation it does must not run inside a transaction, so the portal's own
 * transaction (access, lookups, nothing written) commits before the hand-over.
 */
import { randomUUID } from 'node:crypto'
import type { Transaction } from 'kysely'
import type { Caller, UseCaseAccess, UseCaseDeps } from '../../platform/access/access-gate.ts'
import type { DB } from '../../platform/db/schema.ts'
import { AppError } from '../../platform/http/errors.ts'
import { isValidNationalId } from '../../platform/identifiers/national-id.ts'
import { findPersonByNationalId } from '../../registry/index.ts'
import { findParty } from '../address-registry/address-registry.repository.ts'
import { canReceive } from '../address-registry/address-registry.types.ts'
import { addressingFor } from '../address-registry/party-addressing.ts'
import { expectsAppRec } from '../delivery/delivery.rules.ts'
import { ExchangeError } from '../delivery/exchange-error.ts'
import { findDeliveries, findDocument, findMessage, findMessageBySenderMsgId, markRead } from '../delivery/exchange.repository.ts'
import type { StoredDelivery } from '../delivery/stored-message.ts'
import { answerWithAppRec, type ExchangeDeps, submitDocument } from '../delivery/exchange.service.ts'
import { DIALOGMELDING_1_1_NS } from '../messages/namespaces.ts'
import { readMessageXml } from '../messages/read-message.ts'
import { answerConversationRef, answerDialogmelding, newDialogmelding, patientFromRegistry, withContactPerson } from './compose.ts'
import type { AnswerBody, Created, MessageView, NewMessageBody } from './exchange-portal.schemas.ts'
import { msgTypeName } from './message-names.ts'
import { isFromPlatformParty, PLATFORM_COPY_REFUSAL } from './platform-copies.ts'
import { portalCaller, portalRefusal, portalSubmitter } from './portal-caller.ts'
import { exchangeCall } from './portal-errors.ts'
import { resendableReceivers, resendMsgId, withNewIdentity } from './resend.rules.ts'
import { type MessageParty, messageView } from './message-view.ts'

const VISIBLE_TO_RECEIVER: ReadonlySet<StoredDelivery['status']> = new Set(['delivered', 'acknowledged', 'rejected'])

type MessageAuditAction = 'exchange.message.read' | 'exchange.message.receipt' | 'exchange.message.answer' | 'exchange.message.resend'

type Party = MessageParty

export type PortalMessagesDeps = UseCaseDeps & { exchange: ExchangeDeps; log: { warn(fields: Record<string, unknown>, message: string): void } }

/**
 * The caller's service must be the sender or a receiver the message was delivered to. Every refusal is in the audit
 * log (with the patient, when the message is about one) and is a plain 403; an AppRec is never shown on its own.
 */
async function messageParty(trx: Transaction<DB>, access: UseCaseAccess, caller: Caller, id: string, action: MessageAuditAction): Promise<Party> {
  const portal = await portalCaller(trx, caller)
  const message = await findMessage(trx, id)
  const target = { resourceType: 'exchange_message', resourceId: id, auditAction: action }
  if (!message || message.isAppRec) {
    // Only someone who may use the mailbox at all learns that there is no such message.
    await access.require(
      { action: 'her-id:read', herIds: portal.ownedHerIds, ownedHerIds: portal.ownedHerIds, match: 'all' },
      { ...target, resourceId: id },
      { refusal: portalRefusal },
    )
    throw new AppError('not-found', 'Meldingen finnes ikke.')
  }
  const owned = new Set(portal.ownedHerIds)
  const deliveries = await findDeliveries(trx, id)
  const received = deliveries.filter((d) => owned.has(d.receiverHerId) && VISIBLE_TO_RECEIVER.has(d.status) && d.route !== 'none')
  await access.require(
    {
      action: action === 'exchange.message.read' ? 'her-id:read' : 'her-id:write',
      herIds: [message.senderHerId, ...received.map((d) => d.receiverHerId)],
      ownedHerIds: portal.ownedHerIds,
      match: 'any',
    },
    // Reading a message about a patient is logged, also when the registry does not know the patient.
    { ...target, patientPersonId: message.patientPersonId, holdsPersonalData: message.hasPatient },
    { refusal: portalRefusal },
  )
  return { portal, message, deliveries, received }
}

export function createPortalMessages(deps: PortalMessagesDeps) {
  const maxBytes = deps.exchange.settings.maxDocumentBytes

  /** The portal is the receiving system: once a person has said they have seen the message, the AppRec OK the sender asked for goes out. */
  async function appRecOk(p: Party): Promise<void> {
    for (const d of p.received) {
      // From the document's Ack, not the deadline: a message from another installation has no deadline here.
      if (d.appRecStatus !== null || !expectsAppRec(p.message.msgType, p.message.ack ?? undefined)) continue
      try {
        await answerWithAppRec(deps.exchange, portalSubmitter(deps.gate, p.portal), p.message.id, d.receiverHerId, { status: 'Ok', errors: [] })
      } catch (error) {
        // Someone else (another tab, the EPJ) answered first: the receipt exists, which is what matters.
        if (error instanceof ExchangeError && error.kind === 'apprec-already-final') continue
        deps.log.warn({ err: { name: (error as Error)?.name, kind: (error as ExchangeError)?.kind } }, 'portal: automatic AppRec failed')
      }
    }
  }

  return {
    /** Reads one message. Only reads: a GET (a link from anywhere) must not answer the message (issue 10 §2). */
    async read(caller: Caller, id: string): Promise<MessageView> {
      const now = deps.now()
      return deps.gate.within(caller, async (trx, access) => {
        const party = await messageParty(trx, access, caller, id, 'exchange.message.read')
        const stored = await findDocument(trx, id)
        if (!stored) throw new AppError('not-found', 'Meldingen finnes ikke.')
        return messageView(trx, party, stored.document, { now, maxBytes })
      })
    },

    /**
     * The receiving service has seen the message: marks it read and (after) answers a requested AppRec with OK. The
     * first AppRec is final (RULES.md §3), so a repeat changes nothing, and errors in content are answered by a
     * Dialogmelding instead, as the standard says.
     */
    async receipt(caller: Caller, id: string): Promise<MessageView> {
      const now = deps.now()
      const { party: p, document } = await deps.gate.within(caller, async (trx, access) => {
        const party = await messageParty(trx, access, caller, id, 'exchange.message.receipt')
        if (party.received.length === 0) throw new AppError('conflict', 'Bare mottakeren av en melding kan kvittere for den.')
        const stored = await findDocument(trx, id)
        if (!stored) throw new AppError('not-found', 'Meldingen finnes ikke.')
        for (const d of party.received) if (d.readAt === null) await markRead(trx, id, d.receiverHerId, now)
        return { party, document: stored.document }
      })
      await appRecOk(p)
      return deps.gate.transaction((trx) => messageView(trx, p, document, { now, maxBytes, freshDeliveries: true }))
    },

    /**
     * Sends a message of the service again, after it failed, was refused (negative AppRec) or got no AppRec in time:
     * the same document with a new MsgId and GenDate, to those receivers only (resend.rules.ts).
     */
    async resend(caller: Caller, id: string, idempotencyKey: string | null): Promise<Created> {
      const now = deps.now()
      const { portal, xml, msgId, receivers, senderHerId } = await deps.gate.within(caller, async (trx, access) => {
        const p = await messageParty(trx, access, caller, id, 'exchange.message.resend')
        if (!p.portal.ownedHerIds.includes(p.message.senderHerId)) throw new AppError('conflict', 'Bare tjenesten som sendte meldingen, kan sende den på nytt.')
        const receivers = resendableReceivers(p.deliveries, now)
        if (receivers.length === 0) {
          throw new AppError('conflict', 'Meldingen kan bare sendes på nytt til mottakere som avviste den, ikke kunne nås eller ikke kvitterte innen fristen.')
        }
        const stored = await findDocument(trx, id)
        const msgId = resendMsgId(id, idempotencyKey)
        const xml = stored ? withNewIdentity(stored.document.toString('utf8'), { msgId, genDate: now.toISOString() }) : null
        if (!xml) throw new AppError('conflict', 'Denne meldingstypen kan ikke sendes på nytt fra portalen. Send den fra fagsystemet.')
        return { portal: p.portal, xml, msgId, receivers, senderHerId: p.message.senderHerId }
      })
      // The same Idempotency-Key again: the copy already sent (its GenDate differs, so a new submit would conflict).
      const earlier = () => findMessageBySenderMsgId(deps.exchange.db, senderHerId, msgId)
      const sent = await earlier()
      if (sent) return { id: sent.id, msgId }
      try {
        const submitter = portalSubmitter(deps.gate, portal)
        const result = await submitDocument(deps.exchange, submitter, { document: Buffer.from(xml, 'utf8'), receiverHerIdsSubset: receivers })
        return { id: result.id, msgId }
      } catch (error) {
        // Two clicks at once with the same key: the one that lost finds the winner's copy.
        const winner = error instanceof ExchangeError && error.kind === 'duplicate-with-different-content' ? await earlier() : null
        if (winner) return { id: winner.id, msgId }
        return exchangeCall(() => Promise.reject(error))
      }
    },

    /** A forespørsel or notat about a patient from the service to a party in the address registry. */
    async send(caller: Caller, body: NewMessageBody): Promise<Created> {
      const msgType = body.kind === 'foresporsel' ? 'DIALOG_FORESPORSEL' : 'DIALOG_NOTAT'
      const { portal, xml, msgId } = await deps.gate.within(caller, async (trx, access) => {
        const portal = await portalCaller(trx, caller)
        await access.require(
          { action: 'her-id:write', herIds: portal.serviceHerId === null ? [] : [portal.serviceHerId], ownedHerIds: portal.ownedHerIds, match: 'all' },
          { resourceType: 'exchange_message', resourceId: null },
          { refusal: portalRefusal },
        )
        if (!isValidNationalId(body.patientNationalId)) {
          throw new AppError('invalid-national-id', 'Fødselsnummeret eller D-nummeret har feil kontrollsiffer.', [
            { path: 'body.patientNationalId', message: 'ugyldige kontrollsiffer' },
          ])
        }
        const receiver = await findParty(trx, body.receiverHerId)
        if (!receiver?.active) {
          throw new AppError('validation-failed', 'Mottakeren finnes ikke i adresseregisteret.', [
            { path: 'body.receiverHerId', message: 'finnes ikke i adresseregisteret' },
          ])
        }
        // Refused here rather than sent and answered with an error AppRec (T10): the user can still pick another receiver.
        if (!canReceive(receiver.processes, { msgType, payloadNamespace: DIALOGMELDING_1_1_NS })) {
          throw new AppError('validation-failed', 'Mottakeren tar ikke imot denne meldingstypen.', [
            { path: 'body.receiverHerId', message: `tar ikke imot ${msgTypeName(msgType).toLowerCase()} (Dialogmelding 1.1)` },
          ])
        }
        // Writing about a patient needs a work-related need (a care relation), as any patient data does; an unknown
        // number is refused exactly like one without access, so the form cannot be used to probe who exists.
        const person = await findPersonByNationalId(trx, body.patientNationalId)
        await access.require(
          { action: 'patient-data:write', patientPersonId: person?.id ?? null },
          { resourceType: 'exchange_message', resourceId: null, patientPersonId: person?.id ?? null },
        )
        if (!person || portal.serviceHerId === null || !portal.staff) throw new AppError('forbidden', 'Du har ikke tilgang til denne ressursen.')
        const senderOrg = await addressingFor(trx, portal.serviceHerId)
        const receiverOrg = await addressingFor(trx, body.receiverHerId)
        if (!senderOrg || !receiverOrg) throw new AppError('validation-failed', 'Avsender eller mottaker mangler i adresseregisteret.')
        const msgId = randomUUID()
        const xml = newDialogmelding({
          kind: body.kind,
          msgId,
          genDate: deps.now().toISOString(),
          sender: withContactPerson(senderOrg, portal.staff),
          receiver: receiverOrg,
          patient: patientFromRegistry(person, body.patientNationalId),
          subject: body.subject,
          text: body.text,
        })
        return { portal, xml, msgId }
      })
      const result = await exchangeCall(() => submitDocument(deps.exchange, portalSubmitter(deps.gate, portal), { document: Buffer.from(xml, 'utf8') }))
      return { id: result.id, msgId }
    },

    /** A DIALOG_SVAR to the sender of a received forespørsel, in its conversation. */
    async answer(caller: Caller, id: string, body: AnswerBody): Promise<Created> {
      const { portal, xml, msgId } = await deps.gate.within(caller, async (trx, access) => {
        const p = await messageParty(trx, access, caller, id, 'exchange.message.answer')
        // Answer as the HER-id the forespørsel was addressed to (the service, or a person-in-role under it).
        const delivery = p.received.find((d) => d.receiverRole === 'primary') ?? p.received[0]
        if (!delivery) throw new AppError('conflict', 'Bare mottakeren av en forespørsel kan svare på den.')
        if (p.message.msgType !== 'DIALOG_FORESPORSEL') throw new AppError('conflict', 'Bare forespørsler kan besvares.')
        if (await isFromPlatformParty(trx, p.message.senderHerId)) throw new AppError('conflict', PLATFORM_COPY_REFUSAL)
        const stored = await findDocument(trx, id)
        if (!stored) throw new AppError('not-found', 'Meldingen finnes ikke.')
        const read = readMessageXml(stored.document, { maxBytes })
        if (!read.ok || read.message.format !== 'msghead' || read.message.payload.kind !== 'dialogmelding' || !read.message.msgInfo.patient) {
          throw new AppError('conflict', 'Meldingen kan ikke besvares fra portalen.')
        }
        const original = read.message
        const question = read.message.payload.kind === 'dialogmelding' ? read.message.payload.foresporsel[0] : undefined
        const senderOrg = await addressingFor(trx, delivery.receiverHerId)
        const registryReceiver = await addressingFor(trx, p.message.senderHerId)
        if (!senderOrg || !p.portal.staff) throw new AppError('validation-failed', 'Tjenesten din mangler i adresseregisteret.')
        const subject = body.subject ?? (question?.emneSporsmal ? `Svar: ${question.emneSporsmal}`.slice(0, 200) : null)
        const msgId = randomUUID()
        const xml = answerDialogmelding({
          msgId,
          genDate: deps.now().toISOString(),
          sender: withContactPerson(senderOrg, p.portal.staff),
          // The registry's addressing, or the sender as it described itself when the registry does not know it.
          receiver: registryReceiver ?? original.msgInfo.sender.organisation,
          patient: original.msgInfo.patient as NonNullable<typeof original.msgInfo.patient>,
          conversationRef: answerConversationRef(p.message),
          subject,
          text: body.text,
          question,
        })
        return { portal: p.portal, xml, msgId }
      })
      const result = await exchangeCall(() => submitDocument(deps.exchange, portalSubmitter(deps.gate, portal), { document: Buffer.from(xml, 'utf8') }))
      return { id: result.id, msgId }
    },
  }
}
