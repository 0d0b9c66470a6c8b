import { describe, expect, it } from 'vitest'
import { codeInWords, formatDuration, plural, sentenceCase } from './format.ts'

describe('plural', () => {
  it.each([
    [0, 'risk', undefined, '0 risks'],
    [1, 'risk', undefined, '1 risk'],
    [2, 'risk', undefined, '2 risks'],
    [1, 'indicator watch', 'indicator watches', '1 indicator watch'],
    [3, 'indicator watch', 'indicator watches', '3 indicator watches'],
  ])('%i %s (%s) reads "%s"', (count, one, many, text) => {
    expect(plural(count, one, many)).toBe(text)
  })

  it.each([
    [60_000, '1 minute'],
    [3 * 60 * 60_000 + 60_000, '3 hours 1 minute'],
    [26 * 60 * 60_000, '1 day 2 hours'],
  ])('formatDuration(%i) still reads "%s"', (milliseconds, text) => {
    expect(formatDuration(milliseconds)).toBe(text)
  })
})

describe('sentenceCase', () => {
  it.each([
    ['crime victim task done', 'Crime victim task done'],
    ['LSOA code', 'LSOA code'],
    ['', ''],
  ])('"%s" reads "%s"', (text, words) => {
    expect(sentenceCase(text)).toBe(words)
  })
})

describe('codeInWords', () => {
  it.each([
    ['CRIME_VICTIM_TASK_DONE', 'Crime victim task done'],
    ['RISK_RAISED', 'Risk raised'],
  ])('%s reads "%s"', (code, words) => {
    expect(codeInWords(code)).toBe(words)
  })
})
