import { sql } from 'kysely'
import type { ForceTransaction } from '../../platform/db/database.ts'
import type { PersonTable } from '../../platform/db/tables/people.ts'
import { CANDIDATE_CAP, MATCH_WEIGHTS, SCORE_WEIGHTS, type NameQuery } from './people.rules.ts'

export interface NewPerson {
  personId: string
  givenName: string
  familyName: string
  aliases: string[]
  dateOfBirth: string | null
  nameForms: string[]
  createdAt: Date
  createdBy: string
}

export interface PersonChanges {
  givenName: string
  familyName: string
  aliases: string[]
  dateOfBirth: string | null
  nameForms: string[]
  updatedAt: Date
  updatedBy: string
}

export interface NewInvolvement {
  involvementId: string
  personId: string
  recordType: 'incident' | 'crime'
  recordId: string
  role: string
  suspectStatus: string | null
  createdAt: Date
  createdBy: string
}

export interface NewLocation {
  locationId: string
  address: string
  postcode: string | null
  latitude: number | null
  longitude: number | null
  lsoaCode: string | null
  lsoaName: string | null
  createdAt: Date
  createdBy: string
}

export interface PersonMatch {
  personId: string
  givenName: string
  familyName: string
  aliases: string[]
  dateOfBirth: string | null
  score: number
}

const PERSON_COLUMNS = [
  'personId',
  'givenName',
  'familyName',
  'aliases',
  'dateOfBirth',
  'version',
  'createdAt',
  'createdBy',
  'updatedAt',
  'updatedBy',
] as const satisfies ReadonlyArray<keyof PersonTable>

/**
 * How far a search counts the people behind each word to find the rarest. Counting stops here: the words are
 * then all too common for a search to consider every person behind them.
 */
const SIZING_CAP = CANDIDATE_CAP + 1

/**
 * The people module's tables: persons, their search keys and spelling vocabulary, involvements, assessments and
 * locations. Every method runs in the caller's force-scoped transaction.
 */
export class PeopleRepository {
  async insertPerson(tx: ForceTransaction, person: NewPerson): Promise<void> {
    await tx
      .insertInto('person')
      .values({ ...person, updatedAt: person.createdAt, updatedBy: person.createdBy })
      .execute()
  }

  findPerson(tx: ForceTransaction, personId: string) {
    return tx.selectFrom('person').select(PERSON_COLUMNS).where('personId', '=', personId).executeTakeFirst()
  }

  /** Changes a person's facts if nobody has since; undefined when `expectedVersion` is stale (or no such person). */
  updatePerson(tx: ForceTransaction, personId: string, expectedVersion: number, changes: PersonChanges) {
    return tx
      .updateTable('person')
      .set((eb) => ({ ...changes, version: eb('version', '+', 1) }))
      .where('personId', '=', personId)
      .where('version', '=', expectedVersion)
      .returning(PERSON_COLUMNS)
      .executeTakeFirst()
  }

  /**
   * Stores a person's search keys: exact and double metaphone keys of each token (computed here by
   * `person_name_keys`, the same function searches use), exact keys of joined-up names, and the variant-group
   * keys given; and adds any new tokens, with their one-letter-less forms, to the force's vocabulary.
   */
  async insertNameKeys(
    tx: ForceTransaction,
    personId: string,
    keys: { tokens: string[]; joinedTokens: string[]; variantKeys: string[] },
  ): Promise<void> {
    const tokens = [...keys.tokens, ...keys.joinedTokens]
    // The new tokens are found with `except`, not a correlated `not exists` over `unnest(…)`: Citus cannot plan a
    // correlated subquery beside a set-returning function.
    await sql`
      with new_key as (
        insert into person_name_key (person_id, key)
        select ${personId}::uuid, key
        from (
          select person_name_keys(${keys.tokens}::text[]) as key
          union select 'n:' || unnest(${keys.joinedTokens}::text[])
          union select unnest(${keys.variantKeys}::text[])
        ) as keys
        on conflict do nothing
      ),
      new_token as (
        select t.token from unnest(${tokens}::text[]) as t(token)
        except
        select s.token from person_name_spelling s where s.deletion = any(${tokens}::text[]) and s.token = s.deletion
      )
      insert into person_name_spelling (deletion, token)
      select deletion, token from new_token cross join lateral name_token_deletions(token) as deletion
      on conflict do nothing
    `.execute(tx)
  }

