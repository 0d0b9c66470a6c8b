import type { Actor } from '../../platform/auth/actor.ts'
import type { Clock } from '../../platform/clock.ts'
import type { ForceTransaction, TallyDatabase } from '../../platform/db/database.ts'
import { Conflict, NotFound, ValidationFailed } from '../../platform/http/errors.ts'
import { isUuid, newId } from '../../platform/ids.ts'
import type { AuditTrailService } from '../audit-trail/index.ts'
import type { MergedPerson, PersonMergeRepository, PersonMergeRow } from './people.merge.repository.ts'
import { mergeProblems, movedCount, planInvolvements, readMovedLinks, type MovedLinks } from './people.merge.rules.ts'
import { displayName } from './people.rules.ts'

export interface PersonMerge {
  mergeId: string
  surviving: { personId: string; displayName: string }
  duplicate: { personId: string; displayName: string }
  reason: string
  moved: MovedLinks
  linksMoved: number
  mergedAt: Date
  mergedBy: string
  unmergedAt: Date | null
  unmergedBy: string | null
}

/**
 * Merging duplicate person records (a combination under DPA 2018 s.62, DOMAIN.md §9 rule 20). Every link the
 * merge moves is kept with it, and the merge, each record whose person changed, and any unmerge are in the audit
 * trail. Permission people.merge (the IMU) is checked by the routes.
 */
export class PersonMerges {
  constructor(
    private readonly db: TallyDatabase,
    private readonly repository: PersonMergeRepository,
    private readonly auditTrail: AuditTrailService,
    private readonly clock: Clock,
  ) {}

  /** Merges the duplicate into the surviving person: the duplicate's links become the survivor's. */
  async merge(
    actor: Actor,
    survivingPersonId: string,
    input: { duplicatePersonId?: string | undefined; reason?: string | undefined },
  ): Promise<PersonMerge> {
    actor.permissions.require('people.merge')
    const problems = mergeProblems({ survivingPersonId, ...input })
    if (problems.length > 0) {
      throw new ValidationFailed(problems)
    }
    const duplicateId = input.duplicatePersonId!.trim()
    const reason = input.reason!.trim()
    return this.db.withForce(actor.forceId, async (tx) => {
      const { surviving, duplicate } = await this.lockBoth(tx, survivingPersonId, duplicateId)
      for (const person of [surviving, duplicate]) {
        const live = await this.repository.liveMergeOfDuplicate(tx, person.personId)
        if (live) {
          throw new Conflict(
            `${displayName(person)} has already been merged into another record: reverse that merge first`,
          )
        }
      }
      const plan = planInvolvements(
        await this.repository.involvementsOf(tx, duplicate.personId),
        await this.repository.involvementsOf(tx, surviving.personId),
      )
      await this.repository.removeInvolvements(
        tx,
        plan.remove.map((link) => link.involvementId),
      )
      await this.repository.moveInvolvements(
        tx,
        plan.move.map((link) => link.involvementId),
        surviving.personId,
      )
      const moved: MovedLinks = {
        ...(await this.repository.moveLinks(tx, duplicate.personId, surviving.personId)),
        involvementsMoved: plan.move.map(({ involvementId, recordType, recordId, role }) => ({
          involvementId,
          recordType,
          recordId,
          role,
        })),
        involvementsRemoved: plan.remove,
      }
      const row = {
        mergeId: newId(),
        survivingPersonId: surviving.personId,
        duplicatePersonId: duplicate.personId,
        reason,
        moved,
        mergedAt: this.clock.now(),
        mergedBy: actor.name,
      }
      await this.repository.insertMerge(tx, row)
      this.recordInTrail(tx, actor, 'PERSON_MERGED', row, reason, { from: duplicate, to: surviving })
      return toMerge({ ...row, unmergedAt: null, unmergedBy: null }, surviving, duplicate)
    })
  }

  /** Reverses a merge: exactly the links it moved go back to the duplicate, and removed ones are written back. */
  async unmerge(actor: Actor, mergeId: string, input: { reason?: string | undefined }): Promise<PersonMerge> {
    actor.permissions.require('people.merge')
    const reason = (input.reason ?? '').trim()
    if (reason.length < 10 || reason.length > 500) {
      throw ValidationFailed.of('reason', 'Say why the merge is being reversed (10 to 500 characters)')
    }
    return this.db.withForce(actor.forceId, async (tx) => {
      const merge = isUuid(mergeId) ? await this.repository.findMergeForUpdate(tx, mergeId) : undefined
      if (!merge) {
        throw new NotFound('There is no such merge')
      }
      if (merge.unmergedAt !== null) {
        throw new Conflict('This merge has already been reversed')
      }
      const { surviving, duplicate } = await this.lockBoth(tx, merge.survivingPersonId, merge.duplicatePersonId)
      const moved = readMovedLinks(merge.moved)
      await this.repository.moveBack(tx, moved, surviving.personId, duplicate.personId)
      await this.repository.restoreInvolvements(tx, duplicate.personId, moved.involvementsRemoved)
      const at = this.clock.now()
      await this.repository.markUnmerged(tx, mergeId, at, actor.name)
      const row = { ...merge, moved }
      this.recordInTrail(tx, actor, 'PERSON_UNMERGED', row, reason, { from: surviving, to: duplicate })
      return toMerge({ ...row, unmergedAt: at, unmergedBy: actor.name }, surviving, duplicate)
    })
  }

