import { addDays } from '../../platform/dates.ts'
import { asList, linkDateInputs, submitForm } from '../../platform/http/forms.ts'
import { routes } from '../../platform/http/routes.ts'
import { formatDate } from '../../platform/views/format.ts'
import {
  ABSENCE_TYPES,
  CANCELLATION_REASONS,
  joinDateParts,
  SKILL_LEVELS,
  splitDate,
  WEEKDAYS,
  type CalendarDay,
} from './staff.rules.ts'
import {
  AbsenceForm,
  AbsenceParams,
  BookingForm,
  BookingParams,
  CancelBookingForm,
  EndAbsenceForm,
  NewCourseForm,
  NewSkillForm,
  PeriodQuery,
  SkillForm,
  SkillParams,
  StaffForm,
  StaffParams,
  TrainingForm,
  UnitFilterQuery,
  VersionForm,
} from './staff.schemas.ts'
import type { StaffService } from './staff.service.ts'
import type { StaffServices } from './staff.services.ts'
import type { StaffCover } from './staff.cover.ts'
import type { StaffTraining } from './staff.training.ts'

// ---------------------------------------------------------------------------------------------------------------
// View-model helpers: the templates only lay things out.

type Section = 'staff' | 'skills' | 'absences' | 'training' | 'not-released'

/** The staff area's sub-navigation. */
function staffNavigation(current: Section) {
  const items: Array<{ section: Section; text: string; href: string }> = [
    { section: 'staff', text: 'Staff', href: '/staff' },
    { section: 'skills', text: 'Skills and backfill', href: '/staff/skills' },
    { section: 'absences', text: 'Absences', href: '/staff/absences' },
    { section: 'training', text: 'Training', href: '/staff/training' },
    { section: 'not-released', text: 'Not released for training', href: '/staff/training/not-released' },
  ]
  return items.map((item) => ({ text: item.text, href: item.href, active: item.section === current }))
}

type Parts = { day: string; month: string; year: string }

function partsOf(body: Record<string, unknown>, name: string): Parts {
  const part = (suffix: string) => {
    const value = body[`${name}-${suffix}`]
    return typeof value === 'string' ? value : ''
  }
  return { day: part('day'), month: part('month'), year: part('year') }
}

function dayOf(body: Record<string, unknown>, name: string): string {
  const parts = partsOf(body, name)
  return joinDateParts(parts.day, parts.month, parts.year)
}

/** A GOV.UK date input's parameters, showing what was typed (or stored) and any error. */
function dateInput(options: {
  id: string
  legend: string
  hint?: string
  parts: Parts
  error?: { text: string } | undefined
  legendClasses?: string
}) {
  const errorClass = options.error ? ' govuk-input--error' : ''
  return {
    id: options.id,
    namePrefix: options.id,
    fieldset: { legend: { text: options.legend, classes: options.legendClasses ?? 'govuk-fieldset__legend--s' } },
    ...(options.hint ? { hint: { text: options.hint } } : {}),
    ...(options.error ? { errorMessage: options.error } : {}),
    items: [
      { name: 'day', label: 'Day', classes: `govuk-input--width-2${errorClass}`, value: options.parts.day },
      { name: 'month', label: 'Month', classes: `govuk-input--width-2${errorClass}`, value: options.parts.month },
      { name: 'year', label: 'Year', classes: `govuk-input--width-4${errorClass}`, value: options.parts.year },
    ],
  }
}

type FieldErrorMap = Record<string, { text: string }>

