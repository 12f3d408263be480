/** Runs the EPJ bridge in the background: every few seconds, and at once when woken after a change. */
import { startPollingLoop } from '../../platform/jobs/polling-loop.ts'
import { type BridgePassResult, createEpjBridge, type EpjBridgeDeps } from './epj-bridge.ts'

export type EpjBridgeWorker = {
  wake(): void
  runOnce(): Promise<BridgePassResult>
  stop(): Promise<void>
}

export function startEpjBridge(deps: EpjBridgeDeps, options: { pollMs?: number; onError?: (error: unknown) => void } = {}): EpjBridgeWorker {
  const bridge = createEpjBridge(deps)
  const loop = startPollingLoop({
    pollMs: options.pollMs ?? 2_000,
    onError: options.onError,
    pass: async () => {
      const r = await bridge.runOnce()
      // A full batch either way: more may be waiting.
      return r.handedOver >= 50 || r.answersAdded + r.rejected + r.receipts >= 50
    },
  })
  return { wake: () => loop.wake(), runOnce: () => loop.serial(() => bridge.runOnce()), stop: () => loop.stop() }
}
