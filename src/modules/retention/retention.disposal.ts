import type { Actor } from '../../platform/auth/actor.ts'
import type { ForceTransaction } from '../../platform/db/database.ts'
import { ValidationFailed } from '../../platform/http/errors.ts'
import type { AuditTrailService } from '../audit-trail/index.ts'
import type { CrimeRetention } from '../crimes/index.ts'
import type { IncidentRetention } from '../incidents/index.ts'
import type { PersonRetention } from '../people/index.ts'
import type { VictimCareRetention } from '../victims/index.ts'
import type { RetentionRepository } from './retention.repository.ts'
import type { RetentionScheduler } from './retention.schedule.ts'

/** What a disposal removed, by category of data (never the data itself): the audit trail records this. */
export interface DisposalSummary {
  removed: string[]
  peopleRemoved: number
  /** People linked to another crime still retained: their personal data stays until that crime is reviewed. */
  peopleKept: number
}

export interface DisposalParts {
  crimes: CrimeRetention
  people: PersonRetention
  victims: VictimCareRetention
  incidents: IncidentRetention
}

/**
 * Disposal (rule 21): removes personal data and keeps the counting record — crime reference, offence code, dates,
 * outcome and status — so figures do not change. Runs in the review's transaction: all of it or none.
 *
 * A person linked to another crime still retained is not disposed of with this crime: their data is needed for
 * that crime, so it stays (counted in `peopleKept`) and their own review follows that crime's. Disposing of
 * such a person directly is refused, naming the crimes.
 */
export class Disposal {
  constructor(
    private readonly repository: RetentionRepository,
    private readonly scheduler: RetentionScheduler,
    private readonly parts: DisposalParts,
    private readonly auditTrail: AuditTrailService,
  ) {}

  async crimeIn(tx: ForceTransaction, actor: Actor, crimeId: string, now: Date): Promise<DisposalSummary> {
    const [crime] = await this.parts.crimes.crimesIn(tx, [crimeId])
    if (!crime) {
      throw new Error(`There is no crime ${crimeId}`)
    }
    const removed = ['crime narrative and reasons']
    await this.parts.crimes.eraseNarrative(tx, crimeId)
    if ((await this.parts.victims.eraseForCrime(tx, crimeId)) > 0) {
      removed.push('victim care notes and contact summaries')
    }
    const shared = await this.parts.crimes.sharedWith(tx, crime)
    if (crime.incidentId && !shared.incidentShared) {
      await this.parts.incidents.eraseNarrative(tx, crime.incidentId)
      removed.push('incident narrative')
    }
    if (crime.locationId && !shared.locationShared) {
      await this.parts.people.eraseAddress(tx, crime.locationId)
      removed.push('address')
    }
    let peopleRemoved = 0
    let peopleKept = 0
    const personIds = await this.parts.people.peopleInCrime(tx, crimeId)
    // Each person has a retention record to mark disposed of, even one the nightly run has not reached yet.
    await this.scheduler.schedulePeopleIn(tx, await this.parts.people.peopleIn(tx, personIds))
    const links = await this.parts.people.crimesOf(tx, personIds)
    for (const personId of personIds) {
      const others = (links.get(personId) ?? []).filter((other) => other !== crimeId)
      if ((await this.repository.retainedCrimes(tx, others)).length > 0) {
        peopleKept++
        continue
      }
      await this.personDataIn(tx, actor, personId, now, `disposed of with crime ${crime.crimeReference}`)
      peopleRemoved++
    }
    if (peopleRemoved > 0) {
      removed.push('names, aliases and dates of birth of people linked only to this crime')
    }
    return { removed, peopleRemoved, peopleKept }
  }

  /** A person disposed of on their own review: refused while a crime they are linked to is still retained. */
  async personIn(tx: ForceTransaction, actor: Actor, personId: string, now: Date): Promise<DisposalSummary> {
    const crimeIds = (await this.parts.people.crimesOf(tx, [personId])).get(personId) ?? []
    const retained = await this.repository.retainedCrimes(tx, crimeIds)
    if (retained.length > 0) {
      const references = (await this.parts.crimes.crimesIn(tx, retained)).map((crime) => crime.crimeReference).sort()
      throw ValidationFailed.of(
        'decision',
        `This person cannot be disposed of: they are linked to ${references.length === 1 ? 'a crime' : 'crimes'} still retained (${references.join(', ')}). Retain them, or review ${references.length === 1 ? 'that crime' : 'those crimes'} first`,
      )
    }
    await this.personDataIn(tx, actor, personId, now, null)
    return { removed: ['names, aliases and dates of birth', 'assessments'], peopleRemoved: 1, peopleKept: 0 }
  }

  private async personDataIn(
    tx: ForceTransaction,
    actor: Actor,
    personId: string,
    now: Date,
    withCrime: string | null,
  ): Promise<void> {
    const { assessments } = await this.parts.people.erasePerson(tx, personId, now, actor.name)
    if (withCrime !== null) {
      await this.repository.markDisposed(tx, 'person', personId, now)
    }
    // DPA 2018 s.62: erasure is logged — which kinds of data went, never the data itself.
    this.auditTrail.record(tx, actor, {
      action: 'PERSONAL_DATA_ERASED',
      recordType: 'person',
      recordId: personId,
      changes: {
        removed: ['names', 'aliases', 'date of birth', 'search keys', ...(assessments > 0 ? ['assessments'] : [])],
        ...(withCrime === null ? {} : { why: withCrime }),
      },
    })
  }
}
