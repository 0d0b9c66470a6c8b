/**
 * The composition root: builds the database, clock, logger and every service with plain constructors. Nothing
 * else constructs a service; the type of the result is derived, not written by hand.
 */
import { pino, type Logger } from 'pino'
import { auditRecordNames } from './audit-record-names.ts'
import type { Config } from './config.ts'
import { systemActor } from './platform/auth/actor.ts'
import { IdentityStore } from './platform/auth/identity-store.ts'
import { systemClock, type Clock } from './platform/clock.ts'
import { TallyDatabase } from './platform/db/database.ts'
import { loggerOptions } from './platform/log.ts'
import { AccountsRepository, AccountsService } from './modules/accounts/index.ts'
import { AuditTrailRepository, AuditTrailSearch, AuditTrailService, ChainKeyring } from './modules/audit-trail/index.ts'
import { DirectoryRepository, DirectoryService } from './modules/directory/index.ts'
import {
  StaffAbsences,
  StaffContext,
  StaffCover,
  StaffReferenceData,
  StaffRepository,
  StaffService,
  StaffTraining,
} from './modules/staff/index.ts'
import { PeopleRepository, PeopleService, PersonMergeRepository, PersonMerges } from './modules/people/index.ts'
import {
  IncidentPublication,
  IncidentsRepository,
  IncidentsService,
  IncidentWorklists,
} from './modules/incidents/index.ts'
import { OpenDataRepository, OpenDataService } from './modules/open-data/index.ts'
import {
  QueueActions,
  QueueAllocation,
  QueueDashboard,
  QueuesRepository,
  QueuesService,
} from './modules/queues/index.ts'
import {
  AuditsRepository,
  AuditsService,
  IntegrityReportService,
  IntegrityRepository,
  IntegrityService,
} from './modules/integrity/index.ts'
import {
  CrimeDraftsService,
  CrimePublication,
  CrimeReferenceData,
  CrimesRepository,
  CrimesService,
  CrimeWorklists,
  type CrimeStatus,
  viewJustification,
} from './modules/crimes/index.ts'
import { ukDate } from './platform/dates.ts'
import { isUuid } from './platform/ids.ts'
import { VictimCareHooks, VictimsRepository, VictimsService } from './modules/victims/index.ts'
import { CapacityRepository, CapacityService, flowsFromCrimes, rosterFromStaff } from './modules/capacity/index.ts'
import {
  capacityIndicators,
  crimeIndicators,
  defineIndicator,
  IndicatorRegistry,
  RisksRepository,
  RisksService,
  staffIndicators,
} from './modules/risks/index.ts'
import { NotificationsRepository, NotificationsService, SmtpMailer } from './modules/notifications/index.ts'
import { PartnerReportDrafts, PartnersRepository, PartnersService } from './modules/partners/index.ts'
import { RetentionRepository, RetentionService } from './modules/retention/index.ts'
import { CrimeRetention } from './modules/crimes/index.ts'
import { PersonRetention } from './modules/people/index.ts'
import { VictimCareRetention } from './modules/victims/index.ts'
import { IncidentRetention } from './modules/incidents/index.ts'
import { DisclosuresRepository, DisclosuresService } from './modules/disclosures/index.ts'

export interface DepsOverrides {
  clock?: Clock
  /** An already-open database (tests pass one made from a migrated snapshot). */
  db?: TallyDatabase
}

export async function createDeps(config: Config, overrides: DepsOverrides = {}) {
  const log = pino(loggerOptions(config.logLevel, config.environment))
  const clock = overrides.clock ?? systemClock
  const db = overrides.db ?? (await TallyDatabase.open(config.db))
  const identities = new IdentityStore(db)
  const base = platformServices(config, db, identities, clock)
  const staff = staffServices(base)
  const records = recordServices(base)
  const unit = unitServices(base, staff, records, log)
  const partners = partnerServices(base, records, config, log)
  const publication = publicationServices(base, records)

  return {
    config,
    log,
    clock,
    db,
    identities,
    services: {
      auditTrail: base.auditTrail,
      accounts: base.accounts,
      directory: base.directory,
      ...staff,
      people: records.people,
      personMerges: records.personMerges,
      incidents: records.incidents,
      crimes: records.crimes,
      crimeDrafts: records.crimeDrafts,
      crimeReferenceData: records.crimeReferenceData,
      victims: records.victims,
      integrity: records.integrity,
      audits: records.audits,
      ...unit,
      notifications: partners.notifications,
      partners: partners.partners,
      partnerReportDrafts: partners.partnerReportDrafts,
      ...publication,
    },
    async close(): Promise<void> {
      partners.mailer?.close()
      await db.close()
    },
  }
}

