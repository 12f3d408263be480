import { Alert, Button, Heading, Paragraph } from '@digdir/designsystemet-react'
import type { ReactNode } from 'react'
import { ErrorAlert } from '../Feedback.tsx'
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
}

/** The form under a thread that writes a new message in it: text, attachments, what went wrong, and that it was sent. */
export function ThreadReplyForm(props: ThreadReplyFormProps) {
  const { mutation, idPrefix } = props
  const form = useReplyForm(mutation, props.csrfToken, `${idPrefix}-body`)
  const headingId = `${idPrefix}-heading`
  return (
    <section className="app-stack" aria-labelledby={headingId}>
      <Heading level={2} data-size="sm" id={headingId}>
        {props.heading}
      </Heading>
      {/* A live region that is there before the message, so that "sent" is read out. */}
      <div aria-live="polite">
        {form.sent ? (
          <Alert data-color="success">
            <Paragraph>{props.sent}</Paragraph>
          </Alert>
        ) : null}
      </div>
      <form className="app-stack app-form" onSubmit={form.submit} noValidate>
        <ThreadReplyFields form={form} idPrefix={idPrefix} label={props.label} description={props.description} emptyError={props.emptyError} />
        <ErrorAlert message={mutation.isError ? props.problem(mutation.error) : null} />
        <div>
          <Button type="submit" loading={mutation.isPending}>
            {props.submitLabel}
          </Button>
        </div>
      </form>
    </section>
  )
}
