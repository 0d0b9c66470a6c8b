import { ROLE_LABELS, type Role } from '../../platform/auth/roles.ts'

/**
 * Roles in operational line command. The Force Crime Registrar must sit outside operational line command
 * (HMICFRS glossary, DOMAIN.md §1.6; rule 9), so no account may hold the FCR role with any of these.
 */
export const LINE_COMMAND_ROLES: readonly Role[] = ['imu_supervisor', 'officer']

/** What is wrong with giving one account these roles; empty when the combination is allowed. */
export function roleCombinationProblems(roles: readonly Role[]): string[] {
  if (roles.length === 0) {
    return ['Choose at least one role']
  }
  if (roles.includes('force_crime_registrar')) {
    const conflicting = roles.filter((role) => LINE_COMMAND_ROLES.includes(role))
    if (conflicting.length > 0) {
      return [
        `The Force Crime Registrar must be outside operational line command, so cannot also be ${conflicting.map((role) => ROLE_LABELS[role]).join(' or ')}`,
      ]
    }
  }
  if (roles.includes('partner_reporter') && roles.length > 1) {
    return ['A partner agency reporter cannot hold any police role']
  }
  return []
}

/**
 * A return address after sign-in: only a path on this site, never another host. Browsers drop tabs and newlines
 * from URLs and read a backslash as a slash, so `/\t/evil.example` would leave the site: the address is resolved
 * the way a browser would and kept only if it stays here.
 */
export function safeReturnPath(value: unknown): string {
  // eslint-disable-next-line no-control-regex -- control characters are exactly what is being refused
  if (typeof value !== 'string' || !value.startsWith('/') || /[\u0000-\u001f\u007f\\]/.test(value)) {
    return '/'
  }
  const base = 'http://tally.invalid'
  try {
    const url = new URL(value, base)
    return url.origin === base ? `${url.pathname}${url.search}${url.hash}` : '/'
  } catch {
    return '/'
  }
}
