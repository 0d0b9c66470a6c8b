import { makeActor, type Actor } from '../../platform/auth/actor.ts'
import { FixedClock, type Clock } from '../../platform/clock.ts'
import type { TallyDatabase } from '../../platform/db/database.ts'
import { newId } from '../../platform/ids.ts'
import { AuditTrailRepository, AuditTrailService, type AuditEventInput } from '../../modules/audit-trail/index.ts'
import type { DirectoryService } from '../../modules/directory/index.ts'
import { ukDate } from '../../platform/dates.ts'
import {
  incidentNumber,
  ukLocalTime,
  type IncidentsService,
  type NewIncidentRow,
} from '../../modules/incidents/index.ts'
import type { PeopleService } from '../../modules/people/index.ts'
import {
  ASB_PER_CRIME,
  COURT_OUTCOME,
  CRIME_TYPE_COUNTS,
  INCIDENT_CATEGORY_BY_TYPE,
  NO_PERSON_VICTIM,
  OFFENCE_CODES_BY_TYPE,
  OUTCOME_COUNTS,
  OUTCOME_MAPPING,
  type CrimeType,
} from './mix.ts'
import type { CrimeReferenceData } from '../../modules/crimes/index.ts'
import { CrimesRepository, type NewCrimeRow } from '../../modules/crimes/index.ts'
import { formatCrimeReference, RECORDING_LIMIT_MS, victimKey } from '../../modules/crimes/index.ts'
import type { CrimesService } from '../../modules/crimes/index.ts'
import { CRIME_WORKFLOW, type CrimeAction, type CrimeStatus } from '../../modules/crimes/index.ts'
import { groupBy } from '../../platform/collections.ts'

/** What the demo needs from the composition root. */
export interface CrimesDemoDeps {
  db: TallyDatabase
  clock: Clock
  services: {
    incidents: IncidentsService
    crimes: CrimesService
    crimeReferenceData: CrimeReferenceData
    people: PeopleService
    directory: DirectoryService
    auditTrail: AuditTrailService
  }
}

export interface CrimesDemoOptions {
  /** Demo user ids by username (src/cli/commands/seed-demo.ts). */
  users: ReadonlyMap<string, string>
  /** People and places made by the people module's demo step, to link as victims, suspects and locations. */
  people?: { personIds: readonly string[]; locationIds: readonly string[] } | undefined
  days?: number
  crimesPerDay?: number
  seed?: number
}

const HOUR = 3600_000
const DAY = 24 * HOUR

/**
 * A year of incidents and crimes for the demo force, with police.uk's mix of crime types and outcomes
 * (crimes.demo-mix.ts). History is generated in memory and written in bulk: multi-row inserts through the
 * repositories and the matching audit events, stamped at the time each thing happened. The last few reports go
 * through the services themselves, as a person would record them. Every crime follows the workflow table, so the
 * queues hold crimes of realistic ages: decisions due, classification checks, allocations, investigations,
 * filing backlogs.
 */
