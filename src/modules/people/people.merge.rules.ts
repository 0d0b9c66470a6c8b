import type { FieldError } from '../../platform/http/errors.ts'

/**
 * Combining duplicate person records (DOMAIN.md §9 rule 20: a combination is logged, and here reversible). The
 * duplicate's links move to the surviving person; where the survivor already has the same link (the same record
 * in the same role) the duplicate's is removed rather than doubled. Everything moved or removed is kept as it was,
 * so an unmerge puts back exactly those links and no others.
 */

export interface InvolvementLink {
  involvementId: string
  recordType: 'incident' | 'crime'
  recordId: string
  role: string
}

/** One involvement row exactly as it was, so a removed one can be written back. */
export interface StoredInvolvement extends InvolvementLink {
  suspectStatus: string | null
  version: number
  createdAt: string
  createdBy: string
  updatedAt: string
  updatedBy: string
}

/** What a merge moved (by id) or removed (in full): what person_merge.moved holds. */
export interface MovedLinks {
  involvementsMoved: InvolvementLink[]
  involvementsRemoved: StoredInvolvement[]
  crimesAsVictim: string[]
  incidentsAsReportingPerson: string[]
  victimCare: string[]
  assessments: string[]
}

const sameLink = (a: InvolvementLink, b: InvolvementLink) =>
  a.recordType === b.recordType && a.recordId === b.recordId && a.role === b.role

/** Which of the duplicate's involvements move, and which are removed because the survivor has them already. */
export function planInvolvements<T extends InvolvementLink>(
  duplicate: readonly T[],
  surviving: readonly InvolvementLink[],
): { move: T[]; remove: T[] } {
  const move: T[] = []
  const remove: T[] = []
  for (const link of duplicate) {
    ;(surviving.some((other) => sameLink(other, link)) ? remove : move).push(link)
  }
  return { move, remove }
}

/** The problems with a merge request, each naming its field. */
export function mergeProblems(input: {
  survivingPersonId: string
  duplicatePersonId?: string | undefined
  reason?: string | undefined
}): FieldError[] {
  const problems: FieldError[] = []
  const duplicate = (input.duplicatePersonId ?? '').trim()
  if (duplicate === '') {
    problems.push({ field: 'duplicatePersonId', message: 'Choose the duplicate record to merge into this one' })
  } else if (duplicate === input.survivingPersonId) {
    problems.push({ field: 'duplicatePersonId', message: 'A person cannot be merged into themselves' })
  }
  const reason = (input.reason ?? '').trim()
  if (reason.length < 10 || reason.length > 500) {
    problems.push({
      field: 'reason',
      message: 'Say why these are the same person (10 to 500 characters): it is kept in the audit trail',
    })
  }
  return problems
}

/** How many links a merge moved, for pages and the audit trail. */
export function movedCount(moved: MovedLinks): number {
  return (
    moved.involvementsMoved.length +
    moved.involvementsRemoved.length +
    moved.crimesAsVictim.length +
    moved.incidentsAsReportingPerson.length +
    moved.victimCare.length +
    moved.assessments.length
  )
}

/** The moved links as stored (JSON), read back defensively: a missing list is an empty one. */
export function readMovedLinks(json: unknown): MovedLinks {
  const value = (typeof json === 'string' ? JSON.parse(json) : json) as Partial<MovedLinks> | null
  return {
    involvementsMoved: value?.involvementsMoved ?? [],
    involvementsRemoved: value?.involvementsRemoved ?? [],
    crimesAsVictim: value?.crimesAsVictim ?? [],
    incidentsAsReportingPerson: value?.incidentsAsReportingPerson ?? [],
    victimCare: value?.victimCare ?? [],
    assessments: value?.assessments ?? [],
  }
}
