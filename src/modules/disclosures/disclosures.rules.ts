import type { FieldError } from '../../platform/http/errors.ts'

/**
 * Rule 20 (DPA 2018 s.62): disclosure logs must let the justification, the date and time, who disclosed and the
 * recipients be established. An export of records with personal data is a disclosure too (to whoever holds the
 * file), so it asks for the same justification first.
 */

/** How the force's list is checked (crimes' viewJustification: one of the list, or typed). */
export type JustificationCheck = (
  given: { justification?: string | undefined; justificationText?: string | undefined },
  list: readonly string[],
) => { justification: string } | { problem: string }

export interface JustificationGiven {
  justification?: string | undefined
  justificationText?: string | undefined
}

/** The justification for an export or disclosure as recorded, or the problem (field `justification`). */
export function justificationFor(
  purpose: 'export' | 'disclosure',
  given: JustificationGiven,
  list: readonly string[],
  check: JustificationCheck,
): { justification: string } | { problem: string } {
  const chosen = (given.justification ?? '').trim()
  const typed = (given.justificationText ?? '').trim()
  if (chosen === '' && typed === '') {
    return {
      problem:
        purpose === 'export'
          ? 'Say why you are exporting these records: the reason is kept with the export in the audit trail'
          : 'Say why the record is being disclosed: the reason is kept with the disclosure in the audit trail',
    }
  }
  return check(given, list)
}

export interface DisclosureInput {
  recipientName?: string | undefined
  recipientOrganisation?: string | undefined
  whatWasDisclosed?: string | undefined
}

export interface DisclosureRecipient {
  recipientName: string
  recipientOrganisation: string
  whatWasDisclosed: string
}

const LIMITS = { recipientName: 200, recipientOrganisation: 200, whatWasDisclosed: 1000 } as const

const MISSING: Record<keyof typeof LIMITS, string> = {
  recipientName: 'Enter the name of the person who received the record',
  recipientOrganisation: 'Enter the organisation they work for (or "Member of the public")',
  whatWasDisclosed: 'Say what was disclosed (for example, the crime report and the victim’s statement)',
}

/** The recipient and what they received, trimmed, or every field's problem. */
export function disclosureRecipient(
  input: DisclosureInput,
): { recipient: DisclosureRecipient } | { problems: FieldError[] } {
  const problems: FieldError[] = []
  const value = (field: keyof typeof LIMITS): string => {
    const text = (input[field] ?? '').trim()
    if (text === '') {
      problems.push({ field, message: MISSING[field] })
    } else if (text.length > LIMITS[field]) {
      problems.push({ field, message: `Use ${LIMITS[field]} characters or fewer` })
    }
    return text
  }
  const recipient = {
    recipientName: value('recipientName'),
    recipientOrganisation: value('recipientOrganisation'),
    whatWasDisclosed: value('whatWasDisclosed'),
  }
  return problems.length > 0 ? { problems } : { recipient }
}
