import { describe, expect, it } from 'vitest'
import { batchingValidator } from './batching-validator.ts'
import type { XsdDocument, XsdValidator } from './xsd-validator.ts'

/** A validator that records each run; documents containing "bad" fail. */
function recordingValidator(runMs = 20) {
  const runs: { size: number; at: number }[] = []
  const validator: XsdValidator = {
    namespaces: ['urn:test'],
    async validate(documents: readonly XsdDocument[]) {
      runs.push({ size: documents.length, at: performance.now() })
      await new Promise((r) => setTimeout(r, runMs))
      if (documents.some((d) => d.xml === 'crash')) throw new Error('xmllint failed')
      return documents.map((d) => ({ name: d.name, valid: !d.xml.includes('bad'), errors: d.xml.includes('bad') ? ['line 1: bad'] : [] }))
    },
  }
  return { validator, runs }
}

describe('batchingValidator', () => {
  it('answers each document with its own result', async () => {
    const { validator } = recordingValidator()
    const v = batchingValidator(validator)
    const results = await Promise.all(['<a/>', '<bad/>', '<c/>'].map((x) => v.validateOne(x)))
    expect(results.map((r) => r.valid)).toEqual([true, false, true])
  })

  it('runs at once for a client sending one document at a time, whatever the interval', async () => {
    const { validator, runs } = recordingValidator(5)
    const v = batchingValidator(validator, { minIntervalMs: 1000 })
    const started = performance.now()
    for (let i = 0; i < 5; i++) await v.validateOne('<a/>')
    expect(runs.map((r) => r.size)).toEqual([1, 1, 1, 1, 1])
    expect(performance.now() - started).toBeLessThan(500)
  })

  it('under concurrent load, spaces runs out and puts the waiting documents in one run', async () => {
    const { validator, runs } = recordingValidator(10)
    const v = batchingValidator(validator, { minIntervalMs: 150 })
    // A first burst marks the validator as loaded; the next burst waits for the interval and goes in one run.
    await Promise.all(Array.from({ length: 5 }, () => v.validateOne('<a/>')))
    const second = Promise.all(Array.from({ length: 30 }, () => v.validateOne('<a/>')))
    await second
    // The first document of a burst starts a run at once; the rest of the burst share the next one.
    expect(runs.slice(0, 2).map((r) => r.size)).toEqual([1, 4])
    expect(runs.slice(2).reduce((n, r) => n + r.size, 0)).toBe(30)
    expect(runs.length).toBeLessThanOrEqual(4)
    for (let i = 2; i < runs.length; i++) expect((runs[i]?.at ?? 0) - (runs[i - 1]?.at ?? 0)).toBeGreaterThanOrEqual(140)
  })

  it('starts a full batch without waiting for the interval', async () => {
    const { validator, runs } = recordingValidator(5)
    const v = batchingValidator(validator, { maxBatch: 10, minIntervalMs: 10_000 })
    await Promise.all(Array.from({ length: 5 }, () => v.validateOne('<a/>')))
    await Promise.all(Array.from({ length: 20 }, () => v.validateOne('<a/>')))
    expect(runs.map((r) => r.size)).toEqual([1, 4, 10, 10])
  })

  it('rejects every document of a run that failed, and goes on with the next', async () => {
    const { validator } = recordingValidator(5)
    const v = batchingValidator(validator)
    const results = await Promise.allSettled([v.validateOne('crash'), v.validateOne('<a/>')])
    expect(results.map((r) => r.status)).toEqual(['rejected', 'fulfilled'])
    expect((await v.validateOne('<a/>')).valid).toBe(true)
  })
})
