import { fileURLToPath } from 'node:url'
import { build } from 'vite'

/**
 * The server serves web/dist, so the tests would otherwise check whatever was built last.
 * SAMBAND_SKIP_WEB_BUILD=1 skips this when a fresh build is known to exist (CI builds once).
 */
export default async function buildWeb(): Promise<void> {
  if (process.env.SAMBAND_SKIP_WEB_BUILD === '1') return
  await build({
    configFile: fileURLToPath(new URL('../../vite.config.ts', import.meta.url)),
    logLevel: 'warn',
  })
}
