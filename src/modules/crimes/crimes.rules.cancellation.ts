import { isDate } from '../../platform/dates.ts'
import type { FieldError } from '../../platform/http/errors.ts'

// ---------------------------------------------------------------------------------------------------------------
// Rule 6: cancellation codes and who may authorise a cancellation (DOMAIN.md §1.8)

export interface CancellationCode {
  code: string
  label: string
  /** C2: additional verifiable information must be described. */
  requiresAvi: boolean
}

/**
 * The Home Office codes (HOCR Section C). C1 (transfer) goes through the transfer action, which records the
 * receiving force (rule 7). Further codes (C5 onwards) are UNCONFIRMED in the retrieved rules, so a force adds
 * them as reference data.
 */
export const HOME_OFFICE_CANCELLATION_CODES: readonly CancellationCode[] = [
  { code: 'C1', label: 'Transferred to another force (crime committed outside this force area)', requiresAvi: false },
  { code: 'C2', label: 'Additional verifiable information shows no notifiable crime occurred', requiresAvi: true },
  { code: 'C3', label: 'Duplicate record', requiresAvi: false },
  { code: 'C4', label: 'Recorded in error', requiresAvi: false },
]

export interface CancellationInput {
  cancellationCode: string
  rationale: string
  aviDescription?: string | undefined
  victimInformed?: boolean | undefined
  victimNotInformedReason?: string | undefined
}

/** Rule 5: the victim was told of a crime's removal, or the reason they could not be is recorded. */
export function victimToldProblems(
  victimInformed: boolean | undefined,
  victimNotInformedReason: string | undefined,
  what: string,
): FieldError[] {
  if (victimInformed === undefined) {
    return [{ field: 'victimInformed', message: `Say whether the victim has been told ${what}` }]
  }
  if (!victimInformed && (victimNotInformedReason ?? '').trim() === '') {
    return [{ field: 'victimNotInformedReason', message: 'Enter why the victim could not be told' }]
  }
  return []
}

/**
 * Rules 5 and 7: accepting a transfer (C1) records the receiving force's reference, the day it accepted (not in
 * the future, not before the request) and the victim told of the transfer (or why not). Days are YYYY-MM-DD.
 */
export function transferAcceptanceProblems(input: {
  receivingReference: string
  acceptedOn: string | undefined
  requestedOn: string
  today: string
  victimInformed: boolean | undefined
  victimNotInformedReason: string | undefined
}): FieldError[] {
  const problems: FieldError[] = []
  if (input.receivingReference.trim() === '') {
    problems.push({ field: 'receivingReference', message: 'Enter the receiving force’s crime reference' })
  }
  if (input.acceptedOn === undefined || !isDate(input.acceptedOn)) {
    problems.push({
      field: 'acceptedOn',
      message: 'Enter the date the receiving force accepted the crime, as a real date',
    })
  } else if (input.acceptedOn > input.today) {
    problems.push({ field: 'acceptedOn', message: 'The date the transfer was accepted cannot be in the future' })
  } else if (input.acceptedOn < input.requestedOn) {
    problems.push({ field: 'acceptedOn', message: 'The transfer cannot have been accepted before it was requested' })
  }
  problems.push(
    ...victimToldProblems(input.victimInformed, input.victimNotInformedReason, 'the crime is being transferred'),
  )
  return problems
}

/**
 * Rules 11 and 22: how a person's involvement in a crime may change. The victim is the crime's victim (one crime
 * per victim): nobody becomes the victim this way and the victim does not become someone else; a reporting person
 * belongs to the incident.
 */
export function involvementChangeProblems(from: string, to: string): FieldError[] {
  if (to === 'victim' && from !== 'victim') {
    return [
      {
        field: 'personRole',
        message:
          'One crime per victim: a second victim is a separate crime, and a crime with no victim gets one with "Add a person"',
      },
    ]
  }
  if (from === 'victim' && to !== 'victim') {
    return [
      {
        field: 'personRole',
        message:
          'The victim stays the victim of this crime (one crime per victim): if they are not, cancel the crime (C4) or record it again',
      },
    ]
  }
  if (to === 'reporting_person') {
    return [{ field: 'personRole', message: 'The reporting person is linked to the incident, not the crime' }]
  }
  return []
}

/** Rules 5 and 6: a code, a rationale, AVI described for C2, and the victim told (or why not). */
export function cancellationProblems(input: CancellationInput, codes: readonly CancellationCode[]): FieldError[] {
  const problems: FieldError[] = []
  const code = codes.find((candidate) => candidate.code === input.cancellationCode)
  if (input.cancellationCode === 'C1') {
    problems.push({
      field: 'cancellationCode',
      message: 'A transfer to another force (C1) is made with "Transfer to another force"',
    })
  } else if (!code) {
    problems.push({ field: 'cancellationCode', message: 'Choose a cancellation code' })
  }
  if (input.rationale.trim() === '') {
    problems.push({ field: 'rationale', message: 'Enter the rationale for cancelling this crime' })
  }
  if (code?.requiresAvi && (input.aviDescription ?? '').trim() === '') {
    problems.push({
      field: 'aviDescription',
      message: `${code.code} needs the additional verifiable information that shows no crime occurred`,
    })
  }
  problems.push(
    ...victimToldProblems(input.victimInformed, input.victimNotInformedReason, 'the crime is being cancelled'),
  )
  return problems
}

/**
 * Rule 6 (and rule 9's final say): who may authorise cancelling a crime. The FCR always may. For a crime ever
 * classified in one of the restricted groups (rape, and those the force names) only the FCR or a designated
 * decision maker may — its history, not only its current code, so reclassifying a rape as sexual assault does
 * not open a way round the control; otherwise an IMU decision maker may too. Officers request; they never
 * authorise.
 */
export function canAuthoriseCancellation(input: {
  roles: readonly string[]
  isDesignatedDecisionMaker: boolean
  offenceGroups: readonly string[]
  restrictedGroups: readonly string[]
}): boolean {
  if (input.roles.includes('force_crime_registrar')) {
    return true
  }
  if (isRestricted(input.offenceGroups, input.restrictedGroups)) {
    return input.isDesignatedDecisionMaker
  }
  return input.isDesignatedDecisionMaker || input.roles.includes('imu_decision_maker')
}

export function isRestricted(offenceGroups: readonly string[], restrictedGroups: readonly string[]): boolean {
  return offenceGroups.some((group) => restrictedGroups.includes(group))
}
