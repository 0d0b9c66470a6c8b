import http from 'node:http'
import type { AddressInfo } from 'node:net'
import Provider from 'oidc-provider'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Agent, createTestContext, TEST_PASSWORD, type TestContext } from '../../../test/support/test-context.ts'
import { systemActor } from '../../platform/auth/actor.ts'

const PUBLIC_URL = 'http://localhost:3000'
const CALLBACK = `${PUBLIC_URL}/sign-in/provider/callback`
const CLIENT_SECRET = 'a client secret only this test knows'

interface TestProvider {
  issuer: string
  /** Whom the provider says is signing in next (its login step signs in whoever this names). */
  vouchFor(subject: string): void
  close(): Promise<void>
}

/**
 * A real OpenID Connect provider (oidc-provider) on 127.0.0.1 and a free port. Its login and consent steps are
 * answered at once for the subject the test names, as a force's single sign-on would for a signed-in officer.
 */
async function startProvider(): Promise<TestProvider> {
  const server = http.createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  let subject = ''
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: 'tally',
        client_secret: CLIENT_SECRET,
        redirect_uris: [CALLBACK],
        grant_types: ['authorization_code'],
        response_types: ['code'],
      },
    ],
    findAccount: (_ctx: unknown, id: string) => ({
      accountId: id,
      claims: () => ({ sub: id, preferred_username: id, email: `${id}@force.example` }),
    }),
    claims: { openid: ['sub'], profile: ['preferred_username'], email: ['email'] },
    // Put the profile claims in the ID token, as Entra ID does with preferred_username.
    conformIdTokenClaims: false,
    features: { devInteractions: { enabled: false } },
    interactions: { url: (_ctx: unknown, interaction: { uid: string }) => `/interaction/${interaction.uid}` },
    cookies: { keys: ['cookie key for the test provider only'] },
  })
  const handle = provider.callback()
  server.on('request', (req: http.IncomingMessage, res: http.ServerResponse) => {
    if (!req.url?.startsWith('/interaction/')) {
      handle(req, res)
      return
    }
    void (async () => {
      const details = await provider.interactionDetails(req, res)
      if (details.prompt.name === 'login') {
        await provider.interactionFinished(
          req,
          res,
          { login: { accountId: subject } },
          { mergeWithLastSubmission: false },
        )
        return
      }
      const grant = new provider.Grant({ accountId: details.session!.accountId!, clientId: 'tally' })
      grant.addOIDCScope('openid profile email')
      await provider.interactionFinished(req, res, { consent: { grantId: await grant.save() } })
    })().catch((error: unknown) => {
      res.statusCode = 500
      res.end(String(error))
    })
  })
  return {
    issuer,
    vouchFor: (name) => {
      subject = name
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  }
}

/** Follows the provider's redirects as a browser would (keeping its cookies) until it sends the person back to Tally. */
async function throughProvider(start: string): Promise<URL> {
  const cookies = new Map<string, string>()
  let url = start
  for (let hop = 0; hop < 20; hop++) {
    if (url.startsWith(CALLBACK)) {
      return new URL(url)
    }
    const response = await fetch(url, {
      redirect: 'manual',
      headers: { cookie: [...cookies].map(([name, value]) => `${name}=${value}`).join('; ') },
    })
    for (const cookie of response.headers.getSetCookie()) {
      const [pair] = cookie.split(';')
      const [name, ...value] = pair!.split('=')
      cookies.set(name!, value.join('='))
    }
    const location = response.headers.get('location')
    if (!location) {
      throw new Error(`the provider stopped at ${url} with ${response.status}: ${await response.text()}`)
    }
    url = new URL(location, url).href
  }
  throw new Error('the provider never sent the person back')
}

