// What the device tests share: the SSO world (the real service, dev IdP, SCIM
// users) on a movable service clock, a real sign-in through the dev IdP as the
// app does it (test/support/dpop-session.ts: PKCE, tokens bound to a device
// key), and the licensing API calls the app makes, each with its key's proof.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll } from 'vitest';
import type { TestDialect } from '../../support/databases.ts';
import { DesktopApp, type ApiCredential, type DeviceSession } from '../../support/dpop-session.ts';
import { startSsoWorld, type SsoWorld } from '../../support/sso-world.ts';

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
  const state: { world?: SsoWorld; app?: DesktopApp } = {};
  beforeAll(async () => {
    state.world = await startSsoWorld(dialect, { clock });
    state.app = await DesktopApp.at(state.world.service.baseUrl, { clock });
  }, 60_000);
  afterAll(async () => state.world?.close());

  const world = (): SsoWorld => {
    if (!state.world) throw new Error('the world is not up');
    return state.world;
  };
  const app = (): DesktopApp => {
    if (!state.app) throw new Error('no discovery');
    return state.app;
  };

  /** A real SSO sign-in at the dev IdP (prompt=login: the IdP vouches afresh), as the app does it. */
  const signIn = (email: string): Promise<DeviceSession> => app().signIn(email, { prompt: 'login consent' });

  /** A fresh access token from the session's refresh token, with its key's proof. */
  const refresh = async (session: DeviceSession): Promise<ApiCredential> =>
    (await app().refresh(session)).accessToken;

  const api = (method: string, path: string, token?: ApiCredential, body?: unknown) =>
    app().call<ApiReply['body']>(method, path, token, body) as Promise<ApiReply>;

  const activate = (token: ApiCredential, device: Device) =>
    api('POST', '/api/v1/activations', token, device);

  return { world, clock, signIn, refresh, api, activate };
}
