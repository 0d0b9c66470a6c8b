import argon2 from 'argon2'

/**
 * Password hashing with argon2id at OWASP's recommended minimum cost (19 MiB, 2 iterations, 1 lane), which
 * keeps a sign-in under ~50 ms on our machines.
 */
const OPTIONS = { type: argon2.argon2id, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const

/**
 * `standard` is the only cost a deployment can use. `fast-for-tests` (1 MiB, 1 iteration) is refused by the
 * configuration outside NODE_ENV=test: the test suites create hundreds of accounts and need none of the cost.
 */
export type PasswordHashing = 'standard' | 'fast-for-tests'

const COSTS: Record<PasswordHashing, argon2.HashOptions> = {
  standard: OPTIONS,
  'fast-for-tests': { type: argon2.argon2id, memoryCost: 1024, timeCost: 1, parallelism: 1 },
}

export const MIN_PASSWORD_LENGTH = 12

export function hashPassword(password: string, hashing: PasswordHashing = 'standard'): Promise<string> {
  return argon2.hash(password, COSTS[hashing])
}

export async function verifyPassword(hash: string, password: string): Promise<boolean> {
  try {
    return await argon2.verify(hash, password)
  } catch {
    return false
  }
}

/**
 * Verifying against this when no account matches keeps "no such user" as slow as "wrong password", so the decoy
 * is hashed at the same cost as the accounts.
 */
const decoys = new Map<PasswordHashing, Promise<string>>()
export async function verifyDecoy(password: string, hashing: PasswordHashing = 'standard'): Promise<false> {
  let decoy = decoys.get(hashing)
  if (!decoy) {
    decoy = hashPassword('decoy password that matches nothing', hashing)
    decoys.set(hashing, decoy)
  }
  await verifyPassword(await decoy, password)
  return false
}

/** Problems with a proposed password, in words a user can act on; empty when it is acceptable. */
export function passwordProblems(password: string): string[] {
  const problems: string[] = []
  if (password.length < MIN_PASSWORD_LENGTH) {
    problems.push(`Password must be at least ${MIN_PASSWORD_LENGTH} characters`)
  }
  if (password.length > 256) {
    problems.push('Password must be 256 characters or fewer')
  }
  return problems
}
