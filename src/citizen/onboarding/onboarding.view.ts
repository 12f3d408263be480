/** Turns loaded onboarding rows into the operator's JSON, applying the rules; no I/O. */
import type { z } from 'zod'
import { DIGITAL_SERVICES, type DigitalService } from './digital-service.schemas.ts'
import { osloDate } from '../../platform/time/oslo-time.ts'
import { daysLeft, lastDayOfService, terminationEndsAt } from './notice-period.ts'
import type { LoadedMunicipality, Termination } from './onboarding.repository.ts'
import { activationRefusals, coversVersion, municipalityStatus, type TermsStanding, type TermsVersion, termsStanding } from './onboarding.rules.ts'
import type { MunicipalitySchema, TerminationSchema, TermsVersionRefSchema, TermsVersionSchema } from './onboarding.schemas.ts'

export type MunicipalityView = z.infer<typeof MunicipalitySchema>

function versionRef(v: TermsVersion): z.infer<typeof TermsVersionRefSchema> {
  return { id: v.id, document: v.document, digitalService: v.digitalService, version: v.version, title: v.title, effectiveFrom: v.effectiveFrom.toISOString() }
}

function standingView(s: TermsStanding) {
  return {
    current: s.current ? versionRef(s.current) : null,
    upcoming: s.upcoming ? versionRef(s.upcoming) : null,
    accepted: s.accepted ? { ...versionRef(s.accepted), acceptedAt: s.accepted.acceptedAt.toISOString(), acceptedByName: s.accepted.acceptedByName } : null,
    acceptedCurrent: s.acceptedCurrent,
    acceptedUpcoming: s.acceptedUpcoming,
  }
}

export function terminationView(t: Termination, now: Date): z.infer<typeof TerminationSchema> {
  return {
    id: t.id,
    initiatedBy: t.initiatedBy,
    noticeGivenAt: t.noticeGivenAt.toISOString(),
    endsAt: t.endsAt.toISOString(),
    endsOn: osloDate(t.endsAt),
    lastDayOn: lastDayOfService(t.endsAt),
    daysLeft: daysLeft(now, t.endsAt),
    ended: t.endsAt.getTime() <= now.getTime(),
    reason: t.reason,
    recordedByName: t.recordedByName,
  }
}

export function municipalityView(m: LoadedMunicipality, versions: readonly TermsVersion[], now: Date): MunicipalityView {
  const general = termsStanding(versions, m.acceptances, { document: 'general' }, now)
  const dpa = termsStanding(versions, m.acceptances, { document: 'dpa' }, now)
  const special = (service: DigitalService) => termsStanding(versions, m.acceptances, { document: 'special', digitalService: service }, now)
  const withSpecialTerms = DIGITAL_SERVICES.filter((s) => versions.some((v) => v.document === 'special' && v.digitalService === s))
  const activeDigitalServices = [...new Set(m.activations.map((a) => a.digitalService))]
  const terminationEnds = m.termination?.endsAt ?? null
  const onboarding = m.onboarding

  return {
    id: m.id,
    name: m.name,
    organisationNumber: m.organisationNumber,
    statuses: municipalityStatus({
      onboarding,
      activeDigitalServices,
      general,
      dpa,
      specialForActive: activeDigitalServices.map(special),
      terminationEndsAt: terminationEnds,
      now,
    }),
    connection: onboarding
      ? {
          orderedAt: onboarding.connectionOrderedAt.toISOString(),
          connectedAt: onboarding.connectedAt?.toISOString() ?? null,
          digifinMember: onboarding.digifinMember,
          connectionFeeNok: onboarding.connectionFeeNok,
          dpaRequired: onboarding.dpaRequired,
        }
      : null,
    epj: onboarding ? { product: onboarding.epjProduct, supportedServices: onboarding.epjSupportedServices } : null,
    terms: {
      general: standingView(general),
      dpa: { ...standingView(dpa), required: onboarding?.dpaRequired ?? true },
      special: withSpecialTerms.map((s) => ({ digitalService: s, ...standingView(special(s)) })),
    },
    activation: DIGITAL_SERVICES.map((digitalService) => {
      const refusals = activationRefusals({
        digitalService,
        onboarding,
        general,
        special: special(digitalService),
        dpa,
        terminationEndsAt: terminationEnds,
        now,
      })
      return { digitalService, allowed: refusals.length === 0, refusals }
    }),
    services: m.services.map((s) => ({
      id: s.id,
      name: s.name,
      kind: s.kind,
      active: m.activations
        .filter((a) => a.serviceId === s.id)
        .map((a) => ({ digitalService: a.digitalService, activatedAt: a.activatedAt.toISOString(), activatedByName: a.activatedByName })),
    })),
    termination: m.termination ? terminationView(m.termination, now) : null,
    noticeEndsOn: {
      municipality: osloDate(terminationEndsAt(now, 'municipality')),
      operator: osloDate(terminationEndsAt(now, 'operator')),
    },
  }
}

export function termsVersionViews(
  versions: readonly TermsVersion[],
  municipalities: readonly { id: string; name: string }[],
  acceptances: readonly { organisationId: string; termsVersionId: string }[],
  now: Date,
): z.infer<typeof TermsVersionSchema>[] {
  return [...versions]
    .sort((a, b) => b.effectiveFrom.getTime() - a.effectiveFrom.getTime() || b.publishedAt.getTime() - a.publishedAt.getTime())
    .map((v) => {
      const key =
        v.document === 'special' && v.digitalService
          ? { document: 'special' as const, digitalService: v.digitalService }
          : { document: v.document as 'general' | 'dpa' }
      const standingOf = (organisationId: string) =>
        termsStanding(
          versions,
          acceptances
            .filter((a) => a.organisationId === organisationId)
            .map((a) => ({ termsVersionId: a.termsVersionId, acceptedAt: now, acceptedByName: '' })),
          key,
          now,
        )
      const anyStanding = termsStanding(versions, [], key, now)
      const status = anyStanding.current?.id === v.id ? 'current' : v.effectiveFrom.getTime() > now.getTime() ? 'upcoming' : 'superseded'
      const notAcceptedBy =
        status === 'superseded'
          ? []
          : municipalities.filter((m) => {
              const s = standingOf(m.id)
              return !coversVersion(s.accepted, v)
            })
      return {
        ...versionRef(v),
        changeLog: v.changeLog,
        publishedAt: v.publishedAt.toISOString(),
        status,
        notAcceptedBy: notAcceptedBy.map((m) => ({ id: m.id, name: m.name })),
      }
    })
}
