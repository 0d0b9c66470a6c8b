import type { Actor } from '../../platform/auth/actor.ts'
import type { Clock } from '../../platform/clock.ts'
import { addDays, startOfEnteredUkDay, startOfUkDay, ukDate } from '../../platform/dates.ts'
import type { ForceTransaction, TallyDatabase } from '../../platform/db/database.ts'
import { FieldErrors, Forbidden, NotFound, ValidationFailed } from '../../platform/http/errors.ts'
import { isUuid, newId } from '../../platform/ids.ts'
import type { AuditTrailService } from '../audit-trail/index.ts'
import { isChannel, toInstant, type IncidentsService, type PersonDetails } from '../incidents/index.ts'
import type { PeopleService, PersonIdentity } from '../people/index.ts'
import type { CrimeReferenceData } from './crimes.reference-data.ts'
import type { CrimesRepository, OffenceCodeRecord } from './crimes.repository.ts'
import { recordingProblems } from './crimes.rules.ts'
import type { CrimesService, RecordCrimeResult } from './crimes.service.ts'

/** The answers of the record-a-crime question pages, kept in a draft until checked and recorded. */
export interface DraftAnswers {
  /** A direct report (no incident): how and when it was reported, and whether it discloses rape (rule 8). */
  directReportChannel?: string | undefined
  reportedAt?: string | undefined
  rapeReported?: boolean | undefined
  /** null: no identified victim (a state-based offence, or the victim is not yet known). */
  victim?: PersonDetails | null
  /** The incident's caller when they are the victim: the crime links that person rather than adding another. */
  victimPersonId?: string | undefined
  offenceCode?: string | undefined
  otherOffenceCode?: string | undefined
  domesticAbuse?: boolean | undefined
  hateCrime?: boolean | undefined
  vulnerableVictim?: boolean | undefined
  n100Reason?: string | undefined
  offenceFrom?: string | undefined
  offenceTo?: string | undefined
  summary?: string | undefined
  completed: string[]
}

/** The question pages' answers as posted (times already read from their boxes). */
export type DraftStepValues = Omit<
  Partial<DraftAnswers>,
  'reportedAt' | 'offenceFrom' | 'offenceTo' | 'victimPersonId'
> & {
  /** From an incident with a caller: whether the caller is the victim (undefined when not asked or not answered). */
  callerIsVictim?: boolean | undefined
  reportedAt?: Date | undefined
  offenceFrom?: Date | undefined
  offenceTo?: Date | undefined
}

export const DRAFT_STEPS = ['report', 'victim', 'offence', 'when'] as const
export type DraftStep = (typeof DRAFT_STEPS)[number]
const DRAFT_STEP_LABELS: Record<DraftStep, string> = {
  report: 'how and when it was reported',
  victim: 'victim',
  offence: 'offence',
  when: 'when and where',
}

/** The steps a draft asks: a direct report first says how and when it was reported; an incident already has. */
export function draftSteps(draft: { incidentId: string | null }): DraftStep[] {
  return draft.incidentId === null ? [...DRAFT_STEPS] : DRAFT_STEPS.filter((step) => step !== 'report')
}

/**
 * A draft holds a victim's personal data, so one not touched since the start of the day this many days ago is
 * deleted (when anyone in the force starts a draft, and by `tally crimes purge-drafts`).
 */
export const DRAFT_RETENTION_DAYS = 7

/**
 * The record-a-crime page flow: a draft per person and incident (or direct report), question by question, then
 * check and record. It is apart from CrimesService because a draft holds a victim's personal data until it is
 * checked and recorded, so drafts have their own life: each is visible only to the person who started it, and
 * one untouched for DRAFT_RETENTION_DAYS is deleted. The recording itself is CrimesService's.
 */
export class CrimeDraftsService {
  constructor(
    private readonly db: TallyDatabase,
    private readonly repository: CrimesRepository,
    private readonly referenceData: CrimeReferenceData,
    private readonly incidents: IncidentsService,
    private readonly people: PeopleService,
    private readonly crimes: CrimesService,
    private readonly auditTrail: AuditTrailService,
    private readonly clock: Clock,
  ) {}

