// Crash test of the message exchange: a 10 000-message load over /msh while the server is killed with SIGKILL
// (twice by default) and restarted on the same database. Senders re-POST the same business document (same MsgId)
// until they get a 201; receivers fetch, AppRec and mark read, and record what they receive; senders take in the
// AppRecs. At the end the clients' records and the database are checked against each other.
// Verdict: nothing acknowledged may be lost, nothing delivered twice, every message answered with AppRec Ok.
// Run: npx tsx bench/exchange-crash.ts [--db=postgres] [--messages=10000] [--kill-at=4000,7000] …  (--help for all)
import {
  databasesArg,
  serverModeArg,
  wholeNumberArg,
  type BenchDatabase,
  BenchServer,
  DEMO_EPJS,
  EpjClient,
  foresporselFactory,
  type InboxEntry,
  mapLimit,
  originalMsgIdOf,
  RequestStats,
  benchArguments,
  sleep,
  sourceVersion,
  table,
} from './exchange-harness.ts'

const HELP = `Usage: npx tsx bench/exchange-crash.ts [options]

Sends N messages over /msh between demo EPJs while the server is killed with SIGKILL and restarted on the same
database; then checks that every acknowledged message reached its receiver exactly once with AppRec Ok.
Exit code 1 when anything acknowledged was lost, delivered twice or left without AppRec on PostgreSQL.

  --db=LIST               postgres (default), or postgres,pglite: PGlite has no crash durability (it runs
                          without fsync); its result is shown as information, PostgreSQL gives the verdict
  --messages=N            messages to send (default 10000)
  --kill-at=LIST          kill -9 when this many messages are acknowledged (default 4000,7000; '' for none)
  --down-ms=N             how long the server stays down after a kill (default 1000)
  --epjs=N                EPJ systems in the ring, 2–${DEMO_EPJS.length} (default 4)
  --concurrency=N         POSTs in flight per sending EPJ (default 16)
  --inbox-concurrency=N   requests in parallel per EPJ when working through an inbox batch (default 16)
  --settle-seconds=N      longest wait after the last submission for deliveries and AppRecs (default 120)
  --server=build|tsx|dist build: src/ compiled by tsc into node_modules/.cache (default); tsx: src/ through
                          tsx; dist: dist/ from the last npm run build
  --port=N                server port (default 3962)
  --help
`

const args = benchArguments(
  {
    db: { type: 'string', default: 'postgres' },
    messages: { type: 'string', default: '10000' },
    'kill-at': { type: 'string', default: '4000,7000' },
    'down-ms': { type: 'string', default: '1000' },
    epjs: { type: 'string', default: '4' },
    concurrency: { type: 'string', default: '16' },
    'inbox-concurrency': { type: 'string', default: '16' },
    'settle-seconds': { type: 'string', default: '120' },
    server: { type: 'string', default: 'build' },
    port: { type: 'string', default: '3962' },
  },
  HELP,
)

const int = wholeNumberArg
const databases = databasesArg(args.db)
const serverMode = serverModeArg(args.server)
const settings = {
  messages: int('messages', args.messages, 1, 1_000_000),
  killAt:
    args['kill-at'].trim() === ''
      ? []
      : args['kill-at']
          .split(',')
          .map((k) => int('kill-at', k.trim(), 1, 1_000_000))
          .sort((a, b) => a - b),
  downMs: int('down-ms', args['down-ms'], 0, 60_000),
  epjs: int('epjs', args.epjs, 2, DEMO_EPJS.length),
  concurrency: int('concurrency', args.concurrency, 1, 1000),
  inboxConcurrency: int('inbox-concurrency', args['inbox-concurrency'], 1, 1000),
  settleSeconds: int('settle-seconds', args['settle-seconds'], 1, 3600),
  port: int('port', args.port, 1024, 65535),
  mode: serverMode,
}
/** A sender gives a message up after trying this long (the server did not come back). */
const GIVE_UP_MS = 120_000
const POLL_MS = 20

