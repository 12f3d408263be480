import { createHmac } from 'node:crypto'
import { z } from 'zod'

/** Development-only secret: refused when NODE_ENV=production. */
const DEV_SECRET = 'samband-development-secret-not-for-production-use'

const booleanString = z.enum(['true', 'false', '1', '0', 'yes', 'no']).transform((v) => v === 'true' || v === '1' || v === 'yes')

const EnvSchema = z
  .object({
    NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
    HOST: z.string().min(1).default('127.0.0.1'),
    PORT: z.coerce.number().int().min(0).max(65535).default(3000),
    PUBLIC_URL: z.url().optional(),
    DATABASE_URL: z
      .string()
      .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// or postgresql:// URL')
      .optional(),
    DATA_DIR: z.string().min(1).default('./data'),
    SECRET_KEY: z.string().min(32, 'must be at least 32 characters').optional(),
    DEMO_DATA: booleanString.default(true),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    // Human-readable lines (pino-pretty) or JSON; by default pretty on a terminal outside production.
    LOG_FORMAT: z.enum(['json', 'pretty']).optional(),
    COOKIE_SECURE: booleanString.optional(),
    BODY_LIMIT_BYTES: z.coerce.number().int().min(1024).max(50_000_000).default(1_048_576),
    RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).default(1200),
    SESSION_TTL_MINUTES: z.coerce
      .number()
      .int()
      .min(5)
      .max(24 * 60)
      .default(60),
    CITIZEN_ISSUER: z.url().optional(),
    CITIZEN_CLIENT_ID: z.string().min(1).default('samband-citizen-portal'),
    CITIZEN_CLIENT_SECRET: z.string().min(16).optional(),
    STAFF_ISSUER: z.url().optional(),
    STAFF_CLIENT_ID: z.string().min(1).default('samband-staff-portal'),
    STAFF_CLIENT_SECRET: z.string().min(16).optional(),
    SYSTEM_TOKEN_ISSUER: z.url().optional(),
    EMBEDDED_IDP: booleanString.default(true),
    METRICS_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),
    // System tokens must be DPoP-bound (RFC 9449) as HelseID issues them; plain Bearer is for trying the API locally.
    REQUIRE_DPOP: booleanString.optional(),
    AMQP_URL: z
      .string()
      .regex(/^amqps?:\/\//, 'must be an amqp:// or amqps:// URL')
      .optional(),
    // This installation's name as other installations' address registries spell it ('local' is the registry's own marker).
    INSTALLATION_NAME: z
      .string()
      .max(63)
      .regex(/^[a-z0-9-]+$/, 'must be lower-case letters, digits and hyphens')
      .refine((name) => name !== 'local', "cannot be 'local' (the address registry's marker for this installation's own parties)")
      .default('samband'),
    // Lets several installations or test runs share one broker without sharing queues.
    AMQP_QUEUE_PREFIX: z
      .string()
      .max(100)
      .regex(/^[A-Za-z0-9._:-]*$/, 'may hold letters, digits and . _ : - only')
      .default(''),
    EXCHANGE_APPREC_DEADLINE_HOURS: z.coerce
      .number()
      .min(0.001)
      .max(24 * 30)
      .default(96),
    EXCHANGE_RESEND_INTERVAL_MINUTES: z.coerce
      .number()
      .min(0.01)
      .max(7 * 24 * 60)
      .default(12 * 60),
    EXCHANGE_MAX_RESENDS: z.coerce.number().int().min(0).max(20).default(5),
    EXCHANGE_XSD_BATCH_INTERVAL_MS: z.coerce.number().int().min(0).max(5000).default(500),
    EXCHANGE_MAX_DOCUMENT_BYTES: z.coerce
      .number()
      .int()
      .min(1024)
      .max(35 * 1024 * 1024)
      .default(35 * 1024 * 1024),
    // Where e-mails go (alerts to the senders' contact points, citizens' notifications); without it they go to the
    // development mailbox (DEV_MAILBOX), or alerts are only shown in the portal and e-mail notifications wait.
    SMTP_URL: z
      .string()
      .regex(/^smtps?:\/\/[^/?#]+/, 'must be an smtp:// or smtps:// URL')
      .optional(),
    ALERT_FROM_ADDRESS: z
      .string()
      .regex(/^[^\r\n]*<?[^\s@<>]+@[^\s@<>]+>?$/, 'must be an e-mail address, optionally with a name: Name <address>')
      .default('Samband <ikke-svar@samband.example>'),
    // Citizens' SMS notifications go through this HTTP gateway; without it they go to the development mailbox (DEV_MAILBOX) or wait in the outbox.
    SMS_GATEWAY_URL: z.url({ protocol: /^https?$/ }).optional(),
    SMS_GATEWAY_TOKEN: z.string().min(1).optional(),
    // Alphanumeric sender shown on the phone (at most 11 characters, the SMS limit).
    SMS_SENDER_ID: z
      .string()
      .regex(/^[A-Za-z0-9]{1,11}$/, 'must be 1–11 letters or digits')
      .default('Samband'),
    // HER-id of this installation's citizen-services party (sender of citizens' messages to the services' EPJ).
    CITIZEN_SERVICES_HER_ID: z.coerce.number().int().min(1).max(999_999_999).default(810190),
    // E-mail and SMS with no SMTP server or SMS gateway to go to are kept in the development mailbox (GET /api/dev-mailbox).
    DEV_MAILBOX: booleanString.optional(),
    NOTIFICATION_FROM_ADDRESS: z
      .string()
      .regex(/^[^\r\n]*<?[^\s@<>]+@[^\s@<>]+>?$/, 'must be an e-mail address, optionally with a name: Name <address>')
      .default('Samband <ikke-svar@samband.example>'),
  })
  .superRefine((env, ctx) => {
    if (env.NODE_ENV === 'production') {
      if (!env.SECRET_KEY) ctx.addIssue({ code: 'custom', path: ['SECRET_KEY'], message: 'is required in production' })
      if (env.EMBEDDED_IDP) ctx.addIssue({ code: 'custom', path: ['EMBEDDED_IDP'], message: 'must be false in production (use ID-porten and HelseID)' })
      if (!env.PUBLIC_URL?.startsWith('https:')) ctx.addIssue({ code: 'custom', path: ['PUBLIC_URL'], message: 'must be an https:// URL in production' })
      if (!env.DATABASE_URL) ctx.addIssue({ code: 'custom', path: ['DATABASE_URL'], message: 'is required in production (PGlite is for development)' })
      if (!env.METRICS_TOKEN) ctx.addIssue({ code: 'custom', path: ['METRICS_TOKEN'], message: 'is required in production (it guards /metrics)' })
      if (env.REQUIRE_DPOP === false)
        ctx.addIssue({ code: 'custom', path: ['REQUIRE_DPOP'], message: 'cannot be false in production (HelseID tokens are DPoP-bound)' })
      if (!env.SMTP_URL)
        ctx.addIssue({ code: 'custom', path: ['SMTP_URL'], message: 'is required in production (senders must be alerted when a receipt is overdue)' })
      if (!env.SMS_GATEWAY_URL) ctx.addIssue({ code: 'custom', path: ['SMS_GATEWAY_URL'], message: 'is required in production (citizens are notified by SMS)' })
      // Production refuses the development mailbox: e-mail and SMS must leave through the real channels above, so
      // there is nothing it could stand in for, and it must not be switched on either.
      if (env.DEV_MAILBOX)
        ctx.addIssue({
          code: 'custom',
          path: ['DEV_MAILBOX'],
          message: 'cannot be true in production (e-mail and SMS must leave through SMTP_URL and SMS_GATEWAY_URL)',
        })
    }
    if (env.SMS_GATEWAY_URL && !env.SMS_GATEWAY_TOKEN)
      ctx.addIssue({ code: 'custom', path: ['SMS_GATEWAY_TOKEN'], message: 'is required when SMS_GATEWAY_URL is set' })
    if (!env.EMBEDDED_IDP) {
      for (const key of ['CITIZEN_ISSUER', 'STAFF_ISSUER', 'SYSTEM_TOKEN_ISSUER', 'CITIZEN_CLIENT_SECRET', 'STAFF_CLIENT_SECRET'] as const) {
        if (!env[key]) ctx.addIssue({ code: 'custom', path: [key], message: 'is required when EMBEDDED_IDP=false' })
      }
    }
  })

export type Database = { kind: 'pglite'; dataDir: string | null } | { kind: 'postgres'; url: string }

export type Config = {
  env: 'development' | 'test' | 'production'
  host: string
  port: number
  /** Where browsers reach us; issuer and redirect URIs derive from it. */
  publicUrl: string
  database: Database
  secretKey: string
  demoData: boolean
  logLevel: string
  /** How standard output's log lines are written: JSON, or human-readable (pino-pretty). */
  logFormat: 'json' | 'pretty'
  /**
   * Keep e-mail and SMS that have no SMTP server or SMS gateway to go to in the development mailbox, readable by the
   * platform operator at /api/dev-mailbox. On by default in development; never in production.
   */
  devMailbox: boolean
  cookieSecure: boolean
  bodyLimitBytes: number
  rateLimitPerMinute: number
  sessionTtlMinutes: number
  embeddedIdp: boolean
  /** When set, /metrics answers only to `Authorization: Bearer <token>`. */
  metricsToken: string | null
  /** Refuse system tokens that are not DPoP-bound. */
  requireDpop: boolean
  exchange: {
    /** RabbitMQ for message transport to other installations; null keeps every party local. */
    amqpUrl: string | null
    /** This installation's name (other installations' registries name it in communication_party.installation). */
    installationName: string
    /** Prepended to every AMQP queue name. */
    amqpQueuePrefix: string
    /** No AppRec by this long after the message's GenDate: overdue (the standard's limit is 96 h). */
    appRecDeadlineHours: number
    resendIntervalMinutes: number
    maxResends: number
    /** Largest business document accepted (NHN's limit is 35 MB). */
    maxDocumentBytes: number
    /** Under load, schema-validation runs start at least this far apart so that each covers many documents. */
    xsdBatchIntervalMs: number
    /** SMTP server for alert e-mails to senders' contact points; null: the development mailbox, or the portal only. */
    smtpUrl: string | null
    /** From: of alert e-mails. */
    alertFromAddress: string
  }
  citizen: {
    /** HER-id of Samband's citizen-services party in the address registry. */
    servicesHerId: number
  }
  notifications: {
    /** SMTP for citizens' e-mail notifications (the same SMTP_URL as the alerts); null: the development mailbox, or e-mails wait. */
    smtpUrl: string | null
    fromAddress: string
    /** Null: the development mailbox, or SMS notifications wait in the outbox. */
    sms: { url: string; token: string; sender: string } | null
  }
  identity: {
    citizen: { issuer: string; clientId: string; clientSecret: string }
    staff: { issuer: string; clientId: string; clientSecret: string }
    /** Issuer of client-credentials tokens for EPJ and other systems (HelseID in production). */
    systemIssuer: string
  }
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`)
    this.name = 'ConfigError'
  }
}

/**
 * Reads and validates the environment; every bad value is named in the error. `stdoutIsTty` decides the default log
 * format (human-readable on a terminal, outside production).
 */
export function loadConfig(source: Record<string, string | undefined> = process.env, options: { stdoutIsTty?: boolean } = {}): Config {
  const present = Object.fromEntries(Object.entries(source).filter(([, v]) => v !== undefined && v !== ''))
  const parsed = EnvSchema.safeParse(present)
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join('.') || '(environment)'}: ${i.message}`))
  }
  const env = parsed.data
  const publicUrl = (env.PUBLIC_URL ?? `http://localhost:${env.PORT}`).replace(/\/$/, '')
  const embeddedIssuer = `${publicUrl}/idp`
  const secretKey = env.SECRET_KEY ?? DEV_SECRET
  return {
    env: env.NODE_ENV,
    host: env.HOST,
    port: env.PORT,
    publicUrl,
    database: env.DATABASE_URL ? { kind: 'postgres', url: env.DATABASE_URL } : { kind: 'pglite', dataDir: env.DATA_DIR === ':memory:' ? null : env.DATA_DIR },
    secretKey,
    demoData: env.DEMO_DATA,
    logLevel: env.LOG_LEVEL,
    logFormat: env.LOG_FORMAT ?? (env.NODE_ENV !== 'production' && (options.stdoutIsTty ?? process.stdout.isTTY === true) ? 'pretty' : 'json'),
    // Development only by default: tests and tools (NODE_ENV=test) bring their own channels or none, as production does.
    devMailbox: env.DEV_MAILBOX ?? env.NODE_ENV === 'development',
    // Secure cookies need https; plain http is only for development on this machine.
    cookieSecure: env.COOKIE_SECURE ?? publicUrl.startsWith('https:'),
    bodyLimitBytes: env.BODY_LIMIT_BYTES,
    rateLimitPerMinute: env.RATE_LIMIT_PER_MINUTE,
    sessionTtlMinutes: env.SESSION_TTL_MINUTES,
    embeddedIdp: env.EMBEDDED_IDP,
    metricsToken: env.METRICS_TOKEN ?? null,
    requireDpop: env.REQUIRE_DPOP ?? env.NODE_ENV === 'production',
    exchange: {
      amqpUrl: env.AMQP_URL ?? null,
      installationName: env.INSTALLATION_NAME,
      amqpQueuePrefix: env.AMQP_QUEUE_PREFIX,
      appRecDeadlineHours: env.EXCHANGE_APPREC_DEADLINE_HOURS,
      resendIntervalMinutes: env.EXCHANGE_RESEND_INTERVAL_MINUTES,
      maxResends: env.EXCHANGE_MAX_RESENDS,
      maxDocumentBytes: env.EXCHANGE_MAX_DOCUMENT_BYTES,
      xsdBatchIntervalMs: env.EXCHANGE_XSD_BATCH_INTERVAL_MS,
      smtpUrl: env.SMTP_URL ?? null,
      alertFromAddress: env.ALERT_FROM_ADDRESS,
    },
    citizen: { servicesHerId: env.CITIZEN_SERVICES_HER_ID },
    notifications: {
      smtpUrl: env.SMTP_URL ?? null,
      fromAddress: env.NOTIFICATION_FROM_ADDRESS,
      sms: env.SMS_GATEWAY_URL && env.SMS_GATEWAY_TOKEN ? { url: env.SMS_GATEWAY_URL, token: env.SMS_GATEWAY_TOKEN, sender: env.SMS_SENDER_ID } : null,
    },
    identity: {
      citizen: {
        issuer: env.CITIZEN_ISSUER ?? embeddedIssuer,
        clientId: env.CITIZEN_CLIENT_ID,
        clientSecret: env.CITIZEN_CLIENT_SECRET ?? deriveSecret(secretKey, env.CITIZEN_CLIENT_ID),
      },
      staff: {
        issuer: env.STAFF_ISSUER ?? embeddedIssuer,
        clientId: env.STAFF_CLIENT_ID,
        clientSecret: env.STAFF_CLIENT_SECRET ?? deriveSecret(secretKey, env.STAFF_CLIENT_ID),
      },
      systemIssuer: env.SYSTEM_TOKEN_ISSUER ?? embeddedIssuer,
    },
  }
}

/** The embedded IdP and the portal share a secret derived from SECRET_KEY, so neither needs its own setting. */
function deriveSecret(secretKey: string, label: string): string {
  // Deterministic, not reversible; only used when both sides are this process.
  return `${label}.${Buffer.from(hmac(secretKey, label)).toString('base64url')}`
}

function hmac(key: string, data: string): Buffer {
  return createHmac('sha256', key).update(data).digest()
}
