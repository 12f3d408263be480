/**
 * Samband's own JSON routes for the staff portal's messages, under /api/exchange: the address registry, the inbox
 * and outbox of the service a staff member acts for, reading a message, and writing a Dialogmelding 1.1 (forespørsel,
 * notat, svar). Everything written goes through `submitDocument`, so it is validated, stored and delivered exactly
 * like an EPJ's message over /msh; errors are problem+json.
 */
import { randomUUID } from 'node:crypto'
import type { FastifyInstance, FastifyRequest } from 'fastify'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import { z } from 'zod'
import type { AppContext } from '../../app.ts'
import { withAccess } from '../../platform/access/authorize.ts'
import { appendAudit, appendAuditAlone } from '../../platform/audit/audit-log.repository.ts'
import { AppError } from '../../platform/http/errors.ts'
import type { Principal } from '../../platform/identity/authenticate.ts'
import { isValidNationalId } from '../../registry/national-id.ts'
import { findPersonByNationalId, loadAccessFacts } from '../../registry/registry.repository.ts'
import { findParties, findParty, searchParties } from '../address-registry/address-registry.repository.ts'
import { canReceive, type PartyWithProcesses } from '../address-registry/address-registry.types.ts'
import { addressingFor } from '../address-registry/party-addressing.ts'
import { expectsAppRec } from '../delivery/delivery.rules.ts'
import { ExchangeError } from '../delivery/exchange-error.ts'
import { findDeliveries, findDocument, findMessage, markRead, type StoredDelivery, type StoredMessage } from '../delivery/exchange.repository.ts'
import { answerWithAppRec, submitDocument } from '../delivery/exchange.service.ts'
import type { ExchangeRuntime } from '../exchange.runtime.ts'
import { APPREC_ERROR_TEXT } from '../messages/apprec-codes.ts'
import { DIALOGMELDING_1_1_NS } from '../messages/namespaces.ts'
import type { Message } from '../messages/message.types.ts'
import { readMessageXml } from '../messages/read-message.ts'
import { answerConversationRef, answerDialogmelding, newDialogmelding, patientFromRegistry, withContactPerson } from './compose.ts'
import {
  AnswerBody,
  CreatedSchema,
  HerIdSchema,
  InboxSchema,
  MessageViewSchema,
  NewMessageBody,
  OutboxSchema,
  PageQuery,
  PartyListSchema,
  PartySchema,
  PartySearchQuery,
} from './exchange-portal.schemas.ts'
import { documentsOf, isOverdue, listInbox, listOutbox, type PatientRow, relatedMessages } from './mailbox.repository.ts'
import { type MessageContent, messageContent, partyNamesInDocument, subjectOf } from './message-content.ts'
import { msgTypeName, standardName } from './message-names.ts'
import { type PartyName, nameOf, partyNames } from './party-names.ts'
import { exchangeCall } from './portal-errors.ts'
import { type MessageAuditAction, messageAuditEntry, type PortalCaller, portalSubmitter, requirePortalCaller, resolvePortalCaller } from './portal-caller.ts'

const VISIBLE_TO_RECEIVER: ReadonlySet<StoredDelivery['status']> = new Set(['delivered', 'acknowledged', 'rejected'])
const NO_SUCH_PERSON = '00000000-0000-0000-0000-000000000000'
const IdParams = z.object({ id: z.uuid() })