  /** The merges a person was part of, newest first. */
  async mergesOf(actor: Actor, personId: string): Promise<PersonMerge[]> {
    actor.permissions.require('people.merge')
    return this.db.withForce(actor.forceId, async (tx) => {
      const person = isUuid(personId) ? await this.repository.people(tx, [personId]) : []
      if (person.length === 0) {
        throw new NotFound('There is no person with this id')
      }
      const rows = await this.repository.mergesOf(tx, personId)
      const ids = [...new Set(rows.flatMap((row) => [row.survivingPersonId, row.duplicatePersonId]))]
      const people = new Map((await this.peopleIn(tx, ids)).map((person) => [person.personId, person]))
      return rows.map((row) =>
        toMerge(
          { ...row, moved: readMovedLinks(row.moved) },
          people.get(row.survivingPersonId)!,
          people.get(row.duplicatePersonId)!,
        ),
      )
    })
  }

  private async peopleIn(tx: ForceTransaction, ids: readonly string[]): Promise<MergedPerson[]> {
    return ids.length === 0 ? [] : this.repository.people(tx, ids)
  }

  private async lockBoth(tx: ForceTransaction, survivingId: string, duplicateId: string) {
    const found =
      isUuid(survivingId) && isUuid(duplicateId) ? await this.repository.lockPeople(tx, [survivingId, duplicateId]) : []
    const surviving = found.find((person) => person.personId === survivingId)
    const duplicate = found.find((person) => person.personId === duplicateId)
    if (!surviving) {
      throw new NotFound('There is no person with this id')
    }
    if (!duplicate) {
      throw ValidationFailed.of('duplicatePersonId', 'There is no person with that id in this force')
    }
    return { surviving, duplicate }
  }

  /**
   * One event on each person and one on each crime or incident whose person changed, so a search of the audit
   * trail by person or by record finds the merge.
   */
  private recordInTrail(
    tx: ForceTransaction,
    actor: Actor,
    action: 'PERSON_MERGED' | 'PERSON_UNMERGED',
    merge: Omit<PersonMergeRow, 'moved' | 'unmergedAt' | 'unmergedBy'> & { moved: MovedLinks },
    reason: string,
    people: { from: MergedPerson; to: MergedPerson },
  ): void {
    const { moved } = merge
    const summary = {
      mergeId: merge.mergeId,
      survivingPersonId: merge.survivingPersonId,
      duplicatePersonId: merge.duplicatePersonId,
      linksMoved: movedCount(moved),
      moved,
    }
    for (const person of [merge.survivingPersonId, merge.duplicatePersonId]) {
      this.auditTrail.record(tx, actor, { action, recordType: 'person', recordId: person, changes: summary, reason })
    }
    const records = new Map<string, { recordType: string; recordId: string }>()
    const add = (recordType: string, recordId: string) =>
      records.set(`${recordType}:${recordId}`, { recordType, recordId })
    ;[...moved.involvementsMoved, ...moved.involvementsRemoved].forEach((link) => add(link.recordType, link.recordId))
    moved.crimesAsVictim.forEach((id) => add('crime', id))
    moved.incidentsAsReportingPerson.forEach((id) => add('incident', id))
    for (const record of records.values()) {
      this.auditTrail.record(tx, actor, {
        action: action === 'PERSON_MERGED' ? 'PERSON_LINKS_MERGED' : 'PERSON_LINKS_UNMERGED',
        ...record,
        changes: {
          mergeId: merge.mergeId,
          personId: { before: people.from.personId, after: people.to.personId },
        },
        reason,
      })
    }
  }
}

function toMerge(
  row: Omit<PersonMergeRow, 'moved'> & { moved: MovedLinks },
  surviving: MergedPerson,
  duplicate: MergedPerson,
): PersonMerge {
  return {
    mergeId: row.mergeId,
    surviving: { personId: surviving.personId, displayName: displayName(surviving) },
    duplicate: { personId: duplicate.personId, displayName: displayName(duplicate) },
    reason: row.reason,
    moved: row.moved,
    linksMoved: movedCount(row.moved),
    mergedAt: row.mergedAt,
    mergedBy: row.mergedBy,
    unmergedAt: row.unmergedAt,
    unmergedBy: row.unmergedBy,
  }
}
