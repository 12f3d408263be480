import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { ApiError, getJson, postJson } from './http.ts'
import { meQueryKey } from './me.ts'

// Fullmakter (/api/citizens/:personId/fullmakter and /api/services/:serviceId/assigned-fullmakter).

export type FullmaktStatus = 'active' | 'not-yet-valid' | 'expired' | 'revoked' | 'replaced'
export type PersonRef = { id: string; name: string; birthDate: string }

export type Fullmakt = {
  id: string
  kind: 'ordinary' | 'assigned'
  direction: 'given' | 'received'
  giver: PersonRef
  proxy: PersonRef
  areas: string[]
  validFrom: string
  validTo: string | null
  /** The last day it holds ('YYYY-MM-DD'), or null for open-ended. */
  lastDay: string | null
  status: FullmaktStatus
  endedAt: string | null
  endedBy: { role: 'giver' | 'proxy' | 'staff'; name: string } | null
  replacesId: string | null
  replacedById: string | null
  registeredBy: { name: string; profession: string | null } | null
}

export type FullmaktLists = { given: Fullmakt[]; received: Fullmakt[]; history: Fullmakt[] }

/** What the citizen chooses: the areas, and the last day it holds (null: open-ended). */
export type FullmaktTerms = { areas: string[]; validTo: string | null }

const listKey = (personId: string) => ['fullmakter', personId] as const

export function useFullmakter(personId: string) {
  return useQuery({
    queryKey: listKey(personId),
    queryFn: ({ signal }) => getJson<FullmaktLists>(`/api/citizens/${encodeURIComponent(personId)}/fullmakter`, signal),
  })
}

/** PUT with a JSON answer (http.ts's putJson reads none). */
async function putForJson<T>(path: string, body: unknown, csrfToken: string): Promise<T> {
  const response = await fetch(path, {
    method: 'PUT',
    credentials: 'same-origin',
    headers: { accept: 'application/json', 'content-type': 'application/json', 'x-csrf-token': csrfToken },
    body: JSON.stringify(body),
  })
  if (!response.ok) {
    const problem = (response.headers.get('content-type') ?? '').includes('json') ? await response.json().catch(() => null) : null
    throw new ApiError(response.status, problem)
  }
  return (await response.json()) as T
}

/** After any change: the lists, and whom the citizen may act for (/api/me), are both out of date. */
function useInvalidateAfterChange(personId: string) {
  const queryClient = useQueryClient()
  return async () => {
    await queryClient.invalidateQueries({ queryKey: listKey(personId) })
    await queryClient.invalidateQueries({ queryKey: meQueryKey })
  }
}

export function useGiveFullmakt(personId: string) {
  const onSuccess = useInvalidateAfterChange(personId)
  return useMutation({
    mutationFn: ({ proxyNationalId, terms, csrfToken }: { proxyNationalId: string; terms: FullmaktTerms; csrfToken: string }) =>
      postJson<Fullmakt>(`/api/citizens/${encodeURIComponent(personId)}/fullmakter`, { proxyNationalId, ...terms }, csrfToken),
    onSuccess,
  })
}

export function useChangeFullmakt(personId: string) {
  const onSuccess = useInvalidateAfterChange(personId)
  return useMutation({
    mutationFn: ({ id, terms, csrfToken }: { id: string; terms: FullmaktTerms; csrfToken: string }) =>
      putForJson<Fullmakt>(`/api/citizens/${encodeURIComponent(personId)}/fullmakter/${encodeURIComponent(id)}`, terms, csrfToken),
    onSuccess,
  })
}

export function useEndFullmakt(personId: string) {
  const onSuccess = useInvalidateAfterChange(personId)
  return useMutation({
    mutationFn: ({ id, csrfToken }: { id: string; csrfToken: string }) =>
      postJson<Fullmakt>(`/api/citizens/${encodeURIComponent(personId)}/fullmakter/${encodeURIComponent(id)}/end`, {}, csrfToken),
    onSuccess,
  })
}

// Health personnel: assigned fullmakter.

export type AssignedFullmaktList = { giver: PersonRef; items: Fullmakt[] }

const assignedKey = (serviceId: string, giverNationalId: string | null) => ['assigned-fullmakter', serviceId, giverNationalId] as const

/**
 * The patient's assigned fullmakter. A POST (the national identity number goes in the body, never in a URL), but it
 * only reads, so it is a query: it refetches after a registration or an end like any other list.
 */
export function useAssignedFullmakter(serviceId: string, giverNationalId: string | null, csrfToken: string) {
  return useQuery({
    queryKey: assignedKey(serviceId, giverNationalId),
    queryFn: () => postJson<AssignedFullmaktList>(`/api/services/${encodeURIComponent(serviceId)}/assigned-fullmakter/search`, { giverNationalId }, csrfToken),
    enabled: giverNationalId !== null,
    retry: false,
  })
}

export type NewAssignedFullmakt = FullmaktTerms & { giverNationalId: string; proxyNationalId: string; reason: string }

export function useRegisterAssignedFullmakt(serviceId: string) {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: ({ fullmakt, csrfToken }: { fullmakt: NewAssignedFullmakt; csrfToken: string }) =>
      postJson<Fullmakt>(`/api/services/${encodeURIComponent(serviceId)}/assigned-fullmakter`, fullmakt, csrfToken),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['assigned-fullmakter', serviceId] }),
  })
}

export function useEndAssignedFullmakt(serviceId: string) {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: ({ id, csrfToken }: { id: string; csrfToken: string }) =>
      postJson<Fullmakt>(`/api/services/${encodeURIComponent(serviceId)}/assigned-fullmakter/${encodeURIComponent(id)}/end`, {}, csrfToken),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['assigned-fullmakter', serviceId] }),
  })
}
