import { OTHER_JUSTIFICATION } from '../crimes/index.ts'
import type { JustificationGiven } from './disclosures.rules.ts'

/** The radios of the force's reasons, then "another reason", for a justification form (rule 20). */
export function justificationItems(list: readonly string[], given: JustificationGiven) {
  return [
    ...list.map((reason, index) => ({
      value: reason,
      text: reason,
      checked: given.justification === reason,
      ...(index === 0 ? { id: 'justification' } : {}),
    })),
    { divider: 'or' },
    {
      value: OTHER_JUSTIFICATION,
      text: 'Another reason (type it below)',
      checked: given.justification === OTHER_JUSTIFICATION,
    },
  ]
}
