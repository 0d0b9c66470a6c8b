import { routes, type Router } from '../../platform/http/routes.ts'
import type { SessionIdentity } from '../../platform/auth/identity-store.ts'
import { ROLE_LABELS, ROLES } from '../../platform/auth/roles.ts'
import { SESSION_COOKIE } from '../../platform/http/access.ts'
import { asList, handleForm, submitForm } from '../../platform/http/forms.ts'
import { formatDateTime } from '../../platform/views/format.ts'
import { selectItems } from '../../platform/views/govuk.ts'
import type { AccountsService } from './accounts.service.ts'
import { signInPages, type SignInPagesOptions } from './sign-in.pages.ts'
import { ChangePasswordForm, NewTokenForm, NewUserForm, TokenParams } from './accounts.schemas.ts'

export type AccountsPagesOptions = SignInPagesOptions

const roleItems = (checked: readonly string[] = []) =>
  ROLES.map((role) => ({ value: role, text: ROLE_LABELS[role], checked: checked.includes(role) }))

const tokenRoleItems = (selected: string | undefined) =>
  selectItems(
    ROLES.map((role) => ({ value: role, text: ROLE_LABELS[role] })),
    selected,
  )

/**
 * Signing in and out (public, rate-limited), and the administrator's pages for accounts and API tokens
 * (users.manage, tokens.manage). Mounted at the root.
 */
export function accountsPages(options: AccountsPagesOptions) {
  const { accounts } = options
  return routes((app) => {
    void app.register(signInPages(options))
    ownAccountRoutes(app, accounts)
    userRoutes(app, accounts)
    tokenRoutes(app, accounts)
  })
}

/** Signing out and changing one's own password (anyone signed in). */
function ownAccountRoutes(app: Router, accounts: AccountsService) {
  app.post('/sign-out', { config: { permission: 'session.end' } }, async (request, reply) => {
    if (request.identity?.type === 'user') {
      await accounts.signOut(request.actor, request.identity as SessionIdentity)
    }
    return reply.clearCookie(SESSION_COOKIE, { path: '/' }).redirect('/sign-in', 303)
  })

  app.get('/account/password', { config: { permission: 'session.end' } }, (_request, reply) =>
    reply.render('accounts/views/change-password.njk'),
  )

  app.post(
    '/account/password',
    { config: { permission: 'session.end' }, schema: { body: ChangePasswordForm } },
    async (request, reply) => {
      const session = request.identity as SessionIdentity | null
      if (session?.type !== 'user') {
        return reply.redirect('/sign-in', 303)
      }
      return handleForm(reply, {
        submit: () => accounts.changePassword(request.actor, session, request.body),
        invalid: () => ({ template: 'accounts/views/change-password.njk', model: {} }),
        done: () => ({
          flash: 'Your password has been changed. You have been signed out everywhere else.',
          redirect: '/',
        }),
      })
    },
  )
}

/** The administrator's list of accounts and the form to add one (users.manage). */
function userRoutes(app: Router, accounts: AccountsService) {
  app.get('/admin/users', { config: { permission: 'users.manage' } }, async (request, reply) => {
    const users = await accounts.listUsers(request.actor)
    return reply.render('accounts/views/users.njk', {
      rows: users.map((user) => [
        { text: user.displayName },
        { text: user.username },
        { text: user.roles.map((role) => ROLE_LABELS[role]).join(', ') },
        { text: user.lastSignedInAt ? formatDateTime(user.lastSignedInAt) : 'Never' },
      ]),
    })
  })

  app.get('/admin/users/new', { config: { permission: 'users.manage' } }, (_request, reply) =>
    reply.render('accounts/views/new-user.njk', { roleItems: roleItems() }),
  )

  app.post(
    '/admin/users/new',
    { config: { permission: 'users.manage' }, schema: { body: NewUserForm } },
    async (request, reply) => {
      const roles = asList(request.body.roles)
      return handleForm(reply, {
        submit: () => accounts.createUser(request.actor, { ...request.body, roles }),
        invalid: () => ({
          template: 'accounts/views/new-user.njk',
          model: { values: request.body, roleItems: roleItems(roles) },
        }),
        done: () => ({ flash: `Account created for ${request.body.displayName}`, redirect: '/admin/users' }),
      })
    },
  )
}

/** API tokens for other systems: listed, created (shown once) and revoked (tokens.manage). */
function tokenRoutes(app: Router, accounts: AccountsService) {
  app.get('/admin/tokens', { config: { permission: 'tokens.manage' } }, async (request, reply) => {
    const tokens = await accounts.listTokens(request.actor)
    return reply.render('accounts/views/tokens.njk', {
      tokens: tokens.map((token) => ({
        ...token,
        roleLabel: ROLE_LABELS[token.role as keyof typeof ROLE_LABELS] ?? token.role,
        created: formatDateTime(token.createdAt),
        lastUsed: token.lastUsedAt ? formatDateTime(token.lastUsedAt) : 'Never',
      })),
      roleItems: tokenRoleItems(undefined),
    })
  })

  app.post(
    '/admin/tokens',
    { config: { permission: 'tokens.manage' }, schema: { body: NewTokenForm } },
    async (request, reply) => {
      const result = await submitForm(() => accounts.createToken(request.actor, request.body))
      if (!result.ok) {
        const tokens = await accounts.listTokens(request.actor)
        return reply.status(400).render('accounts/views/tokens.njk', {
          ...result,
          values: request.body,
          tokens,
          roleItems: tokenRoleItems(request.body.role),
        })
      }
      return reply.render('accounts/views/token-created.njk', { name: request.body.name, token: result.value.token })
    },
  )

  app.post(
    '/admin/tokens/:tokenId/revoke',
    { config: { permission: 'tokens.manage' }, schema: { params: TokenParams } },
    async (request, reply) => {
      await accounts.revokeToken(request.actor, request.params.tokenId)
      return reply.flash('Token revoked: systems using it can no longer sign in').redirect('/admin/tokens', 303)
    },
  )
}
