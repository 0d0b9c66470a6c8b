import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import ts from 'typescript'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Permissions } from '../../src/platform/auth/permissions.ts'
import { Forbidden } from '../../src/platform/http/errors.ts'
import type { Services } from '../../src/deps.ts'
import { createTestContext, type TestContext } from '../support/test-context.ts'

/**
 * Services are the authority on permissions: every public method of these services refuses an actor with no
 * permissions before it does anything else, so a command-line run or another module's call meets the same rule
 * as a route. Methods are found by reflection on each service's prototype; the source says which are private.
 * Every service in the composition root is listed, so a service added there must be listed here too.
 */
const CHECKED = [
  'staff',
  'staffReferenceData',
  'staffAbsences',
  'staffTraining',
  'staffCover',
  'directory',
  'accounts',
  'queues',
  'queueActions',
  'queueAllocation',
  'queueDashboard',
  'auditTrail',
  'auditTrailSearch',
  'crimes',
  'crimeDrafts',
  'crimeReferenceData',
  'incidents',
  'capacity',
  'integrity',
  'audits',
  'integrityReport',
  'openData',
  'retention',
  'disclosures',
  'personMerges',
  'risks',
  'notifications',
  'partners',
  'partnerReportDrafts',
  'victims',
  'people',
] as const satisfies ReadonlyArray<keyof Services>

/** Methods with no actor to check, each for a stated reason. */
const NO_ACTOR: Record<string, string> = {
  // Today by the injected clock: a fact, not a record.
  'staff.today': 'the date',
  'queues.now': 'the time',
  'queues.today': 'the date',
  'capacity.today': 'the date',
  'risks.today': 'the date',
  'victims.today': 'the date',
  'victims.now': 'the time',
  // The last whole month, the one a force publishes next: a date, not a record.
  'openData.lastMonth': 'the date',
  // The filing checklist's labels (rule 14), the same for everyone.
  'queues.filingChecklist': 'fixed labels',
  // The daily timer's run across every force, as Tally itself.
  'queueDashboard.snapshotAllForces': 'the timer',
  // Reads inside a transaction another service opened after its own check.
  'directory.unitsIn': 'in-transaction read',
  'directory.unitIn': 'in-transaction read',
  'directory.unitsOfTypeIn': 'in-transaction read',
  // Work inside a transaction the crimes service (or the incidents service's hook) opened after its own check.
  'crimes.offenceOrUndefined': 'in-transaction read',
  'crimes.n100ForLateRapeReportIn': 'in-transaction hook',
  'crimeReferenceData.currentVersionIn': 'in-transaction read',
  'crimeReferenceData.offenceIn': 'in-transaction read',
  'crimeReferenceData.offenceCodesIn': 'in-transaction read',
  'crimeReferenceData.listRulesIn': 'in-transaction read',
  'crimeReferenceData.currentListRulesIn': 'in-transaction read',
  'crimeReferenceData.restrictedGroupsIn': 'in-transaction read',
  'crimeReferenceData.settingsIn': 'in-transaction read',
  'crimeReferenceData.cancellationCodesIn': 'in-transaction read',
  'crimeReferenceData.isDecisionMakerIn': 'in-transaction read',
  'crimeReferenceData.viewJustificationsIn': 'in-transaction read',
  // The crimes, partners and integrity modules' steps inside their own transaction, after their own checks.
  'incidents.getIn': 'in-transaction read',
  'incidents.lockIn': 'in-transaction read',
  'incidents.intakeIn': 'in-transaction step',
  'incidents.numberNewIncidentsIn': 'in-transaction step',
  'incidents.markCrimedIn': 'in-transaction step',
  'incidents.markNotCrimedIn': 'in-transaction step',
  'incidents.sendBackNonCrimeDecisionIn': 'in-transaction step',
  'incidents.reserveNumbersIn': 'in-transaction step (the demo year)',
  'incidents.insertHistoryIn': 'in-transaction step (the demo year)',
  // The integrity module's steps inside an incident's closing transaction, after the incidents service's check.
  'integrity.queueNonCrimeClosureIn': 'in-transaction step',
  'integrity.scanIncidentIn': 'in-transaction step',
  // Notices written, and their recipients found, inside the transaction of the change they tell of (after that
  // change's own check).
  'notifications.notifyIn': 'in-transaction step',
  'notifications.usersWithRoleIn': 'in-transaction read',
  // The email outbox's timer: every force's waiting email sent by Tally itself, with no signed-in actor; and how
  // much is waiting in a force, the operator's view of the outbox (no record of anyone's, no actor).
  'notifications.waiting': 'outbox backlog by force',
  'notifications.deliverDue': 'the email timer',
  'notifications.deliverAllForces': 'the email timer',
  // A partner's organisation and report, read and made inside the question pages' transaction (partnerReportDrafts
  // checked partner-reports.submit first).
  'partners.membershipIn': 'in-transaction read',
  'partners.submitIn': 'in-transaction step',
  // A victim's outcome event, recorded by victim care's hook inside the crimes service's checked transaction.
  'victims.recordEventIn': 'in-transaction step',
  // People, places and their links made and read inside the transaction of a crime or incident being recorded or
  // changed (the crimes and incidents services checked first), or of the demo's seed, run as Tally itself.
  'people.addPerson': 'in-transaction step',
  'people.linkPerson': 'in-transaction step',
  'people.addLocation': 'in-transaction step',
  'people.addAssessment': 'in-transaction step',
  'people.changeInvolvementIn': 'in-transaction step',
  'people.involvementsFor': 'in-transaction read',
  'people.identityIn': 'in-transaction read',
  'people.samePersonIn': 'in-transaction read',
  'people.similarPeopleIn': 'in-transaction read',
  'people.getLocation': 'in-transaction read',
  // Pure helpers for the pages: a link's path, and a form's problems found without storing or reading anything.
  'people.involvementPath': 'a path',
  'people.personProblems': 'form checks, nothing read',
  // Before anyone is signed in, or forces themselves (the command line's set-up): nobody to check yet.
  'accounts.signIn': 'sign-in',
  'accounts.signInFromProvider': 'sign-in',
  'accounts.createForce': 'command-line set-up',
  'accounts.setAsideForce': 'command-line set-up',
  'accounts.findForce': 'sign-in form and command line',
  'accounts.listForces': 'sign-in form and command line',
  'accounts.listForcesInUse': 'sign-in form and start-up',
  'accounts.forceName': 'sign-in form',
  // Every module records what its actor did, inside the transaction of a change or view that actor's own
  // permission check has already allowed; the event names that actor. Checking again here would ask the audit
  // trail to know every module's rules, and a refusal would lose the record of something that happened.
  'auditTrail.record': 'recorded on behalf of an actor already checked',
  // The timeline on a record's page, read inside the transaction of the record's own (checked and audited) view.
  'auditTrail.forRecord': 'in-transaction read',
  // The operator's integrity checks of the hash chain (tally audit-trail verify / anchor, and the daily anchor
  // timer): across every force, run by whoever runs the command line, with no signed-in actor.
  'auditTrail.hashAt': 'command-line chain check',
  'auditTrail.verify': 'command-line chain check',
  'auditTrail.anchor': 'command-line and timer chain anchor',
  'auditTrail.checkAnchor': 'command-line chain check',
}

