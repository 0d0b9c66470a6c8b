import { routes } from '../../platform/http/routes.ts'
import { Me } from './accounts.schemas.ts'

/** Who the API thinks you are: lets a system check its token works. Any role (home.view). Mounted at /api/v1. */
export function accountsApi() {
  return routes((app) => {
    app.get(
      '/me',
      {
        config: { permission: 'home.view' },
        schema: { tags: ['accounts'], summary: 'The system or user behind this token', response: { 200: Me } },
      },
      (request) => {
        const { forceId, type, id, name, roles } = request.actor
        return { forceId, type: type === 'user' ? ('user' as const) : ('token' as const), id, name, roles: [...roles] }
      },
    )
  })
}