export async function exchangePortalRoutes(appBase: FastifyInstance, opts: { ctx: AppContext; exchange: ExchangeRuntime }): Promise<void> {
  const app = appBase.withTypeProvider<ZodTypeProvider>()
  const { ctx, exchange } = opts
  const { db } = ctx
  const accessDeps = { db, now: ctx.now, loadFacts: loadAccessFacts }
  const maxBytes = exchange.deps.settings.maxDocumentBytes

  // ---------------------------------------------------------------------------------------------
  // Address registry

  /** Staff (and the operator) through the policy's registry:read; systems need samband/registry.read. */
  async function registryReader(req: FastifyRequest): Promise<Principal> {
    const principal = await ctx.auth.require(req)
    if (principal.actor.kind === 'citizen') throw new AppError('forbidden', 'Adresseregisteret er for helsepersonell og fagsystemer.')
    return principal
  }

  app.get(
    '/api/exchange/parties',
    {
      schema: {
        tags: ['exchange'],
        summary: 'Search the address registry by name, HER-id or organisation number',
        querystring: PartySearchQuery,
        response: { 200: PartyListSchema },
      },
    },
    async (req) => {
      const principal = await registryReader(req)
      const { q, receives, limit, offset } = req.query
      return withAccess(
        accessDeps,
        principal,
        { action: 'registry:read' },
        { resourceType: 'communication_party', resourceId: null, requestId: req.id },
        async (d) => {
          const found = await searchParties(d, { query: q ?? '', limit, offset, ...(receives ? { receives } : {}) })
          // The search gives the parties; their processes and parents' names come in one more round trip.
          const full = await findParties(
            d,
            found.items.map((p) => p.herId),
          )
          return {
            items: found.items.map((p) => partyView(full.get(p.herId) ?? { ...p, processes: [], parentName: null })),
            total: found.total,
            limit,
            offset,
          }
        },
      )
    },
  )

  app.get(
    '/api/exchange/parties/:herId',
    {
      schema: {
        tags: ['exchange'],
        summary: 'One communication party: parent, organisation number and the processes it receives',
        params: z.object({ herId: HerIdSchema }),
        response: { 200: PartySchema },
      },
    },
    async (req) => {
      const principal = await registryReader(req)
      return withAccess(
        accessDeps,
        principal,
        { action: 'registry:read' },
        { resourceType: 'communication_party', resourceId: String(req.params.herId), requestId: req.id },
        async (d) => {
          const party = await findParty(d, req.params.herId)
          if (!party) throw new AppError('not-found', 'Kommunikasjonsparten finnes ikke i adresseregisteret.')
          return partyView(party)
        },
      )
    },
  )

  // ---------------------------------------------------------------------------------------------
  // Inbox and outbox of the service the staff member acts for

  /**
   * Reads the stored documents of a page for subjects, and for patients and parties the registry does not know
   * (`names` gets the document's own names for those).
   */
  async function contentsOf(messageIds: readonly string[], names: Map<number, PartyName>): Promise<Map<string, MessageContent>> {
    const documents = await documentsOf(db, messageIds)
    const result = new Map<string, MessageContent>()
    for (const [id, bytes] of documents) {
      const read = readMessageXml(bytes, { maxBytes })
      if (!read.ok) continue
      result.set(id, messageContent(read.message))
      nameUnknownParties(names, read.message)
    }
    return result
  }

  // The lists show patients by name and birth date only. Opening a message is what the audit log records.
  app.get(
    '/api/exchange/inbox',
    {
      schema: {
        tags: ['exchange'],
        summary: 'Messages received by the service the staff member acts for; unanswered and overdue first',
        querystring: PageQuery,
        response: { 200: InboxSchema },
      },
    },
    async (req) => {
      const c = await requirePortalCaller(ctx, req)
      const now = ctx.now()
      const page = await listInbox(db, c.ownedHerIds, now, req.query)
      const names = await partyNames(
        db,
        page.rows.flatMap((r) => [r.senderHerId, r.receiverHerId]),
      )
      const contents = await contentsOf(
        page.rows.map((r) => r.messageId),
        names,
      )
      return {
        items: page.rows.map((r) => {
          const content = contents.get(r.messageId)
          return {
            id: r.messageId,
            msgId: r.msgId,
            msgType: r.msgType,
            msgTypeName: msgTypeName(r.msgType),
            genDate: r.genDate.toISOString(),
            subject: content ? subjectOf(content) : null,
            sender: partyRef(nameOf(names, r.senderHerId)),
            receiver: partyRef(nameOf(names, r.receiverHerId)),
            patient: patientSummary(r.patient, content),
            status: r.status,
            appRecStatus: r.appRecStatus,
            read: r.readAt !== null,
            needsAnswer: r.msgType === 'DIALOG_FORESPORSEL' && !r.answered,
            overdue: r.overdue,
            deadlineAt: r.deadlineAt?.toISOString() ?? null,
          }
        }),
        total: page.total,
        needsAttention: page.needsAttention,
        limit: req.query.limit,
        offset: req.query.offset,
      }
    },
  )

  app.get(
    '/api/exchange/outbox',
    {
      schema: {
        tags: ['exchange'],
        summary: 'Messages sent by the service the staff member acts for, with status and AppRec per receiver',
        querystring: PageQuery,
        response: { 200: OutboxSchema },
      },
    },
    async (req) => {
      const c = await requirePortalCaller(ctx, req)
      const now = ctx.now()
      const page = await listOutbox(db, c.ownedHerIds, now, req.query)
      const names = await partyNames(
        db,
        page.rows.flatMap((r) => [r.senderHerId, ...r.deliveries.map((d) => d.receiverHerId)]),
      )
      const contents = await contentsOf(
        page.rows.map((r) => r.messageId),
        names,
      )
      return {
        items: page.rows.map((r) => {
          const content = contents.get(r.messageId)
          const receivers = r.deliveries.map((d) => ({ ...receiverStatus(d, names, now), errorCount: d.appRecErrors?.length ?? 0 }))
          return {
            id: r.messageId,
            msgId: r.msgId,
            msgType: r.msgType,
            msgTypeName: msgTypeName(r.msgType),
            genDate: r.genDate.toISOString(),
            subject: content ? subjectOf(content) : null,
            sender: partyRef(nameOf(names, r.senderHerId)),
            patient: patientSummary(r.patient, content),
            receivers,
            overdue: receivers.some((d) => d.overdue),
          }
        }),
        total: page.total,
        overdue: page.overdue,
        limit: req.query.limit,
        offset: req.query.offset,
      }
    },
  )

  // ---------------------------------------------------------------------------------------------
  // One message

  type Party = { caller: PortalCaller; message: StoredMessage; deliveries: StoredDelivery[]; received: StoredDelivery[]; sent: boolean }

  /**
   * The caller's service must be the sender or a receiver the message was delivered to. Every refusal of a message
   * that exists is in the audit log (it may be about a patient) and is a plain 403.
   */
  async function messageParty(req: FastifyRequest, id: string, action: MessageAuditAction): Promise<Party> {
    const resolved = await resolvePortalCaller(ctx, req)
    const message = await findMessage(db, id)
    const deny = async (principal: Principal, basis: string, detail: string): Promise<never> => {
      if (message) await appendAuditAlone(db, messageAuditEntry(principal, req.id, ctx.now(), action, message, 'denied', basis))
      throw new AppError('forbidden', detail)
    }
    if (!resolved.ok) return deny(resolved.principal, 'not-portal-staff', resolved.detail)
    // AppRecs are shown as the status of the message they answer, never on their own.
    if (!message || message.isAppRec) throw new AppError('not-found', 'Meldingen finnes ikke.')
    const c = resolved.caller
    const deliveries = await findDeliveries(db, id)
    const received = deliveries.filter((d) => c.ownedHerIds.has(d.receiverHerId) && VISIBLE_TO_RECEIVER.has(d.status) && d.route !== 'none')
    const sent = c.ownedHerIds.has(message.senderHerId)
    if (!sent && received.length === 0) return deny(c.principal, 'not-a-party', 'Tjenesten du handler for er verken avsender eller mottaker av meldingen.')
    return { caller: c, message, deliveries, received, sent }
  }

  /** Reads the stored document; the read is audit-logged in the same transaction when the message is about a patient. */
  async function readDocument(
    p: Party,
    req: FastifyRequest,
    action: MessageAuditAction,
    alsoInTransaction?: (trx: typeof db) => Promise<void>,
  ): Promise<Buffer> {
    const stored = await db.transaction().execute(async (trx) => {
      const doc = await findDocument(trx, p.message.id)
      await alsoInTransaction?.(trx)
      if (p.message.hasPatient) await appendAudit(trx, messageAuditEntry(p.caller.principal, req.id, ctx.now(), action, p.message, 'allowed', 'her-id-party'))
      return doc
    })
    if (!stored) throw new AppError('not-found', 'Meldingen finnes ikke.')
    return stored.document
  }

  app.get(
    '/api/exchange/messages/:id',
    {
      schema: {
        tags: ['exchange'],
        summary: 'Read one message (sender or receiver only); marks it read and answers a requested AppRec with OK',
        params: IdParams,
        response: { 200: MessageViewSchema },
      },
    },
    async (req) => {
      const p = await messageParty(req, req.params.id, 'exchange.message.read')
      const now = ctx.now()
      const document = await readDocument(p, req, 'exchange.message.read', async (trx) => {
        for (const d of p.received) if (d.readAt === null) await markRead(trx, p.message.id, d.receiverHerId, now)
      })
      // The portal is the receiving system here: once a person has opened the message it has been received and shown
      // as it should, so the AppRec the sender asked for (Ack J, or no Ack) is sent with status OK, one per receiving
      // HER-id and only if none was sent yet (the first AppRec is final, RULES.md §3). Staff do not have to remember
      // it; errors in content are answered by a Dialogmelding instead, as the standard says for later problems.
      for (const d of p.received) {
        // From the document's Ack, not the deadline: a message from another installation has no deadline here.
        if (d.appRecStatus !== null || !expectsAppRec(p.message.msgType, p.message.ack ?? undefined)) continue
        try {
          await answerWithAppRec(exchange.deps, portalSubmitter(p.caller), p.message.id, d.receiverHerId, { status: 'Ok', errors: [] })
        } catch (error) {
          // Someone else (another tab, the EPJ) answered first: the receipt exists, which is what matters.
          if (error instanceof ExchangeError && error.kind === 'apprec-already-final') continue
          req.log.warn({ err: { name: (error as Error)?.name, kind: (error as ExchangeError)?.kind } }, 'portal: automatic AppRec failed')
        }
      }
      // Read again after marking and answering, also when a concurrent request (another tab) did it first.
      const deliveries = p.received.length > 0 ? await findDeliveries(db, p.message.id) : p.deliveries
      const read = readMessageXml(document, { maxBytes })
      const content = read.ok ? messageContent(read.message) : null
      const related = await relatedMessages(db, p.caller.ownedHerIds, p.message)
      const names = await partyNames(db, [
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
        sender: partyRef(nameOf(names, r.senderHerId)),
      })
      const direction = p.received.length > 0 ? ('received' as const) : ('sent' as const)
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
        sender: partyRef(nameOf(names, p.message.senderHerId)),
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
        canAnswer: direction === 'received' && p.message.msgType === 'DIALOG_FORESPORSEL' && content?.dialog !== null,
      }
    },
  )

  // ---------------------------------------------------------------------------------------------
  // Writing

  app.post(
    '/api/exchange/messages',
    {
      schema: {
        tags: ['exchange'],
        summary: 'Send a Dialogmelding 1.1 (forespørsel or notat) about a patient from the service to a party in the address registry',
        body: NewMessageBody,
        response: { 201: CreatedSchema },
      },
    },
    async (req, reply) => {
      const c = await requirePortalCaller(ctx, req)
      const body = req.body
      if (!isValidNationalId(body.patientNationalId)) {
        throw new AppError('invalid-national-id', 'Fødselsnummeret eller D-nummeret har feil kontrollsiffer.', [
          { path: 'body.patientNationalId', message: 'ugyldige kontrollsiffer' },
        ])
      }
      const msgType = body.kind === 'foresporsel' ? 'DIALOG_FORESPORSEL' : 'DIALOG_NOTAT'
      const receiver = await findParty(db, body.receiverHerId)
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
      const person = await findPersonByNationalId(db, body.patientNationalId)
      const patientPersonId = person?.id ?? NO_SUCH_PERSON
      await withAccess(
        accessDeps,
        c.principal,
        { action: 'patient-data:write', patientPersonId },
        { resourceType: 'exchange_message', resourceId: null, patientPersonId: person ? person.id : null, requestId: req.id },
        async () => null,
      )
      if (!person) throw new AppError('forbidden', 'Du har ikke tilgang til denne ressursen.')

      const [senderOrg, receiverOrg] = await Promise.all([addressingFor(db, c.serviceHerId), addressingFor(db, body.receiverHerId)])
      if (!senderOrg || !receiverOrg) throw new AppError('validation-failed', 'Avsender eller mottaker mangler i adresseregisteret.')
      const msgId = randomUUID()
      const xml = newDialogmelding({
        kind: body.kind,
        msgId,
        genDate: ctx.now().toISOString(),
        sender: withContactPerson(senderOrg, c.staff),
        receiver: receiverOrg,
        patient: patientFromRegistry(person, body.patientNationalId),
        subject: body.subject,
        text: body.text,
      })
      const result = await exchangeCall(() => submitDocument(exchange.deps, portalSubmitter(c), { document: Buffer.from(xml, 'utf8') }))
      return reply.code(201).header('location', `/api/exchange/messages/${result.id}`).send({ id: result.id, msgId })
    },
  )

  app.post(
    '/api/exchange/messages/:id/answer',
    {
      schema: {
        tags: ['exchange'],
        summary: 'Answer a received forespørsel with a DIALOG_SVAR to its sender (ConversationRef set)',
        params: IdParams,
        body: AnswerBody,
        response: { 201: CreatedSchema },
      },
    },
    async (req, reply) => {
      const p = await messageParty(req, req.params.id, 'exchange.message.answer')
      const c = p.caller
      // Answer as the HER-id the forespørsel was addressed to (the service, or a person-in-role under it).
      const delivery = p.received.find((d) => d.receiverRole === 'primary') ?? p.received[0]
      if (!delivery) throw new AppError('conflict', 'Bare mottakeren av en forespørsel kan svare på den.')
      if (p.message.msgType !== 'DIALOG_FORESPORSEL') throw new AppError('conflict', 'Bare forespørsler kan besvares.')
      const document = await readDocument(p, req, 'exchange.message.answer')
      const read = readMessageXml(document, { maxBytes })
      if (!read.ok || read.message.format !== 'msghead' || read.message.payload.kind !== 'dialogmelding' || !read.message.msgInfo.patient) {
        throw new AppError('conflict', 'Meldingen kan ikke besvares fra portalen.')
      }
      const original = read.message
      const question = read.message.payload.kind === 'dialogmelding' ? read.message.payload.foresporsel[0] : undefined
      const [senderOrg, registryReceiver] = await Promise.all([addressingFor(db, delivery.receiverHerId), addressingFor(db, p.message.senderHerId)])
      if (!senderOrg) throw new AppError('validation-failed', 'Tjenesten din mangler i adresseregisteret.')
      const subject = req.body.subject ?? (question?.emneSporsmal ? `Svar: ${question.emneSporsmal}`.slice(0, 200) : null)
      const msgId = randomUUID()
      const xml = answerDialogmelding({
        msgId,
        genDate: ctx.now().toISOString(),
        sender: withContactPerson(senderOrg, c.staff),
        // The registry's addressing, or the sender as it described itself when the registry does not know it.
        receiver: registryReceiver ?? original.msgInfo.sender.organisation,
        patient: original.msgInfo.patient as NonNullable<typeof original.msgInfo.patient>,
        conversationRef: answerConversationRef(p.message),
        subject,
        text: req.body.text,
        question,
      })
      const result = await exchangeCall(() => submitDocument(exchange.deps, portalSubmitter(c), { document: Buffer.from(xml, 'utf8') }))
      return reply.code(201).header('location', `/api/exchange/messages/${result.id}`).send({ id: result.id, msgId })
    },
  )
}

