import { spawnSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { ConfigError, loadConfig } from './config.ts'

const PROJECT_ROOT = fileURLToPath(new URL('..', import.meta.url))
const PRODUCTION_OK = {
  NODE_ENV: 'production',
  PUBLIC_URL: 'https://samband.example.no',
  DATABASE_URL: 'postgres://samband@db.internal:5432/samband',
  SECRET_KEY: 'k'.repeat(48),
  EMBEDDED_IDP: 'false',
  CITIZEN_ISSUER: 'https://idporten.example.no',
  STAFF_ISSUER: 'https://helseid.example.no',
  SYSTEM_TOKEN_ISSUER: 'https://helseid.example.no',
  CITIZEN_CLIENT_SECRET: 'c'.repeat(32),
  STAFF_CLIENT_SECRET: 's'.repeat(32),
  METRICS_TOKEN: 'm'.repeat(24),
  SMTP_URL: 'smtp://smtp.internal:25',
  SMS_GATEWAY_URL: 'https://sms.internal/v1/messages',
  SMS_GATEWAY_TOKEN: 't'.repeat(24),
}

/** The problems a ConfigError lists, or a failure if loadConfig accepted the environment. */
function problemsOf(env: Record<string, string | undefined>): string[] {
  try {
    loadConfig(env)
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError)
    return (error as ConfigError).problems
  }
  throw new Error(`loadConfig accepted ${JSON.stringify(env)}`)
}

describe('loadConfig refuses a wrong setting and names the variable', () => {
  it.each([
    ['PORT', { PORT: 'abc' }],
    ['PORT', { PORT: '70000' }],
    ['PORT', { PORT: '80.5' }],
    ['DATABASE_URL', { DATABASE_URL: 'mysql://root@localhost/samband' }],
    ['DATABASE_URL', { DATABASE_URL: 'sqlite:./samband.db' }],
    ['PUBLIC_URL', { PUBLIC_URL: 'not a url' }],
    ['NODE_ENV', { NODE_ENV: 'staging' }],
    ['LOG_LEVEL', { LOG_LEVEL: 'loud' }],
    ['SECRET_KEY', { SECRET_KEY: 'too-short' }],
    ['BODY_LIMIT_BYTES', { BODY_LIMIT_BYTES: '10' }],
    ['BODY_LIMIT_BYTES', { BODY_LIMIT_BYTES: 'lots' }],
    ['RATE_LIMIT_PER_MINUTE', { RATE_LIMIT_PER_MINUTE: '0' }],
    ['SESSION_TTL_MINUTES', { SESSION_TTL_MINUTES: '100000' }],
    ['DEMO_DATA', { DEMO_DATA: 'maybe' }],
    ['COOKIE_SECURE', { COOKIE_SECURE: 'sometimes' }],
    ['EMBEDDED_IDP', { EMBEDDED_IDP: 'perhaps' }],
    ['SMTP_URL', { SMTP_URL: 'http://mail.example.no' }],
    ['SMTP_URL', { SMTP_URL: 'smtp://' }],
    ['ALERT_FROM_ADDRESS', { ALERT_FROM_ADDRESS: 'Samband' }],
    ['ALERT_FROM_ADDRESS', { ALERT_FROM_ADDRESS: 'a@b.no\r\nBcc: x@y.no' }],
    ['AMQP_URL', { AMQP_URL: 'http://rabbit:5672' }],
    ['INSTALLATION_NAME', { INSTALLATION_NAME: 'Vestfold' }],
    ['INSTALLATION_NAME', { INSTALLATION_NAME: 'local' }],
    ['AMQP_QUEUE_PREFIX', { AMQP_QUEUE_PREFIX: 'test run/' }],
    ['DEV_MAILBOX', { DEV_MAILBOX: 'on' }],
    ['LOG_FORMAT', { LOG_FORMAT: 'text' }],
  ])('%s in %j', (variable, env) => {
    const problems = problemsOf(env)
    expect(problems).toHaveLength(1)
    expect(problems[0]).toMatch(new RegExp(`^${variable}: `))
  })

  it('the error message lists every bad variable, one per line', () => {
    let message = ''
    try {
      loadConfig({ PORT: 'abc', DATABASE_URL: 'mysql://root@localhost/samband', LOG_LEVEL: 'loud' })
    } catch (error) {
      message = (error as Error).message
    }
    expect(message).toMatch(/^Invalid configuration:/)
    for (const variable of ['PORT', 'DATABASE_URL', 'LOG_LEVEL']) expect(message).toMatch(new RegExp(`\\n  - ${variable}: `))
  })

  it('does not echo the rejected value of a secret', () => {
    const problems = problemsOf({ SECRET_KEY: 'hunter2-short' })
    expect(problems.join('\n')).not.toContain('hunter2')
  })
})

