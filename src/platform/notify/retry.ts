/** Bounded retries with exponential backoff, for every outbox (citizen notifications, exchange alerts, webhooks). */

export type RetryPolicy = {
  /** Wait after the first failure; doubles after each further one … */
  firstDelayMs: number
  /** … up to this. */
  maxDelayMs: number
  /** Attempts in all, the first included. */
  maxAttempts: number
}

/** The wait before the next try after `failedAttempts` failures (1 or more). */
export function retryDelayMs(retry: RetryPolicy, failedAttempts: number): number {
  return Math.min(retry.firstDelayMs * 2 ** Math.max(0, failedAttempts - 1), retry.maxDelayMs)
}

/** Seconds after the first attempt at which attempt 1, 2, … start when every attempt is made on time. */
export function retryOffsetsSeconds(retry: RetryPolicy): number[] {
  const offsets: number[] = []
  let at = 0
  for (let attempt = 1; attempt <= retry.maxAttempts; attempt++) {
    offsets.push(at / 1000)
    at += retryDelayMs(retry, attempt)
  }
  return offsets
}