  /**
   * Starts recording a crime from an incident, or (no incident) a direct report. A person has one draft open per
   * incident: starting again returns it. Drafts untouched for DRAFT_RETENTION_DAYS are deleted first.
   */
  async startDraft(actor: Actor, incidentId: string | null): Promise<string> {
    if (!actor.permissions.can('crimes.record')) {
      throw new Forbidden('Your role cannot record crimes')
    }
    return this.db.withForce(actor.forceId, async (tx) => {
      await this.purgeDraftsIn(tx, actor)
      const incident = incidentId === null ? undefined : await this.incidents.getIn(tx, incidentId)
      if (incidentId !== null && !incident) {
        throw new NotFound('There is no incident with this id in this force')
      }
      if (incident) {
        this.incidents.assertMayRecordCrimeFrom(actor, incident)
      }
      const open = await this.repository.openDraft(tx, actor.id, incident?.incidentId ?? null)
      if (open) {
        return open.draftId
      }
      const draftId = newId()
      const qualifiers = incident?.qualifiers ?? []
      const answers: DraftAnswers = {
        ...(incident ? { offenceFrom: incident.receivedAt.toISOString() } : {}),
        domesticAbuse: qualifiers.includes('domestic-abuse'),
        hateCrime: qualifiers.includes('hate'),
        vulnerableVictim: qualifiers.includes('child-at-risk') || qualifiers.includes('vulnerable-adult'),
        completed: [],
      }
      const inserted = await this.repository.insertDraft(tx, {
        draftId,
        incidentId: incident?.incidentId ?? null,
        createdBy: actor.id,
        createdAt: this.clock.now(),
        answers: answers as unknown as Record<string, unknown>,
      })
      if (!inserted) {
        // A second click that raced the first: theirs is the draft.
        const raced = await this.repository.openDraft(tx, actor.id, incident?.incidentId ?? null)
        return raced!.draftId
      }
      this.auditTrail.record(tx, actor, {
        action: 'CRIME_DRAFT_STARTED',
        recordType: 'crime-draft',
        recordId: draftId,
        changes: { incidentId: incident?.incidentId ?? null },
      })
      return draftId
    })
  }

  /** A draft with its incident, for the question pages. Only the person who started it sees it. */
  async draft(actor: Actor, draftId: string) {
    actor.permissions.require('crimes.record')
    return this.db.withForce(actor.forceId, async (tx) => {
      const { draft, incident } = await this.draftIn(tx, actor, draftId)
      const answers = draft.answers as unknown as DraftAnswers
      const [location, offence, other, caller] = await Promise.all([
        incident?.locationId ? this.people.getLocation(tx, incident.locationId) : undefined,
        answers.offenceCode ? this.referenceData.offenceIn(tx, actor, answers.offenceCode) : undefined,
        answers.otherOffenceCode ? this.referenceData.offenceIn(tx, actor, answers.otherOffenceCode) : undefined,
        incident?.reportingPersonId ? this.people.identityIn(tx, incident.reportingPersonId) : undefined,
      ])
      const now = this.clock.now()
      return {
        draftId,
        incident,
        answers,
        steps: draftSteps(draft),
        location,
        offence,
        otherOffence: other,
        caller,
        now,
      }
    })
  }

  /** Checks one question page's answers (nothing else) and keeps them in the draft. */
  async saveDraftStep(actor: Actor, draftId: string, step: DraftStep, values: DraftStepValues): Promise<void> {
    actor.permissions.require('crimes.record')
    await this.db.withForce(actor.forceId, async (tx) => {
      const { draft, incident } = await this.draftIn(tx, actor, draftId)
      if (!draftSteps(draft).includes(step)) {
        throw new NotFound('This crime record draft has no such question')
      }
      const answers = { ...(draft.answers as unknown as DraftAnswers) }
      const now = this.clock.now()
      const rapeReported = incident ? incident.rapeReported : answers.rapeReported === true
      const check: StepCheck = { answers, values, errors: new FieldErrors(), rapeReported, now }
      switch (step) {
        case 'report':
          checkReportStep(check)
          break
        case 'victim': {
          const caller = incident?.reportingPersonId
            ? await this.people.identityIn(tx, incident.reportingPersonId)
            : undefined
          checkVictimStep(check, caller)
          break
        }
        case 'offence': {
          const otherCode = values.otherOffenceCode || undefined
          const [offence, other] = await Promise.all([
            this.crimes.offenceOrUndefined(tx, actor, values.offenceCode ?? ''),
            otherCode ? this.crimes.offenceOrUndefined(tx, actor, otherCode) : undefined,
          ])
          checkOffenceStep(check, offence, other)
          break
        }
        case 'when':
          checkWhenStep(check, incident?.receivedAt ?? toInstant(answers.reportedAt))
          break
      }
      check.errors.throwIfAny()
      answers.completed = [...new Set([...answers.completed, step])]
      await this.repository.updateDraft(tx, draftId, { ...answers }, now)
      if (step === 'victim') {
        // Who the victim is was written into the draft: a processing of personal data (rule 20). The details
        // themselves stay out of the audit trail, which outlives the draft.
        this.auditTrail.record(tx, actor, {
          action: 'CRIME_DRAFT_VICTIM_RECORDED',
          recordType: 'crime-draft',
          recordId: draftId,
          changes: {
            victimIdentified: answers.victim !== null,
            callerIsVictim: answers.victimPersonId !== undefined,
            dateOfBirthGiven: answers.victim?.dateOfBirth !== undefined,
          },
        })
      }
    })
  }