  async deleteNameKeys(tx: ForceTransaction, personId: string): Promise<void> {
    await tx.deleteFrom('personNameKey').where('personId', '=', personId).execute()
  }

  /**
   * People whose names match the query, best first (see `nameSearch`), and whether there were more people
   * behind the query's rarest word than a search considers.
   */
  async searchByName(tx: ForceTransaction, query: NameQuery): Promise<{ matches: PersonMatch[]; capped: boolean }> {
    const { rows } = await this.nameSearch(query).execute(tx)
    return {
      matches: rows.map(({ capped: _capped, ...match }) => match),
      capped: rows.some((row) => row.capped),
    }
  }

  /** The search's query plan, as PostgreSQL runs it (the test that proves it is index-backed reads this). */
  async explainNameSearch(tx: ForceTransaction, query: NameQuery): Promise<string> {
    const { rows } = await sql<Record<string, string>>`explain (analyze, costs off) ${this.nameSearch(query)}`.execute(
      tx,
    )
    return rows.map((row) => Object.values(row)[0]).join('\n')
  }

  /**
   * One statement:
   * 1. query_key: each query word's keys (exact and double metaphone by `person_name_keys`, variant groups,
   *    and exact keys of the vocabulary's tokens one or two edits away, found through their
   *    one-letter-less forms), with their weights.
   * 2. driver_position: the words with fewest people behind them (counted only up to the cap), as many as it
   *    takes that every person who could match enough words matches one of them.
   * 3. candidate_person: the people behind the driver words (up to the cap, strongest keys first); or, given a
   *    date of birth, everyone born that day (a few dozen even on a national index).
   * 4. hit: each candidate's own keys against every query word, through the key-by-person index.
   * 5. ranked: candidates matching enough words, scored by how well each word matched, then the trigram
   *    similarity and edit distance of the whole name.
   * Every read of person and person_name_key is an equality look-up on an index, so it is usable under
   * row-level security; the cost grows with the people behind the rarest word, not with the force.
   */
  private nameSearch(query: NameQuery) {
    const texts = query.tokens.map((token) => token.token)
    return sql<PersonMatch & { capped: boolean }>`
      with query_token as (
        select token, position, joined
        from unnest(
          ${texts}::text[],
          ${query.tokens.map((token) => token.position)}::integer[],
          ${query.tokens.map((token) => token.joined)}::boolean[]
        ) as q(token, position, joined)
      ),
      ${queryKeys(query)},
      ${candidatePeople(query)},
      hit as (
        select c.person_id, qk.position, max(qk.weight) as weight
        from candidate_person c
        join person_name_key nk
          on nk.force_id = current_setting('tally.force_id')::integer and nk.person_id = c.person_id
        join query_key qk on qk.key = nk.key
        group by c.person_id, qk.position
      ),
      candidate as (
        select person_id, sum(weight) / ${query.wordCount}::real as token_score
        from hit
        group by person_id
        having count(*) >= ${query.tokensRequired}
      ),
      ranked as (
        select p.person_id, p.given_name, p.family_name, p.aliases, p.date_of_birth, c.token_score,
          (select max(similarity(form, ${query.text})) from unnest(p.name_forms) as form) as name_similarity,
          (select max(1 - levenshtein(left(form, 255), left(${query.text}, 255))::real
                         / greatest(length(form), length(${query.text}), 1))
             from unnest(p.name_forms) as form) as edit_similarity
        from candidate c
        join person p on p.force_id = current_setting('tally.force_id')::integer and p.person_id = c.person_id
      )
      select person_id, given_name, family_name, aliases, date_of_birth,
        round((${SCORE_WEIGHTS.words} * token_score + ${SCORE_WEIGHTS.trigrams} * name_similarity
               + ${SCORE_WEIGHTS.edits} * greatest(edit_similarity, 0))::numeric, 3) as score,
        (select count(*) >= ${query.candidateCap} from candidate_person) as capped
      from ranked
      order by score desc, family_name, given_name, person_id
      limit ${query.limit}
    `
  }

  /** Everyone born on a date (a search by date of birth alone). */
  searchByDateOfBirth(tx: ForceTransaction, dateOfBirth: string, limit: number) {
    return tx
      .selectFrom('person')
      .select(['personId', 'givenName', 'familyName', 'aliases', 'dateOfBirth', sql<number>`1`.as('score')])
      .where('dateOfBirth', '=', dateOfBirth)
      .orderBy('familyName')
      .orderBy('givenName')
      .orderBy('personId')
      .limit(limit)
      .execute()
  }

