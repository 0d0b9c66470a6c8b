import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { exportAuditAnchor, verifyAuditTrail } from '../../cli/commands/audit-trail-verify.ts'
import { createTestContext, type TestContext, type TestForce } from '../../../test/support/test-context.ts'
import { testDatabaseKind } from '../../../test/support/test-database.ts'
import { eventHash } from './audit-trail.rules.ts'
import { AuditTrailService } from './audit-trail.service.ts'

describe(AuditTrailService.name, () => {
  let ctx: TestContext
  let force: TestForce
  let anchorDir: string

  beforeAll(async () => {
    anchorDir = await mkdtemp(path.join(os.tmpdir(), 'tally-anchors-'))
    ctx = await createTestContext({ env: { AUDIT_ANCHOR_DIR: anchorDir } })
    force = await ctx.newForce()
  })
  afterAll(async () => {
    await ctx.close()
    await rm(anchorDir, { recursive: true, force: true })
  })

  /** Runs a CLI command and returns its exit code and what it printed. */
  async function cli(command: () => Promise<number>): Promise<{ code: number; output: string }> {
    const lines: string[] = []
    const spy = vi.spyOn(console, 'log').mockImplementation((line: string) => void lines.push(line))
    try {
      return { code: await command(), output: lines.join('\n') }
    } finally {
      spy.mockRestore()
    }
  }

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

  it('hashes exactly what it stores: lone surrogates and NUL in any text still verify', async () => {
    const target = await ctx.newForce()
    await ctx.deps.db.withForce(target.forceId, (tx) =>
      ctx.deps.services.auditTrail.record(
        tx,
        { ...target.system, name: 'Tally \udc00' },
        {
          action: 'CRIME_RECLASSIFIED',
          recordType: 'crime',
          recordId: 'c1',
          changes: { 'code\ud800': { before: 'a\u0000b', after: ['\ud800x', 'ok 😀'] } },
          reason: 'typo \ud800 fixed',
        },
      ),
    )
    const stored = (await events(target.forceId)).find((event) => event.action === 'CRIME_RECLASSIFIED')
    expect(stored).toMatchObject({ reason: 'typo \ufffd fixed', actorName: 'Tally \ufffd' })
    expect(stored!.changes).toEqual({ 'code\ufffd': { before: 'a\ufffdb', after: ['\ufffdx', 'ok 😀'] } })
    expect(stored!.keyId).toBe(ctx.deps.services.auditTrail.keys.currentId)
    const [result] = await ctx.deps.services.auditTrail.verify({ forceCode: target.code })
    expect(result!.problems).toEqual([])
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
      await ctx.deps.db.kysely.transaction().execute(async (owner) => {
        if (testDatabaseKind() === 'citus') {
          // Citus refuses changes to a distributed table's triggers unless told they are safe on each shard.
          await sql`set local citus.enable_unsafe_triggers = on`.execute(owner)
        }
        await sql`alter table audit_event disable trigger audit_event_append_only`.execute(owner)
        await statement.execute(owner)
        await sql`alter table audit_event enable trigger audit_event_append_only`.execute(owner)
      })
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
        // `case when seq = …`, not `case seq when …`: Citus sends the short form to the shards mangled (bigint = boolean).
        sql`update audit_event set seq = case when seq = ${second!.seq} then -1 else seq end where force_id = ${target.forceId}`,
      )
      await tamper(
        sql`update audit_event set seq = ${second!.seq} where force_id = ${target.forceId} and seq = ${third!.seq}`,
      )
      await tamper(sql`update audit_event set seq = ${third!.seq} where force_id = ${target.forceId} and seq = -1`)
      expect((await verifyOne(target)).problem).toMatchObject({ seq: second!.seq })
      expect(await verifyAuditTrail(ctx.deps, { force: target.code })).toBe(1)
    })

    it('reports every problem in a chain, not only the first, and prints each', async () => {
      const target = await ctx.newForce()
      for (let i = 0; i < 6; i++) {
        await record(target.forceId, `r${i}`)
      }
      await tamper(
        sql`update audit_event set action = 'CRIME_VIEWED_NOT' where force_id = ${target.forceId} and seq in (2, 5)`,
      )
      expect((await verifyOne(target)).problems).toMatchObject([
        { kind: 'altered', seq: 2 },
        { kind: 'altered', seq: 5 },
      ])
      const run = await cli(() => verifyAuditTrail(ctx.deps, { force: target.code, anchorCheck: false }))
      expect(run.code).toBe(1)
      expect(run.output).toContain('2 problems')
      expect(run.output).toMatch(/event 2: .*altered/)
      expect(run.output).toMatch(/event 5: .*altered/)
    })

    it('an event forged through the application’s own database role does not verify: it lacks the key', async () => {
      const target = await ctx.newForce()
      await record(target.forceId, 'genuine')
      await ctx.deps.db.withForce(target.forceId, async (tx) => {
        const head = await tx.selectFrom('auditChain').selectAll().executeTakeFirstOrThrow()
        const forged = {
          forceId: target.forceId,
          seq: head.lastSeq + 1,
          occurredAt: new Date('2026-11-26T09:00:00.000Z'),
          actorType: 'user' as const,
          actorId: 'u1',
          actorName: 'Someone',
          action: 'CRIME_CANCELLED',
          recordType: 'crime',
          recordId: 'c1',
          changes: null,
          reason: null,
          requestId: null,
          prevHash: head.lastHash,
        }
        const hash = eventHash(forged)
        await tx
          .insertInto('auditEvent')
          .values({ ...forged, keyId: null, hash })
          .execute()
        await tx.updateTable('auditChain').set({ lastSeq: forged.seq, lastHash: hash }).execute()
      })
      const last = (await events(target.forceId)).at(-1)!
      expect(last.action).toBe('CRIME_CANCELLED')
      expect((await verifyOne(target)).problems).toMatchObject([{ kind: 'unkeyed', seq: last.seq }])
    })

    it('an untouched force still verifies, and exits 0', async () => {
      const target = await ctx.newForce()
      await record(target.forceId, 'fine')
      expect(await verifyAuditTrail(ctx.deps, { force: target.code })).toBe(0)
    })

    it('a deleted tail with the chain head moved back is caught by the latest exported anchor, automatically', async () => {
      const target = await ctx.newForce()
      for (let i = 0; i < 5; i++) {
        await record(target.forceId, `r${i}`)
      }
      const all = await events(target.forceId)
      const [fourth, fifth] = all.slice(-2)
      const exported = await cli(() => exportAuditAnchor(ctx.deps, {}))
      expect(exported.output).toContain(`${target.code}: ${fifth!.seq}:${fifth!.hash}`)
      const [file] = await readdir(anchorDir)
      expect(file).toMatch(/^anchor-\d{8}T\d{9}Z\.json$/)
      expect((await cli(() => verifyAuditTrail(ctx.deps, { force: target.code }))).code).toBe(0)

      await tamper(sql`delete from audit_event where force_id = ${target.forceId} and seq = ${fifth!.seq}`)
      await sql`update audit_chain set last_seq = ${fourth!.seq}, last_hash = ${fourth!.hash} where force_id = ${target.forceId}`.execute(
        ctx.deps.db.kysely,
      )
      // The chain alone still looks whole…
      expect((await verifyOne(target)).problems).toEqual([])
      // …but the anchor names the head that was removed.
      const run = await cli(() => verifyAuditTrail(ctx.deps, { force: target.code }))
      expect(run.code).toBe(1)
      expect(run.output).toContain(`event ${fifth!.seq}, the head on 2026-11-26T09:00:00.000Z, is missing`)
    })

    it('an anchor file altered to match a rewound chain fails its signature', async () => {
      const file = path.join(anchorDir, (await readdir(anchorDir)).sort().at(-1)!)
      const anchor = JSON.parse(await readFile(file, 'utf8')) as { heads: Array<{ seq: number }> }
      anchor.heads[0]!.seq -= 1
      const forged = path.join(anchorDir, 'anchor-29991231T235959999Z.json')
      await writeFile(forged, JSON.stringify(anchor))
      const run = await cli(() => verifyAuditTrail(ctx.deps, {}))
      expect(run.code).toBe(1)
      expect(run.output).toContain('not signed with a key Tally holds')
      await rm(forged)
    })
  })
})