type Outcome = {
  database: BenchDatabase
  totalSeconds: number
  kills: { acknowledgedAt: number; restartSeconds: number | null; error: string | null }[]
  acknowledged: number
  rePostAttempts: number
  messagesRePosted: number
  rePostsAnswered201: number
  refused: number
  refusedExamples: string[]
  gaveUp: number
  idChanged: number
  lostApi: number
  lostDb: number | null
  twiceUnderTwoIds: number
  twiceAfterRead: number
  appRecMissingDb: number | null
  appRecMissingApi: number
  appRecTwice: number
  appRecAfterRead: number
  appRecAlreadyFinal: number
  settled: boolean
  db: { messages: [string, number][]; deliveries: [string, number][]; error: string | null }
  requests: number
  failures: Map<string, number>
  serverProblems: Map<string, number>
}

async function runCrash(database: BenchDatabase): Promise<Outcome> {
  const started = performance.now()
  const server = await BenchServer.create({ database, port: settings.port, mode: settings.mode })
  try {
    await server.start()
    const stats = new RequestStats()
    const epjs = DEMO_EPJS.slice(0, settings.epjs)
    const clients = epjs.map((e) => new EpjClient(e, server.url, stats, settings.concurrency + settings.inboxConcurrency, 20_000))
    await Promise.all(clients.map((c) => c.authenticate()))

    // --- what the clients saw ---
    const acknowledged = new Map<string, string>() // MsgId → id from the first 201
    let rePostAttempts = 0
    let messagesRePosted = 0
    let rePostsAnswered201 = 0
    let idChanged = 0
    const refused: string[] = []
    let gaveUp = 0
    const idsByMsgId = new Map<string, Set<string>>() // receivers: MsgId → ids it arrived under
    const readConfirmed = new Set<string>() // receivers: ids whose PUT read answered 204
    const seenAfterRead = new Set<string>()
    const appRecsByOriginal = new Map<string, Set<string>>() // senders: original MsgId → AppRec ids
    const appRecReadConfirmed = new Set<string>()
    let appRecAlreadyFinal = 0
    const appRecSeenAfterRead = new Set<string>()

    // --- kills ---
    const kills: Outcome['kills'] = []
    let killing: Promise<void> | null = null
    const killSchedule = [...settings.killAt]
    function maybeKill() {
      if (killing || killSchedule.length === 0 || acknowledged.size < (killSchedule[0] as number)) return
      killSchedule.shift()
      const at = acknowledged.size
      killing = (async () => {
        await server.kill9()
        console.log(`  kill -9 at ${at} acknowledged`)
        await sleep(settings.downMs)
        try {
          const ms = await server.start()
          kills.push({ acknowledgedAt: at, restartSeconds: ms / 1000, error: null })
          console.log(`  restarted in ${(ms / 1000).toFixed(1)} s`)
        } catch (error) {
          kills.push({ acknowledgedAt: at, restartSeconds: null, error: (error as Error).message })
          console.log(`  did not come back: ${(error as Error).message.split('\n')[0]}`)
        }
        killing = null
      })()
    }

    // --- senders: every message is re-POSTed unchanged until a 201 (or a refusal) ---
    const perSender = Math.ceil(settings.messages / epjs.length)
    let toSend = settings.messages
    async function sender(client: EpjClient, make: () => { msgId: string; base64: string }, count: number) {
      let next = 0
      const one = async () => {
        while (next < count) {
          next++
          const m = make()
          const deadline = Date.now() + GIVE_UP_MS
          let backoff = 100
          for (let attempt = 0; ; attempt++) {
            if (attempt > 0) rePostAttempts++
            if (attempt === 1) messagesRePosted++
            let status = 0
            let body = ''
            try {
              const r = await client.post(m.base64)
              status = r.status
              body = r.body
            } catch {
              // NetworkError (refused, reset, timeout) or a failed token refresh while the server is down: retry.
            }
            if (status === 201) {
              const id = JSON.parse(body) as string
              if (attempt > 0) rePostsAnswered201++
              const earlier = acknowledged.get(m.msgId)
              if (earlier !== undefined && earlier !== id) idChanged++
              else acknowledged.set(m.msgId, id)
              maybeKill()
              break
            }
            if (status >= 400 && status < 500 && status !== 401 && status !== 408 && status !== 429) {
              refused.push(`${status} ${body.slice(0, 200)}`)
              break
            }
            // Connection refused or reset, a timeout, 5xx: the same document again, as an EPJ does.
            if (Date.now() > deadline) {
              gaveUp++
              break
            }
            await sleep(backoff)
            backoff = Math.min(1000, backoff * 2)
          }
        }
      }
      await Promise.all(Array.from({ length: settings.concurrency }, one))
    }

    // --- inboxes: forespørsler are answered and read; AppRecs are matched to what was sent and read ---
    async function handle(client: EpjClient, e: InboxEntry) {
      const herId = client.epj.herId
      try {
        if (e.isAppRec) {
          if (appRecReadConfirmed.has(e.id)) appRecSeenAfterRead.add(e.id)
          const original = originalMsgIdOf(await client.businessDocument(e.id))
          if (original) {
            const set = appRecsByOriginal.get(original) ?? new Set<string>()
            set.add(e.id)
            appRecsByOriginal.set(original, set)
          }
          if ((await client.markRead(e.id, herId)).status === 204) appRecReadConfirmed.add(e.id)
          return
        }
        if (readConfirmed.has(e.id)) seenAfterRead.add(e.id)
        const ids = idsByMsgId.get(e.businessDocumentId) ?? new Set<string>()
        ids.add(e.id)
        idsByMsgId.set(e.businessDocumentId, ids)
        const a = await client.appRecOk(e.id, herId)
        // After a crash the first AppRec may have committed without its 201 reaching us: "already final" is fine.
        const alreadyFinal = a.status === 400 && a.body.includes('already sent its final AppRec')
        if (alreadyFinal) appRecAlreadyFinal++
        const answered = a.status === 201 || alreadyFinal
        if (!answered) return
        if ((await client.markRead(e.id, herId)).status === 204) readConfirmed.add(e.id)
      } catch {
        // Network errors (the server is down) and odd answers are counted by RequestStats; the message is still
        // unread and comes back in the next poll.
      }
    }

    let polling = true
    async function inboxLoop(client: EpjClient) {
      while (polling) {
        let entries: InboxEntry[]
        try {
          entries = await client.inbox(client.epj.herId)
        } catch {
          await sleep(POLL_MS * 5)
          continue
        }
        if (entries.length === 0) {
          await sleep(POLL_MS)
          continue
        }
        await mapLimit(entries, settings.inboxConcurrency, (e) => handle(client, e))
      }
    }

    console.log(`${database}: sending ${settings.messages} messages, kill -9 at ${settings.killAt.join(', ') || 'never'} acknowledged`)
    const pollers = clients.map((c) => inboxLoop(c))
    const senders = clients.map((client, i) => {
      const to = epjs[(i + 1) % epjs.length] as (typeof epjs)[number]
      const count = Math.min(perSender, toSend)
      toSend -= count
      return sender(client, foresporselFactory(client.epj.herId, to.herId), count)
    })
    const progress = setInterval(() => {
      console.log(
        `  ${((performance.now() - started) / 1000).toFixed(0)} s: ${acknowledged.size} acknowledged, ${idsByMsgId.size} received, ${appRecsByOriginal.size} AppRecs back`,
      )
    }, 15_000)
    try {
      await Promise.all(senders)
      while (killing) await killing
      // --- settle: bounded wait until every acknowledged message is read and its AppRec is back ---
      const settleUntil = Date.now() + settings.settleSeconds * 1000
      // Received, not "read confirmed": a PUT read can commit and lose its 204 to the kill, and then never shows again.
      const settledNow = () => {
        for (const [msgId] of acknowledged) if (!idsByMsgId.has(msgId) || !appRecsByOriginal.has(msgId)) return false
        return true
      }
      while (!settledNow() && Date.now() < settleUntil) await sleep(250)
    } finally {
      clearInterval(progress)
    }
    const settled = [...acknowledged.keys()].every((msgId) => idsByMsgId.has(msgId) && appRecsByOriginal.has(msgId))
    // One more round so that anything shown again after being read would be seen, then stop.
    await sleep(500)
    polling = false
    await Promise.all(pollers)
    for (const c of clients) c.close()
    const requests = RequestStats.total(stats.requests)

    // --- the clients' records ---
    let lostApi = 0
    let appRecMissingApi = 0
    for (const [msgId] of acknowledged) {
      if (!idsByMsgId.has(msgId)) lostApi++
      if (!appRecsByOriginal.has(msgId)) appRecMissingApi++
    }
    const twiceUnderTwoIds = [...idsByMsgId.values()].filter((s) => s.size > 1).length
    const appRecTwice = [...appRecsByOriginal.values()].filter((s) => s.size > 1).length

    // --- the database, read directly ---
    await server.stop()
    let lostDb: number | null = null
    let appRecMissingDb: number | null = null
    const db: Outcome['db'] = { messages: [], deliveries: [], error: null }
    try {
      const stored = await server.query<{ msg_id: string; id: string; apprec_status: string | null }>(`
        SELECT m.msg_id, m.id, d.apprec_status
        FROM exchange_message m LEFT JOIN exchange_delivery d ON d.message_id = m.id
        WHERE NOT m.is_apprec`)
      const byMsgId = new Map(stored.map((r) => [r.msg_id, r]))
      lostDb = 0
      appRecMissingDb = 0
      for (const [msgId, id] of acknowledged) {
        const row = byMsgId.get(msgId)
        if (!row || row.id !== id) lostDb++
        if (row?.apprec_status !== 'Ok') appRecMissingDb++
      }
      const messages = await server.query<{ k: string; n: number }>(`
        SELECT CASE WHEN is_apprec THEN 'AppRec' ELSE 'forespørsel' END AS k, count(*)::int AS n FROM exchange_message GROUP BY 1 ORDER BY 1`)
      db.messages = messages.map((r) => [r.k, r.n])
      const deliveries = await server.query<{ k: string; n: number }>(`
        SELECT CASE WHEN m.is_apprec THEN 'AppRec → sender' ELSE 'forespørsel → receiver' END || ': ' || d.status ||
               COALESCE(', AppRec ' || d.apprec_status, '') || CASE WHEN d.read_at IS NULL THEN ', unread' ELSE ', read' END AS k,
               count(*)::int AS n
        FROM exchange_delivery d JOIN exchange_message m ON m.id = d.message_id GROUP BY 1 ORDER BY 1`)
      db.deliveries = deliveries.map((r) => [r.k, r.n])
    } catch (error) {
      db.error = (error as Error).message.split('\n')[0] ?? 'error'
    }

    return {
      database,
      totalSeconds: (performance.now() - started) / 1000,
      kills,
      acknowledged: acknowledged.size,
      rePostAttempts,
      messagesRePosted,
      rePostsAnswered201,
      refused: refused.length,
      refusedExamples: [...new Set(refused)].slice(0, 3),
      gaveUp,
      idChanged,
      lostApi,
      lostDb,
      twiceUnderTwoIds,
      twiceAfterRead: seenAfterRead.size,
      appRecMissingDb,
      appRecMissingApi,
      appRecTwice,
      appRecAfterRead: appRecSeenAfterRead.size,
      appRecAlreadyFinal,
      settled,
      db,
      requests,
      failures: stats.failures,
      serverProblems: server.logProblems(),
    }
  } finally {
    await server.destroy()
  }
}

