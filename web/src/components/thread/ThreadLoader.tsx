import { Heading, Paragraph } from '@digdir/designsystemet-react'
import type { UseQueryResult } from '@tanstack/react-query'
import type { ReactNode } from 'react'
import { ApiError } from '../../api/http.ts'
import { BackLink } from '../links.tsx'
import { Loading, PageError } from '../PageStates.tsx'

type ThreadLoaderProps<T> = {
  query: UseQueryResult<T>
  back: { to: string; label: string }
  /** Why the user may not see it: the thread is someone else's, or does not exist (the server does not say which). */
  notFound: ReactNode
  children: (thread: T) => ReactNode
}

/** A thread page while its thread loads, when it is not there for this user, when fetching failed, and when it came. */
export function ThreadLoader<T>({ query, back, notFound, children }: ThreadLoaderProps<T>) {
  if (query.isPending) return <Loading />
  if (query.isError) {
    const status = query.error instanceof ApiError ? query.error.status : 0
    if (status === 403 || status === 404) {
      return (
        <div className="app-stack">
          <BackLink to={back.to}>{back.label}</BackLink>
          <Heading level={1} data-size="lg">
            Fant ikke samtalen
          </Heading>
          <Paragraph>{notFound}</Paragraph>
        </div>
      )
    }
    return <PageError title="Vi klarte ikke å hente samtalen" onRetry={() => void query.refetch()} />
  }
  return <>{children(query.data)}</>
}
