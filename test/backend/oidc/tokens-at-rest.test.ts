// A copy of the database yields no usable token: after sign-ins, a refresh
// and an activation, no authorization code, access or refresh token, session
// or interaction cookie appears anywhere in it — the raw SQLite file and its
// WAL, every column of every PostgreSQL table, nor the payloads opened with
// the master key — and the flows still work
// (a second sign-in on the same browser session finds the session by uid).
import { existsSync, readFileSync } from 'node:fs';
import { sql } from 'kysely';
import * as oauth from 'openid-client';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { openPayload } from '../../../backend/oidc/kysely-adapter.ts';
import { requestJson } from '../../support/loopback-client.ts';
import { browse, startSsoWorld, type SsoWorld } from '../../support/sso-world.ts';
import { describeEachDatabase } from '../../support/suites.ts';
import { desktopClientId, desktopScopes } from '../../../common/desktop-client.ts';

const redirectUri = 'http://127.0.0.1:53682/callback';

describeEachDatabase('tokens at rest', (dialect) => {
  let world: SsoWorld;
  let config: oauth.Configuration;

  beforeAll(async () => {
    world = await startSsoWorld(dialect);
    config = await oauth.discovery(
      new URL(`${world.service.baseUrl}/oidc`),
      desktopClientId,
      undefined,
      oauth.None(),
      { execute: [oauth.allowInsecureRequests] },
    );
  }, 60_000);
  afterAll(async () => world?.close());

  async function signIn(jar: Map<string, string>) {
    const verifier = oauth.randomPKCECodeVerifier();
    const state = oauth.randomState();
    const url = oauth.buildAuthorizationUrl(config, {
      redirect_uri: redirectUri,
      scope: desktopScopes,
      prompt: 'consent',
      login_hint: 'alice@acme.test',
      state,
      code_challenge: await oauth.calculatePKCECodeChallenge(verifier),
      code_challenge_method: 'S256',
    });
    const flow = await browse(url.toString(), 'alice@acme.test', redirectUri, { jar });
    const callback = new URL(flow.callback ?? 'http://127.0.0.1/none');
    const code = callback.searchParams.get('code') ?? '';
    expect(code, flow.lastPage.slice(0, 300)).not.toBe('');
    const tokens = await oauth.authorizationCodeGrant(config, callback, {
      pkceCodeVerifier: verifier,
      expectedState: state,
    });
    return { code, tokens };
  }

  /** Every row of every table, as text. */
  async function everyColumn(): Promise<string> {
    const { db } = world.service.deps.database;
    const tables = (await db.introspection.getTables()).map((t) => t.name);
    const rows = await Promise.all(
      tables.map(async (t) =>
        (await sql<{ row: string }>`select t::text as row from ${sql.table(t)} t`.execute(db)).rows.map(
          (r) => r.row,
        ),
      ),
    );
    return rows.flat().join('\n');
  }

  /** The SQLite file and its WAL and shared memory, byte for byte. */
  function rawFiles(): string {
    const file = world.service.deps.config.databaseUrl;
    return [file, `${file}-wal`, `${file}-shm`]
      .filter((f) => existsSync(f))
      .map((f) => readFileSync(f).toString('latin1'))
      .join('\n');
  }

  test('no code, token or session value is stored, and sign-in, refresh, activation and check-in work', async () => {
    const jar = new Map<string, string>();
    const first = await signIn(jar);
    const refreshed = await oauth.refreshTokenGrant(config, first.tokens.refresh_token ?? '');
    const activated = await requestJson<{ activationId: string }>(
      `${world.service.baseUrl}/api/v1/activations`,
      {
        token: refreshed.access_token,
        body: {
          deviceId: 'mac-alice-0123456789abcdef',
          deviceName: 'Mac',
          os: 'macOS 15',
          appVersion: '1.0.0',
        },
      },
    );
    expect(activated.status).toBe(201);
    const checkIn = await requestJson(
      `${world.service.baseUrl}/api/v1/activations/${activated.body.activationId}/check-in`,
      { token: refreshed.access_token },
    );
    expect(checkIn.status).toBe(200);
    // the same browser again: its session is found (by cookie, and by uid for the interaction)
    const second = await signIn(jar);
    expect(second.tokens.refresh_token).toBeTruthy();

    const secrets: Record<string, string> = {
      'first code': first.code,
      'second code': second.code,
      'first access token': first.tokens.access_token,
      'first refresh token': first.tokens.refresh_token ?? '',
      'refreshed access token': refreshed.access_token,
      'refreshed refresh token': refreshed.refresh_token ?? '',
      'second access token': second.tokens.access_token,
      'second refresh token': second.tokens.refresh_token ?? '',
    };
    for (const [name, value] of jar) if (!name.endsWith('.sig')) secrets[`cookie ${name}`] = value;
    expect(Object.keys(secrets)).toEqual(expect.arrayContaining(['cookie _session']));
    const stored = dialect.name === 'sqlite' ? rawFiles() : await everyColumn();
    const found = Object.entries(secrets).filter(([, v]) => v.length >= 16 && stored.includes(v));
    expect(found.map(([name]) => name)).toEqual([]);
    // nor with the master key: the sealed payloads, opened, hold no bearer value either
    const rows = await world.service.deps.database.db.selectFrom('oidc_models').selectAll().execute();
    expect(rows.length).toBeGreaterThan(0);
    const opened = rows
      .map((r) => JSON.stringify(openPayload(world.service.deps.masterKey, r, undefined)))
      .join('\n');
    expect(Object.entries(secrets).filter(([, v]) => v.length >= 16 && opened.includes(v))).toEqual([]);
  }, 60_000); // several sign-ins and a second process: slow on a busy machine, not timed
});
