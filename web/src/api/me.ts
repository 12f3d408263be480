import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import type { z } from 'zod'
import { type ChooseServiceBody, type CitizenMe, MeSchema, type StaffMe } from '../../../src/registry/registry.schemas.ts'
import { getJson, isUnauthorized, postEmpty, putJson } from './http.ts'

// Who is signed in (/api/me), as the server's schema (src/registry/registry.schemas.ts) says and checks.

/**
 * A citizen: who they are, and whom they may act for. Staff, and platform operators: an operator has no HPR number and
 * acts for no organisation or service, so those are null; `memberships` are the services they may act for (more than
 * one means they can choose).
 */
export type { CitizenMe, StaffMe } from '../../../src/registry/registry.schemas.ts'

export type Representation = CitizenMe['representations'][number]

export type RepresentationBasis = Representation['basis']

/** The people who use these pages (the server also answers system clients, who do not). */
export type Me = CitizenMe | StaffMe

export const meQueryKey = ['me'] as const

/** The calls themselves, without React: the hooks below use them, and api/contract.test.ts checks them against samples. */
export const meApi = {
  /** The signed-in user, or null when there is no session (401 is an answer here, not an error). */
  me: async (signal?: AbortSignal): Promise<Me | null> => {
    try {
      const me = await getJson('/api/me', MeSchema, signal)
      // The server also answers for system clients (bearer tokens); no such caller uses these pages.
      return me.kind === 'system' ? null : me
    } catch (error) {
      if (isUnauthorized(error)) return null
      throw error
    }
  },
  chooseService: (choice: z.input<typeof ChooseServiceBody>, csrfToken: string) => putJson('/api/me/service', choice, csrfToken),
}

export const meQuery = queryOptions({
  queryKey: meQueryKey,
  queryFn: ({ signal }) => meApi.me(signal),
  staleTime: 30_000,
})

export function useMe() {
  return useQuery(meQuery)
}

export function displayName(me: Me): string {
  return me.kind === 'citizen' ? me.person.name : me.staff.name
}

/** Ends the session on the server, then forgets every cached answer that belonged to it. */
export function useLogout() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: async (csrfToken: string) => {
      try {
        await postEmpty('/auth/logout', csrfToken)
      } catch (error) {
        // The session had already ended (expired, or logged out in another tab): that is the goal.
        if (!isUnauthorized(error)) throw error
      }
    },
    onSuccess: () => {
      queryClient.removeQueries({ predicate: (query) => query.queryKey[0] !== meQueryKey[0] })
      queryClient.setQueryData(meQueryKey, null)
    },
  })
}

/** Staff choose which of their services to act for; everything cached belonged to the old choice. */
export function useChooseService() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: ({ serviceId, csrfToken }: z.input<typeof ChooseServiceBody> & { csrfToken: string }) => meApi.chooseService({ serviceId }, csrfToken),
    onSuccess: async () => {
      queryClient.removeQueries({ predicate: (query) => query.queryKey[0] !== meQueryKey[0] })
      await queryClient.invalidateQueries({ queryKey: meQueryKey })
    },
  })
}
