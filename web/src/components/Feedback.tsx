import { Alert, Paragraph } from '@digdir/designsystemet-react'
import type { ReactNode } from 'react'

/** What went wrong with a form or an action, read out at once (role="alert"); nothing when there is no error. */
export function ErrorAlert({ message }: { message: ReactNode }) {
  if (message === null || message === undefined || message === false || message === '') return null
  return (
    <Alert data-color="danger" role="alert">
      <Paragraph>{message}</Paragraph>
    </Alert>
  )
}

/** After a form is sent: the error, or else what was done (read out politely); nothing before. */
export function Feedback({ error, done }: { error: string | null; done: string | null }) {
  if (error) return <ErrorAlert message={error} />
  if (done) {
    return (
      <Alert data-color="success" role="status" aria-live="polite">
        <Paragraph>{done}</Paragraph>
      </Alert>
    )
  }
  return null
}
