import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Agent, createTestContext, TEST_PASSWORD, type TestContext } from '../../../test/support/test-context.ts'

/** Signing in and out, sessions, lockout, CSRF and the security headers every page carries. */
describe('sign-in, sessions and page security', () => {
  let ctx: TestContext

  beforeAll(async () => {
    ctx = await createTestContext({ env: { SIGN_IN_MAX_ATTEMPTS: '3', SIGN_IN_RATE_PER_MINUTE: '1000' } })
  })
  afterAll(() => ctx.close())

  async function signIn(agent: Agent, username: string, password: string, force = ctx.force.code) {
    await agent.get(`/sign-in?force=${force}`)
    return agent.post('/sign-in', { username, password, force, returnTo: '/' })
  }

  it('signs in with the right password, issues a new HttpOnly session cookie, and shows the home page', async () => {
    const user = await ctx.force.user('imu_decision_maker')
    const agent = Agent.anonymous(ctx.app)
    const response = await signIn(agent, user.username, TEST_PASSWORD)
    expect(response.statusCode).toBe(303)
    expect(response.headers.location).toBe('/')
    const cookie = response.cookies.find((c) => c.name === 'tally_session')!
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/' })
    expect(cookie.value).toMatch(new RegExp(`^${ctx.force.forceId}\\.`))
    const home = await agent.get('/')
    expect(home.statusCode).toBe(200)
    expect(home.body).toContain('Hello, Test imu_decision_maker')
  })

  it('gives the same answer for an unknown user and a wrong password, and changes nothing for the unknown one', async () => {
    const user = await ctx.force.user('officer')
    const wrong = await signIn(Agent.anonymous(ctx.app), user.username, 'not the password')
    const unknown = await signIn(Agent.anonymous(ctx.app), 'nobody-at-all', 'not the password')
    expect(wrong.statusCode).toBe(401)
    expect(unknown.statusCode).toBe(401)
    expect(wrong.body).toContain('Enter a correct username and password')
    expect(unknown.body).toContain('Enter a correct username and password')
  })

  it('names the missing fields when the form is sent empty', async () => {
    const agent = Agent.anonymous(ctx.app)
    await agent.get('/sign-in')
    const response = await agent.post('/sign-in', { username: '', password: '', force: ctx.force.code })
    expect(response.statusCode).toBe(400)
    expect(response.body).toContain('Enter your username')
    expect(response.body).toContain('Enter your password')
    expect(response.body).toMatch(/<title>\s*Error: Sign in/)
  })

  it('locks the account after too many wrong passwords, even for the right one, and audits each attempt', async () => {
    const force = await ctx.newForce()
    const user = await force.user('auditor')
    for (let attempt = 0; attempt < 3; attempt++) {
      expect((await signIn(Agent.anonymous(ctx.app), user.username, 'wrong', force.code)).statusCode).toBe(401)
    }
    const locked = await signIn(Agent.anonymous(ctx.app), user.username, TEST_PASSWORD, force.code)
    expect(locked.statusCode).toBe(401)
    expect(locked.body).toContain('Sign-in with this username is locked')

    ctx.clock.advance(16 * 60_000)
    expect((await signIn(Agent.anonymous(ctx.app), user.username, TEST_PASSWORD, force.code)).statusCode).toBe(303)

    const actions = await ctx.deps.db.kysely
      .selectFrom('auditEvent')
      .select('action')
      .where('forceId', '=', force.forceId)
      .where('recordId', '=', user.userId)
      .orderBy('seq')
      .execute()
    expect(actions.map((a) => a.action)).toEqual([
      'USER_CREATED',
      'SIGN_IN_FAILED',
      'SIGN_IN_FAILED',
      'ACCOUNT_LOCKED',
      'SIGN_IN_REFUSED',
      'SIGNED_IN',
    ])
  })

  it('ends a session that has been idle too long, and one past its absolute lifetime', async () => {
    const agent = await ctx.as('victim_care_officer')
    expect((await agent.get('/')).statusCode).toBe(200)
    ctx.clock.advance(31 * 60_000)
    const idle = await agent.get('/')
    expect(idle.statusCode).toBe(303)
    expect(idle.headers.location).toBe('/sign-in?returnTo=%2F')

    const busy = await ctx.as('victim_care_officer')
    for (let visit = 0; visit < 30; visit++) {
      // Never idle for long, but 30 visits 25 minutes apart is past the 12-hour absolute limit.
      ctx.clock.advance(25 * 60_000)
      expect((await busy.get('/')).statusCode).toBe(visit < 28 ? 200 : 303)
    }
  })

  it('signs out: the session is gone from the database, not just the browser', async () => {
    const agent = await ctx.as('inspector')
    await agent.get('/')
    const before = await ctx.deps.db.kysely
      .selectFrom('session')
      .select('sessionHash')
      .where('forceId', '=', ctx.force.forceId)
      .execute()
    const response = await agent.post('/sign-out')
    expect(response.statusCode).toBe(303)
    expect(response.headers.location).toBe('/sign-in')
    const after = await ctx.deps.db.kysely
      .selectFrom('session')
      .select('sessionHash')
      .where('forceId', '=', ctx.force.forceId)
      .execute()
    expect(after.length).toBe(before.length - 1)
    expect((await agent.get('/')).statusCode).toBe(303)
  })

  it('refuses a form posted without its CSRF token, and one carrying another session’s token', async () => {
    const admin = await ctx.as('administrator')
    await admin.get('/admin/users/new')
    const missing = await admin.post('/admin/tokens', { name: 'STORM', role: 'control_room_operator' }, { csrf: false })
    expect(missing.statusCode).toBe(403)

    const other = await ctx.as('administrator')
    const page = await other.get('/admin/tokens')
    const foreignToken = /name="_csrf" value="([^"]+)"/.exec(page.body)![1]!
    const stolen = await admin.post(
      '/admin/tokens',
      { name: 'STORM', role: 'control_room_operator', _csrf: foreignToken },
      { csrf: false },
    )
    expect(stolen.statusCode).toBe(403)
    expect((await ctx.deps.services.accounts.listTokens(ctx.force.system)).map((t) => t.name)).not.toContain('STORM')
  })

  it('sends a strict Content-Security-Policy and the other security headers on every page', async () => {
    const response = await Agent.anonymous(ctx.app).get('/sign-in')
    const csp = String(response.headers['content-security-policy'])
    expect(csp).toContain("default-src 'self'")
    expect(csp).toMatch(/script-src 'self' 'nonce-[0-9a-f]+'/)
    expect(csp).toContain("frame-ancestors 'none'")
    expect(csp).not.toContain('unsafe-inline')
    const nonce = /'nonce-([0-9a-f]+)'/.exec(csp)![1]
    expect(response.body).toContain(`<script nonce="${nonce}">`)
    expect(response.headers['x-content-type-options']).toBe('nosniff')
    expect(response.headers['cache-control']).toBe('no-store')
    expect(response.headers['x-request-id']).toBeTruthy()
  })

  it('marks cookies Secure and sends HSTS behind TLS', async () => {
    const secure = await createTestContext({ env: { TRUST_PROXY: 'true' } })
    try {
      const user = await secure.force.user('officer')
      const agent = Agent.anonymous(secure.app)
      const response = await signIn(agent, user.username, TEST_PASSWORD, secure.force.code)
      expect(response.cookies.find((c) => c.name === 'tally_session')!.secure).toBe(true)
      expect(response.headers['strict-transport-security']).toContain('max-age=31536000')
    } finally {
      await secure.close()
    }
  })

  it('never sends a signed-in user back to another site after sign-in', async () => {
    const user = await ctx.force.user('imu_supervisor')
    const agent = Agent.anonymous(ctx.app)
    await agent.get(`/sign-in?force=${ctx.force.code}`)
    const response = await agent.post('/sign-in', {
      username: user.username,
      password: TEST_PASSWORD,
      force: ctx.force.code,
      returnTo: '//evil.example/x',
    })
    expect(response.headers.location).toBe('/')
  })

  it('limits sign-in attempts from one address', async () => {
    const limited = await createTestContext({ env: { SIGN_IN_RATE_PER_MINUTE: '2' } })
    try {
      const agent = Agent.anonymous(limited.app)
      await agent.get('/sign-in')
      const statuses = []
      for (let i = 0; i < 3; i++) {
        statuses.push(
          (await agent.post('/sign-in', { username: 'someone', password: 'guess', force: limited.force.code }))
            .statusCode,
        )
      }
      expect(statuses).toEqual([401, 401, 429])
    } finally {
      await limited.close()
    }
  })
})

