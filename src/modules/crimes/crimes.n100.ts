import type { Actor } from '../../platform/auth/actor.ts'
import type { Clock } from '../../platform/clock.ts'
import type { ForceTransaction, TallyDatabase } from '../../platform/db/database.ts'
import { Conflict, FieldErrors, Forbidden, NotFound } from '../../platform/http/errors.ts'
import { isUuid, newId } from '../../platform/ids.ts'
import type { AuditTrailService } from '../audit-trail/index.ts'
import { NON_CRIME_REASONS, type IncidentRow, type IncidentsService } from '../incidents/index.ts'
import type { CrimeReferenceData } from './crimes.reference-data.ts'
import type { CrimeRow, CrimesRepository, N100Row } from './crimes.repository.ts'
import { isRape, type OffenceListRules } from './crimes.rules.ts'
import { changesFor } from './crimes.timeline.ts'

/**
 * N100s (DOMAIN.md rule 8): a report of rape not recorded as rape raises one, recorded as rape converts the
 * incident's open one, and the IMU converts or closes each with a rationale. CrimesService is the way in for
 * other modules; recording and the crime actions raise them in their own transactions.
 */
export class CrimeN100s {
  constructor(
    private readonly db: TallyDatabase,
    private readonly repository: CrimesRepository,
    private readonly referenceData: CrimeReferenceData,
    private readonly incidents: IncidentsService,
    private readonly auditTrail: AuditTrailService,
    private readonly clock: Clock,
  ) {}

  listN100s(actor: Actor, status: 'open' | 'converted' | 'closed' | undefined) {
    this.assertMay(actor, 'n100.manage')
    return this.db.withForce(actor.forceId, (tx) => this.repository.listN100s(tx, status, 200))
  }

  async viewN100(actor: Actor, n100Id: string) {
    this.assertMay(actor, 'n100.manage')
    return this.db.withForce(actor.forceId, async (tx) => {
      const n100 = isUuid(n100Id) ? await this.repository.findN100(tx, n100Id) : undefined
      if (!n100) {
        throw new NotFound('There is no N100 with this id in this force')
      }
      const [incident, crime, converted, timeline] = await Promise.all([
        n100.incidentId ? this.incidents.getIn(tx, n100.incidentId) : undefined,
        n100.crimeId ? this.repository.findCrime(tx, n100.crimeId) : undefined,
        n100.convertedCrimeId ? this.repository.findCrime(tx, n100.convertedCrimeId) : undefined,
        this.auditTrail.forRecord(tx, 'n100', n100Id),
      ])
      this.auditTrail.record(tx, actor, { action: 'N100_VIEWED', recordType: 'n100', recordId: n100Id })
      return { n100, incident, crime, converted, timeline: changesFor(actor, timeline) }
    })
  }

  /** An N100 raised by hand (for a report that reached the IMU some other way). */
  async raiseN100(
    actor: Actor,
    input: { incidentId?: string | undefined; crimeReference?: string | undefined; reason: string },
  ): Promise<string> {
    this.assertMay(actor, 'n100.manage')
    return this.db.withForce(actor.forceId, async (tx) => {
      const errors = new FieldErrors().check(
        input.reason.trim() !== '',
        'reason',
        'Enter why the report is not recorded as rape',
      )
      const incident = input.incidentId ? await this.incidents.getIn(tx, input.incidentId) : undefined
      const crime = input.crimeReference
        ? await this.repository.findByReference(tx, input.crimeReference.trim())
        : undefined
      if (input.incidentId && !incident) {
        errors.add('incidentId', 'There is no incident with this id in this force')
      }
      if (input.crimeReference && !crime) {
        errors.add('crimeReference', 'There is no crime with this reference in this force')
      }
      if (!input.incidentId && !input.crimeReference) {
        errors.add('incidentId', 'Give the incident or the crime the report of rape came in')
      }
      errors.throwIfAny()
      return this.raiseN100In(tx, actor, {
        incidentId: incident?.incidentId ?? crime?.incidentId ?? null,
        crimeId: crime?.crimeId ?? null,
        reason: input.reason.trim(),
      })
    })
  }

  /**
   * Rule 8: an N100 ends converted to a crime of rape, or closed with a rationale. The crime of rape is the one
   * recorded from the N100's own incident (or its crime, reclassified back as rape); one recorded some other way
   * (a direct report of the same rape later) needs the rationale to say why it is the same report.
   */
  async resolveN100(
    actor: Actor,
    n100Id: string,
    input: {
      expectedVersion: number
      outcome: 'converted' | 'closed'
      crimeReference?: string | undefined
      rationale?: string | undefined
    },
  ): Promise<N100Row> {
    this.assertMay(actor, 'n100.manage')
    return this.db.withForce(actor.forceId, async (tx) => {
      const n100 = isUuid(n100Id) ? await this.repository.findN100(tx, n100Id) : undefined
      if (!n100) {
        throw new NotFound('There is no N100 with this id in this force')
      }
      if (n100.status !== 'open') {
        throw new Conflict(`This N100 is already ${n100.status}`)
      }
      const errors = new FieldErrors()
      const rationale = (input.rationale ?? '').trim()
      let convertedCrimeId: string | null = null
      if (input.outcome === 'converted') {
        const crime = input.crimeReference
          ? await this.repository.findByReference(tx, input.crimeReference.trim())
          : undefined
        if (!crime) {
          errors.add('crimeReference', 'Enter the reference of the crime of rape this report was recorded as')
        } else if (!isRape(crime.offenceGroup, await this.referenceData.listRulesIn(tx, crime.offenceCodeVersion))) {
          errors.add('crimeReference', `${crime.crimeReference} is not recorded as rape (it is ${crime.offenceCode})`)
        } else if (!fromSameReport(n100, crime) && rationale === '') {
          errors.add(
            'rationale',
            `${crime.crimeReference} was not recorded from this N100’s incident or crime: say why it is the same report of rape`,
          )
        } else {
          convertedCrimeId = crime.crimeId
        }
      } else if (rationale === '') {
        errors.add('rationale', 'Enter why the N100 can be closed without a crime of rape')
      }
      errors.throwIfAny()
      const after = await this.repository.updateN100(tx, n100Id, input.expectedVersion, {
        status: input.outcome,
        convertedCrimeId,
        // Closed: why without a crime of rape. Converted: why a crime recorded some other way is this report.
        closureRationale: rationale || null,
        resolvedAt: this.clock.now(),
        resolvedBy: actor.name,
      })
      if (!after) {
        throw new Conflict('This N100 was changed by someone else; reload it and try again')
      }
      this.auditTrail.record(tx, actor, {
        action: input.outcome === 'converted' ? 'N100_CONVERTED' : 'N100_CLOSED',
        recordType: 'n100',
        recordId: n100Id,
        changes: { status: { before: 'open', after: input.outcome }, convertedCrimeId },
        reason: rationale || undefined,
      })
      return after
    })
  }

