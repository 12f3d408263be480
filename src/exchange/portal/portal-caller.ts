/**
 * Who uses the staff portal's message pages: a staff member acting for one service (ADR 0003), and the HER-ids that
 * service sends and receives for — its own and those of the persons-in-role under it in the address registry.
 */
import type { FastifyRequest } from 'fastify'
import type { Kysely } from 'kysely'
import type { AppContext } from '../../app.ts'
import type { StaffActor } from '../../platform/access/access.types.ts'
import type { AuditEntry } from '../../platform/audit/audit-chain.rules.ts'
import type { DB } from '../../platform/db/schema.ts'
import { AppError } from '../../platform/http/errors.ts'
import type { Principal } from '../../platform/identity/authenticate.ts'
import type { Submitter } from '../delivery/exchange.service.ts'
import type { StoredMessage } from '../delivery/exchange.repository.ts'

export type PortalCaller = {
  principal: Principal
  actor: StaffActor
  /** The service's own HER-id (from the registry's service table). */
  serviceHerId: number
  ownedHerIds: ReadonlySet<number>
  staff: { givenName: string; familyName: string; hprNumber: string | null }
}

/** The service's HER-id plus every active local party that belongs to the service (persons-in-role under it). */
export async function serviceHerIds(db: Kysely<DB>, serviceId: string): Promise<{ serviceHerId: number | null; owned: Set<number> }> {
  const [service, parties] = await Promise.all([
    db.selectFrom('service').select('her_id').where('id', '=', serviceId).executeTakeFirst(),
    db
      .selectFrom('communication_party')
      .select('her_id')
      .where('service_id', '=', serviceId)
      .where('installation', '=', 'local')
      .where('active', '=', true)
      .execute(),
  ])
  const owned = new Set(parties.map((p) => p.her_id))
  const serviceHerId = service?.her_id ?? null
  if (serviceHerId !== null) owned.add(serviceHerId)
  return { serviceHerId, owned }
}

export type CallerResolution = { ok: true; caller: PortalCaller } | { ok: false; principal: Principal; detail: string }

/**
 * The mailbox holds patient information, so it is for health personnel acting for a service, as patient data is in
 * the access policy (staff-access.rules.ts); coordinators, operators, citizens and systems are refused.
 * Systems use /msh instead.
 */
export async function resolvePortalCaller(ctx: AppContext, req: FastifyRequest): Promise<CallerResolution> {
  const principal = await ctx.auth.require(req)
  const actor = principal.actor
  if (actor.kind !== 'staff') return { ok: false, principal, detail: 'Meldingene er for helsepersonell som handler for en tjeneste.' }
  if (!actor.roles.includes('health_personnel')) return { ok: false, principal, detail: 'Du må ha rollen helsepersonell for å bruke meldingene.' }
  const [{ serviceHerId, owned }, staff] = await Promise.all([
    serviceHerIds(ctx.db, actor.serviceId),
    ctx.db.selectFrom('staff').select(['given_name', 'family_name', 'hpr_number']).where('id', '=', actor.staffId).executeTakeFirst(),
  ])
  if (serviceHerId === null || !staff) return { ok: false, principal, detail: 'Tjenesten du handler for har ingen HER-id i adresseregisteret.' }
  return {
    ok: true,
    caller: {
      principal,
      actor,
      serviceHerId,
      ownedHerIds: owned,
      staff: { givenName: staff.given_name, familyName: staff.family_name, hprNumber: staff.hpr_number },
    },
  }
}

export async function requirePortalCaller(ctx: AppContext, req: FastifyRequest): Promise<PortalCaller> {
  const resolved = await resolvePortalCaller(ctx, req)
  if (!resolved.ok) throw new AppError('forbidden', resolved.detail)
  return resolved.caller
}

/** Staff send for their organisation, limited to the service's HER-ids, exactly as an EPJ does over /msh. */
export function portalSubmitter(c: PortalCaller): Submitter {
  return {
    kind: 'organisation',
    organisationId: c.actor.organisationId,
    ownedHerIds: c.ownedHerIds,
    actorId: c.actor.staffId,
    source: 'portal',
    sourceSystem: 'Samband portal',
  }
}

export type MessageAuditAction = 'exchange.message.read' | 'exchange.message.answer'

/** One audit row about a message; any principal, so that refusals of citizens or systems are recorded too. */
export function messageAuditEntry(
  principal: Principal,
  requestId: string,
  at: Date,
  action: MessageAuditAction,
  message: Pick<StoredMessage, 'id' | 'patientPersonId'>,
  decision: 'allowed' | 'denied',
  basis: string,
): AuditEntry {
  const actor = principal.actor
  return {
    at,
    requestId,
    actorType: actor.kind,
    actorId: actor.kind === 'citizen' ? actor.personId : actor.kind === 'system' ? actor.clientId : actor.staffId,
    actorName: principal.name,
    actorRole: principal.role,
    onBehalfOfPersonId: null,
    organisationId: principal.organisationId,
    serviceId: principal.serviceId,
    action,
    resourceType: 'exchange_message',
    resourceId: message.id,
    patientPersonId: message.patientPersonId,
    reason: null,
    decision,
    decisionBasis: basis,
    emergency: false,
  }
}
