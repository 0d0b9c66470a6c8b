import type { Actor } from '../../platform/auth/actor.ts'
import type { Clock } from '../../platform/clock.ts'
import type { ForceTransaction, TallyDatabase } from '../../platform/db/database.ts'
import { Conflict, FieldErrors, NotFound } from '../../platform/http/errors.ts'
import { isUuid, newId } from '../../platform/ids.ts'
import type { AuditTrailService } from '../audit-trail/index.ts'
import type { IncidentRow } from '../incidents/index.ts'
import { Detector, train, type Assessment, type ModelWeights } from './integrity.detector.ts'
import type { FindingRow, IntegrityRepository, NonCrimeReviewRow, ScanIncident } from './integrity.repository.ts'

/** What a reviewer decides about a finding (the detector's review queue). */
export const VERDICTS = {
  crime_recorded: 'Crime recorded now',
  not_a_crime: 'Not a crime',
  recorded_elsewhere: 'Already recorded elsewhere',
} as const
export type Verdict = keyof typeof VERDICTS

export interface VerdictInput {
  expectedVersion: number
  verdict: string
  note?: string | undefined
  crimeReference?: string | undefined
}

export interface NonCrimeReviewInput {
  expectedVersion: number
  decision: string
  note?: string | undefined
}

/** What sending a decision back does to the incident (the incidents service's; deps.ts passes it in). */
export type SendBack = (tx: ForceTransaction, actor: Actor, incidentId: string, reason: string) => Promise<unknown>

const SCAN_PAGE = 500
/** The most recent verdicts a force's model learns from; older ones have already shaped the weights kept. */
const TRAINING_LIMIT = 2000

/**
 * Crime-data integrity, the part that looks for crimes nobody recorded: the IMU's non-crime audit queue (rule 4)
 * and the uncrimed-incident detector with its review queue, learning from each force's verdicts.
 */
export class IntegrityService {
  constructor(
    private readonly db: TallyDatabase,
    private readonly repository: IntegrityRepository,
    private readonly auditTrail: AuditTrailService,
    private readonly clock: Clock,
    private readonly sendBack: SendBack,
  ) {}

  // --- The IMU non-crime audit queue (rule 4) -------------------------------------------------------------------

  /** Rule 4: a crime-related incident closed on a decision not to record a crime joins the audit queue. */
  async queueNonCrimeClosureIn(tx: ForceTransaction, actor: Actor, incident: IncidentRow): Promise<void> {
    const reviewId = newId()
    await this.repository.queueNonCrimeClosure(tx, {
      reviewId,
      incidentId: incident.incidentId,
      incidentNumber: incident.incidentNumber,
      closedAt: incident.closedAt ?? this.clock.now(),
      closedBy: incident.closedBy ?? actor.name,
      nonCrimeReason: incident.nonCrimeReason ?? '',
      nonCrimeRationale: incident.nonCrimeRationale ?? '',
      victimInformed: incident.victimInformed,
    })
    this.auditTrail.record(tx, actor, {
      action: 'NON_CRIME_CLOSURE_QUEUED',
      recordType: 'incident',
      recordId: incident.incidentId,
      changes: { reviewId: { before: null, after: reviewId } },
    })
  }

  nonCrimeQueue(actor: Actor, status: 'awaiting' | 'reviewed'): Promise<NonCrimeReviewRow[]> {
    actor.permissions.require('integrity.view')
    return this.db.withForce(actor.forceId, (tx) => this.repository.nonCrimeReviews(tx, status))
  }

  async nonCrimeReview(actor: Actor, reviewId: string): Promise<NonCrimeReviewRow> {
    actor.permissions.require('integrity.view')
    return this.db.withForce(actor.forceId, async (tx) => {
      const review = isUuid(reviewId) ? await this.repository.nonCrimeReview(tx, reviewId) : undefined
      if (!review) {
        throw new NotFound('There is no non-crime closure with this id in this force')
      }
      this.auditTrail.record(tx, actor, {
        action: 'NON_CRIME_CLOSURE_VIEWED',
        recordType: 'incident',
        recordId: review.incidentId,
      })
      return review
    })
  }

