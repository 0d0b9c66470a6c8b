import { makeActor, type Actor } from '../platform/auth/actor.ts'
import type { Role } from '../platform/auth/roles.ts'
import type { AccountsService } from '../modules/accounts/index.ts'
import type { DirectoryService } from '../modules/directory/index.ts'
import { addDays } from '../platform/dates.ts'
import type { CalendarDay, StaffServices } from '../modules/staff/index.ts'
import type { DemoTeam } from './team.ts'
import { DEMO_PASSWORD } from './users.ts'

/**
 * The demo force's people: an IMU of a dozen (its most experienced member off sick long-term, two control-room
 * operators recently moved in and still learning), a control room of twenty with crime-recording training in
 * every state (in date, expired, never done, booked, not released), the investigators who hold the force's open
 * crimes, and the FCR and victim-care staff. Everyone has an account, so the work the demo's history records is
 * done by the people in the staff list. Dates are relative to the day the demo is seeded. Nobody here is real.
 */

type Skills = Record<string, 1 | 2 | 3>

interface DemoPerson {
  name: string
  jobTitle: string
  /** Links the staff record to this demo username's account (seed-demo.ts). */
  username?: string
  hours?: number
  days?: number[]
  /** Years in post (fractions allowed), counted back from today. */
  years: number
  skills?: Skills
  /** The account's role (seed-demo.ts makes the named demo users; the staff step makes everyone else's). */
  role?: Role
}

const IMU: DemoPerson[] = [
  {
    name: 'DI Rachel Moss',
    jobTitle: 'Detective inspector, head of the IMU',
    username: 'supervisor',
    role: 'imu_supervisor',
    years: 3,
    skills: { allocation: 3, classification: 2, filing: 2 },
  },
  {
    name: 'Margaret Ellis',
    jobTitle: 'Senior crime-recording decision maker',
    years: 16,
    skills: { recording_decision: 3, classification: 3, filing: 3, n100_review: 3, fcr_delegate: 3, allocation: 2 },
  },
  {
    name: 'Graham Forde',
    jobTitle: 'Senior crime-recording decision maker',
    years: 12,
    skills: { recording_decision: 3, classification: 3, filing: 3, n100_review: 2, allocation: 2 },
  },
  {
    name: 'Dana Price',
    jobTitle: 'Crime-recording decision maker',
    username: 'decision-maker',
    years: 6,
    skills: { recording_decision: 3, classification: 2, filing: 2, allocation: 2 },
  },
  {
    name: 'Hassan Qureshi',
    jobTitle: 'Crime-recording decision maker',
    years: 5,
    skills: { recording_decision: 2, classification: 2, filing: 2 },
  },
  {
    name: 'Linda Carver',
    jobTitle: 'Filing and quality assurance officer',
    years: 9,
    hours: 22.5,
    days: [2, 3, 4],
    skills: { filing: 3, classification: 2 },
  },
  {
    name: 'Tom Whitaker',
    jobTitle: 'Filing and quality assurance officer',
    years: 4,
    skills: { filing: 2, allocation: 2 },
  },
  {
    name: 'Aisha Bello',
    jobTitle: 'Crime-recording decision maker',
    years: 3,
    skills: { recording_decision: 2, classification: 2, allocation: 1 },
  },
  {
    name: 'Kevin Dunn',
    jobTitle: 'Allocation officer',
    years: 7,
    skills: { allocation: 3, filing: 1 },
  },
  {
    name: 'Sophie Marsh',
    jobTitle: 'Crime-recording decision maker',
    years: 2,
    hours: 30,
    days: [1, 2, 3, 4],
    skills: { recording_decision: 2, classification: 1, filing: 1 },
  },
  // Moved in from the control room six weeks ago: willing, but not yet able to backfill.
  {
    name: 'Jordan Pike',
    jobTitle: 'Crime-recording decision maker (trainee)',
    years: 0.12,
    skills: { recording_decision: 1, filing: 1 },
  },
  {
    name: 'Megan Shaw',
    jobTitle: 'Crime-recording decision maker (trainee)',
    years: 0.12,
    skills: { recording_decision: 1 },
  },
]

/** Control-room operators work four ten-hour shifts in a rotating pattern. */
const SHIFT_PATTERNS = [
  [1, 2, 3, 4],
  [3, 4, 5, 6],
  [5, 6, 7, 1],
  [7, 1, 2, 3],
]

