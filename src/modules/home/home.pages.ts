import type { Actor } from '../../platform/auth/actor.ts'
import { routes } from '../../platform/http/routes.ts'
import type { Navigation } from '../../platform/views/navigation.ts'

export interface HomePagesOptions {
  navigation: Navigation
  /** What Tally needs the signed-in person to know first (for now: risks it raised or escalated for them). */
  notifications: (actor: Actor) => Promise<unknown[]>
  /** How many of the person's on-screen notifications are unread (the notifications module's). */
  unreadNotifications?: (actor: Actor) => Promise<number>
}

/** The start page: what needs attention, then the parts of Tally the person's roles open to them. Any role (home.view). Mounted at /. */
export function homePages({ navigation, notifications, unreadNotifications }: HomePagesOptions) {
  return routes((app) => {
    app.get('/', { config: { permission: 'home.view' } }, async (request, reply) => {
      const actor = request.actor
      return reply.render('home/views/home.njk', {
        name: actor.name,
        notifications: await notifications(actor),
        unreadNotifications: (await unreadNotifications?.(actor)) ?? 0,
        destinations: navigation.itemsFor(actor.permissions, '/').filter((item) => item.href !== '/'),
      })
    })
  })
}
