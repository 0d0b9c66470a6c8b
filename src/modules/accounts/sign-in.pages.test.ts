import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Agent, createTestContext, TEST_PASSWORD, type TestContext } from '../../../test/support/test-context.ts'

/**
 * Sign-in as forces run it (issue 11, items 4 and 5): the force is chosen before the username, so no answer
 * says which forces hold a username, and a lock says nothing about whether an account exists.
 */
describe('sign-in: the force first, and nothing told about who has an account', () => {
  let ctx: TestContext

  beforeAll(async () => {
    ctx = await createTestContext({ env: { SIGN_IN_MAX_ATTEMPTS: '3', SIGN_IN_RATE_PER_MINUTE: '10000' } })
  })
  afterAll(() => ctx.close())

  /** The page with what changes from one response to the next (tokens, nonces, request ids) taken out. */
  const comparable = (body: string) =>
    body
      .replace(/value="[^"]{20,}"/g, 'value="…"')
      .replace(/nonce="[0-9a-f]+"/g, 'nonce="…"')
      .replace(/data-request-id="[^"]*"/g, '')

  async function attempt(body: Record<string, string>) {
    const agent = Agent.anonymous(ctx.app)
    await agent.get(`/sign-in?force=${ctx.force.code}`)
    return agent.post('/sign-in', { returnTo: '/', ...body })
  }

  it('asks which force first when there is more than one, and remembers the choice', async () => {
    const other = await ctx.newForce()
    const agent = Agent.anonymous(ctx.app)
    const question = await agent.get('/sign-in')
    expect(question.statusCode).toBe(200)
    expect(question.body).toContain('Which force do you work for?')
    expect(question.body).toContain(`value="${other.code}"`)
    expect(question.body).not.toContain('name="password"')

    const chosen = await agent.get(`/sign-in?force=${other.code}`)
    expect(chosen.body).toContain(`Test Force ${other.code}`)
    expect(chosen.body).toContain('name="password"')
    const again = await agent.get('/sign-in')
    expect(again.body).toContain(`Test Force ${other.code}`)
    expect(again.body).toContain('name="password"')

    const unanswered = await Agent.anonymous(ctx.app).get('/sign-in?answered=yes&returnTo=%2F')
    expect(unanswered.statusCode).toBe(400)
    expect(unanswered.body).toContain('Choose the force you work for')

    const unknown = await Agent.anonymous(ctx.app).get('/sign-in?force=NOPE')
    expect(unknown.statusCode).toBe(400)
    expect(unknown.body).toContain('Choose the force you work for')
  })

  it('answers a username held in two forces exactly as one held in none, and counts the attempt', async () => {
    const first = await ctx.newForce()
    const second = await ctx.newForce()
    for (const force of [first, second]) {
      await ctx.deps.services.accounts.createUser(force.system, {
        username: 'j.smith',
        displayName: 'J Smith',
        password: TEST_PASSWORD,
        roles: ['officer'],
      })
    }
    // Without a force: the same question for everyone, whatever the username.
    const held = await attempt({ username: 'j.smith', password: 'any guess at all' })
    const nobody = await attempt({ username: 'no-such-person', password: 'any guess at all' })
    expect(held.statusCode).toBe(400)
    expect(comparable(held.body)).toBe(comparable(nobody.body))
    expect(held.body).toContain('Choose the force you work for')

    // With a force: only that force is looked in, and a wrong password there is a counted, audited failure.
    const wrong = await attempt({ username: 'j.smith', password: 'any guess at all', force: first.code })
    expect(wrong.statusCode).toBe(401)
    expect(wrong.body).toContain('Enter a correct username and password')
    expect(wrong.body).not.toContain(second.code)
    const counted = await ctx.deps.db.kysely
      .selectFrom('signInAttempt')
      .select(['forceId', 'failedAttempts'])
      .where('usernameKey', '=', 'j.smith')
      .execute()
    expect(counted).toEqual([{ forceId: first.forceId, failedAttempts: 1 }])

    const right = await attempt({ username: 'J.Smith', password: TEST_PASSWORD, force: second.code })
    expect(right.statusCode).toBe(303)
    expect(right.cookies.find((c) => c.name === 'tally_session')!.value).toMatch(new RegExp(`^${second.forceId}\\.`))
  })

  it('locks an unknown username exactly as a real one, in words and in time', async () => {
    const force = await ctx.newForce()
    const real = await force.user('officer')
    const timed = async (username: string, password: string) => {
      const started = performance.now()
      const response = await attempt({ username, password, force: force.code })
      return { response, ms: performance.now() - started }
    }
    const wrong = { real: [] as number[], unknown: [] as number[] }
    for (let i = 0; i < 3; i++) {
      const a = await timed(real.username, 'wrong password')
      const b = await timed('never-an-account', 'wrong password')
      expect([a.response.statusCode, b.response.statusCode]).toEqual([401, 401])
      wrong.real.push(a.ms)
      wrong.unknown.push(b.ms)
    }
    // Three of each, as above: one answer's time alone is at the mercy of a busy machine.
    const locked = {
      real: [] as Awaited<ReturnType<typeof timed>>[],
      unknown: [] as Awaited<ReturnType<typeof timed>>[],
    }
    for (let i = 0; i < 3; i++) {
      locked.real.push(await timed(real.username, TEST_PASSWORD))
      locked.unknown.push(await timed('never-an-account', TEST_PASSWORD))
    }
    const lockedReal = locked.real.at(-1)!
    const lockedUnknown = locked.unknown.at(-1)!
    expect(lockedReal.response.statusCode).toBe(401)
    expect(lockedUnknown.response.statusCode).toBe(401)
    expect(lockedReal.response.body).toContain('Sign-in with this username is locked')
    expect(comparable(lockedUnknown.response.body).replaceAll('never-an-account', real.username)).toBe(
      comparable(lockedReal.response.body),
    )

    // Each path hashes a password, so none answers in a fraction of another's time.
    const median = (values: number[]) => [...values].sort((x, y) => x - y)[Math.floor(values.length / 2)]!
    const ratio = median(wrong.real) / median(wrong.unknown)
    expect(ratio).toBeGreaterThan(1 / 3)
    expect(ratio).toBeLessThan(3)
    const lockedRatio = median(locked.real.map((t) => t.ms)) / median(locked.unknown.map((t) => t.ms))
    expect(lockedRatio).toBeGreaterThan(1 / 4)
    expect(lockedRatio).toBeLessThan(4)

    // The failures against a name nobody holds are in the force's audit trail too.
    const events = await ctx.deps.db.kysely
      .selectFrom('auditEvent')
      .select('action')
      .where('forceId', '=', force.forceId)
      .where('recordId', '=', 'never-an-account')
      .orderBy('seq')
      .execute()
    expect(events.map((event) => event.action)).toEqual([
      'SIGN_IN_FAILED',
      'SIGN_IN_FAILED',
      'ACCOUNT_LOCKED',
      'SIGN_IN_REFUSED',
      'SIGN_IN_REFUSED',
      'SIGN_IN_REFUSED',
    ])
  })
})
