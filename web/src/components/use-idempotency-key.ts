import { useMemo, useRef } from 'react'

function newKey(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID()
  // crypto.randomUUID needs a secure context; getRandomValues does not.
  return Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, '0')).join('')
}

/**
 * One Idempotency-Key for one message: a double click, or sending again after a lost answer, reuses it, so the server
 * stores the message once. Call `reset` when the message changes or has been sent: the next attempt is a new message.
 */
export function useIdempotencyKey(): { current(): string; reset(): void } {
  const key = useRef<string | null>(null)
  return useMemo(
    () => ({
      current: () => (key.current ??= newKey()),
      reset: () => {
        key.current = null
      },
    }),
    [],
  )
}
