/**
 * Why a queue is forecast to go the way it does, in words a supervisor can check against what they know: what
 * is arriving against the last four weeks, the staff-hours ahead against the last four weeks, the share of those
 * hours worked by people still learning, and how sure Tally is of the unit's pace (issue 12).
 */
import type { QueueForecast } from './capacity.engine.ts'
import { FORECAST_QUEUE_LABELS, type ForecastQueue } from './capacity.rules.ts'

const whole = new Intl.NumberFormat('en-GB', { maximumFractionDigits: 0 })
const twoPlaces = new Intl.NumberFormat('en-GB', { maximumFractionDigits: 2, minimumFractionDigits: 2 })

/** "up 12%", "down 8%" or "about the same as" against a base; within ±5% counts as the same. */
export function change(ahead: number, recent: number): { direction: 'up' | 'down' | 'same'; percent: number } {
  if (recent <= 0) {
    return { direction: ahead > 0 ? 'up' : 'same', percent: 0 }
  }
  const percent = Math.round((100 * (ahead - recent)) / recent)
  return { direction: Math.abs(percent) < 5 ? 'same' : percent > 0 ? 'up' : 'down', percent: Math.abs(percent) }
}

function compared(ahead: number, recent: number, unit: string): string {
  const c = change(ahead, recent)
  const against = `${whole.format(recent)} ${unit} a week over the last 4 weeks`
  return c.direction === 'same' ? `about the same as the ${against}` : `${c.direction} ${c.percent}% on the ${against}`
}

/** The trend of the central line over the forecast: rising, falling or flat (within 10% and 10 crimes). */
export function trend(forecast: QueueForecast): 'rise' | 'fall' | 'stay level' {
  const end = forecast.weeks.at(-1)?.central ?? forecast.startBacklog
  const margin = Math.max(10, 0.1 * forecast.startBacklog)
  return end > forecast.startBacklog + margin ? 'rise' : end < forecast.startBacklog - margin ? 'fall' : 'stay level'
}

/** Plain sentences explaining the forecast of one queue. */
export function explain(forecast: QueueForecast): string[] {
  const r = forecast.reasons
  const lines: string[] = []
  const source =
    r.arrivalsFrom === null
      ? 'Crimes arriving'
      : `Crimes arriving from ${FORECAST_QUEUE_LABELS[r.arrivalsFrom].toLowerCase()}`
  let arrivals = `${source}: about ${whole.format(r.arrivalsPerWeekAhead)} a week over the next 8 weeks, ${compared(r.arrivalsPerWeekAhead, r.arrivalsPerWeekRecent, 'arrived')}.`
  if (r.demandChangedWeeksAgo !== null) {
    arrivals += ` Demand changed level ${r.demandChangedWeeksAgo} weeks ago, so only the weeks since are used.`
  }
  if (r.seasonal) {
    arrivals += ' The same weeks last year are allowed for.'
  }
  lines.push(arrivals)
  const rate = forecast.model.rate
  if (r.hoursPerWeekAhead !== null && r.hoursPerWeekRecent !== null && forecast.skill !== null) {
    lines.push(
      `Staff-hours with the ${forecast.skill.replaceAll('_', ' ')} skill: about ${whole.format(r.hoursPerWeekAhead)} a week ahead, ${compared(r.hoursPerWeekAhead, r.hoursPerWeekRecent, 'hours')}.`,
    )
  }
  if (r.learnerSharePercent !== null && r.learnerSharePercent > 0) {
    lines.push(
      `People still learning the skill work ${r.learnerSharePercent}% of those hours, and count at 30% of a competent person.`,
    )
  }
  if (rate) {
    lines.push(
      rate.basis === 'worked flat out'
        ? `Staff finish about ${twoPlaces.format(rate.perHour)} crimes an hour (likely ${twoPlaces.format(rate.low)} to ${twoPlaces.format(rate.high)}), measured on the days work was left waiting, allowing for the days they cleared it.`
        : `Staff have finished at least ${twoPlaces.format(rate.low)} crimes an hour: the unit kept this queue clear, so that is what the work needed, not all they could do.`,
    )
    // At the cap, no day ended with less than a day's arrivals waiting: no day showed what waits when the unit
    // keeps up, so there is nothing to say about it.
    if (rate.overnightShare >= 0.05 && rate.overnightShare < 1) {
      lines.push(
        `About ${Math.round(100 * rate.overnightShare)}% of a day's arrivals are still waiting at its end even on the days the unit keeps up (reports taken in the evening, work passed on late in the day) and are done the next working day: that is not counted as work left undone.`,
      )
    }
  } else if (forecast.skill === null) {
    lines.push('Worked outside the unit: the share of waiting crimes finished each day follows the usual pattern.')
  } else {
    const finished = forecast.model.completionsByWeekday.reduce((a, b) => a + b, 0)
    lines.push(
      `No one with the ${forecast.skill.replaceAll('_', ' ')} skill was available in the staff records over the history, so their pace cannot be measured: crimes are taken to go on being finished as they were, about ${whole.format(finished)} a week, whoever is rostered.`,
    )
  }
  return lines
}

/** The probability as the page shows it: "62%", or "under 1%" / "over 99%" at the ends. */
export function formatProbability(probability: number | null): string {
  if (probability === null) {
    return '—'
  }
  if (probability > 0 && probability < 0.01) {
    return 'under 1%'
  }
  if (probability < 1 && probability > 0.99) {
    return 'over 99%'
  }
  return `${Math.round(probability * 100)}%`
}

export function queueLabel(queue: string): string {
  return FORECAST_QUEUE_LABELS[queue as ForecastQueue] ?? queue
}
