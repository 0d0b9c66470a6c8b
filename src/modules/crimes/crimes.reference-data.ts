import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Actor } from '../../platform/auth/actor.ts'
import type { Clock } from '../../platform/clock.ts'
import type { ForceTransaction, TallyDatabase } from '../../platform/db/database.ts'
import { Conflict, FieldErrors, Forbidden, NotFound, ValidationFailed } from '../../platform/http/errors.ts'
import { isUuid } from '../../platform/ids.ts'
import { changedFields, type AuditTrailService } from '../audit-trail/index.ts'
import type { CrimesRepository, OffenceCodeRecord } from './crimes.repository.ts'
import {
  DEFAULT_AUTHORISATION_GROUPS,
  DEFAULT_PRINCIPAL_CRIME_RANKING,
  DEFAULT_RAPE_GROUPS,
  DEFAULT_REFERENCE_FORMAT,
  DEFAULT_VIEW_JUSTIFICATIONS,
  HOME_OFFICE_CANCELLATION_CODES,
  parseOffenceCodeList,
  referenceFormatProblems,
  type CancellationCode,
  type OffenceListRules,
} from './crimes.rules.ts'

const HERE = path.dirname(fileURLToPath(import.meta.url))
const BUNDLED_LIST = path.join(HERE, 'reference/home-office-offence-codes-2017-18.csv')

/** The offence list Tally ships (reference/README.md), loaded into each force on first use. */
export const BUNDLED_OFFENCE_LIST = {
  version: '2017-18',
  source:
    'ONS dp-hierarchy-builder crimeWithHomeOffice_2017-2018 (github.com/ONSdigital/dp-hierarchy-builder, commit 86ff9b06748111cb317d2bb733ccf2aac6f7dd48)',
  licence:
    'MIT (Office for National Statistics); contains public sector information licensed under the Open Government Licence v3.0',
} as const

export interface CrimeSettings {
  referenceFormat: string
  authorisationGroups: string[]
  version: number
}

export interface OffenceListImport {
  version: string
  source: string
  licence: string
  csv: string
  makeCurrent: boolean
  /** The list's groups of rape (rules 6 and 8); carried over from the current list when its names are in this one. */
  rapeGroups?: readonly string[] | undefined
  /** The principal-crime ranking, codes or groups, most serious first (rule 11); carried over when not given. */
  principalRanking?: readonly string[] | undefined
}

/**
 * The force's crime-recording reference data: the versioned Home Office offence list (rule 10), the crime
 * reference format and any further cancellation codes, which administrators and the Force Crime Registrar change
 * (reference-data.manage); and the authority to cancel (rule 6) — the offence groups whose cancellation needs the
 * FCR or a designated decision maker, and who those decision makers are — which only the FCR changes
 * (crimes.authority.manage). Every change is in the audit trail.
 */
export class CrimeReferenceData {
  private bundled: ReturnType<typeof parseOffenceCodeList> | undefined

  constructor(
    private readonly db: TallyDatabase,
    private readonly repository: CrimesRepository,
    private readonly auditTrail: AuditTrailService,
    private readonly clock: Clock,
  ) {}

  /** The current offence list version, loading the bundled 2017/18 list the first time a force needs one. */
  async currentVersionIn(tx: ForceTransaction, actor: Actor): Promise<string> {
    const current = await this.repository.currentOffenceVersion(tx)
    if (current) {
      return current.version
    }
    // A version is always made current when one is imported, so no current version means none at all yet.
    await this.loadBundledIn(tx, actor)
    return BUNDLED_OFFENCE_LIST.version
  }

  /** A Home Office offence code in the current list, or undefined. */
  async offenceIn(tx: ForceTransaction, actor: Actor, code: string): Promise<OffenceCodeRecord | undefined> {
    let offence = await this.repository.findCurrentOffenceCode(tx, code.trim())
    if (!offence) {
      // Not in the current list, or the force has no list yet (loaded on first use): look again after loading.
      const version = await this.currentVersionIn(tx, actor)
      offence = await this.repository.findOffenceCode(tx, version, code.trim())
    }
    return offence?.isHomeOfficeCode ? offence : undefined
  }

  async offenceCodesIn(tx: ForceTransaction, actor: Actor): Promise<{ version: string; codes: OffenceCodeRecord[] }> {
    const version = await this.currentVersionIn(tx, actor)
    const codes = await this.repository.offenceCodes(tx, version)
    return { version, codes }
  }

