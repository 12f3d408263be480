// Large attachments against the real server in its own process: Ingrid Berg sends Tønsberg hjemmesykepleie a new
// thread with five attachments of 5 000 000 bytes each (25 MB: two PDFs, two JPEGs, a PNG, random content after the
// signature so nothing compresses), then opens it; Lise Lund opens it as staff; each attachment is downloaded and
// compared byte for byte. Meanwhile the EPJ bridge hands the message to the exchange as a Dialogmelding, as it
// would in production, so opening competes with that work. Each round is a fresh thread; the table shows the median
// and the slowest round. Target: send and open each under 2 s on PGlite and on PostgreSQL.
// Run: npx tsx bench/attachments.ts [--db=pglite,postgres] [--rounds=3]
import { createHash, randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { cpus, loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { DEMO_SERVICES } from '../src/registry/demo/vestfold-demo.organisations.ts'
import {
  type BenchDatabase,
  BenchServer,
  databasesArg,
  benchArguments,
  percentile,
  serverModeArg,
  sourceVersion,
  summariseCpuProfiles,
  table,
  wholeNumberArg,
} from './exchange-harness.ts'
import { logInOverHttp, type PortalSession } from './portal-session.ts'

const HELP = `Usage: npx tsx bench/attachments.ts [options]

  --db=LIST          pglite,postgres (default both; each on a fresh database)
  --rounds=N         messages sent and opened per database (default 3)
  --files=N          attachments per message, 1 to 5 (default 5)
  --cpu-prof         run the server with --cpu-prof and print its hot spots (slows it: not for the headline figures)
  --server=build|tsx|dist   how the server runs (default build: src/ compiled by tsc)
  --port=N           server port (default 3972)
  --help
`
const args = benchArguments(
  {
    db: { type: 'string', default: 'pglite,postgres' },
    rounds: { type: 'string', default: '3' },
    files: { type: 'string', default: '5' },
    'cpu-prof': { type: 'boolean', default: false },
    server: { type: 'string', default: 'build' },
    port: { type: 'string', default: '3972' },
  },
  HELP,
)
const settings = {
  databases: databasesArg(args.db),
  rounds: wholeNumberArg('rounds', args.rounds, 1, 100),
  files: wholeNumberArg('files', args.files, 1, 5),
  server: serverModeArg(args.server),
  port: wholeNumberArg('port', args.port, 1024, 65535),
}

const SERVICE_ID = DEMO_SERVICES.tonsbergHjemmesykepleie.id
const FILE_BYTES = 5_000_000

const SIGNATURES = {
  'application/pdf': Buffer.from('%PDF-1.7\n'),
  'image/jpeg': Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00]),
  'image/png': Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52]),
} as const
type ContentType = keyof typeof SIGNATURES

/** The length and type of a PNG IDAT chunk of `n` bytes (its CRC is not checked by the sniffing). */
function idatLength(n: number): Buffer {
  const b = Buffer.alloc(8)
  b.writeUInt32BE(n, 0)
  b.write('IDAT', 4, 'latin1')
  return b
}

/**
 * A file the server's sniffing takes as `type`: its signature, then random bytes up to FILE_BYTES. A PNG's random
 * part is the data of one IDAT chunk after a header chunk, since the sniffing reads PNG chunk by chunk.
 */
function file(type: ContentType, name: string) {
  const head = type === 'image/png' ? Buffer.concat([SIGNATURES[type], Buffer.alloc(17), idatLength(FILE_BYTES - 41)]) : SIGNATURES[type]
  const content = Buffer.concat([head, randomBytes(FILE_BYTES - head.length)])
  return { fileName: name, contentType: type, content, sha256: createHash('sha256').update(content).digest('hex') }
}

type Round = { send: number; openCitizen: number; openStaff: number; download: number; downloadOk: boolean }

async function timed<T>(fn: () => Promise<T>): Promise<[number, T]> {
  const started = performance.now()
  const value = await fn()
  return [performance.now() - started, value]
}

async function expectOk(pending: Promise<Response>, what: string): Promise<Response> {
  let response: Response
  try {
    response = await pending
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause?.code
    throw new Error(`${what}: ${error instanceof Error ? error.message : error}${cause ? ` (${cause})` : ''}`)
  }
  if (!response.ok) throw new Error(`${what}: HTTP ${response.status} ${(await response.text()).slice(0, 300)}`)
  return response
}

let resets = 0

/**
 * A GET, tried again once when the server reset the kept-alive connection (as a browser does): a server whose event
 * loop was blocked long enough drops connections that waited. The time measured includes both tries; the table
 * says how often it happened.
 */
async function get(url: string, init: RequestInit): Promise<Response> {
  try {
    return await fetch(url, init)
  } catch (error) {
    if ((error as { cause?: { code?: string } }).cause?.code !== 'ECONNRESET') throw error
    resets++
    return fetch(url, init)
  }
}

const headers = (session: PortalSession) => ({ cookie: session.cookie, 'x-csrf-token': session.csrf })

