/**
 * One force's year for `tally generate --national`, made as rows in PostgreSQL's COPY text format, a chunk of
 * crimes at a time so a force of a million crimes never sits in memory whole.
 *
 * Each crime comes from an incident (reported up to four days before it was recorded) and beside it the force
 * logs two incidents that were not crimes (anti-social behaviour, concern for safety, a crime-related report
 * that was not crimed…), so a force's incidents are about three times its crimes, as in the real forces. The
 * crime then follows the workflow (recorded → classification confirmed → allocated → investigated → submitted →
 * quality check, 5% returned → filed) with the same delays as the set-based generator (generator.ts), up to now.
 * Victims are people (none for offences against no person: shoplifting, drugs possession), one in seven a
 * repeat victim; three crimes in ten have a suspect, one in three of them already known to the force.
 *
 * Every action is an audit event, chained exactly as the audit trail chains them (the keyring's `link`), in the
 * order they happened: events wait in a queue by time and are written once no later crime can come before them.
 */
import { changedFields } from '../modules/audit-trail/index.ts'
import { nameForms } from '../modules/people/index.ts'
import { NON_CRIME_REASONS } from '../modules/incidents/index.ts'
import { LIVE_STATUSES } from '../modules/crimes/index.ts'
import { NO_PERSON_VICTIM } from './crimes/mix.ts'
import { Chance, DAY, HOUR, mulberry32 } from './crimes/random.ts'
import { OFFENCE_MIX } from './generator.ts'
import { FAMILY_NAMES, GIVEN_NAMES } from './people.ts'
import { copyLine, type CopyValue } from './national-copy.ts'
import { AuditQueue, type Actor, type ChainLink } from './national-audit.ts'
import type { StaffMember } from './synthetic-forces.ts'

export const COLUMNS = {
  person: [
    'force_id',
    'person_id',
    'given_name',
    'family_name',
    'date_of_birth',
    'name_forms',
    'created_at',
    'created_by',
    'updated_at',
    'updated_by',
  ],
  incident: [
    'force_id',
    'incident_id',
    'incident_number',
    'channel',
    'received_at',
    'opening_category',
    'qualifiers',
    'crime_related',
    'status',
    'closing_category',
    'closed_at',
    'closed_by',
    'recording_decision',
    'recording_decision_at',
    'recording_decision_by',
    'non_crime_reason',
    'non_crime_rationale',
    'created_at',
    'created_by',
    'updated_at',
  ],
  crime: [
    'force_id',
    'crime_id',
    'crime_reference',
    'incident_id',
    'status',
    'status_changed_at',
    'reported_at',
    'recorded_at',
    'recorded_by',
    'offence_from',
    'offence_code',
    'offence_code_version',
    'offence_group',
    'offence_code_at_recording',
    'offence_code_at_filing',
    'victim_person_id',
    'assigned_user_id',
    'assigned_unit_id',
    'domestic_abuse',
    'hate_crime',
    'vulnerable_victim',
    'outcome_type',
    'closing_summary',
    'version',
  ],
  crime_status_change: [
    'force_id',
    'crime_id',
    'seq',
    'from_status',
    'to_status',
    'action',
    'changed_at',
    'changed_by',
    'changed_by_name',
  ],
  crime_classification: [
    'force_id',
    'crime_id',
    'seq',
    'offence_code',
    'offence_code_version',
    'offence_group',
    'changed_at',
    'changed_by',
    'changed_by_name',
    'reason',
  ],
  crime_outcome: [
    'force_id',
    'crime_id',
    'seq',
    'outcome_type',
    'closing_summary',
    'recorded_at',
    'recorded_by',
    'recorded_by_name',
  ],
  person_involvement: [
    'force_id',
    'involvement_id',
    'person_id',
    'record_type',
    'record_id',
    'role',
    'suspect_status',
    'created_at',
    'created_by',
    'updated_at',
    'updated_by',
  ],
  audit_event: [
    'force_id',
    'seq',
    'occurred_at',
    'actor_type',
    'actor_id',
    'actor_name',
    'action',
    'record_type',
    'record_id',
    'changes',
    'reason',
    'request_id',
    'prev_hash',
    'key_id',
    'hash',
  ],
} as const

