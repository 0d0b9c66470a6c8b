import type { Actor } from '../../platform/auth/actor.ts'
import { handleForm, type FormErrors } from '../../platform/http/forms.ts'
import type { Router } from '../../platform/http/routes.ts'
import { formatDateTime } from '../../platform/views/format.ts'
import { int, text, type CrimesPagesOptions, type Form } from './crimes.forms.ts'
import { PageForm, UserParams, VersionParams, VersionQuery } from './crimes.schemas.ts'

/**
 * The crime-recording settings, mounted at /admin/crime-recording: the offence list versions, the crime reference
 * format and further cancellation codes (reference-data.manage: administrators and the FCR); and the authority to
 * cancel — the restricted offence groups and the designated decision makers (crimes.authority.manage: the FCR).
 */
export function declareAdminPages(app: Router, options: CrimesPagesOptions): void {
  declareSettingsPages(app, options)
  declareOffenceListPages(app, options)
}

/** The settings page and its forms: the reference format, the authority to cancel, further cancellation codes. */
function declareSettingsPages(app: Router, options: CrimesPagesOptions): void {
  const { referenceData } = options

  app.get('/admin/crime-recording', { config: { permission: 'reference-data.manage' } }, async (request, reply) =>
    reply.render('crimes/views/admin/settings.njk', await settingsModel(options, request.actor, {})),
  )

  /** Runs a settings form's change; re-shows the page with the problems, or goes back to it with a banner. */
  const settingsForm = (
    path: string,
    permission: 'reference-data.manage' | 'crimes.authority.manage',
    change: (actor: Actor, form: Form) => Promise<unknown>,
    banner: string,
  ) =>
    app.post(path, { config: { permission }, schema: { body: PageForm } }, async (request, reply) =>
      handleForm(reply, {
        submit: () => change(request.actor, request.body),
        invalid: async (errors) => ({
          template: 'crimes/views/admin/settings.njk',
          model: await settingsModel(options, request.actor, request.body, errors),
        }),
        done: () => ({ flash: banner, redirect: '/admin/crime-recording' }),
      }),
    )

  settingsForm(
    '/admin/crime-recording/settings',
    'reference-data.manage',
    (actor, form) =>
      referenceData.updateReferenceFormat(actor, {
        expectedVersion: int(text(form, 'expectedVersion')),
        referenceFormat: text(form, 'referenceFormat') ?? '',
      }),
    'Crime reference format saved',
  )

  settingsForm(
    '/admin/crime-recording/authorisation-groups',
    'crimes.authority.manage',
    (actor, form) =>
      referenceData.updateAuthorisationGroups(actor, {
        expectedVersion: int(text(form, 'expectedVersion')),
        authorisationGroups: (text(form, 'authorisationGroups') ?? '').split(/[\s,]+/).filter(Boolean),
      }),
    'Offence groups needing the FCR or a designated decision maker saved',
  )

  settingsForm(
    '/admin/crime-recording/decision-makers',
    'crimes.authority.manage',
    (actor, form) => referenceData.designateDecisionMaker(actor, text(form, 'userId') ?? ''),
    'Designated decision maker added',
  )

  app.post(
    '/admin/crime-recording/decision-makers/:userId/remove',
    { config: { permission: 'crimes.authority.manage' }, schema: { params: UserParams } },
    async (request, reply) => {
      await referenceData.removeDecisionMaker(request.actor, request.params.userId)
      return reply.flash('Designated decision maker removed').redirect('/admin/crime-recording', 303)
    },
  )

  settingsForm(
    '/admin/crime-recording/cancellation-codes',
    'reference-data.manage',
    (actor, form) =>
      referenceData.addCancellationCode(actor, {
        code: text(form, 'code') ?? '',
        label: text(form, 'label') ?? '',
        requiresAvi: text(form, 'requiresAvi') === 'yes',
      }),
    'Cancellation code added',
  )
}

