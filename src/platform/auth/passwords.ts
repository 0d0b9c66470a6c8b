import argon2 from 'argon2'

/**
 * Password hashing with argon2id at OWASP's recommended minimum cost (19 MiB, 2 iterations, 1 lane), which
 * keeps a sign-in under ~50 ms on our machines.
 */
const OPTIONS = { type: argon2.argon2id, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const

export const MIN_PASSWORD_LENGTH = 12

export function hashPassword(password: string): Promise<string> {
  return argon2.hash(password, OPTIONS)
}

export async function verifyPassword(hash: string, password: string): Promise<boolean> {
  try {
    return await argon2.verify(hash, password)
  } catch {
    return false
  }
}

/** Verifying against this when no account matches keeps "no such user" as slow as "wrong password". */
let decoy: Promise<string> | undefined
export async function verifyDecoy(password: string): Promise<false> {
  decoy ??= hashPassword('decoy password that matches nothing')
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
