/**
 * Offence indicators: words and two-word phrases that, in a report, point to a notifiable offence of a Home
 * Office offence group (the offence volumes of the Home Office Crime Recording Rules, DOMAIN.md §1.1), and a few
 * that point away from one (lost property, a medical call, an alarm). Each carries the words a records officer
 * reads as the reason.
 *
 * A term ending in `*` matches any word starting with it (`steal*`: steal, stealing); any other single term
 * matches the word's stem exactly, and a phrase matches two consecutive stems.
 *
 * The weights are log-odds: added together with the learnt word weights and passed through the logistic
 * function. They were set by hand from the recording rules, then checked against development data (see the
 * README's integrity section); they are a starting point each force's own verdicts adjust.
 */

export const OFFENCE_GROUPS = {
  'violence-against-the-person': 'Violence against the person',
  'sexual-offences': 'Sexual offences',
  robbery: 'Robbery',
  burglary: 'Burglary',
  'vehicle-offences': 'Vehicle offences',
  theft: 'Theft',
  'criminal-damage-and-arson': 'Criminal damage and arson',
  'drug-offences': 'Drug offences',
  'possession-of-weapons': 'Possession of weapons',
  'public-order-offences': 'Public order offences',
  fraud: 'Fraud',
  'miscellaneous-crimes': 'Miscellaneous crimes against society',
} as const satisfies Record<string, string>

export type OffenceGroup = keyof typeof OFFENCE_GROUPS

export function isOffenceGroup(value: string): value is OffenceGroup {
  return Object.hasOwn(OFFENCE_GROUPS, value)
}

export interface Indicator {
  /** One stem, or two joined by a space (a phrase). */
  term: string
  group: OffenceGroup | null
  weight: number
  reason: string
}

const V = 'violence-against-the-person'
const S = 'sexual-offences'
const R = 'robbery'
const B = 'burglary'
const VE = 'vehicle-offences'
const T = 'theft'
const D = 'criminal-damage-and-arson'
const DR = 'drug-offences'
const W = 'possession-of-weapons'
const P = 'public-order-offences'
const F = 'fraud'
const M = 'miscellaneous-crimes'

