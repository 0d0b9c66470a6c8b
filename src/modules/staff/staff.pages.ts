import { addDays } from '../../platform/dates.ts'
import { handleForm } from '../../platform/http/forms.ts'
import { routes, type Router } from '../../platform/http/routes.ts'
import { formatDate } from '../../platform/views/format.ts'
import { dateInput, datePartsOf } from '../../platform/views/govuk.ts'
import { ABSENCE_TYPES, splitDate } from './staff.rules.ts'
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
import type { StaffServices } from './staff.services.ts'

import {
  staffNavigation,
  DATE_FIELDS,
  dayOf,
  endAbsenceView,
  submitStaffForm,
  levelText,
  absenceTag,
  workingDaysText,
  unitItems,
  periodOf,
  type StaffFormValues,
  staffFormView,
  staffFormValues,
  staffInput,
  versionOf,
  absenceFormView,
  skillsView,
  trainingView,
  profileView,
  skillFormView,
  trainingFormView,
  bookingFormView,
  cancelView,
} from './staff.views.ts'

/**
 * Staff, skills, absence and training for IMU supervisors, the Force Crime Registrar and inspectors
 * (staff.view); changes need staff.manage. Mounted at /staff.
 */
export function staffPages(services: StaffServices) {
  return routes((app) => {
    staffListAndSkillRoutes(app, services)
    absenceListAndCourseRoutes(app, services)
    newStaffRoutes(app, services)
    staffMemberRoutes(app, services)
    skillAndAbsenceRoutes(app, services)
    endAbsenceRoutes(app, services)
    trainingRoutes(app, services)
    bookingRoutes(app, services)
  })
}

type MemberFormContext = Awaited<ReturnType<StaffServices['staff']['formContext']>>

/** A blank form about one staff member (a skill, an absence, training, a booking): who, and the form's choices. */
function memberFormPage(
  app: Router,
  services: StaffServices,
  path: string,
  template: string,
  view: (context: MemberFormContext) => Record<string, unknown>,
) {
  app.get(path, { config: { permission: 'staff.manage' }, schema: { params: StaffParams } }, async (request, reply) =>
    reply.render(template, view(await services.staff.formContext(request.actor, request.params.staffId))),
  )
}

/** The staff list, the skills matrix and the force's skills. */
function staffListAndSkillRoutes(app: Router, services: StaffServices) {
  const { staff, staffReferenceData, staffCover } = services

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
      // With no unit chosen, the IMU: the unit whose thin skills the risk register counts, so both read the same.
      const unitId =
        request.query.unit === undefined
          ? (await staffCover.imuUnit(request.actor))?.unitId
          : request.query.unit || undefined
      return reply.render(
        'staff/views/skills.njk',
        skillsView(await staffCover.skillsMatrix(request.actor, { unitId }), unitId),
      )
    },
  )

  app.post(
    '/skills',
    { config: { permission: 'staff.manage' }, schema: { body: NewSkillForm } },
    async (request, reply) => {
      const body = request.body
      return handleForm(reply, {
        submit: () =>
          staffReferenceData.addSkill(request.actor, {
            skillCode: body.skillCode ?? '',
            label: body.label ?? '',
            description: body.description,
          }),
        invalid: async () => ({
          template: 'staff/views/skills.njk',
          model: {
            ...skillsView(await staffCover.skillsMatrix(request.actor, { unitId: undefined }), undefined),
            newSkill: body,
          },
        }),
        done: () => ({ flash: `Skill added: ${body.label?.trim()}`, redirect: '/staff/skills' }),
      })
    },
  )

  app.post('/skills/standard', { config: { permission: 'staff.manage' } }, async (request, reply) => {
    const added = await staffReferenceData.addStandardSkills(request.actor)
    return reply.flash(`${added} standard ${added === 1 ? 'skill' : 'skills'} added`).redirect('/staff/skills', 303)
  })
}

/** The absence list, the training overview and the force's courses. */
function absenceListAndCourseRoutes(app: Router, services: StaffServices) {
  const { staff, staffReferenceData, staffAbsences, staffTraining } = services
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
    return reply.render('staff/views/training.njk', trainingView(await staffTraining.trainingOverview(request.actor)))
  })

  app.post(
    '/training/courses',
    { config: { permission: 'staff.manage' }, schema: { body: NewCourseForm } },
    async (request, reply) => {
      const body = request.body
      return handleForm(reply, {
        submit: () =>
          staffReferenceData.addCourse(request.actor, {
            courseCode: body.courseCode ?? '',
            title: body.title ?? '',
            validityMonths: body.validityMonths,
            requiredForControlRoom: body.requiredForControlRoom === 'yes',
          }),
        invalid: async () => ({
          template: 'staff/views/training.njk',
          model: { ...trainingView(await staffTraining.trainingOverview(request.actor)), newCourse: body },
        }),
        done: () => ({ flash: `Course added: ${body.title?.trim()}`, redirect: '/staff/training' }),
      })
    },
  )

  app.post('/training/courses/standard', { config: { permission: 'staff.manage' } }, async (request, reply) => {
    const added = await staffReferenceData.addStandardCourses(request.actor)
    return reply.flash(`${added} standard ${added === 1 ? 'course' : 'courses'} added`).redirect('/staff/training', 303)
  })
}

