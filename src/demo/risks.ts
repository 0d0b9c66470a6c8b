import type { Actor } from '../platform/auth/actor.ts'
import { addDays } from '../platform/dates.ts'
import type { RisksService } from '../modules/risks/index.ts'

/**
 * The demo register: two risks a supervisor wrote, then a first check of the live indicators, which may raise
 * more by itself from the demo staff and queues (the demo seed's "risk register" step).
 */
export async function seedRisksDemo(risks: RisksService, actor: Actor, users: ReadonlyMap<string, string>) {
  const supervisor = users.get('supervisor')
  const registrar = users.get('registrar')
  if (!supervisor || !registrar) {
    throw new Error('The demo risks need the demo users (supervisor and registrar)')
  }
  const today = risks.today()
  await risks.create(actor, {
    title: 'Control-room recruits not released for crime-recording training',
    description:
      'New call handlers are rostered straight onto shifts and their crime-recording course bookings are cancelled, so calls that disclose crimes may not be recorded correctly at first contact.',
    ownerUserId: registrar,
    likelihood: 3,
    impact: 4,
    mitigations: 'Training days protected on the rota from next month; the FCR reviews cancelled bookings weekly.',
    status: 'treating',
    reviewDate: addDays(today, 28),
  })
  await risks.create(actor, {
    title: 'Outcomes confirmed without victim updates',
    description:
      'Crimes are filed without a record that the victim was told the outcome (Victims’ Code right 6), which an inspection would find.',
    ownerUserId: supervisor,
    likelihood: 2,
    impact: 3,
    mitigations: 'The filing checklist requires the victim update before a crime can be filed.',
    status: 'open',
    reviewDate: addDays(today, -3),
  })
  await risks.evaluateIndicators(actor, today)
}
