// Shared parts of the exchange benches (exchange-throughput.ts, exchange-crash.ts): the server as a child process
// that can be SIGKILLed and restarted on the same database, demo EPJ clients speaking NHN's MSH API v2 over
// keep-alive HTTP, Dialogmelding documents built without a database handle, and CPU readings from /proc.
import { type ChildProcess, spawn, spawnSync } from 'node:child_process'
import { createHash, randomUUID } from 'node:crypto'
import { closeSync, existsSync, mkdirSync, mkdtempSync, openSync, readdirSync, readFileSync, realpathSync, rmSync, statSync, writeFileSync } from 'node:fs'
import http from 'node:http'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import pg from 'pg'
import { organisationFromChain } from '../src/exchange/address-registry/party-addressing.ts'
import type { CommunicationParty } from '../src/exchange/address-registry/address-registry.types.ts'
import { demoParties } from '../src/exchange/address-registry/vestfold-demo.parties.ts'
import { writeDialogmelding } from '../src/exchange/messages/dialogmelding.writer.ts'
import { volvenOid } from '../src/exchange/messages/namespaces.ts'
import { TEST_PATIENT } from '../test/support/exchange-fixtures.ts'
import { POSTGRES_URL } from './bench-server.ts'

export type BenchDatabase = 'pglite' | 'postgres'
export const REPO_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..')

// ---------------------------------------------------------------------------------------------------------------
// Clean-up that also runs when the bench fails or is interrupted: children are killed and databases dropped
// synchronously on exit, because an async finally block never runs after an uncaught error or Ctrl-C.

const liveChildren = new Set<ChildProcess>()
const liveDatabases = new Set<string>()
const liveDirs = new Set<string>()

function cleanUpNow(): void {
  for (const child of liveChildren) {
    try {
      if (child.pid && child.exitCode === null && child.signalCode === null) process.kill(child.pid, 'SIGKILL')
    } catch {
      // already gone
    }
  }
  for (const name of liveDatabases) {
    // psql rather than pg: the 'exit' handler cannot wait for a promise.
    spawnSync('psql', ['-q', '-d', POSTGRES_URL, '-c', `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`], { stdio: 'ignore', timeout: 10_000 })
  }
  for (const dir of liveDirs) rmSync(dir, { recursive: true, force: true })
  liveChildren.clear()
  liveDatabases.clear()
  liveDirs.clear()
}

process.on('exit', cleanUpNow)
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    console.error(`\n${signal}: stopping the server and dropping the bench databases`)
    cleanUpNow()
    process.exit(130)
  })
}

export async function adminQuery<T extends pg.QueryResultRow = pg.QueryResultRow>(text: string, params: unknown[] = [], database?: string): Promise<T[]> {
  const url = new URL(POSTGRES_URL)
  if (database) url.pathname = `/${database}`
  const client = new pg.Client({ connectionString: url.toString() })
  // The server may reset the socket after DROP DATABASE … WITH (FORCE); that is not a failure here.
  client.on('error', () => {})
  await client.connect()
  try {
    return (await client.query<T>(text, params)).rows
  } finally {
    await client.end().catch(() => {})
  }
}

export async function createBenchDatabase(prefix: string): Promise<string> {
  const name = `${prefix}_${Date.now().toString(36)}_${Math.floor(Math.random() * 1e6).toString(36)}`
  await adminQuery(`CREATE DATABASE ${name}`)
  liveDatabases.add(name)
  return name
}

export async function dropBenchDatabase(name: string): Promise<void> {
  await adminQuery(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)
  liveDatabases.delete(name)
}

export function databaseUrl(name: string): string {
  const url = new URL(POSTGRES_URL)
  url.pathname = `/${name}`
  return url.toString()
}

// ---------------------------------------------------------------------------------------------------------------
// The server under test.

export type ServerMode = 'build' | 'tsx' | 'dist'

/**
 * Where mode 'build' compiles the server: inside node_modules so that packages and vendor/nhn resolve as from dist/.
 * One folder per checkout: git worktrees that share one node_modules (a symlink) must not overwrite each other's build.
 */
const BUILD_DIR = join(REPO_ROOT, 'node_modules', '.cache', `samband-exchange-bench-${createHash('sha256').update(REPO_ROOT).digest('hex').slice(0, 8)}`)

