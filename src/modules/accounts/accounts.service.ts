import { systemActor, type Actor } from '../../platform/auth/actor.ts'
import { IdentityStore, type SessionIdentity, type SignInCandidate } from '../../platform/auth/identity-store.ts'
import {
  hashPassword,
  passwordProblems,
  verifyDecoy,
  verifyPassword,
  type PasswordHashing,
} from '../../platform/auth/passwords.ts'
import { isRole, ROLES, type Role } from '../../platform/auth/roles.ts'
import type { Clock } from '../../platform/clock.ts'
import type { ForceTransaction, TallyDatabase } from '../../platform/db/database.ts'
import { Conflict, FieldErrors, Forbidden, NotFound } from '../../platform/http/errors.ts'
import { newId } from '../../platform/ids.ts'
import type { AuditTrailService } from '../audit-trail/index.ts'
import type { AccountsRepository } from './accounts.repository.ts'
import {
  effectiveSeparation,
  roleCombinationProblems,
  tokenRoleProblems,
  type RoleSeparation,
} from './accounts.rules.ts'

export interface SignInPolicy {
  maxAttempts: number
  lockoutMinutes: number
  absoluteHours: number
  /** The cost of hashing passwords (config.passwordHashing); `standard` when not given. */
  passwordHashing?: PasswordHashing
}

/** A set-aside force's code: this and its id, freeing its own code. */
const SET_ASIDE_PREFIX = 'SETASIDE-'

export type SignInResult =
  | { outcome: 'signed-in'; cookie: string; forceId: number; userId: string }
  | { outcome: 'invalid' }
  | { outcome: 'locked'; until: Date }

export interface NewUserInput {
  username: string
  displayName: string
  email?: string | undefined
  password: string
  roles: readonly string[]
}

const USERNAME = /^[A-Za-z0-9._@-]{2,100}$/

function accountActor(account: SignInCandidate): Actor {
  return { ...systemActor(account.forceId), type: 'user', id: account.userId, name: account.displayName }
}

export class AccountsService {
  private readonly forceNames = new Map<number, string>()

  constructor(
    private readonly db: TallyDatabase,
    private readonly repository: AccountsRepository,
    private readonly identities: IdentityStore,
    private readonly auditTrail: AuditTrailService,
    private readonly clock: Clock,
    private readonly policy: SignInPolicy,
  ) {}

  /** Creates a force (an operator's act, before any of its users exist). */
  async createForce(input: { code: string; name: string; crimeReferencePrefix?: string | undefined }) {
    const errors = new FieldErrors()
      .check(/^[A-Za-z0-9-]{2,20}$/.test(input.code), 'code', 'Force code must be 2 to 20 letters, digits or hyphens')
      .check(input.name.trim().length > 0, 'name', 'Enter the force name')
    errors.throwIfAny()
    if (await this.repository.findForceByCode(input.code)) {
      throw new Conflict(`A force with code ${input.code} already exists`)
    }
    const force = await this.repository.insertForce({
      code: input.code,
      name: input.name.trim(),
      crimeReferencePrefix: input.crimeReferencePrefix ?? input.code.toUpperCase(),
    })
    await this.db.withForce(force.forceId, (tx) => {
      this.auditTrail.record(tx, systemActor(force.forceId), {
        action: 'FORCE_CREATED',
        recordType: 'force',
        recordId: String(force.forceId),
        changes: { code: { before: null, after: force.code }, name: { before: null, after: force.name } },
      })
    })
    return force
  }

  /**
   * Sets aside a force whose setup failed part-way: its code is freed (so setup can start again under it) and its
   * accounts are disabled. Nothing is deleted — its audit trail must stay — and the reason is recorded.
   */
  async setAsideForce(forceId: number, reason: string): Promise<void> {
    await this.db.withForce(forceId, async (tx) => {
      const code = `${SET_ASIDE_PREFIX}${forceId}`
      await this.repository.setAside(tx, forceId, code)
      this.auditTrail.record(tx, systemActor(forceId), {
        action: 'FORCE_SET_ASIDE',
        recordType: 'force',
        recordId: String(forceId),
        changes: { code: { before: null, after: code } },
        reason,
      })
    })
    this.forceNames.delete(forceId)
  }

  findForce(code: string) {
    return this.repository.findForceByCode(code)
  }

  listForces() {
    return this.repository.listForces()
  }

  /** The forces in use: not those set aside after a failed setup. */
  async listForcesInUse() {
    return (await this.repository.listForces()).filter((force) => !force.code.startsWith(SET_ASIDE_PREFIX))
  }

