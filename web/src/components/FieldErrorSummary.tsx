import { ErrorSummary } from '@digdir/designsystemet-react'
import { useState } from 'react'

/**
 * The form's errors at the top, each a link to its field. Keyed by the submit attempt by the caller (`key`), so that a
 * new attempt mounts it again and Designsystemet moves focus to it, as the error summary pattern asks.
 */
export function FieldErrorSummary<F extends string>(props: { heading: string; errors: readonly (readonly [F, string])[]; href: (field: F) => string }) {
  if (props.errors.length === 0) return null
  return (
    <ErrorSummary>
      <ErrorSummary.Heading>{props.heading}</ErrorSummary.Heading>
      <ErrorSummary.List>
        {props.errors.map(([field, message]) => (
          <ErrorSummary.Item key={field}>
            <ErrorSummary.Link href={props.href(field)}>{message}</ErrorSummary.Link>
          </ErrorSummary.Item>
        ))}
      </ErrorSummary.List>
    </ErrorSummary>
  )
}

/**
 * A form's errors by field, for FieldErrorSummary and the fields. `show` counts an attempt: pass `attempt` as the
 * summary's key, so that a new attempt mounts it again and focus moves to it, and the user hears what to fix each time.
 */
export function useFieldErrors<F extends string>() {
  const [errors, setErrors] = useState<Partial<Record<F, string>>>({})
  const [attempt, setAttempt] = useState(0)
  const show = (next: Partial<Record<F, string>>) => {
    setErrors(next)
    setAttempt((n) => n + 1)
  }
  /** A field the user has changed is no longer wrong as far as we know: its message goes until the next attempt. */
  const clear = (field: F) => setErrors((current) => (current[field] ? { ...current, [field]: undefined } : current))
  const list = (Object.entries(errors) as [F, string | undefined][]).filter((entry): entry is [F, string] => Boolean(entry[1]))
  return { errors, attempt, list, show, clear, reset: () => setErrors({}) }
}
