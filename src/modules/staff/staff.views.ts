/**
 * The staff pages' view models: what each template shows, shaped from what the staff services return. The
 * templates only lay things out; the routes (staff.pages.ts) only fetch, check and redirect.
 */
import { asList, linkDateInputs, submitForm } from '../../platform/http/forms.ts'
import { formatDate } from '../../platform/views/format.ts'
import { dateInput, datePartsOf, selectItems, type DateParts } from '../../platform/views/govuk.ts'
import {
  ABSENCE_TYPES,
  CANCELLATION_REASONS,
  joinDateParts,
  SKILL_LEVELS,
  splitDate,
  WEEKDAYS,
  type CalendarDay,
} from './staff.rules.ts'
import type {
  AbsenceForm,
  BookingForm,
  CancelBookingForm,
  PeriodQuery,
  StaffForm,
  TrainingForm,
} from './staff.schemas.ts'
import type { StaffService } from './staff.service.ts'
import type { StaffCover } from './staff.cover.ts'
import type { StaffTraining } from './staff.training.ts'
import type { StaffAbsences } from './staff.absences.ts'

// ---------------------------------------------------------------------------------------------------------------
// View-model helpers: the templates only lay things out.

type Section = 'staff' | 'skills' | 'absences' | 'training' | 'not-released'

/** The staff area's sub-navigation. */
export function staffNavigation(current: Section) {
  const items: Array<{ section: Section; text: string; href: string }> = [
    { section: 'staff', text: 'Staff', href: '/staff' },
    { section: 'skills', text: 'Skills and backfill', href: '/staff/skills' },
    { section: 'absences', text: 'Absences', href: '/staff/absences' },
    { section: 'training', text: 'Training', href: '/staff/training' },
    { section: 'not-released', text: 'Not released for training', href: '/staff/training/not-released' },
  ]
  return items.map((item) => ({ text: item.text, href: item.href, active: item.section === current }))
}

type Parts = DateParts

export function dayOf(body: Record<string, unknown>, name: string): string {
  const parts = datePartsOf(body, name)
  return joinDateParts(parts.day, parts.month, parts.year)
}

type FieldErrorMap = Record<string, { text: string }>

/** Every date the staff pages ask for, each a GOV.UK date input of three boxes (see dateInput). */
export const DATE_FIELDS = [
  'startedOn',
  'leftOn',
  'startsOn',
  'expectedEndOn',
  'endedOn',
  'completedOn',
  'courseOn',
  'from',
  'to',
]

/** submitForm, with each date's error linked to its day box: the wrapper is nowhere a keyboard can land. */
export async function submitStaffForm<T>(action: () => Promise<T>) {
  const result = await submitForm(action)
  return result.ok ? result : { ...result, ...linkDateInputs(result, DATE_FIELDS) }
}

export function levelText(level: number): string {
  return SKILL_LEVELS[level as 1 | 2 | 3]?.label ?? String(level)
}

export function absenceTag(absence: { absenceType: keyof typeof ABSENCE_TYPES; longTerm: boolean } | undefined) {
  if (!absence) {
    return undefined
  }
  return absence.longTerm
    ? { text: `Long-term absence: ${ABSENCE_TYPES[absence.absenceType].toLowerCase()}`, classes: 'govuk-tag--red' }
    : { text: `Away: ${ABSENCE_TYPES[absence.absenceType].toLowerCase()}`, classes: 'govuk-tag--orange' }
}

export function workingDaysText(days: readonly number[]): string {
  const key = days.join(',')
  if (key === '1,2,3,4,5') {
    return 'Monday to Friday'
  }
  if (key === '1,2,3,4,5,6,7') {
    return 'Every day'
  }
  return days.map((day) => WEEKDAYS[day as keyof typeof WEEKDAYS]).join(', ')
}

export function unitItems(units: ReadonlyArray<{ unitId: string; name: string }>, selected: string, blank: string) {
  return selectItems(
    units.map((unit) => ({ value: unit.unitId, text: unit.name })),
    selected,
    blank,
  )
}

export function radios<T extends string>(entries: ReadonlyArray<[T, string]>, checked: string | undefined) {
  return entries.map(([value, text]) => ({ value, text, checked: value === checked }))
}

/** A period filter's days, defaulting when blank; the form shows what was typed. */
export function periodOf(query: PeriodQuery, defaults: { from: CalendarDay; to: CalendarDay }) {
  const from = dayOf(query, 'from') || defaults.from
  const to = dayOf(query, 'to') || defaults.to
  const shown = (name: 'from' | 'to', fallback: CalendarDay): Parts =>
    dayOf(query, name) === '' ? splitDate(fallback) : datePartsOf(query, name)
  return { from, to, fromParts: shown('from', defaults.from), toParts: shown('to', defaults.to) }
}

