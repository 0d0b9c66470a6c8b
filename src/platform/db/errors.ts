/** PostgreSQL's unique_violation: another transaction got there first (a replayed submission, a taken name). */
export function isUniqueViolation(error: unknown, constraint?: string): boolean {
  if (typeof error !== 'object' || error === null) {
    return false
  }
  const { code, constraint: violated, message } = error as { code?: unknown; constraint?: unknown; message?: unknown }
  if (code !== '23505') {
    return false
  }
  if (constraint === undefined) {
    return true
  }
  // On Citus the violation is reported by a worker, in the name of the shard's index: the constraint's name and the
  // shard's number (`incident_source_key_102141`), named in the message if not in the field.
  const name =
    typeof violated === 'string'
      ? violated
      : typeof message === 'string'
        ? /unique constraint "([^"]+)"/.exec(message)?.[1]
        : undefined
  return (
    name === constraint ||
    (name?.startsWith(`${constraint}_`) === true && /^\d+$/.test(name.slice(constraint.length + 1)))
  )
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
