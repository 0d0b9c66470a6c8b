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
import { migrateToLatest } from '../platform/db/migrate.ts'
import { serve } from '../main.ts'
import { createUser } from './commands/create-user.ts'
import { createToken } from './commands/create-token.ts'
import { createForce } from './commands/create-force.ts'
import { verifyAuditTrail } from './commands/audit-trail-verify.ts'
import { seedDemo } from './commands/seed-demo.ts'

export const EXIT = { ok: 0, failed: 1, usage: 2 } as const

/** Runs `command` with freshly built dependencies and always closes them. */
async function withDeps(command: (deps: Deps) => Promise<number | void>): Promise<void> {
  const deps = await createDeps(loadConfig())
  try {
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

  program
    .command('serve')
    .description('serve the web application and API (migrates the embedded database first)')
    .action(() => serve())

  program
    .command('migrate')
    .description('apply pending database migrations')
    .action(() =>
      withDeps(async (deps) => {
        const applied = await migrateToLatest(deps.db.kysely)
        console.log(
          applied.length === 0 ? 'The database is up to date.' : `Applied ${applied.length}: ${applied.join(', ')}`,
        )
      }),
    )

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
    .command('seed-demo')
    .description('create the demo force with a user for every role and demo data (refused in production)')
    .action(() =>
      withDeps(async (deps) => {
        const { created } = await seedDemo(deps, { onStep: (name) => console.log(`  seeding ${name}…`) })
        console.log(created ? 'Demo force created.' : 'The demo force already exists; nothing changed.')
      }),
    )

  const auditTrail = program.command('audit-trail').description('the tamper-evident audit trail')
  auditTrail
    .command('verify')
    .description('recompute every force’s hash chain and report the first altered, removed or reordered event')
    .option('--force <code>', 'check one force only')
    .option('--anchor <seq:hash>', 'a chain head noted earlier, which must still be in the chain')
    .action((options: { force?: string; anchor?: string }) => withDeps((deps) => verifyAuditTrail(deps, options)))

  return program
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
