import type { Actor } from '../../platform/auth/actor.ts'
import type { ForceTransaction, TallyDatabase } from '../../platform/db/database.ts'
import { NotFound, ValidationFailed } from '../../platform/http/errors.ts'
import { isUuid } from '../../platform/ids.ts'
import type { AuditEventRow, AuditTrailService } from '../audit-trail/index.ts'
import type { IncidentRow, IncidentsService } from '../incidents/index.ts'
import type { Involvement, Location, PeopleService } from '../people/index.ts'
import type { CrimeReferenceData } from './crimes.reference-data.ts'
import type {
  CancellationRow,
  ClassificationRow,
  CrimeListFilter,
  CrimeRow,
  CrimesRepository,
  N100Row,
  OutcomeRow,
  StatusChangeRow,
  TransferRow,
} from './crimes.repository.ts'
import { isRestricted, recordingClock, viewJustification, type RecordingClock } from './crimes.rules.ts'
import type { CrimeForActions, CrimeVictimCare } from './crimes.service.ts'
import { timelineMentions, type TimelineNames } from './crimes.timeline-text.ts'
import { changesFor } from './crimes.timeline.ts'
import type { CrimeTransition } from './crimes.workflow.ts'

export interface CrimeView {
  crime: CrimeRow
  offence: { code: string; label: string; groupLabel: string | null }
  incident: IncidentRow | undefined
  location: Location | undefined
  people: Involvement[]
  clock: RecordingClock
  classifications: Array<ClassificationRow & { label: string }>
  outcomes: OutcomeRow[]
  cancellations: CancellationRow[]
  transfers: TransferRow[]
  n100s: N100Row[]
  statusChanges: StatusChangeRow[]
  /** Every change to the record; consultations (views, searches) only for those who may read the audit trail. */
  timeline: AuditEventRow[]
  /** The names the timeline shows in place of the offence codes, users and people its events mention. */
  timelineNames: TimelineNames
  assignedUserName: string | null
  actions: CrimeTransition[]
  /** Rule 7: until a transfer is accepted this force keeps the victim-care tasks. */
  victimCareWithThisForce: boolean
}

/**
 * Rule 20: a restricted crime record (ever classified in a restricted group, rape among them) is shown only once
 * the person says why; the page asks with the force's list of reasons.
 */
export class JustificationNeeded extends ValidationFailed {
  constructor(
    message: string,
    readonly reasons: readonly string[],
  ) {
    super([{ field: 'justification', message }])
    this.name = 'JustificationNeeded'
  }
}

/** Why someone is viewing a crime record: one of the force's reasons, or their own typed. */
export interface ViewAccess {
  justification?: string | undefined
  justificationText?: string | undefined
}

/**
 * Reading crimes: the crime page, a crime for another system, lists, and the crimes from one incident. Every
 * read of a crime record is recorded as a view, and a restricted one needs a justification (rule 20).
 */
export class CrimeReads {
  constructor(
    private readonly db: TallyDatabase,
    private readonly repository: CrimesRepository,
    private readonly referenceData: CrimeReferenceData,
    private readonly incidents: IncidentsService,
    private readonly people: PeopleService,
    private readonly auditTrail: AuditTrailService,
    private readonly victimCare: CrimeVictimCare | undefined,
    /** The lifecycle's answer: which actions this person may take on the crime now. */
    private readonly actionsIn: (tx: ForceTransaction, actor: Actor, crime: CrimeRow) => Promise<CrimeTransition[]>,
  ) {}

  /** The crime page: everything about a crime and the actions open to this person. Viewing it is recorded. */
  async view(actor: Actor, crimeId: string, access: ViewAccess = {}): Promise<CrimeView> {
    return this.db.withForce(actor.forceId, async (tx) => {
      const crime = await findCrimeOrThrow(this.repository, tx, crimeId)
      const reason = await this.justificationIn(tx, crime, access)
      const [
        incident,
        location,
        people,
        classifications,
        outcomes,
        cancellations,
        transfers,
        n100s,
        statusChanges,
        timeline,
        actions,
      ] = await Promise.all([
        crime.incidentId ? this.incidents.getIn(tx, crime.incidentId) : undefined,
        crime.locationId ? this.people.getLocation(tx, crime.locationId) : undefined,
        this.people.involvementsFor(tx, 'crime', crime.crimeId),
        this.repository.classifications(tx, crime.crimeId),
        this.repository.outcomes(tx, crime.crimeId),
        this.repository.cancellations(tx, crime.crimeId),
        this.repository.transfers(tx, crime.crimeId),
        this.repository.n100sFor(tx, 'crimeId', crime.crimeId),
        this.repository.statusChanges(tx, crime.crimeId),
        this.auditTrail.forRecord(tx, 'crime', crime.crimeId),
        this.actionsIn(tx, actor, crime),
      ])
      const mentions = timelineMentions(timeline)
      const labels = await this.repository.offenceLabels(tx, [
        ...new Set([crime.offenceCode, ...classifications.map((c) => c.offenceCode), ...mentions.offenceCodes]),
      ])
      const labelOf = (code: string, version: string) =>
        labels.find((l) => l.code === code && l.version === version) ?? labels.find((l) => l.code === code)
      const assignee = crime.assignedUserId ? await this.repository.findUser(tx, crime.assignedUserId) : undefined
      this.auditTrail.record(tx, actor, {
        action: 'CRIME_VIEWED',
        recordType: 'crime',
        recordId: crime.crimeId,
        reason,
      })
      return {
        crime,
        offence: {
          code: crime.offenceCode,
          label: labelOf(crime.offenceCode, crime.offenceCodeVersion)?.label ?? crime.offenceCode,
          groupLabel: labelOf(crime.offenceCode, crime.offenceCodeVersion)?.groupLabel ?? null,
        },
        incident,
        location,
        people,
        clock: recordingClock(crime.reportedAt, crime.recordedAt),
        classifications: classifications.map((c) => ({
          ...c,
          label: labelOf(c.offenceCode, c.offenceCodeVersion)?.label ?? c.offenceCode,
        })),
        outcomes,
        cancellations,
        transfers,
        n100s,
        statusChanges,
        timeline: changesFor(actor, timeline),
        timelineNames: {
          offences: new Map(labels.map((l) => [l.code, l.label])),
          users: await this.userNamesIn(tx, mentions.userIds),
          people: new Map(people.map((p) => [p.personId, p.displayName])),
        },
        assignedUserName: assignee?.displayName ?? null,
        actions,
        // Rule 7: from victim care's tasks (handed over when the receiving force accepted) where it keeps them.
        victimCareWithThisForce:
          crime.status !== 'cancelled' &&
          ((await this.victimCare?.caredForHere(tx, crime.crimeId)) ?? crime.status !== 'transferred'),
      }
    })
  }

