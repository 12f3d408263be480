import { type FormEvent, useState } from 'react'
import { MAX_BODY_LENGTH, type NewReply } from '../../api/threads.ts'
import { type PendingAttachment, toNewAttachments } from '../AttachmentPicker.tsx'
import { useIdempotencyKey } from '../use-idempotency-key.ts'

export type ReplyMutation = {
  isPending: boolean
  mutate(variables: { reply: NewReply; csrfToken: string; idempotencyKey: string }, options: { onSuccess: () => void }): void
}

/**
 * The state of a form that writes in a thread (the citizen's reply, the staff's answer): text, attachments, the
 * "write something" error, the sent note, and one Idempotency-Key per message so that a retry or double click
 * writes once. `fieldId` is the text field's id: an empty message moves focus there, so its error is read out.
 * `onSent` is told once a message is sent (after the form is emptied).
 */
export function useReplyForm(mutation: ReplyMutation, csrfToken: string, fieldId: string, onSent?: () => void) {
  const idempotencyKey = useIdempotencyKey()
  const [body, setBody] = useState('')
  const [attachments, setAttachments] = useState<PendingAttachment[]>([])
  const [missing, setMissing] = useState(false)
  const [sent, setSent] = useState(false)

  const submit = (event: FormEvent) => {
    event.preventDefault()
    if (mutation.isPending) return
    setSent(false)
    // Empty, or over the server's limit (refused there, never cut): the field's error says which.
    if (body.trim() === '' || body.length > MAX_BODY_LENGTH) {
      setMissing(true)
      document.getElementById(fieldId)?.focus()
      return
    }
    setMissing(false)
    mutation.mutate(
      {
        reply: { body, ...(attachments.length > 0 ? { attachments: toNewAttachments(attachments) } : {}) },
        csrfToken,
        idempotencyKey: idempotencyKey.current(),
      },
      {
        onSuccess: () => {
          idempotencyKey.reset()
          setBody('')
          setAttachments([])
          setSent(true)
          onSent?.()
        },
      },
    )
  }
  return { body, setBody, attachments, setAttachments, missing, setMissing, sent, setSent, submit, idempotencyKey }
}
