// Sign in on a second device (issue 26 item 2; RFC 8628, the device
// authorization grant): the app asks the service for a code, naming this
// device; the user enters it (or scans the QR code of the link) on a phone and
// signs in there — the same SAML sign-in and decision as in the browser; the
// app polls the token endpoint with a proof of its device key (RFC 9449, as
// the browser flow's code exchange) and gets the same tokens. openid-client
// keeps the interval and backs off on slow_down (§3.5); what ends the wait
// becomes a catalog code: DEVICE_CODE_EXPIRED, DEVICE_CODE_DENIED, or the
// service's own refusal carried in error_description.
import * as oauth from 'openid-client';
import type { DeviceCodePrompt } from '../../../common/desktop-api.ts';
import { desktopScopes } from '../../../common/desktop-client.ts';
import { parseFailureDescription } from '../../../common/failure-reference.ts';
import { LatchkeyError } from '../../../common/latchkey-error.ts';
import type { DeviceFacts } from '../licensing/licensing-client.ts';
import { LicensingClient } from '../licensing/licensing-client.ts';
import type { ServiceFetch } from '../network/service-fetch.ts';
import { newDeviceKey } from './device-key.ts';
import { discover, serverCall, signInResultOf, type SignInResult } from './sso-sign-in.ts';

export type { DeviceCodePrompt };

export interface DeviceCodeSignInOptions {
  serverUrl: string;
  fetch?: ServiceFetch;
  email: string;
  device: Pick<DeviceFacts, 'deviceName' | 'os'>;
  /** Told the code as soon as the service gave it. */
  onCode: (prompt: DeviceCodePrompt) => void;
  /** The user's Cancel: the wait ends (the caller tells it apart by the signal). */
  signal?: AbortSignal;
  now?: () => Date;
}

// What the service checks before it shows a device name (backend/oidc/device-flow.ts): printable,
// bounded. A host name that is not, is cut to what is.
const shownDeviceName = (name: string) =>
  name.replace(/[\p{Cc}\p{Cf}]/gu, '').slice(0, 100) || 'this computer';
const shownOs = (os: string) => os.replace(/[^A-Za-z0-9 ._()+-]/g, '').slice(0, 60) || 'unknown';

/** How the service ended the wait (RFC 8628 §3.5), as the catalog names it. */
function endOfWait(err: unknown): LatchkeyError | undefined {
  if (!(err instanceof oauth.ResponseBodyError)) return undefined;
  const { code, reference } = parseFailureDescription(err.error_description ?? '');
  const evidence = { oauthError: err.error, ...(reference && { reference }) };
  // A refusal the service wrote to its log (DEVICE_CODE_DENIED, USER_NOT_IN_GROUP…) names its code.
  if (code)
    return new LatchkeyError(code, `the sign-in on the other device was refused: ${err.error}`, evidence);
  if (err.error === 'access_denied')
    return new LatchkeyError('DEVICE_CODE_DENIED', 'the sign-in was cancelled on the other device', evidence);
  // expired_token, or the code already gone from the service (invalid_grant): a new code is needed.
  if (err.error === 'expired_token' || err.error === 'invalid_grant')
    return new LatchkeyError('DEVICE_CODE_EXPIRED', `the device code ended: ${err.error}`, evidence);
  return undefined;
}

export async function signInWithDeviceCode(options: DeviceCodeSignInOptions): Promise<SignInResult> {
  // As the browser flow: a domain that cannot sign in fails before a code is asked for.
  await new LicensingClient(options.serverUrl, options.fetch).discoverSso(options.email);
  const config = await discover(options.serverUrl, options.fetch);
  const now = options.now ?? (() => new Date());
  const authorization = await serverCall('start the sign-in on another device', () =>
    oauth.initiateDeviceAuthorization(config, {
      scope: desktopScopes,
      login_hint: options.email,
      device_name: shownDeviceName(options.device.deviceName),
      device_os: shownOs(options.device.os),
    }),
  );
  options.onCode({
    userCode: authorization.user_code,
    verificationUri: authorization.verification_uri,
    verificationUriComplete: authorization.verification_uri_complete ?? authorization.verification_uri,
    expiresAt: new Date(now().getTime() + authorization.expires_in * 1000).toISOString(),
  });
  // RFC 9449: the tokens are bound to a key made here, as in the browser flow.
  const deviceKey = await newDeviceKey();
  const dpop = oauth.getDPoPHandle(config, deviceKey);
  const expiry = AbortSignal.timeout(authorization.expires_in * 1000);
  const signal = options.signal ? AbortSignal.any([options.signal, expiry]) : expiry;
  try {
    const polling = oauth.pollDeviceAuthorizationGrant(config, authorization, undefined, {
      DPoP: dpop,
      signal,
    });
    // openid-client looks at the signal only between its waits of up to 5 s: the user's Cancel (or
    // the code's end) ends the wait at once; the poll left behind stops at its next look.
    polling.catch(() => undefined);
    const tokens = await Promise.race([polling, abortedBy(signal)]);
    return signInResultOf(tokens, { config, dpop, deviceKey });
  } catch (err) {
    if (options.signal?.aborted) throw new LatchkeyError('BROWSER_CANCELLED', 'the user cancelled the wait');
    if (expiry.aborted)
      throw new LatchkeyError('DEVICE_CODE_EXPIRED', 'nobody finished the sign-in before the code expired');
    const ended = endOfWait(err);
    if (ended) throw ended;
    // Anything else as the browser flow's token call maps it (unreachable, response refused, defect).
    return serverCall('finish the sign-in on another device', () => Promise.reject(err));
  }
}

/** Rejects when the signal aborts (at once if it already has). */
function abortedBy(signal: AbortSignal): Promise<never> {
  return new Promise((_, reject) => {
    if (signal.aborted) reject(signal.reason);
    else signal.addEventListener('abort', () => reject(signal.reason), { once: true });
  });
}
