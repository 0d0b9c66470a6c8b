/** The roles of PRODUCT.md. A user may hold several; an API token holds exactly one. */
export const ROLES = [
  'control_room_operator',
  'officer',
  'imu_decision_maker',
  'imu_supervisor',
  'force_crime_registrar',
  'auditor',
  'victim_care_officer',
  'partner_reporter',
  'inspector',
  'administrator',
] as const

export type Role = (typeof ROLES)[number]

export const ROLE_LABELS: Record<Role, string> = {
  control_room_operator: 'Control-room operator',
  officer: 'Officer',
  imu_decision_maker: 'IMU decision maker',
  imu_supervisor: 'IMU supervisor',
  force_crime_registrar: 'Force Crime Registrar',
  auditor: 'Auditor',
  victim_care_officer: 'Victim care officer',
  partner_reporter: 'Partner agency reporter',
  inspector: 'Inspector (read only)',
  administrator: 'Administrator',
}

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value)
}
