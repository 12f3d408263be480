import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import type { z } from 'zod'
import {
  type CitizenThreadList,
  CitizenThreadListSchema,
  type MessageServices,
  MessageServicesSchema,
  type NewThreadBody,
  ThreadDetailSchema,
} from '../../../../src/citizen/messaging/messaging.schemas.ts'
import { getJson, postEmpty, postJson, postJsonWithProgress, type UploadProgress } from '../http.ts'
import type { NewReply } from '../threads.ts'
import { waitingQueryKey } from './waiting.ts'

// A citizen's messages with the municipal services they receive help from (/api/citizens/:personId/…), for the
// person the signed-in citizen acts for. The types are the server's schemas' (src/citizen/messaging/messaging.schemas.ts);
// every answer is checked against them.

/**
 * A service the person can write to. `open` is false when the municipality's agreement has ended; `endsAt` is when a
 * service under notice stops taking messages; `answerTime` the promise shown to the user ("Svar innen én virkedag").
 */
export type MessageService = MessageServices['items'][number]

export type ThreadSummary = CitizenThreadList['items'][number]

/** `unread`: how many threads have a message from the service the citizen has not read. */
export type ThreadList = CitizenThreadList

/** A new thread, as the server takes it. */
export type NewThread = z.input<typeof NewThreadBody>

export const THREAD_PAGE_SIZE = 20

const base = (personId: string) => `/api/citizens/${encodeURIComponent(personId)}`
const threadPath = (personId: string, threadId: string) => `${base(personId)}/threads/${encodeURIComponent(threadId)}`

/** Everything cached about one person's messages; a switch of person or a new message makes it stale. */
const keys = {
  services: (personId: string) => ['citizen-messages', personId, 'services'] as const,
  list: (personId: string, offset: number, search: string) => ['citizen-messages', personId, 'threads', offset, search] as const,
  lists: (personId: string) => ['citizen-messages', personId, 'threads'] as const,
  thread: (personId: string, threadId: string) => ['citizen-messages', personId, 'thread', threadId] as const,
}

/** A plain link works: the session cookie goes with it and the server answers with content-disposition: attachment. */
export function attachmentUrl(personId: string, threadId: string, attachmentId: string): string {
  return `${threadPath(personId, threadId)}/attachments/${encodeURIComponent(attachmentId)}`
}

/** The calls themselves, without React: the hooks below use them, and api/contract.test.ts checks them against samples. */
export const citizenMessagesApi = {
  services: (personId: string, signal?: AbortSignal) => getJson(`${base(personId)}/message-services`, MessageServicesSchema, signal),
  /** `search`: words in the subject, the messages or the service's name; empty lists every thread. */
  threads: (personId: string, offset: number, limit: number, signal?: AbortSignal, search = '') =>
    getJson(`${base(personId)}/threads?limit=${limit}&offset=${offset}${search ? `&q=${encodeURIComponent(search)}` : ''}`, CitizenThreadListSchema, signal),
  thread: (personId: string, threadId: string, signal?: AbortSignal) => getJson(threadPath(personId, threadId), ThreadDetailSchema, signal),
  /** With `onProgress`, the upload reports how far it has come (for attachments). */
  create: (personId: string, thread: NewThread, csrfToken: string, idempotencyKey: string, onProgress?: (progress: UploadProgress) => void) =>
    onProgress
      ? postJsonWithProgress(`${base(personId)}/threads`, thread, ThreadDetailSchema, csrfToken, { 'idempotency-key': idempotencyKey }, onProgress)
      : postJson(`${base(personId)}/threads`, thread, ThreadDetailSchema, csrfToken, { 'idempotency-key': idempotencyKey }),
  reply: (personId: string, threadId: string, reply: NewReply, csrfToken: string, idempotencyKey: string) =>
    postJson(`${threadPath(personId, threadId)}/messages`, reply, ThreadDetailSchema, csrfToken, { 'idempotency-key': idempotencyKey }),
  markRead: (personId: string, threadId: string, csrfToken: string) => postEmpty(`${threadPath(personId, threadId)}/read`, csrfToken),
}

export function useMessageServices(personId: string, enabled = true) {
  return useQuery({
    queryKey: keys.services(personId),
    queryFn: ({ signal }) => citizenMessagesApi.services(personId, signal),
    enabled,
  })
}

export function useThreads(personId: string, offset: number, search = '', enabled = true) {
  return useQuery({
    queryKey: keys.list(personId, offset, search),
    queryFn: ({ signal }) => citizenMessagesApi.threads(personId, offset, THREAD_PAGE_SIZE, signal, search),
    enabled,
    placeholderData: keepPreviousData,
  })
}

export function useThread(personId: string, threadId: string) {
  return useQuery({
    queryKey: keys.thread(personId, threadId),
    queryFn: ({ signal }) => citizenMessagesApi.thread(personId, threadId, signal),
  })
}

export function useCreateThread(personId: string) {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: ({
      thread,
      csrfToken,
      idempotencyKey,
      onProgress,
    }: {
      thread: NewThread
      csrfToken: string
      idempotencyKey: string
      onProgress?: (progress: UploadProgress) => void
    }) => citizenMessagesApi.create(personId, thread, csrfToken, idempotencyKey, onProgress),
    onSuccess: (created) => {
      queryClient.setQueryData(keys.thread(personId, created.id), created)
      return queryClient.invalidateQueries({ queryKey: keys.lists(personId) })
    },
  })
}

export function useReply(personId: string, threadId: string) {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: ({ reply, csrfToken, idempotencyKey }: { reply: NewReply; csrfToken: string; idempotencyKey: string }) =>
      citizenMessagesApi.reply(personId, threadId, reply, csrfToken, idempotencyKey),
    onSuccess: (thread) => {
      queryClient.setQueryData(keys.thread(personId, threadId), thread)
      return queryClient.invalidateQueries({ queryKey: keys.lists(personId) })
    },
  })
}

/** Opening a thread marks the service's messages read: the inbox and Min side's summary are stale afterwards. */
export function useMarkThreadRead(personId: string, threadId: string) {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (csrfToken: string) => citizenMessagesApi.markRead(personId, threadId, csrfToken),
    onSuccess: () =>
      Promise.all([queryClient.invalidateQueries({ queryKey: keys.lists(personId) }), queryClient.invalidateQueries({ queryKey: waitingQueryKey })]),
  })
}
