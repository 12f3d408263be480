import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import type { z } from 'zod'
import type { DigitalService } from '../../../../src/citizen/onboarding/digital-service.schemas.ts'
import {
  type AcceptTermsBody,
  type ConnectionBody,
  type EpjBody,
  type Municipality,
  MunicipalityListSchema,
  MunicipalitySchema,
  type NoticeBody,
  NoticeGivenSchema,
  type PublishTermsBody,
  TermsVersionListSchema,
  TermsVersionSchema,
} from '../../../../src/citizen/onboarding/onboarding.schemas.ts'
import { getJson, sendEmpty, sendJson } from '../http.ts'

// The platform operator's municipality onboarding (/api/onboarding): terms, DPA, EPJ support, activations, notice.
// The types and the list of digital services are the server's (src/citizen/onboarding/*.schemas.ts); every answer is
// checked against its schema.

export { DIGITAL_SERVICES, type DigitalService } from '../../../../src/citizen/onboarding/digital-service.schemas.ts'
export type {
  Municipality,
  MunicipalityStatus,
  Termination,
  TermsDocument,
  TermsStanding,
  TermsVersionItem as TermsVersion,
  TermsVersionRef,
} from '../../../../src/citizen/onboarding/onboarding.schemas.ts'

/** The connection's facts as the operator records them. */
export type ConnectionInput = z.input<typeof ConnectionBody>

/** A new version of the terms, as the server takes it. */
export type NewTermsVersion = z.input<typeof PublishTermsBody>

const keys = {
  all: ['onboarding'] as const,
  municipalities: ['onboarding', 'municipalities'] as const,
  municipality: (id: string) => ['onboarding', 'municipalities', id] as const,
  terms: ['onboarding', 'terms-versions'] as const,
}

export function useMunicipalities() {
  return useQuery({
    queryKey: keys.municipalities,
    queryFn: ({ signal }) => getJson('/api/onboarding/municipalities', MunicipalityListSchema, signal),
  })
}

export function useMunicipality(id: string) {
  return useQuery({
    queryKey: keys.municipality(id),
    queryFn: ({ signal }) => getJson(`/api/onboarding/municipalities/${encodeURIComponent(id)}`, MunicipalitySchema, signal),
  })
}

export function useTermsVersions() {
  return useQuery({
    queryKey: keys.terms,
    queryFn: ({ signal }) => getJson('/api/onboarding/terms-versions', TermsVersionListSchema, signal),
  })
}

/** Every change to one municipality answers with its new state; the lists are fetched again. */
function useMunicipalityChange<V>(id: string, call: (variables: V) => Promise<Municipality>) {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: call,
    onSuccess: async (municipality) => {
      queryClient.setQueryData(keys.municipality(id), municipality)
      await queryClient.invalidateQueries({ queryKey: keys.all })
    },
  })
}

const municipalityPath = (id: string) => `/api/onboarding/municipalities/${encodeURIComponent(id)}`

export function useSetActivation(id: string, csrfToken: string) {
  return useMunicipalityChange(id, ({ serviceId, digitalService, active }: { serviceId: string; digitalService: DigitalService; active: boolean }) =>
    sendJson(
      active ? 'PUT' : 'DELETE',
      `${municipalityPath(id)}/services/${encodeURIComponent(serviceId)}/digital-services/${digitalService}`,
      undefined,
      MunicipalitySchema,
      csrfToken,
    ),
  )
}

export function useSaveEpj(id: string, csrfToken: string) {
  return useMunicipalityChange(id, (epj: z.input<typeof EpjBody>) => sendJson('PUT', `${municipalityPath(id)}/epj`, epj, MunicipalitySchema, csrfToken))
}

export function useSaveConnection(id: string, csrfToken: string) {
  return useMunicipalityChange(id, (connection: ConnectionInput) =>
    sendJson('PUT', `${municipalityPath(id)}/connection`, connection, MunicipalitySchema, csrfToken),
  )
}

export function useAcceptTerms(id: string, csrfToken: string) {
  return useMunicipalityChange(id, (acceptance: z.input<typeof AcceptTermsBody>) =>
    sendJson('POST', `${municipalityPath(id)}/terms-acceptances`, acceptance, MunicipalitySchema, csrfToken),
  )
}

export function useGiveNotice(id: string, csrfToken: string) {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (notice: z.input<typeof NoticeBody>) => sendJson('POST', `${municipalityPath(id)}/termination`, notice, NoticeGivenSchema, csrfToken),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: keys.all }),
  })
}

export function useWithdrawNotice(id: string, csrfToken: string) {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: () => sendEmpty('DELETE', `${municipalityPath(id)}/termination`, csrfToken),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: keys.all }),
  })
}

export function usePublishTerms(csrfToken: string) {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (terms: NewTermsVersion) => sendJson('POST', '/api/onboarding/terms-versions', terms, TermsVersionSchema, csrfToken),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: keys.all }),
  })
}
