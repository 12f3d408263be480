/**
 * Municipality onboarding rules (CIT-13, CIT-14), pure: which terms version is current, whether a municipality has
 * accepted it, whether a digital service may be activated for one of its services, and the status shown to the
 * operator. The caller loads the rows and passes the clock.
 */
import { DIGITAL_SERVICE_NAMES } from './digital-services.ts'
import type { DigitalService } from './digital-service.schemas.ts'
import { formatLongDate } from '../../platform/time/oslo-time.ts'

import type { TerminationInitiator, TermsDocument } from './onboarding.schemas.ts'

export type TermsVersion = {
  id: string
  document: TermsDocument
  /** For special terms: the digital service they are for; null otherwise. */
  digitalService: DigitalService | null
  version: string
  title: string
  changeLog: string
  publishedAt: Date
  effectiveFrom: Date
}

export type TermsAcceptance = { termsVersionId: string; acceptedAt: Date; acceptedByName: string }

/** Which document a version belongs to: the general terms, the DPA, or the special terms of one digital service. */
export type TermsKey = { document: 'general' } | { document: 'dpa' } | { document: 'special'; digitalService: DigitalService }

function sameDocument(v: TermsVersion, key: TermsKey): boolean {
  return v.document === key.document && (key.document !== 'special' || v.digitalService === key.digitalService)
}

/** Later effective date first; the later publication breaks a tie. */
function newestFirst(a: TermsVersion, b: TermsVersion): number {
  return b.effectiveFrom.getTime() - a.effectiveFrom.getTime() || b.publishedAt.getTime() - a.publishedAt.getTime()
}

/** Whether accepting `accepted` covers `target`: the same document, and the same version or a later one. */
export function coversVersion(accepted: TermsVersion | null, target: TermsVersion | null): boolean {
  return accepted !== null && target !== null && newestFirst(accepted, target) <= 0
}

export type TermsStanding = {
  /** The latest version in effect now; null when none has taken effect. */
  current: TermsVersion | null
  /** The newest version published but not yet in effect. */
  upcoming: TermsVersion | null
  /** The newest version this municipality accepted, with the acceptance. */
  accepted: (TermsVersion & { acceptedAt: Date; acceptedByName: string }) | null
  /** Accepted the current version or a later one (accepting a newer version covers the older ones). */
  acceptedCurrent: boolean
  acceptedUpcoming: boolean
}

export function termsStanding(versions: readonly TermsVersion[], acceptances: readonly TermsAcceptance[], key: TermsKey, now: Date): TermsStanding {
  const ofDocument = versions.filter((v) => sameDocument(v, key)).sort(newestFirst)
  const current = ofDocument.find((v) => v.effectiveFrom.getTime() <= now.getTime()) ?? null
  const upcoming = ofDocument.find((v) => v.effectiveFrom.getTime() > now.getTime()) ?? null
  const byVersion = new Map(acceptances.map((a) => [a.termsVersionId, a]))
  const acceptedVersion = ofDocument.find((v) => byVersion.has(v.id)) ?? null
  const acceptance = acceptedVersion ? byVersion.get(acceptedVersion.id) : undefined
  const covers = (target: TermsVersion | null): boolean => coversVersion(acceptedVersion, target)
  return {
    current,
    upcoming,
    accepted: acceptedVersion && acceptance ? { ...acceptedVersion, acceptedAt: acceptance.acceptedAt, acceptedByName: acceptance.acceptedByName } : null,
    acceptedCurrent: covers(current),
    acceptedUpcoming: covers(upcoming),
  }
}

// -------------------------------------------------------------------------------------------------------------------
// Activation

export type ActivationRefusalCode =
  | 'not-onboarded'
  | 'agreement-ended'
  | 'epj-not-supported'
  | 'general-terms-missing'
  | 'general-terms-not-accepted'
  | 'special-terms-missing'
  | 'special-terms-not-accepted'
  | 'dpa-missing'
  | 'dpa-not-accepted'

export type ActivationRefusal = { code: ActivationRefusalCode; detail: string }

export type ActivationInput = {
  digitalService: DigitalService
  /** Null when the municipality has not ordered the connection. */
  onboarding: { epjProduct: string | null; epjSupportedServices: readonly string[]; dpaRequired: boolean } | null
  general: TermsStanding
  special: TermsStanding
  dpa: TermsStanding
  /** The pending termination's end, if notice was given and not withdrawn. */
  terminationEndsAt: Date | null
  now: Date
}

/**
 * Every reason a digital service may not be activated now, in the order the operator should deal with them; empty
 * when it may. Texts are bokmål and name no person.
 */
