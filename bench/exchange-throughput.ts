// Sustained end-to-end message exchange over NHN's MSH API v2 (/msh), against the real server in its own process:
// EPJs of different organisations send Dialogmelding forespørsler round a ring; each EPJ polls its inbox, answers
// forespørsler with an AppRec (Ok) and marks them read, and takes in the AppRecs for what it sent. A message counts
// when its sender has the AppRec in hand: submit → stored → delivered → AppRec → AppRec delivered → read by sender.
// Then the database's own limit for comparison: pgbench, single-row INSERT transactions.
// Run: npx tsx bench/exchange-throughput.ts [--db=pglite,postgres] [--seconds=30] …  (--help for all)
import { spawn } from 'node:child_process'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { availableParallelism, tmpdir } from 'node:os'
import { parseArgs } from 'node:util'
import {
  databasesArg,
  serverModeArg,
  wholeNumberArg,
  adminQuery,
  type BenchDatabase,
  BenchServer,
  createBenchDatabase,
  DEMO_EPJS,
  databaseUrl,
  dropBenchDatabase,
  EpjClient,
  foresporselFactory,
  machineCpu,
  mapLimit,
  NetworkError,
  originalMsgIdOf,
  percentile,
  processCpuSeconds,
  RequestStats,
  threadCpuSeconds,
  ownArguments,
  sleep,
  sourceVersion,
  summariseCpuProfiles,
  table,
} from './exchange-harness.ts'

const HELP = `Usage: npx tsx bench/exchange-throughput.ts [options]

Sustained end-to-end load on /msh (send → deliver → AppRec Ok → AppRec back to the sender), first on PGlite,
then on PostgreSQL (each on a fresh database, dropped afterwards), then pgbench single-row INSERTs on PostgreSQL.

  --db=LIST               pglite,postgres (default both)
  --seconds=N             measured seconds per database (default 30, or BENCH_SECONDS)
  --warmup=N              seconds of load before measuring, at least (default 3); the warm-up also lasts
                          until every in-flight slot has completed one message (at most 15 s)
  --epjs=N                EPJ systems in the ring, 2–${DEMO_EPJS.length} (default 4)
  --window=N              messages in flight per sending EPJ, each waiting for its AppRec (default 32)
  --inbox-concurrency=N   requests in parallel per EPJ when working through an inbox batch (default 16)
  --poll-ms=N             pause after an empty inbox poll (default 10)
  --pgbench-seconds=N     seconds per pgbench run (default 10)
  --pgbench-clients=LIST  pgbench client counts (default 1,4,8)
  --skip-pgbench          leave pgbench out
  --cpu-prof              run the server with --cpu-prof and print its hot spots in the measured window
                          (profiling slows it down: figures from such a run are not the headline)
  --cpu-prof-dir=DIR      with --cpu-prof: keep the .cpuprofile files there (open in Chrome DevTools)
  --server=build|tsx|dist build: src/ compiled by tsc into node_modules/.cache (default; the working tree,
                          as production runs it); tsx: src/ through tsx; dist: dist/ from the last npm run build
  --port=N                server port (default 3961)
  --help
`

const OPTIONS = {
  db: { type: 'string', default: 'pglite,postgres' },
  seconds: { type: 'string', default: process.env.BENCH_SECONDS ?? '30' },
  warmup: { type: 'string', default: '3' },
  epjs: { type: 'string', default: '4' },
  window: { type: 'string', default: '32' },
  'inbox-concurrency': { type: 'string', default: '16' },
  'poll-ms': { type: 'string', default: '10' },
  'pgbench-seconds': { type: 'string', default: '10' },
  'pgbench-clients': { type: 'string', default: '1,4,8' },
  'skip-pgbench': { type: 'boolean', default: false },
  'cpu-prof': { type: 'boolean', default: false },
  'cpu-prof-dir': { type: 'string' },
  server: { type: 'string', default: 'build' },
  port: { type: 'string', default: '3961' },
  help: { type: 'boolean', default: false },
} as const
const { values: args } = parseArgs({ args: ownArguments(Object.keys(OPTIONS)), options: OPTIONS, strict: true })
if (args.help) {
  process.stdout.write(HELP)
  process.exit(0)
}

