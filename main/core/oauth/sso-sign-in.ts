// Continue with SSO, as the app does it: openid-client discovery, a loopback
// redirect, PKCE + state + nonce, the system browser (a port), and the code
// exchange. Failures come back as catalog codes: the service's own (carried in
// error_description), STATE_MISMATCH, BROWSER_CANCELLED, SERVER_UNREACHABLE,
// SIGN_IN_RESPONSE_INVALID when openid-client refuses what came back, and
// INTERNAL_ERROR for a defect of our own (never mistaken for the network).
import * as oauth from 'openid-client';
import { desktopClientId, desktopScopes } from '../../../common/desktop-client.ts';
import { parseFailureDescription } from '../../../common/failure-reference.ts';
import { LatchkeyError } from '../../../common/latchkey-error.ts';
import { LicensingClient } from '../licensing/licensing-client.ts';
import { isNetworkFailure } from '../network-failure.ts';
import type { CallbackReceiver } from './callback-receiver.ts';
import { startLoopbackCallback } from './loopback-callback.ts';
import { describeDefect } from '../activation/failure-view.ts';
import { boundAccessToken, type BoundAccessToken } from './bound-token.ts';
import { newDeviceKey } from './device-key.ts';
import { retryAfterOf } from '../network/retry-after.ts';
import type { ServiceFetch } from '../network/service-fetch.ts';

export interface SignInOptions {
  serverUrl: string;
  /** The way to the service (proxy, PAC, the OS's CAs); Node's fetch by default. */
  fetch?: ServiceFetch;
  email: string;
  /** Opens the system browser (never an embedded view). */
  openBrowser: (url: string) => Promise<void>;
  timeoutMs?: number;
  /** Aborting it is the user's Cancel: BROWSER_CANCELLED. */
  signal?: AbortSignal;
  /** Where the redirect comes back; the loopback listener unless the shell passes the scheme receiver. */
  receiver?: CallbackReceiver;
  /** Told the authorization URL before the browser opens (Open the browser again, Copy link). */
  onAuthorizationUrl?: (url: string) => void;
  /** Told when the callback arrived and the code is being exchanged. */
  onExchanging?: () => void;
  /** The IdP must vouch afresh (OIDC Core §3.1.2.1 prompt=login): My devices needs a new sign-in. */
  freshLogin?: boolean;
}

export interface SignInResult {
  /** Bound to `deviceKey` (RFC 9449): sent with a proof of that key. */
  accessToken: BoundAccessToken;
  refreshToken: string;
  /** Made on this device for this sign-in; the caller keeps it in the keychain. */
  deviceKey: CryptoKeyPair;
  userId: string;
  /** From the ID token, when the IdP gave one. */
  email: string | null;
}

// Plain http only on this machine (development, tests): the service is https everywhere else.
const isLoopback = (url: URL) =>
  url.protocol === 'http:' && ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname);

export async function discover(serverUrl: string, send?: ServiceFetch): Promise<oauth.Configuration> {
  const issuer = new URL(`${serverUrl.replace(/\/+$/, '')}/oidc`);
  try {
    // openid-client keeps the customFetch on the configuration: the token calls take the same way.
    return await oauth.discovery(issuer, desktopClientId, undefined, oauth.None(), {
      ...(isLoopback(issuer) && { execute: [oauth.allowInsecureRequests] }),
      ...(send && {
        [oauth.customFetch]: (url: string, init: oauth.CustomFetchOptions) => send(url, init as RequestInit),
      }),
    });
  } catch (err) {
    throw unreachableOrDefect(err, 'the license server did not answer', { serverUrl });
  }
}

/**
 * No answer, or not one openid-client could take as OAuth (its ClientError: a non-2xx or
 * non-JSON answer, a timeout) → SERVER_UNREACHABLE; anything else is a defect of ours.
 */
