import type { Actor } from '../../platform/auth/actor.ts'
import { ukDate } from '../../platform/dates.ts'
import type { CrimesService } from '../../modules/crimes/index.ts'
import type { IncidentsService } from '../../modules/incidents/index.ts'
import { NO_PERSON_VICTIM } from './mix.ts'
import { HOUR } from './random.ts'

/** The last few hours' reports, recorded through the services (people, locations, audit) as in real use. */
export async function recordRecentReports(
  services: { incidents: IncidentsService; crimes: CrimesService },
  operator: Actor,
  now: Date,
  random: () => number,
  withPeople: boolean,
): Promise<{ incidents: number; crimes: number }> {
  const reports = [
    {
      category: 'crime-theft',
      code: '49',
      narrative: 'Phone taken from a table in a café on the high street.',
      address: 'Abington Street, Northampton',
      postcode: 'NN1 2AJ',
    },
    {
      category: 'crime-burglary',
      code: '28E',
      narrative: 'Back door forced overnight; laptop and jewellery taken.',
      address: 'Wellingborough Road, Northampton',
      postcode: 'NN1 4EY',
    },
    {
      category: 'crime-damage',
      code: '58C',
      narrative: 'Car windscreen smashed in the street.',
      address: 'Kettering Road, Northampton',
      postcode: 'NN1 4AZ',
    },
    {
      category: 'crime-violence',
      code: '105A',
      narrative: 'Caller pushed over outside a pub; no injury.',
      address: 'Bridge Street, Northampton',
      postcode: 'NN1 1NL',
    },
    {
      category: 'crime-theft',
      code: '46',
      narrative: 'Store detains a shoplifter; staff waiting with the suspect.',
      address: 'Gold Street, Northampton',
      postcode: 'NN1 1RA',
    },
  ] as const
  const victims = [
    { givenName: 'Hannah', familyName: 'Okoro' },
    { givenName: 'Liam', familyName: 'Patel' },
    { givenName: 'Grace', familyName: 'Whitfield' },
    { givenName: 'Tomasz', familyName: 'Nowak' },
  ]
  let crimes = 0
  for (const [index, report] of reports.entries()) {
    const receivedAt = new Date(now.getTime() - (index + 1) * 40 * 60_000)
    const offenceFrom = new Date(receivedAt.getTime() - random() * HOUR)
    const incident = {
      sourceSystem: 'DEMO-CAD',
      sourceReference: `CAD-${ukDate(now)}-${index + 1}`,
      channel: index % 2 === 0 ? '999' : '101',
      receivedAt: receivedAt.toISOString(),
      location: { address: report.address, postcode: report.postcode },
      ...(withPeople ? { reportingPerson: victims[index % victims.length]! } : {}),
      openingCategory: report.category,
      narrative: report.narrative,
    }
    if (index >= 3) {
      // Left for the recording decision: the queue has something in it today.
      await services.incidents.intake(operator, incident)
      continue
    }
    await services.crimes.record(operator, {
      incident,
      ...(NO_PERSON_VICTIM.has(report.code) ? {} : { victim: victims[index % victims.length]! }),
      offenceCode: report.code,
      offenceFrom: offenceFrom.toISOString(),
    })
    crimes += 1
  }
  return { incidents: reports.length, crimes }
}
