import { Textfield } from '@digdir/designsystemet-react'
import { MAX_BODY_LENGTH } from '../../api/threads.ts'
import { useTexts } from '../../i18n/texts.ts'
import { formatNumber } from '../../text/format.ts'
import { AttachmentPicker } from '../AttachmentPicker.tsx'
import { CharacterCounter } from '../CharacterCounter.tsx'
import { threadTexts } from './thread.texts.ts'
import type { useReplyForm } from './use-reply-form.ts'

/** The text and attachments of a form that writes in a thread; any change starts a new message (new Idempotency-Key). */
export function ThreadReplyFields(props: {
  form: ReturnType<typeof useReplyForm>
  /** The text field's id is `${idPrefix}-body` (useReplyForm focuses it), the attachments' `${idPrefix}-attachments`. */
  idPrefix: string
  label: string
  description: string
  /** Shown when the text was left empty. */
  emptyError: string
}) {
  const { form } = props
  const t = useTexts(threadTexts)
  return (
    <>
      <Textfield
        id={`${props.idPrefix}-body`}
        multiline
        rows={6}
        label={props.label}
        description={props.description}
        value={form.body}
        onChange={(event) => {
          form.setBody(event.target.value)
          form.idempotencyKey.reset()
          if (form.missing) form.setMissing(false)
        }}
        error={form.missing ? (form.body.length > MAX_BODY_LENGTH ? t('tooLong', { limit: formatNumber(MAX_BODY_LENGTH) }) : props.emptyError) : undefined}
      />
      <CharacterCounter id={`${props.idPrefix}-body-counter`} text={form.body} limit={MAX_BODY_LENGTH} />
      <AttachmentPicker
        id={`${props.idPrefix}-attachments`}
        attachments={form.attachments}
        onChange={(next) => {
          form.setAttachments(next)
          form.idempotencyKey.reset()
        }}
      />
    </>
  )
}
