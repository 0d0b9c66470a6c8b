import type { Actor } from '../platform/auth/actor.ts'
import { addDays } from '../platform/dates.ts'
import type { TallyDatabase } from '../platform/db/database.ts'
import type { PeopleService } from '../modules/people/index.ts'

/**
 * Places for the demo force: real street locations from police.uk's April 2024 Northamptonshire street-level
 * crime file, as police.uk publishes them (anonymised "On or near" points, with their LSOA).
 * Contains public sector information licensed under the Open Government Licence v3.0.
 */
const DEMO_LOCATIONS: ReadonlyArray<readonly [string, number, number, string, string]> = [
  ['On or near Dennetts Close', 52.271528, -1.168031, 'E01035406', 'West Northamptonshire 010G'],
  ['On or near Robin Close', 52.380234, -0.688324, 'E01027086', 'North Northamptonshire 021C'],
  ['On or near Nene Walk', 52.2594, -0.91933, 'E01027243', 'West Northamptonshire 021D'],
  ['On or near Filey Court', 52.481575, -0.724379, 'E01026959', 'North Northamptonshire 007A'],
  ['On or near Frith Close', 52.460229, -0.731708, 'E01026956', 'North Northamptonshire 009D'],
  ['On or near Malborough Way', 52.092976, -0.88225, 'E01027284', 'West Northamptonshire 046C'],
  ['On or near Mulberry Close', 52.448387, -0.822012, 'E01032970', 'North Northamptonshire 013G'],
  ['On or near Sheaf Street', 52.256118, -1.162811, 'E01026992', 'West Northamptonshire 016D'],
  ['On or near Kenilworth', 52.476936, -0.714457, 'E01026968', 'North Northamptonshire 007G'],
  ['On or near George Nutt Court', 52.221178, -0.90253, 'E01027161', 'West Northamptonshire 038D'],
  ['On or near Brook Street West', 52.299576, -0.703613, 'E01027351', 'North Northamptonshire 032B'],
  ['On or near Stanion Lane', 52.488623, -0.676869, 'E01026957', 'North Northamptonshire 006A'],
  ['On or near Chase Hill', 52.440158, -0.686825, 'E01027103', 'North Northamptonshire 012B'],
  ['On or near Hibiscus Close', 52.239877, -0.854956, 'E01027255', 'West Northamptonshire 029A'],
  ['On or near Betjeman Court', 52.256165, -0.878988, 'E01027189', 'West Northamptonshire 025D'],
  ['On or near Denmark Close', 52.475101, -0.73686, 'E01026953', 'North Northamptonshire 009A'],
  ['On or near Nene Road', 52.304235, -0.596821, 'E01033245', 'North Northamptonshire 035E'],
  ['On or near Regent Street', 52.443307, -0.813879, 'E01027107', 'North Northamptonshire 013C'],
  ['On or near Wappenham Road', 52.072103, -1.082802, 'E01027261', 'West Northamptonshire 049A'],
  ['On or near Bellropes Square', 52.25579, -0.805921, 'E01027177', 'West Northamptonshire 026D'],
  ['On or near Reigate Walk', 52.474809, -0.720555, 'E01026968', 'North Northamptonshire 007G'],
  ['On or near Hill Street', 52.029341, -1.148526, 'E01027269', 'West Northamptonshire 053D'],
  ['On or near Fuller Street', 52.402031, -0.715723, 'E01027112', 'North Northamptonshire 017D'],
  ['On or near Rycroft Close', 52.307239, -0.714625, 'E01027310', 'North Northamptonshire 033B'],
  ['On or near Osbourne Close', 52.47078, -0.703109, 'E01032964', 'North Northamptonshire 008C'],
  ['On or near Woodside Walk', 52.254156, -0.924937, 'E01027244', 'West Northamptonshire 021E'],
  ['On or near Rossetti Road', 52.485056, -0.703072, 'E01026960', 'North Northamptonshire 007B'],
  ['On or near Mitchell Court', 52.3054, -0.697738, 'E01035432', 'North Northamptonshire 032E'],
  ['On or near Geddington Road', 52.486179, -0.667399, 'E01035398', 'North Northamptonshire 006H'],
  ['On or near Mays Way', 52.080342, -0.89443, 'E01027307', 'West Northamptonshire 050C'],
  ['On or near Merrivale Close', 52.38765, -0.740254, 'E01027116', 'North Northamptonshire 018D'],
  ['On or near Manor Farm Close', 52.330624, -1.202172, 'E01035400', 'West Northamptonshire 004E'],
  ['On or near Ravens Way', 52.247951, -0.812254, 'E01027140', 'West Northamptonshire 026A'],
  ['On or near St Bernards Court', 52.397135, -0.697964, 'E01027097', 'North Northamptonshire 019B'],
  ['On or near Hampton Court Close', 52.12731, -0.993874, 'E01027299', 'West Northamptonshire 047C'],
  ['On or near Rockingham Close', 52.403732, -0.729124, 'E01027105', 'North Northamptonshire 017A'],
  ['On or near Thornapple Close', 52.263835, -0.813705, 'E01027175', 'West Northamptonshire 009B'],
  ['On or near Faugere Close', 52.035447, -1.14857, 'E01027272', 'West Northamptonshire 051D'],
  ['On or near Orlingbury Road', 52.350625, -0.72175, 'E01027338', 'North Northamptonshire 026D'],
  ['On or near Gordon Street', 52.419494, -0.802489, 'E01035412', 'North Northamptonshire 014E'],
]

