import { describe, expect, it } from 'vitest'
import type { CancellationRow, TransferRow } from './crimes.repository.ts'
import {
  cancellationDecisionText,
  crimeListRows,
  incidentHtml,
  transferText,
  type CrimeListItem,
} from './crimes.views.ts'

function aListItem(overrides: Partial<CrimeListItem> = {}): CrimeListItem {
  return {
    crimeId: 'crime-1',
    crimeReference: 'CR/000001/26',
    offenceCode: '49/1',
    offenceLabel: 'Theft from the person',
    recordedAt: new Date('2026-03-02T10:00:00Z'),
    status: 'recorded',
    recordedLate: false,
    ...overrides,
  }
}

function aCancellation(overrides: Partial<CancellationRow> = {}): CancellationRow {
  return {
    forceId: 1,
    cancellationId: 'cancellation-1',
    crimeId: 'crime-1',
    code: 'C1',
    rationale: 'Happened elsewhere',
    aviDescription: null,
    victimInformed: true,
    victimNotInformedReason: null,
    requestedAt: new Date('2026-03-02T10:00:00Z'),
    requestedBy: 'user-1',
    requestedByName: 'PC Amy Lee',
    decision: null,
    decidedAt: null,
    decidedBy: null,
    decidedByName: null,
    decidedByRole: null,
    decisionReason: null,
    fcrOverride: false,
    reversedAt: null,
    reversedBy: null,
    reversedByName: null,
    reversalReason: null,
    ...overrides,
  }
}

function aTransfer(overrides: Partial<TransferRow> = {}): TransferRow {
  return {
    forceId: 1,
    transferId: 'transfer-1',
    crimeId: 'crime-1',
    receivingForce: 'Kent Police',
    receivingForceCode: 'kent',
    reason: 'Happened in Kent',
    requestedAt: new Date('2026-03-02T10:00:00Z'),
    requestedBy: 'user-1',
    status: 'requested',
    receivingReference: null,
    acceptedOn: null,
    decidedAt: null,
    decidedBy: null,
    decidedByName: null,
    decidedByRole: null,
    fcrOverride: false,
    victimInformed: null,
    victimNotInformedReason: null,
    refusalReason: null,
    ...overrides,
  }
}

describe('crime list rows', () => {
  it('links the reference, escaped, and shows the offence with its code and the status tag', () => {
    const [cells] = crimeListRows([aListItem({ crimeReference: 'CR/<1>' })])
    expect(cells![0]).toEqual({ html: '<a class="govuk-link" href="/crimes/crime-1">CR/&lt;1&gt;</a>' })
    expect(cells![1]).toEqual({ text: 'Theft from the person (49/1)' })
    expect(cells![3]!.html).toBe(
      '<strong class="govuk-tag govuk-tag--blue">Recorded – awaiting classification check</strong>',
    )
  })

  it('tags a crime recorded more than 24 hours after the report', () => {
    const [cells] = crimeListRows([aListItem({ recordedLate: true })])
    expect(cells![3]!.html).toContain('<strong class="govuk-tag govuk-tag--red">Over 24 hours</strong>')
  })
})

describe('the incident a crime was recorded from', () => {
  it('links the incident and escapes its category', () => {
    const html = incidentHtml({
      incidentId: 'incident-1',
      incidentNumber: 'INC<1>',
      openingCategory: 'not-a-known-code<script>',
      qualifiers: [],
    })
    expect(html).toContain('<a class="govuk-link" href="/incidents/incident-1">Incident INC&lt;1&gt;</a>: ')
    expect(html).not.toContain('<script>')
  })

  it('is absent for a direct report', () => {
    expect(incidentHtml(undefined)).toBeUndefined()
  })
})

describe('transfer status text', () => {
  it('says a transfer not yet decided is awaiting acceptance', () => {
    expect(transferText(aTransfer())).toBe('Awaiting acceptance')
  })

  it('gives the refusal reason', () => {
    expect(transferText(aTransfer({ status: 'refused', refusalReason: 'Not ours' }))).toBe('Refused: Not ours')
  })

  it('gives who accepted it, their reference, and why the victim was not told', () => {
    const text = transferText(
      aTransfer({
        status: 'accepted',
        acceptedOn: '2026-03-04',
        receivingReference: 'KT/9',
        decidedByName: 'Sam Patel',
        decidedByRole: 'IMU',
        victimInformed: false,
        victimNotInformedReason: 'No contact details',
      }),
    )
    expect(text).toMatch(/^Accepted .*2026, their reference KT\/9; recorded by Sam Patel \(IMU\)/)
    expect(text).toContain('; victim not told: No contact details')
  })
})

describe('cancellation decision text', () => {
  it('says an undecided request awaits authorisation', () => {
    expect(cancellationDecisionText(aCancellation())).toBe('Awaiting authorisation')
  })

  it('names the decision maker and an FCR override', () => {
    expect(
      cancellationDecisionText(
        aCancellation({ decision: 'refused', decidedByName: 'Jo Smith', decidedByRole: 'DDM', fcrOverride: true }),
      ),
    ).toBe('refused by Jo Smith (DDM), FCR override')
  })

  it('shows a reversed cancellation as authorised, then reversed with the reason', () => {
    const text = cancellationDecisionText(
      aCancellation({
        decision: 'reversed',
        decidedByName: 'Jo Smith',
        decidedByRole: 'DDM',
        reversedByName: 'The FCR',
        reversedAt: new Date('2026-03-05T12:00:00Z'),
        reversalReason: 'Evidence of a crime',
      }),
    )
    expect(text).toMatch(/^authorised by Jo Smith \(DDM\); reversed by The FCR, .*2026.*: Evidence of a crime$/)
  })
})
