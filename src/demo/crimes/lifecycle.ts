import type { Actor } from '../../platform/auth/actor.ts'
import { ukDate } from '../../platform/dates.ts'
import { newId } from '../../platform/ids.ts'
import { CRIME_WORKFLOW, type CrimeAction, type CrimeStatus } from '../../modules/crimes/index.ts'
import { byHours, type DemoTeam } from '../team.ts'
import { COURT_OUTCOME, OUTCOME_COUNTS, OUTCOME_MAPPING } from './mix.ts'
import { officeHoursAfter, PICK_UP_HOURS } from '../office-hours.ts'
import { DAY, type Chance } from './random.ts'
import type { PlannedCrime, PlannedEvent, StatusStep } from './types.ts'

export interface LifecycleTools {
  now: Date
  chance: Chance
  team: DemoTeam
  personIds: readonly string[]
  events: PlannedEvent[]
}

const AUDIT_ACTION = new Map(CRIME_WORKFLOW.map((rule) => [rule.action, rule.audit]))
const OUTCOME_WEIGHTS = Object.entries(OUTCOME_COUNTS)

/** Walks one crime through the workflow table, stopping at whatever it has reached by now. */
export function simulateLifecycle(crime: PlannedCrime, tools: LifecycleTools): void {
  new Lifecycle(crime, tools).run()
}

class Lifecycle {
  private at: number
  private status: CrimeStatus = 'recorded'

  constructor(
    private readonly crime: PlannedCrime,
    private readonly tools: LifecycleTools,
  ) {
    this.at = crime.row.recordedAt.getTime()
  }

  private member(list: keyof DemoTeam): Actor {
    return byHours(this.tools.team[list], this.tools.chance.random).actor
  }

  /** Takes one action `gap` after the last, unless that is still to come; says whether it happened. */
  private step(gap: number, to: CrimeStatus, action: CrimeAction, by: Actor, reason?: string, extra = {}): boolean {
    const when = this.at + gap
    if (when > this.tools.now.getTime()) {
      return false
    }
    this.at = when
    const { crime, status } = this
    const change: StatusStep = { at: new Date(when), from: status, to, action, by, ...(reason ? { reason } : {}) }
    crime.changes.push(change)
    this.tools.events.push({
      at: change.at,
      actor: by,
      event: {
        action: AUDIT_ACTION.get(action) ?? 'CRIME_UPDATED',
        recordType: 'crime',
        recordId: crime.row.crimeId,
        changes: { status: { before: status, after: to }, ...extra },
        ...(reason ? { reason } : {}),
      },
    })
    this.status = to
    Object.assign(crime.row, { status: to, statusChangedAt: change.at })
    return true
  }

  /**
   * The wait before the IMU's next step, taken in its office hours: on average `meanHours` of office time after
   * the work reached it in hours, or in the first hours of the next working morning (see office-hours.ts).
   */
  private officeGap(meanHours: number): number {
    const roll = this.tools.chance.random()
    const done = officeHoursAfter(new Date(this.at), -Math.log(1 - roll) * meanHours, roll * PICK_UP_HOURS)
    return done.getTime() - this.at
  }

  run(): void {
    const { chance } = this.tools
    if (!this.step(this.officeGap(2), 'awaiting_allocation', 'confirm_classification', this.classifier())) {
      return
    }
    const removal = chance.random()
    if (removal < 0.02) {
      this.cancel(removal)
    } else if (removal < 0.025) {
      this.transfer()
    } else if (this.investigate()) {
      this.qualityCheckAndFile()
    }
  }

  private classifier(): Actor {
    return this.member('decisionMakers')
  }

  /** Cancelled at the classification check: a duplicate, a mistake, or AVI showing no crime (rule 6). */
  private cancel(removal: number): void {
    const code = removal < 0.008 ? 'C3' : removal < 0.014 ? 'C4' : 'C2'
    const rationale =
      code === 'C3'
        ? 'Duplicate of a crime already recorded for this victim'
        : code === 'C4'
          ? 'Recorded in error'
          : 'Additional verifiable information shows no crime occurred'
    const restricted = this.crime.row.offenceGroup === 'rape'
    const by = restricted ? this.member('registrars') : this.member('decisionMakers')
    if (!this.step(this.officeGap(4), 'cancelled', 'cancel', by, rationale, { cancellationCode: code })) {
      return
    }
    const at = new Date(this.at)
    this.crime.cancellation = {
      cancellationId: newId(),
      code,
      rationale,
      aviDescription: code === 'C2' ? 'CCTV reviewed: the property was mislaid, not taken' : null,
      victimInformed: true,
      requestedAt: at,
      requestedBy: by.id,
      requestedByName: by.name,
      decision: 'authorised',
      decidedAt: at,
      decidedBy: by.id,
      decidedByName: by.name,
      decidedByRole: restricted ? 'force_crime_registrar' : 'imu_decision_maker',
    }
  }

