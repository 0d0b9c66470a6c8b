import crypto from 'node:crypto'
import type { Actor } from '../../platform/auth/actor.ts'
import type { Clock } from '../../platform/clock.ts'
import type { ForceTransaction, TallyDatabase } from '../../platform/db/database.ts'
import { ValidationFailed, type FieldError } from '../../platform/http/errors.ts'
import { newId } from '../../platform/ids.ts'
import { ukDate } from '../../platform/dates.ts'
import type { AuditTrailService } from '../audit-trail/index.ts'
import type { CrimePublication } from '../crimes/index.ts'
import type { IncidentPublication } from '../incidents/index.ts'
import { buildExport, streetLines, type ExportFiles } from './open-data.export.ts'
import { describeProblem, parsePoliceUkFile, UnreadableFile, type RowProblem } from './open-data.format.ts'
import { BUNDLED_CRIME_TYPE_MAP, parseCrimeTypeMap, parseMapPoints, readBundled } from './open-data.reference.ts'
import { INSERT_CHUNK, type OpenDataRepository } from './open-data.repository.ts'
import {
  fileName,
  isMonth,
  monthBounds,
  publishedPlace,
  summarise,
  type CrimeTypeMapping,
  type FileKind,
  type SummaryCounts,
} from './open-data.rules.ts'

export interface ImportResult {
  fileName: string
  kind: FileKind
  month: string
  fallsWithin: string
  stored: number
  /** True when the same file was imported before: nothing changed. */
  unchanged: boolean
  /** Bad rows left out (only with skipBadRows). */
  skipped: RowProblem[]
}

export interface ImportOptions {
  fileName: string
  text: string
  skipBadRows: boolean
  /** Called as rows are stored (for a progress bar). */
  onProgress?: (stored: number, total: number) => void
}

export interface MonthExport extends ExportFiles {
  month: string
  streetFileName: string
  outcomesFileName: string
}

/** What the service needs of other modules, given by deps.ts. */
export interface OpenDataSources {
  crimes: CrimePublication
  incidents: IncidentPublication
  location: (
    tx: ForceTransaction,
    locationId: string,
  ) => Promise<{ latitude: number | null; longitude: number | null } | undefined>
  force: (forceId: number) => Promise<{ code: string; name: string }>
}

const SHOWN_PROBLEMS = 50

function problemErrors(name: string, problems: readonly RowProblem[]): FieldError[] {
  const shown = problems.slice(0, SHOWN_PROBLEMS).map((problem) => ({ field: name, message: describeProblem(problem) }))
  if (problems.length > SHOWN_PROBLEMS) {
    shown.push({ field: name, message: `and ${problems.length - SHOWN_PROBLEMS} more problems` })
  }
  return shown
}

/** A file holds one month of one force (police.uk publishes them so); rows that differ are problems. */
function sliceProblems(rows: ReadonlyArray<{ line: number; month: string; fallsWithin: string }>): RowProblem[] {
  const first = rows[0]
  if (!first) {
    return []
  }
  const problems: RowProblem[] = []
  for (const row of rows) {
    if (row.month !== first.month) {
      problems.push({
        line: row.line,
        column: 'Month',
        message: `is ${row.month} but line ${first.line} is ${first.month}; a file holds one month`,
      })
    } else if (row.fallsWithin !== first.fallsWithin) {
      problems.push({
        line: row.line,
        column: 'Falls within',
        message: `is "${row.fallsWithin}" but line ${first.line} is "${first.fallsWithin}"; a file holds one force`,
      })
    }
  }
  return problems
}

/**
 * police.uk open data both ways (rule 25): the force's own month exported exactly as police.uk publishes it (a
 * disclosure, audited), and published files of any force imported into the force's own open-data store for
 * summaries and comparison. Reference data for the export (crime-type mapping, map points) is per force.
 */
export class OpenDataService {
  constructor(
    private readonly db: TallyDatabase,
    private readonly repository: OpenDataRepository,
    private readonly sources: OpenDataSources,
    private readonly auditTrail: AuditTrailService,
    private readonly clock: Clock,
  ) {}

  /** The last whole month (UK time): the one a force publishes next. */
  lastMonth(): string {
    const today = ukDate(this.clock.now())
    return monthsUpTo(today.slice(0, 7), 2)[0]!
  }

  // Import ------------------------------------------------------------------------------------------------------

