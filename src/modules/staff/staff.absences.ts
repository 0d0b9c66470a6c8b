import type { Actor } from '../../platform/auth/actor.ts'
import { Conflict, NotFound, ValidationFailed } from '../../platform/http/errors.ts'
import { newId } from '../../platform/ids.ts'
import { formatDate } from '../../platform/views/format.ts'
import { changedFields } from '../audit-trail/index.ts'
import { ABSENCE_TYPES, absenceLength, absentOn, isLongTerm, lastDayOf, type AbsenceType } from './staff.rules.ts'
import { absenceProblems, endAbsenceProblems, parseHours, type AbsenceInput } from './staff.validation.ts'
import type { StaffContext } from './staff.shared.ts'
import { requireDay, throwIf, toMember, type Absence } from './staff.shared.ts'

/** An open-ended absence reaches this far when looking for overlaps. */
const FAR_FUTURE = '9999-12-31'

/** Absences: sickness, leave and the rest, recorded and ended, with overlaps refused. */
export class StaffAbsences {
  constructor(private readonly context: StaffContext) {}

  /** One absence of one person (for the "end absence" form). */
  async getAbsence(actor: Actor, staffId: string, absenceId: string) {
    actor.permissions.require('staff.manage')
    return this.context.db.withForce(actor.forceId, async (tx) => {
      const member = await this.context.lookups.requireStaff(tx, staffId)
      const absence = await this.context.repository.findAbsence(tx, staffId, absenceId)
      if (!absence) {
        throw new NotFound('There is no such absence for this staff member')
      }
      return { member, absence }
    })
  }

  /**
   * Records an absence. The expected end may be blank (unknown, as much sickness is); it must not be before the
   * start. An absence may not overlap another of the same person's (checked with their row locked).
   */
  async recordAbsence(actor: Actor, staffId: string, input: AbsenceInput): Promise<{ absenceId: string }> {
    actor.permissions.require('staff.manage')
    throwIf(absenceProblems(input))
    const absence = {
      absenceId: newId(),
      staffId,
      absenceType: input.absenceType as AbsenceType,
      planned: input.planned!,
      startsOn: input.startsOn,
      expectedEndOn: input.expectedEndOn === '' ? null : input.expectedEndOn,
      hoursPerDay: parseHours(input.hoursPerDay) ?? null,
      recordedAt: this.context.clock.now(),
    }
    return this.context.db.withForce(actor.forceId, async (tx) => {
      await this.context.lookups.lockStaff(tx, staffId)
      const overlapping = await this.context.repository.absencesBetween(
        tx,
        absence.startsOn,
        absence.expectedEndOn ?? FAR_FUTURE,
        staffId,
      )
      refuseOverlap(overlapping, 'startsOn')
      await this.context.repository.insertAbsence(tx, absence)
      const { absenceId: _id, staffId: _staff, recordedAt: _at, ...recorded } = absence
      this.context.auditTrail.record(tx, actor, {
        action: 'ABSENCE_RECORDED',
        recordType: 'staff',
        recordId: staffId,
        changes: { absenceId: absence.absenceId, ...changedFields(undefined, recorded) },
      })
      return { absenceId: absence.absenceId }
    })
  }

  /** Records the last day of an absence (when the person came back, or will). */
  async endAbsence(
    actor: Actor,
    staffId: string,
    absenceId: string,
    input: { endedOn: string; expectedVersion: number },
  ): Promise<void> {
    actor.permissions.require('staff.manage')
    await this.context.db.withForce(actor.forceId, async (tx) => {
      await this.context.lookups.lockStaff(tx, staffId)
      const absence = await this.context.repository.findAbsence(tx, staffId, absenceId)
      if (!absence) {
        throw new NotFound('There is no such absence for this staff member')
      }
      throwIf(endAbsenceProblems(input, absence.startsOn))
      const overlapping = (
        await this.context.repository.absencesBetween(tx, absence.startsOn, input.endedOn, staffId)
      ).filter((other) => other.absenceId !== absenceId)
      refuseOverlap(overlapping, 'endedOn')
      const ended = await this.context.repository.endAbsence(tx, absenceId, input.expectedVersion, input.endedOn)
      if (!ended) {
        throw new Conflict('This absence was changed by someone else. Reload the page to see the change.')
      }
      this.context.auditTrail.record(tx, actor, {
        action: 'ABSENCE_ENDED',
        recordType: 'staff',
        recordId: staffId,
        changes: { absenceId, endedOn: { before: absence.endedOn, after: input.endedOn } },
      })
    })
  }

  /** Absences going on at any time from `from` to `to`, with who and where, long-term ones marked. */
  async listAbsences(actor: Actor, range: { from: string; to: string }) {
    actor.permissions.require('staff.view')
    const from = requireDay(range.from, 'from')
    const to = requireDay(range.to, 'to')
    const day = this.context.today()
    return this.context.db.withForce(actor.forceId, async (tx) => {
      const absences = await this.context.repository.absencesBetween(tx, from, to)
      const staff = new Map(
        (await this.context.repository.listStaff(tx, {})).map((row) => [row.staffId, toMember(row)]),
      )
      const units = await this.context.lookups.unitNames(tx)
      return absences.map((absence) => {
        const person = staff.get(absence.staffId)
        return {
          ...absence,
          name: person?.name ?? '',
          unitId: person?.unitId ?? '',
          unitName: units.get(person?.unitId ?? '') ?? '',
          current: absentOn(absence, day),
          longTerm: isLongTerm(absence, day),
          days: absenceLength(absence, day),
          lastDay: lastDayOf(absence),
        }
      })
    })
  }
}

function refuseOverlap(overlapping: readonly Absence[], field: string): void {
  const clash = overlapping[0]
  if (clash) {
    const end = lastDayOf(clash)
    const what = `${ABSENCE_TYPES[clash.absenceType].toLowerCase()} absence from ${formatDate(clash.startsOn)}`
    throw ValidationFailed.of(
      field,
      end === null
        ? `This overlaps their ${what}, which has no end date: end that absence first`
        : `This overlaps their ${what} to ${formatDate(end)}`,
    )
  }
}
