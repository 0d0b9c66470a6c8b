/**
 * Demo scenarios: situations loaded into the demo force so a person can watch Tally respond on its pages.
 * `imu-2014` replays, in the demo's own Investigation Management Unit, what the inspectorate found in 2014–15
 * (DOMAIN.md §4.4): two of the most experienced staff on long-term absence and two control-room staff moved in
 * without the skills to backfill them. The forecast and the risk register then react as in the replay test
 * (test/replay/imu-2014.test.ts).
 */
import type { Actor } from '../platform/auth/actor.ts'
import { ValidationFailed } from '../platform/http/errors.ts'
import type { Deps } from '../deps.ts'
import { addDays } from '../platform/dates.ts'
import { IMU_2014, mostExperienced } from '../modules/capacity/index.ts'

export const DEMO_SCENARIOS = ['imu-2014'] as const
export type DemoScenario = (typeof DEMO_SCENARIOS)[number]

export function isDemoScenario(value: string): value is DemoScenario {
  return (DEMO_SCENARIOS as readonly string[]).includes(value)
}

/** Loads the scenario; returns what it did, a line each. Loading it twice changes nothing the second time. */
export async function loadScenario(deps: Deps, actor: Actor, scenario: DemoScenario): Promise<string[]> {
  switch (scenario) {
    case 'imu-2014':
      return loadImu2014(deps, actor)
  }
}

async function loadImu2014(deps: Deps, actor: Actor): Promise<string[]> {
  const { staff, staffReferenceData, staffAbsences, staffCover, directory, risks } = deps.services
  const done: string[] = []
  const today = staff.today()
  const units = await directory.listUnits(actor)
  const imu = units.find((unit) => unit.unitType === 'investigation_management')
  const controlRoom = units.find((unit) => unit.unitType === 'control_room')
  if (!imu || !controlRoom) {
    throw new Error('The imu-2014 scenario needs an IMU and a control room in the unit directory: seed the demo first')
  }
  await staffReferenceData.addStandardSkills(actor)

  if ((await staff.listStaff(actor, { unitId: imu.unitId })).length < 6) {
    await addReplayImu(deps, actor, imu.unitId)
    done.push('Added the replay’s twelve IMU staff')
  }
  const imuStaff = await staff.listStaff(actor, { unitId: imu.unitId })
  const members = await Promise.all(imuStaff.map((s) => staff.getStaffMember(actor, s.staffId)))
  const existing = await staffCover.longTermAbsences(actor, today, imu.unitId)
  if (existing.length >= 2) {
    done.push('The IMU already has two or more long-term absences: the scenario is loaded')
    return done
  }

  // Two of the most experienced on long-term sickness, from four weeks ago with no expected return (counting
  // anyone already on a long-term absence).
  const away = new Set(existing.map((absence) => absence.staffId))
  const ranked = mostExperienced(
    members
      .filter((m) => !away.has(m.staffId))
      .map((m) => ({ date: today, staffId: m.staffId, hours: 1, skills: m.skills })),
    members.length,
    'filing',
  )
  const experienced: string[] = []
  for (const staffId of ranked) {
    if (experienced.length >= 2 - existing.length) {
      break
    }
    try {
      await staffAbsences.recordAbsence(actor, staffId, {
        absenceType: 'sickness',
        planned: false,
        startsOn: addDays(today, -28),
        expectedEndOn: '',
        hoursPerDay: undefined,
      })
      experienced.push(staffId)
    } catch (error) {
      // Someone with leave already booked cannot be given an open-ended absence: take the next most experienced.
      if (!(error instanceof ValidationFailed)) {
        throw error
      }
    }
  }
  done.push(
    `Long-term sickness from ${addDays(today, -28)} for ${members
      .filter((m) => experienced.includes(m.staffId))
      .map((m) => m.name)
      .join(
        ' and ',
      )}${existing.length > 0 ? ` (${existing.map((a) => a.name).join(', ')} already away long-term)` : ''}`,
  )

  done.push(...(await moveOperatorsIn(deps, actor, controlRoom.unitId, imu.unitId)))

  const check = await risks.evaluateIndicators(actor, today)
  for (const raised of check.raised) {
    done.push(`Tally raised a risk: ${raised.title} — ${raised.reason}`)
  }
  for (const escalated of check.escalated) {
    done.push(`Tally escalated a risk: ${escalated.title} — ${escalated.reason}`)
  }
  done.push(
    'The awaiting-filing history of the replay is not loaded: the crimes module has no bulk demo seeding yet, so the forecast uses the demo force’s own crimes.',
  )
  return done
}

/** Two control-room operators moved into the IMU without its skills; returns what it did. */
async function moveOperatorsIn(deps: Deps, actor: Actor, controlRoomId: string, imuId: string): Promise<string[]> {
  const { staff } = deps.services
  const operators = (
    await Promise.all(
      (await staff.listStaff(actor, { unitId: controlRoomId })).map((s) => staff.getStaffMember(actor, s.staffId)),
    )
  )
    .filter((m) => !m.skills.some((s) => ['filing', 'classification', 'allocation'].includes(s.skill)))
    .slice(0, 2)
  for (const operator of operators) {
    await staff.updateStaff(actor, operator.staffId, {
      name: operator.name,
      jobTitle: operator.jobTitle,
      unitId: imuId,
      userId: operator.userId ?? undefined,
      contractedHours: operator.contractedHours,
      workingDays: operator.workingDays,
      startedOn: operator.startedOn,
      leftOn: operator.leftOn ?? undefined,
      expectedVersion: operator.version,
    })
  }
  return operators.length > 0
    ? [`Moved into the IMU without its skills: ${operators.map((o) => o.name).join(' and ')}`]
    : []
}

/** A demo without staff records gets the replay's unit of a dozen. */
async function addReplayImu(deps: Deps, actor: Actor, imuId: string): Promise<void> {
  const { staff } = deps.services
  const today = staff.today()
  for (const person of IMU_2014.people.filter((p) => p.unit === 'imu')) {
    const { staffId } = await staff.createStaff(actor, {
      name: person.name,
      jobTitle: 'IMU investigator',
      unitId: imuId,
      contractedHours: person.hoursPerWeek,
      workingDays: [1, 2, 3, 4, 5],
      startedOn: addDays(today, -3 * 365),
    })
    for (const { skill, level } of person.skills) {
      await staff.setSkillLevel(actor, staffId, { skill, level })
    }
  }
}