const int = wholeNumberArg
const databases = databasesArg(args.db)
const serverMode = serverModeArg(args.server)
const settings = {
  seconds: int('seconds', args.seconds, 1, 3600),
  warmup: int('warmup', args.warmup, 0, 600),
  epjs: int('epjs', args.epjs, 2, DEMO_EPJS.length),
  window: int('window', args.window, 1, 10_000),
  inboxConcurrency: int('inbox-concurrency', args['inbox-concurrency'], 1, 1000),
  pollMs: int('poll-ms', args['poll-ms'], 0, 10_000),
  pgbenchSeconds: int('pgbench-seconds', args['pgbench-seconds'], 1, 600),
  pgbenchClients: args['pgbench-clients'].split(',').map((c) => int('pgbench-clients', c.trim(), 1, 90)),
  port: int('port', args.port, 1024, 65535),
  mode: serverMode,
}
const CORES = availableParallelism()
/** A message without its AppRec after this long is counted as not settled and its slot is reused. */
const SETTLE_TIMEOUT_MS = 60_000
const WARMUP_LIMIT_MS = 15_000
/** After the measured window: how long to wait for the messages still in flight. */
const DRAIN_MS = 10_000

type LoadResult = {
  database: BenchDatabase
  startMs: number
  warmupSeconds: number
  seconds: number
  completed: number
  messagesPerSecond: number
  latency: { p50: number; p95: number; p99: number; max: number }
  requests: Map<string, number>
  failures: Map<string, number>
  notSettled: number
  unmatchedAppRecs: number
  leftInFlight: number
  cpu: { server: number | null; serverMain: number | null; postgres: number | null; bench: number; machineBusy: number; others: number | null }
  perMessage: { transactions: number; rowsWritten: number } | null
  serverProblems: Map<string, number>
  profile: ReturnType<typeof summariseCpuProfiles>
}

