import { makeActor, type Actor } from '../../platform/auth/actor.ts'
import type { Clock } from '../../platform/clock.ts'
import type { TallyDatabase } from '../../platform/db/database.ts'
import { ukDate } from '../../platform/dates.ts'
import { groupBy } from '../../platform/collections.ts'
import type { AuditTrailService } from '../../modules/audit-trail/index.ts'
import type { DirectoryService } from '../../modules/directory/index.ts'
import { incidentNumber, ukLocalTime, type IncidentsService } from '../../modules/incidents/index.ts'
import type { PeopleService } from '../../modules/people/index.ts'
import {
  CrimesRepository,
  formatCrimeReference,
  victimKey,
  type CrimeReferenceData,
  type CrimesService,
} from '../../modules/crimes/index.ts'
import type { DemoTeam, TeamMember } from '../team.ts'
import { planHistory } from './plan.ts'
import { mulberry32 } from './random.ts'
import { recordRecentReports } from './recent.ts'
import type { PlannedHistory } from './types.ts'
import { HistoryWriter } from './write.ts'

/** What the demo needs from the composition root. */
export interface CrimesDemoDeps {
  db: TallyDatabase
  clock: Clock
  services: {
    incidents: IncidentsService
    crimes: CrimesService
    crimeReferenceData: CrimeReferenceData
    people: PeopleService
    directory: DirectoryService
    auditTrail: AuditTrailService
  }
}

export interface CrimesDemoOptions {
  /** Demo user ids by username (src/demo/users.ts). */
  users: ReadonlyMap<string, string>
  /** Who does the work (the staff step's team); without it, the demo users alone. */
  team?: DemoTeam | undefined
  /** People and places made by the people step, to link as victims, suspects and locations. */
  people?: { personIds: readonly string[]; locationIds: readonly string[] } | undefined
  days?: number
  crimesPerDay?: number
  /** Crimes a later step adds over the latest days, so the force's demand stays flat across the join. */
  addedLater?: { days: number; crimesPerDay: number }
  seed?: number
}

/**
 * A year of incidents and crimes for the demo force, with police.uk's mix of crime types and outcomes (mix.ts).
 * History is planned in memory (plan.ts, lifecycle.ts) and written in bulk: multi-row inserts through the
 * repositories and the matching audit events, stamped at the time each thing happened. The last few reports go
 * through the services themselves, as a person would record them. Every crime follows the workflow table, so the
 * queues hold crimes of realistic ages, and the work is done by the staff in the staff list.
 */
export async function seedCrimesDemo(
  deps: CrimesDemoDeps,
  actor: Actor,
  options: CrimesDemoOptions,
): Promise<{ incidents: number; crimes: number }> {
  const now = deps.clock.now()
  const random = mulberry32(options.seed ?? 20261126)
  const setup = await readSetup(deps, actor, options)
  const team = options.team ?? (await teamOfDemoUsers(deps, actor, options.users))
  const history = planHistory({
    now,
    days: options.days ?? 365,
    crimesPerDay: options.crimesPerDay ?? 22,
    addedLater: options.addedLater,
    random,
    groupOf: new Map(setup.codes.map((code) => [code.code, code.groupCode ?? ''])),
    locationIds: options.people?.locationIds ?? [],
    personIds: options.people?.personIds ?? [],
    victimKeys: setup.victimKeys,
    team,
  })
  await number(deps, actor, history, setup)
  const writer = new HistoryWriter(deps.db, actor.forceId)
  await writer.incidents(history, deps.services.incidents)
  await writer.crimes(history, setup.version)
  await writer.statusChanges(history)
  await writer.outcomes(history)
  await writer.people(history)
  await writer.auditTrail(history.events, deps.services.auditTrail.keys)
  // The last reports of the day go through the services, as a person would record them.
  const operator = team.operators[0]!.actor
  const withPeople = (options.people?.personIds.length ?? 0) > 0
  const recent = await recordRecentReports(deps.services, operator, now, random, withPeople)
  return { incidents: history.incidents.length + recent.incidents, crimes: history.crimes.length + recent.crimes }
}

type Setup = Awaited<ReturnType<typeof readSetup>>

async function readSetup(deps: CrimesDemoDeps, actor: Actor, options: CrimesDemoOptions) {
  const { services } = deps
  return deps.db.withForce(actor.forceId, async (tx) => {
    const { version, codes } = await services.crimeReferenceData.offenceCodesIn(tx, actor)
    const settings = await services.crimeReferenceData.settingsIn(tx)
    const { crimeReferencePrefix } = await new CrimesRepository().forcePrefix(tx)
    // Rule 11: a victim's key comes from who they are (their name and date of birth), as a recording makes it.
    const victimKeys = new Map<string, string>()
    for (const personId of options.people?.personIds ?? []) {
      const identity = await services.people.identityIn(tx, personId)
      if (identity) {
        victimKeys.set(personId, victimKey(identity))
      }
    }
    return { version, codes, settings, crimeReferencePrefix, victimKeys }
  })
}

/** Without the staff step (a module's own test), the demo users do all the work. */
async function teamOfDemoUsers(
  deps: CrimesDemoDeps,
  actor: Actor,
  users: ReadonlyMap<string, string>,
): Promise<DemoTeam> {
  const names = await deps.db.withForce(actor.forceId, (tx) =>
    new CrimesRepository().userNames(tx, [...users.values()]),
  )
  const units = await deps.db.withForce(actor.forceId, (tx) => deps.services.directory.unitsIn(tx))
  const unitId = units.find((unit) => ['investigation', 'response'].includes(unit.unitType))?.unitId ?? null
  const member = (username: string, roles: Actor['roles']): TeamMember[] => {
    const id = users.get(username)
    const name = names.find((user) => user.userId === id)?.displayName ?? username
    const person = id ? makeActor({ forceId: actor.forceId, type: 'user', id, name, roles }) : actor
    return [{ actor: person, contractedHours: 37, unitId }]
  }
  return {
    operators: member('operator', ['control_room_operator']),
    decisionMakers: member('decision-maker', ['imu_decision_maker']),
    supervisors: member('supervisor', ['imu_supervisor']),
    registrars: member('registrar', ['force_crime_registrar']),
    officers: member('officer', ['officer']),
  }
}

/** Incident numbers by day received and crime references by year recorded, in time order, as recording makes them. */
async function number(deps: CrimesDemoDeps, actor: Actor, history: PlannedHistory, setup: Setup): Promise<void> {
  await deps.db.withForce(actor.forceId, async (tx) => {
    const byDay = groupBy(history.incidents, (incident) => ukDate(incident.row.receivedAt))
    for (const [day, incidents] of byDay) {
      let next = await deps.services.incidents.reserveNumbersIn(tx, day, incidents.length)
      for (const incident of incidents.sort((a, b) => a.row.receivedAt.getTime() - b.row.receivedAt.getTime())) {
        incident.row.incidentNumber = incidentNumber(day, next++)
      }
    }
    const byYear = groupBy(history.crimes, (crime) => String(ukLocalTime(crime.row.recordedAt).year))
    const repository = new CrimesRepository()
    for (const [year, crimes] of byYear) {
      let next = await repository.reserveReferenceSeqs(tx, Number(year), crimes.length)
      for (const crime of crimes.sort((a, b) => a.row.recordedAt.getTime() - b.row.recordedAt.getTime())) {
        crime.row.crimeReference = formatCrimeReference(setup.settings.referenceFormat, {
          prefix: setup.crimeReferencePrefix,
          year: Number(year),
          seq: next++,
        })
      }
    }
  })
}
