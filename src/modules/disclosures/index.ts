/**
 * Disclosures (DOMAIN.md §9 rule 20, DPA 2018 s.62): each disclosure of a crime record outside the force is
 * recorded with who received it and why; exports ask for a justification first through `justificationFor`.
 */
export { DisclosuresService, type Disclosure, type DisclosureSources } from './disclosures.service.ts'
export { DisclosuresRepository, type DisclosureRow } from './disclosures.repository.ts'
export { disclosuresApi } from './disclosures.api.ts'
export { disclosuresPages } from './disclosures.pages.ts'
export { justificationItems } from './disclosures.views.ts'
export { ExportJustification } from './disclosures.schemas.ts'
export {
  disclosureRecipient,
  justificationFor,
  type JustificationCheck,
  type JustificationGiven,
} from './disclosures.rules.ts'