  /**
   * A decision maker or the registrar agrees with a non-crime closure, or sends it back (with a reason): the
   * incident reopens with no recording decision, so it is decided again. Audited either way.
   */
  async reviewNonCrime(actor: Actor, reviewId: string, input: NonCrimeReviewInput): Promise<NonCrimeReviewRow> {
    actor.permissions.require('integrity.review')
    const note = (input.note ?? '').trim()
    new FieldErrors()
      .check(input.decision === 'agree' || input.decision === 'send_back', 'decision', 'Choose agree or send back')
      .check(input.decision !== 'send_back' || note !== '', 'note', 'Enter why the decision is being sent back')
      .throwIfAny()
    return this.db.withForce(actor.forceId, async (tx) => {
      const review = isUuid(reviewId) ? await this.repository.nonCrimeReview(tx, reviewId) : undefined
      if (!review) {
        throw new NotFound('There is no non-crime closure with this id in this force')
      }
      const status = input.decision === 'agree' ? ('agreed' as const) : ('sent_back' as const)
      const after = await this.repository.decideNonCrimeReview(tx, reviewId, input.expectedVersion, {
        status,
        reviewedAt: this.clock.now(),
        reviewedBy: actor.name,
        reviewNote: note || null,
      })
      if (!after) {
        throw new Conflict(`The closure of incident ${review.incidentNumber} has already been reviewed or changed`)
      }
      if (status === 'sent_back') {
        await this.sendBack(tx, actor, review.incidentId, `Sent back by the IMU non-crime audit: ${note}`)
      }
      this.auditTrail.record(tx, actor, {
        action: status === 'agreed' ? 'NON_CRIME_CLOSURE_AGREED' : 'NON_CRIME_CLOSURE_SENT_BACK',
        recordType: 'incident',
        recordId: review.incidentId,
        changes: { reviewStatus: { before: 'awaiting', after: status } },
        reason: note || undefined,
      })
      return after
    })
  }

  // --- The uncrimed-incident detector ---------------------------------------------------------------------------

  /** The force's detector: the shipped lexicon plus what its verdicts taught it. */
  private async detectorIn(tx: ForceTransaction): Promise<Detector> {
    const model = await this.repository.model(tx)
    return new Detector(model ? { bias: model.bias, weights: model.weights } : undefined)
  }

  /** Scores texts with the actor's force's model (the assess API, `tally integrity scan --model`). */
  detectorFor(actor: Actor): Promise<Detector> {
    actor.permissions.require('integrity.view')
    return this.db.withForce(actor.forceId, (tx) => this.detectorIn(tx))
  }

  /** Runs when an incident closes (the incidents module's hook): a finding if it reads as an unrecorded crime. */
  async scanIncidentIn(tx: ForceTransaction, incidentId: string): Promise<Assessment | undefined> {
    const incident = await this.repository.incidentForScan(tx, incidentId)
    if (!incident) {
      return undefined
    }
    return this.scanOne(tx, await this.detectorIn(tx), incident)
  }

  /** Scans closed incidents with no crime (all, or those closed since `since`); returns how many it read and flagged. */
  async scanHistory(actor: Actor, since?: Date): Promise<{ scanned: number; flagged: number }> {
    actor.permissions.require('integrity.scan')
    const totals = { scanned: 0, flagged: 0 }
    let afterId: string | undefined
    for (;;) {
      const page = await this.db.withForce(actor.forceId, async (tx) => {
        const detector = await this.detectorIn(tx)
        const incidents = await this.repository.closedWithoutCrime(tx, { since, afterId, limit: SCAN_PAGE })
        for (const incident of incidents) {
          totals.scanned++
          if ((await this.scanOne(tx, detector, incident)).crimeIndicative) {
            totals.flagged++
          }
        }
        if (incidents.length > 0) {
          this.auditTrail.record(tx, actor, {
            action: 'INTEGRITY_SCAN_RUN',
            recordType: 'integrity',
            recordId: actor.forceId.toString(),
            changes: { scanned: { before: null, after: incidents.length } },
          })
        }
        return incidents
      })
      if (page.length < SCAN_PAGE) {
        return totals
      }
      afterId = page[page.length - 1]!.incidentId
    }
  }

  private async scanOne(tx: ForceTransaction, detector: Detector, incident: ScanIncident): Promise<Assessment> {
    const assessment = detector.assess(incident.narrative, incident.closingCategory ?? incident.openingCategory)
    if (assessment.crimeIndicative) {
      await this.repository.upsertFinding(tx, {
        findingId: newId(),
        incidentId: incident.incidentId,
        incidentNumber: incident.incidentNumber,
        foundAt: this.clock.now(),
        score: assessment.score,
        offenceGroup: assessment.offenceGroup,
        reasons: JSON.stringify(assessment.reasons),
      })
    }
    return assessment
  }

