// A copy of the database yields no usable token: after sign-ins, a refresh
// and an activation, no authorization code, access or refresh token, session
// or interaction cookie appears anywhere in it — the raw SQLite file and its
// WAL, every column of every PostgreSQL table, nor the payloads opened with
// the master key — and the flows still work
// (a second sign-in on the same browser session finds the session by uid).
import { existsSync, readFileSync } from 'node:fs';
import { sql } from 'kysely';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { openPayload } from '../../../backend/oidc/kysely-adapter.ts';
import { DesktopApp } from '../../support/dpop-session.ts';
import { startSsoWorld, type SsoWorld } from '../../support/sso-world.ts';
import { describeEachDatabase } from '../../support/suites.ts';

describeEachDatabase('tokens at rest', (dialect) => {
  let world: SsoWorld;
  let app: DesktopApp;

  beforeAll(async () => {
    world = await startSsoWorld(dialect);
    app = await DesktopApp.at(world.service.baseUrl);
  }, 60_000);
  afterAll(async () => world?.close());

  /** The app's sign-in (its tokens bound to a new device key), and the code it exchanged. */
  async function signIn(jar: Map<string, string>) {
    const session = await app.signIn('alice@acme.test', { jar });
    const code = new URL(session.step.callback ?? 'http://127.0.0.1/none').searchParams.get('code') ?? '';
    expect(code, session.step.lastPage.slice(0, 300)).not.toBe('');
    return { ...session, code };
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
    const refreshed = await app.refresh(first);
    const activated = await app.call<{ activationId: string }>(
      'POST',
      '/api/v1/activations',
      refreshed.accessToken,
      {
        deviceId: 'mac-alice-0123456789abcdef',
        deviceName: 'Mac',
        os: 'macOS 15',
        appVersion: '1.0.0',
      },
    );
    expect(activated.status).toBe(201);
    const checkIn = await app.call(
      'POST',
      `/api/v1/activations/${activated.body.activationId}/check-in`,
      refreshed.accessToken,
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
      'refreshed access token': refreshed.tokens.access_token,
      'refreshed refresh token': refreshed.refreshToken,
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
