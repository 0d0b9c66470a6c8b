/**
 * `npx tsx bench/forecast/trace.ts STORY SEED`: one simulated run week by week — the backlog, what Tally and the
 * naive line said (4-week central and band, chance of passing the line), and what happened 4 weeks later.
 * For looking into one story's behaviour; the evaluation's table is evaluate.ts.
 */
import { addDays } from '../../src/platform/dates.ts'
import { simulateUnit, storyByKey } from '../../src/modules/capacity/index.ts'
import { naiveForecaster, tallyForecaster } from './forecasters.ts'

const [key = 'surge', seedText = '101'] = process.argv.slice(2)
const story = storyByKey(key)
const outcome = simulateUnit(story, Number(seedText))
const watched = outcome.queueDays.filter((d) => d.queue === story.watchedQueue)
const backlogAt = new Map(watched.map((d) => [d.date, d.backlog]))
const arrivalsWeek = (monday: string, q: string) =>
  outcome.queueDays
    .filter((d) => d.queue === q && d.date >= addDays(monday, -7) && d.date < monday)
    .reduce((s, d) => s + d.arrivals, 0)
console.log(`${story.key} seed ${seedText} line ${story.line} cause ${story.causeShowsOn ?? '-'}`)
for (let week = story.evaluateFromWeek; week <= story.weeks; week += 1) {
  const monday = addDays(story.start, 7 * (week - 1))
  const past = watched.filter((d) => d.date < monday)
  const t = tallyForecaster()({ outcome, monday, watched: past })
  const n = naiveForecaster({ outcome, monday, watched: past })
  const actual = backlogAt.get(addDays(monday, 27))
  const now = backlogAt.get(addDays(monday, -1))
  const f = (x: number) => x.toFixed(0).padStart(5)
  console.log(
    `${week} ${monday} now ${f(now ?? 0)} arr ${f(arrivalsWeek(monday, 'recorded'))}/${f(arrivalsWeek(monday, story.watchedQueue))} | T ${f(t.central)} [${f(t.low)},${f(t.high)}] p=${((t as { p?: number }).p ?? 0).toFixed(2)} ${t.warns ? 'W' : ' '} | N ${f(n.central)} [${f(n.low)},${f(n.high)}] ${n.warns ? 'W' : ' '} | act ${actual === undefined ? '    -' : f(actual)}`,
  )
}
