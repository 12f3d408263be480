import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import {
  type StaffThreadDetail,
  StaffThreadDetailSchema,
  type StaffThreadList,
  StaffThreadListSchema,
  type StaffThreadsQuery,
} from '../../../../src/citizen/messaging/messaging.schemas.ts'
import { getJson, postEmpty, postJson } from '../http.ts'
import type { NewReply } from '../threads.ts'

// The staff side of citizens' messages (/api/services/:serviceId/threads): the service's inbox, one thread, answers.
// The types are the server's schemas' (src/citizen/messaging/messaging.schemas.ts); every answer is checked against them.

export type { StaffThreadDetail, StaffThreadList } from '../../../../src/citizen/messaging/messaging.schemas.ts'

export type StaffThreadSummary = StaffThreadList['items'][number]

export type CitizenRef = StaffThreadDetail['citizen']

/** A message as staff see it: `writtenBy` says who actually wrote it, e.g. "Per Berg (fullmektig for Ingrid Berg)". */
export type StaffThreadMessage = StaffThreadDetail['messages'][number]

export type ThreadFilter = StaffThreadsQuery['status']

export const SERVICE_THREAD_PAGE_SIZE = 20

const base = (serviceId: string) => `/api/services/${encodeURIComponent(serviceId)}/threads`
const threadPath = (serviceId: string, threadId: string) => `${base(serviceId)}/${encodeURIComponent(threadId)}`

const keys = {
  lists: (serviceId: string) => ['service-threads', serviceId, 'list'] as const,
  list: (serviceId: string, status: ThreadFilter, offset: number) => ['service-threads', serviceId, 'list', status, offset] as const,
  thread: (serviceId: string, threadId: string) => ['service-threads', serviceId, 'thread', threadId] as const,
}

export function serviceAttachmentUrl(serviceId: string, threadId: string, attachmentId: string): string {
  return `${threadPath(serviceId, threadId)}/attachments/${encodeURIComponent(attachmentId)}`
}

/** The calls themselves, without React: the hooks below use them, and api/contract.test.ts checks them against samples. */
export const serviceThreadsApi = {
  list: (serviceId: string, status: ThreadFilter, offset: number, signal?: AbortSignal) =>
    getJson(`${base(serviceId)}?status=${status}&limit=${SERVICE_THREAD_PAGE_SIZE}&offset=${offset}`, StaffThreadListSchema, signal),
  thread: (serviceId: string, threadId: string, signal?: AbortSignal) => getJson(threadPath(serviceId, threadId), StaffThreadDetailSchema, signal),
  answer: (serviceId: string, threadId: string, reply: NewReply, csrfToken: string, idempotencyKey: string) =>
    postJson(`${threadPath(serviceId, threadId)}/messages`, reply, StaffThreadDetailSchema, csrfToken, { 'idempotency-key': idempotencyKey }),
  close: (serviceId: string, threadId: string, csrfToken: string) =>
    postJson(`${threadPath(serviceId, threadId)}/close`, {}, StaffThreadDetailSchema, csrfToken),
  markRead: (serviceId: string, threadId: string, csrfToken: string) => postEmpty(`${threadPath(serviceId, threadId)}/read`, csrfToken),
}

export function useServiceThreads(serviceId: string, status: ThreadFilter, offset: number, enabled = true) {
  return useQuery({
    queryKey: keys.list(serviceId, status, offset),
    queryFn: ({ signal }) => serviceThreadsApi.list(serviceId, status, offset, signal),
    enabled,
    placeholderData: keepPreviousData,
  })
}

export function useServiceThread(serviceId: string, threadId: string) {
  return useQuery({
    queryKey: keys.thread(serviceId, threadId),
    queryFn: ({ signal }) => serviceThreadsApi.thread(serviceId, threadId, signal),
  })
}

export function useAnswerThread(serviceId: string, threadId: string) {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: ({ reply, csrfToken, idempotencyKey }: { reply: NewReply; csrfToken: string; idempotencyKey: string }) =>
      serviceThreadsApi.answer(serviceId, threadId, reply, csrfToken, idempotencyKey),
    onSuccess: (thread) => {
      queryClient.setQueryData(keys.thread(serviceId, threadId), thread)
      return queryClient.invalidateQueries({ queryKey: keys.lists(serviceId) })
    },
  })
}

export function useCloseThread(serviceId: string, threadId: string) {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (csrfToken: string) => serviceThreadsApi.close(serviceId, threadId, csrfToken),
    onSuccess: (thread) => {
      queryClient.setQueryData(keys.thread(serviceId, threadId), thread)
      return queryClient.invalidateQueries({ queryKey: keys.lists(serviceId) })
    },
  })
}

/** Opening a thread marks the citizen's messages read (the citizen sees "Lest"); the inbox is stale afterwards. */
export function useMarkServiceThreadRead(serviceId: string, threadId: string) {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (csrfToken: string) => serviceThreadsApi.markRead(serviceId, threadId, csrfToken),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: keys.lists(serviceId) }),
  })
}
