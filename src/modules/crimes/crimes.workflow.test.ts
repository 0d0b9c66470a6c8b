import { describe, expect, it } from 'vitest'
import { PERMISSIONS } from '../../platform/auth/permissions.ts'
import { ROLES, type Role } from '../../platform/auth/roles.ts'
import {
  allowedCrimeActions,
  CRIME_ACTIONS,
  CRIME_STATUSES,
  CRIME_WORKFLOW,
  crimeTransition,
  refusalReason,
  targetStatus,
  type CrimeAction,
  type CrimeStatus,
} from './crimes.workflow.ts'
import { canAuthoriseCancellation, DEFAULT_AUTHORISATION_GROUPS } from './crimes.rules.ts'

/**
 * The whole lifecycle, spelled out: for every crime status and every role, exactly which actions are offered
 * (for a crime in an offence group whose cancellation an IMU decision maker may authorise). Roles not listed
 * under a status may do nothing there. Any change to the workflow table must change this expectation too.
 */
const EXPECTED_CRIME_ACTIONS: Record<CrimeStatus, Partial<Record<Role, CrimeAction[]>>> = {
  recorded: {
    officer: ['update_details', 'link_person', 'change_involvement', 'request_cancellation'],
    imu_decision_maker: [
      'confirm_classification',
      'reclassify',
      'update_details',
      'link_person',
      'change_involvement',
      'cancel',
      'request_transfer',
    ],
    imu_supervisor: ['update_details', 'link_person', 'change_involvement'],
    force_crime_registrar: [
      'confirm_classification',
      'reclassify',
      'update_details',
      'link_person',
      'change_involvement',
      'cancel',
      'request_transfer',
    ],
  },
  awaiting_allocation: {
    officer: ['update_details', 'link_person', 'change_involvement', 'request_cancellation'],
    imu_decision_maker: [
      'reclassify',
      'allocate',
      'update_details',
      'link_person',
      'change_involvement',
      'cancel',
      'request_transfer',
    ],
    imu_supervisor: ['allocate', 'update_details', 'link_person', 'change_involvement'],
    force_crime_registrar: [
      'reclassify',
      'update_details',
      'link_person',
      'change_involvement',
      'cancel',
      'request_transfer',
    ],
  },
  under_investigation: {
    officer: ['update_details', 'link_person', 'change_involvement', 'submit_for_filing', 'request_cancellation'],
    imu_decision_maker: [
      'reclassify',
      'allocate',
      'update_details',
      'link_person',
      'change_involvement',
      'submit_for_filing',
      'cancel',
      'request_transfer',
    ],
    imu_supervisor: ['allocate', 'update_details', 'link_person', 'change_involvement'],
    force_crime_registrar: [
      'reclassify',
      'update_details',
      'link_person',
      'change_involvement',
      'cancel',
      'request_transfer',
    ],
  },
  awaiting_filing: {
    officer: ['update_details', 'link_person', 'change_involvement', 'request_cancellation'],
    imu_decision_maker: [
      'reclassify',
      'update_details',
      'link_person',
      'change_involvement',
      'start_quality_check',
      'return_to_officer',
      'cancel',
      'request_transfer',
    ],
    imu_supervisor: ['update_details', 'link_person', 'change_involvement', 'start_quality_check', 'return_to_officer'],
    force_crime_registrar: [
      'reclassify',
      'update_details',
      'link_person',
      'change_involvement',
      'cancel',
      'request_transfer',
    ],
  },
  imu_quality_check: {
    officer: ['update_details', 'link_person', 'change_involvement', 'request_cancellation'],
    imu_decision_maker: [
      'reclassify',
      'update_details',
      'link_person',
      'change_involvement',
      'file',
      'return_to_officer',
      'cancel',
      'request_transfer',
    ],
    imu_supervisor: ['update_details', 'link_person', 'change_involvement', 'file', 'return_to_officer'],
    force_crime_registrar: [
      'reclassify',
      'update_details',
      'link_person',
      'change_involvement',
      'cancel',
      'request_transfer',
    ],
  },
  returned_to_officer: {
    officer: ['update_details', 'link_person', 'change_involvement', 'submit_for_filing', 'request_cancellation'],
    imu_decision_maker: [
      'reclassify',
      'allocate',
      'update_details',
      'link_person',
      'change_involvement',
      'submit_for_filing',
      'cancel',
      'request_transfer',
    ],
    imu_supervisor: ['allocate', 'update_details', 'link_person', 'change_involvement'],
    force_crime_registrar: [
      'reclassify',
      'update_details',
      'link_person',
      'change_involvement',
      'cancel',
      'request_transfer',
    ],
  },
  filed: {
    officer: ['request_cancellation'],
    imu_decision_maker: ['reopen', 'revise_outcome', 'cancel'],
    imu_supervisor: ['reopen', 'revise_outcome'],
    force_crime_registrar: ['reclassify', 'cancel'],
  },
  cancellation_requested: {
    imu_decision_maker: ['authorise_cancellation', 'refuse_cancellation'],
    force_crime_registrar: ['reclassify', 'authorise_cancellation', 'refuse_cancellation'],
  },
  cancelled: {
    force_crime_registrar: ['reclassify', 'reinstate'],
  },
  transfer_requested: {
    imu_decision_maker: ['accept_transfer', 'refuse_transfer'],
    force_crime_registrar: ['reclassify', 'accept_transfer', 'refuse_transfer'],
  },
  transferred: {
    force_crime_registrar: ['reclassify'],
  },
}

