import type { Actor } from '../../platform/auth/actor.ts'
import { newId } from '../../platform/ids.ts'
import { RECORDING_LIMIT_MS } from '../../modules/crimes/index.ts'
import { byHours, type DemoTeam } from '../team.ts'
import {
  ASB_PER_CRIME,
  CRIME_TYPE_COUNTS,
  INCIDENT_CATEGORY_BY_TYPE,
  NO_PERSON_VICTIM,
  OFFENCE_CODES_BY_TYPE,
  type CrimeType,
} from './mix.ts'
import { simulateLifecycle } from './lifecycle.ts'
import { Chance, DAY, HOUR } from './random.ts'
import type { PlannedCrime, PlannedEvent, PlannedHistory, PlannedIncident } from './types.ts'

export interface PlanInput {
  now: Date
  days: number
  crimesPerDay: number
  /** Crimes a later step adds over the latest days (the work-queues step), taken off these so demand stays flat. */
  addedLater?: { days: number; crimesPerDay: number } | undefined
  random: () => number
  groupOf: ReadonlyMap<string, string>
  locationIds: readonly string[]
  team: DemoTeam
  personIds?: readonly string[]
  victimKeys?: ReadonlyMap<string, string>
}

const CHANNEL_WEIGHTS: ReadonlyArray<readonly [string, number]> = [
  ['999', 25],
  ['101', 35],
  ['online', 25],
  ['front_counter', 5],
  ['officer_generated', 7],
  ['partner', 3],
]

const NON_CRIME_CATEGORIES: ReadonlyArray<readonly [string, number]> = [
  ['concern-for-safety', 30],
  ['missing-person', 8],
  ['domestic-incident', 12],
  ['mental-health', 10],
  ['suspicious-circumstances', 14],
  ['lost-found-property', 8],
  ['civil-dispute', 6],
  ['alarm', 5],
  ['road-traffic-collision', 10],
  ['highway-disruption', 4],
  ['admin-other-agency', 3],
]

const ASB_CATEGORIES = [
  ['asb-personal', 3],
  ['asb-nuisance', 6],
  ['asb-environmental', 1],
] as const

const NARRATIVES: Record<string, string> = {
  'crime-violence': 'Caller reports being assaulted; the other party has left.',
  'crime-sexual': 'Report of a sexual offence; specially trained officer requested.',
  'crime-robbery': 'Caller reports property taken by force in the street.',
  'crime-burglary': 'Caller returned home to find the property broken into.',
  'crime-theft': 'Caller reports property stolen.',
  'crime-vehicle': 'Vehicle broken into or taken overnight.',
  'crime-damage': 'Caller reports deliberate damage to property.',
  'crime-drugs': 'Officer found suspected controlled drugs during a stop.',
  'crime-weapons': 'Report of a person carrying a bladed article.',
  'crime-public-order': 'Caller reports threatening and abusive behaviour.',
  'crime-other': 'Report of an offence; details taken.',
  'crime-related-incident': 'Apparent criminality reported; no notifiable offence made out.',
  'asb-personal': 'Neighbour dispute: caller targeted by repeated nuisance.',
  'asb-nuisance': 'Group of youths causing a nuisance in the park.',
  'asb-environmental': 'Fly-tipping reported behind the shops.',
}

/** Calls by hour of the day: more in the afternoon and evening than before dawn. */
const HOURLY_CALLS = [3, 2, 2, 1, 1, 1, 2, 3, 4, 5, 5, 5, 5, 5, 6, 6, 6, 6, 6, 6, 6, 5, 5, 4].map(
  (weight, hour) => [hour, weight] as const,
)

const TYPE_WEIGHTS = Object.entries(CRIME_TYPE_COUNTS) as Array<[CrimeType, number]>

/**
 * A year of incidents and crimes in memory, with police.uk's mix of crime types and outcomes, each crime walked
 * through the workflow table by the staff who would do it (crimes.demo-mix.ts; lifecycle.ts).
 */
