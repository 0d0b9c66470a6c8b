import type { ForceId } from './platform.ts'

/** A record disclosed outside the force: to whom, why and what (rule 20, DPA 2018 s.62). */
export interface DisclosureTable {
  forceId: ForceId
  disclosureId: string
  recordType: 'crime'
  recordId: string
  recipientName: string
  recipientOrganisation: string
  justification: string
  whatWasDisclosed: string
  disclosedAt: Date
  disclosedById: string
  disclosedByName: string
}

export interface DisclosuresTables {
  disclosure: DisclosureTable
}
