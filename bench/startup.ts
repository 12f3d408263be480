// Cold start: process spawn → migrations → demo data → GET /api/health answers 200.
// Run: npm run build && npx tsx bench/startup.ts [--db=pglite,postgres] [--runs=3]
import { databasesFromArgs, startBenchServer } from './bench-server.ts'

const runs = Number(process.argv.find((a) => a.startsWith('--runs='))?.slice(7) ?? 3)
for (const database of databasesFromArgs()) {
  const times: number[] = []
  for (let i = 0; i < runs; i++) {
    const server = await startBenchServer(database, 3900 + i)
    times.push(server.startMs)
    await server.stop()
  }
  const sorted = [...times].sort((a, b) => a - b)
  console.log(
    `cold start to healthy (${database}, fresh database, ${runs} runs): median ${((sorted[Math.floor(runs / 2)] as number) / 1000).toFixed(2)} s, ` +
      `min ${((sorted[0] as number) / 1000).toFixed(2)} s, max ${((sorted.at(-1) as number) / 1000).toFixed(2)} s`,
  )
}