/** What every module uses: the audit trail, accounts and the directory of units. */
function platformServices(config: Config, db: TallyDatabase, identities: IdentityStore, clock: Clock) {
  const auditTrail = new AuditTrailService(
    db,
    new AuditTrailRepository(db.kysely),
    clock,
    new ChainKeyring(config.audit.chainKey, config.audit.previousChainKeys),
  )
  const accounts = new AccountsService(db, new AccountsRepository(db.kysely), identities, auditTrail, clock, {
    maxAttempts: config.signIn.maxAttempts,
    lockoutMinutes: config.signIn.lockoutMinutes,
    absoluteHours: config.session.absoluteHours,
    passwordHashing: config.passwordHashing,
  })
  const directory = new DirectoryService(db, new DirectoryRepository(), auditTrail, clock)
  return { db, clock, auditTrail, accounts, directory }
}
type PlatformServices = ReturnType<typeof platformServices>

function staffServices({ db, clock, auditTrail, accounts, directory }: PlatformServices) {
  const staffContext = new StaffContext(db, new StaffRepository(), directory, auditTrail, clock)
  return {
    staff: new StaffService(staffContext, accounts),
    staffReferenceData: new StaffReferenceData(staffContext),
    staffAbsences: new StaffAbsences(staffContext),
    staffTraining: new StaffTraining(staffContext),
    staffCover: new StaffCover(staffContext),
  }
}
type StaffServices = ReturnType<typeof staffServices>

/** The records themselves: people, incidents, crimes, victim care and the integrity checks that read them. */
function recordServices({ db, clock, auditTrail, directory }: PlatformServices) {
  const peopleRepository = new PeopleRepository()
  const people = new PeopleService(db, peopleRepository, auditTrail, clock)
  const personMerges = new PersonMerges(db, new PersonMergeRepository(), auditTrail, clock)
  const incidents: IncidentsService = new IncidentsService(
    db,
    new IncidentsRepository(),
    people,
    auditTrail,
    clock,
    // Rule 8: rape added to an incident after its recording decision raises an N100 (the crimes module's).
    {
      rapeReportedAfterDecision: (tx, actor, incident): Promise<void> =>
        crimes.n100ForLateRapeReportIn(tx, actor, incident),
      // Rule 4: non-crime closures go to the IMU's audit queue; every closure without a crime is read by the
      // uncrimed-incident detector.
      closedAsNonCrime: (tx, actor, incident) => integrity.queueNonCrimeClosureIn(tx, actor, incident),
      closedWithoutCrime: async (tx, _actor, incident) => {
        await integrity.scanIncidentIn(tx, incident.incidentId)
      },
    },
  )
  // Victims' Code care hears of each crime's recording and actions in the crime's own transaction.
  const victimsRepository = new VictimsRepository()
  const victims = new VictimsService(db, victimsRepository, auditTrail, clock)
  const victimCare = new VictimCareHooks(victims, victimsRepository, people, auditTrail, clock)
  const integrity: IntegrityService = new IntegrityService(
    db,
    new IntegrityRepository(),
    auditTrail,
    clock,
    (tx, actor, incidentId, reason) => incidents.sendBackNonCrimeDecisionIn(tx, actor, incidentId, reason),
  )
  const audits = new AuditsService(db, new AuditsRepository(), auditTrail, clock)
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
    victimCare,
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
  return {
    ...{ peopleRepository, people, personMerges, incidents, victims, integrity, audits },
    ...{ crimesRepository, crimeReferenceData, crimes, crimeDrafts },
  }
}
type RecordServices = ReturnType<typeof recordServices>

