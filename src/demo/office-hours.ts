/**
 * The demo IMU's office hours: 08:00 to 18:00 UK time, Monday to Friday, never on an England-and-Wales bank
 * holiday (the calendar the forecast counts staffed days on). The classification check and allocation happen
 * only then, so a day's evening and night reports wait for the next working morning and the unit ends most days
 * with little but those waiting, as a real unit does. Kept here in milliseconds for the crimes step's
 * lifecycle; the bulk generator (generator.ts) applies the same rule in SQL.
 */
import { addDays, startOfUkDay, ukDate } from '../platform/dates.ts'
import { isWorkingDay } from '../platform/calendar/working-days.ts'

const HOUR_MS = 3_600_000
export const OFFICE_OPENS_HOUR = 8
export const OFFICE_CLOSES_HOUR = 18
/** Work waiting when the office opens is picked up over its first hours, not all at once at 08:00. */
export const PICK_UP_HOURS = 3

/**
 * When work that reached the unit at `at` is done: if it came in office hours, `waitHours` of office time later
 * (carried to the next working day if it runs past 18:00); if not, `pickUpHours` into the next working morning.
 */
export function officeHoursAfter(at: Date, waitHours: number, pickUpHours: number): Date {
  let day = ukDate(at)
  let midnight = startOfUkDay(day).getTime()
  const opens = () => midnight + OFFICE_OPENS_HOUR * HOUR_MS
  const closes = () => midnight + OFFICE_CLOSES_HOUR * HOUR_MS
  const inHours = isWorkingDay(day) && at.getTime() >= opens() && at.getTime() < closes()
  let left = (inHours ? waitHours : pickUpHours) * HOUR_MS
  let from = at.getTime()
  for (;;) {
    if (isWorkingDay(day) && from < closes()) {
      const start = Math.max(from, opens())
      if (start + left <= closes()) {
        return new Date(start + left)
      }
      left -= closes() - start
    }
    day = addDays(day, 1)
    midnight = startOfUkDay(day).getTime()
    from = midnight
  }
}
