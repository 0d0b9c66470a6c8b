import { routes, type Router } from '../../platform/http/routes.ts'
import {
  AbsenceBody,
  AbsenceCreated,
  AttendedBody,
  AvailabilityResponse,
  BookingBody,
  BookingCreated,
  BookingParams,
  CancelBookingBody,
  DateQuery,
  EndAbsenceBody,
  IndicatorsResponse,
  NotReleasedResponse,
  RangeQuery,
  SetSkillBody,
  SkillApiParams,
  SkillsResponse,
  StaffBody,
  StaffCreated,
  StaffList,
  StaffListQuery,
  StaffParams,
  StaffProfileResponse,
  TrainingRecordBody,
  TrainingRecorded,
  UpdateStaffBody,
  AbsenceParams,
  StaffMemberResponse,
} from './staff.schemas.ts'
import type { StaffMember, StaffService } from './staff.service.ts'
import type { StaffServices } from './staff.services.ts'

function toStaffInput(body: StaffBody) {
  return { ...body, userId: body.userId ?? undefined, leftOn: body.leftOn ?? undefined }
}

function toResponse(member: StaffMember) {
  return { ...member }
}

/** A staff member's page as JSON: who they are, their absences, training and bookings. */
function toProfileResponse(profile: Awaited<ReturnType<StaffService['staffProfile']>>) {
  return {
    ...toResponse(profile.member),
    absences: profile.absences.map((absence) => ({
      absenceId: absence.absenceId,
      absenceType: absence.absenceType,
      planned: absence.planned,
      startsOn: absence.startsOn,
      expectedEndOn: absence.expectedEndOn,
      endedOn: absence.endedOn,
      hoursPerDay: absence.hoursPerDay,
      longTerm: absence.longTerm,
      version: absence.version,
    })),
    training: profile.training.map(({ courseCode, completedOn, expiresOn }) => ({
      courseCode,
      completedOn,
      expiresOn,
    })),
    bookings: profile.bookings.map(({ bookingId, courseCode, courseOn, status, cancellationReason, version }) => ({
      bookingId,
      courseCode,
      courseOn,
      status,
      cancellationReason,
      version,
    })),
  }
}

/**
 * Staff, skills, absence and training as JSON, for workforce and training systems and the force's own tools.
 * Reading needs staff.view; changing needs staff.manage. Dates are YYYY-MM-DD (Europe/London days). Mounted at
 * /api/v1/staff.
 */
export function staffApi(services: StaffServices) {
  return routes((app) => {
    memberRoutes(app, services)
    skillRoutes(app, services)
    coverRoutes(app, services)
    absenceRoutes(app, services)
    trainingRoutes(app, services)
    bookingRoutes(app, services)
  })
}

/** Staff members: the list, one person (with absences, training and bookings), adding and changing them. */
function memberRoutes(app: Router, { staff }: StaffServices) {
  app.get(
    '/',
    {
      config: { permission: 'staff.view' },
      schema: {
        tags: ['staff'],
        summary: 'Staff members, with their skills',
        querystring: StaffListQuery,
        response: { 200: StaffList },
      },
    },
    async (request) => ({
      staff: (await staff.listStaff(request.actor, { unitId: request.query.unitId })).map((person) =>
        toResponse(person),
      ),
    }),
  )

  app.post(
    '/',
    {
      config: { permission: 'staff.manage' },
      schema: { tags: ['staff'], summary: 'Add a staff member', body: StaffBody, response: { 201: StaffCreated } },
    },
    async (request, reply) =>
      reply.status(201).send(await staff.createStaff(request.actor, toStaffInput(request.body))),
  )

  app.get(
    '/:staffId',
    {
      config: { permission: 'staff.view' },
      schema: {
        tags: ['staff'],
        summary: 'One staff member with absences, training and bookings (recorded as STAFF_VIEWED)',
        params: StaffParams,
        response: { 200: StaffProfileResponse },
      },
    },
    async (request) => {
      return toProfileResponse(await staff.staffProfile(request.actor, request.params.staffId))
    },
  )

  app.put(
    '/:staffId',
    {
      config: { permission: 'staff.manage' },
      schema: {
        tags: ['staff'],
        summary: 'Change a staff member’s details (409 if someone changed them since you read them)',
        params: StaffParams,
        body: UpdateStaffBody,
        response: { 200: StaffMemberResponse },
      },
    },
    async (request) => {
      await staff.updateStaff(request.actor, request.params.staffId, {
        ...toStaffInput(request.body),
        expectedVersion: request.body.expectedVersion,
      })
      return toResponse(await staff.getStaffMember(request.actor, request.params.staffId))
    },
  )
}

