import { describe, expect, it } from 'vitest'
import { isUnitType, isWorkKind, unitProblems, type UnitInput } from './directory.rules.ts'

const valid: UnitInput = {
  name: 'Investigation Management Unit',
  unitType: 'investigation_management',
  function: 'Classifies, allocates and files crimes',
  location: 'Headquarters, first floor',
  hours: 'Monday to Friday 7am to 7pm',
  contact: 'Extension 3350',
  whatToSend: 'Crimes needing classification',
  takesWork: ['crime'],
  active: true,
}

describe('unit directory entries', () => {
  it('accepts a complete entry', () => {
    expect(unitProblems(valid)).toEqual([])
  })

  it.each([
    ['name', { name: '  ' }, 'Enter the unit’s name'],
    ['function', { function: '' }, 'Enter what the unit does'],
    ['location', { location: '' }, 'Enter where the unit is'],
    ['hours', { hours: '' }, 'Enter the unit’s working hours'],
    ['contact', { contact: '' }, 'Enter how to contact the unit'],
    ['whatToSend', { whatToSend: '' }, 'Enter what work to send the unit'],
    ['unitType', { unitType: 'canteen' }, 'Choose the kind of unit'],
    ['takesWork', { takesWork: ['parcels'] }, 'Unknown kind of work: parcels. Choose incidents or crimes'],
    ['name', { name: 'x'.repeat(121) }, 'Name must be 120 characters or fewer'],
    ['whatToSend', { whatToSend: 'x'.repeat(2001) }, 'What to send must be 2000 characters or fewer'],
  ] as const)('names the field %s when it is wrong', (field, change, message) => {
    expect(unitProblems({ ...valid, ...change })).toEqual([{ field, message }])
  })

  it('reports every problem at once', () => {
    const problems = unitProblems({ ...valid, name: '', contact: '', unitType: '' })
    expect(problems.map((problem) => problem.field)).toEqual(['name', 'contact', 'unitType'])
  })

  it('knows its unit kinds and kinds of work', () => {
    expect(isUnitType('control_room')).toBe(true)
    expect(isUnitType('toString')).toBe(false)
    expect(isWorkKind('incident')).toBe(true)
    expect(isWorkKind('crime')).toBe(true)
    expect(isWorkKind('email')).toBe(false)
  })
})
