import type { Actor } from '../../platform/auth/actor.ts'
import type { Clock } from '../../platform/clock.ts'
import { routes } from '../../platform/http/routes.ts'
import type { Navigation } from '../../platform/views/navigation.ts'
import type { RisksService } from '../risks/index.ts'
import type { NotificationsService } from '../notifications/index.ts'
import { startPageWork, type HomeServices } from './home.work.ts'

export interface HomePagesOptions {
  navigation: Navigation
  /** The services the start pages read (deps.services). */
  services: HomeServices & {
    risks: Pick<RisksService, 'notificationsFor'>
    notifications: Pick<NotificationsService, 'unreadCount'>
  }
  clock: Clock
}

/**
 * The start page: what Tally needs the person to know first, then their own work (each list soonest due first,
 * with its clock), then the parts of Tally their roles open to them. Any role (home.view). Mounted at /.
 */
export function homePages({ navigation, services, clock }: HomePagesOptions) {
  return routes((app) => {
    app.get('/', { config: { permission: 'home.view' } }, async (request, reply) => {
      const actor: Actor = request.actor
      return reply.render('home/views/home.njk', {
        name: actor.name,
        notifications: actor.permissions.can('risks.view') ? await services.risks.notificationsFor(actor) : [],
        unreadNotifications: await services.notifications.unreadCount(actor),
        work: await startPageWork(services, actor, clock),
        destinations: navigation.itemsFor(actor.permissions, '/').filter((item) => item.href !== '/'),
      })
    })
  })
}
