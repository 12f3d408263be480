/**
 * The use cases behind NHN's Meldingstjener API (EDI 2.0) for one EPJ client: it acts for the HER-ids its
 * organisation owns in the address registry (narrowed by HelseID's `herid` claim), and sees a message only as its
 * sender or as a receiver it was delivered to. Every decision is the access gate's; refusals are NHN's 403s.
 */
import type { Transaction } from 'kysely'
import type { Caller, UseCaseAccess, UseCaseDeps } from '../../platform/access/access-gate.ts'
import type { DenyCode, SystemActor } from '../../platform/access/access.types.ts'
import { ownedHerIdsCache } from '../address-registry/owned-her-ids-cache.ts'
import type { DB } from '../../platform/db/schema.ts'
import {
  findDeliveries,
  findMessage,
  findMessageWithDocument,
  type InboxEntry,
  listUnread,
  markRead,
  type UnreadQuery,
} from '../delivery/exchange.repository.ts'
import type { StoredDelivery, StoredMessage } from '../delivery/stored-message.ts'
import { type AppRecAnswerInput, answerWithAppRec, type ExchangeDeps, type SubmitResult, type Submitter, submitDocument } from '../delivery/exchange.service.ts'
import { MshError } from './msh-error.ts'

/** An EPJ client on /msh, with the HER-ids it acts for. */
export type MshCaller = { caller: Caller; organisationId: string; clientId: string; ownedHerIds: readonly number[]; sourceSystem: string }

export type MshDeps = UseCaseDeps & { exchange: ExchangeDeps }

type VisibleMessage = { message: StoredMessage; deliveries: StoredDelivery[]; asReceiver: StoredDelivery | undefined; document: Buffer | null }

const API_REFUSED = 'The client is not authorised for the message API (scope nhn:msh/api).'

/** NHN's 403s: which HER-ids are not the client's (1202), or that the client is no party to the message (1201). */
export function mshRefusal(asked: readonly number[], owned: readonly number[]) {
  return (code: DenyCode): MshError => {
    if (code === 'her-id-not-owned') return new MshError(403, 1202, `Not authorized for HerId(s): ${asked.filter((h) => !owned.includes(h)).join(', ')}`)
    if (code === 'not-a-party') return new MshError(403, 1201, 'Not authorized for this message: none of its sender or receivers belongs to the client.')
    return new MshError(403, 1201, API_REFUSED)
  }
}

