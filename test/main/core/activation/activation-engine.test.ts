// The activation engine against the real service and dev IdP, with the license
// file in a temporary data folder and the credential in the in-memory secret
// store (runs on any machine; the OS keychain has its own tests:
// engine-keychain.test.ts, secrets/os-keychain.test.ts). Every state change of
// every engine here is recorded: the last test requires that these real flows
// reached every transition the table allows.
import { randomUUID } from 'node:crypto';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';
import { LatchkeyError } from '../../../../common/latchkey-error.ts';
import type { ActivationState } from '../../../../common/desktop-api.ts';
import { revokeActivations } from '../../../../backend/licensing/activations.ts';
import { rotateSigningKey } from '../../../../backend/licensing/signing-keys.ts';
import { ActivationEngine, type EngineOptions } from '../../../../main/core/activation/activation-engine.ts';
import { allowedTransitions, IllegalTransition } from '../../../../main/core/activation/transitions.ts';
import { keychainService } from '../../../../main/core/licensing/credentials.ts';
import { LicensingClient } from '../../../../main/core/licensing/licensing-client.ts';
import { MemorySecretStore } from '../../../../main/core/secrets/memory-secret-store.ts';
import { KeychainUnavailable, type SecretStore } from '../../../../main/core/secrets/secret-store.ts';
import { testDialects } from '../../../support/databases.ts';
import { browse, startSsoWorld, type SsoWorld } from '../../../support/sso-world.ts';

let world: SsoWorld;
const folders: string[] = [];
/** "from --event--> to" for every change any engine of this file made. */
const taken = new Set<string>();
const deadServer = 'http://127.0.0.1:9';

beforeAll(async () => {
  const sqlite = testDialects[0];
  if (!sqlite) throw new Error('no sqlite');
  world = await startSsoWorld(sqlite);
});
afterAll(async () => {
  await world?.close();
  for (const f of folders) await rm(f, { recursive: true, force: true });
});

/** The device's clock: tests move it past a lease's end. */
interface Clock {
  offsetMs: number;
}

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
    defaultServerUrl: world.service.baseUrl,
    trustAnchor: world.trustAnchor,
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
  const state = made.engine.getState();
  if (state.phase !== 'activated') throw new Error(`not activated: ${JSON.stringify(state)}`);
  const original = await readFile(made.engine.licenseFilePath, 'utf8');
  /** The server is out of reach from here on (the stored address leads to a closed port). */
  const goOffline = () =>
    writeFile(
      made.engine.licenseFilePath,
      JSON.stringify({ ...JSON.parse(original), serverUrl: deadServer }),
    );
  const comeBack = () => writeFile(made.engine.licenseFilePath, original);
  return { ...made, license: state.license, goOffline, comeBack };
}

/** Activated, then a deactivation that found no server: failed, the license kept. */
async function failedHoldingLicense() {
  const made = await activated('bob@acme.test');
  await made.goOffline();
  await made.engine.deactivate();
  expect(failureOf(made.engine)).toBe('SERVER_UNREACHABLE');
  return made;
}

const failureOf = (engine: ActivationEngine) => {
  const s = engine.getState();
  return s.phase === 'failed' ? s.failure.code : `not failed: ${s.phase}`;
};

async function tamperLicense(path: string) {
  const stored = JSON.parse(await readFile(path, 'utf8')) as { license: string };
  const [header, payload, signature = ''] = stored.license.split('.');
  const claims = JSON.parse(Buffer.from(payload ?? '', 'base64url').toString()) as Record<string, unknown>;
  const edited = Buffer.from(JSON.stringify({ ...claims, edition: 'enterprise' })).toString('base64url');
  await writeFile(path, JSON.stringify({ ...stored, license: `${header}.${edited}.${signature}` }));
}

