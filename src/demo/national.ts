/**
 * `tally generate --national`: the 43 territorial forces of England and Wales, each with its share of a national
 * year of recorded crime (national-forces.ts), their incidents, status histories, people and audit trail
 * (national-rows.ts), loaded with COPY (national-copy.ts) a chunk of crimes at a time.
 *
 * Forces are made through the accounts and directory services like any other; their year is then loaded as the
 * owner, every row naming its force, because COPY refuses row-level security. Each chunk is one transaction that
 * holds the force's audit chain head (`for update`) and moves it on, so the chain in the database is whole after
 * every commit and `tally audit-trail verify` passes.
 */
import { CrimesRepository } from '../modules/crimes/index.ts'
import { Conflict, ValidationFailed } from '../platform/http/errors.ts'
import { createDeps, type Deps } from '../deps.ts'
import { FixedClock } from '../platform/clock.ts'
import { DAY } from './crimes/random.ts'
import { nationalShares } from './national-forces.ts'
import { openCopyTarget, type CopySession, type CopyTarget } from './national-copy.ts'
import { COLUMNS, ForceYear, TABLE_ORDER, type Chunk, type NationalTable } from './national-rows.ts'
import { createStaffedForce, type SyntheticForce } from './synthetic-forces.ts'

export interface NationalOptions {
  /** The share of a national year: 1 is 6.6 million crimes, 0.01 is 66,000. */
  scale: number
  seed: number
  /** The password of every generated force's users. */
  password: string
  days?: number
  /** Crimes per chunk (one transaction, one COPY per table). */
  chunkSize?: number
  /** Called after each chunk with the crimes and rows loaded so far. */
  onProgress?: (progress: { crimes: number; rows: number; force: string }) => void
  /** Called once the forces are made, with the crimes to come. */
  onStart?: (crimes: number) => void
}

export interface NationalResult {
  forces: Array<{ code: string; forceId: number; crimes: number }>
  rows: Record<NationalTable, number>
}

/** Makes the 43 forces and loads their year. */
export async function generateNationalYear(deps: Deps, options: NationalOptions): Promise<NationalResult> {
  if (!(options.scale > 0 && options.scale <= 10)) {
    throw ValidationFailed.of('scale', '--scale must be above 0 and at most 10 (1 is a national year)')
  }
  const shares = nationalShares(options.scale)
  for (const share of shares) {
    if (await deps.services.accounts.findForce(share.code)) {
      throw new Conflict(
        `A force with code ${share.code} already exists: generate a national year into a fresh database`,
      )
    }
  }
  const now = deps.clock.now()
  const days = options.days ?? 365
  // The forces and their staff are made as of a few days before the year's first report (a crime recorded on its
  // first day may have been reported up to four days before), so that each force's audit trail runs in time order
  // from its first event (FORCE_CREATED) to its last.
  const before = await createDeps(deps.config, {
    db: deps.db,
    clock: new FixedClock(new Date(now.getTime() - (days + 5) * DAY)),
  })
  const forces: Array<{ force: SyntheticForce; crimes: number }> = []
  for (const share of shares) {
    const force = await createStaffedForce(
      before,
      { code: share.code, name: share.name, prefix: share.code },
      options.password,
    )
    forces.push({ force, crimes: share.crimes })
  }
  options.onStart?.(shares.reduce((sum, share) => sum + share.crimes, 0))
  const rows = Object.fromEntries(TABLE_ORDER.map((table) => [table, 0])) as Record<NationalTable, number>
  const target = await openCopyTarget(deps.db)
  const progress = { crimes: 0, rows: 0, force: '' }
  try {
    for (const [index, { force, crimes }] of forces.entries()) {
      if (crimes === 0) {
        continue
      }
      progress.force = force.code
      const counts = await loadForce(
        deps,
        target,
        force,
        crimes,
        { ...options, seed: options.seed + index, days, now },
        progress,
      )
      for (const table of TABLE_ORDER) {
        rows[table] += counts[table]
      }
    }
  } finally {
    await target.close()
  }
  return { forces: forces.map(({ force, crimes }) => ({ code: force.code, forceId: force.forceId, crimes })), rows }
}

