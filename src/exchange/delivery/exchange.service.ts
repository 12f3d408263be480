/**
 * The message exchange's use cases: take in a business document (from an EPJ over /msh, from the staff portal,
 * from another installation over AMQP), store it with one delivery per receiver in one transaction, answer
 * receivers that cannot be reached with Samband's own error AppRec, and match AppRecs to what they answer.
 */
import { randomUUID } from 'node:crypto'
import type { Kysely } from 'kysely'
import type { DB } from '../../platform/db/schema.ts'
import { findPersonByNationalId } from '../../registry/index.ts'
import { findParties, findPartiesForProcess, installationOf } from '../address-registry/address-registry.repository.ts'
import { APPREC_ERROR_OID, APPREC_ERROR_TEXT, type AppRecErrorCode, isAppRecErrorCode } from '../messages/apprec-codes.ts'
import { appRecInputFor, isValidMsgId } from '../messages/apprec.rules.ts'
import { writeAppRec } from '../messages/apprec.writer.ts'
import type { AppRecMessage, KithMessage, Message } from '../messages/message.types.ts'
import type { MsgHeadMessage, Organisation } from '../messages/msg-head.types.ts'
import { organisationHerIds } from '../messages/message-summary.ts'
import { readMessageXml } from '../messages/read-message.ts'
import type { DocumentValidator } from '../xml/batching-validator.ts'
import { appRecParties, describeDocument, type InspectedDocument, inspectBusinessDocument, sha256Hex } from './business-document.ts'
import { appRecDeadline, appRecStatusName, expectsAppRec, planDeliveries, statusAfterAppRec } from './delivery.rules.ts'
import { ExchangeError } from './exchange-error.ts'
import type { AppRecErrorRecord, StoredMessage } from './stored-message.ts'
import {
  findDeliveries,
  findMessageWithDocument,
  findMessageBySenderMsgId,
  findMessagesByMsgId,
  insertDeliveries,
  insertMessage,
  type NewDelivery,
  settleDelivery,
} from './exchange.repository.ts'

export type ExchangeSettings = {
  appRecDeadlineHours: number
  resendIntervalMinutes: number
  maxResends: number
  maxDocumentBytes: number
}

export type ExchangeDeps = {
  db: Kysely<DB>
  now: () => Date
  validator: DocumentValidator
  settings: ExchangeSettings
  /** Called after a commit that queued deliveries, so the dispatcher need not wait for its next poll. */
  onQueued?: () => void
}

/**
 * Who hands in the document. Clients and staff act for their organisation, as the HER-ids the access gate lets them
 * act as (`mayActAs` throws the caller's refusal); a transport for another installation.
 */
export type Submitter =
  | {
      kind: 'organisation'
      organisationId: string
      mayActAs(herId: number): Promise<void>
      actorId: string
      source: 'msh' | 'portal'
      sourceSystem: string | null
    }
  | { kind: 'transport'; installation: string }

/** For senders inside Samband (the demo, its citizen-services party): exactly these HER-ids, no principal to ask about. */
export function speaksFor(herIds: Iterable<number>): (herId: number) => Promise<void> {
  const own = new Set(herIds)
  return async (herId) => {
    if (!own.has(herId)) throw new ExchangeError('not-authorised-for-her-id', `Not authorized for HerId(s): ${herId}`)
  }
}

export type SubmitResult = { id: string; duplicate: boolean }

const SAMBAND_SOFTWARE = { softwareName: 'Samband', softwareVersion: '1' }

export async function submitDocument(
  deps: ExchangeDeps,
  submitter: Submitter,
  input: { document: Buffer; receiverHerIdsSubset?: readonly number[] | null },
): Promise<SubmitResult> {
  const inspected = await inspectBusinessDocument(input.document, deps.validator, { maxBytes: deps.settings.maxDocumentBytes })
  if (!inspected.ok) throw new ExchangeError('invalid-document', inspected.failure.reason, [`AppRec ${inspected.failure.code}`, ...inspected.failure.details])
  const doc = inspected.document
  // AppRec 1.1 answers a MsgId that is not a GUID with E10 (RULES.md §1); the caller hears it at once.
  if (!isValidMsgId(doc.summary.msgId)) throw new ExchangeError('invalid-document', 'MsgId is not a valid GUID.', ['AppRec E10'])
  await assertMaySend(deps, submitter, doc.senderHerId)
  if (doc.message.format === 'apprec') return receiveAppRec(deps, submitter, input.document, doc, doc.message)
  // An AppRec travels as its own document (RULES.md §3); wrapped in a MsgHead it would bypass the AppRec rules.
  if (doc.isAppRec) throw new ExchangeError('invalid-document', 'An AppRec must be sent as an AppRec document, not inside a MsgHead.', ['AppRec T10'])
  return receiveBusinessMessage(deps, submitter, input.document, doc, input.receiverHerIdsSubset ?? null)
}

