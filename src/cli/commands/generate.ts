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
import { generateNationalYear } from '../../demo/national.ts'

export interface GenerateCommandOptions {
  crimes?: string
  national?: boolean
  scale?: string
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
  if (options.national) {
    return generateNational(deps, options)
  }
  // Without --national, --crimes is needed: missing, it is refused as 0 is.
  const crimes = positive(options.crimes ?? '0', 'crimes', 0)
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

/**
 * `--national`: the 43 forces of England and Wales and `--scale` of a national year, loaded by COPY. One bar for
 * the whole year, with rows per second (every table's rows) and the time left.
 */
async function generateNational(deps: Deps, options: GenerateCommandOptions): Promise<void> {
  if (options.force || options.forces || options.crimes) {
    throw ValidationFailed.of(
      'national',
      '--national makes its own 43 forces and crimes: leave out --force, --forces and --crimes',
    )
  }
  const scale = options.scale === undefined ? 1 : Number(options.scale)
  const password = options.password ?? crypto.randomBytes(18).toString('base64url')
  const bar = new SingleBar(
    {
      format:
        'National year [{bar}] {percentage}% | {value}/{total} crimes | {force} | {rows} rows, {rate} rows/s | {eta_formatted} left',
      etaBuffer: 20,
      // A line every 10 seconds when the output is a log, not a terminal (a long run in the background).
      noTTYOutput: true,
      notTTYSchedule: 10_000,
    },
    Presets.shades_classic,
  )
  const started = Date.now()
  let loadStarted = started
  console.log('Making the 43 forces…')
  let result
  try {
    result = await generateNationalYear(deps, {
      scale,
      seed: options.seed === undefined ? 20261126 : positive(options.seed, 'seed', 1),
      password,
      ...(options.days === undefined ? {} : { days: positive(options.days, 'days', 365) }),
      onStart: (crimes) => {
        loadStarted = Date.now()
        console.log(
          `Made them in ${((loadStarted - started) / 1000).toFixed(1)} s; loading ${crimes.toLocaleString('en-GB')} crimes…`,
        )
        bar.start(crimes, 0, { force: '', rows: 0, rate: 0 })
      },
      onProgress: ({ crimes, rows, force }) => {
        const seconds = (Date.now() - loadStarted) / 1000
        bar.update(crimes, {
          force,
          rows: rows.toLocaleString('en-GB'),
          rate: Math.round(rows / Math.max(seconds, 0.001)).toLocaleString('en-GB'),
        })
      },
    })
  } finally {
    bar.stop()
  }
  const loadedIn = (Date.now() - loadStarted) / 1000
  if (options.analyse !== false) {
    console.log('Updating statistics…')
    await analyseAfterLoad(deps.db, Object.keys(result.rows))
  }
  const total = Object.values(result.rows).reduce((sum, count) => sum + count, 0)
  console.log(
    `Generated a national year at scale ${scale} in ${result.forces.length} forces, loaded in ${loadedIn.toFixed(1)} s ` +
      `(${Math.round(total / loadedIn).toLocaleString('en-GB')} rows/s): ` +
      Object.entries(result.rows)
        .map(([table, count]) => `${table} ${count.toLocaleString('en-GB')}`)
        .join(', '),
  )
  if (options.password) {
    console.log('Their users sign in with the password you gave (e.g. supervisor-met).')
  }
}
