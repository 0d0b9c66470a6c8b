import type { FieldError } from '../../platform/http/errors.ts'

/**
 * What kind of unit it is. The staff module reads `control_room` to decide whose crime-recording training is
 * measured (HMIC 2015: control-room recruits were not released for it), so the kinds are a fixed list rather
 * than free text.
 */
export const UNIT_TYPES = {
  control_room: 'Control room',
  investigation_management: 'Investigation Management Unit',
  investigation: 'Investigation (CID)',
  response: 'Response',
  safeguarding: 'Safeguarding',
  victim_care: 'Victim care',
  other: 'Other',
} as const

export type UnitType = keyof typeof UNIT_TYPES

export function isUnitType(value: string): value is UnitType {
  return Object.hasOwn(UNIT_TYPES, value)
}

/** The work a page passes on: an incident (from the control room) or a crime record. */
export const WORK_KINDS = ['incident', 'crime'] as const
export type WorkKind = (typeof WORK_KINDS)[number]

export function isWorkKind(value: string): value is WorkKind {
  return (WORK_KINDS as readonly string[]).includes(value)
}

/** A unit as a person fills it in: every text is required, because a blank line in the directory is no help. */
export interface UnitInput {
  name: string
  unitType: string
  function: string
  location: string
  hours: string
  contact: string
  whatToSend: string
  /** Which kinds of work to route to it; empty when it takes none directly. */
  takesWork: readonly string[]
  active: boolean
}

const LIMITS = {
  name: { max: 120, missing: 'Enter the unit’s name' },
  function: { max: 2000, missing: 'Enter what the unit does' },
  location: { max: 500, missing: 'Enter where the unit is' },
  hours: { max: 500, missing: 'Enter the unit’s working hours' },
  contact: { max: 500, missing: 'Enter how to contact the unit' },
  whatToSend: { max: 2000, missing: 'Enter what work to send the unit' },
} as const satisfies Record<string, { max: number; missing: string }>

/** Every problem with a unit's details, each naming its field (the form input id and API property). */
export function unitProblems(input: UnitInput): FieldError[] {
  const problems: FieldError[] = []
  for (const [field, limit] of Object.entries(LIMITS) as Array<
    [keyof typeof LIMITS, (typeof LIMITS)[keyof typeof LIMITS]]
  >) {
    const value = input[field].trim()
    if (value.length === 0) {
      problems.push({ field, message: limit.missing })
    } else if (value.length > limit.max) {
      problems.push({ field, message: `${labelOf(field)} must be ${limit.max} characters or fewer` })
    }
  }
  if (!isUnitType(input.unitType)) {
    problems.push({ field: 'unitType', message: 'Choose the kind of unit' })
  }
  const unknown = input.takesWork.filter((work) => !isWorkKind(work))
  if (unknown.length > 0) {
    problems.push({
      field: 'takesWork',
      message: `Unknown kind of work: ${unknown.join(', ')}. Choose incidents or crimes`,
    })
  }
  return problems
}

function labelOf(field: keyof typeof LIMITS): string {
  switch (field) {
    case 'name':
      return 'Name'
    case 'function':
      return 'What the unit does'
    case 'location':
      return 'Location'
    case 'hours':
      return 'Hours'
    case 'contact':
      return 'Contact'
    case 'whatToSend':
      return 'What to send'
  }
}
