import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { verifyAuditTrail } from '../../cli/commands/audit-trail-verify.ts'
import { createTestContext, type TestContext, type TestForce } from '../../../test/support/test-context.ts'
import { AuditTrailService } from './audit-trail.service.ts'

describe(AuditTrailService.name, () => {
  let ctx: TestContext
  let force: TestForce

  beforeAll(async () => {
    ctx = await createTestContext()
    force = await ctx.newForce()
  })
  afterAll(() => ctx.close())

  const record = (forceId: number, recordId: string) =>
    ctx.deps.db.withForce(forceId, (tx) =>
      ctx.deps.services.auditTrail.record(tx, force.system, { action: 'CRIME_VIEWED', recordType: 'crime', recordId }),
    )

  const events = (forceId: number) =>
    ctx.deps.db.kysely.selectFrom('auditEvent').selectAll().where('forceId', '=', forceId).orderBy('seq').execute()

  it('writes events with the change they describe, and not at all if the change rolls back', async () => {
    await expect(
      ctx.deps.db.withForce(force.forceId, (tx) => {
        ctx.deps.services.auditTrail.record(tx, force.system, {
          action: 'CRIME_RECORDED',
          recordType: 'crime',
          recordId: 'rolled-back',
        })
        throw new Error('the change failed')
      }),
    ).rejects.toThrow('the change failed')
    expect((await events(force.forceId)).filter((e) => e.recordId === 'rolled-back')).toEqual([])
  })

  it('numbers events without gaps in commit order, even when 16 transactions append at once', async () => {
    const before = (await events(force.forceId)).length
    await Promise.all(Array.from({ length: 64 }, (_, i) => record(force.forceId, `concurrent-${i}`)))
    const all = await events(force.forceId)
    expect(all).toHaveLength(before + 64)
    expect(all.map((e) => e.seq)).toEqual(all.map((_, i) => i + 1))
    const [result] = await ctx.deps.services.auditTrail.verify({ forceCode: force.code })
    expect(result).toMatchObject({ problem: undefined, eventsChecked: all.length })
  })

  it('the database refuses UPDATE, DELETE and TRUNCATE on the audit trail, even from the table owner', async () => {
    await record(force.forceId, 'protected')
    const owner = ctx.deps.db.kysely
    await expect(
      owner.updateTable('auditEvent').set({ actorName: 'nobody' }).where('forceId', '=', force.forceId).execute(),
    ).rejects.toThrow(/append-only/)
    await expect(owner.deleteFrom('auditEvent').where('forceId', '=', force.forceId).execute()).rejects.toThrow(
      /append-only/,
    )
    await expect(sql`truncate audit_event`.execute(owner)).rejects.toThrow(/append-only/)
  })

  it('the application role has no UPDATE or DELETE privilege on it at all', async () => {
    const privileges = await sql<{ update: boolean; delete: boolean; insert: boolean }>`
      select has_table_privilege('tally_app', 'audit_event', 'UPDATE') as update,
             has_table_privilege('tally_app', 'audit_event', 'DELETE') as delete,
             has_table_privilege('tally_app', 'audit_event', 'INSERT') as insert`.execute(ctx.deps.db.kysely)
    expect(privileges.rows[0]).toEqual({ update: false, delete: false, insert: true })
  })

  describe('tamper test: someone with superuser rights edits the trail behind Tally’s back', () => {
    async function tamper(statement: ReturnType<typeof sql>) {
      const owner = ctx.deps.db.kysely
      await sql`alter table audit_event disable trigger audit_event_append_only`.execute(owner)
      try {
        await statement.execute(owner)
      } finally {
        await sql`alter table audit_event enable trigger audit_event_append_only`.execute(owner)
      }
    }

    async function verifyOne(target: TestForce) {
      const [result] = await ctx.deps.services.auditTrail.verify({ forceCode: target.code })
      return result!
    }

    it('finds an altered event, and `tally audit-trail verify` exits 1', async () => {
      const target = await ctx.newForce()
      for (let i = 0; i < 5; i++) {
        await record(target.forceId, `r${i}`)
      }
      expect((await verifyOne(target)).problem).toBeUndefined()
      const victim = (await events(target.forceId))[3]!
      await tamper(
        sql`update audit_event set action = 'CRIME_VIEWED_NOT' where force_id = ${target.forceId} and seq = ${victim.seq}`,
      )
      expect((await verifyOne(target)).problem).toMatchObject({ kind: 'altered', seq: victim.seq })
      expect(await verifyAuditTrail(ctx.deps, { force: target.code })).toBe(1)
    })

    it('finds a removed event', async () => {
      const target = await ctx.newForce()
      for (let i = 0; i < 5; i++) {
        await record(target.forceId, `r${i}`)
      }
      const removed = (await events(target.forceId))[2]!
      await tamper(sql`delete from audit_event where force_id = ${target.forceId} and seq = ${removed.seq}`)
      expect((await verifyOne(target)).problem).toMatchObject({ kind: 'removed', seq: removed.seq })
    })

    it('finds events moved to another order', async () => {
      const target = await ctx.newForce()
      for (let i = 0; i < 5; i++) {
        await record(target.forceId, `r${i}`)
      }
      const [, second, third] = await events(target.forceId)
      // Swap the two events' places in the sequence, keeping each one's stored hash.
      await tamper(
        sql`update audit_event set seq = case seq when ${second!.seq} then -1 else seq end where force_id = ${target.forceId}`,
      )
      await tamper(
        sql`update audit_event set seq = ${second!.seq} where force_id = ${target.forceId} and seq = ${third!.seq}`,
      )
      await tamper(sql`update audit_event set seq = ${third!.seq} where force_id = ${target.forceId} and seq = -1`)
      expect((await verifyOne(target)).problem).toMatchObject({ seq: second!.seq })
      expect(await verifyAuditTrail(ctx.deps, { force: target.code })).toBe(1)
    })

    it('an untouched force still verifies, and exits 0', async () => {
      const target = await ctx.newForce()
      await record(target.forceId, 'fine')
      expect(await verifyAuditTrail(ctx.deps, { force: target.code })).toBe(0)
    })
  })
})