function unreachableOrDefect(err: unknown, what: string, evidence: Record<string, unknown> = {}) {
  // The network already named what failed (a proxy, the PAC file, a certificate).
  const named = networkNamed(err);
  if (named) return named;
  if (err instanceof oauth.ClientError || isNetworkFailure(err))
    return new LatchkeyError('SERVER_UNREACHABLE', `${what}: ${(err as Error).message}`, evidence, {
      cause: err,
    });
  return new LatchkeyError('INTERNAL_ERROR', `${what}: ${describeDefect(err)}`, evidence, { cause: err });
}

/** A LatchkeyError the service fetch threw, as openid-client passes it on (itself, or as a cause). */
function networkNamed(err: unknown): LatchkeyError | null {
  if (err instanceof LatchkeyError) return err;
  const cause = err instanceof Error ? err.cause : undefined;
  return cause instanceof LatchkeyError ? cause : null;
}

/** A callback of another sign-in (state, RFC 6749 §10.12), or the service's refusal with its catalog code. */
function refuseUnexpectedCallback(callback: URL, state: string): void {
  if (callback.searchParams.get('state') !== state) {
    throw new LatchkeyError('STATE_MISMATCH', 'the sign-in came back with a state the app did not issue');
  }
  const error = callback.searchParams.get('error');
  if (error) {
    // The service writes "<CODE> ref:<activation log reference>" (common/failure-reference.ts).
    const described = callback.searchParams.get('error_description') ?? '';
    const { code, reference, group } = parseFailureDescription(described);
    throw new LatchkeyError(code ?? 'BROWSER_CANCELLED', `sign-in refused: ${error} ${described}`.trim(), {
      ...(reference && { reference }),
      ...(group && { group }),
    });
  }
}

/** The tokens as the app keeps them: a refresh token and the ID token's subject are required. */
export function signInResultOf(
  tokens: oauth.TokenEndpointResponse & oauth.TokenEndpointResponseHelpers,
  bound: { config: oauth.Configuration; dpop: oauth.DPoPHandle; deviceKey: CryptoKeyPair },
): SignInResult {
  const claims = tokens.claims();
  if (!tokens.refresh_token || !claims?.sub)
    throw new LatchkeyError(
      'SIGN_IN_RESPONSE_INVALID',
      `the token response has no ${tokens.refresh_token ? 'ID token subject' : 'refresh token'}`,
    );
  return {
    accessToken: boundAccessToken(bound.config, bound.dpop, tokens.access_token),
    refreshToken: tokens.refresh_token,
    deviceKey: bound.deviceKey,
    userId: claims.sub,
    email: typeof claims.email === 'string' ? claims.email : null,
  };
}

export async function signInWithSso(options: SignInOptions): Promise<SignInResult> {
  // DESIGN step 2: a domain that cannot sign in fails here, before a listener or a browser opens.
  await new LicensingClient(options.serverUrl, options.fetch).discoverSso(options.email);
  const config = await discover(options.serverUrl, options.fetch);
  const receiver = options.receiver ?? (await startLoopbackCallback());
  const verifier = oauth.randomPKCECodeVerifier();
  const state = oauth.randomState();
  const nonce = oauth.randomNonce();
  const url = oauth.buildAuthorizationUrl(config, {
    redirect_uri: receiver.redirectUri,
    scope: desktopScopes,
    prompt: options.freshLogin ? 'login consent' : 'consent',
    login_hint: options.email,
    state,
    nonce,
    code_challenge: await oauth.calculatePKCECodeChallenge(verifier),
    code_challenge_method: 'S256',
  });
  options.onAuthorizationUrl?.(url.href);
  try {
    await options.openBrowser(url.href);
  } catch (err) {
    receiver.close();
    throw err;
  }
  const callback = await receiver.wait(options.timeoutMs ?? 5 * 60_000, options.signal);
  options.onExchanging?.();
  refuseUnexpectedCallback(callback, state);
  // RFC 9449: the tokens are bound to a key made here; openid-client answers the DPoP-Nonce challenge.
  const deviceKey = await newDeviceKey();
  const dpop = oauth.getDPoPHandle(config, deviceKey);
  const tokens = await serverCall('exchange the sign-in code', () =>
    oauth.authorizationCodeGrant(
      config,
      callback,
      { pkceCodeVerifier: verifier, expectedState: state, expectedNonce: nonce },
      undefined,
      { DPoP: dpop },
    ),
  );
  return signInResultOf(tokens, { config, dpop, deviceKey });
}