async function runLoad(database: BenchDatabase): Promise<LoadResult> {
  const keepProfile = args['cpu-prof-dir'] ? join(args['cpu-prof-dir'], database) : undefined
  if (keepProfile) mkdirSync(keepProfile, { recursive: true })
  const profileDir = args['cpu-prof'] ? (keepProfile ?? mkdtempSync(join(tmpdir(), 'samband-exchange-prof-'))) : undefined
  const server = await BenchServer.create({ database, port: settings.port, mode: settings.mode, cpuProfDir: profileDir })
  try {
    const startMs = await server.start()
    const stats = new RequestStats()
    const epjs = DEMO_EPJS.slice(0, settings.epjs)
    const clients = epjs.map((e) => new EpjClient(e, server.url, stats, settings.window + settings.inboxConcurrency))
    await Promise.all(clients.map((c) => c.authenticate()))

    type Pending = { t0: number; resolve: (at: number | null) => void }
    const pending = new Map<string, Pending>()
    const completions: { at: number; latency: number }[] = []
    let sending = true
    let polling = true
    let notSettled = 0
    let unmatchedAppRecs = 0

    // Closed loop: each of `window` slots per sender waits for its message's AppRec before sending the next, so the
    // load adjusts to what the server sustains and latency stays the latency of a working system, not of a queue.
    async function senderSlot(client: EpjClient, make: () => { msgId: string; base64: string }) {
      while (sending) {
        const m = make()
        const t0 = performance.now()
        try {
          const r = await client.post(m.base64)
          if (r.status !== 201) {
            await sleep(50)
            continue
          }
        } catch (error) {
          if (!(error instanceof NetworkError)) throw error
          await sleep(50)
          continue
        }
        let timer: NodeJS.Timeout | undefined
        const at = await new Promise<number | null>((resolve) => {
          pending.set(m.msgId, { t0, resolve })
          timer = setTimeout(() => resolve(null), SETTLE_TIMEOUT_MS)
        })
        clearTimeout(timer)
        if (at !== null) completions.push({ at, latency: at - t0 })
        else if (pending.delete(m.msgId) && sending) notSettled++
      }
    }

    async function handle(client: EpjClient, e: { id: string; isAppRec: boolean }) {
      const herId = client.epj.herId
      try {
        if (e.isAppRec) {
          // What an EPJ does with an AppRec: read it to learn which message it answers, then mark it read.
          const original = originalMsgIdOf(await client.businessDocument(e.id))
          const p = original === null ? undefined : pending.get(original)
          if (p && original) {
            pending.delete(original)
            p.resolve(performance.now())
          } else unmatchedAppRecs++
          await client.markRead(e.id, herId)
        } else {
          await client.appRecOk(e.id, herId)
          await client.markRead(e.id, herId)
        }
      } catch (error) {
        // Network errors and non-2xx are already counted by RequestStats; the message stays unread and comes back.
        if (!(error instanceof NetworkError) && !(error instanceof Error && /^GET /.test(error.message))) throw error
      }
    }

    async function inboxLoop(client: EpjClient) {
      while (polling) {
        let entries: Awaited<ReturnType<EpjClient['inbox']>>
        try {
          entries = await client.inbox(client.epj.herId)
        } catch {
          await sleep(settings.pollMs)
          continue
        }
        if (entries.length === 0) {
          await sleep(settings.pollMs)
          continue
        }
        // The whole batch is done before the next poll: what is still unread would otherwise come back twice.
        await mapLimit(entries, settings.inboxConcurrency, (e) => handle(client, e))
      }
    }

    const senders = clients.flatMap((client, i) => {
      const to = epjs[(i + 1) % epjs.length] as (typeof epjs)[number]
      const make = foresporselFactory(client.epj.herId, to.herId)
      return Array.from({ length: settings.window }, () => senderSlot(client, make))
    })
    const pollers = clients.map((c) => inboxLoop(c))

    // Warm-up until every slot has completed a message once (the pipeline is full: steady state), at least
    // --warmup seconds, at most WARMUP_LIMIT_MS.
    const warmupStart = performance.now()
    const slots = clients.length * settings.window
    while (performance.now() - warmupStart < WARMUP_LIMIT_MS && (performance.now() - warmupStart < settings.warmup * 1000 || completions.length < slots)) {
      await sleep(100)
    }
    const warmupSeconds = (performance.now() - warmupStart) / 1000
    // --- measured window ---
    const before = {
      t: performance.now(),
      hr: process.hrtime.bigint(),
      stats: stats.snapshot(),
      server: processCpuSeconds(server.pid as number),
      serverMain: threadCpuSeconds(server.pid as number, server.pid as number),
      postgres: database === 'postgres' ? await backendCpu(server.databaseName as string) : null,
      bench: process.cpuUsage(),
      machine: machineCpu(),
      db: database === 'postgres' ? await databaseCounters(server.databaseName as string) : null,
    }
    await sleep(settings.seconds * 1000)
    const after = {
      t: performance.now(),
      hr: process.hrtime.bigint(),
      stats: stats.snapshot(),
      server: processCpuSeconds(server.pid as number),
      serverMain: threadCpuSeconds(server.pid as number, server.pid as number),
      postgres: database === 'postgres' ? await backendCpu(server.databaseName as string) : null,
      bench: process.cpuUsage(before.bench),
      machine: machineCpu(),
      db: database === 'postgres' ? await databaseCounters(server.databaseName as string) : null,
    }
    // --- drain: no new messages; wait for those in flight ---
    sending = false
    const drainUntil = Date.now() + DRAIN_MS
    while (pending.size > 0 && Date.now() < drainUntil) await sleep(50)
    const leftInFlight = pending.size
    for (const p of pending.values()) p.resolve(null)
    await Promise.all(senders)
    polling = false
    await Promise.all(pollers)
    for (const c of clients) c.close()

    const seconds = (after.t - before.t) / 1000
    const inWindow = completions.filter((c) => c.at >= before.t && c.at <= after.t)
    const latencies = inWindow.map((c) => c.latency).sort((a, b) => a - b)
    const measured = inWindow.length
    const cpuShare = (a: number | null, b: number | null) => (a === null || b === null ? null : (b - a) / seconds)
    const postgresCpu = before.postgres && after.postgres ? cpuSince(before.postgres, after.postgres) / seconds : null
    const machineBusy = (after.machine.busy - before.machine.busy) / (after.machine.total - before.machine.total)
    const ours = (cpuShare(before.server, after.server) ?? 0) + (postgresCpu ?? 0) + (after.bench.user + after.bench.system) / 1e6 / seconds
    await server.stop()
    const profile = profileDir ? summariseCpuProfiles(profileDir, [before.hr, after.hr]) : null
    if (profileDir && !keepProfile) rmSync(profileDir, { recursive: true, force: true })
    return {
      database,
      startMs,
      warmupSeconds,
      seconds,
      completed: measured,
      messagesPerSecond: measured / seconds,
      latency: { p50: percentile(latencies, 50), p95: percentile(latencies, 95), p99: percentile(latencies, 99), max: latencies.at(-1) ?? Number.NaN },
      requests: RequestStats.diff(after.stats.requests, before.stats.requests),
      failures: RequestStats.diff(stats.failures, new Map()),
      notSettled,
      unmatchedAppRecs,
      leftInFlight,
      cpu: {
        server: cpuShare(before.server, after.server),
        serverMain: cpuShare(before.serverMain, after.serverMain),
        postgres: postgresCpu,
        bench: (after.bench.user + after.bench.system) / 1e6 / seconds,
        machineBusy,
        // Whatever else runs on the machine (other people's builds and tests) competes for the same cores.
        others: Math.max(0, machineBusy * CORES - ours),
      },
      perMessage:
        before.db && after.db && measured > 0
          ? {
              transactions: (after.db.transactions - before.db.transactions) / measured,
              rowsWritten: (after.db.rowsWritten - before.db.rowsWritten) / measured,
            }
          : null,
      serverProblems: server.logProblems(),
      profile,
    }
  } finally {
    await server.destroy()
  }
}

