import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestContext, type TestContext } from '../../test/support/test-context.ts'
import { addDemoPeople } from './people.ts'

describe('demo people and places', () => {
  let ctx: TestContext
  let ids: { personIds: string[]; locationIds: string[] }

  beforeAll(async () => {
    ctx = await createTestContext()
    ids = await addDemoPeople(ctx.deps.db, ctx.deps.services.people, ctx.force.system)
  }, 300_000)
  afterAll(() => ctx.close())

  it('adds a few hundred people and forty police.uk locations', () => {
    expect(ids.personIds).toHaveLength(300)
    expect(new Set(ids.personIds).size).toBe(300)
    expect(ids.locationIds).toHaveLength(40)
  })

  it('includes people written several ways, which search finds together', async () => {
    const { people } = await ctx.deps.services.people.search(ctx.force.system, { name: 'Mohammed Khan' })
    const names = people.map((person) => person.displayName)
    expect(names).toEqual(expect.arrayContaining(['Mohammed Khan', 'Muhammad Khan', 'Mohamed Kahn']))
  })

  it('gives its locations their LSOA, as police.uk does', async () => {
    const location = await ctx.deps.db.withForce(ctx.force.forceId, (tx) =>
      ctx.deps.services.people.getLocation(tx, ids.locationIds[0]!),
    )
    expect(location?.address).toMatch(/^On or near /)
    expect(location?.lsoaCode).toMatch(/^E01\d{6}$/)
    expect(location?.lsoaName).toMatch(/Northamptonshire/)
  })

  it('gives each alias to one person only, so an alias never joins unrelated people', async () => {
    const rows = await ctx.deps.db.withForce(ctx.force.forceId, (tx) =>
      tx.selectFrom('person').select('aliases').execute(),
    )
    const aliases = rows.flatMap((row) => row.aliases)
    expect(aliases.length).toBeGreaterThan(10)
    expect(new Set(aliases).size).toBe(aliases.length)
  })
})
