/**
 * The record-a-crime question pages' view models (crimes.record.pages.ts): each page's values and GOV.UK items,
 * and the check-your-answers rows, from the draft as the service returns it.
 */
import { asList, linkDateInputs, type FormErrors } from '../../platform/http/forms.ts'
import { formatDate, formatDateTime } from '../../platform/views/format.ts'
import { escapeHtml } from '../../platform/views/html.ts'
import { CHANNELS, channelLabel, dateTimeItems } from '../incidents/index.ts'
import { dateItems, FLAGS, link, row, text, type Form } from './crimes.forms.ts'
import type { CrimeDraftsService, DraftAnswers, DraftStep } from './crimes.drafts.ts'
import type { CrimesService } from './crimes.service.ts'
import { offenceItems } from './crimes.views.ts'

export const DRAFT_PAGES: Record<DraftStep, string> = {
  report: 'crimes/views/record/report.njk',
  victim: 'crimes/views/record/victim.njk',
  offence: 'crimes/views/record/offence.njk',
  when: 'crimes/views/record/when.njk',
}

/** The date fields of the question pages, whose errors link to their first box. */
export const DATE_FIELDS = ['reportedAt', 'victim.dateOfBirth', 'offenceFrom', 'offenceTo']

/** Which question page asks for a field (the check page links each problem to it). */
export function stepFor(field: string): DraftStep {
  if (['report', 'directReportChannel', 'reportedAt', 'rapeReported'].includes(field)) {
    return 'report'
  }
  if (field.startsWith('victim') || field === 'callerIsVictim') {
    return 'victim'
  }
  return ['offenceCode', 'otherOffenceCodes', 'otherOffenceCode', 'n100Reason', 'offence'].includes(field)
    ? 'offence'
    : 'when'
}

type Draft = Awaited<ReturnType<CrimeDraftsService['draft']>>
export type DraftView = ReturnType<typeof draftView>
type OffenceCodes = Parameters<typeof offenceItems>[0]
type PossibleDuplicates = Awaited<ReturnType<CrimesService['possibleDuplicates']>>

/** The draft with where its pages live and where each page's back link goes. */
export function draftView(draftId: string, draft: Draft) {
  const base = `/crimes/drafts/${draftId}`
  return {
    ...draft,
    base,
    incidentLabel: draft.incident ? `Incident ${draft.incident.incidentNumber}` : 'Direct report',
    rapeReported: draft.incident ? draft.incident.rapeReported : draft.answers.rapeReported === true,
    callerName: draft.caller ? `${draft.caller.givenName} ${draft.caller.familyName}`.trim() : undefined,
    backHref: (step: DraftStep) => {
      const previous = draft.steps[draft.steps.indexOf(step) - 1]
      return previous ? `${base}/${previous}` : draft.incident ? `/incidents/${draft.incident.incidentId}` : '/crimes'
    },
  }
}

/** A question page's values: what was posted, or else the answers saved so far. */
export function draftForm(step: DraftStep, answers: DraftAnswers, form: Form | undefined): Form {
  if (form) {
    return form
  }
  switch (step) {
    case 'report':
      return {
        directReportChannel: answers.directReportChannel ?? '',
        rapeReported: answers.rapeReported ? 'yes' : '',
      }
    case 'victim': {
      const victim = answers.victim
      const [year, month, day] = (victim?.dateOfBirth ?? '').split('-')
      return {
        givenName: victim?.givenName ?? '',
        familyName: victim?.familyName ?? '',
        'dateOfBirth-day': day ?? '',
        'dateOfBirth-month': month ?? '',
        'dateOfBirth-year': year ?? '',
        noVictim: victim === null ? 'yes' : '',
        callerIsVictim: answers.victimPersonId ? 'yes' : answers.completed.includes('victim') ? 'no' : '',
      }
    }
    case 'offence':
      return {
        offenceCode: answers.offenceCode ?? '',
        otherOffenceCode: answers.otherOffenceCode ?? '',
        flags: FLAGS.filter(([flag]) => answers[flag]).map(([flag]) => flag),
        n100Reason: answers.n100Reason ?? '',
      }
    case 'when':
      return { summary: answers.summary ?? '' }
  }
}