  /** A crime for another system; the read is recorded as a view (it is a crime record, rule 20). */
  async get(actor: Actor, crimeId: string, access: ViewAccess = {}): Promise<CrimeRow> {
    return this.db.withForce(actor.forceId, async (tx) => {
      const crime = await findCrimeOrThrow(this.repository, tx, crimeId)
      const reason = await this.justificationIn(tx, crime, access)
      this.auditTrail.record(tx, actor, { action: 'CRIME_VIEWED', recordType: 'crime', recordId: crimeId, reason })
      return crime
    })
  }

  /** The display names of the users a timeline mentions (by id), for it to show names rather than ids. */
  private async userNamesIn(tx: ForceTransaction, userIds: readonly string[]): Promise<Map<string, string>> {
    const users = await Promise.all(userIds.filter(isUuid).map((id) => this.repository.findUser(tx, id)))
    return new Map(users.flatMap((u) => (u ? [[u.userId, u.displayName] as const] : [])))
  }

  /** The reasons the force offers before a restricted crime is shown (rule 20). */
  viewJustifications(actor: Actor): Promise<readonly string[]> {
    return this.db.withForce(actor.forceId, (tx) => this.referenceData.viewJustificationsIn(tx))
  }

  /**
   * Rule 20: the justification for viewing a restricted crime, checked against the force's list (or typed);
   * undefined for an unrestricted crime with none given. A restricted crime without one is a JustificationNeeded.
   */
  private async justificationIn(
    tx: ForceTransaction,
    crime: CrimeRow,
    access: ViewAccess,
  ): Promise<string | undefined> {
    const given = (access.justification ?? '').trim() !== '' || (access.justificationText ?? '').trim() !== ''
    const restricted = isRestricted(groupsOf(crime), await this.referenceData.restrictedGroupsIn(tx))
    if (!restricted && !given) {
      return undefined
    }
    const reasons = await this.referenceData.viewJustificationsIn(tx)
    const result = viewJustification(access, reasons)
    if ('problem' in result) {
      throw new JustificationNeeded(result.problem, reasons)
    }
    return result.justification
  }

  async findByReference(actor: Actor, crimeReference: string): Promise<CrimeRow | undefined> {
    return this.db.withForce(actor.forceId, (tx) => this.repository.findByReference(tx, crimeReference.trim()))
  }

  list(actor: Actor, filter: CrimeListFilter) {
    return this.db.withForce(actor.forceId, async (tx) => {
      const rows = await this.repository.list(tx, filter)
      const labels = await this.repository.offenceLabels(tx, [...new Set(rows.map((row) => row.offenceCode))])
      return rows.map((row) => ({
        ...row,
        offenceLabel: labels.find((l) => l.code === row.offenceCode)?.label ?? row.offenceCode,
      }))
    })
  }

  /** The crimes recorded from one incident (the incident page shows them). */
  forIncident(actor: Actor, incidentId: string) {
    return this.db.withForce(actor.forceId, async (tx) => {
      if (!isUuid(incidentId)) {
        return { crimes: [], n100s: [] }
      }
      const [rows, n100s] = await Promise.all([
        this.repository.forIncident(tx, incidentId),
        this.repository.n100sFor(tx, 'incidentId', incidentId),
      ])
      const labels = await this.repository.offenceLabels(tx, [...new Set(rows.map((row) => row.offenceCode))])
      return {
        crimes: rows.map((row) => ({
          ...row,
          offenceLabel:
            labels.find((l) => l.code === row.offenceCode && l.version === row.offenceCodeVersion)?.label ??
            row.offenceCode,
        })),
        n100s,
      }
    })
  }
}

/** Rule 6: every group the crime has been classified in, its current one included. */
export function groupsOf(crime: CrimeForActions): string[] {
  return [crime.offenceGroup, ...(crime.offenceGroupsEver ?? [])]
}

export async function findCrimeOrThrow(
  repository: CrimesRepository,
  tx: ForceTransaction,
  crimeId: string,
  options: { lock: boolean } = { lock: false },
): Promise<CrimeRow> {
  const crime = !isUuid(crimeId)
    ? undefined
    : options.lock
      ? await repository.findCrimeForUpdate(tx, crimeId)
      : await repository.findCrime(tx, crimeId)
  if (!crime) {
    throw new NotFound('There is no crime with this id in this force')
  }
  return crime
}
