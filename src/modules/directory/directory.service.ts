import type { Actor } from '../../platform/auth/actor.ts'
import type { Clock } from '../../platform/clock.ts'
import type { ForceTransaction, TallyDatabase } from '../../platform/db/database.ts'
import { isUniqueViolation } from '../../platform/db/errors.ts'
import { Conflict, NotFound, ValidationFailed } from '../../platform/http/errors.ts'
import { newId } from '../../platform/ids.ts'
import { changedFields, type AuditTrailService } from '../audit-trail/index.ts'
import type { DirectoryRepository, UnitValues } from './directory.repository.ts'
import { UNIT_TYPES, unitProblems, type UnitInput, type UnitType, type WorkKind } from './directory.rules.ts'

/** A unit in the directory. */
export interface Unit {
  unitId: string
  name: string
  unitType: UnitType
  unitTypeLabel: string
  function: string
  location: string
  hours: string
  contact: string
  whatToSend: string
  takesIncidents: boolean
  takesCrimes: boolean
  active: boolean
  version: number
  updatedAt: Date
}

/** What the routing panel beside an incident or crime shows about a unit that takes that work. */
export interface RoutingUnit {
  unitId: string
  name: string
  function: string
  location: string
  hours: string
  contact: string
  whatToSend: string
}

type UnitRow = Omit<Unit, 'unitTypeLabel'>

function toUnit(row: UnitRow): Unit {
  return { ...row, unitTypeLabel: UNIT_TYPES[row.unitType] }
}

function toRouting(row: UnitRow): RoutingUnit {
  const { unitId, name, function: purpose, location, hours, contact, whatToSend } = row
  return { unitId, name, function: purpose, location, hours, contact, whatToSend }
}

function toValues(input: UnitInput): UnitValues {
  return {
    name: input.name.trim(),
    unitType: input.unitType as UnitType,
    function: input.function.trim(),
    location: input.location.trim(),
    hours: input.hours.trim(),
    contact: input.contact.trim(),
    whatToSend: input.whatToSend.trim(),
    takesIncidents: input.takesWork.includes('incident'),
    takesCrimes: input.takesWork.includes('crime'),
    active: input.active,
  }
}

/**
 * The unit directory: every unit's function, location, hours, contact and what work to send it. Readable by
 * every role (directory.view); changed by those with directory.manage (the routes check). Other modules reach
 * units only through this service: by actor (own transaction) or, inside their own transaction, the `…In(tx)`
 * methods.
 */
export class DirectoryService {
  constructor(
    private readonly db: TallyDatabase,
    private readonly repository: DirectoryRepository,
    private readonly auditTrail: AuditTrailService,
    private readonly clock: Clock,
  ) {}

  /**
   * Every unit, open ones first, by name; or, given a kind of work, only the open units that take it; or, given a
   * unit type, every unit of that type (e.g. the force's IMU: `{ unitType: 'investigation_management' }`).
   */
  async listUnits(
    actor: Actor,
    filter: { work?: WorkKind | undefined; unitType?: UnitType | undefined } = {},
  ): Promise<Unit[]> {
    actor.permissions.require('directory.view')
    const { work, unitType } = filter
    return this.db.withForce(actor.forceId, async (tx) => {
      if (work !== undefined) {
        return (await this.repository.unitsTaking(tx, work)).map(toUnit)
      }
      return unitType === undefined ? this.unitsIn(tx) : this.unitsOfTypeIn(tx, unitType)
    })
  }

  /** One unit; NotFound if this force has no such unit. */
  async getUnit(actor: Actor, unitId: string): Promise<Unit> {
    actor.permissions.require('directory.view')
    const unit = await this.db.withForce(actor.forceId, (tx) => this.unitIn(tx, unitId))
    if (!unit) {
      throw new NotFound('There is no unit with that id in this force')
    }
    return unit
  }

