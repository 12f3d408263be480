// Typed builders for the access policy's tests: people, relations and facts around a fixed NOW.
import type {
  AccessFacts,
  CareRelation,
  CitizenActor,
  Fullmakt,
  OperatorActor,
  ParentalRelation,
  PersonFacts,
  ServiceArea,
  StaffActor,
  SystemActor,
} from './access.types.ts'
import { SERVICE_AREAS } from './access.types.ts'

/** 15 March 2026, 11:00 in Oslo. */
export const NOW = new Date('2026-03-15T10:00:00Z')

const DAY_MS = 24 * 60 * 60 * 1000

export function daysFrom(base: Date, days: number): Date {
  return new Date(base.getTime() + days * DAY_MS)
}

/**
 * The ISO birth date of someone who turns `years` on NOW's (Oslo) date shifted by `days`:
 * bornYearsAgo(18) is 18 today, bornYearsAgo(18, 1) turns 18 tomorrow (so is 17 now).
 */
export function bornYearsAgo(years: number, days = 0): string {
  // NOW is 11:00 in Oslo, so its UTC date is its Oslo date.
  const birthday = new Date(Date.UTC(NOW.getUTCFullYear() - years, NOW.getUTCMonth(), NOW.getUTCDate() + days))
  return birthday.toISOString().slice(0, 10)
}

export function person(id: string, overrides: Partial<Omit<PersonFacts, 'id'>> = {}): PersonFacts {
  return { id, birthDate: bornYearsAgo(40), confidentialAddress: false, addressKey: `address-${id}`, ...overrides }
}

/** Areas an ordinary fullmakt may cover: all but consents. */
export const ORDINARY_AREAS: readonly ServiceArea[] = SERVICE_AREAS.filter((a) => a !== 'consents')

export function fullmakt(giverPersonId: string, proxyPersonId: string, overrides: Partial<Fullmakt> = {}): Fullmakt {
  return {
    id: `fullmakt-${giverPersonId}-${proxyPersonId}`,
    giverPersonId,
    proxyPersonId,
    kind: 'ordinary',
    areas: ORDINARY_AREAS,
    validFrom: daysFrom(NOW, -30),
    validTo: null,
    revokedAt: null,
    ...overrides,
  }
}

export function parentOf(parentPersonId: string, childPersonId: string, parentalResponsibility = true): ParentalRelation {
  return { parentPersonId, childPersonId, parentalResponsibility }
}

export function careRelation(patientPersonId: string, overrides: Partial<CareRelation> = {}): CareRelation {
  return {
    patientPersonId,
    organisationId: 'org-tonsberg',
    serviceId: 'svc-home-care',
    validFrom: daysFrom(NOW, -10),
    validTo: null,
    ...overrides,
  }
}

export type FactsInput = {
  now?: Date
  persons?: readonly PersonFacts[]
  parentalRelations?: readonly ParentalRelation[]
  fullmakter?: readonly Fullmakt[]
  careRelations?: readonly CareRelation[]
}

export function facts(input: FactsInput = {}): AccessFacts {
  return {
    now: input.now ?? NOW,
    persons: Object.fromEntries((input.persons ?? []).map((p) => [p.id, p])),
    parentalRelations: input.parentalRelations ?? [],
    fullmakter: input.fullmakter ?? [],
    careRelations: input.careRelations ?? [],
  }
}

export function citizen(personId: string): CitizenActor {
  return { kind: 'citizen', personId }
}

export function staff(overrides: Partial<Omit<StaffActor, 'kind'>> = {}): StaffActor {
  return {
    kind: 'staff',
    staffId: 'staff-1',
    organisationId: 'org-tonsberg',
    serviceId: 'svc-home-care',
    roles: ['health_personnel'],
    ...overrides,
  }
}

export function operator(): OperatorActor {
  return { kind: 'operator', staffId: 'operator-1' }
}

export function system(overrides: Partial<Omit<SystemActor, 'kind'>> = {}): SystemActor {
  return { kind: 'system', clientId: 'epj-1', organisationId: 'org-tonsberg', scopes: [], ...overrides }
}
