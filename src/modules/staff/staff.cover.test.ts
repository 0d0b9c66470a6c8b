import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestContext, type TestContext } from '../../../test/support/test-context.ts'
import type { Services } from '../../deps.ts'
import { addStaffMember, fieldErrors, setUpStaffForce, TODAY, type Setup } from './staff.test-support.ts'

describe('StaffCover: the contracts for capacity, allocation and risk', () => {
  let ctx: TestContext
  let staff: Services['staff']
  let staffAbsences: Services['staffAbsences']
  let staffTraining: Services['staffTraining']
  let staffCover: Services['staffCover']

  beforeAll(async () => {
    ctx = await createTestContext()
    ;({ staff, staffAbsences, staffTraining, staffCover } = ctx.deps.services)
  })
  afterAll(() => ctx.close())

  const setUp = (): Promise<Setup> => setUpStaffForce(ctx)
  const addPerson = (setup: Setup, name: string, options?: Parameters<typeof addStaffMember>[3]) =>
    addStaffMember(ctx, setup, name, options)

  it('availability(): contracted hours per working day less absence, every person in post, every day', async () => {
    const setup = await setUp()
    const user = await setup.force.user('imu_decision_maker')
    const ann = await addPerson(setup, 'Ann', { userId: user.userId })
    const bob = await addPerson(setup, 'Bob', { hours: 22.5, days: [2, 3, 4] })
    await addPerson(setup, 'Cat', { startedOn: '2026-11-27' })
    await staff.setSkillLevel(setup.actor, ann, { skill: 'filing', level: 3 })
    await staffAbsences.recordAbsence(setup.actor, bob, {
      absenceType: 'training',
      planned: true,
      startsOn: TODAY,
      expectedEndOn: TODAY,
      hoursPerDay: 3.5,
    })
    await staffAbsences.recordAbsence(setup.actor, ann, {
      absenceType: 'leave',
      planned: true,
      startsOn: '2026-11-27',
      expectedEndOn: '2026-11-27',
      hoursPerDay: undefined,
    })

    const rows = await staffCover.availability(setup.actor, { from: '2026-11-26', to: '2026-11-28' })
    expect(rows.map((row) => [row.date, row.name, row.hours])).toEqual([
      ['2026-11-26', 'Ann', 7.4],
      ['2026-11-26', 'Bob', 4],
      ['2026-11-27', 'Ann', 0],
      ['2026-11-27', 'Bob', 0],
      ['2026-11-27', 'Cat', 7.4],
      ['2026-11-28', 'Ann', 0],
      ['2026-11-28', 'Bob', 0],
      ['2026-11-28', 'Cat', 0],
    ])
    expect(rows[0]).toEqual({
      date: '2026-11-26',
      staffId: ann,
      userId: user.userId,
      unitId: setup.imu,
      name: 'Ann',
      hours: 7.4,
      skills: [{ skill: 'filing', level: 3 }],
    })
    expect(
      (await fieldErrors(staffCover.availability(setup.actor, { from: TODAY, to: '2026-11-01' }))).map((e) => e.field),
    ).toEqual(['to'])
  })

  it('capacityFor(): per user, contracted and available hours on a day; users without staff records left out', async () => {
    const setup = await setUp()
    const dm = await setup.force.user('imu_decision_maker')
    const officer = await setup.force.user('officer')
    const ann = await addPerson(setup, 'Ann', { userId: dm.userId })
    await staffAbsences.recordAbsence(setup.actor, ann, {
      absenceType: 'other',
      planned: true,
      startsOn: TODAY,
      expectedEndOn: TODAY,
      hoursPerDay: 2,
    })
    const capacity = await staffCover.capacityFor(setup.actor, [dm.userId, officer.userId], TODAY)
    expect([...capacity]).toEqual([[dm.userId, { contractedHours: 7.4, availableHours: 5.4 }]])
    expect(await staffCover.capacityFor(setup.actor, [], TODAY)).toEqual(new Map())
  })

  it('skillsWithFewerThanTwoAvailable(): counts only competent holders who are not away', async () => {
    const setup = await setUp()
    const ann = await addPerson(setup, 'Ann')
    const bob = await addPerson(setup, 'Bob')
    const cat = await addPerson(setup, 'Cat')
    for (const person of [ann, bob]) {
      await staff.setSkillLevel(setup.actor, person, { skill: 'filing', level: 3 })
      await staff.setSkillLevel(setup.actor, person, { skill: 'classification', level: 2 })
    }
    await staff.setSkillLevel(setup.actor, cat, { skill: 'filing', level: 1 })
    await staff.setSkillLevel(setup.actor, cat, { skill: 'classification', level: 2 })
    await staffAbsences.recordAbsence(setup.actor, ann, {
      absenceType: 'sickness',
      planned: false,
      startsOn: '2026-11-01',
      expectedEndOn: '',
      hoursPerDay: undefined,
    })

    const thin = await staffCover.skillsWithFewerThanTwoAvailable(setup.actor, TODAY)
    expect(thin.map((skill) => [skill.skill, skill.available])).toEqual([
      ['allocation', 0],
      ['recording_decision', 0],
      ['fcr_delegate', 0],
      ['filing', 1],
      ['n100_review', 0],
    ])
    const filing = thin.find((skill) => skill.skill === 'filing')!
    expect(filing).toMatchObject({
      label: 'Filing and outcome check',
      holders: [{ staffId: bob, name: 'Bob', level: 3 }],
      away: [{ staffId: ann, name: 'Ann', level: 3 }],
    })
    // Before Ann went sick, filing had two.
    const before = await staffCover.skillsWithFewerThanTwoAvailable(setup.actor, '2026-10-30')
    expect(before.map((skill) => skill.skill)).not.toContain('filing')
    expect(await staffCover.skillsWithFewerThanTwoAvailable(setup.actor, TODAY, setup.controlRoom)).toHaveLength(6)
  })

  it('controlRoomTrainingCompliance(): % of control-room staff in date on the crime-recording course, and who is overdue', async () => {
    const setup = await setUp()
    const trained = await addPerson(setup, 'Tara Trained', { unitId: setup.controlRoom })
    const expired = await addPerson(setup, 'Eddie Expired', { unitId: setup.controlRoom })
    const never = await addPerson(setup, 'Nina Never', { unitId: setup.controlRoom })
    await addPerson(setup, 'Left Already', { unitId: setup.controlRoom, startedOn: '2027-01-04' })
    const imuPerson = await addPerson(setup, 'Ivy IMU')
    await staffTraining.recordTraining(setup.actor, trained, { course: 'crime-recording', completedOn: '2025-06-01' })
    await staffTraining.recordTraining(setup.actor, expired, { course: 'crime-recording', completedOn: '2024-03-01' })
    await staffTraining.recordTraining(setup.actor, imuPerson, {
      course: 'crime-recording',
      completedOn: '2020-01-01',
    })
    const { bookingId } = await staffTraining.bookTraining(setup.actor, never, {
      course: 'crime-recording',
      courseOn: '2026-12-10',
    })
    expect(bookingId).toBeTruthy()

    const result = await staffCover.controlRoomTrainingCompliance(setup.actor, TODAY)
    expect(result).toMatchObject({
      date: TODAY,
      requiredCourses: [{ courseCode: 'crime-recording' }],
      trained: 1,
      total: 3,
      percent: 33.3,
    })
    expect(
      result.overdue.map((person) => [person.name, person.status, person.expiredOn, person.nextBookingOn]),
    ).toEqual([
      ['Eddie Expired', 'expired', '2026-03-01', null],
      ['Nina Never', 'never_trained', null, '2026-12-10'],
    ])
    expect(result.overdue[0]).toMatchObject({ staffId: expired, unitId: setup.controlRoom, unitName: 'Control room' })
  })
})
