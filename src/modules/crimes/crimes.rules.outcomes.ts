import type { FieldError } from '../../platform/http/errors.ts'

// ---------------------------------------------------------------------------------------------------------------
// Rules 12 and 13: outcome types and their validation (DOMAIN.md §2.2)

export interface OutcomeType {
  label: string
  /** Rule 13 requirements. */
  needsNamedSuspect?: true
  needsNoSuspect?: true
  needsVictimNonSupport?: true
  needsVictimConsultationAndOffenderAcceptance?: true
  needsPublicInterestRationale?: true
  needsVictimNotified?: true
  /** Not for domestic abuse or hate crime (outcome 21; DOMAIN.md §2.2, Cleveland checklist). */
  notForDomesticAbuseOrHate?: true
}

/**
 * Home Office outcome types 1–22 (0 = not yet assigned, never counted). Numbers 16, 21 and 22 are confirmed;
 * the rest are from the secondary transcription in DOMAIN.md §2.2. Outcomes taken against someone — charge,
 * caution, TIC, penalty notice, warning, community resolution, prosecution prevented or time-expired — name a
 * suspect or offender, so one must be linked to the crime (issue 10; rule 13 lists only 15, 16 and 21, the
 * rest is OUR READING of what each outcome is).
 */
export const OUTCOME_TYPES: Readonly<Record<number, OutcomeType>> = {
  1: { label: 'Charged or summonsed', needsNamedSuspect: true },
  2: { label: 'Caution – youths', needsNamedSuspect: true },
  3: { label: 'Caution – adults', needsNamedSuspect: true },
  4: { label: 'Taken into consideration (TIC)', needsNamedSuspect: true },
  5: { label: 'Offender died' },
  6: { label: 'Penalty notice for disorder', needsNamedSuspect: true },
  7: { label: 'Cannabis or khat warning', needsNamedSuspect: true },
  8: {
    label: 'Community resolution',
    needsNamedSuspect: true,
    needsVictimConsultationAndOffenderAcceptance: true,
  },
  9: { label: 'Prosecution not in the public interest (CPS)' },
  10: { label: 'Formal action not in the public interest (police)' },
  11: { label: 'Prosecution prevented – suspect under the age of criminal responsibility', needsNamedSuspect: true },
  12: { label: 'Prosecution prevented – named suspect too ill', needsNamedSuspect: true },
  13: { label: 'Prosecution prevented – victim or key witness dead or too ill', needsNamedSuspect: true },
  14: {
    label: 'Evidential difficulties – suspect not identified; victim does not support further action',
    needsNoSuspect: true,
    needsVictimNonSupport: true,
  },
  15: { label: 'Evidential difficulties – named suspect identified; victim supports action', needsNamedSuspect: true },
  16: {
    label: 'Evidential difficulties – named suspect identified; victim does not support further action',
    needsNamedSuspect: true,
    needsVictimNonSupport: true,
  },
  17: { label: 'Prosecution time limit expired', needsNamedSuspect: true },
  18: { label: 'Investigation complete – no suspect identified', needsNoSuspect: true },
  19: { label: 'National Fraud Intelligence Bureau filed – no viable lines of enquiry' },
  20: { label: 'Responsibility for further investigation transferred to another body' },
  21: {
    label: 'Further investigation to support formal action not in the public interest – police decision',
    needsNamedSuspect: true,
    needsPublicInterestRationale: true,
    needsVictimNotified: true,
    notForDomesticAbuseOrHate: true,
  },
  22: { label: 'Diversionary, educational or intervention activity; further action not in the public interest' },
}

export const OUTCOME_NUMBERS = Object.keys(OUTCOME_TYPES).map(Number)

/** What each outcome needs, in the API's words (GET /api/v1/outcome-types). */
export type OutcomeNeed =
  | 'named_suspect_or_offender'
  | 'no_suspect'
  | 'victim_non_support_statement'
  | 'victim_consulted_and_offender_accepted'
  | 'public_interest_rationale'
  | 'victim_notified'
  | 'not_domestic_abuse_or_hate_crime'

export function outcomeNeeds(outcome: OutcomeType): OutcomeNeed[] {
  const needs: Array<[boolean | undefined, OutcomeNeed]> = [
    [outcome.needsNamedSuspect, 'named_suspect_or_offender'],
    [outcome.needsNoSuspect, 'no_suspect'],
    [outcome.needsVictimNonSupport, 'victim_non_support_statement'],
    [outcome.needsVictimConsultationAndOffenderAcceptance, 'victim_consulted_and_offender_accepted'],
    [outcome.needsPublicInterestRationale, 'public_interest_rationale'],
    [outcome.needsVictimNotified, 'victim_notified'],
    [outcome.notForDomesticAbuseOrHate, 'not_domestic_abuse_or_hate_crime'],
  ]
  return needs.filter(([flag]) => flag === true).map(([, need]) => need)
}