describe('production needs its own settings', () => {
  it('names each missing or unsafe variable when NODE_ENV=production is all that is set', () => {
    const problems = problemsOf({ NODE_ENV: 'production' })
    const named = problems.map((p) => p.split(':')[0])
    expect(named).toEqual(expect.arrayContaining(['SECRET_KEY', 'EMBEDDED_IDP', 'PUBLIC_URL', 'DATABASE_URL', 'METRICS_TOKEN']))
  })

  it.each([
    ['SECRET_KEY', { SECRET_KEY: undefined }],
    ['PUBLIC_URL', { PUBLIC_URL: 'http://samband.example.no' }],
    ['DATABASE_URL', { DATABASE_URL: undefined }],
    ['EMBEDDED_IDP', { EMBEDDED_IDP: 'true' }],
    ['CITIZEN_ISSUER', { CITIZEN_ISSUER: undefined }],
    ['STAFF_ISSUER', { STAFF_ISSUER: undefined }],
    ['SYSTEM_TOKEN_ISSUER', { SYSTEM_TOKEN_ISSUER: undefined }],
    ['CITIZEN_CLIENT_SECRET', { CITIZEN_CLIENT_SECRET: undefined }],
    ['STAFF_CLIENT_SECRET', { STAFF_CLIENT_SECRET: undefined }],
    ['METRICS_TOKEN', { METRICS_TOKEN: undefined }],
    ['METRICS_TOKEN', { METRICS_TOKEN: 'short' }],
    ['SMTP_URL', { SMTP_URL: undefined }],
    ['SMS_GATEWAY_URL', { SMS_GATEWAY_URL: undefined, SMS_GATEWAY_TOKEN: undefined }],
    ['DEV_MAILBOX', { DEV_MAILBOX: 'true' }],
  ])('a production configuration without a good %s is refused', (variable, change) => {
    const problems = problemsOf({ ...PRODUCTION_OK, ...change })
    expect(problems.map((p) => p.split(':')[0])).toEqual([variable])
  })

  it('never uses the development mailbox: it is off, the real channels are required, and switching it on is refused', () => {
    expect(loadConfig(PRODUCTION_OK).devMailbox).toBe(false)
    // Without SMTP or the SMS gateway, production does not fall back to the mailbox: it refuses to start.
    const problems = problemsOf({ ...PRODUCTION_OK, SMTP_URL: undefined, SMS_GATEWAY_URL: undefined, SMS_GATEWAY_TOKEN: undefined, DEV_MAILBOX: 'true' })
    expect(problems.map((p) => p.split(':')[0]).sort()).toEqual(['DEV_MAILBOX', 'SMS_GATEWAY_URL', 'SMTP_URL'])
    expect(problems.find((p) => p.startsWith('DEV_MAILBOX'))).toContain('cannot be true in production')
  })

  it('a complete production configuration loads', () => {
    const config = loadConfig(PRODUCTION_OK)
    expect(config.env).toBe('production')
    expect(config.cookieSecure).toBe(true)
    expect(config.database).toEqual({ kind: 'postgres', url: PRODUCTION_OK.DATABASE_URL })
    expect(config.secretKey).toBe(PRODUCTION_OK.SECRET_KEY)
    expect(config.identity.citizen).toEqual({
      issuer: 'https://idporten.example.no',
      clientId: 'samband-citizen-portal',
      clientSecret: PRODUCTION_OK.CITIZEN_CLIENT_SECRET,
    })
    expect(config.identity.systemIssuer).toBe('https://helseid.example.no')
  })
})

