import type { Actor } from '../../platform/auth/actor.ts'
import type { Clock } from '../../platform/clock.ts'
import type { TallyDatabase } from '../../platform/db/database.ts'
import { retryOnRace } from '../../platform/db/errors.ts'
import { NotFound, ValidationFailed, type FieldError } from '../../platform/http/errors.ts'
import { isUuid, newId } from '../../platform/ids.ts'
import { formInstant, instantInput } from '../incidents/index.ts'
import type { PartnersRepository } from './partners.repository.ts'
import { reportProblems, type PartnerReportInput } from './partners.rules.ts'
import type { PartnerReport, PartnersService } from './partners.service.ts'

/** The question pages, in order, and the answers (form field names) each one asks for. */
export const STEPS = {
  what: ['kind', 'whatHappened'],
  when: ['happenedAt-day', 'happenedAt-month', 'happenedAt-year', 'happenedAt-hour', 'happenedAt-minute'],
  where: ['address', 'postcode'],
  victim: [
    'anonymous',
    'victimGivenName',
    'victimFamilyName',
    'victimDateOfBirth-day',
    'victimDateOfBirth-month',
    'victimDateOfBirth-year',
  ],
  consent: ['consentToShare', 'wantsPoliceContact', 'partnerReference'],
} as const satisfies Record<string, readonly string[]>

export type Step = keyof typeof STEPS
export const STEP_ORDER = Object.keys(STEPS) as Step[]

export function isStep(value: string): value is Step {
  return Object.hasOwn(STEPS, value)
}

/** Which page asks for the field a rule names (the rules use the API's field names). */
const FIELD_STEP: Record<string, { step: Step; field: string }> = {
  kind: { step: 'what', field: 'kind' },
  whatHappened: { step: 'what', field: 'whatHappened' },
  happenedAt: { step: 'when', field: 'happenedAt' },
  address: { step: 'where', field: 'address' },
  anonymous: { step: 'victim', field: 'anonymous' },
  'victim.givenName': { step: 'victim', field: 'victimGivenName' },
  'victim.familyName': { step: 'victim', field: 'victimFamilyName' },
  'victim.dateOfBirth': { step: 'victim', field: 'victimDateOfBirth' },
  consentToShare: { step: 'consent', field: 'consentToShare' },
  wantsPoliceContact: { step: 'consent', field: 'wantsPoliceContact' },
  partnerReference: { step: 'consent', field: 'partnerReference' },
}

/** A field problem as the question pages show it: the page's field name, and the page it is on. */
export function pageProblem(problem: FieldError): FieldError & { step: Step } {
  const target = FIELD_STEP[problem.field] ?? { step: 'what' as const, field: problem.field }
  return { field: target.field, message: problem.message, step: target.step }
}

const yesNo = (value: string | undefined) => (value === 'yes' ? true : value === 'no' ? false : undefined)

function dateOfBirth(answers: Record<string, string>): string | undefined {
  const [day, month, year] = ['day', 'month', 'year'].map((part) => answers[`victimDateOfBirth-${part}`]?.trim() ?? '')
  if (!day && !month && !year) {
    return undefined
  }
  return `${year!.padStart(4, '0')}-${month!.padStart(2, '0')}-${day!.padStart(2, '0')}`
}

/** The report the answers so far make. */
export function inputFrom(answers: Record<string, string>): PartnerReportInput {
  const dob = dateOfBirth(answers)
  return {
    partnerReference: answers.partnerReference?.trim() || undefined,
    kind: answers.kind ?? '',
    whatHappened: answers.whatHappened ?? '',
    happenedAt: instantInput(formInstant(answers, 'happenedAt')),
    address: answers.address ?? '',
    postcode: answers.postcode?.trim() || undefined,
    anonymous: yesNo(answers.anonymous),
    victim: {
      givenName: answers.victimGivenName ?? '',
      familyName: answers.victimFamilyName ?? '',
      ...(dob === undefined ? {} : { dateOfBirth: dob }),
    },
    consentToShare: yesNo(answers.consentToShare),
    wantsPoliceContact: yesNo(answers.wantsPoliceContact),
  }
}

const DRAFT_RETENTION_MS = 7 * 24 * 60 * 60 * 1000

/**
 * A partner's report being written page by page. The answers hold a victim's details, so a draft is its
 * author's alone, is deleted when the report is sent, and drafts nobody has touched for a week are deleted
 * whenever anyone starts a new one.
 */
export class PartnerReportDrafts {
  constructor(
    private readonly db: TallyDatabase,
    private readonly repository: PartnersRepository,
    private readonly partners: PartnersService,
    private readonly clock: Clock,
  ) {}

  async start(actor: Actor): Promise<string> {
    actor.permissions.require('partner-reports.submit')
    return this.db.withForce(actor.forceId, async (tx) => {
      const membership = await this.partners.membershipIn(tx, actor)
      const now = this.clock.now()
      await this.repository.deleteStaleDrafts(tx, new Date(now.getTime() - DRAFT_RETENTION_MS))
      const draftId = newId()
      await this.repository.insertDraft(tx, {
        draftId,
        memberId: actor.id,
        organisationId: membership.organisationId,
        updatedAt: now,
      })
      return draftId
    })
  }

  /** The draft's answers and which pages are done; NotFound unless it is this person's. */
  async get(actor: Actor, draftId: string): Promise<{ answers: Record<string, string>; completed: Step[] }> {
    actor.permissions.require('partner-reports.submit')
    const draft = await this.db.withForce(actor.forceId, (tx) =>
      isUuid(draftId) ? this.repository.findDraft(tx, actor.id, draftId) : Promise.resolve(undefined),
    )
    if (!draft) {
      throw new NotFound('There is no report draft with that id: it may have been sent, or deleted after a week')
    }
    const answers = { ...draft.answers }
    const completed = (answers.completed ?? '').split(',').filter(isStep)
    return { answers, completed }
  }

  /** Stores one page's answers if that page's questions are answered well; otherwise names each problem. */
  async saveStep(actor: Actor, draftId: string, step: Step, values: Record<string, string>): Promise<void> {
    actor.permissions.require('partner-reports.submit')
    const { answers, completed } = await this.get(actor, draftId)
    const next: Record<string, string> = { ...answers }
    for (const field of STEPS[step]) {
      next[field] = values[field] ?? ''
    }
    const problems = reportProblems(inputFrom(next), this.clock.now())
      .map(pageProblem)
      .filter((problem) => problem.step === step)
    if (problems.length > 0) {
      throw new ValidationFailed(problems.map(({ field, message }) => ({ field, message })))
    }
    next.completed = [...new Set([...completed, step])].join(',')
    await this.db.withForce(actor.forceId, (tx) => this.repository.updateDraft(tx, draftId, next, this.clock.now()))
  }

  /** Sends the report: every page's answers are checked again, the report made, and the draft deleted. */
  async submit(actor: Actor, draftId: string): Promise<PartnerReport> {
    actor.permissions.require('partner-reports.submit')
    const { answers } = await this.get(actor, draftId)
    const input = inputFrom(answers)
    const problems = reportProblems(input, this.clock.now())
    if (problems.length > 0) {
      throw new ValidationFailed(problems.map(pageProblem))
    }
    return retryOnRace(['partner_report_acknowledgement_key', 'incident_source_key'], () =>
      this.db.withForce(actor.forceId, async (tx) => {
        const membership = await this.partners.membershipIn(tx, actor)
        const { report } = await this.partners.submitIn(tx, actor, membership, input)
        await this.repository.deleteDraft(tx, draftId)
        return report
      }),
    )
  }
}
