import * as oidc from 'openid-client'
import type { SignInProviderConfig } from '../../config.ts'

/** What must survive the trip to the provider and back, kept in a signed cookie in the person's browser. */
export interface ProviderFlow {
  force: string
  state: string
  nonce: string
  verifier: string
  returnTo: string
}

export const CALLBACK_PATH = '/sign-in/provider/callback'

/** The provider's answer did not prove who is signing in (wrong state, bad token, no usable claim…). */
export class ProviderRefused extends Error {}

/**
 * Each force's own OpenID Connect provider (usually Microsoft Entra ID): the authorization code flow with PKCE,
 * state and nonce, through `openid-client`. Tally takes only the claim that names a Tally account from the
 * ID token; roles stay in Tally.
 */
export class SignInProviders {
  private readonly discovered = new Map<string, Promise<oidc.Configuration>>()

  constructor(
    private readonly providers: readonly SignInProviderConfig[],
    private readonly publicUrl: string | undefined,
  ) {}

  find(forceCode: string): SignInProviderConfig | undefined {
    return this.providers.find((provider) => provider.forceCode.toLowerCase() === forceCode.toLowerCase())
  }

  /** Where to send the person, and what to remember until they come back. */
  async start(provider: SignInProviderConfig, returnTo: string): Promise<{ url: URL; flow: ProviderFlow }> {
    const configuration = await this.configuration(provider)
    const verifier = oidc.randomPKCECodeVerifier()
    const flow: ProviderFlow = {
      force: provider.forceCode,
      state: oidc.randomState(),
      nonce: oidc.randomNonce(),
      verifier,
      returnTo,
    }
    const url = oidc.buildAuthorizationUrl(configuration, {
      redirect_uri: this.redirectUri(),
      scope: 'openid profile email',
      code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
      code_challenge_method: 'S256',
      state: flow.state,
      nonce: flow.nonce,
    })
    return { url, flow }
  }

  /**
   * Exchanges the code the provider sent back (checking state, PKCE, nonce and the ID token's signature, issuer,
   * audience and expiry) and returns the value of the claim that names the account.
   */
  async finish(provider: SignInProviderConfig, flow: ProviderFlow, callbackUrl: URL): Promise<string> {
    const configuration = await this.configuration(provider)
    let claims: oidc.IDToken | undefined
    try {
      const tokens = await oidc.authorizationCodeGrant(configuration, callbackUrl, {
        pkceCodeVerifier: flow.verifier,
        expectedState: flow.state,
        expectedNonce: flow.nonce,
        idTokenExpected: true,
      })
      claims = tokens.claims()
    } catch (error) {
      throw new ProviderRefused(error instanceof Error ? error.message : String(error), { cause: error })
    }
    const value = claims?.[provider.claim]
    if (typeof value !== 'string' || value.trim() === '') {
      throw new ProviderRefused(`the ID token has no ${provider.claim} claim`)
    }
    return value.trim()
  }

  private redirectUri(): string {
    return `${this.publicUrl ?? ''}${CALLBACK_PATH}`
  }

  /** The provider's metadata, discovered once; a failed discovery is tried again next time. */
  private configuration(provider: SignInProviderConfig): Promise<oidc.Configuration> {
    let configuration = this.discovered.get(provider.forceCode)
    if (!configuration) {
      const issuer = new URL(provider.issuer)
      // Plain http is refused in production by the configuration check; it is allowed only for a local provider.
      const options = issuer.protocol === 'http:' ? { execute: [oidc.allowInsecureRequests] } : undefined
      configuration = oidc.discovery(issuer, provider.clientId, provider.clientSecret, undefined, options)
      configuration.catch(() => this.discovered.delete(provider.forceCode))
      this.discovered.set(provider.forceCode, configuration)
    }
    return configuration
  }
}
