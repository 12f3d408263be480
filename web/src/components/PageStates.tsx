import { Button, Heading, Paragraph, Spinner } from '@digdir/designsystemet-react'
import type { UseQueryResult } from '@tanstack/react-query'
import type { ReactNode } from 'react'
import { useDocumentTitle } from './use-document-title.ts'

/** A polite loading indicator for part of a page. */
export function Loading() {
  return (
    <div className="app-loading" role="status">
      <Spinner aria-hidden data-size="md" />
      <Paragraph>Laster inn …</Paragraph>
    </div>
  )
}

/** Loading the whole page: names the tab too, until the page knows its own title. */
export function PageLoading() {
  useDocumentTitle('Laster inn')
  return <Loading />
}

type PageErrorProps = {
  title?: string
  onRetry?: () => void
}

/** For failures that are not the user's doing: the server is down, or answered something unexpected. */
export function PageError({ title = 'Noe gikk galt', onRetry }: PageErrorProps) {
  useDocumentTitle(title)
  return (
    <section className="app-stack" aria-labelledby="page-error-heading">
      <Heading level={1} data-size="lg" id="page-error-heading">
        {title}
      </Heading>
      <Paragraph>Vi klarte ikke å hente opplysningene akkurat nå. Prøv igjen om litt.</Paragraph>
      {onRetry ? (
        <div>
          <Button variant="secondary" onClick={onRetry}>
            Prøv igjen
          </Button>
        </div>
      ) : null}
    </section>
  )
}

/** Inline variant for a part of a page that failed while the rest still works. */
export function SectionError({ message, onRetry }: { message: string; onRetry?: () => void }) {
  return (
    <div className="app-stack app-stack--tight" role="alert">
      <Paragraph>{message}</Paragraph>
      {onRetry ? (
        <div>
          <Button variant="secondary" data-size="sm" onClick={onRetry}>
            Prøv igjen
          </Button>
        </div>
      ) : null}
    </div>
  )
}

/** A part of a page that shows what a query fetched: loading, then the content, or what failed with a way to retry. */
export function QueryContent<T>({ query, error, children }: { query: UseQueryResult<T>; error: string; children: (data: T) => ReactNode }) {
  if (query.isPending) return <Loading />
  if (query.isError) return <SectionError message={error} onRetry={() => void query.refetch()} />
  return <>{children(query.data)}</>
}
