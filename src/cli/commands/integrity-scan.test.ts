import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Detector, train } from '../../modules/integrity/index.ts'
import { integrityScan } from './integrity-scan.ts'

describe('tally integrity scan', () => {
  let dir: string
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tally-scan-'))
  })
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }))

  const file = (name: string, lines: readonly string[]) => {
    const target = path.join(dir, name)
    fs.writeFileSync(target, `${lines.join('\n')}\n`)
    return target
  }

  async function run(
    options: { input: string; model?: string },
    loader?: (code: string) => Promise<Detector | undefined>,
  ) {
    const out: string[] = []
    const err: string[] = []
    const code = await integrityScan(options, { out: (l) => out.push(l), err: (l) => err.push(l) }, loader)
    return { code, out: out.map((l) => JSON.parse(l) as Record<string, unknown>), err }
  }

  it('answers every line with id, crimeIndicative, score, offenceGroup and reasons; other fields are ignored', async () => {
    const input = file('good.jsonl', [
      JSON.stringify({
        id: 'INC-1',
        text: 'Man punched a door supervisor outside the pub',
        category: 'concern-for-safety',
        caller: 'x',
      }),
      JSON.stringify({ id: 'INC-2', text: 'Caller lost her keys in the park' }),
    ])
    const { code, out, err } = await run({ input })
    expect(code).toBe(0)
    expect(err).toEqual([])
    expect(out).toEqual([
      {
        id: 'INC-1',
        crimeIndicative: true,
        score: expect.any(Number) as number,
        offenceGroup: 'violence-against-the-person',
        reasons: expect.arrayContaining([expect.stringMatching(/punched/)]) as string[],
      },
      {
        id: 'INC-2',
        crimeIndicative: false,
        score: expect.any(Number) as number,
        offenceGroup: null,
        reasons: expect.any(Array) as string[],
      },
    ])
    expect(Object.keys(out[0]!)).toEqual(['id', 'crimeIndicative', 'score', 'offenceGroup', 'reasons'])
  })

  it('names each bad line’s number on standard error, answers the rest, and exits 1', async () => {
    const input = file('bad.jsonl', [
      JSON.stringify({ id: 'A', text: 'Bike stolen from the rack' }),
      '{ not json',
      JSON.stringify({ id: 'B' }),
      JSON.stringify([1, 2]),
      JSON.stringify({ id: 'C', text: 'Window smashed', category: 7 }),
      JSON.stringify({ id: 'D', text: 'Found property handed in' }),
    ])
    const { code, out, err } = await run({ input })
    expect(code).toBe(1)
    expect(out.map((o) => o.id)).toEqual(['A', 'D'])
    expect(err).toEqual([
      'line 2: not valid JSON',
      'line 3: "text" must be a string',
      'line 4: not a JSON object',
      'line 5: "category" must be a string when given',
    ])
  })

  it('refuses a missing file or an unknown force with exit code 2', async () => {
    expect((await run({ input: path.join(dir, 'nope.jsonl') })).code).toBe(2)
    const input = file('one.jsonl', [JSON.stringify({ id: 'A', text: 'x' })])
    const result = await run({ input, model: 'NOPE' }, () => Promise.resolve(undefined))
    expect(result).toMatchObject({ code: 2, err: ['--model: there is no force with the code NOPE'] })
  })

  it('--model uses what the force’s verdicts taught it', async () => {
    const text = 'Tenant says the landlord kept his deposit'
    const input = file('model.jsonl', [JSON.stringify({ id: 'A', text })])
    const taught = new Detector(
      train([
        { text, crime: true },
        { text: `${text} again`, crime: true },
      ]),
    )
    const plain = await run({ input })
    const withModel = await run({ input, model: 'NTH' }, (code) => Promise.resolve(code === 'NTH' ? taught : undefined))
    expect(withModel.out[0]!.score as number).toBeGreaterThan(plain.out[0]!.score as number)
  })
})
