import type { ColumnType, Generated } from 'kysely'
import type { ForceId } from './platform.ts'

/** Calendar days are 'YYYY-MM-DD' strings on both drivers (see database.ts). */
type CalendarDay = string

export interface QueueSnapshotTable {
  forceId: ForceId
  day: CalendarDay
  queue: string
  size: number
  arrivals: number | null
  completions: number | null
  oldestSince: Date | null
  overdue: number | null
  ageing: ColumnType<number[] | null, number[] | null, number[] | null>
  source: 'measured' | 'reconstructed'
  measuredAt: Date
}

export interface RecordingDayTable {
  forceId: ForceId
  day: CalendarDay
  recorded: number
  recordedOnTime: number
  measuredAt: Date
}

export interface QueueSettingTable {
  forceId: ForceId
  awaitingFilingThreshold: number
  version: Generated<number>
  updatedAt: Date
  updatedByName: string
}

export interface QueuesTables {
  queueSnapshot: QueueSnapshotTable
  recordingDay: RecordingDayTable
  queueSetting: QueueSettingTable
}
