/**
 * The force's own month as police.uk publishes it (rule 25), built from its crimes, outcomes and ASB incidents:
 * crime type from the versioned mapping, outcome strings from the §7.3 table, Crime ID hashed, each place snapped
 * to the nearest anonymous map point. Pure given its inputs; the service reads them and audits the disclosure.
 */
import { stringify } from 'csv-stringify/sync'
import type { PublishableCrime, PublishableOutcome } from '../crimes/index.ts'
import {
  ASB,
  crimeTypeFor,
  nearestPoint,
  outcomeCategoryFor,
  OUTCOMES_HEADER,
  policeUkCrimeId,
  publishedPlace,
  STREET_HEADER,
  type CrimeType,
  type CrimeTypeMapping,
  type MapPoint,
  type PublishedPlace,
} from './open-data.rules.ts'

export interface ExportInputs {
  month: string
  force: { code: string; name: string }
  mapping: readonly CrimeTypeMapping[]
  crimes: readonly PublishableCrime[]
  outcomes: readonly PublishableOutcome[]
  asbIncidents: ReadonlyArray<{ incidentId: string; locationId: string | null }>
  /** A location's coordinates, where known. */
  coordinates: ReadonlyMap<string, { latitude: number; longitude: number }>
  points: readonly MapPoint[]
}

export interface StreetLine {
  crimeId: string
  crimeType: CrimeType
  lastOutcomeCategory: string
  place: PublishedPlace
}

export interface UnmappedOffence {
  offenceCode: string
  offenceGroup: string
}

/** Street rows before places are resolved: what the comparison page counts, and the export writes out. */
export function streetLines(
  inputs: Pick<ExportInputs, 'force' | 'mapping' | 'crimes' | 'asbIncidents'>,
  place: (locationId: string | null) => PublishedPlace,
): { lines: StreetLine[]; unmapped: UnmappedOffence[] } {
  const lines: StreetLine[] = []
  const unmapped = new Map<string, UnmappedOffence>()
  for (const crime of inputs.crimes) {
    const mapped = crimeTypeFor(inputs.mapping, crime.offenceCode, crime.offenceGroup)
    if (!mapped) {
      unmapped.set(crime.offenceCode, { offenceCode: crime.offenceCode, offenceGroup: crime.offenceGroup })
      continue
    }
    if (mapped.crimeType === null) {
      continue
    }
    lines.push({
      crimeId: policeUkCrimeId(inputs.force.code, crime.crimeId),
      crimeType: mapped.crimeType,
      lastOutcomeCategory: outcomeCategoryFor(crime.outcomeType),
      place: place(crime.locationId),
    })
  }
  // police.uk convention: ASB rows carry neither a Crime ID nor an outcome.
  for (const incident of inputs.asbIncidents) {
    lines.push({ crimeId: '', crimeType: ASB, lastOutcomeCategory: '', place: place(incident.locationId) })
  }
  return { lines, unmapped: [...unmapped.values()] }
}

export function placeResolver(
  coordinates: ExportInputs['coordinates'],
  points: readonly MapPoint[],
): (locationId: string | null) => PublishedPlace {
  const cache = new Map<string, PublishedPlace>()
  return (locationId) => {
    const where = locationId === null ? undefined : coordinates.get(locationId)
    if (!where || locationId === null) {
      return publishedPlace(undefined)
    }
    let place = cache.get(locationId)
    if (!place) {
      place = publishedPlace(nearestPoint(points, where.latitude, where.longitude))
      cache.set(locationId, place)
    }
    return place
  }
}

// CRLF line ends, as police.uk's current files have.
const csv = (header: readonly string[], rows: string[][]) =>
  stringify([[...header], ...rows], { record_delimiter: '\r\n' })

export interface ExportFiles {
  street: { csv: string; rows: number }
  outcomes: { csv: string; rows: number }
  unmapped: UnmappedOffence[]
}

/** Both files of the month. Unmapped offences are returned, not guessed: the service refuses to publish them. */
export function buildExport(inputs: ExportInputs): ExportFiles {
  const place = placeResolver(inputs.coordinates, inputs.points)
  const { lines, unmapped } = streetLines(inputs, place)
  const common = (crimeId: string, where: PublishedPlace) => [
    crimeId,
    inputs.month,
    inputs.force.name,
    inputs.force.name,
    where.longitude,
    where.latitude,
    where.location,
    where.lsoaCode,
    where.lsoaName,
  ]
  const street = lines.map((line) => [
    ...common(line.crimeId, line.place),
    line.crimeType,
    line.lastOutcomeCategory,
    '',
  ])
  const outcomes: string[][] = []
  for (const outcome of inputs.outcomes) {
    const mapped = crimeTypeFor(inputs.mapping, outcome.offenceCode, outcome.offenceGroup)
    if (mapped?.crimeType === null) {
      continue
    }
    outcomes.push([
      ...common(policeUkCrimeId(inputs.force.code, outcome.crimeId), place(outcome.locationId)),
      outcomeCategoryFor(outcome.outcomeType),
    ])
  }
  return {
    street: { csv: csv(STREET_HEADER, street), rows: street.length },
    outcomes: { csv: csv(OUTCOMES_HEADER, outcomes), rows: outcomes.length },
    unmapped,
  }
}