function factsFor(status: CrimeStatus, role: Role, offenceGroup = 'other-theft-offences', ddm = false) {
  return {
    status,
    canAuthoriseCancellation: canAuthoriseCancellation({
      roles: [role],
      isDesignatedDecisionMaker: ddm,
      offenceGroups: [offenceGroup],
      restrictedGroups: DEFAULT_AUTHORISATION_GROUPS,
    }),
  }
}

describe('crimes.workflow: the crime lifecycle table', () => {
  for (const status of CRIME_STATUSES) {
    for (const role of ROLES) {
      it(`${status} × ${role}`, () => {
        const actions = allowedCrimeActions([role], factsFor(status, role)).map((rule) => rule.action)
        expect(actions).toEqual(EXPECTED_CRIME_ACTIONS[status][role] ?? [])
      })
    }
  }

  it('offers each action at most once per crime, and only to roles holding its permission', () => {
    for (const status of CRIME_STATUSES) {
      for (const role of ROLES) {
        for (const canAuthorise of [true, false]) {
          const rules = allowedCrimeActions([role], { status, canAuthoriseCancellation: canAuthorise })
          expect(new Set(rules.map((rule) => rule.action)).size).toBe(rules.length)
          for (const rule of rules) {
            expect(PERMISSIONS[rule.permission] as readonly Role[]).toContain(role)
            expect(rule.roles === undefined || rule.roles.includes(role)).toBe(true)
          }
        }
      }
    }
  })

  it('uses every action, and every action leads somewhere real', () => {
    expect(new Set(CRIME_WORKFLOW.map((rule) => rule.action))).toEqual(new Set(CRIME_ACTIONS))
    for (const rule of CRIME_WORKFLOW) {
      expect(rule.from.length).toBeGreaterThan(0)
      expect(['unchanged', 'previous', ...CRIME_STATUSES]).toContain(rule.to)
      expect(rule.audit).toMatch(/^[A-Z][A-Z0-9_]*$/)
      expect(rule.successBanner.length).toBeGreaterThan(0)
    }
  })

  it('reaches every status from recorded', () => {
    const reached = new Set<CrimeStatus>(['recorded'])
    let grew = true
    while (grew) {
      grew = false
      for (const rule of CRIME_WORKFLOW) {
        for (const from of rule.from.filter((status) => reached.has(status))) {
          const to = targetStatus(rule, from, 'under_investigation')
          if (!reached.has(to)) {
            reached.add(to)
            grew = true
          }
        }
      }
    }
    expect([...reached].sort()).toEqual([...CRIME_STATUSES].sort())
  })

  it('names the status a refused cancellation or transfer returns to', () => {
    const refuse = CRIME_WORKFLOW.find((rule) => rule.action === 'refuse_cancellation')!
    expect(targetStatus(refuse, 'cancellation_requested', 'awaiting_filing')).toBe('awaiting_filing')
    expect(targetStatus(refuse, 'cancellation_requested', null)).toBe('recorded')
    const reclassify = CRIME_WORKFLOW.find((rule) => rule.action === 'reclassify')!
    expect(targetStatus(reclassify, 'under_investigation', null)).toBe('under_investigation')
  })
})

