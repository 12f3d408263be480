/**
 * Who uses the staff portal's message pages: a staff member acting for one service (ADR 0003), and the HER-ids that
 * service sends and receives for — its own and those of the persons-in-role under it in the address registry. These
 * are the facts the access policy's HER-id rule decides on; the decisions themselves are the gate's.
 */
import type { Kysely } from 'kysely'
import type { AccessGate, Caller } from '../../platform/access/access-gate.ts'
import type { DenyCode } from '../../platform/access/access.types.ts'
import type { DB } from '../../platform/db/schema.ts'
import { AppError } from '../../platform/http/errors.ts'
import { findServiceById, findStaffById } from '../../registry/index.ts'
import type { Submitter } from '../delivery/exchange.service.ts'

export type PortalCaller = {
  caller: Caller
  /** The service's own HER-id (from the registry's service table); null when the session acts for none. */
  serviceHerId: number | null
  ownedHerIds: readonly number[]
  staff: { staffId: string; organisationId: string; givenName: string; familyName: string; hprNumber: string | null } | null
}

/** The service's HER-id plus every active local party that belongs to the service (persons-in-role under it). */
export async function serviceHerIds(db: Kysely<DB>, serviceId: string): Promise<{ serviceHerId: number | null; owned: Set<number> }> {
  const service = await findServiceById(db, serviceId)
  const parties = await db
    .selectFrom('communication_party')
    .select('her_id')
    .where('service_id', '=', serviceId)
    .where('installation', '=', 'local')
    .where('active', '=', true)
    .execute()
  const owned = new Set(parties.map((p) => p.her_id))
  const serviceHerId = service?.herId ?? null
  if (serviceHerId !== null) owned.add(serviceHerId)
  return { serviceHerId, owned }
}

/** The facts about the caller: for staff their service's HER-ids and their name; for anyone else, none. */
export async function portalCaller(db: Kysely<DB>, caller: Caller): Promise<PortalCaller> {
  const actor = caller.principal.actor
  if (actor.kind !== 'staff') return { caller, serviceHerId: null, ownedHerIds: [], staff: null }
  const { serviceHerId, owned } = await serviceHerIds(db, actor.serviceId)
  const staff = await findStaffById(db, actor.staffId)
  return {
    caller,
    serviceHerId,
    ownedHerIds: [...owned],
    staff: staff && {
      staffId: staff.id,
      organisationId: actor.organisationId,
      givenName: staff.givenName,
      familyName: staff.familyName,
      hprNumber: staff.hprNumber,
    },
  }
}

/** What the portal says when the policy refuses: the mailbox holds patient information, so it is for health personnel. */
export function portalRefusal(code: DenyCode): AppError {
  switch (code) {
    case 'missing-role':
      return new AppError('forbidden', 'Du må ha rollen helsepersonell for å bruke meldingene.')
    case 'her-id-not-owned':
      return new AppError('forbidden', 'Tjenesten du handler for har ingen HER-id i adresseregisteret.')
    case 'not-a-party':
      return new AppError('forbidden', 'Tjenesten du handler for er verken avsender eller mottaker av meldingen.')
    default:
      return new AppError('forbidden', 'Meldingene er for helsepersonell som handler for en tjeneste.')
  }
}

/** Staff send for their organisation, as the service's HER-ids (the gate decides), exactly as an EPJ does over /msh. */
export function portalSubmitter(gate: AccessGate, c: PortalCaller): Submitter {
  if (!c.staff) throw new AppError('forbidden', 'Meldingene er for helsepersonell som handler for en tjeneste.')
  return {
    kind: 'organisation',
    organisationId: c.staff.organisationId,
    mayActAs: async (herId) => {
      await gate.check(
        c.caller,
        { action: 'her-id:write', herIds: [herId], ownedHerIds: c.ownedHerIds, match: 'all' },
        { resourceType: 'exchange_message', resourceId: null },
        { refusal: () => new AppError('forbidden', 'Tjenesten du handler for kan ikke sende for denne HER-id-en.') },
      )
    },
    actorId: c.staff.staffId,
    source: 'portal',
    sourceSystem: 'Samband portal',
  }
}
