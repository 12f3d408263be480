import { createServer } from 'node:net'
import { loadConfig } from './config.ts'
import { startRuntime } from './runtime.ts'

export type StartServerOptions = {
  port?: number
  dataDir?: string
  databaseUrl?: string
  /** PGlite only: start from this dump (PGlite's dumpDataDir) instead of an empty database; migrations and demo data still run. */
  loadDataDir?: Blob
  demo?: boolean
  log?: boolean
  /** Keep e-mail and SMS in the development mailbox (off in tests unless asked for). */
  devMailbox?: boolean
}

/**
 * Starts a whole server for tests and tools. Port 0 picks a free port first, because the
 * issuer and redirect addresses must be known before the server is built.
 */
export async function startServer(options: StartServerOptions = {}): Promise<{ url: string; close(): Promise<void> }> {
  const port = options.port === 0 || options.port === undefined ? await freePort() : options.port
  const config = loadConfig({
    NODE_ENV: 'test',
    HOST: '127.0.0.1',
    PORT: String(port),
    PUBLIC_URL: `http://127.0.0.1:${port}`,
    DATA_DIR: options.dataDir ?? ':memory:',
    DATABASE_URL: options.databaseUrl,
    DEMO_DATA: options.demo === false ? 'false' : 'true',
    LOG_LEVEL: options.log ? 'info' : 'silent',
    RATE_LIMIT_PER_MINUTE: '100000',
    DEV_MAILBOX: options.devMailbox ? 'true' : undefined,
  })
  const runtime = await startRuntime(config, { listen: true, loadDataDir: options.loadDataDir })
  return { url: config.publicUrl, close: () => runtime.close() }
}

/** A port nobody listens on right now (the OS picks it). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))))
    })
  })
}
