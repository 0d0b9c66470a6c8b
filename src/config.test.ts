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

  it('needs its own audit chain key in production, at least 32 characters and not the session secret', () => {
    const production = { NODE_ENV: 'production', SESSION_SECRET: 's'.repeat(40) }
    expect(() => loadConfig(production)).toThrow(/AUDIT_CHAIN_KEY must be set to your own value/)
    expect(() => loadConfig({ ...production, AUDIT_CHAIN_KEY: 'short' })).toThrow(/at least 32 characters/)
    expect(() => loadConfig({ ...production, AUDIT_CHAIN_KEY: 's'.repeat(40) })).toThrow(/not be the same/)
    const config = loadConfig(
      {
        ...production,
        AUDIT_CHAIN_KEY: 'k'.repeat(40),
        AUDIT_CHAIN_PREVIOUS_KEYS: `${'o'.repeat(40)}, ${'p'.repeat(40)}`,
      },
      '/srv/tally',
    )
    expect(config.audit).toEqual({
      chainKey: 'k'.repeat(40),
      previousChainKeys: ['o'.repeat(40), 'p'.repeat(40)],
      anchorDir: '/srv/tally/data/audit-anchors',
      anchorEveryHours: 24,
    })
  })

  it('reads each force’s identity provider, and names every missing or unsafe OIDC setting', () => {
    const config = loadConfig({
      OIDC_FORCES: 'NTH, WEST-MIDS',
      OIDC_NTH_ISSUER: 'https://login.microsoftonline.com/tenant/v2.0',
      OIDC_NTH_CLIENT_ID: 'tally',
      OIDC_NTH_CLIENT_SECRET: 'secret',
      OIDC_WEST_MIDS_ISSUER: 'https://idp.west-mids.example',
      OIDC_WEST_MIDS_CLIENT_ID: 'tally',
      OIDC_WEST_MIDS_CLIENT_SECRET: 'secret',
      OIDC_WEST_MIDS_CLAIM: 'email',
      PUBLIC_URL: 'https://tally.example.police.uk/',
    })
    expect(config.publicUrl).toBe('https://tally.example.police.uk')
    expect(config.signInProviders).toMatchObject([
      { forceCode: 'NTH', claim: 'preferred_username', matchOn: 'username' },
      { forceCode: 'WEST-MIDS', claim: 'email', matchOn: 'email' },
    ])
    try {
      loadConfig({
        NODE_ENV: 'production',
        SESSION_SECRET: 'x'.repeat(40),
        AUDIT_CHAIN_KEY: 'k'.repeat(40),
        OIDC_FORCES: 'NTH',
        OIDC_NTH_ISSUER: 'http://idp.example',
      })
      expect.unreachable()
    } catch (error) {
      expect((error as ConfigError).problems).toEqual([
        'OIDC_NTH_ISSUER must be an https:// address',
        'OIDC_NTH_CLIENT_ID must be set, since OIDC_FORCES names NTH',
        'OIDC_NTH_CLIENT_SECRET must be set, since OIDC_FORCES names NTH',
        'PUBLIC_URL must be set when OIDC_FORCES is: the identity provider sends people back to it',
      ])
    }
  })

  it('hashes passwords at the standard cost unless the test suites ask for the test-only one', () => {
    expect(loadConfig({}).passwordHashing).toBe('standard')
    expect(loadConfig({ NODE_ENV: 'test', PASSWORD_HASHING: 'fast-for-tests' }).passwordHashing).toBe('fast-for-tests')
    for (const environment of ['development', 'production']) {
      expect(() =>
        loadConfig({
          NODE_ENV: environment,
          SESSION_SECRET: 's'.repeat(40),
          AUDIT_CHAIN_KEY: 'k'.repeat(40),
          DEMO_DATA: 'false',
          PASSWORD_HASHING: 'fast-for-tests',
        }),
      ).toThrow(/PASSWORD_HASHING=fast-for-tests is only for the test suites/)
    }
  })

  it('sends email only when SMTP_HOST is set, and checks the mail settings together', () => {
    expect(loadConfig({}).mail).toEqual({ smtp: undefined, deliverySeconds: 30 })
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
    expect(
      loadConfig({ NODE_ENV: 'production', SESSION_SECRET: 'x'.repeat(40), AUDIT_CHAIN_KEY: 'k'.repeat(40) }),
    ).toMatchObject({
      demo: false,
      session: { secureCookies: true },
    })
  })

  it('refuses a short secret', () => {
    expect(() => loadConfig({ SESSION_SECRET: 'short' })).toThrow(/at least 32 characters/)
    expect(loadConfig({}).session.secret).toBe(INSECURE_DEVELOPMENT_SECRET)
  })
})
