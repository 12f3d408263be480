/**
 * How the health-contacts page is put together from what the repository loaded: pure, no I/O. The GP practice is
 * shown on its own (with the GP's name when the practice has exactly one GP, since the list does not record which of
 * several it is); every other service the citizen receives follows; then the municipality's services.
 */
import type { ServiceAvailability } from '../onboarding/digital-services.ts'
import { DIGITAL_SERVICES, type DigitalService } from '../onboarding/digital-service.schemas.ts'
import type { MunicipalityRow, PrimaryContactRow, ServiceRow } from './health-contacts.repository.ts'
import type { HealthContacts, ServiceContact } from './health-contacts.schemas.ts'

export const FASTLEGE_SERVICE_KIND = 'fastlege'

/** For each digital service, each service's availability now. */
export type AvailabilityByDigitalService = ReadonlyMap<DigitalService, ReadonlyMap<string, ServiceAvailability>>

/** The name of the practice's GP when there is exactly one; with several (or none) we cannot tell which is theirs. */
export function gpNameOf(candidates: ReadonlyArray<{ staffId: string; name: string }>): string | null {
  const distinct = new Map(candidates.map((c) => [c.staffId, c.name]))
  return distinct.size === 1 ? ([...distinct.values()][0] ?? null) : null
}

/** The digital services open to citizens at this service now, in DIGITAL_SERVICES order. */
export function openDigitalServices(serviceId: string, availability: AvailabilityByDigitalService): ServiceContact['digitalServices'] {
  return DIGITAL_SERVICES.flatMap((code) => {
    const a = availability.get(code)?.get(serviceId)
    return a?.open ? [{ code, endsAt: a.endsAt?.toISOString() ?? null }] : []
  })
}

export function toServiceContact(row: ServiceRow, availability: AvailabilityByDigitalService): ServiceContact {
  const hasAddress = row.visitingAddress !== null || row.postalCode !== null || row.city !== null
  return {
    id: row.id,
    name: row.name,
    kind: row.kind,
    organisation: { id: row.organisationId, name: row.organisationName },
    phone: row.phone,
    email: row.email,
    address: hasAddress ? { line: row.visitingAddress, postalCode: row.postalCode, city: row.city } : null,
    openingHours: row.openingHours,
    about: row.about,
    digitalServices: openDigitalServices(row.id, availability),
  }
}

/** What the repository loaded for the page, before it is put together. */
export type LoadedHealthContacts = {
  received: readonly ServiceRow[]
  primaryContacts: readonly PrimaryContactRow[]
  municipality: MunicipalityRow | null
}

/**
 * What the caller may be shown. A parent of a child aged 12–15 (reduced parental rights) may read the child's health
 * contacts, but a service whose name alone says too much (`sensitive_name`, e.g. a drug and alcohol service) is left
 * out, with the primary contacts in it, wherever it would appear: among the services the child receives (the GP
 * practice too) and in the municipality's list. Everyone else (the child, a proxy, a parent with full rights) sees all.
 */
export function visibleHealthContacts<T extends LoadedHealthContacts>(loaded: T, viewer: { reducedParentalRights: boolean }): T {
  if (!viewer.reducedParentalRights) return loaded
  return {
    ...loaded,
    received: loaded.received.filter((s) => !s.sensitiveName),
    primaryContacts: loaded.primaryContacts.filter((c) => !c.serviceSensitiveName),
    municipality: loaded.municipality ? { ...loaded.municipality, services: loaded.municipality.services.filter((s) => !s.sensitiveName) } : null,
  }
}

export function assembleHealthContacts(input: {
  received: readonly ServiceRow[]
  primaryContacts: readonly PrimaryContactRow[]
  municipality: MunicipalityRow | null
  gps: ReadonlyArray<{ serviceId: string; staffId: string; name: string }>
  availability: AvailabilityByDigitalService
}): HealthContacts {
  const { availability } = input
  const practice = input.received.find((s) => s.kind === FASTLEGE_SERVICE_KIND) ?? null
  return {
    fastlege: practice
      ? { service: toServiceContact(practice, availability), doctorName: gpNameOf(input.gps.filter((g) => g.serviceId === practice.id)) }
      : null,
    primaryContacts: input.primaryContacts.map((c) => ({
      name: c.name,
      profession: c.profession,
      service: { id: c.serviceId, name: c.serviceName, organisationName: c.organisationName },
    })),
    services: input.received.filter((s) => s.id !== practice?.id).map((s) => toServiceContact(s, availability)),
    municipality: input.municipality
      ? {
          name: input.municipality.name,
          municipalityNumber: input.municipality.municipalityNumber,
          services: input.municipality.services.map((s) => toServiceContact(s, availability)),
        }
      : null,
  }
}