/** [term, group, weight, reason] — a declarative table. */
const TABLE: ReadonlyArray<readonly [string, OffenceGroup | null, number, string]> = [
  // Violence against the person
  ['assault*', V, 3, 'an assault is described'],
  ['batter*', V, 3, 'a battery is described'],
  ['punch*', V, 3, 'someone was punched'],
  ['kick*', V, 2.5, 'someone was kicked'],
  ['hit', V, 2, 'someone was hit'],
  ['strike', V, 2, 'someone was struck'],
  ['slap*', V, 2.5, 'someone was slapped'],
  ['stab*', V, 3.5, 'a stabbing is described'],
  ['shot', V, 2, 'a shooting is described'],
  ['shoot*', V, 2.5, 'a shooting is described'],
  ['bite', V, 1.5, 'someone was bitten'],
  ['choke', V, 3, 'someone was choked or strangled'],
  ['strangl*', V, 3.5, 'someone was strangled'],
  ['headbutt*', V, 3, 'someone was headbutted'],
  ['attack*', V, 2.5, 'an attack is described'],
  ['beat', V, 2, 'someone was beaten'],
  ['fight*', V, 1.5, 'a fight is described'],
  ['threat*', V, 2, 'a threat was made'],
  ['threaten', V, 2.5, 'a threat was made'],
  ['kill*', V, 1.5, 'a threat to kill or a killing is mentioned'],
  ['harass*', V, 2.5, 'harassment is described'],
  ['stalk*', V, 3, 'stalking is described'],
  ['domestic battery', V, 1, 'a domestic battery is described'],
  ['push', V, 1.5, 'someone was pushed'],
  ['fist', V, 2, 'fists were used'],
  ['physically abused', V, 2, 'physical abuse is described'],
  ['physical contact', V, 1, 'physical contact is described'],
  ['knock', V, 1.5, 'someone was knocked down'],
  ['throw', V, 1.5, 'something was thrown at someone'],
  ['chas', V, 1.5, 'someone was chased'],
  ['without provocation', V, 1, 'it was unprovoked'],
  ['unwant*', V, 1.5, 'unwanted contact is described'],
  ['annoy*', V, 1, 'annoying messages or calls are described'],
  ['shove', V, 1.5, 'someone was shoved'],
  ['grab*', V, 1.5, 'someone was grabbed'],
  ['spat', V, 1.5, 'someone was spat at'],
  ['injur*', V, 0.5, 'an injury is mentioned'],
  ['protection order', V, 2.5, 'a protection order was breached'],
  ['order violat', V, 2.5, 'a court order was breached'],
  // Sexual offences
  ['rape', S, 4, 'rape is reported'],
  ['sexual*', S, 3, 'a sexual offence is described'],
  ['sexual assault', S, 1.5, 'a sexual assault is described'],
  ['indecent', S, 2.5, 'indecent behaviour is described'],
  ['expos*', S, 2, 'indecent exposure is described'],
  ['grope', S, 3, 'someone was groped'],
  ['fondl*', S, 3, 'someone was touched sexually'],
  ['touched inappropriately', S, 2.5, 'someone was touched inappropriately'],
  ['masturbat*', S, 3, 'indecent exposure is described'],
  ['lewd', S, 3, 'a lewd act is described'],
  // Robbery
  ['robbery', R, 3.5, 'a robbery is described'],
  ['rob', R, 3.5, 'someone was robbed'],
  ['mug', R, 3, 'a mugging is described'],
  ['demand*', R, 1.5, 'property was demanded'],
  ['hand over', R, 3, 'property was demanded or handed over under threat'],
  ['at gunpoint', R, 2, 'property was taken at gunpoint'],
  ['gun', W, 2, 'a gun is mentioned'],
  ['knife', W, 2, 'a knife is mentioned'],
  ['handgun*', W, 2.5, 'a handgun is mentioned'],
  ['weapon*', W, 2, 'a weapon is mentioned'],
  ['firearm*', W, 2.5, 'a firearm is mentioned'],
  ['discharg*', W, 1, 'a firearm was discharged'],
  ['display', null, 0.5, 'something was displayed (often a weapon)'],
  // Burglary
  ['burglary', B, 3.5, 'a burglary is described'],
  ['burglar*', B, 3.5, 'a burglary is described'],
  ['break in', B, 3.5, 'a break-in is described'],
  ['broke into', B, 4, 'a break-in is described'],
  ['forc entry', B, 4, 'forced entry is described'],
  ['pri open', B, 2.5, 'something was prised open'],
  ['door forced', B, 4, 'a door was forced'],
  ['missing from', T, 2, 'property went missing from somewhere'],
  ['without permission', M, 1.5, 'entry or use without permission is described'],
  ['enter', null, 0.5, 'someone entered a place'],
  ['entry gained', B, 2.5, 'entry was gained'],
  // Vehicle offences
  ['vehicle stolen', VE, 3, 'a vehicle was stolen'],
  ['car stolen', VE, 3, 'a car was stolen'],
  ['from vehicl', VE, 1.5, 'something was taken from a vehicle'],
  ['window smash', D, 1.5, 'a window was smashed'],
  ['smash window', D, 1.5, 'a window was smashed'],
  ['joyrid', VE, 3, 'a vehicle was taken without consent'],
  // Theft
  ['steal*', T, 3.5, 'something was stolen'],
  ['theft*', T, 3.5, 'a theft is described'],
  ['thief', T, 3, 'a thief is mentioned'],
  ['took', T, 1.5, 'something was taken'],
  ['take', T, 2, 'something was taken'],
  ['take from', T, 1.5, 'something was taken from somewhere'],
  ['refused to', null, 1, 'someone refused'],
  ['secur', null, 0.5, 'property was secured'],
  ['pellet', D, 1, 'pellets were fired'],
  ['cut', D, 1, 'something was cut'],
  ['unknown person', null, 1.5, 'an unknown person is responsible'],
  ['unattend*', T, 1.5, 'property was left unattended and taken'],
  ['shoplift*', T, 3.5, 'shoplifting is described'],
  ['pickpocket*', T, 3.5, 'a pickpocketing is described'],
  ['snatch*', T, 2.5, 'something was snatched'],
  ['swipe', T, 1.5, 'something was swiped'],
  ['remov*', T, 1, 'something was removed'],
  ['without pay', T, 2.5, 'goods were taken without paying'],
  ['bike', T, 0.5, 'a bicycle is mentioned'],
  ['bicycl*', T, 0.5, 'a bicycle is mentioned'],
  ['bike rack', T, 1, 'a bicycle at a rack is mentioned'],
  // Criminal damage and arson
  ['damag*', D, 1.5, 'damage is described'],
  ['vandal*', D, 3, 'vandalism is described'],
  ['graffiti*', D, 3, 'graffiti is described'],
  ['smash*', D, 2, 'something was smashed'],
  ['broke', D, 1, 'something was broken'],
  ['break', D, 0.5, 'something was broken'],
  ['shatter*', D, 1.5, 'something was shattered'],
  ['scratch*', D, 1.5, 'something was scratched'],
  ['slash*', D, 2, 'something was slashed'],
  ['spray paint', D, 2, 'spray paint was used'],
  ['set fire', D, 3, 'a fire was set deliberately'],
  ['arson*', D, 3.5, 'arson is described'],
  ['deliberat*', null, 1, 'it was done deliberately'],
  ['criminal damag', D, 2, 'criminal damage is described'],
  // Drugs
  ['cannabi*', DR, 3, 'cannabis is mentioned'],
  ['marijuana*', DR, 3, 'cannabis is mentioned'],
  ['cocain*', DR, 3, 'cocaine is mentioned'],
  ['heroin*', DR, 3, 'heroin is mentioned'],
  ['narcotic*', DR, 2.5, 'narcotics are mentioned'],
  ['drug*', DR, 1.5, 'drugs are mentioned'],
  ['possess*', null, 1.5, 'possession is described'],
  ['deal', DR, 1, 'dealing is described'],
  // Public order
  ['trespass*', P, 1.5, 'trespass is described'],
  ['refus leav', P, 1.5, 'someone refused to leave'],
  ['abus*', P, 1.5, 'abuse is described'],
  ['racial*', P, 2, 'racially aggravated behaviour is described'],
  ['hate', P, 1, 'hostility is described'],
  ['intimidat*', P, 2, 'intimidation is described'],
  ['menac*', P, 2, 'menacing behaviour is described'],
  ['panhandl*', P, 1.5, 'begging or panhandling is described'],
  ['obscen*', P, 1.5, 'obscene behaviour is described'],
  // Fraud
  ['fraud*', F, 3.5, 'fraud is described'],
  ['scam*', F, 3, 'a scam is described'],
  ['ruse', F, 2, 'a ruse was used'],
  ['counterfeit*', F, 2.5, 'counterfeit goods or money are mentioned'],
  ['forg*', F, 2, 'forgery is described'],
  ['unauthor*', F, 2.5, 'an unauthorised transaction is described'],
  ['credit card', F, 1, 'a payment card is mentioned'],
  ['decept*', F, 2.5, 'deception is described'],
  ['fake', F, 1.5, 'something fake is mentioned'],
  ['impersonat*', F, 2, 'impersonation is described'],
  ['bomb threat', M, 3, 'a bomb threat was made'],
  // Who did it: an offender, suspect or unknown person points to a crime
  ['offend*', null, 1.5, 'an offender is mentioned'],
  ['suspect*', null, 1, 'a suspect is mentioned'],
  ['arrest*', null, 1.5, 'an arrest is mentioned'],
  ['officers found', null, 1.5, 'officers found something (a police discovery)'],
  ['unfound*', null, -2, 'it was found to be unfounded'],
  ['fled', null, 1.5, 'someone fled'],
  ['flee', null, 1.5, 'someone fled'],
  ['victim*', null, 1.5, 'a victim is named'],
  // Away from a crime
  ['lost', null, -3, '"lost" suggests lost property rather than theft'],
  ['lose', null, -3, '"losing" suggests lost property rather than theft'],
  ['misplac*', null, -3, '"misplaced" suggests lost property'],
  ['found', null, -1.5, 'property or a person was found'],
  ['turn in', null, -2, 'property was handed in'],
  ['medical', null, -3, 'a medical matter is described'],
  ['ambulanc*', null, -1.5, 'an ambulance attended'],
  ['hospital*', null, -0.5, 'a hospital is mentioned'],
  ['fell', null, -2.5, 'someone fell (an accident)'],
  ['fall', null, -2, 'someone fell (an accident)'],
  ['slip', null, -2, 'someone slipped (an accident)'],
  ['trip', null, -1.5, 'someone tripped (an accident)'],
  ['sick*', null, -2.5, 'someone was ill'],
  ['ill', null, -2, 'someone was ill'],
  ['accident*', null, -2.5, 'an accident is described'],
  ['accidental', null, -3, 'it was accidental'],
  ['collid*', null, -2, 'a collision is described'],
  ['alarm*', null, -2.5, 'an alarm activation'],
  ['smoke', null, -1.5, 'smoke or a fire alarm'],
  ['elevator*', null, -2, 'a lift or building fault'],
  ['water leak', null, -3, 'a building fault'],
  ['leak*', null, -2, 'a building fault'],
  ['welfar*', null, -2, 'a welfare matter'],
  ['mental health', null, -2.5, 'a mental health matter'],
  ['missing', null, -2, 'a missing person'],
  ['recover*', null, -1.5, 'property was recovered'],
  ['no crime', null, -3, 'no crime is stated'],
  ['no damag', null, -2, 'no damage is stated'],
  ['no injuries', null, -1.5, 'no injury is stated'],
  ['traffic*', null, -1.5, 'a traffic matter'],
  ['speed*', null, -2, 'a speeding matter'],
  ['warrant*', null, -2, 'an arrest on a warrant'],
  ['outstand warrant', null, -1, 'an arrest on a warrant'],
  ['liquor*', null, -1.5, 'an alcohol licensing matter'],
  ['underag*', null, -1, 'underage drinking'],
  ['assist*', null, -1, 'assistance to another agency'],
  ['inform*', null, -0.5, 'an information report'],
  ['dead', null, -1.5, 'a death'],
  ['deceas*', null, -1.5, 'a death'],
  ['unrespons*', null, -2, 'someone was unresponsive'],
  ['seizur*', null, -2.5, 'someone had a seizure'],
  ['intoxicat*', null, -1, 'someone was intoxicated'],
  ['lock out', null, -2, 'someone was locked out'],
  ['stuck', null, -2, 'someone was stuck'],
  ['civil*', null, -2, 'a civil matter'],
  ['disput', null, -0.5, 'a dispute'],
  ['noise*', null, -2, 'a noise complaint'],
  ['loud', null, -1.5, 'a noise complaint'],
  ['suspicious*', null, -1, 'suspicious circumstances only'],
]

