/**
 * Crime-recording rules as data and pure functions (DOMAIN.md §1–2, rules 2, 6, 10–13 and 23). The service
 * applies them; the tests prove each against its rule. One file per topic: recording (rules 2, 8, 23 and the
 * recording decision), offences (rule 10), counting (rule 11), outcomes (rules 12–13), cancellation (rule 6),
 * viewing (rule 20) and crime references; this file is the one place the rest of the module imports them from.
 */
export * from './crimes.rules.recording.ts'
export * from './crimes.rules.offences.ts'
export * from './crimes.rules.counting.ts'
export * from './crimes.rules.outcomes.ts'
export * from './crimes.rules.cancellation.ts'
export * from './crimes.rules.viewing.ts'
export * from './crimes.rules.references.ts'
