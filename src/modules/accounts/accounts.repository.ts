import type { Kysely } from 'kysely'
import type { ForceTransaction } from '../../platform/db/database.ts'
import type { Database } from '../../platform/db/schema.ts'
import type { Role } from '../../platform/auth/roles.ts'

export interface NewUser {
  userId: string
  username: string
  displayName: string
  email: string | null
  passwordHash: string
  roles: readonly Role[]
}

/**
 * Writes to the identity tables (the platform reads them to authenticate each request; this module manages them).
 */
export class AccountsRepository {
  constructor(private readonly db: Kysely<Database>) {}

  /** A new force, created by an operator before anyone belongs to it, so outside any force's scope. */
  insertForce(force: { code: string; name: string; crimeReferencePrefix: string }) {
    return this.db.insertInto('force').values(force).returning(['forceId', 'code', 'name']).executeTakeFirstOrThrow()
  }

  findForceByCode(code: string) {
    return this.db
      .selectFrom('force')
      .select(['forceId', 'code', 'name', 'crimeReferencePrefix'])
      .where((eb) => eb(eb.fn('lower', ['code']), '=', code.toLowerCase()))
      .executeTakeFirst()
  }

  /** Renames a force's code and disables its accounts, for a force whose setup failed part-way. */
  async setAside(tx: ForceTransaction, forceId: number, code: string): Promise<void> {
    await tx.updateTable('force').set({ code }).where('forceId', '=', forceId).execute()
    await tx.updateTable('userAccount').set({ active: false }).execute()
  }

  listForces() {
    return this.db.selectFrom('force').select(['forceId', 'code', 'name']).orderBy('name').execute()
  }

  forceName(forceId: number) {
    return this.db.selectFrom('force').select('name').where('forceId', '=', forceId).executeTakeFirst()
  }

  usernameTaken(tx: ForceTransaction, username: string) {
    return tx
      .selectFrom('userAccount')
      .select('userId')
      .where((eb) => eb(eb.fn('lower', ['username']), '=', username.toLowerCase()))
      .executeTakeFirst()
  }

  async insertUser(tx: ForceTransaction, user: NewUser): Promise<void> {
    const { roles, ...account } = user
    await tx.insertInto('userAccount').values(account).execute()
    await tx
      .insertInto('userRole')
      .values(roles.map((role) => ({ userId: user.userId, role })))
      .execute()
  }

  listUsers(tx: ForceTransaction) {
    return tx
      .selectFrom('userAccount')
      .leftJoin('userRole', (join) =>
        join.onRef('userRole.forceId', '=', 'userAccount.forceId').onRef('userRole.userId', '=', 'userAccount.userId'),
      )
      .select((eb) => [
        'userAccount.userId',
        'userAccount.username',
        'userAccount.displayName',
        'userAccount.active',
        'userAccount.lastSignedInAt',
        eb.fn.agg<string[]>('array_agg', ['userRole.role']).as('roles'),
      ])
      .groupBy([
        'userAccount.userId',
        'userAccount.username',
        'userAccount.displayName',
        'userAccount.active',
        'userAccount.lastSignedInAt',
      ])
      .orderBy('userAccount.displayName')
      .execute()
  }

  async insertToken(
    tx: ForceTransaction,
    token: { tokenId: string; name: string; role: Role; secretHash: string; createdBy: string; createdAt: Date },
  ) {
    await tx.insertInto('apiToken').values(token).execute()
  }

  passwordHash(tx: ForceTransaction, userId: string) {
    return tx.selectFrom('userAccount').select('passwordHash').where('userId', '=', userId).executeTakeFirst()
  }

  async setPassword(tx: ForceTransaction, userId: string, passwordHash: string): Promise<void> {
    await tx.updateTable('userAccount').set({ passwordHash }).where('userId', '=', userId).execute()
  }

  /** Ends every session of the user except the one given (the one changing the password keeps going). */
  async endOtherSessions(tx: ForceTransaction, userId: string, keepSessionHash: string): Promise<void> {
    await tx.deleteFrom('session').where('userId', '=', userId).where('sessionHash', '<>', keepSessionHash).execute()
  }

  listTokens(tx: ForceTransaction) {
    return tx
      .selectFrom('apiToken')
      .select(['tokenId', 'name', 'role', 'createdAt', 'lastUsedAt', 'revokedAt'])
      .orderBy('createdAt', 'desc')
      .execute()
  }

  revokeToken(tx: ForceTransaction, tokenId: string, revokedBy: string, now: Date) {
    return tx
      .updateTable('apiToken')
      .set({ revokedAt: now, revokedBy })
      .where('tokenId', '=', tokenId)
      .where('revokedAt', 'is', null)
      .returning(['tokenId', 'name'])
      .executeTakeFirst()
  }

  /** The force's own separation-of-duties rows (rule 9); the default applies where it has none. */
  roleSeparation(tx: ForceTransaction) {
    return tx.selectFrom('roleSeparation').select(['role', 'incompatibleRoles', 'version']).orderBy('role').execute()
  }

  /** Saves one role's incompatible roles at the version read (0: none saved yet); undefined when someone else saved first. */
  async saveRoleSeparation(
    tx: ForceTransaction,
    row: { role: Role; incompatibleRoles: Role[]; updatedAt: Date; updatedBy: string },
    expectedVersion: number,
  ) {
    if (expectedVersion === 0) {
      return tx
        .insertInto('roleSeparation')
        .values(row)
        .onConflict((oc) => oc.columns(['forceId', 'role']).doNothing())
        .returning(['role', 'incompatibleRoles', 'version'])
        .executeTakeFirst()
    }
    return tx
      .updateTable('roleSeparation')
      .set((eb) => ({ ...row, version: eb('version', '+', 1) }))
      .where('role', '=', row.role)
      .where('version', '=', expectedVersion)
      .returning(['role', 'incompatibleRoles', 'version'])
      .executeTakeFirst()
  }
}
