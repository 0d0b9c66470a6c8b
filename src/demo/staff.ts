import type { Actor } from '../platform/auth/actor.ts'
import type { DirectoryService } from '../modules/directory/index.ts'
import { addDays } from '../platform/dates.ts'
import type { CalendarDay } from '../modules/staff/index.ts'
import type { StaffServices } from '../modules/staff/index.ts'

/**
 * The demo force's people: an IMU of a dozen (its most experienced member off sick long-term, two control-room
 * operators recently moved in and still learning), a control room of twenty with crime-recording training in
 * every state (in date, expired, never done, booked, not released), and the FCR and victim-care staff who have
 * demo accounts. Dates are relative to the day the demo is seeded. Nobody here is real.
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
}

const IMU: DemoPerson[] = [
  {
    name: 'DI Rachel Moss',
    jobTitle: 'Detective inspector, head of the IMU',
    username: 'supervisor',
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

const RECRUIT_FROM = 15
const NOT_RELEASED_REASON = 'Not released — staffing: minimum cover on the control-room floor not met'

function yearsAgo(today: CalendarDay, years: number): CalendarDay {
  return addDays(today, -Math.round(years * 365))
}

/** Adds the demo force's staff, skills, absences and training (the demo seed's "staff" step). */
export async function seedStaffDemo(
  services: StaffServices & { directory: DirectoryService },
  actor: Actor,
  users: ReadonlyMap<string, string>,
): Promise<void> {
  const { staff, staffReferenceData, staffAbsences, staffTraining, directory } = services
  const today = staff.today()
  await staffReferenceData.addStandardSkills(actor)
  await staffReferenceData.addStandardCourses(actor)

  const units = await directory.listUnits(actor)
  const unitOf = (unitType: string) => units.find((unit) => unit.unitType === unitType)?.unitId
  const imu = unitOf('investigation_management')
  const controlRoom = unitOf('control_room')
  if (!imu || !controlRoom) {
    throw new Error('The demo staff need the demo unit directory: seed the directory first')
  }

  const add = async (person: DemoPerson, unitId: string, pattern = [1, 2, 3, 4, 5]): Promise<string> => {
    const { staffId } = await staff.createStaff(actor, {
      name: person.name,
      jobTitle: person.jobTitle,
      unitId,
      userId: person.username ? users.get(person.username) : undefined,
      contractedHours: person.hours ?? (pattern.length === 4 ? 40 : 37),
      workingDays: person.days ?? pattern,
      startedOn: yearsAgo(today, person.years),
    })
    for (const [skill, level] of Object.entries(person.skills ?? {})) {
      await staff.setSkillLevel(actor, staffId, { skill, level })
    }
    return staffId
  }

  // The IMU
  const imuIds = new Map<string, string>()
  for (const person of IMU) {
    imuIds.set(person.name, await add(person, imu))
  }
  const id = (name: string) => imuIds.get(name)!
  // Its most experienced member: off sick for ten weeks, no return date.
  await staffAbsences.recordAbsence(actor, id('Margaret Ellis'), {
    absenceType: 'sickness',
    planned: false,
    startsOn: addDays(today, -70),
    expectedEndOn: '',
    hoursPerDay: undefined,
  })
  // The next most experienced: seconded to a major investigation for three months from a fortnight's time.
  await staffAbsences.recordAbsence(actor, id('Graham Forde'), {
    absenceType: 'secondment',
    planned: true,
    startsOn: addDays(today, 14),
    expectedEndOn: addDays(today, 14 + 90),
    hoursPerDay: undefined,
  })
  await staffAbsences.recordAbsence(actor, id('Hassan Qureshi'), {
    absenceType: 'leave',
    planned: true,
    startsOn: addDays(today, 4),
    expectedEndOn: addDays(today, 15),
    hoursPerDay: undefined,
  })
  const { absenceId } = await staffAbsences.recordAbsence(actor, id('Tom Whitaker'), {
    absenceType: 'sickness',
    planned: false,
    startsOn: addDays(today, -9),
    expectedEndOn: addDays(today, -7),
    hoursPerDay: undefined,
  })
  await staffAbsences.endAbsence(actor, id('Tom Whitaker'), absenceId, {
    endedOn: addDays(today, -6),
    expectedVersion: 1,
  })
  await staffAbsences.recordAbsence(actor, id('Aisha Bello'), {
    absenceType: 'training',
    planned: true,
    startsOn: today,
    expectedEndOn: today,
    hoursPerDay: 3.5,
  })
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

  // The control room
  for (const [index, name] of CONTROL_ROOM_NAMES.entries()) {
    const recruit = index >= RECRUIT_FROM
    const staffId = await add(
      {
        name,
        jobTitle: recruit ? 'Control-room operator (probationer)' : 'Control-room operator',
        username: index === 0 ? 'operator' : undefined,
        years: recruit ? 0.2 + (index - RECRUIT_FROM) * 0.05 : 1.5 + ((index * 7) % 11),
        skills: recruit ? {} : { recording_decision: index % 3 === 0 ? 2 : 1 },
      },
      controlRoom,
      SHIFT_PATTERNS[index % SHIFT_PATTERNS.length],
    )
    const story = CONTROL_ROOM_TRAINING[index]!
    if ('completedDaysAgo' in story) {
      await staffTraining.recordTraining(actor, staffId, {
        course: 'crime-recording',
        completedOn: addDays(today, -story.completedDaysAgo),
      })
    }
    for (const daysAgo of 'notReleased' in story ? (story.notReleased ?? []) : []) {
      const { bookingId } = await staffTraining.bookTraining(actor, staffId, {
        course: 'crime-recording',
        courseOn: addDays(today, -daysAgo),
      })
      await staffTraining.cancelBooking(actor, staffId, bookingId, {
        reason: 'not_released',
        detail: NOT_RELEASED_REASON,
        decidedBy: 'Control room duty inspector',
        expectedVersion: 1,
      })
    }
    if ('booked' in story && story.booked !== undefined) {
      await staffTraining.bookTraining(actor, staffId, {
        course: 'crime-recording',
        courseOn: addDays(today, story.booked),
      })
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

  // The Force Crime Registrar and victim care, who have demo accounts
  const fcrOffice = unitOf('other')
  if (fcrOffice) {
    await add(
      {
        name: 'Frances Hale',
        jobTitle: 'Force Crime Registrar',
        username: 'registrar',
        years: 8,
        skills: { classification: 3, fcr_delegate: 3, n100_review: 3 },
      },
      fcrOffice,
    )
  }
  const victimCare = unitOf('victim_care')
  if (victimCare) {
    await add({ name: 'Vicky Lowe', jobTitle: 'Victim care officer', username: 'victim-care', years: 4 }, victimCare)
  }
}
