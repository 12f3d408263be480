import { useQuery } from '@tanstack/react-query'
import { getJson } from '../http.ts'

export type AccessLogItem = {
  at: string
  organisation: { name: string } | null
  service: { name: string } | null
  actorName: string | null
  actorRole: string | null
  action: string
  /** What was looked at, e.g. 'access-log' or 'patient'. */
  resourceType: string
  emergency: boolean
}

export type AccessLog = { items: AccessLogItem[] }

export function useAccessLog(personId: string | undefined) {
  return useQuery({
    queryKey: ['access-log', personId],
    queryFn: ({ signal }) => getJson<AccessLog>(`/api/citizens/${encodeURIComponent(personId ?? '')}/access-log`, signal),
    enabled: personId !== undefined,
  })
}