/** One question page's model; `form` and `errors` when it is shown again with what was wrong. */
export function stepPage(model: DraftView, step: DraftStep, codes: OffenceCodes, form?: Form, errors?: FormErrors) {
  const values = draftForm(step, model.answers, form)
  const instant = (iso: string | undefined) => (iso ? new Date(iso) : undefined)
  return {
    ...model,
    ...(errors ? linkDateInputs(errors, DATE_FIELDS) : {}),
    values,
    backHref: model.backHref(step),
    channelItems: Object.entries(CHANNELS).map(([value, label], index) => ({
      value,
      text: label,
      checked: value === text(values, 'directReportChannel'),
      ...(index === 0 ? { id: 'directReportChannel' } : {}),
    })),
    reportedAtItems: dateTimeItems(
      'reportedAt',
      form ? { form } : { value: instant(model.answers.reportedAt) ?? model.now },
      !!errors?.fieldErrors.reportedAt,
    ),
    offenceItems: offenceItems(codes, text(values, 'offenceCode'), undefined, model.incident?.openingCategory),
    otherOffenceItems: offenceItems(codes, text(values, 'otherOffenceCode'), 'No other offence'),
    flagItems: FLAGS.map(([value, label]) => ({
      value,
      text: label,
      id: value,
      checked: asList(values.flags).includes(value),
    })),
    dateOfBirthItems: dateItems(
      'victim.dateOfBirth',
      {
        'victim.dateOfBirth-day': text(values, 'dateOfBirth-day') ?? '',
        'victim.dateOfBirth-month': text(values, 'dateOfBirth-month') ?? '',
        'victim.dateOfBirth-year': text(values, 'dateOfBirth-year') ?? '',
      },
      !!errors?.fieldErrors['victim.dateOfBirth'],
      'dateOfBirth',
    ),
    offenceFromItems: dateTimeItems(
      'offenceFrom',
      form ? { form } : { value: instant(model.answers.offenceFrom) },
      !!errors?.fieldErrors.offenceFrom,
    ),
    offenceToItems: dateTimeItems(
      'offenceTo',
      form ? { form } : { value: instant(model.answers.offenceTo) },
      !!errors?.fieldErrors.offenceTo,
    ),
    locationText: model.location
      ? `${[model.location.address, model.location.postcode].filter(Boolean).join(', ')} (from the incident)`
      : model.incident
        ? 'Not given on the incident'
        : 'Not given',
  }
}

/** Check your answers: a row for each answer, linked to the page that asks it, and any possible duplicates. */
export function checkPage(model: DraftView, duplicates: PossibleDuplicates) {
  return {
    ...model,
    backHref: `${model.base}/when`,
    rows: checkRows(model),
    duplicates: duplicates.map((duplicate) => ({
      html: `${link(`/crimes/${duplicate.crimeId}`, duplicate.crimeReference)}: ${escapeHtml(duplicate.offenceCode)}, recorded ${escapeHtml(formatDateTime(duplicate.recordedAt))}`,
    })),
  }
}

function checkRows(model: DraftView) {
  const { answers, incident } = model
  const victim = answers.victim
  const flags = FLAGS.filter(([flag]) => answers[flag]).map(([, label]) => label)
  return [
    incident
      ? row('Incident', `${incident.incidentNumber}, received ${formatDateTime(incident.receivedAt)}`)
      : row(
          'Reported',
          answers.reportedAt
            ? `${channelLabel(answers.directReportChannel ?? null)}, ${formatDateTime(answers.reportedAt)}${answers.rapeReported ? '; rape or attempted rape reported' : ''}`
            : 'Not answered',
          `${model.base}/report`,
          'how and when it was reported',
        ),
    row(
      'Victim',
      victim === null
        ? 'No identified victim'
        : victim
          ? [
              `${victim.givenName} ${victim.familyName}`.trim(),
              victim.dateOfBirth ? `born ${formatDate(victim.dateOfBirth)}` : '',
            ]
              .filter(Boolean)
              .join(', ')
          : 'Not answered',
      `${model.base}/victim`,
      'victim',
    ),
    row(
      'Offence',
      model.offence ? `${model.offence.label} (${model.offence.code})` : 'Not answered',
      `${model.base}/offence`,
      'offence',
    ),
    ...(model.otherOffence
      ? [
          row(
            'Other offence disclosed',
            `${model.otherOffence.label} (${model.otherOffence.code}): not recorded separately (principal crime rule)`,
            `${model.base}/offence`,
            'other offence',
          ),
        ]
      : []),
    ...(answers.n100Reason
      ? [row('Why not recorded as rape (N100)', answers.n100Reason, `${model.base}/offence`, 'N100 reason')]
      : []),
    row('Flags', flags.join(', ') || 'None', `${model.base}/offence`, 'flags'),
    row(
      'When it happened',
      answers.offenceFrom
        ? `${formatDateTime(answers.offenceFrom)}${answers.offenceTo ? ` to ${formatDateTime(answers.offenceTo)}` : ''}`
        : 'Not answered',
      `${model.base}/when`,
      'when it happened',
    ),
    row(
      'Where',
      model.location
        ? [model.location.address, model.location.postcode].filter(Boolean).join(', ')
        : incident
          ? 'Not given on the incident'
          : 'Not given',
    ),
    ...(answers.summary ? [row('Summary', answers.summary, `${model.base}/when`, 'summary')] : []),
  ]
}
