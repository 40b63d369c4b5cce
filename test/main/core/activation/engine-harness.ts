// What the engine's test files share: a real service and dev IdP (one world
// per file), engines on temporary data folders with the in-memory secret store
// and a movable device clock, and a record of every transition they took, so
// each file can require that its module's rows of the table were reached by
// real flows (rows-by-module.ts says which rows are whose).
import { randomUUID } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect } from 'vitest';
import type { ActivationState } from '../../../../common/desktop-api.ts';
import { ActivationEngine, type EngineOptions } from '../../../../main/core/activation/activation-engine.ts';
import { MemorySecretStore } from '../../../../main/core/secrets/memory-secret-store.ts';
import { testDialects } from '../../../support/databases.ts';
import { browse, startSsoWorld, type SsoWorld } from '../../../support/sso-world.ts';

export const deadServer = 'http://127.0.0.1:9';

/** The device's clock: tests move it past a lease's end. */
export interface Clock {
  offsetMs: number;
}

export const failureOf = (engine: ActivationEngine): string => {
  const s = engine.getState();
  return s.phase === 'failed' ? s.failure.code : `not failed: ${s.phase}`;
};

/**
 * Waits out the last seconds of a rate-limit window (fixed windows of `windowMs` on the service's
 * clock, which is the system's here), so a test that fills a limit does not straddle two windows.
 */
export async function clearOfWindowEnd(windowMs: number, marginMs = 10_000): Promise<void> {
  const left = windowMs - (Date.now() % windowMs);
  if (left < marginMs) await new Promise((r) => setTimeout(r, left + 50));
}

/**
 * An engine refused over a sign-in rate limit: Failed with SIGN_IN_RATE_LIMITED, and the one
 * activation log entry of the lockout (alice's, in her account's log), whose reference the failure
 * carries. Its message and the
 * entry's evidence, for the caller's checks.
 */
export async function rateLimitedFailure(world: SsoWorld, engine: ActivationEngine) {
  const state = engine.getState();
  if (state.phase !== 'failed') throw new Error(`not failed: ${state.phase}`);
  expect(state.failure.code).toBe('SIGN_IN_RATE_LIMITED');
  const rows = await world.service.deps.database.db
    .selectFrom('activation_attempts')
    .select(['id', 'evidence', 'email', 'account_id'])
    .where('code', '=', 'SIGN_IN_RATE_LIMITED')
    .execute();
  // Once per window, however many requests were refused after it.
  expect(rows).toHaveLength(1);
  expect(state.failure.reference).toBe(String(rows[0]?.id));
  // In the account's own log (its console shows it): the email asked about, and its account.
  expect(rows[0]).toMatchObject({ email: 'alice@acme.test', account_id: world.accountId });
  return {
    message: state.failure.message,
    evidence: JSON.parse(rows[0]?.evidence ?? '{}') as Record<string, unknown>,
  };
}

/** Edits a claim of the stored license (its signature no longer matches). */
export async function tamperLicense(path: string): Promise<void> {
  const stored = JSON.parse(await readFile(path, 'utf8')) as { license: string };
  const [header, payload, signature = ''] = stored.license.split('.');
  const claims = JSON.parse(Buffer.from(payload ?? '', 'base64url').toString()) as Record<string, unknown>;
  const edited = Buffer.from(JSON.stringify({ ...claims, edition: 'enterprise' })).toString('base64url');
  await writeFile(path, JSON.stringify({ ...stored, license: `${header}.${edited}.${signature}` }));
}

/** Registers this file's world (beforeAll/afterAll) and returns the helpers bound to it. */
export function engineWorld() {
  const state: { world?: SsoWorld } = {};
  const folders: string[] = [];
  /** "from --event--> to" for every change any engine of this file made. */
  const taken = new Set<string>();

  beforeAll(async () => {
    const sqlite = testDialects[0];
    if (!sqlite) throw new Error('no sqlite');
    state.world = await startSsoWorld(sqlite);
  });
  afterAll(async () => {
    await state.world?.close();
    for (const f of folders) await rm(f, { recursive: true, force: true });
  });

  const world = (): SsoWorld => {
    if (!state.world) throw new Error('the world is not up');
    return state.world;
  };

  function watched(options: EngineOptions) {
    const engine = new ActivationEngine(options);
    const phases: ActivationState['phase'][] = [];
    engine.onState((s) => phases.push(s.phase));
    engine.onTransition((t) => taken.add(`${t.from} --${t.event}--> ${t.to}`));
    return { engine, phases };
  }

  async function engineFor(user: string, overrides: Partial<EngineOptions> = {}) {
    const dataDir = await mkdtemp(join(tmpdir(), 'latchkey-app-'));
    folders.push(dataDir);
    const clock: Clock = { offsetMs: 0 };
    const secrets = new MemorySecretStore();
    const options: EngineOptions = {
      dataDir,
      secrets,
      device: {
        deviceId: randomUUID().replaceAll('-', ''),
        deviceName: 'QA laptop',
        os: 'linux',
        appVersion: '0.1.0',
      },
      defaultServerUrl: world().service.baseUrl,
      trustAnchor: world().trustAnchor,
      now: () => new Date(Date.now() + clock.offsetMs),
      openBrowser: async (url) => {
        await browse(url, user);
      },
      ...overrides,
    };
    return { ...watched(options), options, clock, secrets };
  }

  async function activated(user = 'alice@acme.test') {
    const made = await engineFor(user);
    await made.engine.startSso(user);
    const s = made.engine.getState();
    if (s.phase !== 'activated') throw new Error(`not activated: ${JSON.stringify(s)}`);
    const original = await readFile(made.engine.licenseFilePath, 'utf8');
    /** The server is out of reach from here on (the stored address leads to a closed port). */
    const goOffline = () =>
      writeFile(
        made.engine.licenseFilePath,
        JSON.stringify({ ...JSON.parse(original), serverUrl: deadServer }),
      );
    const comeBack = () => writeFile(made.engine.licenseFilePath, original);
    return { ...made, license: s.license, goOffline, comeBack };
  }

  /** Activated, then a deactivation that found no server: failed, the license kept. */
  async function failedHoldingLicense(user = 'bob@acme.test') {
    const made = await activated(user);
    await made.goOffline();
    await made.engine.deactivate();
    expect(failureOf(made.engine)).toBe('SERVER_UNREACHABLE');
    return made;
  }

  /** The rows of `rows` no engine of this file took. */
  const notReached = (rows: readonly string[]) => rows.filter((r) => !taken.has(r));

  return { world, watched, engineFor, activated, failedHoldingLicense, notReached };
}
