import { readFileSync } from 'node:fs'
import { pathToFileURL } from 'node:url'
import { Command, InvalidArgumentError } from 'commander'
import { ZodError, z } from 'zod'
import { ConfigError, type Config, loadConfig } from './config.ts'
import { openDatabase } from './platform/db/database.ts'
import { migrateToLatest } from './platform/db/migrate.ts'
import { verifyAuditChain } from './platform/audit/audit-log.repository.ts'
import { addSystemClient, listSystemClients, revokeSystemClient } from './platform/identity/system-clients.ts'
import { demoLoginLines, seedDemoData } from './demo-data.ts'
import { createPeopleDirectory } from './registry/index.ts'
import { startRuntime } from './runtime.ts'

/** The operator's command line: `samband serve | migrate | seed | clients | audit verify`. */
export async function runCli(argv: string[]): Promise<void> {
  const program = new Command('samband').description('Samband – samhandlingsplattform for helsefellesskapet i Vestfold')
  program.exitOverride()

  program
    .command('serve')
    .description('Run the HTTP server (migrates first; loads the Vestfold demo data when DEMO_DATA=true)')
    .action(async () => {
      const started = Date.now()
      const config = configOrExit()
      const runtime = await startRuntime(config, { listen: true })
      printWelcome(config, Date.now() - started)
      const stop = async (signal: string) => {
        runtime.app.log.info({ signal }, 'shutting down')
        await runtime.close()
        process.exit(0)
      }
      process.once('SIGINT', () => void stop('SIGINT'))
      process.once('SIGTERM', () => void stop('SIGTERM'))
    })

  program
    .command('migrate')
    .description('Apply database migrations')
    .action(() =>
      withDatabase(async (db) => {
        const applied = await migrateToLatest(db.db)
        print({ applied })
      }),
    )

  program
    .command('seed')
    .description('Load demo data (the same every time)')
    .requiredOption('--demo <name>', 'demo data set (vestfold)', (v) => {
      if (v !== 'vestfold') throw new InvalidArgumentError('only "vestfold" is available')
      return v
    })
    .action(() =>
      withDatabase(async (db, config) => {
        await migrateToLatest(db.db)
        print(await seedDemoData(db.db, config, new Date()))
      }),
    )

  const clients = program.command('clients').description('System clients (EPJ and other systems) using client credentials')
  clients
    .command('add')
    .requiredOption('--organisation <orgnr>', 'organisation number the client acts for')
    .requiredOption('--name <name>', 'name of the system')
    .option('--scopes <scopes...>', 'scopes, e.g. samband/registry.read samband/patient.read nhn:msh/api')
    .option('--jwks <file>', 'JSON file with the public JWKS: a private_key_jwt client (as HelseID), no secret', readJwksFile)
    .description('Register a client; prints its id (and secret, when it has one) once, as JSON')
    .action((opts: { organisation: string; name: string; scopes?: string[]; jwks?: unknown }) =>
      withDatabase(async (db, config) => {
        const scopes = opts.scopes?.flatMap((s) => s.split(/[ ,]+/)).filter(Boolean)
        const input = { organisationNumber: opts.organisation, name: opts.name, ...(scopes ? { scopes } : {}) }
        if (opts.jwks !== undefined) {
          const client = await addSystemClient(clientDeps(db, config), { ...input, jwks: opts.jwks as { keys: unknown[] } })
          print({
            ...client,
            note: 'No secret: the client authenticates with private_key_jwt (a client assertion signed with its private key) and should send DPoP proofs.',
          })
        } else {
          const client = await addSystemClient(clientDeps(db, config), input)
          print({ ...client, note: 'The secret is shown only now (client_secret_basic).' })
        }
      }),
    )
  clients
    .command('list')
    .description('List clients (never their secrets)')
    .action(() => withDatabase(async (db) => print(await listSystemClients(db.db))))
  clients
    .command('revoke')
    .argument('<clientId>')
    .description('Revoke a client; its tokens stop working at once')
    .action((clientId: string) =>
      withDatabase(async (db) => {
        const revoked = await revokeSystemClient(db.db, clientId, new Date())
        print({ clientId, revoked })
        if (!revoked) process.exitCode = 1
      }),
    )

  program
    .command('audit')
    .description('Audit log tools')
    .command('verify')
    .description('Check the whole hash chain; names the first broken link')
    .action(() =>
      withDatabase(async (db) => {
        const verdict = await verifyAuditChain(db.db)
        print(verdict)
        if (!verdict.ok) process.exitCode = 1
      }),
    )

  try {
    await program.parseAsync(argv)
  } catch (error) {
    if (error instanceof ConfigError) exitWith(error.message)
    const commanderError = error as { code?: string; exitCode?: number }
    if (commanderError.code?.startsWith('commander.')) {
      process.exitCode = commanderError.exitCode ?? 1
      return
    }
    if (error instanceof ZodError) exitWith(`Invalid input:\n${z.prettifyError(error)}`)
    if (error instanceof Error && error.name === 'AppError') exitWith(error.message)
    throw error
  }
}

function readJwksFile(path: string): unknown {
  let text: string
  try {
    text = readFileSync(path, 'utf8')
  } catch {
    throw new InvalidArgumentError(`cannot read ${path}`)
  }
  try {
    return JSON.parse(text)
  } catch {
    throw new InvalidArgumentError(`${path} is not JSON (expected a JWKS: {"keys": [...]})`)
  }
}

function configOrExit(): Config {
  try {
    return loadConfig()
  } catch (error) {
    if (error instanceof ConfigError) exitWith(error.message)
    throw error
  }
}

async function withDatabase(work: (db: Awaited<ReturnType<typeof openDatabase>>, config: Config) => Promise<void>): Promise<void> {
  const config = configOrExit()
  const db = await openDatabase(config.database)
  try {
    await work(db, config)
  } finally {
    await db.close()
  }
}

function clientDeps(db: Awaited<ReturnType<typeof openDatabase>>, config: Config) {
  return { db: db.db, secretKey: config.secretKey, directory: createPeopleDirectory(db.db) }
}

function print(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`)
}

function exitWith(message: string): never {
  process.stderr.write(`${message}\n`)
  process.exit(1)
}

function printWelcome(config: Config, elapsedMs: number): void {
  const url = config.publicUrl
  const database = config.database.kind === 'postgres' ? 'PostgreSQL' : `PGlite (${config.database.dataDir ?? 'in memory'})`
  const lines = [
    '',
    `Samband is running on ${url} (started in ${(elapsedMs / 1000).toFixed(1)} s, database: ${database})`,
    '',
    `  Portal (innbygger og helsepersonell)  ${url}/`,
    `  API documentation                     ${url}/api/docs   (OpenAPI: ${url}/api/openapi.json)`,
    `  Health                                ${url}/api/health`,
    ...(config.embeddedIdp ? [`  Embedded identity provider            ${url}/idp/.well-known/openid-configuration`] : []),
    ...(config.devMailbox && (!config.notifications.smtpUrl || !config.notifications.sms)
      ? [`  Development mailbox (e-mail and SMS)  ${url}/api/dev-mailbox   (log in as the operator, Ole Olsen, first)`]
      : []),
    '',
    ...(config.demoData ? demoLoginLines(new Date()) : []),
  ]
  process.stdout.write(`${lines.join('\n')}\n`)
}

// Run when executed directly (npm start, tsx src/main.ts), not when imported by bin/samband.js.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  void runCli(process.argv)
}
