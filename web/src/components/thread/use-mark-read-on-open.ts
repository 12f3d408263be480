import { useEffect, useRef } from 'react'
import type { ThreadMessage } from '../../api/threads.ts'

/**
 * Marks the other side's messages read once per opening of a thread, when there is something unread: the citizen
 * reads the service's messages, the service the citizen's.
 */
export function useMarkReadOnOpen(
  thread: { id: string; messages: readonly ThreadMessage[] } | undefined,
  otherSide: ThreadMessage['from'],
  markRead: { mutate(csrfToken: string): void },
  csrfToken: string,
) {
  const done = useRef<string | null>(null)
  const hasUnread = thread?.messages.some((m) => m.from === otherSide && m.readAt === null) ?? false
  useEffect(() => {
    if (!thread || !hasUnread || done.current === thread.id) return
    done.current = thread.id
    markRead.mutate(csrfToken)
  }, [thread, hasUnread, markRead, csrfToken])
}
