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
 * from URLs and read a backslash as a slash, so `/\t/evil.example` would leave the site; dot segments collapse, so
 * `/.//evil.example` and `/a/..//evil.example` become `//evil.example`, another host. The address is resolved the
 * way a browser would and kept only if it is still a path on this site afterwards. Encoded dots, slashes and
 * backslashes have no place in a Tally path and are refused outright rather than second-guessed.
 */
export function safeReturnPath(value: unknown): string {
  if (
    typeof value !== 'string' ||
    !value.startsWith('/') ||
    // eslint-disable-next-line no-control-regex -- control characters are exactly what is being refused
    /[\u0000-\u001f\u007f\\]/.test(value) ||
    /%(2e|2f|5c)/i.test(value.split(/[?#]/)[0]!)
  ) {
    return '/'
  }
  const base = 'http://tally.invalid'
  try {
    const url = new URL(value, base)
    const path = `${url.pathname}${url.search}${url.hash}`
    return url.origin === base && path.startsWith('/') && !path.startsWith('//') ? path : '/'
  } catch {
    return '/'
  }
}
