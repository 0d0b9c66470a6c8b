/**
 * Third-party reports: partner organisations and who reports for each, reports from partners (question pages
 * and an idempotent API for their own systems) that each become an incident from the partner channel, the IMU's
 * triage of them, and the outcome each partner may know of its own reports (and of nobody else's).
 */
import type { NavigationItem } from '../../platform/views/navigation.ts'

export { PartnersService, type LinkedRecords, type PartnerReport, type PartnerReportView } from './partners.service.ts'
export { PartnersRepository } from './partners.repository.ts'
export { PartnerReportDrafts } from './partners.drafts.ts'
export {
  PARTNER_KINDS,
  REPORT_KINDS,
  STATUS_LABELS as PARTNER_REPORT_STATUS_LABELS,
  partnerOutcome,
  type PartnerReportInput,
} from './partners.rules.ts'
/** Pages (mounted at the root: /admin/partners, /partner-reports…) and the JSON API (mounted at /api/v1). */
export { partnersPages } from './partners.pages.ts'
export { partnersApi } from './partners.api.ts'

export const navigation: NavigationItem[] = [
  { text: 'Your reports', href: '/partner-reports', permission: 'partner-reports.submit', order: 5 },
  { text: 'Partner reports', href: '/partner-reports/triage', permission: 'partner-reports.triage', order: 27 },
  { text: 'Partner organisations', href: '/admin/partners', permission: 'partners.manage', order: 97 },
]