  /** Records the crime a draft describes, and removes the draft in the same transaction. */
  async recordFromDraft(
    actor: Actor,
    draftId: string,
    options: { acknowledgeDuplicates: boolean },
  ): Promise<RecordCrimeResult> {
    if (!actor.permissions.can('crimes.record')) {
      throw new Forbidden('Your role cannot record crimes')
    }
    return this.crimes.inRecordingTransaction(actor, async (tx, record) => {
      const draft = isUuid(draftId) ? await this.repository.findDraft(tx, draftId, actor.id) : undefined
      if (!draft) {
        throw new NotFound('This crime record draft does not exist, or was already recorded')
      }
      const answers = draft.answers as unknown as DraftAnswers
      const missing = draftSteps(draft).filter((step) => !answers.completed.includes(step))
      if (missing.length > 0) {
        throw new ValidationFailed(
          missing.map((step) => ({ field: step, message: `Answer the ${DRAFT_STEP_LABELS[step]} question first` })),
        )
      }
      const result = await record({
        ...(draft.incidentId
          ? { incidentId: draft.incidentId }
          : {
              directReportChannel: answers.directReportChannel,
              reportedAt: answers.reportedAt,
              rapeReported: answers.rapeReported === true,
            }),
        // The caller as victim is the person already recorded, linked rather than added again.
        ...(answers.victimPersonId
          ? { victimPersonId: answers.victimPersonId }
          : { victim: answers.victim ?? undefined }),
        offenceCode: answers.offenceCode ?? '',
        otherOffenceCodes: answers.otherOffenceCode ? [answers.otherOffenceCode] : undefined,
        offenceFrom: answers.offenceFrom,
        offenceTo: answers.offenceTo,
        summary: answers.summary,
        domesticAbuse: answers.domesticAbuse,
        hateCrime: answers.hateCrime,
        vulnerableVictim: answers.vulnerableVictim,
        n100Reason: answers.n100Reason,
        acknowledgeDuplicates: options.acknowledgeDuplicates,
      })
      await this.repository.deleteDraft(tx, draftId)
      return result
    })
  }

  /** Deletes this force's drafts untouched for DRAFT_RETENTION_DAYS (`tally crimes purge-drafts`). */
  purgeDrafts(actor: Actor): Promise<number> {
    actor.permissions.require('crimes.record')
    return this.db.withForce(actor.forceId, (tx) => this.purgeDraftsIn(tx, actor))
  }

  private async purgeDraftsIn(tx: ForceTransaction, actor: Actor): Promise<number> {
    // Whole days in the force's calendar: drafts not touched since the start of the day a week ago.
    const cutoff = startOfUkDay(addDays(ukDate(this.clock.now()), -DRAFT_RETENTION_DAYS))
    const purged = await this.repository.purgeDrafts(tx, cutoff)
    // The erasure of the personal data drafts hold is logged too (rule 20).
    for (const draftId of purged) {
      this.auditTrail.record(tx, actor, {
        action: 'CRIME_DRAFT_PURGED',
        recordType: 'crime-draft',
        recordId: draftId,
        reason: `Not touched for ${DRAFT_RETENTION_DAYS} days`,
      })
    }
    return purged.length
  }

  private async draftIn(tx: ForceTransaction, actor: Actor, draftId: string) {
    const draft = isUuid(draftId) ? await this.repository.findDraft(tx, draftId, actor.id) : undefined
    const incident = draft?.incidentId ? await this.incidents.getIn(tx, draft.incidentId) : undefined
    if (!draft || (draft.incidentId !== null && !incident)) {
      throw new NotFound('This crime record draft does not exist, or was already recorded')
    }
    return { draft, incident }
  }
}

/** A time as a draft keeps it; one that is not a real time is not kept (its step is refused anyway). */
function isoOf(instant: Date | undefined): string | undefined {
  return instant && !Number.isNaN(instant.getTime()) ? instant.toISOString() : undefined
}