function failures(o: Outcome): string[] {
  const f: string[] = []
  if (o.acknowledged + o.refused + o.gaveUp < settings.messages) f.push('not every message was sent')
  if (o.lostApi > 0) f.push(`${o.lostApi} acknowledged messages never reached their receiver`)
  if ((o.lostDb ?? 0) > 0) f.push(`${o.lostDb} acknowledged messages have no row (or another id) in exchange_message`)
  if (o.twiceUnderTwoIds > 0) f.push(`${o.twiceUnderTwoIds} MsgIds delivered under two ids`)
  if (o.twiceAfterRead > 0) f.push(`${o.twiceAfterRead} messages shown again after being marked read`)
  if (o.idChanged > 0) f.push(`${o.idChanged} re-POSTs answered with a different id than the first 201`)
  if ((o.appRecMissingDb ?? 0) > 0) f.push(`${o.appRecMissingDb} messages without AppRec Ok in the database`)
  if (o.appRecMissingApi > 0) f.push(`${o.appRecMissingApi} AppRecs never reached the sender's inbox`)
  if (o.appRecTwice > 0 || o.appRecAfterRead > 0) f.push(`AppRecs delivered twice: ${o.appRecTwice} under two ids, ${o.appRecAfterRead} again after read`)
  if (o.refused > 0) f.push(`${o.refused} POSTs refused (4xx): ${o.refusedExamples.join(' | ')}`)
  if (o.gaveUp > 0) f.push(`${o.gaveUp} messages given up after ${GIVE_UP_MS / 1000} s of retries`)
  if (o.db.error) f.push(`database check failed: ${o.db.error}`)
  if (o.kills.some((k) => k.error)) f.push('the server did not come back after a kill')
  return f
}

