// Continue with SSO, as the app does it: openid-client discovery, a loopback
// redirect, PKCE + state + nonce, the system browser (a port), and the code
// exchange. Failures come back as catalog codes: the service's own (carried in
// error_description), STATE_MISMATCH, BROWSER_CANCELLED, SERVER_UNREACHABLE.
import * as oauth from 'openid-client';
import { isFailureCode } from '../../../common/failure-codes.ts';
import { LatchkeyError } from '../../../common/latchkey-error.ts';
import { startLoopbackCallback } from './loopback-callback.ts';

export const desktopClientId = 'latchkey-desktop';
const scope = 'openid email profile offline_access';

export interface SignInOptions {
  serverUrl: string;
  email: string;
  /** Opens the system browser (never an embedded view). */
  openBrowser: (url: string) => Promise<void>;
  timeoutMs?: number;
}

export interface SignInResult {
  accessToken: string;
  refreshToken: string;
  userId: string;
}

// Plain http only on this machine (development, tests): the service is https everywhere else.
const isLoopback = (url: URL) =>
  url.protocol === 'http:' && ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname);

export async function discover(serverUrl: string): Promise<oauth.Configuration> {
  const issuer = new URL(`${serverUrl.replace(/\/+$/, '')}/oidc`);
  try {
    return await oauth.discovery(
      issuer,
      desktopClientId,
      undefined,
      oauth.None(),
      isLoopback(issuer) ? { execute: [oauth.allowInsecureRequests] } : undefined,
    );
  } catch (err) {
    throw new LatchkeyError(
      'SERVER_UNREACHABLE',
      `the license server did not answer: ${(err as Error).message}`,
      { serverUrl },
      { cause: err },
    );
  }
}

export async function signInWithSso(options: SignInOptions): Promise<SignInResult> {
  const config = await discover(options.serverUrl);
  const loopback = await startLoopbackCallback();
  const verifier = oauth.randomPKCECodeVerifier();
  const state = oauth.randomState();
  const nonce = oauth.randomNonce();
  const url = oauth.buildAuthorizationUrl(config, {
    redirect_uri: loopback.redirectUri,
    scope,
    prompt: 'consent',
    login_hint: options.email,
    state,
    nonce,
    code_challenge: await oauth.calculatePKCECodeChallenge(verifier),
    code_challenge_method: 'S256',
  });
  try {
    await options.openBrowser(url.href);
  } catch (err) {
    loopback.close();
    throw err;
  }
  const callback = await loopback.wait(options.timeoutMs ?? 5 * 60_000);
  if (callback.searchParams.get('state') !== state) {
    throw new LatchkeyError('STATE_MISMATCH', 'the sign-in came back with a state the app did not issue');
  }
  const error = callback.searchParams.get('error');
  if (error) {
    const described = callback.searchParams.get('error_description') ?? '';
    throw new LatchkeyError(
      isFailureCode(described) ? described : 'BROWSER_CANCELLED',
      `sign-in refused: ${error} ${described}`.trim(),
    );
  }
  const tokens = await oauth.authorizationCodeGrant(config, callback, {
    pkceCodeVerifier: verifier,
    expectedState: state,
    expectedNonce: nonce,
  });
  const userId = tokens.claims()?.sub;
  if (!tokens.refresh_token || !userId)
    throw new LatchkeyError('SERVER_UNREACHABLE', 'the sign-in gave no refresh token');
  return { accessToken: tokens.access_token, refreshToken: tokens.refresh_token, userId };
}