  /** Imports one police.uk file. Nothing is stored if any row is bad, unless skipBadRows (which reports them). */
  async importFile(actor: Actor, options: ImportOptions): Promise<ImportResult> {
    actor.permissions.require('open-data.import')
    let parsed
    try {
      parsed = parsePoliceUkFile(options.text)
    } catch (error) {
      if (error instanceof UnreadableFile) {
        throw new ValidationFailed(problemErrors(options.fileName, error.problems))
      }
      throw error
    }
    const rows: ReadonlyArray<{ line: number; month: string; fallsWithin: string }> = parsed.rows
    const mixed = sliceProblems(rows)
    const problems = [...parsed.problems, ...mixed].sort((a, b) => a.line - b.line)
    if (problems.length > 0 && !options.skipBadRows) {
      throw new ValidationFailed(problemErrors(options.fileName, problems))
    }
    const badLines = new Set(mixed.map((problem) => problem.line))
    const good = rows.filter((row) => !badLines.has(row.line))
    const first = good[0]
    if (!first) {
      throw ValidationFailed.of(options.fileName, 'has no rows that can be imported')
    }
    const slice = { kind: parsed.kind, month: first.month, fallsWithin: first.fallsWithin }
    const sha256 = crypto.createHash('sha256').update(options.text).digest('hex')
    const base = { fileName: options.fileName, ...slice, skipped: problems }
    return this.db.withForce(actor.forceId, async (tx) => {
      const existing = await this.repository.fileFor(tx, slice)
      if (existing?.sha256 === sha256) {
        return { ...base, stored: existing.rowCount, unchanged: true }
      }
      if (existing) {
        await this.repository.deleteFile(tx, existing.fileId)
      }
      const fileId = newId()
      await this.repository.insertFile(tx, {
        fileId,
        ...slice,
        fileName: options.fileName,
        sha256,
        rowCount: good.length,
        skippedRows: problems.length === 0 ? 0 : new Set(problems.map((p) => p.line)).size,
        importedAt: this.clock.now(),
        importedBy: actor.name,
      })
      for (let start = 0; start < good.length; start += INSERT_CHUNK) {
        const chunk = good.slice(start, start + INSERT_CHUNK)
        if (parsed.kind === 'street') {
          await this.repository.insertStreetRows(tx, fileId, chunk as typeof parsed.rows)
        } else {
          await this.repository.insertOutcomeRows(tx, fileId, chunk as typeof parsed.rows)
        }
        options.onProgress?.(start + chunk.length, good.length)
      }
      this.auditTrail.record(tx, actor, {
        action: existing ? 'OPEN_DATA_FILE_REPLACED' : 'OPEN_DATA_FILE_IMPORTED',
        recordType: 'open_data_file',
        recordId: fileId,
        changes: { ...slice, fileName: options.fileName, sha256, rows: good.length, skippedRows: problems.length },
      })
      return { ...base, stored: good.length, unchanged: false }
    })
  }

  files(actor: Actor) {
    actor.permissions.require('open-data.view')
    return this.db.withForce(actor.forceId, (tx) => this.repository.files(tx))
  }

  // Summary -----------------------------------------------------------------------------------------------------

  /** The counts of an imported street file (month and force), as `tally police-uk summary` prints them. */
  async summary(actor: Actor, month: string, fallsWithin: string): Promise<SummaryCounts> {
    actor.permissions.require('open-data.view')
    if (!isMonth(month)) {
      throw ValidationFailed.of('month', 'Enter the month as YYYY-MM, for example 2024-04')
    }
    return this.db.withForce(actor.forceId, (tx) => this.summaryIn(tx, month, fallsWithin))
  }

  private async summaryIn(tx: ForceTransaction, month: string, fallsWithin: string): Promise<SummaryCounts> {
    return (await this.summariesIn(tx, [month], [fallsWithin])).get(`${fallsWithin}|${month}`) ?? emptySummary()
  }