/** Tables in the order they are loaded: a row's foreign keys point only to tables before it. */
export type NationalTable = keyof typeof COLUMNS
export const TABLE_ORDER = Object.keys(COLUMNS) as NationalTable[]

/** A chunk's rows, by table, each row one line of COPY text. */
export type Chunk = Record<NationalTable, string[]>

export interface ForceYearSetup {
  forceId: number
  prefix: string
  offenceCodeVersion: string
  units: readonly string[]
  imu: readonly StaffMember[]
  officers: readonly StaffMember[]
  crimes: number
  /** The first of this force's reserved crime reference numbers. */
  referenceStart: number
  now: Date
  days: number
  seed: number
}

/** A text[] literal of simple words (category codes, normalised names: no quotes, commas or braces). */
const textArray = (items: readonly string[]) => `{${items.map((item) => `"${item}"`).join(',')}}`

const OFFENCE_WEIGHTS = OFFENCE_MIX.map((item) => [item, item.weight] as const)
const OUTCOMES = [
  [18, 55],
  [1, 12],
  [3, 6],
  [10, 10],
  [20, 7],
  [22, 10],
] as const
const CHANNELS = [
  ['999', 30],
  ['101', 45],
  ['online', 20],
  ['front_counter', 5],
] as const
const NOT_CRIME_CATEGORIES = [
  ['asb-personal', 8],
  ['asb-nuisance', 14],
  ['asb-environmental', 3],
  ['concern-for-safety', 16],
  ['missing-person', 4],
  ['domestic-incident', 7],
  ['mental-health', 6],
  ['suspicious-circumstances', 10],
  ['road-traffic-collision', 8],
  ['alarm', 5],
  ['civil-dispute', 4],
  ['lost-found-property', 4],
  ['admin-other', 6],
] as const
const NON_CRIME_REASON_CODES = Object.keys(NON_CRIME_REASONS)
const LIVE = new Set<string>(LIVE_STATUSES)
const CLOSING_SUMMARY = 'Investigation complete; outcome as recorded (generated).'
/** Incidents that were not crimes, logged beside each crime (so about three incidents a crime). */
export const OTHER_INCIDENTS_PER_CRIME = 2
/** How far before its recording an incident can be reported (the longest recording delay), and a margin. */
const LONGEST_LEAD = 4 * DAY + HOUR

interface Step {
  action: string
  audit: string
  from: string | null
  to: string
  at: number
  by: StaffMember
}

/** A person the force already knows, who may come back (repeat victims and offenders). */
class Acquaintances {
  private readonly known: string[] = []
  constructor(private readonly keep: number) {}
  add(personId: string, chance: Chance): void {
    if (this.known.length < this.keep) {
      this.known.push(personId)
    } else {
      this.known[Math.floor(chance.random() * this.keep)] = personId
    }
  }
  pick(chance: Chance): string | undefined {
    return this.known.length === 0 ? undefined : chance.one(this.known)
  }
}

/** Makes one force's year, chunk by chunk. */
export class ForceYear {
  private readonly chance: Chance
  private readonly spanMs: number
  private readonly startMs: number
  private readonly audit: AuditQueue
  private readonly victims = new Acquaintances(5000)
  private readonly suspects = new Acquaintances(3000)
  private incidentNumber = 0
  private chunk!: Chunk
  readonly counts: Record<NationalTable, number> = Object.fromEntries(TABLE_ORDER.map((table) => [table, 0])) as Record<
    NationalTable,
    number
  >