export function planHistory(input: PlanInput): PlannedHistory {
  return new HistoryPlanner(input).plan()
}

class HistoryPlanner {
  private readonly chance: Chance
  private readonly history: PlannedHistory = { incidents: [], crimes: [], events: [] }

  constructor(private readonly input: PlanInput) {
    this.chance = new Chance(input.random)
  }

  plan(): PlannedHistory {
    const start = this.input.now.getTime() - this.input.days * DAY
    for (let day = 0; day < this.input.days; day++) {
      this.planDay(start + day * DAY)
    }
    return this.history
  }

  private get events(): PlannedEvent[] {
    return this.history.events
  }

  private member(list: keyof DemoTeam): Actor {
    return byHours(this.input.team[list], this.chance.random).actor
  }

  private timeOfDay(): number {
    return (this.chance.pick(HOURLY_CALLS) + this.chance.random()) * HOUR
  }

  private planDay(dayStart: number): void {
    const { random } = this.chance
    const weekday = new Date(dayStart).getUTCDay()
    const seasonal = weekday === 5 || weekday === 6 ? 1.25 : weekday === 0 ? 1.05 : 0.92
    const { addedLater } = this.input
    const later =
      addedLater && dayStart >= this.input.now.getTime() - addedLater.days * DAY ? addedLater.crimesPerDay : 0
    const count = Math.max(0, Math.round((this.input.crimesPerDay - later) * seasonal * (0.8 + random() * 0.4)))
    for (let n = 0; n < count; n++) {
      const receivedAt = new Date(dayStart + this.timeOfDay())
      if (receivedAt <= this.input.now) {
        this.planCrime(receivedAt)
      }
    }
    // Reports that are not crimes: anti-social behaviour at police.uk's rate, and public safety and welfare calls.
    const asb = Math.round(count * ASB_PER_CRIME * (0.7 + random() * 0.6))
    const welfare = Math.round(count * 0.55 * (0.7 + random() * 0.6))
    const notCrimed = random() < 0.6 ? 1 : 0
    const others: Array<readonly [string, boolean]> = [
      ...Array.from({ length: asb }, () => [this.chance.pick(ASB_CATEGORIES), false] as const),
      ...Array.from({ length: welfare }, () => [this.chance.pick(NON_CRIME_CATEGORIES), false] as const),
      ...Array.from({ length: notCrimed }, () => ['crime-related-incident', true] as const),
    ]
    for (const [category, crimeRelated] of others) {
      const receivedAt = new Date(dayStart + this.timeOfDay())
      if (receivedAt <= this.input.now) {
        this.planOtherReport(receivedAt, category, crimeRelated)
      }
    }
  }

  private newIncident(receivedAt: Date, category: string, qualifiers: string[], crimeRelated: boolean) {
    const { locationIds } = this.input
    const operator = this.member('operators')
    const incident: PlannedIncident = {
      operator,
      row: {
        incidentId: newId(),
        incidentNumber: '',
        channel: this.chance.pick(CHANNEL_WEIGHTS),
        receivedAt,
        locationId: locationIds.length > 0 && this.chance.random() < 0.8 ? this.chance.one(locationIds) : null,
        reportingPersonId: null,
        openingCategory: category,
        qualifiers,
        narrative: NARRATIVES[category] ?? 'Call taken; details recorded.',
        crimeRelated,
        rapeReported: qualifiers.includes('rape-or-attempted-rape'),
        createdAt: receivedAt,
        createdBy: operator.name,
        updatedAt: receivedAt,
        recordingDecision: null,
        recordingDecisionAt: null,
        recordingDecisionBy: null,
        sourceSystem: null,
        sourceReference: null,
        submissionHash: null,
        closingCategory: null,
        closingRationale: null,
        closedAt: null,
        closedBy: null,
        nonCrimeReason: null,
        nonCrimeRationale: null,
        victimInformed: null,
        victimNotInformedReason: null,
      },
    }
    this.history.incidents.push(incident)
    const changes = { channel: incident.row.channel, openingCategory: category, crimeRelated }
    const event = { action: 'INCIDENT_LOGGED', recordType: 'incident', recordId: incident.row.incidentId, changes }
    this.events.push({ at: receivedAt, actor: operator, event })
    return incident
  }