  /**
   * The people born on one day whose main name, normalised, is `nameForm` (the date-of-birth index), earliest
   * recorded first.
   */
  peopleNamedAndBornOn(tx: ForceTransaction, nameForm: string, dateOfBirth: string) {
    return tx
      .selectFrom('person')
      .select(['personId', 'givenName', 'familyName', 'dateOfBirth'])
      .where('dateOfBirth', '=', dateOfBirth)
      .where(sql<string>`name_forms[1]`, '=', nameForm)
      .orderBy('createdAt')
      .orderBy('personId')
      .execute()
  }

  /** Links a person to a record; undefined when they are already linked in that role (the insert is a no-op). */
  insertInvolvement(tx: ForceTransaction, involvement: NewInvolvement) {
    return tx
      .insertInto('personInvolvement')
      .values({ ...involvement, updatedAt: involvement.createdAt, updatedBy: involvement.createdBy })
      .onConflict((oc) => oc.columns(['forceId', 'recordType', 'recordId', 'personId', 'role']).doNothing())
      .returning('involvementId')
      .executeTakeFirst()
  }

  findInvolvementOf(
    tx: ForceTransaction,
    link: { personId: string; recordType: 'incident' | 'crime'; recordId: string; role: string },
  ) {
    return tx
      .selectFrom('personInvolvement')
      .select(['involvementId', 'suspectStatus'])
      .where('recordType', '=', link.recordType)
      .where('recordId', '=', link.recordId)
      .where('personId', '=', link.personId)
      .where('role', '=', link.role)
      .executeTakeFirst()
  }

  findInvolvement(tx: ForceTransaction, involvementId: string) {
    return tx
      .selectFrom('personInvolvement')
      .select(['involvementId', 'personId', 'recordType', 'recordId', 'role', 'suspectStatus', 'version'])
      .where('involvementId', '=', involvementId)
      .executeTakeFirst()
  }

  updateInvolvement(
    tx: ForceTransaction,
    involvementId: string,
    expectedVersion: number,
    changes: { role: string; suspectStatus: string | null; updatedAt: Date; updatedBy: string },
  ) {
    return tx
      .updateTable('personInvolvement')
      .set((eb) => ({ ...changes, version: eb('version', '+', 1) }))
      .where('involvementId', '=', involvementId)
      .where('version', '=', expectedVersion)
      .returning(['involvementId', 'version'])
      .executeTakeFirst()
  }

  /** The people linked to one incident or crime, in the order they were linked. */
  involvementsFor(tx: ForceTransaction, recordType: 'incident' | 'crime', recordId: string) {
    return tx
      .selectFrom('personInvolvement as i')
      .innerJoin('person as p', (join) =>
        join.onRef('p.forceId', '=', 'i.forceId').onRef('p.personId', '=', 'i.personId'),
      )
      .select([
        'i.involvementId',
        'i.personId',
        'p.givenName',
        'p.familyName',
        'i.role',
        'i.suspectStatus',
        'p.dateOfBirth',
      ])
      .where('i.recordType', '=', recordType)
      .where('i.recordId', '=', recordId)
      .orderBy('i.createdAt')
      .orderBy('i.involvementId')
      .execute()
  }

  /**
   * Every incident and crime one person is linked to, newest first, with the reference people know the record by
   * (the crime reference, or the incident number).
   */
  involvementsOf(tx: ForceTransaction, personId: string) {
    return tx
      .selectFrom('personInvolvement as i')
      .select([
        'i.involvementId',
        'i.recordType',
        'i.recordId',
        'i.role',
        'i.suspectStatus',
        'i.version',
        'i.createdAt',
      ])
      .select(
        sql<string | null>`case i.record_type
          when 'crime' then (select c.crime_reference from crime c
            where c.force_id = i.force_id and c.crime_id::text = i.record_id)
          else (select n.incident_number from incident n
            where n.force_id = i.force_id and n.incident_id::text = i.record_id)
        end`.as('reference'),
      )
      .where('i.personId', '=', personId)
      .orderBy('i.createdAt', 'desc')
      .orderBy('i.involvementId', 'desc')
      .execute()
  }