function report(o: Outcome): void {
  const n = (v: number | null) => (v === null ? '–' : v)
  console.log(
    `\n${o.database}: ${o.totalSeconds.toFixed(0)} s in all, ${o.kills.length} kill(s) (${o.kills.map((k) => `at ${k.acknowledgedAt}, ${k.restartSeconds === null ? 'no restart' : `back in ${k.restartSeconds.toFixed(1)} s`}`).join('; ') || 'none'})`,
  )
  console.log(
    table([
      ['check', 'clients saw', 'database says'],
      ['messages submitted (acknowledged 201)', o.acknowledged, '–'],
      ['messages re-POSTed unchanged (same MsgId)', `${o.messagesRePosted} (${o.rePostAttempts} attempts)`, '–'],
      ['  acknowledged by a 201 on a re-POST', o.rePostsAnswered201, '–'],
      ['  201 with another id than an earlier 201', o.idChanged, '–'],
      ['refused (4xx) / given up', `${o.refused} / ${o.gaveUp}`, '–'],
      ['lost (acknowledged, never at the receiver / no row)', o.lostApi, n(o.lostDb)],
      ['delivered twice: one MsgId under two ids', o.twiceUnderTwoIds, '–'],
      ['delivered twice: same id again after read', o.twiceAfterRead, '–'],
      ['AppRec missing (not back at sender / status not Ok)', o.appRecMissingApi, n(o.appRecMissingDb)],
      ['AppRec delivered twice (two ids / again after read)', `${o.appRecTwice} / ${o.appRecAfterRead}`, '–'],
    ]),
  )
  if (o.db.error) console.log(`database check: ${o.db.error}`)
  else {
    console.log(`rows: ${o.db.messages.map(([k, v]) => `${k} ${v}`).join(', ')}`)
    console.log(`deliveries: ${o.db.deliveries.map(([k, v]) => `${k} ${v}`).join('; ')}`)
  }
  console.log(`${o.requests} HTTP requests; settled ${o.settled ? 'yes' : `NO (after ${settings.settleSeconds} s)`}`)
  if (o.failures.size > 0)
    console.log(`request failures (the kills cut these off; the clients retried): ${[...o.failures.entries()].map(([k, v]) => `${k} ×${v}`).join(', ')}`)
  if (o.appRecAlreadyFinal > 0) {
    console.log(`${o.appRecAlreadyFinal} AppRec POSTs answered "already final": the first one committed but its 201 was lost to a kill (expected)`)
  }
  if (o.serverProblems.size > 0) console.log(`server log: ${[...o.serverProblems.entries()].map(([k, v]) => `${k} ×${v}`).join('; ')}`)
}

