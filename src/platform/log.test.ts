import { Writable } from 'node:stream'
import Fastify from 'fastify'
import { pino } from 'pino'
import { describe, expect, it } from 'vitest'
import { loggerOptions, prettyLogs } from './log.ts'

describe('logging', () => {
  it('logs requests by path only, so search terms such as a name and date of birth never reach the log', async () => {
    const lines: string[] = []
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(chunk.toString())
        done()
      },
    })
    const { transport: _pretty, ...options } = loggerOptions('info')
    const app = Fastify({ loggerInstance: pino(options, sink) })
    app.get('/people', () => 'results')
    await app.inject('/people?name=Jane%20Doe&dateOfBirth-day=01')
    await app.close()
    const log = lines.join('')
    expect(log).toContain('"path":"/people"')
    expect(log).not.toContain('Jane')
    expect(log).not.toContain('dateOfBirth')
  })

  it('redacts personal fields wherever they appear in a logged object', () => {
    const lines: string[] = []
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(chunk.toString())
        done()
      },
    })
    const { transport: _pretty, ...options } = loggerOptions('info')
    pino(options, sink).info({ victim: { name: 'Jane Doe', dateOfBirth: '1990-01-01' }, crimeId: 'c1' }, 'recorded')
    expect(lines.join('')).not.toContain('Jane')
    expect(lines.join('')).toContain('c1')
  })
})

describe('log format', () => {
  const terminal = { isTTY: true }
  const pipe = { isTTY: false }
  const installed = () => true

  it('is human-readable on a terminal in development and test', () => {
    expect(prettyLogs('info', 'development', terminal, installed)).toBe(true)
    expect(prettyLogs('debug', 'test', terminal, installed)).toBe(true)
  })

  it('is JSON in production, when piped or collected, when silent, and when pino-pretty is not installed', () => {
    expect(prettyLogs('info', 'production', terminal, installed)).toBe(false)
    expect(prettyLogs('info', 'development', pipe, installed)).toBe(false)
    expect(prettyLogs('silent', 'development', terminal, installed)).toBe(false)
    expect(prettyLogs('info', 'development', terminal, () => false)).toBe(false)
    expect(loggerOptions('info', 'production').transport).toBeUndefined()
  })
})