const CONTROL_ROOM_NAMES = [
  'Olu Adeyemi',
  'Bethany Cole',
  'Ryan Doherty',
  'Priya Kaur',
  'Liam Walsh',
  'Chloe Bennett',
  'Marcus Grant',
  'Hannah Lees',
  'Daniel Osei',
  'Ellie Turner',
  'Nathan Price',
  'Zara Hussain',
  'Connor Hughes',
  'Grace Morgan',
  'Samir Patel',
  'Lucy Fraser',
  'Adam Kowalski',
  'Jade Robinson',
  'Callum Reid',
  'Amelia Stone',
]

/**
 * Each operator's crime-recording training, in order of the names above: completed N days ago (in date when
 * under two years), never done, booked, or booked and not released.
 */
type TrainingStory =
  | { completedDaysAgo: number }
  | { never: true; booked?: number; notReleased?: number[] }
  | { completedDaysAgo: number; notReleased: number[] }

const CONTROL_ROOM_TRAINING: TrainingStory[] = [
  { completedDaysAgo: 200 },
  { completedDaysAgo: 420 },
  { completedDaysAgo: 95 },
  { completedDaysAgo: 610 },
  { completedDaysAgo: 980, notReleased: [45] }, // expired, re-booked, not released
  { completedDaysAgo: 330 },
  { completedDaysAgo: 50 },
  { completedDaysAgo: 700 },
  { completedDaysAgo: 850 }, // expired
  { completedDaysAgo: 260 },
  { completedDaysAgo: 480 },
  { completedDaysAgo: 150 },
  { completedDaysAgo: 1100 }, // expired
  { completedDaysAgo: 380 },
  { completedDaysAgo: 560 },
  // Recruits: never trained; three were booked and not released, one is booked for next month.
  { never: true, notReleased: [75, 40] },
  { never: true, notReleased: [40] },
  { never: true, booked: 24 },
  { never: true, notReleased: [12] },
  { never: true },
]

/** The investigators who hold the crimes allocated for investigation, by unit kind, with their weekly hours. */
const INVESTIGATORS: ReadonlyArray<{ unitType: string; people: ReadonlyArray<readonly [string, string, number]> }> = [
  {
    unitType: 'investigation',
    people: [
      ['DS Helen Carter', 'Detective sergeant', 37],
      ['DC Marcus Webb', 'Detective constable', 37],
      ['DC Priya Sandhu', 'Detective constable', 30],
      ['DC Owen Fletcher', 'Detective constable', 37],
      ['DC Nadia Rahman', 'Detective constable', 22.5],
    ],
  },
  {
    unitType: 'response',
    people: [
      ['PC Sam Okafor', 'Response officer', 40],
      ['PC Ellie Ward', 'Response officer', 40],
      ['PC Jamal Reid', 'Response officer', 40],
      ['PC Kirsty Doyle', 'Response officer', 30],
      ['PC Ben Hartley', 'Response officer', 40],
      ['PC Rosa Mendes', 'Response officer', 40],
      ['PC Aaron Lowe', 'Response officer', 20],
    ],
  },
  {
    unitType: 'safeguarding',
    people: [
      ['DC Fiona Grant', 'Detective constable, safeguarding', 37],
      ['DC Tariq Aziz', 'Detective constable, safeguarding', 30],
    ],
  },
]

/** The demo users' staff records among the investigators (the demo `officer` is PC Sam Okafor). */
const INVESTIGATOR_USERNAMES: Readonly<Record<string, string>> = { 'PC Sam Okafor': 'officer' }

const RECRUIT_FROM = 15
const NOT_RELEASED_REASON = 'Not released — staffing: minimum cover on the control-room floor not met'

function yearsAgo(today: CalendarDay, years: number): CalendarDay {
  return addDays(today, -Math.round(years * 365))
}

type StaffDemoServices = StaffServices & { directory: DirectoryService; accounts: AccountsService }

interface StaffDemo {
  services: StaffDemoServices
  actor: Actor
  users: ReadonlyMap<string, string>
  today: CalendarDay
  team: DemoTeam
}

/**
 * Adds the demo force's staff, skills, absences and training (the demo seed's "staff" step), each with an
 * account (the named demo users' own, or a new one), and returns who does which work.
 */