  /**
   * An offence-list version's rules: its own when set, else the bundled list's defaults (versions imported before
   * rules were kept per version use the groups the controls always used).
   */
  async listRulesIn(tx: ForceTransaction, version: string): Promise<OffenceListRules> {
    const row = await this.repository.offenceListRules(tx, version)
    return row ?? { rapeGroups: DEFAULT_RAPE_GROUPS, principalRanking: DEFAULT_PRINCIPAL_CRIME_RANKING }
  }

  /** The current list's rules, for recording. */
  async currentListRulesIn(tx: ForceTransaction, actor: Actor): Promise<OffenceListRules> {
    return this.listRulesIn(tx, await this.currentVersionIn(tx, actor))
  }

  /**
   * Rule 6: the groups whose cancellation needs the FCR or a designated decision maker — the FCR's list, and
   * rape under every version's name for it, since a crime's classification history spans versions.
   */
  async restrictedGroupsIn(tx: ForceTransaction): Promise<string[]> {
    const [settings, rapeGroups] = await Promise.all([this.settingsIn(tx), this.repository.allRapeGroups(tx)])
    return [...new Set([...settings.authorisationGroups, ...DEFAULT_RAPE_GROUPS, ...rapeGroups])]
  }

  async settingsIn(tx: ForceTransaction): Promise<CrimeSettings> {
    const row = await this.repository.settings(tx)
    return row
      ? { referenceFormat: row.referenceFormat, authorisationGroups: row.authorisationGroups, version: row.version }
      : {
          referenceFormat: DEFAULT_REFERENCE_FORMAT,
          authorisationGroups: [...DEFAULT_AUTHORISATION_GROUPS],
          version: 0,
        }
  }

  async cancellationCodesIn(tx: ForceTransaction): Promise<CancellationCode[]> {
    const own = (await this.repository.cancellationCodes(tx)).filter((code) => code.active)
    return [
      ...HOME_OFFICE_CANCELLATION_CODES,
      ...own.map((code) => ({ code: code.code, label: code.label, requiresAvi: code.requiresAvi })),
    ]
  }

  async isDecisionMakerIn(tx: ForceTransaction, actor: Actor): Promise<boolean> {
    return actor.type === 'user' && (await this.repository.isDecisionMaker(tx, actor.id)) !== undefined
  }

  // For the reference-data pages, API and CLI ----------------------------------------------------------------------

  async overview(actor: Actor) {
    this.assertManager(actor)
    return this.db.withForce(actor.forceId, async (tx) => {
      await this.currentVersionIn(tx, actor)
      const [versions, settings, decisionMakers, cancellationCodes] = await Promise.all([
        this.repository.offenceVersions(tx),
        this.settingsIn(tx),
        this.repository.decisionMakers(tx),
        this.cancellationCodesIn(tx),
      ])
      return { versions, settings, decisionMakers, cancellationCodes }
    })
  }

  /** The codes of one version (the current one by default): readable by anyone who reads crimes. */
  async offenceCodes(actor: Actor, version?: string) {
    actor.permissions.require('crimes.view', 'crimes.record', 'reference-data.manage')
    return this.db.withForce(actor.forceId, async (tx) => {
      const current = await this.currentVersionIn(tx, actor)
      const chosen = version ?? current
      const codes = await this.repository.offenceCodes(tx, chosen)
      if (codes.length === 0) {
        throw new NotFound(`There is no offence code list version ${chosen}`)
      }
      return { version: chosen, current: chosen === current, codes }
    })
  }

