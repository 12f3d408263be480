import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import {
  type StaffThreadDetail,
  StaffThreadDetailSchema,
  type StaffThreadList,
  StaffThreadListSchema,
  type StaffThreadsQuery,
} from '../../../../src/citizen/messaging/messaging.schemas.ts'
import {
  type AnswerTemplate,
  AnswerTemplateListSchema,
  AnswerTemplateSchema,
  AssigneeOptionsSchema,
  type TemplateBody,
} from '../../../../src/citizen/messaging/staff-thread-work.schemas.ts'
import { getJson, postEmpty, postJson, sendEmpty, sendJson } from '../http.ts'
import type { NewReply } from '../threads.ts'

// The staff side of citizens' messages (/api/services/:serviceId/threads): the service's inbox, one thread, answers.
// The types are the server's schemas' (src/citizen/messaging/messaging.schemas.ts); every answer is checked against them.

export type { StaffThreadDetail, StaffThreadList } from '../../../../src/citizen/messaging/messaging.schemas.ts'
export type { AnswerTemplate } from '../../../../src/citizen/messaging/staff-thread-work.schemas.ts'

export type StaffThreadSummary = StaffThreadList['items'][number]

export type CitizenRef = StaffThreadDetail['citizen']

/** A message as staff see it: `writtenBy` says who actually wrote it, e.g. "Per Berg (fullmektig for Ingrid Berg)". */
export type StaffThreadMessage = StaffThreadDetail['messages'][number]

export type ThreadFilter = StaffThreadsQuery['status']

/** What the inbox shows: status tab, who has the thread, free text (subject or name), one patient. */
export type ThreadQuery = {
  status: ThreadFilter
  assigned: NonNullable<StaffThreadsQuery['assigned']>
  q: string
  patient: string | null
}

export const SERVICE_THREAD_PAGE_SIZE = 20

const base = (serviceId: string) => `/api/services/${encodeURIComponent(serviceId)}/threads`
const threadPath = (serviceId: string, threadId: string) => `${base(serviceId)}/${encodeURIComponent(threadId)}`

const keys = {
  lists: (serviceId: string) => ['service-threads', serviceId, 'list'] as const,
  list: (serviceId: string, query: ThreadQuery, offset: number) => ['service-threads', serviceId, 'list', query, offset] as const,
  thread: (serviceId: string, threadId: string) => ['service-threads', serviceId, 'thread', threadId] as const,
  assignees: (serviceId: string) => ['service-threads', serviceId, 'assignees'] as const,
  templates: (serviceId: string) => ['service-threads', serviceId, 'templates'] as const,
}

function listSearch(query: ThreadQuery, offset: number): string {
  const search = new URLSearchParams({ status: query.status, limit: String(SERVICE_THREAD_PAGE_SIZE), offset: String(offset) })
  if (query.assigned !== 'all') search.set('assigned', query.assigned)
  if (query.q.trim() !== '') search.set('q', query.q.trim())
  if (query.patient) search.set('patient', query.patient)
  return search.toString()
}

const templatesPath = (serviceId: string) => `/api/services/${encodeURIComponent(serviceId)}/answer-templates`

export function serviceAttachmentUrl(serviceId: string, threadId: string, attachmentId: string): string {
  return `${threadPath(serviceId, threadId)}/attachments/${encodeURIComponent(attachmentId)}`
}

