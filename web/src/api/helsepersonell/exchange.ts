import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { getJson, postJson } from '../http.ts'

// The staff portal's messages (/api/exchange): the address registry, the service's inbox and outbox, one message.

export type Process = { msgType: string; msgTypeName: string; payloadNamespace: string; standardName: string }

export type Party = {
  herId: number
  kind: 'organisation' | 'service' | 'person'
  name: string
  parent: { herId: number; name: string } | null
  organisationNumber: string | null
  hprNumber: string | null
  installation: string
  processes: Process[]
}

export type PartyPage = { items: Party[]; total: number; limit: number; offset: number }

export type PartyRef = { herId: number; name: string; organisationName: string | null }

export type DeliveryStatus = 'received' | 'delivered' | 'acknowledged' | 'rejected' | 'failed'
export type AppRecStatus = 'Ok' | 'Rejected' | 'OkErrorInMessagePart' | null

export type PatientSummary = { name: string; birthDate: string | null } | null

/** What the inbox and the outbox say about every message. */
type MessageSummary = {
  id: string
  msgId: string
  msgType: string
  msgTypeName: string
  genDate: string
  subject: string | null
  sender: PartyRef
  patient: PatientSummary
}

export type InboxItem = MessageSummary & {
  receiver: PartyRef
  status: DeliveryStatus
  appRecStatus: AppRecStatus
  read: boolean
  needsAnswer: boolean
  overdue: boolean
  deadlineAt: string | null
}

export type Inbox = { items: InboxItem[]; total: number; needsAttention: number; limit: number; offset: number }

export type ReceiverStatus = PartyRef & {
  role: 'primary' | 'copy'
  status: DeliveryStatus
  transportState: 'Unconfirmed' | 'Acknowledged' | 'Rejected'
  appRecStatus: AppRecStatus
  overdue: boolean
  deliveredAt: string | null
  readAt: string | null
  deadlineAt: string | null
}

export type OutboxItem = MessageSummary & {
  receivers: (ReceiverStatus & { errorCount: number })[]
  overdue: boolean
}

export type Outbox = { items: OutboxItem[]; total: number; overdue: number; limit: number; offset: number }

export type Coded = { code: string | null; name: string | null }
export type Question = { type: Coded; subject: string | null; question: string | null }
export type Note = { topic: Coded; title: string | null; text: string | null; remark: string | null; answeredQuestion: Question | null }
export type AppRecError = { code: string; description: string | null; text: string | null }
export type RelatedMessage = { id: string; msgType: string; msgTypeName: string; genDate: string; sender: PartyRef }

export type MessageView = {
  id: string
  msgId: string
  msgType: string
  msgTypeName: string
  genDate: string
  receivedAt: string
  ack: string | null
  subject: string | null
  direction: 'received' | 'sent'
  sender: PartyRef
  receivers: (ReceiverStatus & { appRecErrors: AppRecError[]; failureReason: string | null })[]
  patient: { name: string; birthDate: string | null; nationalId: string | null; idType: string | null } | null
  conversation: { refToParent: string; refToConversation: string } | null
  inReplyTo: RelatedMessage | null
  answers: RelatedMessage[]
  dialog: { version: string; questions: Question[]; notes: Note[] } | null
  attachments: { mimeType: string | null; description: string | null; sizeBytes: number | null; inline: boolean }[]
  canAnswer: boolean
}

export type NewMessage = {
  kind: 'foresporsel' | 'notat'
  receiverHerId: number
  patientNationalId: string
  subject: string
  text: string
}

export type Created = { id: string; msgId: string }

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
      getJson<PartyPage>(
        `/api/exchange/parties${query({ q: params.q, receives: params.receives, limit: params.limit ?? PAGE_SIZE, offset: params.offset })}`,
        signal,
      ),
    enabled,
    placeholderData: keepPreviousData,
  })
}

export function useParty(herId: number | null) {
  return useQuery({
    queryKey: ['exchange', 'party', herId],
    queryFn: ({ signal }) => getJson<Party>(`/api/exchange/parties/${encodeURIComponent(String(herId))}`, signal),
    enabled: herId !== null,
  })
}

export function useInbox(offset: number, enabled = true) {
  return useQuery({
    queryKey: ['exchange', 'inbox', offset],
    queryFn: ({ signal }) => getJson<Inbox>(`/api/exchange/inbox${query({ limit: PAGE_SIZE, offset })}`, signal),
    enabled,
    placeholderData: keepPreviousData,
  })
}

export function useOutbox(offset: number, enabled = true) {
  return useQuery({
    queryKey: ['exchange', 'outbox', offset],
    queryFn: ({ signal }) => getJson<Outbox>(`/api/exchange/outbox${query({ limit: PAGE_SIZE, offset })}`, signal),
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
      const message = await getJson<MessageView>(`/api/exchange/messages/${encodeURIComponent(id ?? '')}`, signal)
      void queryClient.invalidateQueries({ queryKey: ['exchange', 'inbox'] })
      return message
    },
    enabled: id !== undefined,
  })
}

export function useSendMessage() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: ({ message, csrfToken }: { message: NewMessage; csrfToken: string }) => postJson<Created>('/api/exchange/messages', message, csrfToken),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['exchange', 'outbox'] }),
  })
}

export function useAnswerMessage(id: string) {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: ({ text, csrfToken }: { text: string; csrfToken: string }) =>
      postJson<Created>(`/api/exchange/messages/${encodeURIComponent(id)}/answer`, { text }, csrfToken),
    onSuccess: async () => {
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: ['exchange', 'message', id] }),
        queryClient.invalidateQueries({ queryKey: ['exchange', 'inbox'] }),
        queryClient.invalidateQueries({ queryKey: ['exchange', 'outbox'] }),
      ])
    },
  })
}
