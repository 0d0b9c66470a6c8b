import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Actor } from '../../platform/auth/actor.ts'
import { Conflict, Forbidden, type ValidationFailed } from '../../platform/http/errors.ts'
import { failure, fieldsOf } from '../../../test/support/assertions.ts'
import { createTestContext, TEST_NOW, type TestContext, type TestForce } from '../../../test/support/test-context.ts'
import type { IncidentSubmission } from '../incidents/index.ts'
import type { CrimeActionInput, RecordCrimeInput } from './crimes.service.ts'
import { PossibleDuplicate } from './crimes.service.ts'
import { CrimesRepository, type CrimeRow } from './crimes.repository.ts'

describe('CrimesService', () => {
  let ctx: TestContext
  beforeAll(async () => {
    ctx = await createTestContext()
  })
  afterAll(() => ctx.close())

  let reference = 0
  /** A surname unique to this test run: victim keys ignore digits, so the counter is spelt in letters. */
  const uniqueName = (stem: string) =>
    `${stem}${(++reference).toString(26).replace(/[0-9]/g, (d) => 'qrstuvwxyz'[Number(d)]!)}`
  const submission = (overrides: Partial<IncidentSubmission> = {}): IncidentSubmission => ({
    sourceSystem: 'STORM',
    sourceReference: `CAD-${++reference}-${Math.random().toString(36).slice(2, 8)}`,
    channel: '999',
    receivedAt: '2026-11-26T08:00:00Z',
    // A place of its own: the victims' made-up names differ by a letter, which the duplicate check tolerates.
    location: { address: `${reference} Market Square, Northampton` },
    openingCategory: 'crime-theft',
    narrative: 'Bag taken from a café table.',
    ...overrides,
  })

  const audit = (force: TestForce, recordType: string, recordId: string) =>
    ctx.deps.db.withForce(force.forceId, (tx) => ctx.deps.services.auditTrail.forRecord(tx, recordType, recordId))

  /** A theft recorded from a fresh incident by the control room. */
  async function recordTheft(force: TestForce = ctx.force, overrides: Partial<RecordCrimeInput> = {}) {
    const operator = await force.user('control_room_operator')
    return ctx.deps.services.crimes.record(operator.actor, {
      incident: submission(),
      victim: { givenName: 'Amy', familyName: uniqueName('Jones') },
      offenceCode: '49',
      offenceFrom: '2026-11-26T07:30:00Z',
      ...overrides,
    })
  }

  const act = (
    actor: Actor,
    crime: Pick<CrimeRow, 'crimeId' | 'version'>,
    input: Omit<CrimeActionInput, 'expectedVersion'>,
  ) => ctx.deps.services.crimes.act(actor, crime.crimeId, { expectedVersion: crime.version, ...input })

  /** Takes a crime to the IMU quality check with a valid outcome 18 (no suspect). */
  async function toQualityCheck(force: TestForce = ctx.force) {
    const dm = (await force.user('imu_decision_maker')).actor
    const officer = await force.user('officer')
    let crime = (await recordTheft(force)).crime
    crime = await act(dm, crime, { action: 'confirm_classification' })
    crime = await act(dm, crime, { action: 'allocate', assignedUserId: officer.userId })
    crime = await act(officer.actor, crime, {
      action: 'submit_for_filing',
      outcomeType: 18,
      closingSummary: 'CCTV reviewed, no suspect seen; no forensic opportunities.',
    })
    crime = await act(dm, crime, { action: 'start_quality_check' })
    return crime
  }

  const ALL_CHECKS = ['classificationCorrect', 'outcomeValid', 'victimToldOfOutcome', 'victimsCodeContactsDone']

  describe('rule 1: incident first', () => {
    it('records a crime from an incident, linked to it, and marks the recording decision made', async () => {
      const { crime, incident } = await recordTheft()
      expect(crime.incidentId).toBe(incident!.incidentId)
      expect(crime.directReportChannel).toBeNull()
      expect(incident!.recordingDecision).toBe('crimed')
    })

    it('records a direct report only with its channel, naming the field when it is missing', async () => {
      const dm = (await ctx.force.user('imu_decision_maker')).actor
      const base = { offenceCode: '46', offenceFrom: '2026-11-25T15:00:00Z', reportedAt: '2026-11-25T16:00:00Z' }
      expect(await fieldsOf(ctx.deps.services.crimes.record(dm, base))).toEqual(['directReportChannel'])
      const { crime } = await ctx.deps.services.crimes.record(dm, { ...base, directReportChannel: 'front_counter' })
      expect(crime).toMatchObject({ incidentId: null, directReportChannel: 'front_counter', status: 'recorded' })
    })

    it('the database itself refuses a crime with neither incident nor direct-report channel', async () => {
      const { crime } = await recordTheft()
      const error = await failure(
        ctx.deps.db.withForce(ctx.force.forceId, (tx) =>
          sql`update crime set incident_id = null where crime_id = ${crime.crimeId}`.execute(tx),
        ),
      )
      expect(String(error)).toMatch(/check constraint/)
    })
  })

  describe('rule 2: 24-hour crime recording clock', () => {
    it('stores recorded − reported and flags a crime recorded more than 24 hours after the report', async () => {
      const onTime = (await recordTheft()).crime
      expect(onTime.recordingDelaySeconds).toBe(3600)
      expect(onTime.recordedLate).toBe(false)
      const late = (
        await recordTheft(ctx.force, {
          incident: submission({ receivedAt: '2026-11-24T08:00:00Z' }),
          offenceFrom: '2026-11-24T07:00:00Z',
        })
      ).crime
      expect(late.recordingDelaySeconds).toBe(49 * 3600)
      expect(late.recordedLate).toBe(true)
      const view = await ctx.deps.services.crimes.view((await ctx.force.user('imu_decision_maker')).actor, late.crimeId)
      expect(view.clock.breached).toBe(true)
      const trail = await audit(ctx.force, 'crime', late.crimeId)
      expect(trail.find((event) => event.action === 'CRIME_RECORDED')!.changes).toMatchObject({
        recordedLate: true,
        recordingDelayMinutes: 49 * 60,
      })
    })

    it('reports the share recorded within 24 hours per week', async () => {
      const force = await ctx.newForce()
      await recordTheft(force)
      await recordTheft(force)
      await recordTheft(force, {
        incident: submission({ receivedAt: '2026-11-20T08:00:00Z' }),
        offenceFrom: '2026-11-20T07:00:00Z',
      })
      const weeks = await ctx.deps.services.crimes.recordingTimeliness(force.system, {
        from: '2026-11-01',
        to: '2026-11-30',
      })
      expect(weeks).toEqual([{ weekStarting: '2026-11-23', recorded: 3, late: 1, withinLimitPercent: 66.7 }])
    })
  })

  describe('rule 3: no "investigate to record"', () => {
    it('records with only what the recording test needs: no suspect, statement, evidence or even a named victim', async () => {
      const operator = (await ctx.force.user('control_room_operator')).actor
      const { crime } = await ctx.deps.services.crimes.record(operator, {
        incident: submission({ openingCategory: 'crime-drugs', location: undefined }),
        offenceCode: '92E',
        offenceFrom: '2026-11-26T07:55:00Z',
      })
      expect(crime).toMatchObject({ status: 'recorded', victimPersonId: null, offenceGroup: 'possession-of-drugs' })
    })
  })

  describe('rule 23: date validation', () => {
    it('names each bad date and stores nothing at all — not even the incident', async () => {
      const force = await ctx.newForce()
      const operator = (await force.user('control_room_operator')).actor
      const eventsBefore = await force.rowCount('audit_event')
      expect(
        await fieldsOf(
          ctx.deps.services.crimes.record(operator, {
            incident: submission({ receivedAt: '2026-11-26T10:00:00Z' }),
            offenceCode: '49',
            offenceFrom: '2026-11-26T07:00:00Z',
          }),
        ),
      ).toEqual(['incident.receivedAt'])
      expect(
        await fieldsOf(
          ctx.deps.services.crimes.record(operator, {
            incident: submission(),
            offenceCode: '49',
            offenceFrom: '2026-11-26T07:00:00Z',
            offenceTo: '2026-11-26T06:00:00Z',
            victim: { givenName: 'A', familyName: 'B' },
          }),
        ),
      ).toEqual(['offenceTo'])
      expect(
        await fieldsOf(
          ctx.deps.services.crimes.record(operator, {
            incident: submission(),
            offenceCode: 'XYZ',
            offenceFrom: '2026-11-26T08:30:00Z',
          }),
        ),
      ).toEqual(['offenceFrom', 'offenceCode'])
      expect(
        await fieldsOf(
          ctx.deps.services.crimes.record(operator, {
            directReportChannel: 'online',
            reportedAt: '2026-11-27T08:00:00Z',
            offenceCode: '49',
            offenceFrom: undefined,
          }),
        ),
      ).toEqual(['reportedAt', 'offenceFrom'])
      for (const table of ['incident', 'crime', 'person', 'audit_event']) {
        expect(await force.rowCount(table), table).toBe(table === 'audit_event' ? eventsBefore : 0)
      }
    })
  })

  describe('idempotent recording', () => {
    it('returns the same crime for a repeated submission and refuses different content under the same key', async () => {
      const operator = (await ctx.force.user('control_room_operator')).actor
      const input: RecordCrimeInput = {
        incident: submission(),
        victim: { givenName: 'Bea', familyName: 'Walsh', dateOfBirth: '1980-02-03' },
        offenceCode: '49',
        offenceFrom: '2026-11-26T07:30:00Z',
      }
      const first = await ctx.deps.services.crimes.record(operator, input)
      const again = await ctx.deps.services.crimes.record(operator, input)
      expect(again).toMatchObject({ replayed: true, crime: { crimeId: first.crime.crimeId } })
      const changed = await failure(ctx.deps.services.crimes.record(operator, { ...input, offenceCode: '46' }))
      expect(changed).toBeInstanceOf(Conflict)
      expect((changed as Conflict).message).toMatch(
        new RegExp(`already been recorded.*${first.crime.crimeReference.replaceAll('/', '\\/')}`),
      )
    })

    it('makes one incident and one crime from concurrent copies of the same submission', async () => {
      const force = await ctx.newForce()
      const operator = (await force.user('control_room_operator')).actor
      const input: RecordCrimeInput = {
        incident: submission(),
        victim: { givenName: 'Cal', familyName: 'Ng' },
        offenceCode: '49',
        offenceFrom: '2026-11-26T07:30:00Z',
      }
      const results = await Promise.all(
        Array.from({ length: 10 }, () => ctx.deps.services.crimes.record(operator, input)),
      )
      expect(new Set(results.map((r) => r.crime.crimeId)).size).toBe(1)
      expect(await force.rowCount('incident')).toBe(1)
      expect(await force.rowCount('crime')).toBe(1)
      expect(await force.rowCount('person')).toBe(1)
    })
  })

  describe('crime reference numbers', () => {
    it('numbers crimes in the force format, uniquely, and follows a changed format', async () => {
      const force = await ctx.newForce()
      const admin = (await force.user('administrator')).actor
      const first = (await recordTheft(force)).crime
      const second = (await recordTheft(force)).crime
      expect(first.crimeReference).toBe(`${force.code}/26/000001`)
      expect(second.crimeReference).toBe(`${force.code}/26/000002`)
      const { settings } = await ctx.deps.services.crimeReferenceData.overview(admin)
      expect(
        await fieldsOf(
          ctx.deps.services.crimeReferenceData.updateReferenceFormat(admin, {
            expectedVersion: settings.version,
            referenceFormat: '{prefix}-{seq}',
          }),
        ),
      ).toEqual(['referenceFormat'])
      await ctx.deps.services.crimeReferenceData.updateReferenceFormat(admin, {
        expectedVersion: settings.version,
        referenceFormat: 'CR-{yyyy}-{seq:5}',
      })
      expect((await recordTheft(force)).crime.crimeReference).toBe('CR-2026-00003')
    })
  })

  describe('rule 10: classification audit trail', () => {
    it('keeps old code, new code, who, when and why; shows the code at recording and at filing', async () => {
      const dm = await ctx.force.user('imu_decision_maker')
      let crime = (await recordTheft()).crime
      expect(await fieldsOf(act(dm.actor, crime, { action: 'reclassify', offenceCode: 'NOPE', reason: '' }))).toEqual([
        'reason',
        'offenceCode',
      ])
      crime = await act(dm.actor, crime, {
        action: 'reclassify',
        offenceCode: '39',
        reason: 'Taken from her hand, not the table',
      })
      expect(crime).toMatchObject({ offenceCode: '39', offenceCodeAtRecording: '49', offenceGroup: 'theft-offences' })
      const view = await ctx.deps.services.crimes.view(dm.actor, crime.crimeId)
      expect(view.classifications.map((c) => [c.previousCode, c.offenceCode, c.changedByName, c.reason])).toEqual([
        [null, '49', 'Test control_room_operator', 'Classification at recording'],
        ['49', '39', 'Test imu_decision_maker', 'Taken from her hand, not the table'],
      ])
      expect(view.classifications[1]!.changedAt.toISOString()).toBe('2026-11-26T09:00:00.000Z')
      const filed = await act(dm.actor, await toQualityCheck(), { action: 'file', checklist: ALL_CHECKS })
      expect(filed).toMatchObject({ status: 'filed', offenceCodeAtFiling: '49', offenceCodeAtRecording: '49' })
    })

    it('classifies against a newly imported version of the offence list', async () => {
      const force = await ctx.newForce()
      const admin = (await force.user('administrator')).actor
      const dm = (await force.user('imu_decision_maker')).actor
      let crime = (await recordTheft(force)).crime
      expect(crime.offenceCodeVersion).toBe('2017-18')
      const csv = [
        'code,label,parent_code,parent_label,is_home_office_code',
        'offence,Total offences,,,N',
        'theft-offences,Theft offences,offence,Total offences,N',
        '49,Other theft,theft-offences,Theft offences,Y',
        '49Z,Theft of a catalytic converter,theft-offences,Theft offences,Y',
        'rape,Rape,offence,Total offences,N',
        '19C,Rape of a female aged 16 and over,rape,Rape,Y',
      ].join('\n')
      await ctx.deps.services.crimeReferenceData.importOffenceList(admin, {
        version: '2026-27',
        source: 'Test list',
        licence: 'OGL v3',
        csv,
        makeCurrent: true,
      })
      crime = await act(dm, crime, { action: 'reclassify', offenceCode: '49Z', reason: 'Catalytic converter' })
      expect(crime).toMatchObject({ offenceCode: '49Z', offenceCodeVersion: '2026-27' })
      expect(await fieldsOf(act(dm, crime, { action: 'reclassify', offenceCode: '46', reason: 'x' }))).toEqual([
        'offenceCode',
      ])
      expect(
        await fieldsOf(
          ctx.deps.services.crimeReferenceData.importOffenceList(admin, {
            version: '2026-27',
            source: 's',
            licence: 'l',
            csv,
            makeCurrent: false,
          }),
        ),
      ).toEqual(['version'])
    })
  })

  describe('rule 11: counting rules support', () => {
    it('keeps one crime per victim: a second victim is a separate crime', async () => {
      const officer = (await ctx.force.user('officer')).actor
      const crime = (await recordTheft()).crime
      expect(
        await fieldsOf(
          act(officer, crime, {
            action: 'link_person',
            person: { givenName: 'Second', familyName: 'Victim' },
            personRole: 'victim',
          }),
        ),
      ).toEqual(['personRole'])
      const noVictim = (await recordTheft(ctx.force, { victim: undefined })).crime
      const linked = await act(officer, noVictim, {
        action: 'link_person',
        person: { givenName: 'Late', familyName: 'Victim' },
        personRole: 'victim',
      })
      expect(linked.victimPersonId).not.toBeNull()
    })

    it('warns of a possible duplicate (same victim, offence group, time and place) before creating', async () => {
      const operator = (await ctx.force.user('control_room_operator')).actor
      const victim = { givenName: 'Dee', familyName: 'Duplicate', dateOfBirth: '1970-01-01' }
      const place = { address: '12 Market Square, Northampton', postcode: 'NN1 2DL' }
      const first = await recordTheft(ctx.force, { victim, incident: submission({ location: place }) })
      const second = {
        incident: submission({ channel: 'online', location: place }),
        victim: { ...victim, givenName: 'DEE' },
        offenceCode: '49',
        offenceFrom: '2026-11-26T07:45:00Z',
      }
      const warning = await failure(ctx.deps.services.crimes.record(operator, second))
      expect(warning).toBeInstanceOf(PossibleDuplicate)
      expect((warning as PossibleDuplicate).duplicates.map((d) => d.crimeReference)).toEqual([
        first.crime.crimeReference,
      ])
      const proposed = await ctx.deps.services.crimes.possibleDuplicates(operator, {
        victim,
        offenceCode: '49',
        offenceFrom: new Date('2026-11-26T07:45:00Z'),
      })
      expect(proposed.map((d) => d.crimeId)).toEqual([first.crime.crimeId])
      const confirmed = await ctx.deps.services.crimes.record(operator, { ...second, acknowledgeDuplicates: true })
      expect(confirmed.crime.crimeId).not.toBe(first.crime.crimeId)
      // Confirmed duplicates are cancelled under C3.
      const dm = (await ctx.force.user('imu_decision_maker')).actor
      const cancelled = await act(dm, confirmed.crime, {
        action: 'cancel',
        cancellationCode: 'C3',
        rationale: `Duplicate of ${first.crime.crimeReference}`,
        victimInformed: true,
      })
      expect(cancelled.status).toBe('cancelled')
    })

    it('asks for the principal crime when several offences are disclosed against one victim', async () => {
      const operator = (await ctx.force.user('control_room_operator')).actor
      const input = {
        incident: submission({ openingCategory: 'crime-violence' }),
        victim: { givenName: 'Eve', familyName: 'Principal' },
        offenceCode: '58A',
        otherOffenceCodes: ['8N'],
        offenceFrom: '2026-11-26T07:00:00Z',
      }
      const error = await failure(ctx.deps.services.crimes.record(operator, input))
      expect((error as ValidationFailed).fieldErrors).toEqual([
        { field: 'offenceCode', message: expect.stringContaining('8N Assault with injury') as string },
      ])
      const { crime } = await ctx.deps.services.crimes.record(operator, {
        ...input,
        offenceCode: '8N',
        otherOffenceCodes: ['58A'],
      })
      expect(crime.offenceCode).toBe('8N')
      const recorded = (await audit(ctx.force, 'crime', crime.crimeId)).find(
        (event) => event.action === 'CRIME_RECORDED',
      )
      expect(recorded!.changes).toMatchObject({
        otherOffencesDisclosed: ['58A'],
      })
    })
  })

  describe('the lifecycle', () => {
    it('moves through classification, allocation, filing and re-opening, keeping every status change', async () => {
      const force = await ctx.newForce()
      const dm = (await force.user('imu_decision_maker')).actor
      const supervisor = (await force.user('imu_supervisor')).actor
      let crime = await toQualityCheck(force)
      crime = await act(supervisor, crime, { action: 'file', checklist: ALL_CHECKS })
      crime = await act(dm, crime, { action: 'reopen', reason: 'New CCTV found' })
      expect(crime).toMatchObject({ status: 'under_investigation', outcomeType: null })
      expect(crime.reopenedAt?.toISOString()).toBe('2026-11-26T09:00:00.000Z')
      const view = await ctx.deps.services.crimes.view(dm, crime.crimeId)
      expect(view.statusChanges.map((c) => `${c.fromStatus ?? '-'}→${c.toStatus}`)).toEqual([
        '-→recorded',
        'recorded→awaiting_allocation',
        'awaiting_allocation→under_investigation',
        'under_investigation→awaiting_filing',
        'awaiting_filing→imu_quality_check',
        'imu_quality_check→filed',
        'filed→under_investigation',
      ])
      expect(view.timeline.map((event) => event.action)).toContain('CRIME_FILED')
    })

    it('refuses a stale version, an action the status does not allow, and a role without it', async () => {
      const dm = (await ctx.force.user('imu_decision_maker')).actor
      const officer = (await ctx.force.user('officer')).actor
      const crime = (await recordTheft()).crime
      await act(dm, crime, { action: 'confirm_classification' })
      const stale = await failure(
        act(dm, crime, { action: 'allocate', assignedUserId: (await ctx.force.user('officer')).userId }),
      )
      expect(stale).toBeInstanceOf(Conflict)
      expect((stale as Conflict).message).toMatch(/changed by someone else/)
      expect(
        await failure(act(dm, { ...crime, version: 2 }, { action: 'file', checklist: ALL_CHECKS })),
      ).toBeInstanceOf(Conflict)
      expect(
        await failure(act(officer, { ...crime, version: 2 }, { action: 'allocate', assignedUserId: null })),
      ).toBeInstanceOf(Forbidden)
    })

    it('allocates only to real users and units of the force', async () => {
      const dm = (await ctx.force.user('imu_decision_maker')).actor
      let crime = (await recordTheft()).crime
      crime = await act(dm, crime, { action: 'confirm_classification' })
      expect(await fieldsOf(act(dm, crime, { action: 'allocate' }))).toEqual(['assignedUserId'])
      expect(
        await fieldsOf(
          act(dm, crime, {
            action: 'allocate',
            assignedUserId: '00000000-0000-7000-8000-000000000000',
            assignedUnitId: 'not-a-unit',
          }),
        ),
      ).toEqual(['assignedUserId', 'assignedUnitId'])
    })

    it('offers per-crime allowed actions from the workflow table', async () => {
      const officer = (await ctx.force.user('officer')).actor
      const crime = (await recordTheft()).crime
      const { actions } = await ctx.deps.services.crimes.allowedActions(officer, crime.crimeId)
      expect(actions.map((a) => a.action)).toEqual([
        'update_details',
        'link_person',
        'change_involvement',
        'request_cancellation',
      ])
    })

    it('reports daily flows into and out of each status, and who moved them', async () => {
      const force = await ctx.newForce()
      const dm = await force.user('imu_decision_maker')
      const crime = (await recordTheft(force)).crime
      await act(dm.actor, crime, { action: 'confirm_classification' })
      const flows = await ctx.deps.services.crimes.dailyFlows(force.system, { from: '2026-11-26', to: '2026-11-26' })
      expect(flows).toEqual([
        { date: '2026-11-26', status: 'recorded', entered: 1, left: 1, leftBy: [{ changedBy: dm.userId, count: 1 }] },
        { date: '2026-11-26', status: 'awaiting_allocation', entered: 1, left: 0, leftBy: [] },
      ])
      expect(await ctx.deps.services.crimes.dailyFlows(force.system, { from: '2026-11-27', to: '2026-11-30' })).toEqual(
        [],
      )
      expect(
        await fieldsOf(ctx.deps.services.crimes.dailyFlows(force.system, { from: 'x', to: '2026-11-01' })),
      ).toEqual(['from'])
    })
  })

  describe('rule 12: outcome required to close', () => {
    it('cannot file a crime without an outcome 1–22', async () => {
      const force = await ctx.newForce()
      const dm = (await force.user('imu_decision_maker')).actor
      const officer = await force.user('officer')
      let crime = (await recordTheft(force)).crime
      crime = await act(dm, crime, { action: 'confirm_classification' })
      crime = await act(dm, crime, { action: 'allocate', assignedUserId: officer.userId })
      expect(
        await fieldsOf(act(officer.actor, crime, { action: 'submit_for_filing', outcomeType: 0, closingSummary: '' })),
      ).toEqual(['outcomeType', 'closingSummary'])
      expect(await force.rowCount('crime_outcome')).toBe(0)
    })

    it('files with its checklist confirmed, and keeps every outcome when a court result changes it', async () => {
      const dm = (await ctx.force.user('imu_decision_maker')).actor
      const crime = await toQualityCheck()
      expect(await fieldsOf(act(dm, crime, { action: 'file', checklist: ['classificationCorrect'] }))).toEqual([
        'checklist',
      ])
      let filed = await act(dm, crime, { action: 'file', checklist: ALL_CHECKS })
      expect(await fieldsOf(act(dm, filed, { action: 'revise_outcome', outcomeType: 20 }))).toEqual(['reason'])
      filed = await act(dm, filed, {
        action: 'revise_outcome',
        outcomeType: 20,
        reason: 'Taken on by the British Transport Police fraud team',
      })
      expect(filed).toMatchObject({ status: 'filed', outcomeType: 20 })
      const view = await ctx.deps.services.crimes.view(dm, filed.crimeId)
      expect(view.outcomes.map((o) => [o.outcomeType, o.reason])).toEqual([
        [18, null],
        [20, 'Taken on by the British Transport Police fraud team'],
      ])
    })
  })

  describe('rule 13: outcome-specific validation', () => {
    async function underInvestigation(overrides: Partial<RecordCrimeInput> = {}) {
      const dm = (await ctx.force.user('imu_decision_maker')).actor
      const officer = await ctx.force.user('officer')
      let crime = (await recordTheft(ctx.force, overrides)).crime
      crime = await act(dm, crime, { action: 'confirm_classification' })
      return act(dm, crime, { action: 'allocate', assignedUserId: officer.userId })
    }

    it('needs a named suspect for 15, 16 and 21, and none for 14 and 18', async () => {
      const officer = (await ctx.force.user('officer')).actor
      let crime = await underInvestigation()
      const summary = 'Investigation complete.'
      expect(
        await fieldsOf(act(officer, crime, { action: 'submit_for_filing', outcomeType: 15, closingSummary: summary })),
      ).toEqual(['outcomeType'])
      crime = await act(officer, crime, {
        action: 'link_person',
        person: { givenName: 'Sam', familyName: 'Suspect' },
        personRole: 'suspect',
        suspectStatus: 'interviewed',
      })
      expect(
        await fieldsOf(act(officer, crime, { action: 'submit_for_filing', outcomeType: 18, closingSummary: summary })),
      ).toEqual(['outcomeType'])
      expect(
        await fieldsOf(act(officer, crime, { action: 'submit_for_filing', outcomeType: 16, closingSummary: summary })),
      ).toEqual(['victimNonSupportStatement'])
      const submitted = await act(officer, crime, {
        action: 'submit_for_filing',
        outcomeType: 15,
        closingSummary: summary,
      })
      expect(submitted).toMatchObject({ status: 'awaiting_filing', outcomeType: 15 })
    })

    it('blocks outcome 21 for domestic abuse, and needs its rationale and the victim told otherwise', async () => {
      const officer = (await ctx.force.user('officer')).actor
      for (const domesticAbuse of [true, false]) {
        let crime = await underInvestigation({ domesticAbuse })
        crime = await act(officer, crime, {
          action: 'link_person',
          person: { givenName: 'Sam', familyName: 'Suspect' },
          personRole: 'suspect',
        })
        const fields = await fieldsOf(
          act(officer, crime, { action: 'submit_for_filing', outcomeType: 21, closingSummary: 'Done' }),
        )
        expect(fields).toEqual(
          domesticAbuse
            ? ['publicInterestRationale', 'victimNotified', 'outcomeType']
            : ['publicInterestRationale', 'victimNotified'],
        )
      }
    })

    it('needs victim consultation and offender acceptance for a community resolution (8)', async () => {
      const officer = (await ctx.force.user('officer')).actor
      let crime = await underInvestigation()
      crime = await act(officer, crime, {
        action: 'link_person',
        person: { givenName: 'Rob', familyName: 'Offender' },
        personRole: 'offender',
      })
      expect(
        await fieldsOf(act(officer, crime, { action: 'submit_for_filing', outcomeType: 8, closingSummary: 'x' })),
      ).toEqual(['victimConsulted', 'offenderAccepted'])
      const done = await act(officer, crime, {
        action: 'submit_for_filing',
        outcomeType: 8,
        closingSummary: 'Apology and repayment agreed.',
        victimConsulted: true,
        offenderAccepted: true,
      })
      expect(done.outcomeType).toBe(8)
    })
  })

  describe('rule 6: cancellation controls', () => {
    it('lets an officer only request a cancellation, which an IMU decision maker authorises, keeping who and why', async () => {
      const officer = (await ctx.force.user('officer')).actor
      const dm = await ctx.force.user('imu_decision_maker')
      let crime = (await recordTheft()).crime
      const denied = await failure(
        act(officer, crime, { action: 'cancel', cancellationCode: 'C4', rationale: 'Wrong', victimInformed: true }),
      )
      expect(denied).toBeInstanceOf(Forbidden)
      expect((denied as Forbidden).message).toMatch(/request the cancellation instead/)
      expect(
        await fieldsOf(
          act(officer, crime, { action: 'request_cancellation', cancellationCode: 'C2', rationale: 'No crime' }),
        ),
      ).toEqual(['aviDescription', 'victimInformed'])
      crime = await act(officer, crime, {
        action: 'request_cancellation',
        cancellationCode: 'C2',
        rationale: 'No crime took place',
        aviDescription: 'The bag was found under the table on CCTV',
        victimInformed: true,
      })
      expect(crime).toMatchObject({ status: 'cancellation_requested', statusBeforePending: 'recorded' })
      crime = await act(dm.actor, crime, { action: 'authorise_cancellation' })
      expect(crime.status).toBe('cancelled')
      const [cancellation] = (await ctx.deps.services.crimes.view(dm.actor, crime.crimeId)).cancellations
      expect(cancellation).toMatchObject({
        code: 'C2',
        decision: 'authorised',
        decidedBy: dm.userId,
        decidedByRole: 'imu_decision_maker',
        requestedByName: 'Test officer',
      })
    })

    it('restricts authorising cancellation of rape to the FCR and designated decision makers', async () => {
      const force = await ctx.newForce()
      const dm = await force.user('imu_decision_maker')
      const fcr = (await force.user('force_crime_registrar')).actor
      const operator = (await force.user('control_room_operator')).actor
      const record = () =>
        ctx.deps.services.crimes.record(operator, {
          incident: submission({ openingCategory: 'crime-sexual', qualifiers: ['rape-or-attempted-rape'] }),
          victim: { givenName: 'R', familyName: uniqueName('Victim') },
          offenceCode: '19C',
          offenceFrom: '2026-11-25T23:00:00Z',
        })
      const cancellation = { cancellationCode: 'C4', rationale: 'Recorded in error', victimInformed: true } as const
      let crime = (await record()).crime
      const refused = await failure(act(dm.actor, crime, { action: 'cancel', ...cancellation }))
      expect(refused).toBeInstanceOf(Forbidden)
      expect((refused as Forbidden).message).toMatch(/Force Crime Registrar or a designated decision maker/)
      crime = await act(dm.actor, crime, { action: 'request_cancellation', ...cancellation })
      expect(await failure(act(dm.actor, crime, { action: 'authorise_cancellation' }))).toBeInstanceOf(Forbidden)
      crime = await act(fcr, crime, { action: 'authorise_cancellation' })
      expect(crime.status).toBe('cancelled')

      await ctx.deps.services.crimeReferenceData.designateDecisionMaker(fcr, dm.userId)
      const second = (await record()).crime
      expect((await act(dm.actor, second, { action: 'cancel', ...cancellation })).status).toBe('cancelled')
      // Cancelled records are kept, never deleted.
      expect(await force.rowCount('crime')).toBe(2)
    })

    it('lets the force add its own further cancellation codes', async () => {
      const force = await ctx.newForce()
      const admin = (await force.user('administrator')).actor
      const dm = (await force.user('imu_decision_maker')).actor
      expect(
        await fieldsOf(
          ctx.deps.services.crimeReferenceData.addCancellationCode(admin, {
            code: 'C2',
            label: 'x',
            requiresAvi: false,
          }),
        ),
      ).toEqual(['code'])
      await ctx.deps.services.crimeReferenceData.addCancellationCode(admin, {
        code: 'C5',
        label: 'Self-defence shown by additional verifiable information',
        requiresAvi: true,
      })
      const crime = (await recordTheft(force)).crime
      expect(
        await fieldsOf(
          act(dm, crime, { action: 'cancel', cancellationCode: 'C5', rationale: 'Self-defence', victimInformed: true }),
        ),
      ).toEqual(['aviDescription'])
    })
  })

  describe('rule 5: victim told when not recorded', () => {
    it('needs the victim told of a cancellation, or the reason they could not be', async () => {
      const dm = (await ctx.force.user('imu_decision_maker')).actor
      const crime = (await recordTheft()).crime
      expect(
        await fieldsOf(
          act(dm, crime, { action: 'cancel', cancellationCode: 'C4', rationale: 'Error', victimInformed: false }),
        ),
      ).toEqual(['victimNotInformedReason'])
      const cancelled = await act(dm, crime, {
        action: 'cancel',
        cancellationCode: 'C4',
        rationale: 'Error',
        victimInformed: false,
        victimNotInformedReason: 'No contact details were given',
      })
      expect(cancelled.status).toBe('cancelled')
    })
  })

  describe('rule 7: transfers', () => {
    it('stores the receiving force, their reference and acceptance date; victim care stays here until accepted', async () => {
      const dm = (await ctx.force.user('imu_decision_maker')).actor
      let crime = (await recordTheft()).crime
      expect(await fieldsOf(act(dm, crime, { action: 'request_transfer' }))).toEqual(['receivingForce', 'reason'])
      crime = await act(dm, crime, {
        action: 'request_transfer',
        receivingForce: 'Leicestershire Police',
        reason: 'The theft happened in Leicester; reported here',
      })
      let view = await ctx.deps.services.crimes.view(dm, crime.crimeId)
      expect(view.crime.status).toBe('transfer_requested')
      expect(view.victimCareWithThisForce).toBe(true)
      expect(
        await fieldsOf(act(dm, crime, { action: 'accept_transfer', receivingReference: '', acceptedOn: '2026-11-30' })),
      ).toEqual(['receivingReference', 'acceptedOn', 'victimInformed'])
      crime = await act(dm, crime, {
        action: 'accept_transfer',
        receivingReference: 'LP/26/12345',
        acceptedOn: '2026-11-26',
        victimInformed: true,
      })
      view = await ctx.deps.services.crimes.view(dm, crime.crimeId)
      expect(view.crime.status).toBe('transferred')
      expect(view.victimCareWithThisForce).toBe(false)
      expect(view.transfers[0]).toMatchObject({
        receivingForce: 'Leicestershire Police',
        receivingReference: 'LP/26/12345',
        acceptedOn: '2026-11-26',
        status: 'accepted',
      })
    })

    it('returns a refused transfer to where it was', async () => {
      const dm = (await ctx.force.user('imu_decision_maker')).actor
      let crime = (await recordTheft()).crime
      crime = await act(dm, crime, { action: 'confirm_classification' })
      crime = await act(dm, crime, { action: 'request_transfer', receivingForce: 'BTP', reason: 'On a train' })
      crime = await act(dm, crime, { action: 'refuse_transfer', reason: 'BTP say it was on the platform, in our area' })
      expect(crime).toMatchObject({ status: 'awaiting_allocation', statusBeforePending: null })
    })
  })

  describe('rule 8: N100', () => {
    it('raises an N100 when a report of rape is recorded as another offence, with the reason required', async () => {
      const force = await ctx.newForce()
      const operator = (await force.user('control_room_operator')).actor
      const fcr = (await force.user('force_crime_registrar')).actor
      const input: RecordCrimeInput = {
        incident: submission({ openingCategory: 'crime-sexual', qualifiers: ['rape-or-attempted-rape'] }),
        victim: { givenName: 'N', familyName: 'Hundred' },
        offenceCode: '20A',
        offenceFrom: '2026-11-25T23:00:00Z',
      }
      expect(await fieldsOf(ctx.deps.services.crimes.record(operator, input))).toEqual(['n100Reason'])
      const { crime } = await ctx.deps.services.crimes.record(operator, {
        ...input,
        n100Reason: 'The account describes sexual assault, not penetration',
      })
      const open = await ctx.deps.services.crimes.listN100s(fcr, 'open')
      expect(open).toEqual([
        expect.objectContaining({
          crimeId: crime.crimeId,
          crimeReference: crime.crimeReference,
          reason: expect.stringContaining('not penetration') as string,
        }),
      ])
    })

    it('raises one when a report of rape is not crimed, and tracks its conversion to a crime of rape', async () => {
      const force = await ctx.newForce()
      const operator = (await force.user('control_room_operator')).actor
      const fcr = (await force.user('force_crime_registrar')).actor
      const { incident } = await ctx.deps.services.incidents.intake(
        operator,
        submission({ openingCategory: 'crime-sexual', qualifiers: ['rape-or-attempted-rape'] }),
      )
      await ctx.deps.services.crimes.recordNonCrimeDecision(operator, incident.incidentId, {
        expectedVersion: incident.version,
        reason: 'victim_untraceable',
        rationale: 'Third-party report; the caller could not identify the victim',
        victimInformed: false,
        victimNotInformedReason: 'Victim not identified',
      })
      const [n100] = await ctx.deps.services.crimes.listN100s(fcr, 'open')
      expect(n100).toMatchObject({ incidentId: incident.incidentId, crimeId: null })
      const { crime } = await ctx.deps.services.crimes.record(operator, {
        directReportChannel: 'partner',
        reportedAt: '2026-11-26T08:30:00Z',
        victim: { givenName: 'Now', familyName: 'Identified' },
        offenceCode: '19C',
        offenceFrom: '2026-11-25T23:00:00Z',
      })
      const { n100: stored } = await ctx.deps.services.crimes.viewN100(fcr, n100!.n100Id)
      expect(
        await fieldsOf(
          ctx.deps.services.crimes.resolveN100(fcr, stored.n100Id, {
            expectedVersion: stored.version,
            outcome: 'converted',
            crimeReference: 'nope',
          }),
        ),
      ).toEqual(['crimeReference'])
      // The crime of rape was recorded as a direct report, not from the N100's incident: say why it is the same.
      expect(
        await fieldsOf(
          ctx.deps.services.crimes.resolveN100(fcr, stored.n100Id, {
            expectedVersion: stored.version,
            outcome: 'converted',
            crimeReference: crime.crimeReference,
          }),
        ),
      ).toEqual(['rationale'])
      const converted = await ctx.deps.services.crimes.resolveN100(fcr, stored.n100Id, {
        expectedVersion: stored.version,
        outcome: 'converted',
        crimeReference: crime.crimeReference,
        rationale: 'The victim came to the front counter and reported the same rape',
      })
      expect(converted).toMatchObject({ status: 'converted', convertedCrimeId: crime.crimeId })
      expect(await ctx.deps.services.crimes.listN100s(fcr, 'open')).toEqual([])
    })

    it('raises one when a crime of rape is reclassified as something else', async () => {
      const force = await ctx.newForce()
      const fcr = (await force.user('force_crime_registrar')).actor
      const dm = (await force.user('imu_decision_maker')).actor
      const { crime } = await ctx.deps.services.crimes.record(dm, {
        directReportChannel: 'front_counter',
        reportedAt: '2026-11-26T08:30:00Z',
        victim: { givenName: 'R', familyName: 'Reclass' },
        offenceCode: '19C',
        offenceFrom: '2026-11-25T23:00:00Z',
      })
      await act(dm, crime, {
        action: 'reclassify',
        offenceCode: '20A',
        reason: 'Victim’s account confirms no penetration',
      })
      const open = await ctx.deps.services.crimes.listN100s(fcr, 'open')
      expect(open.map((n) => n.reason)).toEqual([
        'Reclassified from 19C to 20A: Victim’s account confirms no penetration',
      ])
    })
  })

  describe('rule 9: FCR final say', () => {
    it('lets only the FCR reclassify a filed crime, logged as an override with the reason', async () => {
      const dm = (await ctx.force.user('imu_decision_maker')).actor
      const fcr = (await ctx.force.user('force_crime_registrar')).actor
      const filed = await act(dm, await toQualityCheck(), { action: 'file', checklist: ALL_CHECKS })
      expect(await failure(act(dm, filed, { action: 'reclassify', offenceCode: '39', reason: 'x' }))).toBeInstanceOf(
        Forbidden,
      )
      const overridden = await act(fcr, filed, {
        action: 'reclassify',
        offenceCode: '39',
        reason: 'Audit found it was from the person',
      })
      expect(overridden).toMatchObject({ status: 'filed', offenceCode: '39', offenceCodeAtFiling: '49' })
      const trail = await audit(ctx.force, 'crime', filed.crimeId)
      expect(trail.at(-1)).toMatchObject({
        action: 'CRIME_RECLASSIFIED',
        reason: 'Audit found it was from the person',
        changes: expect.objectContaining({ fcrOverride: true }) as unknown,
      })
      const view = await ctx.deps.services.crimes.view(fcr, filed.crimeId)
      expect(view.classifications.at(-1)).toMatchObject({ fcrOverride: true, previousCode: '49', offenceCode: '39' })
    })

    it('lets the FCR reverse a cancellation, with the reason logged', async () => {
      const dm = (await ctx.force.user('imu_decision_maker')).actor
      const fcr = (await ctx.force.user('force_crime_registrar')).actor
      const cancelled = await act(dm, (await recordTheft()).crime, {
        action: 'cancel',
        cancellationCode: 'C4',
        rationale: 'Thought recorded in error',
        victimInformed: true,
      })
      expect(await failure(act(dm, cancelled, { action: 'reinstate', reason: 'x' }))).toBeInstanceOf(Forbidden)
      expect(await fieldsOf(act(fcr, cancelled, { action: 'reinstate', reason: ' ' }))).toEqual(['reason'])
      const reinstated = await act(fcr, cancelled, {
        action: 'reinstate',
        reason: 'Audit: the victim’s account meets the recording test',
      })
      expect(reinstated.status).toBe('recorded')
      const trail = await audit(ctx.force, 'crime', cancelled.crimeId)
      expect(trail.at(-1)).toMatchObject({
        action: 'CRIME_REINSTATED',
        changes: expect.objectContaining({ fcrOverride: true }) as unknown,
      })
      // The cancellation no longer stands: it is marked reversed, with who, when and why.
      const [cancellation] = (await ctx.deps.services.crimes.view(fcr, cancelled.crimeId)).cancellations
      expect(cancellation).toMatchObject({
        decision: 'reversed',
        decidedByName: 'Test imu_decision_maker',
        reversedByName: 'Test force_crime_registrar',
        reversalReason: 'Audit: the victim’s account meets the recording test',
      })
      expect(cancellation!.reversedAt?.toISOString()).toBe('2026-11-26T09:00:00.000Z')
    })
  })

  const rapeReport = (force: TestForce, overrides: Partial<RecordCrimeInput> = {}) =>
    force.user('control_room_operator').then((operator) =>
      ctx.deps.services.crimes.record(operator.actor, {
        incident: submission({ openingCategory: 'crime-sexual', qualifiers: ['rape-or-attempted-rape'] }),
        victim: { givenName: 'R', familyName: uniqueName('Victim') },
        offenceCode: '19C',
        offenceFrom: '2026-11-25T23:00:00Z',
        ...overrides,
      }),
    )

  describe('rule 6: a transfer removes a crime of rape only with the authority to cancel it', () => {
    it('lets a decision maker who is not designated request a transfer of rape but not accept it', async () => {
      const force = await ctx.newForce()
      const dm = (await force.user('imu_decision_maker')).actor
      let crime = (await rapeReport(force)).crime
      expect(
        await failure(
          act(dm, crime, { action: 'cancel', cancellationCode: 'C4', rationale: 'x', victimInformed: true }),
        ),
      ).toBeInstanceOf(Forbidden)
      crime = await act(dm, crime, {
        action: 'request_transfer',
        receivingForce: 'Leicestershire Police',
        reason: 'The rape happened in Leicester',
      })
      const acceptance = { receivingReference: 'LP/26/1', acceptedOn: '2026-11-26' } as const
      const refused = await failure(act(dm, crime, { action: 'accept_transfer', ...acceptance, victimInformed: true }))
      expect(refused).toBeInstanceOf(Forbidden)
      expect((refused as Forbidden).message).toMatch(/Force Crime Registrar or a designated decision maker/)
      expect((await ctx.deps.services.crimes.allowedActions(dm, crime.crimeId)).actions.map((a) => a.action)).toEqual([
        'refuse_transfer',
      ])
    })

    it('keeps the authoriser’s name and role with an accepted transfer, and whether the victim was told (rule 5)', async () => {
      const force = await ctx.newForce()
      const dm = (await force.user('imu_decision_maker')).actor
      const fcr = await force.user('force_crime_registrar')
      let crime = (await rapeReport(force)).crime
      crime = await act(dm, crime, { action: 'request_transfer', receivingForce: 'BTP', reason: 'On a train' })
      const acceptance = { receivingReference: 'BTP/26/9', acceptedOn: '2026-11-26' } as const
      expect(await fieldsOf(act(fcr.actor, crime, { action: 'accept_transfer', ...acceptance }))).toEqual([
        'victimInformed',
      ])
      expect(
        await fieldsOf(act(fcr.actor, crime, { action: 'accept_transfer', ...acceptance, victimInformed: false })),
      ).toEqual(['victimNotInformedReason'])
      crime = await act(fcr.actor, crime, {
        action: 'accept_transfer',
        ...acceptance,
        victimInformed: false,
        victimNotInformedReason: 'BTP are telling her; she asked not to be called twice',
      })
      expect(crime.status).toBe('transferred')
      const { transfers, n100s } = await ctx.deps.services.crimes.view(fcr.actor, crime.crimeId, {
        justification: 'Crime data integrity audit or quality check',
      })
      expect(transfers[0]).toMatchObject({
        status: 'accepted',
        decidedBy: fcr.userId,
        decidedByName: 'Test force_crime_registrar',
        decidedByRole: 'force_crime_registrar',
        fcrOverride: false,
        victimInformed: false,
        victimNotInformedReason: 'BTP are telling her; she asked not to be called twice',
      })
      // Rule 8: a crime of rape transferred away is an N100.
      expect(n100s).toHaveLength(1)
    })
  })

  describe('concurrent actions on one crime', () => {
    it('lets exactly one of two actions at the same version through; the other is a clear conflict', async () => {
      const force = await ctx.newForce()
      const dm = (await force.user('imu_decision_maker')).actor
      const officer = await force.user('officer')
      for (let pair = 0; pair < 4; pair++) {
        let crime = (await recordTheft(force)).crime
        const reclassified = await Promise.allSettled([
          act(dm, crime, { action: 'reclassify', offenceCode: '39', reason: 'From her hand' }),
          act(dm, crime, { action: 'reclassify', offenceCode: '46', reason: 'From a shop' }),
        ])
        expect(reclassified.filter((result) => result.status === 'fulfilled')).toHaveLength(1)
        const loser = reclassified.find((result) => result.status === 'rejected') as PromiseRejectedResult
        expect(loser.reason).toBeInstanceOf(Conflict)
        expect((loser.reason as Conflict).message).toMatch(/changed by someone else/)
        crime = (reclassified.find((result) => result.status === 'fulfilled') as PromiseFulfilledResult<CrimeRow>).value
        crime = await act(dm, crime, { action: 'confirm_classification' })
        crime = await act(dm, crime, { action: 'allocate', assignedUserId: officer.userId })
        const submitted = await Promise.allSettled(
          [18, 18].map(() =>
            act(officer.actor, crime, { action: 'submit_for_filing', outcomeType: 18, closingSummary: 'No leads.' }),
          ),
        )
        expect(submitted.map((result) => result.status).sort()).toEqual(['fulfilled', 'rejected'])
        expect(
          (submitted.find((result) => result.status === 'rejected') as PromiseRejectedResult).reason,
        ).toBeInstanceOf(Conflict)
      }
      expect(await force.rowCount('crime_outcome')).toBe(4)
    })
  })

  describe('rule 22 through the crime: changing how a person is involved', () => {
    it('changes a suspect’s status as a crime action, which moves the crime’s version', async () => {
      const force = await ctx.newForce()
      const officer = (await force.user('officer')).actor
      let crime = (await recordTheft(force)).crime
      crime = await act(officer, crime, {
        action: 'link_person',
        person: { givenName: 'Sid', familyName: 'Suspect' },
        personRole: 'suspect',
      })
      const suspect = (await ctx.deps.services.crimes.view(officer, crime.crimeId)).people.find(
        (person) => person.role === 'suspect',
      )!
      const changed = await act(officer, crime, {
        action: 'change_involvement',
        involvementId: suspect.involvementId,
        personRole: 'suspect',
        suspectStatus: 'interviewed',
      })
      expect(changed.version).toBe(crime.version + 1)
      const view = await ctx.deps.services.crimes.view(officer, crime.crimeId)
      expect(view.people.find((person) => person.involvementId === suspect.involvementId)).toMatchObject({
        role: 'suspect',
        suspectStatus: 'interviewed',
      })
      expect(view.timeline.at(-1)).toMatchObject({
        action: 'CRIME_INVOLVEMENT_CHANGED',
        changes: expect.objectContaining({
          involvementId: suspect.involvementId,
          suspectStatus: { before: 'not_interviewed', after: 'interviewed' },
        }) as unknown,
      })
      // A stale version is a conflict here as for any crime action.
      expect(
        await failure(
          act(officer, crime, {
            action: 'change_involvement',
            involvementId: suspect.involvementId,
            personRole: 'offender',
          }),
        ),
      ).toBeInstanceOf(Conflict)
    })

    it('rule 11: never makes a witness a second victim, nor the victim someone else', async () => {
      const force = await ctx.newForce()
      const officer = (await force.user('officer')).actor
      let crime = (await recordTheft(force)).crime
      crime = await act(officer, crime, {
        action: 'link_person',
        person: { givenName: 'Wyn', familyName: 'Witness' },
        personRole: 'witness',
      })
      const people = (await ctx.deps.services.crimes.view(officer, crime.crimeId)).people
      const witness = people.find((person) => person.role === 'witness')!
      const victim = people.find((person) => person.role === 'victim')!
      expect(
        await fieldsOf(
          act(officer, crime, {
            action: 'change_involvement',
            involvementId: witness.involvementId,
            personRole: 'victim',
          }),
        ),
      ).toEqual(['personRole'])
      expect(
        await fieldsOf(
          act(officer, crime, {
            action: 'change_involvement',
            involvementId: victim.involvementId,
            personRole: 'witness',
          }),
        ),
      ).toEqual(['personRole'])
      expect(
        await fieldsOf(
          act(officer, crime, { action: 'change_involvement', involvementId: 'nobody', personRole: 'other' }),
        ),
      ).toEqual(['involvementId'])
    })

    it('rule 13: refuses eliminating the named suspect an outcome awaiting filing depends on', async () => {
      const force = await ctx.newForce()
      const dm = (await force.user('imu_decision_maker')).actor
      const officer = await force.user('officer')
      let crime = (await recordTheft(force)).crime
      crime = await act(dm, crime, { action: 'confirm_classification' })
      crime = await act(dm, crime, { action: 'allocate', assignedUserId: officer.userId })
      crime = await act(officer.actor, crime, {
        action: 'link_person',
        person: { givenName: 'Nam', familyName: 'Suspect' },
        personRole: 'suspect',
        suspectStatus: 'interviewed',
      })
      crime = await act(officer.actor, crime, {
        action: 'submit_for_filing',
        outcomeType: 15,
        closingSummary: 'Named suspect; victim supports; evidential difficulties.',
      })
      const suspect = (await ctx.deps.services.crimes.view(dm, crime.crimeId)).people.find((p) => p.role === 'suspect')!
      const refused = await failure(
        act(dm, crime, {
          action: 'change_involvement',
          involvementId: suspect.involvementId,
          personRole: 'suspect',
          suspectStatus: 'eliminated',
        }),
      )
      expect((refused as ValidationFailed).fieldErrors).toEqual([
        {
          field: 'personRole',
          message: expect.stringMatching(/Outcome 15 needs a named suspect.*return the crime/) as string,
        },
      ])
      // Filed, the crime's people no longer change at all (the FCR reopens it first).
      crime = await act(dm, crime, { action: 'start_quality_check' })
      crime = await act(dm, crime, { action: 'file', checklist: ALL_CHECKS })
      expect(
        await failure(
          act(dm, crime, {
            action: 'change_involvement',
            involvementId: suspect.involvementId,
            personRole: 'suspect',
            suspectStatus: 'eliminated',
          }),
        ),
      ).toBeInstanceOf(Conflict)
      const [stored] = (await ctx.deps.services.crimes.view(dm, crime.crimeId)).people.filter(
        (p) => p.role === 'suspect',
      )
      expect(stored!.suspectStatus).toBe('interviewed')
    })

    it('names personRole when adding a person with no role or a wrong one, and adds nobody (rule 22)', async () => {
      const force = await ctx.newForce()
      const officer = (await force.user('officer')).actor
      const crime = (await recordTheft(force)).crime
      const people = await force.rowCount('person')
      for (const personRole of ['', 'bystander']) {
        expect(
          await fieldsOf(
            act(officer, crime, { action: 'link_person', person: { givenName: 'A', familyName: 'B' }, personRole }),
          ),
        ).toEqual(['personRole'])
      }
      expect(
        await fieldsOf(
          act(officer, crime, {
            action: 'link_person',
            person: { givenName: 'A', familyName: 'B' },
            personRole: 'witness',
            suspectStatus: 'interviewed',
          }),
        ),
      ).toEqual(['suspectStatus'])
      expect(await force.rowCount('person')).toBe(people)
    })
  })

  describe('rule 9: reinstating a cancelled crime', () => {
    it('refuses clearly while another crime from the incident is live for the same victim', async () => {
      const force = await ctx.newForce()
      const operator = (await force.user('control_room_operator')).actor
      const dm = (await force.user('imu_decision_maker')).actor
      const fcr = (await force.user('force_crime_registrar')).actor
      const victim = { givenName: 'Rae', familyName: uniqueName('Instate') }
      const first = await recordTheft(force, { victim })
      await act(dm, first.crime, { action: 'cancel', cancellationCode: 'C4', rationale: 'Error', victimInformed: true })
      const second = await ctx.deps.services.crimes.record(operator, {
        incidentId: first.incident!.incidentId,
        victim,
        offenceCode: '46',
        offenceFrom: '2026-11-26T07:30:00Z',
      })
      const cancelled = (await ctx.deps.services.crimes.view(fcr, first.crime.crimeId)).crime
      const refused = await failure(act(fcr, cancelled, { action: 'reinstate', reason: 'Audit says it stands' }))
      expect(refused).toBeInstanceOf(Conflict)
      expect((refused as Conflict).message).toContain(second.crime.crimeReference)
      expect((refused as Conflict).details).toMatchObject({ crimeId: second.crime.crimeId })
      expect((await ctx.deps.services.crimes.view(fcr, first.crime.crimeId)).crime.status).toBe('cancelled')
    })
  })

  describe('rule 8: N100 for reports of rape', () => {
    it('raises one for a direct report of rape recorded as another offence, and refuses a reason it would ignore', async () => {
      const force = await ctx.newForce()
      const dm = (await force.user('imu_decision_maker')).actor
      const fcr = (await force.user('force_crime_registrar')).actor
      const direct: RecordCrimeInput = {
        directReportChannel: 'front_counter',
        reportedAt: '2026-11-26T08:30:00Z',
        victim: { givenName: 'D', familyName: uniqueName('Direct') },
        offenceCode: '20A',
        offenceFrom: '2026-11-25T23:00:00Z',
      }
      const record = (input: Partial<RecordCrimeInput>) => ctx.deps.services.crimes.record(dm, { ...direct, ...input })
      expect(await fieldsOf(record({ rapeReported: true }))).toEqual(['n100Reason'])
      expect(await fieldsOf(record({ n100Reason: 'Not rape' }))).toEqual(['n100Reason'])
      expect(await fieldsOf(record({ rapeReported: true, offenceCode: '19C', n100Reason: 'x' }))).toEqual([
        'n100Reason',
      ])
      expect(
        await fieldsOf(record({ directReportChannel: undefined, incident: submission(), rapeReported: true })),
      ).toEqual(['rapeReported'])
      const { crime } = await record({ rapeReported: true, n100Reason: 'Touching over clothing, no penetration' })
      expect(await ctx.deps.services.crimes.listN100s(fcr, 'open')).toEqual([
        expect.objectContaining({
          crimeId: crime.crimeId,
          incidentId: null,
          reason: 'Touching over clothing, no penetration',
        }),
      ])
    })

    it('raises one when rape is added to an incident after its recording decision', async () => {
      const force = await ctx.newForce()
      const operator = (await force.user('control_room_operator')).actor
      const fcr = (await force.user('force_crime_registrar')).actor
      const { crime, incident } = await recordTheft(force, {
        incident: submission({ openingCategory: 'crime-sexual' }),
        offenceCode: '20A',
      })
      const updated = await ctx.deps.services.incidents.update(operator, incident!.incidentId, {
        expectedVersion: incident!.version,
        qualifiers: ['rape-or-attempted-rape'],
      })
      expect(updated.rapeReported).toBe(true)
      const open = await ctx.deps.services.crimes.listN100s(fcr, 'open')
      expect(open).toEqual([
        expect.objectContaining({
          incidentId: incident!.incidentId,
          crimeId: crime.crimeId,
          reason: expect.stringContaining(
            `after the recording decision: recorded as ${crime.crimeReference} (20A)`,
          ) as string,
        }),
      ])
      // Once is enough: updating the incident again raises no second one.
      await ctx.deps.services.incidents.update(operator, incident!.incidentId, {
        expectedVersion: updated.version,
        narrative: 'More detail from the victim',
      })
      expect(await ctx.deps.services.crimes.listN100s(fcr, 'open')).toHaveLength(1)
    })

    it('converts an N100 to a crime of rape from its own report, and another only with the reason it is the same', async () => {
      const force = await ctx.newForce()
      const dm = (await force.user('imu_decision_maker')).actor
      const fcr = (await force.user('force_crime_registrar')).actor
      const direct = (familyName: string) =>
        ctx.deps.services.crimes.record(dm, {
          directReportChannel: 'front_counter',
          reportedAt: '2026-11-26T08:30:00Z',
          victim: { givenName: 'N', familyName },
          offenceCode: '19C',
          offenceFrom: '2026-11-25T23:00:00Z',
        })
      let crime = (await direct(uniqueName('Own'))).crime
      const elsewhere = (await direct(uniqueName('Other'))).crime
      crime = await act(dm, crime, { action: 'reclassify', offenceCode: '20A', reason: 'No penetration described' })
      const [n100] = await ctx.deps.services.crimes.listN100s(fcr, 'open')
      const resolve = (crimeReference: string, rationale?: string) =>
        ctx.deps.services.crimes.resolveN100(fcr, n100!.n100Id, {
          expectedVersion: 1,
          outcome: 'converted',
          crimeReference,
          rationale,
        })
      expect(await fieldsOf(resolve(elsewhere.crimeReference))).toEqual(['rationale'])
      await act(dm, crime, { action: 'reclassify', offenceCode: '19C', reason: 'Second account describes rape' })
      expect(await resolve(crime.crimeReference)).toMatchObject({
        status: 'converted',
        convertedCrimeId: crime.crimeId,
      })
    })
  })

  describe('rule 11: one victim, however they were entered', () => {
    it('finds the victim already recorded by name and date of birth, and knows them given by id too', async () => {
      const force = await ctx.newForce()
      const operator = (await force.user('control_room_operator')).actor
      const victim = { givenName: 'Vic', familyName: 'Sameperson', dateOfBirth: '1985-05-05' }
      const place = { address: '3 Gold Street, Northampton', postcode: 'NN1 1RS' }
      const first = await recordTheft(force, { victim, incident: submission({ location: place }) })
      // The same person again (spelt in another case), for a theft on another day: linked, not made again.
      const later = await recordTheft(force, {
        incident: submission({ receivedAt: '2026-11-20T08:00:00Z' }),
        victim: { givenName: ' VIC', familyName: 'sameperson ', dateOfBirth: '1985-05-05' },
        offenceFrom: '2026-11-20T07:00:00Z',
      })
      expect(later.crime.victimPersonId).toBe(first.crime.victimPersonId)
      expect(await force.rowCount('person')).toBe(1)
      // Given as the existing person: the duplicate check and one crime per victim still know who it is.
      const byId = { victimPersonId: first.crime.victimPersonId!, victim: undefined }
      const duplicate = await failure(
        recordTheft(force, {
          ...byId,
          incident: submission({ channel: 'online', location: place }),
          offenceFrom: '2026-11-26T07:45:00Z',
        }),
      )
      expect(duplicate).toBeInstanceOf(PossibleDuplicate)
      const sameIncident = await failure(
        ctx.deps.services.crimes.record(operator, {
          ...byId,
          incidentId: first.incident!.incidentId,
          offenceCode: '46',
          offenceFrom: '2026-11-26T07:30:00Z',
        }),
      )
      expect(sameIncident).toBeInstanceOf(Conflict)
      expect((sameIncident as Conflict).message).toMatch(/one crime per victim/)
    })
  })

  describe('rule 20: consultations are for audit roles to see', () => {
    it('leaves views out of the timeline for operational roles, and shows them to the audit roles', async () => {
      const officer = (await ctx.force.user('officer')).actor
      const auditor = (await ctx.force.user('auditor')).actor
      const crime = (await recordTheft()).crime
      await ctx.deps.services.crimes.view(officer, crime.crimeId)
      const seen = (await ctx.deps.services.crimes.view(officer, crime.crimeId)).timeline.map((e) => e.action)
      expect(seen).toContain('CRIME_RECORDED')
      expect(seen.filter((action) => action.endsWith('_VIEWED'))).toEqual([])
      const audited = (await ctx.deps.services.crimes.view(auditor, crime.crimeId)).timeline.map((e) => e.action)
      expect(audited.filter((action) => action === 'CRIME_VIEWED')).toHaveLength(2)
    })
  })

  describe('crime-recording settings', () => {
    it('never loses a change: a save at a stale version is a conflict, however close together', async () => {
      const force = await ctx.newForce()
      const admin = (await force.user('administrator')).actor
      const fcr = (await force.user('force_crime_registrar')).actor
      const saves = await Promise.allSettled([
        ctx.deps.services.crimeReferenceData.updateReferenceFormat(admin, {
          expectedVersion: 0,
          referenceFormat: 'A/{yy}/{seq}',
        }),
        ctx.deps.services.crimeReferenceData.updateAuthorisationGroups(fcr, {
          expectedVersion: 0,
          authorisationGroups: ['rape', 'other-sexual-offences'],
        }),
      ])
      expect(saves.map((save) => save.status).sort()).toEqual(['fulfilled', 'rejected'])
      expect((saves.find((save) => save.status === 'rejected') as PromiseRejectedResult).reason).toBeInstanceOf(
        Conflict,
      )
      // The repository itself never overwrites a row that is not at the version expected.
      const stale = await ctx.deps.db.withForce(force.forceId, (tx) =>
        new CrimesRepository().saveSettings(tx, 0, {
          referenceFormat: 'B/{yy}/{seq}',
          authorisationGroups: [],
          updatedAt: new Date(TEST_NOW),
          updatedBy: 'Test',
        }),
      )
      expect(stale).toBeUndefined()
      const { settings } = await ctx.deps.services.crimeReferenceData.overview(admin)
      expect(settings.version).toBe(1)
    })

    it('keeps the authority to cancel rape with the Force Crime Registrar, not administrators (rule 6)', async () => {
      const force = await ctx.newForce()
      const admin = (await force.user('administrator')).actor
      const fcr = (await force.user('force_crime_registrar')).actor
      const dm = await force.user('imu_decision_maker')
      expect(
        await failure(ctx.deps.services.crimeReferenceData.designateDecisionMaker(admin, dm.userId)),
      ).toBeInstanceOf(Forbidden)
      expect(
        await failure(
          ctx.deps.services.crimeReferenceData.updateAuthorisationGroups(admin, {
            expectedVersion: 0,
            authorisationGroups: [],
          }),
        ),
      ).toBeInstanceOf(Forbidden)
      await ctx.deps.services.crimeReferenceData.designateDecisionMaker(fcr, dm.userId)
      const saved = await ctx.deps.services.crimeReferenceData.updateAuthorisationGroups(fcr, {
        expectedVersion: 0,
        authorisationGroups: ['rape', 'other-sexual-offences'],
      })
      expect(saved.authorisationGroups).toEqual(['other-sexual-offences', 'rape'])
      // Reference formats stay with administrators.
      await ctx.deps.services.crimeReferenceData.updateReferenceFormat(admin, {
        expectedVersion: saved.version,
        referenceFormat: 'X/{yy}/{seq}',
      })
    })
  })

  it('records every view of a crime record', async () => {
    const inspector = (await ctx.force.user('inspector')).actor
    const crime = (await recordTheft()).crime
    await ctx.deps.services.crimes.view(inspector, crime.crimeId)
    const trail = await audit(ctx.force, 'crime', crime.crimeId)
    expect(trail.at(-1)).toMatchObject({ action: 'CRIME_VIEWED', actorName: 'Test inspector' })
  })
})
