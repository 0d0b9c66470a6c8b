import type { Actor } from '../../platform/auth/actor.ts'
import type { ForceTransaction, TallyDatabase } from '../../platform/db/database.ts'
import { Conflict } from '../../platform/http/errors.ts'
import {
  personFor,
  type IncidentRow,
  type IncidentsService,
  type LocationInput,
  type PersonDetails,
} from '../incidents/index.ts'
import type { PeopleService } from '../people/index.ts'
import type { CrimeReferenceData } from './crimes.reference-data.ts'
import type { CrimesRepository } from './crimes.repository.ts'
import type { RecordCrimeInput } from './crimes.recording.ts'
import { locationKey, overlapsInTimeAndPlace, victimKey } from './crimes.rules.ts'

/** Rule 11: a crime that may already be recorded (same victim, offence group, time and place). */
export class PossibleDuplicate extends Conflict {
  constructor(
    readonly duplicates: Array<{ crimeId: string; crimeReference: string; offenceCode: string; recordedAt: Date }>,
  ) {
    super(
      `This may be a duplicate of ${duplicates.map((d) => d.crimeReference).join(', ')}: the same victim, offence group, time and place. Check, then confirm it is a different crime to record it.`,
      {
        duplicates: duplicates.map((d) => ({
          crimeId: d.crimeId,
          crimeReference: d.crimeReference,
          offenceCode: d.offenceCode,
          recordedAt: d.recordedAt.toISOString(),
        })),
      },
    )
    this.name = 'PossibleDuplicate'
  }
}

/**
 * Rule 11's duplicate warnings: the crimes a proposed recording may duplicate, for the check-your-answers page
 * and for recording itself, which refuses one until the person confirms it is a different crime.
 */
export class CrimeDuplicates {
  constructor(
    private readonly db: TallyDatabase,
    private readonly repository: CrimesRepository,
    private readonly referenceData: CrimeReferenceData,
    private readonly incidents: IncidentsService,
    private readonly people: PeopleService,
  ) {}

  /** Rule 11: crimes the proposed one may duplicate, for the check-your-answers page to warn about. */
  async possibleDuplicates(
    actor: Actor,
    proposed: {
      victim?: PersonDetails | undefined
      offenceCode: string
      offenceFrom: Date
      offenceTo?: Date | undefined
      incidentId?: string | undefined
      location?: LocationInput | undefined
    },
  ) {
    if (!proposed.victim) {
      return []
    }
    return this.db.withForce(actor.forceId, async (tx) => {
      const offence = await this.referenceData.offenceIn(tx, actor, proposed.offenceCode)
      if (!offence) {
        return []
      }
      const incident = proposed.incidentId ? await this.incidents.getIn(tx, proposed.incidentId) : undefined
      const location =
        !proposed.location && incident?.locationId ? await this.people.getLocation(tx, incident.locationId) : undefined
      const victim = personFor(proposed.victim!)
      return this.duplicatesIn(tx, {
        victim,
        victimKey: victimKey(victim),
        offenceGroup: offence.groupCode ?? '',
        offenceFrom: proposed.offenceFrom,
        offenceTo: proposed.offenceTo ?? null,
        locationKey: locationKey(proposed.location ?? location ?? {}),
      })
    })
  }

  /**
   * Rule 11 (HOCR Sections D and C3): live crimes in the same offence group, overlapping in time and place, whose
   * victim is this one as person search finds people — a misspelt name, or no date of birth on one record, still
   * matches; two known dates of birth that differ are two people.
   */
  /** @internal For recording (CrimeRecording.refuseDuplicates). */
  async duplicatesIn(
    tx: ForceTransaction,
    proposed: {
      victim: { givenName: string; familyName: string; dateOfBirth?: string | null | undefined }
      victimKey: string
      offenceGroup: string
      offenceFrom: Date
      offenceTo: Date | null
      locationKey: string | null
    },
  ) {
    const similar = await this.people.similarPeopleIn(tx, proposed.victim)
    const candidates = await this.repository.duplicateCandidatesFor(tx, {
      victimKey: proposed.victimKey,
      victimPersonIds: similar,
      offenceGroup: proposed.offenceGroup,
    })
    return candidates.filter((existing) => overlapsInTimeAndPlace(proposed, existing))
  }

  /** The normalised place of the offence for the duplicate check (rule 11), without a read when it is known. */
  async placeOf(
    tx: ForceTransaction,
    input: RecordCrimeInput,
    incident: IncidentRow | undefined,
    newIncident: boolean,
  ): Promise<string | null> {
    if (input.location) {
      return locationKey(input.location)
    }
    if (newIncident) {
      return locationKey(input.incident?.location ?? {})
    }
    const location = incident?.locationId ? await this.people.getLocation(tx, incident.locationId) : undefined
    return locationKey(location ?? {})
  }
}