function newestSourceMtime(dir: string): number {
  let newest = 0
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile() && entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts')) {
      newest = Math.max(newest, statSync(join(entry.parentPath, entry.name)).mtimeMs)
    }
  }
  return newest
}

/**
 * Mode 'build': the working tree's src/ compiled by tsc exactly as `npm run build:server` does, but into a folder of
 * the bench's own, so that the shared dist/ is left alone. Recompiled only when a source file is newer.
 * Not tsx: xmllint-wasm validates in fresh worker threads, and every worker would load tsx again (seen in profiles),
 * a cost the production build does not have.
 */
export function prepareServerBuild(): string {
  // Once per bench run: every database in the run gets the same code, even if src/ changes meanwhile.
  // By its real path: node_modules may be a symlink, and main.js runs only when argv[1] is its own URL.
  preparedBuild ??= realpathSync(buildServer())
  return preparedBuild
}

let preparedBuild: string | undefined

function buildServer(): string {
  const main = join(BUILD_DIR, 'dist', 'src', 'main.js')
  const stamp = join(BUILD_DIR, 'built-at')
  if (existsSync(main) && existsSync(stamp) && statSync(stamp).mtimeMs >= newestSourceMtime(join(REPO_ROOT, 'src'))) return main
  process.stdout.write('compiling src/ for the bench (tsc -p tsconfig.build.json) … ')
  const started = Date.now()
  rmSync(BUILD_DIR, { recursive: true, force: true })
  mkdirSync(BUILD_DIR, { recursive: true })
  // Stamped before compiling: an edit made while tsc runs must trigger the next rebuild.
  writeFileSync(stamp, new Date().toISOString())
  const tsc = spawnSync(
    process.execPath,
    [join(REPO_ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.build.json', '--outDir', join(BUILD_DIR, 'dist')],
    {
      cwd: REPO_ROOT,
      encoding: 'utf8',
    },
  )
  if (!existsSync(main)) throw new Error(`tsc produced no ${main}:\n${tsc.stdout}${tsc.stderr}`)
  // Type errors elsewhere in the tree (other work in progress) do not stop tsc from emitting; say so, carry on.
  console.log(`${((Date.now() - started) / 1000).toFixed(0)} s${tsc.status === 0 ? '' : ' (tsc reported type errors; the emitted code is used)'}`)
  return main
}

export type ServerOptions = {
  database: BenchDatabase
  port: number
  /** build: src/ compiled by tsc (default); tsx: src/ run by tsx; dist: what `npm run build` last produced. */
  mode: ServerMode
  /** When set, the server runs with --cpu-prof and writes its profile here on a graceful stop. */
  cpuProfDir?: string | undefined
  /** More environment for the server (e.g. an SMS gateway). */
  env?: Record<string, string> | undefined
}

/**
 * One server on one fresh database. start() may be called again after kill9() or stop(): the restart uses the
 * same database (PostgreSQL) or data folder (PGlite), which is what a crash test needs.
 */
export class BenchServer {
  readonly url: string
  readonly logPath: string
  private child: ChildProcess | null = null
  private readonly workDir: string
  private dbName: string | null = null
  private entry = join(REPO_ROOT, 'dist', 'src', 'main.js')

  private constructor(readonly options: ServerOptions) {
    this.url = `http://127.0.0.1:${options.port}`
    this.workDir = mkdtempSync(join(tmpdir(), 'samband-exchange-bench-'))
    liveDirs.add(this.workDir)
    this.logPath = join(this.workDir, 'server.log')
  }

  static async create(options: ServerOptions): Promise<BenchServer> {
    if (options.mode === 'dist' && !existsSync(join(REPO_ROOT, 'dist/src/exchange/msh/msh.routes.js'))) {
      throw new Error('dist/ has no /msh routes: run `npm run build` first, or use --server=build')
    }
    const server = new BenchServer(options)
    if (options.mode === 'build') server.entry = prepareServerBuild()
    if (options.database === 'postgres') server.dbName = await createBenchDatabase('samband_bench_exchange')
    return server
  }

  get databaseName(): string | null {
    return this.dbName
  }

  /** PGlite's data folder (used when the database is PGlite). */
  get pgliteDir(): string {
    return join(this.workDir, 'pglite')
  }

  /**
   * Runs read-only SQL against the server's database. PGlite is opened in this process, so only while the server is
   * stopped: two processes on one PGlite data folder corrupt it.
   */
  async query<T>(text: string): Promise<T[]> {
    if (this.dbName) return adminQuery(text, [], this.dbName) as Promise<T[]>
    if (this.running) throw new Error('PGlite can only be read while the server is stopped')
    const { PGlite } = await import('@electric-sql/pglite')
    const db = await PGlite.create(this.pgliteDir)
    try {
      return (await db.query<T>(text)).rows
    } finally {
      await db.close()
    }
  }

  get pid(): number | null {
    return this.child?.pid ?? null
  }

  get running(): boolean {
    return this.child !== null && this.child.exitCode === null && this.child.signalCode === null
  }

  /** Starts the server and waits until /api/health answers; returns the milliseconds that took. */
  async start(timeoutMs = 120_000): Promise<number> {
    if (this.running) throw new Error('server already running')
    const env: Record<string, string> = {
      ...(process.env as Record<string, string>),
      NODE_ENV: 'development',
      PORT: String(this.options.port),
      HOST: '127.0.0.1',
      PUBLIC_URL: this.url,
      LOG_LEVEL: 'warn',
      DEMO_DATA: 'true',
      // The default (1200/min per client) is a guard for production; the bench measures the server behind it.
      RATE_LIMIT_PER_MINUTE: '100000000',
      ...this.options.env,
    }
    delete env.NODE_OPTIONS
    if (this.dbName) env.DATABASE_URL = databaseUrl(this.dbName)
    else {
      delete env.DATABASE_URL
      env.DATA_DIR = this.pgliteDir
    }
    const nodeArgs = [
      ...(this.options.cpuProfDir ? ['--cpu-prof', `--cpu-prof-dir=${this.options.cpuProfDir}`] : []),
      ...(this.options.mode === 'tsx' ? ['--import', 'tsx', 'src/main.ts'] : [this.entry]),
      'serve',
    ]
    const log = openSync(this.logPath, 'a')
    const started = performance.now()
    // node itself, not `npm start`: the pid must be the server's, so that kill -9 and /proc/<pid>/stat hit it.
    const child = spawn(process.execPath, nodeArgs, { cwd: REPO_ROOT, env, stdio: ['ignore', log, log] })
    closeSync(log)
    this.child = child
    liveChildren.add(child)
    child.once('exit', () => liveChildren.delete(child))
    const deadline = Date.now() + timeoutMs
    while (Date.now() < deadline) {
      if (!this.running) throw new Error(`server exited during start-up (code ${child.exitCode}, signal ${child.signalCode}); log tail:\n${this.logTail()}`)
      const up = await fetch(`${this.url}/api/health`).then(
        (r) => r.ok,
        () => false,
      )
      if (up) return performance.now() - started
      await sleep(50)
    }
    throw new Error(`server not healthy within ${timeoutMs} ms; log tail:\n${this.logTail()}`)
  }

  /** kill -9: no shutdown hook runs, open transactions die with their connections. */
  async kill9(): Promise<void> {
    const child = this.child
    if (!child || !this.running) return
    const exited = new Promise((resolve) => child.once('exit', resolve))
    process.kill(child.pid as number, 'SIGKILL')
    await exited
  }

  /** Graceful stop (SIGTERM; the server closes and, with --cpu-prof, writes its profile). */
  async stop(): Promise<void> {
    const child = this.child
    if (!child || !this.running) return
    const exited = new Promise((resolve) => child.once('exit', resolve))
    child.kill('SIGTERM')
    const timer = setTimeout(() => child.kill('SIGKILL'), 20_000)
    await exited
    clearTimeout(timer)
  }

  /** Stops the server if needed and removes its database and files. */
  async destroy(): Promise<void> {
    await this.stop()
    if (this.dbName) await dropBenchDatabase(this.dbName)
    rmSync(this.workDir, { recursive: true, force: true })
    liveDirs.delete(this.workDir)
  }

  logTail(lines = 20): string {
    if (!existsSync(this.logPath)) return '(no log)'
    return readFileSync(this.logPath, 'utf8')
      .split('\n')
      .slice(-lines - 1)
      .join('\n')
  }

  /** Warnings and errors the server logged (pino JSON, level ≥ 40), grouped by message. */
  logProblems(): Map<string, number> {
    const problems = new Map<string, number>()
    if (!existsSync(this.logPath)) return problems
    for (const line of readFileSync(this.logPath, 'utf8').split('\n')) {
      if (!line.startsWith('{')) {
        if (/error|warn/i.test(line)) problems.set(line.slice(0, 160), (problems.get(line.slice(0, 160)) ?? 0) + 1)
        continue
      }
      try {
        const entry = JSON.parse(line) as { level?: number; msg?: string; err?: { name?: string; code?: string } }
        if ((entry.level ?? 0) < 40) continue
        const key = `${entry.level === 40 ? 'warn' : 'error'}: ${entry.msg ?? '?'}${entry.err ? ` (${entry.err.name ?? ''} ${entry.err.code ?? ''})` : ''}`
        problems.set(key, (problems.get(key) ?? 0) + 1)
      } catch {
        // a line cut by kill -9
      }
    }
    return problems
  }
}

// ---------------------------------------------------------------------------------------------------------------
// EPJ clients.

export type Epj = { name: string; organisationNumber: string; herId: number }

/** Demo EPJs in a ring: each sends to the next, which belongs to another organisation. */
export const DEMO_EPJS: readonly Epj[] = [
  { name: 'Tønsberg legesenter (fastlege)', organisationNumber: '939901086', herId: 820271 },
  { name: 'Tønsberg kommune (hjemmesykepleie)', organisationNumber: '939901035', herId: 820231 },
  { name: 'SiV (medisinsk avdeling)', organisationNumber: '983975259', herId: 820201 },
  { name: 'Horten kommune (hjemmesykepleie)', organisationNumber: '939901019', herId: 820211 },
  { name: 'Sandefjord legekontor (fastlege)', organisationNumber: '939901094', herId: 820272 },
  { name: 'Sandefjord kommune (hjemmesykepleie)', organisationNumber: '939901043', herId: 820241 },
  { name: 'Larvik legesenter (fastlege)', organisationNumber: '939901108', herId: 820273 },
  { name: 'Larvik kommune (hjemmesykepleie)', organisationNumber: '939901051', herId: 820251 },
]

/** Counts every request by route and every failure by route and status (or network error code). */
export class RequestStats {
  readonly requests = new Map<string, number>()
  readonly failures = new Map<string, number>()

  count(route: string): void {
    this.requests.set(route, (this.requests.get(route) ?? 0) + 1)
  }

  fail(route: string, what: string): void {
    const key = `${route} → ${what}`
    this.failures.set(key, (this.failures.get(key) ?? 0) + 1)
  }

  snapshot(): { requests: Map<string, number>; failures: Map<string, number> } {
    return { requests: new Map(this.requests), failures: new Map(this.failures) }
  }

  static total(map: Map<string, number>): number {
    let n = 0
    for (const v of map.values()) n += v
    return n
  }

  static diff(after: Map<string, number>, before: Map<string, number>): Map<string, number> {
    const out = new Map<string, number>()
    for (const [k, v] of after) {
      const d = v - (before.get(k) ?? 0)
      if (d !== 0) out.set(k, d)
    }
    return out
  }
}

export type HttpResult = { status: number; body: string }

/** A network failure (connection refused or reset, timeout): the request may or may not have been processed. */
export class NetworkError extends Error {
  constructor(readonly code: string) {
    super(code)
    this.name = 'NetworkError'
  }
}

export type InboxEntry = { id: string; receiverHerId: number; senderHerId: number; businessDocumentId: string; isAppRec: boolean }

/** One EPJ system: its own token and its own keep-alive connections, as a real EPJ has. */
export class EpjClient {
  private token = ''
  private readonly agent: http.Agent
  private readonly base: URL

  constructor(
    readonly epj: Epj,
    serverUrl: string,
    private readonly stats: RequestStats,
    maxSockets = 32,
    private readonly timeoutMs = 30_000,
  ) {
    this.base = new URL(serverUrl)
    this.agent = new http.Agent({ keepAlive: true, maxSockets })
  }

  async authenticate(): Promise<void> {
    const basic = Buffer.from(`demo-epj-${this.epj.organisationNumber}:demo-secret-${this.epj.organisationNumber}`).toString('base64')
    const body = new URLSearchParams({ grant_type: 'client_credentials', scope: 'samband/exchange' }).toString()
    const r = await this.raw('token', 'POST', '/idp/token', { authorization: `Basic ${basic}`, 'content-type': 'application/x-www-form-urlencoded' }, body)
    if (r.status !== 200) throw new Error(`token for ${this.epj.organisationNumber}: ${r.status} ${r.body.slice(0, 200)}`)
    this.token = (JSON.parse(r.body) as { access_token: string }).access_token
  }

  close(): void {
    this.agent.destroy()
  }

  /** An /msh call; a 401 (token expired or server restarted with new keys) gets one fresh token and one retry. */
  async msh(route: string, method: string, path: string, json?: unknown): Promise<HttpResult> {
    const body = json === undefined ? undefined : JSON.stringify(json)
    for (let attempt = 0; ; attempt++) {
      const headers: Record<string, string> = { authorization: `Bearer ${this.token}`, 'api-version': '2', 'nhn-source-system': 'Samband bench EPJ 1.0' }
      if (body !== undefined) headers['content-type'] = 'application/json'
      const r = await this.raw(route, method, path, headers, body)
      if (r.status === 401 && attempt === 0) {
        await this.authenticate()
        continue
      }
      if (r.status >= 400) this.stats.fail(route, String(r.status))
      return r
    }
  }

  async post(base64: string): Promise<HttpResult> {
    return this.msh('POST /Messages', 'POST', '/msh/Messages', { businessDocument: base64, contentType: 'application/xml', contentTransferEncoding: 'base64' })
  }

  async inbox(herId: number, count = 100): Promise<InboxEntry[]> {
    const r = await this.msh('GET /Messages', 'GET', `/msh/Messages?ReceiverHerIds=${herId}&MessagesToFetch=${count}&IncludeMetadata=true`)
    if (r.status !== 200) throw new Error(`GET /Messages: ${r.status} ${r.body.slice(0, 300)}`)
    return JSON.parse(r.body) as InboxEntry[]
  }

  async appRecOk(id: string, herId: number): Promise<HttpResult> {
    return this.msh('POST /apprec', 'POST', `/msh/Messages/${id}/apprec/${herId}`, { appRecStatus: 'Ok' })
  }

  async markRead(id: string, herId: number): Promise<HttpResult> {
    return this.msh('PUT /read', 'PUT', `/msh/Messages/${id}/read/${herId}`)
  }

  async businessDocument(id: string): Promise<string> {
    const r = await this.msh('GET /business-document', 'GET', `/msh/Messages/${id}/business-document`)
    if (r.status !== 200) throw new Error(`GET business-document: ${r.status} ${r.body.slice(0, 300)}`)
    return Buffer.from((JSON.parse(r.body) as { businessDocument: string }).businessDocument, 'base64').toString('utf8')
  }

  private raw(route: string, method: string, path: string, headers: Record<string, string>, body?: string): Promise<HttpResult> {
    this.stats.count(route)
    return new Promise((resolve, reject) => {
      const req = http.request(
        {
          host: this.base.hostname,
          port: this.base.port,
          method,
          path,
          agent: this.agent,
          headers: body === undefined ? headers : { ...headers, 'content-length': Buffer.byteLength(body) },
        },
        (res) => {
          const chunks: Buffer[] = []
          res.on('data', (c: Buffer) => chunks.push(c))
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }))
          res.on('error', (e: NodeJS.ErrnoException) => {
            this.stats.fail(route, e.code ?? e.name)
            reject(new NetworkError(e.code ?? e.name))
          })
        },
      )
      req.setTimeout(this.timeoutMs, () => req.destroy(Object.assign(new Error('timeout'), { code: 'ETIMEDOUT' })))
      req.on('error', (e: NodeJS.ErrnoException) => {
        this.stats.fail(route, e.code ?? e.name)
        reject(new NetworkError(e.code ?? e.name))
      })
      if (body !== undefined) req.end(body)
      else req.end()
    })
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Business documents.

const partiesByHerId = new Map<number, CommunicationParty>(demoParties().map((p) => [p.party.herId, p.party]))

/** The MsgHead addressing of a demo party, from the demo address registry itself (no database needed). */
export function demoAddressing(herId: number) {
  const chain: CommunicationParty[] = []
  for (let p = partiesByHerId.get(herId); p; p = p.parentHerId === null ? undefined : partiesByHerId.get(p.parentHerId)) chain.unshift(p)
  if (chain.length === 0) throw new Error(`no demo party with HER-id ${herId}`)
  return organisationFromChain(chain)
}

/**
 * Forespørsler from one party to another. The XML is written once by the real writer; each message then gets its
 * own MsgId and GenDate by substitution, so that the load generator spends its share of the two cores on load,
 * not on writing XML.
 */
export function foresporselFactory(fromHerId: number, toHerId: number): () => { msgId: string; base64: string } {
  const templateId = randomUUID()
  const templateDate = '2026-01-01T00:00:00.000Z'
  const xml = writeDialogmelding({
    kind: 'foresporsel',
    msgId: templateId,
    genDate: templateDate,
    ack: 'J',
    sender: demoAddressing(fromHerId),
    receiver: demoAddressing(toHerId),
    patient: TEST_PATIENT,
    foresporsel: { typeForesp: { v: '99', dn: 'Annen henvendelse', s: volvenOid(9152) }, sporsmal: 'Kan dere bekrefte dagens medisinliste?' },
  })
  return () => {
    const msgId = randomUUID()
    const doc = xml.replaceAll(templateId, msgId).replaceAll(templateDate, new Date().toISOString())
    return { msgId, base64: Buffer.from(doc, 'utf8').toString('base64') }
  }
}

/** The MsgId an AppRec answers (AppRec 1.0/1.1: OriginalMsgId/Id). */
export function originalMsgIdOf(appRecXml: string): string | null {
  return /<(?:\w+:)?OriginalMsgId\b[\s\S]*?<(?:\w+:)?Id>([^<]+)<\/(?:\w+:)?Id>/.exec(appRecXml)?.[1] ?? null
}

/**
 * The command-line arguments this bench knows. bench/run-all.ts hands every bench the same arguments, so options
 * of the other benches (--runs, --connections) are left out with a note instead of stopping the run.
 */
/** A whole-number option, or exit 2 naming it. */
export function wholeNumberArg(name: string, value: string, min: number, max: number): number {
  const n = Number(value)
  if (!Number.isInteger(n) || n < min || n > max) {
    console.error(`--${name} must be a whole number from ${min} to ${max}`)
    process.exit(2)
  }
  return n
}

/** `--db=pglite,postgres`, or exit 2. */
export function databasesArg(value: string): BenchDatabase[] {
  const databases = value.split(',').map((d) => d.trim())
  if (databases.some((d) => d !== 'pglite' && d !== 'postgres')) {
    console.error('--db takes pglite and/or postgres')
    process.exit(2)
  }
  return databases as BenchDatabase[]
}

/** `--server=build|tsx|dist`, or exit 2. */
export function serverModeArg(value: string): ServerMode {
  if (!['build', 'tsx', 'dist'].includes(value)) {
    console.error('--server takes build, tsx or dist')
    process.exit(2)
  }
  return value as ServerMode
}

/** A bench's options from the command line (unknown ones ignored with a note); prints `help` and exits on --help. */
type BenchOptions = Record<string, { type: 'string'; default: string } | { type: 'boolean'; default: boolean }>
export function benchArguments<const O extends BenchOptions>(options: O, help: string): { [K in keyof O]: O[K]['default'] extends boolean ? boolean : string } {
  const all = { ...options, help: { type: 'boolean', default: false } } as const
  // Every option has a default, so each value is there, of its option's type.
  const values = parseArgs({ args: ownArguments(Object.keys(all)), options: all, strict: true }).values as Record<string, string | boolean>
  if (values.help === true) {
    process.stdout.write(help)
    process.exit(0)
  }
  return values as { [K in keyof O]: O[K]['default'] extends boolean ? boolean : string }
}

export function ownArguments(known: readonly string[]): string[] {
  const out: string[] = []
  const argv = process.argv.slice(2)
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string
    const name = /^--([^=]+)/.exec(arg)?.[1]
    if (name === undefined || known.includes(name)) {
      out.push(arg)
      continue
    }
    console.error(`(ignoring ${arg}: not an option of this bench)`)
    if (!arg.includes('=') && argv[i + 1] !== undefined && !(argv[i + 1] as string).startsWith('--')) i++
  }
  return out
}