  constructor(
    private readonly setup: ForceYearSetup,
    link: ChainLink,
    head: { lastSeq: number; lastHash: string },
  ) {
    this.chance = new Chance(mulberry32(setup.seed * 7919 + setup.forceId))
    this.spanMs = setup.days * DAY
    this.startMs = setup.now.getTime() - this.spanMs
    this.audit = new AuditQueue(setup.forceId, link, head)
  }

  /** The chain head after the last chunk made. */
  get head(): { lastSeq: number; lastHash: string } {
    return this.audit.head
  }

  /** Rows for crimes [from, to); the last chunk (to = crimes) also writes every event due by now. */
  make(from: number, to: number): Chunk {
    this.chunk = Object.fromEntries(TABLE_ORDER.map((table) => [table, []])) as unknown as Chunk
    for (let index = from; index < to; index++) {
      this.crime(index)
    }
    const last = to >= this.setup.crimes
    const until = last ? this.setup.now.getTime() : this.startMs + (to * this.spanMs) / this.setup.crimes - LONGEST_LEAD
    this.chunk.audit_event = this.audit.drain(until)
    for (const table of TABLE_ORDER) {
      this.counts[table] += this.chunk[table].length
    }
    return this.chunk
  }

  private row(table: NationalTable, values: readonly CopyValue[]) {
    this.chunk[table].push(copyLine([this.setup.forceId, ...values]))
  }

  /** A UUID version 7 from the time and the generator, so the same seed gives the same ids. */
  private uuid(atMs: number): string {
    const random = this.chance.random
    const hex = (digits: number) => {
      let text = ''
      for (let i = 0; i < digits; i++) {
        text += Math.floor(random() * 16).toString(16)
      }
      return text
    }
    const time = Math.floor(atMs).toString(16).padStart(12, '0')
    const variant = (8 + Math.floor(random() * 4)).toString(16)
    return `${time.slice(0, 8)}-${time.slice(8)}-7${hex(3)}-${variant}${hex(3)}-${hex(12)}`
  }

  private staff(group: readonly StaffMember[]): StaffMember {
    return this.chance.one(group)
  }

  private crime(index: number): void {
    const { setup, chance } = this
    const slot = this.spanMs / setup.crimes
    const recordedAt = this.startMs + (index + chance.random()) * slot
    for (let other = 0; other < OTHER_INCIDENTS_PER_CRIME; other++) {
      this.otherIncident(this.startMs + (index + chance.random()) * slot)
    }
    const reportedAt = recordedAt - this.recordingDelay()
    const offence = chance.pick(OFFENCE_WEIGHTS)
    const flags = {
      domesticAbuse:
        (['violence-with-injury', 'violence-without-injury', 'harassment'].includes(offence.group) &&
          chance.random() < 0.3) ||
        chance.random() < 0.02,
      hateCrime: chance.random() < 0.02,
      vulnerableVictim: chance.random() < 0.08,
    }
    const recorder = this.staff(setup.imu)
    const incidentId = this.crimedIncident(reportedAt, recordedAt, offence.category, flags.domesticAbuse, recorder)
    const crimeId = this.uuid(recordedAt)
    const reference = `${setup.prefix}/${String(new Date(recordedAt).getUTCFullYear() % 100).padStart(2, '0')}/S${String(setup.referenceStart + index).padStart(7, '0')}`
    const victimId = NO_PERSON_VICTIM.has(offence.code) ? null : this.victim(crimeId, recordedAt, recorder)
    const officer = this.staff(setup.officers)
    const steps = this.steps(recordedAt, recorder, officer)
    const last = steps.at(-1)!
    const allocated = steps.some((step) => step.action === 'allocate')
    const submitted = steps.find((step) => step.action === 'submit_for_filing')
    const outcome = chance.pick(OUTCOMES)
    const unit = setup.units.length > 0 ? chance.one(setup.units) : null
    this.row('crime', [
      crimeId,
      reference,
      incidentId,
      last.to,
      new Date(last.at),
      new Date(reportedAt),
      new Date(recordedAt),
      recorder.name,
      new Date(reportedAt - chance.random() * 2 * DAY),
      offence.code,
      setup.offenceCodeVersion,
      offence.group,
      offence.code,
      last.to === 'filed' ? offence.code : null,
      victimId,
      allocated ? officer.id : null,
      allocated ? unit : null,
      flags.domesticAbuse,
      flags.hateCrime,
      flags.vulnerableVictim,
      submitted ? outcome : null,
      submitted ? CLOSING_SUMMARY : null,
      steps.length,
    ])
    this.history(crimeId, steps, { reference, incidentId, offence, victimId, officer, unit, outcome })
    if (chance.random() < 0.3) {
      this.suspect(crimeId, recordedAt, recorder, last.to === 'filed')
    }
  }

