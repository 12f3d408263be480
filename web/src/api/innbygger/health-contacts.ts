import { useQuery } from '@tanstack/react-query'
import { getJson } from '../http.ts'

export type DigitalServiceOffer = { code: string; endsAt: string | null }

export type ServiceContact = {
  id: string
  name: string
  kind: string
  organisation: { id: string; name: string }
  phone: string | null
  email: string | null
  address: { line: string | null; postalCode: string | null; city: string | null } | null
  openingHours: string | null
  about: string | null
  digitalServices: DigitalServiceOffer[]
}

export type HealthContacts = {
  fastlege: { service: ServiceContact; doctorName: string | null } | null
  primaryContacts: Array<{ name: string; profession: string | null; service: { id: string; name: string; organisationName: string } }>
  services: ServiceContact[]
  municipality: { name: string; municipalityNumber: string; services: ServiceContact[] } | null
}

export function useHealthContacts(personId: string) {
  return useQuery({
    queryKey: ['health-contacts', personId],
    queryFn: ({ signal }) => getJson<HealthContacts>(`/api/citizens/${encodeURIComponent(personId)}/health-contacts`, signal),
  })
}
