/** SQL of municipality onboarding: terms versions and acceptances, connection and EPJ, activations, termination. */
import type { Kysely, Transaction } from 'kysely'
import type { DB } from '../../platform/db/schema.ts'
import { findServiceById, findStaffByIds, listOrganisationsOfKind, listServicesOf } from '../../registry/index.ts'
import { type DigitalService, DIGITAL_SERVICES } from './digital-service.schemas.ts'
import type { TermsAcceptance, TermsVersion } from './onboarding.rules.ts'
import type { TerminationInitiator, TermsDocument } from './onboarding.schemas.ts'

type Db = Kysely<DB> | Transaction<DB>

export type OnboardingRow = {
  connectionOrderedAt: Date
  connectedAt: Date | null
  digifinMember: boolean
  connectionFeeNok: number | null
  epjProduct: string | null
  epjSupportedServices: DigitalService[]
  dpaRequired: boolean
}

export type ActiveActivation = { serviceId: string; digitalService: DigitalService; activatedAt: Date; activatedByName: string | null }

export type Termination = {
  id: string
  organisationId: string
  initiatedBy: TerminationInitiator
  noticeGivenAt: Date
  endsAt: Date
  reason: string | null
  recordedByName: string | null
}

/** Everything the operator's view of one municipality is made from. */
export type LoadedMunicipality = {
  id: string
  name: string
  organisationNumber: string
  onboarding: OnboardingRow | null
  acceptances: TermsAcceptance[]
  services: { id: string; name: string; kind: string }[]
  activations: ActiveActivation[]
  termination: Termination | null
}

const isDigitalService = (value: string): value is DigitalService => (DIGITAL_SERVICES as readonly string[]).includes(value)

export async function loadTermsVersions(db: Db): Promise<TermsVersion[]> {
  const rows = await db.selectFrom('terms_version').selectAll().orderBy('effective_from').orderBy('published_at').execute()
  return rows.map((r) => ({
    id: r.id,
    document: r.document,
    digitalService: r.digital_service !== null && isDigitalService(r.digital_service) ? r.digital_service : null,
    version: r.version,
    title: r.title,
    changeLog: r.change_log,
    publishedAt: r.published_at,
    effectiveFrom: r.effective_from,
  }))
}

/** The municipalities (organisations of kind 'municipality'), all or one, with their onboarding, by name. */
export async function loadMunicipalities(db: Db, onlyId?: string): Promise<LoadedMunicipality[]> {
  const organisations = await listOrganisationsOfKind(db, 'municipality', onlyId)
  if (organisations.length === 0) return []
  const ids = organisations.map((o) => o.id)
  const services = await listServicesOf(db, ids)
  const serviceIds = services.map((s) => s.id)
  const organisationOfService = new Map(services.map((s) => [s.id, s.organisationId]))

  const onboardings = await db.selectFrom('municipality_onboarding').selectAll().where('organisation_id', 'in', ids).execute()
  const acceptances = await db.selectFrom('terms_acceptance').selectAll().where('organisation_id', 'in', ids).execute()
  const activationRows =
    serviceIds.length === 0
      ? []
      : await db
          .selectFrom('digital_service_activation')
          .select(['service_id', 'digital_service', 'activated_at', 'activated_by_staff_id'])
          .where('service_id', 'in', serviceIds)
          .where('deactivated_at', 'is', null)
          .orderBy('activated_at')
          .execute()
  const terminations = await db
    .selectFrom('municipality_termination')
    .select(['id', 'organisation_id', 'initiated_by', 'notice_given_at', 'ends_at', 'reason', 'recorded_by_staff_id'])
    .where('organisation_id', 'in', ids)
    .where('withdrawn_at', 'is', null)
    .execute()
  const staff = await findStaffByIds(
    db,
    [...activationRows.map((a) => a.activated_by_staff_id), ...terminations.map((t) => t.recorded_by_staff_id)].filter((id) => id !== null),
  )
  const staffName = (id: string | null) => {
    const s = id ? staff.get(id) : undefined
    return s ? `${s.givenName} ${s.familyName}` : null
  }
  const activations = activationRows.map((a) => ({ ...a, organisation_id: organisationOfService.get(a.service_id) }))

  return organisations.map((o) => {
    const onboarding = onboardings.find((r) => r.organisation_id === o.id)
    const termination = terminations.find((t) => t.organisation_id === o.id)
    return {
      id: o.id,
      name: o.name,
      organisationNumber: o.organisationNumber,
      onboarding: onboarding
        ? {
            connectionOrderedAt: onboarding.connection_ordered_at,
            connectedAt: onboarding.connected_at,
            digifinMember: onboarding.digifin_member,
            connectionFeeNok: onboarding.connection_fee_nok,
            epjProduct: onboarding.epj_product,
            epjSupportedServices: onboarding.epj_supported_services.filter(isDigitalService),
            dpaRequired: onboarding.dpa_required,
          }
        : null,
      acceptances: acceptances
        .filter((a) => a.organisation_id === o.id)
        .map((a) => ({ termsVersionId: a.terms_version_id, acceptedAt: a.accepted_at, acceptedByName: a.accepted_by_name })),
      services: services.filter((s) => s.organisationId === o.id).map((s) => ({ id: s.id, name: s.name, kind: s.kind })),
      activations: activations.flatMap((a) =>
        a.organisation_id === o.id && isDigitalService(a.digital_service)
          ? [
              {
                serviceId: a.service_id,
                digitalService: a.digital_service,
                activatedAt: a.activated_at,
                activatedByName: staffName(a.activated_by_staff_id),
              },
            ]
          : [],
      ),
      termination: termination
        ? {
            id: termination.id,
            organisationId: termination.organisation_id,
            initiatedBy: termination.initiated_by,
            noticeGivenAt: termination.notice_given_at,
            endsAt: termination.ends_at,
            reason: termination.reason,
            recordedByName: staffName(termination.recorded_by_staff_id),
          }
        : null,
    }
  })
}

