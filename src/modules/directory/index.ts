/**
 * The unit directory: every unit's function, location, hours, contact and what work to send it, readable by
 * every role and shown as a routing panel (`directory/views/_routing-panel.njk`, fed by
 * `DirectoryService.routingFor`) beside incident and crime pages where work is passed on.
 */
import type { NavigationItem } from '../../platform/views/navigation.ts'

/** The directory's service: list, read, route to and change units. */
export { DirectoryService, type Unit, type RoutingUnit } from './directory.service.ts'
/** The `unit` table's queries. */
export { DirectoryRepository } from './directory.repository.ts'
/** Unit kinds and kinds of work, with their labels. */
export { UNIT_TYPES, WORK_KINDS, type UnitType, type WorkKind, type UnitInput } from './directory.rules.ts'
/** Pages, mounted at /directory. */
export { directoryPages } from './directory.pages.ts'
/** JSON API, mounted at /api/v1/units. */
export { directoryApi } from './directory.api.ts'

export const navigation: NavigationItem[] = [
  { text: 'Unit directory', href: '/directory', permission: 'directory.view', order: 80 },
]