export function activationRefusals(input: ActivationInput): ActivationRefusal[] {
  const { digitalService, onboarding, now } = input
  const name = DIGITAL_SERVICE_NAMES[digitalService]
  const refusals: ActivationRefusal[] = []
  if (input.terminationEndsAt && input.terminationEndsAt.getTime() <= now.getTime()) {
    refusals.push({
      code: 'agreement-ended',
      detail: `Avtalen med kommunen ble avsluttet ${formatOsloDate(input.terminationEndsAt)}. Tjenester kan ikke aktiveres etter sluttdatoen.`,
    })
  }
  if (!onboarding) {
    refusals.push({ code: 'not-onboarded', detail: 'Kommunen har ikke bestilt tilkobling til Samband.' })
    return refusals
  }
  if (!onboarding.epjSupportedServices.includes(digitalService)) {
    const epj = onboarding.epjProduct ? `Kommunens EPJ (${onboarding.epjProduct})` : 'Kommunens EPJ'
    refusals.push({ code: 'epj-not-supported', detail: `${epj} støtter ikke ${name}. Tjenesten kan aktiveres når EPJ-en støtter den.` })
  }
  refusals.push(...termsRefusals(input.general, 'general', 'generelle vilkår'))
  refusals.push(...termsRefusals(input.special, 'special', `særskilte vilkår for ${name}`))
  if (onboarding.dpaRequired) refusals.push(...termsRefusals(input.dpa, 'dpa', 'databehandleravtale'))
  return refusals
}

function termsRefusals(standing: TermsStanding, kind: 'general' | 'special' | 'dpa', what: string): ActivationRefusal[] {
  const codes = {
    general: ['general-terms-missing', 'general-terms-not-accepted'],
    special: ['special-terms-missing', 'special-terms-not-accepted'],
    dpa: ['dpa-missing', 'dpa-not-accepted'],
  } as const
  if (!standing.current) return [{ code: codes[kind][0], detail: `Det finnes ingen gjeldende ${what}.` }]
  if (standing.acceptedCurrent) return []
  return [{ code: codes[kind][1], detail: `Kommunen har ikke akseptert gjeldende ${what} (versjon ${standing.current.version}).` }]
}

/** The problem detail for a refused activation: every reason, one sentence each. */
export function activationRefusalDetail(refusals: readonly ActivationRefusal[]): string {
  return `Tjenesten kan ikke aktiveres. ${refusals.map((r) => r.detail).join(' ')}`
}

// -------------------------------------------------------------------------------------------------------------------
// Status

export type MunicipalityStatus = 'not-onboarded' | 'connection-ordered' | 'active' | 'awaiting-epj' | 'terms-not-accepted' | 'notice-given' | 'ended'

export type StatusInput = {
  onboarding: { connectedAt: Date | null; epjSupportedServices: readonly string[]; dpaRequired: boolean } | null
  activeDigitalServices: readonly DigitalService[]
  general: TermsStanding
  dpa: TermsStanding
  /** Standing of the special terms of each digital service that is active somewhere in the municipality. */
  specialForActive: readonly TermsStanding[]
  terminationEndsAt: Date | null
  now: Date
}

/** The operator's status tags for one municipality, most important first. */
export function municipalityStatus(input: StatusInput): MunicipalityStatus[] {
  const { onboarding, now } = input
  const statuses: MunicipalityStatus[] = []
  if (input.terminationEndsAt) statuses.push(input.terminationEndsAt.getTime() <= now.getTime() ? 'ended' : 'notice-given')
  if (statuses.includes('ended')) return statuses
  if (!onboarding) return [...statuses, 'not-onboarded']
  if (input.activeDigitalServices.length > 0) statuses.push('active')
  else if (!onboarding.connectedAt) statuses.push('connection-ordered')
  if (onboarding.epjSupportedServices.length === 0) statuses.push('awaiting-epj')
  const termsMissing =
    !input.general.acceptedCurrent || (onboarding.dpaRequired && !input.dpa.acceptedCurrent) || input.specialForActive.some((s) => !s.acceptedCurrent)
  if (termsMissing) statuses.push('terms-not-accepted')
  return statuses
}

/** "2. desember 2026". */
export function formatOsloDate(instant: Date): string {
  return formatLongDate(instant)
}

/**
 * Who may give which notice: the operator gives the platform's notice (and may record the municipality's); a
 * municipality's own administrator only the municipality's. Null when allowed, else why not.
 */
export function noticeRefusal(actorIsOperator: boolean, initiatedBy: TerminationInitiator): string | null {
  if (actorIsOperator || initiatedBy === 'municipality') return null
  return 'Bare plattformforvalteren kan si opp avtalen på plattformens vegne.'
}

/** Withdrawing a notice: the operator any; the municipality only its own. Null when allowed. */
export function withdrawalRefusal(actorIsOperator: boolean, initiatedBy: TerminationInitiator): string | null {
  if (actorIsOperator || initiatedBy === 'municipality') return null
  return 'Bare plattformforvalteren kan trekke en oppsigelse fra plattformforvalteren.'
}
