import { Forbidden } from '../http/errors.ts'
import { ROLES, type Role } from './roles.ts'

/**
 * Who may do what: one typed table of action → roles. Every route names the one permission it needs
 * (`config.permission`); a route that names none is refused at start-up, and anything not granted here is
 * denied. `test/permissions.test.ts` drives every registered route as every role against this table.
 *
 * Least privilege: the inspector reads and never changes; the partner reporter sees only their own reports;
 * the administrator manages accounts and reference data but does not read crime records.
 */
const EVERY_ROLE = ROLES
const FORCE_STAFF = ROLES.filter((role) => role !== 'partner_reporter')
const IMU = ['imu_decision_maker', 'imu_supervisor'] as const satisfies readonly Role[]
const RECORD_READERS = [
  'control_room_operator',
  'officer',
  ...IMU,
  'force_crime_registrar',
  'auditor',
  'victim_care_officer',
  'inspector',
] as const satisfies readonly Role[]
const AUDIT_READERS = ['force_crime_registrar', 'auditor', 'inspector'] as const satisfies readonly Role[]

export const PERMISSIONS = {
  // Signed-in basics
  'home.view': EVERY_ROLE,
  'session.end': EVERY_ROLE,
  'directory.view': EVERY_ROLE,

  // Accounts, API tokens and reference data
  'users.manage': ['administrator'],
  'tokens.manage': ['administrator'],
  'reference-data.manage': ['administrator', 'force_crime_registrar'],

  // Audit trail (DPA 2018 s.62 logs: audit and professional-standards roles only)
  'audit-trail.view': AUDIT_READERS,

  // Incidents
  'incidents.view': RECORD_READERS,
  'incidents.create': ['control_room_operator', 'officer', 'imu_decision_maker'],
  'incidents.update': ['control_room_operator', 'officer', 'imu_decision_maker'],
  'incidents.close': ['control_room_operator', 'imu_decision_maker', 'force_crime_registrar'],

  // Crimes
  'crimes.view': RECORD_READERS,
  // The Force Crime Registrar decides and audits; recording, outcomes and filing are others' work, so that the
  // registrar never checks their own (rule 9; DOMAIN.md §1.6: outside operational line command).
  'crimes.record': ['control_room_operator', 'officer', 'imu_decision_maker'],
  'crimes.update': ['officer', ...IMU, 'force_crime_registrar'],
  'crimes.classify': ['imu_decision_maker', 'force_crime_registrar'],
  'crimes.cancel': ['officer', 'imu_decision_maker', 'force_crime_registrar'],
  'crimes.transfer': ['imu_decision_maker', 'force_crime_registrar'],
  'crimes.outcome': ['officer', 'imu_decision_maker'],
  'crimes.file': [...IMU],
  'n100.manage': ['imu_decision_maker', 'force_crime_registrar'],
  // Who may authorise cancelling rape and the other restricted offence groups (rule 6): the designated decision
  // makers and the groups themselves are the FCR's to set, not an administrator's.
  'crimes.authority.manage': ['force_crime_registrar'],

  // People and places
  'people.view': RECORD_READERS,
  'people.manage': ['control_room_operator', 'officer', 'imu_decision_maker'],

  // IMU work queues and the supervisor's dashboard
  'queues.view': ['officer', ...IMU, 'force_crime_registrar', 'inspector'],
  'queues.work': [...IMU, 'force_crime_registrar'],
  // The awaiting-filing alert threshold on the dashboard (rule 14): the unit's supervisor sets it.
  'queues.manage': ['imu_supervisor'],
  'dashboard.view': [...IMU, 'force_crime_registrar', 'inspector'],

  // Victims' Code care: each victim's tasks, contacts, enhanced rights, VPS and contact plan (rules 5, 7, 15–19)
  'victims.view': ['officer', ...IMU, 'force_crime_registrar', 'auditor', 'victim_care_officer', 'inspector'],
  'victims.manage': ['officer', ...IMU, 'victim_care_officer'],
  // The force's Victims' Code settings: needs assessment deadline, VPS before filing a charge, working calendar.
  'victims.settings': ['force_crime_registrar', 'administrator'],

  // Staff, skills, absence and training; unit directory
  'staff.view': ['imu_supervisor', 'force_crime_registrar', 'inspector', 'administrator'],
  'staff.manage': ['imu_supervisor', 'administrator'],
  'directory.manage': ['imu_supervisor', 'administrator'],

  // Capacity forecast and the risk register
  'forecast.view': ['imu_supervisor', 'force_crime_registrar', 'inspector'],
  'forecast.run': ['imu_supervisor'],
  'risks.view': ['imu_supervisor', 'force_crime_registrar', 'inspector'],
  'risks.manage': ['imu_supervisor', 'force_crime_registrar'],

  // Third-party reports: administrators keep the partner organisations and who belongs to each; partners report
  // and see only their own organisation's reports; the IMU triages them.
  'partners.manage': ['administrator'],
  'partner-reports.submit': ['partner_reporter'],
  'partner-reports.triage': [...IMU, 'force_crime_registrar'],

  // Each person's own on-screen notifications
  'notifications.view': EVERY_ROLE,
  // Crime-data integrity: the non-crime audit queue, the uncrimed-incident detector's findings, self-audits
  'integrity.view': [...IMU, 'force_crime_registrar', 'auditor', 'inspector'],
  'integrity.review': ['imu_decision_maker', 'force_crime_registrar'],
  'integrity.scan': [...IMU, 'force_crime_registrar'],
  'integrity.audit': ['auditor', 'force_crime_registrar'],
  // police.uk open data (rule 25): the comparison and imported public files; the force's own monthly files are a
  // disclosure the Force Crime Registrar makes; importing and reference data for registrar and administrator.
  'open-data.view': [...IMU, 'force_crime_registrar', 'auditor', 'inspector'],
  'open-data.export': ['force_crime_registrar'],
  'open-data.import': ['force_crime_registrar', 'administrator'],
  'open-data.manage': ['force_crime_registrar', 'administrator'],
  // Retention review under MoPI (rule 21): the registrar and the force audit team review records and decide to
  // retain or dispose (an auditor can hold an API token, the registrar cannot); the inspector reads the queue;
  // the periods are reference data for the registrar and administrator (the schedule holds no personal data).
  'retention.view': ['force_crime_registrar', 'auditor', 'inspector'],
  'retention.review': ['force_crime_registrar', 'auditor'],
  'retention.manage': ['force_crime_registrar', 'administrator'],
  // Rule 20: recording a crime record's disclosure to someone outside the force (who received it and why), by
  // those who share records in their work: officers (CPS, partner agencies), the IMU, victim care officers.
  'crimes.disclose': ['officer', ...IMU, 'victim_care_officer'],
  // Combining duplicate person records moves whose crimes are whose: the IMU keeps the force's records.
  'people.merge': [...IMU],
} as const satisfies Record<string, readonly Role[]>

