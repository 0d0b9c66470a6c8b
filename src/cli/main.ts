/**
 * `tally`: the operator's command line. Each command is a thin adapter over the same services the web app
 * uses, built from the same `createDeps`. Exit codes: 0 done, 1 failed (or a check found a problem), 2 the
 * command or its input was wrong (nothing was changed).
 */
import { Command, CommanderError, Option } from 'commander'
import { ConfigError, loadConfig } from '../config.ts'
import { createDeps, type Deps } from '../deps.ts'
import { ValidationFailed, Conflict } from '../platform/http/errors.ts'
import { ROLES } from '../platform/auth/roles.ts'
import { ensureSchema, serve } from '../main.ts'
import { migrate, type MigrateOptions } from './commands/migrate.ts'
import { createUser } from './commands/create-user.ts'
import { createToken } from './commands/create-token.ts'
import { createForce } from './commands/create-force.ts'
import { exportAuditAnchor, verifyAuditTrail, type VerifyOptions } from './commands/audit-trail-verify.ts'
import { DEMO_SCENARIOS, loadScenario, seedDemo, type DemoScenario } from '../demo/index.ts'
import { forecast, type ForecastOptions } from './commands/forecast.ts'
import { exportForecastHistory, forecastFromHistoryFile } from './commands/forecast-history.ts'
import { checkRisks } from './commands/risks-check.ts'
import { importOffenceCodes, listOffenceCodeVersions } from './commands/offence-codes.ts'
import { roleSeparation } from './commands/role-separation.ts'
import { systemActor } from '../platform/auth/actor.ts'
import { generate, type GenerateCommandOptions } from './commands/generate.ts'
import { snapshotQueues } from './commands/queues-snapshot.ts'
import { purgeCrimeDrafts } from './commands/crimes-purge-drafts.ts'
import { backupDatabase, restoreDatabase } from './commands/backup.ts'
import { integrityScan } from './commands/integrity-scan.ts'
import { listReviewDue, scheduleRetention } from './commands/retention.ts'
import {
  exportPoliceUk,
  importCrimeTypes,
  importMapPoints,
  importPoliceUk,
  setPopulation,
  summaryPoliceUk,
} from './commands/police-uk.ts'

export const EXIT = { ok: 0, failed: 1, usage: 2 } as const

/**
 * Runs `command` with freshly built dependencies on an up-to-date schema (see `ensureSchema`) and always closes
 * them. Only `migrate` itself runs on whatever schema it finds.
 */
async function withDeps(
  command: (deps: Deps) => Promise<number | void>,
  { schema }: { schema: 'up-to-date' | 'as-found' } = { schema: 'up-to-date' },
): Promise<void> {
  const deps = await createDeps(loadConfig())
  try {
    if (schema === 'up-to-date') {
      const applied = await ensureSchema(deps)
      if (applied.length > 0) {
        console.log(`Migrated the embedded database (${applied.length} migrations).`)
      }
    }
    const code = await command(deps)
    process.exitCode = code ?? EXIT.ok
  } finally {
    await deps.close()
  }
}

export function buildCli(): Command {
  const program = new Command('tally')
    .description('Tally: crime recording and investigation management')
    .showHelpAfterError()
    .exitOverride()

  addServerCommands(program)
  addAccountCommands(program)
  addDemoCommands(program)
  addForecastCommands(program)
  addOffenceCodeCommands(program)
  addGenerateCommand(program)
  addRecordCommands(program)
  addPoliceUk(program)
  addAuditTrailCommands(program)
  addBackupCommands(program)
  return program
}

/** `tally` commands for the server and its database. */
function addServerCommands(program: Command): void {
  program
    .command('serve')
    .description('serve the web application and API (migrates the embedded database first)')
    .action(() => serve())

  program
    .command('migrate')
    .description('apply pending database migrations (on Citus, then distribute the tables by force)')
    .option('--distribute', 'create the citus extension if absent and distribute every table by force (docs/citus.md)')
    .option('--shard-count <n>', 'with --distribute, the first time: shards per table (default citus.shard_count)')
    .action((options: MigrateOptions) => withDeps((deps) => migrate(deps, options), { schema: 'as-found' }))
}