export function createMsh(deps: MshDeps) {
  const { gate } = deps
  const owned = ownedHerIdsCache(deps.exchange.db)
  const messageTarget = (id: string | null) => ({ resourceType: 'exchange_message', resourceId: id, auditAction: 'exchange.message.read' })

  /** Acting as each of `herIds` (its inbox, marking read, receipting). */
  const actingAs = (c: MshCaller, herIds: readonly number[], operation: 'read' | 'write', messageId: string | null) =>
    gate.check(
      c.caller,
      { action: `her-id:${operation}`, herIds, ownedHerIds: c.ownedHerIds, match: 'all' },
      { resourceType: 'exchange_message', resourceId: messageId },
      { refusal: mshRefusal(herIds, c.ownedHerIds) },
    )

  /**
   * Acting as `herId` on one message (marking it read, answering it): a refusal is logged with the message's patient,
   * when it has one. Allowed, nothing of the patient is seen, so nothing more is logged.
   */
  async function actingAsOn(trx: Transaction<DB>, access: UseCaseAccess, c: MshCaller, herId: number, id: string): Promise<void> {
    const message = await findMessage(trx, id)
    await access.require(
      { action: 'her-id:write', herIds: [herId], ownedHerIds: c.ownedHerIds, match: 'all' },
      { resourceType: 'exchange_message', resourceId: id, patientPersonId: message?.patientPersonId ?? null, auditAllowed: false },
      { refusal: mshRefusal([herId], c.ownedHerIds) },
    )
  }

  function submitter(c: MshCaller): Submitter {
    return {
      kind: 'organisation',
      organisationId: c.organisationId,
      mayActAs: async (herId) => {
        await actingAs(c, [herId], 'write', null)
      },
      actorId: c.clientId,
      source: 'msh',
      sourceSystem: c.sourceSystem,
    }
  }

  /** Sender or receiver of a delivered copy: the parties that may see a message at all. A refusal is logged, with the patient. */
  async function visibleMessage(trx: Transaction<DB>, access: UseCaseAccess, c: MshCaller, id: string, withDocument: boolean): Promise<VisibleMessage> {
    // The bytes come with the row when they will be needed: one round trip fewer per download.
    const found = withDocument ? await findMessageWithDocument(trx, id) : null
    const message = withDocument ? (found?.message ?? null) : await findMessage(trx, id)
    if (!message) throw new MshError(404, 1010, 'Could not find database document')
    const deliveries = await findDeliveries(trx, id)
    const owned = new Set(c.ownedHerIds)
    const asReceiver = deliveries.find((d) => owned.has(d.receiverHerId) && d.status !== 'received' && d.route !== 'none')
    // Every read of the document of a message about a patient is logged, committed before the bytes leave.
    const logged = withDocument && message.hasPatient
    await access.require(
      { action: 'her-id:read', herIds: [message.senderHerId, ...(asReceiver ? [asReceiver.receiverHerId] : [])], ownedHerIds: c.ownedHerIds, match: 'any' },
      { ...messageTarget(id), patientPersonId: message.patientPersonId, holdsPersonalData: logged },
      // Naming the message's parties would tell a stranger who writes to whom about a patient.
      { refusal: mshRefusal([], c.ownedHerIds) },
    )
    return { message, deliveries, asReceiver, document: found?.document ?? null }
  }

  return {
    /** The HER-ids a client acts for: its organisation's in the address registry, narrowed by HelseID's `herid` claim. */
    async ownedHerIds(actor: SystemActor): Promise<number[]> {
      const all = await owned.get(actor.organisationId)
      return actor.herIds === undefined ? [...all] : actor.herIds.filter((h) => all.has(h))
    },

    /** The client may use the message API at all (the scope): asked before anything else is read. */
    async admit(caller: Caller): Promise<void> {
      await gate.check(
        caller,
        { action: 'message-api:use' },
        { resourceType: 'message-api', resourceId: null },
        { refusal: () => new MshError(403, 1201, API_REFUSED) },
      )
    },

    async unread(c: MshCaller, query: UnreadQuery): Promise<InboxEntry[]> {
      return gate.within(c.caller, async (trx, access) => {
        await access.require({ action: 'her-id:read', herIds: query.receiverHerIds, ownedHerIds: c.ownedHerIds, match: 'all' }, messageTarget(null), {
          refusal: mshRefusal(query.receiverHerIds, c.ownedHerIds),
        })
        return listUnread(trx, query)
      })
    },

    /** Validated, stored and queued by the exchange (its own transaction: validation runs outside one). */
    submit(c: MshCaller, input: { document: Buffer; receiverHerIdsSubset: readonly number[] | null }): Promise<SubmitResult> {
      return submitDocument(deps.exchange, submitter(c), input)
    },

    message(c: MshCaller, id: string): Promise<VisibleMessage> {
      return gate.within(c.caller, (trx, access) => visibleMessage(trx, access, c, id, false))
    },

    /** The business document; the read is in the audit log before the bytes leave. */
    document(c: MshCaller, id: string): Promise<VisibleMessage> {
      return gate.within(c.caller, (trx, access) => visibleMessage(trx, access, c, id, true))
    },

    /** Marks the copy delivered to `herId` read; false when there is none. */
    markRead(c: MshCaller, id: string, herId: number): Promise<boolean> {
      return gate.within(c.caller, async (trx, access) => {
        await actingAsOn(trx, access, c, herId, id)
        return markRead(trx, id, herId, deps.now())
      })
    },

    /** "Forenklet sending av AppRec": Samband writes the AppRec as `herId` answering the message. */
    async appRec(c: MshCaller, id: string, herId: number, answer: AppRecAnswerInput): Promise<SubmitResult> {
      await gate.within(c.caller, (trx, access) => actingAsOn(trx, access, c, herId, id))
      return answerWithAppRec(deps.exchange, submitter(c), id, herId, answer)
    },
  }
}
