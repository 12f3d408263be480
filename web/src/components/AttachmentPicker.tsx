import { Button, EXPERIMENTAL_FileUpload as FileUpload, Field, Label, Paragraph, ValidationMessage } from '@digdir/designsystemet-react'
import { type ChangeEvent, useState } from 'react'
import type { NewAttachment } from '../api/threads.ts'
import { translate, useTexts } from '../i18n/texts.ts'
import { formatBytes } from '../text/format.ts'
import { formsTexts as texts } from './forms.texts.ts'
import { ACCEPT_ATTRIBUTE, checkFile, MAX_ATTACHMENT_BYTES, MAX_ATTACHMENTS, sendableFileName, toBase64, tooManyMessage } from './attachment-files.ts'

/** A file chosen and checked, read into memory as base64, ready to go with the message. */
export type PendingAttachment = NewAttachment & { key: string; byteSize: number }

/** What the server wants: the form's list without the keys and sizes used on screen. */
export function toNewAttachments(pending: readonly PendingAttachment[]): NewAttachment[] {
  return pending.map(({ fileName, contentType, contentBase64 }) => ({ fileName, contentType, contentBase64 }))
}

const typeNames: Record<string, string> = { 'application/pdf': 'PDF', 'image/jpeg': 'JPEG', 'image/png': 'PNG' }

type AttachmentPickerProps = {
  id: string
  attachments: readonly PendingAttachment[]
  onChange: (attachments: PendingAttachment[]) => void
  /** An error about the attachments from the server, shown like the picker's own. */
  error?: string | undefined
}

/**
 * A file input that checks each file as it is chosen (kind, size, real content, how many) and lists the ones taken,
 * each with a button to remove it. Files can be added a few at a time.
 */
export function AttachmentPicker({ id, attachments, onChange, error }: AttachmentPickerProps) {
  const t = useTexts(texts)
  const [problems, setProblems] = useState<string[]>([])
  const [reading, setReading] = useState(false)

  const choose = async (event: ChangeEvent<HTMLInputElement>) => {
    const input = event.currentTarget
    const files = Array.from(input.files ?? [])
    if (files.length === 0) return
    setReading(true)
    const taken: PendingAttachment[] = []
    const refused: string[] = []
    for (const file of files) {
      if (attachments.length + taken.length >= MAX_ATTACHMENTS) {
        refused.push(t('notAttached', { tooMany: tooManyMessage(), name: file.name }))
        continue
      }
      // Only the first bytes are needed to check the kind; a file over the limit is not read at all.
      const head = new Uint8Array(await file.slice(0, 8).arrayBuffer())
      const check = checkFile(file, head)
      if (!check.ok) {
        refused.push(check.message)
        continue
      }
      const bytes = new Uint8Array(await file.arrayBuffer())
      taken.push({
        key: `${file.name}-${file.size}-${file.lastModified}-${Math.random()}`,
        fileName: sendableFileName(file.name, check.contentType),
        contentType: check.contentType,
        contentBase64: toBase64(bytes),
        byteSize: file.size,
      })
    }
    // Cleared so that the same file can be chosen again after it was removed.
    input.value = ''
    setReading(false)
    setProblems(refused)
    if (taken.length > 0) onChange([...attachments, ...taken])
  }

  const messages = [...problems, ...(error ? [error] : [])]
  return (
    <div className="app-stack app-stack--tight">
      <Field>
        <Label htmlFor={id}>{t('attachmentsLabel')}</Label>
        <Field.Description>{t('attachmentsRules', { max: MAX_ATTACHMENTS, size: formatBytes(MAX_ATTACHMENT_BYTES) })}</Field.Description>
        {/* The native input covers the area, invisible: the browser's own "Choose files" text is English. */}
        <FileUpload className="app-file-upload">
          <Paragraph data-size="sm" aria-hidden>
            {t('dropHere')}
          </Paragraph>
          <Button asChild variant="secondary" data-size="sm" aria-hidden>
            <span>{t('chooseFiles')}</span>
          </Button>
          <input id={id} type="file" multiple accept={ACCEPT_ATTRIBUTE} onChange={(event) => void choose(event)} />
        </FileUpload>
        {/* There before any message, so that a refused file is told to screen readers too (the field describes them). */}
        <div aria-live="polite">
          {messages.map((message) => (
            <ValidationMessage key={message}>{message}</ValidationMessage>
          ))}
        </div>
      </Field>
      <div aria-live="polite">
        {attachments.length > 0 ? (
          <ul className="app-attachment-list" aria-label={t('attachedFiles')}>
            {attachments.map((a) => (
              <li key={a.key}>
                <span className="app-attachment-name">{a.fileName}</span>
                <span className="app-cell-sub">
                  {typeNames[a.contentType] ?? a.contentType} · {formatBytes(a.byteSize)}
                </span>
                <Button
                  type="button"
                  variant="tertiary"
                  data-size="sm"
                  aria-label={t('removeFile', { name: a.fileName })}
                  onClick={() => {
                    onChange(attachments.filter((other) => other.key !== a.key))
                    // The button goes with its file: focus goes back to the file input, not to the top of the page.
                    document.getElementById(id)?.focus()
                  }}
                >
                  {t('remove')}
                </Button>
              </li>
            ))}
          </ul>
        ) : null}
        {reading ? <Paragraph data-size="sm">{t('readingFiles')}</Paragraph> : null}
      </div>
    </div>
  )
}

/**
 * How far the upload of a message with attachments has come: a labelled <progress>, so that a screen reader can ask
 * for it, while the visible label says the same in words. Until the browser has said how far it has come (total 0),
 * the bar shows that something is happening without a figure. Nothing while nothing is being sent.
 */
export function UploadProgress({ id, progress }: { id: string; progress: { sent: number; total: number } | null }) {
  if (!progress) return null
  const known = progress.total > 0
  const percent = known ? Math.min(100, Math.round((progress.sent / progress.total) * 100)) : 0
  const label = !known
    ? translate(texts, 'sending')
    : percent < 100
      ? translate(texts, 'sendingPercent', { percent, size: formatBytes(progress.total) })
      : translate(texts, 'sentWaiting')
  return (
    <div className="app-upload-progress">
      <Label htmlFor={id} data-size="sm">
        {label}
      </Label>
      {known ? (
        <progress id={id} max={progress.total} value={progress.sent}>
          {percent} %
        </progress>
      ) : (
        <progress id={id} />
      )}
    </div>
  )
}