  /** Imports a new version of the offence list; nothing is stored unless every line is valid. */
  async importOffenceList(actor: Actor, input: OffenceListImport): Promise<{ version: string; codeCount: number }> {
    this.assertManager(actor)
    const errors = new FieldErrors()
      .check(
        /^[A-Za-z0-9._-]{1,30}$/.test(input.version),
        'version',
        'Version must be 1 to 30 letters, digits, dots, hyphens or underscores, like 2026-27',
      )
      .check(input.source.trim() !== '', 'source', 'Enter where the list comes from (its publisher and document)')
      .check(input.licence.trim() !== '', 'licence', 'Enter the licence the list is published under')
    const parsed = parseOffenceCodeList(input.csv, 'csv')
    for (const problem of parsed.problems.slice(0, 20)) {
      errors.add(problem.field, problem.message)
    }
    errors.throwIfAny()
    return this.db.withForce(actor.forceId, async (tx) => {
      const current = await this.currentVersionIn(tx, actor)
      const rules = listRulesFor(input, parsed.rows, await this.listRulesIn(tx, current))
      const inserted = await this.repository.insertOffenceVersion(tx, {
        version: input.version,
        source: input.source.trim(),
        licence: input.licence.trim(),
        codeCount: parsed.rows.filter((row) => row.isHomeOfficeCode).length,
        importedAt: this.clock.now(),
        importedBy: actor.name,
      })
      if (!inserted) {
        throw ValidationFailed.of('version', `Version ${input.version} already exists: choose a new version name`)
      }
      await this.repository.insertOffenceCodes(
        tx,
        parsed.rows.map((row) => ({ ...row, version: input.version })),
      )
      await this.repository.saveOffenceListRules(tx, {
        version: input.version,
        rapeGroups: [...rules.rapeGroups],
        principalRanking: [...rules.principalRanking],
        updatedAt: this.clock.now(),
        updatedBy: actor.name,
      })
      if (input.makeCurrent) {
        await this.repository.clearCurrentVersion(tx)
        await this.repository.setCurrentVersion(tx, input.version)
      }
      this.auditTrail.record(tx, actor, {
        action: 'OFFENCE_LIST_IMPORTED',
        recordType: 'offence-code-version',
        recordId: input.version,
        changes: {
          version: input.version,
          source: input.source.trim(),
          codes: parsed.rows.length,
          homeOfficeCodes: parsed.rows.filter((row) => row.isHomeOfficeCode).length,
          current: input.makeCurrent,
          rapeGroups: rules.rapeGroups,
          principalRanking: rules.principalRanking,
        },
      })
      return { version: input.version, codeCount: parsed.rows.length }
    })
  }

  async makeCurrent(actor: Actor, version: string): Promise<void> {
    this.assertManager(actor)
    await this.db.withForce(actor.forceId, async (tx) => {
      const before = await this.repository.currentOffenceVersion(tx)
      await this.repository.clearCurrentVersion(tx)
      if (!(await this.repository.setCurrentVersion(tx, version))) {
        throw ValidationFailed.of('version', `There is no offence code list version ${version}`)
      }
      this.auditTrail.record(tx, actor, {
        action: 'OFFENCE_LIST_MADE_CURRENT',
        recordType: 'offence-code-version',
        recordId: version,
        changes: { current: { before: before?.version ?? null, after: version } },
      })
    })
  }

  /** The crime reference format (administrators and the FCR). */
  async updateReferenceFormat(
    actor: Actor,
    input: { expectedVersion: number; referenceFormat: string },
  ): Promise<CrimeSettings> {
    this.assertManager(actor)
    const referenceFormat = input.referenceFormat.trim()
    const errors = new FieldErrors()
    for (const problem of referenceFormatProblems(referenceFormat)) {
      errors.add(problem.field, problem.message)
    }
    errors.throwIfAny()
    return this.db.withForce(actor.forceId, async (tx) =>
      this.saveSettingsIn(tx, actor, input.expectedVersion, (before) => ({ ...before, referenceFormat })),
    )
  }

  /**
   * The offence groups whose cancellation only the FCR or a designated decision maker may authorise (rule 6):
   * the FCR's to set, as the authority to cancel rape and other specified offences is.
   */
  async updateAuthorisationGroups(
    actor: Actor,
    input: { expectedVersion: number; authorisationGroups: readonly string[] },
  ): Promise<CrimeSettings> {
    this.assertAuthorityManager(actor)
    const groups = [...new Set(input.authorisationGroups.map((group) => group.trim()).filter(Boolean))].sort()
    return this.db.withForce(actor.forceId, async (tx) => {
      const { codes } = await this.offenceCodesIn(tx, actor)
      const knownGroups = new Set(codes.map((code) => code.groupCode).filter((group) => group !== null))
      const unknown = groups.filter((group) => !knownGroups.has(group))
      if (unknown.length > 0) {
        throw ValidationFailed.of('authorisationGroups', `Unknown offence group: ${unknown.join(', ')}`)
      }
      return this.saveSettingsIn(tx, actor, input.expectedVersion, (before) => ({
        ...before,
        authorisationGroups: groups,
      }))
    })
  }

