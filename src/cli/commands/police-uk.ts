import fs from 'node:fs'
import path from 'node:path'
import { SingleBar, Presets } from 'cli-progress'
import { systemActor } from '../../platform/auth/actor.ts'
import type { Deps } from '../../deps.ts'
import { describeProblem } from '../../modules/open-data/index.ts'

/**
 * `tally police-uk …`: the force's monthly police.uk files (rule 25), and police.uk files of any force imported
 * into the force's open-data store. Exit 2 when the input is wrong (nothing stored).
 */
async function forceNamed(deps: Deps, code: string) {
  const force = await deps.services.accounts.findForce(code)
  if (!force) {
    console.error(`There is no force with the code ${code}`)
  }
  return force
}

export async function exportPoliceUk(
  deps: Deps,
  options: { force: string; month: string; out: string },
): Promise<number> {
  const force = await forceNamed(deps, options.force)
  if (!force) {
    return 2
  }
  const files = await deps.services.openData.exportMonth(
    systemActor(force.forceId, 'tally police-uk export'),
    options.month,
  )
  fs.mkdirSync(options.out, { recursive: true })
  for (const [name, file] of [
    [files.streetFileName, files.street],
    [files.outcomesFileName, files.outcomes],
  ] as const) {
    fs.writeFileSync(path.join(options.out, name), file.csv)
    console.log(`Wrote ${path.join(options.out, name)} (${file.rows} rows).`)
  }
  return 0
}

export async function importPoliceUk(
  deps: Deps,
  files: readonly string[],
  options: { force: string; skipBadRows?: boolean; progress?: boolean },
): Promise<number> {
  const force = await forceNamed(deps, options.force)
  if (!force) {
    return 2
  }
  const missing = files.filter((file) => !fs.existsSync(file))
  if (missing.length > 0) {
    console.error(`There is no file ${missing.join(', ')}; nothing was imported.`)
    return 2
  }
  const actor = systemActor(force.forceId, 'tally police-uk import')
  const bar = new SingleBar(
    { format: '  {file} [{bar}] {value}/{total} rows', noTTYOutput: false },
    Presets.shades_classic,
  )
  for (const file of files) {
    const show = options.progress !== false && process.stderr.isTTY
    let started = false
    const result = await deps.services.openData.importFile(actor, {
      fileName: path.basename(file),
      text: fs.readFileSync(file, 'utf8'),
      skipBadRows: options.skipBadRows === true,
      onProgress: (stored, total) => {
        if (!show) {
          return
        }
        if (!started) {
          bar.start(total, 0, { file: path.basename(file) })
          started = true
        }
        bar.update(stored)
      },
    })
    if (started) {
      bar.stop()
    }
    for (const problem of result.skipped) {
      console.log(`  skipped ${describeProblem(problem)}`)
    }
    console.log(
      result.unchanged
        ? `${file}: already imported (${result.kind}, ${result.fallsWithin}, ${result.month}); nothing changed.`
        : `${file}: stored ${result.stored} ${result.kind} rows for ${result.fallsWithin}, ${result.month}${result.skipped.length > 0 ? `; ${new Set(result.skipped.map((p) => p.line)).size} bad rows skipped` : ''}.`,
    )
  }
  return 0
}

export async function summaryPoliceUk(
  deps: Deps,
  options: { force: string; month: string; fallsWithin: string; json?: boolean },
): Promise<number> {
  const force = await forceNamed(deps, options.force)
  if (!force) {
    return 2
  }
  const summary = await deps.services.openData.summary(
    systemActor(force.forceId, 'tally police-uk summary'),
    options.month,
    options.fallsWithin,
  )
  if (options.json) {
    console.log(JSON.stringify(summary))
    return 0
  }
  console.log(
    `${options.fallsWithin}, ${options.month}: ${summary.rows} rows, ${summary.distinct_ids} distinct Crime IDs, ${summary.blank_id} blank`,
  )
  for (const [type, count] of Object.entries(summary.by_type).sort()) {
    console.log(`  ${type.padEnd(32)} ${String(count).padStart(6)}`)
  }
  return 0
}

export async function importMapPoints(deps: Deps, options: { force: string; file: string }): Promise<number> {
  const force = await forceNamed(deps, options.force)
  if (!force) {
    return 2
  }
  if (!fs.existsSync(options.file)) {
    console.error(`There is no file ${options.file}`)
    return 2
  }
  const result = await deps.services.openData.importMapPoints(
    systemActor(force.forceId, 'tally police-uk map-points import'),
    fs.readFileSync(options.file, 'utf8'),
  )
  console.log(`${force.code} now has ${result.points} anonymous map points.`)
  return 0
}

export async function importCrimeTypes(
  deps: Deps,
  options: { force: string; version: string; file: string; source: string; makeCurrent?: boolean },
): Promise<number> {
  const force = await forceNamed(deps, options.force)
  if (!force) {
    return 2
  }
  if (!fs.existsSync(options.file)) {
    console.error(`There is no file ${options.file}`)
    return 2
  }
  const result = await deps.services.openData.importCrimeTypeMap(
    systemActor(force.forceId, 'tally police-uk crime-types import'),
    {
      version: options.version,
      source: options.source,
      csv: fs.readFileSync(options.file, 'utf8'),
      makeCurrent: options.makeCurrent === true,
    },
  )
  console.log(`Imported crime-type mapping ${result.version} into ${force.code}: ${result.entries} entries.`)
  return 0
}

export async function setPopulation(
  deps: Deps,
  options: { force: string; fallsWithin: string; population: string; source: string },
): Promise<number> {
  const force = await forceNamed(deps, options.force)
  if (!force) {
    return 2
  }
  await deps.services.openData.setPopulation(systemActor(force.forceId, 'tally police-uk population'), {
    fallsWithin: options.fallsWithin,
    population: Number(options.population),
    source: options.source,
  })
  console.log(`${options.fallsWithin}: population ${options.population} recorded.`)
  return 0
}
