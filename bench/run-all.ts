// All benchmarks in turn; each prints its own figures. Needs `npm run build` first.
import { execFileSync } from 'node:child_process'

for (const script of [
  'bench/startup.ts',
  'bench/http.ts',
  'bench/exchange-throughput.ts',
  'bench/exchange-crash.ts',
  'bench/citizen-messages.ts',
  'bench/attachments.ts',
]) {
  console.log(`\n== ${script}`)
  execFileSync(process.execPath, ['--import', 'tsx', script, ...process.argv.slice(2)], { stdio: 'inherit' })
}
