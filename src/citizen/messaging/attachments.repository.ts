/**
 * SQL of message attachments. The bytes are read only by a download (in slices, streamed) and by the EPJ bridge,
 * never when a thread is opened: opening lists names, types and sizes. The column is stored uncompressed and out of
 * line (migration 2026-12-08T0500), so that PDFs and images, compressed already, are not compressed again and a
 * slice is read without reading the rest.
 */
import { Readable } from 'node:stream'
import { type Kysely, sql, type Transaction } from 'kysely'
import type { DB } from '../../platform/db/schema.ts'
import type { CheckedAttachment } from './attachments.ts'
import type { AttachmentContentType } from './attachments.schemas.ts'

type Db = Kysely<DB> | Transaction<DB>

export type AttachmentInfo = { id: string; fileName: string; contentType: AttachmentContentType; byteSize: number }

/** An attachment to download: what it is, and its bytes as a stream (read after the access check and its audit). */
export type AttachmentDownload = { info: AttachmentInfo; content: () => Readable }

/** A download is read in slices of this size: memory per download stays small, and other queries get their turn. */
export const ATTACHMENT_SLICE_BYTES = 1024 * 1024

/** Stores a message's attachments; `ids` (one per attachment, in order) make them list in the order they were sent. */
export async function insertAttachments(trx: Transaction<DB>, messageId: string, attachments: readonly CheckedAttachment[], ids: readonly string[]) {
  // One row at a time: a multi-row INSERT would put every file into one statement (25 MB of parameters at once).
  for (const [index, a] of attachments.entries()) {
    await trx
      .insertInto('citizen_message_attachment')
      .values({
        id: ids[index] as string,
        message_id: messageId,
        file_name: a.fileName,
        content_type: a.contentType,
        byte_size: a.byteSize,
        sha256: a.sha256,
        content: a.content,
      })
      .execute()
  }
}

/** An attachment of a message in this thread, without its bytes; null otherwise. */
export async function findAttachmentInfo(db: Db, threadId: string, attachmentId: string): Promise<AttachmentInfo | null> {
  const row = await db
    .selectFrom('citizen_message_attachment as a')
    .innerJoin('citizen_message as m', 'm.id', 'a.message_id')
    .select(['a.id', 'a.file_name', 'a.content_type', 'a.byte_size'])
    .where('a.id', '=', attachmentId)
    .where('m.thread_id', '=', threadId)
    .executeTakeFirst()
  return row ? { id: row.id, fileName: row.file_name, contentType: row.content_type, byteSize: row.byte_size } : null
}

/**
 * The bytes of an attachment as a stream, read slice by slice with a query each. Attachments never change once
 * stored, so the slices need no transaction of their own. A slice shorter than asked before the end fails the stream
 * (the download is then cut, never padded or passed off as whole).
 */
export function attachmentContent(db: Kysely<DB>, attachment: Pick<AttachmentInfo, 'id' | 'byteSize'>): Readable {
  async function* slices() {
    for (let offset = 0; offset < attachment.byteSize; offset += ATTACHMENT_SLICE_BYTES) {
      const length = Math.min(ATTACHMENT_SLICE_BYTES, attachment.byteSize - offset)
      const row = await db
        .selectFrom('citizen_message_attachment')
        // SQL counts from 1.
        .select(sql<Buffer>`substring(content FROM ${offset + 1} FOR ${length})`.as('slice'))
        .where('id', '=', attachment.id)
        .executeTakeFirst()
      const slice = row ? Buffer.from(row.slice.buffer, row.slice.byteOffset, row.slice.byteLength) : null
      if (!slice || slice.length !== length)
        throw new Error(`attachment ${attachment.id}: slice at ${offset} is ${slice?.length ?? 'missing'} bytes, not ${length}`)
      yield slice
    }
  }
  return Readable.from(slices(), { objectMode: false })
}
