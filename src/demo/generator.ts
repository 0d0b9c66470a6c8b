/**
 * `tally generate`: fills one force, or many new ones, with realistic synthetic crimes and their status history
 * (and, optionally, the incidents they came from), at set-based insert speed: each batch is a few INSERT … SELECT
 * statements over generate_series, not a row at a time, so it works the same on PostgreSQL and PGlite. For load
 * testing the queues and dashboards (`npm run bench`), and for the demo's growing backlog.
 *
 * The crimes follow the workflow (crimes.workflow.ts): recorded → classification confirmed → allocated →
 * investigated → submitted for filing → IMU quality check (5% returned to the officer and resubmitted) → filed,
 * each step at a realistic delay, so today's queues hold what a force of that size holds. The IMU's own steps
 * (classification check, allocation) happen in its office hours, so evening, night and weekend reports wait for
 * the next working morning. Arrivals are spread evenly over the days asked for, so a longer history adds filed
 * crimes, not bigger queues. References carry an "S" (`NTH/26/S0001234`) and are numbered from a block reserved
 * in the force's reference counter (year 0), so they never clash with real ones. Outcomes are ones that need
 * nothing further (rule 13), so generated crimes can be worked through the crimes service like any other.
 */
import { sql } from 'kysely'
import type { TallyDatabase } from '../platform/db/database.ts'
import { ValidationFailed } from '../platform/http/errors.ts'
import type { Transaction } from 'kysely'
import type { Database } from '../platform/db/schema.ts'
import { CrimesRepository, LIVE_STATUSES } from '../modules/crimes/index.ts'
import { bankHolidays } from '../platform/calendar/working-days.ts'
import { NO_PERSON_VICTIM } from './crimes/mix.ts'
import { OFFICE_CLOSES_HOUR, OFFICE_OPENS_HOUR, PICK_UP_HOURS } from './office-hours.ts'

/** A realistic mix of offences (the commonest Home Office codes, roughly in their national proportions). */
export const OFFENCE_MIX: ReadonlyArray<{ code: string; group: string; weight: number; category: string }> = [
  { code: '105A', group: 'violence-without-injury', weight: 13, category: 'crime-violence' },
  { code: '8N', group: 'violence-with-injury', weight: 10, category: 'crime-violence' },
  { code: '8R', group: 'harassment', weight: 8, category: 'crime-violence' },
  { code: '8L', group: 'harassment', weight: 5, category: 'crime-violence' },
  { code: '8Q', group: 'violence-without-injury', weight: 3, category: 'crime-violence' },
  { code: '3B', group: 'violence-without-injury', weight: 1, category: 'crime-violence' },
  { code: '46', group: 'theft-offences', weight: 9, category: 'crime-theft' },
  { code: '49', group: 'other-theft-offences', weight: 8, category: 'crime-theft' },
  { code: '39', group: 'theft-offences', weight: 1.5, category: 'crime-theft' },
  { code: '49A', group: 'other-theft-offences', weight: 1.5, category: 'crime-theft' },
  { code: '45', group: 'theft-from-a-vehicle', weight: 4, category: 'crime-vehicle' },
  { code: '48', group: 'theft-of-a-motor-vehicle', weight: 2, category: 'crime-vehicle' },
  { code: '126', group: 'vehicle-interference', weight: 1, category: 'crime-vehicle' },
  { code: '44', group: 'bicycle-theft', weight: 2, category: 'crime-theft' },
  { code: '28E', group: 'domestic-burglary', weight: 4, category: 'crime-burglary' },
  { code: '30C', group: 'non-domestic-burglary', weight: 2, category: 'crime-burglary' },
  { code: '58D', group: 'criminal-damage', weight: 4, category: 'crime-damage' },
  { code: '58C', group: 'criminal-damage', weight: 3, category: 'crime-damage' },
  { code: '58A', group: 'criminal-damage', weight: 2, category: 'crime-damage' },
  { code: '56B', group: 'arson', weight: 0.5, category: 'crime-damage' },
  { code: '34B', group: 'robbery', weight: 1.5, category: 'crime-robbery' },
  { code: '92D', group: 'possession-of-drugs', weight: 1.5, category: 'crime-drugs' },
  { code: '92E', group: 'possession-of-drugs', weight: 1.5, category: 'crime-drugs' },
  { code: '92A', group: 'trafficking-of-drugs', weight: 0.5, category: 'crime-drugs' },
  { code: '10D', group: 'possession-of-weapons-offences', weight: 1, category: 'crime-weapons' },
  { code: '66', group: 'public-order-offences', weight: 2, category: 'crime-public-order' },
  { code: '20A', group: 'other-sexual-offences', weight: 1, category: 'crime-sexual' },
  { code: '19C', group: 'rape', weight: 0.6, category: 'crime-sexual' },
  { code: '54', group: 'miscellaneous-crimes-against-society', weight: 0.5, category: 'crime-other' },
]

