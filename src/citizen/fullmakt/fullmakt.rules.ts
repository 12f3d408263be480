/**
 * Helsenorge's rules for giving, changing and ending a fullmakt (research/citizen.md §1.2), and how a fullmakt's
 * place in the citizen's lists follows from its dates. Pure: the caller loads the people and the existing fullmakter.
 * The access side (what a fullmakt lets the proxy do) lives in platform/access/citizen-representation.rules.ts; the
 * age limits are the same constants.
 */
import type { FullmaktKind, ServiceArea } from '../../platform/access/access.types.ts'
import { SERVICE_AREAS } from '../../platform/access/access.types.ts'
import { MIN_FULLMAKT_GIVER_AGE, MIN_FULLMAKT_PROXY_AGE } from '../../platform/access/citizen-representation.rules.ts'
import { ageOrNull } from '../../platform/access/time.rules.ts'
import { addDays, osloDate, osloMidnight, parseIsoDate } from '../../platform/time/oslo-time.ts'

/** An ordinary fullmakt is a helper role: consents are given by the citizen personally, or through an assigned one. */
export const ORDINARY_FULLMAKT_AREAS: readonly ServiceArea[] = SERVICE_AREAS.filter((a) => a !== 'consents')

/** A time-limited fullmakt may run this many years at most; longer than that, open-ended says it better. */
export const MAX_VALIDITY_YEARS = 50

/** What the rules need to know about the giver and the proxy. */
export type FullmaktParty = {
  id: string
  /** 'YYYY-MM-DD'. */
  birthDate: string
  confidentialAddress: boolean
  deceased: boolean
}

/**
 * Why a fullmakt cannot be registered. 'not-possible' covers a proxy who is unknown, under 18, deceased or has a
 * confidential address alike (and a giver who cannot give for such a reason), so that the answer never tells the
 * caller anything about the person behind a national identity number.
 */
export type FullmaktRefusal =
  | 'self'
  | 'not-possible'
  | 'giver-under-16'
  | 'no-areas'
  | 'consents-personal-only'
  | 'valid-to-passed'
  | 'valid-to-too-far'
  | 'duplicate'

/** What is given, for how long: checked before anyone is looked up, so these answers are the same for every proxy. */
export type FullmaktTerms = {
  kind: FullmaktKind
  areas: readonly ServiceArea[]
  /** Exclusive end, or null for open-ended. */
  validTo: Date | null
  now: Date
}

export type FullmaktPeople = {
  giver: FullmaktParty
  /** Null when no person has the national id the caller gave. */
  proxy: FullmaktParty | null
  /** Whether the giver already has an active fullmakt to this proxy that this one would duplicate. */
  duplicatesActive: boolean
  now: Date
}

export type NewFullmakt = FullmaktTerms & FullmaktPeople

/** The first reason, in a fixed order, why this fullmakt cannot be registered; null when it can. */
export function refuseNewFullmakt(input: NewFullmakt): FullmaktRefusal | null {
  return refuseTerms(input) ?? refuseParties(input)
}

/** Areas and dates: nothing here depends on who the proxy is. */
export function refuseTerms(input: FullmaktTerms): FullmaktRefusal | null {
  if (input.areas.length === 0) return 'no-areas'
  if (input.kind === 'ordinary' && input.areas.includes('consents')) return 'consents-personal-only'
  return refuseValidTo(input.validTo, input.now)
}

/**
 * The people: the giver first (oneself, or a patient the staff know), then the proxy, whose every unusable case is
 * one answer; a duplicate last (it is the giver's own fullmakt that already exists).
 */
export function refuseParties(input: FullmaktPeople): FullmaktRefusal | null {
  const { giver, proxy, now } = input
  if (proxy !== null && proxy.id === giver.id) return 'self'
  const giverRefusal = refuseGiver(giver, now)
  if (giverRefusal !== null) return giverRefusal
  if (proxy === null || unreachable(proxy)) return 'not-possible'
  const proxyAge = ageOrNull(proxy.birthDate, now)
  if (proxyAge === null || proxyAge < MIN_FULLMAKT_PROXY_AGE) return 'not-possible'
  if (input.duplicatesActive) return 'duplicate'
  return null
}

