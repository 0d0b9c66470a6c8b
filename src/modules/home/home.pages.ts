import type { Actor } from '../../platform/auth/actor.ts'
import { routes } from '../../platform/http/routes.ts'
import type { Navigation } from '../../platform/views/navigation.ts'

export interface HomePagesOptions {
  navigation: Navigation
  /** What Tally needs the signed-in person to know first (for now: risks it raised or escalated for them). */
  notifications: (actor: Actor) => Promise<unknown[]>
}

/** The start page: what needs attention, then the parts of Tally the person's roles open to them. Any role (home.view). Mounted at /. */
export function homePages({ navigation, notifications }: HomePagesOptions) {
  return routes((app) => {
    app.get('/', { config: { permission: 'home.view' } }, async (request, reply) => {
      const actor = request.actor
      return reply.render('home/views/home.njk', {
        name: actor.name,
        notifications: await notifications(actor),
        destinations: navigation.itemsFor(actor.permissions, '/').filter((item) => item.href !== '/'),
      })
    })
  })
}