/** Outcomes that need no linked suspect or further evidence (rule 13), with their share. */
const OUTCOME_MIX: ReadonlyArray<{ type: number; weight: number }> = [
  { type: 18, weight: 55 },
  { type: 1, weight: 12 },
  { type: 3, weight: 6 },
  { type: 10, weight: 10 },
  { type: 20, weight: 7 },
  { type: 22, weight: 10 },
]

export interface GenerateOptions {
  forceId: number
  /** Crimes to add to this force. */
  crimes: number
  /** Spread evenly over this many days, ending `endDaysAgo` days before `now`. */
  days: number
  endDaysAgo?: number
  now: Date
  /** People who hold crimes (officers in the case; an id given twice holds twice as many) and their units. */
  officers: readonly string[]
  units: readonly string[]
  referencePrefix: string
  offenceCodeVersion: string
  /** Also the incidents the crimes came from, and a day's worth awaiting a recording decision. */
  incidents?: boolean
  /**
   * The unit stops keeping up with filing this many days ago: a growing share of what is submitted stays awaiting
   * filing (two experienced staff away, as in 2014). Used by the demo.
   */
  filingStallDays?: number
  /** Who records and moves the crimes on (the names in their history); without it, "Tally generator". */
  doneBy?: ReadonlyArray<{ id: string; name: string }>
  /** People to be the victims of crimes whose offence has a person as its victim. */
  victims?: readonly string[]
  seed?: number
  batchSize?: number
  onProgress?: (crimesDone: number) => void
}

export interface GenerateResult {
  crimes: number
  statusChanges: number
  incidents: number
}

/** A CASE expression picking from weighted items by a uniform random column. */
function choose<T extends { weight: number }>(column: string, items: readonly T[], value: (item: T) => string) {
  const total = items.reduce((sum, item) => sum + item.weight, 0)
  let cumulative = 0
  const branches = items.map((item, index) => {
    cumulative += item.weight / total
    return index === items.length - 1
      ? `else ${value(item)}`
      : `when ${column} < ${cumulative.toFixed(6)} then ${value(item)}`
  })
  return sql.raw(`case ${branches.join(' ')} end`)
}

const quote = (text: string) => `'${text.replaceAll("'", "''")}'`

/**
 * Generates crimes for one force in batches, each batch one transaction on the owner's connection (row-level
 * security is for requests; this is an operator's bulk load). Returns what it wrote.
 */
export async function generateCrimes(db: TallyDatabase, options: GenerateOptions): Promise<GenerateResult> {
  checkOptions(options)
  const batchSize = options.batchSize ?? 50_000
  const seqStart = await db.withForce(options.forceId, (tx) =>
    // Year 0 is the synthetic series: generated references never take a real year's numbers.
    new CrimesRepository().reserveReferenceSeqs(tx, 0, options.crimes),
  )
  const result: GenerateResult = { crimes: 0, statusChanges: 0, incidents: 0 }
  const seed = options.seed ?? 20261126
  for (let from = 0; from < options.crimes; from += batchSize) {
    const count = Math.min(batchSize, options.crimes - from)
    const batch = new Batch(options, seqStart)
    result.statusChanges += await db.kysely.transaction().execute(async (trx) => {
      await sql`select setseed(${((((seed + from / batchSize) * 9301 + 49297) % 233280) / 233280) * 2 - 1})`.execute(
        trx,
      )
      return batch.write(trx, from, count)
    })
    result.crimes += count
    if (options.incidents) {
      result.incidents += count
    }
    options.onProgress?.(result.crimes)
  }
  if (options.incidents) {
    result.incidents += await addAwaitingDecision(db, options)
  }
  return result
}

