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
  PatientLookupAnswerSchema,
} from '../../../../src/exchange/portal/exchange-portal.schemas.ts'
import { getJson, postJson, sendJson } from '../http.ts'

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

export type PartySearch = { q: string; receives?: string | undefined; offset?: number; limit?: number }

/** The calls themselves, without React: the hooks below use them, and api/contract.test.ts checks them against samples. */
export const exchangeApi = {
  parties: (params: PartySearch, signal?: AbortSignal) =>
    getJson(
      `/api/exchange/parties${query({ q: params.q, receives: params.receives, limit: params.limit ?? PAGE_SIZE, offset: params.offset })}`,
      PartyListSchema,
      signal,
    ),
  party: (herId: number, signal?: AbortSignal) => getJson(`/api/exchange/parties/${encodeURIComponent(String(herId))}`, PartySchema, signal),
  inbox: (offset: number, signal?: AbortSignal) => getJson(`/api/exchange/inbox${query({ limit: PAGE_SIZE, offset })}`, InboxSchema, signal),
  outbox: (offset: number, signal?: AbortSignal) => getJson(`/api/exchange/outbox${query({ limit: PAGE_SIZE, offset })}`, OutboxSchema, signal),
  message: (id: string, signal?: AbortSignal) => getJson(`/api/exchange/messages/${encodeURIComponent(id)}`, MessageViewSchema, signal),
  /** Marks a received message read and sends the AppRec OK its sender asked for (once; a repeat changes nothing). */
  receipt: (id: string, csrfToken: string) =>
    sendJson('POST', `/api/exchange/messages/${encodeURIComponent(id)}/read`, undefined, MessageViewSchema, csrfToken),
  /** Whom a new message would be about: name and birth date from the registry (POST: the number stays out of URLs). */
  patient: (nationalId: string, csrfToken: string) => postJson('/api/exchange/patients/lookup', { nationalId }, PatientLookupAnswerSchema, csrfToken),
  send: (message: NewMessage, csrfToken: string) => postJson('/api/exchange/messages', message, CreatedSchema, csrfToken),
  /** Sends the message again to the receivers that refused it, could not be reached or did not receipt it in time. */
  resend: (id: string, csrfToken: string, idempotencyKey: string) =>
    sendJson('POST', `/api/exchange/messages/${encodeURIComponent(id)}/resend`, undefined, CreatedSchema, csrfToken, { 'idempotency-key': idempotencyKey }),
  answer: (id: string, answer: z.input<typeof AnswerBody>, csrfToken: string) =>
    postJson(`/api/exchange/messages/${encodeURIComponent(id)}/answer`, answer, CreatedSchema, csrfToken),
}

export function useParties(params: PartySearch, enabled = true) {
  return useQuery({
    queryKey: ['exchange', 'parties', params],
    queryFn: ({ signal }) => exchangeApi.parties(params, signal),
    enabled,
    placeholderData: keepPreviousData,
  })
}

export function useParty(herId: number | null) {
  return useQuery({
    queryKey: ['exchange', 'party', herId],
    queryFn: ({ signal }) => exchangeApi.party(herId ?? 0, signal),
    enabled: herId !== null,
  })
}

export function useInbox(offset: number, enabled = true) {
  return useQuery({
    queryKey: ['exchange', 'inbox', offset],
    queryFn: ({ signal }) => exchangeApi.inbox(offset, signal),
    enabled,
    placeholderData: keepPreviousData,
  })
}

export function useOutbox(offset: number, enabled = true) {
  return useQuery({
    queryKey: ['exchange', 'outbox', offset],
    queryFn: ({ signal }) => exchangeApi.outbox(offset, signal),
    enabled,
    placeholderData: keepPreviousData,
  })
}

/** Reading a message only reads it; marking it read and the receipt are useReceipt's (a POST with the CSRF token). */
export function useMessage(id: string | undefined) {
  return useQuery({
    queryKey: ['exchange', 'message', id],
    queryFn: ({ signal }) => exchangeApi.message(id ?? '', signal),
    enabled: id !== undefined,
  })
}

/** The receiving service has seen the message: read, and the AppRec sent. The answer is the message as it now is. */
export function useReceipt(id: string) {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (csrfToken: string) => exchangeApi.receipt(id, csrfToken),
    onSuccess: async (message) => {
      queryClient.setQueryData(['exchange', 'message', id], message)
      await queryClient.invalidateQueries({ queryKey: ['exchange', 'inbox'] })
    },
  })
}

export function useSendMessage() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: ({ message, csrfToken }: { message: NewMessage; csrfToken: string }) => exchangeApi.send(message, csrfToken),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['exchange', 'outbox'] }),
  })
}

export function useAnswerMessage(id: string) {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: ({ text, csrfToken }: { text: string; csrfToken: string }) => exchangeApi.answer(id, { text }, csrfToken),
    onSuccess: async () => {
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: ['exchange', 'message', id] }),
        queryClient.invalidateQueries({ queryKey: ['exchange', 'inbox'] }),
        queryClient.invalidateQueries({ queryKey: ['exchange', 'outbox'] }),
      ])
    },
  })
}

export function useResendMessage(id: string) {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: ({ csrfToken, idempotencyKey }: { csrfToken: string; idempotencyKey: string }) => exchangeApi.resend(id, csrfToken, idempotencyKey),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['exchange', 'outbox'] }),
  })
}

/** The patient a typed national identity number belongs to, looked up once the number has 11 digits. */
export function usePatientLookup(nationalId: string | null, csrfToken: string) {
  return useQuery({
    queryKey: ['exchange', 'patient', nationalId],
    queryFn: () => exchangeApi.patient(nationalId ?? '', csrfToken),
    enabled: nationalId !== null,
    staleTime: 60_000,
  })
}