describe('administering accounts and API tokens', () => {
  let ctx: TestContext
  beforeAll(async () => {
    ctx = await createTestContext()
  })
  afterAll(() => ctx.close())

  it('creates an account from the form, and reports every problem with bad input without storing anything', async () => {
    const admin = await ctx.as('administrator')
    await admin.get('/admin/users/new')
    const bad = await admin.post('/admin/users/new', {
      username: 'a b',
      displayName: '',
      password: 'short',
      roles: ['force_crime_registrar', 'imu_supervisor'],
    })
    expect(bad.statusCode).toBe(400)
    for (const message of [
      'Username must be',
      'Enter the person’s name',
      'Password must be at least 12 characters',
      'cannot also be IMU supervisor',
    ]) {
      expect(bad.body).toContain(message)
    }
    expect((await ctx.deps.services.accounts.listUsers(ctx.force.system)).map((u) => u.username)).not.toContain('a b')

    const good = await admin.post('/admin/users/new', {
      username: 'pc1234',
      displayName: 'PC Jo Bloggs',
      password: 'a long enough password',
      roles: ['officer'],
    })
    expect(good.statusCode).toBe(303)
    const list = await admin.get('/admin/users')
    expect(list.body).toContain('Account created for PC Jo Bloggs')
    expect(list.body).toContain('pc1234')
  })

  it('creates a token shown once, which then works against the API until revoked', async () => {
    const admin = await ctx.as('administrator')
    await admin.get('/admin/tokens')
    const created = await admin.post('/admin/tokens', {
      name: 'STORM command and control',
      role: 'control_room_operator',
    })
    expect(created.statusCode).toBe(200)
    const token = /data-qa="token">([^<]+)</.exec(created.body)![1]!
    const me = await ctx.app.inject({ method: 'GET', url: '/api/v1/me', headers: { authorization: `Bearer ${token}` } })
    expect(me.json()).toMatchObject({
      type: 'token',
      name: 'STORM command and control',
      roles: ['control_room_operator'],
    })
    const stored = await ctx.deps.db.kysely
      .selectFrom('apiToken')
      .select('secretHash')
      .where('name', '=', 'STORM command and control')
      .execute()
    // The secret is the token's last 43 characters; it is base64url, so it may itself contain "_".
    const secret = /^tally_\d+_[0-9a-f]{32}_([A-Za-z0-9_-]{43})$/.exec(token)![1]!
    expect(JSON.stringify(stored)).not.toContain(secret)
  })
})