  private recordingDelay(): number {
    const { chance } = this
    const roll = chance.random()
    const within = chance.random()
    return roll < 0.55 ? within * 2 * HOUR : roll < 0.93 ? 2 * HOUR + within * 22 * HOUR : DAY + within * 3 * DAY
  }

  /** The crime's workflow up to now: each step at a realistic delay after the one before. */
  private steps(recordedAt: number, recorder: StaffMember, officer: StaffMember): Step[] {
    const { chance } = this
    const imu = () => this.staff(this.setup.imu)
    const steps: Step[] = []
    let at = recordedAt
    const step = (action: string, audit: string, from: string | null, to: string, by: StaffMember) =>
      steps.push({ action, audit, from, to, at, by })
    step('record', 'CRIME_RECORDED', null, 'recorded', recorder)
    at += chance.exponential(0.6)
    step('confirm_classification', 'CLASSIFICATION_CONFIRMED', 'recorded', 'awaiting_allocation', imu())
    at += chance.exponential(1)
    step('allocate', 'CRIME_ALLOCATED', 'awaiting_allocation', 'under_investigation', imu())
    at += 2 * DAY + chance.exponential(20)
    step('submit_for_filing', 'CRIME_SUBMITTED_FOR_FILING', 'under_investigation', 'awaiting_filing', officer)
    at += chance.exponential(3)
    step('start_quality_check', 'CRIME_QUALITY_CHECK_STARTED', 'awaiting_filing', 'imu_quality_check', imu())
    if (chance.random() < 0.05) {
      at += chance.exponential(1)
      step('return_to_officer', 'CRIME_RETURNED_TO_OFFICER', 'imu_quality_check', 'returned_to_officer', imu())
      at += chance.exponential(4)
      step('submit_for_filing', 'CRIME_SUBMITTED_FOR_FILING', 'returned_to_officer', 'awaiting_filing', officer)
      at += chance.exponential(2)
      step('start_quality_check', 'CRIME_QUALITY_CHECK_STARTED', 'awaiting_filing', 'imu_quality_check', imu())
    }
    at += chance.exponential(1)
    step('file', 'CRIME_FILED', 'imu_quality_check', 'filed', imu())
    const now = this.setup.now.getTime()
    return steps.filter((candidate) => candidate.at <= now)
  }