/** One question page's answers being checked: the draft's answers (updated in place) and the problems found. */
interface StepCheck {
  answers: DraftAnswers
  values: DraftStepValues
  errors: FieldErrors
  rapeReported: boolean
  now: Date
}

function addProblems(errors: FieldErrors, problems: ReturnType<typeof recordingProblems>): void {
  for (const problem of problems) {
    errors.add(problem.field, problem.message)
  }
}

/** How and when the crime was reported (a direct report only). */
function checkReportStep({ answers, values, errors, rapeReported, now }: StepCheck): void {
  const channel = values.directReportChannel ?? ''
  errors.check(isChannel(channel), 'directReportChannel', 'Choose how the crime was reported')
  addProblems(errors, recordingProblems({ rapeReported, dates: { reportedAt: values.reportedAt, now } }))
  Object.assign(answers, {
    directReportChannel: channel,
    reportedAt: isoOf(values.reportedAt),
    rapeReported: values.rapeReported === true,
    // The offence is taken to have happened when reported, until the "when" question says otherwise.
    offenceFrom: answers.offenceFrom ?? isoOf(values.reportedAt),
  })
}

/**
 * Who the victim is, or that there is no identified victim. From an incident with a caller, first whether the
 * caller is the victim: if so, the caller's person record is the victim's (no second record for them).
 */
function checkVictimStep({ answers, values, errors, now }: StepCheck, caller: PersonIdentity | undefined): void {
  answers.victimPersonId = undefined
  if (caller) {
    const name = `${caller.givenName} ${caller.familyName}`.trim()
    errors.check(values.callerIsVictim !== undefined, 'callerIsVictim', `Say whether ${name} is the victim`)
    if (values.callerIsVictim !== false) {
      if (values.callerIsVictim === true) {
        answers.victimPersonId = caller.personId
        answers.victim = {
          givenName: caller.givenName,
          familyName: caller.familyName,
          ...(caller.dateOfBirth ? { dateOfBirth: caller.dateOfBirth } : {}),
        }
      }
      return
    }
  }
  if (values.victim === null) {
    answers.victim = null
    return
  }
  const victim = values.victim
  errors.check(
    (victim?.familyName ?? '').trim() !== '',
    'victim.familyName',
    'Enter the victim’s family name, or say there is no identified victim',
  )
  if (victim?.dateOfBirth !== undefined) {
    const born = startOfEnteredUkDay(victim.dateOfBirth)
    errors.check(born !== undefined, 'victim.dateOfBirth', 'Enter the date of birth as a real date, or leave it blank')
    errors.check(born === undefined || born <= now, 'victim.dateOfBirth', 'The date of birth cannot be in the future')
  }
  answers.victim = {
    givenName: (victim?.givenName ?? '').trim(),
    familyName: (victim?.familyName ?? '').trim(),
    ...(victim?.dateOfBirth ? { dateOfBirth: victim.dateOfBirth } : {}),
  }
}

/** The offence (and any other offence), the flags and why an N100 is not needed; the codes already looked up. */
function checkOffenceStep(
  { answers, values, errors, rapeReported }: StepCheck,
  offence: OffenceCodeRecord | undefined,
  other: OffenceCodeRecord | undefined,
): void {
  const offenceCode = values.offenceCode ?? ''
  const otherCode = values.otherOffenceCode || undefined
  addProblems(
    errors,
    recordingProblems({
      rapeReported,
      offenceCode: { given: offenceCode, found: offence },
      otherOffenceCodes: {
        field: 'otherOffenceCode',
        offences: otherCode ? [{ given: otherCode, found: other }] : [],
      },
      n100Reason: values.n100Reason,
    }),
  )
  Object.assign(answers, {
    offenceCode: offence?.code ?? offenceCode,
    otherOffenceCode: other?.code ?? otherCode,
    domesticAbuse: values.domesticAbuse ?? false,
    hateCrime: values.hateCrime ?? false,
    vulnerableVictim: values.vulnerableVictim ?? false,
    n100Reason: (values.n100Reason ?? '').trim() || undefined,
  })
}

/** When it happened (checked against when it was reported) and what happened. */
function checkWhenStep({ answers, values, errors, rapeReported, now }: StepCheck, reportedAt: Date | undefined): void {
  addProblems(
    errors,
    recordingProblems({
      rapeReported,
      dates: { reportedAt, offenceFrom: values.offenceFrom, offenceTo: values.offenceTo, now },
      summary: values.summary ?? '',
    }),
  )
  Object.assign(answers, {
    offenceFrom: isoOf(values.offenceFrom),
    offenceTo: isoOf(values.offenceTo),
    summary: (values.summary ?? '').trim(),
  })
}
