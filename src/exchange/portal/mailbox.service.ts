/**
 * The staff portal's inbox and outbox for the service a staff member acts for. The lists show patients by name and
 * birth date only; opening a message is what the audit log records.
 */
import type { Transaction } from 'kysely'
import type { Caller, UseCaseDeps } from '../../platform/access/access-gate.ts'
import type { DB } from '../../platform/db/schema.ts'
import { findPersonsByIds } from '../../registry/index.ts'
import { readMessageXml } from '../messages/read-message.ts'
import type { Inbox, Outbox, PageQuery } from './exchange-portal.schemas.ts'
import { documentsOf, listInbox, listOutbox } from './mailbox.repository.ts'
import { type MessageContent, messageContent, subjectOf } from './message-content.ts'
import { msgTypeName } from './message-names.ts'
import { type PartyName, partyNames } from './party-names.ts'
import { type PortalCaller, portalCaller, portalRefusal } from './portal-caller.ts'
import { namedParty, nameUnknownParties, type PatientRow, patientSummary, receiverStatus } from './portal-views.ts'

export type MailboxDeps = UseCaseDeps & { maxDocumentBytes: number }

/**
 * Reads the stored documents of a page for subjects, and for patients and parties the registry does not know
 * (`names` gets the document's own names for those).
 */
async function contentsOf(trx: Transaction<DB>, messageIds: readonly string[], names: Map<number, PartyName>, maxBytes: number) {
  const documents = await documentsOf(trx, messageIds)
  const result = new Map<string, MessageContent>()
  for (const [id, bytes] of documents) {
    const read = readMessageXml(bytes, { maxBytes })
    if (!read.ok) continue
    result.set(id, messageContent(read.message))
    nameUnknownParties(names, read.message)
  }
  return result
}

/** Patients as the registry knows them, by person id. */
async function patientsOf(trx: Transaction<DB>, personIds: readonly (string | null)[]): Promise<Map<string, NonNullable<PatientRow>>> {
  return findPersonsByIds(
    trx,
    personIds.filter((id): id is string => id !== null),
  )
}

/** What a page of the mailbox shows besides its rows: party names, subjects (from the documents) and patients. */
async function pageDetails(
  trx: Transaction<DB>,
  page: { herIds: readonly number[]; messageIds: readonly string[]; personIds: readonly (string | null)[] },
  maxBytes: number,
) {
  const names = await partyNames(trx, page.herIds)
  const contents = await contentsOf(trx, page.messageIds, names, maxBytes)
  const patients = await patientsOf(trx, page.personIds)
  const patientOf = (personId: string | null, messageId: string) => patientSummary((personId && patients.get(personId)) || null, contents.get(messageId))
  return { names, contents, patientOf }
}

export function createMailbox(deps: MailboxDeps) {
  /** The mailbox of the service the caller acts for: staff with the health personnel role and a HER-id. */
  const ofOwnService = <T>(caller: Caller, resourceType: string, work: (trx: Transaction<DB>, c: PortalCaller) => Promise<T>) =>
    deps.gate.within(caller, async (trx, access) => {
      const c = await portalCaller(trx, caller)
      await access.require(
        { action: 'her-id:read', herIds: c.ownedHerIds, ownedHerIds: c.ownedHerIds, match: 'all' },
        { resourceType, resourceId: null },
        { refusal: portalRefusal },
      )
      return work(trx, c)
    })

  return {
    /** Received messages; unanswered forespørsler and overdue receipts first. */
    inbox(caller: Caller, query: PageQuery): Promise<Inbox> {
      return ofOwnService(caller, 'exchange-inbox', async (trx, c) => {
        const now = deps.now()
        const page = await listInbox(trx, new Set(c.ownedHerIds), now, query)
        const { names, contents, patientOf } = await pageDetails(
          trx,
          {
            herIds: page.rows.flatMap((r) => [r.senderHerId, r.receiverHerId]),
            messageIds: page.rows.map((r) => r.messageId),
            personIds: page.rows.map((r) => r.patientPersonId),
          },
          deps.maxDocumentBytes,
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
              sender: namedParty(names, r.senderHerId),
              receiver: namedParty(names, r.receiverHerId),
              patient: patientOf(r.patientPersonId, r.messageId),
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
          limit: query.limit,
          offset: query.offset,
        }
      })
    },

    /** Sent messages, with status and AppRec per receiver. */
    outbox(caller: Caller, query: PageQuery): Promise<Outbox> {
      return ofOwnService(caller, 'exchange-outbox', async (trx, c) => {
        const now = deps.now()
        const page = await listOutbox(trx, new Set(c.ownedHerIds), now, query)
        const { names, contents, patientOf } = await pageDetails(
          trx,
          {
            herIds: page.rows.flatMap((r) => [r.senderHerId, ...r.deliveries.map((d) => d.receiverHerId)]),
            messageIds: page.rows.map((r) => r.messageId),
            personIds: page.rows.map((r) => r.patientPersonId),
          },
          deps.maxDocumentBytes,
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
              sender: namedParty(names, r.senderHerId),
              patient: patientOf(r.patientPersonId, r.messageId),
              receivers,
              overdue: receivers.some((d) => d.overdue),
            }
          }),
          total: page.total,
          overdue: page.overdue,
          limit: query.limit,
          offset: query.offset,
        }
      })
    },
  }
}
