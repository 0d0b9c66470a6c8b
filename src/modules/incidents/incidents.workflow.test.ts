import { describe, expect, it } from 'vitest'
import { ROLES, type Role } from '../../platform/auth/roles.ts'
import {
  allowedIncidentActions,
  INCIDENT_ACTIONS,
  INCIDENT_STATUSES,
  INCIDENT_WORKFLOW,
  type IncidentAction,
} from './incidents.workflow.ts'

const EXPECTED_INCIDENT_ACTIONS: Record<
  'open-undecided' | 'open-decided' | 'closed',
  Partial<Record<Role, IncidentAction[]>>
> = {
  'open-undecided': {
    control_room_operator: ['update', 'record_crime', 'record_non_crime_decision', 'close'],
    officer: ['update', 'record_crime', 'record_non_crime_decision'],
    imu_decision_maker: ['update', 'record_crime', 'record_non_crime_decision', 'close'],
    force_crime_registrar: ['close'],
  },
  'open-decided': {
    control_room_operator: ['update', 'record_crime', 'close'],
    officer: ['update', 'record_crime'],
    imu_decision_maker: ['update', 'record_crime', 'close'],
    force_crime_registrar: ['close'],
  },
  closed: {
    control_room_operator: ['reopen'],
    imu_decision_maker: ['reopen'],
    force_crime_registrar: ['reopen'],
  },
}

describe('incidents.workflow: the incident lifecycle table', () => {
  const cases = {
    'open-undecided': { status: 'open', crimeRelated: true, recordingDecision: null },
    'open-decided': { status: 'open', crimeRelated: true, recordingDecision: 'not_crimed' },
    closed: { status: 'closed', crimeRelated: true, recordingDecision: 'crimed' },
  } as const
  for (const [name, facts] of Object.entries(cases)) {
    for (const role of ROLES) {
      it(`${name} × ${role}`, () => {
        const actions = allowedIncidentActions([role], facts).map((rule) => rule.action)
        expect(actions).toEqual(EXPECTED_INCIDENT_ACTIONS[name as keyof typeof cases][role] ?? [])
      })
    }
  }

  it('uses every incident action and status', () => {
    expect(new Set(INCIDENT_WORKFLOW.map((rule) => rule.action))).toEqual(new Set(INCIDENT_ACTIONS))
    const statuses = new Set(
      INCIDENT_WORKFLOW.flatMap((rule) => [...rule.from, rule.to]).filter((s) => s !== 'unchanged'),
    )
    expect(statuses).toEqual(new Set(INCIDENT_STATUSES))
  })

  it('rule 4: closing a crime-related incident asks for the closing category and rationale', () => {
    expect(INCIDENT_WORKFLOW.find((rule) => rule.action === 'close')!.requires).toEqual(['closing'])
    expect(INCIDENT_WORKFLOW.find((rule) => rule.action === 'record_non_crime_decision')!.requires).toEqual([
      'nonCrimeDecision',
    ])
  })
})
