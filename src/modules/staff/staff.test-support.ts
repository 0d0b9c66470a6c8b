import type { Actor } from '../../platform/auth/actor.ts'
import { ValidationFailed } from '../../platform/http/errors.ts'
import type { TestContext, TestForce } from '../../../test/support/test-context.ts'

/** What the staff services' tests share (used only by them): a force with two units and the standard lists. */

/** Today in the test clock is Thursday 26 November 2026. */
export const TODAY = '2026-11-26'

/** A unit's directory entry, less its name and type. */
export const unitDetails = {
  function: 'Does the work',
  location: 'Headquarters',
  hours: 'Office hours',
  contact: 'Extension 1',
  whatToSend: 'Work',
  takesWork: [] as string[],
  active: true,
}

export async function fieldErrors(promise: Promise<unknown>): Promise<Array<{ field: string; message: string }>> {
  const error = await promise.then(
    () => undefined,
    (failure: unknown) => failure,
  )
  if (!(error instanceof ValidationFailed)) {
    throw new Error(`expected ValidationFailed, got ${String(error)}`)
  }
  return [...error.fieldErrors]
}

export interface Setup {
  force: TestForce
  actor: Actor
  imu: string
  controlRoom: string
}

/** A new force with an IMU and a control room, and the standard skills and courses. */
export async function setUpStaffForce(ctx: TestContext): Promise<Setup> {
  const force = await ctx.newForce()
  const actor = (await force.user('imu_supervisor')).actor
  const directory = ctx.deps.services.directory
  const imu = (await directory.createUnit(actor, { ...unitDetails, name: 'IMU', unitType: 'investigation_management' }))
    .unitId
  const controlRoom = (
    await directory.createUnit(actor, { ...unitDetails, name: 'Control room', unitType: 'control_room' })
  ).unitId
  await ctx.deps.services.staffReferenceData.addStandardSkills(actor)
  await ctx.deps.services.staffReferenceData.addStandardCourses(actor)
  return { force, actor, imu, controlRoom }
}

/** Adds a full-time staff member (Monday to Friday, 37 hours, in the IMU unless told otherwise). */
export async function addStaffMember(
  ctx: TestContext,
  setup: Setup,
  name: string,
  options: { unitId?: string; userId?: string; hours?: number; days?: number[]; startedOn?: string } = {},
): Promise<string> {
  const { staffId } = await ctx.deps.services.staff.createStaff(setup.actor, {
    name,
    jobTitle: 'Decision maker',
    unitId: options.unitId ?? setup.imu,
    userId: options.userId,
    contractedHours: options.hours ?? 37,
    workingDays: options.days ?? [1, 2, 3, 4, 5],
    startedOn: options.startedOn ?? '2020-01-06',
  })
  return staffId
}