/** Running the IMU: its work queues, the capacity forecast, the risk register and the inspection-ready report. */
function unitServices(base: PlatformServices, staff: StaffServices, records: RecordServices, log: Logger) {
  const { db, clock, auditTrail, accounts, directory } = base
  const { crimes, audits } = records
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
    roster: rosterFromStaff(staff.staffCover),
    units: directory,
    // One awaiting-filing threshold: the IMU dashboard's alert (rule 14) is also the forecast's breach line.
    awaitingFilingThreshold: async (actor) => (await queueDashboard.threshold(actor)).value,
  })
  // Live indicators for the risk register, from every module that can read one (RisksService imports none).
  // The two queue indicators come from the crimes records until the IMU queues module registers its own.
  const indicators = new IndicatorRegistry([
    ...capacityIndicators(capacity),
    ...staffIndicators(staff.staffCover),
    ...crimeIndicators(crimes, queueSizeNow),
    defineIndicator('integrity.audit-recording-rate-percent', (actor) => audits.recordingRatePercent(actor)),
  ])
  const risks = new RisksService(db, new RisksRepository(), auditTrail, accounts, clock, indicators, (key, error) =>
    log.error({ indicator: key, err: error }, 'risk indicator could not be read'),
  )
  // The inspection-ready report shows the IMU's backlog now and the forecast's breach date beside the audits. The
  // date is one fact of a report its reader may see (integrity.view), so it is read as Tally, not as a reader who
  // may not open the forecast itself (an auditor, a decision maker).
  const integrityReport = new IntegrityReportService(db, auditTrail, async (actor) => {
    const awaitingFiling = await queueSizeNow(actor, 'awaiting_filing')
    const breachDate = await capacity
      .breachDate(systemActor(actor.forceId, 'Integrity report'), ukDate(clock.now()), 'awaiting_filing')
      .catch((error: unknown) => {
        log.error({ err: error }, 'forecast for the integrity report could not be read')
        return null
      })
    return { awaitingFiling, breachDate }
  })
  // The IMU work queues: crimes change only through the crimes service; capacity for allocation from staff.
  const incidentWorklists = new IncidentWorklists()
  const queueDashboard: QueueDashboard = new QueueDashboard(
    db,
    new QueuesRepository(),
    crimeWorklists,
    incidentWorklists,
    accounts,
    auditTrail,
    clock,
  )
  return {
    capacity,
    risks,
    integrityReport,
    queues: new QueuesService(db, crimeWorklists, incidentWorklists, crimes, directory, auditTrail, clock),
    queueActions: new QueueActions(db, crimeWorklists, crimes, auditTrail),
    queueAllocation: new QueueAllocation(db, crimeWorklists, directory, accounts, staff.staffCover, staff.staff, clock),
    queueDashboard,
  }
}

/** Partner agencies' third-party reports, and the notifications they and everyone else receive. */
function partnerServices(base: PlatformServices, records: RecordServices, config: Config, log: Logger) {
  const { db, clock, auditTrail } = base
  // Notifications: on screen always; email through the outbox only when SMTP is configured.
  const mailer = config.mail.smtp ? new SmtpMailer(config.mail.smtp) : undefined
  const notifications = new NotificationsService(db, new NotificationsRepository(), clock, {
    mailer,
    baseUrl: config.publicUrl,
    log,
  })
  // Third-party reports become incidents; triage reads the crimes recorded from them through the crimes service.
  const partnersRepository = new PartnersRepository()
  const partners = new PartnersService(
    db,
    partnersRepository,
    records.incidents,
    (actor, incidentId) => records.crimes.forIncident(actor, incidentId),
    notifications,
    auditTrail,
    clock,
  )
  const partnerReportDrafts = new PartnerReportDrafts(db, partnersRepository, partners, clock)
  return { mailer, notifications, partners, partnerReportDrafts }
}

/** What leaves the force or the records' working life: open data, retention, disclosures and audit search. */
function publicationServices(base: PlatformServices, records: RecordServices) {
  const { db, clock, auditTrail, accounts } = base
  const { people, peopleRepository, crimesRepository, crimeReferenceData } = records
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
  // Retention review (rule 21): each owning module reads its records for the schedule and removes its own
  // personal data on disposal, all inside the review's transaction.
  const owners = {
    crimes: new CrimeRetention(),
    people: new PersonRetention(),
    victims: new VictimCareRetention(),
    incidents: new IncidentRetention(),
  }
  const retention = new RetentionService(db, new RetentionRepository(), owners, auditTrail, clock)
  // Rule 20: disclosures of crime records name their recipients; the reasons are the force's list (crimes).
  const disclosures = new DisclosuresService(db, new DisclosuresRepository(), auditTrail, clock, {
    crimeReference: async (tx, crimeId) => (await crimesRepository.findCrime(tx, crimeId))?.crimeReference,
    justifications: (tx) => crimeReferenceData.viewJustificationsIn(tx),
    check: viewJustification,
  })
  // Rule 20: the audit trail searched by person (their linked records, from people) and by crime reference.
  const auditTrailSearch = new AuditTrailSearch(db, auditTrail, {
    recordsOfPerson: async (tx, personId) =>
      isUuid(personId) ? await peopleRepository.involvementsOf(tx, personId) : [],
    recordIdFor: async (tx, reference) => (await crimesRepository.findByReference(tx, reference))?.crimeId,
    recordNames: auditRecordNames,
  })
  return { openData, retention, disclosures, auditTrailSearch }
}

export type Deps = Awaited<ReturnType<typeof createDeps>>
export type Services = Deps['services']