export async function seedStaffDemo(
  services: StaffDemoServices,
  actor: Actor,
  users: ReadonlyMap<string, string>,
): Promise<DemoTeam> {
  const { staffReferenceData, directory } = services
  await staffReferenceData.addStandardSkills(actor)
  await staffReferenceData.addStandardCourses(actor)
  const units = await directory.listUnits(actor)
  const unitsOf = (unitType: string) => units.filter((unit) => unit.unitType === unitType).map((unit) => unit.unitId)
  const [imu] = unitsOf('investigation_management')
  const [controlRoom] = unitsOf('control_room')
  if (!imu || !controlRoom) {
    throw new Error('The demo staff need the demo unit directory: seed the directory first')
  }
  const demo: StaffDemo = {
    services,
    actor,
    users,
    today: services.staff.today(),
    team: { operators: [], decisionMakers: [], supervisors: [], registrars: [], officers: [] },
  }
  await addImu(demo, imu)
  await addControlRoom(demo, controlRoom)
  for (const { unitType, people } of INVESTIGATORS) {
    const unitIds = unitsOf(unitType)
    for (const [index, [name, jobTitle, hours]] of people.entries()) {
      const unitId = unitIds[Math.floor((index * unitIds.length) / people.length)]
      if (unitId) {
        const username = INVESTIGATOR_USERNAMES[name]
        const person = { name, jobTitle, hours, years: 2 + ((index * 5) % 9), role: 'officer' as const }
        await addPerson(demo, username ? { ...person, username } : person, unitId, 'officers')
      }
    }
  }
  // The Force Crime Registrar and victim care, who have demo accounts
  const [fcrOffice] = unitsOf('other')
  if (fcrOffice) {
    const registrar = {
      name: 'Frances Hale',
      jobTitle: 'Force Crime Registrar',
      username: 'registrar',
      role: 'force_crime_registrar' as const,
      years: 8,
      skills: { classification: 3, fcr_delegate: 3, n100_review: 3 } as const,
    }
    await addPerson(demo, registrar, fcrOffice, 'registrars')
  }
  const [victimCare] = unitsOf('victim_care')
  if (victimCare) {
    const care = { name: 'Vicky Lowe', jobTitle: 'Victim care officer', username: 'victim-care', years: 4 }
    await addPerson(demo, { ...care, role: 'victim_care_officer' }, victimCare)
  }
  return demo.team
}

/**
 * One person: their account (the demo user's when they have a username, otherwise a new one named after them),
 * their staff record and skills. Returns the staff id; adds them to the team's `work` list.
 */
async function addPerson(
  demo: StaffDemo,
  person: DemoPerson,
  unitId: string,
  work?: keyof DemoTeam,
  pattern = [1, 2, 3, 4, 5],
): Promise<string> {
  const { staff, accounts } = demo.services
  const role = person.role ?? 'imu_decision_maker'
  const userId =
    (person.username ? demo.users.get(person.username) : undefined) ??
    (
      await accounts.createUser(demo.actor, {
        username: accountName(person.name),
        displayName: person.name,
        password: DEMO_PASSWORD,
        roles: [role],
      })
    ).userId
  const contractedHours = person.hours ?? (pattern.length === 4 ? 40 : 37)
  const { staffId } = await staff.createStaff(demo.actor, {
    name: person.name,
    jobTitle: person.jobTitle,
    unitId,
    userId,
    contractedHours,
    workingDays: person.days ?? pattern,
    startedOn: yearsAgo(demo.today, person.years),
  })
  for (const [skill, level] of Object.entries(person.skills ?? {})) {
    await staff.setSkillLevel(demo.actor, staffId, { skill, level })
  }
  if (work) {
    const actor = makeActor({ forceId: demo.actor.forceId, type: 'user', id: userId, name: person.name, roles: [role] })
    demo.team[work].push({ actor, contractedHours, unitId })
  }
  return staffId
}

/** "DC Priya Sandhu" → "priya.sandhu": ranks are not part of a username. */
function accountName(name: string): string {
  const words = name.split(' ').filter((word) => !/^(PC|DC|DS|DI)$/.test(word))
  return words
    .join('.')
    .toLowerCase()
    .replace(/[^a-z.]/g, '')
}

