import { scanLines } from '../../src/cli/commands/integrity-scan.ts'
import { Detector, INDICATORS } from '../../src/modules/integrity/index.ts'
import { LABELLED_NARRATIVES } from '../../test/fixtures/integrity/narratives.ts'
import type { BenchScenario } from '../support.ts'

/**
 * `tally integrity scan` against the cheapest thing that could claim to do its job: one pass of a single compiled
 * regular expression holding the same offence-indicator lexicon, over the same narratives. The scan parses each
 * JSON line, tokenises, stems, weighs and explains, and writes a JSON line; the regex only finds the words.
 */
const lexiconRegex = new RegExp(
  `\\b(?:${INDICATORS.map((i) => i.term.replace('*', '').replaceAll(' ', '\\s+')).join('|')})`,
  'gi',
)

/** Narratives made from Tally's own labelled fixtures, varied so the vocabulary keeps growing as a log's does. */
function corpus(size: number): string[] {
  const extra = [
    'near the shops',
    'at about 2300',
    'outside number 14',
    'in the car park',
    'on the 42 bus',
    'by the canal',
  ]
  return Array.from({ length: size }, (_, i) => {
    const base = LABELLED_NARRATIVES[i % LABELLED_NARRATIVES.length]!.text
    return `${base} ${extra[i % extra.length]!} ref${i % 997} ${extra[(i * 7) % extra.length]!}`
  })
}

export const integrityScenarios: BenchScenario[] = [
  {
    name: 'integrity scan',
    async run(env) {
      const texts = corpus(env.quick ? 5_000 : 50_000)
      const lines = texts.map((text, i) => JSON.stringify({ id: `INC-${i}`, text, category: 'concern-for-safety' }))
      const megabytes = texts.reduce((sum, t) => sum + t.length, 0) / 1_000_000
      const detector = new Detector()
      const best = async (work: () => unknown) => {
        let fastest = Number.POSITIVE_INFINITY
        for (let round = 0; round < 5; round++) {
          const start = performance.now()
          await work()
          fastest = Math.min(fastest, performance.now() - start)
        }
        return fastest
      }
      let written = 0
      const scan = await best(() =>
        scanLines(lines, detector, { out: (l) => (written += l.length), err: () => undefined }),
      )
      let found = 0
      const regex = await best(() => {
        for (const text of texts) {
          for (const _ of text.matchAll(lexiconRegex)) {
            found++
          }
        }
      })
      return [
        {
          scenario: 'Uncrimed-incident scan (tally integrity scan)',
          measure: 'time per MB of narrative',
          tally: scan / megabytes,
          baseline: regex / megabytes,
          baselineName: 'one pass of the lexicon as one compiled regex',
          unit: 'ms',
          note: `${texts.length.toLocaleString('en-GB')} narratives, ${megabytes.toFixed(1)} MB; the scan parses JSON, scores, explains and writes a JSON line per narrative (${written > 0 && found > 0 ? 'both ran' : 'check'}); target ratio ≤ 3`,
        },
      ]
    },
  },
]