function checkOptions(options: GenerateOptions): void {
  if (!Number.isInteger(options.crimes) || options.crimes < 1) {
    throw ValidationFailed.of('crimes', 'Generate at least one crime')
  }
  if (!Number.isInteger(options.days) || options.days < 1 || options.days > 3650) {
    throw ValidationFailed.of('days', 'Spread the crimes over 1 to 3,650 days')
  }
  if (options.officers.length === 0) {
    throw ValidationFailed.of('force', 'The force needs at least one officer to hold crimes')
  }
}

const DAY_MS = 86_400_000
/** The IMU's working day, 08:00 to 18:00: always ten hours, as the clocks change on a Sunday night. */
const OFFICE_DAY_SECONDS = (OFFICE_CLOSES_HOUR - OFFICE_OPENS_HOUR) * 3600
/** How far past now the IMU's calendar runs, so that steps still to come have working days to land on. */
const OFFICE_CALENDAR_AHEAD_DAYS = 60
const GENERATOR = { id: 'generator', name: 'Tally generator' }

/** One batch of crimes: a temporary table with every step's time, then the rows written from it. */
class Batch {
  private readonly staff: ReadonlyArray<{ id: string; name: string }>
  private readonly spanMs: number
  private readonly startMs: number
  /** Without real staff the closing summary says it was generated; the demo's read like any other. */
  private readonly summary: string

  constructor(
    private readonly options: GenerateOptions,
    private readonly seqStart: number,
  ) {
    this.staff = options.doneBy && options.doneBy.length > 0 ? options.doneBy : [GENERATOR]
    this.spanMs = options.days * DAY_MS
    this.startMs = options.now.getTime() - (options.endDaysAgo ?? 0) * DAY_MS - this.spanMs
    this.summary = options.doneBy
      ? 'Investigation complete; outcome as recorded.'
      : 'Investigation complete; outcome as recorded (generated).'
  }

  /** Who took a step: one of `doneBy` (column `who`), or the generator. */
  private doneBy(field: 'id' | 'name') {
    return sql`(${sql.val(this.staff.map((member) => member[field]))}::text[])[who]`
  }

  private recorderId() {
    const ids = sql.val(this.staff.map((member) => member.id))
    return sql`(${ids}::text[])[1 + floor(c.r_victim * ${this.staff.length})::int]`
  }

  private recordedBy() {
    const names = sql.val(this.staff.map((member) => member.name))
    return sql`(${names}::text[])[1 + floor(c.r_victim * ${this.staff.length})::int]`
  }

  /** A person for each crime with a person as its victim (none for shoplifting, drugs possession and the like). */
  private victimColumn() {
    const victims = this.options.victims ?? []
    if (victims.length === 0) {
      return sql`null::uuid`
    }
    const victimless = OFFENCE_MIX.filter((item) => NO_PERSON_VICTIM.has(item.code)).map((item) => sql.lit(item.code))
    const code = choose('r_offence', OFFENCE_MIX, (item) => quote(item.code))
    return sql`case when ${code} in (${sql.join(victimless)}) then null
      else (${sql.val([...victims])}::uuid[])[1 + floor(r_victim * ${victims.length})::int] end`
  }

  /** Writes the batch; returns how many status changes it made. */
  async write(trx: Transaction<Database>, from: number, count: number): Promise<number> {
    await this.officeCalendar(trx)
    await this.plan(trx, from, count)
    await this.crimes(trx)
    await this.details(trx)
    if (this.options.incidents) {
      await this.incidents(trx)
    }
    const counted = await sql<{ changes: number }>`select count(*)::int as changes from gen_change`.execute(trx)
    return Number(counted.rows[0]?.changes ?? 0)
  }