describe('rule 6: cancellation controls in the workflow', () => {
  it('lets an IMU decision maker cancel outright outside the restricted groups, but only request it for rape', () => {
    const ordinary = allowedCrimeActions(['imu_decision_maker'], factsFor('under_investigation', 'imu_decision_maker'))
    expect(ordinary.map((rule) => rule.action)).toContain('cancel')
    const rape = allowedCrimeActions(
      ['imu_decision_maker'],
      factsFor('under_investigation', 'imu_decision_maker', 'rape'),
    )
    expect(rape.map((rule) => rule.action)).toContain('request_cancellation')
    expect(rape.map((rule) => rule.action)).not.toContain('cancel')
    const pending = allowedCrimeActions(
      ['imu_decision_maker'],
      factsFor('cancellation_requested', 'imu_decision_maker', 'rape'),
    )
    expect(pending).toEqual([])
  })

  it('lets a designated decision maker or the FCR authorise cancelling a rape crime', () => {
    const ddm = allowedCrimeActions(
      ['imu_decision_maker'],
      factsFor('cancellation_requested', 'imu_decision_maker', 'rape', true),
    )
    expect(ddm.map((rule) => rule.action)).toEqual(['authorise_cancellation', 'refuse_cancellation'])
    const fcr = allowedCrimeActions(['force_crime_registrar'], factsFor('recorded', 'force_crime_registrar', 'rape'))
    expect(fcr.map((rule) => rule.action)).toContain('cancel')
  })

  it('lets only those who may authorise cancelling a crime record its transfer as accepted (a C1 removal)', () => {
    const ordinary = allowedCrimeActions(
      ['imu_decision_maker'],
      factsFor('transfer_requested', 'imu_decision_maker'),
    ).map((rule) => rule.action)
    expect(ordinary).toEqual(['accept_transfer', 'refuse_transfer'])
    // A crime of rape: an IMU decision maker who is not designated may request the transfer, never accept it.
    const rape = (status: CrimeStatus, ddm = false) =>
      allowedCrimeActions(['imu_decision_maker'], factsFor(status, 'imu_decision_maker', 'rape', ddm)).map(
        (rule) => rule.action,
      )
    expect(rape('under_investigation')).toContain('request_transfer')
    expect(rape('transfer_requested')).toEqual(['refuse_transfer'])
    expect(rape('transfer_requested', true)).toEqual(['accept_transfer', 'refuse_transfer'])
    expect(
      allowedCrimeActions(['force_crime_registrar'], factsFor('transfer_requested', 'force_crime_registrar', 'rape'))
        .map((rule) => rule.action)
        .includes('accept_transfer'),
    ).toBe(true)
    expect(
      refusalReason(
        'accept_transfer',
        ['imu_decision_maker'],
        factsFor('transfer_requested', 'imu_decision_maker', 'rape'),
        {
          authorisationRestricted: true,
        },
      ),
    ).toMatch(/only the Force Crime Registrar or a designated decision maker can record it as accepted/)
  })

  it('never lets an officer authorise a cancellation, only request one', () => {
    for (const group of ['rape', 'other-theft-offences']) {
      const actions = allowedCrimeActions(['officer'], factsFor('under_investigation', 'officer', group)).map(
        (r) => r.action,
      )
      expect(actions).toContain('request_cancellation')
      expect(actions).not.toContain('cancel')
    }
  })

  it('explains a refusal by status, by role and by authority', () => {
    expect(refusalReason('file', ['imu_decision_maker'], factsFor('recorded', 'imu_decision_maker'))).toMatch(
      /cannot be given "pass the quality check and file"/,
    )
    expect(refusalReason('allocate', ['officer'], factsFor('awaiting_allocation', 'officer'))).toMatch(
      /Your role cannot allocate/,
    )
    expect(
      refusalReason('cancel', ['imu_decision_maker'], factsFor('recorded', 'imu_decision_maker', 'rape'), {
        authorisationRestricted: true,
      }),
    ).toMatch(/Force Crime Registrar or a designated decision maker/)
    expect(refusalReason('cancel', ['officer'], factsFor('recorded', 'officer'))).toMatch(
      /request the cancellation instead/,
    )
    expect(
      refusalReason('request_cancellation', ['force_crime_registrar'], factsFor('recorded', 'force_crime_registrar')),
    ).toMatch(/cancel the crime instead/)
  })
})

describe('rule 9: FCR final say in the workflow', () => {
  it('gives only the Force Crime Registrar overrides, and marks them as overrides', () => {
    const overrides = CRIME_WORKFLOW.filter((rule) => rule.fcrOverride)
    expect(overrides.map((rule) => rule.action).sort()).toEqual(['reclassify', 'reinstate'])
    for (const rule of overrides) {
      expect(rule.roles).toEqual(['force_crime_registrar'])
      expect(rule.requires).toContain('reason')
    }
    expect(
      crimeTransition('reclassify', ['force_crime_registrar'], factsFor('filed', 'force_crime_registrar'))?.fcrOverride,
    ).toBe(true)
    expect(
      crimeTransition('reclassify', ['force_crime_registrar'], factsFor('recorded', 'force_crime_registrar'))
        ?.fcrOverride,
    ).toBeUndefined()
    expect(
      crimeTransition('reclassify', ['imu_decision_maker'], factsFor('filed', 'imu_decision_maker')),
    ).toBeUndefined()
  })
})

describe('rule 12: outcome required to close', () => {
  it('files only from the quality check, after an outcome was submitted', () => {
    const filing = CRIME_WORKFLOW.filter((rule) => rule.to === 'filed')
    expect(filing.map((rule) => rule.action)).toEqual(['file'])
    expect(filing[0]!.from).toEqual(['imu_quality_check'])
    const submit = CRIME_WORKFLOW.find((rule) => rule.action === 'submit_for_filing')!
    expect(submit.requires).toEqual(['outcome', 'closingSummary'])
    expect(CRIME_WORKFLOW.find((rule) => rule.action === 'revise_outcome')!.requires).toContain('reason')
  })
})
