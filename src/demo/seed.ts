import { systemActor, type Actor } from '../platform/auth/actor.ts'
import type { Deps } from '../deps.ts'
import { seedDirectoryDemo } from './directory.ts'
import { seedStaffDemo } from './staff.ts'
import { addDemoPeople } from './people.ts'
import { seedRisksDemo } from './risks.ts'
import { seedCrimesDemo } from './crimes/history.ts'
import { seedVictimsDemo } from './victims.ts'
import { seedPartnersDemo } from './partners.ts'
import { seedRetentionDemo } from './retention.ts'
import { DEMO_FORCE, DEMO_PASSWORD, demoUsers } from './users.ts'
import type { DemoTeam } from './team.ts'
import { QUEUES_DEMO_CRIMES, seedQueuesDemo } from './queues.ts'
import { DEMO_MAP_POINTS_FILE } from '../modules/open-data/index.ts'
import fs from 'node:fs'

export interface DemoContext {
  forceId: number
  actor: Actor
  /** The demo users' ids by username. */
  users: ReadonlyMap<string, string>
  deps: Deps
  /** The demo people and places, once the people step has made them (the crimes step links them). */
  people?: { personIds: string[]; locationIds: string[] }
  /** Who does the work, once the staff step has made everyone's account and staff record. */
  team?: DemoTeam
}

/**
 * Each module's part of the demo, in order. Later modules add theirs here so `npm start` on an empty folder
 * shows every part of Tally with something in it.
 */
const DEMO_STEPS: ReadonlyArray<readonly [string, (context: DemoContext) => Promise<void>]> = [
  ['units', unitDirectory],
  ['staff', staff],
  ['people and places', peopleAndPlaces],
  ['incidents and crimes', incidentsAndCrimes],
  ['work queues', workQueues],
  ['victim care', victimCare],
  ['partner reports', partnerReports],
  ['risk register', riskRegister],
  ['police.uk map points', policeUkMapPoints],
  ['retention reviews', retentionReview],
]

/** First, so staff and crimes have units to belong to. */
async function unitDirectory(context: DemoContext): Promise<void> {
  await seedDirectoryDemo(context.deps.services.directory, context.actor)
}

/** Staff, skills, absences and training, linked to the demo accounts where the names match. */
async function staff(context: DemoContext): Promise<void> {
  context.team = await seedStaffDemo(context.deps.services, context.actor, context.users)
}

/** A few hundred people (some written several ways, for person search) and forty police.uk street locations. */
async function peopleAndPlaces(context: DemoContext): Promise<void> {
  context.people = await addDemoPeople(context.deps.db, context.deps.services.people, context.actor)
}

/** A year of incidents and crimes (police.uk's mix of crime types and outcomes), so every queue has work in it. */
async function incidentsAndCrimes(context: DemoContext): Promise<void> {
  const { users, people, team } = context
  await seedCrimesDemo(context.deps, context.actor, { users, people, team, addedLater: QUEUES_DEMO_CRIMES })
}

/** After the crimes: filing falling behind for ten weeks (one queue growing, the rest healthy), and the trend. */
async function workQueues(context: DemoContext): Promise<void> {
  await seedQueuesDemo(context)
}

/** Victims with Victims' Code tasks overdue, due and done, one with enhanced rights: work for `victim-care`. */
async function victimCare(context: DemoContext): Promise<void> {
  const { services } = context.deps
  await seedVictimsDemo(
    {
      crimes: services.crimes,
      units: (actor) => services.directory.listUnits(actor),
      victims: services.victims,
    },
    context.actor,
    context.users,
  )
}

/** The demo partner's school: reports waiting for IMU triage, and one recorded as a crime. */
async function partnerReports(context: DemoContext): Promise<void> {
  const { services, clock } = context.deps
  await seedPartnersDemo(
    {
      partners: services.partners,
      now: () => clock.now(),
      recordTheft: (actor, incidentId, victim, offenceFrom) =>
        services.crimes.record(actor, { incidentId, victim, offenceCode: '49', offenceFrom }),
    },
    context.actor,
    context.users,
  )
}

/** Last, so the first indicator check sees everything the other steps added. */
async function riskRegister(context: DemoContext): Promise<void> {
  await seedRisksDemo(context.deps.services.risks, context.actor, context.users)
}

/** The demo area's anonymous police.uk map points, so the registrar can export the demo force's month. */
async function policeUkMapPoints(context: DemoContext): Promise<void> {
  await context.deps.services.openData.importMapPoints(context.actor, fs.readFileSync(DEMO_MAP_POINTS_FILE, 'utf8'))
}

/** Every crime and person given a next review date, and a handful of crimes due for review now (rule 21). */
async function retentionReview(context: DemoContext): Promise<void> {
  await seedRetentionDemo(
    { db: context.deps.db, clock: context.deps.clock, retention: context.deps.services.retention },
    context.actor,
  )
}

export interface SeedOptions {
  /** Called as each step starts (for the CLI's progress output and the demo banner while it builds). */
  onStep?: (name: string, step?: number, steps?: number) => void
}

/**
 * Creates the demo force, a user for every role, and each module's demo data. Refused when NODE_ENV is
 * production, whatever else is set: the demo passwords are published.
 */
/** Left in the data folder while the demo's data is being made, so a build cut off half-way is started again. */
export const DEMO_BUILDING_MARKER = 'demo-building'

export async function seedDemo(deps: Deps, options: SeedOptions): Promise<{ forceId: number; created: boolean }> {
  const { forceId, created, buildData } = await startDemo(deps, options)
  await buildData()
  return { forceId, created }
}

/**
 * The demo in two parts: the force and its users now (a few seconds), and `buildData`, each module's demo data
 * (most of a minute), which `npm start` runs after it starts serving so the sign-in page is there at once.
 */
export async function startDemo(
  deps: Deps,
  options: SeedOptions,
): Promise<{ forceId: number; created: boolean; buildData: () => Promise<void> }> {
  if (deps.config.environment === 'production') {
    throw new Error('The demo force is never created in production (NODE_ENV=production)')
  }
  const existing = await deps.services.accounts.findForce(DEMO_FORCE.code)
  if (existing) {
    return { forceId: existing.forceId, created: false, buildData: () => Promise.resolve() }
  }
  options.onStep?.('force and users')
  const force = await deps.services.accounts.createForce(DEMO_FORCE)
  const actor = systemActor(force.forceId, 'Demo seed')
  const users = new Map<string, string>()
  for (const user of demoUsers()) {
    const { userId } = await deps.services.accounts.createUser(actor, { ...user, password: DEMO_PASSWORD })
    users.set(user.username, userId)
  }
  // One context for every step, so a later step can use what an earlier one made.
  const context: DemoContext = { forceId: force.forceId, actor, users, deps }
  return { forceId: force.forceId, created: true, buildData: () => buildDemoData(context, options) }
}

async function buildDemoData(context: DemoContext, options: SeedOptions): Promise<void> {
  const { deps, forceId } = context
  for (const [index, [name, step]] of DEMO_STEPS.entries()) {
    options.onStep?.(name, index + 1, DEMO_STEPS.length)
    try {
      await step(context)
    } catch (error) {
      // A half-made demo would say "already exists" for ever after: set it aside so the next run starts afresh.
      await deps.services.accounts.setAsideForce(forceId, `demo seeding failed at step ${name}`)
      throw new Error(
        `Creating the demo failed at step "${name}"; run it again. (${error instanceof Error ? error.message : String(error)})`,
        { cause: error },
      )
    }
  }
}