  /**
   * Rule 8: a report of rape recorded as rape converts its incident's open N100; recorded as anything else, it
   * raises one with the reason.
   */
  /** @internal For recording (CrimesService.writeCrime). */
  async n100ForRapeReportIn(
    tx: ForceTransaction,
    actor: Actor,
    report: {
      incidentId: string | null
      crimeId: string
      offenceGroup: string
      reason: string | undefined
      listRules: OffenceListRules
    },
  ): Promise<void> {
    if (!isRape(report.offenceGroup, report.listRules)) {
      await this.raiseN100In(tx, actor, {
        incidentId: report.incidentId,
        crimeId: report.crimeId,
        reason: (report.reason ?? '').trim(),
      })
      return
    }
    const open = report.incidentId ? await this.repository.openN100ForIncident(tx, report.incidentId) : undefined
    if (open) {
      await this.repository.updateN100(tx, open.n100Id, open.version, {
        status: 'converted',
        convertedCrimeId: report.crimeId,
        resolvedAt: this.clock.now(),
        resolvedBy: actor.name,
      })
      this.auditTrail.record(tx, actor, {
        action: 'N100_CONVERTED',
        recordType: 'n100',
        recordId: open.n100Id,
        changes: { status: { before: 'open', after: 'converted' }, convertedCrimeId: report.crimeId },
      })
    }
  }

  /** @internal For recording, the non-crime decision and the crime actions (crimes.actions.ts). */
  async raiseN100In(
    tx: ForceTransaction,
    actor: Actor,
    input: { incidentId: string | null; crimeId: string | null; reason: string },
  ): Promise<string> {
    const n100Id = newId()
    await this.repository.insertN100s(tx, [
      { n100Id, ...input, createdAt: this.clock.now(), createdBy: actor.id, createdByName: actor.name },
    ])
    this.auditTrail.record(tx, actor, {
      action: 'N100_RAISED',
      recordType: 'n100',
      recordId: n100Id,
      changes: { incidentId: input.incidentId, crimeId: input.crimeId },
      reason: input.reason,
    })
    return n100Id
  }

  /**
   * Rule 8, for the incidents module's hook: rape or attempted rape was added to an incident after its recording
   * decision, so the report of rape was not immediately recorded as rape. Raises an N100 in the incident's
   * transaction, unless one is open already or a crime of rape was recorded from the incident.
   */
  async n100ForLateRapeReportIn(tx: ForceTransaction, actor: Actor, incident: IncidentRow): Promise<void> {
    if (await this.repository.openN100ForIncident(tx, incident.incidentId)) {
      return
    }
    const crimes = (await this.repository.forIncident(tx, incident.incidentId)).filter(
      (crime) => crime.status !== 'cancelled' && crime.status !== 'transferred',
    )
    for (const crime of crimes) {
      if (isRape(crime.offenceGroup, await this.referenceData.listRulesIn(tx, crime.offenceCodeVersion))) {
        return
      }
    }
    const decision =
      incident.recordingDecision === 'not_crimed'
        ? `no crime recorded (${NON_CRIME_REASONS[incident.nonCrimeReason as keyof typeof NON_CRIME_REASONS] ?? incident.nonCrimeReason}: ${incident.nonCrimeRationale ?? ''})`
        : `recorded as ${crimes.map((crime) => `${crime.crimeReference} (${crime.offenceCode})`).join(', ') || 'crimes since cancelled'}`
    await this.raiseN100In(tx, actor, {
      incidentId: incident.incidentId,
      crimeId: crimes[0]?.crimeId ?? null,
      reason: `Rape or attempted rape reported on incident ${incident.incidentNumber} after the recording decision: ${decision}`,
    })
  }

  private assertMay(actor: Actor, permission: 'n100.manage'): void {
    if (!actor.permissions.can(permission)) {
      throw new Forbidden()
    }
  }
}

/** Whether an N100's report is the one a crime was recorded from: its incident, or its own crime. */
function fromSameReport(n100: N100Row, crime: CrimeRow): boolean {
  return (
    (n100.incidentId !== null && crime.incidentId === n100.incidentId) ||
    (n100.crimeId !== null && crime.crimeId === n100.crimeId)
  )
}
