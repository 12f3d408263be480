import type { XsdResult, XsdValidator } from './xsd-validator.ts'

export type DocumentValidator = {
  readonly namespaces: readonly string[]
  /** Validates one document; concurrent calls share one xmllint run. */
  validateOne(xml: string): Promise<XsdResult>
}

/**
 * xmllint-wasm compiles the schemas on every run (~60–100 ms), whatever the batch size. Under load, documents
 * that arrive while a run is in progress wait for the next run together, so throughput grows with load instead
 * of queueing one compile per message. At most `maxBatch` documents go into one run.
 */
export function batchingValidator(validator: XsdValidator, options: { maxBatch?: number } = {}): DocumentValidator {
  const maxBatch = options.maxBatch ?? 200
  type Waiting = { xml: string; resolve: (r: XsdResult) => void; reject: (e: unknown) => void }
  let queue: Waiting[] = []
  let running = false

  async function drain(): Promise<void> {
    running = true
    try {
      while (queue.length > 0) {
        const batch = queue.slice(0, maxBatch)
        queue = queue.slice(batch.length)
        try {
          const results = await validator.validate(batch.map((w, i) => ({ name: String(i), xml: w.xml })))
          batch.forEach((w, i) => {
            const result = results[i]
            if (result) w.resolve(result)
            else w.reject(new Error('xmllint returned no result for a document'))
          })
        } catch (error) {
          for (const w of batch) w.reject(error)
        }
      }
    } finally {
      running = false
    }
  }

  return {
    namespaces: validator.namespaces,
    validateOne(xml) {
      return new Promise<XsdResult>((resolve, reject) => {
        queue.push({ xml, resolve, reject })
        if (!running) void drain()
      })
    },
  }
}
