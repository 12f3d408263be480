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
  NoticePreviewSchema,
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
  NoticePreview,
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

const municipalityPath = (id: string) => `/api/onboarding/municipalities/${encodeURIComponent(id)}`

/** The calls themselves, without React: the hooks below use them, and api/contract.test.ts checks them against samples. */
export const onboardingApi = {
  municipalities: (signal?: AbortSignal) => getJson('/api/onboarding/municipalities', MunicipalityListSchema, signal),
  municipality: (id: string, signal?: AbortSignal) => getJson(municipalityPath(id), MunicipalitySchema, signal),
  termsVersions: (signal?: AbortSignal) => getJson('/api/onboarding/terms-versions', TermsVersionListSchema, signal),
  /** Activates a digital service for a municipal service (PUT) or stops it (DELETE). */
  setActivation: (id: string, serviceId: string, digitalService: DigitalService, active: boolean, csrfToken: string) =>
    sendJson(
      active ? 'PUT' : 'DELETE',
      `${municipalityPath(id)}/services/${encodeURIComponent(serviceId)}/digital-services/${digitalService}`,
      undefined,
      MunicipalitySchema,
      csrfToken,
    ),
  saveEpj: (id: string, epj: z.input<typeof EpjBody>, csrfToken: string) => sendJson('PUT', `${municipalityPath(id)}/epj`, epj, MunicipalitySchema, csrfToken),
  saveConnection: (id: string, connection: ConnectionInput, csrfToken: string) =>
    sendJson('PUT', `${municipalityPath(id)}/connection`, connection, MunicipalitySchema, csrfToken),
  acceptTerms: (id: string, acceptance: z.input<typeof AcceptTermsBody>, csrfToken: string) =>
    sendJson('POST', `${municipalityPath(id)}/terms-acceptances`, acceptance, MunicipalitySchema, csrfToken),
  /** What a notice given now would do: end dates, the services that stop, how many citizens are told. Changes nothing. */
  noticePreview: (id: string, signal?: AbortSignal) => getJson(`${municipalityPath(id)}/termination-preview`, NoticePreviewSchema, signal),
  giveNotice: (id: string, notice: z.input<typeof NoticeBody>, csrfToken: string) =>
    sendJson('POST', `${municipalityPath(id)}/termination`, notice, NoticeGivenSchema, csrfToken),
  withdrawNotice: (id: string, csrfToken: string) => sendEmpty('DELETE', `${municipalityPath(id)}/termination`, csrfToken),
  publishTerms: (terms: NewTermsVersion, csrfToken: string) => sendJson('POST', '/api/onboarding/terms-versions', terms, TermsVersionSchema, csrfToken),
}

export function useMunicipalities() {
  return useQuery({
    queryKey: keys.municipalities,
    queryFn: ({ signal }) => onboardingApi.municipalities(signal),
  })
}

export function useMunicipality(id: string) {
  return useQuery({
    queryKey: keys.municipality(id),
    queryFn: ({ signal }) => onboardingApi.municipality(id, signal),
  })
}

export function useTermsVersions() {
  return useQuery({
    queryKey: keys.terms,
    queryFn: ({ signal }) => onboardingApi.termsVersions(signal),
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

export function useSetActivation(id: string, csrfToken: string) {
  return useMunicipalityChange(id, ({ serviceId, digitalService, active }: { serviceId: string; digitalService: DigitalService; active: boolean }) =>
    onboardingApi.setActivation(id, serviceId, digitalService, active, csrfToken),
  )
}

export function useSaveEpj(id: string, csrfToken: string) {
  return useMunicipalityChange(id, (epj: z.input<typeof EpjBody>) => onboardingApi.saveEpj(id, epj, csrfToken))
}

export function useSaveConnection(id: string, csrfToken: string) {
  return useMunicipalityChange(id, (connection: ConnectionInput) => onboardingApi.saveConnection(id, connection, csrfToken))
}

export function useAcceptTerms(id: string, csrfToken: string) {
  return useMunicipalityChange(id, (acceptance: z.input<typeof AcceptTermsBody>) => onboardingApi.acceptTerms(id, acceptance, csrfToken))
}

/** Asked when the confirmation opens, and again each time: the number of citizens changes with the data. */
export function useNoticePreview(id: string, enabled: boolean) {
  return useQuery({
    queryKey: [...keys.municipality(id), 'termination-preview'],
    queryFn: ({ signal }) => onboardingApi.noticePreview(id, signal),
    enabled,
    staleTime: 0,
    gcTime: 0,
  })
}

export function useGiveNotice(id: string, csrfToken: string) {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (notice: z.input<typeof NoticeBody>) => onboardingApi.giveNotice(id, notice, csrfToken),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: keys.all }),
  })
}

export function useWithdrawNotice(id: string, csrfToken: string) {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: () => onboardingApi.withdrawNotice(id, csrfToken),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: keys.all }),
  })
}

export function usePublishTerms(csrfToken: string) {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (terms: NewTermsVersion) => onboardingApi.publishTerms(terms, csrfToken),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: keys.all }),
  })
}
