/**
 * Crime-data integrity (DOMAIN.md rules 4 and 24, §4.2): the IMU's non-crime audit queue, the uncrimed-incident
 * detector and its review queue, self-audits the inspectorate's way, and the inspection-ready report.
 */
export { IntegrityService, VERDICTS, type Verdict } from './integrity.service.ts'
export { IntegrityRepository } from './integrity.repository.ts'
export { AuditsService, type AuditView } from './integrity.audits.ts'
export { AuditsRepository } from './integrity.audits.repository.ts'
export { IntegrityReportService, reportCsv } from './integrity.report.ts'
export { Detector, train, features, type Assessment, type ModelWeights } from './integrity.detector.ts'
export { INDICATORS, OFFENCE_GROUPS, type OffenceGroup } from './integrity.lexicon.ts'
export { integrityPages } from './integrity.pages.ts'
export { integrityApi } from './integrity.api.ts'
export { scanAllForces } from './integrity.timer.ts'

import type { NavigationItem } from '../../platform/views/navigation.ts'
export const navigation: NavigationItem[] = [
  { text: 'Integrity', href: '/integrity', permission: 'integrity.view', order: 85 },
]