/** Which code was measured: figures from a tree with uncommitted changes in src/ say so. */
export function sourceVersion(): string {
  const git = (...a: string[]) => spawnSync('git', a, { cwd: REPO_ROOT, encoding: 'utf8' }).stdout.trim()
  const commit = git('rev-parse', '--short', 'HEAD') || 'unknown'
  const dirty = git('status', '--porcelain', '--', 'src')
    .split('\n')
    .filter((l) => l.trim() !== '').length
  return `source: commit ${commit}${dirty > 0 ? ` + ${dirty} uncommitted change(s) in src/` : ''}`
}

// ---------------------------------------------------------------------------------------------------------------
// Measuring.

const CLOCK_TICKS = Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout.trim()) || 100

/** CPU seconds (user + system) a process has used so far, all its threads, or null when it is gone. */
export function processCpuSeconds(pid: number): number | null {
  return cpuSecondsFrom(`/proc/${pid}/stat`)
}

function cpuSecondsFrom(statPath: string): number | null {
  try {
    const stat = readFileSync(statPath, 'utf8')
    // Fields after the command name, which is in parentheses and may hold spaces.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
    return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS
  } catch {
    return null
  }
}

/** CPU seconds of one thread (the server's main thread is the one whose id is the pid: the event loop). */
export function threadCpuSeconds(pid: number, tid: number): number | null {
  return cpuSecondsFrom(`/proc/${pid}/task/${tid}/stat`)
}