  /** Saves the settings at the version the person saw; someone else's save in between is a Conflict, never lost. */
  private async saveSettingsIn(
    tx: ForceTransaction,
    actor: Actor,
    expectedVersion: number,
    change: (before: CrimeSettings) => Pick<CrimeSettings, 'referenceFormat' | 'authorisationGroups'>,
  ): Promise<CrimeSettings> {
    const stale = () =>
      new Conflict('The crime-recording settings were changed by someone else; reload them and try again')
    const before = await this.settingsIn(tx)
    if (before.version !== expectedVersion) {
      throw stale()
    }
    const after = change(before)
    const row = await this.repository.saveSettings(tx, expectedVersion, {
      referenceFormat: after.referenceFormat,
      authorisationGroups: [...after.authorisationGroups],
      updatedAt: this.clock.now(),
      updatedBy: actor.name,
    })
    if (!row) {
      throw stale()
    }
    this.auditTrail.record(tx, actor, {
      action: 'CRIME_SETTINGS_CHANGED',
      recordType: 'crime-settings',
      recordId: String(actor.forceId),
      changes: changedFields(
        { referenceFormat: before.referenceFormat, authorisationGroups: before.authorisationGroups },
        { referenceFormat: row.referenceFormat, authorisationGroups: row.authorisationGroups },
      ),
    })
    return { referenceFormat: row.referenceFormat, authorisationGroups: row.authorisationGroups, version: row.version }
  }

  /** Rule 20: the reasons the force offers before a restricted crime record is shown. */
  async viewJustificationsIn(tx: ForceTransaction): Promise<readonly string[]> {
    return (await this.repository.settings(tx))?.viewJustifications ?? DEFAULT_VIEW_JUSTIFICATIONS
  }

  /** Rule 20: the force's reasons for viewing a restricted crime, set by the FCR (who runs the audit programme). */
  async updateViewJustifications(actor: Actor, input: { justifications: readonly string[] }): Promise<string[]> {
    this.assertAuthorityManager(actor)
    const justifications = [...new Set(input.justifications.map((j) => j.trim()).filter(Boolean))]
    new FieldErrors()
      .check(justifications.length > 0, 'justifications', 'Give at least one reason, one to a line')
      .check(
        justifications.every((j) => j.length <= 200),
        'justifications',
        'Each reason must be 200 characters or fewer',
      )
      .throwIfAny()
    return this.db.withForce(actor.forceId, async (tx) => {
      const before = await this.settingsIn(tx)
      const previous = await this.viewJustificationsIn(tx)
      await this.repository.saveViewJustifications(tx, {
        viewJustifications: justifications,
        referenceFormat: before.referenceFormat,
        authorisationGroups: before.authorisationGroups,
        updatedAt: this.clock.now(),
        updatedBy: actor.name,
      })
      this.auditTrail.record(tx, actor, {
        action: 'VIEW_JUSTIFICATIONS_CHANGED',
        recordType: 'crime-settings',
        recordId: String(actor.forceId),
        changes: { viewJustifications: { before: previous, after: justifications } },
      })
      return justifications
    })
  }

  /** Designates a user as a decision maker for cancellations (rule 6); the FCR maintains the list. */
  async designateDecisionMaker(actor: Actor, userId: string): Promise<void> {
    this.assertAuthorityManager(actor)
    await this.db.withForce(actor.forceId, async (tx) => {
      const user = isUuid(userId) ? await this.repository.findUser(tx, userId) : undefined
      if (!user) {
        throw ValidationFailed.of('userId', 'Choose a user of this force')
      }
      if (
        await this.repository.addDecisionMaker(tx, { userId, designatedAt: this.clock.now(), designatedBy: actor.name })
      ) {
        this.auditTrail.record(tx, actor, {
          action: 'DECISION_MAKER_DESIGNATED',
          recordType: 'user',
          recordId: userId,
          changes: { displayName: user.displayName },
        })
      }
    })
  }

  async removeDecisionMaker(actor: Actor, userId: string): Promise<void> {
    this.assertAuthorityManager(actor)
    await this.db.withForce(actor.forceId, async (tx) => {
      if (isUuid(userId) && (await this.repository.removeDecisionMaker(tx, userId))) {
        this.auditTrail.record(tx, actor, { action: 'DECISION_MAKER_REMOVED', recordType: 'user', recordId: userId })
      }
    })
  }