async function loadForce(
  deps: Deps,
  target: CopyTarget,
  force: SyntheticForce,
  crimes: number,
  options: NationalOptions & { days: number; now: Date },
  progress: { crimes: number; rows: number; force: string },
): Promise<Record<NationalTable, number>> {
  const { forceId } = force
  // Year 0 is the synthetic series, as for `tally generate`: generated references never take a real year's.
  const referenceStart = await deps.db.withForce(forceId, (tx) =>
    new CrimesRepository().reserveReferenceSeqs(tx, 0, crimes),
  )
  const head = await target.transaction((session) => chainHead(session, forceId))
  const keys = deps.services.auditTrail.keys
  const year = new ForceYear(
    {
      forceId,
      prefix: force.prefix,
      offenceCodeVersion: force.offenceCodeVersion,
      units: force.units,
      imu: force.staff!.imu,
      officers: force.staff!.officers,
      crimes,
      referenceStart,
      now: options.now,
      days: options.days,
      seed: options.seed,
    },
    (event) => keys.link(event),
    head,
  )
  const chunkSize = options.chunkSize ?? 20_000
  for (let from = 0; from < crimes; from += chunkSize) {
    const to = Math.min(crimes, from + chunkSize)
    const before = year.head
    const chunk = year.make(from, to)
    await target.transaction((session) => loadChunk(session, forceId, chunk, before, year.head))
    progress.crimes += to - from
    progress.rows += TABLE_ORDER.reduce((sum, table) => sum + chunk[table].length, 0)
    options.onProgress?.(progress)
  }
  await target.transaction((session) => addNameKeys(session, forceId))
  return year.counts
}

type Head = { lastSeq: number; lastHash: string }

/** The force's chain head, locked for the rest of the transaction. */
async function chainHead(session: CopySession, forceId: number): Promise<Head> {
  const [head] = await session.query<{ last_seq: string; last_hash: string }>(
    'select last_seq, last_hash from audit_chain where force_id = $1 for update',
    [forceId],
  )
  if (!head) {
    throw new Error(`Force ${forceId} has no audit chain yet: it is made when the force is`)
  }
  return { lastSeq: Number(head.last_seq), lastHash: head.last_hash }
}

async function loadChunk(session: CopySession, forceId: number, chunk: Chunk, before: Head, after: Head) {
  const head = await chainHead(session, forceId)
  if (head.lastSeq !== before.lastSeq || head.lastHash !== before.lastHash) {
    throw new Error(`Force ${forceId}'s audit trail moved on while its year was being generated: run it again alone`)
  }
  for (const table of TABLE_ORDER) {
    await session.copy(table, COLUMNS[table], chunk[table])
  }
  await session.query('update audit_chain set last_seq = $2, last_hash = $3 where force_id = $1', [
    forceId,
    after.lastSeq,
    after.lastHash,
  ])
}

/**
 * The people's search keys and the force's name vocabulary, as the people module stores them (exact and double
 * metaphone keys of each name token by `person_name_keys`, and each token's one-letter-less spellings), set-based.
 */
async function addNameKeys(session: CopySession, forceId: number): Promise<void> {
  await session.query(
    `insert into person_name_key (force_id, key, person_id)
     select p.force_id, k.key, p.person_id
     from person p cross join lateral person_name_keys(string_to_array(p.name_forms[1], ' ')) as k(key)
     where p.force_id = $1
     on conflict do nothing`,
    [forceId],
  )
  await session.query(
    `insert into person_name_spelling (force_id, deletion, token)
     select distinct $1::integer, d.deletion, t.token
     from (select distinct unnest(string_to_array(name_forms[1], ' ')) as token from person where force_id = $1) as t
     cross join lateral name_token_deletions(t.token) as d(deletion)
     where t.token ~ '^[a-z]+$'
     on conflict do nothing`,
    [forceId],
  )
}
