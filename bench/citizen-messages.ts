// Citizen messaging against the real server in its own process, with a local SMS gateway receiver:
//  1. citizen messages: Ingrid Berg starts threads with Tønsberg hjemmesykepleie as fast as N clients can
//     (each message stored, answer deadline set, marked for the EPJ bridge) — messages/s and latency;
//  2. staff answers: Lise Lund answers those threads as fast as N clients can; each answer enqueues the citizen's
//     (and her proxy's) SMS notification in the same transaction — messages/s and latency;
//  3. answer → SMS: answers at a steady rate; the time from sending the answer to the SMS reaching the gateway
//     (the notification worker sends it from the outbox) — p50/p99.
// Run: npx tsx bench/citizen-messages.ts [--db=pglite,postgres] [--seconds=15] [--concurrency=16] [--rate=10] …
import { createServer, type IncomingMessage } from 'node:http'
import type { AddressInfo } from 'node:net'
import { DEMO_CONTACTS } from '../src/citizen/notifications/demo-contact-register.ts'
import { DEMO_SERVICES } from '../src/registry/demo/vestfold-demo.organisations.ts'
import { type BenchDatabase, BenchServer, databasesArg, benchArguments, percentile, serverModeArg, sleep, table, wholeNumberArg } from './exchange-harness.ts'
import { logInOverHttp, type PortalSession } from './portal-session.ts'

const HELP = `Usage: npx tsx bench/citizen-messages.ts [options]

  --db=LIST          pglite,postgres (default both; each on a fresh database)
  --seconds=N        seconds of load for phases 1 and 2 (default 15)
  --concurrency=N    requests in flight in phases 1 and 2 (default 16)
  --rate=N           answers per second in phase 3 (default 10)
  --answers=N        answers measured in phase 3 (default 200)
  --server=build|tsx|dist   how the server runs (default build: src/ compiled by tsc)
  --port=N           server port (default 3971)
  --help
`
const args = benchArguments(
  {
    db: { type: 'string', default: 'pglite,postgres' },
    seconds: { type: 'string', default: '15' },
    concurrency: { type: 'string', default: '16' },
    rate: { type: 'string', default: '10' },
    answers: { type: 'string', default: '200' },
    server: { type: 'string', default: 'build' },
    port: { type: 'string', default: '3971' },
  },
  HELP,
)
const settings = {
  databases: databasesArg(args.db),
  seconds: wholeNumberArg('seconds', args.seconds, 1, 3600),
  concurrency: wholeNumberArg('concurrency', args.concurrency, 1, 256),
  rate: wholeNumberArg('rate', args.rate, 1, 1000),
  answers: wholeNumberArg('answers', args.answers, 1, 100_000),
  server: serverModeArg(args.server),
  port: wholeNumberArg('port', args.port, 1024, 65535),
}

const SERVICE_ID = DEMO_SERVICES.tonsbergHjemmesykepleie.id
const INGRID_MOBILE = DEMO_CONTACTS.ingridBerg.mobile

