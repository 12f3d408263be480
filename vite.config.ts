import { fileURLToPath } from 'node:url'
import react from '@vitejs/plugin-react'
import type { ProxyOptions } from 'vite'
import { configDefaults, defineConfig } from 'vitest/config'

// The Samband server (npm run dev) for `vite` dev mode; the built app is served by the server itself.
const apiTarget = process.env.SAMBAND_URL ?? 'http://127.0.0.1:3000'
// The browser sees one origin (this dev server); the API refuses writes whose Origin is not PUBLIC_URL's (ADR 0014),
// so the proxy leaves Origin out and the browser's Sec-Fetch-Site (same-origin, or cross-site from elsewhere) speaks.
const withoutOrigin: ProxyOptions = { target: apiTarget, configure: (proxy) => proxy.on('proxyReq', (req) => req.removeHeader('origin')) }

export default defineConfig({
  root: 'web',
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: true,
    rolldownOptions: {
      output: {
        // Libraries change far less often than the app: separate chunks stay cached across releases.
        // First matching group wins; 'vendor' takes the rest (mostly Designsystemet and its helpers).
        codeSplitting: {
          groups: [
            { name: 'react', test: /node_modules[\\/](react|react-dom|scheduler)[\\/]/ },
            { name: 'router', test: /node_modules[\\/]react-router[\\/]/ },
            { name: 'query', test: /node_modules[\\/]@tanstack[\\/](query-core|react-query)[\\/]/ },
            { name: 'vendor', test: /node_modules[\\/]/ },
          ],
        },
      },
    },
  },
  server: {
    proxy: {
      '/api': withoutOrigin,
      '/auth': withoutOrigin,
      '/idp': apiTarget,
    },
  },
  // Without a vitest.config.ts at the top, a bare `vitest` reads this file: keep it testing the whole
  // repository (not only web/), and leave the browser tests to test/browser/vitest.config.ts.
  test: {
    root: fileURLToPath(new URL('.', import.meta.url)),
    exclude: [...configDefaults.exclude, 'test/browser/**', 'web/dist/**'],
    // Migrates and seeds once per run the databases every test file copies (see test/support/test-database.ts).
    globalSetup: ['test/support/global-setup.ts'],
    // Test files share their worker's module graph: the app, PGlite's WebAssembly and the XSD validator are loaded
    // once per worker instead of once per file, which halves the suite's CPU time. So a test file must not depend on
    // fresh module state: no vi.mock of app modules (pass what a test needs, e.g. startTestApp's logStream), and it
    // restores what it changes (fake timers, environment). maxWorkers stays at vitest's default, cores − 1: on two
    // cores a second worker saved little and, with the machine busy, pushed CPU-heavy tests past their 5 s.
    pool: 'forks',
    isolate: false,
  },
  preview: {
    proxy: {
      '/api': withoutOrigin,
      '/auth': withoutOrigin,
      '/idp': apiTarget,
    },
  },
})
