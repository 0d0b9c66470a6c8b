/**
 * The only reader of `process.env`. Every variable is validated here, every problem is collected, and Tally
 * refuses to start with the whole list rather than the first complaint. The result is frozen and passed into
 * `createDeps`; nothing else reads the environment.
 */
import path from 'node:path'
import type { PasswordHashing } from './platform/auth/passwords.ts'

export const INSECURE_DEVELOPMENT_SECRET = 'tally-development-secret-do-not-use-in-production'
export const INSECURE_DEVELOPMENT_CHAIN_KEY = 'tally-development-audit-chain-key-do-not-use-in-production'

export type Environment = 'development' | 'test' | 'production'

export interface Config {
  readonly environment: Environment
  readonly http: { readonly host: string; readonly port: number; readonly trustProxy: boolean }
  readonly db: {
    /** A PostgreSQL connection string; when absent Tally uses embedded PGlite in `dataDir`. */
    readonly url: string | undefined
    readonly dataDir: string
    readonly poolSize: number
  }
  readonly session: {
    readonly secret: string
    readonly idleMinutes: number
    readonly absoluteHours: number
    /** Secure cookies: on whenever the deployment is behind TLS (production, or TRUST_PROXY set). */
    readonly secureCookies: boolean
  }
  readonly signIn: {
    readonly maxAttempts: number
    readonly lockoutMinutes: number
    readonly perMinutePerAddress: number
  }
  readonly audit: {
    /** The HMAC key that links the audit chain; the application holds it and the database never sees it. */
    readonly chainKey: string
    /** Keys used before the last rotation: they still verify the events they linked. */
    readonly previousChainKeys: readonly string[]
    /** Where signed chain heads are exported (ideally a share the database's operators cannot write). */
    readonly anchorDir: string
    /** How often `serve` exports an anchor; 0 turns it off. */
    readonly anchorEveryHours: number
  }
  /** Forces that sign people in through their own OpenID Connect provider (local accounts still work). */
  readonly signInProviders: readonly SignInProviderConfig[]
  /** Where people reach Tally (`https://tally.force.police.uk`): the provider's redirect address and links in emails start here. */
  readonly publicUrl: string | undefined
  readonly demo: boolean
  /** Email through SMTP: set when SMTP_HOST is; otherwise notifications are on screen only. */
  readonly mail: {
    readonly smtp:
      | {
          readonly host: string
          readonly port: number
          readonly secure: boolean
          readonly user: string | undefined
          readonly password: string | undefined
          readonly from: string
        }
      | undefined
    /** How often `serve` sends the email outbox. */
    readonly deliverySeconds: number
  }
  readonly metricsToken: string | undefined
  readonly logLevel: string
  /** The cost of hashing passwords: always `standard`, except in the test suites (NODE_ENV=test). */
  readonly passwordHashing: PasswordHashing
}

export interface SignInProviderConfig {
  readonly forceCode: string
  /** What the sign-in button calls it: "Sign in with …". */
  readonly name: string
  readonly issuer: string
  readonly clientId: string
  readonly clientSecret: string
  /** The ID token claim that names a Tally account, and which column of the account it matches. */
  readonly claim: string
  readonly matchOn: 'username' | 'email'
}

export class ConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`Tally cannot start; fix the configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`)
    this.name = 'ConfigError'
  }
}

type Env = Readonly<Record<string, string | undefined>>

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']