/** `tally` commands for forces, users, API tokens and separation of duties. */
function addAccountCommands(program: Command): void {
  program
    .command('create-force')
    .description('create a force (a tenant); its users and data are invisible to every other force')
    .requiredOption('--code <code>', 'short code, 2-20 letters, digits or hyphens (e.g. NTH)')
    .requiredOption('--name <name>', 'full name (e.g. "Northamptonshire Police")')
    .option('--crime-reference-prefix <prefix>', 'prefix of crime reference numbers (default: the code)')
    .action((options: { code: string; name: string; crimeReferencePrefix?: string }) =>
      withDeps((deps) => createForce(deps, options)),
    )

  program
    .command('create-user')
    .description('create a user account in a force')
    .requiredOption('--force <code>', 'the force the user belongs to')
    .requiredOption('--username <username>', 'sign-in name')
    .requiredOption('--name <name>', 'the person’s full name')
    .addOption(new Option('--role <role...>', 'one or more roles').choices(ROLES).makeOptionMandatory())
    .option('--email <email>', 'email address')
    .addHelpText('after', '\nThe password is read from standard input (asked for, unechoed, on a terminal).')
    .action((options: { force: string; username: string; name: string; role: string[]; email?: string }) =>
      withDeps((deps) => createUser(deps, options)),
    )

  program
    .command('create-token')
    .description('create an API token for another system; prints the token once')
    .requiredOption('--force <code>', 'the force the token acts in')
    .requiredOption('--name <name>', 'the system that will use it (e.g. "STORM command and control")')
    .addOption(new Option('--role <role>', 'the role it acts as').choices(ROLES).makeOptionMandatory())
    .action((options: { force: string; name: string; role: string }) => withDeps((deps) => createToken(deps, options)))

  program
    .command('role-separation')
    .description('show or set which roles nobody in a force may hold together (rule 9, separation of duties)')
    .requiredOption('--force <code>', 'the force')
    .addOption(new Option('--role <role>', 'the role to keep apart from others').choices(ROLES))
    .option('--incompatible <roles>', 'the roles nobody may hold with it, comma-separated (empty: none)', commaList)
    .action((options: { force: string; role?: string; incompatible?: string[] }) =>
      withDeps((deps) => roleSeparation(deps, options)),
    )
}

/** `tally` commands for the demo force and its scenarios. */
function addDemoCommands(program: Command): void {
  program
    .command('seed-demo')
    .description('create the demo force with a user for every role and demo data (refused in production)')
    .addOption(
      new Option(
        '--scenario <name>',
        'also load a scenario into the demo force (imu-2014: the 2014 IMU replay)',
      ).choices(DEMO_SCENARIOS),
    )
    .action((options: { scenario?: DemoScenario }) =>
      withDeps(async (deps) => {
        const { created, forceId } = await seedDemo(deps, { onStep: (name) => console.log(`  seeding ${name}…`) })
        console.log(created ? 'Demo force created.' : 'The demo force already exists; nothing changed.')
        if (options.scenario) {
          console.log(`Loading the ${options.scenario} scenario…`)
          for (const line of await loadScenario(deps, systemActor(forceId, 'Demo scenario'), options.scenario)) {
            console.log(`  ${line}`)
          }
        }
      }),
    )
}

/** `tally` commands for the capacity forecast and the risk register. */
function addForecastCommands(program: Command): void {
  program
    .command('forecast')
    .description(
      'forecast each IMU queue for the coming weeks, with breach dates and the staff that would prevent them',
    )
    .option('--force <code>', 'the force to forecast (not needed with --history)')
    .option('--weeks <n>', 'weeks to forecast (1-26)', '12')
    .addOption(new Option('--scenario <name...>', 'named what-ifs').choices(['experienced-absent', 'new-untrained']))
    .option('--absent-most-experienced <n>', 'what if the n most experienced staff are absent')
    .option('--absent-from <date>', 'absent from (YYYY-MM-DD, default today)')
    .option('--absent-to <date>', 'absent until (YYYY-MM-DD, default three months on)')
    .option('--new-staff <n>', 'what if n new staff join')
    .option('--productivity <percent>', 'new staff productivity while learning (default 30)')
    .option('--ramp-weeks <n>', 'weeks before new staff count in full (default 8)')
    .option('--backtest', 'also report the forecast error on the last four weeks of history')
    .option('--export-history <file>', "write the force's history to a file in the history format (README)")
    .option('--history <file>', 'forecast from a history file instead of a force (no database needed)')
    .option(
      '--as-of <date>',
      'with --history: forecast as on this day, from the days before it; with --export-history: the days before it',
    )
    .option('--json', 'with --history: print the forecast as JSON')
    .action(
      async (
        options: ForecastOptions & { exportHistory?: string; history?: string; asOf?: string; json?: boolean },
      ) => {
        if (options.history !== undefined) {
          process.exitCode = await forecastFromHistoryFile({ ...options, history: options.history })
          return
        }
        if (options.force === undefined) {
          console.error('Give --force CODE, or --history FILE to forecast from a history file')
          process.exitCode = EXIT.usage
          return
        }
        const force = options.force
        const exportTo = options.exportHistory
        await withDeps((deps) =>
          exportTo === undefined
            ? forecast(deps, { ...options, force })
            : exportForecastHistory(deps, {
                force,
                exportHistory: exportTo,
                ...(options.asOf ? { asOf: options.asOf } : {}),
              }),
        )
      },
    )

  const risks = program.command('risks').description('the crime-data-integrity risk register')
  risks
    .command('check')
    .description('check every watched indicator now; raise or escalate risks whose trigger is crossed')
    .option('--force <code>', 'check one force only')
    .option('--date <date>', 'check as of this day (YYYY-MM-DD, default today)')
    .action((options: { force?: string; date?: string }) => withDeps((deps) => checkRisks(deps, options)))
}

