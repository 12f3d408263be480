import { keepPreviousData, useQuery } from '@tanstack/react-query'
import { type AccessLog, AccessLogSchema } from '../../../../src/citizen/access-log/access-log.schemas.ts'
import { getJson } from '../http.ts'

// Who has looked at, or tried to look at, the person's information (/api/citizens/:personId/access-log), grouped by
// day, organisation and person, checked against the server's schema.

export type { AccessLog, AccessRole } from '../../../../src/citizen/access-log/access-log.schemas.ts'
export { ACCESS_LOG_PAGE_SIZE } from '../../../../src/citizen/access-log/access-log.schemas.ts'

export type AccessLogItem = AccessLog['items'][number]

/** The filter and the page; empty values are left out. */
export type AccessLogFilter = { from?: string; to?: string; organisationId?: string; offset?: number }

function search(filter: AccessLogFilter): string {
  const params = new URLSearchParams()
  if (filter.from) params.set('from', filter.from)
  if (filter.to) params.set('to', filter.to)
  if (filter.organisationId) params.set('organisationId', filter.organisationId)
  if (filter.offset) params.set('offset', String(filter.offset))
  const text = params.toString()
  return text ? `?${text}` : ''
}

/** The call itself, without React (api/contract.test.ts checks it against a sample). */
export const accessLogApi = {
  log: (personId: string, filter: AccessLogFilter = {}, signal?: AbortSignal) =>
    getJson(`/api/citizens/${encodeURIComponent(personId)}/access-log${search(filter)}`, AccessLogSchema, signal),
}

export function useAccessLog(personId: string | undefined, filter: AccessLogFilter = {}) {
  return useQuery({
    queryKey: ['access-log', personId, filter],
    queryFn: ({ signal }) => accessLogApi.log(personId ?? '', filter, signal),
    enabled: personId !== undefined,
    // The page keeps showing the last answer while the next page or filter loads.
    placeholderData: keepPreviousData,
  })
}