  /** The crime's status history, what the crimes service reads to work it on, and an audit event per step. */
  private history(
    crimeId: string,
    steps: readonly Step[],
    crime: {
      reference: string
      incidentId: string
      offence: (typeof OFFENCE_MIX)[number]
      victimId: string | null
      officer: StaffMember
      unit: string | null
      outcome: number
    },
  ): void {
    const { setup } = this
    for (const [index, step] of steps.entries()) {
      const seq = index + 1
      const at = new Date(step.at)
      this.row('crime_status_change', [crimeId, seq, step.from, step.to, step.action, at, step.by.id, step.by.name])
      const changes =
        step.action === 'record'
          ? changedFields(undefined, {
              crimeReference: crime.reference,
              incidentId: crime.incidentId,
              status: step.to,
              offenceCode: crime.offence.code,
              offenceCodeVersion: setup.offenceCodeVersion,
              victimPersonId: crime.victimId,
            })
          : {
              status: { before: step.from, after: step.to },
              ...(step.action === 'allocate'
                ? {
                    assignedUserId: { before: null, after: crime.officer.id },
                    assignedUnitId: { before: null, after: crime.unit },
                  }
                : {}),
              ...(step.action === 'submit_for_filing' ? { outcomeType: { before: null, after: crime.outcome } } : {}),
            }
      this.audit.add(step.at, user(step.by), {
        action: step.audit,
        recordType: 'crime',
        recordId: crimeId,
        changes,
      })
    }
    const first = steps[0]!
    const last = steps.at(-1)!
    if (LIVE.has(last.to)) {
      this.row('crime_classification', [
        crimeId,
        1,
        crime.offence.code,
        setup.offenceCodeVersion,
        crime.offence.group,
        new Date(first.at),
        first.by.id,
        first.by.name,
        'Classification at recording',
      ])
    }
    if (['awaiting_filing', 'imu_quality_check', 'returned_to_officer'].includes(last.to)) {
      const submitted = steps.findLastIndex((step) => step.action === 'submit_for_filing')
      const submit = steps[submitted]!
      this.row('crime_outcome', [
        crimeId,
        submitted + 1,
        crime.outcome,
        CLOSING_SUMMARY,
        new Date(submit.at),
        submit.by.id,
        submit.by.name,
      ])
    }
  }

  private nextIncidentNumber(atMs: number): string {
    this.incidentNumber += 1
    const day = new Date(atMs).toISOString().slice(0, 10).replaceAll('-', '')
    return `${day}-N${String(this.incidentNumber).padStart(7, '0')}`
  }

  /** The incident a crime came from: logged when reported, closed as crimed when the crime was recorded. */
  private crimedIncident(
    reportedAt: number,
    recordedAt: number,
    category: string,
    domesticAbuse: boolean,
    recorder: StaffMember,
  ): string {
    const incidentId = this.uuid(reportedAt)
    const number = this.nextIncidentNumber(reportedAt)
    const channel = this.chance.pick(CHANNELS)
    const received = new Date(reportedAt)
    const recorded = new Date(recordedAt)
    const qualifiers = domesticAbuse ? ['domestic-abuse'] : []
    this.row('incident', [
      incidentId,
      number,
      channel,
      received,
      category,
      textArray(qualifiers),
      true,
      'closed',
      category,
      recorded,
      recorder.name,
      'crimed',
      recorded,
      recorder.name,
      null,
      null,
      received,
      'Control room',
      recorded,
    ])
    this.logged(incidentId, reportedAt, { incidentNumber: number, channel, openingCategory: category, qualifiers })
    this.audit.add(recordedAt, user(recorder), {
      action: 'INCIDENT_CRIMED',
      recordType: 'incident',
      recordId: incidentId,
      changes: changedFields({}, { status: 'closed', recordingDecision: 'crimed' }),
    })
    return incidentId
  }

  private logged(incidentId: string, at: number, fields: Record<string, unknown>): void {
    this.audit.add(at, CONTROL_ROOM, {
      action: 'INCIDENT_LOGGED',
      recordType: 'incident',
      recordId: incidentId,
      changes: changedFields(undefined, fields),
    })
  }

