/**
 * Work that must happen every day without anyone remembering — the risk register's indicator check, the IMU
 * queues' snapshot — run by `serve` in-process: once shortly after start (to catch up), then just after each UK
 * midnight, when the day before has ended. Each task runs one at a time and must be idempotent, because several
 * app servers may each run it. A failure is logged and the next run tries again. (When background work needs
 * more than this, it moves to pg-boss jobs, as STYLE.md plans.)
 */
import { addDays, startOfUkDay, ukDate } from '../dates.ts'

export interface DailyTask {
  name: string
  run: () => Promise<unknown>
}

export interface DailyScheduleOptions {
  log: { info(details: object, message: string): void; error(details: object, message: string): void }
  now?: () => Date
  /** First run after this many milliseconds (default one minute, so start-up is not slowed). */
  firstAfterMs?: number
}

/** Five minutes past the next UK midnight: the day before has certainly ended everywhere. */
export function nextDailyRunAfter(now: Date): Date {
  return new Date(startOfUkDay(addDays(ukDate(now), 1)).getTime() + 5 * 60_000)
}

/** Starts the tasks; returns a function that stops them. The timers never keep the process alive. */
export function startDailyTasks(tasks: readonly DailyTask[], options: DailyScheduleOptions): () => void {
  const now = options.now ?? (() => new Date())
  const running = new Set<string>()
  let stopped = false
  let timer: NodeJS.Timeout | undefined

  const runAll = () => {
    for (const task of tasks) {
      if (running.has(task.name)) {
        continue
      }
      running.add(task.name)
      const started = Date.now()
      void task
        .run()
        .then(
          () => options.log.info({ task: task.name, ms: Date.now() - started }, 'daily task done'),
          (error: unknown) => options.log.error({ task: task.name, err: error }, 'daily task failed'),
        )
        .finally(() => running.delete(task.name))
    }
  }
  const scheduleNext = () => {
    if (stopped) {
      return
    }
    timer = setTimeout(
      () => {
        runAll()
        scheduleNext()
      },
      Math.max(1_000, nextDailyRunAfter(now()).getTime() - now().getTime()),
    )
    timer.unref()
  }
  const first = setTimeout(runAll, options.firstAfterMs ?? 60_000)
  first.unref()
  scheduleNext()
  return () => {
    stopped = true
    clearTimeout(first)
    clearTimeout(timer)
  }
}

/**
 * Runs one task every `everyMs` (first after `firstAfterMs`, default one minute), never two runs at once: for
 * work whose period is configured rather than tied to the day, like exporting the audit trail's anchors.
 */
export function startRepeatingTask(task: DailyTask, everyMs: number, options: DailyScheduleOptions): () => void {
  let running = false
  const run = () => {
    if (running) {
      return
    }
    running = true
    const started = Date.now()
    void task
      .run()
      .then(
        () => options.log.info({ task: task.name, ms: Date.now() - started }, 'repeating task done'),
        (error: unknown) => options.log.error({ task: task.name, err: error }, 'repeating task failed'),
      )
      .finally(() => {
        running = false
      })
  }
  const first = setTimeout(run, options.firstAfterMs ?? 60_000)
  const every = setInterval(run, everyMs)
  first.unref()
  every.unref()
  return () => {
    clearTimeout(first)
    clearInterval(every)
  }
}
