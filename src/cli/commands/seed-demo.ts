import { systemActor, type Actor } from '../../platform/auth/actor.ts'
import type { Role } from '../../platform/auth/roles.ts'
import type { Deps } from '../../deps.ts'

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

export interface DemoContext {
  forceId: number
  actor: Actor
  /** The demo users' ids by username. */
  users: ReadonlyMap<string, string>
  deps: Deps
}

/**
 * Each module's part of the demo, in order. Later modules add theirs here so `npm start` on an empty folder
 * shows every part of Tally with something in it.
 */
const DEMO_STEPS: Array<(context: DemoContext) => Promise<void>> = []

export interface SeedOptions {
  /** Called as each step starts (for the CLI's progress output). */
  onStep?: (name: string) => void
}

/**
 * Creates the demo force, a user for every role, and each module's demo data. Refused when NODE_ENV is
 * production, whatever else is set: the demo passwords are published.
 */
export async function seedDemo(deps: Deps, options: SeedOptions): Promise<{ forceId: number; created: boolean }> {
  if (deps.config.environment === 'production') {
    throw new Error('The demo force is never created in production (NODE_ENV=production)')
  }
  const existing = await deps.services.accounts.findForce(DEMO_FORCE.code)
  if (existing) {
    return { forceId: existing.forceId, created: false }
  }
  options.onStep?.('force and users')
  const force = await deps.services.accounts.createForce(DEMO_FORCE)
  const actor = systemActor(force.forceId, 'Demo seed')
  const users = new Map<string, string>()
  for (const user of demoUsers()) {
    const { userId } = await deps.services.accounts.createUser(actor, { ...user, password: DEMO_PASSWORD })
    users.set(user.username, userId)
  }
  for (const step of DEMO_STEPS) {
    options.onStep?.(step.name)
    await step({ forceId: force.forceId, actor, users, deps })
  }
  return { forceId: force.forceId, created: true }
}