/** A staff member's skills: given at a level, changed, removed. */
function skillRoutes(app: Router, { staff }: StaffServices) {
  app.put(
    '/:staffId/skills/:skill',
    {
      config: { permission: 'staff.manage' },
      schema: {
        tags: ['staff'],
        summary: 'Give a staff member a skill at a level, or change the level',
        params: SkillApiParams,
        body: SetSkillBody,
        response: { 204: { type: 'null' } },
      },
    },
    async (request, reply) => {
      await staff.setSkillLevel(request.actor, request.params.staffId, {
        skill: request.params.skill,
        level: request.body.level,
      })
      return reply.status(204).send(null)
    },
  )

  app.delete(
    '/:staffId/skills/:skill',
    {
      config: { permission: 'staff.manage' },
      schema: {
        tags: ['staff'],
        summary: 'Remove a skill from a staff member',
        params: SkillApiParams,
        response: { 204: { type: 'null' } },
      },
    },
    async (request, reply) => {
      await staff.removeSkill(request.actor, request.params.staffId, request.params.skill)
      return reply.status(204).send(null)
    },
  )
}

/** Who is available and who can cover, for the forecast and the risk register, and the force’s skills. */
function coverRoutes(app: Router, { staff, staffCover, staffReferenceData }: StaffServices) {
  app.get(
    '/availability',
    {
      config: { permission: 'staff.view' },
      schema: {
        tags: ['staff'],
        summary: 'Hours each person is available each day (contracted hours less absence), with their skills',
        querystring: RangeQuery,
        response: { 200: AvailabilityResponse },
      },
    },
    async (request) => ({ days: await staffCover.availability(request.actor, request.query) }),
  )

  app.get(
    '/indicators',
    {
      config: { permission: 'staff.view' },
      schema: {
        tags: ['staff'],
        summary: 'Thin skills, long-term absences and control-room crime-recording training compliance on a day',
        querystring: DateQuery,
        response: { 200: IndicatorsResponse },
      },
    },
    async (request) => {
      const date = request.query.date ?? staff.today()
      const [thin, longTerm, compliance] = [
        await staffCover.skillsWithFewerThanTwoAvailable(request.actor, date),
        await staffCover.longTermAbsences(request.actor, date),
        await staffCover.controlRoomTrainingCompliance(request.actor, date),
      ]
      return {
        date,
        skillsWithFewerThanTwoAvailable: thin,
        longTermAbsences: longTerm,
        controlRoomTrainingCompliance: compliance,
      }
    },
  )

  app.get(
    '/skills',
    {
      config: { permission: 'staff.view' },
      schema: { tags: ['staff'], summary: 'This force’s skills (reference data)', response: { 200: SkillsResponse } },
    },
    async (request) => ({ skills: await staffReferenceData.listSkills(request.actor) }),
  )
}