  findings(actor: Actor, status: 'open' | 'reviewed'): Promise<FindingRow[]> {
    actor.permissions.require('integrity.view')
    return this.db.withForce(actor.forceId, (tx) => this.repository.findings(tx, status))
  }

  /** A finding with the crimes already recorded from its incident (for a "crime recorded now" verdict). */
  async finding(actor: Actor, findingId: string) {
    actor.permissions.require('integrity.view')
    return this.db.withForce(actor.forceId, async (tx) => {
      const finding = isUuid(findingId) ? await this.repository.finding(tx, findingId) : undefined
      if (!finding) {
        throw new NotFound('There is no detector finding with this id in this force')
      }
      const crimes = await this.repository.crimesForIncident(tx, finding.incidentId)
      this.auditTrail.record(tx, actor, {
        action: 'INTEGRITY_FINDING_VIEWED',
        recordType: 'incident',
        recordId: finding.incidentId,
      })
      return { finding, crimes }
    })
  }

  /**
   * A reviewer's verdict on a finding: crime recorded now (linked to the crime recorded from the incident), not a
   * crime (with the rationale), or already recorded elsewhere. The force's model then relearns from its verdicts.
   */
  async recordVerdict(actor: Actor, findingId: string, input: VerdictInput): Promise<FindingRow> {
    actor.permissions.require('integrity.review')
    const note = (input.note ?? '').trim()
    const reference = (input.crimeReference ?? '').trim()
    new FieldErrors()
      .check(Object.hasOwn(VERDICTS, input.verdict), 'verdict', 'Choose the verdict')
      .check(input.verdict !== 'not_a_crime' || note !== '', 'note', 'Enter why this is not a crime')
      .check(
        input.verdict !== 'crime_recorded' || reference !== '',
        'crimeReference',
        'Enter the reference of the crime recorded from this incident',
      )
      .throwIfAny()
    return this.db.withForce(actor.forceId, async (tx) => {
      const finding = isUuid(findingId) ? await this.repository.finding(tx, findingId) : undefined
      if (!finding) {
        throw new NotFound('There is no detector finding with this id in this force')
      }
      const crime =
        input.verdict === 'crime_recorded'
          ? await this.repository.crimeForIncident(tx, finding.incidentId, reference)
          : undefined
      new FieldErrors()
        .check(
          input.verdict !== 'crime_recorded' || crime !== undefined,
          'crimeReference',
          `No crime ${reference} was recorded from incident ${finding.incidentNumber}: record it from the incident first`,
        )
        .throwIfAny()
      const after = await this.repository.recordVerdict(tx, findingId, input.expectedVersion, {
        status: input.verdict as Verdict,
        verdictNote: note || null,
        crimeId: crime?.crimeId ?? null,
        crimeReference: crime?.crimeReference ?? null,
        verdictBy: actor.name,
        verdictAt: this.clock.now(),
      })
      if (!after) {
        throw new Conflict(`The finding on incident ${finding.incidentNumber} already has a verdict or has changed`)
      }
      this.auditTrail.record(tx, actor, {
        action: 'INTEGRITY_FINDING_VERDICT',
        recordType: 'incident',
        recordId: finding.incidentId,
        changes: {
          verdict: { before: null, after: input.verdict },
          crimeReference: { before: null, after: crime?.crimeReference ?? null },
        },
        reason: note || undefined,
      })
      await this.learnIn(tx)
      return after
    })
  }

  /** Retrains the force's model from its verdicts (a crime, recorded now or elsewhere, or not a crime). */
  private async learnIn(tx: ForceTransaction): Promise<ModelWeights> {
    const reviewed = (await this.repository.reviewedForTraining(tx)).slice(-TRAINING_LIMIT)
    const model = train(
      reviewed.map((row) => ({
        text: row.narrative,
        category: row.closingCategory ?? row.openingCategory,
        crime: row.status !== 'not_a_crime',
      })),
    )
    await this.repository.saveModel(tx, { ...model, examples: reviewed.length, trainedAt: this.clock.now() })
    return model
  }
}