  /**
   * An incident that did not become a crime: mostly not crime-related, closed within hours; one in seven a
   * crime-related report closed as not crimed with its reason. Crime-related reports of the last 30 hours are
   * still awaiting a recording decision.
   */
  private otherIncident(receivedAt: number): void {
    const { chance, setup } = this
    const now = setup.now.getTime()
    const crimeRelated = chance.random() < 0.15
    const category = crimeRelated ? 'crime-related-incident' : chance.pick(NOT_CRIME_CATEGORIES)
    const closedAt = receivedAt + chance.exponential(0.25)
    const open = closedAt > now || (crimeRelated && receivedAt > now - 30 * HOUR)
    const incidentId = this.uuid(receivedAt)
    const number = this.nextIncidentNumber(receivedAt)
    const channel = chance.pick(CHANNELS)
    const closer = this.staff(setup.imu)
    const closed = open ? null : new Date(closedAt)
    const reason = crimeRelated && !open ? chance.one(NON_CRIME_REASON_CODES) : null
    this.row('incident', [
      incidentId,
      number,
      channel,
      new Date(receivedAt),
      category,
      '{}',
      crimeRelated,
      open ? 'open' : 'closed',
      open ? null : category,
      closed,
      open ? null : closer.name,
      reason ? 'not_crimed' : null,
      reason ? closed : null,
      reason ? closer.name : null,
      reason,
      reason ? 'No notifiable offence disclosed on the account given (generated).' : null,
      new Date(receivedAt),
      'Control room',
      closed ?? new Date(receivedAt),
    ])
    this.logged(incidentId, receivedAt, { incidentNumber: number, channel, openingCategory: category })
    if (!open) {
      this.audit.add(closedAt, user(closer), {
        action: reason ? 'INCIDENT_NOT_CRIMED' : 'INCIDENT_CLOSED',
        recordType: 'incident',
        recordId: incidentId,
        changes: changedFields({ status: 'open' }, { status: 'closed', closingCategory: category }),
        reason: reason ?? undefined,
      })
    }
  }

  /** A new person, recorded by `by` at `at`. */
  private person(at: number, by: StaffMember): string {
    const { chance } = this
    const personId = this.uuid(at)
    const given = chance.one(GIVEN_NAMES)
    const family = chance.one(FAMILY_NAMES)
    const born = new Date(Date.UTC(1940 + Math.floor(chance.random() * 68), 0, 1) + chance.random() * 365 * DAY)
    const when = new Date(at)
    this.row('person', [
      personId,
      given,
      family,
      born.toISOString().slice(0, 10),
      textArray(nameForms(given, family, [])),
      when,
      by.name,
      when,
      by.name,
    ])
    this.audit.add(at, user(by), {
      action: 'PERSON_CREATED',
      recordType: 'person',
      recordId: personId,
      changes: changedFields(undefined, { givenName: given, familyName: family }),
    })
    return personId
  }

  private involve(crimeId: string, personId: string, role: string, status: string | null, at: number, by: StaffMember) {
    const when = new Date(at)
    this.row('person_involvement', [
      this.uuid(at),
      personId,
      'crime',
      crimeId,
      role,
      status,
      when,
      by.name,
      when,
      by.name,
    ])
  }

  /** The crime's victim: one in seven someone the force has met as a victim before. */
  private victim(crimeId: string, at: number, by: StaffMember): string {
    const known = this.chance.random() < 1 / 7 ? this.victims.pick(this.chance) : undefined
    const personId = known ?? this.person(at, by)
    this.victims.add(personId, this.chance)
    this.involve(crimeId, personId, 'victim', null, at, by)
    return personId
  }

  /** A suspect: one in three already known to the force as one. */
  private suspect(crimeId: string, at: number, by: StaffMember, filed: boolean): void {
    const known = this.chance.random() < 1 / 3 ? this.suspects.pick(this.chance) : undefined
    const personId = known ?? this.person(at, by)
    this.suspects.add(personId, this.chance)
    const status = filed ? this.chance.one(['interviewed', 'eliminated', 'insufficient_to_proceed']) : 'not_interviewed'
    this.involve(crimeId, personId, 'suspect', status, at, by)
  }
}

const CONTROL_ROOM: Actor = { type: 'system', id: 'control-room', name: 'Control room' }
const user = (member: StaffMember): Actor => ({ type: 'user', id: member.id, name: member.name })