  /** The force's name for page headers; forces are few and rarely renamed, so names are kept once read. */
  async forceName(forceId: number): Promise<string | undefined> {
    const known = this.forceNames.get(forceId)
    if (known !== undefined) {
      return known
    }
    const row = await this.repository.forceName(forceId)
    if (row) {
      this.forceNames.set(forceId, row.name)
    }
    return row?.name
  }

  /** Creates a local account. Every problem with the input is reported at once; nothing is stored unless all is well. */
  async createUser(actor: Actor, input: NewUserInput): Promise<{ userId: string }> {
    actor.permissions.require('users.manage')
    const roles = input.roles.filter(isRole)
    const errors = new FieldErrors()
      .check(
        USERNAME.test(input.username),
        'username',
        'Username must be 2 to 100 letters, digits, dots, hyphens, underscores or @',
      )
      .check(input.displayName.trim().length > 0, 'displayName', 'Enter the person’s name')
      .check(
        input.email === undefined || input.email === '' || /^[^@\s]+@[^@\s]+$/.test(input.email),
        'email',
        'Enter an email address like name@police.uk',
      )
    for (const problem of passwordProblems(input.password)) {
      errors.add('password', problem)
    }
    const unknownRoles = input.roles.filter((role) => !isRole(role))
    if (unknownRoles.length > 0) {
      errors.add('roles', `Unknown role: ${unknownRoles.join(', ')}`)
    } else {
      // Rule 9: the force's separation of duties, checked wherever a role is granted (pages, API, CLI).
      const separation = await this.db.withForce(actor.forceId, (tx) => this.separationIn(tx))
      for (const problem of roleCombinationProblems(roles, separation)) {
        errors.add('roles', problem)
      }
    }
    errors.throwIfAny()

    const passwordHash = await hashPassword(input.password, this.policy.passwordHashing)
    return this.db.withForce(actor.forceId, async (tx) => {
      if (await this.repository.usernameTaken(tx, input.username)) {
        new FieldErrors().add('username', `The username ${input.username} is already taken`).throwIfAny()
      }
      const userId = newId()
      await this.repository.insertUser(tx, {
        userId,
        username: input.username,
        displayName: input.displayName.trim(),
        email: input.email || null,
        passwordHash,
        roles,
      })
      this.auditTrail.record(tx, actor, {
        action: 'USER_CREATED',
        recordType: 'user',
        recordId: userId,
        changes: {
          username: { before: null, after: input.username },
          displayName: { before: null, after: input.displayName.trim() },
          roles: { before: null, after: roles },
        },
      })
      return { userId }
    })
  }

  async listUsers(actor: Actor) {
    // The people list: the accounts page, and the forms and views elsewhere that name or choose people.
    actor.permissions.require(
      'users.manage',
      'staff.manage',
      'queues.work',
      'dashboard.view',
      'risks.view',
      'risks.manage',
      'reference-data.manage',
      'crimes.authority.manage',
    )
    return this.db.withForce(actor.forceId, async (tx) =>
      (await this.repository.listUsers(tx)).map((user) => ({
        ...user,
        roles: (user.roles ?? []).filter((role): role is Role => role !== null && isRole(role)),
      })),
    )
  }

  /**
   * Checks a username and password in the force the person chose first: no answer ever depends on whether the
   * username exists in some other force. Failed attempts count per force and username, real or not, so a lock
   * says nothing about whether the account exists; a password is hashed on every path, so neither does the time
   * taken. Every attempt is in the force's audit trail.
   */
  async signIn(forceId: number, username: string, password: string): Promise<SignInResult> {
    const now = this.clock.now()
    const usernameKey = username.trim().toLowerCase()
    if (!USERNAME.test(usernameKey)) {
      // No account can have this name, so there is nothing to count or lock.
      await verifyDecoy(password, this.policy.passwordHashing)
      return { outcome: 'invalid' }
    }
    const account = await this.identities.findSignInAccount(forceId, usernameKey)
    const lockedUntil = await this.identities.lockedUntil(forceId, usernameKey, now)
    if (lockedUntil) {
      await verifyDecoy(password, this.policy.passwordHashing)
      await this.auditAttempt(forceId, account, usernameKey, 'SIGN_IN_REFUSED', 'locked after too many failures')
      return { outcome: 'locked', until: lockedUntil }
    }
    const valid = account
      ? (await verifyPassword(account.passwordHash, password)) && account.active
      : await verifyDecoy(password, this.policy.passwordHashing)
    if (!valid || !account) {
      const locked = await this.identities.recordFailedSignIn(
        forceId,
        usernameKey,
        now,
        this.policy.maxAttempts,
        this.policy.lockoutMinutes,
      )
      const reason = !account ? 'no such account' : account.active ? 'wrong password' : 'account disabled'
      await this.auditAttempt(forceId, account, usernameKey, locked ? 'ACCOUNT_LOCKED' : 'SIGN_IN_FAILED', reason)
      return { outcome: 'invalid' }
    }
    return this.startSession(account, usernameKey, now)
  }