// ---------------------------------------------------------------------------------------------------------------
// Forms

export interface StaffFormValues {
  name: string
  jobTitle: string
  unitId: string
  userId: string
  contractedHours: string
  workingDays: string[]
  startedOn: Parts
  leftOn: Parts
  version?: string | undefined
}

export function staffFormView(
  values: StaffFormValues,
  options: Awaited<ReturnType<StaffService['formOptions']>>,
  fieldErrors: FieldErrorMap = {},
) {
  return {
    values,
    unitItems: unitItems(
      // A closed unit stays choosable only for someone already in it.
      options.units
        .filter((unit) => unit.active || unit.unitId === values.unitId)
        .map((unit) => ({ ...unit, name: unit.active ? unit.name : `${unit.name} (closed)` })),
      values.unitId,
      'Choose a unit',
    ),
    userItems: selectItems(
      options.users.map((user) => ({ value: user.userId, text: `${user.displayName} (${user.username})` })),
      values.userId,
      'No Tally account',
    ),
    workingDayItems: Object.entries(WEEKDAYS).map(([value, text]) => ({
      value,
      text,
      checked: values.workingDays.includes(value),
    })),
    startedOnInput: dateInput({
      id: 'startedOn',
      legend: 'Date they started in the unit',
      hint: 'For example, 6 1 2020',
      parts: values.startedOn,
      error: fieldErrors.startedOn,
    }),
    leftOnInput: dateInput({
      id: 'leftOn',
      legend: 'Last day in post (if they have left)',
      parts: values.leftOn,
      error: fieldErrors.leftOn,
    }),
  }
}

export function staffFormValues(body: StaffForm): StaffFormValues {
  return {
    name: body.name ?? '',
    jobTitle: body.jobTitle ?? '',
    unitId: body.unitId ?? '',
    userId: body.userId ?? '',
    contractedHours: body.contractedHours ?? '',
    workingDays: asList(body.workingDays),
    startedOn: datePartsOf(body, 'startedOn'),
    leftOn: datePartsOf(body, 'leftOn'),
    version: body.version,
  }
}

export function staffInput(body: StaffForm) {
  return {
    name: body.name ?? '',
    jobTitle: body.jobTitle ?? '',
    unitId: body.unitId ?? '',
    userId: body.userId ?? '',
    contractedHours: body.contractedHours ?? '',
    workingDays: asList(body.workingDays),
    startedOn: dayOf(body, 'startedOn'),
    leftOn: dayOf(body, 'leftOn'),
  }
}

/** A hidden version field that is missing or tampered with matches no row, so the service reports a conflict. */
export function versionOf(value: string | undefined): number {
  return Number.parseInt(value ?? '', 10) || 0
}

export function absenceFormView(values: AbsenceForm, fieldErrors: FieldErrorMap = {}) {
  return {
    values,
    absenceTypeItems: radios(Object.entries(ABSENCE_TYPES) as Array<[string, string]>, values.absenceType),
    plannedItems: radios(
      [
        ['yes', 'Planned (booked in advance)'],
        ['no', 'Unplanned'],
      ],
      values.planned,
    ),
    startsOnInput: dateInput({
      id: 'startsOn',
      legend: 'First day of the absence',
      hint: 'For example, 27 3 2026',
      parts: datePartsOf(values, 'startsOn'),
      error: fieldErrors.startsOn,
    }),
    expectedEndOnInput: dateInput({
      id: 'expectedEndOn',
      legend: 'Expected last day (leave blank if not known)',
      hint: 'Absence of 28 days or more is long-term.',
      parts: datePartsOf(values, 'expectedEndOn'),
      error: fieldErrors.expectedEndOn,
    }),
  }
}

export function courseItems(
  courses: ReadonlyArray<{ courseCode: string; title: string }>,
  selected: string | undefined,
) {
  return selectItems(
    courses.map((course) => ({ value: course.courseCode, text: course.title })),
    selected,
    'Choose a course',
  )
}

// ---------------------------------------------------------------------------------------------------------------
// Page view models