export type Permission = keyof typeof PERMISSIONS

/** What a route may declare: a permission, or `public` for the few pages anyone may see (sign-in, health, assets). */
export type RouteAccess = Permission | 'public'

export function isPermission(value: string): value is Permission {
  return Object.hasOwn(PERMISSIONS, value)
}

export function rolesWith(permission: Permission): readonly Role[] {
  return PERMISSIONS[permission]
}

/** A principal's permissions, built once per request and asked by routes, services and templates alike. */
export class Permissions {
  private readonly granted: ReadonlySet<Permission>

  constructor(readonly roles: readonly Role[]) {
    this.granted = new Set(
      (Object.keys(PERMISSIONS) as Permission[]).filter((permission) =>
        (PERMISSIONS[permission] as readonly Role[]).some((role) => roles.includes(role)),
      ),
    )
  }

  can(permission: Permission): boolean {
    return this.granted.has(permission)
  }

  has(role: Role): boolean {
    return this.roles.includes(role)
  }

  /**
   * Refuses (403) unless the principal holds at least one of `anyOf`. Services call it first in each public
   * method, so a command-line run or another module's call meets the same rule as a route.
   */
  require(...anyOf: [Permission, ...Permission[]]): void {
    if (!anyOf.some((permission) => this.granted.has(permission))) {
      throw new Forbidden()
    }
  }

  /** A plain object for templates: `can['crimes.record']`. */
  toView(): Record<Permission, boolean> {
    return Object.fromEntries(
      (Object.keys(PERMISSIONS) as Permission[]).map((p) => [p, this.granted.has(p)]),
    ) as Record<Permission, boolean>
  }
}

export const FORCE_STAFF_ROLES: readonly Role[] = FORCE_STAFF
