import crypto from 'node:crypto'
import { sql } from 'kysely'
import type { TallyDatabase } from '../db/database.ts'
import { newId } from '../ids.ts'
import { isRole, type Role } from './roles.ts'

/**
 * Sessions and API tokens carry their force in the clear part of the credential (`<force>.<secret>`), so each
 * lookup is one primary-key read in one force — the shape Citus routes to a single shard. Only a SHA-256 of
 * the secret is stored: the secrets are 256 random bits, so a slow hash adds nothing.
 */
const SECRET_BYTES = 32
const TOKEN_PREFIX = 'tally'

export interface SignInCandidate {
  forceId: number
  userId: string
  username: string
  displayName: string
  passwordHash: string
  active: boolean
}

export interface Identity {
  forceId: number
  type: 'user' | 'token'
  id: string
  name: string
  roles: Role[]
}

export interface SessionIdentity extends Identity {
  type: 'user'
  sessionHash: string
}

export function sha256(value: string): string {
  return crypto.createHash('sha256').update(value).digest('hex')
}

function randomSecret(): string {
  return crypto.randomBytes(SECRET_BYTES).toString('base64url')
}

/** Parses `<force>.<secret>`; undefined for anything else. */
export function parseSessionCookie(value: string): { forceId: number; secret: string } | undefined {
  const match = /^(\d{1,9})\.([A-Za-z0-9_-]{43})$/.exec(value)
  return match ? { forceId: Number(match[1]), secret: match[2]! } : undefined
}

/** Parses `tally_<force>_<token id>_<secret>`; undefined for anything else. */
export function parseApiToken(value: string): { forceId: number; tokenId: string; secret: string } | undefined {
  const match = /^tally_(\d{1,9})_([0-9a-f]{32})_([A-Za-z0-9_-]{43})$/.exec(value)
  if (!match) {
    return undefined
  }
  const hex = match[2]!
  const tokenId = `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`
  return { forceId: Number(match[1]), tokenId, secret: match[3]! }
}

export class IdentityStore {
  constructor(private readonly db: TallyDatabase) {}

  /** The account with this username in this force, if there is one (usernames are unique within a force). */
  findSignInAccount(forceId: number, usernameKey: string): Promise<SignInCandidate | undefined> {
    return this.db.kysely
      .selectFrom('userAccount')
      .select(['forceId', 'userId', 'username', 'displayName', 'passwordHash', 'active'])
      .where('forceId', '=', forceId)
      .where(sql<string>`lower(username)`, '=', usernameKey)
      .executeTakeFirst()
  }

  /**
   * The account an identity provider's claim names: by username or by email, ignoring case. An email shared by
   * two accounts names neither, since the provider cannot say which one it meant.
   */
  async findProviderAccount(
    forceId: number,
    column: 'username' | 'email',
    value: string,
  ): Promise<SignInCandidate | undefined> {
    const rows = await this.db.kysely
      .selectFrom('userAccount')
      .select(['forceId', 'userId', 'username', 'displayName', 'passwordHash', 'active'])
      .where('forceId', '=', forceId)
      .where(sql<string>`lower(${sql.ref(column)})`, '=', value.trim().toLowerCase())
      .limit(2)
      .execute()
    return rows.length === 1 ? rows[0] : undefined
  }

  /** When sign-in for this force and username is locked until, if it is locked now. */
  async lockedUntil(forceId: number, usernameKey: string, now: Date): Promise<Date | undefined> {
    const row = await this.db.kysely
      .selectFrom('signInAttempt')
      .select('lockedUntil')
      .where('forceId', '=', forceId)
      .where('usernameKey', '=', usernameKey)
      .executeTakeFirst()
    return row?.lockedUntil && row.lockedUntil > now ? row.lockedUntil : undefined
  }

  /**
   * Counts a failed attempt for this force and username, whether or not it is an account; at `maxAttempts`
   * sign-in locks until `lockedUntil`. Failures older than the lockout period are forgotten, so a typo a week
   * ago does not count. Returns whether it is now locked.
   */
  async recordFailedSignIn(
    forceId: number,
    usernameKey: string,
    now: Date,
    maxAttempts: number,
    lockoutMinutes: number,
  ) {
    const forgetBefore = new Date(now.getTime() - lockoutMinutes * 60_000)
    const lockUntil = new Date(now.getTime() + lockoutMinutes * 60_000)
    const { rows } = await sql<{ lockedUntil: Date | null }>`
      insert into sign_in_attempt as a (force_id, username_key, failed_attempts, last_failed_at, locked_until)
      values (${forceId}, ${usernameKey}, 1, ${now}::timestamptz,
              case when ${maxAttempts}::integer <= 1 then ${lockUntil}::timestamptz end)
      on conflict (force_id, username_key) do update set
        failed_attempts = case when a.last_failed_at < ${forgetBefore}::timestamptz then 1 else a.failed_attempts + 1 end,
        last_failed_at = excluded.last_failed_at,
        locked_until = case
          when (case when a.last_failed_at < ${forgetBefore}::timestamptz then 1 else a.failed_attempts + 1 end)
               >= ${maxAttempts}::integer
          then ${lockUntil}::timestamptz end
      returning locked_until as "lockedUntil"`.execute(this.db.kysely)
    const row = rows[0]!
    // Counters of names nobody has tried for a day are of no further use.
    await this.db.kysely
      .deleteFrom('signInAttempt')
      .where('forceId', '=', forceId)
      .where('lastFailedAt', '<', new Date(now.getTime() - 24 * 3_600_000))
      .where((eb) => eb.or([eb('lockedUntil', 'is', null), eb('lockedUntil', '<', now)]))
      .execute()
    return row.lockedUntil !== null && row.lockedUntil > now
  }

