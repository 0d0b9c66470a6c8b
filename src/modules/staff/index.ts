/**
 * Staff, skills, absence and training (issue 5): who works in which unit, who can backfill whom, who is away,
 * who is trained, and who was never released to be. Feeds the capacity forecast (`availability`), the queues'
 * allocation view (`capacityFor`) and the risk register's live indicators (`skillsWithFewerThanTwoAvailable`,
 * `longTermAbsences`, `controlRoomTrainingCompliance`).
 */
import type { NavigationItem } from '../../platform/views/navigation.ts'

/** The staff services (members, reference data, absences, training, cover) and the shapes they return. */
export {
  StaffService,
  type StaffMember,
  type Absence,
  type DailyAvailability,
  type LongTermAbsence,
  type ThinSkill,
  type NotTrained,
  type TrainingCompliance,
} from './staff.service.ts'
/** What the staff services are built from (one per force database, made by the composition root). */
export { StaffContext } from './staff.shared.ts'
export { StaffReferenceData } from './staff.reference-data.ts'
export { StaffAbsences } from './staff.absences.ts'
export { StaffTraining } from './staff.training.ts'
export { StaffCover } from './staff.cover.ts'
export type { StaffServices } from './staff.services.ts'
/** The staff tables' queries. */
export { StaffRepository } from './staff.repository.ts'
/** Pages, mounted at /staff. */
export { staffPages } from './staff.pages.ts'
/** JSON API, mounted at /api/v1/staff. */
export { staffApi } from './staff.api.ts'
/** Reference lists and the long-term threshold, for other modules' labels. */
export {
  ABSENCE_TYPES,
  SKILL_LEVELS,
  LONG_TERM_DAYS,
  BACKFILL_LEVEL,
  MINIMUM_COVER,
  CANCELLATION_REASONS,
  type AbsenceType,
  type CalendarDay,
} from './staff.rules.ts'

export const navigation: NavigationItem[] = [{ text: 'Staff', href: '/staff', permission: 'staff.view', order: 70 }]