describe('SSO (sso-activation.ts)', () => {
  test('Continue with SSO walks the states to activated; the license is on disk and the refresh token only in the secret store', async () => {
    const { engine, phases, options, secrets } = await engineFor('alice@acme.test');
    await engine.startSso('alice@acme.test');
    expect(phases).toEqual(['waiting-for-browser', 'exchanging', 'activating', 'activated']);
    const state = engine.getState();
    if (state.phase !== 'activated') throw new Error(`not activated: ${JSON.stringify(state)}`);
    expect(state.license).toMatchObject({
      licensedTo: 'alice@acme.test',
      edition: 'business',
      lease: 'valid',
      via: 'sso',
    });
    const file = await readFile(engine.licenseFilePath, 'utf8');
    expect((await stat(engine.licenseFilePath)).mode & 0o077).toBe(0);
    const entry = `activation:${state.license.activationId}`;
    const refreshToken = await secrets.getPassword(keychainService, entry);
    expect(refreshToken).toBeTruthy();
    expect(file).not.toContain(refreshToken);
    expect(JSON.parse(file).keyCertificates.length).toBeGreaterThan(0);

    // The app restarts: the license verifies offline, then checks in and the refresh token rotates.
    const { engine: restarted } = watched(options);
    await restarted.start();
    expect(restarted.getState().phase).toBe('activated');
    const rotated = await secrets.getPassword(keychainService, entry);
    expect(rotated).toBeTruthy();
    expect(rotated).not.toBe(refreshToken);
    expect(restarted.diagnosticReport()).not.toContain(rotated);

    // Deactivate frees the seat on the server and forgets everything here.
    await restarted.deactivate();
    expect(restarted.getState().phase).toBe('idle');
    await expect(stat(engine.licenseFilePath)).rejects.toThrow();
    expect(secrets.size).toBe(0);
    const row = await world.service.deps.database.db
      .selectFrom('activations')
      .select('revoked_reason')
      .where('id', '=', state.license.activationId)
      .executeTakeFirstOrThrow();
    expect(row.revoked_reason).toBe('deactivated on the device');
  });

  test('a refusal from the service ends in failed with its plain message, what to ask IT and the log reference; trying again from failed fails the same way; Dismiss goes back to idle', async () => {
    const { engine, phases } = await engineFor('carol@acme.test');
    await engine.startSso('carol@acme.test');
    expect(phases).toEqual(['waiting-for-browser', 'exchanging', 'failed']);
    const state = engine.getState();
    if (state.phase !== 'failed') throw new Error('not failed');
    expect(state.failure.code).toBe('USER_NOT_IN_GROUP');
    expect(state.failure.message).toMatch(/group/i);
    expect(state.failure.askIt).toBeTruthy();
    expect(state.failure.reference).toMatch(/^\d+$/);
    expect(engine.diagnosticReport()).toContain('USER_NOT_IN_GROUP');
    await engine.startSso('carol@acme.test');
    expect(failureOf(engine)).toBe('USER_NOT_IN_GROUP');
    await engine.dismissFailure();
    expect(engine.getState().phase).toBe('idle');
  });

  test('a domain that cannot sign in fails before any browser opens, from idle and again from failed', async () => {
    let opened = false;
    const { engine, phases } = await engineFor('someone@unregistered.test', {
      openBrowser: async () => {
        opened = true;
      },
    });
    await engine.startSso('someone@unregistered.test');
    await engine.startSso('someone@unregistered.test');
    expect(phases).toEqual(['failed', 'failed']);
    expect(failureOf(engine)).toBe('DOMAIN_NOT_REGISTERED');
    expect(opened).toBe(false);
  });

  test("an ID token whose nonce is not the app's (the request altered on its way) → SIGN_IN_RESPONSE_INVALID, nothing stored", async () => {
    const { engine, phases, secrets } = await engineFor('alice@acme.test', {
      openBrowser: async (url) => {
        const altered = new URL(url);
        altered.searchParams.set('nonce', 'not-the-apps-nonce');
        await browse(altered.href, 'alice@acme.test');
      },
    });
    await engine.startSso('alice@acme.test');
    expect(phases).toEqual(['waiting-for-browser', 'exchanging', 'failed']);
    expect(failureOf(engine)).toBe('SIGN_IN_RESPONSE_INVALID');
    expect(engine.diagnosticReport()).toMatch(/nonce/);
    await expect(stat(engine.licenseFilePath)).rejects.toThrow();
    expect(secrets.size).toBe(0);
  });

  test('the private-use scheme callback: the OS hands com.latchkey.desktop:/callback to the app, which activates', async () => {
    // The shell that receives the OS's open-url: it hands the URL to the engine.
    const shell: { engine?: ActivationEngine } = {};
    const made = await engineFor('alice@acme.test', {
      redirect: 'scheme',
      openBrowser: async (url) => {
        const { callback } = await browse(url, 'alice@acme.test', 'com.latchkey.desktop:');
        if (!callback) throw new Error('the browser did not reach the scheme');
        expect(shell.engine?.handleOpenUrl('com.latchkey.desktop:/elsewhere?code=x')).toBe(false);
        expect(shell.engine?.handleOpenUrl(callback)).toBe(true);
      },
    });
    shell.engine = made.engine;
    await made.engine.startSso('alice@acme.test');
    expect(made.phases.at(-1)).toBe('activated');
    await made.engine.deactivate();
  });

  test('timeout → BROWSER_CANCELLED; Cancel → back to idle; a locked keychain → KEYCHAIN_UNAVAILABLE before the browser opens', async () => {
    const { engine } = await engineFor('alice@acme.test', {
      openBrowser: async () => undefined,
      signInTimeoutMs: 300,
    });
    await engine.startSso('alice@acme.test');
    expect(failureOf(engine)).toBe('BROWSER_CANCELLED');

    const user: { engine?: ActivationEngine } = {};
    const made = await engineFor('alice@acme.test', {
      // The user presses Cancel while the browser is out.
      openBrowser: async () => user.engine?.cancel(),
    });
    user.engine = made.engine;
    await made.engine.startSso('alice@acme.test');
    expect(made.phases).toEqual(['waiting-for-browser', 'idle']);

    let opened = false;
    // Stands in for a locked OS keychain (the in-memory store cannot be locked).
    const locked: SecretStore = {
      getPassword: async () => {
        throw new KeychainUnavailable('the keychain is locked');
      },
      setPassword: async () => {
        throw new KeychainUnavailable('the keychain is locked');
      },
      deletePassword: async () => {
        throw new KeychainUnavailable('the keychain is locked');
      },
    };
    const { engine: noKeychain } = await engineFor('alice@acme.test', {
      secrets: locked,
      openBrowser: async () => {
        opened = true;
      },
    });
    await noKeychain.startSso('alice@acme.test');
    expect(failureOf(noKeychain)).toBe('KEYCHAIN_UNAVAILABLE');
    expect(opened).toBe(false);
  });
});

