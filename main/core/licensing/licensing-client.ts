// The service's licensing API as the app calls it (/api/v1): activate this
// device, by SSO access token or license key; check in; deactivate; the JWKS
// and the key certificates beside it.
// A refusal comes back as its catalog code and the log reference; no answer at
// all is SERVER_UNREACHABLE.
import type { JSONWebKeySet } from 'jose';
import { isFailureCode } from '../../../common/failure-codes.ts';
import {
  ssoDiscoveryPath,
  type SsoDiscoveryAnswer,
  type SsoDiscoveryRequest,
} from '../../../common/sso-discovery.ts';
import { maxGroupNameLength } from '../../../common/failure-reference.ts';
import { LatchkeyError } from '../../../common/latchkey-error.ts';
import { keyCertificatesPath } from '../../../common/trust-anchor.ts';
import { toLatchkeyError } from '../activation/failure-view.ts';
import { isNetworkFailure } from '../network-failure.ts';
import type { BoundAccessToken } from '../oauth/bound-token.ts';

/** What authorizes a call: a key activation's secret or a plain token (Bearer), or a DPoP-bound token. */
export type ApiCredential = string | BoundAccessToken;
import type { ServiceFetch } from '../network/service-fetch.ts';
import { retryAfterOf } from '../network/retry-after.ts';
import {
  approvalPollPath,
  myDevicesPath,
  type ApprovalStillPending,
  type MyDevicesAnswer,
} from '../../../common/my-devices.ts';
import { ApprovalPending, ticketOf } from '../devices/approval-pending.ts';

export interface DeviceFacts {
  deviceId: string;
  deviceName: string;
  os: string;
  appVersion: string;
}

export interface IssuedLicense {
  activationId: string;
  license: string;
  leaseExpiresAt: string;
}

const requestTimeoutMs = 15_000;

/** The server turned the request itself down (a key no license has, SSO required): the user can fix it. */
export class RequestRefused extends Error {
  override name = 'RequestRefused';
  readonly code: string;

  constructor(code: string, message: string) {
    super(message);
    this.code = code;
  }
}

export class LicensingClient {
  readonly serverUrl: string;

  private readonly send: ServiceFetch;

  /** `send`: the program's way to the service (proxy, PAC, the OS's CAs); Node's fetch by default. */
  constructor(serverUrl: string, send: ServiceFetch = (url, init) => fetch(url, init)) {
    this.serverUrl = serverUrl.replace(/\/+$/, '');
    this.send = send;
  }

  activate(accessToken: ApiCredential, device: DeviceFacts): Promise<IssuedLicense> {
    return this.call('POST', '/api/v1/activations', accessToken, device);
  }

  activateByKey(
    licenseKey: string,
    email: string,
    device: DeviceFacts,
  ): Promise<IssuedLicense & { activationSecret: string }> {
    return this.call('POST', '/api/v1/activations/by-key', undefined, { ...device, licenseKey, email });
  }

  checkIn(credential: ApiCredential, activationId: string): Promise<IssuedLicense> {
    return this.call('POST', `/api/v1/activations/${encodeURIComponent(activationId)}/check-in`, credential);
  }

  async deactivate(credential: ApiCredential, activationId: string): Promise<void> {
    await this.call('DELETE', `/api/v1/activations/${encodeURIComponent(activationId)}`, credential);
  }

  /** The signed-in user's live activations (needs a fresh sign-in's access token; issue 26 item 1). */
  myDevices(accessToken: ApiCredential, deviceId: string): Promise<MyDevicesAnswer> {
    return this.call('GET', `${myDevicesPath}?deviceId=${encodeURIComponent(deviceId)}`, accessToken);
  }

  async releaseMyDevice(accessToken: ApiCredential, activationId: string): Promise<void> {
    await this.call('POST', `${myDevicesPath}/${encodeURIComponent(activationId)}/release`, accessToken);
  }

  /** A waiting device asks for the admin's answer: still pending, or (approved) its license. */
  pollApproval(pollToken: string): Promise<ApprovalStillPending | IssuedLicense> {
    return this.call('POST', approvalPollPath, pollToken);
  }

  /** Whether the email's domain can sign in with SSO; a refusal throws its catalog code at once. */
  discoverSso(email: string): Promise<SsoDiscoveryAnswer> {
    return this.call('POST', ssoDiscoveryPath, undefined, { email } satisfies SsoDiscoveryRequest);
  }

  jwks(): Promise<JSONWebKeySet> {
    return this.call('GET', '/api/v1/jwks');
  }