export function loadConfig(env: Env = process.env, cwd: string = process.cwd()): Config {
  const problems: string[] = []
  const read = new EnvReader(env, problems)

  const environment = read.oneOf('NODE_ENV', ['development', 'test', 'production'] as const, 'development')
  const production = environment === 'production'
  const trustProxy = read.boolean('TRUST_PROXY', false)

  const secret = read.string('SESSION_SECRET', INSECURE_DEVELOPMENT_SECRET)
  if (production && secret === INSECURE_DEVELOPMENT_SECRET) {
    problems.push('SESSION_SECRET must be set to your own value when NODE_ENV=production')
  } else if (secret.length < 32) {
    problems.push(`SESSION_SECRET must be at least 32 characters long (it has ${secret.length})`)
  }

  const demo = read.boolean('DEMO_DATA', !production)
  if (production && demo) {
    problems.push('DEMO_DATA cannot be true when NODE_ENV=production: demo users have published passwords')
  }

  const { chainKey, previousChainKeys } = readChainKeys(read, problems, production, secret)

  const url = read.optionalString('DATABASE_URL')
  if (url !== undefined && !/^postgres(ql)?:\/\//.test(url)) {
    problems.push('DATABASE_URL must start with postgres:// or postgresql://')
  }

  const dataDir = path.resolve(cwd, read.string('DATA_DIR', './data'))
  const config: Config = {
    environment,
    http: {
      host: read.string('HOST', 'localhost'),
      port: read.integer('PORT', 3000, 0, 65535),
      trustProxy,
    },
    db: {
      url,
      dataDir,
      poolSize: read.integer('DATABASE_POOL_SIZE', 10, 1, 200),
    },
    session: {
      secret,
      idleMinutes: read.integer('SESSION_IDLE_MINUTES', 30, 1, 24 * 60),
      absoluteHours: read.integer('SESSION_ABSOLUTE_HOURS', 12, 1, 24 * 7),
      secureCookies: production || trustProxy,
    },
    signIn: {
      maxAttempts: read.integer('SIGN_IN_MAX_ATTEMPTS', 5, 1, 100),
      lockoutMinutes: read.integer('SIGN_IN_LOCKOUT_MINUTES', 15, 1, 24 * 60),
      perMinutePerAddress: read.integer('SIGN_IN_RATE_PER_MINUTE', 20, 1, 10_000),
    },
    audit: {
      chainKey,
      previousChainKeys,
      anchorDir: path.resolve(cwd, read.string('AUDIT_ANCHOR_DIR', path.join(dataDir, 'audit-anchors'))),
      anchorEveryHours: read.integer('AUDIT_ANCHOR_EVERY_HOURS', 24, 0, 24 * 7),
    },
    signInProviders: readSignInProviders(read, problems, production),
    publicUrl: read.optionalString('PUBLIC_URL')?.replace(/\/+$/, ''),
    demo,
    mail: readMail(read, problems),
    metricsToken: read.optionalString('METRICS_TOKEN'),
    logLevel: read.oneOf('LOG_LEVEL', LOG_LEVELS, environment === 'test' ? 'silent' : 'info'),
    passwordHashing: read.oneOf('PASSWORD_HASHING', ['standard', 'fast-for-tests'] as const, 'standard'),
  }
  if (config.passwordHashing !== 'standard' && environment !== 'test') {
    problems.push('PASSWORD_HASHING=fast-for-tests is only for the test suites (NODE_ENV=test)')
  }

  if (config.signInProviders.length > 0 && !config.publicUrl) {
    problems.push('PUBLIC_URL must be set when OIDC_FORCES is: the identity provider sends people back to it')
  } else if (config.publicUrl !== undefined && !/^https?:\/\/[^/\s]+\S*$/.test(config.publicUrl)) {
    problems.push(`PUBLIC_URL must start with http:// or https:// (got "${config.publicUrl}")`)
  }
  if (problems.length > 0) {
    throw new ConfigError(problems)
  }
  return deepFreeze(config)
}

/** The audit trail's HMAC key (never the session secret in production) and the keys it replaced. */
function readChainKeys(read: EnvReader, problems: string[], production: boolean, secret: string) {
  const chainKey = read.string('AUDIT_CHAIN_KEY', INSECURE_DEVELOPMENT_CHAIN_KEY)
  if (production && chainKey === INSECURE_DEVELOPMENT_CHAIN_KEY) {
    problems.push('AUDIT_CHAIN_KEY must be set to your own value when NODE_ENV=production')
  } else if (chainKey.length < 32) {
    problems.push(`AUDIT_CHAIN_KEY must be at least 32 characters long (it has ${chainKey.length})`)
  } else if (production && chainKey === secret) {
    problems.push('AUDIT_CHAIN_KEY must not be the same as SESSION_SECRET')
  }
  const previousChainKeys = (read.optionalString('AUDIT_CHAIN_PREVIOUS_KEYS') ?? '')
    .split(',')
    .map((key) => key.trim())
    .filter((key) => key !== '')
  return { chainKey, previousChainKeys }
}

/**
 * `OIDC_FORCES=NTH,WMP` lists the forces with their own identity provider; each has `OIDC_<CODE>_ISSUER`,
 * `_CLIENT_ID`, `_CLIENT_SECRET`, and optionally `_CLAIM` (default preferred_username), `_MATCH` (username or
 * email) and `_NAME`. A hyphen in a force code is an underscore in the variable names.
 */