/** The not-released report and adding a staff member. */
function newStaffRoutes(app: Router, services: StaffServices) {
  const { staff, staffTraining } = services
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

  app.post('/new', { config: { permission: 'staff.manage' }, schema: { body: StaffForm } }, async (request, reply) => {
    return handleForm(reply, {
      submit: () => staff.createStaff(request.actor, staffInput(request.body)),
      dateFields: DATE_FIELDS,
      invalid: async ({ fieldErrors }) => ({
        template: 'staff/views/staff-form.njk',
        model: staffFormView(staffFormValues(request.body), await staff.formOptions(request.actor), fieldErrors),
      }),
      done: (created) => ({ flash: `${request.body.name?.trim()} added`, redirect: `/staff/${created.staffId}` }),
    })
  })
}

/** A staff member's page and their details. */
function staffMemberRoutes(app: Router, services: StaffServices) {
  const { staff } = services
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
      return handleForm(reply, {
        submit: () =>
          staff.updateStaff(request.actor, staffId, {
            ...staffInput(request.body),
            expectedVersion: versionOf(request.body.version),
          }),
        dateFields: DATE_FIELDS,
        invalid: async ({ fieldErrors }) => {
          const member = await staff.getStaffMember(request.actor, staffId)
          const options = await staff.formOptions(request.actor)
          return {
            template: 'staff/views/staff-form.njk',
            model: { member, ...staffFormView(staffFormValues(request.body), options, fieldErrors) },
          }
        },
        done: () => ({ flash: 'Details saved', redirect: `/staff/${staffId}` }),
      })
    },
  )

  // Skills

  memberFormPage(app, services, '/:staffId/skills', 'staff/views/skill-form.njk', (context) =>
    skillFormView(context, {}),
  )
}

