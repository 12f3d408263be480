import { Button, Heading, Paragraph, Spinner } from '@digdir/designsystemet-react'
import type { UseQueryResult } from '@tanstack/react-query'
import type { ReactNode } from 'react'
import { ApiError } from '../api/http.ts'
import { useTexts } from '../i18n/texts.ts'
import { commonTexts } from './common.texts.ts'
import { BackLink } from './links.tsx'
import { useDocumentTitle } from './use-document-title.ts'

/** A polite loading indicator for part of a page. */
export function Loading() {
  const t = useTexts(commonTexts)
  return (
    <div className="app-loading" role="status">
      <Spinner aria-hidden data-size="md" />
      <Paragraph>{t('loading')}</Paragraph>
    </div>
  )
}

/** Loading the whole page: names the tab too, until the page knows its own title. */
export function PageLoading() {
  const t = useTexts(commonTexts)
  useDocumentTitle(t('loadingTitle'))
  return <Loading />
}

type PageErrorProps = {
  title?: string
  onRetry?: () => void
}

/** For failures that are not the user's doing: the server is down, or answered something unexpected. */
export function PageError({ title: ownTitle, onRetry }: PageErrorProps) {
  const t = useTexts(commonTexts)
  const title = ownTitle ?? t('errorTitle')
  useDocumentTitle(title)
  return (
    <section className="app-stack" aria-labelledby="page-error-heading">
      <Heading level={1} data-size="lg" id="page-error-heading">
        {title}
      </Heading>
      <Paragraph>{t('errorText')}</Paragraph>
      {onRetry ? (
        <div>
          <Button variant="secondary" onClick={onRetry}>
            {t('retry')}
          </Button>
        </div>
      ) : null}
    </section>
  )
}

/** Inline variant for a part of a page that failed while the rest still works. */
export function SectionError({ message, onRetry }: { message: string; onRetry?: () => void }) {
  const t = useTexts(commonTexts)
  return (
    <div className="app-stack app-stack--tight" role="alert">
      <Paragraph>{message}</Paragraph>
      {onRetry ? (
        <div>
          <Button variant="secondary" data-size="sm" onClick={onRetry}>
            {t('retry')}
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

type PageQueryProps<T> = {
  query: UseQueryResult<T>
  back: { to: string; label: string }
  /** When the server answers 403 or 404: the thing is not there, or not this user's to see (the server does not say which). */
  notFound: { title: string; text: ReactNode }
  /** The page's title when fetching failed for another reason. */
  failedTitle: string
  children: (data: T) => ReactNode
}

/** A page about one thing (a message, a thread): while it loads, when it is not there for this user, when fetching failed, and when it came. */
export function PageQuery<T>({ query, back, notFound, failedTitle, children }: PageQueryProps<T>) {
  if (query.isPending) return <Loading />
  if (query.isError) {
    const status = query.error instanceof ApiError ? query.error.status : 0
    if (status === 403 || status === 404) {
      return (
        <div className="app-stack">
          <BackLink to={back.to}>{back.label}</BackLink>
          <Heading level={1} data-size="lg">
            {notFound.title}
          </Heading>
          <Paragraph>{notFound.text}</Paragraph>
        </div>
      )
    }
    return <PageError title={failedTitle} onRetry={() => void query.refetch()} />
  }
  return <>{children(query.data)}</>
}
