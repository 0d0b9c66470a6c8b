import { makeActor, type Actor } from '../platform/auth/actor.ts'
import type { PartnersService } from '../modules/partners/index.ts'

const DAY_MS = 24 * 60 * 60 * 1000

export interface PartnersDemoDeps {
  partners: PartnersService
  /** Records a theft from an incident as the IMU would (the crimes module's record). */
  recordTheft: (
    actor: Actor,
    incidentId: string,
    victim: { givenName: string; familyName: string },
    offenceFrom: Date,
  ) => Promise<unknown>
  now: () => Date
}

/**
 * The demo `partner` user's school, with reports waiting in the IMU's triage queue and one the IMU recorded as
 * a crime, so the partner, the triager and the administrator each have something to look at.
 */
export async function seedPartnersDemo(
  deps: PartnersDemoDeps,
  actor: Actor,
  users: ReadonlyMap<string, string>,
): Promise<void> {
  const { organisationId } = await deps.partners.createOrganisation(actor, {
    name: 'St Anne’s Primary School',
    kind: 'school',
    contact: 'Priya Nair, designated safeguarding lead, 01604 000 111',
  })
  await deps.partners.createOrganisation(actor, {
    name: 'Northampton General Hospital safeguarding team',
    kind: 'hospital',
    contact: 'Safeguarding office, 01604 000 222',
  })
  const partnerId = users.get('partner')
  if (partnerId === undefined) {
    return
  }
  await deps.partners.addMember(actor, organisationId, partnerId)
  const partner = makeActor({
    forceId: actor.forceId,
    type: 'user',
    id: partnerId,
    name: 'Priya Nair (St Anne’s School)',
    roles: ['partner_reporter'],
  })
  const daysAgo = (days: number) => new Date(deps.now().getTime() - days * DAY_MS)
  const common = {
    address: 'St Anne’s Primary School, Mill Lane, Northampton',
    postcode: 'NN1 1AA',
    consentToShare: true,
  }

  const stolen = await deps.partners.submit(partner, {
    ...common,
    partnerReference: 'SA-2026-031',
    kind: 'theft',
    whatHappened: 'A pupil’s mobile phone was taken from her coat in the cloakroom during morning lessons.',
    happenedAt: daysAgo(6),
    anonymous: false,
    victim: { givenName: 'Lily', familyName: 'Morgan', dateOfBirth: '2015-04-12' },
    wantsPoliceContact: true,
  })
  await deps.partners.submit(partner, {
    ...common,
    partnerReference: 'SA-2026-034',
    kind: 'online',
    whatHappened: 'A Year 6 pupil has been sent threatening messages by an older boy through a gaming app.',
    happenedAt: daysAgo(2),
    anonymous: false,
    victim: { givenName: 'Noah', familyName: 'Clarke' },
    wantsPoliceContact: true,
  })
  await deps.partners.submit(partner, {
    ...common,
    partnerReference: 'SA-2026-035',
    kind: 'violence',
    whatHappened: 'A parent was pushed over at the school gate by another parent after an argument about parking.',
    happenedAt: daysAgo(1),
    anonymous: true,
    wantsPoliceContact: false,
  })

  const imu = makeActor({
    forceId: actor.forceId,
    type: 'system',
    id: 'system',
    name: 'Demo IMU triage',
    roles: ['imu_decision_maker'],
  })
  await deps.recordTheft(imu, stolen.report.incidentId, { givenName: 'Lily', familyName: 'Morgan' }, daysAgo(6))
  await deps.partners.decide(imu, stolen.report.reportId, {
    decision: 'recorded_as_crime',
    expectedVersion: stolen.report.version,
  })
}
