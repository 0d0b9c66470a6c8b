import type { ColumnType, Generated } from 'kysely'

/** `force_id` is filled from the transaction's force by a column default; inserts need not name it. */
export type ForceId = Generated<number>
type CreatedAt = ColumnType<Date, Date | undefined, never>

export interface ForceTable {
  forceId: Generated<number>
  code: string
  name: string
  crimeReferencePrefix: string
  createdAt: CreatedAt
}

export interface UserAccountTable {
  forceId: ForceId
  userId: string
  username: string
  displayName: string
  email: string | null
  passwordHash: string
  active: Generated<boolean>
  lastSignedInAt: Date | null
  createdAt: CreatedAt
}

export interface UserRoleTable {
  forceId: ForceId
  userId: string
  role: string
}

/** Failed sign-ins per force and username, whether or not the username is an account there. */
export interface SignInAttemptTable {
  forceId: ForceId
  usernameKey: string
  failedAttempts: number
  lastFailedAt: Date
  lockedUntil: Date | null
}

export interface SessionTable {
  forceId: ForceId
  sessionHash: string
  userId: string
  createdAt: Date
  lastSeenAt: Date
  expiresAt: Date
}

export interface ApiTokenTable {
  forceId: ForceId
  tokenId: string
  name: string
  role: string
  secretHash: string
  createdBy: string
  createdAt: Date
  lastUsedAt: Date | null
  revokedAt: Date | null
  revokedBy: string | null
}

/** Per force: the roles nobody may hold together with `role` (rule 9, separation of duties). */
export interface RoleSeparationTable {
  forceId: ForceId
  role: string
  incompatibleRoles: string[]
  updatedAt: Date
  updatedBy: string
  version: Generated<number>
}

export interface PlatformTables {
  force: ForceTable
  userAccount: UserAccountTable
  userRole: UserRoleTable
  signInAttempt: SignInAttemptTable
  session: SessionTable
  apiToken: ApiTokenTable
  roleSeparation: RoleSeparationTable
}