/**
 * A fresh access token for check-in and deactivation. The service rotates the
 * refresh token, so the caller must store the new one. A refused grant means
 * the sign-in was revoked (user deprovisioned, tokens withdrawn): ACTIVATION_REVOKED;
 * a refresh token bound to a key this device no longer holds: TOKEN_WITHOUT_DEVICE_KEY.
 * Without a key (an activation from before DPoP, or a keychain that lost it) the
 * refresh goes without a proof and the service decides.
 */
export async function refreshTokens(
  serverUrl: string,
  refreshToken: string,
  deviceKey: CryptoKeyPair | null,
  send?: ServiceFetch,
): Promise<{ accessToken: string | BoundAccessToken; refreshToken: string }> {
  const config = await discover(serverUrl, send);
  const dpop = deviceKey ? oauth.getDPoPHandle(config, deviceKey) : undefined;
  const tokens = await serverCall('renew the sign-in', () =>
    oauth.refreshTokenGrant(config, refreshToken, undefined, dpop && { DPoP: dpop }),
  );
  return {
    accessToken: dpop ? boundAccessToken(config, dpop, tokens.access_token) : tokens.access_token,
    refreshToken: tokens.refresh_token ?? refreshToken,
  };
}

/**
 * openid-client's codes for an answer that arrived but failed its checks (oauth4webapi's
 * OperationProcessingError codes, kept on ClientError.code): the ID token's nonce, iss, aud or
 * times (OpenID Connect Core §3.1.3.7), the callback's iss (RFC 9207 §2.4), a malformed body.
 * The other codes — a non-JSON or non-2xx answer without an OAuth error, a timeout — are the
 * server or the way to it not answering.
 */
const responseRefusedCodes: ReadonlySet<string> = new Set([
  'OAUTH_JWT_CLAIM_COMPARISON_FAILED',
  'OAUTH_JSON_ATTRIBUTE_COMPARISON_FAILED',
  'OAUTH_JWT_TIMESTAMP_CHECK_FAILED',
  'OAUTH_INVALID_RESPONSE',
  'OAUTH_PARSE_ERROR',
  'OAUTH_KEY_SELECTION_FAILED',
  'OAUTH_UNSUPPORTED_OPERATION',
]);

/**
 * The server said no (an OAuth error) → ACTIVATION_REVOKED or its own code; an answer openid-client
 * refused → SIGN_IN_RESPONSE_INVALID; no answer → SERVER_UNREACHABLE; a defect → INTERNAL_ERROR.
 */
export async function serverCall<T>(what: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (err) {
    if (err instanceof oauth.ClientError && err.code !== undefined && responseRefusedCodes.has(err.code)) {
      throw new LatchkeyError(
        'SIGN_IN_RESPONSE_INVALID',
        `could not ${what}: ${err.message}${err.cause instanceof Error ? ` (${err.cause.message})` : ''}`,
        { check: err.code },
        { cause: err },
      );
    }
    if (err instanceof oauth.ResponseBodyError) {
      // "<CODE> ref:<n> reason:<CODE>" (common/failure-reference.ts): a refused refresh is in the log.
      const { code, reference, reason } = parseFailureDescription(err.error_description ?? '');
      // SIGN_IN_RATE_LIMITED: how long to wait (RFC 6585 §4), which the user's message names.
      const retryAfterSeconds = retryAfterOf(err.response);
      throw new LatchkeyError(
        code ?? 'ACTIVATION_REVOKED',
        `the server refused to ${what}: ${err.error}`,
        {
          oauthError: err.error,
          ...(reference && { reference }),
          ...(reason && { reason }),
          ...(retryAfterSeconds !== null && { retryAfterSeconds }),
        },
        { cause: err },
      );
    }
    throw unreachableOrDefect(err, `could not ${what}`);
  }
}