/** Busy and total jiffies of the whole machine (/proc/stat), for "how busy were both cores". */
export function machineCpu(): { busy: number; total: number } {
  const line = readFileSync('/proc/stat', 'utf8').split('\n')[0] as string
  const v = line.trim().split(/\s+/).slice(1).map(Number)
  const total = v.slice(0, 8).reduce((a, b) => a + b, 0)
  const idle = (v[3] ?? 0) + (v[4] ?? 0)
  return { busy: total - idle, total }
}

export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))
  return sorted[i] as number
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms))
}

/** Runs `fn` over `items` with at most `limit` at a time. */
export async function mapLimit<T>(items: readonly T[], limit: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0
  const worker = async () => {
    while (next < items.length) await fn(items[next++] as T)
  }
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker))
}

/** A plain text table: first row is the header; numbers are right-aligned. */
export function table(rows: readonly (readonly (string | number)[])[]): string {
  const cells = rows.map((r) => r.map((c) => (typeof c === 'number' ? formatNumber(c) : c)))
  const widths = cells[0]?.map((_, i) => Math.max(...cells.map((r) => (r[i] ?? '').length))) ?? []
  const line = (r: readonly string[], raw: readonly (string | number)[]) =>
    r
      .map((c, i) => (typeof raw[i] === 'number' ? c.padStart(widths[i] ?? 0) : c.padEnd(widths[i] ?? 0)))
      .join('  ')
      .trimEnd()
  const out = [line(cells[0] ?? [], rows[0] ?? []), widths.map((w) => '-'.repeat(w)).join('  ')]
  for (let i = 1; i < cells.length; i++) out.push(line(cells[i] ?? [], rows[i] ?? []))
  return out.join('\n')
}

