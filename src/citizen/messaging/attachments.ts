/**
 * Attachments on messages: PDF, JPEG and PNG only, at most five of at most 5 MiB each. The claimed type must be what
 * the bytes are (magic bytes, through file-type): a "PDF" that is something else is refused, so a file a citizen
 * downloads is never other than what it says.
 */
import { createHash } from 'node:crypto'
import { fileTypeFromBuffer } from 'file-type'

import { DIRECTION_CHARACTER } from '../../platform/http/plain-text.schemas.ts'
import { type AttachmentContentType, type AttachmentInput, MAX_ATTACHMENT_BYTES, MAX_ATTACHMENTS } from './attachments.schemas.ts'

export type CheckedAttachment = {
  fileName: string
  contentType: AttachmentContentType
  content: Buffer
  byteSize: number
  sha256: string
}

export type AttachmentProblem = { index: number; message: string }

/** What the bytes are, by their signature; null when they are none of the accepted types. */
export async function sniffContentType(content: Buffer): Promise<AttachmentContentType | null> {
  const found = await fileTypeFromBuffer(content)
  if (!found) return null
  // Illustrator files are PDF files with extra markers, and an animated PNG is still a PNG.
  if (found.mime === 'application/pdf' || found.ext === 'ai') return 'application/pdf'
  if (found.mime === 'image/jpeg') return 'image/jpeg'
  if (found.mime === 'image/png' || found.mime === 'image/apng') return 'image/png'
  return null
}

/**
 * Decodes and checks each attachment. Either all are fine (ok) or the problems name each bad one by index, so the
 * caller stores nothing at all.
 */
export async function checkAttachments(
  inputs: readonly AttachmentInput[],
): Promise<{ ok: true; attachments: CheckedAttachment[] } | { ok: false; problems: AttachmentProblem[] }> {
  const attachments: CheckedAttachment[] = []
  const problems: AttachmentProblem[] = []
  if (inputs.length > MAX_ATTACHMENTS) return { ok: false, problems: [{ index: MAX_ATTACHMENTS, message: `Høyst ${MAX_ATTACHMENTS} vedlegg.` }] }
  for (const [index, input] of inputs.entries()) {
    const content = Buffer.from(input.contentBase64, 'base64')
    if (content.length === 0) {
      problems.push({ index, message: 'Vedlegget er tomt.' })
      continue
    }
    if (content.length > MAX_ATTACHMENT_BYTES) {
      problems.push({ index, message: 'Vedlegget er for stort (høyst 5 MiB).' })
      continue
    }
    const actual = await sniffContentType(content)
    if (actual !== input.contentType) {
      problems.push({ index, message: 'Innholdet er ikke en gyldig fil av typen som er oppgitt (PDF, JPEG eller PNG).' })
      continue
    }
    attachments.push({
      fileName: input.fileName,
      contentType: actual,
      content,
      byteSize: content.length,
      sha256: createHash('sha256').update(content).digest('hex'),
    })
  }
  return problems.length > 0 ? { ok: false, problems } : { ok: true, attachments }
}

/** The extensions a saved file of each type may end with; the first is added to a name that ends otherwise. */
const EXTENSIONS: Record<AttachmentContentType, readonly string[]> = {
  'application/pdf': ['.pdf'],
  'image/jpeg': ['.jpg', '.jpeg', '.jpe', '.jfif'],
  'image/png': ['.png'],
}

/**
 * The name a download is saved under: the name it was sent with, ending as what its bytes were checked to be. The
 * sender chooses the name, so "skjema.html" or "brev.pdf.exe" with an image or a PDF inside would otherwise be saved,
 * and opened, as a web page or a program.
 */
export function downloadFileName(fileName: string, contentType: AttachmentContentType): string {
  const name = fileName.replace(new RegExp(DIRECTION_CHARACTER.source, 'gu'), '')
  const extensions = EXTENSIONS[contentType]
  const lower = name.toLowerCase()
  return extensions.some((e) => lower.endsWith(e)) ? name : `${name}${extensions[0]}`
}

/**
 * Content-Disposition for a download: always an attachment (never shown inline), saved under a name that ends as its
 * type (downloadFileName), with an ASCII fallback name and the real one in RFC 8187 encoding.
 */
export function contentDisposition(storedName: string, contentType: AttachmentContentType): string {
  const fileName = downloadFileName(storedName, contentType)
  const fallback = fileName.replace(/[^\x20-\x7e]/g, '_').replace(/["\\;]/g, '_')
  const encoded = encodeURIComponent(fileName).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
  return `attachment; filename="${fallback}"; filename*=UTF-8''${encoded}`
}
