/**
 * buildApp(deps): the whole HTTP application as a function of its dependencies. `main.ts` only makes it listen;
 * tests call it in-process with `app.inject()`. Platform plugins first, then each module's routes, each
 * mounted explicitly here.
 */
import crypto from 'node:crypto'
import fastifyStatic from '@fastify/static'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import Fastify, { type FastifyReply } from 'fastify'
import type { Deps } from './deps.ts'
import { accessControl } from './platform/http/access.ts'
import { apiDocs } from './platform/http/api-docs.ts'
import { errorHandler } from './platform/http/error-handler.ts'
import { inputHygiene } from './platform/http/input-hygiene.ts'
import { observability } from './platform/http/observability.ts'
import { pages } from './platform/http/pages.ts'
import { security } from './platform/http/security.ts'
import { validatorCompiler } from './platform/http/validation.ts'
import { ROLE_LABELS } from './platform/auth/roles.ts'
import { Navigation } from './platform/views/navigation.ts'
import { ASSET_DIRECTORIES, createViewEnvironment } from './platform/views/nunjucks.ts'
import * as accounts from './modules/accounts/index.ts'
import * as auditTrail from './modules/audit-trail/index.ts'
import * as home from './modules/home/index.ts'
import * as directory from './modules/directory/index.ts'
import * as staff from './modules/staff/index.ts'
import * as people from './modules/people/index.ts'
import * as disclosures from './modules/disclosures/index.ts'
import * as capacity from './modules/capacity/index.ts'
import * as risks from './modules/risks/index.ts'
import * as incidents from './modules/incidents/index.ts'
import * as crimes from './modules/crimes/index.ts'
import * as queues from './modules/queues/index.ts'
import * as victims from './modules/victims/index.ts'
import * as notifications from './modules/notifications/index.ts'
import * as partners from './modules/partners/index.ts'
import * as integrity from './modules/integrity/index.ts'
import * as openData from './modules/open-data/index.ts'
import * as retention from './modules/retention/index.ts'

const REQUEST_ID = /^[A-Za-z0-9._-]{8,100}$/

/** What serving adds to the app: while the demo force is being built, what its banner says. */
export interface AppOptions {
  demoStatus?: () => string | undefined
}

export async function buildApp(deps: Deps, options: AppOptions = {}) {
  const app = createServer(deps)
  const navigation = moduleNavigation()
  await registerPlatform(app, deps, navigation, options)
  await registerAssets(app, deps)
  await registerPages(app, deps, navigation)
  await registerApis(app, deps)
  await app.ready()
  return app
}

type Server = ReturnType<typeof createServer>

/** Fastify with Tally's request ids, validation and answer to paths that are not text. */
function createServer(deps: Deps) {
  const { config } = deps
  const app = Fastify({
    loggerInstance: deps.log,
    trustProxy: config.http.trustProxy,
    requestIdHeader: false,
    genReqId: (request) => {
      const given = request.headers['x-request-id']
      return typeof given === 'string' && REQUEST_ID.test(given) ? given : crypto.randomUUID()
    },
    routerOptions: { ignoreTrailingSlash: true },
    // A path that does not decode to text (a lone surrogate's bytes, a broken %-escape) never reaches a route:
    // answered as a problem document naming the path, like every other bad input.
    frameworkErrors: (error, request, reply: FastifyReply) => {
      void reply
        .status(400)
        .type('application/problem+json')
        .header('cache-control', 'no-store')
        .send({
          status: 400,
          title: 'The request has invalid fields',
          errors: [{ field: 'path', message: `path is not valid: ${error.message}` }],
          requestId: request.id,
        })
    },
  }).withTypeProvider<TypeBoxTypeProvider>()
  app.setValidatorCompiler(validatorCompiler)
  app.addHook('onSend', (request, reply, payload, done) => {
    void reply.header('x-request-id', request.id)
    done(null, payload)
  })
  return app
}

/** Each module's navigation items, in the order the header shows them. */
function moduleNavigation(): Navigation {
  const navigation = new Navigation().add(...home.navigation, ...auditTrail.navigation, ...accounts.navigation)
  navigation.add(...directory.navigation, ...staff.navigation)
  navigation.add(...people.navigation)
  navigation.add(...capacity.navigation, ...risks.navigation)
  navigation.add(...incidents.navigation, ...crimes.navigation)
  navigation.add(...queues.navigation)
  navigation.add(...victims.navigation)
  navigation.add(...notifications.navigation, ...partners.navigation)
  navigation.add(...integrity.navigation)
  navigation.add(...openData.navigation)
  navigation.add(...retention.navigation)
  return navigation
}

