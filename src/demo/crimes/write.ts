import type { Actor } from '../../platform/auth/actor.ts'
import { FixedClock } from '../../platform/clock.ts'
import type { TallyDatabase } from '../../platform/db/database.ts'
import { newId } from '../../platform/ids.ts'
import { AuditTrailRepository, AuditTrailService } from '../../modules/audit-trail/index.ts'
import { CrimesRepository } from '../../modules/crimes/index.ts'
import type { IncidentsService } from '../../modules/incidents/index.ts'
import { chunks } from './random.ts'
import type { PlannedCrime, PlannedEvent, PlannedHistory } from './types.ts'

/** Writes a planned history in bulk: multi-row inserts, each chunk one transaction in the force. */
export class HistoryWriter {
  private readonly repository = new CrimesRepository()

  constructor(
    private readonly db: TallyDatabase,
    private readonly forceId: number,
  ) {}

  async incidents(history: PlannedHistory, incidents: IncidentsService): Promise<void> {
    for (const chunk of chunks(history.incidents, 1000)) {
      const rows = chunk.map((incident) => incident.row)
      await this.db.withForce(this.forceId, (tx) => incidents.insertHistoryIn(tx, rows))
    }
  }

  async crimes(history: PlannedHistory, offenceCodeVersion: string): Promise<void> {
    for (const chunk of chunks(history.crimes, 700)) {
      await this.db.withForce(this.forceId, async (tx) => {
        await this.repository.insertCrimes(
          tx,
          chunk.map((crime) => ({ ...crime.row, version: crime.changes.length })),
        )
        await this.repository.insertClassifications(
          tx,
          chunk.map((crime) => ({
            crimeId: crime.row.crimeId,
            seq: 1,
            offenceCode: crime.row.offenceCode,
            offenceCodeVersion,
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
  }

  async statusChanges(history: PlannedHistory): Promise<void> {
    const rows = history.crimes.flatMap((crime) =>
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
    for (const chunk of chunks(rows, 4000)) {
      await this.db.withForce(this.forceId, (tx) => this.repository.insertStatusChanges(tx, chunk))
    }
  }

  async outcomes(history: PlannedHistory): Promise<void> {
    const rows = history.crimes.flatMap((crime) =>
      crime.outcome && crime.officer
        ? [
            {
              crimeId: crime.row.crimeId,
              seq: crime.outcome.seq,
              outcomeType: crime.outcome.type,
              closingSummary: crime.outcome.summary,
              evidence: JSON.stringify(crime.outcome.evidence),
              recordedAt: crime.outcome.at,
              recordedBy: crime.officer.actor.id,
              recordedByName: crime.officer.actor.name,
              reason: null,
            },
          ]
        : [],
    )
    for (const chunk of chunks(rows, 3000)) {
      await this.db.withForce(this.forceId, (tx) => this.repository.insertOutcomes(tx, chunk))
    }
    await this.db.withForce(this.forceId, async (tx) => {
      for (const crime of history.crimes) {
        if (crime.cancellation) {
          await this.repository.insertCancellation(tx, { crimeId: crime.row.crimeId, ...crime.cancellation })
        }
        if (crime.transfer) {
          await this.repository.insertTransfer(tx, { crimeId: crime.row.crimeId, ...crime.transfer })
        }
      }
    })
  }

  /**
   * Every crime's victim (and, where the outcome names one, its suspect: rule 13) linked as the people service
   * links them, with the PERSON_LINKED event the service would record, at the time of recording or allocation.
   */
  async people(history: PlannedHistory): Promise<void> {
    const links = history.crimes.flatMap((crime) => peopleOf(crime))
    for (const link of links) {
      history.events.push(link.event)
    }
    for (const chunk of chunks(links, 2000)) {
      await this.db.withForce(this.forceId, (tx) =>
        tx
          .insertInto('personInvolvement')
          .values(chunk.map((link) => link.row))
          .onConflict((oc) => oc.columns(['forceId', 'recordType', 'recordId', 'personId', 'role']).doNothing())
          .execute(),
      )
    }
  }

  /** The audit trail of the history, each event stamped at the time it happened. */
  async auditTrail(events: PlannedEvent[], keys: AuditTrailService['keys']): Promise<void> {
    const historyClock = new FixedClock(new Date())
    const history = new AuditTrailService(this.db, new AuditTrailRepository(this.db.kysely), historyClock, keys)
    const ordered = events.sort((a, b) => a.at.getTime() - b.at.getTime())
    for (const chunk of chunks(ordered, 2500)) {
      await this.db.withForce(this.forceId, (tx) => {
        for (const event of chunk) {
          historyClock.set(event.at)
          history.record(tx, event.actor, event.event)
        }
      })
    }
  }
}

function peopleOf(crime: PlannedCrime) {
  const link = (personId: string, role: 'victim' | 'suspect', by: Actor, at: Date) => {
    const involvementId = newId()
    const suspectStatus = role === 'suspect' ? 'interviewed' : null
    return {
      row: {
        involvementId,
        personId,
        recordType: 'crime' as const,
        recordId: crime.row.crimeId,
        role,
        suspectStatus,
        createdAt: at,
        createdBy: by.name,
        updatedAt: at,
        updatedBy: by.name,
      },
      event: {
        at,
        actor: by,
        event: {
          action: 'PERSON_LINKED',
          recordType: 'crime',
          recordId: crime.row.crimeId,
          changes: { involvementId, personId, role, suspectStatus },
        },
      },
    }
  }
  const allocated = crime.changes.find((change) => change.action === 'allocate')
  return [
    ...(crime.row.victimPersonId
      ? [link(crime.row.victimPersonId, 'victim', crime.recordedBy, crime.row.recordedAt)]
      : []),
    ...(crime.suspectPersonId && crime.officer && allocated
      ? [link(crime.suspectPersonId, 'suspect', crime.officer.actor, allocated.at)]
      : []),
  ]
}