  /**
   * The IMU's working days over the batch's span and a few weeks beyond (room for every step still to come to
   * land): `gen_office_day` numbers them 1, 2, 3 … with the time each opens; `gen_office_date` gives every date
   * the number of the first working day on or after it. England and Wales's bank holidays, as the forecast counts.
   */
  private async officeCalendar(trx: Transaction<Database>): Promise<void> {
    const first = new Date(this.startMs - DAY_MS).toISOString().slice(0, 10)
    const last = new Date(this.options.now.getTime() + OFFICE_CALENDAR_AHEAD_DAYS * DAY_MS).toISOString().slice(0, 10)
    const holidays: string[] = []
    for (let year = Number(first.slice(0, 4)); year <= Number(last.slice(0, 4)); year++) {
      holidays.push(...bankHolidays('ENG', year))
    }
    await sql`
      create temp table gen_office_day on commit drop as
      select n::int as n, day,
        (day + make_interval(hours => ${sql.lit(OFFICE_OPENS_HOUR)})) at time zone 'Europe/London' as opens
      from (select d::date as day, row_number() over (order by d) as n
        from generate_series(${first}::timestamp, ${last}::timestamp, interval '1 day') d
        where extract(isodow from d) < 6 and not (d::date = any(${sql.val(holidays)}::date[]))) working`.execute(trx)
    await sql`
      create temp table gen_office_date on commit drop as
      select d::date as day, (select min(n) from gen_office_day w where w.day >= d::date) as n
      from generate_series(${first}::timestamp, ${last}::timestamp, interval '1 day') d`.execute(trx)
  }

  /**
   * The classification check (`t_class`) and allocation (`t_alloc`) in the IMU's office hours (the rule in
   * office-hours.ts, which the crimes step follows too), as CTEs after `timed`. Times are counted on the unit's
   * clock, working seconds since the calendar's first working day opened, so a wait carries over evenings,
   * weekends and bank holidays. A crime recorded out of hours is picked up in the first hours of the next working
   * morning; one recorded in hours waits a short exponential time (2 hours on average), and allocation follows
   * (3 hours on average). Waits stop at a working week, so every step lands inside the calendar.
   */
  private imuOfficeSteps() {
    const day = sql.lit(OFFICE_DAY_SECONDS)
    const longest = sql.lit(5 * OFFICE_DAY_SECONDS)
    return sql`
      office as (
        select t.*,
          (od.n - 1) * ${day}::float8 + case when wd.day = (t.recorded_at at time zone 'Europe/London')::date
            then least(${day}, greatest(0, extract(epoch from t.recorded_at - wd.opens)))::float8 else 0 end
            as clock_recorded,
          wd.day = (t.recorded_at at time zone 'Europe/London')::date and t.recorded_at >= wd.opens
            and t.recorded_at < wd.opens + make_interval(secs => ${day}) as recorded_in_hours
        from timed t
        join gen_office_date od on od.day = (t.recorded_at at time zone 'Europe/London')::date
        join gen_office_day wd on wd.n = od.n
      ),
      classified as (
        select *, clock_recorded + case when recorded_in_hours then least(${longest}, -ln(1 - r_class) * 7200)
          else r_class * ${sql.lit(PICK_UP_HOURS * 3600)} end as clock_class
        from office
      ),
      allocated as (
        select *, clock_class + least(${longest}, -ln(1 - r_alloc) * 10800) as clock_alloc
        from classified
      ),
      steps as (
        select a.*,
          cd.opens + make_interval(secs => a.clock_class - (cd.n - 1) * ${day}::float8) as t_class,
          ad.opens + make_interval(secs => a.clock_alloc - (ad.n - 1) * ${day}::float8) as t_alloc
        from allocated a
        join gen_office_day cd on cd.n = floor(a.clock_class / ${day})::int + 1
        join gen_office_day ad on ad.n = floor(a.clock_alloc / ${day})::int + 1
      ),`
  }