/** Security, input hygiene, access control, pages, errors, observability and the API docs, before any route. */
async function registerPlatform(app: Server, deps: Deps, navigation: Navigation, options: AppOptions): Promise<void> {
  const { config, services } = deps
  await app.register(security, { cookieSecret: config.session.secret, secureCookies: config.session.secureCookies })
  await app.register(inputHygiene)
  await app.register(accessControl, {
    identities: deps.identities,
    clock: deps.clock,
    idleMinutes: config.session.idleMinutes,
  })
  await app.register(pages, {
    views: createViewEnvironment({ watch: config.environment === 'development' }),
    navigation,
    demo: config.demo,
    demoStatus: options.demoStatus,
    secureCookies: config.session.secureCookies,
    forceName: (forceId) => services.accounts.forceName(forceId),
  })
  await app.register(errorHandler, { showDetails: config.environment !== 'production' })
  await app.register(observability, { isReady: () => deps.db.isReady(), metricsToken: config.metricsToken })
  await app.register(apiDocs)
}

async function registerAssets(app: Server, deps: Deps): Promise<void> {
  const { config } = deps
  // Stylesheets, scripts, fonts and images are public: the sign-in page needs them before anyone signs in.
  await app.register(async (assets) => {
    assets.addHook('onRoute', (route) => {
      route.config = { ...route.config, permission: 'public' }
    })
    for (const [prefix, root] of Object.entries(ASSET_DIRECTORIES)) {
      await assets.register(fastifyStatic, {
        root,
        prefix,
        decorateReply: false,
        index: false,
        maxAge: config.environment === 'production' ? '1d' : 0,
        allowedPath: (path) => !path.endsWith('.scss') && !path.endsWith('.njk') && !path.endsWith('.map'),
      })
    }
  })
}

/**
 * The words the audit trail's pages use for codes in an event's changes: each the label map of the module that owns
 * the code, the same words its own pages use (the audit trail cannot import them: every module records through it).
 */
function auditChangeVocabulary(): auditTrail.ChangeVocabulary {
  const hasOutcome = (code: string) => Object.hasOwn(crimes.OUTCOME_TYPES, code)
  const scale = (labels: readonly string[]) => (code: string) => labels[Number(code) - 1]
  const queues = crimes.LIVE_STATUS_QUEUE_LABELS
  return {
    'crime.status': crimes.crimeStatusLabel,
    'crime.statusBeforePending': crimes.crimeStatusLabel,
    outcomeType: (code) => (hasOutcome(code) ? crimes.crimeOutcomeLabel(Number(code)) : undefined),
    cancellationCode: (code) => {
      const known = crimes.HOME_OFFICE_CANCELLATION_CODES.find((cancellation) => cancellation.code === code)
      return known ? `${code}: ${known.label}` : undefined
    },
    directReportChannel: incidents.channelLabel,
    'incident.channel': incidents.channelLabel,
    openingCategory: incidents.categoryLabel,
    closingCategory: incidents.categoryLabel,
    qualifiers: (code) => incidents.qualifierLabels([code]),
    role: people.INVOLVEMENT_ROLE_LABELS,
    suspectStatus: people.SUSPECT_STATUS_LABELS,
    'person.kind': people.ASSESSMENT_KIND_LABELS,
    'risk.status': risks.RISK_STATUS_LABELS,
    'risk.likelihood': scale(risks.LIKELIHOOD_LABELS),
    'risk.impact': scale(risks.IMPACT_LABELS),
    'partner-report.status': partners.PARTNER_REPORT_STATUS_LABELS,
    'partner-report.kind': (code) =>
      Object.hasOwn(partners.REPORT_KINDS, code)
        ? partners.REPORT_KINDS[code as keyof typeof partners.REPORT_KINDS].label
        : undefined,
    'partner-organisation.kind': partners.PARTNER_KINDS,
    'victim_care.kind': victims.EVENT_KINDS,
    'victim_care.method': victims.CONTACT_METHODS,
    'victim_care.preferredMethod': victims.CONTACT_METHODS,
    'victim_care.tasks': victims.TASK_KINDS,
    'victim_care.tasksClosed': victims.TASK_KINDS,
    'user.roles': ROLE_LABELS,
    'api-token.role': ROLE_LABELS,
    'role-separation.incompatibleRoles': ROLE_LABELS,
    'capacity-settings.thresholds.*': queues,
    'capacity-settings.skills.*': queues,
  }
}

