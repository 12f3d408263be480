import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import type { z } from 'zod'
import {
  type AssignedFullmaktSearchBodySchema,
  type ChangeFullmaktBodySchema,
  FullmaktListsSchema,
  FullmaktViewSchema,
  type GiveFullmaktBodySchema,
  type RegisterAssignedFullmaktBodySchema,
  AssignedFullmaktListSchema,
} from '../../../src/citizen/fullmakt/fullmakt.schemas.ts'
import { postJson, getJson, sendJson } from './http.ts'
import { meQueryKey } from './me.ts'

// Fullmakter (/api/citizens/:personId/fullmakter and /api/services/:serviceId/assigned-fullmakter). The types are the
// server's schemas' (src/citizen/fullmakt/fullmakt.schemas.ts); every answer is checked against them.

export type {
  AssignedFullmaktList,
  FullmaktLists,
  FullmaktView as Fullmakt,
} from '../../../src/citizen/fullmakt/fullmakt.schemas.ts'

/** What the citizen chooses: the areas, and the last day it holds (null: open-ended). */
export type FullmaktTerms = z.input<typeof ChangeFullmaktBodySchema>

/** A fullmakt given by the citizen, as the server takes it. */
export type NewFullmakt = z.input<typeof GiveFullmaktBodySchema>

/** An assigned fullmakt registered by health personnel, as the server takes it. */
export type NewAssignedFullmakt = z.input<typeof RegisterAssignedFullmaktBodySchema>

const citizenPath = (personId: string) => `/api/citizens/${encodeURIComponent(personId)}/fullmakter`
const assignedPath = (serviceId: string) => `/api/services/${encodeURIComponent(serviceId)}/assigned-fullmakter`

/** The calls themselves, without React: the hooks below use them, and api/contract.test.ts checks them against samples. */
export const fullmakterApi = {
  list: (personId: string, signal?: AbortSignal) => getJson(citizenPath(personId), FullmaktListsSchema, signal),
  give: (personId: string, fullmakt: NewFullmakt, csrfToken: string) => postJson(citizenPath(personId), fullmakt, FullmaktViewSchema, csrfToken),
  change: (personId: string, id: string, terms: FullmaktTerms, csrfToken: string) =>
    sendJson('PUT', `${citizenPath(personId)}/${encodeURIComponent(id)}`, terms, FullmaktViewSchema, csrfToken),
  end: (personId: string, id: string, csrfToken: string) =>
    postJson(`${citizenPath(personId)}/${encodeURIComponent(id)}/end`, {}, FullmaktViewSchema, csrfToken),
  searchAssigned: (serviceId: string, search: z.input<typeof AssignedFullmaktSearchBodySchema>, csrfToken: string) =>
    postJson(`${assignedPath(serviceId)}/search`, search, AssignedFullmaktListSchema, csrfToken),
  registerAssigned: (serviceId: string, fullmakt: NewAssignedFullmakt, csrfToken: string) =>
    postJson(assignedPath(serviceId), fullmakt, FullmaktViewSchema, csrfToken),
  endAssigned: (serviceId: string, id: string, csrfToken: string) =>
    postJson(`${assignedPath(serviceId)}/${encodeURIComponent(id)}/end`, {}, FullmaktViewSchema, csrfToken),
}

const listKey = (personId: string) => ['fullmakter', personId] as const

export function useFullmakter(personId: string) {
  return useQuery({
    queryKey: listKey(personId),
    queryFn: ({ signal }) => fullmakterApi.list(personId, signal),
  })
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
      fullmakterApi.give(personId, { proxyNationalId, ...terms }, csrfToken),
    onSuccess,
  })
}

export function useChangeFullmakt(personId: string) {
  const onSuccess = useInvalidateAfterChange(personId)
  return useMutation({
    mutationFn: ({ id, terms, csrfToken }: { id: string; terms: FullmaktTerms; csrfToken: string }) => fullmakterApi.change(personId, id, terms, csrfToken),
    onSuccess,
  })
}

export function useEndFullmakt(personId: string) {
  const onSuccess = useInvalidateAfterChange(personId)
  return useMutation({
    mutationFn: ({ id, csrfToken }: { id: string; csrfToken: string }) => fullmakterApi.end(personId, id, csrfToken),
    onSuccess,
  })
}

// Health personnel: assigned fullmakter.

const assignedKey = (serviceId: string, giverNationalId: string | null) => ['assigned-fullmakter', serviceId, giverNationalId] as const

/**
 * The patient's assigned fullmakter. A POST (the national identity number goes in the body, never in a URL), but it
 * only reads, so it is a query: it refetches after a registration or an end like any other list.
 */
export function useAssignedFullmakter(serviceId: string, giverNationalId: string | null, csrfToken: string) {
  return useQuery({
    queryKey: assignedKey(serviceId, giverNationalId),
    // Runs only with a number (enabled below).
    queryFn: () => fullmakterApi.searchAssigned(serviceId, { giverNationalId: giverNationalId ?? '' }, csrfToken),
    enabled: giverNationalId !== null,
    retry: false,
  })
}

export function useRegisterAssignedFullmakt(serviceId: string) {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: ({ fullmakt, csrfToken }: { fullmakt: NewAssignedFullmakt; csrfToken: string }) =>
      fullmakterApi.registerAssigned(serviceId, fullmakt, csrfToken),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['assigned-fullmakter', serviceId] }),
  })
}

export function useEndAssignedFullmakt(serviceId: string) {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: ({ id, csrfToken }: { id: string; csrfToken: string }) => fullmakterApi.endAssigned(serviceId, id, csrfToken),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['assigned-fullmakter', serviceId] }),
  })
}