  /** One row per crime with every step's time; the crime, its history and its incident are written from it. */
  private async plan(trx: Transaction<Database>, from: number, count: number): Promise<void> {
    const { options } = this
    const nowMs = options.now.getTime()
    const stall = options.filingStallDays ?? 0
    await sql`
      create temp table gen_crime on commit drop as
      with base as (
        select g,
          to_timestamp((${this.startMs}::float8 + (g - 1 + random()) * ${this.spanMs / options.crimes}::float8) / 1000) as recorded_at,
          random() as r_delay, random() as r_delay2, random() as r_offence, random() as r_flag, random() as r_flag2,
          random() as r_class, random() as r_alloc, random() as r_invest, random() as r_wait, random() as r_stall,
          random() as r_return, random() as r_ret, random() as r_resub, random() as r_qc2, random() as r_file,
          random() as r_officer, random() as r_unit, random() as r_outcome, random() as r_channel,
          random() as r_victim
        from generate_series(${from + 1}::int, ${from + count}::int) g
      ),
      timed as (
        select *,
          recorded_at - make_interval(secs => case
            when r_delay < 0.55 then r_delay2 * 7200
            when r_delay < 0.93 then 7200 + r_delay2 * 79200
            else 86400 + r_delay2 * 259200 end) as reported_at
        from base
      ),
      ${this.imuOfficeSteps()}
      investigated as (
        select *,
          t_alloc + make_interval(secs => (2 - ln(1 - r_invest) * 20) * 86400) as t_submit
        from steps
      ),
      filed as (
        select *,
          t_submit + make_interval(secs => -ln(1 - r_wait) * 3 * 86400
            -- The stall: a share of submissions growing from none to 70% over the stalled days is not picked up.
            + case when ${stall}::int > 0
                and t_submit > to_timestamp(${nowMs - stall * DAY_MS}::float8 / 1000)
                and r_stall < 0.7 * extract(epoch from (t_submit - to_timestamp(${nowMs - stall * DAY_MS}::float8 / 1000))) / ${Math.max(1, stall) * 86400}::float8
              then 3650 * 86400 else 0 end) as t_qc,
          r_return < 0.05 as returned
        from investigated
      ),
      returned as (
        select *,
          t_qc + make_interval(secs => -ln(1 - r_ret) * 86400) as t_ret,
          t_qc + make_interval(secs => -ln(1 - r_ret) * 86400 - ln(1 - r_resub) * 4 * 86400) as t_resub,
          t_qc + make_interval(secs => -ln(1 - r_ret) * 86400 - ln(1 - r_resub) * 4 * 86400 - ln(1 - r_qc2) * 2 * 86400) as t_qc2
        from filed
      )
      select *,
        case when returned then t_qc2 else t_qc end + make_interval(secs => -ln(1 - r_file) * 86400) as t_file,
        (lpad(to_hex((extract(epoch from recorded_at) * 1000)::bigint), 12, '0') || '7'
          || substr(md5((${this.seqStart}::bigint + g)::text || ':' || ${String(options.forceId)}), 1, 3) || '8'
          || substr(md5((${this.seqStart}::bigint + g)::text || ':' || ${String(options.forceId)}), 4, 15))::uuid as crime_id,
        (lpad(to_hex((extract(epoch from reported_at) * 1000)::bigint), 12, '0') || '7'
          || substr(md5('i' || (${this.seqStart}::bigint + g)::text || ':' || ${String(options.forceId)}), 1, 3) || '9'
          || substr(md5('i' || (${this.seqStart}::bigint + g)::text || ':' || ${String(options.forceId)}), 4, 15))::uuid as incident_id,
        ${choose('r_offence', OFFENCE_MIX, (item) => quote(item.code))} as offence_code,
        ${choose('r_offence', OFFENCE_MIX, (item) => quote(item.group))} as offence_group,
        ${choose('r_offence', OFFENCE_MIX, (item) => quote(item.category))} as category,
        ${choose('r_outcome', OUTCOME_MIX, (item) => String(item.type))} as outcome_type,
        (${sql.val([...options.officers])}::uuid[])[1 + floor(r_officer * ${options.officers.length})::int] as officer_id,
        ${this.victimColumn()} as victim_person_id,
        ${options.units.length > 0 ? sql`(${sql.val([...options.units])}::uuid[])[1 + floor(r_unit * ${options.units.length})::int]` : sql`null::uuid`} as unit_id
      from returned`.execute(trx)
  }