  /** The key certificates published beside the JWKS: untrusted input, each is checked against the root. */
  async keyCertificates(): Promise<string[]> {
    const body = await this.call<{ certificates?: unknown }>('GET', keyCertificatesPath);
    const list = Array.isArray(body?.certificates) ? (body.certificates as unknown[]) : [];
    return list
      .filter((c): c is string => typeof c === 'string' && c.length > 0 && c.length <= 8192)
      .slice(0, 32);
  }

  /** The server's clock from its Date header, for doctor's clock-skew check. */
  async serverTime(): Promise<Date> {
    const response = await this.fetch('GET', '/healthz');
    const date = response.headers.get('date');
    if (!date) throw new LatchkeyError('SERVER_UNREACHABLE', 'the server sent no Date header');
    return new Date(date);
  }

  private async fetch(
    method: string,
    path: string,
    bearer?: ApiCredential,
    body?: unknown,
  ): Promise<Response> {
    try {
      if (typeof bearer === 'object') {
        const headers = new Headers({ accept: 'application/json' });
        if (body !== undefined) headers.set('content-type', 'application/json');
        return await bearer.fetch(
          new URL(`${this.serverUrl}${path}`),
          method,
          headers,
          body === undefined ? undefined : JSON.stringify(body),
        );
      }
      return await this.send(`${this.serverUrl}${path}`, {
        method,
        headers: {
          accept: 'application/json',
          ...(bearer && { authorization: `Bearer ${bearer}` }),
          ...(body !== undefined && { 'content-type': 'application/json' }),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(requestTimeoutMs),
      });
    } catch (err) {
      // Already named by the network (a proxy, the PAC file, a certificate): kept as it is.
      if (err instanceof LatchkeyError) throw err;
      // fetch's own TypeError for a bad URL or header is a defect, not a network failure.
      throw isNetworkFailure(err)
        ? new LatchkeyError(
            'SERVER_UNREACHABLE',
            `the license server did not answer: ${(err as Error).message}`,
            { serverUrl: this.serverUrl },
            { cause: err },
          )
        : toLatchkeyError(err);
    }
  }

  private async call<T>(method: string, path: string, bearer?: ApiCredential, body?: unknown): Promise<T> {
    const response = await this.fetch(method, path, bearer, body);
    const text = await response.text();
    const parsed: unknown = text ? safeJson(text) : undefined;
    if (response.ok) return parsed as T;
    const error = (
      parsed as
        | {
            error?: {
              code?: unknown;
              reference?: unknown;
              message?: unknown;
              group?: unknown;
              reason?: unknown;
              days?: unknown;
            };
          }
        | undefined
    )?.error;
    const reference =
      typeof error?.reference === 'string' || typeof error?.reference === 'number'
        ? String(error.reference)
        : null;
    // A device waiting for an admin's approval: the poll ticket travels on the error (approval-pending.ts).
    const ticket = error?.code === 'DEVICE_APPROVAL_PENDING' ? ticketOf(parsed) : null;
    if (ticket) throw new ApprovalPending(ticket, reference);
    const retryAfterSeconds = retryAfterOf(response);
    if (isFailureCode(error?.code))
      throw new LatchkeyError(error.code, `the server refused: ${error.code}`, {
        status: response.status,
        reference,
        // Why, for a revoked activation: the app shows this code's words (failure-view.ts).
        ...(isFailureCode(error.reason) && { reason: error.reason }),
        // SIGN_IN_RATE_LIMITED: how long to wait (RFC 6585 §4), named in the message (failure-view.ts).
        ...(retryAfterSeconds !== null && { retryAfterSeconds }),
        // DEVICE_RECLAIMED: the days the device was silent, named in the message (failure-view.ts).
        ...(Number.isSafeInteger(error.days) &&
          (error.days as number) > 0 &&
          (error.days as number) <= 36_500 && { days: error.days }),
        // USER_NOT_IN_GROUP names the desktop-users group (backend/licensing/refusal-json.ts).
        ...(typeof error.group === 'string' &&
          error.group.trim() && { group: error.group.trim().slice(0, maxGroupNameLength) }),
      });
    if (typeof error?.code === 'string' && [400, 404, 409, 422].includes(response.status))
      throw new RequestRefused(error.code, typeof error.message === 'string' ? error.message : error.code);
    // 401: the credential is no longer accepted (revoked sign-in or secret).
    if (response.status === 401 || response.status === 403)
      throw new LatchkeyError(
        'ACTIVATION_REVOKED',
        `the server refused the credential (${response.status})`,
        {
          status: response.status,
        },
      );
    throw new LatchkeyError(
      'SERVER_UNREACHABLE',
      `the server answered ${response.status}: ${typeof error?.message === 'string' ? error.message : ''}`.trim(),
      { status: response.status },
    );
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