  /** Adds a force cancellation code beyond C1–C4 (HOCR's further codes are UNCONFIRMED, so forces add their own). */
  async addCancellationCode(actor: Actor, input: { code: string; label: string; requiresAvi: boolean }): Promise<void> {
    this.assertManager(actor)
    const code = input.code.trim().toUpperCase()
    new FieldErrors()
      .check(
        /^C([5-9]|[1-9][0-9])$/.test(code),
        'code',
        'A new cancellation code is C5 to C99 (C1 to C4 are the Home Office codes)',
      )
      .check(input.label.trim() !== '', 'label', 'Enter what the code means')
      .throwIfAny()
    await this.db.withForce(actor.forceId, async (tx) => {
      if (
        !(await this.repository.addCancellationCode(tx, {
          code,
          label: input.label.trim(),
          requiresAvi: input.requiresAvi,
          addedAt: this.clock.now(),
          addedBy: actor.name,
        }))
      ) {
        throw ValidationFailed.of('code', `Cancellation code ${code} already exists`)
      }
      this.auditTrail.record(tx, actor, {
        action: 'CANCELLATION_CODE_ADDED',
        recordType: 'cancellation-code',
        recordId: code,
        changes: { label: input.label.trim(), requiresAvi: input.requiresAvi },
      })
    })
  }

  private async loadBundledIn(tx: ForceTransaction, actor: Actor): Promise<void> {
    this.bundled ??= parseOffenceCodeList(fs.readFileSync(BUNDLED_LIST, 'utf8'))
    if (this.bundled.problems.length > 0) {
      throw new Error(`The bundled offence list is invalid: ${this.bundled.problems[0]!.message}`)
    }
    const inserted = await this.repository.insertOffenceVersion(tx, {
      ...BUNDLED_OFFENCE_LIST,
      current: true,
      codeCount: this.bundled.rows.filter((row) => row.isHomeOfficeCode).length,
      importedAt: this.clock.now(),
      importedBy: 'Tally',
    })
    if (!inserted) {
      return
    }
    await this.repository.insertOffenceCodes(
      tx,
      this.bundled.rows.map((row) => ({ ...row, version: BUNDLED_OFFENCE_LIST.version })),
    )
    this.auditTrail.record(tx, actor, {
      action: 'OFFENCE_LIST_IMPORTED',
      recordType: 'offence-code-version',
      recordId: BUNDLED_OFFENCE_LIST.version,
      changes: { version: BUNDLED_OFFENCE_LIST.version, source: BUNDLED_OFFENCE_LIST.source, current: true },
    })
  }

  private assertManager(actor: Actor): void {
    if (!actor.permissions.can('reference-data.manage')) {
      throw new Forbidden(
        'Only an administrator or the Force Crime Registrar can change crime-recording reference data',
      )
    }
  }

  private assertAuthorityManager(actor: Actor): void {
    if (!actor.permissions.can('crimes.authority.manage')) {
      throw new Forbidden(
        'Only the Force Crime Registrar can say who may authorise cancelling crimes, and for which offence groups',
      )
    }
  }
}

/**
 * An imported list's rules (rules 6, 8 and 11): those given, or the current list's where its group names are in
 * the new list. A list whose groups of rape cannot be found is refused naming `rapeGroups`, so no list can be
 * brought in that silently drops the N100 and the rape cancellation controls.
 */
function listRulesFor(
  input: OffenceListImport,
  rows: ReadonlyArray<{ code: string; groupCode: string | null; isHomeOfficeCode: boolean }>,
  current: OffenceListRules,
): OffenceListRules {
  const groups = new Set(rows.flatMap((row) => (row.isHomeOfficeCode && row.groupCode ? [row.groupCode] : [])))
  const names = new Set([...groups, ...rows.map((row) => row.code)])
  const given = input.rapeGroups?.map((group) => group.trim()).filter(Boolean)
  const errors = new FieldErrors()
  let rapeGroups: string[]
  if (given && given.length > 0) {
    const unknown = given.filter((group) => !groups.has(group))
    errors.check(unknown.length === 0, 'rapeGroups', `Not an offence group in this list: ${unknown.join(', ')}`)
    rapeGroups = given
  } else {
    rapeGroups = current.rapeGroups.filter((group) => groups.has(group))
    errors.check(
      rapeGroups.length > 0,
      'rapeGroups',
      `This list has no group called ${current.rapeGroups.join(' or ')}: name its group (or groups) of rape, which N100s and the rape cancellation controls follow`,
    )
  }
  const ranking = (input.principalRanking ?? current.principalRanking).map((entry) => entry.trim()).filter(Boolean)
  if (input.principalRanking) {
    const unknown = ranking.filter((entry) => !names.has(entry))
    errors.check(unknown.length === 0, 'principalRanking', `Not a code or group in this list: ${unknown.join(', ')}`)
  }
  errors.throwIfAny()
  return {
    rapeGroups,
    principalRanking: input.principalRanking ? ranking : ranking.filter((entry) => names.has(entry)),
  }
}
