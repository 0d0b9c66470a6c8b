/** PostgreSQL's unique_violation: another transaction got there first (a replayed submission, a taken name). */
export function isUniqueViolation(error: unknown, constraint?: string): boolean {
  if (typeof error !== 'object' || error === null) {
    return false
  }
  const { code, constraint: violated } = error as { code?: unknown; constraint?: unknown }
  return code === '23505' && (constraint === undefined || violated === constraint)
}

const MAX_RACE_RETRIES = 3

/**
 * Runs `work` again when a concurrent duplicate won the race to a unique key: the retry finds the winner's row
 * and answers as a replay. Bounded, so a persistent clash still surfaces.
 */
export async function retryOnRace<T>(constraints: string | readonly string[], work: () => Promise<T>): Promise<T> {
  const names = typeof constraints === 'string' ? [constraints] : constraints
  for (let attempt = 1; ; attempt++) {
    try {
      return await work()
    } catch (error) {
      if (attempt >= MAX_RACE_RETRIES || !names.some((name) => isUniqueViolation(error, name))) {
        throw error
      }
    }
  }
}
