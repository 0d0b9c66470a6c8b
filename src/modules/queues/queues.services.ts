import type { QueueActions } from './queues.actions.ts'
import type { QueueAllocation } from './queues.allocation.ts'
import type { QueueDashboard } from './queues.dashboard.ts'
import type { QueuesService } from './queues.service.ts'

/** The IMU queues' services, by the names the composition root gives them; pages and the API take all four. */
export interface QueuesServices {
  queues: QueuesService
  queueActions: QueueActions
  queueAllocation: QueueAllocation
  queueDashboard: QueueDashboard
}
