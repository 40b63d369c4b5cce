// What the device tests share: the SSO world (the real service, dev IdP, SCIM
// users) on a movable service clock, a real sign-in through the dev IdP
// (openid-client, PKCE) that yields the app's access and refresh tokens, and
// the licensing API calls the app makes.
import * as oauth from 'openid-client';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll } from 'vitest';
import { desktopClientId, desktopScopes } from '../../../common/desktop-client.ts';
import type { TestDialect } from '../../support/databases.ts';
import { requestJson } from '../../support/loopback-client.ts';
import { browse, startSsoWorld, type SsoWorld } from '../../support/sso-world.ts';

const redirectUri = 'http://127.0.0.1:53682/callback';

export interface MovableClock {
  offsetMs: number;
  now(): Date;
}

export interface Device {
  deviceId: string;
  deviceName: string;
  os: string;
  appVersion: string;
}

export const newDevice = (name: string): Device => ({
  deviceId: randomUUID().replaceAll('-', ''),
  deviceName: name,
  os: 'macOS 15.2',
  appVersion: '1.4.0',
});

export type ApiReply = { status: number; body: Record<string, unknown> & { error?: { code?: string } } };

export function deviceWorld(dialect: TestDialect) {
  const clock: MovableClock = {
    offsetMs: 0,
    now() {
      return new Date(Date.now() + this.offsetMs);
    },
  };
  const state: { world?: SsoWorld; config?: oauth.Configuration } = {};
  beforeAll(async () => {
    state.world = await startSsoWorld(dialect, { clock });
    state.config = await oauth.discovery(
      new URL(`${state.world.service.baseUrl}/oidc`),
      desktopClientId,
      undefined,
      oauth.None(),
      { execute: [oauth.allowInsecureRequests] },
    );
  }, 60_000);
  afterAll(async () => state.world?.close());

  const world = (): SsoWorld => {
    if (!state.world) throw new Error('the world is not up');
    return state.world;
  };

  /** A real SSO sign-in at the dev IdP (prompt=login: the IdP vouches afresh), as the app does it. */
  async function signIn(email: string): Promise<{ accessToken: string; refreshToken: string }> {
    const config = state.config;
    if (!config) throw new Error('no discovery');
    const verifier = oauth.randomPKCECodeVerifier();
    const stateParam = oauth.randomState();
    const url = oauth.buildAuthorizationUrl(config, {
      redirect_uri: redirectUri,
      scope: desktopScopes,
      prompt: 'login consent',
      login_hint: email,
      state: stateParam,
      code_challenge: await oauth.calculatePKCECodeChallenge(verifier),
      code_challenge_method: 'S256',
    });
    const flow = await browse(url.toString(), email, redirectUri);
    if (!flow.callback) throw new Error(`no callback: ${flow.lastPage.slice(0, 300)}`);
    const tokens = await oauth.authorizationCodeGrant(config, new URL(flow.callback), {
      pkceCodeVerifier: verifier,
      expectedState: stateParam,
    });
    return { accessToken: tokens.access_token, refreshToken: tokens.refresh_token ?? '' };
  }

  async function refresh(refreshToken: string): Promise<string> {
    const config = state.config;
    if (!config) throw new Error('no discovery');
    return (await oauth.refreshTokenGrant(config, refreshToken)).access_token;
  }

  const api = (method: string, path: string, token?: string, body?: unknown) =>
    requestJson<ApiReply['body']>(`${world().service.baseUrl}${path}`, {
      method,
      ...(token !== undefined && { token }),
      ...(body !== undefined && { body }),
    }) as Promise<ApiReply>;

  const activate = (token: string, device: Device) => api('POST', '/api/v1/activations', token, device);

  return { world, clock, signIn, refresh, api, activate };
}
