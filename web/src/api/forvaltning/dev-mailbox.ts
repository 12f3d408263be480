import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { DevMailboxPageSchema } from '../../../../src/platform/notify/dev-mailbox.schemas.ts'
import { getJson, sendEmpty } from '../http.ts'

// The development mailbox (/api/dev-mailbox): the e-mails and SMS the platform would have sent, kept instead of sent
// where no SMTP server or SMS gateway is configured. For the platform operator; the server answers 404 when it is off.

export type { DevMailboxMessage, DevMailboxPage } from '../../../../src/platform/notify/dev-mailbox.schemas.ts'

export const DEV_MAILBOX_PAGE_SIZE = 20
/** A mailbox that fills while someone watches it: look again now and then. */
const REFRESH_MS = 5_000

const keys = {
  all: ['dev-mailbox'] as const,
  page: (offset: number) => ['dev-mailbox', offset] as const,
}

/** The calls themselves, without React: the hooks below use them, and api/contract.test.ts checks them against samples. */
export const devMailboxApi = {
  page: (offset: number, signal?: AbortSignal) =>
    getJson(`/api/dev-mailbox?${new URLSearchParams({ limit: String(DEV_MAILBOX_PAGE_SIZE), offset: String(offset) })}`, DevMailboxPageSchema, signal),
  clear: (csrfToken: string) => sendEmpty('DELETE', '/api/dev-mailbox', csrfToken),
}

export function useDevMailbox(offset: number) {
  return useQuery({
    queryKey: keys.page(offset),
    queryFn: ({ signal }) => devMailboxApi.page(offset, signal),
    placeholderData: keepPreviousData,
    refetchInterval: REFRESH_MS,
  })
}

export function useClearDevMailbox(csrfToken: string) {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: () => devMailboxApi.clear(csrfToken),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: keys.all }),
  })
}
