/** PostgreSQL's unique_violation: another transaction got there first (a replayed submission, a taken name). */
export function isUniqueViolation(error: unknown, constraint?: string): boolean {
  if (typeof error !== 'object' || error === null) {
    return false
  }
  const { code, constraint: violated } = error as { code?: unknown; constraint?: unknown }
  return code === '23505' && (constraint === undefined || violated === constraint)
}