async function assertMaySend(deps: ExchangeDeps, submitter: Submitter, senderHerId: number): Promise<void> {
  if (submitter.kind === 'organisation') return submitter.mayActAs(senderHerId)
  // Another installation may only speak for the parties it serves: never for ours.
  const party = (await findParties(deps.db, [senderHerId])).get(senderHerId)
  if (!party || party.installation !== submitter.installation)
    throw new ExchangeError('not-authorised-for-her-id', `Not authorized for HerId(s): ${senderHerId}`)
}

function sameDocumentOrConflict(existing: StoredMessage, sha256: string): SubmitResult {
  if (existing.documentSha256 !== sha256) {
    throw new ExchangeError(
      'duplicate-with-different-content',
      'A message with this MsgId from this sender already exists with different content; it was not overwritten.',
    )
  }
  return { id: existing.id, duplicate: true }
}

async function patientPersonId(db: Kysely<DB>, doc: InspectedDocument): Promise<string | null> {
  const patient = doc.summary.patient
  if (!patient || !/^[0-9]{11}$/.test(patient.id)) return null
  return (await findPersonByNationalId(db, patient.id))?.id ?? null
}

function newMessageRow(
  doc: InspectedDocument,
  submitter: Submitter,
  document: Buffer,
  extra: { id: string; receivedAt: Date; patientPersonId: string | null; originalMessageId: string | null },
) {
  return {
    id: extra.id,
    senderHerId: doc.senderHerId,
    msgId: doc.summary.msgId,
    msgType: doc.process.msgType,
    genDate: doc.genDate,
    genDateText: doc.summary.genDate ?? doc.genDate.toISOString(),
    isAppRec: doc.isAppRec,
    originalMessageId: extra.originalMessageId,
    refToParent: doc.summary.conversationRef?.refToParent ?? null,
    refToConversation: doc.summary.conversationRef?.refToConversation ?? null,
    patientPersonId: extra.patientPersonId,
    hasPatient: doc.summary.patient !== undefined,
    ack: doc.summary.ack ?? null,
    contentType: 'application/xml',
    document,
    documentSha256: doc.sha256,
    source: submitter.kind === 'transport' ? 'amqp' : submitter.source,
    sourceSystem: submitter.kind === 'organisation' ? submitter.sourceSystem : submitter.installation,
    submittedBy: submitter.kind === 'organisation' ? submitter.actorId : null,
    receivedAt: extra.receivedAt,
  }
}

