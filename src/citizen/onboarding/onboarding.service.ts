/**
 * Municipality onboarding and termination (CIT-13, CIT-14) for the platform operator: terms, DPA, connection, EPJ
 * support, activation of digital services, and notice. A municipality's service_admin may also give (and withdraw)
 * the municipality's own notice. Everyone else is refused by the access policy. One transaction per use case.
 */
import type { Transaction } from 'kysely'
import type { Caller, UseCaseDeps } from '../../platform/access/access-gate.ts'
import type { DB } from '../../platform/db/schema.ts'
import { AppError } from '../../platform/http/errors.ts'
import { findOrganisationById } from '../../registry/index.ts'
import { osloDate, osloMidnight } from '../../platform/time/oslo-time.ts'
import { lastDayOfService, terminationEndsAt } from './notice-period.ts'
import {
  activateDigitalService,
  deactivateDigitalService,
  findMunicipalService,
  findPendingTerminationForUpdate,
  insertTermination,
  insertTermsAcceptance,
  insertTermsVersion,
  listAcceptances,
  listOnboardedMunicipalities,
  loadMunicipalities,
  loadTermsVersions,
  lockOnboarding,
  saveConnection,
  saveEpjSupport,
  withdrawTermination,
} from './onboarding.repository.ts'
import { activationRefusalDetail, activationRefusals, formatOsloDate, noticeRefusal, termsStanding, withdrawalRefusal } from './onboarding.rules.ts'
import type {
  AcceptTermsBody,
  ActivationParams,
  ConnectionBody,
  EpjBody,
  Municipality,
  NoticeBody,
  NoticePreview,
  PublishTermsBody,
  Termination,
  TermsVersionItem,
} from './onboarding.schemas.ts'
import { municipalityView, terminationView, termsVersionViews } from './onboarding.view.ts'
import { enqueueServiceEndingNotifications, serviceEndingRecipients } from './service-ending-notifications.ts'

const MUNICIPALITY_NOT_FOUND = 'Kommunen finnes ikke.'
const NO_CONNECTION = 'Kommunen har ikke bestilt tilkobling. Registrer tilkoblingen først.'

async function isMunicipality(trx: Transaction<DB>, organisationId: string): Promise<boolean> {
  return (await findOrganisationById(trx, organisationId))?.kind === 'municipality'
}

async function viewOf(trx: Transaction<DB>, organisationId: string, now: Date): Promise<Municipality> {
  const [municipality] = await loadMunicipalities(trx, organisationId)
  if (!municipality) throw new AppError('not-found', MUNICIPALITY_NOT_FOUND)
  return municipalityView(municipality, await loadTermsVersions(trx), now)
}

/** Holds the municipality's onboarding row for the rest of the use case; 409 when it has none. */
async function lockedOnboarding(trx: Transaction<DB>, organisationId: string, missing: string): Promise<void> {
  if (await lockOnboarding(trx, organisationId)) return
  if (!(await isMunicipality(trx, organisationId))) throw new AppError('not-found', MUNICIPALITY_NOT_FOUND)
  throw new AppError('conflict', missing)
}

async function termsVersionList(trx: Transaction<DB>, now: Date): Promise<TermsVersionItem[]> {
  const [versions, municipalities, acceptances] = [await loadTermsVersions(trx), await listOnboardedMunicipalities(trx, now), await listAcceptances(trx)]
  return termsVersionViews(versions, municipalities, acceptances, now)
}

/** 00:00 Oslo on a date that is today or earlier; a 422 naming `path` otherwise. */
function pastDate(date: string, now: Date, path: string): Date {
  const instant = osloMidnight(date)
  if (!instant) throw new AppError('validation-failed', 'Datoen finnes ikke.', [{ path, message: 'ugyldig dato' }])
  if (date > osloDate(now)) throw new AppError('validation-failed', 'Datoen kan ikke være fram i tid.', [{ path, message: 'fram i tid' }])
  return instant
}

/** The staff member (or operator) who records the change. */
function staffIdOf(caller: Caller): string {
  const actor = caller.principal.actor
  if (actor.kind === 'operator' || actor.kind === 'staff') return actor.staffId
  throw new AppError('forbidden', 'Du har ikke tilgang til denne ressursen.')
}

