// Messages between citizens and municipal services, as both portals see them: the thread, its messages and
// attachments. Each side's calls are in api/innbygger/citizen-messages.ts and api/helsepersonell/service-threads.ts.

export type AttachmentContentType = 'application/pdf' | 'image/jpeg' | 'image/png'

/** An attachment on its way to the server. */
export type NewAttachment = { fileName: string; contentType: AttachmentContentType; contentBase64: string }

/** An attachment as stored: fetched on its own through its URL. */
export type AttachmentInfo = { id: string; fileName: string; contentType: string; byteSize: number }

export type ServiceRef = { id: string; name: string; organisationName: string }

export type ThreadStatus = 'open' | 'closed'

export type ThreadMessage = {
  id: string
  from: 'citizen' | 'service'
  authorName: string
  /** Written by a representative (fullmektig, parent) for the citizen. */
  onBehalfOf: boolean
  body: string
  createdAt: string
  /** When the other side read it; null while unread. */
  readAt: string | null
  attachments: AttachmentInfo[]
}

export type ThreadDetail = {
  id: string
  subject: string
  status: ThreadStatus
  service: ServiceRef
  createdAt: string
  answerDueAt: string | null
  closedAt: string | null
  closedByName: string | null
  canReply: boolean
  endsAt: string | null
  answerTime: string
  messages: ThreadMessage[]
}

export type NewReply = { body: string; attachments?: NewAttachment[] }
