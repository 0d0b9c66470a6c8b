import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Conflict, NotFound, ValidationFailed } from '../../platform/http/errors.ts'
import { createTestContext, type TestContext } from '../../../test/support/test-context.ts'
import type { Services } from '../../deps.ts'
import { addStaffMember, fieldErrors, setUpStaffForce, TODAY, unitDetails, type Setup } from './staff.test-support.ts'

describe('StaffService', () => {
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

  it('adds a staff member with a working pattern and records STAFF_CREATED', async () => {
    const setup = await setUp()
    const staffId = await addPerson(setup, 'Dana Price', { hours: 22.5, days: [4, 2, 3] })
    const member = await staff.getStaffMember(setup.actor, staffId)
    expect(member).toMatchObject({ name: 'Dana Price', contractedHours: 22.5, workingDays: [2, 3, 4], version: 1 })
    const [event] = await ctx.deps.services.auditTrail.search(setup.force.system, {
      recordType: 'staff',
      recordId: staffId,
      limit: 5,
    })
    expect(event).toMatchObject({ action: 'STAFF_CREATED', actorId: setup.actor.id })
  })

  it('refuses bad staff details naming each field, and an account that is not in this force', async () => {
    const setup = await setUp()
    expect(
      (
        await fieldErrors(
          staff.createStaff(setup.actor, {
            name: '',
            jobTitle: 'x',
            unitId: setup.imu,
            contractedHours: 'lots',
            workingDays: [],
            startedOn: '2026-02-30',
          }),
        )
      ).map((error) => error.field),
    ).toEqual(['name', 'contractedHours', 'workingDays', 'startedOn'])

    const other = await ctx.newForce()
    const stranger = await other.user('officer')
    expect(
      await fieldErrors(
        staff.createStaff(setup.actor, {
          name: 'Sam',
          jobTitle: 'Officer',
          unitId: setup.imu,
          userId: stranger.userId,
          contractedHours: 40,
          workingDays: [1, 2, 3, 4, 5],
          startedOn: '2024-01-01',
        }),
      ),
    ).toEqual([{ field: 'userId', message: 'Choose their Tally account from the list, or none' }])

    const elsewhere = (
      await ctx.deps.services.directory.createUnit(other.system, { ...unitDetails, name: 'Other', unitType: 'other' })
    ).unitId
    expect(
      (
        await fieldErrors(
          staff.createStaff(setup.actor, {
            name: 'Sam',
            jobTitle: 'Officer',
            unitId: elsewhere,
            contractedHours: 40,
            workingDays: [1],
            startedOn: '2024-01-01',
          }),
        )
      ).map((e) => e.field),
    ).toEqual(['unitId'])
    expect(await staff.listStaff(setup.actor)).toEqual([])
  })

  it('links a staff member to one user account only', async () => {
    const setup = await setUp()
    const user = await setup.force.user('imu_decision_maker')
    await addPerson(setup, 'Dana Price', { userId: user.userId })
    expect(await fieldErrors(addPerson(setup, 'Someone Else', { userId: user.userId }))).toEqual([
      { field: 'userId', message: 'That Tally account already belongs to Dana Price' },
    ])
  })

  it('updates details with optimistic concurrency', async () => {
    const setup = await setUp()
    const staffId = await addPerson(setup, 'Dana Price')
    const details = {
      name: 'Dana Price',
      jobTitle: 'Senior decision maker',
      unitId: setup.imu,
      contractedHours: 37,
      workingDays: [1, 2, 3, 4, 5],
      startedOn: '2020-01-06',
    }
    expect(await staff.updateStaff(setup.actor, staffId, { ...details, expectedVersion: 1 })).toEqual({ version: 2 })
    await expect(
      staff.updateStaff(setup.actor, staffId, { ...details, jobTitle: 'Lead', expectedVersion: 1 }),
    ).rejects.toBeInstanceOf(Conflict)
    expect((await staff.getStaffMember(setup.actor, staffId)).jobTitle).toBe('Senior decision maker')
    const [event] = await ctx.deps.services.auditTrail.search(setup.force.system, {
      recordId: staffId,
      action: 'STAFF_UPDATED',
      limit: 1,
    })
    expect(event!.changes).toEqual({ jobTitle: { before: 'Decision maker', after: 'Senior decision maker' } })
  })

  it('sets skill levels, refusing an unknown skill or level by name', async () => {
    const setup = await setUp()
    const staffId = await addPerson(setup, 'Dana Price')
    await staff.setSkillLevel(setup.actor, staffId, { skill: 'filing', level: 2 })
    await staff.setSkillLevel(setup.actor, staffId, { skill: 'filing', level: '3' })
    await staff.setSkillLevel(setup.actor, staffId, { skill: 'n100_review', level: 1 })
    expect((await staff.getStaffMember(setup.actor, staffId)).skills).toEqual([
      { skill: 'filing', level: 3 },
      { skill: 'n100_review', level: 1 },
    ])
    expect(await fieldErrors(staff.setSkillLevel(setup.actor, staffId, { skill: 'juggling', level: 2 }))).toEqual([
      { field: 'skill', message: 'Unknown skill: juggling. Choose one of this force’s skills' },
    ])
    expect(
      (await fieldErrors(staff.setSkillLevel(setup.actor, staffId, { skill: 'filing', level: 4 }))).map((e) => e.field),
    ).toEqual(['level'])
    await staff.removeSkill(setup.actor, staffId, 'n100_review')
    expect((await staff.getStaffMember(setup.actor, staffId)).skills).toEqual([{ skill: 'filing', level: 3 }])
    const events = await ctx.deps.services.auditTrail.search(setup.force.system, { recordId: staffId, limit: 10 })
    expect(events.map((event) => event.action)).toEqual([
      'STAFF_SKILL_REMOVED',
      'STAFF_SKILL_SET',
      'STAFF_SKILL_SET',
      'STAFF_SKILL_SET',
      'STAFF_CREATED',
    ])
    expect(events[2]!.changes).toEqual({ 'skill:filing': { before: 2, after: 3 } })
  })

  describe('absences', () => {
    it('records an absence, and refuses one ending before it starts, naming the end date and storing nothing', async () => {
      const setup = await setUp()
      const staffId = await addPerson(setup, 'Dana Price')
      expect(
        await fieldErrors(
          staffAbsences.recordAbsence(setup.actor, staffId, {
            absenceType: 'sickness',
            planned: false,
            startsOn: '2026-11-20',
            expectedEndOn: '2026-11-10',
            hoursPerDay: undefined,
          }),
        ),
      ).toEqual([
        {
          field: 'expectedEndOn',
          message: 'The expected end date must be the same as or after the date the absence starts',
        },
      ])
      expect(await staffAbsences.listAbsences(setup.actor, { from: '2026-01-01', to: '2027-12-31' })).toEqual([])

      const { absenceId } = await staffAbsences.recordAbsence(setup.actor, staffId, {
        absenceType: 'sickness',
        planned: false,
        startsOn: '2026-11-20',
        expectedEndOn: '',
        hoursPerDay: '',
      })
      const [absence] = await staffAbsences.listAbsences(setup.actor, { from: TODAY, to: TODAY })
      expect(absence).toMatchObject({
        absenceId,
        name: 'Dana Price',
        unitName: 'IMU',
        current: true,
        longTerm: false,
        days: 7,
      })
      const [event] = await ctx.deps.services.auditTrail.search(setup.force.system, {
        recordId: staffId,
        action: 'ABSENCE_RECORDED',
        limit: 1,
      })
      expect(event!.changes).toMatchObject({ absenceId, absenceType: { before: null, after: 'sickness' } })
    })

    it('refuses overlapping absences for one person, and ends an absence', async () => {
      const setup = await setUp()
      const staffId = await addPerson(setup, 'Dana Price')
      const { absenceId } = await staffAbsences.recordAbsence(setup.actor, staffId, {
        absenceType: 'sickness',
        planned: false,
        startsOn: '2026-11-20',
        expectedEndOn: '',
        hoursPerDay: undefined,
      })
      expect(
        await fieldErrors(
          staffAbsences.recordAbsence(setup.actor, staffId, {
            absenceType: 'leave',
            planned: true,
            startsOn: '2026-12-21',
            expectedEndOn: '2026-12-24',
            hoursPerDay: undefined,
          }),
        ),
      ).toEqual([
        {
          field: 'startsOn',
          message:
            'This overlaps their sickness absence from 20 November 2026, which has no end date: end that absence first',
        },
      ])
      expect(
        (
          await fieldErrors(
            staffAbsences.endAbsence(setup.actor, staffId, absenceId, { endedOn: '2026-11-19', expectedVersion: 1 }),
          )
        ).map((error) => error.field),
      ).toEqual(['endedOn'])
      await staffAbsences.endAbsence(setup.actor, staffId, absenceId, { endedOn: '2026-11-25', expectedVersion: 1 })
      await expect(
        staffAbsences.endAbsence(setup.actor, staffId, absenceId, { endedOn: '2026-11-24', expectedVersion: 1 }),
      ).rejects.toBeInstanceOf(Conflict)
      await staffAbsences.recordAbsence(setup.actor, staffId, {
        absenceType: 'leave',
        planned: true,
        startsOn: '2026-12-21',
        expectedEndOn: '2026-12-24',
        hoursPerDay: undefined,
      })
      expect(await staffAbsences.listAbsences(setup.actor, { from: TODAY, to: TODAY })).toEqual([])
    })

    it('records only one of several overlapping absences sent at once, naming the field for the rest', async () => {
      const setup = await setUp()
      const staffId = await addPerson(setup, 'Eve Racer')
      const attempts = await Promise.allSettled(
        ['2026-11-30', '2026-12-01', '2026-12-02', '2026-12-03'].map((startsOn) =>
          staffAbsences.recordAbsence(setup.actor, staffId, {
            absenceType: 'leave',
            planned: true,
            startsOn,
            expectedEndOn: '2026-12-11',
            hoursPerDay: undefined,
          }),
        ),
      )
      expect(attempts.filter((attempt) => attempt.status === 'fulfilled')).toHaveLength(1)
      for (const attempt of attempts.filter((a) => a.status === 'rejected')) {
        expect(attempt.reason).toBeInstanceOf(ValidationFailed)
        expect((attempt.reason as ValidationFailed).fieldErrors.map((e) => e.field)).toEqual(['startsOn'])
      }
      expect(await staffAbsences.listAbsences(setup.actor, { from: '2026-11-30', to: '2026-12-11' })).toHaveLength(1)
    })

    it('does not let two absences be stretched over each other at once', async () => {
      const setup = await setUp()
      const staffId = await addPerson(setup, 'Fin Racer')
      const first = await staffAbsences.recordAbsence(setup.actor, staffId, {
        absenceType: 'sickness',
        planned: false,
        startsOn: '2026-11-02',
        expectedEndOn: '',
        hoursPerDay: undefined,
      })
      await staffAbsences.endAbsence(setup.actor, staffId, first.absenceId, {
        endedOn: '2026-11-03',
        expectedVersion: 1,
      })
      const second = await staffAbsences.recordAbsence(setup.actor, staffId, {
        absenceType: 'sickness',
        planned: false,
        startsOn: '2026-11-10',
        expectedEndOn: '',
        hoursPerDay: undefined,
      })
      // Ending the first on the 5th, and recording leave on the 5th and 6th, would each pass alone.
      const attempts = await Promise.allSettled([
        staffAbsences.endAbsence(setup.actor, staffId, first.absenceId, { endedOn: '2026-11-05', expectedVersion: 2 }),
        staffAbsences.recordAbsence(setup.actor, staffId, {
          absenceType: 'leave',
          planned: true,
          startsOn: '2026-11-05',
          expectedEndOn: '2026-11-06',
          hoursPerDay: undefined,
        }),
      ])
      expect(attempts.filter((attempt) => attempt.status === 'fulfilled')).toHaveLength(1)
      const absences = await staffAbsences.listAbsences(setup.actor, { from: '2026-11-01', to: '2026-11-30' })
      expect(absences.map((a) => a.absenceId)).toContain(second.absenceId)
      for (const [earlier, later] of absences.slice(1).map((a, i) => [absences[i]!, a] as const)) {
        expect(
          earlier.lastDay! < later.startsOn,
          `${earlier.startsOn}–${earlier.lastDay} overlaps ${later.startsOn}`,
        ).toBe(true)
      }
    })

    it('finds long-term absences (28 days or more), by unit', async () => {
      const setup = await setUp()
      const ann = await addPerson(setup, 'Ann Expert')
      const bob = await addPerson(setup, 'Bob Expert')
      const cat = await addPerson(setup, 'Cat Operator', { unitId: setup.controlRoom })
      const dev = await addPerson(setup, 'Dev Short')
      const absent = (staffId: string, startsOn: string, expectedEndOn: string) =>
        staffAbsences.recordAbsence(setup.actor, staffId, {
          absenceType: 'sickness',
          planned: false,
          startsOn,
          expectedEndOn,
          hoursPerDay: undefined,
        })
      await absent(ann, '2026-09-01', '')
      await absent(bob, '2026-11-16', '2027-02-28')
      await absent(cat, '2026-10-01', '2026-12-31')
      await absent(dev, '2026-11-20', '2026-12-01')

      const all = await staffCover.longTermAbsences(setup.actor, TODAY)
      expect(all.map((absence) => [absence.name, absence.days])).toEqual([
        ['Bob Expert', 105],
        ['Cat Operator', 92],
        ['Ann Expert', 87],
      ])
      const imuOnly = await staffCover.longTermAbsences(setup.actor, TODAY, setup.imu)
      expect(imuOnly.map((absence) => absence.name)).toEqual(['Bob Expert', 'Ann Expert'])
      expect(imuOnly[0]).toMatchObject({ unitId: setup.imu, unitName: 'IMU', absenceType: 'sickness', planned: false })
      expect(await staffCover.longTermAbsences(setup.actor, '2026-08-31')).toEqual([])
      expect(await fieldErrors(staffCover.longTermAbsences(setup.actor, 'yesterday'))).toEqual([
        { field: 'date', message: 'Enter a real date written YYYY-MM-DD, for example 2026-11-26' },
      ])
    })
  })

  describe('training', () => {
    it('records a completion with its expiry, and refuses an unknown course or a future date', async () => {
      const setup = await setUp()
      const staffId = await addPerson(setup, 'Dana Price')
      expect(
        await staffTraining.recordTraining(setup.actor, staffId, {
          course: 'crime-recording',
          completedOn: '2026-01-31',
        }),
      ).toMatchObject({
        expiresOn: '2028-01-31',
      })
      expect(
        await fieldErrors(
          staffTraining.recordTraining(setup.actor, staffId, { course: 'knitting', completedOn: '2026-01-31' }),
        ),
      ).toEqual([{ field: 'course', message: 'Unknown course: knitting. Choose one of this force’s courses' }])
      expect(
        (
          await fieldErrors(
            staffTraining.recordTraining(setup.actor, staffId, {
              course: 'crime-recording',
              completedOn: '2026-11-27',
            }),
          )
        ).map((error) => error.message),
      ).toEqual(['The completion date cannot be in the future'])
    })

    it('cancels a booking because the person was not released, with why and who decided, and reports it', async () => {
      const setup = await setUp()
      const staffId = await addPerson(setup, 'Olu Adeyemi', { unitId: setup.controlRoom })
      const { bookingId } = await staffTraining.bookTraining(setup.actor, staffId, {
        course: 'crime-recording',
        courseOn: '2026-11-18',
      })
      expect(
        (
          await fieldErrors(
            staffTraining.cancelBooking(setup.actor, staffId, bookingId, {
              reason: 'not_released',
              detail: '',
              decidedBy: '',
              expectedVersion: 1,
            }),
          )
        ).map((error) => error.field),
      ).toEqual(['detail', 'decidedBy'])

      await staffTraining.cancelBooking(setup.actor, staffId, bookingId, {
        reason: 'not_released',
        detail: 'Not released — staffing: two operators short on nights',
        decidedBy: 'Control room duty inspector',
        expectedVersion: 1,
      })
      await expect(
        staffTraining.cancelBooking(setup.actor, staffId, bookingId, {
          reason: 'other',
          detail: 'again',
          decidedBy: '',
          expectedVersion: 2,
        }),
      ).rejects.toBeInstanceOf(Conflict)

      const report = await staffTraining.notReleasedReport(setup.actor, { from: '2026-11-01', to: '2026-11-30' })
      expect(report).toHaveLength(1)
      expect(report[0]).toMatchObject({
        name: 'Olu Adeyemi',
        unitName: 'Control room',
        courseTitle: 'Crime recording (NCRS and the Home Office Counting Rules)',
        courseOn: '2026-11-18',
        cancellationDetail: 'Not released — staffing: two operators short on nights',
        decidedBy: 'Control room duty inspector',
        cancelledByName: setup.actor.name,
      })
      expect(await staffTraining.notReleasedReport(setup.actor, { from: '2026-12-01', to: '2026-12-31' })).toEqual([])
      const [event] = await ctx.deps.services.auditTrail.search(setup.force.system, {
        recordId: staffId,
        action: 'TRAINING_CANCELLED',
        limit: 1,
      })
      expect(event!.reason).toBe('Not released — staffing: two operators short on nights')
    })

    it('marks a booking attended, which records the completion, but not before the course day', async () => {
      const setup = await setUp()
      const staffId = await addPerson(setup, 'Olu Adeyemi', { unitId: setup.controlRoom })
      const past = await staffTraining.bookTraining(setup.actor, staffId, {
        course: 'crime-recording',
        courseOn: '2026-11-25',
      })
      const future = await staffTraining.bookTraining(setup.actor, staffId, {
        course: 'crime-recording',
        courseOn: '2026-12-25',
      })
      await expect(
        staffTraining.markAttended(setup.actor, staffId, future.bookingId, { expectedVersion: 1 }),
      ).rejects.toBeInstanceOf(Conflict)
      expect(
        await staffTraining.markAttended(setup.actor, staffId, past.bookingId, { expectedVersion: 1 }),
      ).toMatchObject({
        expiresOn: '2028-11-25',
      })
      expect((await staffCover.controlRoomTrainingCompliance(setup.actor, TODAY)).percent).toBe(100)
    })
  })

  it('shows a staff member’s page, with who can backfill them, and records STAFF_VIEWED', async () => {
    const setup = await setUp()
    const ann = await addPerson(setup, 'Ann')
    const bob = await addPerson(setup, 'Bob')
    await staff.setSkillLevel(setup.actor, ann, { skill: 'filing', level: 3 })
    await staff.setSkillLevel(setup.actor, bob, { skill: 'filing', level: 2 })
    await staff.setSkillLevel(setup.actor, ann, { skill: 'n100_review', level: 3 })
    const profile = await staff.staffProfile(setup.actor, ann)
    expect(profile.backfill).toEqual([
      { skill: 'filing', level: 3, cover: [{ staffId: bob, name: 'Bob', level: 2 }] },
      { skill: 'n100_review', level: 3, cover: [] },
    ])
    expect(profile.unit?.name).toBe('IMU')
    const [event] = await ctx.deps.services.auditTrail.search(setup.force.system, { recordId: ann, limit: 1 })
    expect(event!.action).toBe('STAFF_VIEWED')
  })

  it('keeps each force’s staff to itself', async () => {
    const one = await setUp()
    const other = await setUp()
    const ann = await addPerson(one, 'Ann')
    expect(await staff.listStaff(other.actor)).toEqual([])
    await expect(staff.getStaffMember(other.actor, ann)).rejects.toBeInstanceOf(NotFound)
    await expect(
      staffAbsences.recordAbsence(other.actor, ann, {
        absenceType: 'leave',
        planned: true,
        startsOn: TODAY,
        expectedEndOn: TODAY,
        hoursPerDay: undefined,
      }),
    ).rejects.toBeInstanceOf(NotFound)
    expect(await staffCover.availability(other.actor, { from: TODAY, to: TODAY })).toEqual([])
  })

  it('scopes every staff table by force: force_id leads every key, and row-level security is on', async () => {
    const tables = [
      'skill',
      'staff_member',
      'staff_skill',
      'absence',
      'training_course',
      'training_booking',
      'training_record',
    ]
    const { rows } = await sql<{ table: string; index: string; first: string; rls: boolean }>`
      select c.relname as "table", ic.relname as "index", a.attname as first, c.relrowsecurity as rls
      from pg_index i
      join pg_class c on c.oid = i.indrelid
      join pg_class ic on ic.oid = i.indexrelid
      join pg_attribute a on a.attrelid = c.oid and a.attnum = i.indkey[0]
      where c.relname = any(${tables})
    `.execute(ctx.deps.db.kysely)
    expect(new Set(rows.map((row) => row.table))).toEqual(new Set(tables))
    for (const row of rows) {
      expect(row, `${row.table}.${row.index}`).toMatchObject({ first: 'force_id', rls: true })
    }
  })
})