/** Every date the staff pages ask for, each a GOV.UK date input of three boxes (see dateInput). */
const DATE_FIELDS = [
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
async function submitStaffForm<T>(action: () => Promise<T>) {
  const result = await submitForm(action)
  return result.ok ? result : { ...result, ...linkDateInputs(result, DATE_FIELDS) }
}

function levelText(level: number): string {
  return SKILL_LEVELS[level as 1 | 2 | 3]?.label ?? String(level)
}

function absenceTag(absence: { absenceType: keyof typeof ABSENCE_TYPES; longTerm: boolean } | undefined) {
  if (!absence) {
    return undefined
  }
  return absence.longTerm
    ? { text: `Long-term absence: ${ABSENCE_TYPES[absence.absenceType].toLowerCase()}`, classes: 'govuk-tag--red' }
    : { text: `Away: ${ABSENCE_TYPES[absence.absenceType].toLowerCase()}`, classes: 'govuk-tag--orange' }
}

function workingDaysText(days: readonly number[]): string {
  const key = days.join(',')
  if (key === '1,2,3,4,5') {
    return 'Monday to Friday'
  }
  if (key === '1,2,3,4,5,6,7') {
    return 'Every day'
  }
  return days.map((day) => WEEKDAYS[day as keyof typeof WEEKDAYS]).join(', ')
}

function unitItems(units: ReadonlyArray<{ unitId: string; name: string }>, selected: string, blank: string) {
  return [
    { value: '', text: blank },
    ...units.map((unit) => ({ value: unit.unitId, text: unit.name, selected: unit.unitId === selected })),
  ]
}

function radios<T extends string>(entries: ReadonlyArray<[T, string]>, checked: string | undefined) {
  return entries.map(([value, text]) => ({ value, text, checked: value === checked }))
}

/** A period filter's days, defaulting when blank; the form shows what was typed. */
function periodOf(query: PeriodQuery, defaults: { from: CalendarDay; to: CalendarDay }) {
  const from = dayOf(query, 'from') || defaults.from
  const to = dayOf(query, 'to') || defaults.to
  const shown = (name: 'from' | 'to', fallback: CalendarDay): Parts =>
    dayOf(query, name) === '' ? splitDate(fallback) : partsOf(query, name)
  return { from, to, fromParts: shown('from', defaults.from), toParts: shown('to', defaults.to) }
}

// ---------------------------------------------------------------------------------------------------------------
// Forms

interface StaffFormValues {
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

function staffFormView(
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
    userItems: [
      { value: '', text: 'No Tally account' },
      ...options.users.map((user) => ({
        value: user.userId,
        text: `${user.displayName} (${user.username})`,
        selected: user.userId === values.userId,
      })),
    ],
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

function staffFormValues(body: StaffForm): StaffFormValues {
  return {
    name: body.name ?? '',
    jobTitle: body.jobTitle ?? '',
    unitId: body.unitId ?? '',
    userId: body.userId ?? '',
    contractedHours: body.contractedHours ?? '',
    workingDays: asList(body.workingDays),
    startedOn: partsOf(body, 'startedOn'),
    leftOn: partsOf(body, 'leftOn'),
    version: body.version,
  }
}

function staffInput(body: StaffForm) {
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
function versionOf(value: string | undefined): number {
  return Number.parseInt(value ?? '', 10) || 0
}

function absenceFormView(values: AbsenceForm, fieldErrors: FieldErrorMap = {}) {
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
      parts: partsOf(values, 'startsOn'),
      error: fieldErrors.startsOn,
    }),
    expectedEndOnInput: dateInput({
      id: 'expectedEndOn',
      legend: 'Expected last day (leave blank if not known)',
      hint: 'Absence of 28 days or more is long-term.',
      parts: partsOf(values, 'expectedEndOn'),
      error: fieldErrors.expectedEndOn,
    }),
  }
}

function courseItems(courses: ReadonlyArray<{ courseCode: string; title: string }>, selected: string | undefined) {
  return [
    { value: '', text: 'Choose a course' },
    ...courses.map((course) => ({
      value: course.courseCode,
      text: course.title,
      selected: course.courseCode === selected,
    })),
  ]
}

/**
 * Staff, skills, absence and training for IMU supervisors, the Force Crime Registrar and inspectors
 * (staff.view); changes need staff.manage. Mounted at /staff.
 */
export function staffPages(services: StaffServices) {
  const { staff, staffReferenceData, staffAbsences, staffTraining, staffCover } = services
  return routes((app) => {
    // ---------------------------------------------------------------------------------------------------------
    // Lists and reports

    app.get(
      '/',
      { config: { permission: 'staff.view' }, schema: { querystring: UnitFilterQuery } },
      async (request, reply) => {
        const unitId = request.query.unit || undefined
        const page = await staff.staffPage(request.actor, { unitId })
        const skillLabels = new Map(page.skills.map((skill) => [skill.skillCode, skill.label]))
        return reply.render('staff/views/list.njk', {
          navigation: staffNavigation('staff'),
          date: page.date,
          unitItems: unitItems(page.units, unitId ?? '', 'All units'),
          unitName: page.units.find((unit) => unit.unitId === unitId)?.name,
          rows: page.staff.map((person) => ({
            href: `/staff/${person.staffId}`,
            name: person.name,
            jobTitle: person.jobTitle,
            unitName: person.unitName,
            hours: `${person.contractedHours} hours, ${workingDaysText(person.workingDays)}`,
            today: !person.inPost
              ? { text: person.startedOn > page.date ? 'Not started yet' : 'Left', classes: 'govuk-tag--grey' }
              : (absenceTag(person.absence) ??
                (person.contractedHoursToday === 0
                  ? { text: 'Not working today', classes: 'govuk-tag--grey' }
                  : { text: 'Available', classes: 'govuk-tag--green' })),
            skills: person.skills.map(
              (held) => `${skillLabels.get(held.skill) ?? held.skill} (${levelText(held.level).toLowerCase()})`,
            ),
          })),
        })
      },
    )

    app.get(
      '/skills',
      { config: { permission: 'staff.view' }, schema: { querystring: UnitFilterQuery } },
      async (request, reply) => {
        const unitId = request.query.unit || undefined
        return reply.render('staff/views/skills.njk', await skillsView(staffCover, request.actor, unitId))
      },
    )

    app.post(
      '/skills',
      { config: { permission: 'staff.manage' }, schema: { body: NewSkillForm } },
      async (request, reply) => {
        const body = request.body
        const result = await submitStaffForm(() =>
          staffReferenceData.addSkill(request.actor, {
            skillCode: body.skillCode ?? '',
            label: body.label ?? '',
            description: body.description,
          }),
        )
        if (!result.ok) {
          return reply.status(400).render('staff/views/skills.njk', {
            ...(await skillsView(staffCover, request.actor, undefined)),
            ...result,
            newSkill: body,
          })
        }
        return reply.flash(`Skill added: ${body.label?.trim()}`).redirect('/staff/skills', 303)
      },
    )

    app.post('/skills/standard', { config: { permission: 'staff.manage' } }, async (request, reply) => {
      const added = await staffReferenceData.addStandardSkills(request.actor)
      return reply.flash(`${added} standard ${added === 1 ? 'skill' : 'skills'} added`).redirect('/staff/skills', 303)
    })

    app.get(
      '/absences',
      { config: { permission: 'staff.view' }, schema: { querystring: PeriodQuery } },
      async (request, reply) => {
        const today = staff.today()
        const period = periodOf(request.query, { from: today, to: addDays(today, 83) })
        const result = await submitStaffForm(() => staffAbsences.listAbsences(request.actor, period))
        const absences = result.ok ? result.value : []
        return reply.status(result.ok ? 200 : 400).render('staff/views/absences.njk', {
          ...(result.ok ? {} : result),
          navigation: staffNavigation('absences'),
          period,
          fromInput: dateInput({
            id: 'from',
            legend: 'From',
            parts: period.fromParts,
            error: result.ok ? undefined : result.fieldErrors.from,
          }),
          toInput: dateInput({
            id: 'to',
            legend: 'To',
            parts: period.toParts,
            error: result.ok ? undefined : result.fieldErrors.to,
          }),
          longTermCount: absences.filter((absence) => absence.longTerm && absence.current).length,
          rows: absences.map((absence) => ({
            ...absence,
            href: `/staff/${absence.staffId}`,
            typeText: ABSENCE_TYPES[absence.absenceType],
            plannedText: absence.planned ? 'Planned' : 'Unplanned',
            endText: absence.endedOn
              ? `${formatDate(absence.endedOn)} (ended)`
              : absence.expectedEndOn
                ? `${formatDate(absence.expectedEndOn)} (expected)`
                : 'Not known',
            daysText: absence.lastDay ? `${absence.days}` : `${absence.days} so far`,
          })),
        })
      },
    )

    app.get('/training', { config: { permission: 'staff.view' } }, async (request, reply) => {
      return reply.render('staff/views/training.njk', await trainingView(staffTraining, request.actor))
    })

    app.post(
      '/training/courses',
      { config: { permission: 'staff.manage' }, schema: { body: NewCourseForm } },
      async (request, reply) => {
        const body = request.body
        const result = await submitStaffForm(() =>
          staffReferenceData.addCourse(request.actor, {
            courseCode: body.courseCode ?? '',
            title: body.title ?? '',
            validityMonths: body.validityMonths,
            requiredForControlRoom: body.requiredForControlRoom === 'yes',
          }),
        )
        if (!result.ok) {
          return reply.status(400).render('staff/views/training.njk', {
            ...(await trainingView(staffTraining, request.actor)),
            ...result,
            newCourse: body,
          })
        }
        return reply.flash(`Course added: ${body.title?.trim()}`).redirect('/staff/training', 303)
      },
    )

    app.post('/training/courses/standard', { config: { permission: 'staff.manage' } }, async (request, reply) => {
      const added = await staffReferenceData.addStandardCourses(request.actor)
      return reply
        .flash(`${added} standard ${added === 1 ? 'course' : 'courses'} added`)
        .redirect('/staff/training', 303)
    })

    app.get(
      '/training/not-released',
      { config: { permission: 'staff.view' }, schema: { querystring: PeriodQuery } },
      async (request, reply) => {
        const today = staff.today()
        const period = periodOf(request.query, { from: addDays(today, -364), to: today })
        const result = await submitStaffForm(() => staffTraining.notReleasedReport(request.actor, period))
        const rows = result.ok ? result.value : []
        return reply.status(result.ok ? 200 : 400).render('staff/views/not-released.njk', {
          ...(result.ok ? {} : result),
          navigation: staffNavigation('not-released'),
          period,
          fromInput: dateInput({
            id: 'from',
            legend: 'Courses from',
            parts: period.fromParts,
            error: result.ok ? undefined : result.fieldErrors.from,
          }),
          toInput: dateInput({
            id: 'to',
            legend: 'To',
            parts: period.toParts,
            error: result.ok ? undefined : result.fieldErrors.to,
          }),
          people: new Set(rows.map((row) => row.staffId)).size,
          rows: rows.map((row) => ({ ...row, href: `/staff/${row.staffId}` })),
        })
      },
    )

    // ---------------------------------------------------------------------------------------------------------
    // Staff members

    app.get('/new', { config: { permission: 'staff.manage' } }, async (request, reply) => {
      const options = await staff.formOptions(request.actor)
      const values: StaffFormValues = {
        name: '',
        jobTitle: '',
        unitId: '',
        userId: '',
        contractedHours: '37',
        workingDays: ['1', '2', '3', '4', '5'],
        startedOn: splitDate(''),
        leftOn: splitDate(''),
      }
      return reply.render('staff/views/staff-form.njk', staffFormView(values, options))
    })

    app.post(
      '/new',
      { config: { permission: 'staff.manage' }, schema: { body: StaffForm } },
      async (request, reply) => {
        const result = await submitStaffForm(() => staff.createStaff(request.actor, staffInput(request.body)))
        if (!result.ok) {
          const options = await staff.formOptions(request.actor)
          return reply.status(400).render('staff/views/staff-form.njk', {
            ...result,
            ...staffFormView(staffFormValues(request.body), options, result.fieldErrors),
          })
        }
        return reply.flash(`${request.body.name?.trim()} added`).redirect(`/staff/${result.value.staffId}`, 303)
      },
    )

    app.get(
      '/:staffId',
      { config: { permission: 'staff.view' }, schema: { params: StaffParams } },
      async (request, reply) => {
        const profile = await staff.staffProfile(request.actor, request.params.staffId)
        return reply.render('staff/views/show.njk', profileView(profile))
      },
    )

    app.get(
      '/:staffId/edit',
      { config: { permission: 'staff.manage' }, schema: { params: StaffParams } },
      async (request, reply) => {
        const member = await staff.getStaffMember(request.actor, request.params.staffId)
        const options = await staff.formOptions(request.actor)
        const values: StaffFormValues = {
          name: member.name,
          jobTitle: member.jobTitle,
          unitId: member.unitId,
          userId: member.userId ?? '',
          contractedHours: String(member.contractedHours),
          workingDays: member.workingDays.map(String),
          startedOn: splitDate(member.startedOn),
          leftOn: splitDate(member.leftOn),
          version: String(member.version),
        }
        return reply.render('staff/views/staff-form.njk', { member, ...staffFormView(values, options) })
      },
    )

    app.post(
      '/:staffId/edit',
      { config: { permission: 'staff.manage' }, schema: { params: StaffParams, body: StaffForm } },
      async (request, reply) => {
        const { staffId } = request.params
        const result = await submitStaffForm(() =>
          staff.updateStaff(request.actor, staffId, {
            ...staffInput(request.body),
            expectedVersion: versionOf(request.body.version),
          }),
        )
        if (!result.ok) {
          const member = await staff.getStaffMember(request.actor, staffId)
          const options = await staff.formOptions(request.actor)
          return reply.status(400).render('staff/views/staff-form.njk', {
            ...result,
            member,
            ...staffFormView(staffFormValues(request.body), options, result.fieldErrors),
          })
        }
        return reply.flash('Details saved').redirect(`/staff/${staffId}`, 303)
      },
    )

    // Skills

    app.get(
      '/:staffId/skills',
      { config: { permission: 'staff.manage' }, schema: { params: StaffParams } },
      async (request, reply) => {
        const context = await staff.formContext(request.actor, request.params.staffId)
        return reply.render('staff/views/skill-form.njk', skillFormView(context, {}))
      },
    )

    app.post(
      '/:staffId/skills',
      { config: { permission: 'staff.manage' }, schema: { params: StaffParams, body: SkillForm } },
      async (request, reply) => {
        const { staffId } = request.params
        const body = request.body
        const result = await submitStaffForm(() =>
          staff.setSkillLevel(request.actor, staffId, { skill: body.skill ?? '', level: body.level ?? '' }),
        )
        if (!result.ok) {
          const context = await staff.formContext(request.actor, staffId)
          return reply.status(400).render('staff/views/skill-form.njk', { ...result, ...skillFormView(context, body) })
        }
        return reply.flash('Skill saved').redirect(`/staff/${staffId}`, 303)
      },
    )

    app.post(
      '/:staffId/skills/:skill/remove',
      { config: { permission: 'staff.manage' }, schema: { params: SkillParams } },
      async (request, reply) => {
        await staff.removeSkill(request.actor, request.params.staffId, request.params.skill)
        return reply.flash('Skill removed').redirect(`/staff/${request.params.staffId}`, 303)
      },
    )

    // Absences

    app.get(
      '/:staffId/absences/new',
      { config: { permission: 'staff.manage' }, schema: { params: StaffParams } },
      async (request, reply) => {
        const { member } = await staff.formContext(request.actor, request.params.staffId)
        return reply.render('staff/views/absence-form.njk', { member, ...absenceFormView({}) })
      },
    )

    app.post(
      '/:staffId/absences/new',
      { config: { permission: 'staff.manage' }, schema: { params: StaffParams, body: AbsenceForm } },
      async (request, reply) => {
        const { staffId } = request.params
        const body = request.body
        const result = await submitStaffForm(() =>
          staffAbsences.recordAbsence(request.actor, staffId, {
            absenceType: body.absenceType ?? '',
            planned: body.planned === 'yes' ? true : body.planned === 'no' ? false : undefined,
            startsOn: dayOf(body, 'startsOn'),
            expectedEndOn: dayOf(body, 'expectedEndOn'),
            hoursPerDay: body.hoursPerDay,
          }),
        )
        if (!result.ok) {
          const { member } = await staff.formContext(request.actor, staffId)
          return reply
            .status(400)
            .render('staff/views/absence-form.njk', { ...result, member, ...absenceFormView(body, result.fieldErrors) })
        }
        return reply.flash('Absence recorded').redirect(`/staff/${staffId}`, 303)
      },
    )

    app.get(
      '/:staffId/absences/:absenceId/end',
      { config: { permission: 'staff.manage' }, schema: { params: AbsenceParams } },
      async (request, reply) => {
        const { member, absence } = await staffAbsences.getAbsence(
          request.actor,
          request.params.staffId,
          request.params.absenceId,
        )
        return reply.render('staff/views/end-absence.njk', {
          member,
          absence: { ...absence, typeText: ABSENCE_TYPES[absence.absenceType] },
          version: absence.version,
          endedOnInput: dateInput({
            id: 'endedOn',
            legend: 'Last day of the absence',
            legendClasses: 'govuk-fieldset__legend--m',
            hint: 'The last day they were away, not the day they came back.',
            parts: splitDate(absence.expectedEndOn ?? staff.today()),
          }),
        })
      },
    )

    app.post(
      '/:staffId/absences/:absenceId/end',
      { config: { permission: 'staff.manage' }, schema: { params: AbsenceParams, body: EndAbsenceForm } },
      async (request, reply) => {
        const { staffId, absenceId } = request.params
        const body = request.body
        const result = await submitStaffForm(() =>
          staffAbsences.endAbsence(request.actor, staffId, absenceId, {
            endedOn: dayOf(body, 'endedOn'),
            expectedVersion: versionOf(body.version),
          }),
        )
        if (!result.ok) {
          const { member, absence } = await staffAbsences.getAbsence(request.actor, staffId, absenceId)
          return reply.status(400).render('staff/views/end-absence.njk', {
            ...result,
            member,
            absence: { ...absence, typeText: ABSENCE_TYPES[absence.absenceType] },
            version: body.version,
            endedOnInput: dateInput({
              id: 'endedOn',
              legend: 'Last day of the absence',
              legendClasses: 'govuk-fieldset__legend--m',
              hint: 'The last day they were away, not the day they came back.',
              parts: partsOf(body, 'endedOn'),
              error: result.fieldErrors.endedOn,
            }),
          })
        }
        return reply.flash('Absence ended').redirect(`/staff/${staffId}`, 303)
      },
    )

    // Training

    app.get(
      '/:staffId/training/new',
      { config: { permission: 'staff.manage' }, schema: { params: StaffParams } },
      async (request, reply) => {
        const context = await staff.formContext(request.actor, request.params.staffId)
        return reply.render('staff/views/training-form.njk', trainingFormView(context, {}))
      },
    )

    app.post(
      '/:staffId/training/new',
      { config: { permission: 'staff.manage' }, schema: { params: StaffParams, body: TrainingForm } },
      async (request, reply) => {
        const { staffId } = request.params
        const body = request.body
        const result = await submitStaffForm(() =>
          staffTraining.recordTraining(request.actor, staffId, {
            course: body.course ?? '',
            completedOn: dayOf(body, 'completedOn'),
          }),
        )
        if (!result.ok) {
          const context = await staff.formContext(request.actor, staffId)
          return reply.status(400).render('staff/views/training-form.njk', {
            ...result,
            ...trainingFormView(context, body, result.fieldErrors),
          })
        }
        return reply.flash('Training recorded').redirect(`/staff/${staffId}`, 303)
      },
    )

    app.get(
      '/:staffId/bookings/new',
      { config: { permission: 'staff.manage' }, schema: { params: StaffParams } },
      async (request, reply) => {
        const context = await staff.formContext(request.actor, request.params.staffId)
        return reply.render('staff/views/booking-form.njk', bookingFormView(context, {}))
      },
    )

    app.post(
      '/:staffId/bookings/new',
      { config: { permission: 'staff.manage' }, schema: { params: StaffParams, body: BookingForm } },
      async (request, reply) => {
        const { staffId } = request.params
        const body = request.body
        const result = await submitStaffForm(() =>
          staffTraining.bookTraining(request.actor, staffId, {
            course: body.course ?? '',
            courseOn: dayOf(body, 'courseOn'),
          }),
        )
        if (!result.ok) {
          const context = await staff.formContext(request.actor, staffId)
          return reply.status(400).render('staff/views/booking-form.njk', {
            ...result,
            ...bookingFormView(context, body, result.fieldErrors),
          })
        }
        return reply.flash('Training booked').redirect(`/staff/${staffId}`, 303)
      },
    )

    app.get(
      '/:staffId/bookings/:bookingId/cancel',
      { config: { permission: 'staff.manage' }, schema: { params: BookingParams } },
      async (request, reply) => {
        const booking = await staffTraining.getBooking(request.actor, request.params.staffId, request.params.bookingId)
        return reply.render(
          'staff/views/cancel-booking.njk',
          cancelView(booking, { version: String(booking.booking.version) }),
        )
      },
    )

    app.post(
      '/:staffId/bookings/:bookingId/cancel',
      { config: { permission: 'staff.manage' }, schema: { params: BookingParams, body: CancelBookingForm } },
      async (request, reply) => {
        const { staffId, bookingId } = request.params
        const body = request.body
        const result = await submitStaffForm(() =>
          staffTraining.cancelBooking(request.actor, staffId, bookingId, {
            reason: body.reason ?? '',
            detail: body.detail ?? '',
            decidedBy: body.decidedBy ?? '',
            expectedVersion: versionOf(body.version),
          }),
        )
        if (!result.ok) {
          const booking = await staffTraining.getBooking(request.actor, staffId, bookingId)
          return reply.status(400).render('staff/views/cancel-booking.njk', { ...result, ...cancelView(booking, body) })
        }
        return reply.flash('Booking cancelled').redirect(`/staff/${staffId}`, 303)
      },
    )

    app.post(
      '/:staffId/bookings/:bookingId/attended',
      { config: { permission: 'staff.manage' }, schema: { params: BookingParams, body: VersionForm } },
      async (request, reply) => {
        const { staffId, bookingId } = request.params
        await staffTraining.markAttended(request.actor, staffId, bookingId, {
          expectedVersion: versionOf(request.body.version),
        })
        return reply.flash('Marked as attended and the training recorded').redirect(`/staff/${staffId}`, 303)
      },
    )
  })
}

// ---------------------------------------------------------------------------------------------------------------
// Page view models

async function skillsView(
  staffCover: StaffCover,
  actor: Parameters<StaffCover['skillsMatrix']>[0],
  unitId: string | undefined,
) {
  const matrix = await staffCover.skillsMatrix(actor, { unitId })
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

async function trainingView(staffTraining: StaffTraining, actor: Parameters<StaffTraining['trainingOverview']>[0]) {
  const overview = await staffTraining.trainingOverview(actor)
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

function profileView(profile: Profile) {
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

function skillFormView(context: FormContext, values: { skill?: string | undefined; level?: string | undefined }) {
  const held = values.skill ? context.member.skills.find((entry) => entry.skill === values.skill) : undefined
  return {
    member: context.member,
    values,
    skillItems: [
      { value: '', text: 'Choose a skill' },
      ...context.skills.map((skill) => {
        const current = context.member.skills.find((entry) => entry.skill === skill.skillCode)
        return {
          value: skill.skillCode,
          text: current ? `${skill.label} (now ${levelText(current.level).toLowerCase()})` : skill.label,
          selected: skill.skillCode === values.skill,
        }
      }),
    ],
    levelItems: Object.entries(SKILL_LEVELS).map(([level, entry]) => ({
      value: level,
      text: `${level} – ${entry.label}`,
      hint: { text: entry.description },
      checked: values.level === level || (values.level === undefined && held?.level === Number(level)),
    })),
  }
}

function trainingFormView(context: FormContext, values: TrainingForm, fieldErrors: FieldErrorMap = {}) {
  return {
    member: context.member,
    courseItems: courseItems(context.courses, values.course),
    completedOnInput: dateInput({
      id: 'completedOn',
      legend: 'Date completed',
      hint: 'For example, 27 3 2026',
      parts: partsOf(values, 'completedOn'),
      error: fieldErrors.completedOn,
    }),
  }
}

function bookingFormView(context: FormContext, values: BookingForm, fieldErrors: FieldErrorMap = {}) {
  return {
    member: context.member,
    courseItems: courseItems(context.courses, values.course),
    courseOnInput: dateInput({
      id: 'courseOn',
      legend: 'Date of the course',
      hint: 'For example, 14 1 2027',
      parts: partsOf(values, 'courseOn'),
      error: fieldErrors.courseOn,
    }),
  }
}

function cancelView(booking: Awaited<ReturnType<StaffTraining['getBooking']>>, values: Partial<CancelBookingForm>) {
  return {
    member: booking.member,
    booking: booking.booking,
    courseTitle: booking.courseTitle,
    values,
    reasonItems: radios(Object.entries(CANCELLATION_REASONS) as Array<[string, string]>, values.reason),
  }
}