/** Locks the municipality's onboarding row for the rest of the transaction, so that checks and writes see one state. */
export async function lockOnboarding(trx: Transaction<DB>, organisationId: string): Promise<boolean> {
  const row = await trx
    .selectFrom('municipality_onboarding')
    .select('organisation_id')
    .where('organisation_id', '=', organisationId)
    .forUpdate()
    .executeTakeFirst()
  return row !== undefined
}

export async function saveConnection(
  trx: Transaction<DB>,
  organisationId: string,
  c: { connectionOrderedAt: Date; connectedAt: Date | null; digifinMember: boolean; connectionFeeNok: number | null; dpaRequired: boolean },
): Promise<void> {
  const values = {
    connection_ordered_at: c.connectionOrderedAt,
    connected_at: c.connectedAt,
    digifin_member: c.digifinMember,
    connection_fee_nok: c.connectionFeeNok,
    dpa_required: c.dpaRequired,
  }
  await trx
    .insertInto('municipality_onboarding')
    .values({ organisation_id: organisationId, ...values })
    .onConflict((oc) => oc.column('organisation_id').doUpdateSet(values))
    .execute()
}

export async function saveEpjSupport(
  trx: Transaction<DB>,
  organisationId: string,
  epj: { product: string | null; supportedServices: DigitalService[] },
): Promise<void> {
  await trx
    .updateTable('municipality_onboarding')
    .set({ epj_product: epj.product, epj_supported_services: epj.supportedServices })
    .where('organisation_id', '=', organisationId)
    .execute()
}

/** False when this version was already accepted. */
export async function insertTermsAcceptance(
  trx: Transaction<DB>,
  a: { organisationId: string; termsVersionId: string; acceptedAt: Date; acceptedByName: string },
): Promise<boolean> {
  const row = await trx
    .insertInto('terms_acceptance')
    .values({ organisation_id: a.organisationId, terms_version_id: a.termsVersionId, accepted_at: a.acceptedAt, accepted_by_name: a.acceptedByName })
    .onConflict((oc) => oc.constraint('terms_acceptance_pk').doNothing())
    .returning('terms_version_id')
    .executeTakeFirst()
  return row !== undefined
}

export async function insertTermsVersion(
  trx: Transaction<DB>,
  v: {
    document: TermsDocument
    digitalService: DigitalService | null
    version: string
    title: string
    changeLog: string
    publishedAt: Date
    effectiveFrom: Date
  },
): Promise<string | null> {
  const row = await trx
    .insertInto('terms_version')
    .values({
      document: v.document,
      digital_service: v.digitalService,
      version: v.version,
      title: v.title,
      change_log: v.changeLog,
      published_at: v.publishedAt,
      effective_from: v.effectiveFrom,
    })
    .onConflict((oc) => oc.constraint('terms_version_unique').doNothing())
    .returning('id')
    .executeTakeFirst()
  return row?.id ?? null
}

