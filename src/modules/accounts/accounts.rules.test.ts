import { describe, expect, it } from 'vitest'
import { effectiveSeparation, roleCombinationProblems, safeReturnPath, tokenRoleProblems } from './accounts.rules.ts'

describe('safeReturnPath: after sign-in, never leave the site', () => {
  it.each([
    ['/crimes/123?tab=history', '/crimes/123?tab=history'],
    ['/', '/'],
    ['//evil.example/x', '/'],
    ['/\\evil.example', '/'],
    ['/\t/evil.example', '/'],
    ['/%09/evil.example', '/%09/evil.example'],
    ['https://evil.example/', '/'],
    ['javascript:alert(1)', '/'],
    ['/\n/evil.example', '/'],
    [undefined, '/'],
    ['/.//evil.example/', '/'],
    ['/a/..//evil.example', '/'],
    ['/%2e//evil.example', '/'],
    ['/%2E%2E//evil.example', '/'],
    ['/./\\evil.example', '/'],
    ['/%5cevil.example', '/'],
    ['/%2f%2fevil.example', '/'],
    ['/%2F/evil.example', '/'],
    ['/crimes/./123/../456', '/crimes/456'],
    ['/search?q=a//b', '/search?q=a//b'],
    ['/people?q=%2E%2F', '/people?q=%2E%2F'],
  ])('%j → %j', (input, expected) => {
    expect(safeReturnPath(input)).toBe(expected)
  })
})

describe('rule 9: the Force Crime Registrar sits outside operational line command', () => {
  it.each([
    { roles: ['force_crime_registrar'], problems: 0 },
    { roles: ['force_crime_registrar', 'auditor'], problems: 0 },
    { roles: ['force_crime_registrar', 'imu_supervisor'], problems: 1 },
    { roles: ['force_crime_registrar', 'officer'], problems: 1 },
    { roles: ['force_crime_registrar', 'imu_decision_maker'], problems: 1 },
    { roles: ['force_crime_registrar', 'control_room_operator'], problems: 1 },
    { roles: ['partner_reporter', 'officer'], problems: 1 },
    { roles: [], problems: 1 },
  ] as const)('$roles', ({ roles, problems }) => {
    expect(roleCombinationProblems(roles)).toHaveLength(problems)
  })
})

describe('rule 9: separation of duties is the force’s to extend, never below the registrar’s floor', () => {
  it('adds a force’s own pairs and keeps the registrar apart from line command whatever the force says', () => {
    const separation = effectiveSeparation({ auditor: ['imu_decision_maker'], force_crime_registrar: [] })
    expect(roleCombinationProblems(['auditor', 'imu_decision_maker'], separation)).toHaveLength(1)
    expect(roleCombinationProblems(['imu_decision_maker', 'auditor'], separation)).toHaveLength(1)
    expect(roleCombinationProblems(['force_crime_registrar', 'officer'], separation)).toHaveLength(1)
    expect(roleCombinationProblems(['auditor', 'imu_decision_maker'])).toEqual([])
  })

  it('lets tokens carry only roles meant for systems', () => {
    expect(tokenRoleProblems('control_room_operator')).toEqual([])
    expect(tokenRoleProblems('force_crime_registrar')).toHaveLength(1)
    expect(tokenRoleProblems('chief_constable')).toEqual(['Choose the role the token acts as'])
  })
})
