/**
 * Validation of the staff records' input: every problem, naming its field (the form input's id and the API
 * property), so a form re-renders with all of them and the API answers with all of them.
 */
import type { FieldError } from '../../platform/http/errors.ts'
import { isUuid } from '../../platform/ids.ts'
import { isAbsenceType, isCalendarDay, isCancellationReason, type CalendarDay } from './staff.rules.ts'

export interface AbsenceInput {
  absenceType: string
  planned: boolean | undefined
  startsOn: string
  expectedEndOn: string
  hoursPerDay: string | number | undefined
}

export function absenceProblems(input: AbsenceInput): FieldError[] {
  const problems: FieldError[] = []
  if (!isAbsenceType(input.absenceType)) {
    problems.push({
      field: 'absenceType',
      message: 'Choose the type of absence: sickness, leave, training, secondment or other',
    })
  }
  if (input.planned === undefined) {
    problems.push({ field: 'planned', message: 'Say whether the absence was planned' })
  }
  const startOk = dateProblem(problems, 'startsOn', input.startsOn, 'the date the absence starts', true)
  const endOk = dateProblem(problems, 'expectedEndOn', input.expectedEndOn, 'the expected end date', false)
  if (startOk && endOk && input.expectedEndOn !== '' && input.expectedEndOn < input.startsOn) {
    problems.push({
      field: 'expectedEndOn',
      message: 'The expected end date must be the same as or after the date the absence starts',
    })
  }
  hoursProblem(problems, 'hoursPerDay', input.hoursPerDay, 24, 'Hours absent each day')
  return problems
}

export function endAbsenceProblems(input: { endedOn: string }, startsOn: CalendarDay): FieldError[] {
  const problems: FieldError[] = []
  if (
    dateProblem(problems, 'endedOn', input.endedOn, 'the last day of the absence', true) &&
    input.endedOn < startsOn
  ) {
    problems.push({
      field: 'endedOn',
      message: 'The last day of the absence must be the same as or after the day it started',
    })
  }
  return problems
}

export interface StaffInput {
  name: string
  jobTitle: string
  unitId: string
  userId?: string | undefined
  contractedHours: string | number
  workingDays: ReadonlyArray<string | number>
  startedOn: string
  leftOn?: string | undefined
}

export function staffProblems(input: StaffInput): FieldError[] {
  const problems: FieldError[] = []
  textProblem(problems, 'name', input.name, 120, 'Enter the person’s name', 'Name')
  textProblem(
    problems,
    'jobTitle',
    input.jobTitle,
    120,
    'Enter their role, for example crime-recording decision maker',
    'Role',
  )
  if (!isUuid(input.unitId)) {
    problems.push({ field: 'unitId', message: 'Choose the unit they work in' })
  }
  if (input.userId !== undefined && input.userId !== '' && !isUuid(input.userId)) {
    problems.push({ field: 'userId', message: 'Choose their Tally account from the list, or none' })
  }
  hoursProblem(problems, 'contractedHours', input.contractedHours, 60, 'Contracted hours a week', true)
  const days = input.workingDays.map(Number)
  if (days.length === 0) {
    problems.push({ field: 'workingDays', message: 'Choose the days of the week they work' })
  } else if (days.some((day) => !Number.isInteger(day) || day < 1 || day > 7)) {
    problems.push({ field: 'workingDays', message: 'Choose working days from Monday to Sunday' })
  }
  const startOk = dateProblem(problems, 'startedOn', input.startedOn, 'the date they started in the unit', true)
  const left = input.leftOn ?? ''
  if (
    dateProblem(problems, 'leftOn', left, 'their last day', false) &&
    startOk &&
    left !== '' &&
    left < input.startedOn
  ) {
    problems.push({ field: 'leftOn', message: 'Their last day must be the same as or after the day they started' })
  }
  return problems
}

/** The weekdays a form posted, as sorted unique ISO numbers. */
export function normaliseWorkingDays(days: ReadonlyArray<string | number>): number[] {
  return [...new Set(days.map(Number))].sort((a, b) => a - b)
}

/** A number of hours typed in a form, or undefined when blank. */
export function parseHours(value: string | number | undefined): number | undefined {
  if (value === undefined || (typeof value === 'string' && value.trim() === '')) {
    return undefined
  }
  return typeof value === 'number' ? value : Number(value.trim())
}

