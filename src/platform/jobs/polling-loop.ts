/**
 * Samband's one model of background work (ADR 0011): a worker is a loop over rows in the database. A pass claims
 * what is due (FOR UPDATE SKIP LOCKED, in the transaction of its cause or a short one of its own), does it, and
 * records the outcome; the loop runs the next pass at once while there is more to do, otherwise sleeps `pollMs` or
 * until woken (after a commit that queued work). Passes in one process never overlap; other processes are kept off
 * by the row locks. Everything a pass does is driven by committed rows, so stopping or crashing between passes loses
 * nothing.
 *
 * Every worker has the same small shape, so the composition root starts them after the database and stops them
 * before it, in reverse order. A worker that is never started (the tests' `runWorkers: false`) does not poll and
 * ignores wake(); runOnce still runs one pass.
 */
export type Worker<R = unknown> = {
  /** For logs and errors, e.g. 'exchange.dispatcher'. */
  readonly name: string
  /** Starts the loop; the first pass runs at once. Resolves when the worker is running. */
  start(): Promise<void>
  /** Runs the next pass soon, without waiting for the poll interval (nothing before start). */
  wake(): void
  /** One pass, after any pass in progress: for tests, and for work that must not overlap the loop's. */
  runOnce(): Promise<R>
  /** Ends the loop after the pass in progress (which is told through its signal) and waits for it. */
  stop(): Promise<void>
}

export type PollingWorkerOptions<R> = {
  name: string
  /** One pass of the loop. `signal` is aborted when stop() is called: a long pass should end early and leave the rest. */
  pass: (signal: AbortSignal) => Promise<R>
  /** True when the pass's result says more is waiting, so that the next pass follows at once. */
  more: (result: R) => boolean
  pollMs: number
  /** What runOnce runs; the loop's pass when not given. */
  runOnce?: (signal: AbortSignal) => Promise<R>
  /** A pass that threw; the loop goes on at the next poll. */
  onError?: ((error: unknown) => void) | undefined
}

/** A worker with the loop described above, not yet started. `serial` runs other work between its passes. */
export function createPollingWorker<R>(options: PollingWorkerOptions<R>): Worker<R> & { serial<T>(work: () => Promise<T>): Promise<T> } {
  const stopping = new AbortController()
  let loop: Promise<void> | null = null
  let pending = false
  let wakeUp: (() => void) | null = null
  let chain: Promise<unknown> = Promise.resolve()

  function serial<T>(work: () => Promise<T>): Promise<T> {
    const run = chain.then(work)
    chain = run.catch(() => undefined)
    return run
  }

  async function run(): Promise<void> {
    const { signal } = stopping
    while (!signal.aborted) {
      pending = false
      try {
        if (options.more(await serial(() => options.pass(signal)))) continue
      } catch (error) {
        options.onError?.(error)
      }
      if (signal.aborted || pending) continue
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, options.pollMs)
        wakeUp = () => {
          clearTimeout(timer)
          resolve()
        }
      })
      wakeUp = null
    }
  }

  return {
    name: options.name,
    async start() {
      if (loop || stopping.signal.aborted) return
      loop = run()
    },
    wake() {
      if (!loop) return
      pending = true
      wakeUp?.()
    },
    runOnce: () => serial(() => (options.runOnce ?? options.pass)(stopping.signal)),
    serial,
    async stop() {
      stopping.abort()
      wakeUp?.()
      await loop
      await chain
    },
  }
}
