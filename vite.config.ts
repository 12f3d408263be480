import react from '@vitejs/plugin-react'
import { defineConfig } from 'vite'

// The Samband server (npm run dev) for `vite` dev mode; the built app is served by the server itself.
const apiTarget = process.env.SAMBAND_URL ?? 'http://127.0.0.1:3000'

export default defineConfig({
  root: 'web',
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: true,
  },
  server: {
    proxy: {
      '/api': apiTarget,
      '/auth': apiTarget,
      '/idp': apiTarget,
    },
  },
  preview: {
    proxy: {
      '/api': apiTarget,
      '/auth': apiTarget,
      '/idp': apiTarget,
    },
  },
})