/** The offence list versions: one version's codes, importing a new one and making one current. */
function declareOffenceListPages(app: Router, { referenceData }: CrimesPagesOptions): void {
  app.get(
    '/admin/crime-recording/offence-codes',
    { config: { permission: 'reference-data.manage' }, schema: { querystring: VersionQuery } },
    async (request, reply) => {
      const list = await referenceData.offenceCodes(request.actor, request.query.version)
      return reply.render('crimes/views/admin/offence-codes.njk', {
        ...list,
        rows: list.codes
          .filter((code) => code.isHomeOfficeCode)
          .map((code) => [
            { text: code.code },
            { text: code.label },
            { text: code.groupLabel ?? '' },
            { text: code.categoryLabel ?? '' },
          ]),
      })
    },
  )

  app.get(
    '/admin/crime-recording/offence-codes/import',
    { config: { permission: 'reference-data.manage' } },
    (_request, reply) => reply.render('crimes/views/admin/import.njk', { values: { makeCurrent: 'yes' } }),
  )

  app.post(
    '/admin/crime-recording/offence-codes/import',
    { config: { permission: 'reference-data.manage' }, schema: { body: PageForm } },
    async (request, reply) => {
      const form = request.body
      return handleForm(reply, {
        submit: () =>
          referenceData.importOffenceList(request.actor, {
            version: (text(form, 'version') ?? '').trim(),
            source: text(form, 'source') ?? '',
            licence: text(form, 'licence') ?? '',
            csv: text(form, 'csv') ?? '',
            makeCurrent: text(form, 'makeCurrent') === 'yes',
            rapeGroups: commaSeparated(text(form, 'rapeGroups')),
            principalRanking: commaSeparated(text(form, 'principalRanking')),
          }),
        invalid: (errors) => ({ template: 'crimes/views/admin/import.njk', model: { ...errors, values: form } }),
        done: (imported) => ({
          flash: `Offence list ${imported.version} imported (${imported.codeCount} rows)`,
          redirect: '/admin/crime-recording',
        }),
      })
    },
  )

  app.post(
    '/admin/crime-recording/offence-codes/:version/make-current',
    { config: { permission: 'reference-data.manage' }, schema: { params: VersionParams } },
    async (request, reply) => {
      await referenceData.makeCurrent(request.actor, request.params.version)
      return reply
        .flash(`Offence list ${request.params.version} is now current`)
        .redirect('/admin/crime-recording', 303)
    },
  )
}

/** The settings page: the overview, with what was entered and any problems in it. */
async function settingsModel(options: CrimesPagesOptions, actor: Actor, values: Form, errors?: FormErrors) {
  const [overview, users] = await Promise.all([options.referenceData.overview(actor), options.users(actor)])
  const designated = new Set(overview.decisionMakers.map((d) => d.userId))
  return {
    ...overview,
    ...errors,
    values: {
      referenceFormat: overview.settings.referenceFormat,
      authorisationGroups: overview.settings.authorisationGroups.join(', '),
      ...values,
      // The version the person saw, so a change made meanwhile by someone else is a conflict, not overwritten.
      expectedVersion: text(values, 'expectedVersion') ?? String(overview.settings.version),
    },
    canManageAuthority: actor.permissions.can('crimes.authority.manage'),
    versions: overview.versions.map((v) => ({ ...v, importedAtText: formatDateTime(v.importedAt) })),
    userItems: [
      { value: '', text: 'Choose a user' },
      ...users
        .filter((user) => !designated.has(user.userId))
        .map((user) => ({ value: user.userId, text: user.displayName })),
    ],
    cancellationRows: overview.cancellationCodes.map((code) => [
      { text: code.code },
      { text: code.label },
      { text: code.requiresAvi ? 'Yes' : 'No' },
    ]),
  }
}

/** A comma- or space-separated form field as a list; blank is undefined (keep the current list's). */
function commaSeparated(value: string | undefined): string[] | undefined {
  const entries = (value ?? '').split(/[\s,]+/).filter(Boolean)
  return entries.length > 0 ? entries : undefined
}
