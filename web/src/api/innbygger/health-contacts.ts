import { useQuery } from '@tanstack/react-query'
import { HealthContactsSchema, type ServiceContact } from '../../../../src/citizen/health-contacts/health-contacts.schemas.ts'
import { getJson } from '../http.ts'

// The person's GP, primary contacts and services (/api/citizens/:personId/health-contacts), checked against the
// server's schema.

export type { HealthContacts, ServiceContact } from '../../../../src/citizen/health-contacts/health-contacts.schemas.ts'

export type DigitalServiceOffer = ServiceContact['digitalServices'][number]

/** The call itself, without React (api/contract.test.ts checks it against a sample). */
export const healthContactsApi = {
  contacts: (personId: string, signal?: AbortSignal) => getJson(`/api/citizens/${encodeURIComponent(personId)}/health-contacts`, HealthContactsSchema, signal),
}

export function useHealthContacts(personId: string, enabled = true) {
  return useQuery({
    queryKey: ['health-contacts', personId],
    queryFn: ({ signal }) => healthContactsApi.contacts(personId, signal),
    enabled,
  })
}
