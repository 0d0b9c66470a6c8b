import type { Actor } from '../../platform/auth/actor.ts'
import type { Clock } from '../../platform/clock.ts'
import { ukDate } from '../../platform/dates.ts'
import type { ForceTransaction } from '../../platform/db/database.ts'
import type { FieldErrors } from '../../platform/http/errors.ts'
import { newId } from '../../platform/ids.ts'
import type { AuditTrailService } from '../audit-trail/index.ts'
import type { PeopleService } from '../people/index.ts'
import type { CareRow, VictimsRepository } from './victims.repository.ts'
import { automaticGrounds, type VictimTaskKind } from './victims.rules.ts'
import type { VictimsService } from './victims.service.ts'
import { settingsIn } from './victims.tasks.ts'

/** What victim care needs to know of a crime (a CrimeRow has all of it). */
export interface CrimeForVictimCare {
  crimeId: string
  crimeReference: string
  status: string
  reportedAt: Date
  offenceFrom: Date
  offenceCode: string
  offenceGroup: string
  domesticAbuse: boolean
  hateCrime: boolean
  vulnerableVictim: boolean
  victimPersonId: string | null
  assignedUnitId: string | null
  outcomeType: number | null
}

/** One action on a crime, after it was applied (the crime's before and after, what was given, what it did). */
export interface CrimeActionDone {
  action: string
  before: CrimeForVictimCare
  after: CrimeForVictimCare
  input: {
    victimInformed?: boolean | undefined
    victimNotInformedReason?: string | undefined
    receivingReference?: string | undefined
  }
  context: Record<string, unknown> | undefined
}

/** An incident closed with no crime recorded (rule 5). */
export interface IncidentNotCrimed {
  incidentId: string
  incidentNumber: string
  receivedAt: Date
  victimInformed: boolean | null
  victimNotInformedReason: string | null
}

/** Outcome 1 (charged or summonsed) is a charged case for rule 18. */
const CHARGED = 1
/** Tasks the recording of a crime starts (rule 15). */
const ON_RECORDING: readonly VictimTaskKind[] = ['right3_information', 'support_referral', 'needs_assessment']

/**
 * What the crimes service tells victim care, in the crime's own transaction, so a crime and its victim's tasks
 * commit or roll back together: recording starts the Right 3, referral and needs-assessment tasks (rule 15);
 * changes to the crime re-derive enhanced rights (rule 17); an outcome starts a notification; cancellation and
 * no-crime decisions become "victim told" tasks (rule 5); a transfer keeps tasks here until accepted (rule 7);
 * and filing a charged case needs a VPS offer (rule 18).
 */
export class VictimCareHooks {
  constructor(
    private readonly victims: VictimsService,
    private readonly repository: VictimsRepository,
    private readonly people: PeopleService,
    private readonly auditTrail: AuditTrailService,
    private readonly clock: Clock,
  ) {}

  async crimeRecorded(tx: ForceTransaction, actor: Actor, crime: CrimeForVictimCare): Promise<void> {
    const now = this.clock.now()
    const care = await this.repository.insertCare(tx, {
      careId: newId(),
      crimeId: crime.crimeId,
      incidentId: null,
      reference: crime.crimeReference,
      reportedAt: crime.reportedAt,
      offenceFrom: crime.offenceFrom,
      victimPersonId: crime.victimPersonId,
      automaticGrounds: await this.groundsOf(tx, crime),
      unitId: null,
      officerUserId: null,
      referralConsent: null,
      vpsOfferedOn: null,
      vpsOfferedBy: null,
      vpsResponse: null,
      vpsLink: null,
      updateEveryDays: null,
      preferredMethod: null,
      planAgreedOn: null,
      handedOverTo: null,
      manualReason: null,
      createdAt: now,
      updatedAt: now,
    })
    const settings = await settingsIn(tx, this.repository)
    const startsOn = ukDate(crime.reportedAt)
    await this.victims.planner.start(
      tx,
      actor,
      care,
      settings,
      ON_RECORDING.map((kind) => ({ kind, startsOn })),
      now,
    )
  }

