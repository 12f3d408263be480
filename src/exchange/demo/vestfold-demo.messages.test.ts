import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestApp, type TestApp } from '../../../test/support/test-app.ts'
import { seedDemoMessages } from './vestfold-demo.messages.ts'

let t: TestApp
beforeAll(async () => {
  t = await startTestApp()
})
afterAll(async () => t.close())

describe('seedDemoMessages', () => {
  it('puts the demo messages through the exchange once, however often it runs', async () => {
    expect(await seedDemoMessages(t.exchange.deps)).toBe(2)
    expect(await seedDemoMessages(t.exchange.deps)).toBe(0)
    await t.exchange.dispatcher.runOnce()
    const deliveries = await t.db.selectFrom('exchange_delivery').select(['receiver_her_id', 'status']).orderBy('receiver_her_id').execute()
    expect(deliveries).toEqual([
      { receiver_her_id: 820231, status: 'delivered' },
      { receiver_her_id: 820271, status: 'delivered' },
    ])
  })
})