/** A party the address registry does not know is named as the document names it. */
function nameUnknownParties(names: Map<number, PartyName>, message: Message): void {
  for (const [herId, name] of partyNamesInDocument(message)) {
    const current = names.get(herId)
    if (current && !current.known) names.set(herId, { ...current, name })
  }
}

function partyView(p: PartyWithProcesses) {
  const processes = p.processes
    .map((pr) => ({
      msgType: pr.msgType,
      msgTypeName: msgTypeName(pr.msgType),
      payloadNamespace: pr.payloadNamespace,
      standardName: standardName(pr.payloadNamespace),
    }))
    .sort((a, b) => a.standardName.localeCompare(b.standardName, 'nb') || a.msgType.localeCompare(b.msgType))
  return {
    herId: p.herId,
    kind: p.kind,
    name: p.name,
    parent: p.parentHerId === null ? null : { herId: p.parentHerId, name: p.parentName ?? `HER-id ${p.parentHerId}` },
    organisationNumber: p.organisationNumber,
    hprNumber: p.hprNumber,
    installation: p.installation,
    processes,
  }
}

function partyRef(n: PartyName) {
  return { herId: n.herId, name: n.name, organisationName: n.organisationName }
}

function patientSummary(row: PatientRow, content: MessageContent | undefined): { name: string; birthDate: string | null } | null {
  if (row) return { name: `${row.givenName} ${row.familyName}`, birthDate: row.birthDate }
  const fromDocument = content?.patient
  return fromDocument ? { name: fromDocument.name, birthDate: fromDocument.birthDate } : null
}

function receiverStatus(d: StoredDelivery, names: ReadonlyMap<number, PartyName>, now: Date) {
  return {
    ...partyRef(nameOf(names, d.receiverHerId)),
    role: d.receiverRole,
    status: d.status,
    transportState: d.transportState,
    appRecStatus: d.appRecStatus,
    overdue: isOverdue(d, now),
    deliveredAt: d.deliveredAt?.toISOString() ?? null,
    readAt: d.readAt?.toISOString() ?? null,
    deadlineAt: d.deadlineAt?.toISOString() ?? null,
  }
}