export function skillsView(matrix: Awaited<ReturnType<StaffCover['skillsMatrix']>>, unitId: string | undefined) {
  const labels = new Map(matrix.skills.map((skill) => [skill.skillCode, skill.label]))
  const label = (code: string) => labels.get(code) ?? code
  return {
    navigation: staffNavigation('skills'),
    date: matrix.date,
    unitItems: unitItems(matrix.units, unitId ?? '', 'All units'),
    unitName: matrix.units.find((unit) => unit.unitId === unitId)?.name,
    skills: matrix.skills,
    // Grouped by unit, so a unit's cover reads down one block of the table.
    rows: matrix.people
      .filter((person) => person.inPost)
      .sort((a, b) => a.unitName.localeCompare(b.unitName) || a.name.localeCompare(b.name))
      .map((person) => ({
        href: `/staff/${person.staffId}`,
        name: person.name,
        unitName: person.unitName,
        tag: person.available
          ? undefined
          : (absenceTag(person.absence) ?? { text: 'Away', classes: 'govuk-tag--orange' }),
        cells: matrix.skills.map((skill) => {
          const level = person.levels[skill.skillCode]
          return level === undefined
            ? { text: '', empty: true }
            : { text: levelText(level), level, strong: level >= matrix.backfillLevel && person.available }
        }),
      })),
    cover: matrix.cover.map((entry) => ({
      label: label(entry.skill),
      available: entry.available.length,
      thin: entry.thin,
      names: entry.available.map((holder) => holder.name).join(', '),
      away: entry.unavailable.map((holder) => holder.name).join(', '),
    })),
    thin: matrix.cover
      .filter((entry) => entry.thin)
      .map((entry) => ({
        label: label(entry.skill),
        available: entry.available.length,
        names: entry.available.map((holder) => holder.name),
        away: entry.unavailable.map((holder) => holder.name),
      })),
    backfill: matrix.backfill.map((person) => ({
      href: `/staff/${person.staffId}`,
      name: person.name,
      skills: person.skills.map((held) => ({
        label: label(held.skill),
        level: levelText(held.level),
        cover: held.cover.map((holder) => `${holder.name} (${levelText(holder.level).toLowerCase()})`),
      })),
    })),
    levels: Object.entries(SKILL_LEVELS).map(([level, entry]) => ({ level, ...entry })),
  }
}

export function trainingView(overview: Awaited<ReturnType<StaffTraining['trainingOverview']>>) {
  const { controlRoom } = overview
  return {
    navigation: staffNavigation('training'),
    controlRoom,
    requiredTitles: controlRoom.requiredCourses.map((course) => course.title).join(' and '),
    overdue: controlRoom.overdue.map((person) => ({
      ...person,
      href: `/staff/${person.staffId}`,
      statusText: person.status === 'never_trained' ? 'Never trained' : `Expired on ${formatDate(person.expiredOn)}`,
      bookingText: person.nextBookingOn ? `Booked for ${formatDate(person.nextBookingOn)}` : 'Not booked',
    })),
    expiring: overview.expiring.map((record) => ({ ...record, href: `/staff/${record.staffId}` })),
    courses: overview.courses.map((course) => ({
      ...course,
      validityText: course.validityMonths === null ? 'Never expires' : `${course.validityMonths} months`,
    })),
  }
}

type Profile = Awaited<ReturnType<StaffService['staffProfile']>>

