import type { FastifyReply } from 'fastify'
import { SESSION_COOKIE } from '../../platform/http/access.ts'
import { routes, type Router } from '../../platform/http/routes.ts'
import { formatDateTime } from '../../platform/views/format.ts'
import { safeReturnPath } from './accounts.rules.ts'
import { SignInForm, SignInQuery } from './accounts.schemas.ts'
import type { AccountsService, SignInResult } from './accounts.service.ts'
import { CALLBACK_PATH, ProviderRefused, type ProviderFlow, type SignInProviders } from './sign-in-providers.ts'

/** Remembers the force a browser last chose, so people are asked once, not at every sign-in. Not secret. */
export const FORCE_COOKIE = 'tally_force'

export interface SignInPagesOptions {
  accounts: AccountsService
  secureCookies: boolean
  signInPerMinute: number
  absoluteHours: number
  /** Forces' own OpenID Connect providers. */
  providers: SignInProviders
  /** Where people reach Tally: the provider's answer is read against it. */
  publicUrl: string | undefined
}

/** Holds the state, nonce and PKCE verifier while the person is at their provider (signed, ten minutes). */
const FLOW_COOKIE = 'tally_sign_in_flow'

interface Force {
  forceId: number
  code: string
  name: string
}

type FieldErrors = Record<string, { text: string }>

/**
 * Signing in, as forces run it: the force comes first (from the address, the browser's last choice, or a
 * question), and the username is checked in that force alone, so nothing here ever says which forces hold a
 * username. Mounted at the root; public and rate-limited.
 */
export function signInPages(options: SignInPagesOptions) {
  const screens = signInScreens(options)
  return routes((app) => {
    passwordSignInRoutes(app, options, screens)
    providerSignInRoutes(app, options, screens)
  })
}

type SignInScreens = ReturnType<typeof signInScreens>

/** The forces to choose from, and the two screens of signing in: the force question and the sign-in form. */
function signInScreens(options: SignInPagesOptions) {
  const { accounts } = options

  /** Forces people can sign in to: not those set aside after a failed setup. */
  const forces = (): Promise<Force[]> => accounts.listForcesInUse()

  const find = (all: Force[], code: string | undefined) =>
    code ? all.find((force) => force.code.toLowerCase() === code.toLowerCase()) : undefined

  const askForForce = (reply: FastifyReply, all: Force[], returnTo: string, error?: string) =>
    reply.status(error ? 400 : 200).render('accounts/views/sign-in-force.njk', {
      returnTo,
      forceItems: all.map((force) => ({ value: force.code, text: force.name })),
      errors: error ? [{ text: error, href: `#force` }] : undefined,
    })

  const signInPage = (
    reply: FastifyReply,
    force: Force,
    model: { returnTo: string; username?: string; fieldErrors?: FieldErrors },
    status = 200,
  ) =>
    reply.status(status).render('accounts/views/sign-in.njk', {
      ...model,
      force,
      provider: options.providers.find(force.code)?.name,
      errors: Object.entries(model.fieldErrors ?? {}).map(([field, error]) => ({
        text: error.text,
        href: `#${field}`,
      })),
    })

  return { forces, find, askForForce, signInPage }
}

/** The force question and the username-and-password form. */
function passwordSignInRoutes(
  app: Router,
  options: SignInPagesOptions,
  { forces, find, askForForce, signInPage }: SignInScreens,
) {
  const { accounts } = options
  app.get(
    '/sign-in',
    { config: { permission: 'public' }, schema: { querystring: SignInQuery } },
    async (request, reply) => {
      const returnTo = safeReturnPath(request.query.returnTo)
      if (request.identity) {
        return reply.redirect(returnTo, 303)
      }
      const all = await forces()
      const asked = request.query.force
      if (asked !== undefined) {
        const force = find(all, asked)
        if (!force) {
          return askForForce(reply, all, returnTo, 'Choose the force you work for')
        }
        rememberForce(reply, force.code, options.secureCookies)
        return signInPage(reply, force, { returnTo })
      }
      if (request.query.answered) {
        // The force question sent back with no force chosen.
        return askForForce(reply, all, returnTo, 'Choose the force you work for')
      }
      const remembered = request.query.chooseForce ? undefined : find(all, request.cookies[FORCE_COOKIE])
      const force = remembered ?? (all.length === 1 && !request.query.chooseForce ? all[0] : undefined)
      return force ? signInPage(reply, force, { returnTo }) : askForForce(reply, all, returnTo)
    },
  )

  app.post(
    '/sign-in',
    {
      config: { permission: 'public', rateLimit: { max: options.signInPerMinute, timeWindow: '1 minute' } },
      schema: { body: SignInForm },
    },
    async (request, reply) => {
      const { username, password } = request.body
      const returnTo = safeReturnPath(request.body.returnTo)
      const all = await forces()
      const force = find(all, request.body.force)
      if (!force) {
        return askForForce(reply, all, returnTo, 'Choose the force you work for')
      }
      const missing: FieldErrors = {}
      if (username.trim() === '') {
        missing.username = { text: 'Enter your username' }
      }
      if (password === '') {
        missing.password = { text: 'Enter your password' }
      }
      if (Object.keys(missing).length > 0) {
        return signInPage(reply, force, { returnTo, username, fieldErrors: missing }, 400)
      }
      const result = await accounts.signIn(force.forceId, username, password)
      if (result.outcome === 'signed-in') {
        rememberForce(reply, force.code, options.secureCookies)
        return startSession(reply, result.cookie, returnTo, options)
      }
      return signInPage(reply, force, { returnTo, username, fieldErrors: refusal(result) }, 401)
    },
  )
}