async function receiveBusinessMessage(
  deps: ExchangeDeps,
  submitter: Submitter,
  document: Buffer,
  doc: InspectedDocument,
  subset: readonly number[] | null,
): Promise<SubmitResult> {
  // Duplicates are found by the insert itself (ON CONFLICT on sender + MsgId), which saves a query per message.
  let receivers = doc.receivers
  if (subset) {
    const named = new Set(receivers.map((r) => r.herId))
    const unknown = subset.filter((h) => !named.has(h))
    if (unknown.length > 0)
      throw new ExchangeError('invalid-request', `ReceiverHerIdsSubset names HER-ids that are not receivers in the document: ${unknown.join(', ')}`)
    receivers = receivers.filter((r) => subset.includes(r.herId))
  }
  const parties = await findPartiesForProcess(deps.db, [...receivers.map((r) => r.herId), doc.senderHerId], doc.process)
  const plans = planDeliveries(receivers, parties, doc.process)
  const now = deps.now()
  const id = randomUUID()
  const ack = doc.summary.ack
  // A message from another installation is watched by the installation that sent it; alerting here too would
  // tell the wrong service.
  const watchesDeadline = submitter.kind !== 'transport' && expectsAppRec(doc.process.msgType, ack)
  const deadline = appRecDeadline(doc.genDate, now, watchesDeadline, deps.settings.appRecDeadlineHours)
  const personId = await patientPersonId(deps.db, doc)
  const senderParty = parties.get(doc.senderHerId)

  const stored = await deps.db.transaction().execute(async (trx) => {
    const inserted = await insertMessage(
      trx,
      newMessageRow(doc, submitter, document, { id, receivedAt: now, patientPersonId: personId, originalMessageId: null }),
    )
    if (!inserted) return false
    const deliveries: NewDelivery[] = []
    for (const plan of plans) {
      if (plan.outcome === 'deliver') {
        deliveries.push({
          messageId: id,
          receiverHerId: plan.herId,
          receiverRole: plan.role,
          route: plan.route,
          status: 'received',
          transportState: 'Unconfirmed',
          genDate: doc.genDate,
          appRecStatus: null,
          appRecErrors: null,
          appRecMessageId: null,
          failureReason: null,
          nextAttemptAt: now,
          answeredAt: null,
          deadlineAt: deadline,
        })
        continue
      }
      // Samband answers for a receiver it cannot reach, as a message server must (unless the sender asked for no AppRec).
      const errors: AppRecErrorRecord[] = [{ code: plan.code, text: plan.text, description: APPREC_ERROR_TEXT[plan.code], oid: APPREC_ERROR_OID }]
      let appRecId: string | null = null
      if (ack !== 'N' && doc.message.format !== 'apprec') {
        appRecId = randomUUID()
        const copy = plan.role === 'copy' ? copyReceiverOrganisation(doc.message, plan.herId) : undefined
        const xml = writeAppRec({
          ...appRecInputFor(doc.message, {
            id: appRecId,
            genDate: now.toISOString(),
            status: '2',
            errors: [{ code: plan.code, text: plan.text }],
            ...(copy && { copyReceiver: copy }),
          }),
          ...SAMBAND_SOFTWARE,
        })
        const appRecBytes = Buffer.from(xml, 'utf8')
        await insertMessage(trx, {
          id: appRecId,
          senderHerId: plan.herId,
          msgId: appRecId,
          msgType: 'APPREC',
          genDate: now,
          genDateText: now.toISOString(),
          isAppRec: true,
          originalMessageId: id,
          refToParent: null,
          refToConversation: null,
          patientPersonId: null,
          contentType: 'application/xml',
          document: appRecBytes,
          documentSha256: sha256Hex(appRecBytes),
          source: 'samband',
          sourceSystem: 'Samband',
          submittedBy: null,
          receivedAt: now,
        })
        deliveries.push(appRecDeliveryTo(appRecId, doc.senderHerId, senderParty?.installation ?? 'local', now))
      }
      deliveries.push({
        messageId: id,
        receiverHerId: plan.herId,
        receiverRole: plan.role,
        route: 'none',
        status: 'failed',
        transportState: 'Rejected',
        genDate: doc.genDate,
        appRecStatus: appRecId ? 'Rejected' : null,
        appRecErrors: errors,
        appRecMessageId: appRecId,
        failureReason: plan.text,
        nextAttemptAt: null,
        answeredAt: appRecId ? now : null,
        deadlineAt: null,
      })
    }
    await insertDeliveries(trx, deliveries)
    return true
  })
  if (!stored) {
    // Lost a race with the same (sender, MsgId): answer as the duplicate it is.
    const winner = await findMessageBySenderMsgId(deps.db, doc.senderHerId, doc.summary.msgId)
    if (!winner) throw new Error('a concurrent insert of the same MsgId left no row')
    const answer = sameDocumentOrConflict(winner, doc.sha256)
    // The same document for receivers it was not sent to before would be silently dropped as a duplicate.
    if (subset) {
      const known = new Set((await findDeliveries(deps.db, winner.id)).map((d) => d.receiverHerId))
      const missing = subset.filter((h) => !known.has(h))
      if (missing.length > 0) {
        throw new ExchangeError(
          'invalid-request',
          `This MsgId was already received for other receivers; a message to HER-id(s) ${missing.join(', ')} needs a new MsgId.`,
        )
      }
    }
    return answer
  }
  deps.onQueued?.()
  return { id, duplicate: false }
}

function appRecDeliveryTo(appRecId: string, originalSenderHerId: number, installation: string, now: Date): NewDelivery {
  return {
    messageId: appRecId,
    receiverHerId: originalSenderHerId,
    receiverRole: 'primary',
    route: installation === 'local' ? 'local' : 'amqp',
    status: 'received',
    transportState: 'Unconfirmed',
    genDate: now,
    appRecStatus: null,
    appRecErrors: null,
    appRecMessageId: null,
    failureReason: null,
    nextAttemptAt: now,
    answeredAt: null,
    deadlineAt: null,
  }
}

