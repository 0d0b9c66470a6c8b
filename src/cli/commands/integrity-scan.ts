import fs from 'node:fs'
import readline from 'node:readline'
import { loadConfig } from '../../config.ts'
import { createDeps } from '../../deps.ts'
import { ensureSchema } from '../../main.ts'
import { systemActor } from '../../platform/auth/actor.ts'
import { Detector } from '../../modules/integrity/index.ts'

export interface ScanOutput {
  out: (line: string) => void
  err: (line: string) => void
}

/** One input line checked: the report to read, or what is wrong with it (naming the field). */
export function parseScanLine(line: string): { id: string | number; text: string; category?: string } | string {
  let value: unknown
  try {
    value = JSON.parse(line)
  } catch {
    return 'not valid JSON'
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return 'not a JSON object'
  }
  const record = value as Record<string, unknown>
  if (!((typeof record.id === 'string' && record.id.trim() !== '') || typeof record.id === 'number')) {
    return '"id" must be a non-empty string'
  }
  if (typeof record.text !== 'string') {
    return '"text" must be a string'
  }
  if (record.category !== undefined && record.category !== null && typeof record.category !== 'string') {
    return '"category" must be a string when given'
  }
  return {
    id: record.id,
    text: record.text,
    ...(typeof record.category === 'string' ? { category: record.category } : {}),
  }
}

/**
 * Reads JSON lines and answers each good one with one JSON line; a bad line gets an error naming its line number
 * on standard error and no answer. Blank lines are not records and are passed over. Returns how many were bad.
 */
export async function scanLines(
  lines: AsyncIterable<string> | Iterable<string>,
  detector: Detector,
  output: ScanOutput,
): Promise<number> {
  let lineNumber = 0
  let bad = 0
  for await (const line of lines) {
    lineNumber++
    if (line.trim() === '') {
      continue
    }
    const parsed = parseScanLine(line)
    if (typeof parsed === 'string') {
      bad++
      output.err(`line ${lineNumber}: ${parsed}`)
      continue
    }
    const assessment = detector.assess(parsed.text, parsed.category)
    output.out(
      JSON.stringify({
        id: parsed.id,
        crimeIndicative: assessment.crimeIndicative,
        score: assessment.score,
        offenceGroup: assessment.offenceGroup,
        reasons: assessment.reasons,
      }),
    )
  }
  return bad
}

/** A force's detector by force code (undefined when there is no such force). */
export type ModelLoader = (forceCode: string) => Promise<Detector | undefined>

/** Opens the database only to read the force's learnt weights, then closes it before reading the file. */
export const loadForceModel: ModelLoader = async (forceCode) => {
  const deps = await createDeps(loadConfig())
  try {
    await ensureSchema(deps)
    const force = (await deps.services.accounts.listForces()).find(
      (f) => f.code.toLowerCase() === forceCode.toLowerCase(),
    )
    return force
      ? await deps.services.integrity.detectorFor(systemActor(force.forceId, 'tally integrity scan'))
      : undefined
  } finally {
    await deps.close()
  }
}

const STANDARD_OUTPUT: ScanOutput = {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
}

/**
 * `tally integrity scan --input FILE.jsonl [--model FORCE_CODE]`. Without `--model` it needs no database: the
 * shipped lexicon model reads the file. With it, the force's learnt weights are loaded first. Exit code 0 when
 * every line was answered, 1 when any line was bad, 2 when the command itself was wrong.
 */
export async function integrityScan(
  options: { input: string; model?: string | undefined },
  output: ScanOutput = STANDARD_OUTPUT,
  loadModel: ModelLoader = loadForceModel,
): Promise<number> {
  if (!fs.existsSync(options.input) || !fs.statSync(options.input).isFile()) {
    output.err(`--input: there is no file ${options.input}`)
    return 2
  }
  let detector = new Detector()
  if (options.model !== undefined) {
    const forceModel = await loadModel(options.model)
    if (!forceModel) {
      output.err(`--model: there is no force with the code ${options.model}`)
      return 2
    }
    detector = forceModel
  }
  const lines = readline.createInterface({ input: fs.createReadStream(options.input), crlfDelay: Infinity })
  const bad = await scanLines(lines, detector, output)
  return bad > 0 ? 1 : 0
}
