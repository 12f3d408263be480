import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { ApiError, getJson, type Problem } from '../http.ts'

// The platform operator's municipality onboarding (/api/onboarding): terms, DPA, EPJ support, activations, notice.

export const DIGITAL_SERVICES = ['messages', 'appointments', 'home-visits', 'letters', 'forms', 'tools'] as const
export type DigitalService = (typeof DIGITAL_SERVICES)[number]

export type TermsDocument = 'general' | 'special' | 'dpa'

export type TermsVersionRef = {
  id: string
  document: TermsDocument
  digitalService: DigitalService | null
  version: string
  title: string
  effectiveFrom: string
}

export type TermsStanding = {
  current: TermsVersionRef | null
  upcoming: TermsVersionRef | null
  accepted: (TermsVersionRef & { acceptedAt: string; acceptedByName: string }) | null
  acceptedCurrent: boolean
  acceptedUpcoming: boolean
}

export type MunicipalityStatus = 'not-onboarded' | 'connection-ordered' | 'active' | 'awaiting-epj' | 'terms-not-accepted' | 'notice-given' | 'ended'

export type Termination = {
  id: string
  initiatedBy: 'municipality' | 'operator'
  noticeGivenAt: string
  endsAt: string
  endsOn: string
  lastDayOn: string
  daysLeft: number
  ended: boolean
  reason: string | null
  recordedByName: string | null
}

export type Municipality = {
  id: string
  name: string
  organisationNumber: string
  statuses: MunicipalityStatus[]
  connection: { orderedAt: string; connectedAt: string | null; digifinMember: boolean; connectionFeeNok: number | null; dpaRequired: boolean } | null
  epj: { product: string | null; supportedServices: DigitalService[] } | null
  terms: {
    general: TermsStanding
    dpa: TermsStanding & { required: boolean }
    special: (TermsStanding & { digitalService: DigitalService })[]
  }
  activation: { digitalService: DigitalService; allowed: boolean; refusals: { code: string; detail: string }[] }[]
  services: { id: string; name: string; kind: string; active: { digitalService: DigitalService; activatedAt: string; activatedByName: string | null }[] }[]
  termination: Termination | null
  noticeEndsOn: { municipality: string; operator: string }
}

export type TermsVersion = TermsVersionRef & {
  changeLog: string
  publishedAt: string
  status: 'current' | 'upcoming' | 'superseded'
  notAcceptedBy: { id: string; name: string }[]
}

const keys = {
  all: ['onboarding'] as const,
  municipalities: ['onboarding', 'municipalities'] as const,
  municipality: (id: string) => ['onboarding', 'municipalities', id] as const,
  terms: ['onboarding', 'terms-versions'] as const,
}

/** A state-changing call with a JSON body or none, answering JSON or nothing (204); ApiError on any non-2xx. */
async function send<T>(method: 'POST' | 'PUT' | 'DELETE', path: string, csrfToken: string, body?: unknown): Promise<T> {
  const response = await fetch(path, {
    method,
    credentials: 'same-origin',
    headers: {
      accept: 'application/json',
      'x-csrf-token': csrfToken,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  })
  if (!response.ok) {
    let problem: Problem | null = null
    if ((response.headers.get('content-type') ?? '').includes('json')) problem = (await response.json().catch(() => null)) as Problem | null
    throw new ApiError(response.status, problem)
  }
  return (response.status === 204 ? null : await response.json()) as T
}

export function useMunicipalities() {
  return useQuery({
    queryKey: keys.municipalities,
    queryFn: ({ signal }) => getJson<{ items: Municipality[] }>('/api/onboarding/municipalities', signal),
  })
}

export function useMunicipality(id: string) {
  return useQuery({
    queryKey: keys.municipality(id),
    queryFn: ({ signal }) => getJson<Municipality>(`/api/onboarding/municipalities/${encodeURIComponent(id)}`, signal),
  })
}

export function useTermsVersions() {
  return useQuery({
    queryKey: keys.terms,
    queryFn: ({ signal }) => getJson<{ items: TermsVersion[] }>('/api/onboarding/terms-versions', signal),
  })
}

/** Every change to one municipality answers with its new state; the lists are fetched again. */
function useMunicipalityChange<V>(id: string, call: (variables: V) => Promise<Municipality | null>) {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: call,
    onSuccess: async (municipality) => {
      if (municipality) queryClient.setQueryData(keys.municipality(id), municipality)
      await queryClient.invalidateQueries({ queryKey: keys.all })
    },
  })
}

const municipalityPath = (id: string) => `/api/onboarding/municipalities/${encodeURIComponent(id)}`

export function useSetActivation(id: string, csrfToken: string) {
  return useMunicipalityChange(id, ({ serviceId, digitalService, active }: { serviceId: string; digitalService: DigitalService; active: boolean }) =>
    send<Municipality>(
      active ? 'PUT' : 'DELETE',
      `${municipalityPath(id)}/services/${encodeURIComponent(serviceId)}/digital-services/${digitalService}`,
      csrfToken,
    ),
  )
}

export function useSaveEpj(id: string, csrfToken: string) {
  return useMunicipalityChange(id, (epj: { product: string | null; supportedServices: DigitalService[] }) =>
    send<Municipality>('PUT', `${municipalityPath(id)}/epj`, csrfToken, epj),
  )
}

export type ConnectionInput = { orderedOn: string; connectedOn: string | null; digifinMember: boolean; connectionFeeNok: number | null; dpaRequired: boolean }

export function useSaveConnection(id: string, csrfToken: string) {
  return useMunicipalityChange(id, (connection: ConnectionInput) => send<Municipality>('PUT', `${municipalityPath(id)}/connection`, csrfToken, connection))
}

export function useAcceptTerms(id: string, csrfToken: string) {
  return useMunicipalityChange(id, (acceptance: { termsVersionId: string; acceptedByName: string }) =>
    send<Municipality>('POST', `${municipalityPath(id)}/terms-acceptances`, csrfToken, acceptance),
  )
}

export function useGiveNotice(id: string, csrfToken: string) {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (notice: { initiatedBy: 'municipality' | 'operator'; reason?: string }) =>
      send<{ termination: Termination; notifiedPeople: number }>('POST', `${municipalityPath(id)}/termination`, csrfToken, notice),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: keys.all }),
  })
}

export function useWithdrawNotice(id: string, csrfToken: string) {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: () => send<null>('DELETE', `${municipalityPath(id)}/termination`, csrfToken),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: keys.all }),
  })
}

export type NewTermsVersion = {
  document: TermsDocument
  digitalService: DigitalService | null
  version: string
  title: string
  changeLog: string
  effectiveOn: string
}

export function usePublishTerms(csrfToken: string) {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (terms: NewTermsVersion) => send<TermsVersion>('POST', '/api/onboarding/terms-versions', csrfToken, terms),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: keys.all }),
  })
}