  private async crimes(trx: Transaction<Database>): Promise<void> {
    const { options } = this
    // Each crime's changes up to now, numbered 1, 2, 3 … (the crimes service numbers the next one version + 1).
    await sql`
      create temp table gen_change on commit drop as
      select crime_id, row_number() over (partition by crime_id order by step) as seq, from_status, to_status, action,
        changed_at, ${this.doneBy('id')} as changed_by, ${this.doneBy('name')} as changed_by_name
      from (select *, 1 + floor(random() * ${this.staff.length})::int as who from gen_crime) gen_crime
      cross join lateral (values
        (1, null, 'recorded', 'record', recorded_at, true),
        (2, 'recorded', 'awaiting_allocation', 'confirm_classification', t_class, true),
        (3, 'awaiting_allocation', 'under_investigation', 'allocate', t_alloc, true),
        (4, 'under_investigation', 'awaiting_filing', 'submit_for_filing', t_submit, true),
        (5, 'awaiting_filing', 'imu_quality_check', 'start_quality_check', t_qc, true),
        (6, 'imu_quality_check', 'returned_to_officer', 'return_to_officer', t_ret, returned),
        (7, 'returned_to_officer', 'awaiting_filing', 'submit_for_filing', t_resub, returned),
        (8, 'awaiting_filing', 'imu_quality_check', 'start_quality_check', t_qc2, returned),
        (9, 'imu_quality_check', 'filed', 'file', t_file, true)
      ) as v(step, from_status, to_status, action, changed_at, applies)
      where applies and changed_at <= ${options.now}`.execute(trx)
    // Where each crime is now: its last change.
    await sql`
      create temp table gen_last on commit drop as
      select distinct on (crime_id) crime_id, seq, to_status, changed_at
      from gen_change order by crime_id, seq desc`.execute(trx)

    await sql`
      insert into crime (force_id, crime_id, crime_reference, incident_id, direct_report_channel, status,
        status_changed_at, reported_at, recorded_at, recorded_by, offence_from, offence_code, offence_code_version,
        offence_group, offence_code_at_recording, offence_code_at_filing, assigned_user_id, assigned_unit_id,
        domestic_abuse, hate_crime, vulnerable_victim, outcome_type, closing_summary, version, victim_person_id)
      select ${options.forceId}, c.crime_id,
        ${options.referencePrefix} || '/' || to_char(c.recorded_at at time zone 'Europe/London', 'YY') || '/S'
          || lpad((${this.seqStart - 1}::bigint + c.g)::text, 7, '0'),
        ${options.incidents ? sql`c.incident_id` : sql`null`},
        ${options.incidents ? sql`null` : sql`case when c.r_channel < 0.3 then '999' when c.r_channel < 0.75 then '101' when c.r_channel < 0.95 then 'online' else 'front_counter' end`},
        last.to_status, last.changed_at, c.reported_at, c.recorded_at, ${this.recordedBy()},
        c.reported_at - make_interval(secs => c.r_flag2 * 172800), c.offence_code, ${options.offenceCodeVersion},
        c.offence_group, c.offence_code, case when last.to_status = 'filed' then c.offence_code end,
        case when c.t_alloc <= ${options.now} then c.officer_id end,
        case when c.t_alloc <= ${options.now} then c.unit_id end,
        (c.offence_group in ('violence-with-injury', 'violence-without-injury', 'harassment') and c.r_flag < 0.3) or c.r_flag < 0.02,
        c.r_flag > 0.98,
        c.r_flag2 < 0.08,
        case when c.t_submit <= ${options.now} then c.outcome_type end,
        case when c.t_submit <= ${options.now} then ${this.summary} end,
        last.seq, c.victim_person_id
      from gen_crime c join gen_last last on last.crime_id = c.crime_id`.execute(trx)

    await sql`
      insert into crime_status_change (force_id, crime_id, seq, from_status, to_status, action, changed_at,
        changed_by, changed_by_name)
      select ${options.forceId}, crime_id, seq, from_status, to_status, action, changed_at, changed_by, changed_by_name
      from gen_change`.execute(trx)
  }