/** Absences: recording one and recording its last day. */
function absenceRoutes(app: Router, { staffAbsences }: StaffServices) {
  app.post(
    '/:staffId/absences',
    {
      config: { permission: 'staff.manage' },
      schema: {
        tags: ['staff'],
        summary: 'Record an absence',
        params: StaffParams,
        body: AbsenceBody,
        response: { 201: AbsenceCreated },
      },
    },
    async (request, reply) => {
      const body = request.body
      const created = await staffAbsences.recordAbsence(request.actor, request.params.staffId, {
        absenceType: body.absenceType,
        planned: body.planned,
        startsOn: body.startsOn,
        expectedEndOn: body.expectedEndOn ?? '',
        hoursPerDay: body.hoursPerDay ?? undefined,
      })
      return reply.status(201).send(created)
    },
  )

  app.post(
    '/:staffId/absences/:absenceId/end',
    {
      config: { permission: 'staff.manage' },
      schema: {
        tags: ['staff'],
        summary: 'Record the last day of an absence',
        params: AbsenceParams,
        body: EndAbsenceBody,
        response: { 204: { type: 'null' } },
      },
    },
    async (request, reply) => {
      await staffAbsences.endAbsence(request.actor, request.params.staffId, request.params.absenceId, request.body)
      return reply.status(204).send(null)
    },
  )
}

/** Training: completions, and the bookings cancelled because the person was not released. */
function trainingRoutes(app: Router, { staffTraining }: StaffServices) {
  app.get(
    '/not-released',
    {
      config: { permission: 'staff.view' },
      schema: {
        tags: ['staff'],
        summary: 'Training bookings cancelled because the person was not released, by course date',
        querystring: RangeQuery,
        response: { 200: NotReleasedResponse },
      },
    },
    async (request) => ({
      bookings: (await staffTraining.notReleasedReport(request.actor, request.query)).map((row) => ({
        bookingId: row.bookingId,
        staffId: row.staffId,
        name: row.name,
        unitName: row.unitName,
        courseCode: row.courseCode,
        courseTitle: row.courseTitle,
        courseOn: row.courseOn,
        reason: row.cancellationDetail,
        decidedBy: row.decidedBy,
        cancelledByName: row.cancelledByName,
        cancelledAt: row.cancelledAt?.toISOString() ?? null,
      })),
    }),
  )

  app.post(
    '/:staffId/training-records',
    {
      config: { permission: 'staff.manage' },
      schema: {
        tags: ['staff'],
        summary: 'Record a completed course (its expiry follows from the course’s validity)',
        params: StaffParams,
        body: TrainingRecordBody,
        response: { 201: TrainingRecorded },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await staffTraining.recordTraining(request.actor, request.params.staffId, request.body)),
  )
}

/** Training bookings: booking a course, cancelling (and who was not released), marking it attended. */
function bookingRoutes(app: Router, { staffTraining }: StaffServices) {
  app.post(
    '/:staffId/training-bookings',
    {
      config: { permission: 'staff.manage' },
      schema: {
        tags: ['staff'],
        summary: 'Book a staff member on a course',
        params: StaffParams,
        body: BookingBody,
        response: { 201: BookingCreated },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await staffTraining.bookTraining(request.actor, request.params.staffId, request.body)),
  )

  app.post(
    '/:staffId/training-bookings/:bookingId/cancel',
    {
      config: { permission: 'staff.manage' },
      schema: {
        tags: ['staff'],
        summary: 'Cancel a booking; not_released needs why (detail) and who decided (decidedBy)',
        params: BookingParams,
        body: CancelBookingBody,
        response: { 204: { type: 'null' } },
      },
    },
    async (request, reply) => {
      const body = request.body
      await staffTraining.cancelBooking(request.actor, request.params.staffId, request.params.bookingId, {
        reason: body.reason,
        detail: body.detail ?? '',
        decidedBy: body.decidedBy ?? '',
        expectedVersion: body.expectedVersion,
      })
      return reply.status(204).send(null)
    },
  )

  app.post(
    '/:staffId/training-bookings/:bookingId/attended',
    {
      config: { permission: 'staff.manage' },
      schema: {
        tags: ['staff'],
        summary: 'Mark a booking attended, which records the completion',
        params: BookingParams,
        body: AttendedBody,
        response: { 200: TrainingRecorded },
      },
    },
    async (request) =>
      staffTraining.markAttended(request.actor, request.params.staffId, request.params.bookingId, request.body),
  )
}
