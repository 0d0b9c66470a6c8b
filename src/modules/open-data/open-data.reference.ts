/**
 * The reference data the export needs, as Tally ships it (reference/README.md) and as a force imports its own:
 * the crime-type mapping (CSV match,crime_type) and the anonymous map points (CSV longitude, latitude, location,
 * lsoa_code, lsoa_name). Pure parsing: every problem names its line and column.
 */
import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { parse } from 'csv-parse/sync'
import type { FieldError } from '../../platform/http/errors.ts'
import { CRIME_TYPES, type CrimeType, type CrimeTypeMapping, type MapPoint } from './open-data.rules.ts'

const HERE = path.dirname(fileURLToPath(import.meta.url))

export const BUNDLED_CRIME_TYPE_MAP = {
  version: 'police-uk-2017-18',
  source:
    'Tally’s reading of the Home Office 2017/18 offence list against the police.uk crime types (reference/README.md)',
  file: path.join(HERE, 'reference/police-uk-crime-types-2017-18.csv'),
} as const

/** The demo area's map points (police.uk, Northamptonshire, April 2024; Open Government Licence v3.0). */
export const DEMO_MAP_POINTS_FILE = path.join(HERE, 'reference/northamptonshire-map-points-2024-04.csv')

function records(csv: string, header: readonly string[]): { rows: string[][]; errors: FieldError[] } {
  let all: string[][]
  try {
    all = parse(csv.replace(/^\uFEFF/, ''), { relax_column_count: true, skip_empty_lines: true })
  } catch (error) {
    return { rows: [], errors: [{ field: 'file', message: error instanceof Error ? error.message : String(error) }] }
  }
  const [first = [], ...rows] = all
  if (first.join(',') !== header.join(',')) {
    return { rows: [], errors: [{ field: 'file', message: `line 1: the header must be ${header.join(',')}` }] }
  }
  const errors: FieldError[] = []
  rows.forEach((row, i) => {
    if (row.length !== header.length) {
      errors.push({
        field: 'file',
        message: `line ${i + 2}: has ${row.length} columns where the header has ${header.length}`,
      })
    }
  })
  return { rows, errors }
}

export function parseCrimeTypeMap(csv: string): { entries: CrimeTypeMapping[]; errors: FieldError[] } {
  const { rows, errors } = records(csv, ['match', 'crime_type'])
  const entries: CrimeTypeMapping[] = []
  const seen = new Set<string>()
  rows.forEach(([match = '', crimeType = ''], i) => {
    const line = i + 2
    const found = /^(code|group):(.+)$/.exec(match.trim())
    if (!found) {
      errors.push({
        field: 'file',
        message: `line ${line}, column "match": "${match}" is not code:<code> or group:<group>`,
      })
      return
    }
    if (crimeType !== '' && !(CRIME_TYPES as readonly string[]).includes(crimeType)) {
      errors.push({
        field: 'file',
        message: `line ${line}, column "crime_type": "${crimeType}" is not a police.uk crime type`,
      })
      return
    }
    if (seen.has(match.trim())) {
      errors.push({ field: 'file', message: `line ${line}, column "match": ${match} appears twice` })
      return
    }
    seen.add(match.trim())
    entries.push({
      matchKind: found[1] as 'code' | 'group',
      matchValue: found[2]!,
      crimeType: crimeType === '' ? null : (crimeType as CrimeType),
    })
  })
  if (entries.length === 0 && errors.length === 0) {
    errors.push({ field: 'file', message: 'has no mapping lines' })
  }
  return { entries, errors }
}

export function parseMapPoints(csv: string): { points: MapPoint[]; errors: FieldError[] } {
  const { rows, errors } = records(csv, ['longitude', 'latitude', 'location', 'lsoa_code', 'lsoa_name'])
  const points: MapPoint[] = []
  rows.forEach(([lon = '', lat = '', location = '', lsoaCode = '', lsoaName = ''], i) => {
    const line = i + 2
    const longitude = Number(lon)
    const latitude = Number(lat)
    const problem =
      lon === '' || !Number.isFinite(longitude) || Math.abs(longitude) > 180
        ? ['longitude', `"${lon}" is not a longitude`]
        : lat === '' || !Number.isFinite(latitude) || Math.abs(latitude) > 90
          ? ['latitude', `"${lat}" is not a latitude`]
          : !location.startsWith('On or near ')
            ? ['location', `"${location}" does not read "On or near …"`]
            : !/^[A-Z]\d{8}$/.test(lsoaCode)
              ? ['lsoa_code', `"${lsoaCode}" is not an LSOA code`]
              : lsoaName.trim() === ''
                ? ['lsoa_name', 'is blank']
                : undefined
    if (problem) {
      errors.push({ field: 'file', message: `line ${line}, column "${problem[0]}": ${problem[1]}` })
      return
    }
    points.push({ longitude, latitude, location, lsoaCode, lsoaName: lsoaName.trim() })
  })
  if (points.length === 0 && errors.length === 0) {
    errors.push({ field: 'file', message: 'has no map points' })
  }
  return { points, errors }
}

export function readBundled(file: string): string {
  return fs.readFileSync(file, 'utf8')
}
