/**
 * `tally generate`: fills one force, or many new ones, with realistic synthetic crimes and their status history
 * (and, optionally, the incidents they came from), at set-based insert speed: each batch is a few INSERT … SELECT
 * statements over generate_series, not a row at a time, so it works the same on PostgreSQL and PGlite. For load
 * testing the queues and dashboards (`npm run bench`), and for the demo's growing backlog.
 * The generator itself is src/demo/generator.ts.
 */
import { SingleBar, Presets } from 'cli-progress'
import crypto from 'node:crypto'
import { ValidationFailed } from '../../platform/http/errors.ts'
import type { Deps } from '../../deps.ts'
import {
  analyseAfterLoad,
  createSyntheticForce,
  existingForce,
  generateCrimes,
  type GenerateResult,
  type SyntheticForce,
} from '../../demo/index.ts'

export interface GenerateCommandOptions {
  crimes: string
  forces?: string
  force?: string
  days?: string
  incidents?: boolean
  seed?: string
  password?: string
  analyse?: boolean
  syntheticDataInRealForce?: boolean
}

function positive(value: string | undefined, field: string, fallback: number): number {
  if (value === undefined) {
    return fallback
  }
  const number = Number(value.replaceAll('_', '').replaceAll(',', ''))
  if (!Number.isInteger(number) || number < 1) {
    throw ValidationFailed.of(field, `--${field} must be a whole number above 0`)
  }
  return number
}

/** The command: fill `--force CODE`, or `--forces K` new synthetic forces, with `--crimes N` crimes in all. */
export async function generate(deps: Deps, options: GenerateCommandOptions): Promise<void> {
  // Synthetic crimes are written without audit events and would count in a force's queues and statistics.
  if (deps.config.environment === 'production') {
    throw new Error('tally generate makes synthetic data for load tests and is refused when NODE_ENV=production')
  }
  if (options.force && !options.syntheticDataInRealForce) {
    throw ValidationFailed.of(
      'force',
      'Filling an existing force adds synthetic crimes to its queues and figures: add --synthetic-data-in-real-force to confirm',
    )
  }
  const crimes = positive(options.crimes, 'crimes', 0)
  const days = positive(options.days, 'days', 365)
  const forcesWanted = positive(options.forces, 'forces', 1)
  if (options.force && options.forces) {
    throw ValidationFailed.of(
      'forces',
      'Give --force to fill an existing force, or --forces to make new ones, not both',
    )
  }
  const password = options.password ?? crypto.randomBytes(18).toString('base64url')
  const forces: SyntheticForce[] = []
  if (options.force) {
    forces.push(await existingForce(deps, options.force))
  } else {
    for (let i = 1; i <= forcesWanted; i++) {
      forces.push(await createSyntheticForce(deps, i, password))
    }
  }
  const bar = new SingleBar(
    { format: 'Generating crimes [{bar}] {percentage}% | {value}/{total} | {eta_formatted} left', etaBuffer: 50 },
    Presets.shades_classic,
  )
  bar.start(crimes, 0)
  const now = deps.clock.now()
  let done = 0
  const totals: GenerateResult = { crimes: 0, statusChanges: 0, incidents: 0 }
  try {
    for (const [index, force] of forces.entries()) {
      const share = Math.floor(crimes / forces.length) + (index < crimes % forces.length ? 1 : 0)
      if (share === 0) {
        continue
      }
      const result = await generateCrimes(deps.db, {
        forceId: force.forceId,
        crimes: share,
        days,
        now,
        officers: force.officers,
        units: force.units,
        referencePrefix: force.prefix,
        offenceCodeVersion: force.offenceCodeVersion,
        incidents: options.incidents ?? false,
        seed: options.seed === undefined ? undefined : positive(options.seed, 'seed', 1),
        onProgress: (crimesDone) => bar.update(done + crimesDone),
      })
      done += share
      totals.crimes += result.crimes
      totals.statusChanges += result.statusChanges
      totals.incidents += result.incidents
    }
  } finally {
    bar.stop()
  }
  if (options.analyse !== false) {
    console.log('Updating statistics…')
    await analyseAfterLoad(deps.db)
  }
  console.log(
    `Generated ${totals.crimes.toLocaleString('en-GB')} crimes (${totals.statusChanges.toLocaleString('en-GB')} status changes` +
      `${totals.incidents ? `, ${totals.incidents.toLocaleString('en-GB')} incidents` : ''}) in ${forces.length} force${forces.length === 1 ? '' : 's'}: ${forces.map((f) => f.code).join(', ')}.`,
  )
  if (!options.force && options.password) {
    console.log('Their users sign in with the password you gave (e.g. supervisor-<force code in lower case>).')
  }
}
