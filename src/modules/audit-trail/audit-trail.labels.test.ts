import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { Permissions } from '../../platform/auth/permissions.ts'
import { AUDIT_EVENT_LABELS, eventLabel, recordCell, recordTypeLabel } from './audit-trail.labels.ts'

const SRC = join(import.meta.dirname, '..', '..')

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name)
    if (entry.isDirectory()) {
      return sourceFiles(path)
    }
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts') ? [path] : []
  })
}

/**
 * Every event type the code records: the UPPER_SNAKE literals given as an event's `action` (auditTrail.record)
 * or as a workflow row's `audit`, including both sides of a conditional (`action: ok ? 'A_DONE' : 'A_FAILED'`).
 */
function recordedEventTypes(): Set<string> {
  const types = new Set<string>()
  for (const file of sourceFiles(SRC)) {
    for (const line of readFileSync(file, 'utf8').split('\n')) {
      if (!/\b(action|audit):\s/.test(line)) {
        continue
      }
      for (const match of line.matchAll(/'([A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+)'/g)) {
        types.add(match[1]!)
      }
    }
  }
  return types
}

describe('audit trail labels', () => {
  it('has a label for every event type recorded in src/', () => {
    const types = recordedEventTypes()
    expect(types.size).toBeGreaterThan(100)
    expect([...types].filter((type) => !(type in AUDIT_EVENT_LABELS)).sort()).toEqual([])
  })

  it.each([
    ['CRIME_RECORDED', 'Crime recorded'],
    ['CRIME_DISCLOSED', 'Crime record disclosed'],
    ['SOMETHING_NEW_HAPPENED', 'Something new happened'],
  ])('names %s as "%s"', (code, label) => {
    expect(eventLabel(code)).toBe(label)
  })

  it.each([
    ['crime-draft', 'Crime draft'],
    ['open_data_file', 'Open data file'],
    ['staff', 'Staff member'],
  ])('names the record type %s as "%s"', (type, label) => {
    expect(recordTypeLabel(type)).toBe(label)
  })

  it('names a record by its reference, linking to its page; with no name known, by its kind only', () => {
    const names = new Map([['crime:c-1', 'AB/26/000001']])
    const inspector = new Permissions(['inspector'])
    expect(recordCell('crime', 'c-1', names, inspector)).toEqual({ text: 'Crime AB/26/000001', href: '/crimes/c-1' })
    expect(recordCell('crime', 'c-2', names, inspector)).toEqual({ text: 'Crime' })
    expect(recordCell('audit-trail', 'search', names, inspector)).toEqual({ text: 'Audit trail' })
  })

  it('links a record only when the reader may open its page', () => {
    const names = new Map([
      ['staff:s-1', 'Margaret Ellis'],
      ['crime:c-1', 'AB/26/000001'],
    ])
    const auditor = new Permissions(['auditor'])
    expect(recordCell('staff', 's-1', names, auditor)).toEqual({ text: 'Staff member Margaret Ellis' })
    expect(recordCell('crime', 'c-1', names, auditor)).toMatchObject({ href: '/crimes/c-1' })
    expect(recordCell('staff', 's-1', names, new Permissions(['imu_supervisor']))).toMatchObject({
      href: '/staff/s-1',
    })
  })
})