export function skillProblems(input: { skillCode: string; label: string }): FieldError[] {
  const problems: FieldError[] = []
  if (!/^[a-z][a-z0-9_]{1,39}$/.test(input.skillCode)) {
    problems.push({
      field: 'skillCode',
      message:
        'Enter a code of 2 to 40 lower-case letters, digits and underscores, starting with a letter, like n100_review',
    })
  }
  textProblem(problems, 'label', input.label, 120, 'Enter the skill’s name', 'Name')
  return problems
}

export function courseProblems(input: {
  courseCode: string
  title: string
  validityMonths: string | number | undefined
}): FieldError[] {
  const problems: FieldError[] = []
  if (!/^[a-z][a-z0-9-]{1,39}$/.test(input.courseCode)) {
    problems.push({
      field: 'courseCode',
      message:
        'Enter a code of 2 to 40 lower-case letters, digits and hyphens, starting with a letter, like crime-recording',
    })
  }
  textProblem(problems, 'title', input.title, 200, 'Enter the course title', 'Title')
  const months = parseHours(input.validityMonths)
  if (months !== undefined && (!Number.isInteger(months) || months < 1 || months > 120)) {
    problems.push({
      field: 'validityMonths',
      message: 'Enter how many months a completion counts, from 1 to 120, or leave it blank if it never expires',
    })
  }
  return problems
}

export interface CancellationInput {
  reason: string
  detail: string
  decidedBy: string
}

/** Not being released is the finding that matters, so it must say why and who decided. */
export function cancellationProblems(input: CancellationInput): FieldError[] {
  const problems: FieldError[] = []
  if (!isCancellationReason(input.reason)) {
    problems.push({ field: 'reason', message: 'Choose why the booking was cancelled' })
    return problems
  }
  if ((input.reason === 'not_released' || input.reason === 'other') && input.detail.trim() === '') {
    problems.push({
      field: 'detail',
      message:
        input.reason === 'not_released'
          ? 'Say why they were not released, for example staffing levels'
          : 'Say why the booking was cancelled',
    })
  }
  if (input.detail.length > 2000) {
    problems.push({ field: 'detail', message: 'The reason must be 2000 characters or fewer' })
  }
  if (input.reason === 'not_released' && input.decidedBy.trim() === '') {
    problems.push({
      field: 'decidedBy',
      message: 'Enter who decided they could not be released, for example the duty inspector',
    })
  }
  if (input.decidedBy.length > 200) {
    problems.push({ field: 'decidedBy', message: 'Who decided must be 200 characters or fewer' })
  }
  return problems
}

/** Adds a problem for a date field; true when the value is a usable date (or an allowed blank). */
export function dateProblem(
  problems: FieldError[],
  field: string,
  value: string,
  what: string,
  required: boolean,
): boolean {
  if (value === '') {
    if (required) {
      problems.push({ field, message: `Enter ${what}` })
      return false
    }
    return true
  }
  if (!isCalendarDay(value)) {
    problems.push({ field, message: `Enter ${what} as a real date, for example 27 3 2026` })
    return false
  }
  return true
}

function textProblem(
  problems: FieldError[],
  field: string,
  value: string,
  max: number,
  missing: string,
  label: string,
) {
  if (value.trim() === '') {
    problems.push({ field, message: missing })
  } else if (value.trim().length > max) {
    problems.push({ field, message: `${label} must be ${max} characters or fewer` })
  }
}

function hoursProblem(
  problems: FieldError[],
  field: string,
  value: string | number | undefined,
  max: number,
  label: string,
  required = false,
): boolean {
  const hours = parseHours(value)
  if (hours === undefined) {
    if (required) {
      problems.push({ field, message: `Enter ${label.toLowerCase()}` })
      return false
    }
    return true
  }
  if (!Number.isFinite(hours) || hours <= 0 || hours > max || Math.abs(Math.round(hours * 10) - hours * 10) > 1e-9) {
    problems.push({
      field,
      message: `${label} must be a number more than 0 and up to ${max}, to the nearest tenth of an hour`,
    })
    return false
  }
  return true
}