/** `tally` commands for the Home Office offence list. */
function addOffenceCodeCommands(program: Command): void {
  const offenceCodes = program
    .command('offence-codes')
    .description('the Home Office offence list, as versioned reference data')
  offenceCodes
    .command('import')
    .description(
      'import a new version of the notifiable offence list into a force (nothing stored unless every line is valid)',
    )
    .requiredOption('--force <code>', 'the force')
    .requiredOption('--version <version>', 'the new version’s name, e.g. 2026-27')
    .requiredOption('--file <path>', 'CSV with code, label, parent_code, parent_label, is_home_office_code')
    .requiredOption('--source <text>', 'where the list comes from (publisher and document)')
    .option('--licence <text>', 'the licence it is published under', 'Open Government Licence v3.0')
    .option('--make-current', 'classify new crimes against this version from now on')
    .option('--rape-groups <groups>', 'the list’s offence groups of rape, comma-separated (rules 6 and 8)', commaList)
    .option(
      '--principal-ranking <entries>',
      'codes or groups, most serious first, comma-separated (rule 11)',
      commaList,
    )
    .action(
      (options: {
        force: string
        version: string
        file: string
        source: string
        licence: string
        makeCurrent?: boolean
        rapeGroups?: string[]
        principalRanking?: string[]
      }) => withDeps((deps) => importOffenceCodes(deps, options)),
    )
  offenceCodes
    .command('list')
    .description('the offence list versions a force holds (* = current)')
    .requiredOption('--force <code>', 'the force')
    .action((options: { force: string }) => withDeps((deps) => listOffenceCodeVersions(deps, options)))
}

/** `tally` commands for synthetic data for load tests. */
function addGenerateCommand(program: Command): void {
  program
    .command('generate')
    .description('fill a force or new synthetic forces with realistic synthetic crimes and their history (load tests)')
    .option('--crimes <n>', 'how many crimes in all (e.g. 100000)')
    .option('--national', 'make the 43 forces of England and Wales with a national year (6.6 million crimes), by COPY')
    .option('--scale <f>', 'with --national: this share of the year (0.01: 66,000 crimes; default 1)')
    .option('--forces <k>', 'make this many new synthetic forces and share the crimes between them (default 1)')
    .option('--force <code>', 'fill this existing force instead (needs --synthetic-data-in-real-force)')
    .option('--synthetic-data-in-real-force', 'confirm that synthetic crimes may be added to an existing force')
    .option('--days <d>', 'spread the crimes over this many days up to now (default 365)')
    .option('--incidents', 'also the incidents they came from, and a day of reports awaiting a recording decision')
    .option('--seed <n>', 'a seed, for the same data again')
    .option('--password <password>', 'the password for the new forces’ users (default: a random one, not shown)')
    .option('--no-analyse', 'skip updating the database statistics afterwards')
    .action((options: GenerateCommandOptions) => withDeps((deps) => generate(deps, options)))
}

