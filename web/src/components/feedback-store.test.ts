import { describe, expect, it, vi } from 'vitest'
import { createFeedbackStore } from './feedback-store.ts'

describe('the feedback store', () => {
  it('has one current owner: a new action takes over from the one before, and listeners hear it', () => {
    const store = createFeedbackStore()
    const listener = vi.fn()
    const unsubscribe = store.subscribe(listener)
    const saveEpj = Symbol('epj')
    const giveNotice = Symbol('notice')
    expect(store.current()).toBeNull()
    store.activate(saveEpj)
    expect(store.current()).toBe(saveEpj)
    store.activate(giveNotice)
    expect(store.current()).toBe(giveNotice)
    expect(listener).toHaveBeenCalledTimes(2)
    // The same owner again changes nothing.
    store.activate(giveNotice)
    expect(listener).toHaveBeenCalledTimes(2)
    unsubscribe()
    store.activate(saveEpj)
    expect(listener).toHaveBeenCalledTimes(2)
  })
})
