/** The EPJ bridge as a worker: every few seconds, and at once when woken after a change. */
import { createPollingWorker, type Worker } from '../../platform/jobs/polling-loop.ts'
import { type BridgePassResult, createEpjBridge, type EpjBridgeDeps } from './epj-bridge.ts'

export type EpjBridgeWorker = Worker<BridgePassResult>

/** Not started: the composition root starts it. */
export function createEpjBridgeWorker(deps: EpjBridgeDeps, options: { pollMs?: number; onError?: (error: unknown) => void } = {}): EpjBridgeWorker {
  const bridge = createEpjBridge(deps)
  return createPollingWorker({
    name: 'citizen.epj-bridge',
    pollMs: options.pollMs ?? 2_000,
    onError: options.onError,
    pass: () => bridge.runOnce(),
    // A full batch either way: more may be waiting.
    more: (r) => r.handedOver >= 50 || r.answersAdded + r.rejected + r.receipts >= 50,
  })
}
