import { ErrorSummary } from '@digdir/designsystemet-react'

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