export async function seedCrimesDemo(
  deps: CrimesDemoDeps,
  actor: Actor,
  options: CrimesDemoOptions,
): Promise<{ incidents: number; crimes: number }> {
  const now = deps.clock.now()
  const days = options.days ?? 365
  const crimesPerDay = options.crimesPerDay ?? 22
  const random = mulberry32(options.seed ?? 20261126)
  const repository = new CrimesRepository()
  const { services } = deps

  const setup = await deps.db.withForce(actor.forceId, async (tx) => {
    const { version, codes } = await services.crimeReferenceData.offenceCodesIn(tx, actor)
    const settings = await services.crimeReferenceData.settingsIn(tx)
    const { crimeReferencePrefix } = await repository.forcePrefix(tx)
    const userIds = [...options.users.values()]
    const names = new Map((await repository.userNames(tx, userIds)).map((u) => [u.userId, u.displayName]))
    const units = await services.directory.unitsIn(tx)
    // Rule 11: a victim's key comes from who they are (their name and date of birth), as a recording makes it.
    const victimKeys = new Map<string, string>()
    for (const personId of options.people?.personIds ?? []) {
      const identity = await services.people.identityIn(tx, personId)
      if (identity) {
        victimKeys.set(personId, victimKey(identity))
      }
    }
    return { version, codes, settings, crimeReferencePrefix, names, units, victimKeys }
  })
  const groupOf = new Map(setup.codes.map((code) => [code.code, code.groupCode ?? '']))
  const person = (username: string, roles: Actor['roles']): Actor => {
    const id = options.users.get(username)
    return id
      ? makeActor({ forceId: actor.forceId, type: 'user', id, name: setup.names.get(id) ?? username, roles })
      : actor
  }
  const staff = {
    operator: person('operator', ['control_room_operator']),
    officer: person('officer', ['officer']),
    decisionMaker: person('decision-maker', ['imu_decision_maker']),
    supervisor: person('supervisor', ['imu_supervisor']),
    registrar: person('registrar', ['force_crime_registrar']),
  }
  const unitFor = (type: CrimeType) => {
    const wanted =
      type === 'Violence and sexual offences' ? ['safeguarding', 'investigation'] : ['investigation', 'response']
    return (
      setup.units.find((unit) => unit.unitType === wanted[0])?.unitId ??
      setup.units.find((unit) => unit.unitType === wanted[1])?.unitId ??
      null
    )
  }

  const plan = planHistory({
    now,
    days,
    crimesPerDay,
    random,
    groupOf,
    locationIds: options.people?.locationIds ?? [],
    personIds: options.people?.personIds ?? [],
    victimKeys: setup.victimKeys,
    staff,
    unitFor,
  })

  // Numbers: incident numbers by day received, crime references by year recorded, in time order.
  await deps.db.withForce(actor.forceId, async (tx) => {
    const byDay = groupBy(plan.incidents, (incident) => ukDate(incident.row.receivedAt))
    for (const [day, incidents] of byDay) {
      let next = await services.incidents.reserveNumbersIn(tx, day, incidents.length)
      for (const incident of incidents.sort((a, b) => a.row.receivedAt.getTime() - b.row.receivedAt.getTime())) {
        incident.row.incidentNumber = incidentNumber(day, next++)
      }
    }
    const byYear = groupBy(plan.crimes, (crime) => String(ukLocalTime(crime.row.recordedAt).year))
    for (const [year, crimes] of byYear) {
      let next = await repository.reserveReferenceSeqs(tx, Number(year), crimes.length)
      for (const crime of crimes.sort((a, b) => a.row.recordedAt.getTime() - b.row.recordedAt.getTime())) {
        crime.row.crimeReference = formatCrimeReference(setup.settings.referenceFormat, {
          prefix: setup.crimeReferencePrefix,
          year: Number(year),
          seq: next++,
        })
      }
    }
  })

  // Rows, in bulk.
  for (const chunk of chunks(plan.incidents, 1000)) {
    await deps.db.withForce(actor.forceId, (tx) =>
      services.incidents.insertHistoryIn(
        tx,
        chunk.map((incident) => incident.row),
      ),
    )
  }
  for (const chunk of chunks(plan.crimes, 700)) {
    await deps.db.withForce(actor.forceId, async (tx) => {
      await repository.insertCrimes(
        tx,
        chunk.map((crime) => ({ ...crime.row, version: crime.changes.length })),
      )
      await repository.insertClassifications(
        tx,
        chunk.map((crime) => ({
          crimeId: crime.row.crimeId,
          seq: 1,
          offenceCode: crime.row.offenceCode,
          offenceCodeVersion: setup.version,
          offenceGroup: crime.row.offenceGroup,
          previousCode: null,
          changedAt: crime.row.recordedAt,
          changedBy: crime.recordedBy.id,
          changedByName: crime.recordedBy.name,
          reason: 'Classification at recording',
        })),
      )
    })
  }
  const statusChanges = plan.crimes.flatMap((crime) =>
    crime.changes.map((change, index) => ({
      crimeId: crime.row.crimeId,
      seq: index + 1,
      fromStatus: change.from,
      toStatus: change.to,
      action: change.action,
      changedAt: change.at,
      changedBy: change.by.id,
      changedByName: change.by.name,
      reason: change.reason ?? null,
    })),
  )
  for (const chunk of chunks(statusChanges, 4000)) {
    await deps.db.withForce(actor.forceId, (tx) => repository.insertStatusChanges(tx, chunk))
  }
  const outcomes = plan.crimes.flatMap((crime) =>
    crime.outcome
      ? [
          {
            crimeId: crime.row.crimeId,
            seq: crime.outcome.seq,
            outcomeType: crime.outcome.type,
            closingSummary: crime.outcome.summary,
            evidence: JSON.stringify(crime.outcome.evidence),
            recordedAt: crime.outcome.at,
            recordedBy: staff.officer.id,
            recordedByName: staff.officer.name,
            reason: null,
          },
        ]
      : [],
  )
  for (const chunk of chunks(outcomes, 3000)) {
    await deps.db.withForce(actor.forceId, (tx) => repository.insertOutcomes(tx, chunk))
  }
  await deps.db.withForce(actor.forceId, async (tx) => {
    for (const crime of plan.crimes) {
      if (crime.cancellation) {
        await repository.insertCancellation(tx, { crimeId: crime.row.crimeId, ...crime.cancellation })
      }
      if (crime.transfer) {
        await repository.insertTransfer(tx, { crimeId: crime.row.crimeId, ...crime.transfer })
      }
    }
  })

  // People on the crimes the IMU is still working: victims, and suspects where the outcome names one (rule 13).
  const personIds = options.people?.personIds ?? []
  if (personIds.length > 0) {
    const live = plan.crimes.filter(
      (crime) => crime.row.status !== 'filed' || crime.row.recordedAt.getTime() > now.getTime() - 30 * DAY,
    )
    for (const chunk of chunks(live, 400)) {
      await deps.db.withForce(actor.forceId, async (tx) => {
        for (const crime of chunk) {
          if (crime.row.victimPersonId) {
            await services.people.linkPerson(tx, staff.operator, {
              personId: crime.row.victimPersonId,
              recordType: 'crime',
              recordId: crime.row.crimeId,
              role: 'victim',
            })
          }
          if (crime.suspectPersonId) {
            await services.people.linkPerson(tx, staff.officer, {
              personId: crime.suspectPersonId,
              recordType: 'crime',
              recordId: crime.row.crimeId,
              role: 'suspect',
              suspectStatus: 'interviewed',
            })
          }
        }
      })
    }
  }

  // The audit trail of that history, each event at the time it happened.
  const historyClock = new FixedClock(now)
  const history = new AuditTrailService(
    deps.db,
    new AuditTrailRepository(deps.db.kysely),
    historyClock,
    deps.services.auditTrail.keys,
  )
  const events = plan.events.sort((a, b) => a.at.getTime() - b.at.getTime())
  for (const chunk of chunks(events, 2500)) {
    await deps.db.withForce(actor.forceId, (tx) => {
      for (const event of chunk) {
        historyClock.set(event.at)
        history.record(tx, event.actor, event.event)
      }
    })
  }

  // The last reports of the day go through the services, as a person would record them.
  const recent = await recordRecentReports(deps, staff, now, random, personIds.length > 0)
  return { incidents: plan.incidents.length + recent.incidents, crimes: plan.crimes.length + recent.crimes }
}

