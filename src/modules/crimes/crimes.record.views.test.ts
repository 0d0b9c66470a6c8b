import { describe, expect, it } from 'vitest'
import { checkPage, draftForm, draftView, stepFor } from './crimes.record.views.ts'
import type { DraftAnswers } from './crimes.drafts.ts'

type Draft = Parameters<typeof draftView>[1]

/** A draft as the drafts service returns it; only what the pages read. */
function draft(answers: Partial<DraftAnswers>, incident: { incidentId: string; incidentNumber: string } | null) {
  return {
    draftId: 'd1',
    incident: incident && { ...incident, receivedAt: new Date('2026-12-01T10:00:00Z'), rapeReported: false },
    answers: { completed: [], ...answers },
    steps: incident ? ['victim', 'offence', 'when'] : ['report', 'victim', 'offence', 'when'],
    location: undefined,
    offence: answers.offenceCode ? { code: answers.offenceCode, label: 'Theft from the person' } : undefined,
    otherOffence: undefined,
    now: new Date('2026-12-01T12:00:00Z'),
  } as unknown as Draft
}

const rowValue = (page: ReturnType<typeof checkPage>, key: string) => page.rows.find((r) => r.key.text === key)?.value

describe('the record-a-crime question pages', () => {
  it.each([
    ['reportedAt', 'report'],
    ['directReportChannel', 'report'],
    ['victim.dateOfBirth', 'victim'],
    ['victim', 'victim'],
    ['offenceCode', 'offence'],
    ['n100Reason', 'offence'],
    ['offenceFrom', 'when'],
    ['summary', 'when'],
  ] as const)('a problem with %s links to the %s page', (field, step) => {
    expect(stepFor(field)).toBe(step)
  })

  it('goes back to the previous question, and from the first to where the draft began', () => {
    const direct = draftView('d1', draft({}, null))
    expect(direct.backHref('report')).toBe('/crimes')
    expect(direct.backHref('victim')).toBe('/crimes/drafts/d1/report')
    const fromIncident = draftView('d1', draft({}, { incidentId: 'i1', incidentNumber: '20261201-0001' }))
    expect(fromIncident.backHref('victim')).toBe('/incidents/i1')
    expect(fromIncident.incidentLabel).toBe('Incident 20261201-0001')
  })

  it('fills a page from the saved answers unless something was posted', () => {
    const answers: DraftAnswers = {
      completed: ['victim'],
      victim: { givenName: 'Hannah', familyName: 'Okoro', dateOfBirth: '1990-04-07' },
    }
    expect(draftForm('victim', answers, undefined)).toMatchObject({
      givenName: 'Hannah',
      'dateOfBirth-day': '07',
      'dateOfBirth-month': '04',
      'dateOfBirth-year': '1990',
      noVictim: '',
    })
    expect(draftForm('victim', { completed: [], victim: null }, undefined)).toMatchObject({ noVictim: 'yes' })
    const posted = { givenName: 'Liam' }
    expect(draftForm('victim', answers, posted)).toBe(posted)
  })

  it('checks the answers in words, saying what is not yet answered', () => {
    const unanswered = checkPage(draftView('d1', draft({}, null)), [])
    expect(rowValue(unanswered, 'Reported')).toEqual({ text: 'Not answered' })
    expect(rowValue(unanswered, 'Victim')).toEqual({ text: 'Not answered' })
    expect(rowValue(unanswered, 'Flags')).toEqual({ text: 'None' })

    const noVictim = checkPage(
      draftView(
        'd1',
        draft({ victim: null, offenceCode: '49', hateCrime: true }, { incidentId: 'i1', incidentNumber: 'X' }),
      ),
      [
        {
          crimeId: 'c1',
          crimeReference: 'DC/26/1',
          offenceCode: '49',
          offenceGroup: 'theft',
          status: 'recorded',
          recordedAt: new Date('2026-11-30T09:00:00Z'),
          offenceFrom: new Date('2026-11-30T08:00:00Z'),
          offenceTo: null,
          locationKey: null,
          victimKey: null,
        },
      ],
    )
    expect(rowValue(noVictim, 'Victim')).toEqual({ text: 'No identified victim' })
    expect(rowValue(noVictim, 'Offence')).toEqual({ text: 'Theft from the person (49)' })
    expect(rowValue(noVictim, 'Flags')).toEqual({ text: 'Hate crime' })
    expect(noVictim.rows.some((r) => r.key.text === 'Reported')).toBe(false)
    expect(noVictim.duplicates[0]!.html).toContain('href="/crimes/c1"')
  })
})