export const INDICATORS: readonly Indicator[] = TABLE.map(([term, group, weight, reason]) => ({
  term,
  group,
  weight,
  reason,
}))

/**
 * What an incident's category says before anyone reads the narrative: a crime category is a strong prior, a
 * clearly non-crime one a weaker negative prior (a narrative can still disclose a crime under it).
 */
export const CATEGORY_PRIORS: Record<string, { weight: number; group: OffenceGroup | null }> = {
  'crime-violence': { weight: 2, group: V },
  'crime-sexual': { weight: 2, group: S },
  'crime-robbery': { weight: 2, group: R },
  'crime-burglary': { weight: 2, group: B },
  'crime-theft': { weight: 2, group: T },
  'crime-vehicle': { weight: 2, group: VE },
  'crime-damage': { weight: 2, group: D },
  'crime-fraud': { weight: 2, group: F },
  'crime-drugs': { weight: 2, group: DR },
  'crime-weapons': { weight: 2, group: W },
  'crime-public-order': { weight: 2, group: P },
  'crime-other': { weight: 1.5, group: M },
  'crime-related-incident': { weight: 1.5, group: null },
  'lost-found-property': { weight: -1, group: null },
  'sudden-death': { weight: -1, group: null },
  'missing-person': { weight: -0.5, group: null },
  'road-traffic-collision': { weight: -0.5, group: null },
  alarm: { weight: -1, group: null },
}
