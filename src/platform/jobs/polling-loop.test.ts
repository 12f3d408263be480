import { describe, expect, it } from 'vitest'
import { startPollingLoop } from './polling-loop.ts'

const tick = (ms: number) => new Promise((r) => setTimeout(r, ms))

describe('startPollingLoop', () => {
  it('runs again at once while there is more work, then sleeps until woken', async () => {
    let work = 3
    let passes = 0
    const loop = startPollingLoop({
      pollMs: 60_000,
      pass: async () => {
        passes++
        if (work > 0) work--
        return work > 0
      },
    })
    await tick(50)
    expect(passes).toBe(3)
    work = 1
    loop.wake()
    await tick(50)
    expect(passes).toBe(4)
    await loop.stop()
  })

  it('never overlaps passes, also those run through serial', async () => {
    let running = 0
    let maxRunning = 0
    const pass = async () => {
      running++
      maxRunning = Math.max(maxRunning, running)
      await tick(5)
      running--
      return false
    }
    const loop = startPollingLoop({ pollMs: 1, pass })
    await Promise.all([loop.serial(pass), loop.serial(pass), loop.serial(pass)])
    await tick(30)
    await loop.stop()
    expect(maxRunning).toBe(1)
  })

  it('reports a failing pass and keeps going', async () => {
    const errors: unknown[] = []
    let passes = 0
    const loop = startPollingLoop({
      pollMs: 5,
      onError: (e) => errors.push(e),
      pass: async () => {
        passes++
        if (passes === 1) throw new Error('boom')
        return false
      },
    })
    await tick(40)
    await loop.stop()
    expect(errors).toHaveLength(1)
    expect(passes).toBeGreaterThan(1)
  })
})
