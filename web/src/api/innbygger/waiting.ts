import { useQuery } from '@tanstack/react-query'
import { type WaitingItem, type WaitingSummary, WaitingSummarySchema } from '../../../../src/citizen/messaging/citizen-waiting.schemas.ts'
import { getJson } from '../http.ts'

// What is waiting for the signed-in citizen and each person they may act for (/api/me/waiting), for Min side, as the
// server's schema (src/citizen/messaging/citizen-waiting.schemas.ts) says and checks. A person the citizen may not
// read an area for has no item for it: no item is "not yours to know", never "nothing new".

export type { WaitingItem, WaitingSummary }

export const waitingQueryKey = ['waiting'] as const

/** The call itself, without React (api/contract.test.ts checks it against a sample). */
export const waitingApi = {
  summary: (signal?: AbortSignal) => getJson('/api/me/waiting', WaitingSummarySchema, signal),
}

export function useWaiting() {
  return useQuery({ queryKey: waitingQueryKey, queryFn: ({ signal }) => waitingApi.summary(signal) })
}

/** One person's items, or null while the summary is not there (loading, or failed: Min side works without it). */
export function waitingFor(summary: WaitingSummary | undefined, personId: string): readonly WaitingItem[] | null {
  return summary?.people.find((p) => p.personId === personId)?.items ?? null
}
