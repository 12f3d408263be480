import { fileURLToPath } from 'node:url'
import { defineConfig } from 'vitest/config'

// Browser tests: a real server (startServer) and Debian's Chromium, one file at a time.
export default defineConfig({
  root: fileURLToPath(new URL('../..', import.meta.url)),
  test: {
    include: ['test/browser/**/*.test.ts'],
    environment: 'node',
    // The web build, and the migrated database each suite's server starts from (as in `npm test`).
    globalSetup: ['test/browser/build-web.global-setup.ts', 'test/support/global-setup.ts'],
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 180_000,
    teardownTimeout: 30_000,
  },
})