function readSignInProviders(read: EnvReader, problems: string[], production: boolean): SignInProviderConfig[] {
  const codes = (read.optionalString('OIDC_FORCES') ?? '')
    .split(',')
    .map((code) => code.trim())
    .filter((code) => code !== '')
  return codes.map((forceCode) => {
    const prefix = `OIDC_${forceCode.toUpperCase().replaceAll('-', '_')}_`
    const required = (name: string) => {
      const value = read.optionalString(prefix + name)
      if (value === undefined) {
        problems.push(`${prefix}${name} must be set, since OIDC_FORCES names ${forceCode}`)
      }
      return value ?? ''
    }
    const issuer = required('ISSUER')
    if (issuer !== '' && !(/^https:\/\//.test(issuer) || (!production && /^http:\/\//.test(issuer)))) {
      problems.push(`${prefix}ISSUER must be an https:// address`)
    }
    const claim = read.string(prefix + 'CLAIM', 'preferred_username')
    return {
      forceCode,
      name: read.string(prefix + 'NAME', 'your force account'),
      issuer,
      clientId: required('CLIENT_ID'),
      clientSecret: required('CLIENT_SECRET'),
      claim,
      matchOn: read.oneOf(prefix + 'MATCH', ['username', 'email'] as const, claim === 'email' ? 'email' : 'username'),
    }
  })
}

function readMail(read: EnvReader, problems: string[]): Config['mail'] {
  const host = read.optionalString('SMTP_HOST')
  const from = read.optionalString('MAIL_FROM')
  const user = read.optionalString('SMTP_USER')
  const password = read.optionalString('SMTP_PASSWORD')
  const secure = read.boolean('SMTP_SECURE', false)
  const port = read.integer('SMTP_PORT', secure ? 465 : 587, 1, 65535)
  if (host !== undefined && from === undefined) {
    problems.push('MAIL_FROM must be set when SMTP_HOST is (the address Tally’s email comes from)')
  }
  if (from !== undefined && !/^[^@\s<>]+@[^@\s<>]+$|^[^<>]*<[^@\s<>]+@[^@\s<>]+>$/.test(from)) {
    problems.push(
      `MAIL_FROM must be an email address, optionally with a name: Tally <tally@force.police.uk> (got "${from}")`,
    )
  }
  if (password !== undefined && user === undefined) {
    problems.push('SMTP_PASSWORD is set but SMTP_USER is not')
  }
  return {
    smtp: host === undefined ? undefined : { host, port, secure, user, password, from: from ?? '' },
    deliverySeconds: read.integer('MAIL_DELIVERY_SECONDS', 30, 1, 3600),
  }
}

class EnvReader {
  constructor(
    private readonly env: Env,
    private readonly problems: string[],
  ) {}

  optionalString(name: string): string | undefined {
    const value = this.env[name]
    return value === undefined || value.trim() === '' ? undefined : value.trim()
  }

  string(name: string, fallback: string): string {
    return this.optionalString(name) ?? fallback
  }

  integer(name: string, fallback: number, min: number, max: number): number {
    const raw = this.optionalString(name)
    if (raw === undefined) {
      return fallback
    }
    const value = Number(raw)
    if (!Number.isInteger(value) || value < min || value > max) {
      this.problems.push(`${name} must be a whole number from ${min} to ${max} (got "${raw}")`)
      return fallback
    }
    return value
  }

  boolean(name: string, fallback: boolean): boolean {
    const raw = this.optionalString(name)?.toLowerCase()
    if (raw === undefined) {
      return fallback
    }
    if (['true', '1', 'yes'].includes(raw)) {
      return true
    }
    if (['false', '0', 'no'].includes(raw)) {
      return false
    }
    this.problems.push(`${name} must be true or false (got "${raw}")`)
    return fallback
  }

  oneOf<T extends string>(name: string, allowed: readonly T[], fallback: T): T {
    const raw = this.optionalString(name)
    if (raw === undefined) {
      return fallback
    }
    if ((allowed as readonly string[]).includes(raw)) {
      return raw as T
    }
    this.problems.push(`${name} must be one of ${allowed.join(', ')} (got "${raw}")`)
    return fallback
  }
}

function deepFreeze<T extends object>(value: T): T {
  for (const child of Object.values(value)) {
    if (child !== null && typeof child === 'object') {
      deepFreeze(child as object)
    }
  }
  return Object.freeze(value)
}