function copyReceiverOrganisation(message: Message, herId: number): Organisation | undefined {
  if (message.format !== 'msghead') return undefined
  for (const other of message.msgInfo.otherReceivers) {
    if (other.organisation && organisationHerIds(other.organisation).includes(String(herId))) return other.organisation
  }
  return undefined
}

function appRecErrorsOf(message: AppRecMessage): AppRecErrorRecord[] {
  return message.appRec.errors.map((e) => ({ code: e.v ?? '', text: e.ot ?? null, description: e.dn ?? null, oid: e.s ?? null }))
}

async function receiveAppRec(
  deps: ExchangeDeps,
  submitter: Submitter,
  document: Buffer,
  doc: InspectedDocument,
  message: AppRecMessage,
): Promise<SubmitResult> {
  const existing = await findMessageBySenderMsgId(deps.db, doc.senderHerId, doc.summary.msgId)
  if (existing) return sameDocumentOrConflict(existing, doc.sha256)

  const { receiverHerId: originalSenderHerId } = appRecParties(message)
  const candidates = await findMessagesByMsgId(deps.db, message.appRec.originalMsgId.id, originalSenderHerId)
  const original = candidates.find((c) => !c.isAppRec) ?? candidates[0]
  if (!original) throw new ExchangeError('apprec-original-unknown', 'The AppRec answers a message (OriginalMsgId) that Samband has not received.')
  if (original.isAppRec) throw new ExchangeError('apprec-about-apprec', 'An AppRec cannot answer another AppRec.')
  const deliveries = await findDeliveries(deps.db, original.id)
  const delivery = deliveries.find((d) => d.receiverHerId === doc.senderHerId)
  if (!delivery) throw new ExchangeError('not-a-receiver', `HER-id ${doc.senderHerId} is not a receiver of the original message.`)
  if (delivery.appRecStatus !== null) throw new ExchangeError('apprec-already-final', 'This receiver has already sent its final AppRec for the message.')
  // A receiver that was refused (Samband answered for it) or failed cannot receipt the message. ('received' is
  // allowed: another installation can answer before the publish confirm has been recorded here.)
  if (delivery.route === 'none' || delivery.status === 'failed') {
    throw new ExchangeError('not-a-receiver', `The message has not been delivered to HER-id ${doc.senderHerId}.`)
  }
  return storeAppRec(deps, submitter, document, doc, message, original)
}

/** Stores a matched AppRec, settles the receiver's delivery (first one final) and routes it to the original sender. */
async function storeAppRec(
  deps: ExchangeDeps,
  submitter: Submitter,
  document: Buffer,
  doc: InspectedDocument,
  message: AppRecMessage,
  original: StoredMessage,
): Promise<SubmitResult> {
  const status = appRecStatusName(message.appRec.status.v ?? '')
  if (!status) throw new ExchangeError('invalid-document', 'The AppRec status is not in kodeverk 8258.')
  const errors = appRecErrorsOf(message)

  const now = deps.now()
  const id = randomUUID()
  // Handed in here by an EPJ or the portal means a local sender; only what came over AMQP needs the registry.
  const senderInstallation = original.source === 'amqp' ? await installationOf(deps.db, original.senderHerId) : 'local'
  const settled = await deps.db.transaction().execute(async (trx) => {
    const inserted = await insertMessage(
      trx,
      newMessageRow(doc, submitter, document, { id, receivedAt: now, patientPersonId: null, originalMessageId: original.id }),
    )
    if (!inserted) return 'duplicate' as const
    const ok = await settleDelivery(
      trx,
      { messageId: original.id, receiverHerId: doc.senderHerId },
      { status: statusAfterAppRec(status), appRecStatus: status, errors, appRecMessageId: id, at: now },
    )
    // Rolls the AppRec back with it: the first AppRec is final, a second one is refused, not stored.
    if (!ok) throw new ExchangeError('apprec-already-final', 'This receiver has already sent its final AppRec for the message.')
    // The AppRec travels on to the original sender like any message (and shows in its inbox as isAppRec).
    await insertDeliveries(trx, [appRecDeliveryTo(id, original.senderHerId, senderInstallation ?? 'local', now)])
    return 'stored' as const
  })
  if (settled === 'duplicate') {
    const winner = await findMessageBySenderMsgId(deps.db, doc.senderHerId, doc.summary.msgId)
    if (!winner) throw new Error('a concurrent insert of the same AppRec left no row')
    return sameDocumentOrConflict(winner, doc.sha256)
  }
  deps.onQueued?.()
  return { id, duplicate: false }
}