describe('signing in through the force’s own OpenID Connect provider', () => {
  let provider: TestProvider
  let ctx: TestContext
  let forceA: { forceId: number; code: string }
  let forceB: { forceId: number; code: string }

  beforeAll(async () => {
    provider = await startProvider()
    ctx = await createTestContext({
      env: {
        PUBLIC_URL,
        OIDC_FORCES: 'OIDC-A',
        OIDC_OIDC_A_ISSUER: provider.issuer,
        OIDC_OIDC_A_CLIENT_ID: 'tally',
        OIDC_OIDC_A_CLIENT_SECRET: CLIENT_SECRET,
        OIDC_OIDC_A_NAME: 'Force A single sign-on',
        SIGN_IN_RATE_PER_MINUTE: '1000',
      },
    })
    const accounts = ctx.deps.services.accounts
    forceA = await accounts.createForce({ code: 'OIDC-A', name: 'Force A' })
    forceB = await accounts.createForce({ code: 'OIDC-B', name: 'Force B' })
    for (const [force, username] of [
      [forceA, 'pc.ada@force-a.example'],
      [forceB, 'pc.bea@force-b.example'],
    ] as const) {
      await accounts.createUser(systemActor(force.forceId), {
        username,
        displayName: username.split('@')[0]!,
        password: TEST_PASSWORD,
        roles: ['officer'],
      })
    }
  })
  afterAll(async () => {
    await ctx?.close()
    await provider?.close()
  })

  /** Starts at Tally's sign-in page for `force`, goes through the provider, and returns Tally's callback address. */
  async function goToProvider(agent: Agent, force: string): Promise<URL> {
    const page = await agent.get(`/sign-in?force=${force}&returnTo=%2Fcrimes`)
    expect(page.body).toContain('Sign in with Force A single sign-on')
    const start = await agent.get(`/sign-in/provider?force=${force}&returnTo=%2Fcrimes`)
    expect(start.statusCode).toBe(303)
    const location = new URL(start.headers.location as string)
    expect(location.origin).toBe(provider.issuer)
    expect(location.searchParams.get('code_challenge_method')).toBe('S256')
    expect(location.searchParams.get('state')).toBeTruthy()
    expect(location.searchParams.get('nonce')).toBeTruthy()
    return throughProvider(location.href)
  }

  /** Whether the agent holds a working session: the start page greets whoever is signed in. */
  const startPage = async (agent: Agent) => {
    const page = await agent.get('/')
    return page.statusCode === 200 ? page.body : `${page.statusCode}`
  }

  it('signs in the account the provider names, with a session made and audited as a password sign-in is', async () => {
    provider.vouchFor('pc.ada@force-a.example')
    const agent = Agent.anonymous(ctx.app)
    const callback = await goToProvider(agent, 'OIDC-A')
    const done = await agent.get(`${callback.pathname}${callback.search}`)
    expect(done.statusCode).toBe(303)
    expect(done.headers.location).toBe('/crimes')
    const session = done.cookies.find((cookie) => cookie.name === 'tally_session')!
    expect(session).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/' })
    expect(session.value).toMatch(new RegExp(`^${forceA.forceId}\\.`))
    expect(await startPage(agent)).toContain('Hello, pc.ada')

    const audit = await ctx.deps.db.kysely
      .selectFrom('auditEvent')
      .select(['action', 'reason'])
      .where('forceId', '=', forceA.forceId)
      .where('action', '=', 'SIGNED_IN')
      .execute()
    expect(audit).toEqual([{ action: 'SIGNED_IN', reason: 'signed in through Force A single sign-on' }])

    // The provider's answer is bound to the browser that asked: replayed from another, it signs nobody in.
    const replay = Agent.anonymous(ctx.app)
    expect((await replay.get(`${callback.pathname}${callback.search}`)).statusCode).toBe(400)
  })

  it('refuses an answer whose state is not the one this browser sent', async () => {
    provider.vouchFor('pc.ada@force-a.example')
    const agent = Agent.anonymous(ctx.app)
    const callback = await goToProvider(agent, 'OIDC-A')
    callback.searchParams.set('state', 'forged-state-from-another-browser')
    const refused = await agent.get(`${callback.pathname}${callback.search}`)
    expect(refused.statusCode).toBe(401)
    expect(refused.body).toContain('Signing in with Force A single sign-on did not work')
    expect(refused.cookies.find((cookie) => cookie.name === 'tally_session')).toBeUndefined()
    expect(await startPage(agent)).toBe('303')
  })

  it('refuses someone the provider knows but who has no Tally account, and audits it', async () => {
    provider.vouchFor('stranger@force-a.example')
    const agent = Agent.anonymous(ctx.app)
    const callback = await goToProvider(agent, 'OIDC-A')
    const refused = await agent.get(`${callback.pathname}${callback.search}`)
    expect(refused.statusCode).toBe(401)
    expect(refused.cookies.find((cookie) => cookie.name === 'tally_session')).toBeUndefined()
    const audit = await ctx.deps.db.kysely
      .selectFrom('auditEvent')
      .select(['action', 'recordId'])
      .where('forceId', '=', forceA.forceId)
      .where('recordId', '=', 'stranger@force-a.example')
      .execute()
    expect(audit).toEqual([{ action: 'SIGN_IN_FAILED', recordId: 'stranger@force-a.example' }])
  })

  it('refuses a user of another force, even one with that username there', async () => {
    provider.vouchFor('pc.bea@force-b.example')
    const agent = Agent.anonymous(ctx.app)
    const callback = await goToProvider(agent, 'OIDC-A')
    const refused = await agent.get(`${callback.pathname}${callback.search}`)
    expect(refused.statusCode).toBe(401)
    expect(refused.cookies.find((cookie) => cookie.name === 'tally_session')).toBeUndefined()
    expect(await startPage(agent)).toBe('303')
  })

  it('offers the provider only to the force that has one, and keeps local accounts working', async () => {
    const other = await Agent.anonymous(ctx.app).get(`/sign-in?force=${forceB.code}`)
    expect(other.body).not.toContain('Sign in with')
    const agent = Agent.anonymous(ctx.app)
    await agent.get(`/sign-in?force=${forceA.code}`)
    const local = await agent.post('/sign-in', {
      username: 'pc.ada@force-a.example',
      password: TEST_PASSWORD,
      force: forceA.code,
    })
    expect(local.statusCode).toBe(303)
  })
})