function formatNumber(n: number): string {
  if (!Number.isFinite(n)) return '–'
  if (Number.isInteger(n)) return String(n)
  return Math.abs(n) >= 100 ? n.toFixed(0) : Math.abs(n) >= 10 ? n.toFixed(1) : n.toFixed(2)
}

// ---------------------------------------------------------------------------------------------------------------
// CPU profiles (node --cpu-prof): self time by function and by package, so the hot spots can be named.

type ProfileNode = { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; hitCount?: number; children?: number[] }
type CpuProfile = { nodes: ProfileNode[]; startTime: number; endTime: number; samples: number[]; timeDeltas: number[] }

export type ProfileSummary = {
  /** Sampled milliseconds in the window, all threads, idle included. */
  totalMs: number
  windowed: boolean
  threads: { main: { busyMs: number; totalMs: number }; workers: { count: number; busyMs: number } }
  byFunction: [string, number][]
  byModule: [string, number][]
}

const IDLE = new Set(['(idle)', '(program)'])

/**
 * Self time by function and by package over all profiles in `dir` (one per thread: node --cpu-prof writes one for
 * the main thread and one for every worker). `window` is [start, end] from process.hrtime.bigint() in the bench:
 * V8 stamps samples with the same monotonic clock (µs), so start-up (migrations, demo data) and shutdown drop out.
 */