/** Whether the giver may give at all: known before the proxy is looked up. */
export function refuseGiver(giver: FullmaktParty, now: Date): FullmaktRefusal | null {
  const giverAge = ageOrNull(giver.birthDate, now)
  if (unreachable(giver) || giverAge === null) return 'not-possible'
  if (giverAge < MIN_FULLMAKT_GIVER_AGE) return 'giver-under-16'
  return null
}

/** Nobody with a confidential address represents or is represented, and the dead do neither. */
function unreachable(person: FullmaktParty): boolean {
  return person.confidentialAddress || person.deceased
}

function refuseValidTo(validTo: Date | null, now: Date): FullmaktRefusal | null {
  if (validTo === null) return null
  if (!(validTo.getTime() > now.getTime())) return 'valid-to-passed'
  const limit = new Date(now)
  limit.setUTCFullYear(limit.getUTCFullYear() + MAX_VALIDITY_YEARS)
  if (validTo.getTime() > limit.getTime()) return 'valid-to-too-far'
  return null
}

/** Areas in SERVICE_AREAS order, each once. */
export function normaliseAreas(areas: readonly ServiceArea[]): ServiceArea[] {
  return SERVICE_AREAS.filter((a) => areas.includes(a))
}

// ---------------------------------------------------------------------------------------------------------------
// Validity dates. Citizens choose the last day a fullmakt holds; it then ends at midnight in Oslo after that day.

/** The exclusive end of a fullmakt that holds through `lastDay` ('YYYY-MM-DD'), or null for an invalid date. */
export function validToFromLastDay(lastDay: string): Date | null {
  if (parseIsoDate(lastDay) === null) return null
  return osloMidnight(addDays(lastDay, 1))
}

/** The last day ('YYYY-MM-DD', Oslo) a fullmakt with this exclusive end holds. */
export function lastDayOf(validTo: Date): string {
  return osloDate(new Date(validTo.getTime() - 1))
}

// ---------------------------------------------------------------------------------------------------------------
// Where a fullmakt belongs: active, or in the history with how it ended.

export type FullmaktStatus = 'active' | 'not-yet-valid' | 'expired' | 'revoked' | 'replaced'

export type FullmaktDates = {
  validFrom: Date
  validTo: Date | null
  revokedAt: Date | null
  /** Whether a newer fullmakt replaced this one (a change). */
  replaced: boolean
}

/**
 * By the dates at `now`, so that a fullmakt moves to the history the moment it expires, without a job. A revocation
 * wins over an expiry, since only an active fullmakt can be revoked.
 */
export function fullmaktStatus(f: FullmaktDates, now: Date): FullmaktStatus {
  const t = now.getTime()
  if (f.revokedAt !== null && f.revokedAt.getTime() <= t) return f.replaced ? 'replaced' : 'revoked'
  if (f.validTo !== null && f.validTo.getTime() <= t) return 'expired'
  if (f.validFrom.getTime() > t) return 'not-yet-valid'
  return 'active'
}

/** Still to come or in force: what the lists of given and received show, and what can be changed or ended. */
export function isCurrent(status: FullmaktStatus): boolean {
  return status === 'active' || status === 'not-yet-valid'
}

/** When it stopped holding, for the history; null while current. */
export function endedAt(f: FullmaktDates, status: FullmaktStatus): Date | null {
  if (status === 'revoked' || status === 'replaced') return f.revokedAt
  if (status === 'expired') return f.validTo
  return null
}

export type FullmaktParties = { giverPersonId: string; proxyPersonId: string; kind: FullmaktKind }

/** Either party may end a current fullmakt at any time; the answer says in which role. */
export function endingRole(f: FullmaktParties & FullmaktDates, personId: string, now: Date): 'giver' | 'proxy' | null {
  if (!isCurrent(fullmaktStatus(f, now))) return null
  if (f.giverPersonId === personId) return 'giver'
  if (f.proxyPersonId === personId) return 'proxy'
  return null
}

/**
 * Only the giver changes a fullmakt, and only an ordinary one: an assigned fullmakt was registered by health
 * personnel for someone who cannot consent, so they register its successor too.
 */
export function mayChange(f: FullmaktParties & FullmaktDates, personId: string, now: Date): boolean {
  return f.giverPersonId === personId && f.kind === 'ordinary' && isCurrent(fullmaktStatus(f, now))
}
