import fs from 'node:fs'
import { systemActor } from '../../platform/auth/actor.ts'
import type { Deps } from '../../deps.ts'

/**
 * `tally offence-codes import`: loads a new version of the Home Office notifiable offence list into a force (rule
 * 10: offence codes are versioned reference data). The CSV has the columns code, label, parent_code, parent_label
 * and is_home_office_code (src/modules/crimes/reference/README.md). Nothing is stored unless every line is valid.
 */
export async function importOffenceCodes(
  deps: Deps,
  options: {
    force: string
    version: string
    file: string
    source: string
    licence: string
    makeCurrent?: boolean
    rapeGroups?: string[]
    principalRanking?: string[]
  },
): Promise<number> {
  const force = await deps.services.accounts.findForce(options.force)
  if (!force) {
    console.error(`There is no force with the code ${options.force}`)
    return 2
  }
  if (!fs.existsSync(options.file)) {
    console.error(`There is no file ${options.file}`)
    return 2
  }
  const actor = systemActor(force.forceId, 'tally offence-codes import')
  const result = await deps.services.crimeReferenceData.importOffenceList(actor, {
    version: options.version,
    source: options.source,
    licence: options.licence,
    csv: fs.readFileSync(options.file, 'utf8'),
    makeCurrent: options.makeCurrent === true,
    rapeGroups: options.rapeGroups,
    principalRanking: options.principalRanking,
  })
  console.log(
    `Imported offence list ${result.version} into ${force.code}: ${result.codeCount} rows${options.makeCurrent ? ', now current' : ''}.`,
  )
  return 0
}

/** `tally offence-codes list`: the versions a force holds, and which is current. */
export async function listOffenceCodeVersions(deps: Deps, options: { force: string }): Promise<number> {
  const force = await deps.services.accounts.findForce(options.force)
  if (!force) {
    console.error(`There is no force with the code ${options.force}`)
    return 2
  }
  const { versions } = await deps.services.crimeReferenceData.overview(
    systemActor(force.forceId, 'tally offence-codes list'),
  )
  for (const version of versions) {
    console.log(
      `${version.current ? '*' : ' '} ${version.version.padEnd(12)} ${String(version.codeCount).padStart(4)} codes  ${version.source}`,
    )
  }
  return 0
}
