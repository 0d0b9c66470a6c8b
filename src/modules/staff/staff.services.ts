import type { StaffAbsences } from './staff.absences.ts'
import type { StaffCover } from './staff.cover.ts'
import type { StaffReferenceData } from './staff.reference-data.ts'
import type { StaffService } from './staff.service.ts'
import type { StaffTraining } from './staff.training.ts'

/** The staff records' services, by the names the composition root gives them; pages and the API take all five. */
export interface StaffServices {
  staff: StaffService
  staffReferenceData: StaffReferenceData
  staffAbsences: StaffAbsences
  staffTraining: StaffTraining
  staffCover: StaffCover
}
