import type { XsdResult, XsdValidator } from './xsd-validator.ts'

export type DocumentValidator = {
  readonly namespaces: readonly string[]
  /** Validates one document; concurrent calls share one xmllint run. */
  validateOne(xml: string): Promise<XsdResult>
}

export type BatchingOptions = {
  /** At most this many documents in one run. */
  maxBatch?: number
  /**
   * Runs start at least this far apart unless a full batch is waiting. A run costs ~150 ms of CPU whatever its
   * size (xmllint-wasm compiles the schemas each time), so under load spacing the runs out makes each document
   * cheap; when idle the first document starts a run at once, so a quiet system sees no extra wait.
   */
  minIntervalMs?: number
}

/**
 * xmllint-wasm compiles the schemas on every run (~60–150 ms), whatever the batch size. Documents that arrive while
 * a run is in progress, or within `minIntervalMs` of the last start, wait for the next run together, so the cost
 * per document falls as load rises instead of queueing one compile per message.
 */
const LOADED_BATCH = 3

export function batchingValidator(validator: XsdValidator, options: BatchingOptions = {}): DocumentValidator {
  const maxBatch = options.maxBatch ?? 200
  const minIntervalMs = options.minIntervalMs ?? 0
  type Waiting = { xml: string; resolve: (r: XsdResult) => void; reject: (e: unknown) => void }
  let queue: Waiting[] = []
  let running = false
  let lastStart = Number.NEGATIVE_INFINITY
  let timer: NodeJS.Timeout | null = null
  let lastBatchSize = 0

  async function runBatch(): Promise<void> {
    running = true
    lastStart = performance.now()
    const batch = queue.slice(0, maxBatch)
    queue = queue.slice(batch.length)
    lastBatchSize = batch.length
    try {
      const results = await validator.validate(batch.map((w, i) => ({ name: String(i), xml: w.xml })))
      batch.forEach((w, i) => {
        const result = results[i]
        if (result) w.resolve(result)
        else w.reject(new Error('xmllint returned no result for a document'))
      })
    } catch (error) {
      for (const w of batch) w.reject(error)
    } finally {
      running = false
      schedule()
    }
  }

  function schedule(): void {
    if (timer && queue.length >= maxBatch) {
      clearTimeout(timer)
      timer = null
    }
    if (running || timer || queue.length === 0) return
    // Spacing pays only under concurrent load: after a run of one or two documents (an idle system, or a client
    // sending one message at a time) the next run starts at once.
    const loaded = lastBatchSize >= LOADED_BATCH
    const wait = queue.length >= maxBatch || !loaded ? 0 : lastStart + minIntervalMs - performance.now()
    if (wait <= 0) {
      void runBatch()
      return
    }
    timer = setTimeout(() => {
      timer = null
      schedule()
    }, wait)
  }

  return {
    namespaces: validator.namespaces,
    validateOne(xml) {
      return new Promise<XsdResult>((resolve, reject) => {
        queue.push({ xml, resolve, reject })
        schedule()
      })
    },
  }
}
