import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { getJson, isUnauthorized, postEmpty, putJson } from './http.ts'

export type RepresentationBasis = 'parent' | 'fullmakt' | 'assigned-fullmakt'

export type Representation = {
  personId: string
  name: string
  birthDate: string
  basis: RepresentationBasis
  areas: string[]
  validTo: string | null
  reduced: boolean
}

export type CitizenMe = {
  kind: 'citizen'
  csrfToken: string
  person: { id: string; name: string; birthDate: string }
  representations: Representation[]
}

/**
 * Staff, and platform operators: an operator has no HPR number and acts for no organisation or
 * service, so those are null.
 */
export type StaffMe = {
  kind: 'staff'
  csrfToken: string
  staff: { id: string; name: string; hprNumber: string | null }
  organisation: { id: string; name: string; organisationNumber: string } | null
  service: { id: string; name: string; herId: number | string } | null
  roles: string[]
  /** The services this person may act for; more than one means they can choose. */
  memberships: { serviceId: string; serviceName: string; organisationName: string; roles: string[] }[]
}

export type Me = CitizenMe | StaffMe

export const meQueryKey = ['me'] as const

/** The signed-in user, or null when there is no session (401 is an answer here, not an error). */
export const meQuery = queryOptions({
  queryKey: meQueryKey,
  queryFn: async ({ signal }): Promise<Me | null> => {
    try {
      const me = await getJson<Me | { kind: string }>('/api/me', signal)
      // The server also answers for system clients (bearer tokens); no such caller uses these pages.
      return me.kind === 'citizen' || me.kind === 'staff' ? (me as Me) : null
    } catch (error) {
      if (isUnauthorized(error)) return null
      throw error
    }
  },
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
    mutationFn: ({ serviceId, csrfToken }: { serviceId: string; csrfToken: string }) => putJson('/api/me/service', { serviceId }, csrfToken),
    onSuccess: async () => {
      queryClient.removeQueries({ predicate: (query) => query.queryKey[0] !== meQueryKey[0] })
      await queryClient.invalidateQueries({ queryKey: meQueryKey })
    },
  })
}