  /** Rule 18: a charged case is not filed until the victim has been offered a VPS (when the force says so). */
  async beforeCrimeAction(
    tx: ForceTransaction,
    crime: CrimeForVictimCare,
    action: string,
    errors: FieldErrors,
  ): Promise<void> {
    if (action !== 'file' || crime.outcomeType !== CHARGED) {
      return
    }
    const care = await this.repository.careForCrime(tx, crime.crimeId)
    if (care && care.vpsOfferedOn === null && (await settingsIn(tx, this.repository)).vpsRequiredForCharge) {
      errors.add(
        'vpsOffered',
        'A charged case cannot be filed until the victim has been offered a Victim Personal Statement: record the offer on the victim-care page',
      )
    }
  }

  async crimeActed(tx: ForceTransaction, actor: Actor, done: CrimeActionDone): Promise<void> {
    let care = await this.repository.careForCrime(tx, done.after.crimeId, { lock: true })
    if (!care) {
      return
    }
    const now = this.clock.now()
    const today = ukDate(now)
    const grounds = await this.groundsOf(tx, done.after)
    if (grounds.join() !== care.automaticGrounds.join()) {
      const before = care
      care = await this.repository.updateCare(tx, care.careId, { automaticGrounds: grounds, updatedAt: now })
      const retimed =
        before.enhanced === care.enhanced
          ? 0
          : await this.victims.planner.retime(tx, care, await settingsIn(tx, this.repository))
      this.auditTrail.record(tx, actor, {
        action: 'VICTIM_ENHANCED_RIGHTS_CHANGED',
        recordType: 'victim_care',
        recordId: care.careId,
        changes: { automaticGrounds: { before: before.automaticGrounds, after: grounds }, tasksRetimed: retimed },
      })
    }
    switch (done.action) {
      case 'submit_for_filing':
      case 'revise_outcome':
        await this.victims.recordEventIn(tx, actor, care, 'outcome', today, `Outcome ${done.after.outcomeType ?? ''}`)
        return
      case 'cancel':
      case 'request_cancellation':
        await this.victimTold(
          tx,
          actor,
          care,
          'told_cancelled',
          'cancellation',
          done.input,
          'the crime is being cancelled',
        )
        return
      case 'request_transfer':
        await this.startTasks(tx, actor, care, ['transfer_update'], today)
        return
      case 'accept_transfer':
        await this.transferAccepted(tx, actor, care, done)
        return
      case 'refuse_transfer':
        await this.closeOpen(
          tx,
          actor,
          care,
          ['transfer_update'],
          'withdrawn',
          'The other force refused the transfer: victim care stays with this force',
        )
        return
      case 'file':
        await this.closeOpen(
          tx,
          actor,
          care,
          ['scheduled_update'],
          'withdrawn',
          'The crime was filed: no more updates are scheduled',
        )
        return
      default:
    }
  }

  /** Rule 7: this force looks after the victim until a transfer is accepted and the tasks handed over. */
  async caredForHere(tx: ForceTransaction, crimeId: string): Promise<boolean | undefined> {
    const care = await this.repository.careForCrime(tx, crimeId)
    return care ? care.handedOverTo === null : undefined
  }

  /** Rule 5: an incident closed with no crime needs the victim told, as a task closed by a logged contact. */
  async incidentNotCrimed(tx: ForceTransaction, actor: Actor, incident: IncidentNotCrimed): Promise<void> {
    const now = this.clock.now()
    const care =
      (await this.repository.careForIncident(tx, incident.incidentId)) ??
      (await this.repository.insertCare(tx, {
        careId: newId(),
        crimeId: null,
        incidentId: incident.incidentId,
        reference: incident.incidentNumber,
        reportedAt: incident.receivedAt,
        offenceFrom: null,
        victimPersonId: null,
        createdAt: now,
        updatedAt: now,
        referralConsent: null,
        vpsOfferedOn: null,
        vpsOfferedBy: null,
        vpsResponse: null,
        vpsLink: null,
        updateEveryDays: null,
        preferredMethod: null,
        planAgreedOn: null,
        handedOverTo: null,
        manualReason: null,
        officerUserId: null,
        unitId: null,
      }))
    await this.victimTold(
      tx,
      actor,
      care,
      'told_not_recorded',
      'non_crime',
      {
        victimInformed: incident.victimInformed ?? undefined,
        victimNotInformedReason: incident.victimNotInformedReason ?? undefined,
      },
      'no crime is being recorded',
    )
  }