/** What an officer records with an outcome, so the rule-13 checks can be made. */
export interface OutcomeEvidence {
  victimNonSupportStatement?: string | undefined
  victimConsulted?: boolean | undefined
  offenderAccepted?: boolean | undefined
  publicInterestRationale?: string | undefined
  victimNotified?: boolean | undefined
}

export interface OutcomeFacts {
  /** People linked to the crime as suspect or offender and not eliminated. */
  namedSuspects: number
  domesticAbuse: boolean
  hateCrime: boolean
}

/** Rules 12 and 13: exactly one outcome type 1–22, with what that outcome requires. Field names are form ids. */
export function outcomeProblems(
  outcomeType: number | undefined,
  evidence: OutcomeEvidence,
  facts: OutcomeFacts,
): FieldError[] {
  if (outcomeType === undefined || !Number.isInteger(outcomeType)) {
    return [{ field: 'outcomeType', message: 'Choose the outcome (Home Office outcome type 1 to 22)' }]
  }
  const outcome = OUTCOME_TYPES[outcomeType]
  if (!outcome) {
    return [
      {
        field: 'outcomeType',
        message:
          outcomeType === 0
            ? 'Outcome 0 means no outcome yet: choose an outcome type from 1 to 22'
            : `There is no outcome type ${outcomeType}: choose one from 1 to 22`,
      },
    ]
  }
  const problems: FieldError[] = []
  const label = `Outcome ${outcomeType}`
  if (outcome.needsNamedSuspect && facts.namedSuspects === 0) {
    problems.push({
      field: 'outcomeType',
      message: `${label} needs a named suspect or offender linked to the crime (${outcome.label.toLowerCase()}): add them with "Add a person"`,
    })
  }
  if (outcome.needsNoSuspect && facts.namedSuspects > 0) {
    problems.push({
      field: 'outcomeType',
      message: `${label} is only for crimes with no suspect identified, and this crime has a named suspect`,
    })
  }
  if (outcome.needsVictimNonSupport && (evidence.victimNonSupportStatement ?? '').trim() === '') {
    problems.push({
      field: 'victimNonSupportStatement',
      message: `${label} needs the victim's statement that they do not support further action`,
    })
  }
  if (outcome.needsVictimConsultationAndOffenderAcceptance) {
    if (evidence.victimConsulted !== true) {
      problems.push({
        field: 'victimConsulted',
        message: `${label} (community resolution) needs the victim to have been consulted`,
      })
    }
    if (evidence.offenderAccepted !== true) {
      problems.push({
        field: 'offenderAccepted',
        message: `${label} (community resolution) needs the offender to have accepted it`,
      })
    }
  }
  if (outcome.needsPublicInterestRationale && (evidence.publicInterestRationale ?? '').trim() === '') {
    problems.push({
      field: 'publicInterestRationale',
      message: `${label} needs the reason further investigation is not in the public interest`,
    })
  }
  if (outcome.needsVictimNotified && evidence.victimNotified !== true) {
    problems.push({ field: 'victimNotified', message: `${label} needs the victim to have been told of the decision` })
  }
  if (outcome.notForDomesticAbuseOrHate && (facts.domesticAbuse || facts.hateCrime)) {
    problems.push({
      field: 'outcomeType',
      message: `${label} is not used for ${facts.domesticAbuse ? 'domestic abuse' : 'hate crime'}`,
    })
  }
  return problems
}

/** The checks the IMU makes before filing (DOMAIN.md §2.3; rule 14). All must be confirmed. */
export const FILING_CHECKLIST = {
  classificationCorrect: 'The classification is correct',
  outcomeValid: 'The outcome is valid for this crime',
  victimToldOfOutcome: 'The victim has been told of the outcome',
  victimsCodeContactsDone: "Victims' Code contacts are done",
} as const satisfies Record<string, string>

export type FilingCheck = keyof typeof FILING_CHECKLIST
export const FILING_CHECKS = Object.keys(FILING_CHECKLIST) as FilingCheck[]

export function filingChecklistProblems(confirmed: readonly string[]): FieldError[] {
  const missing = FILING_CHECKS.filter((check) => !confirmed.includes(check))
  return missing.length === 0
    ? []
    : [
        {
          field: 'checklist',
          message: `Confirm every check before filing: ${missing.map((m) => FILING_CHECKLIST[m].toLowerCase()).join('; ')}`,
        },
      ]
}