  /** The open units that take this kind of work, for the routing panel beside incident and crime pages. */
  async routingFor(actor: Actor, work: WorkKind): Promise<RoutingUnit[]> {
    actor.permissions.require('directory.view')
    const rows = await this.db.withForce(actor.forceId, (tx) => this.repository.unitsTaking(tx, work))
    return rows.map(toRouting)
  }

  /** Every unit, inside a caller's transaction. */
  async unitsIn(tx: ForceTransaction): Promise<Unit[]> {
    return (await this.repository.listUnits(tx)).map(toUnit)
  }

  /** One unit inside a caller's transaction; undefined when there is none. */
  async unitIn(tx: ForceTransaction, unitId: string): Promise<Unit | undefined> {
    const row = await this.repository.findUnit(tx, unitId)
    return row ? toUnit(row) : undefined
  }

  /** The units of one kind (e.g. every control room), inside a caller's transaction. */
  async unitsOfTypeIn(tx: ForceTransaction, unitType: UnitType): Promise<Unit[]> {
    return (await this.repository.unitsOfType(tx, unitType)).map(toUnit)
  }

  async createUnit(actor: Actor, input: UnitInput): Promise<{ unitId: string }> {
    actor.permissions.require('directory.manage')
    throwIfProblems(input)
    const values = toValues(input)
    return withNameClash(values.name, () =>
      this.db.withForce(actor.forceId, async (tx) => {
        if (await this.repository.nameTaken(tx, values.name)) {
          throw nameTaken(values.name)
        }
        const unitId = newId()
        await this.repository.insertUnit(tx, { ...values, unitId, now: this.clock.now() })
        this.auditTrail.record(tx, actor, {
          action: 'UNIT_CREATED',
          recordType: 'unit',
          recordId: unitId,
          changes: changedFields(undefined, { ...values }),
        })
        return { unitId }
      }),
    )
  }

  /**
   * Changes a unit's entry. `expectedVersion` is the version the person was looking at: if someone else has
   * changed the unit since, nothing is stored and they are told (Conflict).
   */
  async updateUnit(
    actor: Actor,
    unitId: string,
    input: UnitInput & { expectedVersion: number },
  ): Promise<{ version: number }> {
    actor.permissions.require('directory.manage')
    throwIfProblems(input)
    const values = toValues(input)
    return withNameClash(values.name, () =>
      this.db.withForce(actor.forceId, async (tx) => {
        const before = await this.repository.findUnit(tx, unitId)
        if (!before) {
          throw new NotFound('There is no unit with that id in this force')
        }
        if (await this.repository.nameTaken(tx, values.name, unitId)) {
          throw nameTaken(values.name)
        }
        const updated = await this.repository.updateUnit(tx, unitId, input.expectedVersion, values, this.clock.now())
        if (!updated) {
          throw new Conflict(
            `${before.name} was changed by someone else while you were editing it. Reload the unit to see their changes, then make yours again.`,
            { currentVersion: before.version },
          )
        }
        const { version: _version, unitId: _id, updatedAt: _at, ...previous } = before
        this.auditTrail.record(tx, actor, {
          action: 'UNIT_UPDATED',
          recordType: 'unit',
          recordId: unitId,
          changes: changedFields(previous, { ...values }),
        })
        return { version: updated.version }
      }),
    )
  }
}

function nameTaken(name: string): ValidationFailed {
  return ValidationFailed.of('name', `There is already a unit called ${name}`)
}

/**
 * The name check above reads before writing, so two people naming units the same at the same moment both pass
 * it; the unique index (unit_name_key) then refuses the second, and that is the same mistake as the check's.
 */
async function withNameClash<T>(name: string, work: () => Promise<T>): Promise<T> {
  try {
    return await work()
  } catch (error) {
    if (isUniqueViolation(error, 'unit_name_key')) {
      throw nameTaken(name)
    }
    throw error
  }
}

function throwIfProblems(input: UnitInput): void {
  const problems = unitProblems(input)
  if (problems.length > 0) {
    throw new ValidationFailed(problems)
  }
}
