/**
 * The demo force and the synthetic-data generator, outside the modules: everything here is built through the
 * modules' public surfaces (their index.ts), as any other caller would. `seedDemo` makes the demo force that
 * `npm start` shows on an empty data folder and `tally seed-demo` makes on request; `generateCrimes` is
 * `tally generate`'s set-based loader (for benchmarks and the demo's ten weeks of growing filing backlog).
 */
export { DEMO_BUILDING_MARKER, seedDemo, startDemo, type DemoContext, type SeedOptions } from './seed.ts'
export { DEMO_FORCE, DEMO_PASSWORD, demoUsers } from './users.ts'
export { DEMO_SCENARIOS, isDemoScenario, loadScenario, type DemoScenario } from './scenarios.ts'
export {
  OFFENCE_MIX,
  analyseAfterLoad,
  generateCrimes,
  type GenerateOptions,
  type GenerateResult,
} from './generator.ts'
export { createSyntheticForce, existingForce, type SyntheticForce } from './synthetic-forces.ts'
export { seedCrimesDemo, type CrimesDemoDeps, type CrimesDemoOptions } from './crimes/history.ts'
export { addDemoPeople } from './people.ts'
