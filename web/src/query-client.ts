import { QueryCache, QueryClient } from '@tanstack/react-query'
import { ApiError, isUnauthorized } from './api/http.ts'
import { meQueryKey } from './api/me.ts'

// Client errors (4xx) will not change by asking again; network trouble and 5xx may.
function shouldRetry(failureCount: number, error: unknown): boolean {
  if (error instanceof ApiError && error.status < 500) return false
  return failureCount < 2
}

export function createQueryClient(): QueryClient {
  const queryClient: QueryClient = new QueryClient({
    queryCache: new QueryCache({
      // Any 401 means the session is gone (expired, or ended in another tab): forget the user,
      // so every page falls back to its "Du må logge inn" state.
      onError: (error) => {
        if (isUnauthorized(error)) queryClient.setQueryData(meQueryKey, null)
      },
    }),
    defaultOptions: {
      queries: { retry: shouldRetry },
    },
  })
  return queryClient
}