/** `tally` commands for jobs over crime records: drafts, retention, queue snapshots, integrity. */
function addRecordCommands(program: Command): void {
  const crimes = program.command('crimes').description('crime records')
  crimes
    .command('purge-drafts')
    .description('delete record-a-crime drafts untouched for 7 days (they hold victims’ personal data)')
    .option('--force <code>', 'one force only (default: every force)')
    .action((options: { force?: string }) => withDeps((deps) => purgeCrimeDrafts(deps, options)))

  const retention = program.command('retention').description('retention review under MoPI (rule 21)')
  retention
    .command('schedule')
    .description('work out every crime’s and person’s retention category and next review date (nightly in serve)')
    .option('--force <code>', 'one force only (default: every force)')
    .action((options: { force?: string }) => withDeps((deps) => scheduleRetention(deps, options)))
  retention
    .command('review-due')
    .description('list the records whose retention review date has come, oldest first')
    .requiredOption('--force <code>', 'the force')
    .action((options: { force: string }) => withDeps((deps) => listReviewDue(deps, options)))

  const queues = program.command('queues').description('the IMU work queues')
  queues
    .command('snapshot')
    .description('write the daily queue snapshots for days that have ended and have none yet')
    .option('--force <code>', 'one force only (default: every force)')
    .option('--days <n>', 'reach back this many days, rebuilding past days from the status history (default 7)')
    .action((options: { force?: string; days?: string }) => withDeps((deps) => snapshotQueues(deps, options)))

  const integrity = program.command('integrity').description('crime-data integrity')
  integrity
    .command('scan')
    .description('read incident narratives (JSON lines) and say which disclose a crime, why, and its likely group')
    .requiredOption('--input <file>', 'JSON lines: {"id": "...", "text": "...", "category": "..."} (category optional)')
    .option('--model <force-code>', 'use what this force’s reviewers’ verdicts have taught the detector')
    .addHelpText(
      'after',
      '\nWrites one JSON line per input line: {"id", "crimeIndicative", "score", "offenceGroup", "reasons"}.\nA bad line gets an error naming its line number on standard error; exit code 1 if any line was bad.',
    )
    .action(async (options: { input: string; model?: string }) => {
      process.exitCode = await integrityScan(options)
    })
}

/** `tally` commands for the audit trail. */
function addAuditTrailCommands(program: Command): void {
  const auditTrail = program.command('audit-trail').description('the tamper-evident audit trail')
  auditTrail
    .command('verify')
    .description(
      'recompute every force’s hash chain, report every altered, removed, reordered or unkeyed event, and check the latest exported anchor',
    )
    .option('--force <code>', 'check one force only')
    .option('--anchor <seq:hash>', 'a chain head noted earlier, which must still be in the chain')
    .option('--anchor-file <file>', 'check this exported anchor instead of the latest in AUDIT_ANCHOR_DIR')
    .option('--no-anchor-check', 'do not check the exported anchors')
    .action((options: VerifyOptions) => withDeps((deps) => verifyAuditTrail(deps, options)))
  auditTrail
    .command('anchor')
    .description(
      'export every force’s chain head, signed with the chain key, to AUDIT_ANCHOR_DIR (serve does it daily)',
    )
    .option('--dir <directory>', 'write here instead of AUDIT_ANCHOR_DIR')
    .action((options: { dir?: string }) => withDeps((deps) => exportAuditAnchor(deps, options)))
}

/** `tally` commands for backing up and restoring the embedded database. */
function addBackupCommands(program: Command): void {
  program
    .command('backup')
    .description('back up the embedded database to FILE (stop tally serve first); PostgreSQL: see docs/operations.md')
    .argument('<file>', 'the backup file to write (a gzipped tar)')
    .option('--force', 'replace FILE if it exists')
    .action(async (file: string, options: { force?: boolean }) => {
      process.exitCode = await backupDatabase(loadConfig(), file, options)
    })

  program
    .command('restore')
    .description('restore the embedded database from a backup, verifying its audit trail before it replaces anything')
    .argument('<file>', 'a file written by tally backup')
    .option('--force', 'replace a data folder that already holds a database (it is kept beside the new one)')
    .action(async (file: string, options: { force?: boolean }) => {
      process.exitCode = await restoreDatabase(loadConfig(), file, options)
    })
}

