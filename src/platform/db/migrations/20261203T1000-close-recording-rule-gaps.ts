import { sql, type Kysely } from 'kysely'

/**
 * Closes the recording-rule gaps found in issue 10.
 *
 * - crime.recording_delay_seconds: an integer overflowed for a report made about 68 years after the offence
 *   (non-recent abuse is reported that late); now a double, exact for whole seconds far beyond any real delay
 *   (rule 2).
 * - crime.offence_groups_ever: every offence group the crime has ever been classified in, so a crime once
 *   classified as rape stays under the rape cancellation controls after reclassification (rule 6).
 * - offence_list_rule: per offence-list version, which of its groups are rape (rule 8 and the rule 6 controls)
 *   and the principal-crime ranking (rule 11), so a list with other group names cannot silently drop them.
 * - role_separation: per force, the roles nobody may hold together with a role (rule 9: the Force Crime
 *   Registrar outside operational line command). No rows means Tally's default.
 * - crime_by_victim_person: the duplicate check looks crimes up by the victims person search matched (rule 11).
 * - crime_transfer.receiving_force_code: the receiving force from the reference list of forces (rule 7).
 * - api_token: tokens already issued with the registrar's role are revoked: the registrar's decisions are a named
 *   person's, never a system's (rules 6 and 9).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table crime drop column recording_delay_seconds;
    alter table crime add column recording_delay_seconds double precision
      generated always as (extract(epoch from (recorded_at - reported_at))::double precision) stored;

    alter table crime add column offence_groups_ever text[] not null default '{}';
    update crime c set offence_groups_ever = coalesce(
      (select array_agg(distinct cc.offence_group order by cc.offence_group) from crime_classification cc
        where cc.force_id = c.force_id and cc.crime_id = c.crime_id),
      array[c.offence_group]);

    create table offence_list_rule (
      force_id integer not null default current_setting('tally.force_id', true)::integer,
      version text not null,
      rape_groups text[] not null check (cardinality(rape_groups) > 0),
      principal_ranking text[] not null,
      updated_at timestamptz not null,
      updated_by text not null,
      primary key (force_id, version),
      foreign key (force_id, version) references offence_code_version
    );
    select tally_scope_to_force('offence_list_rule');

    create table role_separation (
      force_id integer not null default current_setting('tally.force_id', true)::integer,
      role text not null,
      incompatible_roles text[] not null,
      updated_at timestamptz not null,
      updated_by text not null,
      version integer not null default 1,
      primary key (force_id, role)
    );
    select tally_scope_to_force('role_separation');

    -- Rule 11: duplicates are found by the victim as person search finds them (misspelt, no date of birth).
    create index crime_by_victim_person on crime (force_id, victim_person_id, offence_group)
      where victim_person_id is not null;

    alter table crime_transfer add column receiving_force_code text;

    update api_token set revoked_at = now(), revoked_by = 'migration 20261203T1000: role not for systems'
      where role = 'force_crime_registrar' and revoked_at is null;
  `.execute(db)
}