/** Signing in with the force's own identity provider (OpenID Connect): the way out and the way back. */
function providerSignInRoutes(
  app: Router,
  options: SignInPagesOptions,
  { forces, find, askForForce, signInPage }: SignInScreens,
) {
  const { accounts } = options
  app.get(
    '/sign-in/provider',
    {
      config: { permission: 'public', rateLimit: { max: options.signInPerMinute, timeWindow: '1 minute' } },
      schema: { querystring: SignInQuery },
    },
    async (request, reply) => {
      const returnTo = safeReturnPath(request.query.returnTo)
      const force = find(await forces(), request.query.force)
      const provider = force && options.providers.find(force.code)
      if (!force || !provider) {
        return reply.redirect(`/sign-in?returnTo=${encodeURIComponent(returnTo)}`, 303)
      }
      const { url, flow } = await options.providers.start(provider, returnTo)
      return keepFlow(reply, flow, options.secureCookies).redirect(url.href, 303)
    },
  )

  app.get(
    CALLBACK_PATH,
    { config: { permission: 'public', rateLimit: { max: options.signInPerMinute, timeWindow: '1 minute' } } },
    async (request, reply) => {
      reply.clearCookie(FLOW_COOKIE, { path: '/sign-in/provider' })
      const all = await forces()
      const flow = readFlow(request.cookies[FLOW_COOKIE], (value) => request.unsignCookie(value))
      const force = flow && find(all, flow.force)
      const provider = force && options.providers.find(force.code)
      if (!flow || !force || !provider) {
        return askForForce(reply, all, '/', 'Signing in took too long or was started elsewhere: start again')
      }
      const refused = (reason: string) => {
        request.log.warn({ force: force.code, reason }, 'identity provider sign-in refused')
        return signInPage(
          reply,
          force,
          {
            returnTo: flow.returnTo,
            fieldErrors: {
              provider: {
                text: `Signing in with ${provider.name} did not work. Try again, or ask your administrator whether you have a Tally account.`,
              },
            },
          },
          401,
        )
      }
      let claim: string
      try {
        claim = await options.providers.finish(provider, flow, new URL(request.url, options.publicUrl))
      } catch (error) {
        if (error instanceof ProviderRefused) {
          return refused(error.message)
        }
        throw error
      }
      const result = await accounts.signInFromProvider(force.forceId, {
        column: provider.matchOn,
        value: claim,
        provider: provider.name,
      })
      if (result.outcome !== 'signed-in') {
        return refused(`no active account matches its ${provider.claim}`)
      }
      rememberForce(reply, force.code, options.secureCookies)
      return startSession(reply, result.cookie, flow.returnTo, options)
    },
  )
}

/** Keeps the provider flow in a signed cookie that only the way back can read, for ten minutes. */
function keepFlow(reply: FastifyReply, flow: ProviderFlow, secure: boolean): FastifyReply {
  return reply.setCookie(FLOW_COOKIE, Buffer.from(JSON.stringify(flow)).toString('base64url'), {
    path: '/sign-in/provider',
    httpOnly: true,
    // Lax, not Strict: the provider sends the person back with a top-level GET from its own site.
    sameSite: 'lax',
    secure,
    signed: true,
    maxAge: 600,
  })
}

function readFlow(
  cookie: string | undefined,
  unsign: (value: string) => { valid: boolean; value: string | null },
): ProviderFlow | undefined {
  const unsigned = cookie ? unsign(cookie) : undefined
  if (!unsigned?.valid || !unsigned.value) {
    return undefined
  }
  try {
    const flow = JSON.parse(Buffer.from(unsigned.value, 'base64url').toString('utf8')) as Partial<ProviderFlow>
    const fields = [flow.force, flow.state, flow.nonce, flow.verifier, flow.returnTo]
    return fields.every((field) => typeof field === 'string') ? (flow as ProviderFlow) : undefined
  } catch {
    return undefined
  }
}

/** The same words for an unknown username and a wrong password; "locked" for any name tried too often. */
function refusal(result: Exclude<SignInResult, { outcome: 'signed-in' }>): FieldErrors {
  return result.outcome === 'locked'
    ? {
        password: {
          text: `Sign-in with this username is locked after too many failed attempts. Try again after ${formatDateTime(result.until)}.`,
        },
      }
    : { username: { text: 'Enter a correct username and password' } }
}

function rememberForce(reply: FastifyReply, code: string, secure: boolean): void {
  reply.setCookie(FORCE_COOKIE, code, {
    path: '/sign-in',
    httpOnly: true,
    sameSite: 'lax',
    secure,
    maxAge: 400 * 86_400,
  })
}

/** Sets the new session's cookie and goes where the person was heading: shared by every way of signing in. */
export function startSession(
  reply: FastifyReply,
  cookie: string,
  returnTo: string,
  options: { secureCookies: boolean; absoluteHours: number },
) {
  return reply
    .setCookie(SESSION_COOKIE, cookie, {
      path: '/',
      httpOnly: true,
      sameSite: 'lax',
      secure: options.secureCookies,
      maxAge: options.absoluteHours * 3600,
    })
    .redirect(returnTo, 303)
}