  private close(incident: PlannedIncident, at: Date, category: string, rationale: string): void {
    if (at > this.input.now) {
      return
    }
    const { operator } = incident
    Object.assign(incident.row, {
      status: 'closed',
      closedAt: at,
      closedBy: operator.name,
      closingCategory: category,
      closingRationale: rationale,
      version: 3,
    })
    this.events.push({
      at,
      actor: operator,
      event: {
        action: 'INCIDENT_CLOSED',
        recordType: 'incident',
        recordId: incident.row.incidentId,
        changes: { closingCategory: category },
        reason: rationale,
      },
    })
  }

  /** How long after the report a crime is recorded: most within hours, about 6% after the 24-hour limit. */
  private recordingDelay(): number {
    const { random } = this.chance
    const roll = random()
    // HMICFRS found 93.7% recorded in time in Leicestershire.
    return roll < 0.7
      ? random() * 2 * HOUR
      : roll < 0.9
        ? (2 + random() * 18) * HOUR
        : roll < 0.94
          ? (20 + random() * 4) * HOUR
          : RECORDING_LIMIT_MS + random() * 48 * HOUR
  }

  private planCrime(receivedAt: Date): void {
    const { random } = this.chance
    const type = this.chance.pick(TYPE_WEIGHTS)
    const code = this.chance.pick(OFFENCE_CODES_BY_TYPE[type])
    const group = this.input.groupOf.get(code) ?? ''
    const rape = group === 'rape'
    const domestic = type === 'Violence and sexual offences' && !rape && random() < 0.3
    const hate = ['9B', '105B', '8M', '58J'].includes(code)
    const category = rape || code === '20A' ? 'crime-sexual' : INCIDENT_CATEGORY_BY_TYPE[type]
    const qualifiers = [
      ...(domestic ? ['domestic-abuse'] : []),
      ...(hate ? ['hate'] : []),
      ...(rape ? ['rape-or-attempted-rape'] : []),
    ]
    // Most crimes arrive as incidents; some are reported straight to the crime bureau (rule 1).
    const incident = random() < 0.08 ? undefined : this.newIncident(receivedAt, category, qualifiers, true)
    const delay = this.recordingDelay()
    const recordedAt = new Date(receivedAt.getTime() + delay)
    if (recordedAt > this.input.now) {
      // Not recorded yet: the incident waits in the recording-decision-due queue.
      return
    }
    const recordedBy = incident && random() < 0.6 ? incident.operator : this.member('decisionMakers')
    const crime = this.newCrime({ receivedAt, recordedAt, recordedBy, type, code, group, domestic, hate, incident })
    this.events.push({
      at: recordedAt,
      actor: recordedBy,
      event: {
        action: 'CRIME_RECORDED',
        recordType: 'crime',
        recordId: crime.row.crimeId,
        changes: {
          offenceCode: code,
          incidentId: crime.row.incidentId,
          recordingDelayMinutes: Math.round(delay / 60_000),
          recordedLate: delay > RECORDING_LIMIT_MS,
        },
      },
    })
    if (incident) {
      this.crimed(incident, recordedAt, recordedBy, category)
    }
    const { now, team } = this.input
    simulateLifecycle(crime, {
      now,
      chance: this.chance,
      team,
      personIds: this.input.personIds ?? [],
      events: this.events,
    })
  }

