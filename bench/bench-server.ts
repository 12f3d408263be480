import { type ChildProcess, spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import pg from 'pg'

export type BenchDatabase = 'pglite' | 'postgres'
export const POSTGRES_URL = process.env.BENCH_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres'

/** Starts the server with `npm start` (built by `npm install`) as its own process, on a fresh database. */
export async function startBenchServer(database: BenchDatabase, port: number): Promise<{ url: string; startMs: number; stop(): Promise<void> }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'samband-bench-'))
  let dbName: string | null = null
  const env: Record<string, string> = {
    ...(process.env as Record<string, string>),
    PORT: String(port),
    HOST: '127.0.0.1',
    PUBLIC_URL: `http://127.0.0.1:${port}`,
    DATA_DIR: dataDir,
    LOG_LEVEL: 'warn',
    RATE_LIMIT_PER_MINUTE: '100000000',
  }
  if (database === 'postgres') {
    dbName = `samband_bench_${Date.now().toString(36)}`
    await adminQuery(`CREATE DATABASE ${dbName}`)
    const url = new URL(POSTGRES_URL)
    url.pathname = `/${dbName}`
    env.DATABASE_URL = url.toString()
  } else {
    delete env.DATABASE_URL
  }
  const started = performance.now()
  // Exactly what a user runs; its own process group so that stopping reaches npm's child too.
  const child: ChildProcess = spawn('npm', ['start', '--silent'], { env, stdio: ['ignore', 'ignore', 'inherit'], detached: true })
  const url = `http://127.0.0.1:${port}`
  await waitForHealthy(url, 120_000)
  const startMs = performance.now() - started
  return {
    url,
    startMs,
    async stop() {
      const exited = new Promise((resolve) => child.once('exit', resolve))
      process.kill(-(child.pid as number), 'SIGTERM')
      await exited
      // npm may exit before the server it started: wait until nothing answers on the port.
      for (let i = 0; i < 100; i++) {
        const up = await fetch(`${url}/api/health`).then(
          () => true,
          () => false,
        )
        if (!up) break
        await new Promise((resolve) => setTimeout(resolve, 100))
      }
      await new Promise((resolve) => setTimeout(resolve, 500))
      rmSync(dataDir, { recursive: true, force: true })
      if (dbName) await adminQuery(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`)
    },
  }
}

async function waitForHealthy(url: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (Date.now() < deadline) {
    try {
      const response = await fetch(`${url}/api/health`)
      if (response.ok) return
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
  throw new Error(`server at ${url} not healthy within ${timeoutMs} ms`)
}

async function adminQuery(text: string): Promise<void> {
  const client = new pg.Client({ connectionString: POSTGRES_URL })
  // The server may reset the socket after DROP DATABASE … WITH (FORCE); that is not a failure here.
  client.on('error', () => {})
  await client.connect()
  await client.query(text)
  await client.end()
}

export async function systemToken(url: string, organisationNumber = '983975259'): Promise<string> {
  const response = await fetch(`${url}/idp/token`, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      authorization: `Basic ${Buffer.from(`demo-epj-${organisationNumber}:demo-secret-${organisationNumber}`).toString('base64')}`,
    },
    body: new URLSearchParams({ grant_type: 'client_credentials', scope: 'samband/registry.read' }).toString(),
  })
  if (!response.ok) throw new Error(`token endpoint: ${response.status}`)
  return ((await response.json()) as { access_token: string }).access_token
}

export function databasesFromArgs(): BenchDatabase[] {
  const arg = process.argv.find((a) => a.startsWith('--db='))?.slice(5)
  return arg ? (arg.split(',') as BenchDatabase[]) : ['pglite', 'postgres']
}