  async recordSuccessfulSignIn(forceId: number, userId: string, usernameKey: string, now: Date): Promise<void> {
    await this.db.kysely
      .deleteFrom('signInAttempt')
      .where('forceId', '=', forceId)
      .where('usernameKey', '=', usernameKey)
      .execute()
    await this.db.kysely
      .updateTable('userAccount')
      .set({ lastSignedInAt: now })
      .where('forceId', '=', forceId)
      .where('userId', '=', userId)
      .execute()
    // Sign-in is a natural moment to sweep this user's expired sessions.
    await this.db.kysely
      .deleteFrom('session')
      .where('forceId', '=', forceId)
      .where('userId', '=', userId)
      .where('expiresAt', '<=', now)
      .execute()
  }

  /** A brand-new session (never an old id reused: no session fixation). Returns the cookie value. */
  async createSession(forceId: number, userId: string, now: Date, absoluteHours: number): Promise<string> {
    const secret = randomSecret()
    await this.db.kysely
      .insertInto('session')
      .values({
        forceId,
        sessionHash: sha256(secret),
        userId,
        createdAt: now,
        lastSeenAt: now,
        expiresAt: new Date(now.getTime() + absoluteHours * 3_600_000),
      })
      .execute()
    return `${forceId}.${secret}`
  }

  /**
   * The signed-in user behind a session cookie, or undefined if it is unknown, past its absolute expiry, idle
   * too long, or the account is disabled. Activity is written at most once a minute.
   */
  async findSession(cookie: string, now: Date, idleMinutes: number): Promise<SessionIdentity | undefined> {
    const parsed = parseSessionCookie(cookie)
    if (!parsed) {
      return undefined
    }
    const sessionHash = sha256(parsed.secret)
    const row = await this.db.kysely
      .selectFrom('session')
      .innerJoin('userAccount', (join) =>
        join.onRef('userAccount.forceId', '=', 'session.forceId').onRef('userAccount.userId', '=', 'session.userId'),
      )
      .select((eb) => [
        'session.userId',
        'session.lastSeenAt',
        'session.expiresAt',
        'userAccount.displayName',
        'userAccount.active',
        eb
          .selectFrom('userRole')
          .select(sql<string[]>`coalesce(array_agg(role order by role), '{}')`.as('roles'))
          .whereRef('userRole.forceId', '=', 'session.forceId')
          .whereRef('userRole.userId', '=', 'session.userId')
          .as('roles'),
      ])
      .where('session.forceId', '=', parsed.forceId)
      .where('session.sessionHash', '=', sessionHash)
      .executeTakeFirst()
    if (
      !row ||
      !row.active ||
      row.expiresAt <= now ||
      now.getTime() - row.lastSeenAt.getTime() > idleMinutes * 60_000
    ) {
      return undefined
    }
    if (now.getTime() - row.lastSeenAt.getTime() > 60_000) {
      await this.db.kysely
        .updateTable('session')
        .set({ lastSeenAt: now })
        .where('forceId', '=', parsed.forceId)
        .where('sessionHash', '=', sessionHash)
        .execute()
    }
    return {
      type: 'user',
      forceId: parsed.forceId,
      id: row.userId,
      name: row.displayName,
      roles: (row.roles ?? []).filter(isRole),
      sessionHash,
    }
  }

  async endSession(forceId: number, sessionHash: string): Promise<void> {
    await this.db.kysely
      .deleteFrom('session')
      .where('forceId', '=', forceId)
      .where('sessionHash', '=', sessionHash)
      .execute()
  }

  async endAllSessions(forceId: number, userId: string): Promise<void> {
    await this.db.kysely.deleteFrom('session').where('forceId', '=', forceId).where('userId', '=', userId).execute()
  }

  /** The system behind a bearer token, or undefined if the token is malformed, unknown or revoked. */
  async findToken(bearer: string, now: Date): Promise<Identity | undefined> {
    const parsed = parseApiToken(bearer)
    if (!parsed) {
      return undefined
    }
    const row = await this.db.kysely
      .selectFrom('apiToken')
      .select(['tokenId', 'name', 'role', 'secretHash', 'revokedAt', 'lastUsedAt'])
      .where('forceId', '=', parsed.forceId)
      .where('tokenId', '=', parsed.tokenId)
      .executeTakeFirst()
    if (!row || row.revokedAt !== null || !isRole(row.role)) {
      return undefined
    }
    const presented = Buffer.from(sha256(parsed.secret), 'hex')
    const stored = Buffer.from(row.secretHash, 'hex')
    if (presented.length !== stored.length || !crypto.timingSafeEqual(presented, stored)) {
      return undefined
    }
    if (row.lastUsedAt === null || now.getTime() - row.lastUsedAt.getTime() > 60_000) {
      await this.db.kysely
        .updateTable('apiToken')
        .set({ lastUsedAt: now })
        .where('forceId', '=', parsed.forceId)
        .where('tokenId', '=', parsed.tokenId)
        .execute()
    }
    return { type: 'token', forceId: parsed.forceId, id: row.tokenId, name: row.name, roles: [row.role] }
  }

  /** Makes a token's credential; the caller stores `secretHash` and shows `token` once. */
  static newTokenCredential(forceId: number): { tokenId: string; token: string; secretHash: string } {
    const tokenId = newId()
    const secret = randomSecret()
    return {
      tokenId,
      token: `${TOKEN_PREFIX}_${forceId}_${tokenId.replaceAll('-', '')}_${secret}`,
      secretHash: sha256(secret),
    }
  }
}
