import { sql, type Kysely } from 'kysely'

/**
 * People and places (POLE persons and locations), how each person is involved in an incident or crime, and the
 * keys that make person search index-backed under row-level security.
 *
 * Facts about a person (names, aliases, date of birth) live on `person`; opinions about them (assessed as
 * vulnerable, risk notes) live in `person_assessment` with who made them and when, so the two are never
 * confused (DOMAIN.md §9 rule 22; DPA 2018 s.38).
 *
 * Search: a policy's `force_id = …` qual is applied before any non-leakproof operator, so a trigram `%` or
 * `similarity()` filter on `person` cannot use an index and reads every person in the force. Instead:
 * - each person's name tokens are stored in `person_name_key` as exact forms, double metaphone codes
 *   (fuzzystrmatch) and variant-group keys, and looked up with `=`, which is leakproof and index-backed;
 * - misspellings a phonetic code misses (Smirh, Thomson) are corrected against the force's vocabulary of name
 *   tokens (`person_name_token`) by `person_name_token_like`, a SECURITY DEFINER function that runs as the
 *   tables' owner (row-level security is enabled but not forced, so it does not apply to the owner), confines
 *   itself to the transaction's force explicitly, and can therefore use the trigram index.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create extension if not exists pg_trgm;
    create extension if not exists fuzzystrmatch;

    create table person (
      force_id integer not null default current_setting('tally.force_id', true)::integer,
      person_id uuid not null,
      given_name text not null check (length(given_name) <= 100),
      family_name text not null check (length(trim(family_name)) between 1 and 100),
      aliases text[] not null default '{}',
      date_of_birth date,
      -- The person's names (main name first, then each alias) normalised for ranking search results.
      name_forms text[] not null,
      version integer not null default 1,
      created_at timestamptz not null,
      created_by text not null,
      updated_at timestamptz not null,
      updated_by text not null,
      primary key (force_id, person_id)
    );
    create index person_by_date_of_birth on person (force_id, date_of_birth);
    select tally_scope_to_force('person');

    -- Derived from person: rewritten whenever the person's names change.
    create table person_name_key (
      force_id integer not null default current_setting('tally.force_id', true)::integer,
      key text not null,
      person_id uuid not null,
      primary key (force_id, key, person_id)
    );
    create index person_name_key_by_person on person_name_key (force_id, person_id);
    select tally_scope_to_force('person_name_key');

    -- The search keys of normalised name tokens (lower-case ASCII letters). One definition, used both when a
    -- person is stored and when a search is made, so the two always agree.
    create function person_name_keys(tokens text[]) returns setof text
      language sql immutable strict parallel safe as $fn$
        select distinct key from unnest(tokens) as token,
          lateral (values
            ('n:' || token),
            ('m:' || dmetaphone(token)),
            ('m:' || dmetaphone_alt(token))
          ) as keys(key)
        where token <> '' and key !~ ':$'
      $fn$;

    -- Every distinct name token in the force: the vocabulary misspelt search tokens are corrected against.
    create table person_name_token (
      force_id integer not null default current_setting('tally.force_id', true)::integer,
      token text not null check (token ~ '^[a-z]+$'),
      primary key (force_id, token)
    );
    create index person_name_token_trigram on person_name_token using gin (token gin_trgm_ops);
    select tally_scope_to_force('person_name_token');

    -- The force's name tokens spelt like each query token: trigram-similar (the GIN index) and at most two edits
    -- away (one for tokens of four letters or fewer), closest first, a few per query token. current_setting
    -- without missing_ok fails outside a force-scoped transaction rather than searching every force.
    create function person_name_token_like(tokens text[])
      returns table (query_token text, token text, similarity real)
      language sql stable strict security definer
      set search_path = public, pg_temp
      set pg_trgm.similarity_threshold = 0.3
      as $fn$
        select q.token, t.token, t.similarity
        from (select distinct unnest(tokens) as token) as q
        cross join lateral (
          select v.token, similarity(v.token, q.token) as similarity
          from person_name_token v
          where v.force_id = current_setting('tally.force_id')::integer
            and v.token % q.token
            and v.token <> q.token
            and levenshtein(v.token, q.token) <= case when length(q.token) <= 4 then 1 else 2 end
          order by similarity(v.token, q.token) desc, v.token
          limit 5
        ) as t
      $fn$;
    revoke all on function person_name_token_like(text[]) from public;
    grant execute on function person_name_token_like(text[]) to tally_app;

    create table person_involvement (
      force_id integer not null default current_setting('tally.force_id', true)::integer,
      involvement_id uuid not null,
      person_id uuid not null,
      -- Incidents and crimes belong to other modules: the record is named, not referenced by foreign key.
      record_type text not null check (record_type in ('incident', 'crime')),
      record_id text not null check (length(record_id) between 1 and 100),
      role text not null check (role in ('victim', 'witness', 'suspect', 'offender', 'reporting_person', 'other')),
      suspect_status text check (suspect_status in (
        'not_interviewed', 'interviewed', 'eliminated', 'insufficient_to_proceed', 'prosecution_prevented',
        'no_action_evidential_difficulties', 'no_action_time_limit_expired')),
      version integer not null default 1,
      created_at timestamptz not null,
      created_by text not null,
      updated_at timestamptz not null,
      updated_by text not null,
      primary key (force_id, involvement_id),
      foreign key (force_id, person_id) references person,
      -- Only a suspect has a suspect status, and every suspect has one (rule 22).
      check ((role = 'suspect') = (suspect_status is not null))
    );
    create unique index person_involvement_once
      on person_involvement (force_id, record_type, record_id, person_id, role);
    create index person_involvement_by_person on person_involvement (force_id, person_id, created_at);
    select tally_scope_to_force('person_involvement');

    -- Opinions, not facts: each is kept with who made it and when, and never overwritten.
    create table person_assessment (
      force_id integer not null default current_setting('tally.force_id', true)::integer,
      assessment_id uuid not null,
      person_id uuid not null,
      kind text not null check (kind in ('vulnerability', 'risk', 'other')),
      assessment text not null check (length(trim(assessment)) between 1 and 2000),
      assessed_at timestamptz not null,
      assessed_by_id text not null,
      assessed_by_name text not null,
      primary key (force_id, assessment_id),
      foreign key (force_id, person_id) references person
    );
    create index person_assessment_by_person on person_assessment (force_id, person_id, assessed_at);
    select tally_scope_to_force('person_assessment');

    create table location (
      force_id integer not null default current_setting('tally.force_id', true)::integer,
      location_id uuid not null,
      address text not null check (length(trim(address)) between 1 and 500),
      postcode text check (postcode ~ '^[A-Z]{1,2}[0-9][A-Z0-9]? [0-9][A-Z]{2}$'),
      latitude double precision check (latitude between -90 and 90),
      longitude double precision check (longitude between -180 and 180),
      lsoa_code text check (lsoa_code ~ '^[A-Z][0-9]{8}$'),
      lsoa_name text check (length(lsoa_name) <= 200),
      created_at timestamptz not null,
      created_by text not null,
      primary key (force_id, location_id),
      check ((latitude is null) = (longitude is null))
    );
    select tally_scope_to_force('location');
  `.execute(db)
}