export function summariseCpuProfiles(dir: string, window?: readonly [bigint, bigint]): ProfileSummary | null {
  const files = existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.cpuprofile')) : []
  if (files.length === 0) return null
  const profiles = files.map((f) => JSON.parse(readFileSync(join(dir, f), 'utf8')) as CpuProfile)
  const from = window ? Number(window[0] / 1000n) : -Infinity
  const to = window ? Number(window[1] / 1000n) : Infinity
  // The main thread lives longest. Only trust the window when it falls inside its profile (same clock); otherwise
  // summarise everything rather than nothing.
  const main = profiles.reduce((a, b) => (b.endTime - b.startTime > a.endTime - a.startTime ? b : a))
  const windowed = window !== undefined && from >= main.startTime && to <= main.endTime
  const byFunction = new Map<string, number>()
  const byModule = new Map<string, number>()
  const threads = { main: { busyMs: 0, totalMs: 0 }, workers: { count: 0, busyMs: 0 } }
  let totalMs = 0
  for (const profile of profiles) {
    const nodes = new Map(profile.nodes.map((n) => [n.id, n]))
    let inWindow = false
    let t = profile.startTime
    for (let i = 0; i < profile.samples.length; i++) {
      t += profile.timeDeltas[i] ?? 0
      const node = nodes.get(profile.samples[i] as number)
      const ms = (profile.timeDeltas[i] ?? 0) / 1000
      if (!node || (windowed && (t < from || t > to))) continue
      inWindow = true
      totalMs += ms
      const f = node.callFrame
      const idle = IDLE.has(f.functionName) && !f.url
      if (profile === main) {
        threads.main.totalMs += ms
        if (!idle) threads.main.busyMs += ms
      } else if (!idle) threads.workers.busyMs += ms
      const where = shortUrl(f.url)
      const fn = `${f.functionName || '(anonymous)'} ${where}${where && f.lineNumber >= 0 ? `:${f.lineNumber + 1}` : ''}${profile === main ? '' : ' [worker]'}`
      byFunction.set(fn, (byFunction.get(fn) ?? 0) + ms)
      const mod = `${moduleOf(f.url, f.functionName)}${profile === main ? '' : ' [worker]'}`
      byModule.set(mod, (byModule.get(mod) ?? 0) + ms)
    }
    if (profile !== main && inWindow) threads.workers.count++
  }
  const top = (m: Map<string, number>, n: number) => [...m.entries()].sort((a, b) => b[1] - a[1]).slice(0, n)
  return { totalMs, windowed, threads, byFunction: top(byFunction, 30), byModule: top(byModule, 16) }
}

