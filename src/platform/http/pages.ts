import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import fp from 'fastify-plugin'
import type nunjucks from 'nunjucks'
import { Permissions } from '../auth/permissions.ts'
import { ROLE_LABELS } from '../auth/roles.ts'
import type { Navigation } from '../views/navigation.ts'
import { csrfTokenFor } from './security.ts'
import './request-types.ts'

const FLASH_COOKIE = 'tally_flash'

export interface PagesOptions {
  views: nunjucks.Environment
  navigation: Navigation
  demo: boolean
  /** While the demo force is still being made, what the demo banner says about it. */
  demoStatus?: (() => string | undefined) | undefined
  secureCookies: boolean
  /** The signed-in user's force name, for the header. */
  forceName: (forceId: number) => Promise<string | undefined>
}

/**
 * `reply.render(template, model)`: the page's own view model plus what the layout needs for this request
 * (who is signed in, the navigation their roles allow, the CSRF token for forms, the CSP nonce).
 */
export const pages = fp<PagesOptions>(
  (app: FastifyInstance, options: PagesOptions, done) => {
    async function layoutFor(request: FastifyRequest) {
      const identity = request.identity
      const demo = options.demo ? { building: options.demoStatus?.() } : false
      if (!identity) {
        return { demo }
      }
      const permissions = new Permissions(identity.roles)
      return {
        demo,
        forceName: await options.forceName(identity.forceId),
        signedIn: { name: identity.name, roles: identity.roles.map((role) => ROLE_LABELS[role]).join(', ') },
        navigation: options.navigation.itemsFor(permissions, request.url),
      }
    }

    app.decorateReply(
      'render',
      function render(this: FastifyReply, template: string, model: Record<string, unknown> = {}) {
        const request = this.request
        const flash = request.cookies[FLASH_COOKIE] ? this.unsignCookie(request.cookies[FLASH_COOKIE]) : undefined
        if (flash) {
          this.clearCookie(FLASH_COOKIE, { path: '/' })
        }
        const csrfToken = csrfTokenFor(request, this)
        const renderPage = async () => {
          const context = {
            ...model,
            layout: await layoutFor(request),
            csrfToken,
            cspNonce: this.cspNonce?.script,
            can: request.identity ? new Permissions(request.identity.roles).toView() : {},
            flash: flash?.valid ? flash.value : undefined,
            requestId: request.id,
          }
          return options.views.render(template, context)
        }
        this.type('text/html; charset=utf-8').header('cache-control', 'no-store')
        void renderPage().then(
          (html) => this.send(html),
          (error: unknown) => this.send(error),
        )
        return this
      },
    )

    app.decorateReply('flash', function flash(this: FastifyReply, message: string) {
      return this.setCookie(FLASH_COOKIE, message, {
        path: '/',
        httpOnly: true,
        sameSite: 'lax',
        secure: options.secureCookies,
        signed: true,
      })
    })
    done()
  },
  { name: 'tally-pages', dependencies: ['tally-security'] },
)
