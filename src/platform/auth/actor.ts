import { Permissions } from './permissions.ts'
import type { Role } from './roles.ts'

/**
 * Who is acting, in which force. Built from the signed-in user or API token for each request (or for a
 * command-line run) and passed to every service call, so rules, scoping and the audit trail all know.
 */
export interface Actor {
  readonly forceId: number
  readonly type: 'user' | 'token' | 'system'
  readonly id: string
  readonly name: string
  readonly roles: readonly Role[]
  readonly permissions: Permissions
  readonly requestId: string | undefined
}

export function makeActor(
  fields: Omit<Actor, 'permissions' | 'requestId'> & { requestId?: string | undefined },
): Actor {
  return { ...fields, requestId: fields.requestId, permissions: new Permissions(fields.roles) }
}

/** Tally itself acting (demo seed, scheduled checks), with every role so rules are not what stops it. */
export function systemActor(forceId: number, name = 'Tally'): Actor {
  return makeActor({
    forceId,
    type: 'system',
    id: 'system',
    name,
    roles: ['administrator', 'force_crime_registrar', 'imu_supervisor', 'imu_decision_maker'],
  })
}