  /** Summaries of imported street files for some months and forces, keyed `force|month`, in two queries. */
  private async summariesIn(
    tx: ForceTransaction,
    months: readonly string[],
    forces: readonly string[],
  ): Promise<Map<string, SummaryCounts>> {
    const summaries = new Map<string, SummaryCounts>()
    if (forces.length === 0) {
      return summaries
    }
    const [groups, distinctIds] = await Promise.all([
      this.repository.streetCounts(tx, months, forces),
      this.repository.distinctCrimeIds(tx, months, forces),
    ])
    const summaryOf = (force: string, month: string) => {
      const key = `${force}|${month}`
      const summary = summaries.get(key) ?? emptySummary()
      summaries.set(key, summary)
      return summary
    }
    for (const group of groups) {
      const summary = summaryOf(group.fallsWithin, group.month)
      const rows = Number(group.rows)
      summary.rows += rows
      summary.blank_id += Number(group.blankId)
      summary.by_type[group.crimeType] = (summary.by_type[group.crimeType] ?? 0) + rows
      summary.by_outcome[group.lastOutcomeCategory] = (summary.by_outcome[group.lastOutcomeCategory] ?? 0) + rows
    }
    for (const row of distinctIds) {
      summaryOf(row.fallsWithin, row.month).distinct_ids = Number(row.count)
    }
    return summaries
  }

  /** The force's own months counted as its export would publish them (no places needed, nothing disclosed). */
  private async ownSummariesIn(
    tx: ForceTransaction,
    actor: Actor,
    force: { code: string; name: string },
    months: readonly string[],
  ): Promise<Record<string, SummaryCounts>> {
    const from = monthBounds(months[0]!).from
    const to = monthBounds(months.at(-1)!).to
    const [crimes, asbIncidents, { mapping }] = await Promise.all([
      this.sources.crimes.crimesRecordedIn(tx, from, to),
      this.sources.incidents.asbIncidentsIn(tx, from, to),
      this.currentMappingIn(tx, actor),
    ])
    const monthOf = (instant: Date) => ukDate(instant).slice(0, 7)
    return Object.fromEntries(
      months.map((month) => {
        const { lines } = streetLines(
          {
            force,
            mapping,
            crimes: crimes.filter((crime) => monthOf(crime.recordedAt) === month),
            asbIncidents: asbIncidents.filter((incident) => monthOf(incident.receivedAt) === month),
          },
          () => publishedPlace(undefined),
        )
        return [month, summarise(lines)]
      }),
    )
  }

  // Export (rule 25) --------------------------------------------------------------------------------------------

  /** The force's street and outcomes files for a month; a disclosure, so audited with what was disclosed. */
  async exportMonth(actor: Actor, month: string): Promise<MonthExport> {
    actor.permissions.require('open-data.export')
    if (!isMonth(month)) {
      throw ValidationFailed.of('month', 'Enter the month as YYYY-MM, for example 2024-04')
    }
    // Read outside the transaction: the force table is the platform's, reached on the owner's connection.
    const force = await this.sources.force(actor.forceId)
    return this.db.withForce(actor.forceId, async (tx) => {
      const inputs = { ...(await this.exportInputsIn(tx, actor, month)), force }
      const points = await this.repository.mapPoints(tx)
      if (points.length === 0) {
        throw ValidationFailed.of(
          'month',
          'The force has no anonymous map points to place crimes at: import them with tally police-uk map-points import',
        )
      }
      const coordinates = new Map<string, { latitude: number; longitude: number }>()
      const locationIds = new Set(
        [...inputs.crimes, ...inputs.outcomes, ...inputs.asbIncidents].flatMap((row) =>
          row.locationId === null ? [] : [row.locationId],
        ),
      )
      for (const locationId of locationIds) {
        const location = await this.sources.location(tx, locationId)
        if (typeof location?.latitude === 'number' && typeof location.longitude === 'number') {
          coordinates.set(locationId, { latitude: location.latitude, longitude: location.longitude })
        }
      }
      const files = buildExport({ ...inputs, month, coordinates, points })
      if (files.unmapped.length > 0) {
        throw ValidationFailed.of(
          'month',
          `These offence codes have no police.uk crime type in mapping ${inputs.mappingVersion}: ${files.unmapped
            .map((u) => `${u.offenceCode} (group ${u.offenceGroup || 'none'})`)
            .join(', ')}. Add them with tally police-uk crime-types import.`,
        )
      }
      this.auditTrail.record(tx, actor, {
        action: 'OPEN_DATA_EXPORTED',
        recordType: 'open_data_export',
        recordId: month,
        changes: {
          month,
          streetRows: files.street.rows,
          outcomeRows: files.outcomes.rows,
          crimeTypeMapping: inputs.mappingVersion,
          disclosedTo: 'police.uk (public)',
        },
      })
      return {
        ...files,
        month,
        streetFileName: fileName(month, inputs.force.name, 'street'),
        outcomesFileName: fileName(month, inputs.force.name, 'outcomes'),
      }
    })
  }

