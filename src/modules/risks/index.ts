/**
 * The crime-data-integrity risk register: risks with owners, scores, mitigations and reviews, linked to live
 * indicators that raise and escalate risks by themselves.
 */
export * from './risks.rules.ts'
export * from './risks.indicators.ts'
export {
  RisksService,
  type RiskView,
  type WatchView,
  type CheckResult,
  type LastCheck,
  type RiskInput,
} from './risks.service.ts'
export { RisksRepository } from './risks.repository.ts'
export { checkAllForces } from './risks.timer.ts'
export { risksPages } from './risks.pages.ts'
export { risksApi } from './risks.api.ts'

import type { NavigationItem } from '../../platform/views/navigation.ts'
export const navigation: NavigationItem[] = [{ text: 'Risks', href: '/risks', permission: 'risks.view', order: 80 }]