console.log(sourceVersion())
console.log(
  `exchange crash test: ${settings.messages} messages, ${settings.epjs} EPJs, ${settings.concurrency} POSTs in flight per sender; ` +
    `server: ${{ build: 'src/ compiled by tsc', tsx: 'src/ through tsx', dist: 'dist/' }[settings.mode]}`,
)
let verdict = 0
for (const database of databases) {
  const o = await runCrash(database)
  report(o)
  const f = failures(o)
  if (database === 'postgres') {
    console.log(f.length === 0 ? 'PostgreSQL: PASS' : `PostgreSQL: FAIL\n  - ${f.join('\n  - ')}`)
    if (f.length > 0) verdict = 1
  } else {
    // performance.md §3.2: PGlite's NodeFS runs without fsync and has corrupted after unclean exits upstream.
    // kill -9 ends the process, not the machine: what sits in the page cache survives, so a clean result here says
    // nothing about power loss, which is where the missing fsync bites.
    console.log(
      `PGlite (information, not the verdict: PGlite has no crash durability, it runs with fsync off; kill -9 does not ` +
        `simulate power loss): ${f.length === 0 ? 'no loss or duplicate seen in this run' : `\n  - ${f.join('\n  - ')}`}`,
    )
  }
}
process.exitCode = verdict
