import type { Actor } from '../platform/auth/actor.ts'

/** A member of the demo force's staff with an account, and the hours their contract gives them. */
export interface TeamMember {
  actor: Actor
  contractedHours: number
  unitId: string | null
}

/**
 * Who does the demo's work: everyone in the staff list with their account, so each recording, decision and
 * allocation in the history is done by a person the staff pages show, in proportion to their hours.
 */
export interface DemoTeam {
  /** The control room: records crimes at first contact. */
  operators: TeamMember[]
  /** The IMU's decision makers and filing officers: recording decisions, classification, filing. */
  decisionMakers: TeamMember[]
  /** The IMU's head. */
  supervisors: TeamMember[]
  /** The Force Crime Registrar (cancellations of rape). */
  registrars: TeamMember[]
  /** The investigators who hold crimes allocated for investigation. */
  officers: TeamMember[]
}

/** Picks one member, each in proportion to their contracted hours. */
export function byHours(members: readonly TeamMember[], random: () => number): TeamMember {
  const total = members.reduce((sum, member) => sum + member.contractedHours, 0)
  let roll = random() * total
  for (const member of members) {
    roll -= member.contractedHours
    if (roll <= 0) {
      return member
    }
  }
  return members.at(-1)!
}
