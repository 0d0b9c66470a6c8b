import type { Actor } from '../../platform/auth/actor.ts'
import type { Clock } from '../../platform/clock.ts'
import type { ForceTransaction, TallyDatabase } from '../../platform/db/database.ts'
import { NotFound, ValidationFailed } from '../../platform/http/errors.ts'
import { isUuid, newId } from '../../platform/ids.ts'
import type { AuditTrailService } from '../audit-trail/index.ts'
import type { DisclosureRow, DisclosuresRepository } from './disclosures.repository.ts'
import {
  disclosureRecipient,
  justificationFor,
  type DisclosureInput,
  type JustificationCheck,
  type JustificationGiven,
} from './disclosures.rules.ts'

/** What the disclosures need from the crime records (the crimes module's, wired in deps.ts). */
export interface DisclosureSources {
  /** The crime's reference, or undefined when the force holds no such crime. */
  crimeReference(tx: ForceTransaction, crimeId: string): Promise<string | undefined>
  /** The force's list of reasons (rule 20), the same list asked before a restricted crime is shown. */
  justifications(tx: ForceTransaction): Promise<readonly string[]>
  check: JustificationCheck
}

export type Disclosure = DisclosureRow & { reference: string }

/**
 * Rule 20 (DPA 2018 s.62): each disclosure of a crime record outside the force is recorded with who received it,
 * their organisation, what they received and why, in the disclosures register and the audit trail together.
 */
export class DisclosuresService {
  constructor(
    private readonly db: TallyDatabase,
    private readonly repository: DisclosuresRepository,
    private readonly auditTrail: AuditTrailService,
    private readonly clock: Clock,
    private readonly sources: DisclosureSources,
  ) {}

  /** The force's reasons, for the form. */
  justifications(actor: Actor): Promise<readonly string[]> {
    actor.permissions.require('crimes.disclose')
    return this.db.withForce(actor.forceId, (tx) => this.sources.justifications(tx))
  }

  /** The crime's reference, for pages (404 when the force holds no such crime). */
  async crimeReference(actor: Actor, crimeId: string): Promise<string> {
    actor.permissions.require('crimes.disclose')
    return this.db.withForce(actor.forceId, (tx) => this.referenceOrThrow(tx, crimeId))
  }

  async discloseCrime(actor: Actor, crimeId: string, input: DisclosureInput & JustificationGiven): Promise<Disclosure> {
    actor.permissions.require('crimes.disclose')
    const checked = disclosureRecipient(input)
    const list = await this.justifications(actor)
    const justified = justificationFor('disclosure', input, list, this.sources.check)
    const problems = [
      ...('problems' in checked ? checked.problems : []),
      ...('problem' in justified ? [{ field: 'justification', message: justified.problem }] : []),
    ]
    if (problems.length > 0 || !('recipient' in checked) || !('justification' in justified)) {
      throw new ValidationFailed(problems)
    }
    return this.db.withForce(actor.forceId, async (tx) => {
      const reference = await this.referenceOrThrow(tx, crimeId)
      const row: DisclosureRow = {
        disclosureId: newId(),
        recordType: 'crime',
        recordId: crimeId,
        ...checked.recipient,
        justification: justified.justification,
        disclosedAt: this.clock.now(),
        disclosedById: actor.id,
        disclosedByName: actor.name,
      }
      await this.repository.insert(tx, row)
      this.auditTrail.record(tx, actor, {
        action: 'CRIME_DISCLOSED',
        recordType: 'crime',
        recordId: crimeId,
        changes: { disclosureId: row.disclosureId, reference, ...checked.recipient },
        reason: justified.justification,
      })
      return { ...row, reference }
    })
  }

  /** A crime's disclosures, newest first (the register the audit roles read). */
  async forCrime(actor: Actor, crimeId: string): Promise<{ reference: string; disclosures: DisclosureRow[] }> {
    actor.permissions.require('audit-trail.view')
    return this.db.withForce(actor.forceId, async (tx) => ({
      reference: await this.referenceOrThrow(tx, crimeId),
      disclosures: await this.repository.forRecord(tx, 'crime', crimeId),
    }))
  }

  private async referenceOrThrow(tx: ForceTransaction, crimeId: string): Promise<string> {
    const reference = isUuid(crimeId) ? await this.sources.crimeReference(tx, crimeId) : undefined
    if (reference === undefined) {
      throw new NotFound('There is no such crime')
    }
    return reference
  }
}
