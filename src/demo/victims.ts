import { makeActor, type Actor } from '../platform/auth/actor.ts'
import { addWorkingDays } from '../platform/calendar/working-days.ts'
import { addDays, startOfUkDay } from '../platform/dates.ts'
import type { RecordCrimeInput } from '../modules/crimes/index.ts'
import type { VictimsService } from '../modules/victims/index.ts'

/** What the demo needs: recording crimes (which starts their victims' tasks), the units, and victim care. */
export interface VictimsDemoDeps {
  crimes: { record(actor: Actor, input: RecordCrimeInput): Promise<{ crime: { crimeId: string } }> }
  units: (actor: Actor) => Promise<Array<{ unitId: string; unitType: string }>>
  victims: VictimsService
}

interface DemoVictim {
  givenName: string
  familyName: string
  dateOfBirth: string
  offenceCode: string
  /** Working days before today the crime was reported: 0 today, 8 well overdue. */
  reportedDaysAgo: number
  domesticAbuse?: boolean
  summary: string
}

const VICTIMS: readonly DemoVictim[] = [
  {
    givenName: 'Margaret',
    familyName: 'Ellwood',
    dateOfBirth: '1948-03-14',
    offenceCode: '28E',
    reportedDaysAgo: 8,
    summary: 'Burglary at home overnight; jewellery taken.',
  },
  {
    givenName: 'Daniel',
    familyName: 'Okonjo',
    dateOfBirth: '1991-07-02',
    offenceCode: '45',
    reportedDaysAgo: 4,
    summary: 'Laptop taken from a parked car.',
  },
  {
    givenName: 'Leanne',
    familyName: 'Marsh',
    dateOfBirth: '1986-11-23',
    offenceCode: '5D',
    reportedDaysAgo: 1,
    domesticAbuse: true,
    summary: 'Assaulted by her partner at home; enhanced rights.',
  },
  {
    givenName: 'Tom',
    familyName: 'Bright',
    dateOfBirth: '1979-05-30',
    offenceCode: '44',
    reportedDaysAgo: 0,
    summary: 'Bicycle taken from outside the station.',
  },
]

/** The working day `days` working days before `today` (or today when 0). */
function workingDaysBefore(today: string, days: number): string {
  let day = today
  for (let left = days; left > 0;) {
    day = addDays(day, -1)
    if (addWorkingDays(day, 0) === day) {
      left -= 1
    }
  }
  return day
}

/**
 * The demo's victim care: four victims recorded through the crimes service (so their Right 3, referral and
 * needs-assessment tasks start as in life), looked after by the demo `victim-care` user in the Victim and
 * Witness Care Hub — one well overdue, one due about now, one with enhanced rights (domestic abuse), one
 * reported today with a contact already made and a contact plan agreed.
 */
export async function seedVictimsDemo(deps: VictimsDemoDeps, actor: Actor, users: ReadonlyMap<string, string>) {
  const userId = users.get('victim-care')
  if (!userId) {
    throw new Error('The demo victim care needs the demo victim-care user')
  }
  const officer = makeActor({
    forceId: actor.forceId,
    type: 'user',
    id: userId,
    name: 'Vicky Lowe (victim care)',
    roles: ['victim_care_officer'],
  })
  const hub = (await deps.units(actor)).find((unit) => unit.unitType === 'victim_care')
  const today = deps.victims.today()
  const careIds: string[] = []
  for (const victim of VICTIMS) {
    const reportedOn = workingDaysBefore(today, victim.reportedDaysAgo)
    // Reported at 09:00 that day, but never later than now.
    const reportedAt = new Date(
      Math.min(startOfUkDay(reportedOn).getTime() + 9 * 3_600_000, deps.victims.now().getTime() - 60_000),
    )
    const { crime } = await deps.crimes.record(actor, {
      directReportChannel: 'front_counter',
      reportedAt: reportedAt.toISOString(),
      victim: { givenName: victim.givenName, familyName: victim.familyName, dateOfBirth: victim.dateOfBirth },
      offenceCode: victim.offenceCode,
      offenceFrom: new Date(reportedAt.getTime() - 3 * 3_600_000).toISOString(),
      domesticAbuse: victim.domesticAbuse ?? false,
      summary: victim.summary,
    })
    const careId = (await deps.victims.careIdForCrime(actor, crime.crimeId))!
    await deps.victims.assign(officer, careId, {
      officerUserId: userId,
      unitId: hub?.unitId ?? null,
      expectedVersion: 1,
    })
    careIds.push(careId)
  }
  // The victim reported today has already been called, and agreed fortnightly updates by email.
  const recent = await deps.victims.view(officer, careIds[3]!)
  const right3 = recent.tasks.find((task) => task.kind === 'right3_information')!
  await deps.victims.recordContact(officer, careIds[3]!, {
    contactedAt: new Date(deps.victims.now().getTime() - 30_000),
    method: 'phone',
    summary: 'Gave the crime reference, explained what happens next and the restorative justice leaflet.',
    taskIds: [right3.taskId],
  })
  await deps.victims.setContactPlan(officer, careIds[3]!, {
    updateEveryDays: 14,
    preferredMethod: 'email',
    expectedVersion: recent.care.version,
  })
  // An arrest two working days ago on the overdue burglary: the victim has three more days to hear of it.
  await deps.victims.recordEvent(officer, careIds[0]!, {
    kind: 'arrest',
    occurredOn: workingDaysBefore(today, 2),
    details: 'Suspect arrested on a nearby street with property',
  })
}