/** The calls themselves, without React: the hooks below use them, and api/contract.test.ts checks them against samples. */
export const serviceThreadsApi = {
  list: (serviceId: string, query: ThreadQuery, offset: number, signal?: AbortSignal) =>
    getJson(`${base(serviceId)}?${listSearch(query, offset)}`, StaffThreadListSchema, signal),
  thread: (serviceId: string, threadId: string, signal?: AbortSignal) => getJson(threadPath(serviceId, threadId), StaffThreadDetailSchema, signal),
  answer: (serviceId: string, threadId: string, reply: NewReply, csrfToken: string, idempotencyKey: string) =>
    postJson(`${threadPath(serviceId, threadId)}/messages`, reply, StaffThreadDetailSchema, csrfToken, { 'idempotency-key': idempotencyKey }),
  close: (serviceId: string, threadId: string, csrfToken: string) =>
    postJson(`${threadPath(serviceId, threadId)}/close`, {}, StaffThreadDetailSchema, csrfToken),
  markRead: (serviceId: string, threadId: string, csrfToken: string) => postEmpty(`${threadPath(serviceId, threadId)}/read`, csrfToken),
  assignees: (serviceId: string, signal?: AbortSignal) =>
    getJson(`/api/services/${encodeURIComponent(serviceId)}/thread-assignees`, AssigneeOptionsSchema, signal),
  assign: (serviceId: string, threadId: string, staffId: string | null, csrfToken: string) =>
    sendJson('PUT', `${threadPath(serviceId, threadId)}/assignee`, { staffId }, StaffThreadDetailSchema, csrfToken),
  addNote: (serviceId: string, threadId: string, body: string, csrfToken: string) =>
    postJson(`${threadPath(serviceId, threadId)}/notes`, { body }, StaffThreadDetailSchema, csrfToken),
  templates: (serviceId: string, signal?: AbortSignal) => getJson(templatesPath(serviceId), AnswerTemplateListSchema, signal),
  createTemplate: (serviceId: string, template: TemplateBody, csrfToken: string) =>
    postJson(templatesPath(serviceId), template, AnswerTemplateSchema, csrfToken),
  updateTemplate: (serviceId: string, templateId: string, template: TemplateBody, csrfToken: string) =>
    sendJson('PUT', `${templatesPath(serviceId)}/${encodeURIComponent(templateId)}`, template, AnswerTemplateSchema, csrfToken),
  deleteTemplate: (serviceId: string, templateId: string, csrfToken: string) =>
    sendEmpty('DELETE', `${templatesPath(serviceId)}/${encodeURIComponent(templateId)}`, csrfToken),
}

export const OPEN_THREADS: ThreadQuery = { status: 'open', assigned: 'all', q: '', patient: null }

export function useServiceThreads(serviceId: string, query: ThreadQuery, offset: number, enabled = true) {
  return useQuery({
    queryKey: keys.list(serviceId, query, offset),
    queryFn: ({ signal }) => serviceThreadsApi.list(serviceId, query, offset, signal),
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

/** A change to the thread that answers with the thread (assigning, a note): the page shows it, the inbox is stale. */
function useThreadChange<V>(serviceId: string, threadId: string, call: (variables: V) => Promise<StaffThreadDetail>) {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: call,
    onSuccess: (thread) => {
      queryClient.setQueryData(keys.thread(serviceId, threadId), thread)
      return queryClient.invalidateQueries({ queryKey: keys.lists(serviceId) })
    },
  })
}

export function useAssignees(serviceId: string) {
  return useQuery({ queryKey: keys.assignees(serviceId), queryFn: ({ signal }) => serviceThreadsApi.assignees(serviceId, signal) })
}

export function useAssignThread(serviceId: string, threadId: string) {
  return useThreadChange(serviceId, threadId, ({ staffId, csrfToken }: { staffId: string | null; csrfToken: string }) =>
    serviceThreadsApi.assign(serviceId, threadId, staffId, csrfToken),
  )
}

export function useAddNote(serviceId: string, threadId: string) {
  return useThreadChange(serviceId, threadId, ({ body, csrfToken }: { body: string; csrfToken: string }) =>
    serviceThreadsApi.addNote(serviceId, threadId, body, csrfToken),
  )
}

export function useAnswerTemplates(serviceId: string) {
  return useQuery({ queryKey: keys.templates(serviceId), queryFn: ({ signal }) => serviceThreadsApi.templates(serviceId, signal) })
}

/** Creates (no id) or changes a template; the list of templates is read again. */
export function useSaveTemplate(serviceId: string) {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: ({ id, template, csrfToken }: { id: string | null; template: TemplateBody; csrfToken: string }): Promise<AnswerTemplate> =>
      id === null ? serviceThreadsApi.createTemplate(serviceId, template, csrfToken) : serviceThreadsApi.updateTemplate(serviceId, id, template, csrfToken),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: keys.templates(serviceId) }),
  })
}

export function useDeleteTemplate(serviceId: string) {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: ({ id, csrfToken }: { id: string; csrfToken: string }) => serviceThreadsApi.deleteTemplate(serviceId, id, csrfToken),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: keys.templates(serviceId) }),
  })
}