/** The IMU: a dozen, its most experienced member off sick, the next soon on secondment, two trainees. */
async function addImu(demo: StaffDemo, imu: string): Promise<void> {
  const { staffAbsences, staffTraining } = demo.services
  const { actor, today } = demo
  const ids = new Map<string, string>()
  for (const person of IMU) {
    ids.set(person.name, await addPerson(demo, person, imu, person.role ? 'supervisors' : 'decisionMakers'))
  }
  const id = (name: string) => ids.get(name)!
  const absence = (name: string, input: Parameters<typeof staffAbsences.recordAbsence>[2]) =>
    staffAbsences.recordAbsence(actor, id(name), input)
  const away = { planned: false, expectedEndOn: '', hoursPerDay: undefined }
  // Its most experienced member: off sick for ten weeks, no return date.
  await absence('Margaret Ellis', { ...away, absenceType: 'sickness', startsOn: addDays(today, -70) })
  // The next most experienced: seconded to a major investigation for three months from a fortnight's time.
  const secondment = { absenceType: 'secondment', planned: true, startsOn: addDays(today, 14) } as const
  await absence('Graham Forde', { ...away, ...secondment, expectedEndOn: addDays(today, 14 + 90) })
  const leave = { absenceType: 'leave', planned: true, startsOn: addDays(today, 4) } as const
  await absence('Hassan Qureshi', { ...away, ...leave, expectedEndOn: addDays(today, 15) })
  const sick = { absenceType: 'sickness', startsOn: addDays(today, -9), expectedEndOn: addDays(today, -7) } as const
  const { absenceId } = await absence('Tom Whitaker', { ...away, ...sick })
  await staffAbsences.endAbsence(actor, id('Tom Whitaker'), absenceId, {
    endedOn: addDays(today, -6),
    expectedVersion: 1,
  })
  const course = { absenceType: 'training', planned: true, startsOn: today, expectedEndOn: today } as const
  await absence('Aisha Bello', { ...course, hoursPerDay: 3.5 })
  for (const name of [
    'Dana Price',
    'Hassan Qureshi',
    'Aisha Bello',
    'Sophie Marsh',
    'Margaret Ellis',
    'Graham Forde',
  ]) {
    await staffTraining.recordTraining(actor, id(name), { course: 'classification', completedOn: addDays(today, -300) })
  }
  for (const name of ['Jordan Pike', 'Megan Shaw']) {
    await staffTraining.bookTraining(actor, id(name), { course: 'classification', courseOn: addDays(today, 33) })
  }
}

/** The control room: twenty on rotating shifts, their crime-recording training in every state. */
async function addControlRoom(demo: StaffDemo, controlRoom: string): Promise<void> {
  const { staff, staffAbsences, staffTraining } = demo.services
  const { actor, today } = demo
  for (const [index, name] of CONTROL_ROOM_NAMES.entries()) {
    const recruit = index >= RECRUIT_FROM
    const operator: DemoPerson = {
      name,
      jobTitle: recruit ? 'Control-room operator (probationer)' : 'Control-room operator',
      ...(index === 0 ? { username: 'operator' } : {}),
      role: 'control_room_operator',
      years: recruit ? 0.2 + (index - RECRUIT_FROM) * 0.05 : 1.5 + ((index * 7) % 11),
      skills: recruit ? {} : { recording_decision: index % 3 === 0 ? 2 : 1 },
    }
    const staffId = await addPerson(demo, operator, controlRoom, 'operators', SHIFT_PATTERNS[index % 4])
    const story = CONTROL_ROOM_TRAINING[index]!
    if ('completedDaysAgo' in story) {
      const completedOn = addDays(today, -story.completedDaysAgo)
      await staffTraining.recordTraining(actor, staffId, { course: 'crime-recording', completedOn })
    }
    for (const daysAgo of 'notReleased' in story ? (story.notReleased ?? []) : []) {
      const booking = { course: 'crime-recording', courseOn: addDays(today, -daysAgo) }
      const { bookingId } = await staffTraining.bookTraining(actor, staffId, booking)
      await staffTraining.cancelBooking(actor, staffId, bookingId, {
        reason: 'not_released',
        detail: NOT_RELEASED_REASON,
        decidedBy: 'Control room duty inspector',
        expectedVersion: 1,
      })
    }
    if ('booked' in story && story.booked !== undefined) {
      const booking = { course: 'crime-recording', courseOn: addDays(today, story.booked) }
      await staffTraining.bookTraining(actor, staffId, booking)
    }
  }
  const sick = await staff.listStaff(actor, { unitId: controlRoom })
  await staffAbsences.recordAbsence(actor, sick.find((person) => person.name === 'Marcus Grant')!.staffId, {
    absenceType: 'sickness',
    planned: false,
    startsOn: addDays(today, -2),
    expectedEndOn: addDays(today, 2),
    hoursPerDay: undefined,
  })
}
