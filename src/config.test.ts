import { describe, expect, it } from 'vitest'
import { ConfigError, INSECURE_DEVELOPMENT_SECRET, loadConfig } from './config.ts'

describe('loadConfig', () => {
  it('runs locally with no settings at all: embedded database in ./data, demo data on, port 3000', () => {
    const config = loadConfig({}, '/srv/tally')
    expect(config).toMatchObject({
      environment: 'development',
      http: { host: 'localhost', port: 3000 },
      db: { url: undefined, dataDir: '/srv/tally/data' },
      demo: true,
      session: { secureCookies: false },
    })
    expect(Object.isFrozen(config.db)).toBe(true)
  })

  it('lists every problem at once, naming each variable', () => {
    const attempt = () =>
      loadConfig({
        PORT: 'eighty',
        NODE_ENV: 'staging',
        DATABASE_URL: 'mysql://x',
        SESSION_IDLE_MINUTES: '0',
        TRUST_PROXY: 'maybe',
      })
    expect(attempt).toThrow(ConfigError)
    try {
      attempt()
    } catch (error) {
      const problems = (error as ConfigError).problems
      expect(problems).toHaveLength(5)
      expect(problems.join('\n')).toMatch(/PORT must be a whole number/)
      expect(problems.join('\n')).toMatch(/NODE_ENV must be one of development, test, production \(got "staging"\)/)
      expect(problems.join('\n')).toMatch(/DATABASE_URL must start with postgres/)
      expect(problems.join('\n')).toMatch(/SESSION_IDLE_MINUTES/)
      expect(problems.join('\n')).toMatch(/TRUST_PROXY must be true or false/)
    }
  })

  it('sends email only when SMTP_HOST is set, and checks the mail settings together', () => {
    expect(loadConfig({}).mail).toEqual({ smtp: undefined, baseUrl: undefined, deliverySeconds: 30 })
    expect(
      loadConfig({ SMTP_HOST: 'smtp.force.police.uk', MAIL_FROM: 'Tally <tally@force.police.uk>' }).mail.smtp,
    ).toEqual({
      host: 'smtp.force.police.uk',
      port: 587,
      secure: false,
      user: undefined,
      password: undefined,
      from: 'Tally <tally@force.police.uk>',
    })
    expect(
      loadConfig({ SMTP_HOST: 'relay', MAIL_FROM: 'tally@force.police.uk', SMTP_SECURE: 'true' }).mail.smtp?.port,
    ).toBe(465)
    try {
      loadConfig({ SMTP_HOST: 'relay', SMTP_PASSWORD: 'x', PUBLIC_URL: 'tally.force', MAIL_DELIVERY_SECONDS: '0' })
      expect.unreachable()
    } catch (error) {
      const problems = (error as ConfigError).problems.join('\n')
      expect(problems).toMatch(/MAIL_FROM must be set when SMTP_HOST is/)
      expect(problems).toMatch(/SMTP_PASSWORD is set but SMTP_USER is not/)
      expect(problems).toMatch(/PUBLIC_URL must start with http/)
      expect(problems).toMatch(/MAIL_DELIVERY_SECONDS must be a whole number/)
    }
  })

  it('refuses production with the development secret or demo data', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(/SESSION_SECRET must be set to your own value/)
    expect(() => loadConfig({ NODE_ENV: 'production', SESSION_SECRET: 'x'.repeat(40), DEMO_DATA: 'true' })).toThrow(
      /DEMO_DATA cannot be true/,
    )
    expect(loadConfig({ NODE_ENV: 'production', SESSION_SECRET: 'x'.repeat(40) })).toMatchObject({
      demo: false,
      session: { secureCookies: true },
    })
  })

  it('refuses a short secret', () => {
    expect(() => loadConfig({ SESSION_SECRET: 'short' })).toThrow(/at least 32 characters/)
    expect(loadConfig({}).session.secret).toBe(INSECURE_DEVELOPMENT_SECRET)
  })
})