  /** What the crimes service reads when a crime still open is worked: its classification, outcome and victim. */
  private async details(trx: Transaction<Database>): Promise<void> {
    const { options } = this
    await sql`
      insert into crime_classification (force_id, crime_id, seq, offence_code, offence_code_version, offence_group,
        changed_at, changed_by, changed_by_name, reason)
      select ${options.forceId}, c.crime_id, 1, c.offence_code, ${options.offenceCodeVersion}, c.offence_group,
        c.recorded_at, ${this.recorderId()}, ${this.recordedBy()}, 'Classification at recording'
      from gen_crime c join gen_last last on last.crime_id = c.crime_id
      where last.to_status in (${sql.join(LIVE_STATUSES.map((s) => sql.lit(s)))})`.execute(trx)
    await sql`
      insert into crime_outcome (force_id, crime_id, seq, outcome_type, closing_summary, recorded_at, recorded_by,
        recorded_by_name)
      select ${options.forceId}, c.crime_id, ch.seq, c.outcome_type,
        ${this.summary}, ch.changed_at, ch.changed_by, ch.changed_by_name
      from gen_crime c
      join gen_last last on last.crime_id = c.crime_id
      join (select distinct on (crime_id) crime_id, seq, changed_at, changed_by, changed_by_name from gen_change
        where action = 'submit_for_filing' order by crime_id, seq desc) ch on ch.crime_id = c.crime_id
      where last.to_status in ('awaiting_filing', 'imu_quality_check', 'returned_to_officer')`.execute(trx)

    await sql`
      insert into person_involvement (force_id, involvement_id, person_id, record_type, record_id, role, created_at,
        created_by, updated_at, updated_by)
      select ${options.forceId}, gen_random_uuid(), c.victim_person_id, 'crime', c.crime_id::text, 'victim', c.recorded_at,
        ${this.recordedBy()}, c.recorded_at, ${this.recordedBy()}
      from gen_crime c where c.victim_person_id is not null
      on conflict do nothing`.execute(trx)
  }

  private async incidents(trx: Transaction<Database>): Promise<void> {
    const { options } = this
    await sql`
      insert into incident (force_id, incident_id, incident_number, channel, received_at, opening_category,
        qualifiers, crime_related, status, closing_category, closed_at, closed_by, recording_decision,
        recording_decision_at, recording_decision_by, created_at, created_by, updated_at)
      select ${options.forceId}, c.incident_id,
        to_char(c.reported_at at time zone 'Europe/London', 'YYYYMMDD') || '-S' || lpad((${this.seqStart - 1}::bigint + c.g)::text, 7, '0'),
        case when c.r_channel < 0.3 then '999' when c.r_channel < 0.75 then '101' when c.r_channel < 0.95 then 'online' else 'front_counter' end,
        c.reported_at, c.category,
        case when (c.offence_group in ('violence-with-injury', 'violence-without-injury', 'harassment') and c.r_flag < 0.3) or c.r_flag < 0.02
          then array['domestic-abuse'] else array[]::text[] end,
        true, 'closed', c.category, c.recorded_at, 'Tally generator', 'crimed', c.recorded_at, 'Tally generator',
        c.reported_at, 'Tally generator', c.recorded_at
      from gen_crime c`.execute(trx)
  }
}

/**
 * Reports still awaiting a recording decision: about a day's worth of crime-related incidents from the last 30
 * hours (the recording-decision-due queue).
 */
async function addAwaitingDecision(db: TallyDatabase, options: GenerateOptions): Promise<number> {
  // Reports still awaiting a recording decision: about a day's worth of crime-related incidents from the last
  // 30 hours (the recording-decision-due queue).
  const waiting = Math.max(1, Math.round((options.crimes / options.days) * 0.08))
  await db.kysely.transaction().execute(async (trx) => {
    const start = await sql<{ n: number }>`
      insert into incident_counter (force_id, day, last_value) values (${options.forceId}, '1970-01-01', ${waiting})
      on conflict (force_id, day) do update set last_value = incident_counter.last_value + ${waiting}
      returning last_value - ${waiting} as n`.execute(trx)
    await sql`
      insert into incident (force_id, incident_id, incident_number, channel, received_at, opening_category,
        qualifiers, crime_related, created_at, created_by, updated_at)
      select ${options.forceId}, gen_random_uuid(), 'S-WAIT-' || lpad((${Number(start.rows[0]?.n ?? 0)} + g)::text, 7, '0'),
        '101', ${options.now}::timestamptz - make_interval(secs => random() * 108000), 'crime-theft', '{}'::text[], true,
        ${options.now}, 'Tally generator', ${options.now}
      from generate_series(1, ${waiting}) g`.execute(trx)
  })
  return waiting
}

/** Fresh statistics (and the visibility map that lets counts read only the queue indexes) after a load. */
export async function analyseAfterLoad(
  db: TallyDatabase,
  tables: readonly string[] = ['crime', 'crime_status_change', 'crime_outcome', 'crime_classification', 'incident'],
): Promise<void> {
  for (const table of tables) {
    await sql`vacuum analyze ${sql.table(table)}`.execute(db.kysely)
  }
}
