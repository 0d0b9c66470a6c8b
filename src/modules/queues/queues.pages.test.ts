import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestContext, TEST_NOW, type TestContext, type TestForce } from '../../../test/support/test-context.ts'
import type { Actor } from '../../platform/auth/actor.ts'
import type { CrimeRow } from '../crimes/index.ts'
import { shortDuration } from './queues.views.ts'

const HOUR = 3_600_000
const CHECKLIST = ['classificationCorrect', 'outcomeValid', 'victimToldOfOutcome', 'victimsCodeContactsDone']

/** The queue pages, the bulk and filing forms, the CSV export, the dashboard and the JSON API, over HTTP. */
describe('queues pages and API', () => {
  let ctx: TestContext
  let force: TestForce
  let dm: Actor
  let officer: Actor
  let officerId: string

  beforeAll(async () => {
    ctx = await createTestContext()
    force = ctx.force
    dm = (await force.user('imu_decision_maker')).actor
    const o = await force.user('officer')
    officer = o.actor
    officerId = o.userId
  })
  afterAll(() => ctx.close())

  async function crimeAwaitingFiling(flags: { domesticAbuse?: boolean } = {}): Promise<CrimeRow> {
    return ctx.crimes.at('awaiting_filing', {
      decisionMaker: dm,
      officer: { actor: officer, userId: officerId },
      recording: flags,
      steps: { submit_for_filing: { closingSummary: 'No suspect; CCTV checked.' } },
    })
  }

  it('lists every queue with its figures for those who may see them, and no one else', async () => {
    await crimeAwaitingFiling()
    const supervisor = await ctx.as('imu_supervisor')
    const page = await supervisor.get('/queues')
    expect(page.statusCode).toBe(200)
    expect(page.body).toContain('<h1 class="govuk-heading-l">IMU work queues</h1>')
    for (const label of [
      'Recording decision due',
      'Classification check',
      'Awaiting allocation',
      'Under investigation',
      'Awaiting filing',
      'IMU quality check',
      'Returned to officer',
      'Re-opened',
    ]) {
      expect(page.body).toContain(label)
    }
    expect(page.body).toContain('href="/dashboard"')
    expect((await (await ctx.as('auditor')).get('/queues')).statusCode).toBe(403)
    expect((await (await ctx.as('officer')).get('/queues/awaiting-filing')).statusCode).toBe(200)
    expect((await supervisor.get('/queues/no-such-queue')).statusCode).toBe(404)
  })

  it('shows a queue with its ageing, filters and keyset pages, and rejects a tampered page link', async () => {
    const other = await ctx.newForce()
    void other
    await crimeAwaitingFiling({ domesticAbuse: true })
    const agent = await ctx.as('imu_decision_maker')
    const page = await agent.get('/queues/awaiting-filing')
    expect(page.statusCode).toBe(200)
    expect(page.body).toContain('data-qa="ageing"')
    expect(page.body).toContain('Under 7 days')
    expect(page.body).toContain('name="items"')
    expect(page.body).toMatch(/value="start_quality_check"/)
    expect(page.body).toMatch(/value="return_to_officer"/)
    expect(page.body).toContain('Download this list as a spreadsheet (CSV)')

    const filtered = await agent.get('/queues/awaiting-filing?flags=domesticAbuse')
    expect(filtered.statusCode).toBe(200)
    expect(filtered.body).toMatch(/1 of \d+ in the queue match the filters/)
    expect(filtered.body).toContain('Clear filters')

    expect((await agent.get('/queues/awaiting-filing?after=%21%21')).statusCode).toBe(400)
    expect((await agent.get('/queues/awaiting-filing?flags=everything')).statusCode).toBe(400)

    // An officer reads the queue but is offered no actions.
    const officerPage = await (await ctx.as('officer')).get('/queues/awaiting-filing')
    expect(officerPage.body).not.toContain('name="items"')
  })

  it('downloads the filtered list as CSV, with no formula a spreadsheet would run', async () => {
    const agent = await ctx.as('imu_decision_maker')
    const response = await agent.get(
      '/queues/awaiting-filing/export.csv?flags=domesticAbuse&justification=Investigating+this+crime',
    )
    expect(response.statusCode).toBe(200)
    expect(response.headers['content-type']).toContain('text/csv')
    expect(response.headers['content-disposition']).toMatch(/attachment; filename="awaiting-filing-2026-11-26.csv"/)
    const lines = response.body.trim().split('\n')
    expect(lines[0]).toMatch(/^Reference,Queue,Status,Offence or category/)
    expect(lines.length).toBe(2)
    expect(lines[1]).toContain('Awaiting filing')
    expect(lines[1]).toContain(',Yes,')
  })

  it('works items in bulk: select, give the reason, apply; the result comes back as a banner', async () => {
    const a = await crimeAwaitingFiling()
    const b = await crimeAwaitingFiling()
    const agent = await ctx.as('imu_decision_maker')
    await agent.get('/queues/awaiting-filing')

    const none = await agent.post('/queues/awaiting-filing/bulk', { action: 'return_to_officer', back: '' })
    expect(none.statusCode).toBe(400)
    expect(none.body).toContain('Select at least one crime')

    const form = await agent.post('/queues/awaiting-filing/bulk', {
      action: 'return_to_officer',
      items: [`${a.crimeId}:${a.version}`, `${b.crimeId}:${b.version}`],
      back: '',
    })
    expect(form.statusCode).toBe(200)
    expect(form.body).toContain('Return to the officer: 2 crimes')
    expect(form.body).toContain(a.crimeReference)

    const missing = await agent.post('/queues/awaiting-filing/bulk/apply', {
      action: 'return_to_officer',
      items: [`${a.crimeId}:${a.version}`, `${b.crimeId}:${b.version}`],
      reason: '',
      back: '',
    })
    expect(missing.statusCode).toBe(400)
    expect(missing.body).toContain('Enter the reasons for returning it to the officer')
    expect(missing.body).toContain('href="#reason"')

    const done = await agent.post('/queues/awaiting-filing/bulk/apply', {
      action: 'return_to_officer',
      items: [`${a.crimeId}:${a.version}`, `${b.crimeId}:${b.version}`],
      reason: 'Victim not told of the outcome',
      back: '',
    })
    expect(done.statusCode).toBe(303)
    expect(done.headers.location).toBe('/queues/awaiting-filing')
    const after = await agent.get('/queues/returned-to-officer')
    expect(after.body).toContain('2 crimes returned to the officer')
    expect(after.body).toContain(a.crimeReference)
  })

  it('tells the second of two people acting on the same crime that someone else changed it first', async () => {
    const crime = await crimeAwaitingFiling()
    const first = await ctx.as('imu_decision_maker')
    const second = await ctx.as('imu_supervisor')
    const item = `${crime.crimeId}:${crime.version}`
    expect(
      (await first.post('/queues/awaiting-filing/bulk', { action: 'start_quality_check', items: item, back: '' }))
        .statusCode,
    ).toBe(303)
    const late = await second.post('/queues/awaiting-filing/bulk', {
      action: 'start_quality_check',
      items: item,
      back: '',
    })
    expect(late.statusCode).toBe(409)
    expect(late.body).toContain('No crimes were changed')
    expect(late.body).toContain('Someone else changed this crime')
    expect(late.body).toContain(crime.crimeReference)
  })

  it('files a crime from its quality-check page with the checklist, and re-opens it from the filed list', async () => {
    const crime = await crimeAwaitingFiling()
    const agent = await ctx.as('imu_decision_maker')
    const start = await agent.post(`/queues/awaiting-filing/items/${crime.crimeId}`, {
      action: 'start_quality_check',
      items: `${crime.crimeId}:${crime.version}`,
    })
    expect(start.statusCode).toBe(303)
    // Straight on to this crime's quality-check page, not back to the list.
    expect(start.headers.location).toBe(`/queues/imu-quality-check/items/${crime.crimeId}`)
    const check = await agent.get(start.headers.location!)
    expect(check.statusCode).toBe(200)
    expect(check.body).toContain('The classification is correct')
    expect(check.body).toContain('18 – Investigation complete – no suspect identified')
    expect(check.body).toContain('No suspect; CCTV checked.')
    const version = Number(/name="items" value="[^:"]+:(\d+)"/.exec(check.body)![1])

    const incomplete = await agent.post(`/queues/imu-quality-check/items/${crime.crimeId}`, {
      action: 'file',
      items: `${crime.crimeId}:${version}`,
      checklist: CHECKLIST.slice(1),
    })
    expect(incomplete.statusCode).toBe(400)
    expect(incomplete.body).toContain('Confirm every check before filing')

    const filed = await agent.post(`/queues/imu-quality-check/items/${crime.crimeId}`, {
      action: 'file',
      items: `${crime.crimeId}:${version}`,
      checklist: CHECKLIST,
    })
    expect(filed.statusCode).toBe(303)
    expect((await agent.get('/queues/imu-quality-check')).body).toContain(`${crime.crimeReference} filed`)

    const stale = await agent.post(`/queues/imu-quality-check/items/${crime.crimeId}`, {
      action: 'file',
      items: `${crime.crimeId}:${version}`,
      checklist: CHECKLIST,
    })
    expect(stale.statusCode).toBe(409)

    const list = await agent.get('/queues/recently-filed')
    expect(list.body).toContain(crime.crimeReference)
    const reopen = await agent.post('/queues/recently-filed/bulk', {
      action: 'reopen',
      items: `${crime.crimeId}:${version + 1}`,
      back: '',
    })
    expect(reopen.body).toContain('Why the crime is being re-opened')
    const reopened = await agent.post('/queues/recently-filed/bulk/apply', {
      action: 'reopen',
      items: `${crime.crimeId}:${version + 1}`,
      reason: 'New witness came forward',
      back: '',
    })
    expect(reopened.statusCode).toBe(303)
    expect((await agent.get('/queues/reopened')).body).toContain(crime.crimeReference)
  })

  it('offers allocation with each person’s workload and hours', async () => {
    const crime = (
      await ctx.deps.services.crimes.record(dm, {
        directReportChannel: '101',
        reportedAt: new Date(Date.parse(TEST_NOW) - HOUR),
        offenceCode: '49',
        offenceFrom: new Date(Date.parse(TEST_NOW) - 2 * HOUR),
      })
    ).crime
    const confirmed = await ctx.deps.services.crimes.act(dm, crime.crimeId, {
      action: 'confirm_classification',
      expectedVersion: crime.version,
    })
    const agent = await ctx.as('imu_decision_maker')
    const form = await agent.post('/queues/awaiting-allocation/bulk', {
      action: 'allocate',
      items: `${crime.crimeId}:${confirmed.version}`,
      back: '',
    })
    expect(form.statusCode).toBe(200)
    expect(form.body).toContain('data-qa="candidates"')
    expect(form.body).toContain('Test officer')
    expect(form.body).toMatch(/under investigation|None/)
    const apply = await agent.post('/queues/awaiting-allocation/bulk/apply', {
      action: 'allocate',
      items: `${crime.crimeId}:${confirmed.version}`,
      assignedUserId: officerId,
      back: '',
    })
    expect(apply.statusCode).toBe(303)
    const single = await agent.get(`/queues/under-investigation/items/${crime.crimeId}/allocate`)
    expect(single.statusCode).toBe(200)
    expect(single.body).toContain('Who to allocate to')
  })

  it('shows the supervisor’s dashboard: queues, the alert, charts with their data, and the threshold form', async () => {
    await ctx.deps.services.queueDashboard.setThreshold((await force.user('imu_supervisor')).actor, {
      threshold: '1',
      expectedVersion: 0,
    })
    const supervisor = await ctx.as('imu_supervisor')
    const page = await supervisor.get('/dashboard')
    expect(page.statusCode).toBe(200)
    expect(page.body).toContain('<h1 class="govuk-heading-l">IMU dashboard</h1>')
    expect(page.body).toContain('data-qa="backlog-alert"')
    expect(page.body).toMatch(/crimes are awaiting filing: \d+ above the alert threshold of 1\./)
    for (const id of [
      'awaiting-filing-trend',
      'awaiting-filing-ageing',
      'queue-trends',
      'recording-compliance',
      'who-holds-what',
    ]) {
      expect(page.body).toContain(`id="${id}"`)
    }
    expect(page.body.match(/<svg/g)?.length).toBeGreaterThanOrEqual(5)
    expect(page.body).toContain('Show data')
    expect(page.body).not.toMatch(/\sstyle=/)
    expect(page.body).toContain('data-qa="threshold-form"')

    const bad = await supervisor.post('/dashboard/threshold', { threshold: 'many', version: '1' })
    expect(bad.statusCode).toBe(400)
    expect(bad.body).toContain('whole number of crimes')
    const set = await supervisor.post('/dashboard/threshold', { threshold: '1,500', version: '1' })
    expect(set.statusCode).toBe(303)
    expect((await supervisor.get('/dashboard')).body).toContain('Awaiting-filing alert threshold set to 1,500')

    const dm = await ctx.as('imu_decision_maker')
    const dmPage = await dm.get('/dashboard')
    expect(dmPage.statusCode).toBe(200)
    expect(dmPage.body).not.toContain('data-qa="threshold-form"')
    expect((await dm.post('/dashboard/threshold', { threshold: '5', version: '2' })).statusCode).toBe(403)
    expect((await (await ctx.as('officer')).get('/dashboard')).statusCode).toBe(403)
  })

  it.each([
    [113.7 * 24 * HOUR, '113 days'],
    [24 * HOUR, '1 day'],
    [5.5 * HOUR, '5 hours'],
    [-2 * HOUR, '2 hours'],
    [59_000, '0 minutes'],
    [61_000, '1 minute'],
  ])('a wait of %i ms reads "%s" in a queue table', (ms, text) => {
    expect(shortDuration(ms)).toBe(text)
  })

  describe('JSON API', () => {
    it('lists queues, pages items and acts in bulk with per-item conflicts', async () => {
      const crime = await crimeAwaitingFiling()
      const api = await ctx.api('imu_decision_maker')
      const list = await api.get('/api/v1/queues')
      expect(list.statusCode).toBe(200)
      const queues = list.json<{ queues: Array<{ key: string; count: number }> }>().queues
      expect(queues.map((q) => q.key)).toContain('awaiting-filing')

      const items = await api.get('/api/v1/queues/awaiting-filing/items?size=25')
      expect(items.statusCode).toBe(200)
      const body = items.json<{ items: Array<{ id: string; version: number }>; next: string | null }>()
      const mine = body.items.find((item) => item.id === crime.crimeId)!
      expect(mine.version).toBe(crime.version)
      expect((await api.get('/api/v1/queues/awaiting-filing/items?flags=bogus')).statusCode).toBe(400)
      expect((await api.get('/api/v1/queues/bogus/items')).statusCode).toBe(400)

      const act = await api.post('/api/v1/queues/awaiting-filing/actions', {
        action: 'start_quality_check',
        items: [{ crimeId: crime.crimeId, expectedVersion: crime.version }],
      })
      expect(act.statusCode).toBe(200)
      expect(act.json<{ done: unknown[] }>().done).toHaveLength(1)
      const again = await api.post('/api/v1/queues/awaiting-filing/actions', {
        action: 'start_quality_check',
        items: [{ crimeId: crime.crimeId, expectedVersion: crime.version }],
      })
      expect(again.json()).toMatchObject({ done: [], notDone: [{ crimeId: crime.crimeId, conflict: true }] })
      const missingReason = await api.post('/api/v1/queues/awaiting-filing/actions', {
        action: 'return_to_officer',
        items: [{ crimeId: crime.crimeId, expectedVersion: crime.version }],
      })
      expect(missingReason.statusCode).toBe(400)
      expect(missingReason.json<{ errors: Array<{ field: string }> }>().errors[0]!.field).toBe('reason')
      expect(
        (
          await (
            await ctx.api('officer')
          ).post('/api/v1/queues/awaiting-filing/actions', {
            action: 'start_quality_check',
            items: [{ crimeId: crime.crimeId, expectedVersion: crime.version }],
          })
        ).statusCode,
      ).toBe(403)
    })

    it('gives the dashboard’s figures', async () => {
      const api = await ctx.api('inspector')
      const response = await api.get('/api/v1/dashboard')
      expect(response.statusCode).toBe(200)
      const body = response.json<{ awaitingFiling: { count: number; alert: boolean }; queues: unknown[] }>()
      expect(body.queues.length).toBe(9)
      expect(typeof body.awaitingFiling.alert).toBe('boolean')
    })
  })
})
