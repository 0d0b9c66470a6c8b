/**
 * How dates, times and numbers read on Tally's pages: GOV.UK style ("26 November 2026", "2:05pm"), always in
 * UK time whatever the server's zone.
 */
const UK = 'Europe/London'

const dateFormat = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: UK })
const timeFormat = new Intl.DateTimeFormat('en-GB', { hour: 'numeric', minute: '2-digit', hour12: true, timeZone: UK })
const numberFormat = new Intl.NumberFormat('en-GB')

function toDate(value: Date | string | null | undefined): Date | undefined {
  if (value === null || value === undefined || value === '') {
    return undefined
  }
  const date = value instanceof Date ? value : new Date(value)
  return Number.isNaN(date.getTime()) ? undefined : date
}

export function formatDate(value: Date | string | null | undefined): string {
  const date = toDate(value)
  return date ? dateFormat.format(date) : ''
}

export function formatTime(value: Date | string | null | undefined): string {
  const date = toDate(value)
  return date ? timeFormat.format(date).replace(/\s/g, '').replace(':00', '').toLowerCase() : ''
}

export function formatDateTime(value: Date | string | null | undefined): string {
  const date = toDate(value)
  return date ? `${formatDate(date)} at ${formatTime(date)}` : ''
}

/** Words as the start of a sentence: the first letter in capitals, the rest as written. */
export function sentenceCase(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1)
}

/** A code no words are written for, as words: CRIME_VICTIM_TASK_DONE → "Crime victim task done". */
export function codeInWords(code: string): string {
  return sentenceCase(code.toLowerCase().replaceAll('_', ' '))
}

/**
 * A count and its noun, singular or plural: "1 risk", "2 risks", "0 risks". `many` for nouns that do not just add
 * an s ("1 indicator watch", "3 indicator watches"). Pages and messages say this, never "risk(s)".
 */
export function plural(count: number, one: string, many = `${one}s`): string {
  return `${count} ${count === 1 ? one : many}`
}

/** "3 days 4 hours", "45 minutes": the length of a wait, whichever way round the caller phrases it. */
export function formatDuration(milliseconds: number | null | undefined): string {
  if (milliseconds === null || milliseconds === undefined || !Number.isFinite(milliseconds)) {
    return ''
  }
  let minutes = Math.floor(Math.abs(milliseconds) / 60_000)
  const days = Math.floor(minutes / 1440)
  minutes -= days * 1440
  const hours = Math.floor(minutes / 60)
  minutes -= hours * 60
  if (days > 0) {
    return hours > 0 ? `${plural(days, 'day')} ${plural(hours, 'hour')}` : plural(days, 'day')
  }
  if (hours > 0) {
    return minutes > 0 ? `${plural(hours, 'hour')} ${plural(minutes, 'minute')}` : plural(hours, 'hour')
  }
  return plural(minutes, 'minute')
}

export function formatNumber(value: number | null | undefined): string {
  return value === null || value === undefined ? '' : numberFormat.format(value)
}