describe('changing your own password', () => {
  let ctx: TestContext
  beforeAll(async () => {
    ctx = await createTestContext()
  })
  afterAll(() => ctx.close())

  it('names every problem and changes nothing; then changes it, ends the other sessions, and the new one works', async () => {
    const user = await ctx.force.user('auditor')
    const here = await ctx.as('auditor')
    const elsewhere = await ctx.as('auditor')
    await here.get('/account/password')

    const wrong = await here.post('/account/password', {
      currentPassword: 'not it',
      newPassword: 'short',
      confirmPassword: 'different',
    })
    expect(wrong.statusCode).toBe(400)
    for (const message of [
      'Your current password is not right',
      'Password must be at least 12 characters',
      'The new passwords do not match',
    ]) {
      expect(wrong.body).toContain(message)
    }

    const changed = await here.post('/account/password', {
      currentPassword: TEST_PASSWORD,
      newPassword: 'a brand new pass phrase',
      confirmPassword: 'a brand new pass phrase',
    })
    expect(changed.statusCode).toBe(303)
    expect((await here.get('/')).statusCode).toBe(200)
    expect((await elsewhere.get('/')).statusCode).toBe(303)

    const signIn = async (password: string) => {
      const agent = Agent.anonymous(ctx.app)
      await agent.get('/sign-in')
      return (await agent.post('/sign-in', { username: user.username, password, force: ctx.force.code })).statusCode
    }
    expect(await signIn(TEST_PASSWORD)).toBe(401)
    expect(await signIn('a brand new pass phrase')).toBe(303)
  })
})