/** A staff member's skills, and recording their absence. */
function skillAndAbsenceRoutes(app: Router, services: StaffServices) {
  const { staff, staffAbsences } = services
  app.post(
    '/:staffId/skills',
    { config: { permission: 'staff.manage' }, schema: { params: StaffParams, body: SkillForm } },
    async (request, reply) => {
      const { staffId } = request.params
      const body = request.body
      return handleForm(reply, {
        submit: () => staff.setSkillLevel(request.actor, staffId, { skill: body.skill ?? '', level: body.level ?? '' }),
        invalid: async () => ({
          template: 'staff/views/skill-form.njk',
          model: skillFormView(await staff.formContext(request.actor, staffId), body),
        }),
        done: () => ({ flash: 'Skill saved', redirect: `/staff/${staffId}` }),
      })
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

  memberFormPage(app, services, '/:staffId/absences/new', 'staff/views/absence-form.njk', ({ member }) => ({
    member,
    ...absenceFormView({}),
  }))

  app.post(
    '/:staffId/absences/new',
    { config: { permission: 'staff.manage' }, schema: { params: StaffParams, body: AbsenceForm } },
    async (request, reply) => {
      const { staffId } = request.params
      const body = request.body
      return handleForm(reply, {
        submit: () =>
          staffAbsences.recordAbsence(request.actor, staffId, {
            absenceType: body.absenceType ?? '',
            planned: body.planned === 'yes' ? true : body.planned === 'no' ? false : undefined,
            startsOn: dayOf(body, 'startsOn'),
            expectedEndOn: dayOf(body, 'expectedEndOn'),
            hoursPerDay: body.hoursPerDay,
          }),
        dateFields: DATE_FIELDS,
        invalid: async ({ fieldErrors }) => {
          const { member } = await staff.formContext(request.actor, staffId)
          return { template: 'staff/views/absence-form.njk', model: { member, ...absenceFormView(body, fieldErrors) } }
        },
        done: () => ({ flash: 'Absence recorded', redirect: `/staff/${staffId}` }),
      })
    },
  )
}

/** Ending an absence, and the form to record training. */
function endAbsenceRoutes(app: Router, services: StaffServices) {
  const { staff, staffAbsences } = services
  app.get(
    '/:staffId/absences/:absenceId/end',
    { config: { permission: 'staff.manage' }, schema: { params: AbsenceParams } },
    async (request, reply) => {
      const found = await staffAbsences.getAbsence(request.actor, request.params.staffId, request.params.absenceId)
      const lastDay = splitDate(found.absence.expectedEndOn ?? staff.today())
      return reply.render('staff/views/end-absence.njk', endAbsenceView(found, found.absence.version, lastDay))
    },
  )

  app.post(
    '/:staffId/absences/:absenceId/end',
    { config: { permission: 'staff.manage' }, schema: { params: AbsenceParams, body: EndAbsenceForm } },
    async (request, reply) => {
      const { staffId, absenceId } = request.params
      const body = request.body
      return handleForm(reply, {
        submit: () =>
          staffAbsences.endAbsence(request.actor, staffId, absenceId, {
            endedOn: dayOf(body, 'endedOn'),
            expectedVersion: versionOf(body.version),
          }),
        dateFields: DATE_FIELDS,
        invalid: async ({ fieldErrors }) => {
          const found = await staffAbsences.getAbsence(request.actor, staffId, absenceId)
          return {
            template: 'staff/views/end-absence.njk',
            model: endAbsenceView(found, body.version, datePartsOf(body, 'endedOn'), fieldErrors.endedOn),
          }
        },
        done: () => ({ flash: 'Absence ended', redirect: `/staff/${staffId}` }),
      })
    },
  )

  // Training

  memberFormPage(app, services, '/:staffId/training/new', 'staff/views/training-form.njk', (context) =>
    trainingFormView(context, {}),
  )
}

/** Recording training, and booking and cancelling courses. */
function trainingRoutes(app: Router, services: StaffServices) {
  const { staff, staffTraining } = services
  app.post(
    '/:staffId/training/new',
    { config: { permission: 'staff.manage' }, schema: { params: StaffParams, body: TrainingForm } },
    async (request, reply) => {
      const { staffId } = request.params
      const body = request.body
      return handleForm(reply, {
        submit: () =>
          staffTraining.recordTraining(request.actor, staffId, {
            course: body.course ?? '',
            completedOn: dayOf(body, 'completedOn'),
          }),
        dateFields: DATE_FIELDS,
        invalid: async ({ fieldErrors }) => ({
          template: 'staff/views/training-form.njk',
          model: trainingFormView(await staff.formContext(request.actor, staffId), body, fieldErrors),
        }),
        done: () => ({ flash: 'Training recorded', redirect: `/staff/${staffId}` }),
      })
    },
  )

  memberFormPage(app, services, '/:staffId/bookings/new', 'staff/views/booking-form.njk', (context) =>
    bookingFormView(context, {}),
  )

  app.post(
    '/:staffId/bookings/new',
    { config: { permission: 'staff.manage' }, schema: { params: StaffParams, body: BookingForm } },
    async (request, reply) => {
      const { staffId } = request.params
      const body = request.body
      return handleForm(reply, {
        submit: () =>
          staffTraining.bookTraining(request.actor, staffId, {
            course: body.course ?? '',
            courseOn: dayOf(body, 'courseOn'),
          }),
        dateFields: DATE_FIELDS,
        invalid: async ({ fieldErrors }) => ({
          template: 'staff/views/booking-form.njk',
          model: bookingFormView(await staff.formContext(request.actor, staffId), body, fieldErrors),
        }),
        done: () => ({ flash: 'Training booked', redirect: `/staff/${staffId}` }),
      })
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
}

/** Cancelling a booking and marking it attended. */
function bookingRoutes(app: Router, services: StaffServices) {
  const { staffTraining } = services
  app.post(
    '/:staffId/bookings/:bookingId/cancel',
    { config: { permission: 'staff.manage' }, schema: { params: BookingParams, body: CancelBookingForm } },
    async (request, reply) => {
      const { staffId, bookingId } = request.params
      const body = request.body
      return handleForm(reply, {
        submit: () =>
          staffTraining.cancelBooking(request.actor, staffId, bookingId, {
            reason: body.reason ?? '',
            detail: body.detail ?? '',
            decidedBy: body.decidedBy ?? '',
            expectedVersion: versionOf(body.version),
          }),
        invalid: async () => ({
          template: 'staff/views/cancel-booking.njk',
          model: cancelView(await staffTraining.getBooking(request.actor, staffId, bookingId), body),
        }),
        done: () => ({ flash: 'Booking cancelled', redirect: `/staff/${staffId}` }),
      })
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
}