/** CPU seconds of each PostgreSQL backend serving the bench database: the database's share of the cores. */
async function backendCpu(dbName: string): Promise<Map<number, number>> {
  const rows = await adminQuery<{ pid: number }>('SELECT pid FROM pg_stat_activity WHERE datname = $1', [dbName])
  return new Map(rows.map((r) => [r.pid, processCpuSeconds(r.pid) ?? 0]))
}

/** The pool opens connections lazily: a backend that is new at the end used all its CPU within the window. */
function cpuSince(before: Map<number, number>, after: Map<number, number>): number {
  let total = 0
  for (const [pid, cpu] of after) total += cpu - (before.get(pid) ?? 0)
  return total
}

/** Transactions (read-only ones included: every autocommit SELECT is one) and rows written, for the database. */
async function databaseCounters(dbName: string): Promise<{ transactions: number; rowsWritten: number }> {
  const rows = await adminQuery<{ t: string; w: string }>(
    'SELECT xact_commit + xact_rollback AS t, tup_inserted + tup_updated + tup_deleted AS w FROM pg_stat_database WHERE datname = $1',
    [dbName],
  )
  return { transactions: Number(rows[0]?.t ?? 0), rowsWritten: Number(rows[0]?.w ?? 0) }
}

type PgbenchResult = { clients: number; tps: number; latencyMs: number }

