/**
 * The IMU's work queues (issue 4; DOMAIN.md §9 rule 14): every queue with its count, ages and deadline, queue
 * pages with filters, bulk actions and CSV export, allocation with workload and capacity, the filing workflow,
 * daily snapshots and the supervisor's dashboard.
 */
import type { NavigationItem } from '../../platform/views/navigation.ts'

/** The queues services (reading queues, acting on items, allocation, dashboard), and the ports they are built from. */
export {
  QueuesService,
  type CrimesPort,
  type StaffCapacityReader,
  type UnitStaffReader,
  type SnapshotResult,
} from './queues.service.ts'
export { QueueActions } from './queues.actions.ts'
export { QueueAllocation } from './queues.allocation.ts'
export { QueueDashboard } from './queues.dashboard.ts'
export type { QueuesServices } from './queues.services.ts'
/** The queues module's own tables (snapshots, recording days, threshold). */
export { QueuesRepository } from './queues.repository.ts'
/** Pages (mounted at the root: /queues…, /dashboard) and the JSON API (mounted at /api/v1). */
export { queuesPages } from './queues.pages.ts'
export { queuesApi } from './queues.api.ts'
/** The queue definitions, for other modules' labels and the generator. */
export { QUEUES, QUEUE_KEYS, DEFAULT_AWAITING_FILING_THRESHOLD, type QueueKey } from './queues.rules.ts'

export const navigation: NavigationItem[] = [
  { text: 'Work queues', href: '/queues', permission: 'queues.view', order: 30 },
  { text: 'IMU dashboard', href: '/dashboard', permission: 'dashboard.view', order: 35 },
]
