import { systemActor } from '../../src/platform/auth/actor.ts'
import { captureRecording, submission } from '../record-capture.ts'
import { percentile, time, type BenchRow, type BenchScenario } from '../support.ts'

/**
 * Recording a crime from an incident through the API, as a command-and-control system does: one POST carries
 * the incident submission, the victim and the offence, and Tally writes the incident, the location, the victim
 * and their link, the crime with its classification and status history, and the audit events, in one
 * transaction, idempotently. Sixteen submissions in flight at once.
 *
 * The baseline (bench/record-capture.ts) writes the very same rows, captured from one real recording and cloned
 * with fresh ids, with plain INSERTs in one transaction per submission through the same driver.
 */
const recordCrime: BenchScenario = {
  name: 'record a crime through the API',
  async run(env) {
    const { deps, app, close } = await env.app()
    try {
      const force = await deps.services.accounts.createForce({
        code: 'BENCH',
        name: 'Bench Constabulary',
        crimeReferencePrefix: 'BC',
      })
      const { token } = await deps.services.accounts.createToken(systemActor(force.forceId, 'bench'), {
        name: 'Bench command and control',
        role: 'control_room_operator',
      })
      const submit = async (call: number) => {
        const response = await app.inject({
          method: 'POST',
          url: '/api/v1/crimes',
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
          payload: JSON.stringify(submission(call)),
        })
        if (response.statusCode !== 201) {
          throw new Error(`recording answered ${response.statusCode}: ${response.body}`)
        }
      }

      // One recording in a force of its own shows exactly which rows a recording writes.
      const capture = await deps.services.accounts.createForce({ code: 'CAPTURE', name: 'Capture Constabulary' })
      const { token: captureToken } = await deps.services.accounts.createToken(systemActor(capture.forceId, 'bench'), {
        name: 'Capture',
        role: 'control_room_operator',
      })
      // The offence list loads on a force's first recording: warm it up so the capture is an ordinary recording.
      await deps.services.crimes.offenceCodes(systemActor(capture.forceId, 'bench'))
      const raw = await captureRecording(deps.db, capture.forceId, async () => {
        const captured = await app.inject({
          method: 'POST',
          url: '/api/v1/crimes',
          headers: { authorization: `Bearer ${captureToken}`, 'content-type': 'application/json' },
          payload: JSON.stringify(submission(-1000)),
        })
        if (captured.statusCode !== 201) {
          throw new Error(`capture answered ${captured.statusCode}: ${captured.body}`)
        }
      })
      const { rowCount, tables } = raw
      env.log(`a recording writes ${rowCount} rows: ${raw.describe()}`)

      const rows: BenchRow[] = []
      const iterations = env.quick ? 200 : 2000
      const tally = await time(submit, { iterations, concurrency: 16 })
      const baseline = await time((call) => raw.insert(call), { iterations, concurrency: 16 })
      for (const [measure, tallyValue, baselineValue] of [
        ['time per crime (throughput)', 1000 / tally.throughput, 1000 / baseline.throughput],
        ['p50 latency', percentile(tally.latencies, 50), percentile(baseline.latencies, 50)],
        ['p95 latency', percentile(tally.latencies, 95), percentile(baseline.latencies, 95)],
      ] as const) {
        rows.push({
          scenario: 'Record a crime from an incident via the API, concurrency 16',
          measure,
          tally: tallyValue,
          baseline: baselineValue,
          baselineName: `the same ${rowCount} rows inserted raw, one transaction each`,
          unit: 'ms',
          note:
            measure === 'time per crime (throughput)'
              ? `each recording writes ${tables.join(', ')}; recordings in one force serialise briefly on the audit chain head and the year's crime-reference counter`
              : undefined,
        })
      }
      await raw.drop()
      return rows
    } finally {
      await close()
    }
  },
}

export const crimeScenarios: BenchScenario[] = [recordCrime]
