import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import type { z } from 'zod'
import {
  type AnswerBody,
  CreatedSchema,
  InboxSchema,
  type MessageView,
  MessageViewSchema,
  type NewMessageBody,
  OutboxSchema,
  PartyListSchema,
  PartySchema,
} from '../../../../src/exchange/portal/exchange-portal.schemas.ts'
import { getJson, postJson } from '../http.ts'

// The staff portal's messages (/api/exchange): the address registry, the service's inbox and outbox, one message.
// The types are the server's schemas' (src/exchange/portal/exchange-portal.schemas.ts), and every answer is checked
// against them.

export type {
  AppRecStatus,
  DeliveryStatus,
  InboxItem,
  MessageView,
  OutboxItem,
  Party,
  PartyRef,
  PatientSummary,
  Question,
  RelatedMessage,
} from '../../../../src/exchange/portal/exchange-portal.schemas.ts'

export type Note = NonNullable<MessageView['dialog']>['notes'][number]

/** A new forespørsel or notat, as the server takes it. */
export type NewMessage = z.input<typeof NewMessageBody>

export const PAGE_SIZE = 20

function query(params: Record<string, string | number | undefined>): string {
  const search = new URLSearchParams()
  for (const [key, value] of Object.entries(params)) if (value !== undefined && value !== '') search.set(key, String(value))
  const text = search.toString()
  return text ? `?${text}` : ''
}

export function useParties(params: { q: string; receives?: string | undefined; offset?: number; limit?: number }, enabled = true) {
  return useQuery({
    queryKey: ['exchange', 'parties', params],
    queryFn: ({ signal }) =>
      getJson(
        `/api/exchange/parties${query({ q: params.q, receives: params.receives, limit: params.limit ?? PAGE_SIZE, offset: params.offset })}`,
        PartyListSchema,
        signal,
      ),
    enabled,
    placeholderData: keepPreviousData,
  })
}

export function useParty(herId: number | null) {
  return useQuery({
    queryKey: ['exchange', 'party', herId],
    queryFn: ({ signal }) => getJson(`/api/exchange/parties/${encodeURIComponent(String(herId))}`, PartySchema, signal),
    enabled: herId !== null,
  })
}

export function useInbox(offset: number, enabled = true) {
  return useQuery({
    queryKey: ['exchange', 'inbox', offset],
    queryFn: ({ signal }) => getJson(`/api/exchange/inbox${query({ limit: PAGE_SIZE, offset })}`, InboxSchema, signal),
    enabled,
    placeholderData: keepPreviousData,
  })
}

export function useOutbox(offset: number, enabled = true) {
  return useQuery({
    queryKey: ['exchange', 'outbox', offset],
    queryFn: ({ signal }) => getJson(`/api/exchange/outbox${query({ limit: PAGE_SIZE, offset })}`, OutboxSchema, signal),
    enabled,
    placeholderData: keepPreviousData,
  })
}

/** Opening a message marks it read and sends the AppRec the sender asked for: the lists are stale afterwards. */
export function useMessage(id: string | undefined) {
  const queryClient = useQueryClient()
  return useQuery({
    queryKey: ['exchange', 'message', id],
    queryFn: async ({ signal }) => {
      const message = await getJson(`/api/exchange/messages/${encodeURIComponent(id ?? '')}`, MessageViewSchema, signal)
      void queryClient.invalidateQueries({ queryKey: ['exchange', 'inbox'] })
      return message
    },
    enabled: id !== undefined,
  })
}

export function useSendMessage() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: ({ message, csrfToken }: { message: NewMessage; csrfToken: string }) => postJson('/api/exchange/messages', message, CreatedSchema, csrfToken),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['exchange', 'outbox'] }),
  })
}

export function useAnswerMessage(id: string) {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: ({ text, csrfToken }: { text: string; csrfToken: string }) => {
      const answer: z.input<typeof AnswerBody> = { text }
      return postJson(`/api/exchange/messages/${encodeURIComponent(id)}/answer`, answer, CreatedSchema, csrfToken)
    },
    onSuccess: async () => {
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: ['exchange', 'message', id] }),
        queryClient.invalidateQueries({ queryKey: ['exchange', 'inbox'] }),
        queryClient.invalidateQueries({ queryKey: ['exchange', 'outbox'] }),
      ])
    },
  })
}
