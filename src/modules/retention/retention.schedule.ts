import type { Clock } from '../../platform/clock.ts'
import type { ForceTransaction } from '../../platform/db/database.ts'
import { ukDate } from '../../platform/dates.ts'
import type { CrimeForRetentionReview, CrimeRetention } from '../crimes/index.ts'
import type { PersonForRetentionReview, PersonRetention } from '../people/index.ts'
import type { RetentionRepository, ScheduledRecord } from './retention.repository.ts'
import {
  crimeReviewDate,
  DEFAULT_SCHEDULES,
  personReviewDate,
  scheduledOrReviewed,
  type ReviewDate,
} from './retention.rules.ts'

type StoredRecord = Awaited<ReturnType<RetentionRepository['find']>> & object

/** How many crimes or people one transaction of the schedule run works out. */
export const SCHEDULE_PAGE = 500

/**
 * Works out each crime's and person's retention category and next review date and writes those that changed.
 * A reviewer's date stands, and records disposed of are never touched again.
 */
export class RetentionScheduler {
  constructor(
    private readonly repository: RetentionRepository,
    private readonly crimes: CrimeRetention,
    private readonly people: PersonRetention,
    private readonly clock: Clock,
  ) {}

  /** The force's schedules, Tally's defaults written on its first use (so every force, new ones too, has them). */
  async schedulesIn(tx: ForceTransaction) {
    const rows = await this.repository.schedules(tx)
    if (rows.length >= DEFAULT_SCHEDULES.length) {
      return rows
    }
    await this.repository.insertSchedules(tx, DEFAULT_SCHEDULES, this.clock.now())
    return this.repository.schedules(tx)
  }

  /** One page of crimes after `after`: returns the last crime id seen (null at the end) and how many changed. */
  async crimePage(tx: ForceTransaction, after: string | null): Promise<{ last: string | null; changed: number }> {
    const crimes = await this.crimes.crimesAfter(tx, after, SCHEDULE_PAGE)
    const changed = await this.scheduleCrimesIn(tx, crimes)
    return { last: crimes.length === SCHEDULE_PAGE ? crimes.at(-1)!.crimeId : null, changed }
  }

  async personPage(tx: ForceTransaction, after: string | null): Promise<{ last: string | null; changed: number }> {
    const people = await this.people.peopleAfter(tx, after, SCHEDULE_PAGE)
    const changed = await this.schedulePeopleIn(tx, people)
    return { last: people.length === SCHEDULE_PAGE ? people.at(-1)!.personId : null, changed }
  }

  async scheduleCrimesIn(tx: ForceTransaction, crimes: readonly CrimeForRetentionReview[]): Promise<number> {
    const schedules = await this.schedulesIn(tx)
    const stored = byId(
      await this.repository.findMany(
        tx,
        'crime',
        crimes.map((crime) => crime.crimeId),
      ),
    )
    const changes = crimes.flatMap((crime) => {
      const worked = crimeReviewDate({ ...crime, lastChangedOn: ukDate(crime.statusChangedAt) }, schedules)
      return changedRecord(stored.get(crime.crimeId), {
        recordType: 'crime',
        recordId: crime.crimeId,
        reference: crime.crimeReference,
        sourceVersion: crime.version,
        ...worked,
      })
    })
    await this.repository.upsert(tx, changes, this.clock.now())
    return changes.length
  }

  /** People after their crimes: a person is never reviewed before a crime they are linked to. */
  async schedulePeopleIn(tx: ForceTransaction, people: readonly PersonForRetentionReview[]): Promise<number> {
    const schedules = await this.schedulesIn(tx)
    const personIds = people.map((person) => person.personId)
    const links = await this.people.crimesOf(tx, personIds)
    const crimeIds = [...new Set([...links.values()].flat())]
    let crimeRecords = byId(await this.repository.findMany(tx, 'crime', crimeIds))
    const unscheduled = crimeIds.filter((crimeId) => !crimeRecords.has(crimeId))
    if (unscheduled.length > 0) {
      await this.scheduleCrimesIn(tx, await this.crimes.crimesIn(tx, unscheduled))
      crimeRecords = byId(await this.repository.findMany(tx, 'crime', crimeIds))
    }
    const stored = byId(await this.repository.findMany(tx, 'person', personIds))
    const changes = people.flatMap((person) => {
      const crimes = (links.get(person.personId) ?? []).flatMap((crimeId) => {
        const record = crimeRecords.get(crimeId)
        return record ? [record] : []
      })
      const worked = personReviewDate({ lastChangedOn: ukDate(person.updatedAt) }, crimes, schedules)
      return changedRecord(stored.get(person.personId), {
        recordType: 'person',
        recordId: person.personId,
        reference: personReference(crimes.map((crime) => crime.reference)),
        sourceVersion: person.version,
        ...worked,
      })
    })
    await this.repository.upsert(tx, changes, this.clock.now())
    return changes.length
  }

  /** Makes sure one crime or person has its record (a record looked at before the nightly run reached it). */
  async ensureIn(tx: ForceTransaction, recordType: 'crime' | 'person', recordId: string): Promise<boolean> {
    if (recordType === 'crime') {
      const crimes = await this.crimes.crimesIn(tx, [recordId])
      await this.scheduleCrimesIn(tx, crimes)
      return crimes.length > 0
    }
    const people = await this.people.peopleIn(tx, [recordId])
    await this.schedulePeopleIn(tx, people)
    return people.length > 0
  }
}

function byId<T extends { recordId: string }>(rows: readonly T[]): Map<string, T> {
  return new Map(rows.map((row) => [row.recordId, row]))
}

/** A person's reference in the queue: the crimes they are linked to, never their name. */
function personReference(crimeReferences: readonly string[]): string {
  if (crimeReferences.length === 0) {
    return 'Not linked to a crime'
  }
  const sorted = [...crimeReferences].sort()
  return sorted.length <= 3 ? sorted.join(', ') : `${sorted.slice(0, 3).join(', ')} and ${sorted.length - 3} more`
}

/** The record to write, or nothing when it is disposed of or unchanged. */
function changedRecord(
  stored: StoredRecord | undefined,
  worked: ReviewDate & Omit<ScheduledRecord, keyof ReviewDate>,
): ScheduledRecord[] {
  if (stored?.status === 'disposed') {
    return []
  }
  const nextReviewOn = scheduledOrReviewed(worked.nextReviewOn, stored?.reviewedAt ? stored.nextReviewOn : null)
  const record = { ...worked, nextReviewOn }
  const same =
    stored !== undefined &&
    stored.category === record.category &&
    stored.countsFrom === record.countsFrom &&
    stored.nextReviewOn === record.nextReviewOn &&
    stored.reference === record.reference &&
    stored.sourceVersion === record.sourceVersion
  return same ? [] : [record]
}