async function run(database: BenchDatabase): Promise<{ rounds: Round[]; problems: Map<string, number> }> {
  const profileDir = args['cpu-prof'] ? mkdtempSync(join(tmpdir(), 'samband-attachments-prof-')) : undefined
  const server = await BenchServer.create({ database, port: settings.port, mode: settings.server, cpuProfDir: profileDir })
  try {
    // Start-up (migrations, demo data) is not what is measured; on a busy machine it can take minutes.
    await server.start(600_000)
    const base = server.url
    const ingrid = await logInOverHttp(base, 'citizen', 'Ingrid Berg')
    const lise = await logInOverHttp(base, 'staff', 'Lise Lund')
    const rounds: Round[] = []
    for (let round = 0; round < settings.rounds; round++) {
      const files = [
        file('application/pdf', 'henvisning.pdf'),
        file('image/jpeg', 'sår foto 1.jpg'),
        file('image/jpeg', 'sår foto 2.jpg'),
        file('image/png', 'skjermbilde.png'),
        file('application/pdf', 'epikrise.pdf'),
      ].slice(0, settings.files)
      // The request body as the web app sends it (JSON, each file in base64), made before the clock starts.
      const body = JSON.stringify({
        serviceId: SERVICE_ID,
        subject: `Bilder av såret, runde ${round + 1}`,
        body: 'Her er bildene og papirene dere ba om.',
        attachments: files.map((f) => ({ fileName: f.fileName, contentType: f.contentType, contentBase64: f.content.toString('base64') })),
      })
      const [send, created] = await timed(async () => {
        const r = await expectOk(
          fetch(`${base}/api/citizens/${ingrid.personId}/threads`, {
            method: 'POST',
            headers: { ...headers(ingrid), 'content-type': 'application/json' },
            body,
          }),
          'send',
        )
        return (await r.json()) as { id: string }
      })
      const [openCitizen, detail] = await timed(async () => {
        const r = await expectOk(get(`${base}/api/citizens/${ingrid.personId}/threads/${created.id}`, { headers: headers(ingrid) }), 'citizen open')
        return (await r.json()) as { messages: { attachments: { id: string }[] }[] }
      })
      const [openStaff] = await timed(async () =>
        (await expectOk(get(`${base}/api/services/${SERVICE_ID}/threads/${created.id}`, { headers: headers(lise) }), 'staff open')).arrayBuffer(),
      )
      const attachmentIds = detail.messages[0]?.attachments.map((a) => a.id) ?? []
      if (attachmentIds.length !== files.length) throw new Error(`the thread shows ${attachmentIds.length} attachments, not ${files.length}`)
      let downloadOk = true
      const [download] = await timed(async () => {
        for (const [i, id] of attachmentIds.entries()) {
          const r = await expectOk(
            get(`${base}/api/citizens/${ingrid.personId}/threads/${created.id}/attachments/${id}`, { headers: headers(ingrid) }),
            'download',
          )
          const bytes = Buffer.from(await r.arrayBuffer())
          if (createHash('sha256').update(bytes).digest('hex') !== files[i]?.sha256) downloadOk = false
        }
      })
      rounds.push({ send, openCitizen, openStaff, download, downloadOk })
    }
    if (profileDir) {
      await server.stop()
      const profile = summariseCpuProfiles(profileDir)
      rmSync(profileDir, { recursive: true, force: true })
      if (profile) console.log(`${database}: hot spots (self ms)\n${profile.byFunction.map(([f, ms]) => `  ${Math.round(ms)}  ${f}`).join('\n')}`)
    }
    return { rounds, problems: server.logProblems() }
  } catch (error) {
    console.error(
      `${database}: ${error instanceof Error ? error.message : error}; server ${server.running ? 'running' : 'gone'}; log tail:\n${server.logTail(40)}`,
    )
    throw error
  } finally {
    await server.destroy()
  }
}

const ms = (v: number) => Math.round(v)
console.log(
  `attachment bench — a new thread with ${settings.files} × ${FILE_BYTES.toLocaleString('en')} bytes of attachments, ${settings.rounds} round(s); ${sourceVersion()}`,
)
const rows: (string | number)[][] = [['database', 'what', 'median ms', 'slowest ms', 'under 2 s']]
for (const database of settings.databases) {
  const { rounds, problems } = await run(database)
  const line = (what: string, pick: (r: Round) => number, target: boolean) => {
    const values = rounds.map(pick).sort((a, b) => a - b)
    const slowest = values[values.length - 1] as number
    rows.push([database, what, ms(percentile(values, 50)), ms(slowest), target ? (slowest < 2000 ? 'yes' : 'NO') : ''])
  }
  line(`send (citizen, new thread, ${(settings.files * FILE_BYTES) / 1e6} MB)`, (r) => r.send, true)
  line('open (citizen, thread view)', (r) => r.openCitizen, true)
  line('open (staff, thread view)', (r) => r.openStaff, true)
  line('download each attachment, one by one', (r) => r.download, false)
  if (rounds.some((r) => !r.downloadOk)) rows.push([database, 'DOWNLOADED BYTES DIFFER FROM THOSE SENT', '', '', ''])
  if (resets > 0) rows.push([database, `connections reset by the server and tried again: ${resets}`, '', '', ''])
  resets = 0
  if (problems.size > 0) console.log(`${database}: server warnings/errors:`, Object.fromEntries(problems))
}
console.log(table(rows))
console.log(
  `load average at the end: ${loadavg()
    .map((l) => l.toFixed(1))
    .join(' ')} (${cpus().length} cores)`,
)