  /** The decision's "victim told" answer becomes a task closed by a contact, or closed as not possible. */
  private async victimTold(
    tx: ForceTransaction,
    actor: Actor,
    care: CareRow,
    kind: 'told_cancelled' | 'told_not_recorded',
    recordedWith: 'cancellation' | 'non_crime',
    told: CrimeActionDone['input'],
    what: string,
  ): Promise<void> {
    const now = this.clock.now()
    const [taskId] = await this.startTasks(tx, actor, care, [kind], ukDate(now))
    const settings = await settingsIn(tx, this.repository)
    if (told.victimInformed === true) {
      await this.victims.planner.logContact(
        tx,
        actor,
        care,
        settings,
        {
          contactedAt: now,
          method: null,
          otherMethodReason: null,
          summary: `Victim told ${what} (recorded with the decision)`,
          recordedWith,
          taskIds: [taskId!],
        },
        now,
      )
    } else if (told.victimInformed === false && (told.victimNotInformedReason ?? '').trim() !== '') {
      const task = (await this.repository.tasks(tx, care.careId)).filter((t) => t.taskId === taskId)
      await this.victims.planner.closeWithout(
        tx,
        actor,
        care,
        task,
        'not_possible',
        told.victimNotInformedReason!.trim(),
        now,
      )
    }
  }

  /** Rule 7: on acceptance the victim is told (or why not) and every open task passes to the receiving force. */
  private async transferAccepted(tx: ForceTransaction, actor: Actor, care: CareRow, done: CrimeActionDone) {
    const now = this.clock.now()
    const force = typeof done.context?.receivingForce === 'string' ? done.context.receivingForce : 'the receiving force'
    const reference = done.input.receivingReference?.trim() ?? ''
    const open = (await this.repository.tasks(tx, care.careId)).filter((task) => task.status === 'open')
    const transferTasks = open.filter((task) => task.kind === 'transfer_update')
    if (done.input.victimInformed === true) {
      await this.victims.planner.logContact(
        tx,
        actor,
        care,
        await settingsIn(tx, this.repository),
        {
          contactedAt: now,
          method: null,
          otherMethodReason: null,
          summary: `Victim told the crime is now with ${force}${reference ? ` (their reference ${reference})` : ''} (recorded with the acceptance)`,
          recordedWith: 'transfer',
          taskIds: transferTasks.map((task) => task.taskId),
        },
        now,
      )
    } else {
      const reason = done.input.victimNotInformedReason?.trim() || 'The victim could not be told'
      await this.victims.planner.closeWithout(tx, actor, care, transferTasks, 'not_possible', reason, now)
    }
    const rest = open.filter((task) => task.kind !== 'transfer_update')
    const note = `Victim care passed to ${force}${reference ? `, their reference ${reference}` : ''}`
    await this.victims.planner.closeWithout(tx, actor, care, rest, 'handed_over', note, now)
    await this.repository.updateCare(tx, care.careId, { handedOverTo: force, updatedAt: now })
  }

  private async startTasks(
    tx: ForceTransaction,
    actor: Actor,
    care: CareRow,
    kinds: VictimTaskKind[],
    startsOn: string,
  ) {
    const settings = await settingsIn(tx, this.repository)
    return this.victims.planner.start(
      tx,
      actor,
      care,
      settings,
      kinds.map((kind) => ({ kind, startsOn })),
      this.clock.now(),
    )
  }

  private async closeOpen(
    tx: ForceTransaction,
    actor: Actor,
    care: CareRow,
    kinds: VictimTaskKind[],
    status: 'withdrawn',
    note: string,
  ) {
    const open = (await this.repository.tasks(tx, care.careId)).filter(
      (task) => task.status === 'open' && kinds.includes(task.kind),
    )
    await this.victims.planner.closeWithout(tx, actor, care, open, status, note, this.clock.now())
  }

  private async groundsOf(tx: ForceTransaction, crime: CrimeForVictimCare) {
    const victim = crime.victimPersonId ? await this.people.identityIn(tx, crime.victimPersonId) : undefined
    return automaticGrounds({
      offenceCode: crime.offenceCode,
      offenceGroup: crime.offenceGroup,
      domesticAbuse: crime.domesticAbuse,
      hateCrime: crime.hateCrime,
      vulnerableVictim: crime.vulnerableVictim,
      victimDateOfBirth: victim?.dateOfBirth ?? null,
      offenceOn: ukDate(crime.offenceFrom),
    })
  }
}
