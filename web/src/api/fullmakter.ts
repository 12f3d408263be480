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
type NewFullmakt = z.input<typeof GiveFullmaktBodySchema>

const listKey = (personId: string) => ['fullmakter', personId] as const

export function useFullmakter(personId: string) {
  return useQuery({
    queryKey: listKey(personId),
    queryFn: ({ signal }) => getJson(`/api/citizens/${encodeURIComponent(personId)}/fullmakter`, FullmaktListsSchema, signal),
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
    mutationFn: ({ proxyNationalId, terms, csrfToken }: { proxyNationalId: string; terms: FullmaktTerms; csrfToken: string }) => {
      const fullmakt: NewFullmakt = { proxyNationalId, ...terms }
      return postJson(`/api/citizens/${encodeURIComponent(personId)}/fullmakter`, fullmakt, FullmaktViewSchema, csrfToken)
    },
    onSuccess,
  })
}

export function useChangeFullmakt(personId: string) {
  const onSuccess = useInvalidateAfterChange(personId)
  return useMutation({
    mutationFn: ({ id, terms, csrfToken }: { id: string; terms: FullmaktTerms; csrfToken: string }) =>
      sendJson('PUT', `/api/citizens/${encodeURIComponent(personId)}/fullmakter/${encodeURIComponent(id)}`, terms, FullmaktViewSchema, csrfToken),
    onSuccess,
  })
}

export function useEndFullmakt(personId: string) {
  const onSuccess = useInvalidateAfterChange(personId)
  return useMutation({
    mutationFn: ({ id, csrfToken }: { id: string; csrfToken: string }) =>
      postJson(`/api/citizens/${encodeURIComponent(personId)}/fullmakter/${encodeURIComponent(id)}/end`, {}, FullmaktViewSchema, csrfToken),
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
    queryFn: () => {
      const search: z.input<typeof AssignedFullmaktSearchBodySchema> = { giverNationalId: giverNationalId ?? '' }
      return postJson(`/api/services/${encodeURIComponent(serviceId)}/assigned-fullmakter/search`, search, AssignedFullmaktListSchema, csrfToken)
    },
    enabled: giverNationalId !== null,
    retry: false,
  })
}

/** An assigned fullmakt registered by health personnel, as the server takes it. */
export type NewAssignedFullmakt = z.input<typeof RegisterAssignedFullmaktBodySchema>

export function useRegisterAssignedFullmakt(serviceId: string) {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: ({ fullmakt, csrfToken }: { fullmakt: NewAssignedFullmakt; csrfToken: string }) =>
      postJson(`/api/services/${encodeURIComponent(serviceId)}/assigned-fullmakter`, fullmakt, FullmaktViewSchema, csrfToken),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['assigned-fullmakter', serviceId] }),
  })
}

export function useEndAssignedFullmakt(serviceId: string) {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: ({ id, csrfToken }: { id: string; csrfToken: string }) =>
      postJson(`/api/services/${encodeURIComponent(serviceId)}/assigned-fullmakter/${encodeURIComponent(id)}/end`, {}, FullmaktViewSchema, csrfToken),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['assigned-fullmakter', serviceId] }),
  })
}
