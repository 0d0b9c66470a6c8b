import { routes } from '../../platform/http/routes.ts'
import { Permissions } from '../../platform/auth/permissions.ts'
import type { Navigation } from '../../platform/views/navigation.ts'

/** The start page: the parts of Tally the signed-in person's roles open to them. Any role (home.view). Mounted at /. */
export function homePages(navigation: Navigation) {
  return routes((app) => {
    app.get('/', { config: { permission: 'home.view' } }, (request, reply) => {
      const permissions = new Permissions(request.actor.roles)
      return reply.render('home/views/home.njk', {
        name: request.actor.name,
        destinations: navigation.itemsFor(permissions, '/').filter((item) => item.href !== '/'),
      })
    })
  })
}
