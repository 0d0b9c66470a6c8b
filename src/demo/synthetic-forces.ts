/** `tally generate`'s forces: new synthetic ones for load tests (bench), or an existing force to fill. */
import crypto from 'node:crypto'
import { systemActor } from '../platform/auth/actor.ts'
import { ValidationFailed } from '../platform/http/errors.ts'
import type { Deps } from '../deps.ts'

export interface SyntheticForce {
  forceId: number
  code: string
  /** The IMU supervisor's user id (undefined for an existing force filled with --force). */
  supervisorId?: string
  officers: string[]
  units: string[]
  prefix: string
  offenceCodeVersion: string
  /** Who does what in a new force, with the names their actions are recorded under (undefined with --force). */
  staff?: { imu: StaffMember[]; officers: StaffMember[] }
}

export interface StaffMember {
  id: string
  name: string
}

const OFFICERS_PER_FORCE = 12

/** A new force with an IMU, three investigation teams, a supervisor, two decision makers and twelve officers. */
export async function createSyntheticForce(deps: Deps, index: number, password: string): Promise<SyntheticForce> {
  const suffix = crypto.randomBytes(3).toString('hex').toUpperCase()
  return createStaffedForce(
    deps,
    {
      code: `SYN${String(index).padStart(2, '0')}-${suffix}`,
      name: `Synthetic Constabulary ${index} (${suffix})`,
      prefix: `S${String(index).padStart(2, '0')}`,
    },
    password,
  )
}

/** A new force by this code and name, staffed as createSyntheticForce's are. */
export async function createStaffedForce(
  deps: Deps,
  { code, name, prefix }: { code: string; name: string; prefix: string },
  password: string,
): Promise<SyntheticForce> {
  const { accounts, directory, crimes } = deps.services
  const force = await accounts.createForce({ code, name, crimeReferencePrefix: prefix })
  const actor = systemActor(force.forceId, 'Tally generator')
  const unitIds: string[] = []
  const unit = async (name: string, unitType: 'investigation_management' | 'investigation') =>
    (
      await directory.createUnit(actor, {
        name,
        unitType,
        function:
          unitType === 'investigation_management'
            ? 'Classifies, allocates, quality-checks and files crimes'
            : 'Investigates crime',
        location: 'Headquarters',
        hours: 'Monday to Friday, 8am to 6pm',
        contact: '101',
        whatToSend:
          unitType === 'investigation_management' ? 'Crime records for the IMU' : 'Crimes allocated for investigation',
        takesWork: ['crime'],
        active: true,
      })
    ).unitId
  await unit('Investigation Management Unit', 'investigation_management')
  for (const area of ['North', 'South', 'Central']) {
    unitIds.push(await unit(`${area} investigation team`, 'investigation'))
  }
  const user = async (
    username: string,
    displayName: string,
    role: 'imu_supervisor' | 'imu_decision_maker' | 'officer',
  ): Promise<{ userId: string; displayName: string }> => ({
    ...(await accounts.createUser(actor, {
      username: `${username}-${code.toLowerCase()}`,
      displayName,
      password,
      roles: [role],
    })),
    displayName,
  })
  const member = (u: { userId: string; displayName: string }): StaffMember => ({ id: u.userId, name: u.displayName })
  const supervisor = await user('supervisor', 'Synthetic IMU supervisor', 'imu_supervisor')
  const imu = [
    member(supervisor),
    member(await user('decision-maker-1', 'Synthetic decision maker 1', 'imu_decision_maker')),
    member(await user('decision-maker-2', 'Synthetic decision maker 2', 'imu_decision_maker')),
  ]
  const officerStaff: StaffMember[] = []
  for (let i = 1; i <= OFFICERS_PER_FORCE; i++) {
    officerStaff.push(member(await user(`officer-${i}`, `Synthetic officer ${i}`, 'officer')))
  }
  const officers = officerStaff.map((officer) => officer.id)
  const { version } = await crimes.offenceCodes(actor)
  return {
    forceId: force.forceId,
    code,
    supervisorId: supervisor.userId,
    officers,
    units: unitIds,
    prefix,
    offenceCodeVersion: version,
    staff: { imu, officers: officerStaff },
  }
}

/** An existing force's officers and crime-taking units, to fill it. */
export async function existingForce(deps: Deps, code: string): Promise<SyntheticForce> {
  const force = await deps.services.accounts.findForce(code)
  if (!force) {
    throw ValidationFailed.of('force', `There is no force with the code ${code}`)
  }
  const actor = systemActor(force.forceId, 'Tally generator')
  const users = await deps.services.accounts.listUsers(actor)
  const units = await deps.services.directory.listUnits(actor, { work: 'crime' })
  const { version } = await deps.services.crimes.offenceCodes(actor)
  return {
    forceId: force.forceId,
    code: force.code,
    officers: users.filter((u) => u.active && u.roles.includes('officer')).map((u) => u.userId),
    units: units.map((u) => u.unitId),
    prefix: force.crimeReferencePrefix,
    offenceCodeVersion: version,
  }
}
