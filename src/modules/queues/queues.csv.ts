import { stringify } from 'csv-stringify/sync'
import type { Actor } from '../../platform/auth/actor.ts'
import type { JustificationGiven } from '../disclosures/index.ts'
import type { QueueDefinition } from './queues.rules.ts'
import type { QueuesService } from './queues.service.ts'
import type { QueueItem, QueuePageRequest } from './queues.shapes.ts'

// CSV

const CSV_HEAD = [
  'Reference',
  'Queue',
  'Status',
  'Offence or category',
  'Group',
  'In queue since',
  'Deadline',
  'Overdue',
  'Allocated to',
  'Unit',
  'Domestic abuse',
  'Vulnerable victim',
  'Hate crime',
  'Outcome type',
  'Reported',
  'Recorded',
  'Recorded within 24 hours',
]

/** A spreadsheet must never run a cell as a formula (CSV injection). */
function cell(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value
}

export function csvRows(queue: QueueDefinition, items: readonly QueueItem[]): string[][] {
  const yes = (value: boolean) => (value ? 'Yes' : 'No')
  return items.map((item) =>
    [
      item.reference,
      queue.label,
      item.status,
      item.what,
      item.group,
      item.enteredAt.toISOString(),
      item.deadline?.toISOString() ?? '',
      yes(item.overdue),
      item.holderName ?? '',
      item.unitName ?? '',
      yes(item.flags.includes('Domestic abuse')),
      yes(item.flags.includes('Vulnerable victim')),
      yes(item.flags.includes('Hate crime')),
      item.outcomeType === null ? '' : String(item.outcomeType),
      item.reportedAt.toISOString(),
      item.recordedAt?.toISOString() ?? '',
      item.recordedLate === null ? '' : yes(!item.recordedLate),
    ].map(cell),
  )
}

/** The queue as CSV text, the export asked for (the justification is checked and kept by exportRows). */
export async function* csvText(
  queues: QueuesService,
  actor: Actor,
  queue: QueueDefinition,
  given: JustificationGiven,
  request: QueuePageRequest,
) {
  yield stringify([CSV_HEAD])
  for await (const batch of queues.exportRows(actor, queue.key, given, request)) {
    yield stringify(csvRows(queue, batch))
  }
}
