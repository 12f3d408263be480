import { Alert, Button, Heading, Paragraph } from '@digdir/designsystemet-react'
import { type ReactNode, useRef, useState } from 'react'
import { useTexts } from '../../i18n/texts.ts'
import { ErrorAlert } from '../Feedback.tsx'
import { threadTexts } from './thread.texts.ts'
import { ThreadReplyFields } from './ThreadReplyFields.tsx'
import { type ReplyMutation, useReplyForm } from './use-reply-form.ts'

type ThreadReplyFormProps = {
  /** The call that sends the message (the citizen's reply, the staff's answer). */
  mutation: ReplyMutation & { isError: boolean; error: unknown }
  csrfToken: string
  /** Ids: `${idPrefix}-heading`, `${idPrefix}-body` (the text), `${idPrefix}-attachments`. */
  idPrefix: string
  heading: string
  /** Said once the message is sent. */
  sent: ReactNode
  label: string
  description: string
  /** Shown when the text was left empty. */
  emptyError: string
  /** Why sending failed. */
  problem: (error: unknown) => string
  submitLabel: string
  /**
   * With a label, the form stays closed behind a button of that name and closes again once the message is sent, so
   * the page does not invite a second answer; without, it is always open (the citizen's reply).
   */
  openLabel?: string
  /** With `openLabel`: open to begin with (a message waits for an answer). */
  startOpen?: boolean
  /** Above the text field, e.g. a choice of template; `fill` replaces the text (a new message). */
  before?: (fill: (text: string) => void) => ReactNode
}

/** The form under a thread that writes a new message in it: text, attachments, what went wrong, and that it was sent. */
export function ThreadReplyForm(props: ThreadReplyFormProps) {
  const { mutation, idPrefix } = props
  const t = useTexts(threadTexts)
  const collapsible = props.openLabel !== undefined
  const [open, setOpen] = useState(!collapsible || props.startOpen === true)
  const sentNote = useRef<HTMLDivElement>(null)
  const form = useReplyForm(mutation, props.csrfToken, `${idPrefix}-body`, () => {
    if (!collapsible) return
    setOpen(false)
    // The form is gone: focus goes to the note that says the message was sent.
    requestAnimationFrame(() => sentNote.current?.focus())
  })
  const headingId = `${idPrefix}-heading`
  const openForm = () => {
    form.setSent(false)
    setOpen(true)
    requestAnimationFrame(() => document.getElementById(`${idPrefix}-body`)?.focus())
  }
  const fill = (text: string) => {
    form.setBody(text)
    form.idempotencyKey.reset()
    if (form.missing) form.setMissing(false)
  }
  return (
    <section className="app-stack" aria-labelledby={headingId}>
      <Heading level={2} data-size="sm" id={headingId}>
        {props.heading}
      </Heading>
      {/* A live region that is there before the message, so that "sent" is read out. */}
      <div aria-live="polite" ref={sentNote} tabIndex={-1}>
        {form.sent ? (
          <Alert data-color="success">
            <Paragraph>{props.sent}</Paragraph>
          </Alert>
        ) : null}
      </div>
      {open ? (
        <form className="app-stack app-form" onSubmit={form.submit} noValidate>
          {props.before?.(fill)}
          <ThreadReplyFields form={form} idPrefix={idPrefix} label={props.label} description={props.description} emptyError={props.emptyError} />
          <ErrorAlert message={mutation.isError ? props.problem(mutation.error) : null} />
          <div className="app-actions">
            <Button type="submit" loading={mutation.isPending}>
              {props.submitLabel}
            </Button>
            {collapsible ? (
              <Button variant="secondary" type="button" onClick={() => setOpen(false)}>
                {t('cancel')}
              </Button>
            ) : null}
          </div>
        </form>
      ) : (
        <div>
          <Button variant={form.sent ? 'secondary' : 'primary'} onClick={openForm}>
            {props.openLabel}
          </Button>
        </div>
      )}
    </section>
  )
}
