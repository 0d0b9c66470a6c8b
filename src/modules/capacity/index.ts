/**
 * The capacity forecast: each IMU queue forecast for the coming weeks from the unit's own history, under the
 * known absences and scenario changes, with its breach date and the staff that would prevent it.
 */
export * from './capacity.rules.ts'
export * from './capacity.model.ts'
export * from './capacity.engine.ts'
export {
  simulateUnit,
  staffRecordsAsKnownOn,
  SIMULATED_QUEUES,
  type SimOutcome,
  type SimStory,
  type SimAbsence,
} from './simulation/unit-simulator.ts'
export { STORIES, storyByKey, IMU_2014_REPLAY_START } from './simulation/stories.ts'
export { estimateRate, KEPT_CLEAR_HEADROOM, type RateEstimate } from './capacity.rates.ts'
export * from './capacity.scenarios.ts'
export {
  IMU_2014,
  simulateReplay,
  rosterAsKnownOn,
  skillsUnderTwoAvailable,
  longTermAbsencesOn,
  replayWeek,
  replayEnd,
  type ReplayScenario,
} from './capacity.imu-2014.ts'
export {
  readForecastHistory,
  historyProblems,
  HistoryFileError,
  HISTORY_FORMAT,
  type ForecastHistory,
} from './capacity.history.ts'
export {
  forecastHistory,
  historyForecastJson,
  rosterFromHistory,
  historyFromRecords,
  DEMAND_HISTORY_WEEKS,
} from './capacity.history-forecast.ts'
export { CapacityService, type CapacitySettings, type ForecastReport, type BacktestReport } from './capacity.service.ts'
export { CapacityRepository } from './capacity.repository.ts'
export {
  rosterFromStaff,
  flowsFromCrimes,
  type CrimeFlowReader,
  type StaffAvailabilityReader,
  type CapacitySources,
  type QueueFlowSource,
  type RosterSource,
  type RosterDay,
  type UnitDirectory,
} from './capacity.sources.ts'
export { change, explain, trend } from './capacity.explain.ts'
export { capacityPages, type CapacityPagesOptions } from './capacity.pages.ts'
export { capacityApi } from './capacity.api.ts'

import type { NavigationItem } from '../../platform/views/navigation.ts'
export const navigation: NavigationItem[] = [
  { text: 'Forecast', href: '/forecast', permission: 'forecast.view', order: 75 },
]