/** `tally police-uk …` (rule 25 exports; imports of any force's published files; summaries). */
function addPoliceUk(program: Command): void {
  const policeUk = program
    .command('police-uk')
    .description('police.uk open data: the force’s monthly files, and other forces’')
  policeUk
    .command('export')
    .description(
      'write the force’s street-level crime and outcomes files for a month, exactly as police.uk publishes them',
    )
    .requiredOption('--force <code>', 'the force')
    .requiredOption('--month <YYYY-MM>', 'the month')
    .requiredOption('--out <dir>', 'the folder to write YYYY-MM-<force>-street.csv and -outcomes.csv into')
    .action((options: { force: string; month: string; out: string }) =>
      withDeps((deps) => exportPoliceUk(deps, options)),
    )
  policeUk
    .command('import')
    .description('import police.uk street or outcomes files of any force (a file with a bad row stores nothing)')
    .argument('<file...>', 'police.uk CSV files')
    .requiredOption('--force <code>', 'the force whose open-data store receives them (who may read them)')
    .option('--skip-bad-rows', 'store the good rows and report the bad ones')
    .option('--no-progress', 'no progress bar')
    .action((files: string[], options: { force: string; skipBadRows?: boolean; progress?: boolean }) =>
      withDeps((deps) => importPoliceUk(deps, files, options)),
    )
  policeUk
    .command('summary')
    .description('count an imported street file: rows, blank and distinct Crime IDs, by crime type and outcome')
    .requiredOption('--force <code>', 'the force whose open-data store to read')
    .requiredOption('--month <YYYY-MM>', 'the month')
    .requiredOption('--falls-within <name>', 'the force as police.uk names it, e.g. "City of London Police"')
    .option('--json', 'print JSON')
    .action((options: { force: string; month: string; fallsWithin: string; json?: boolean }) =>
      withDeps((deps) => summaryPoliceUk(deps, options)),
    )
  policeUk
    .command('map-points')
    .description('the anonymous map points crimes are placed at')
    .command('import')
    .description('replace the force’s map points (CSV: longitude, latitude, location, lsoa_code, lsoa_name)')
    .requiredOption('--force <code>', 'the force')
    .requiredOption('--file <path>', 'the CSV file')
    .action((options: { force: string; file: string }) => withDeps((deps) => importMapPoints(deps, options)))
  policeUk
    .command('crime-types')
    .description('the versioned mapping from Home Office offences to police.uk crime types')
    .command('import')
    .description('import a new version (CSV: match as code:<code> or group:<group>, crime_type; blank = not published)')
    .requiredOption('--force <code>', 'the force')
    .requiredOption('--version <version>', 'the new version’s name')
    .requiredOption('--file <path>', 'the CSV file')
    .requiredOption('--source <text>', 'where the mapping comes from')
    .option('--make-current', 'use it for exports from now on')
    .action((options: { force: string; version: string; file: string; source: string; makeCurrent?: boolean }) =>
      withDeps((deps) => importCrimeTypes(deps, options)),
    )
  policeUk
    .command('population')
    .description('record a force area’s population, for rates per 1,000 on the comparison page')
    .requiredOption('--force <code>', 'the force recording it')
    .requiredOption('--falls-within <name>', 'the force area as police.uk names it')
    .requiredOption('--population <n>', 'the population')
    .requiredOption('--source <text>', 'where the figure comes from')
    .action((options: { force: string; fallsWithin: string; population: string; source: string }) =>
      withDeps((deps) => setPopulation(deps, options)),
    )
}

export async function runCli(argv: readonly string[]): Promise<void> {
  try {
    await buildCli().parseAsync(argv, { from: 'user' })
  } catch (error) {
    process.exitCode = reportFailure(error)
  }
}

function reportFailure(error: unknown): number {
  if (error instanceof CommanderError) {
    // Help and version requests end here too, with exit code 0.
    return error.exitCode === 0 ? EXIT.ok : EXIT.usage
  }
  if (error instanceof ConfigError) {
    console.error(error.message)
    return EXIT.usage
  }
  if (error instanceof ValidationFailed) {
    console.error('Nothing was changed:')
    for (const fieldError of error.fieldErrors) {
      console.error(`  - ${fieldError.field}: ${fieldError.message}`)
    }
    return EXIT.usage
  }
  if (error instanceof Conflict) {
    console.error(`Nothing was changed: ${error.message}`)
    return EXIT.usage
  }
  console.error(error instanceof Error ? error.message : String(error))
  return EXIT.failed
}

/** A comma-separated option as a list; an empty value is an empty list. */
function commaList(value: string): string[] {
  return value
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean)
}
