import { describe, expect, it } from 'vitest'
import { createPollingWorker } from './polling-loop.ts'

const tick = (ms: number) => new Promise((r) => setTimeout(r, ms))

describe('createPollingWorker', () => {
  it('runs again at once while there is more work, then sleeps until woken', async () => {
    let work = 3
    let passes = 0
    const worker = createPollingWorker({
      name: 'test',
      pollMs: 60_000,
      more: (more: boolean) => more,
      pass: async () => {
        passes++
        if (work > 0) work--
        return work > 0
      },
    })
    await worker.start()
    await tick(50)
    expect(passes).toBe(3)
    work = 1
    worker.wake()
    await tick(50)
    expect(passes).toBe(4)
    await worker.stop()
  })

  it('never overlaps passes, also those run through runOnce and serial', async () => {
    let running = 0
    let maxRunning = 0
    const pass = async () => {
      running++
      maxRunning = Math.max(maxRunning, running)
      await tick(5)
      running--
      return false
    }
    const worker = createPollingWorker({ name: 'test', pollMs: 1, more: (more: boolean) => more, pass })
    await worker.start()
    await Promise.all([worker.runOnce(), worker.serial(pass), worker.runOnce()])
    await tick(30)
    await worker.stop()
    expect(maxRunning).toBe(1)
  })

  it('reports a failing pass and keeps going', async () => {
    const errors: unknown[] = []
    let passes = 0
    const worker = createPollingWorker({
      name: 'test',
      pollMs: 5,
      more: () => false,
      onError: (e) => errors.push(e),
      pass: async () => {
        passes++
        if (passes === 1) throw new Error('boom')
      },
    })
    await worker.start()
    await tick(40)
    await worker.stop()
    expect(errors).toHaveLength(1)
    expect(passes).toBeGreaterThan(1)
  })

  it('does nothing until started: wake is ignored, runOnce runs one pass (the tests’ runWorkers: false)', async () => {
    let passes = 0
    const worker = createPollingWorker({
      name: 'test',
      pollMs: 1,
      more: () => false,
      pass: async () => {
        passes++
        return passes
      },
    })
    worker.wake()
    await tick(20)
    expect(passes).toBe(0)
    expect(await worker.runOnce()).toBe(1)
    await tick(20)
    expect(passes).toBe(1)
    await worker.stop()
  })

  it('runOnce may run its own pass; stop tells the pass in progress through its signal and waits for it', async () => {
    const seen: string[] = []
    let release: () => void = () => {}
    const worker = createPollingWorker({
      name: 'test',
      pollMs: 60_000,
      more: () => false,
      pass: async (signal) => {
        seen.push('loop')
        await new Promise<void>((resolve) => {
          release = resolve
          signal.addEventListener('abort', () => resolve())
        })
        seen.push(signal.aborted ? 'loop ended early' : 'loop done')
      },
      runOnce: async () => {
        seen.push('once')
      },
    })
    await worker.start()
    await tick(10)
    const stopped = worker.stop()
    await stopped
    release()
    expect(seen).toEqual(['loop', 'loop ended early'])
    // A stopped worker stays stopped.
    await worker.start()
    await tick(10)
    expect(seen).toHaveLength(2)
    await worker.runOnce()
    expect(seen.at(-1)).toBe('once')
  })
})
