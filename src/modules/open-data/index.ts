/**
 * police.uk open data both ways (DOMAIN.md §7.3, rule 25): the force's monthly street and outcomes files exactly
 * as police.uk publishes them, and published files of any force imported for summaries and a comparison page.
 */
import type { NavigationItem } from '../../platform/views/navigation.ts'

export {
  OpenDataService,
  monthsUpTo,
  type ComparisonData,
  type ImportResult,
  type MonthExport,
  type OpenDataSources,
} from './open-data.service.ts'
export { OpenDataRepository } from './open-data.repository.ts'
export { DEMO_MAP_POINTS_FILE, BUNDLED_CRIME_TYPE_MAP } from './open-data.reference.ts'
export { parsePoliceUkFile, describeProblem, UnreadableFile, type RowProblem } from './open-data.format.ts'
export * as policeUk from './open-data.rules.ts'
export { openDataPages } from './open-data.pages.ts'
export { openDataApi } from './open-data.api.ts'

export const navigation: NavigationItem[] = [
  { text: 'police.uk comparison', href: '/open-data', permission: 'open-data.view', order: 70 },
]
