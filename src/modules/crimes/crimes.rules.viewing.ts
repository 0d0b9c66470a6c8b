// ---------------------------------------------------------------------------------------------------------------
// Rule 20: a justification before viewing a restricted crime record (DPA 2018 s.62: consultation logs must let
// the justification be established)

/** Tally's default reasons; a force sets its own list (OUR READING of the purposes a police force records). */
export const DEFAULT_VIEW_JUSTIFICATIONS: readonly string[] = [
  'Investigating this crime',
  'Supervising or reviewing the investigation',
  'Victim care or safeguarding',
  'Crime data integrity audit or quality check',
  'Preparing a file or disclosure for the CPS',
]

/** The value a page or the API sends for a reason typed instead of chosen from the list. */
export const OTHER_JUSTIFICATION = 'other'

/** The justification as recorded, or the problem with what was given (field `justification`). */
export function viewJustification(
  given: { justification?: string | undefined; justificationText?: string | undefined },
  list: readonly string[],
): { justification: string } | { problem: string } {
  const chosen = (given.justification ?? '').trim()
  const typed = (given.justificationText ?? '').trim()
  if (chosen === OTHER_JUSTIFICATION || (chosen === '' && typed !== '')) {
    return typed.length >= 10 && typed.length <= 500
      ? { justification: typed }
      : { problem: 'Type why you need to see this record (10 to 500 characters)' }
  }
  if (chosen === '') {
    return {
      problem:
        'This record is restricted: say why you need to see it before it is shown (the reason is kept with the view)',
    }
  }
  return list.includes(chosen)
    ? { justification: chosen }
    : { problem: `Choose one of the force’s reasons, or type your own: "${chosen}" is not one of them` }
}