/** Paths of the bench's own build are shown as the source they come from. */
function sourcePath(url: string): string {
  return url.replace(`${BUILD_DIR}/dist/`, `${REPO_ROOT}/`)
}

function shortUrl(rawUrl: string): string {
  if (!rawUrl) return ''
  const url = sourcePath(rawUrl)
  const nm = url.lastIndexOf('node_modules/')
  if (nm >= 0) return url.slice(nm + 'node_modules/'.length)
  const root = url.indexOf(REPO_ROOT)
  return root >= 0 ? url.slice(root + REPO_ROOT.length + 1) : url.replace(/^file:\/\//, '')
}

function moduleOf(rawUrl: string, functionName: string): string {
  const url = sourcePath(rawUrl)
  if (!url) return functionName === '(garbage collector)' ? 'GC' : functionName.startsWith('(') ? functionName : '(native/V8)'
  const nm = url.lastIndexOf('node_modules/')
  if (nm >= 0) {
    const rest = url.slice(nm + 'node_modules/'.length).split('/')
    return `npm:${rest[0]?.startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0]}`
  }
  if (url.startsWith('node:')) return 'node core'
  const root = url.indexOf(REPO_ROOT)
  if (root >= 0) {
    const parts = url.slice(root + REPO_ROOT.length + 1).split('/')
    return parts.slice(0, Math.min(3, parts.length - 1)).join('/')
  }
  return url
}
