import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { getJson, isUnauthorized, postEmpty } from './http.ts'

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

export type StaffMe = {
  kind: 'staff'
  csrfToken: string
  staff: { id: string; name: string; hprNumber: string }
  organisation: { id: string; name: string; organisationNumber: string }
  service: { id: string; name: string; herId: string }
  roles: string[]
}

export type Me = CitizenMe | StaffMe

export const meQueryKey = ['me'] as const

/** The signed-in user, or null when there is no session (401 is an answer here, not an error). */
export const meQuery = queryOptions({
  queryKey: meQueryKey,
  queryFn: async ({ signal }): Promise<Me | null> => {
    try {
      return await getJson<Me>('/api/me', signal)
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
    mutationFn: (csrfToken: string) => postEmpty('/auth/logout', csrfToken),
    onSuccess: () => {
      queryClient.removeQueries({ predicate: (query) => query.queryKey[0] !== meQueryKey[0] })
      queryClient.setQueryData(meQueryKey, null)
    },
  })
}