/** pgbench with one INSERT per transaction (each one a commit, so each waits for its WAL flush). */
async function runPgbench(): Promise<PgbenchResult[]> {
  const pgbench = process.env.PGBENCH ?? 'pgbench'
  const dbName = await createBenchDatabase('samband_bench_pgbench')
  const dir = mkdtempSync(join(tmpdir(), 'samband-pgbench-'))
  try {
    await adminQuery('CREATE TABLE bench_insert (id bigserial PRIMARY KEY, payload text NOT NULL, created_at timestamptz NOT NULL DEFAULT now())', [], dbName)
    const script = join(dir, 'insert.sql')
    writeFileSync(script, "INSERT INTO bench_insert (payload) VALUES ('bench');\n")
    const results: PgbenchResult[] = []
    for (const clients of settings.pgbenchClients) {
      const argv = ['-n', '-f', script, '-c', String(clients), '-j', String(Math.min(2, clients)), '-T', String(settings.pgbenchSeconds), databaseUrl(dbName)]
      const output = await new Promise<string>((resolve, reject) => {
        const child = spawn(pgbench, argv, { stdio: ['ignore', 'pipe', 'pipe'] })
        let text = ''
        child.stdout.on('data', (d: Buffer) => (text += d.toString()))
        child.stderr.on('data', (d: Buffer) => (text += d.toString()))
        child.on('error', reject)
        child.on('exit', (code) => (code === 0 ? resolve(text) : reject(new Error(`pgbench exited ${code}:\n${text}`))))
      })
      const tps = Number(/tps = ([0-9.]+)/.exec(output)?.[1])
      const latencyMs = Number(/latency average = ([0-9.]+) ms/.exec(output)?.[1])
      results.push({ clients, tps, latencyMs })
    }
    return results
  } finally {
    rmSync(dir, { recursive: true, force: true })
    await dropBenchDatabase(dbName)
  }
}

const pct = (v: number | null) => (v === null ? '–' : `${(v * 100).toFixed(0)} %`)

function report(r: LoadResult): void {
  console.log(
    `\n${r.database}: ${r.completed} messages settled in ${r.seconds.toFixed(1)} s ` +
      `(server started in ${(r.startMs / 1000).toFixed(1)} s, warm-up ${r.warmupSeconds.toFixed(1)} s)`,
  )
  const errors = RequestStats.total(r.failures)
  console.log(
    table([
      ['database', 'msg/s', 'p50 ms', 'p95 ms', 'p99 ms', 'max ms', 'HTTP req/s', 'errors', `no AppRec in ${SETTLE_TIMEOUT_MS / 1000} s`],
      [
        r.database,
        r.messagesPerSecond,
        r.latency.p50,
        r.latency.p95,
        r.latency.p99,
        r.latency.max,
        RequestStats.total(r.requests) / r.seconds,
        errors,
        r.notSettled,
      ],
    ]),
  )
  const perRoute = [...r.requests.entries()].map(([k, v]) => `${k} ${(v / r.seconds).toFixed(0)}/s`).join(', ')
  console.log(`requests: ${perRoute}`)
  console.log(
    `CPU, share of one core: server ${pct(r.cpu.server)} (main thread ${pct(r.cpu.serverMain)}), PostgreSQL backends ${pct(r.cpu.postgres)}, ` +
      `bench clients ${pct(r.cpu.bench)}, other processes ${pct(r.cpu.others)}; machine busy ${pct(r.cpu.machineBusy)} of ${CORES} cores`,
  )
  const perMessageMs = (share: number | null) => (share === null || r.messagesPerSecond === 0 ? '–' : `${((share / r.messagesPerSecond) * 1000).toFixed(1)} ms`)
  console.log(
    `CPU per message (holds under contention better than msg/s): server ${perMessageMs(r.cpu.server)} (main thread ${perMessageMs(r.cpu.serverMain)}), ` +
      `PostgreSQL ${perMessageMs(r.cpu.postgres)}, bench clients ${perMessageMs(r.cpu.bench)}`,
  )
  if (r.perMessage) {
    console.log(
      `PostgreSQL per message (pg_stat_database, ≈): ${r.perMessage.transactions.toFixed(1)} transactions (read-only included), ${r.perMessage.rowsWritten.toFixed(1)} rows written`,
    )
  }
  if (errors > 0) console.log(`errors: ${[...r.failures.entries()].map(([k, v]) => `${k} ×${v}`).join(', ')}`)
  if (r.leftInFlight > 0)
    console.log(`${r.leftInFlight} messages were still waiting for their AppRec ${DRAIN_MS / 1000} s after the window (not counted as errors)`)
  if (r.unmatchedAppRecs > 0) console.log(`AppRecs that matched no message in flight: ${r.unmatchedAppRecs}`)
  if (r.serverProblems.size > 0) console.log(`server log: ${[...r.serverProblems.entries()].map(([k, v]) => `${k} ×${v}`).join('; ')}`)
  if (r.profile) {
    const p = r.profile
    console.log(
      `\nserver CPU profile (${p.windowed ? 'measured window only' : 'whole run: the window was not found in the profile'}): ` +
        `main thread busy ${(p.threads.main.busyMs / 1000).toFixed(1)} s of ${(p.threads.main.totalMs / 1000).toFixed(1)} s; ` +
        `${p.threads.workers.count} worker threads ran, busy ${(p.threads.workers.busyMs / 1000).toFixed(1)} s in all. Self time:`,
    )
    // V8 samples on a wall clock: a thread that waits for a core is charged to the frame it was preempted in.
    console.log(
      '(V8 samples wall-clock time: when the cores are saturated, a thread waiting for a core is charged to the frame it ' +
        'stopped in, typically writev to PostgreSQL, which wakes a backend; /proc CPU above is the true CPU)',
    )
    console.log(table([['self ms', 'share', 'module'], ...p.byModule.map(([k, v]) => [v, `${((v / p.totalMs) * 100).toFixed(1)} %`, k])]))
    console.log('')
    console.log(table([['self ms', 'share', 'function'], ...p.byFunction.map(([k, v]) => [v, `${((v / p.totalMs) * 100).toFixed(1)} %`, k])]))
  }
}