/** A local SMS gateway: answers 200 and notes when each SMS arrived and to whom. */
async function startSmsReceiver() {
  const arrivals: { to: string; at: number }[] = []
  const server = createServer((req: IncomingMessage, res) => {
    let body = ''
    req.on('data', (chunk) => (body += chunk))
    req.on('end', () => {
      const at = performance.now()
      try {
        arrivals.push({ to: (JSON.parse(body) as { to: string }).to, at })
      } catch {
        // not ours
      }
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}')
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/sms`, arrivals, close: () => new Promise((r) => server.close(r)) }
}

type Phase = { ok: number; failed: number; seconds: number; latencies: number[]; statuses: Map<number, number> }

async function load(seconds: number, concurrency: number, call: () => Promise<Response>): Promise<Phase> {
  const phase: Phase = { ok: 0, failed: 0, seconds, latencies: [], statuses: new Map() }
  const end = performance.now() + seconds * 1000
  const worker = async () => {
    while (performance.now() < end) {
      const started = performance.now()
      const response = await call().catch(() => null)
      const status = response?.status ?? 0
      await response?.arrayBuffer().catch(() => undefined)
      if (status === 201) {
        phase.ok++
        phase.latencies.push(performance.now() - started)
      } else {
        phase.failed++
        phase.statuses.set(status, (phase.statuses.get(status) ?? 0) + 1)
      }
    }
  }
  await Promise.all(Array.from({ length: concurrency }, worker))
  phase.latencies.sort((a, b) => a - b)
  return phase
}

const post = (url: string, session: PortalSession, body: unknown) =>
  fetch(url, {
    method: 'POST',
    headers: { cookie: session.cookie, 'x-csrf-token': session.csrf, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  })

async function run(database: BenchDatabase) {
  const sms = await startSmsReceiver()
  const server = await BenchServer.create({
    database,
    port: settings.port,
    mode: settings.server,
    env: { SMS_GATEWAY_URL: sms.url, SMS_GATEWAY_TOKEN: 'bench' },
  })
  try {
    await server.start()
    const base = server.url
    const ingrid = await logInOverHttp(base, 'citizen', 'Ingrid Berg')
    const lise = await logInOverHttp(base, 'staff', 'Lise Lund')
    let n = 0
    const threadIds: string[] = []

    // 1. Citizen messages.
    const citizen = await load(settings.seconds, settings.concurrency, async () => {
      const r = await post(`${base}/api/citizens/${ingrid.personId}/threads`, ingrid, {
        serviceId: SERVICE_ID,
        subject: `Spørsmål ${++n}`,
        body: 'Kan dere ringe meg i morgen formiddag?',
      })
      if (r.status === 201) threadIds.push(((await r.clone().json()) as { id: string }).id)
      return r
    })
    if (threadIds.length === 0) throw new Error(`no thread was created; statuses ${JSON.stringify([...citizen.statuses])}`)

    // 2. Staff answers, each with its notifications enqueued.
    let next = 0
    const answers = await load(settings.seconds, settings.concurrency, () =>
      post(`${base}/api/services/${SERVICE_ID}/threads/${threadIds[next++ % threadIds.length]}/messages`, lise, {
        body: 'Vi ringer deg i morgen mellom 10 og 12.',
      }),
    )
    // Let the outbox drain before measuring latency, so that phase 3 starts from an empty queue.
    for (let quiet = 0, last = -1; quiet < 6; ) {
      await sleep(500)
      quiet = sms.arrivals.length === last ? quiet + 1 : 0
      last = sms.arrivals.length
    }

    // 3. Answer → SMS at the gateway, at a steady rate.
    const sentAt: number[] = []
    const firstArrival = sms.arrivals.length
    const interval = 1000 / settings.rate
    const started = performance.now()
    const pending: Promise<unknown>[] = []
    for (let i = 0; i < settings.answers; i++) {
      const due = started + i * interval
      const wait = due - performance.now()
      if (wait > 0) await sleep(wait)
      sentAt.push(performance.now())
      pending.push(
        post(`${base}/api/services/${SERVICE_ID}/threads/${threadIds[i % threadIds.length]}/messages`, lise, { body: 'Svar.' }).then((r) => r.arrayBuffer()),
      )
    }
    await Promise.all(pending)
    const deadline = performance.now() + 60_000
    const ingridArrivals = () => sms.arrivals.slice(firstArrival).filter((a) => a.to === INGRID_MOBILE)
    while (ingridArrivals().length < settings.answers && performance.now() < deadline) await sleep(100)
    const arrived = ingridArrivals()
    const delays = arrived.map((a, i) => a.at - (sentAt[i] as number)).sort((a, b) => a - b)

    return { database, citizen, answers, delays, missing: settings.answers - arrived.length, problems: server.logProblems() }
  } finally {
    await server.destroy()
    await sms.close()
  }
}

const ms = (v: number) => Math.round(v)
console.log(
  `citizen messaging bench — ${settings.seconds} s per phase, ${settings.concurrency} in flight; answer → SMS at ${settings.rate}/s × ${settings.answers}`,
)
const rows: (string | number)[][] = [['database', 'what', 'messages/s', 'p50 ms', 'p99 ms', 'failed']]
for (const database of settings.databases) {
  const r = await run(database)
  const perSecond = (p: Phase) => p.ok / p.seconds
  rows.push([
    database,
    'citizen message (new thread)',
    perSecond(r.citizen),
    ms(percentile(r.citizen.latencies, 50)),
    ms(percentile(r.citizen.latencies, 99)),
    r.citizen.failed,
  ])
  rows.push([
    database,
    'staff answer + notification enqueued',
    perSecond(r.answers),
    ms(percentile(r.answers.latencies, 50)),
    ms(percentile(r.answers.latencies, 99)),
    r.answers.failed,
  ])
  rows.push([database, 'staff answer → SMS at the gateway', '', ms(percentile(r.delays, 50)), ms(percentile(r.delays, 99)), r.missing])
  if (r.problems.size > 0) console.log(`${database}: server warnings/errors:`, Object.fromEntries(r.problems))
}
console.log(table(rows))