  private newCrime(facts: {
    receivedAt: Date
    recordedAt: Date
    recordedBy: Actor
    type: CrimeType
    code: string
    group: string
    domestic: boolean
    hate: boolean
    incident: PlannedIncident | undefined
  }): PlannedCrime {
    const { random } = this.chance
    const { receivedAt, recordedAt, type, code, incident } = facts
    const personIds = this.input.personIds ?? []
    const victimPersonId = !NO_PERSON_VICTIM.has(code) && personIds.length > 0 ? this.chance.one(personIds) : null
    const overnight = type === 'Burglary' || type === 'Vehicle crime'
    const offenceFrom = new Date(receivedAt.getTime() - random() * (overnight ? 10 : 2) * HOUR)
    const offenceTo = overnight
      ? new Date(Math.min(receivedAt.getTime(), offenceFrom.getTime() + random() * 8 * HOUR))
      : null
    const crime: PlannedCrime = {
      row: {
        crimeId: newId(),
        crimeReference: '',
        incidentId: incident?.row.incidentId ?? null,
        directReportChannel: incident ? null : random() < 0.7 ? 'online' : 'front_counter',
        status: 'recorded',
        statusChangedAt: recordedAt,
        reportedAt: receivedAt,
        recordedAt,
        recordedBy: facts.recordedBy.name,
        offenceFrom,
        offenceTo,
        locationId: incident?.row.locationId ?? null,
        locationKey: null,
        offenceCode: code,
        offenceCodeVersion: '2017-18',
        offenceGroup: facts.group,
        offenceGroupsEver: [facts.group],
        offenceCodeAtRecording: code,
        victimPersonId,
        victimKey: victimPersonId ? (this.input.victimKeys?.get(victimPersonId) ?? null) : null,
        summary: '',
        domesticAbuse: facts.domestic,
        hateCrime: facts.hate,
        vulnerableVictim: random() < 0.08,
      },
      recordedBy: facts.recordedBy,
      changes: [{ at: recordedAt, from: null, to: 'recorded', action: 'record', by: facts.recordedBy }],
    }
    this.history.crimes.push(crime)
    return crime
  }

  private crimed(incident: PlannedIncident, recordedAt: Date, recordedBy: Actor, category: string): void {
    Object.assign(incident.row, {
      recordingDecision: 'crimed',
      recordingDecisionAt: recordedAt,
      recordingDecisionBy: recordedBy.name,
      updatedAt: recordedAt,
      version: 2,
    })
    this.events.push({
      at: recordedAt,
      actor: recordedBy,
      event: { action: 'INCIDENT_CRIMED', recordType: 'incident', recordId: incident.row.incidentId },
    })
    this.close(incident, new Date(recordedAt.getTime() + this.chance.exponential(0.5)), category, 'Crime recorded')
  }

  private planOtherReport(receivedAt: Date, category: string, crimeRelated: boolean): void {
    const incident = this.newIncident(receivedAt, category, [], crimeRelated)
    const decidedAt = new Date(receivedAt.getTime() + this.chance.random() * 6 * HOUR)
    if (crimeRelated && decidedAt <= this.input.now) {
      const rationale = 'Caller confirms nothing was taken and no one was hurt; no notifiable offence made out.'
      const decisionMaker = this.member('decisionMakers')
      Object.assign(incident.row, {
        recordingDecision: 'not_crimed',
        recordingDecisionAt: decidedAt,
        recordingDecisionBy: decisionMaker.name,
        nonCrimeReason: 'no_notifiable_offence',
        nonCrimeRationale: rationale,
        victimInformed: true,
        version: 2,
      })
      const event = {
        action: 'INCIDENT_NOT_CRIMED',
        recordType: 'incident',
        recordId: incident.row.incidentId,
        reason: rationale,
      }
      this.events.push({ at: decidedAt, actor: decisionMaker, event })
    }
    if (!crimeRelated || incident.row.recordingDecision) {
      const rationale = crimeRelated ? 'No crime: see the recording decision' : 'Dealt with'
      this.close(incident, new Date(decidedAt.getTime() + this.chance.exponential(0.3)), category, rationale)
    }
  }
}
