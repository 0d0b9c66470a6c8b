import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Actor } from '../../platform/auth/actor.ts'
import { fieldsOf } from '../../../test/support/assertions.ts'
import { createTestContext, type TestContext, type TestForce } from '../../../test/support/test-context.ts'
import type { CrimeActionInput, RecordCrimeInput } from '../crimes/index.ts'

// The test clock stands at Thursday 26 November 2026, 09:00.
describe('VictimsService', () => {
  let ctx: TestContext
  let force: TestForce
  beforeAll(async () => {
    ctx = await createTestContext()
    force = ctx.force
  })
  afterAll(() => ctx.close())

  let n = 0
  const letters = () => (++n).toString(26).replace(/[0-9]/g, (d) => 'qrstuvwxyz'[Number(d)]!)
  const victims = () => ctx.deps.services.victims

  async function record(overrides: Partial<RecordCrimeInput> = {}, on: TestForce = force) {
    const operator = (await on.user('control_room_operator')).actor
    const { crime } = await ctx.deps.services.crimes.record(operator, {
      directReportChannel: 'front_counter',
      reportedAt: '2026-11-26T08:00:00Z',
      victim: { givenName: 'Amy', familyName: `Vic${letters()}`, dateOfBirth: '1980-02-03' },
      offenceCode: '49',
      offenceFrom: '2026-11-25T20:00:00Z',
      // Each test's victims differ by a letter: different people, not the possible duplicates rule 11 asks about.
      acknowledgeDuplicates: true,
      ...overrides,
    })
    // The operator records the crime; victim care is found by someone who may see it.
    const careId = await victims().careIdForCrime((await on.user('victim_care_officer')).actor, crime.crimeId)
    return { crime, careId: careId! }
  }

  const act = (
    actor: Actor,
    crime: { crimeId: string; version: number },
    input: Omit<CrimeActionInput, 'expectedVersion'>,
  ) => ctx.deps.services.crimes.act(actor, crime.crimeId, { expectedVersion: crime.version, ...input })
  const vco = async () => (await force.user('victim_care_officer')).actor
  const tasksOf = async (careId: string) => (await victims().view(await vco(), careId)).tasks
  const due = async (careId: string) =>
    Object.fromEntries((await tasksOf(careId)).map((task) => [task.kind, [task.dueOn, task.status]]))

  describe('rule 15: Victims’ Code clocks start on recording and on investigation decisions', () => {
    it('starts Right 3 information (5 working days), referral (2) and needs assessment (force-set) on recording', async () => {
      const { careId } = await record()
      // Reported Thursday 26 November: 5 working days is Thursday 3 December; 2 is Monday 30 November.
      expect(await due(careId)).toEqual({
        right3_information: ['2026-12-03', 'open'],
        support_referral: ['2026-11-30', 'open'],
        needs_assessment: ['2026-12-03', 'open'],
      })
    })

    it('starts a notification task for each decision, 5 working days from it, and flags overdue ones', async () => {
      const { careId } = await record()
      const officer = (await force.user('officer')).actor
      await victims().recordEvent(officer, careId, { kind: 'arrest', occurredOn: '2026-11-26' })
      const task = (await tasksOf(careId)).find((t) => t.kind === 'event_notification')!
      expect(task.dueOn).toBe('2026-12-03')
      expect(task.overdue).toBe(false)
      ctx.clock.set('2026-12-04T09:00:00Z')
      try {
        const overdue = await victims().queue(await vco(), { view: 'overdue' })
        expect(
          overdue.tasks
            .filter((t) => t.careId === careId)
            .map((t) => t.kind)
            .sort(),
        ).toEqual(['event_notification', 'needs_assessment', 'right3_information', 'support_referral'])
      } finally {
        ctx.clock.set('2026-11-26T09:00:00Z')
      }
    })

    it('starts an outcome notification when the officer submits an outcome', async () => {
      const dm = (await force.user('imu_decision_maker')).actor
      const officer = await force.user('officer')
      const recorded = await record()
      const careId = recorded.careId
      let crime = recorded.crime
      crime = await act(dm, crime, { action: 'confirm_classification' })
      crime = await act(dm, crime, { action: 'allocate', assignedUserId: officer.userId })
      await act(officer.actor, crime, {
        action: 'submit_for_filing',
        outcomeType: 18,
        closingSummary: 'No suspect identified after CCTV enquiries.',
      })
      const view = await victims().view(await vco(), careId)
      expect(view.events.map((e) => e.kind)).toEqual(['outcome'])
      expect(view.tasks.filter((t) => t.kind === 'event_notification').map((t) => t.dueOn)).toEqual(['2026-12-03'])
    })

    it('refuses a decision dated before the report or in the future, naming the field, storing nothing', async () => {
      const { careId } = await record()
      const officer = (await force.user('officer')).actor
      expect(
        await fieldsOf(victims().recordEvent(officer, careId, { kind: 'arrest', occurredOn: '2026-11-20' })),
      ).toEqual(['occurredOn'])
      expect(await fieldsOf(victims().recordEvent(officer, careId, { kind: 'tea', occurredOn: '2026-11-27' }))).toEqual(
        ['kind', 'occurredOn'],
      )
      expect((await victims().view(officer, careId)).events).toEqual([])
    })
  })

  describe('rule 16: deadlines skip weekends, bank holidays and the force’s own days off', () => {
    it('counts working days on the force’s calendar', async () => {
      const other = await ctx.newForce()
      const fcr = (await other.user('force_crime_registrar')).actor
      await victims().updateSettings(fcr, {
        needsAssessmentDays: 10,
        vpsRequiredForCharge: true,
        region: 'ENG',
        extraDaysOff: ['2026-11-27', '2026-11-30'],
      })
      const { careId } = await record({}, other)
      const view = await victims().view(fcr, careId)
      // Friday 27 and Monday 30 November are days off: 2 working days from Thursday is Wednesday 2 December.
      expect(view.tasks.find((t) => t.kind === 'support_referral')!.dueOn).toBe('2026-12-02')
      expect(view.tasks.find((t) => t.kind === 'needs_assessment')!.dueOn).toBe('2026-12-14')
      expect(
        await fieldsOf(
          victims().updateSettings(fcr, {
            needsAssessmentDays: -1,
            vpsRequiredForCharge: true,
            region: 'XX',
            extraDaysOff: [],
          }),
        ),
      ).toEqual(['needsAssessmentDays', 'region'])
    })
  })

  describe('rule 17: enhanced rights', () => {
    it('are set automatically for domestic abuse and a victim under 18, shortening deadlines to 1 working day', async () => {
      const { careId } = await record({ domesticAbuse: true })
      const view = await victims().view(await vco(), careId)
      expect(view.care).toMatchObject({ enhanced: true, automaticGrounds: ['most_serious'] })
      expect(view.tasks.find((t) => t.kind === 'right3_information')!.dueOn).toBe('2026-11-27')
      const child = await record({
        victim: { givenName: 'Kit', familyName: `Kid${letters()}`, dateOfBirth: '2012-06-01' },
      })
      expect((await victims().view(await vco(), child.careId)).care.automaticGrounds).toEqual(['under_18'])
    })

    it('are set by hand with a reason, and a change re-times open tasks', async () => {
      const { careId } = await record()
      const officer = await vco()
      const before = (await victims().view(officer, careId)).care
      expect(
        await fieldsOf(
          victims().setManualGrounds(officer, careId, {
            grounds: ['intimidated'],
            reason: ' ',
            expectedVersion: before.version,
          }),
        ),
      ).toEqual(['reason'])
      const result = await victims().setManualGrounds(officer, careId, {
        grounds: ['intimidated'],
        reason: 'Suspect’s family have approached the victim at home',
        expectedVersion: before.version,
      })
      expect(result).toEqual({ enhanced: true, retimed: 2 })
      expect((await due(careId)).right3_information).toEqual(['2026-11-27', 'open'])
      const after = (await victims().view(officer, careId)).care
      await victims().setManualGrounds(officer, careId, {
        grounds: [],
        reason: 'Suspect charged and remanded',
        expectedVersion: after.version,
      })
      expect((await due(careId)).right3_information).toEqual(['2026-12-03', 'open'])
    })

    it('follow a reclassification to a most serious crime', async () => {
      const dm = (await force.user('imu_decision_maker')).actor
      const { crime, careId } = await record()
      await act(dm, crime, { action: 'reclassify', offenceCode: '5D', reason: 'Injuries show intent' })
      expect((await due(careId)).right3_information).toEqual(['2026-11-27', 'open'])
    })
  })

  describe('rule 18: Victim Personal Statement', () => {
    it('records the offer, who made it, the answer and the link; a charged case cannot be filed without it', async () => {
      const dm = (await force.user('imu_decision_maker')).actor
      const officer = await force.user('officer')
      const recorded = await record()
      const careId = recorded.careId
      let crime = recorded.crime
      crime = await act(dm, crime, { action: 'confirm_classification' })
      crime = await act(dm, crime, { action: 'allocate', assignedUserId: officer.userId })
      crime = await act(officer.actor, crime, {
        action: 'link_person',
        person: { givenName: 'Sam', familyName: `Sus${letters()}` },
        personRole: 'suspect',
        suspectStatus: 'interviewed',
      })
      crime = await act(officer.actor, crime, {
        action: 'submit_for_filing',
        outcomeType: 1,
        closingSummary: 'Charged with theft.',
      })
      crime = await act(dm, crime, { action: 'start_quality_check' })
      const checks = ['classificationCorrect', 'outcomeValid', 'victimToldOfOutcome', 'victimsCodeContactsDone']
      expect(await fieldsOf(act(dm, crime, { action: 'file', checklist: checks }))).toEqual(['vpsOffered'])
      const care = (await victims().view(officer.actor, careId)).care
      expect(
        await fieldsOf(
          victims().recordVps(officer.actor, careId, {
            offeredOn: '2026-11-27',
            offeredBy: '',
            response: 'declined',
            link: 'x',
            expectedVersion: care.version,
          }),
        ),
      ).toEqual(['offeredOn', 'offeredBy', 'link'])
      await victims().recordVps(officer.actor, careId, {
        offeredOn: '2026-11-26',
        offeredBy: 'PC Shah',
        response: 'accepted',
        link: 'https://evidence.example.police.uk/vps/1',
        expectedVersion: care.version,
      })
      expect((await victims().view(officer.actor, careId)).care).toMatchObject({
        vpsOfferedBy: 'PC Shah',
        vpsResponse: 'accepted',
      })
      expect((await act(dm, crime, { action: 'file', checklist: checks })).status).toBe('filed')
    })
  })

  describe('rule 19: contact plan', () => {
    it('schedules updates at the agreed frequency, and needs a reason for another method', async () => {
      const { careId } = await record()
      const officer = await vco()
      const care = (await victims().view(officer, careId)).care
      expect(
        await fieldsOf(
          victims().setContactPlan(officer, careId, {
            updateEveryDays: 0,
            preferredMethod: 'fax',
            expectedVersion: care.version,
          }),
        ),
      ).toEqual(['updateEveryDays', 'preferredMethod'])
      await victims().setContactPlan(officer, careId, {
        updateEveryDays: 14,
        preferredMethod: 'email',
        expectedVersion: care.version,
      })
      const update = (await tasksOf(careId)).find((t) => t.kind === 'scheduled_update')!
      expect(update.dueOn).toBe('2026-12-10')
      const contact = {
        contactedAt: new Date('2026-11-26T08:30:00Z'),
        method: 'phone',
        summary: 'Update given',
        taskIds: [update.taskId],
      }
      expect(await fieldsOf(victims().recordContact(officer, careId, contact))).toEqual(['otherMethodReason'])
      await victims().recordContact(officer, careId, { ...contact, otherMethodReason: 'Victim rang in' })
      const updates = (await tasksOf(careId)).filter((t) => t.kind === 'scheduled_update')
      expect(updates.map((t) => [t.status, t.dueOn])).toEqual([
        ['done', '2026-12-10'],
        ['open', '2026-12-10'],
      ])
    })
  })

  describe('contacts close tasks', () => {
    it('closes the chosen tasks with the contact, recording referral consent', async () => {
      const { careId } = await record()
      const officer = await vco()
      const open = await tasksOf(careId)
      const referral = open.find((t) => t.kind === 'support_referral')!
      const right3 = open.find((t) => t.kind === 'right3_information')!
      const contact = {
        contactedAt: new Date('2026-11-26T08:45:00Z'),
        method: 'phone',
        summary: 'Reference given',
        taskIds: [referral.taskId, right3.taskId],
      }
      expect(await fieldsOf(victims().recordContact(officer, careId, contact))).toEqual(['referralConsent'])
      expect(
        await fieldsOf(
          victims().recordContact(officer, careId, {
            ...contact,
            contactedAt: new Date('2026-11-25T08:00:00Z'),
            referralConsent: 'given',
          }),
        ),
      ).toEqual(['contactedAt'])
      expect((await victims().view(officer, careId)).contacts).toEqual([])
      await victims().recordContact(officer, careId, { ...contact, referralConsent: 'given' })
      const view = await victims().view(officer, careId)
      expect(view.care.referralConsent).toBe('given')
      expect(
        view.tasks
          .filter((t) => t.status === 'done')
          .map((t) => t.kind)
          .sort(),
      ).toEqual(['right3_information', 'support_referral'])
      expect(view.contacts).toHaveLength(1)
      expect(view.compliance).toMatchObject({ onTime: 2, open: 1, compliant: true })
    })
  })

  describe('rule 5: the victim told when no crime is recorded or it is cancelled', () => {
    it('a cancellation makes a "victim told" task closed by a logged contact, or as not possible with the reason', async () => {
      const dm = (await force.user('imu_decision_maker')).actor
      const told = await record()
      await act(dm, told.crime, {
        action: 'cancel',
        cancellationCode: 'C4',
        rationale: 'Recorded in error',
        victimInformed: true,
      })
      const view = await victims().view(dm, told.careId)
      const task = view.tasks.find((t) => t.kind === 'told_cancelled')!
      expect(task.status).toBe('done')
      expect(view.contacts.find((c) => c.contactId === task.contactId)).toMatchObject({ recordedWith: 'cancellation' })
      const notTold = await record()
      await act(dm, notTold.crime, {
        action: 'cancel',
        cancellationCode: 'C4',
        rationale: 'Recorded in error',
        victimInformed: false,
        victimNotInformedReason: 'No contact details',
      })
      const other = (await tasksOf(notTold.careId)).find((t) => t.kind === 'told_cancelled')!
      expect(other).toMatchObject({ status: 'not_possible', closingNote: 'No contact details' })
    })

    it('a no-crime decision makes a "victim told" task on the incident', async () => {
      const operator = (await force.user('control_room_operator')).actor
      const { incident } = await ctx.deps.services.incidents.intake(operator, {
        sourceSystem: 'STORM',
        sourceReference: `CAD-V-${letters()}`,
        channel: '101',
        receivedAt: '2026-11-26T07:00:00Z',
        location: { address: '1 High Street' },
        openingCategory: 'crime-theft',
        narrative: 'Reported a lost phone as stolen',
      })
      await ctx.deps.services.crimes.recordNonCrimeDecision(operator, incident.incidentId, {
        expectedVersion: incident.version,
        reason: 'credible_evidence_to_contrary',
        rationale: 'Phone found at home',
        victimInformed: true,
      })
      const queue = await victims().queue(await vco(), { view: 'open' })
      expect(queue.tasks.some((t) => t.incidentId === incident.incidentId)).toBe(false)
      const counts = await ctx.deps.db.withForce(force.forceId, (tx) =>
        tx
          .selectFrom('victimTask as t')
          .innerJoin('victimCare as c', 'c.careId', 't.careId')
          .select(['t.kind', 't.status'])
          .where('c.incidentId', '=', incident.incidentId)
          .execute(),
      )
      expect(counts).toEqual([{ kind: 'told_not_recorded', status: 'done' }])
    })
  })

  describe('rule 7: transfers keep victim-care tasks here until the receiving force accepts', () => {
    it('keeps tasks open while the transfer waits, and hands them over on acceptance', async () => {
      const dm = (await force.user('imu_decision_maker')).actor
      const recorded = await record()
      const careId = recorded.careId
      let crime = recorded.crime
      crime = await act(dm, crime, {
        action: 'request_transfer',
        receivingForce: 'Leicestershire Police',
        reason: 'Happened in Leicester',
      })
      expect((await ctx.deps.services.crimes.view(dm, crime.crimeId)).victimCareWithThisForce).toBe(true)
      let tasks = await tasksOf(careId)
      expect(
        tasks
          .filter((t) => t.status === 'open')
          .map((t) => t.kind)
          .sort(),
      ).toEqual(['needs_assessment', 'right3_information', 'support_referral', 'transfer_update'])
      await act(dm, crime, {
        action: 'accept_transfer',
        receivingReference: 'LP/1',
        acceptedOn: '2026-11-26',
        victimInformed: true,
      })
      tasks = await tasksOf(careId)
      expect(Object.fromEntries(tasks.map((t) => [t.kind, t.status]))).toEqual({
        needs_assessment: 'handed_over',
        right3_information: 'handed_over',
        support_referral: 'handed_over',
        transfer_update: 'done',
      })
      expect((await victims().view(dm, careId)).care.handedOverTo).toBe('Leicestershire Police')
      expect((await ctx.deps.services.crimes.view(dm, crime.crimeId)).victimCareWithThisForce).toBe(false)
    })
  })

  it('counts open, overdue and due-today tasks by officer and unit', async () => {
    const { careId } = await record()
    const officer = await force.user('victim_care_officer')
    const care = (await victims().view(officer.actor, careId)).care
    await victims().assign(officer.actor, careId, {
      officerUserId: officer.userId,
      unitId: null,
      expectedVersion: care.version,
    })
    const counts = await victims().counts(officer.actor)
    const mine = counts.byHolder.find((row) => row.officerUserId === officer.userId)!
    expect(mine.open).toBeGreaterThanOrEqual(3)
    expect(counts.total.open).toBeGreaterThanOrEqual(mine.open)
    const queue = await victims().queue(officer.actor, { view: 'open', officerUserId: officer.userId })
    expect(new Set(queue.tasks.map((t) => t.careId))).toEqual(new Set([careId]))
  })
})