describe('defaults for development', () => {
  it('an empty environment gives a working development configuration', () => {
    const config = loadConfig({})
    expect(config).toMatchObject({
      env: 'development',
      host: '127.0.0.1',
      port: 3000,
      publicUrl: 'http://localhost:3000',
      database: { kind: 'pglite', dataDir: './data' },
      demoData: true,
      logLevel: 'info',
      cookieSecure: false,
      bodyLimitBytes: 1_048_576,
      rateLimitPerMinute: 1200,
      sessionTtlMinutes: 60,
      embeddedIdp: true,
    })
    expect(config.identity.citizen.issuer).toBe('http://localhost:3000/idp')
    expect(config.identity.systemIssuer).toBe('http://localhost:3000/idp')
    expect(config.exchange).toMatchObject({ amqpUrl: null, installationName: 'samband', amqpQueuePrefix: '' })
  })

  it('reads the AMQP transport settings', () => {
    const config = loadConfig({ AMQP_URL: 'amqp://guest:guest@127.0.0.1:5672', INSTALLATION_NAME: 'telemark', AMQP_QUEUE_PREFIX: 'test-1.' })
    expect(config.exchange).toMatchObject({ amqpUrl: 'amqp://guest:guest@127.0.0.1:5672', installationName: 'telemark', amqpQueuePrefix: 'test-1.' })
  })

  it('without SMTP_URL alert e-mails are off; the From address has a default', () => {
    expect(loadConfig({}).exchange).toMatchObject({ smtpUrl: null, alertFromAddress: 'Samband <ikke-svar@samband.example>' })
    const config = loadConfig({ SMTP_URL: 'smtp://127.0.0.1:2525', ALERT_FROM_ADDRESS: 'Samband Vestfold <varsel@samband.example.no>' })
    expect(config.exchange).toMatchObject({ smtpUrl: 'smtp://127.0.0.1:2525', alertFromAddress: 'Samband Vestfold <varsel@samband.example.no>' })
  })

  it('reads the notification channels: SMS only with both gateway URL and token, e-mail over SMTP_URL', () => {
    expect(loadConfig({}).notifications).toEqual({ smtpUrl: null, fromAddress: 'Samband <ikke-svar@samband.example>', sms: null })
    const config = loadConfig({
      SMS_GATEWAY_URL: 'http://127.0.0.1:9999/sms',
      SMS_GATEWAY_TOKEN: 'secret-token',
      SMS_SENDER_ID: 'Vestfold',
      SMTP_URL: 'smtp://127.0.0.1:2525',
    })
    expect(config.notifications).toMatchObject({
      smtpUrl: 'smtp://127.0.0.1:2525',
      sms: { url: 'http://127.0.0.1:9999/sms', token: 'secret-token', sender: 'Vestfold' },
    })
    expect(problemsOf({ SMS_GATEWAY_URL: 'http://127.0.0.1:9999/sms' }).map((p) => p.split(':')[0])).toEqual(['SMS_GATEWAY_TOKEN'])
    expect(problemsOf({ SMS_GATEWAY_URL: 'ftp://sms.example', SMS_GATEWAY_TOKEN: 'x' }).map((p) => p.split(':')[0])).toEqual(['SMS_GATEWAY_URL'])
    expect(problemsOf({ SMS_SENDER_ID: 'Samband Vestfold' }).map((p) => p.split(':')[0])).toEqual(['SMS_SENDER_ID'])
  })

  it('keeps e-mail and SMS in the development mailbox by default in development only', () => {
    expect(loadConfig({}).devMailbox).toBe(true)
    expect(loadConfig({ DEV_MAILBOX: 'false' }).devMailbox).toBe(false)
    // Tests and tools bring their own channels (or none), as production does; they may ask for the mailbox.
    expect(loadConfig({ NODE_ENV: 'test' }).devMailbox).toBe(false)
    expect(loadConfig({ NODE_ENV: 'test', DEV_MAILBOX: 'true' }).devMailbox).toBe(true)
  })

  it.each([
    ['on a terminal in development', 'pretty', {}, true],
    ['into a pipe in development', 'json', {}, false],
    ['on a terminal in production', 'json', PRODUCTION_OK, true],
    ['with LOG_FORMAT=json on a terminal', 'json', { LOG_FORMAT: 'json' }, true],
    ['with LOG_FORMAT=pretty into a pipe', 'pretty', { LOG_FORMAT: 'pretty' }, false],
    ['with LOG_FORMAT=pretty in production', 'pretty', { ...PRODUCTION_OK, LOG_FORMAT: 'pretty' }, false],
  ] as const)('log lines %s are %s', (_case, format, env, stdoutIsTty) => {
    expect(loadConfig(env, { stdoutIsTty }).logFormat).toBe(format)
  })

  it('treats empty strings as unset', () => {
    expect(loadConfig({ PORT: '', DATABASE_URL: '', SECRET_KEY: '' }).port).toBe(3000)
  })

  it('reads DATA_DIR=:memory: as an in-memory PGlite database', () => {
    expect(loadConfig({ DATA_DIR: ':memory:' }).database).toEqual({ kind: 'pglite', dataDir: null })
  })

  it('drops a trailing slash from PUBLIC_URL and derives the issuer from it', () => {
    const config = loadConfig({ PUBLIC_URL: 'https://samband.test/' })
    expect(config.publicUrl).toBe('https://samband.test')
    expect(config.identity.staff.issuer).toBe('https://samband.test/idp')
    expect(config.cookieSecure).toBe(true)
  })

  it('derives distinct portal secrets from SECRET_KEY, the same every time', () => {
    const a = loadConfig({ SECRET_KEY: 'a'.repeat(32) })
    const again = loadConfig({ SECRET_KEY: 'a'.repeat(32) })
    const b = loadConfig({ SECRET_KEY: 'b'.repeat(32) })
    expect(a.identity.citizen.clientSecret).toBe(again.identity.citizen.clientSecret)
    expect(a.identity.citizen.clientSecret).not.toBe(a.identity.staff.clientSecret)
    expect(a.identity.citizen.clientSecret).not.toBe(b.identity.citizen.clientSecret)
    expect(a.identity.citizen.clientSecret).not.toContain('a'.repeat(32))
  })
})

describe('start-up', () => {
  // The real command, so that a bad setting is shown to the operator and nothing starts.
  it.each([
    ['PORT', { PORT: 'abc' }],
    ['DATABASE_URL', { DATABASE_URL: 'mysql://root@localhost/samband' }],
  ])(
    '`samband serve` with a bad %s exits with a message naming it',
    (variable, env) => {
      const result = spawnSync(process.execPath, ['--import', 'tsx', 'src/main.ts', 'serve'], {
        cwd: PROJECT_ROOT,
        env: { PATH: process.env.PATH, HOME: process.env.HOME, DATA_DIR: ':memory:', LOG_LEVEL: 'silent', ...env },
        encoding: 'utf8',
        timeout: 30_000,
      })
      expect(result.status).toBe(1)
      expect(result.stderr).toContain('Invalid configuration')
      expect(result.stderr).toMatch(new RegExp(`- ${variable}: `))
      expect(result.stdout).not.toContain('Samband is running')
    },
    40_000,
  )
})
