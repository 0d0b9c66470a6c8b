import { Type } from 'typebox'
import { routes } from '../../platform/http/routes.ts'
import { formatDateTime } from '../../platform/views/format.ts'
import type { NotificationsService } from './notifications.service.ts'

const NotificationParams = Type.Object({ notificationId: Type.String({ format: 'uuid' }) })
const PageForm = Type.Record(Type.String(), Type.Union([Type.String(), Type.Array(Type.String())]))

/** The signed-in person's notifications (notifications.view: everyone). Mounted at /notifications. */
export function notificationsPages(notifications: NotificationsService) {
  return routes((app) => {
    app.get('/', { config: { permission: 'notifications.view' } }, async (request, reply) => {
      const { notifications: list, unread } = await notifications.mine(request.actor)
      return reply.render('notifications/views/list.njk', {
        unread,
        notifications: list.map((n) => ({ ...n, when: formatDateTime(n.createdAt) })),
      })
    })

    app.post(
      '/:notificationId/read',
      { config: { permission: 'notifications.view' }, schema: { params: NotificationParams, body: PageForm } },
      async (request, reply) => {
        await notifications.markRead(request.actor, request.params.notificationId)
        return reply.redirect('/notifications', 303)
      },
    )

    app.post(
      '/read',
      { config: { permission: 'notifications.view' }, schema: { body: PageForm } },
      async (request, reply) => {
        await notifications.markRead(request.actor)
        return reply.flash('All notifications marked as read').redirect('/notifications', 303)
      },
    )
  })
}
