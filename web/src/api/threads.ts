// Messages between citizens and municipal services, as both portals see them: the thread, its messages and
// attachments. Each side's calls are in api/innbygger/citizen-messages.ts and api/helsepersonell/service-threads.ts.
// The types are the server's schemas' (src/citizen/messaging/*.schemas.ts).
import type { z } from 'zod'
import type { attachmentInputSchema } from '../../../src/citizen/messaging/attachments.schemas.ts'
import type { NewMessageBody, ThreadDetail } from '../../../src/citizen/messaging/messaging.schemas.ts'

export type { AttachmentContentType } from '../../../src/citizen/messaging/attachments.schemas.ts'
export { MAX_BODY_LENGTH, MAX_SUBJECT_LENGTH, type ThreadDetail } from '../../../src/citizen/messaging/messaging.schemas.ts'

/** An attachment on its way to the server. */
export type NewAttachment = z.input<typeof attachmentInputSchema>

export type ThreadMessage = ThreadDetail['messages'][number]

/** An attachment as stored: fetched on its own through its URL. */
export type AttachmentInfo = ThreadMessage['attachments'][number]

export type ServiceRef = ThreadDetail['service']

export type ThreadStatus = ThreadDetail['status']

/** A message in a thread, from either side. */
export type NewReply = z.input<typeof NewMessageBody>