console.log(sourceVersion())
console.log(
  `exchange throughput: ${settings.epjs} EPJs in a ring, ${settings.window} messages in flight per sender, ` +
    `${settings.warmup} s warm-up + ${settings.seconds} s measured per database; server: ${{ build: 'src/ compiled by tsc', tsx: 'src/ through tsx', dist: 'dist/' }[settings.mode]}`,
)
console.log('completion = the sender has read the AppRec (Ok) from its own inbox: GET /Messages → GET business-document (OriginalMsgId) → PUT read')
// Other people's builds and tests on the same two cores lower the figures; say so up front.
const idleCheck = machineCpu()
await sleep(1000)
const idleCheckEnd = machineCpu()
const busyBefore = (idleCheckEnd.busy - idleCheck.busy) / (idleCheckEnd.total - idleCheck.total)
console.log(
  `machine: ${CORES} cores, ${(busyBefore * 100).toFixed(0)} % busy in the second before the bench${busyBefore > 0.15 ? ' — other work is running; figures will be low' : ''}`,
)
const results: LoadResult[] = []
for (const database of databases) {
  const r = await runLoad(database)
  results.push(r)
  report(r)
}

const postgres = results.find((r) => r.database === 'postgres')
if (databases.includes('postgres') && !args['skip-pgbench']) {
  console.log(`\npgbench on PostgreSQL: single-row INSERT, one commit per transaction, ${settings.pgbenchSeconds} s per run`)
  const bench = await runPgbench()
  console.log(table([['clients', 'tps', 'latency ms'], ...bench.map((b) => [b.clients, b.tps, b.latencyMs])]))
  const best = bench.reduce((a, b) => (b.tps > a.tps ? b : a))
  if (postgres) {
    console.log(
      `messages/s ÷ pgbench tps (best, ${best.clients} clients): ${postgres.messagesPerSecond.toFixed(0)} ÷ ${best.tps.toFixed(0)} = ${(postgres.messagesPerSecond / best.tps).toFixed(3)}` +
        (postgres.perMessage === null ? '' : ` (the server runs ≈${postgres.perMessage.transactions.toFixed(0)} transactions per message)`),
    )
  }
}
if (databases.includes('pglite')) console.log('\nPGlite: pgbench does not apply (embedded, one connection, no fsync); its figures above stand alone.')
if (postgres) {
  const goal = 500
  console.log(
    `goal ≥ ${goal} messages/s end to end on PostgreSQL: ${postgres.messagesPerSecond >= goal ? 'met' : 'NOT met'} (${postgres.messagesPerSecond.toFixed(0)} msg/s)`,
  )
}
