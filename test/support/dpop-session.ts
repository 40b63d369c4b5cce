// The app's side of an SSO sign-in, for tests: what main/core/oauth/sso-sign-in.ts
// does, with the scripted system browser at the dev IdP. openid-client with PKCE;
// a device key made for the code exchange (RFC 9449 DPoP: the app's is kept in
// the keychain, this one in memory) to which the tokens are bound; a refresh
// with that key's proof; and licensing API calls that each carry a fresh proof
// (main/core/oauth/bound-token.ts, the app's own). The service refuses a code
// exchanged or a refresh token spent without a proof (backend/oidc/provider.ts:
// dpop_bound_access_tokens), so every test that signs in as the app does it
// here. Plain Node (no vitest): benches and Playwright worlds may use it too.
import * as oauth from 'openid-client';
import { desktopClientId, desktopScopes } from '../../common/desktop-client.ts';
import { browse } from '../../devtools/scripted-browser.ts';
import { boundAccessToken, type BoundAccessToken } from '../../main/core/oauth/bound-token.ts';
import { requestJson, type JsonReply } from './loopback-client.ts';

/** The loopback redirect URI the tests' sign-ins come back to (RFC 8252 §7.3: any port). */
export const appRedirectUri = 'http://127.0.0.1:53682/callback';

/** A device key and openid-client's handle for it (which also keeps the server's DPoP-Nonce, §8). */
export interface DeviceKey {
  keyPair: CryptoKeyPair;
  dpop: oauth.DPoPHandle;
}

export type AppTokens = oauth.TokenEndpointResponse & oauth.TokenEndpointResponseHelpers;

/** The browser step as the app starts it: its PKCE verifier and state, and where the browser ended. */
export interface BrowserStep {
  verifier: string;
  state: string;
  /** The app's redirect URI with the code (or the refusal), when the browser came back to the app. */
  callback?: string;
  lastPage: string;
  visited: string[];
}

export interface AuthorizeOptions {
  /** 'consent' (the app's default: offline_access needs it, OIDC Core §11) or 'login consent' (fresh). */
  prompt?: string;
  /** Who signs in on the dev IdP's page, when not the typed email. */
  atIdp?: string;
  /** The QA fault picked on the dev IdP's page. */
  fault?: string;
  /** The browser's cookies, kept across sign-ins. */
  jar?: Map<string, string>;
  redirectUri?: string;
}

/** The app after a sign-in: its tokens, bound to its device key. */
export interface DeviceSession {
  key: DeviceKey;
  tokens: AppTokens;
  /** The access token with its key: each licensing API call made with it carries a fresh proof. */
  accessToken: BoundAccessToken;
  refreshToken: string;
}

/** What authorizes a licensing API call: a bound access token, or a plain secret sent as Bearer. */
export type ApiCredential = string | BoundAccessToken;

export interface DeviceClock {
  now(): Date;
}

/** openid-client's configuration of the app's client (public, PKCE) at the service's issuer; plain HTTP on loopback. */
export function desktopClientConfig(baseUrl: string): Promise<oauth.Configuration> {
  return oauth.discovery(new URL(`${baseUrl}/oidc`), desktopClientId, undefined, oauth.None(), {
    execute: [oauth.allowInsecureRequests],
  });
}

export class DesktopApp {
  readonly baseUrl: string;
  /** openid-client's configuration (a test may swap its customFetch for a moment). */
  readonly config: oauth.Configuration;
  private readonly clock: DeviceClock | undefined;

  private constructor(baseUrl: string, config: oauth.Configuration, clock: DeviceClock | undefined) {
    this.baseUrl = baseUrl;
    this.config = config;
    this.clock = clock;
  }

  /**
   * The app's OAuth client of the service at `baseUrl` (discovery; plain HTTP on loopback).
   * `clock`: the device's time, where a test moves the service's clock (the device lives in it).
   */
  static async at(baseUrl: string, options: { clock?: DeviceClock } = {}): Promise<DesktopApp> {
    return new DesktopApp(baseUrl, await desktopClientConfig(baseUrl), options.clock);
  }

  /**
   * The same app with its token requests sent to another node behind the load balancer (one
   * issuer, one database): openid-client's proofs then name that node's token endpoint.
   */
  viaNode(nodeUrl: string): DesktopApp {
    // The metadata as JSON (without openid-client's helper methods), its token endpoint that node's.
    const metadata: oauth.ServerMetadata = {
      ...(JSON.parse(JSON.stringify(this.config.serverMetadata())) as oauth.ServerMetadata),
      token_endpoint: `${nodeUrl}/oidc/token`,
    };
    const config = new oauth.Configuration(metadata, desktopClientId);
    oauth.allowInsecureRequests(config);
    return new DesktopApp(this.baseUrl, config, this.clock);
  }

