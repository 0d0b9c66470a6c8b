import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Conflict, NotFound, ValidationFailed } from '../../platform/http/errors.ts'
import { fieldsOf } from '../../../test/support/assertions.ts'
import { createTestContext, type TestContext } from '../../../test/support/test-context.ts'
import { DirectoryRepository } from './directory.repository.ts'
import type { UnitInput } from './directory.rules.ts'
import { DirectoryService } from './directory.service.ts'

const imu: UnitInput = {
  name: 'Investigation Management Unit',
  unitType: 'investigation_management',
  function: 'Classifies, allocates, quality-checks and files crimes',
  location: 'Headquarters, first floor, room 1.14',
  hours: 'Monday to Friday 7am to 7pm',
  contact: 'Extension 3350',
  whatToSend: 'Incidents awaiting a recording decision; crimes for classification or filing',
  takesWork: ['incident', 'crime'],
  active: true,
}

describe('DirectoryService', () => {
  let ctx: TestContext
  let directory: DirectoryService
  beforeAll(async () => {
    ctx = await createTestContext()
    directory = ctx.deps.services.directory
  })
  afterAll(() => ctx.close())

  it('adds a unit, lists it and records UNIT_CREATED in the audit trail', async () => {
    const force = await ctx.newForce()
    const supervisor = (await force.user('imu_supervisor')).actor
    const { unitId } = await directory.createUnit(supervisor, imu)

    const unit = await directory.getUnit(supervisor, unitId)
    expect(unit).toMatchObject({
      name: 'Investigation Management Unit',
      unitTypeLabel: 'Investigation Management Unit',
      takesIncidents: true,
      takesCrimes: true,
      active: true,
      version: 1,
    })
    expect((await directory.listUnits(supervisor)).map((listed) => listed.unitId)).toEqual([unitId])

    const events = await ctx.deps.services.auditTrail.search(force.system, {
      recordType: 'unit',
      recordId: unitId,
      limit: 5,
    })
    expect(events.map((event) => event.action)).toEqual(['UNIT_CREATED'])
    expect(events[0]!.actorId).toBe(supervisor.id)
  })

  it('refuses an incomplete unit, naming each field, and stores nothing', async () => {
    const force = await ctx.newForce()
    const fields = await fieldsOf(
      directory.createUnit(force.system, { ...imu, location: '', whatToSend: ' ', unitType: 'canteen' }),
    )
    expect(fields).toEqual(['location', 'whatToSend', 'unitType'])
    expect(await directory.listUnits(force.system)).toEqual([])
  })

  it('refuses a second unit with the same name (any case)', async () => {
    const force = await ctx.newForce()
    await directory.createUnit(force.system, imu)
    expect(await fieldsOf(directory.createUnit(force.system, { ...imu, name: imu.name.toUpperCase() }))).toEqual([
      'name',
    ])
  })

  it('changes a unit, records what changed, and refuses a stale version with a conflict', async () => {
    const force = await ctx.newForce()
    const { unitId } = await directory.createUnit(force.system, imu)
    const { version } = await directory.updateUnit(force.system, unitId, {
      ...imu,
      location: 'Headquarters, second floor',
      expectedVersion: 1,
    })
    expect(version).toBe(2)

    await expect(
      directory.updateUnit(force.system, unitId, { ...imu, hours: 'Always open', expectedVersion: 1 }),
    ).rejects.toBeInstanceOf(Conflict)
    const unit = await directory.getUnit(force.system, unitId)
    expect(unit).toMatchObject({ location: 'Headquarters, second floor', hours: imu.hours, version: 2 })

    const [updated] = await ctx.deps.services.auditTrail.search(force.system, {
      recordType: 'unit',
      recordId: unitId,
      action: 'UNIT_UPDATED',
      limit: 5,
    })
    expect(updated!.changes).toEqual({
      location: { before: 'Headquarters, first floor, room 1.14', after: 'Headquarters, second floor' },
    })
  })

  describe('two people naming units the same at the same moment', () => {
    /** A directory whose name check always says "free", as it does for both of two requests racing each other. */
    function racingDirectory() {
      const repository = new DirectoryRepository()
      repository.nameTaken = () => Promise.resolve(undefined)
      return new DirectoryService(ctx.deps.db, repository, ctx.deps.services.auditTrail, ctx.clock)
    }

    it('tells the second person the name is taken (a field error), not a server error', async () => {
      const force = await ctx.newForce()
      const supervisor = (await force.user('imu_supervisor')).actor
      const racing = racingDirectory()
      await racing.createUnit(supervisor, imu)
      const second = await racing
        .createUnit(supervisor, { ...imu, name: 'investigation management unit' })
        .catch((e: unknown) => e)
      expect(second).toBeInstanceOf(ValidationFailed)
      expect((second as ValidationFailed).fieldErrors).toEqual([
        { field: 'name', message: 'There is already a unit called investigation management unit' },
      ])

      const { unitId } = await racing.createUnit(supervisor, { ...imu, name: 'Control Room' })
      const renamed = await racing
        .updateUnit(supervisor, unitId, { ...imu, name: 'INVESTIGATION MANAGEMENT UNIT', expectedVersion: 1 })
        .catch((e: unknown) => e)
      expect((renamed as ValidationFailed).fieldErrors).toEqual([
        { field: 'name', message: 'There is already a unit called INVESTIGATION MANAGEMENT UNIT' },
      ])
      expect((await directory.listUnits(supervisor)).map((unit) => unit.name)).toEqual([
        'Control Room',
        'Investigation Management Unit',
      ])
    })

    it('stores one unit of two created at once with the same name, and names the field for the other', async () => {
      const force = await ctx.newForce()
      const supervisor = (await force.user('imu_supervisor')).actor
      const results = await Promise.allSettled([
        directory.createUnit(supervisor, imu),
        directory.createUnit(supervisor, imu),
      ])
      expect(results.map((result) => result.status).sort()).toEqual(['fulfilled', 'rejected'])
      const refused = results.find((result) => result.status === 'rejected')!
      expect(refused.reason).toBeInstanceOf(ValidationFailed)
      expect((refused.reason as ValidationFailed).fieldErrors.map((e) => e.field)).toEqual(['name'])
      expect(await directory.listUnits(supervisor)).toHaveLength(1)
    })
  })

  it('routes incidents and crimes only to open units that take them', async () => {
    const force = await ctx.newForce()
    await directory.createUnit(force.system, imu)
    await directory.createUnit(force.system, {
      ...imu,
      name: 'Victim care hub',
      unitType: 'victim_care',
      takesWork: ['crime'],
    })
    await directory.createUnit(force.system, { ...imu, name: 'Old crime bureau', takesWork: ['crime'], active: false })
    await directory.createUnit(force.system, { ...imu, name: 'Control room', unitType: 'control_room', takesWork: [] })

    const operator = (await force.user('control_room_operator')).actor
    expect((await directory.routingFor(operator, 'incident')).map((unit) => unit.name)).toEqual([
      'Investigation Management Unit',
    ])
    const forCrimes = await directory.routingFor(operator, 'crime')
    expect(forCrimes.map((unit) => unit.name)).toEqual(['Investigation Management Unit', 'Victim care hub'])
    expect(Object.keys(forCrimes[0]!).sort()).toEqual(
      ['contact', 'function', 'hours', 'location', 'name', 'unitId', 'whatToSend'].sort(),
    )
    expect((await directory.listUnits(operator, { unitType: 'control_room' })).map((unit) => unit.name)).toEqual([
      'Control room',
    ])
    expect((await directory.listUnits(operator, { work: 'crime' })).map((unit) => unit.name)).toEqual([
      'Investigation Management Unit',
      'Victim care hub',
    ])
  })

  it('keeps each force’s directory to itself', async () => {
    const one = await ctx.newForce()
    const other = await ctx.newForce()
    const { unitId } = await directory.createUnit(one.system, imu)
    expect(await directory.listUnits(other.system)).toEqual([])
    await expect(directory.getUnit(other.system, unitId)).rejects.toBeInstanceOf(NotFound)
    await expect(directory.updateUnit(other.system, unitId, { ...imu, expectedVersion: 1 })).rejects.toBeInstanceOf(
      NotFound,
    )
  })

  it('scopes the unit table by force: force_id leads the primary key and row-level security is on', async () => {
    const { rows } = await sql<{ first: string; rls: boolean }>`
      select a.attname as first, c.relrowsecurity as rls
      from pg_index i
      join pg_class c on c.oid = i.indrelid
      join pg_attribute a on a.attrelid = c.oid and a.attnum = i.indkey[0]
      where c.relname = 'unit' and (i.indisprimary or i.indisunique)
    `.execute(ctx.deps.db.kysely)
    expect(rows.length).toBeGreaterThanOrEqual(2)
    for (const row of rows) {
      expect(row).toEqual({ first: 'force_id', rls: true })
    }
  })
})