// ---------------------------------------------------------------------------------------------------------------

interface PlannedIncident {
  row: NewIncidentRow & { incidentNumber: string }
}

interface StatusStep {
  at: Date
  from: CrimeStatus | null
  to: CrimeStatus
  action: CrimeAction | 'record'
  by: Actor
  reason?: string
}

interface PlannedCrime {
  row: NewCrimeRow & {
    crimeReference: string
    status: CrimeStatus
    recordedAt: Date
    offenceGroup: string
    offenceCode: string
  }
  recordedBy: Actor
  changes: StatusStep[]
  outcome?: { seq: number; type: number; summary: string; evidence: Record<string, unknown>; at: Date }
  suspectPersonId?: string | undefined
  cancellation?: {
    cancellationId: string
    code: string
    rationale: string
    aviDescription: string | null
    victimInformed: boolean
    requestedAt: Date
    requestedBy: string
    requestedByName: string
    decision: 'authorised'
    decidedAt: Date
    decidedBy: string
    decidedByName: string
    decidedByRole: string
  }
  transfer?: {
    transferId: string
    receivingForce: string
    reason: string
    requestedAt: Date
    requestedBy: string
    status: 'requested' | 'accepted'
    receivingReference: string | null
    acceptedOn: string | null
    decidedAt: Date | null
    decidedBy: string | null
    decidedByName: string | null
    decidedByRole: string | null
    victimInformed: boolean | null
  }
}

