import { Alert, Paragraph } from '@digdir/designsystemet-react'
import { type ReactNode, useCallback, useMemo, useState, useSyncExternalStore } from 'react'
import { useLocation } from 'react-router'
import { feedbackStore } from './feedback-store.ts'

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

export type ActionFeedback = {
  error: string | null
  done: string | null
  /** The user starts this action: every banner goes, this one's included, until it succeeds or fails. */
  start(): void
  succeed(done: string): void
  fail(error: string): void
}

/**
 * The banner of one action (pass `error` and `done` to <Feedback>). It shows only while this action is the last one the
 * user started anywhere in the app, and only at the location it was made at: starting another action or navigating
 * takes it away (issue 10 §19).
 */
export function useActionFeedback(): ActionFeedback {
  const [owner] = useState(() => Symbol('action'))
  const current = useSyncExternalStore(feedbackStore.subscribe, feedbackStore.current)
  const { key } = useLocation()
  const [state, setState] = useState<{ error: string | null; done: string | null; at: string | null }>({ error: null, done: null, at: null })
  const report = useCallback(
    (error: string | null, done: string | null) => {
      feedbackStore.activate(owner)
      setState({ error, done, at: key })
    },
    [owner, key],
  )
  const shown = current === owner && state.at === key
  return useMemo(
    () => ({
      error: shown ? state.error : null,
      done: shown ? state.done : null,
      start: () => report(null, null),
      succeed: (done: string) => report(null, done),
      fail: (error: string) => report(error, null),
    }),
    [shown, state, report],
  )
}