describe('key activation (key-activation.ts)', () => {
  test('a key no license has, and the key of a license managed by SSO, come back to idle with what to do — from idle and from failed', async () => {
    const { engine, phases } = await engineFor('someone@unregistered.test');
    await engine.activateWithKey('LK-AAAAA-BBBBB-CCCCC-DDDDD', 'alice@acme.test');
    const unknown = engine.getState();
    expect(unknown.phase === 'idle' && unknown.notice).toMatch(/No license has this key/);

    await engine.startSso('someone@unregistered.test');
    expect(failureOf(engine)).toBe('DOMAIN_NOT_REGISTERED');
    const { license_key } = await world.service.deps.database.db
      .selectFrom('licenses')
      .select('license_key')
      .where('account_id', '=', world.accountId)
      .executeTakeFirstOrThrow();
    await engine.activateWithKey(license_key, 'alice@acme.test');
    const managed = engine.getState();
    expect(managed.phase === 'idle' && managed.notice).toMatch(/single sign-on/);
    expect(phases).toEqual(['activating', 'idle', 'failed', 'activating', 'idle']);
  });
});

describe('pinning (pinning.ts)', () => {
  test("an app built for another root refuses the service's license at activation: LICENSE_UNTRUSTED, nothing stored, the seat handed back", async () => {
    const { generateKeyPair, exportJWK } = await import('jose');
    const other = await exportJWK((await generateKeyPair('EdDSA', { crv: 'Ed25519' })).publicKey);
    const { engine, options, phases } = await engineFor('bob@acme.test', {
      trustAnchor: {
        serviceUrl: world.service.baseUrl,
        roots: [{ ...other, kid: 'other-root' }],
        source: 'configuration',
      },
    });
    await engine.startSso('bob@acme.test');
    expect(phases.slice(-2)).toEqual(['activating', 'failed']);
    expect(failureOf(engine)).toBe('LICENSE_UNTRUSTED');
    await expect(stat(engine.licenseFilePath)).rejects.toThrow();
    const rows = await world.service.deps.database.db
      .selectFrom('activations')
      .select('revoked_reason')
      .where('device_id', '=', options.device.deviceId)
      .execute();
    expect(rows.map((r) => r.revoked_reason)).toEqual(['deactivated on the device']);
  });

  test('the service rotates its license key: the next check-in fetches the root-certified certificate of the new key and stays activated', async () => {
    const { engine, options } = await activated();
    const before = JSON.parse(await readFile(engine.licenseFilePath, 'utf8')) as {
      keyCertificates: string[];
    };
    const { deps } = world.service;
    await rotateSigningKey(deps.database.db, deps.clock, deps.masterKey, 14 * 86_400_000);
    await engine.checkIn();
    expect(engine.getState().phase).toBe('activated');
    const after = JSON.parse(await readFile(engine.licenseFilePath, 'utf8')) as { keyCertificates: string[] };
    expect(after.keyCertificates.length).toBe(before.keyCertificates.length + 1);
    expect(engine.diagnosticReport()).toContain('key certificates refreshed');
    // Restarted offline, the renewed license verifies from the cached certificates under the root.
    const renewed = await readFile(engine.licenseFilePath, 'utf8');
    await writeFile(
      engine.licenseFilePath,
      JSON.stringify({ ...JSON.parse(renewed), serverUrl: deadServer }),
    );
    const { engine: offline } = watched(options);
    await offline.start({ checkIn: false });
    expect(offline.getState().phase).toBe('activated');
    await writeFile(engine.licenseFilePath, renewed);
    await engine.deactivate();
  });

  test('a license edited on disk is not used at start: failed, the file removed — from idle and when dismissing a failure', async () => {
    const { engine, options } = await activated();
    await tamperLicense(engine.licenseFilePath);
    const { engine: restarted, phases } = watched(options);
    await restarted.start();
    expect(phases).toEqual(['failed']);
    expect(failureOf(restarted)).toBe('ACTIVATION_REVOKED');
    await expect(stat(engine.licenseFilePath)).rejects.toThrow();

    const held = await failedHoldingLicense();
    await tamperLicense(held.engine.licenseFilePath);
    await held.engine.dismissFailure();
    expect(failureOf(held.engine)).toBe('ACTIVATION_REVOKED');
    await expect(stat(held.engine.licenseFilePath)).rejects.toThrow();
  });
});