/** Municipalities that have ordered the connection and whose agreement has not ended: those terms concern. */
export async function listOnboardedMunicipalities(db: Db, now: Date): Promise<{ id: string; name: string }[]> {
  const rows = await db
    .selectFrom('municipality_onboarding as m')
    .select('m.organisation_id')
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('municipality_termination as t')
            .select('t.id')
            .whereRef('t.organisation_id', '=', 'm.organisation_id')
            .where('t.withdrawn_at', 'is', null)
            .where('t.ends_at', '<=', now),
        ),
      ),
    )
    .execute()
  const onboarded = new Set(rows.map((r) => r.organisation_id))
  return (await listOrganisationsOfKind(db, 'municipality')).filter((o) => onboarded.has(o.id)).map((o) => ({ id: o.id, name: o.name }))
}

export async function listAcceptances(db: Db): Promise<{ organisationId: string; termsVersionId: string }[]> {
  const rows = await db.selectFrom('terms_acceptance').select(['organisation_id', 'terms_version_id']).execute()
  return rows.map((r) => ({ organisationId: r.organisation_id, termsVersionId: r.terms_version_id }))
}

export async function findMunicipalService(db: Db, organisationId: string, serviceId: string): Promise<{ id: string; name: string } | null> {
  const service = await findServiceById(db, serviceId)
  return service?.organisationId === organisationId ? { id: service.id, name: service.name } : null
}

/** Activates unless already active; the first activation also marks the municipality connected. */
export async function activateDigitalService(
  trx: Transaction<DB>,
  a: { organisationId: string; serviceId: string; digitalService: DigitalService; staffId: string; now: Date },
): Promise<boolean> {
  const row = await trx
    .insertInto('digital_service_activation')
    .values({ service_id: a.serviceId, digital_service: a.digitalService, activated_at: a.now, activated_by_staff_id: a.staffId })
    .onConflict((oc) => oc.columns(['service_id', 'digital_service']).where('deactivated_at', 'is', null).doNothing())
    .returning('id')
    .executeTakeFirst()
  await trx
    .updateTable('municipality_onboarding')
    .set({ connected_at: a.now })
    .where('organisation_id', '=', a.organisationId)
    .where('connected_at', 'is', null)
    .execute()
  return row !== undefined
}

export async function deactivateDigitalService(trx: Db, serviceId: string, digitalService: DigitalService, now: Date): Promise<boolean> {
  const rows = await trx
    .updateTable('digital_service_activation')
    .set({ deactivated_at: now })
    .where('service_id', '=', serviceId)
    .where('digital_service', '=', digitalService)
    .where('deactivated_at', 'is', null)
    .returning('id')
    .execute()
  return rows.length > 0
}

/** The pending (not withdrawn) termination, locked for the rest of the transaction. */
export async function findPendingTerminationForUpdate(
  trx: Transaction<DB>,
  organisationId: string,
): Promise<{ id: string; initiatedBy: TerminationInitiator; endsAt: Date } | null> {
  const row = await trx
    .selectFrom('municipality_termination')
    .select(['id', 'initiated_by', 'ends_at'])
    .where('organisation_id', '=', organisationId)
    .where('withdrawn_at', 'is', null)
    .forUpdate()
    .executeTakeFirst()
  return row ? { id: row.id, initiatedBy: row.initiated_by, endsAt: row.ends_at } : null
}

export async function insertTermination(
  trx: Transaction<DB>,
  t: { organisationId: string; initiatedBy: TerminationInitiator; noticeGivenAt: Date; endsAt: Date; reason: string | null; staffId: string },
): Promise<string> {
  const row = await trx
    .insertInto('municipality_termination')
    .values({
      organisation_id: t.organisationId,
      initiated_by: t.initiatedBy,
      notice_given_at: t.noticeGivenAt,
      ends_at: t.endsAt,
      reason: t.reason,
      recorded_by_staff_id: t.staffId,
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  return row.id
}

export async function withdrawTermination(trx: Transaction<DB>, id: string, now: Date): Promise<void> {
  await trx.updateTable('municipality_termination').set({ withdrawn_at: now }).where('id', '=', id).where('withdrawn_at', 'is', null).execute()
}
