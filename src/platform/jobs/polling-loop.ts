/**
 * A background worker's loop: run a pass, run again at once while there is more to do, otherwise sleep `pollMs`
 * or until woken. Passes in one process never overlap (`serial`); other processes are kept off by row locks.
 * Everything the passes do is driven by committed rows, so stopping or crashing between passes loses nothing.
 */
export type PollingLoop = {
  /** Runs the next pass soon, without waiting for the poll interval. */
  wake(): void
  /** Runs `pass` after any pass in progress: for tests, and for work outside the loop that must not overlap. */
  serial<T>(pass: () => Promise<T>): Promise<T>
  /** Ends the loop after the pass in progress. */
  stop(): Promise<void>
}

export function startPollingLoop(options: {
  /** One pass; true when more work is waiting, so the next pass should follow at once. */
  pass: () => Promise<boolean>
  pollMs: number
  onError?: ((error: unknown) => void) | undefined
}): PollingLoop {
  let stopped = false
  let pending = false
  let wakeUp: (() => void) | null = null
  let chain: Promise<unknown> = Promise.resolve()

  function serial<T>(pass: () => Promise<T>): Promise<T> {
    const run = chain.then(pass)
    chain = run.catch(() => undefined)
    return run
  }

  const loop = (async () => {
    while (!stopped) {
      pending = false
      try {
        if (await serial(options.pass)) continue
      } catch (error) {
        options.onError?.(error)
      }
      if (stopped || pending) continue
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, options.pollMs)
        wakeUp = () => {
          clearTimeout(timer)
          resolve()
        }
      })
      wakeUp = null
    }
  })()

  return {
    wake() {
      pending = true
      wakeUp?.()
    },
    serial,
    async stop() {
      stopped = true
      wakeUp?.()
      await loop
      await chain
    },
  }
}
