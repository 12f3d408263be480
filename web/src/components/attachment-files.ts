import { type AttachmentContentType, MAX_ATTACHMENT_BYTES, MAX_ATTACHMENTS, MAX_FILE_NAME_LENGTH } from '../../../src/citizen/messaging/attachments.schemas.ts'
import { translate } from '../i18n/texts.ts'
import { formatBytes } from '../text/format.ts'
import { formsTexts as texts } from './forms.texts.ts'

// What the server takes as an attachment, checked before anything is sent, so a user hears at once that a file is
// too big or of the wrong kind instead of after uploading it. The server checks the same again; the limits are its
// own (src/citizen/messaging/attachments.schemas.ts).

export { MAX_ATTACHMENT_BYTES, MAX_ATTACHMENTS, MAX_FILE_NAME_LENGTH }

/** For the file input's accept attribute: both the types and the extensions, since some systems know only one. */
export const ACCEPT_ATTRIBUTE = 'application/pdf,image/jpeg,image/png,.pdf,.jpg,.jpeg,.png'

const BY_EXTENSION: Record<string, AttachmentContentType> = {
  pdf: 'application/pdf',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  png: 'image/png',
}

const TYPE_NAMES: Record<AttachmentContentType, string> = {
  'application/pdf': 'PDF',
  'image/jpeg': 'JPEG',
  'image/png': 'PNG',
}

/** The type a file claims, from the browser or (when the browser does not know) from its name. */
export function claimedType(file: { name: string; type: string }): AttachmentContentType | null {
  if (file.type === 'application/pdf' || file.type === 'image/jpeg' || file.type === 'image/png') return file.type
  if (file.type !== '' && file.type !== 'application/octet-stream') return null
  const extension = /\.([a-z0-9]+)$/i.exec(file.name)?.[1]?.toLowerCase()
  return extension ? (BY_EXTENSION[extension] ?? null) : null
}

const startsWith = (bytes: Uint8Array, prefix: readonly number[]) => prefix.every((b, i) => bytes[i] === b)

/** What the first bytes say the file is (the same magic numbers the server checks). */
export function sniffType(head: Uint8Array): AttachmentContentType | null {
  if (startsWith(head, [0x25, 0x50, 0x44, 0x46, 0x2d])) return 'application/pdf' // %PDF-
  if (startsWith(head, [0xff, 0xd8, 0xff])) return 'image/jpeg'
  if (startsWith(head, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'image/png'
  return null
}

export type FileCheck = { ok: true; contentType: AttachmentContentType } | { ok: false; message: string }

/** Whether one file can be sent; the message names the file and says what to do. */
export function checkFile(file: { name: string; type: string; size: number }, head: Uint8Array): FileCheck {
  const name = file.name
  const claimed = claimedType(file)
  if (!claimed) return { ok: false, message: translate(texts, 'wrongType', { name }) }
  if (file.size === 0) return { ok: false, message: translate(texts, 'empty', { name }) }
  if (file.size > MAX_ATTACHMENT_BYTES) {
    return { ok: false, message: translate(texts, 'tooBig', { name, size: formatBytes(MAX_ATTACHMENT_BYTES) }) }
  }
  const actual = sniffType(head)
  if (actual !== claimed) {
    return { ok: false, message: translate(texts, 'notReal', { name, type: TYPE_NAMES[claimed] }) }
  }
  return { ok: true, contentType: claimed }
}

const EXTENSION_OF: Record<AttachmentContentType, string> = { 'application/pdf': '.pdf', 'image/jpeg': '.jpg', 'image/png': '.png' }

/**
 * The file's name as the server takes it (at most 200 characters; no control characters, slashes or characters that
 * turn how text reads), so a file with an odd or very long name is sent under a tidied name instead of the whole
 * message being refused. The extension is kept when the name is shortened.
 */
export function sendableFileName(name: string, contentType: AttachmentContentType): string {
  const cleaned = name
    // biome-ignore lint/suspicious/noControlCharactersInRegex: the point is to strip control characters
    .replace(/[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069]/gu, '')
    .replace(/[/\\]/g, '_')
    .trim()
  if (cleaned === '' || cleaned === '.' || cleaned === '..') return `vedlegg${EXTENSION_OF[contentType]}`
  if (cleaned.length <= MAX_FILE_NAME_LENGTH) return cleaned
  const extension = /\.[^.\s]{1,10}$/u.exec(cleaned)?.[0] ?? ''
  const stem = Array.from(cleaned.slice(0, cleaned.length - extension.length))
  while (stem.join('').length + extension.length > MAX_FILE_NAME_LENGTH) stem.pop()
  return `${stem.join('').trimEnd()}${extension}`
}

export function tooManyMessage(): string {
  return translate(texts, 'tooMany', { max: MAX_ATTACHMENTS })
}

/** Base64 without a data: prefix, in chunks so that a 5 MB file does not overflow the call stack. */
export function toBase64(bytes: Uint8Array): string {
  let binary = ''
  const chunk = 0x8000
  for (let i = 0; i < bytes.length; i += chunk) binary += String.fromCharCode(...bytes.subarray(i, i + chunk))
  return btoa(binary)
}
