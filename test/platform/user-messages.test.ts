import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'

/**
 * What people read names no rule numbers: error and flash messages, task titles, record text and templates say
 * what is wrong or what to do in plain words. Rule numbers stay in comments and test names, and in the API's
 * OpenAPI summaries and descriptions and the CLI's help, which are for developers who read DOMAIN.md.
 */
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')
const RULE_NUMBER = /\brules? \d+/i
const STRING = /'(?:[^'\\]|\\.)*'|`(?:[^`\\]|\\.)*`|"(?:[^"\\]|\\.)*"/g
/** Property names (and CLI calls) whose strings are developer documentation, not what users read. */
const DEVELOPER_DOCS =
  /\b(summary|description)\s*:\s*$|\b(summary|description)\s*:\s*['"`]|\.(description|option|argument)\(/

function files(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name)
    if (entry.isDirectory()) {
      return ['migrations', 'cli'].includes(entry.name) ? [] : files(full)
    }
    return /\.(ts|njk)$/.test(entry.name) && !entry.name.endsWith('.test.ts') ? [full] : []
  })
}

function userFacingRuleNumbers(file: string): string[] {
  const found: string[] = []
  const lines = fs.readFileSync(file, 'utf8').split('\n')
  lines.forEach((line, index) => {
    const code = line.trimStart()
    if (!RULE_NUMBER.test(line) || /^(\/\/|\*|\/\*|\{#)/.test(code)) {
      return
    }
    const where = `${path.relative(ROOT, file)}:${index + 1}`
    if (file.endsWith('.njk')) {
      found.push(`${where}: ${code.replace(/\{#.*?#\}/g, '')}`)
      return
    }
    if (DEVELOPER_DOCS.test(line) || DEVELOPER_DOCS.test(lines[index - 1] ?? '')) {
      return
    }
    for (const literal of line.match(STRING) ?? []) {
      if (RULE_NUMBER.test(literal)) {
        found.push(`${where}: ${literal}`)
      }
    }
  })
  return found.filter((entry) => RULE_NUMBER.test(entry.slice(entry.indexOf(': ') + 2)))
}

describe('messages people read', () => {
  it('name no rule numbers (they stay in comments, test names and the API documentation)', () => {
    const found = files(path.join(ROOT, 'src')).flatMap(userFacingRuleNumbers)
    expect(found).toEqual([])
  })
})