  /**
   * Signs in someone their force's identity provider has vouched for: `claimValue` is the ID token's claim that
   * names a Tally account (`matchOn` says which column it matches). Roles stay in Tally. The session is made and
   * audited exactly as a password sign-in's.
   */
  async signInFromProvider(
    forceId: number,
    match: { column: 'username' | 'email'; value: string; provider: string },
  ): Promise<SignInResult> {
    const now = this.clock.now()
    const account = await this.identities.findProviderAccount(forceId, match.column, match.value)
    if (!account?.active) {
      await this.auditAttempt(
        forceId,
        account,
        match.value.toLowerCase().slice(0, 200),
        'SIGN_IN_FAILED',
        `${match.provider} vouched for an ${account ? 'account that is disabled' : 'unknown account'}`,
      )
      return { outcome: 'invalid' }
    }
    return this.startSession(account, account.username.toLowerCase(), now, `signed in through ${match.provider}`)
  }

  /** A brand-new session for an account whose credentials have just been proved, audited as SIGNED_IN. */
  private async startSession(
    account: SignInCandidate,
    usernameKey: string,
    now: Date,
    reason?: string,
  ): Promise<SignInResult> {
    await this.identities.recordSuccessfulSignIn(account.forceId, account.userId, usernameKey, now)
    const cookie = await this.identities.createSession(account.forceId, account.userId, now, this.policy.absoluteHours)
    await this.audit(account.forceId, accountActor(account), 'SIGNED_IN', account.userId, reason)
    return { outcome: 'signed-in', cookie, forceId: account.forceId, userId: account.userId }
  }

  /** An attempt on a real account is recorded against it; on a username nobody holds, against that name. */
  private async auditAttempt(
    forceId: number,
    account: SignInCandidate | undefined,
    usernameKey: string,
    action: string,
    reason: string,
  ): Promise<void> {
    await this.db.withForce(forceId, (tx) => {
      this.auditTrail.record(tx, account ? accountActor(account) : systemActor(forceId, 'Sign-in'), {
        action,
        recordType: account ? 'user' : 'username',
        recordId: account ? account.userId : usernameKey,
        reason,
      })
    })
  }

  async signOut(actor: Actor, session: SessionIdentity): Promise<void> {
    actor.permissions.require('session.end')
    await this.identities.endSession(session.forceId, session.sessionHash)
    await this.audit(actor.forceId, actor, 'SIGNED_OUT', actor.id)
  }

  /** A bearer token for a system (command and control, a partner's case system). Returned once; only its hash is kept. */
  async createToken(actor: Actor, input: { name: string; role: string }): Promise<{ tokenId: string; token: string }> {
    actor.permissions.require('tokens.manage')
    const errors = new FieldErrors().check(
      input.name.trim().length > 0 && input.name.length <= 100,
      'name',
      'Enter the name of the system that will use the token (up to 100 characters)',
    )
    for (const problem of tokenRoleProblems(input.role)) {
      errors.add('role', problem)
    }
    errors.throwIfAny()
    const credential = IdentityStore.newTokenCredential(actor.forceId)
    await this.db.withForce(actor.forceId, async (tx) => {
      await this.repository.insertToken(tx, {
        tokenId: credential.tokenId,
        name: input.name.trim(),
        role: input.role as Role,
        secretHash: credential.secretHash,
        createdBy: actor.id,
        createdAt: this.clock.now(),
      })
      this.auditTrail.record(tx, actor, {
        action: 'TOKEN_CREATED',
        recordType: 'api-token',
        recordId: credential.tokenId,
        changes: { name: { before: null, after: input.name.trim() }, role: { before: null, after: input.role } },
      })
    })
    return { tokenId: credential.tokenId, token: credential.token }
  }

  /**
   * A person changes their own password: the current one must be right, the new one acceptable and typed the
   * same twice. Every other session of theirs ends, so a password someone else knew stops working everywhere.
   */
  async changePassword(
    actor: Actor,
    session: SessionIdentity,
    input: { currentPassword: string; newPassword: string; confirmPassword: string },
  ): Promise<void> {
    actor.permissions.require('session.end')
    const errors = new FieldErrors()
    for (const problem of passwordProblems(input.newPassword)) {
      errors.add('newPassword', problem)
    }
    errors.check(input.newPassword === input.confirmPassword, 'confirmPassword', 'The new passwords do not match')
    errors.check(
      input.newPassword !== input.currentPassword,
      'newPassword',
      'The new password must be different from the current one',
    )
    const stored = await this.db.withForce(actor.forceId, (tx) => this.repository.passwordHash(tx, actor.id))
    if (!stored || !(await verifyPassword(stored.passwordHash, input.currentPassword))) {
      errors.add('currentPassword', 'Your current password is not right')
    }
    errors.throwIfAny()
    const passwordHash = await hashPassword(input.newPassword, this.policy.passwordHashing)
    await this.db.withForce(actor.forceId, async (tx) => {
      await this.repository.setPassword(tx, actor.id, passwordHash)
      await this.repository.endOtherSessions(tx, actor.id, session.sessionHash)
      this.auditTrail.record(tx, actor, { action: 'PASSWORD_CHANGED', recordType: 'user', recordId: actor.id })
    })
  }

