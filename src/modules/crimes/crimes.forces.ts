/**
 * The police forces a crime can be transferred to (rule 7): the 43 territorial forces of England and Wales, the
 * British Transport Police and the Police Service of Northern Ireland, with police.uk's force ids as codes
 * (data.police.uk/api/forces; contains public sector information licensed under the Open Government Licence
 * v3.0). Police Scotland is not on police.uk; it is added here (OUR addition) because crimes committed in Scotland
 * are reported to forces in England and Wales too.
 */
export interface PoliceForce {
  code: string
  name: string
}

export const POLICE_FORCES: readonly PoliceForce[] = [
  { code: 'avon-and-somerset', name: 'Avon and Somerset Constabulary' },
  { code: 'bedfordshire', name: 'Bedfordshire Police' },
  { code: 'btp', name: 'British Transport Police' },
  { code: 'cambridgeshire', name: 'Cambridgeshire Constabulary' },
  { code: 'cheshire', name: 'Cheshire Constabulary' },
  { code: 'city-of-london', name: 'City of London Police' },
  { code: 'cleveland', name: 'Cleveland Police' },
  { code: 'cumbria', name: 'Cumbria Constabulary' },
  { code: 'derbyshire', name: 'Derbyshire Constabulary' },
  { code: 'devon-and-cornwall', name: 'Devon & Cornwall Police' },
  { code: 'dorset', name: 'Dorset Police' },
  { code: 'durham', name: 'Durham Constabulary' },
  { code: 'dyfed-powys', name: 'Dyfed-Powys Police' },
  { code: 'essex', name: 'Essex Police' },
  { code: 'gloucestershire', name: 'Gloucestershire Constabulary' },
  { code: 'greater-manchester', name: 'Greater Manchester Police' },
  { code: 'gwent', name: 'Gwent Police' },
  { code: 'hampshire', name: 'Hampshire Constabulary' },
  { code: 'hertfordshire', name: 'Hertfordshire Constabulary' },
  { code: 'humberside', name: 'Humberside Police' },
  { code: 'kent', name: 'Kent Police' },
  { code: 'lancashire', name: 'Lancashire Constabulary' },
  { code: 'leicestershire', name: 'Leicestershire Police' },
  { code: 'lincolnshire', name: 'Lincolnshire Police' },
  { code: 'merseyside', name: 'Merseyside Police' },
  { code: 'metropolitan', name: 'Metropolitan Police Service' },
  { code: 'norfolk', name: 'Norfolk Constabulary' },
  { code: 'north-wales', name: 'North Wales Police' },
  { code: 'north-yorkshire', name: 'North Yorkshire Police' },
  { code: 'northamptonshire', name: 'Northamptonshire Police' },
  { code: 'northern-ireland', name: 'Police Service of Northern Ireland' },
  { code: 'northumbria', name: 'Northumbria Police' },
  { code: 'nottinghamshire', name: 'Nottinghamshire Police' },
  { code: 'police-scotland', name: 'Police Scotland' },
  { code: 'south-wales', name: 'South Wales Police' },
  { code: 'south-yorkshire', name: 'South Yorkshire Police' },
  { code: 'staffordshire', name: 'Staffordshire Police' },
  { code: 'suffolk', name: 'Suffolk Constabulary' },
  { code: 'surrey', name: 'Surrey Police' },
  { code: 'sussex', name: 'Sussex Police' },
  { code: 'thames-valley', name: 'Thames Valley Police' },
  { code: 'warwickshire', name: 'Warwickshire Police' },
  { code: 'west-mercia', name: 'West Mercia Police' },
  { code: 'west-midlands', name: 'West Midlands Police' },
  { code: 'west-yorkshire', name: 'West Yorkshire Police' },
  { code: 'wiltshire', name: 'Wiltshire Police' },
]

/** A force by its code or its full name (either case), or undefined. */
export function findPoliceForce(value: string): PoliceForce | undefined {
  const wanted = value.trim().toLowerCase()
  return POLICE_FORCES.find((force) => force.code === wanted || force.name.toLowerCase() === wanted)
}
