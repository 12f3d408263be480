import { useQuery } from '@tanstack/react-query'
import { type AccessLog, AccessLogSchema } from '../../../../src/citizen/access-log/access-log.schemas.ts'
import { getJson } from '../http.ts'

// Who has looked at the person's information (/api/citizens/:personId/access-log), checked against the server's schema.

export type { AccessLog } from '../../../../src/citizen/access-log/access-log.schemas.ts'

export type AccessLogItem = AccessLog['items'][number]

/** The call itself, without React (api/contract.test.ts checks it against a sample). */
export const accessLogApi = {
  log: (personId: string, signal?: AbortSignal) => getJson(`/api/citizens/${encodeURIComponent(personId)}/access-log`, AccessLogSchema, signal),
}

export function useAccessLog(personId: string | undefined) {
  return useQuery({
    queryKey: ['access-log', personId],
    queryFn: ({ signal }) => accessLogApi.log(personId ?? '', signal),
    enabled: personId !== undefined,
  })
}
