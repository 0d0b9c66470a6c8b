import { performance } from 'node:perf_hooks'
import { sql } from 'kysely'
import { systemActor } from '../../src/platform/auth/actor.ts'
import { COMMON_FAMILY_NAMES, COMMON_GIVEN_NAMES, NAME_VARIANTS } from '../../test/fixtures/people/name-variants.ts'
import { loadSyntheticPeople } from '../../test/fixtures/people/bulk-load.ts'
import { percentile, time, type BenchRow, type BenchScenario } from '../support.ts'

/**
 * Person search with a national-scale nominal index in one force: 1M people (50,000 with BENCH_QUICK=1) with
 * a skewed name distribution, searched by misspelt and variant names through PeopleService.search (the whole
 * request's work: the force-scoped transaction, the index look-ups, ranking, and the PEOPLE_SEARCHED audit
 * event). The baseline is the cheapest thing the same table can do: one person by primary key, in the same kind
 * of force-scoped transaction.
 */
const personSearch: BenchScenario = {
  name: 'person search',
  async run(env) {
    const { deps, close } = await env.app()
    try {
      const force = await deps.services.accounts.createForce({ code: 'BENCH', name: 'Bench Constabulary' })
      const actor = systemActor(force.forceId, 'bench')
      const count = env.quick ? 50_000 : 1_000_000
      const started = performance.now()
      await loadSyntheticPeople(deps.db, force.forceId, count, {
        onProgress: (loaded) => env.log(`loaded ${loaded.toLocaleString('en-GB')} people`),
      })
      const loadSeconds = (performance.now() - started) / 1000
      const { rows: sizes } = await sql<{ keys: number; tokens: number }>`
        select (select count(*) from person_name_key where force_id = ${force.forceId}) as keys,
               (select count(*) from person_name_spelling where force_id = ${force.forceId} and deletion = token) as tokens
      `.execute(deps.db.kysely)
      const { rows: sample } = await sql<{ personId: string }>`
        select person_id from person where force_id = ${force.forceId} order by random() limit 1000
      `.execute(deps.db.kysely)

      // Misspelt and variant forms of names that are on the index, with a common name beside them.
      const fullNames = NAME_VARIANTS.map((variant, index) =>
        variant.part === 'given'
          ? `${variant.searched} ${COMMON_FAMILY_NAMES[index % COMMON_FAMILY_NAMES.length]}`
          : `${COMMON_GIVEN_NAMES[index % COMMON_GIVEN_NAMES.length]} ${variant.searched}`,
      )
      const familyNames = NAME_VARIANTS.filter((variant) => variant.part === 'family').map((v) => v.searched)
      const iterations = env.quick ? 200 : 1000
      const search = (names: string[]) =>
        time(
          async (call) => {
            const name = names[Math.abs(call) % names.length]!
            await deps.services.people.search(actor, { name })
          },
          { iterations },
        )
      const fullNameTiming = await search(fullNames)
      const familyNameTiming = await search(familyNames)
      const baseline = await time(
        (call) =>
          deps.db.withForce(force.forceId, (tx) =>
            tx
              .selectFrom('person')
              .selectAll()
              .where('personId', '=', sample[Math.abs(call) % sample.length]!.personId)
              .executeTakeFirstOrThrow(),
          ),
        { iterations },
      )

      const size = `${count.toLocaleString('en-GB')} people, ${Number(sizes[0]!.keys).toLocaleString('en-GB')} name keys, ${Number(sizes[0]!.tokens).toLocaleString('en-GB')} distinct name tokens; loaded in ${loadSeconds.toFixed(0)} s`
      const rows: BenchRow[] = []
      for (const [label, timing, note] of [
        ['given and family name, one misspelt', fullNameTiming, size],
        ['family name alone, misspelt', familyNameTiming, undefined],
      ] as const) {
        for (const p of [50, 95] as const) {
          rows.push({
            scenario: `Person search (${label})`,
            measure: `p${p} latency`,
            tally: percentile(timing.latencies, p),
            baseline: percentile(baseline.latencies, p),
            baselineName: 'one person by primary key, force-scoped',
            unit: 'ms',
            ...(p === 50 && note ? { note } : {}),
          })
        }
      }
      return rows
    } finally {
      await close()
    }
  },
}

export const peopleScenarios: BenchScenario[] = [personSearch]