/** Public methods a class declares in `src/`, read from its source (TypeScript's `private` is gone at run time). */
function declaredPublicMethods(className: string): Set<string> {
  const file = sourceFiles(join(import.meta.dirname, '../../src')).find((path) =>
    readFileSync(path, 'utf8').includes(`export class ${className} `),
  )
  if (!file) {
    throw new Error(`No source declares class ${className}`)
  }
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest)
  const methods = new Set<string>()
  source.forEachChild(function visit(node) {
    if (ts.isClassDeclaration(node) && node.name?.text === className) {
      for (const member of node.members) {
        const hidden = ts
          .getModifiers(member as ts.MethodDeclaration)
          ?.some((m) => m.kind === ts.SyntaxKind.PrivateKeyword || m.kind === ts.SyntaxKind.ProtectedKeyword)
        if (ts.isMethodDeclaration(member) && ts.isIdentifier(member.name) && !hidden) {
          methods.add(member.name.text)
        }
      }
    }
  })
  return methods
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory()
      ? sourceFiles(join(dir, entry.name))
      : entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts')
        ? [join(dir, entry.name)]
        : [],
  )
}

/**
 * An actor holding no permissions whose every other property, and every other argument, throws when touched: a
 * method that reads its force, its input or anything else before checking fails with that, not with Forbidden.
 */
function poisoned(what: string): never {
  return new Proxy(
    {},
    {
      get(_target, property) {
        if (what === 'actor' && property === 'permissions') {
          return new Permissions([])
        }
        // Tally itself may do some things whatever its roles; asking whether this is Tally is part of the check.
        if (what === 'actor' && property === 'type') {
          return 'user'
        }
        throw new Error(`${what}.${String(property)} was read before the permission check`)
      },
    },
  ) as never
}

async function outcomeOf(call: () => unknown): Promise<unknown> {
  try {
    const result = call()
    if (result !== null && typeof result === 'object' && Symbol.asyncIterator in result) {
      await (result as AsyncGenerator).next()
    } else {
      await result
    }
    return undefined
  } catch (error) {
    return error
  }
}

describe('service permissions', () => {
  let ctx: TestContext

  beforeAll(async () => {
    ctx = await createTestContext()
  })
  afterAll(() => ctx.close())

  it('lists every service in the composition root as checked', () => {
    expect(Object.keys(ctx.deps.services).sort()).toEqual([...CHECKED].sort())
  })

  it('refuses an actor with no permissions in every public method, before anything else happens', async () => {
    const unchecked: string[] = []
    for (const key of CHECKED) {
      const service = ctx.deps.services[key] as unknown as Record<string, (...args: unknown[]) => unknown>
      const prototype = Object.getPrototypeOf(service) as object
      const declared = declaredPublicMethods(prototype.constructor.name)
      const methods = Object.getOwnPropertyNames(prototype).filter(
        (name) => name !== 'constructor' && declared.has(name) && !(`${key}.${name}` in NO_ACTOR),
      )
      expect(methods.length, key).toBeGreaterThan(0)
      for (const method of methods) {
        const args = [poisoned('actor'), poisoned('argument'), poisoned('argument'), poisoned('argument')]
        const outcome = await outcomeOf(() => service[method]!(...args))
        if (!(outcome instanceof Forbidden)) {
          unchecked.push(`${key}.${method}: ${outcome instanceof Error ? outcome.message : 'did not refuse'}`)
        }
      }
    }
    expect(unchecked).toEqual([])
  })

  it('keeps the no-actor list to methods that exist', () => {
    for (const name of Object.keys(NO_ACTOR)) {
      const [key, method] = name.split('.') as [keyof Services, string]
      expect(typeof (ctx.deps.services[key] as unknown as Record<string, unknown>)[method], name).toBe('function')
    }
  })
})
