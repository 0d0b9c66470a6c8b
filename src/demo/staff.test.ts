import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { seedDirectoryDemo } from './directory.ts'
import { createTestContext, type TestContext, type TestForce } from '../../test/support/test-context.ts'
import { seedStaffDemo } from './staff.ts'

/** The demo tells the inspection's story: each indicator the risk register reads has something to show. */
describe('staff demo data', () => {
  let ctx: TestContext
  let force: TestForce
  let users: Map<string, string>

  beforeAll(async () => {
    ctx = await createTestContext()
    force = await ctx.newForce()
    users = new Map([
      ['supervisor', (await force.user('imu_supervisor')).userId],
      ['decision-maker', (await force.user('imu_decision_maker')).userId],
      ['operator', (await force.user('control_room_operator')).userId],
      ['registrar', (await force.user('force_crime_registrar')).userId],
      ['victim-care', (await force.user('victim_care_officer')).userId],
    ])
    await seedDirectoryDemo(ctx.deps.services.directory, force.system)
    await seedStaffDemo(ctx.deps.services, force.system, users)
  })
  afterAll(() => ctx.close())

  it('has a dozen IMU staff and twenty in the control room, linked to the demo accounts', async () => {
    const units = await ctx.deps.services.directory.listUnits(force.system)
    const unit = (type: string) => units.find((entry) => entry.unitType === type)!.unitId
    const { staff, staffCover } = ctx.deps.services
    expect(await staff.listStaff(force.system, { unitId: unit('investigation_management') })).toHaveLength(12)
    expect(await staff.listStaff(force.system, { unitId: unit('control_room') })).toHaveLength(20)
    const capacity = await staffCover.capacityFor(force.system, [...users.values()], '2026-11-26')
    expect(capacity.size).toBe(5)
    expect(capacity.get(users.get('decision-maker')!)).toEqual({ contractedHours: 7.4, availableHours: 7.4 })
  })

  it('shows the IMU’s most experienced member on long-term sickness, and skills left thin', async () => {
    const { staffCover } = ctx.deps.services
    const longTerm = await staffCover.longTermAbsences(force.system, '2026-11-26')
    expect(longTerm.map((absence) => [absence.name, absence.absenceType, absence.days])).toEqual([
      ['Margaret Ellis', 'sickness', 71],
    ])
    const imu = longTerm[0]!.unitId
    const forceWide = await staffCover.skillsWithFewerThanTwoAvailable(force.system, '2026-11-26')
    expect(forceWide.map((skill) => skill.skill)).toEqual(['fcr_delegate'])
    const inTheImu = await staffCover.skillsWithFewerThanTwoAvailable(force.system, '2026-11-26', imu)
    expect(inTheImu.map((skill) => [skill.skill, skill.available])).toEqual([
      ['fcr_delegate', 0],
      ['n100_review', 1],
    ])
    // When the next most experienced goes on secondment, N100 review has nobody left in the IMU.
    const later = await staffCover.skillsWithFewerThanTwoAvailable(force.system, '2026-12-14', imu)
    expect(later.find((skill) => skill.skill === 'n100_review')).toMatchObject({ available: 0 })
  })

  it('has control-room crime-recording training that is in date, expired, never done and not released', async () => {
    const { staffCover, staffTraining } = ctx.deps.services
    const compliance = await staffCover.controlRoomTrainingCompliance(force.system, '2026-11-26')
    expect(compliance).toMatchObject({ trained: 12, total: 20, percent: 60 })
    expect(compliance.overdue.filter((person) => person.status === 'expired')).toHaveLength(3)
    expect(compliance.overdue.filter((person) => person.status === 'never_trained')).toHaveLength(5)
    const report = await staffTraining.notReleasedReport(force.system, { from: '2025-11-27', to: '2026-11-26' })
    expect(report).toHaveLength(5)
    expect(new Set(report.map((row) => row.staffId)).size).toBe(4)
    expect(report.every((row) => row.decidedBy === 'Control room duty inspector')).toBe(true)
  })
})
