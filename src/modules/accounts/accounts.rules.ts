import { isRole, ROLE_LABELS, ROLES, type Role } from '../../platform/auth/roles.ts'

/**
 * Roles in operational line command and operational crime recording. The Force Crime Registrar is the final
 * arbiter of recording and cancellation decisions and must sit outside operational line command (HMICFRS
 * glossary, DOMAIN.md §1.6; rule 9), so no account may hold the FCR role with any of these. This is the floor a
 * force's own separation of duties cannot go below: the 2026 review found accounts made holding the registrar's
 * role with the decision maker's and the control room's, each of which records or decides crimes the FCR audits.
 */
export const LINE_COMMAND_ROLES: readonly Role[] = [
  'control_room_operator',
  'officer',
  'imu_decision_maker',
  'imu_supervisor',
]

/** For each role, the roles nobody may hold with it. A force adds its own (`AccountsService.setRoleSeparation`). */
export type RoleSeparation = Readonly<Partial<Record<Role, readonly Role[]>>>

export const DEFAULT_ROLE_SEPARATION: RoleSeparation = { force_crime_registrar: LINE_COMMAND_ROLES }

/** A force's separation of duties: its own rows over the default, never below the FCR floor. */
export function effectiveSeparation(own: RoleSeparation): RoleSeparation {
  const merged: Partial<Record<Role, readonly Role[]>> = { ...DEFAULT_ROLE_SEPARATION, ...own }
  merged.force_crime_registrar = [...new Set([...LINE_COMMAND_ROLES, ...(own.force_crime_registrar ?? [])])]
  return merged
}

/** What is wrong with giving one account these roles under the force's separation of duties; empty when allowed. */
export function roleCombinationProblems(
  roles: readonly Role[],
  separation: RoleSeparation = DEFAULT_ROLE_SEPARATION,
): string[] {
  if (roles.length === 0) {
    return ['Choose at least one role']
  }
  if (roles.includes('partner_reporter') && roles.length > 1) {
    return ['A partner agency reporter cannot hold any police role']
  }
  const problems: string[] = []
  const reported = new Set<string>()
  for (const role of roles) {
    const conflicting = roles.filter(
      (other) =>
        other !== role &&
        ((separation[role] ?? []).includes(other) || (separation[other] ?? []).includes(role)) &&
        !reported.has([role, other].sort().join('|')),
    )
    for (const other of conflicting) {
      reported.add([role, other].sort().join('|'))
    }
    if (conflicting.length > 0) {
      problems.push(
        role === 'force_crime_registrar'
          ? `The Force Crime Registrar must be outside operational line command, so cannot also be ${conflicting.map((r) => ROLE_LABELS[r]).join(' or ')}`
          : `This force keeps ${ROLE_LABELS[role]} apart from ${conflicting.map((r) => ROLE_LABELS[r]).join(' and ')} (separation of duties)`,
      )
    }
  }
  return problems
}

/**
 * Roles an API token may carry: the work other systems do (command and control records incidents and crimes,
 * case systems update them, partners' systems report, reporting tools read). The Force Crime Registrar's
 * decisions — authorising the cancellation of rape, overriding a classification — are a named person's and
 * carry their identity (rules 6 and 9), so no token may act as the registrar.
 */
export const TOKEN_ROLES: readonly Role[] = ROLES.filter((role) => role !== 'force_crime_registrar')

export function tokenRoleProblems(role: string): string[] {
  if (!isRole(role)) {
    return ['Choose the role the token acts as']
  }
  return TOKEN_ROLES.includes(role)
    ? []
    : [
        `A token cannot act as ${ROLE_LABELS[role]}: tokens are for systems, and that role's decisions are a named person's`,
      ]
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