  /** Committed in another force's area: transferred (C1, rule 7). */
  private transfer(): void {
    const { chance } = this.tools
    const by = this.member('decisionMakers')
    const reason = 'Committed in another force area'
    if (!this.step(this.officeGap(4), 'transfer_requested', 'request_transfer', by, reason)) {
      return
    }
    const requestedAt = new Date(this.at)
    const accepted = this.step(chance.exponential(3), 'transferred', 'accept_transfer', by)
    this.crime.transfer = {
      transferId: newId(),
      receivingForce: chance.random() < 0.5 ? 'Leicestershire Police' : 'Bedfordshire Police',
      reason,
      requestedAt,
      requestedBy: by.id,
      status: accepted ? 'accepted' : 'requested',
      receivingReference: accepted ? `TR/${Math.floor(chance.random() * 90000) + 10000}` : null,
      acceptedOn: accepted ? ukDate(new Date(this.at)) : null,
      decidedAt: accepted ? new Date(this.at) : null,
      decidedBy: accepted ? by.id : null,
      decidedByName: accepted ? by.name : null,
      decidedByRole: accepted ? 'imu_decision_maker' : null,
      victimInformed: accepted ? true : null,
    }
    Object.assign(this.crime.row, { statusBeforePending: accepted ? null : 'awaiting_allocation' })
  }

  /**
   * Allocated to an investigator (each holds work in proportion to their hours), who investigates for as long as
   * the outcome it will end with takes (police.uk's mix), then submits it for filing. Says whether it was submitted.
   */
  private investigate(): boolean {
    const { chance, team } = this.tools
    const allocator = chance.random() < 0.7 ? this.member('decisionMakers') : this.member('supervisors')
    if (!this.step(this.officeGap(3), 'under_investigation', 'allocate', allocator)) {
      return false
    }
    const officer = byHours(team.officers, chance.random)
    this.crime.officer = officer
    Object.assign(this.crime.row, { assignedUserId: officer.actor.id, assignedUnitId: officer.unitId })
    const outcome = this.outcome()
    if (![14, 18].includes(outcome)) {
      const others = this.tools.personIds.filter((id) => id !== this.crime.row.victimPersonId)
      if (others.length > 0) {
        this.crime.suspectPersonId = chance.one(others)
      }
    }
    const days =
      outcome === 18
        ? 0.5 + chance.exponential(5) / DAY
        : outcome === 1
          ? 15 + chance.exponential(35) / DAY
          : 5 + chance.exponential(20) / DAY
    return this.submit(days * DAY, outcome)
  }

  /** The outcome this crime will end with, from police.uk's mix. */
  private outcome(): number {
    const { chance } = this.tools
    const label = chance.pick(OUTCOME_WEIGHTS)
    const outcome = chance.pick(OUTCOME_MAPPING[label] ?? [[COURT_OUTCOME, 1]])
    // Rule 13: outcome 21 is not used for domestic abuse or hate crime.
    return outcome === 21 && (this.crime.row.domesticAbuse || this.crime.row.hateCrime) ? 16 : outcome
  }

  private submit(gap: number, outcome: number): boolean {
    const officer = this.crime.officer!.actor
    if (!this.step(gap, 'awaiting_filing', 'submit_for_filing', officer, undefined, { outcomeType: outcome })) {
      return false
    }
    const summary =
      outcome === 18
        ? 'Enquiries complete: no CCTV, no witnesses, no forensic opportunities.'
        : 'Investigation complete; outcome as recorded.'
    const evidence = {
      ...([14, 16].includes(outcome)
        ? { victimNonSupportStatement: 'Victim signed a statement withdrawing support for a prosecution' }
        : {}),
      ...(outcome === 8 ? { victimConsulted: true, offenderAccepted: true } : {}),
      ...(outcome === 21
        ? { publicInterestRationale: 'Low harm, first offence, victim content', victimNotified: true }
        : {}),
    }
    this.crime.outcome = { seq: this.crime.changes.length, type: outcome, summary, evidence, at: new Date(this.at) }
    Object.assign(this.crime.row, { outcomeType: outcome, closingSummary: summary })
    return true
  }

  /** The IMU's quality check (one in twenty returned to the officer), filing, and now and then a re-opening. */
  private qualityCheckAndFile(): void {
    const { chance } = this.tools
    const checker = this.member('decisionMakers')
    if (!this.step(chance.exponential(3), 'imu_quality_check', 'start_quality_check', checker)) {
      return
    }
    if (chance.random() < 0.05) {
      const reason = 'Victims’ Code contact not recorded'
      if (!this.step(chance.exponential(1), 'returned_to_officer', 'return_to_officer', checker, reason)) {
        return
      }
      const outcome = this.crime.outcome!.type
      if (
        !this.submit(chance.exponential(2), outcome) ||
        !this.step(chance.exponential(2), 'imu_quality_check', 'start_quality_check', checker)
      ) {
        return
      }
    }
    const filer = chance.random() < 0.8 ? checker : this.member('supervisors')
    if (!this.step(chance.exponential(1), 'filed', 'file', filer)) {
      return
    }
    Object.assign(this.crime.row, { offenceCodeAtFiling: this.crime.row.offenceCode })
    const reason = 'New information from the victim'
    if (
      chance.random() < 0.005 &&
      this.step(chance.exponential(30), 'under_investigation', 'reopen', this.member('decisionMakers'), reason)
    ) {
      // Rule 10: the code at filing stays until the crime is filed again.
      Object.assign(this.crime.row, { reopenedAt: new Date(this.at), outcomeType: null })
    }
  }
}
