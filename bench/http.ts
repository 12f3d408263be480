// Throughput and latency of GET /api/health and of one authenticated read (GET /api/organisations
// with a system client's bearer token: token check, access decision, query), with autocannon.
// Run: npm run build && npx tsx bench/http.ts [--db=pglite,postgres] [--seconds=10] [--connections=20]
import autocannon from 'autocannon'
import { databasesFromArgs, startBenchServer, systemToken } from './bench-server.ts'

const seconds = Number(process.argv.find((a) => a.startsWith('--seconds='))?.slice(10) ?? 10)
const connections = Number(process.argv.find((a) => a.startsWith('--connections='))?.slice(14) ?? 20)

for (const database of databasesFromArgs()) {
  const server = await startBenchServer(database, 3950)
  try {
    const token = await systemToken(server.url)
    const cases = [
      { name: 'GET /api/health', path: '/api/health', headers: {} },
      { name: 'GET /api/organisations?limit=20 (bearer)', path: '/api/organisations?limit=20', headers: { authorization: `Bearer ${token}` } },
    ]
    for (const c of cases) {
      // Warm-up, then the measured run.
      await autocannon({ url: `${server.url}${c.path}`, headers: c.headers, connections, duration: 2 })
      const result = await autocannon({ url: `${server.url}${c.path}`, headers: c.headers, connections, duration: seconds })
      const errors = result.errors + result.non2xx
      console.log(
        `${database.padEnd(8)} ${c.name.padEnd(42)} ${result.requests.average.toFixed(0).padStart(6)} req/s  ` +
          `p50 ${result.latency.p50} ms  p99 ${result.latency.p99} ms  (${connections} connections, ${seconds} s, ${errors} errors)`,
      )
    }
  } finally {
    await server.stop()
  }
}