describe('renewal (renewal.ts)', () => {
  test('an activation revoked by the admin: the next check-in removes the license and says ACTIVATION_REVOKED, also from a failure that kept it', async () => {
    const { engine, license, secrets } = await activated('bob@acme.test');
    const { deps } = world.service;
    await revokeActivations(
      deps.database.db,
      deps.clock,
      { activationIds: [license.activationId] },
      'revoked in the console',
    );
    await engine.checkIn();
    expect(failureOf(engine)).toBe('ACTIVATION_REVOKED');
    const after = engine.getState();
    // The service's refusal names its activation log entry.
    expect(after.phase === 'failed' && after.failure.reference).toMatch(/^\d+$/);
    await expect(stat(engine.licenseFilePath)).rejects.toThrow();
    expect(secrets.size).toBe(0);

    const held = await failedHoldingLicense();
    await held.comeBack();
    await revokeActivations(
      deps.database.db,
      deps.clock,
      { activationIds: [held.license.activationId] },
      'revoked in the console',
    );
    await held.engine.checkIn();
    expect(failureOf(held.engine)).toBe('ACTIVATION_REVOKED');
  });

  test('a new device starts idle; check-in, deactivate and a second start are refused where the state does not allow them', async () => {
    const { engine, phases } = await engineFor('alice@acme.test');
    await engine.start();
    expect(phases).toEqual(['idle']);
    await expect(engine.checkIn()).rejects.toThrow(/not activated/);
    await expect(engine.deactivate()).rejects.toThrow(/not activated/);
    const made = await activated();
    // start() on an activated engine is an event the table does not list for activated.
    await expect(made.engine.start({ checkIn: false })).rejects.toThrow(IllegalTransition);
    expect(made.engine.getState().phase).toBe('activated');
    await made.engine.deactivate();
  });
});

