import type { Actor } from '../platform/auth/actor.ts'
import type { UnitInput } from '../modules/directory/index.ts'
import type { DirectoryService } from '../modules/directory/index.ts'

/**
 * The demo force's unit directory: the units a crime passes through, written the way a force would describe
 * them to its own control room. None of these places or numbers are real.
 */
export const DEMO_UNITS: readonly UnitInput[] = [
  {
    name: 'Force Control Room',
    unitType: 'control_room',
    function:
      'Answers 999 and 101 calls and online reports, creates incidents, dispatches officers and makes the crime-recording decision at first contact where it can.',
    location: 'Force Headquarters, Riverside House, ground floor',
    hours: 'Always open (24 hours, every day)',
    contact: 'Duty inspector: extension 3100; control.room@demo.police.uk',
    whatToSend:
      'Nothing from the IMU: it sends work out. Call the duty inspector about an incident still open, or to ask for a control-room operator to be released for training.',
    takesWork: [],
    active: true,
  },
  {
    name: 'Investigation Management Unit (IMU)',
    unitType: 'investigation_management',
    function:
      'Makes crime-recording decisions the control room could not, checks classification, allocates crimes to investigators, quality-checks closing reports and files crimes. Headed by a detective inspector.',
    location: 'Force Headquarters, Riverside House, first floor, room 1.14',
    hours: 'Monday to Friday 7am to 7pm; weekends and bank holidays 8am to 4pm',
    contact: 'Extension 3350; imu@demo.police.uk',
    whatToSend:
      'Incidents that disclose a crime where the recording decision is not yet made; crimes needing classification, allocation or filing; any question about a crime record. Use the incident or crime page, not email, so the clock is kept.',
    takesWork: ['incident', 'crime'],
    active: true,
  },
  {
    name: 'Criminal Investigation Department (CID)',
    unitType: 'investigation',
    function: 'Investigates serious and complex crime allocated to it by the IMU.',
    location: 'Northgate police station, second floor',
    hours: 'Monday to Friday 8am to 6pm; on-call detective sergeant out of hours',
    contact: 'CID office: extension 4200; out of hours via the control room',
    whatToSend: 'Crimes allocated by the IMU for investigation. Do not send incidents directly.',
    takesWork: ['crime'],
    active: true,
  },
  {
    name: 'Response Team North',
    unitType: 'response',
    function: 'Attends emergency and priority incidents in the north of the county and takes initial reports.',
    location: 'Eastfield police station',
    hours: 'Always on duty (five shifts)',
    contact: 'Response sergeant via radio channel NTH-1 or extension 5100',
    whatToSend: 'Incidents needing attendance, through dispatch.',
    takesWork: ['incident'],
    active: true,
  },
  {
    name: 'Response Team South',
    unitType: 'response',
    function: 'Attends emergency and priority incidents in the south of the county and takes initial reports.',
    location: 'Northgate police station',
    hours: 'Always on duty (five shifts)',
    contact: 'Response sergeant via radio channel STH-1 or extension 5200',
    whatToSend: 'Incidents needing attendance, through dispatch.',
    takesWork: ['incident'],
    active: true,
  },
  {
    name: 'Multi-Agency Safeguarding Hub (MASH)',
    unitType: 'safeguarding',
    function: 'Assesses risk to children and vulnerable adults with social care, health and education partners.',
    location: 'Civic Centre, Market Street, fourth floor',
    hours: 'Monday to Friday 8:30am to 5pm',
    contact: 'Extension 6000; mash@demo.police.uk',
    whatToSend: 'Crimes and incidents involving a child or vulnerable adult at risk, with the safeguarding referral.',
    takesWork: ['incident', 'crime'],
    active: true,
  },
  {
    name: 'Victim and Witness Care Hub',
    unitType: 'victim_care',
    function:
      'Keeps victims informed under the Victims’ Code, carries out needs assessments and refers victims to support services.',
    location: 'Force Headquarters, Riverside House, first floor, room 1.02',
    hours: 'Monday to Friday 8am to 8pm; Saturday 9am to 1pm',
    contact: 'Extension 3700; victim.care@demo.police.uk',
    whatToSend: 'Crimes where the victim needs an update, a needs assessment or a referral.',
    takesWork: ['crime'],
    active: true,
  },
  {
    name: 'Force Crime Registrar’s Office',
    unitType: 'other',
    function:
      'The Force Crime Registrar and crime data integrity auditors: final say on classification and cancellation, and the force’s audit programme.',
    location: 'Force Headquarters, Riverside House, second floor',
    hours: 'Monday to Friday 9am to 5pm',
    contact: 'Extension 3900; fcr@demo.police.uk',
    whatToSend: 'Requests for cancellation authorisation and disputed classification decisions.',
    takesWork: [],
    active: true,
  },
]

/** Adds the demo units (the demo seed's "unit directory" step). */
export async function seedDirectoryDemo(directory: DirectoryService, actor: Actor): Promise<void> {
  for (const unit of DEMO_UNITS) {
    await directory.createUnit(actor, unit)
  }
}
