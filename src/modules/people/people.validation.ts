import { FieldErrors } from '../../platform/http/errors.ts'
import {
  coordinateProblems,
  dateOfBirthProblem,
  isLsoaCode,
  nameForms,
  nameTokens,
  normalisePostcode,
} from './people.rules.ts'
import type { Location, LocationInput, PersonInput } from './people.types.ts'

const MAX_ALIASES = 20

/** A person's details, tidied and checked; throws ValidationFailed with every problem. */
export function validPerson(input: PersonInput, today: string) {
  const givenName = typeof input.givenName === 'string' ? input.givenName.trim().replace(/\s+/g, ' ') : ''
  const familyName = typeof input.familyName === 'string' ? input.familyName.trim().replace(/\s+/g, ' ') : ''
  const aliases = [
    ...new Set((input.aliases ?? []).map((alias) => String(alias).trim().replace(/\s+/g, ' ')).filter(Boolean)),
  ]
  const dateOfBirth = (input.dateOfBirth ?? '').trim()
  const errors = new FieldErrors()
    .check(givenName.length <= 100, 'givenName', 'Given name must be 100 characters or fewer')
    .check(givenName === '' || nameTokens(givenName).length > 0, 'givenName', 'Given name must contain letters')
  if (familyName === '') {
    errors.add('familyName', 'Enter the family name (surname); if the person has only one name, enter it here')
  } else {
    errors
      .check(familyName.length <= 100, 'familyName', 'Family name must be 100 characters or fewer')
      .check(nameTokens(familyName).length > 0, 'familyName', 'Family name must contain letters')
  }
  errors
    .check(aliases.length <= MAX_ALIASES, 'aliases', `Enter at most ${MAX_ALIASES} other names`)
    .check(
      aliases.every((alias) => alias.length <= 200),
      'aliases',
      'Each other name must be 200 characters or fewer',
    )
    .check(
      aliases.every((alias) => nameTokens(alias).length > 0),
      'aliases',
      'Each other name must contain letters',
    )
  if (dateOfBirth !== '') {
    const problem = dateOfBirthProblem(dateOfBirth, today)
    if (problem) {
      errors.add('dateOfBirth', problem)
    }
  }
  errors.throwIfAny()
  return {
    givenName,
    familyName,
    aliases,
    dateOfBirth: dateOfBirth === '' ? null : dateOfBirth,
    nameForms: nameForms(givenName, familyName, aliases),
  }
}

/** The facts about a person the audit trail records a change to. */
export function auditedFacts(person: {
  givenName: string
  familyName: string
  aliases: string[]
  dateOfBirth: string | null
}) {
  return {
    givenName: person.givenName,
    familyName: person.familyName,
    aliases: person.aliases,
    dateOfBirth: person.dateOfBirth,
  }
}

/** A place, tidied and checked; throws ValidationFailed with every problem. */
export function validLocation(input: LocationInput): Omit<Location, 'locationId'> {
  const address = typeof input.address === 'string' ? input.address.trim() : ''
  const postcodeText = (input.postcode ?? '').trim()
  const postcode = postcodeText === '' ? null : normalisePostcode(postcodeText)
  const lsoaCode = (input.lsoaCode ?? '').trim().toUpperCase()
  const lsoaName = (input.lsoaName ?? '').trim()
  const errors = new FieldErrors()
    .check(address !== '', 'address', 'Enter the address or a description of the place')
    .check(address.length <= 500, 'address', 'Address must be 500 characters or fewer')
    .check(postcode !== undefined, 'postcode', 'Enter a real postcode, like NN1 1DN')
    .check(
      lsoaCode === '' || isLsoaCode(lsoaCode),
      'lsoaCode',
      'LSOA code must be E01 or W01 followed by 6 digits, like E01027992',
    )
    .check(lsoaName.length <= 200, 'lsoaName', 'LSOA name must be 200 characters or fewer')
  for (const problem of coordinateProblems(input.latitude, input.longitude)) {
    errors.add(problem.field, problem.message)
  }
  errors.throwIfAny()
  return {
    address,
    postcode: postcode ?? null,
    latitude: input.latitude ?? null,
    longitude: input.longitude ?? null,
    lsoaCode: lsoaCode === '' ? null : lsoaCode,
    lsoaName: lsoaName === '' ? null : lsoaName,
  }
}