describe('offline (offline.ts)', () => {
  test('offline: the license holds until its lease ends, then fails SERVER_UNREACHABLE and is kept for the next check-in', async () => {
    const { engine, options, clock, goOffline, license } = await activated();
    await goOffline();
    const { engine: offline } = watched(options);
    await offline.start();
    const o = offline.getState();
    if (o.phase !== 'activated') throw new Error(`not activated: ${JSON.stringify(o)}`);
    expect(o.license).toMatchObject({ offline: true, lease: 'valid' });

    // The lease runs out with the app open: the next check-in fails, and again.
    clock.offsetMs = Date.parse(o.license.leaseEndsAt) + 1000 - Date.now();
    await offline.checkIn();
    expect(failureOf(offline)).toBe('SERVER_UNREACHABLE');
    await offline.checkIn();
    expect(failureOf(offline)).toBe('SERVER_UNREACHABLE');
    await offline.dismissFailure();
    expect(failureOf(offline)).toBe('SERVER_UNREACHABLE');
    offline.close();

    const { engine: afterLease } = watched(options);
    await afterLease.start();
    expect(failureOf(afterLease)).toBe('SERVER_UNREACHABLE');
    expect(JSON.parse(await readFile(engine.licenseFilePath, 'utf8')).activationId).toBe(
      license.activationId,
    );
    afterLease.close();
  });
});

describe('deactivation (deactivation.ts)', () => {
  test('no server at deactivation: failed with the license kept; it then works offline, loads on Dismiss, checks in and deactivates once the server is back', async () => {
    const held = await failedHoldingLicense();
    const { engine } = held;
    await engine.deactivate();
    expect(failureOf(engine)).toBe('SERVER_UNREACHABLE');
    await engine.checkIn();
    expect(engine.getState()).toMatchObject({ phase: 'activated', license: { offline: true } });
    await engine.deactivate();
    await engine.dismissFailure();
    expect(engine.getState().phase).toBe('activated');
    await engine.deactivate();
    await held.comeBack();
    await engine.checkIn();
    expect(engine.getState()).toMatchObject({ phase: 'activated', license: { offline: false } });
    await held.goOffline();
    await engine.deactivate();
    await held.comeBack();
    await engine.deactivate();
    expect(engine.getState().phase).toBe('idle');
    await expect(stat(engine.licenseFilePath)).rejects.toThrow();
  });

  test('a deactivation that fails after the token refresh keeps the rotated refresh token: the next check-in still works (the failing DELETE is stubbed)', async () => {
    const { engine } = await activated('bob@acme.test');
    const lostConnection = vi
      .spyOn(LicensingClient.prototype, 'deactivate')
      .mockRejectedValueOnce(new LatchkeyError('SERVER_UNREACHABLE', 'connection reset'));
    await engine.deactivate();
    lostConnection.mockRestore();
    expect(failureOf(engine)).toBe('SERVER_UNREACHABLE');
    await engine.checkIn();
    expect(engine.getState().phase).toBe('activated');
    await engine.deactivate();
    expect(engine.getState().phase).toBe('idle');
  });
});

test('the flows above reached every transition the table allows', () => {
  const missing = allowedTransitions()
    .map((t) => `${t.from} --${t.event}--> ${t.to}`)
    .filter((t) => !taken.has(t));
  expect(missing).toEqual([]);
});
