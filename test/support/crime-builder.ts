import type { Actor } from '../../src/platform/auth/actor.ts'
import type { Deps } from '../../src/deps.ts'
import {
  allowedCrimeActions,
  CRIME_WORKFLOW,
  FILING_CHECKLIST,
  type CrimeAction,
  type CrimeActionInput,
  type CrimeField,
  type CrimeRow,
  type CrimeStatus,
  type CrimeTransition,
  type RecordCrimeInput,
} from '../../src/modules/crimes/index.ts'
import type { TestForce } from './test-context.ts'

const HOUR = 3_600_000

/** The officer a crime is allocated to: their actor takes the investigating officer's steps. */
export interface AllocatedOfficer {
  actor: Actor
  userId: string
}

export interface CrimeAtOptions {
  /** The force the crime is recorded in (default the test's main force). */
  force?: TestForce
  /** Records the crime and takes the IMU's steps (default the force's IMU decision maker). */
  decisionMaker?: Actor
  /** Allocated the crime; submits it for filing and asks for cancellations (default the force's officer). */
  officer?: AllocatedOfficer
  /** Changes to the direct report recorded at the start (flags, summary, times, offence). */
  recording?: Partial<RecordCrimeInput>
  /** Changes to what a step is given, by action (a closing summary of the test's own, say). */
  steps?: Partial<Record<CrimeAction, Partial<CrimeActionInput>>>
}

export interface CrimeBuilder {
  /**
   * A new crime, recorded as a direct 101 report of a theft of a pedal cycle two hours ago and walked by the
   * real crimes service to `status` along the shortest path the workflow table (crimes.workflow.ts) allows:
   * each step taken by whoever the table lets take it (the allocated officer for an officer's steps, otherwise
   * the decision maker), with the inputs the step requires. Assumes the force's usual authorisation groups.
   */
  at(status: CrimeStatus, options?: CrimeAtOptions): Promise<CrimeRow>
}

interface Walkers {
  decisionMaker: Actor
  /** Only asked for when a step needs the officer, so a crime that never reaches one adds no officer to the force. */
  officer: () => Promise<AllocatedOfficer>
}

type StepInput = Partial<CrimeActionInput>

/**
 * What each kind of input is given on the way, in the words an officer or the IMU would use. A status whose
 * path needs a field not listed here cannot be reached by the builder (it says which).
 */
const STEP_INPUTS: Partial<Record<CrimeField, (walkers: Walkers) => StepInput | Promise<StepInput>>> = {
  assignment: async ({ officer }) => ({ assignedUserId: (await officer()).userId }),
  outcome: () => ({ outcomeType: 18 }),
  closingSummary: () => ({ closingSummary: 'No lines of enquiry left.' }),
  filingChecklist: () => ({ checklist: Object.keys(FILING_CHECKLIST) }),
  reason: () => ({ reason: 'The investigation needs another look.' }),
  cancellation: () => ({ cancellationCode: 'C4', rationale: 'Recorded in error', victimInformed: true }),
}

/** A row that leads to a named status (not back to the previous one, nor staying put). */
type Step = CrimeTransition & { to: CrimeStatus }

const leadsSomewhere = (rule: CrimeTransition): rule is Step => rule.to !== 'unchanged' && rule.to !== 'previous'

/** The steps from `recorded` to `status`, fewest first, taking the table's rows in order (breadth first). */
export function pathTo(status: CrimeStatus): Step[] {
  const reached = new Map<CrimeStatus, Step[]>([['recorded', []]])
  const frontier: CrimeStatus[] = ['recorded']
  while (frontier.length > 0 && !reached.has(status)) {
    const from = frontier.shift()!
    for (const rule of CRIME_WORKFLOW.filter(leadsSomewhere)) {
      if (rule.from.includes(from) && !reached.has(rule.to) && rule.requires.every((field) => field in STEP_INPUTS)) {
        reached.set(rule.to, [...reached.get(from)!, rule])
        frontier.push(rule.to)
      }
    }
  }
  const path = reached.get(status)
  if (!path) {
    throw new Error(`The crime builder cannot reach "${status}": give STEP_INPUTS the fields its path requires`)
  }
  return path
}

/** Who takes `rule` from `status`: an officer's steps are the allocated officer's, the rest the IMU's. */
async function walkerFor(rule: CrimeTransition, status: CrimeStatus, walkers: Walkers): Promise<Actor> {
  const may = (actor: Actor) =>
    allowedCrimeActions(actor.roles, {
      status,
      canAuthoriseCancellation: actor.roles.some(
        (role) => role === 'imu_decision_maker' || role === 'force_crime_registrar',
      ),
    }).includes(rule)
  const officersStep = rule.permission === 'crimes.outcome' || rule.when === 'cannot_authorise_cancellation'
  if (!officersStep && may(walkers.decisionMaker)) {
    return walkers.decisionMaker
  }
  const officer = (await walkers.officer()).actor
  if (may(officer)) {
    return officer
  }
  if (may(walkers.decisionMaker)) {
    return walkers.decisionMaker
  }
  throw new Error(`Neither the decision maker nor the officer may "${rule.label}" a crime that is ${status}`)
}

export function crimeBuilder(deps: Deps, mainForce: TestForce): CrimeBuilder {
  return {
    async at(status, options = {}) {
      const force = options.force ?? mainForce
      const given = options.officer
      const walkers: Walkers = {
        decisionMaker: options.decisionMaker ?? (await force.user('imu_decision_maker')).actor,
        officer: () => (given ? Promise.resolve(given) : force.user('officer')),
      }
      const crimes = deps.services.crimes
      const now = deps.clock.now()
      let crime = (
        await crimes.record(walkers.decisionMaker, {
          directReportChannel: '101',
          reportedAt: new Date(now.getTime() - 2 * HOUR),
          offenceCode: '49',
          offenceFrom: new Date(now.getTime() - 3 * HOUR),
          ...options.recording,
        })
      ).crime
      let from: CrimeStatus = 'recorded'
      for (const rule of pathTo(status)) {
        const input: CrimeActionInput = { action: rule.action, expectedVersion: crime.version }
        for (const field of rule.requires) {
          Object.assign(input, await STEP_INPUTS[field]!(walkers))
        }
        Object.assign(input, options.steps?.[rule.action])
        crime = await crimes.act(await walkerFor(rule, from, walkers), crime.crimeId, input)
        from = rule.to
      }
      return crime
    },
  }
}