export const GIVEN_NAMES = [
  'Oliver',
  'Amelia',
  'Jack',
  'Olivia',
  'Harry',
  'Isla',
  'George',
  'Ava',
  'Noah',
  'Emily',
  'Charlie',
  'Sophie',
  'Thomas',
  'Grace',
  'James',
  'Jessica',
  'Daniel',
  'Chloe',
  'David',
  'Lucy',
  'Paul',
  'Emma',
  'Mark',
  'Laura',
  'Andrew',
  'Sarah',
  'Richard',
  'Rebecca',
  'Gary',
  'Nicola',
  'Kevin',
  'Michelle',
  'Darren',
  'Claire',
  'Lee',
  'Kelly',
  'Aaron',
  'Zoe',
  'Ryan',
  'Hannah',
  'Jamie',
  'Leanne',
  'Craig',
  'Natalie',
  'Dean',
  'Stacey',
  'Wayne',
  'Donna',
  'Sean',
  'Kerry',
  'Mohammed',
  'Fatima',
  'Ali',
  'Aisha',
  'Omar',
  'Maryam',
  'Hamza',
  'Zainab',
  'Bilal',
  'Priya',
  'Raj',
  'Anil',
  'Sunita',
  'Jakub',
  'Agnieszka',
  'Piotr',
  'Oksana',
  'Andrei',
  'Elena',
  'Kwame',
  'Ama',
  'Chinedu',
  'Ngozi',
  'Siobhan',
  'Niamh',
  'Ciaran',
  'Aoife',
]

export const FAMILY_NAMES = [
  'Smith',
  'Jones',
  'Taylor',
  'Brown',
  'Williams',
  'Wilson',
  'Johnson',
  'Davies',
  'Robinson',
  'Wright',
  'Thompson',
  'Evans',
  'Walker',
  'White',
  'Roberts',
  'Green',
  'Hall',
  'Wood',
  'Jackson',
  'Clarke',
  'Patel',
  'Khan',
  'Ahmed',
  'Hussain',
  'Ali',
  'Begum',
  'Shah',
  'Singh',
  'Kaur',
  'Kowalski',
  'Nowak',
  'Wisniewski',
  'Popescu',
  'Okafor',
  'Mensah',
  'Adeyemi',
  "O'Neill",
  "O'Brien",
  'Murphy',
  'Kelly',
  'MacDonald',
  'Campbell',
  'Stewart',
  'Hughes',
  'Edwards',
  'Turner',
  'Harris',
  'Martin',
  'Cooper',
  'King',
  'Morris',
  'Baker',
  'Lewis',
]

/**
 * The same people written more than one way, as they turn up on a real nominal index: what person search is
 * for. Each is a separate record here, so searching one finds the others.
 */