  async insertAssessment(
    tx: ForceTransaction,
    assessment: {
      assessmentId: string
      personId: string
      kind: string
      assessment: string
      assessedAt: Date
      assessedById: string
      assessedByName: string
    },
  ): Promise<void> {
    await tx.insertInto('personAssessment').values(assessment).execute()
  }

  /** A person's assessments, newest first. */
  assessmentsOf(tx: ForceTransaction, personId: string) {
    return tx
      .selectFrom('personAssessment')
      .select(['assessmentId', 'kind', 'assessment', 'assessedAt', 'assessedById', 'assessedByName'])
      .where('personId', '=', personId)
      .orderBy('assessedAt', 'desc')
      .orderBy('assessmentId', 'desc')
      .execute()
  }

  async insertLocation(tx: ForceTransaction, location: NewLocation): Promise<void> {
    await tx.insertInto('location').values(location).execute()
  }

  findLocation(tx: ForceTransaction, locationId: string) {
    return tx
      .selectFrom('location')
      .select(['locationId', 'address', 'postcode', 'latitude', 'longitude', 'lsoaCode', 'lsoaName'])
      .where('locationId', '=', locationId)
      .executeTakeFirst()
  }
}

/**
 * The people a search looks at: those born on the date asked, or those holding a key of the rarest words. Composed,
 * not switched by a parameter: a branch switched off at run time is still planned, and may still start parallel
 * workers to scan nothing.
 */
function candidatePeople(query: NameQuery) {
  const drivers = query.wordCount - query.tokensRequired + 1
  return query.dateOfBirth
    ? sql`
      candidate_person as (
        select person_id from person
        where force_id = current_setting('tally.force_id')::integer and date_of_birth = ${query.dateOfBirth}::date
      )`
    : sql`
      position_size as (
        select w.position,
          (select count(*) from (
             select 1 from query_key qk
             join person_name_key nk on nk.force_id = current_setting('tally.force_id', true)::integer and nk.key = qk.key
             where qk.position = w.position
             limit ${SIZING_CAP}
           ) as capped) as size
        from (select distinct position from query_key) as w
      ),
      driver_position as (
        select position, size from position_size order by size, position limit ${drivers}
      ),
      candidate_person as (
        select distinct person_id from (
          select nk.person_id
          from (
            select qk.key, qk.weight from query_key qk join driver_position d on d.position = qk.position
            order by qk.weight desc, qk.key
          ) as driver_key
          cross join lateral (
            select person_id from person_name_key nk
            where nk.force_id = current_setting('tally.force_id', true)::integer and nk.key = driver_key.key
            limit ${query.candidateCap}
          ) as nk
          limit ${query.candidateCap}
        ) as by_name
      )`
}

/** Each word's keys with how much a match on it counts: exact, phonetic, a known variant, a near spelling. */
function queryKeys(query: NameQuery) {
  return sql`
      query_key as materialized (
        select position, key, max(weight) as weight
        from (
          select q.position, k.key,
            case left(k.key, 2) when 'n:' then ${MATCH_WEIGHTS.exact}::real else ${MATCH_WEIGHTS.phonetic}::real end
              as weight
          from query_token q cross join lateral person_name_keys(array[q.token]) as k(key)
          where not q.joined
          union all
          select q.position, 'n:' || q.token, ${MATCH_WEIGHTS.exact}::real
          from query_token q
          where q.joined
          union all
          select v.position, v.key, ${MATCH_WEIGHTS.variant}::real
          from unnest(
            ${query.variantKeys.map((v) => v.position)}::integer[],
            ${query.variantKeys.map((v) => v.key)}::text[]
          ) as v(position, key)
          union all
          select q.position, 'n:' || s.token, ${MATCH_WEIGHTS.spelling}::real - 0.1::real * (s.distance - 1)
          from query_token q
          cross join lateral (
            select distinct v.token, levenshtein(v.token, q.token) as distance
            from name_token_deletions(q.token) as d(deletion)
            join person_name_spelling v
              on v.force_id = current_setting('tally.force_id', true)::integer and v.deletion = d.deletion
            where v.token <> q.token
              and levenshtein(v.token, q.token) <= case when length(q.token) <= 4 then 1 else 2 end
            order by distance, v.token
            limit 5
          ) as s
        ) as keys
        group by position, key
      )`
}
