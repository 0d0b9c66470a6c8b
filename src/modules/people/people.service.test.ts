import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Conflict, NotFound, ValidationFailed } from '../../platform/http/errors.ts'
import { newId } from '../../platform/ids.ts'
import { createTestContext, type TestContext, type TestForce } from '../../../test/support/test-context.ts'
import type { PeopleService } from './index.ts'

/** The field names a ValidationFailed carries, or the error itself if it is something else. */
async function fieldsOf(promise: Promise<unknown>): Promise<string[]> {
  try {
    await promise
  } catch (error) {
    if (error instanceof ValidationFailed) {
      return error.fieldErrors.map((fieldError) => fieldError.field)
    }
    throw error
  }
  throw new Error('expected the call to fail validation')
}

describe('PeopleService', () => {
  let ctx: TestContext
  let people: PeopleService
  let force: TestForce

  beforeAll(async () => {
    ctx = await createTestContext()
    people = ctx.deps.services.people
    force = ctx.force
  })
  afterAll(() => ctx.close())

  const inForce = <T>(work: Parameters<typeof ctx.deps.db.withForce<T>>[1], forceId = force.forceId) =>
    ctx.deps.db.withForce(forceId, work)

  describe('addPerson', () => {
    it('stores the facts and records PERSON_CREATED in the same transaction', async () => {
      const { personId } = await inForce((tx) =>
        people.addPerson(tx, force.system, {
          givenName: '  Siobhan ',
          familyName: "O'Neill",
          aliases: ['Shiv Neill', '', 'Shiv Neill'],
          dateOfBirth: '1988-02-29',
        }),
      )
      const person = await people.viewPerson(force.system, personId)
      expect(person).toMatchObject({
        givenName: 'Siobhan',
        familyName: "O'Neill",
        displayName: "Siobhan O'Neill",
        aliases: ['Shiv Neill'],
        dateOfBirth: '1988-02-29',
        version: 1,
      })
      const trail = await inForce((tx) => ctx.deps.services.auditTrail.forRecord(tx, 'person', personId))
      expect(trail.map((event) => event.action)).toEqual(['PERSON_CREATED', 'PERSON_VIEWED'])
      expect(trail[0]!.changes).toMatchObject({ familyName: { before: null, after: "O'Neill" } })
    })

    it('names every field that is wrong and stores nothing', async () => {
      const fields = await fieldsOf(
        inForce((tx) =>
          people.addPerson(tx, force.system, {
            givenName: '1234',
            familyName: ' ',
            aliases: ['x'.repeat(201)],
            dateOfBirth: '2026-11-27',
          }),
        ),
      )
      expect(fields).toEqual(['givenName', 'familyName', 'aliases', 'dateOfBirth'])
    })

    it.each([
      ['2026-02-30', 'not a real date'],
      ['1899-12-31', 'before 1900'],
      ['2026-11-27', 'tomorrow'],
      ['27/03/1990', 'not YYYY-MM-DD'],
    ])('refuses date of birth %s (%s)', async (dateOfBirth) => {
      expect(
        await fieldsOf(
          inForce((tx) => people.addPerson(tx, force.system, { givenName: 'A', familyName: 'B', dateOfBirth })),
        ),
      ).toEqual(['dateOfBirth'])
    })

    it('accepts someone with only one name, given as the family name', async () => {
      const { personId } = await people.createPerson(force.system, { givenName: '', familyName: 'Madonna' })
      expect((await people.viewPerson(force.system, personId)).displayName).toBe('Madonna')
    })
  })

  describe('linkPerson and involvementsFor', () => {
    it('links people by role, defaults a suspect to not interviewed, and lists them in order', async () => {
      const crimeId = newId()
      const result = await inForce(async (tx) => {
        const victim = await people.addPerson(tx, force.system, {
          givenName: 'Kathryn',
          familyName: 'Smyth',
          dateOfBirth: '1990-03-27',
        })
        const suspect = await people.addPerson(tx, force.system, { givenName: 'Jon', familyName: 'Doe' })
        await people.linkPerson(tx, force.system, {
          personId: victim.personId,
          recordType: 'crime',
          recordId: crimeId,
          role: 'victim',
        })
        await people.linkPerson(tx, force.system, {
          personId: victim.personId,
          recordType: 'crime',
          recordId: crimeId,
          role: 'reporting_person',
        })
        await people.linkPerson(tx, force.system, {
          personId: suspect.personId,
          recordType: 'crime',
          recordId: crimeId,
          role: 'suspect',
        })
        return { victim, suspect, involvements: await people.involvementsFor(tx, 'crime', crimeId) }
      })
      expect(
        result.involvements.map(({ displayName, role, suspectStatus, dateOfBirth }) => ({
          displayName,
          role,
          suspectStatus,
          dateOfBirth,
        })),
      ).toEqual([
        { displayName: 'Kathryn Smyth', role: 'victim', suspectStatus: null, dateOfBirth: '1990-03-27' },
        { displayName: 'Kathryn Smyth', role: 'reporting_person', suspectStatus: null, dateOfBirth: '1990-03-27' },
        { displayName: 'Jon Doe', role: 'suspect', suspectStatus: 'not_interviewed', dateOfBirth: null },
      ])
      const trail = await inForce((tx) => ctx.deps.services.auditTrail.forRecord(tx, 'crime', crimeId))
      expect(trail.map((event) => event.action)).toEqual(['PERSON_LINKED', 'PERSON_LINKED', 'PERSON_LINKED'])
      expect(trail[2]!.changes).toMatchObject({
        personId: result.suspect.personId,
        role: 'suspect',
        suspectStatus: 'not_interviewed',
      })
    })

    it('returns the existing link when the same link is made again (a retry never duplicates)', async () => {
      const crimeId = newId()
      const { personId } = await people.createPerson(force.system, { givenName: 'Ann', familyName: 'Retry' })
      const link = { personId, recordType: 'crime' as const, recordId: crimeId, role: 'witness' as const }
      const first = await inForce((tx) => people.linkPerson(tx, force.system, link))
      const second = await inForce((tx) => people.linkPerson(tx, force.system, link))
      expect(second.involvementId).toBe(first.involvementId)
      expect(await inForce((tx) => people.involvementsFor(tx, 'crime', crimeId))).toHaveLength(1)
    })

    it('names the field for a bad role, status, record or person', async () => {
      const { personId } = await people.createPerson(force.system, { givenName: 'Val', familyName: 'Idation' })
      const link = (input: Record<string, unknown>) =>
        fieldsOf(
          inForce((tx) =>
            people.linkPerson(tx, force.system, {
              personId,
              recordType: 'crime',
              recordId: newId(),
              role: 'victim',
              ...input,
            } as never),
          ),
        )
      expect(await link({ role: 'bystander' })).toEqual(['role'])
      expect(await link({ role: 'victim', suspectStatus: 'interviewed' })).toEqual(['suspectStatus'])
      expect(await link({ role: 'suspect', suspectStatus: 'arrested-maybe' })).toEqual(['suspectStatus'])
      expect(await link({ recordType: 'vehicle' })).toEqual(['recordType'])
      expect(await link({ recordId: '' })).toEqual(['recordId'])
      expect(await link({ personId: 'not-a-person' })).toEqual(['personId'])
      expect(await link({ personId: newId() })).toEqual(['personId'])
    })
  })

  describe('locations', () => {
    it('stores a police.uk style location and reads it back', async () => {
      const location = await inForce(async (tx) => {
        const { locationId } = await people.addLocation(tx, force.system, {
          address: 'On or near Cuttings Avenue',
          postcode: 'nn11dn',
          latitude: 53.112689,
          longitude: -1.290979,
          lsoaCode: 'E01027992',
          lsoaName: 'Ashfield 006F',
        })
        return people.getLocation(tx, locationId)
      })
      expect(location).toMatchObject({
        address: 'On or near Cuttings Avenue',
        postcode: 'NN1 1DN',
        latitude: 53.112689,
        longitude: -1.290979,
        lsoaCode: 'E01027992',
        lsoaName: 'Ashfield 006F',
      })
      const trail = await inForce((tx) => ctx.deps.services.auditTrail.forRecord(tx, 'location', location!.locationId))
      expect(trail.map((event) => event.action)).toEqual(['LOCATION_CREATED'])
    })

    it('names each wrong field: swapped coordinates, bad postcode and LSOA, missing address', async () => {
      const fields = await fieldsOf(
        inForce((tx) =>
          people.addLocation(tx, force.system, {
            address: '',
            postcode: 'NOT A POSTCODE',
            latitude: -1.29,
            longitude: 53.11,
            lsoaCode: 'X123',
          }),
        ),
      )
      expect(fields).toEqual(['address', 'postcode', 'lsoaCode', 'latitude', 'longitude'])
      expect(
        await fieldsOf(inForce((tx) => people.addLocation(tx, force.system, { address: 'Somewhere', latitude: 52.2 }))),
      ).toEqual(['longitude'])
    })

    it('returns undefined for a location that does not exist', async () => {
      expect(await inForce((tx) => people.getLocation(tx, newId()))).toBeUndefined()
      expect(await inForce((tx) => people.getLocation(tx, 'nonsense'))).toBeUndefined()
    })
  })

  describe('updatePerson', () => {
    it('changes the facts, re-keys the name for search and records what changed', async () => {
      const { personId } = await people.createPerson(force.system, { givenName: 'Zed', familyName: 'Quarrington' })
      await people.updatePerson(force.system, personId, {
        givenName: 'Zed',
        familyName: 'Farthingale',
        aliases: ['Zeddy'],
        version: 1,
      })
      const person = await people.viewPerson(force.system, personId)
      expect(person).toMatchObject({ familyName: 'Farthingale', aliases: ['Zeddy'], version: 2 })
      const found = await people.search(force.system, { name: 'Farthingale' })
      expect(found.people.map((match) => match.personId)).toContain(personId)
      const old = await people.search(force.system, { name: 'Quarrington' })
      expect(old.people.map((match) => match.personId)).not.toContain(personId)
      const trail = await inForce((tx) => ctx.deps.services.auditTrail.forRecord(tx, 'person', personId))
      const update = trail.find((event) => event.action === 'PERSON_UPDATED')
      expect(update?.changes).toEqual({
        familyName: { before: 'Quarrington', after: 'Farthingale' },
        aliases: { before: [], after: ['Zeddy'] },
      })
    })

    it('refuses a stale version with a clear conflict and changes nothing', async () => {
      const { personId } = await people.createPerson(force.system, { givenName: 'Ida', familyName: 'Early' })
      await people.updatePerson(force.system, personId, { givenName: 'Ida', familyName: 'Earley', version: 1 })
      await expect(
        people.updatePerson(force.system, personId, { givenName: 'Ida', familyName: 'Earlie', version: 1 }),
      ).rejects.toThrow(Conflict)
      expect((await people.viewPerson(force.system, personId)).familyName).toBe('Earley')
    })
  })

  describe('assessments', () => {
    it('keeps assessments apart from facts, with who made them and when', async () => {
      const { personId } = await people.createPerson(force.system, { givenName: 'Vera', familyName: 'Lynn' })
      const officer = await force.user('officer')
      await people.recordAssessment(officer.actor, personId, {
        kind: 'vulnerability',
        assessment: 'Assessed as vulnerable: lives alone, recently bereaved',
      })
      const person = await people.viewPerson(force.system, personId)
      expect(person.assessments).toEqual([
        expect.objectContaining({
          kind: 'vulnerability',
          assessment: 'Assessed as vulnerable: lives alone, recently bereaved',
          assessedById: officer.userId,
          assessedByName: 'Test officer',
          assessedAt: new Date('2026-11-26T09:00:00.000Z'),
        }),
      ])
      expect(person).not.toHaveProperty('assessment')
      expect(
        await fieldsOf(people.recordAssessment(force.system, personId, { kind: 'opinion', assessment: ' ' })),
      ).toEqual(['kind', 'assessment'])
    })
  })

  describe('changeInvolvement', () => {
    it('moves a suspect on an incident through statuses, then to offender, each change audited on the incident', async () => {
      const incidentId = newId()
      const { personId } = await people.createPerson(force.system, { givenName: 'Sid', familyName: 'Vicious' })
      const { involvementId } = await inForce((tx) =>
        people.linkPerson(tx, force.system, {
          personId,
          recordType: 'incident',
          recordId: incidentId,
          role: 'suspect',
        }),
      )
      await people.changeInvolvement(force.system, involvementId, {
        role: 'suspect',
        suspectStatus: 'interviewed',
        version: 1,
      })
      await people.changeInvolvement(force.system, involvementId, { role: 'offender', version: 2 })
      const [involvement] = await inForce((tx) => people.involvementsFor(tx, 'incident', incidentId))
      expect(involvement).toMatchObject({ role: 'offender', suspectStatus: null })
      const trail = await inForce((tx) => ctx.deps.services.auditTrail.forRecord(tx, 'incident', incidentId))
      expect(trail.map((event) => [event.action, event.changes])).toEqual([
        ['PERSON_LINKED', expect.anything()],
        [
          'INVOLVEMENT_CHANGED',
          expect.objectContaining({ suspectStatus: { before: 'not_interviewed', after: 'interviewed' } }),
        ],
        [
          'INVOLVEMENT_CHANGED',
          expect.objectContaining({
            role: { before: 'suspect', after: 'offender' },
            suspectStatus: { before: 'interviewed', after: null },
          }),
        ],
      ])
      await expect(
        people.changeInvolvement(force.system, involvementId, {
          role: 'suspect',
          suspectStatus: 'eliminated',
          version: 2,
        }),
      ).rejects.toThrow(Conflict)
    })

    it('refuses a role the person already has on that record', async () => {
      const incidentId = newId()
      const { personId } = await people.createPerson(force.system, { givenName: 'Dee', familyName: 'Double' })
      const { involvementId } = await inForce(async (tx) => {
        await people.linkPerson(tx, force.system, {
          personId,
          recordType: 'incident',
          recordId: incidentId,
          role: 'reporting_person',
        })
        return people.linkPerson(tx, force.system, {
          personId,
          recordType: 'incident',
          recordId: incidentId,
          role: 'witness',
        })
      })
      await expect(
        people.changeInvolvement(force.system, involvementId, { role: 'reporting_person', version: 1 }),
      ).rejects.toThrow(/already linked to the incident as reporting person/)
    })

    it('rule 22: leaves a crime’s people to the crime’s own workflow, and changes nothing', async () => {
      const crimeId = newId()
      const { personId } = await people.createPerson(force.system, { givenName: 'Wit', familyName: 'Ness' })
      const { involvementId } = await inForce((tx) =>
        people.linkPerson(tx, force.system, { personId, recordType: 'crime', recordId: crimeId, role: 'witness' }),
      )
      const refused = await people.changeInvolvement(force.system, involvementId, { role: 'victim', version: 1 }).then(
        () => undefined,
        (error: unknown) => error,
      )
      expect(refused).toBeInstanceOf(Conflict)
      expect((refused as Conflict).details).toMatchObject({
        path: `/crimes/${crimeId}/change-involvement?involvementId=${involvementId}`,
      })
      const [involvement] = await inForce((tx) => people.involvementsFor(tx, 'crime', crimeId))
      expect(involvement).toMatchObject({ role: 'witness' })
    })
  })

  describe('the same person, for one crime per victim (rule 11)', () => {
    it('finds a person by exactly their name, however written, and date of birth; never by name alone', async () => {
      const { personId } = await people.createPerson(force.system, {
        givenName: 'Zoë Ann',
        familyName: "O'Sameway",
        dateOfBirth: '1979-04-03',
      })
      const found = await inForce((tx) =>
        people.samePersonIn(tx, { givenName: 'zoe  ann', familyName: 'OSAMEWAY', dateOfBirth: '1979-04-03' }),
      )
      expect(found).toEqual({ personId, givenName: 'Zoë Ann', familyName: "O'Sameway", dateOfBirth: '1979-04-03' })
      for (const other of [
        { givenName: 'Zoe Ann', familyName: "O'Sameway", dateOfBirth: '1979-04-04' },
        { givenName: 'Zoe', familyName: "Ann O'Sameway", dateOfBirth: '1979-04-03' },
        { givenName: 'Zoe Ann', familyName: "O'Sameway" },
      ]) {
        expect(await inForce((tx) => people.samePersonIn(tx, other))).toBeUndefined()
      }
      expect(await inForce((tx) => people.identityIn(tx, personId))).toEqual(found)
    })
  })

  describe('force isolation', () => {
    it('never shows one force’s people, links or locations to another', async () => {
      const other = await ctx.newForce()
      const crimeId = newId()
      const { personId, locationId } = await inForce(async (tx) => {
        const person = await people.addPerson(tx, force.system, { givenName: 'Private', familyName: 'Zanzibarova' })
        await people.linkPerson(tx, force.system, { ...person, recordType: 'crime', recordId: crimeId, role: 'victim' })
        const location = await people.addLocation(tx, force.system, { address: '1 Secret Lane' })
        return { ...person, ...location }
      })
      await expect(people.viewPerson(other.system, personId)).rejects.toThrow(NotFound)
      expect((await people.search(other.system, { name: 'Zanzibarova' })).people).toEqual([])
      expect((await people.search(force.system, { name: 'Zanzibarova' })).people).toHaveLength(1)
      expect(await inForce((tx) => people.involvementsFor(tx, 'crime', crimeId), other.forceId)).toEqual([])
      expect(await inForce((tx) => people.getLocation(tx, locationId), other.forceId)).toBeUndefined()
      expect(
        await fieldsOf(
          inForce(
            (tx) =>
              people.linkPerson(tx, other.system, { personId, recordType: 'crime', recordId: newId(), role: 'victim' }),
            other.forceId,
          ),
        ),
      ).toEqual(['personId'])
    })
  })
})
