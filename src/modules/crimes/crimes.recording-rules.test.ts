import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Actor } from '../../platform/auth/actor.ts'
import { Forbidden } from '../../platform/http/errors.ts'
import { failure, problemsOf } from '../../../test/support/assertions.ts'
import { createTestContext, type TestContext, type TestForce } from '../../../test/support/test-context.ts'
import type { IncidentSubmission } from '../incidents/index.ts'
import type { CrimeRow } from './crimes.repository.ts'
import type { CrimeActionInput, RecordCrimeInput } from './crimes.service.ts'
import { PossibleDuplicate } from './crimes.service.ts'

/**
 * The recording rules that could still be broken (issue 10): each test is named after its rule and drives the
 * route around it that used to get through.
 */

describe('recording rules that had a way round them', () => {
  let ctx: TestContext
  beforeAll(async () => {
    ctx = await createTestContext()
  })
  afterAll(() => ctx.close())

  let counter = 0
  const letters = () => (++counter).toString(26).replace(/[0-9]/g, (d) => 'qrstuvwxyz'[Number(d)]!)
  const submission = (overrides: Partial<IncidentSubmission> = {}): IncidentSubmission => ({
    sourceSystem: 'STORM',
    sourceReference: `I10-${++counter}-${Math.random().toString(36).slice(2, 8)}`,
    channel: '999',
    receivedAt: '2026-11-26T08:00:00Z',
    // A different place each time: victims' names here differ by a letter, which the duplicate check tolerates.
    location: { address: `${counter} Abington Street, Northampton` },
    openingCategory: 'crime-theft',
    narrative: 'Phone taken from a bag.',
    ...overrides,
  })

  const record = async (force: TestForce, overrides: Partial<RecordCrimeInput> = {}) =>
    (
      await ctx.deps.services.crimes.record((await force.user('control_room_operator')).actor, {
        incident: submission(),
        victim: { givenName: 'Ann', familyName: `Lee${letters()}` },
        offenceCode: '49',
        offenceFrom: '2026-11-26T07:30:00Z',
        ...overrides,
      })
    ).crime

  const recordRape = (force: TestForce) =>
    record(force, {
      incident: submission({ openingCategory: 'crime-sexual', qualifiers: ['rape-or-attempted-rape'] }),
      offenceCode: '19C',
      offenceFrom: '2026-11-25T23:00:00Z',
    })

  const act = (
    actor: Actor,
    crime: Pick<CrimeRow, 'crimeId' | 'version'>,
    input: Omit<CrimeActionInput, 'expectedVersion'>,
  ) => ctx.deps.services.crimes.act(actor, crime.crimeId, { expectedVersion: crime.version, ...input })

  const cancellation = { cancellationCode: 'C4', rationale: 'Recorded in error', victimInformed: true } as const

  describe('rule 2: 24-hour crime recording clock', () => {
    it('rule 2: records a direct report of abuse 68 years ago and flags it late, instead of failing', async () => {
      const api = await ctx.api('imu_decision_maker')
      const response = await api.post('/api/v1/crimes', {
        directReportChannel: 'front_counter',
        reportedAt: '1958-06-20T10:00:00Z',
        offenceFrom: '1958-06-19T20:00:00Z',
        offenceCode: '20A',
        victim: { givenName: 'May', familyName: `Old${letters()}` },
      })
      expect(response.statusCode).toBe(201)
      const { crime } = response.json<{ crime: { recordingDelaySeconds: number; recordedLate: boolean } }>()
      expect(crime.recordedLate).toBe(true)
      expect(crime.recordingDelaySeconds).toBeGreaterThan(2 ** 31)
    })
  })

  describe('rule 6: cancellation controls', () => {
    it('rule 6: a crime ever classified as rape stays restricted after reclassification to 20A', async () => {
      const force = await ctx.newForce()
      const dm = (await force.user('imu_decision_maker')).actor
      let crime = await recordRape(force)
      crime = await act(dm, crime, {
        action: 'reclassify',
        offenceCode: '20A',
        reason: 'Victim describes touching, not penetration',
      })
      const refused = await failure(act(dm, crime, { action: 'cancel', ...cancellation }))
      expect(refused).toBeInstanceOf(Forbidden)
      expect((refused as Forbidden).message).toMatch(/Force Crime Registrar or a designated decision maker/)
      crime = await act(dm, crime, { action: 'request_cancellation', ...cancellation })
      expect(await failure(act(dm, crime, { action: 'authorise_cancellation' }))).toBeInstanceOf(Forbidden)
      const fcr = (await force.user('force_crime_registrar')).actor
      expect((await act(fcr, crime, { action: 'authorise_cancellation' })).status).toBe('cancelled')
    })

    it('rule 6: a crime once rape cannot be transferred away by an undesignated decision maker either', async () => {
      const force = await ctx.newForce()
      const dm = (await force.user('imu_decision_maker')).actor
      let crime = await recordRape(force)
      crime = await act(dm, crime, { action: 'reclassify', offenceCode: '8N', reason: 'Assault, not rape' })
      crime = await act(dm, crime, {
        action: 'request_transfer',
        receivingForce: 'leicestershire',
        reason: 'Happened in Leicester',
      })
      const refused = await failure(
        act(dm, crime, {
          action: 'accept_transfer',
          receivingReference: 'LP/1',
          acceptedOn: '2026-11-26',
          victimInformed: true,
        }),
      )
      expect(refused).toBeInstanceOf(Forbidden)
    })

    it('rule 6: an API token cannot carry the registrar’s role, so no system authorises rape cancellations', async () => {
      const problems = await problemsOf(
        ctx.deps.services.accounts.createToken(ctx.force.system, { name: 'RMS bridge', role: 'force_crime_registrar' }),
      )
      expect(problems.map((p) => p.field)).toEqual(['role'])
      expect(problems[0]!.message).toMatch(/systems/)
    })
  })

  describe('rule 7: transfers', () => {
    it('rule 7: the receiving force must be a force in the reference list, not free text', async () => {
      const dm = (await ctx.force.user('imu_decision_maker')).actor
      const crime = await record(ctx.force)
      const problems = await problemsOf(
        act(dm, crime, { action: 'request_transfer', receivingForce: 'zzz', reason: 'Elsewhere' }),
      )
      expect(problems).toEqual([{ field: 'receivingForce', message: expect.stringMatching(/zzz/) as string }])
      const moved = await act(dm, crime, {
        action: 'request_transfer',
        receivingForce: 'northamptonshire',
        reason: 'Happened in Corby',
      })
      const view = await ctx.deps.services.crimes.view(dm, moved.crimeId)
      expect(view.transfers[0]!.receivingForce).toBe('Northamptonshire Police')
    })
  })

  describe('rule 8: N100', () => {
    it('rule 8: a sexual-offence incident whose narrative says the victim was raped needs an N100 when recorded as 20A', async () => {
      const force = await ctx.newForce()
      const operator = (await force.user('control_room_operator')).actor
      const input = {
        incident: submission({
          openingCategory: 'crime-sexual',
          narrative: 'Caller says her friend was raped at a party last night.',
        }),
        victim: { givenName: 'Kay', familyName: `Ray${letters()}` },
        offenceCode: '20A',
        offenceFrom: '2026-11-25T23:00:00Z',
      }
      const problems = await problemsOf(ctx.deps.services.crimes.record(operator, input))
      expect(problems.map((p) => p.field)).toEqual(['n100Reason'])
      await ctx.deps.services.crimes.record(operator, { ...input, n100Reason: 'Victim describes sexual touching' })
      expect(await force.rowCount('n100')).toBe(1)
    })
  })

  describe('rule 9: FCR final say and separation of duties', () => {
    it('rule 9: no account holds the registrar’s role with an operational one, checked wherever roles are granted', async () => {
      for (const operational of ['imu_decision_maker', 'control_room_operator'] as const) {
        const problems = await problemsOf(
          ctx.deps.services.accounts.createUser(ctx.force.system, {
            username: `fcr-${operational}-${letters()}`,
            displayName: 'Dual role',
            password: 'correct horse battery',
            roles: ['force_crime_registrar', operational],
          }),
        )
        expect(problems.map((p) => p.field)).toEqual(['roles'])
      }
    })

    it('rule 9: a force keeps its own pairs of roles apart, and cannot drop the registrar below the floor', async () => {
      const force = await ctx.newForce()
      const accounts = ctx.deps.services.accounts
      const account = (roles: string[]) => ({
        username: `pair-${letters()}`,
        displayName: 'Paired roles',
        password: 'correct horse battery',
        roles,
      })
      await accounts.createUser(force.system, account(['auditor', 'imu_decision_maker']))
      const changed = await accounts.setRoleSeparation(force.system, {
        role: 'auditor',
        incompatibleRoles: ['imu_decision_maker'],
        expectedVersion: 0,
      })
      expect(changed.holdersToReview).toHaveLength(1)
      expect(
        (await problemsOf(accounts.createUser(force.system, account(['imu_decision_maker', 'auditor'])))).map(
          (p) => p.field,
        ),
      ).toEqual(['roles'])
      await accounts.setRoleSeparation(force.system, {
        role: 'force_crime_registrar',
        incompatibleRoles: [],
        expectedVersion: 0,
      })
      expect(
        (await problemsOf(accounts.createUser(force.system, account(['force_crime_registrar', 'officer'])))).map(
          (p) => p.field,
        ),
      ).toEqual(['roles'])
    })

    it('rule 9: the registrar decides and audits but does not record or file crimes', async () => {
      const fcr = (await ctx.force.user('force_crime_registrar')).actor
      expect(fcr.permissions.can('crimes.record')).toBe(false)
      expect(fcr.permissions.can('crimes.file')).toBe(false)
      expect(fcr.permissions.can('crimes.outcome')).toBe(false)
      expect(fcr.permissions.can('crimes.cancel')).toBe(true)
      expect(fcr.permissions.can('audit-trail.view')).toBe(true)
    })
  })

  describe('rule 10: classification audit trail', () => {
    it('rule 10: re-opening a filed crime keeps the classification it was filed under', async () => {
      const dm = (await ctx.force.user('imu_decision_maker')).actor
      const supervisor = (await ctx.force.user('imu_supervisor')).actor
      const officer = await ctx.force.user('officer')
      let crime = await record(ctx.force)
      crime = await act(dm, crime, { action: 'confirm_classification' })
      crime = await act(dm, crime, { action: 'allocate', assignedUserId: officer.userId })
      crime = await act(officer.actor, crime, {
        action: 'submit_for_filing',
        outcomeType: 18,
        closingSummary: 'No suspect identified.',
      })
      crime = await act(dm, crime, { action: 'start_quality_check' })
      crime = await act(dm, crime, {
        action: 'file',
        checklist: ['classificationCorrect', 'outcomeValid', 'victimToldOfOutcome', 'victimsCodeContactsDone'],
      })
      expect(crime.offenceCodeAtFiling).toBe('49')
      crime = await act(supervisor, crime, { action: 'reopen', reason: 'New CCTV came in' })
      expect(crime.offenceCodeAtFiling).toBe('49')
    })
  })

  describe('rule 11: counting rules support', () => {
    it('rule 11: rape outranks assault with injury as the principal crime', async () => {
      const operator = (await ctx.force.user('control_room_operator')).actor
      const input = {
        incident: submission({ openingCategory: 'crime-sexual', qualifiers: ['rape-or-attempted-rape'] }),
        victim: { givenName: 'Zoe', familyName: `Pri${letters()}` },
        offenceCode: '8N',
        otherOffenceCodes: ['19C'],
        offenceFrom: '2026-11-25T23:00:00Z',
        n100Reason: 'Recorded as the assault',
      }
      const problems = await problemsOf(ctx.deps.services.crimes.record(operator, input))
      expect(problems[0]).toMatchObject({ field: 'offenceCode', message: expect.stringContaining('19C') as string })
      const { crime } = await ctx.deps.services.crimes.record(operator, {
        ...input,
        offenceCode: '19C',
        otherOffenceCodes: ['8N'],
        n100Reason: undefined,
      })
      expect(crime.offenceCode).toBe('19C')
    })

    it('rule 11: threats to kill outrank possessing a blade, arson not endangering life and drug supply', async () => {
      const operator = (await ctx.force.user('control_room_operator')).actor
      const problems = await problemsOf(
        ctx.deps.services.crimes.record(operator, {
          incident: submission({ openingCategory: 'crime-violence' }),
          victim: { givenName: 'Ian', familyName: `Thr${letters()}` },
          offenceCode: '10D',
          otherOffenceCodes: ['3B', '56B', '92A'],
          offenceFrom: '2026-11-26T07:00:00Z',
        }),
      )
      expect(problems[0]!.message).toContain('3B Threats to kill')
    })

    it('rule 11: warns of a duplicate when the first record had no date of birth and the name is misspelt', async () => {
      const force = await ctx.newForce()
      const operator = (await force.user('control_room_operator')).actor
      const place = { address: '9 Sheep Street, Northampton', postcode: 'NN1 2LT' }
      const first = await record(force, {
        incident: submission({ location: place }),
        victim: { givenName: 'Sarah', familyName: 'Johnson' },
      })
      const warning = await failure(
        ctx.deps.services.crimes.record(operator, {
          incident: submission({ channel: 'online', location: place }),
          victim: { givenName: 'Sarah', familyName: 'Jonson', dateOfBirth: '1990-02-03' },
          offenceCode: '49',
          offenceFrom: '2026-11-26T07:40:00Z',
        }),
      )
      expect(warning).toBeInstanceOf(PossibleDuplicate)
      expect((warning as PossibleDuplicate).duplicates.map((d) => d.crimeId)).toEqual([first.crimeId])
    })
  })

  describe('rule 13: outcomes that name someone', () => {
    it('rule 13: outcome 1 (charged) needs a suspect or offender linked to the crime', async () => {
      const dm = (await ctx.force.user('imu_decision_maker')).actor
      const officer = await ctx.force.user('officer')
      let crime = await record(ctx.force)
      crime = await act(dm, crime, { action: 'confirm_classification' })
      crime = await act(dm, crime, { action: 'allocate', assignedUserId: officer.userId })
      for (const outcomeType of [1, 2, 3, 4, 6, 7, 11, 12, 13, 17]) {
        const problems = await problemsOf(
          act(officer.actor, crime, { action: 'submit_for_filing', outcomeType, closingSummary: 'Done.' }),
        )
        expect(problems.map((p) => p.field)).toContain('outcomeType')
      }
      const api = await ctx.api('officer')
      const types = (await api.get('/api/v1/outcome-types')).json<Array<{ outcomeType: number; needs: string[] }>>()
      expect(types.find((t) => t.outcomeType === 1)!.needs).toContain('named_suspect_or_offender')
      expect(types.find((t) => t.outcomeType === 18)!.needs).toContain('no_suspect')
    })
  })

  describe('rule 14: filing workflow', () => {
    it('rule 14: whoever submitted a crime for filing cannot also quality-check and file it', async () => {
      const dm = await ctx.force.user('imu_decision_maker')
      const other = (await ctx.force.user('imu_supervisor')).actor
      let crime = await record(ctx.force)
      crime = await act(dm.actor, crime, { action: 'confirm_classification' })
      crime = await act(dm.actor, crime, { action: 'allocate', assignedUserId: dm.userId })
      crime = await act(dm.actor, crime, { action: 'submit_for_filing', outcomeType: 18, closingSummary: 'None.' })
      const checklist = ['classificationCorrect', 'outcomeValid', 'victimToldOfOutcome', 'victimsCodeContactsDone']
      expect(await failure(act(dm.actor, crime, { action: 'start_quality_check' }))).toBeInstanceOf(Forbidden)
      crime = await act(other, crime, { action: 'start_quality_check' })
      expect(await failure(act(dm.actor, crime, { action: 'file', checklist }))).toBeInstanceOf(Forbidden)
      expect((await act(other, crime, { action: 'file', checklist })).status).toBe('filed')
    })
  })

  describe('offence groups are reference data, not literals', () => {
    it('rule 8: an offence list with its own group names keeps the N100 and rape controls once it names them', async () => {
      const force = await ctx.newForce()
      const fcr = (await force.user('force_crime_registrar')).actor
      const csv = [
        'code,label,parent_code,parent_label,is_home_office_code',
        'offence,Total offences,,,N',
        'serious-sexual,Serious sexual offences,offence,Total offences,N',
        '19C,Rape of a female aged 16 and over,serious-sexual,Serious sexual offences,Y',
        'lesser-sexual,Other sexual offences,offence,Total offences,N',
        '20A,Sexual assault on a female aged 13 and over,lesser-sexual,Other sexual offences,Y',
        'theft,Theft,offence,Total offences,N',
        '49,Other theft,theft,Theft,Y',
      ].join('\n')
      const base = { version: '2027-28', source: 'Home Office', licence: 'OGL v3.0', csv, makeCurrent: true }
      const problems = await problemsOf(ctx.deps.services.crimeReferenceData.importOffenceList(fcr, base))
      expect(problems.map((p) => p.field)).toEqual(['rapeGroups'])
      await ctx.deps.services.crimeReferenceData.importOffenceList(fcr, { ...base, rapeGroups: ['serious-sexual'] })
      const dm = (await force.user('imu_decision_maker')).actor
      const crime = await recordRape(force)
      expect(crime.offenceGroup).toBe('serious-sexual')
      expect(await failure(act(dm, crime, { action: 'cancel', ...cancellation }))).toBeInstanceOf(Forbidden)
    })
  })
})
