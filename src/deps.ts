/**
 * The composition root: builds the database, clock, logger and every service with plain constructors. Nothing
 * else constructs a service; the type of the result is derived, not written by hand.
 */
import { pino } from 'pino'
import type { Config } from './config.ts'
import { IdentityStore } from './platform/auth/identity-store.ts'
import { systemClock, type Clock } from './platform/clock.ts'
import { TallyDatabase } from './platform/db/database.ts'
import { loggerOptions } from './platform/log.ts'
import { AccountsRepository, AccountsService } from './modules/accounts/index.ts'
import { AuditTrailRepository, AuditTrailService } from './modules/audit-trail/index.ts'
import { DirectoryRepository, DirectoryService } from './modules/directory/index.ts'
import { StaffRepository, StaffService } from './modules/staff/index.ts'
import { PeopleRepository, PeopleService } from './modules/people/index.ts'
import {
  IncidentPublication,
  IncidentsRepository,
  IncidentsService,
  IncidentWorklists,
} from './modules/incidents/index.ts'
import { OpenDataRepository, OpenDataService } from './modules/open-data/index.ts'
import { QueuesRepository, QueuesService } from './modules/queues/index.ts'
import {
  allowedIncidentActions,
  CrimeDraftsService,
  CrimePublication,
  CrimeReferenceData,
  CrimesRepository,
  CrimesService,
  CrimeWorklists,
  type CrimeStatus,
} from './modules/crimes/index.ts'
import { ukDate } from './platform/dates.ts'
import { CapacityRepository, CapacityService, flowsFromCrimes, rosterFromStaff } from './modules/capacity/index.ts'
import {
  capacityIndicators,
  crimeIndicators,
  IndicatorRegistry,
  RisksRepository,
  RisksService,
  staffIndicators,
} from './modules/risks/index.ts'

export interface DepsOverrides {
  clock?: Clock
  /** An already-open database (tests pass one made from a migrated snapshot). */
  db?: TallyDatabase
}

export async function createDeps(config: Config, overrides: DepsOverrides = {}) {
  const log = pino(loggerOptions(config.logLevel))
  const clock = overrides.clock ?? systemClock
  const db = overrides.db ?? (await TallyDatabase.open(config.db))
  const identities = new IdentityStore(db)

  const auditTrail = new AuditTrailService(db, new AuditTrailRepository(db.kysely), clock)
  const accounts = new AccountsService(db, new AccountsRepository(db.kysely), identities, auditTrail, clock, {
    maxAttempts: config.signIn.maxAttempts,
    lockoutMinutes: config.signIn.lockoutMinutes,
    absoluteHours: config.session.absoluteHours,
  })
  const directory = new DirectoryService(db, new DirectoryRepository(), auditTrail, clock)
  const staff = new StaffService(db, new StaffRepository(), directory, accounts, auditTrail, clock)
  const people = new PeopleService(db, new PeopleRepository(), auditTrail, clock)
  // The incident lifecycle is part of the one workflow table in crimes.workflow.ts.
  const incidents: IncidentsService = new IncidentsService(
    db,
    new IncidentsRepository(),
    people,
    auditTrail,
    clock,
    allowedIncidentActions,
    // Rule 8: rape added to an incident after its recording decision raises an N100 (the crimes module's).
    {
      rapeReportedAfterDecision: (tx, actor, incident): Promise<void> =>
        crimes.n100ForLateRapeReportIn(tx, actor, incident),
    },
  )
  const crimesRepository = new CrimesRepository()
  const crimeReferenceData = new CrimeReferenceData(db, crimesRepository, auditTrail, clock)
  const crimes = new CrimesService(
    db,
    crimesRepository,
    crimeReferenceData,
    incidents,
    people,
    directory,
    auditTrail,
    clock,
  )
  const crimeDrafts = new CrimeDraftsService(
    db,
    crimesRepository,
    crimeReferenceData,
    incidents,
    people,
    crimes,
    auditTrail,
    clock,
  )
  // The forecast learns from the crimes records' daily flows (with each queue's size now, from the queue
  // indexes) and the staff records' availability.
  const crimeWorklists = new CrimeWorklists()
  const queueSizeNow = (actor: { forceId: number }, status: string) =>
    db.withForce(
      actor.forceId,
      async (tx) => (await crimeWorklists.stats(tx, { statuses: [status as CrimeStatus] }, [], null)).count,
    )
  const capacity = new CapacityService(db, new CapacityRepository(), auditTrail, clock, {
    flows: flowsFromCrimes(crimes, queueSizeNow, () => ukDate(clock.now())),
    roster: rosterFromStaff(staff),
    units: directory,
    // One awaiting-filing threshold: the IMU dashboard's alert (rule 14) is also the forecast's breach line.
    awaitingFilingThreshold: async (actor) => (await queues.threshold(actor)).value,
  })
  // Live indicators for the risk register, from every module that can read one (RisksService imports none).
  const imuUnitId = async (actor: Parameters<DirectoryService['listUnits']>[0]) =>
    (await directory.listUnits(actor)).find((unit) => unit.unitType === 'investigation_management')?.unitId
  // The two queue indicators come from the crimes records until the IMU queues module registers its own.
  const indicators = new IndicatorRegistry([
    ...capacityIndicators(capacity),
    ...staffIndicators(staff, imuUnitId),
    ...crimeIndicators(crimes, queueSizeNow),
  ])
  const risks = new RisksService(db, new RisksRepository(), auditTrail, accounts, clock, indicators, (key, error) =>
    log.error({ indicator: key, err: error }, 'risk indicator could not be read'),
  )
  // The IMU work queues: crimes change only through the crimes service; capacity for allocation from staff.
  const queues = new QueuesService(
    db,
    new QueuesRepository(),
    crimeWorklists,
    new IncidentWorklists(),
    crimes,
    directory,
    accounts,
    staff,
    auditTrail,
    clock,
  )

  // police.uk open data: the force's own month from its crimes and ASB incidents, places from the people module.
  const openData = new OpenDataService(
    db,
    new OpenDataRepository(),
    {
      crimes: new CrimePublication(),
      incidents: new IncidentPublication(),
      location: (tx, locationId) => people.getLocation(tx, locationId),
      force: async (forceId) => {
        const force = (await accounts.listForces()).find((f) => f.forceId === forceId)
        if (!force) {
          throw new Error(`There is no force ${forceId}`)
        }
        return { code: force.code, name: force.name }
      },
    },
    auditTrail,
    clock,
  )

  return {
    config,
    log,
    clock,
    db,
    identities,
    services: {
      auditTrail,
      accounts,
      directory,
      people,
      staff,
      capacity,
      risks,
      incidents,
      crimes,
      crimeDrafts,
      crimeReferenceData,
      queues,
      openData,
    },
    async close(): Promise<void> {
      await db.close()
    },
  }
}

export type Deps = Awaited<ReturnType<typeof createDeps>>
export type Services = Deps['services']