  private async exportInputsIn(tx: ForceTransaction, actor: Actor, month: string) {
    const { from, to } = monthBounds(month)
    const [crimes, outcomes, asbIncidents, mapping] = await Promise.all([
      this.sources.crimes.crimesRecordedIn(tx, from, to),
      this.sources.crimes.outcomesRecordedIn(tx, from, to),
      this.sources.incidents.asbIncidentsIn(tx, from, to),
      this.currentMappingIn(tx, actor),
    ])
    return { crimes, outcomes, asbIncidents, ...mapping }
  }

  // Reference data ----------------------------------------------------------------------------------------------

  /** The current crime-type mapping, loading the one Tally ships the first time a force needs one. */
  private async currentMappingIn(
    tx: ForceTransaction,
    actor: Actor,
  ): Promise<{ mappingVersion: string; mapping: CrimeTypeMapping[] }> {
    let current = await this.repository.currentMappingVersion(tx)
    if (!current) {
      const { entries } = parseCrimeTypeMap(readBundled(BUNDLED_CRIME_TYPE_MAP.file))
      await this.storeMappingIn(tx, actor, {
        version: BUNDLED_CRIME_TYPE_MAP.version,
        source: BUNDLED_CRIME_TYPE_MAP.source,
        makeCurrent: true,
        entries,
      })
      current = await this.repository.currentMappingVersion(tx)
    }
    const version = current!.version
    return { mappingVersion: version, mapping: await this.repository.mapping(tx, version) }
  }

  private async storeMappingIn(
    tx: ForceTransaction,
    actor: Actor,
    input: { version: string; source: string; makeCurrent: boolean; entries: CrimeTypeMapping[] },
  ): Promise<void> {
    await this.repository.insertMapping(
      tx,
      { ...input, importedAt: this.clock.now(), importedBy: actor.name },
      input.entries,
    )
    this.auditTrail.record(tx, actor, {
      action: 'OPEN_DATA_CRIME_TYPE_MAP_IMPORTED',
      recordType: 'open_data_crime_type_map',
      recordId: input.version,
      changes: {
        version: input.version,
        source: input.source,
        entries: input.entries.length,
        current: input.makeCurrent,
      },
    })
  }

  /** A new version of the crime-type mapping (CSV match,crime_type); nothing stored unless every line is valid. */
  async importCrimeTypeMap(
    actor: Actor,
    input: { version: string; source: string; csv: string; makeCurrent: boolean },
  ): Promise<{ version: string; entries: number }> {
    actor.permissions.require('open-data.manage')
    const { entries, errors } = parseCrimeTypeMap(input.csv)
    if (!/^[A-Za-z0-9._-]{1,30}$/.test(input.version)) {
      errors.unshift({ field: 'version', message: 'Use 1–30 letters, digits, dots, hyphens or underscores' })
    }
    if (input.source.trim() === '') {
      errors.unshift({ field: 'source', message: 'Say where the mapping comes from' })
    }
    if (errors.length > 0) {
      throw new ValidationFailed(errors)
    }
    await this.db.withForce(actor.forceId, async (tx) => {
      await this.currentMappingIn(tx, actor)
      const taken = (await this.repository.mappingVersions(tx)).some((v) => v.version === input.version)
      if (taken) {
        throw ValidationFailed.of('version', `The force already has a mapping version ${input.version}`)
      }
      await this.storeMappingIn(tx, actor, { ...input, source: input.source.trim(), entries })
    })
    return { version: input.version, entries: entries.length }
  }

  /** Replaces the force's anonymous map points (CSV longitude,latitude,location,lsoa_code,lsoa_name). */
  async importMapPoints(actor: Actor, csv: string): Promise<{ points: number }> {
    actor.permissions.require('open-data.manage')
    const { points, errors } = parseMapPoints(csv)
    if (errors.length > 0) {
      throw new ValidationFailed(errors)
    }
    await this.db.withForce(actor.forceId, async (tx) => {
      const before = await this.repository.countMapPoints(tx)
      await this.repository.replaceMapPoints(tx, points)
      this.auditTrail.record(tx, actor, {
        action: 'OPEN_DATA_MAP_POINTS_REPLACED',
        recordType: 'open_data_map_point',
        recordId: 'all',
        changes: { points: { before, after: points.length } },
      })
    })
    return { points: points.length }
  }