interface PlannedEvent {
  at: Date
  actor: Actor
  event: AuditEventInput
}

interface PlanInput {
  now: Date
  days: number
  crimesPerDay: number
  random: () => number
  groupOf: ReadonlyMap<string, string>
  locationIds: readonly string[]
  staff: Record<'operator' | 'officer' | 'decisionMaker' | 'supervisor' | 'registrar', Actor>
  unitFor: (type: CrimeType) => string | null
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

function planHistory(input: PlanInput): {
  incidents: PlannedIncident[]
  crimes: PlannedCrime[]
  events: PlannedEvent[]
} {
  const { now, random, staff } = input
  const pick = <T>(weighted: ReadonlyArray<readonly [T, number]>): T => {
    const total = weighted.reduce((sum, [, weight]) => sum + weight, 0)
    let roll = random() * total
    for (const [value, weight] of weighted) {
      roll -= weight
      if (roll <= 0) {
        return value
      }
    }
    return weighted.at(-1)![0]
  }
  const exponential = (meanDays: number) => -Math.log(1 - random()) * meanDays * DAY
  const typeWeights = Object.entries(CRIME_TYPE_COUNTS) as Array<[CrimeType, number]>
  const outcomeWeights = Object.entries(OUTCOME_COUNTS)
  const incidents: PlannedIncident[] = []
  const crimes: PlannedCrime[] = []
  const events: PlannedEvent[] = []
  const personIds = input.personIds ?? []
  const start = now.getTime() - input.days * DAY

  /** A time in the day, more in the afternoon and evening than before dawn. */
  const timeOfDay = () => {
    const hour = pick([
      [0, 3],
      [1, 2],
      [2, 2],
      [3, 1],
      [4, 1],
      [5, 1],
      [6, 2],
      [7, 3],
      [8, 4],
      [9, 5],
      [10, 5],
      [11, 5],
      [12, 5],
      [13, 5],
      [14, 6],
      [15, 6],
      [16, 6],
      [17, 6],
      [18, 6],
      [19, 6],
      [20, 6],
      [21, 5],
      [22, 5],
      [23, 4],
    ] as const)
    return (hour + random()) * HOUR
  }

  const newIncident = (
    receivedAt: Date,
    category: string,
    qualifiers: string[],
    crimeRelated: boolean,
  ): PlannedIncident => {
    const incident: PlannedIncident = {
      row: {
        incidentId: newId(),
        incidentNumber: '',
        channel: pick(CHANNEL_WEIGHTS),
        receivedAt,
        locationId:
          input.locationIds.length > 0 && random() < 0.8
            ? input.locationIds[Math.floor(random() * input.locationIds.length)]!
            : null,
        reportingPersonId: null,
        openingCategory: category,
        qualifiers,
        narrative: NARRATIVES[category] ?? 'Call taken; details recorded.',
        crimeRelated,
        rapeReported: qualifiers.includes('rape-or-attempted-rape'),
        createdAt: receivedAt,
        createdBy: staff.operator.name,
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
    incidents.push(incident)
    events.push({
      at: receivedAt,
      actor: staff.operator,
      event: {
        action: 'INCIDENT_LOGGED',
        recordType: 'incident',
        recordId: incident.row.incidentId,
        changes: { channel: incident.row.channel, openingCategory: category, crimeRelated },
      },
    })
    return incident
  }

  const close = (incident: PlannedIncident, at: Date, category: string, rationale: string) => {
    if (at > now) {
      return
    }
    Object.assign(incident.row, {
      status: 'closed',
      closedAt: at,
      closedBy: staff.operator.name,
      closingCategory: category,
      closingRationale: rationale,
      version: 3,
    })
    events.push({
      at,
      actor: staff.operator,
      event: {
        action: 'INCIDENT_CLOSED',
        recordType: 'incident',
        recordId: incident.row.incidentId,
        changes: { closingCategory: category },
        reason: rationale,
      },
    })
  }

  for (let day = 0; day < input.days; day++) {
    const dayStart = start + day * DAY
    const weekday = new Date(dayStart).getUTCDay()
    const seasonal = weekday === 5 || weekday === 6 ? 1.25 : weekday === 0 ? 1.05 : 0.92
    const count = Math.max(0, Math.round(input.crimesPerDay * seasonal * (0.8 + random() * 0.4)))

    for (let n = 0; n < count; n++) {
      const receivedAt = new Date(dayStart + timeOfDay())
      if (receivedAt > now) {
        continue
      }
      const type = pick(typeWeights)
      const code = pick(OFFENCE_CODES_BY_TYPE[type])
      const group = input.groupOf.get(code) ?? ''
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
      const direct = random() < 0.08
      const incident = direct ? undefined : newIncident(receivedAt, category, qualifiers, true)
      // Most are recorded within hours; about 6% miss the 24-hour limit (HMICFRS found 93.7% in Leicestershire).
      const roll = random()
      const delay =
        roll < 0.7
          ? random() * 2 * HOUR
          : roll < 0.9
            ? (2 + random() * 18) * HOUR
            : roll < 0.94
              ? (20 + random() * 4) * HOUR
              : RECORDING_LIMIT_MS + random() * 48 * HOUR
      const recordedAt = new Date(receivedAt.getTime() + delay)
      if (recordedAt > now) {
        // Not recorded yet: the incident waits in the recording-decision-due queue.
        continue
      }
      const recordedBy = random() < 0.6 ? staff.operator : staff.decisionMaker
      const hasVictim = !NO_PERSON_VICTIM.has(code)
      const victimPersonId =
        hasVictim && personIds.length > 0 ? personIds[Math.floor(random() * personIds.length)]! : null
      const offenceFrom = new Date(
        receivedAt.getTime() - random() * (type === 'Burglary' || type === 'Vehicle crime' ? 10 : 2) * HOUR,
      )
      const offenceTo =
        type === 'Burglary' || type === 'Vehicle crime'
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
          recordedBy: recordedBy.name,
          offenceFrom,
          offenceTo,
          locationId: incident?.row.locationId ?? null,
          locationKey: null,
          offenceCode: code,
          offenceCodeVersion: '2017-18',
          offenceGroup: group,
          offenceGroupsEver: [group],
          offenceCodeAtRecording: code,
          victimPersonId,
          victimKey: victimPersonId ? (input.victimKeys?.get(victimPersonId) ?? null) : null,
          summary: '',
          domesticAbuse: domestic,
          hateCrime: hate,
          vulnerableVictim: random() < 0.08,
        },
        recordedBy,
        changes: [{ at: recordedAt, from: null, to: 'recorded', action: 'record', by: recordedBy }],
      }
      crimes.push(crime)
      events.push({
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
        Object.assign(incident.row, {
          recordingDecision: 'crimed',
          recordingDecisionAt: recordedAt,
          recordingDecisionBy: recordedBy.name,
          updatedAt: recordedAt,
          version: 2,
        })
        events.push({
          at: recordedAt,
          actor: recordedBy,
          event: { action: 'INCIDENT_CRIMED', recordType: 'incident', recordId: incident.row.incidentId },
        })
        close(incident, new Date(recordedAt.getTime() + exponential(0.5)), category, 'Crime recorded')
      }
      simulateLifecycle(crime, type, {
        now,
        random,
        exponential,
        pick,
        outcomeWeights,
        staff,
        unitFor: input.unitFor,
        personIds,
        events,
      })
    }

    // Reports that are not crimes: anti-social behaviour at police.uk's rate, and public safety and welfare calls.
    const asb = Math.round(count * ASB_PER_CRIME * (0.7 + random() * 0.6))
    const welfare = Math.round(count * 0.55 * (0.7 + random() * 0.6))
    const notCrimed = random() < 0.6 ? 1 : 0
    const others: Array<readonly [string, boolean]> = [
      ...Array.from(
        { length: asb },
        () =>
          [
            pick([
              ['asb-personal', 3],
              ['asb-nuisance', 6],
              ['asb-environmental', 1],
            ] as const),
            false,
          ] as const,
      ),
      ...Array.from({ length: welfare }, () => [pick(NON_CRIME_CATEGORIES), false] as const),
      ...Array.from({ length: notCrimed }, () => ['crime-related-incident', true] as const),
    ]
    for (const [category, crimeRelated] of others) {
      const receivedAt = new Date(dayStart + timeOfDay())
      if (receivedAt > now) {
        continue
      }
      const incident = newIncident(receivedAt, category, [], crimeRelated)
      const decidedAt = new Date(receivedAt.getTime() + random() * 6 * HOUR)
      if (crimeRelated && decidedAt <= now) {
        const rationale = 'Caller confirms nothing was taken and no one was hurt; no notifiable offence made out.'
        Object.assign(incident.row, {
          recordingDecision: 'not_crimed',
          recordingDecisionAt: decidedAt,
          recordingDecisionBy: staff.decisionMaker.name,
          nonCrimeReason: 'no_notifiable_offence',
          nonCrimeRationale: rationale,
          victimInformed: true,
          version: 2,
        })
        events.push({
          at: decidedAt,
          actor: staff.decisionMaker,
          event: {
            action: 'INCIDENT_NOT_CRIMED',
            recordType: 'incident',
            recordId: incident.row.incidentId,
            reason: rationale,
          },
        })
      }
      if (!crimeRelated || incident.row.recordingDecision) {
        close(
          incident,
          new Date(decidedAt.getTime() + exponential(0.3)),
          category,
          crimeRelated ? 'No crime: see the recording decision' : 'Dealt with',
        )
      }
    }
  }
  return { incidents, crimes, events }
}

interface LifecycleTools {
  now: Date
  random: () => number
  exponential: (meanDays: number) => number
  pick: <T>(weighted: ReadonlyArray<readonly [T, number]>) => T
  outcomeWeights: Array<[string, number]>
  staff: PlanInput['staff']
  unitFor: (type: CrimeType) => string | null
  personIds: readonly string[]
  events: PlannedEvent[]
}

const AUDIT_ACTION = new Map(CRIME_WORKFLOW.map((rule) => [rule.action, rule.audit]))

/** Walks one crime through the workflow table, stopping at whatever it has reached by now. */
function simulateLifecycle(crime: PlannedCrime, type: CrimeType, tools: LifecycleTools): void {
  const { now, random, exponential, staff, events } = tools
  let at = crime.row.recordedAt.getTime()
  let status: CrimeStatus = 'recorded'
  const step = (
    gap: number,
    to: CrimeStatus,
    action: CrimeAction,
    by: Actor,
    reason?: string,
    extra?: Record<string, unknown>,
  ) => {
    const when = at + gap
    if (when > now.getTime()) {
      return false
    }
    at = when
    const change: StatusStep = { at: new Date(at), from: status, to, action, by, ...(reason ? { reason } : {}) }
    crime.changes.push(change)
    events.push({
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
    status = to
    Object.assign(crime.row, { status, statusChangedAt: change.at })
    return true
  }

  if (!step(exponential(0.7), 'awaiting_allocation', 'confirm_classification', staff.decisionMaker)) {
    return
  }
  const removal = random()
  if (removal < 0.02) {
    // Cancelled at the classification check: a duplicate, a mistake, or AVI showing no crime (rule 6).
    const code = removal < 0.008 ? 'C3' : removal < 0.014 ? 'C4' : 'C2'
    const rationale =
      code === 'C3'
        ? 'Duplicate of a crime already recorded for this victim'
        : code === 'C4'
          ? 'Recorded in error'
          : 'Additional verifiable information shows no crime occurred'
    const restricted = crime.row.offenceGroup === 'rape'
    const by = restricted ? staff.registrar : staff.decisionMaker
    if (step(exponential(0.5), 'cancelled', 'cancel', by, rationale, { cancellationCode: code })) {
      crime.cancellation = {
        cancellationId: newId(),
        code,
        rationale,
        aviDescription: code === 'C2' ? 'CCTV reviewed: the property was mislaid, not taken' : null,
        victimInformed: true,
        requestedAt: new Date(at),
        requestedBy: by.id,
        requestedByName: by.name,
        decision: 'authorised',
        decidedAt: new Date(at),
        decidedBy: by.id,
        decidedByName: by.name,
        decidedByRole: restricted ? 'force_crime_registrar' : 'imu_decision_maker',
      }
    }
    return
  }
  if (removal < 0.025) {
    // Committed in another force's area: transferred (C1, rule 7).
    if (
      step(
        exponential(0.5),
        'transfer_requested',
        'request_transfer',
        staff.decisionMaker,
        'Committed in another force area',
      )
    ) {
      const requestedAt = new Date(at)
      const accepted = step(exponential(3), 'transferred', 'accept_transfer', staff.decisionMaker)
      crime.transfer = {
        transferId: newId(),
        receivingForce: random() < 0.5 ? 'Leicestershire Police' : 'Bedfordshire Police',
        reason: 'Committed in another force area',
        requestedAt,
        requestedBy: staff.decisionMaker.id,
        status: accepted ? 'accepted' : 'requested',
        receivingReference: accepted ? `TR/${Math.floor(random() * 90000) + 10000}` : null,
        acceptedOn: accepted ? ukDate(new Date(at)) : null,
        decidedAt: accepted ? new Date(at) : null,
        decidedBy: accepted ? staff.decisionMaker.id : null,
        decidedByName: accepted ? staff.decisionMaker.name : null,
        decidedByRole: accepted ? 'imu_decision_maker' : null,
        victimInformed: accepted ? true : null,
      }
      Object.assign(crime.row, { statusBeforePending: accepted ? null : 'awaiting_allocation' })
    }
    return
  }
  const unit = tools.unitFor(type)
  if (
    !step(exponential(1), 'under_investigation', 'allocate', random() < 0.7 ? staff.decisionMaker : staff.supervisor)
  ) {
    return
  }
  Object.assign(crime.row, { assignedUserId: staff.officer.id, assignedUnitId: unit })

  // The outcome this crime will end with, from police.uk's mix; the investigation's length follows from it.
  const label = tools.pick(tools.outcomeWeights.map(([name, weight]) => [name, weight] as const))
  let outcome = tools.pick(OUTCOME_MAPPING[label] ?? [[COURT_OUTCOME, 1]])
  if (outcome === 21 && (crime.row.domesticAbuse || crime.row.hateCrime)) {
    outcome = 16 // rule 13: outcome 21 is not used for domestic abuse or hate crime
  }
  const needsSuspect = ![14, 18].includes(outcome)
  if (needsSuspect && tools.personIds.length > 0) {
    crime.suspectPersonId = tools.personIds[Math.floor(random() * tools.personIds.length)]
  }
  const investigation =
    outcome === 18 ? 0.5 + exponential(5) / DAY : outcome === 1 ? 15 + exponential(35) / DAY : 5 + exponential(20) / DAY
  const submit = () => {
    if (
      !step(investigation * DAY, 'awaiting_filing', 'submit_for_filing', staff.officer, undefined, {
        outcomeType: outcome,
      })
    ) {
      return false
    }
    crime.outcome = {
      seq: crime.changes.length,
      type: outcome,
      summary:
        outcome === 18
          ? 'Enquiries complete: no CCTV, no witnesses, no forensic opportunities.'
          : 'Investigation complete; outcome as recorded.',
      evidence: {
        ...([14, 16].includes(outcome)
          ? { victimNonSupportStatement: 'Victim signed a statement withdrawing support for a prosecution' }
          : {}),
        ...(outcome === 8 ? { victimConsulted: true, offenderAccepted: true } : {}),
        ...(outcome === 21
          ? { publicInterestRationale: 'Low harm, first offence, victim content', victimNotified: true }
          : {}),
      },
      at: new Date(at),
    }
    Object.assign(crime.row, { outcomeType: outcome, closingSummary: crime.outcome.summary })
    return true
  }
  if (!submit() || !step(exponential(3), 'imu_quality_check', 'start_quality_check', staff.supervisor)) {
    return
  }
  if (random() < 0.05) {
    if (
      !step(
        exponential(1),
        'returned_to_officer',
        'return_to_officer',
        staff.supervisor,
        'Victims’ Code contact not recorded',
      )
    ) {
      return
    }
    if (!submit() || !step(exponential(2), 'imu_quality_check', 'start_quality_check', staff.supervisor)) {
      return
    }
  }
  if (!step(exponential(1), 'filed', 'file', random() < 0.5 ? staff.supervisor : staff.decisionMaker)) {
    return
  }
  Object.assign(crime.row, { offenceCodeAtFiling: crime.row.offenceCode })
  if (
    random() < 0.005 &&
    step(exponential(30), 'under_investigation', 'reopen', staff.decisionMaker, 'New information from the victim')
  ) {
    // Rule 10: the code at filing stays until the crime is filed again.
    Object.assign(crime.row, { reopenedAt: new Date(at), outcomeType: null })
  }
}

/** The last few hours' reports, recorded through the services (people, locations, audit) as in real use. */
async function recordRecentReports(
  deps: CrimesDemoDeps,
  staff: PlanInput['staff'],
  now: Date,
  random: () => number,
  withPeople: boolean,
): Promise<{ incidents: number; crimes: number }> {
  const reports = [
    {
      category: 'crime-theft',
      code: '49',
      narrative: 'Phone taken from a table in a café on the high street.',
      address: 'Abington Street, Northampton',
      postcode: 'NN1 2AJ',
    },
    {
      category: 'crime-burglary',
      code: '28E',
      narrative: 'Back door forced overnight; laptop and jewellery taken.',
      address: 'Wellingborough Road, Northampton',
      postcode: 'NN1 4EY',
    },
    {
      category: 'crime-damage',
      code: '58C',
      narrative: 'Car windscreen smashed in the street.',
      address: 'Kettering Road, Northampton',
      postcode: 'NN1 4AZ',
    },
    {
      category: 'crime-violence',
      code: '105A',
      narrative: 'Caller pushed over outside a pub; no injury.',
      address: 'Bridge Street, Northampton',
      postcode: 'NN1 1NL',
    },
    {
      category: 'crime-theft',
      code: '46',
      narrative: 'Store detains a shoplifter; staff waiting with the suspect.',
      address: 'Gold Street, Northampton',
      postcode: 'NN1 1RA',
    },
  ] as const
  const victims = [
    { givenName: 'Hannah', familyName: 'Okoro' },
    { givenName: 'Liam', familyName: 'Patel' },
    { givenName: 'Grace', familyName: 'Whitfield' },
    { givenName: 'Tomasz', familyName: 'Nowak' },
  ]
  let crimes = 0
  for (const [index, report] of reports.entries()) {
    const receivedAt = new Date(now.getTime() - (index + 1) * 40 * 60_000)
    const offenceFrom = new Date(receivedAt.getTime() - random() * HOUR)
    const incident = {
      sourceSystem: 'DEMO-CAD',
      sourceReference: `CAD-${ukDate(now)}-${index + 1}`,
      channel: index % 2 === 0 ? '999' : '101',
      receivedAt: receivedAt.toISOString(),
      location: { address: report.address, postcode: report.postcode },
      ...(withPeople ? { reportingPerson: victims[index % victims.length]! } : {}),
      openingCategory: report.category,
      narrative: report.narrative,
    }
    if (index >= 3) {
      // Left for the recording decision: the queue has something in it today.
      await deps.services.incidents.intake(staff.operator, incident)
      continue
    }
    await deps.services.crimes.record(staff.operator, {
      incident,
      ...(report.code === '46' ? {} : { victim: victims[index % victims.length]! }),
      offenceCode: report.code,
      offenceFrom: offenceFrom.toISOString(),
    })
    crimes += 1
  }
  return { incidents: reports.length, crimes }
}

// ---------------------------------------------------------------------------------------------------------------

/** A small deterministic generator (mulberry32): every demo database gets the same history. */
function mulberry32(seed: number): () => number {
  let state = seed
  return () => {
    state = (state + 0x6d2b79f5) | 0
    let t = Math.imul(state ^ (state >>> 15), 1 | state)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

function* chunks<T>(items: readonly T[], size: number): Generator<T[]> {
  for (let i = 0; i < items.length; i += size) {
    yield items.slice(i, i + size)
  }
}