  /** A new device key, as the app makes one at each sign-in. */
  async newDeviceKey(): Promise<DeviceKey> {
    const keyPair = await oauth.randomDPoPKeyPair('ES256');
    return { keyPair, dpop: oauth.getDPoPHandle(this.config, keyPair) };
  }

  /** The browser step: the authorization request (PKCE, state) followed to the app's redirect URI. */
  async authorize(email: string, options: AuthorizeOptions = {}): Promise<BrowserStep> {
    const redirectUri = options.redirectUri ?? appRedirectUri;
    const verifier = oauth.randomPKCECodeVerifier();
    const state = oauth.randomState();
    const url = oauth.buildAuthorizationUrl(this.config, {
      redirect_uri: redirectUri,
      scope: desktopScopes,
      prompt: options.prompt ?? 'consent',
      login_hint: email,
      state,
      code_challenge: await oauth.calculatePKCECodeChallenge(verifier),
      code_challenge_method: 'S256',
    });
    const flow = await browse(url.href, options.atIdp ?? email, redirectUri, {
      ...(options.fault !== undefined && { fault: options.fault }),
      ...(options.jar && { jar: options.jar }),
    });
    return { verifier, state, ...flow };
  }

  /** The code exchanged as the app exchanges it: with a proof of the device key (a new one unless given). */
  async exchange(step: BrowserStep, key?: DeviceKey): Promise<DeviceSession> {
    const deviceKey = key ?? (await this.newDeviceKey());
    const tokens = await oauth.authorizationCodeGrant(
      this.config,
      new URL(step.callback ?? 'http://no-callback.invalid/'),
      { pkceCodeVerifier: step.verifier, expectedState: step.state },
      undefined,
      { DPoP: deviceKey.dpop },
    );
    return this.sessionOf(deviceKey, tokens);
  }

  /** A whole sign-in: the browser step, which must come back with a code, then the exchange. */
  async signIn(
    email: string,
    options: AuthorizeOptions & { key?: DeviceKey } = {},
  ): Promise<DeviceSession & { step: BrowserStep }> {
    const step = await this.authorize(email, options);
    if (!step.callback || !new URL(step.callback).searchParams.has('code'))
      throw new Error(`no code for ${email}: ${step.callback ?? step.lastPage.slice(0, 300)}`);
    return { ...(await this.exchange(step, options.key)), step };
  }

  /** A refresh as the app renews: the refresh token with its key's proof; the service rotates it. */
  async refresh(session: Pick<DeviceSession, 'key' | 'refreshToken'>): Promise<DeviceSession> {
    const tokens = await oauth.refreshTokenGrant(this.config, session.refreshToken, undefined, {
      DPoP: session.key.dpop,
    });
    return this.sessionOf(session.key, tokens);
  }

  /** An access token of this key (e.g. one a test kept from before), as the app calls the API with it. */
  bind(key: DeviceKey, accessToken: string): BoundAccessToken {
    const { clock } = this;
    // The licensing API judges a proof's iat by the service's clock (RFC 9449 §11.1,
    // backend/licensing/dpop-proof.ts); a moved clock moves the device's proofs with it. The
    // token endpoint (oidc-provider) keeps real time: token requests keep the key's own handle.
    const dpop = clock
      ? oauth.getDPoPHandle(this.config, key.keyPair, {
          [oauth.modifyAssertion]: (_header, payload) => {
            payload.iat = Math.floor(clock.now().getTime() / 1000);
          },
        })
      : key.dpop;
    return boundAccessToken(this.config, dpop, accessToken);
  }

  /** A licensing API call: a bound token goes as "DPoP …" with its proof; a string as Bearer (none if ''). */
  async call<T = Record<string, unknown>>(
    method: string,
    path: string,
    credential: ApiCredential = '',
    body?: unknown,
  ): Promise<JsonReply<T>> {
    const url = `${this.baseUrl}${path}`;
    if (typeof credential === 'string')
      return requestJson<T>(url, {
        method,
        ...(credential !== '' && { token: credential }),
        ...(body !== undefined && { body }),
      });
    const headers = new Headers(body === undefined ? {} : { 'content-type': 'application/json' });
    const response = await credential.fetch(
      new URL(url),
      method,
      headers,
      body === undefined ? undefined : JSON.stringify(body),
    );
    const text = await response.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {
      // not JSON: the caller sees the text
    }
    return { status: response.status, body: parsed as T };
  }

  private sessionOf(key: DeviceKey, tokens: AppTokens): DeviceSession {
    return {
      key,
      tokens,
      accessToken: this.bind(key, tokens.access_token),
      refreshToken: tokens.refresh_token ?? '',
    };
  }
}