  /** The force's separation of duties (rule 9): its own rows over Tally's default, and whether each is the force's. */
  async roleSeparation(actor: Actor) {
    actor.permissions.require('users.manage')
    return this.db.withForce(actor.forceId, async (tx) => {
      const own = await this.repository.roleSeparation(tx)
      const effective = await this.separationIn(tx)
      return ROLES.map((role) => ({
        role,
        incompatibleRoles: [...(effective[role] ?? [])],
        version: own.find((row) => row.role === role)?.version ?? 0,
      }))
    })
  }

  /**
   * Sets the roles nobody may hold with `role` (rule 9). Accounts already holding a pair now kept apart are
   * named, so the change cannot leave them unnoticed; the registrar's floor (line command) always stays.
   */
  async setRoleSeparation(
    actor: Actor,
    input: { role: string; incompatibleRoles: readonly string[]; expectedVersion: number },
  ): Promise<{ role: Role; incompatibleRoles: Role[]; holdersToReview: string[] }> {
    if (!actor.permissions.can('users.manage') && actor.type !== 'system') {
      throw new Forbidden('Only an administrator can change the separation of duties')
    }
    const unknown = [input.role, ...input.incompatibleRoles].filter((role) => !isRole(role))
    const errors = new FieldErrors()
      .check(isRole(input.role), 'role', 'Choose the role to keep apart from others')
      .check(unknown.length === 0 || !isRole(input.role), 'incompatibleRoles', `Unknown role: ${unknown.join(', ')}`)
      .check(
        !input.incompatibleRoles.includes(input.role),
        'incompatibleRoles',
        'A role cannot be kept apart from itself',
      )
    errors.throwIfAny()
    const role = input.role as Role
    const incompatibleRoles = [...new Set(input.incompatibleRoles as Role[])].sort()
    return this.db.withForce(actor.forceId, async (tx) => {
      const before = (await this.separationIn(tx))[role] ?? []
      const saved = await this.repository.saveRoleSeparation(
        tx,
        { role, incompatibleRoles, updatedAt: this.clock.now(), updatedBy: actor.name },
        input.expectedVersion,
      )
      if (!saved) {
        throw new Conflict('The separation of duties was changed by someone else; reload it and try again')
      }
      const after = (await this.separationIn(tx))[role] ?? []
      const users = await this.repository.listUsers(tx)
      const holdersToReview = users
        .filter((user) => user.roles.includes(role) && user.roles.some((other) => after.includes(other as Role)))
        .map((user) => user.username)
      this.auditTrail.record(tx, actor, {
        action: 'ROLE_SEPARATION_CHANGED',
        recordType: 'role-separation',
        recordId: role,
        changes: { incompatibleRoles: { before, after }, holdersToReview },
      })
      return { role, incompatibleRoles: [...after], holdersToReview }
    })
  }

  private async separationIn(tx: ForceTransaction): Promise<RoleSeparation> {
    const own = await this.repository.roleSeparation(tx)
    return effectiveSeparation(
      Object.fromEntries(
        own.filter((row) => isRole(row.role)).map((row) => [row.role, row.incompatibleRoles.filter(isRole)]),
      ),
    )
  }

  async listTokens(actor: Actor) {
    actor.permissions.require('tokens.manage')
    return this.db.withForce(actor.forceId, (tx) => this.repository.listTokens(tx))
  }

  async revokeToken(actor: Actor, tokenId: string): Promise<void> {
    actor.permissions.require('tokens.manage')
    await this.db.withForce(actor.forceId, async (tx) => {
      const revoked = await this.repository.revokeToken(tx, tokenId, actor.id, this.clock.now())
      if (!revoked) {
        throw new NotFound('No active token with that id')
      }
      this.auditTrail.record(tx, actor, { action: 'TOKEN_REVOKED', recordType: 'api-token', recordId: tokenId })
    })
  }

  private async audit(forceId: number, actor: Actor, action: string, userId: string, reason?: string): Promise<void> {
    await this.db.withForce(forceId, (tx) => {
      this.auditTrail.record(tx, actor, { action, recordType: 'user', recordId: userId, reason })
    })
  }
}
