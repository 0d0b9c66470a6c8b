import type { Role } from '../platform/auth/roles.ts'

export const DEMO_FORCE = { code: 'DEMO', name: 'Demo Constabulary', crimeReferencePrefix: 'DC' }
export const DEMO_PASSWORD = 'demo-password'

interface DemoUser {
  username: string
  displayName: string
  roles: Role[]
}

/** One demo account for every role, named for what they do. */
export function demoUsers(): DemoUser[] {
  return [
    { username: 'operator', displayName: 'Olu Adeyemi (control room)', roles: ['control_room_operator'] },
    { username: 'officer', displayName: 'PC Sam Okafor', roles: ['officer'] },
    { username: 'decision-maker', displayName: 'Dana Price (IMU)', roles: ['imu_decision_maker'] },
    { username: 'supervisor', displayName: 'DI Rachel Moss (IMU)', roles: ['imu_supervisor'] },
    { username: 'registrar', displayName: 'Frances Hale (FCR)', roles: ['force_crime_registrar'] },
    { username: 'auditor', displayName: 'Amir Shah (audit)', roles: ['auditor'] },
    { username: 'victim-care', displayName: 'Vicky Lowe (victim care)', roles: ['victim_care_officer'] },
    { username: 'partner', displayName: 'Priya Nair (St Anne’s School)', roles: ['partner_reporter'] },
    { username: 'inspector', displayName: 'Ian Ford (HMICFRS)', roles: ['inspector'] },
    { username: 'admin', displayName: 'Alex Grant (administrator)', roles: ['administrator'] },
  ]
}