/** Each module's pages, mounted explicitly. */
async function registerPages(app: Server, deps: Deps, navigation: Navigation): Promise<void> {
  const { config, services } = deps
  await app.register(home.homePages({ navigation, services, clock: deps.clock }))
  await app.register(
    accounts.accountsPages({
      accounts: services.accounts,
      secureCookies: config.session.secureCookies,
      signInPerMinute: config.signIn.perMinutePerAddress,
      absoluteHours: config.session.absoluteHours,
      providers: new accounts.SignInProviders(config.signInProviders, config.publicUrl),
      publicUrl: config.publicUrl,
    }),
  )
  const changeWords = auditChangeVocabulary()
  await app.register(auditTrail.auditTrailPages(services.auditTrail, services.auditTrailSearch, changeWords), {
    prefix: '/audit-trail',
  })
  await app.register(auditTrail.auditTrailSearchPages(services.auditTrailSearch, changeWords), {
    prefix: '/audit-trail',
  })
  await app.register(directory.directoryPages(services.directory), { prefix: '/directory' })
  await app.register(staff.staffPages(services), { prefix: '/staff' })
  await app.register(people.peoplePages(services.people), { prefix: '/people' })
  await app.register(people.personMergePages(services.people, services.personMerges), { prefix: '/people' })
  await app.register(
    capacity.capacityPages({
      capacity: services.capacity,
      units: (actor) => services.directory.listUnits(actor),
      skills: (actor) => services.staffReferenceData.listSkills(actor),
    }),
    { prefix: '/forecast' },
  )
  await app.register(risks.risksPages(services.risks), { prefix: '/risks' })
  await app.register(
    integrity.integrityPages(services.integrity, services.audits, services.integrityReport, () => deps.clock.now()),
    { prefix: '/integrity' },
  )
  await app.register(
    incidents.incidentsPages({
      incidents: services.incidents,
      clock: deps.clock,
      linkedRecords: (actor, incidentId) => services.crimes.forIncident(actor, incidentId),
      routing: (actor) => services.directory.routingFor(actor, 'incident'),
      crimeStatusLabel: crimes.crimeStatusLabel,
    }),
    { prefix: '/incidents' },
  )
  // Crime pages also answer /incidents/:id/no-crime, /n100s and /admin/crime-recording, so they mount at the root.
  await app.register(
    crimes.crimesPages({
      crimes: services.crimes,
      drafts: services.crimeDrafts,
      referenceData: services.crimeReferenceData,
      users: async (actor) => (await services.accounts.listUsers(actor)).filter((user) => user.active),
      routing: (actor) => services.directory.routingFor(actor, 'crime'),
    }),
  )
  // The work queues answer /queues… and /dashboard, so they mount at the root.
  await app.register(
    queues.queuesPages(services, {
      compliance: (actor, crimeId) => services.victims.complianceForCrime(actor, crimeId),
      counts: (actor) => services.victims.counts(actor),
    }),
  )
  await app.register(victims.victimsPages(services.victims), { prefix: '/victim-care' })
  await app.register(notifications.notificationsPages(services.notifications), { prefix: '/notifications' })
  // Partner pages answer /admin/partners… and /partner-reports…, so they mount at the root.
  await app.register(
    partners.partnersPages({
      partners: services.partners,
      drafts: services.partnerReportDrafts,
      unreadNotifications: (actor) => services.notifications.unreadCount(actor),
    }),
  )
  await app.register(openData.openDataPages(services.openData), { prefix: '/open-data' })
  await app.register(retention.retentionPages(services.retention), { prefix: '/retention' })
  // Disclosure pages answer /crimes/:crimeId/disclosures…, so they mount at the root.
  await app.register(disclosures.disclosuresPages(services.disclosures))
}

/** Each module's JSON API under /api/v1. */
async function registerApis(app: Server, deps: Deps): Promise<void> {
  const { services } = deps
  await app.register(accounts.accountsApi(), { prefix: '/api/v1' })
  await app.register(auditTrail.auditTrailApi(services.auditTrail), { prefix: '/api/v1/audit-events' })
  await app.register(auditTrail.auditTrailSearchApi(services.auditTrailSearch), { prefix: '/api/v1/audit-trail' })
  await app.register(directory.directoryApi(services.directory), { prefix: '/api/v1/units' })
  await app.register(staff.staffApi(services), { prefix: '/api/v1/staff' })
  await app.register(people.peopleApi(services.people), { prefix: '/api/v1/people' })
  await app.register(people.personMergesApi(services.personMerges), { prefix: '/api/v1/people' })
  await app.register(capacity.capacityApi(services.capacity), { prefix: '/api/v1/forecast' })
  await app.register(risks.risksApi(services.risks), { prefix: '/api/v1/risks' })
  await app.register(integrity.integrityApi(services.integrity, services.audits), { prefix: '/api/v1/integrity' })
  await app.register(incidents.incidentsApi(services.incidents), { prefix: '/api/v1/incidents' })
  await app.register(crimes.crimesApi(services.crimes, services.crimeReferenceData), { prefix: '/api/v1' })
  await app.register(queues.queuesApi(services), { prefix: '/api/v1' })
  await app.register(victims.victimsApi(services.victims), { prefix: '/api/v1/victim-care' })
  await app.register(partners.partnersApi(services.partners), { prefix: '/api/v1' })
  await app.register(openData.openDataApi(services.openData), { prefix: '/api/v1/open-data' })
  await app.register(retention.retentionApi(services.retention), { prefix: '/api/v1/retention' })
  await app.register(disclosures.disclosuresApi(services.disclosures), { prefix: '/api/v1' })
}

export type TallyApp = Awaited<ReturnType<typeof buildApp>>