export type AppRecAnswerInput = { status: 'Ok' | 'Rejected' | 'OkErrorInMessagePart'; errors: { errorCode: string; details?: string | null }[] }

/**
 * "Forenklet sending av AppRec": Samband writes the AppRec for a receiver of `messageId` (mirrored addressing,
 * the version the original's standard requires) and takes it in as if the receiver had posted it.
 */
export async function answerWithAppRec(
  deps: ExchangeDeps,
  submitter: Submitter,
  messageId: string,
  appRecSenderHerId: number,
  answer: AppRecAnswerInput,
): Promise<SubmitResult> {
  const found = await findMessageWithDocument(deps.db, messageId)
  if (!found) throw new ExchangeError('not-found', 'Could not find database document')
  const original = found.message
  if (submitter.kind === 'organisation') await submitter.mayActAs(appRecSenderHerId)
  if (original.isAppRec) throw new ExchangeError('apprec-about-apprec', 'An AppRec cannot answer another AppRec.')
  if (answer.status === 'OkErrorInMessagePart') throw new ExchangeError('invalid-request', 'AppRecStatus OkErrorInMessagePart is not supported.')
  if (answer.status === 'Rejected' && answer.errors.length === 0)
    throw new ExchangeError('invalid-request', 'AppRecErrorList must have at least one error when the status is Rejected.')
  const unknownCodes = answer.errors.map((e) => e.errorCode).filter((c) => !isAppRecErrorCode(c))
  if (unknownCodes.length > 0) throw new ExchangeError('invalid-request', `Unknown AppRec error code(s) (kodeverk 8221): ${unknownCodes.join(', ')}`)
  const deliveries = await findDeliveries(deps.db, original.id)
  const delivery = deliveries.find((d) => d.receiverHerId === appRecSenderHerId)
  if (!delivery) throw new ExchangeError('not-a-receiver', `HER-id ${appRecSenderHerId} is not a receiver of the message.`)
  if (delivery.appRecStatus !== null) throw new ExchangeError('apprec-already-final', 'This receiver has already sent its final AppRec for the message.')
  // Only a receiver that got the message can receipt it; a refused one was answered by Samband already.
  if (delivery.route === 'none' || delivery.status === 'received' || delivery.status === 'failed') {
    throw new ExchangeError('not-a-receiver', `The message has not been delivered to HER-id ${appRecSenderHerId}.`)
  }

  const read = readMessageXml(found.document, { maxBytes: deps.settings.maxDocumentBytes })
  if (!read.ok || read.message.format === 'apprec')
    throw new ExchangeError('invalid-request', 'The original message cannot be answered with a simplified AppRec.')
  const originalMessage = read.message as MsgHeadMessage | KithMessage
  const copy = delivery.receiverRole === 'copy' ? copyReceiverOrganisation(originalMessage, appRecSenderHerId) : undefined
  const id = randomUUID()
  const now = deps.now()
  const base = { id, genDate: now.toISOString(), ...(copy && { copyReceiver: copy }) }
  const xml = writeAppRec({
    ...appRecInputFor(
      originalMessage,
      answer.status === 'Ok'
        ? { ...base, status: '1' }
        : { ...base, status: '2', errors: answer.errors.map((e) => ({ code: e.errorCode as AppRecErrorCode, ...(e.details ? { text: e.details } : {}) })) },
    ),
    ...SAMBAND_SOFTWARE,
  })
  // Written by our schema-tested writer from a stored, validated original: read back (so that routing sees exactly
  // what is sent) but not put through the XSD again — that would double the validation work per message.
  const bytes = Buffer.from(xml, 'utf8')
  const reread = readMessageXml(bytes, { maxBytes: deps.settings.maxDocumentBytes })
  if (!reread.ok || reread.message.format !== 'apprec') throw new Error('Samband wrote an AppRec it cannot read back')
  const described = describeDocument(bytes, reread.message)
  if (!described.ok) throw new Error(`Samband wrote an AppRec without routing: ${described.failure.reason}`)
  return storeAppRec(deps, submitter, bytes, described.document, reread.message, original)
}