export function createOnboarding(deps: UseCaseDeps) {
  const { gate } = deps
  /** The operator's use cases: 'platform:administer', denied (and audit-logged) for everyone else. */
  const asOperator = <T>(caller: Caller, resourceType: string, resourceId: string | null, work: (trx: Transaction<DB>) => Promise<T>) =>
    gate.run(caller, { action: 'platform:administer' }, { resourceType, resourceId }, (trx) => work(trx))
  /** A municipality's agreement: the operator, or that municipality's service_admin. */
  const onAgreement = <T>(caller: Caller, organisationId: string, work: (trx: Transaction<DB>) => Promise<T>) =>
    gate.run(caller, { action: 'agreement:write', organisationId }, { resourceType: 'municipality-termination', resourceId: organisationId }, (trx) =>
      work(trx),
    )
  const isOperator = (caller: Caller) => caller.principal.actor.kind === 'operator'

  return {
    municipalities(caller: Caller): Promise<{ items: Municipality[] }> {
      return asOperator(caller, 'municipality-onboarding', null, async (trx) => {
        const now = deps.now()
        const [municipalities, versions] = [await loadMunicipalities(trx), await loadTermsVersions(trx)]
        return { items: municipalities.map((m) => municipalityView(m, versions, now)) }
      })
    },

    municipality(caller: Caller, id: string): Promise<Municipality> {
      return asOperator(caller, 'municipality-onboarding', id, (trx) => viewOf(trx, id, deps.now()))
    },

    /** The connection order, DigiFin membership, connection fee and whether a DPA is needed. */
    recordConnection(caller: Caller, id: string, body: ConnectionBody): Promise<Municipality> {
      return asOperator(caller, 'municipality-onboarding', id, async (trx) => {
        const now = deps.now()
        const orderedAt = pastDate(body.orderedOn, now, 'body.orderedOn')
        const connectedAt = body.connectedOn === null ? null : pastDate(body.connectedOn, now, 'body.connectedOn')
        if (connectedAt && connectedAt.getTime() < orderedAt.getTime()) {
          throw new AppError('validation-failed', 'Tilkoblet-datoen kan ikke være før bestillingsdatoen.', [
            { path: 'body.connectedOn', message: 'før bestillingsdatoen' },
          ])
        }
        if (!(await isMunicipality(trx, id))) throw new AppError('not-found', MUNICIPALITY_NOT_FOUND)
        await saveConnection(trx, id, {
          connectionOrderedAt: orderedAt,
          connectedAt,
          digifinMember: body.digifinMember,
          connectionFeeNok: body.connectionFeeNok,
          dpaRequired: body.dpaRequired,
        })
        return viewOf(trx, id, now)
      })
    },

    recordEpj(caller: Caller, id: string, body: EpjBody): Promise<Municipality> {
      return asOperator(caller, 'municipality-onboarding', id, async (trx) => {
        await lockedOnboarding(trx, id, NO_CONNECTION)
        await saveEpjSupport(trx, id, { product: body.product, supportedServices: [...new Set(body.supportedServices)] })
        return viewOf(trx, id, deps.now())
      })
    },

    /** The municipality accepted a terms version (general, special or DPA), and who accepted. */
    acceptTerms(caller: Caller, id: string, body: AcceptTermsBody): Promise<Municipality> {
      return asOperator(caller, 'terms-acceptance', id, async (trx) => {
        await lockedOnboarding(trx, id, NO_CONNECTION)
        const now = deps.now()
        const version = (await loadTermsVersions(trx)).find((v) => v.id === body.termsVersionId)
        if (!version) throw new AppError('not-found', 'Vilkårsversjonen finnes ikke.')
        let acceptedAt = now
        if (body.acceptedOn !== undefined && body.acceptedOn !== osloDate(now)) {
          acceptedAt = pastDate(body.acceptedOn, now, 'body.acceptedOn')
          if (body.acceptedOn < osloDate(version.publishedAt)) {
            throw new AppError('validation-failed', 'En versjon kan ikke være akseptert før den ble publisert.', [
              { path: 'body.acceptedOn', message: 'før publiseringen' },
            ])
          }
        }
        const added = await insertTermsAcceptance(trx, { organisationId: id, termsVersionId: version.id, acceptedAt, acceptedByName: body.acceptedByName })
        if (!added) throw new AppError('conflict', 'Kommunen har allerede akseptert denne versjonen.')
        return viewOf(trx, id, now)
      })
    },

    termsVersions(caller: Caller): Promise<{ items: TermsVersionItem[] }> {
      return asOperator(caller, 'terms-version', null, async (trx) => ({ items: await termsVersionList(trx, deps.now()) }))
    },

    /** A new terms version takes effect on a future date, so municipalities are told first. */
    publishTerms(caller: Caller, body: PublishTermsBody): Promise<TermsVersionItem> {
      return asOperator(caller, 'terms-version', null, async (trx) => {
        const now = deps.now()
        const effectiveFrom = osloMidnight(body.effectiveOn)
        if (!effectiveFrom) throw new AppError('validation-failed', 'Datoen finnes ikke.', [{ path: 'body.effectiveOn', message: 'ugyldig dato' }])
        if (effectiveFrom.getTime() <= now.getTime()) {
          throw new AppError('validation-failed', 'Nye vilkår må tre i kraft en senere dag, slik at kommunene får beskjed før de gjelder.', [
            { path: 'body.effectiveOn', message: 'må være etter i dag' },
          ])
        }
        const digitalService = body.document === 'special' ? (body.digitalService ?? null) : null
        const versions = await loadTermsVersions(trx)
        if (versions.some((v) => v.document === body.document && v.digitalService === digitalService && v.version === body.version)) {
          throw new AppError('conflict', `Versjon ${body.version} av dette dokumentet finnes allerede.`)
        }
        const id = await insertTermsVersion(trx, {
          document: body.document,
          digitalService,
          version: body.version,
          title: body.title,
          changeLog: body.changeLog,
          publishedAt: now,
          effectiveFrom,
        })
        if (!id) throw new AppError('conflict', `Det finnes allerede en versjon ${body.version} med denne tittelen.`)
        const item = (await termsVersionList(trx, now)).find((v) => v.id === id)
        if (!item) throw new Error('the published version is missing')
        return item
      })
    },

    /** Refused (409) while the EPJ, the terms, the DPA or the agreement do not allow it. */
    activate(caller: Caller, params: ActivationParams): Promise<Municipality> {
      const { id, serviceId, digitalService } = params
      return asOperator(caller, 'digital-service-activation', serviceId, async (trx) => {
        const now = deps.now()
        await lockOnboarding(trx, id)
        const [municipality] = await loadMunicipalities(trx, id)
        if (!municipality) throw new AppError('not-found', MUNICIPALITY_NOT_FOUND)
        if (!(await findMunicipalService(trx, id, serviceId))) throw new AppError('not-found', 'Tjenesten finnes ikke i denne kommunen.')
        const versions = await loadTermsVersions(trx)
        const standing = (key: Parameters<typeof termsStanding>[2]) => termsStanding(versions, municipality.acceptances, key, now)
        const refusals = activationRefusals({
          digitalService,
          onboarding: municipality.onboarding,
          general: standing({ document: 'general' }),
          special: standing({ document: 'special', digitalService }),
          dpa: standing({ document: 'dpa' }),
          terminationEndsAt: municipality.termination?.endsAt ?? null,
          now,
        })
        if (refusals.length > 0) {
          throw new AppError(
            'conflict',
            activationRefusalDetail(refusals),
            refusals.map((r) => ({ path: 'activation', message: r.code })),
          )
        }
        await activateDigitalService(trx, { organisationId: id, serviceId, digitalService, staffId: staffIdOf(caller), now })
        return viewOf(trx, id, now)
      })
    },

    /** Citizens can no longer start using it. */
    deactivate(caller: Caller, params: ActivationParams): Promise<Municipality> {
      const { id, serviceId, digitalService } = params
      return asOperator(caller, 'digital-service-activation', serviceId, async (trx) => {
        if (!(await isMunicipality(trx, id))) throw new AppError('not-found', MUNICIPALITY_NOT_FOUND)
        if (!(await findMunicipalService(trx, id, serviceId))) throw new AppError('not-found', 'Tjenesten finnes ikke i denne kommunen.')
        const now = deps.now()
        await deactivateDigitalService(trx, serviceId, digitalService, now)
        return viewOf(trx, id, now)
      })
    },

    /** What a notice given now would do (read-only): end dates, the services that stop, how many citizens are told. */
    noticePreview(caller: Caller, id: string): Promise<NoticePreview> {
      return onAgreement(caller, id, async (trx) => {
        const now = deps.now()
        const [municipality] = await loadMunicipalities(trx, id)
        if (!municipality) throw new AppError('not-found', MUNICIPALITY_NOT_FOUND)
        if (!municipality.onboarding) throw new AppError('conflict', 'Kommunen har ingen avtale å si opp.')
        const pending = municipality.termination
        if (pending) {
          throw new AppError(
            'conflict',
            pending.endsAt.getTime() <= now.getTime()
              ? `Avtalen ble avsluttet ${formatOsloDate(pending.endsAt)}.`
              : `Avtalen er allerede sagt opp og avsluttes ${formatOsloDate(pending.endsAt)}.`,
          )
        }
        const options = (['municipality', 'operator'] as const).map((initiatedBy) => {
          const endsAt = terminationEndsAt(now, initiatedBy)
          return { initiatedBy, endsOn: osloDate(endsAt), lastDayOn: lastDayOfService(endsAt) }
        })
        const services = municipality.services
          .map((s) => ({ id: s.id, name: s.name, digitalServices: municipality.activations.filter((a) => a.serviceId === s.id).map((a) => a.digitalService) }))
          .filter((s) => s.digitalServices.length > 0)
        const recipients = await serviceEndingRecipients(trx, { organisationId: id, now }, gate.facts)
        return { options, services, notifiedPeople: recipients.length }
      })
    },

    /** Notice: the municipality (one month) or the operator (six months); citizens who use its services are told. */
    giveNotice(caller: Caller, id: string, body: NoticeBody): Promise<{ termination: Termination; notifiedPeople: number }> {
      return onAgreement(caller, id, async (trx) => {
        const initiatedBy = isOperator(caller) ? body.initiatedBy : (body.initiatedBy ?? 'municipality')
        if (!initiatedBy) {
          throw new AppError('validation-failed', 'Oppgi hvem som sier opp: kommunen eller plattformforvalteren.', [
            { path: 'body.initiatedBy', message: 'påkrevd' },
          ])
        }
        const refused = noticeRefusal(isOperator(caller), initiatedBy)
        if (refused) throw new AppError('forbidden', refused)
        await lockedOnboarding(trx, id, 'Kommunen har ingen avtale å si opp.')
        const now = deps.now()
        const pending = await findPendingTerminationForUpdate(trx, id)
        if (pending) {
          throw new AppError(
            'conflict',
            pending.endsAt.getTime() <= now.getTime()
              ? `Avtalen ble avsluttet ${formatOsloDate(pending.endsAt)}.`
              : `Avtalen er allerede sagt opp og avsluttes ${formatOsloDate(pending.endsAt)}.`,
          )
        }
        const terminationId = await insertTermination(trx, {
          organisationId: id,
          initiatedBy,
          noticeGivenAt: now,
          endsAt: terminationEndsAt(now, initiatedBy),
          reason: body.reason || null,
          staffId: staffIdOf(caller),
        })
        const organisation = await findOrganisationById(trx, id)
        if (!organisation) throw new AppError('not-found', MUNICIPALITY_NOT_FOUND)
        const notifiedPeople = await enqueueServiceEndingNotifications(
          trx,
          { organisationId: id, organisationName: organisation.name, terminationId, now },
          gate.facts,
        )
        const [municipality] = await loadMunicipalities(trx, id)
        if (!municipality?.termination) throw new Error('the new termination is missing')
        return { termination: terminationView(municipality.termination, now), notifiedPeople }
      })
    },

    /** Before its end date only; the municipality only its own notice, the operator any. */
    withdrawNotice(caller: Caller, id: string): Promise<void> {
      return onAgreement(caller, id, async (trx) => {
        await lockedOnboarding(trx, id, 'Kommunen har ingen oppsigelse å trekke.')
        const now = deps.now()
        const pending = await findPendingTerminationForUpdate(trx, id)
        if (!pending) throw new AppError('not-found', 'Kommunen har ingen oppsigelse å trekke.')
        const refused = withdrawalRefusal(isOperator(caller), pending.initiatedBy)
        if (refused) throw new AppError('forbidden', refused)
        if (pending.endsAt.getTime() <= now.getTime()) {
          throw new AppError('conflict', `Oppsigelsen kan ikke trekkes etter sluttdatoen (${formatOsloDate(pending.endsAt)}).`)
        }
        await withdrawTermination(trx, pending.id, now)
      })
    },
  }
}