const VARIANT_CLUSTERS: ReadonlyArray<ReadonlyArray<readonly [string, string]>> = [
  [
    ['Mohammed', 'Khan'],
    ['Muhammad', 'Khan'],
    ['Mohamed', 'Kahn'],
  ],
  [
    ['Catherine', 'Smith'],
    ['Kathryn', 'Smyth'],
  ],
  [
    ['Siobhan', "O'Neill"],
    ['Shivaun', 'ONeil'],
  ],
  [
    ['Stephen', 'Thompson'],
    ['Steven', 'Thomson'],
  ],
  [
    ['Jon', 'Davies'],
    ['John', 'Davis'],
  ],
  [
    ['Sean', 'MacDonald'],
    ['Shaun', 'McDonald'],
  ],
  [
    ['Aisha', 'Hussain'],
    ['Ayesha', 'Hussein'],
  ],
  [
    ['William', 'Reid'],
    ['Bill', 'Reed'],
  ],
]

/** Street names and nicknames, each given to one person only: an alias points to one person, not a crowd. */
const ALIASES = [
  'Mo',
  'Jonny',
  'Big Dave',
  'Kaz',
  'Tommo',
  'Bex',
  'Smudge',
  'Taz',
  'Lil J',
  'Dee',
  'Spider',
  'Nuts',
  'Ginge',
  'Stretch',
  'Chalky',
  'Benji',
  'Fitz',
  'Razor',
  'Dazza',
  'Shorty',
  'Mack',
  'Tink',
  'Ozzy',
  'Red',
  'Scouse',
  'Bubbles',
]

const ASSESSMENTS: ReadonlyArray<readonly ['vulnerability' | 'risk' | 'other', string]> = [
  ['vulnerability', 'Assessed as vulnerable: lives alone and recently bereaved.'],
  ['vulnerability', 'Assessed as vulnerable: learning disability; needs an appropriate adult.'],
  ['risk', 'Risk of violence towards ex-partner assessed as medium (DASH completed).'],
  ['risk', 'Known to carry a knife, per intelligence report; approach with care.'],
  ['other', 'Prefers contact by text message; works night shifts.'],
]

/** A small deterministic generator (mulberry32), so every demo database has the same people. */
function random(seed: number): () => number {
  let state = seed
  return () => {
    state = (state + 0x6d2b79f5) | 0
    let t = Math.imul(state ^ (state >>> 15), 1 | state)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/**
 * Adds the demo force's people and places: a few hundred people (some written several ways, some with
 * aliases, dates of birth and assessments) and forty real street locations. Returns their ids so later demo
 * steps can link them to incidents and crimes.
 */
export async function addDemoPeople(
  db: TallyDatabase,
  people: PeopleService,
  actor: Actor,
  options: { count?: number } = {},
): Promise<{ personIds: string[]; locationIds: string[] }> {
  const count = options.count ?? 300
  const next = random(20261126)
  const pick = <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)]!
  const birthDate = () => addDays('1940-01-01', Math.floor(next() * 66 * 365.25))
  return db.withForce(actor.forceId, async (tx) => {
    const personIds: string[] = []
    const aliases = [...ALIASES]
    const add = async (givenName: string, familyName: string, index: number) => {
      const alias = index % 12 === 3 ? aliases.shift() : undefined
      const { personId } = await people.addPerson(tx, actor, {
        givenName,
        familyName,
        ...(alias ? { aliases: [alias] } : {}),
        ...(index % 5 !== 0 ? { dateOfBirth: birthDate() } : {}),
      })
      personIds.push(personId)
      if (index % 23 === 5) {
        const [kind, assessment] = pick(ASSESSMENTS)
        await people.addAssessment(tx, actor, personId, { kind, assessment })
      }
    }
    for (const cluster of VARIANT_CLUSTERS) {
      for (const [givenName, familyName] of cluster) {
        await add(givenName, familyName, personIds.length)
      }
    }
    while (personIds.length < count) {
      await add(pick(GIVEN_NAMES), pick(FAMILY_NAMES), personIds.length)
    }
    const locationIds: string[] = []
    for (const [address, latitude, longitude, lsoaCode, lsoaName] of DEMO_LOCATIONS) {
      const { locationId } = await people.addLocation(tx, actor, { address, latitude, longitude, lsoaCode, lsoaName })
      locationIds.push(locationId)
    }
    return { personIds, locationIds }
  })
}