export function profileView(profile: Profile) {
  const { member } = profile
  const labels = new Map(profile.skills.map((skill) => [skill.skillCode, skill.label]))
  const backfill = new Map(profile.backfill.map((entry) => [entry.skill, entry.cover]))
  const current = profile.absences.find((absence) => absence.current)
  return {
    member,
    base: `/staff/${member.staffId}`,
    unit: profile.unit,
    statusTag: !profile.available
      ? (absenceTag(current) ?? { text: 'Not in post', classes: 'govuk-tag--grey' })
      : { text: 'Available', classes: 'govuk-tag--green' },
    details: [
      { key: { text: 'Role' }, value: { text: member.jobTitle } },
      { key: { text: 'Unit' }, value: { text: profile.unit?.name ?? '' } },
      {
        key: { text: 'Contracted hours' },
        value: { text: `${member.contractedHours} a week, ${workingDaysText(member.workingDays)}` },
      },
      {
        key: { text: 'Hours today' },
        value: { text: `${profile.availableHoursToday} of ${profile.contractedHoursToday}` },
      },
      { key: { text: 'Started' }, value: { text: formatDate(member.startedOn) } },
      ...(member.leftOn ? [{ key: { text: 'Last day' }, value: { text: formatDate(member.leftOn) } }] : []),
      { key: { text: 'Tally account' }, value: { text: member.userId ? 'Linked' : 'None' } },
    ],
    skills: member.skills.map((held) => {
      const cover = backfill.get(held.skill)
      return {
        skill: held.skill,
        label: labels.get(held.skill) ?? held.skill,
        level: levelText(held.level),
        cover:
          cover === undefined
            ? 'Still learning: not counted as cover'
            : cover.length === 0
              ? undefined
              : cover.map((holder) => `${holder.name} (${levelText(holder.level).toLowerCase()})`).join(', '),
        nobody: cover !== undefined && cover.length === 0,
      }
    }),
    absences: profile.absences.map((absence) => ({
      ...absence,
      typeText: ABSENCE_TYPES[absence.absenceType],
      plannedText: absence.planned ? 'Planned' : 'Unplanned',
      endText: absence.endedOn
        ? `${formatDate(absence.endedOn)} (ended)`
        : absence.expectedEndOn
          ? `${formatDate(absence.expectedEndOn)} (expected)`
          : 'Not known',
      hoursText: absence.hoursPerDay === null ? 'Whole days' : `${absence.hoursPerDay} hours a day`,
      canEnd: absence.endedOn === null,
    })),
    training: profile.training,
    bookings: profile.bookings.map((booking) => ({
      ...booking,
      statusTag:
        booking.status === 'booked'
          ? { text: 'Booked', classes: 'govuk-tag--blue' }
          : booking.status === 'attended'
            ? { text: 'Attended', classes: 'govuk-tag--green' }
            : booking.cancellationReason === 'not_released'
              ? { text: 'Not released', classes: 'govuk-tag--red' }
              : { text: 'Cancelled', classes: 'govuk-tag--grey' },
      reasonText: booking.cancellationReason ? CANCELLATION_REASONS[booking.cancellationReason] : undefined,
      canAttend: booking.status === 'booked' && booking.courseOn <= profile.today,
      canCancel: booking.status === 'booked',
    })),
  }
}

type FormContext = Awaited<ReturnType<StaffService['formContext']>>

export function skillFormView(
  context: FormContext,
  values: { skill?: string | undefined; level?: string | undefined },
) {
  const held = values.skill ? context.member.skills.find((entry) => entry.skill === values.skill) : undefined
  return {
    member: context.member,
    values,
    skillItems: selectItems(
      context.skills.map((skill) => {
        const current = context.member.skills.find((entry) => entry.skill === skill.skillCode)
        return {
          value: skill.skillCode,
          text: current ? `${skill.label} (now ${levelText(current.level).toLowerCase()})` : skill.label,
        }
      }),
      values.skill,
      'Choose a skill',
    ),
    levelItems: Object.entries(SKILL_LEVELS).map(([level, entry]) => ({
      value: level,
      text: `${level} – ${entry.label}`,
      hint: { text: entry.description },
      checked: values.level === level || (values.level === undefined && held?.level === Number(level)),
    })),
  }
}

export function trainingFormView(context: FormContext, values: TrainingForm, fieldErrors: FieldErrorMap = {}) {
  return {
    member: context.member,
    courseItems: courseItems(context.courses, values.course),
    completedOnInput: dateInput({
      id: 'completedOn',
      legend: 'Date completed',
      hint: 'For example, 27 3 2026',
      parts: datePartsOf(values, 'completedOn'),
      error: fieldErrors.completedOn,
    }),
  }
}

export function bookingFormView(context: FormContext, values: BookingForm, fieldErrors: FieldErrorMap = {}) {
  return {
    member: context.member,
    courseItems: courseItems(context.courses, values.course),
    courseOnInput: dateInput({
      id: 'courseOn',
      legend: 'Date of the course',
      hint: 'For example, 14 1 2027',
      parts: datePartsOf(values, 'courseOn'),
      error: fieldErrors.courseOn,
    }),
  }
}

/** Ending an absence: the absence, and its last day (the expected end, or what was typed). */
export function endAbsenceView(
  { member, absence }: Awaited<ReturnType<StaffAbsences['getAbsence']>>,
  version: number | string | undefined,
  endedOn: DateParts,
  error?: { text: string },
) {
  return {
    member,
    absence: { ...absence, typeText: ABSENCE_TYPES[absence.absenceType] },
    version,
    endedOnInput: dateInput({
      id: 'endedOn',
      legend: 'Last day of the absence',
      legendClasses: 'govuk-fieldset__legend--m',
      hint: 'The last day they were away, not the day they came back.',
      parts: endedOn,
      error,
    }),
  }
}

export function cancelView(
  booking: Awaited<ReturnType<StaffTraining['getBooking']>>,
  values: Partial<CancelBookingForm>,
) {
  return {
    member: booking.member,
    booking: booking.booking,
    courseTitle: booking.courseTitle,
    values,
    reasonItems: radios(Object.entries(CANCELLATION_REASONS) as Array<[string, string]>, values.reason),
  }
}