  /** The population of a force area, for rates per 1,000 on the comparison page. */
  async setPopulation(actor: Actor, input: { fallsWithin: string; population: number; source: string }) {
    actor.permissions.require('open-data.manage')
    const errors: FieldError[] = []
    if (input.fallsWithin.trim() === '') {
      errors.push({ field: 'fallsWithin', message: 'Enter the force as police.uk names it in “Falls within”' })
    }
    if (!Number.isInteger(input.population) || input.population <= 0) {
      errors.push({ field: 'population', message: 'Enter the population as a whole number above 0' })
    }
    if (input.source.trim() === '') {
      errors.push({ field: 'source', message: 'Say where the figure comes from (e.g. ONS mid-2023 estimates)' })
    }
    if (errors.length > 0) {
      throw new ValidationFailed(errors)
    }
    await this.db.withForce(actor.forceId, async (tx) => {
      const row = { ...input, fallsWithin: input.fallsWithin.trim(), source: input.source.trim() }
      await this.repository.setPopulation(tx, { ...row, updatedAt: this.clock.now(), updatedBy: actor.name })
      this.auditTrail.record(tx, actor, {
        action: 'OPEN_DATA_POPULATION_SET',
        recordType: 'open_data_population',
        recordId: row.fallsWithin,
        changes: { population: row.population, source: row.source },
      })
    })
  }

  // Comparison --------------------------------------------------------------------------------------------------

  /**
   * The force's own figures (counted as its export would publish them) beside chosen peers' imported files, for
   * the month and the five before it, with the populations the force has recorded.
   */
  async comparison(actor: Actor, month: string, peers: readonly string[]): Promise<ComparisonData> {
    actor.permissions.require('open-data.view')
    if (!isMonth(month)) {
      throw ValidationFailed.of('month', 'Enter the month as YYYY-MM, for example 2024-04')
    }
    const months = monthsUpTo(month, COMPARISON_MONTHS)
    const force = await this.sources.force(actor.forceId)
    return this.db.withForce(actor.forceId, async (tx) => {
      const [slices, populations] = await Promise.all([
        this.repository.streetSlices(tx),
        this.repository.populations(tx),
      ])
      const population = new Map(populations.map((p) => [p.fallsWithin, p.population]))
      const chosen = [...new Set(peers)].filter((p) => p !== force.name)
      const [own, peerSummaries] = await Promise.all([
        this.ownSummariesIn(tx, actor, force, months),
        this.summariesIn(tx, months, chosen),
      ])
      const series: ComparisonSeries[] = [
        { name: force.name, own: true, population: population.get(force.name) ?? null, byMonth: own },
        ...chosen.map((peer) => ({
          name: peer,
          own: false,
          population: population.get(peer) ?? null,
          byMonth: Object.fromEntries(
            months.map((m) => [m, peerSummaries.get(`${peer}|${m}`) ?? emptySummary()] as const),
          ),
        })),
      ]
      return {
        month,
        months,
        series,
        available: {
          forces: [...new Set(slices.map((s) => s.fallsWithin))].sort(),
          months: [...new Set(slices.map((s) => s.month))].sort().reverse(),
        },
      }
    })
  }
}

export const COMPARISON_MONTHS = 6

function emptySummary(): SummaryCounts {
  return { rows: 0, blank_id: 0, distinct_ids: 0, by_type: {}, by_outcome: {} }
}

export interface ComparisonSeries {
  name: string
  own: boolean
  population: number | null
  byMonth: Record<string, SummaryCounts>
}

export interface ComparisonData {
  month: string
  months: string[]
  series: ComparisonSeries[]
  available: { forces: string[]; months: string[] }
}

/** 'YYYY-MM' and the n-1 months before it, oldest first. */
export function monthsUpTo(month: string, n: number): string[] {
  const [year, monthNumber] = month.split('-').map(Number) as [number, number]
  return Array.from({ length: n }, (_, i) => {
    const index = year * 12 + (monthNumber - 1) - (n - 1 - i)
    return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`
  })
}
