// The activation state machine against the real service and dev IdP, with the
// license file in a temporary data folder and the credential in the real OS
// keychain (Secret Service inside scripts/test.sh).
import { randomUUID } from 'node:crypto';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';
import { LatchkeyError } from '../../../../common/latchkey-error.ts';
import { LicensingClient } from '../../../../main/core/licensing/licensing-client.ts';
import type { ActivationState } from '../../../../common/desktop-api.ts';
import { revokeActivations } from '../../../../backend/licensing/activations.ts';
import { rotateSigningKey } from '../../../../backend/licensing/signing-keys.ts';
import { ActivationEngine, type EngineOptions } from '../../../../main/core/activation/activation-engine.ts';
import { keychainService } from '../../../../main/core/licensing/credentials.ts';
import { osKeychain } from '../../../../main/core/secrets/os-keychain.ts';
import type { SecretStore } from '../../../../main/core/secrets/secret-store.ts';
import { KeychainUnavailable } from '../../../../main/core/secrets/secret-store.ts';
import { testDialects } from '../../../support/databases.ts';
import { browse, startSsoWorld, type SsoWorld } from '../../../support/sso-world.ts';

const secretService = Boolean(process.env.LATCHKEY_TEST_SECRET_SERVICE);
const skipReason = 'no Secret Service session: run the suite with scripts/test.sh';

let world: SsoWorld;
const folders: string[] = [];

beforeAll(async () => {
  const sqlite = testDialects[0];
  if (!sqlite) throw new Error('no sqlite');
  if (secretService) world = await startSsoWorld(sqlite);
});
afterAll(async () => {
  await world?.close();
  for (const f of folders) await rm(f, { recursive: true, force: true });
});

async function engineFor(user: string, overrides: Partial<EngineOptions> = {}) {
  const dataDir = await mkdtemp(join(tmpdir(), 'latchkey-app-'));
  folders.push(dataDir);
  const options: EngineOptions = {
    dataDir,
    secrets: osKeychain,
    device: {
      deviceId: randomUUID().replaceAll('-', ''),
      deviceName: 'QA laptop',
      os: 'linux',
      appVersion: '0.1.0',
    },
    defaultServerUrl: world.service.baseUrl,
    trustAnchor: world.trustAnchor,
    openBrowser: async (url) => {
      await browse(url, user);
    },
    ...overrides,
  };
  const engine = new ActivationEngine(options);
  const phases: ActivationState['phase'][] = [];
  engine.onState((s) => phases.push(s.phase));
  return { engine, phases, options };
}

describe.skipIf(!secretService)(
  `activation engine${secretService ? '' : ` — skipped: ${skipReason}`}`,
  () => {
    test('Continue with SSO walks the states to activated; the license is on disk and the refresh token only in the keychain', async () => {
      const { engine, phases, options } = await engineFor('alice@acme.test');
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
      const refreshToken = await osKeychain.getPassword(
        keychainService,
        `activation:${state.license.activationId}`,
      );
      expect(refreshToken).toBeTruthy();
      expect(file).not.toContain(refreshToken);
      expect(JSON.parse(file).keyCertificates.length).toBeGreaterThan(0);
      expect(JSON.parse(file)).not.toHaveProperty('pinnedJwks');

      // The app restarts: the license verifies offline, then checks in and the refresh token rotates.
      const restarted = new ActivationEngine(options);
      await restarted.start();
      expect(restarted.getState().phase).toBe('activated');
      const rotated = await osKeychain.getPassword(
        keychainService,
        `activation:${state.license.activationId}`,
      );
      expect(rotated).toBeTruthy();
      expect(rotated).not.toBe(refreshToken);
      expect(restarted.diagnosticReport()).not.toContain(rotated);

      // Deactivate frees the seat on the server and forgets everything here.
      await restarted.deactivate();
      expect(restarted.getState().phase).toBe('idle');
      await expect(stat(engine.licenseFilePath)).rejects.toThrow();
      expect(
        await osKeychain.getPassword(keychainService, `activation:${state.license.activationId}`),
      ).toBeNull();
      const row = await world.service.deps.database.db
        .selectFrom('activations')
        .select('revoked_reason')
        .where('id', '=', state.license.activationId)
        .executeTakeFirstOrThrow();
      expect(row.revoked_reason).toBe('deactivated on the device');
    });

    test('a refusal from the service ends in failed with its plain message, what to ask IT and the activation log reference; the diagnostic report names the code', async () => {
      const { engine, phases } = await engineFor('carol@acme.test');
      await engine.startSso('carol@acme.test');
      expect(phases.at(-1)).toBe('failed');
      const state = engine.getState();
      if (state.phase !== 'failed') throw new Error('not failed');
      expect(state.failure.code).toBe('USER_NOT_IN_GROUP');
      expect(state.failure.message).toMatch(/group/i);
      expect(state.failure.askIt).toBeTruthy();
      expect(state.failure.reference).toMatch(/^\d+$/);
      expect(engine.diagnosticReport()).toContain('USER_NOT_IN_GROUP');
      await engine.dismissFailure();
      expect(engine.getState().phase).toBe('idle');
    });

    test('an activation revoked by the admin: the next check-in removes the license and says ACTIVATION_REVOKED', async () => {
      const { engine } = await engineFor('bob@acme.test');
      await engine.startSso('bob@acme.test');
      const state = engine.getState();
      if (state.phase !== 'activated') throw new Error('not activated');
      await revokeActivations(
        world.service.deps.database.db,
        world.service.deps.clock,
        { activationIds: [state.license.activationId] },
        'revoked in the console',
      );
      await engine.checkIn();
      const after = engine.getState();
      expect(after.phase === 'failed' && after.failure.code).toBe('ACTIVATION_REVOKED');
      // The service's refusal names its activation log entry.
      expect(after.phase === 'failed' && after.failure.reference).toMatch(/^\d+$/);
      await expect(stat(engine.licenseFilePath)).rejects.toThrow();
    });

    test('offline: the license holds until its lease ends, then fails SERVER_UNREACHABLE and is kept for the next check-in', async () => {
      const { engine, options } = await engineFor('alice@acme.test');
      await engine.startSso('alice@acme.test');
      // The server is out of reach from here on (the address now leads to a closed port).
      const stored = JSON.parse(await readFile(engine.licenseFilePath, 'utf8'));
      await writeFile(engine.licenseFilePath, JSON.stringify({ ...stored, serverUrl: 'http://127.0.0.1:9' }));
      const offline = new ActivationEngine(options);
      await offline.start();
      const o = offline.getState();
      if (o.phase !== 'activated') throw new Error(`not activated: ${JSON.stringify(o)}`);
      expect(o.license).toMatchObject({ offline: true, lease: 'valid' });
      offline.close();

      const afterLease = new ActivationEngine({
        ...options,
        now: () => new Date(Date.parse(o.license.leaseEndsAt) + 1000),
      });
      await afterLease.start();
      const expired = afterLease.getState();
      expect(expired.phase === 'failed' && expired.failure.code).toBe('SERVER_UNREACHABLE');
      expect(JSON.parse(await readFile(engine.licenseFilePath, 'utf8')).activationId).toBe(
        stored.activationId,
      );
      afterLease.close();
    });

    test('the service rotates its license key: the next check-in fetches the root-certified certificate of the new key and stays activated', async () => {
      const { engine, options } = await engineFor('alice@acme.test');
      await engine.startSso('alice@acme.test');
      const before = JSON.parse(await readFile(engine.licenseFilePath, 'utf8')) as {
        keyCertificates: string[];
      };
      const { deps } = world.service;
      await rotateSigningKey(deps.database.db, deps.clock, deps.masterKey, 14 * 86_400_000);
      await engine.checkIn();
      expect(engine.getState().phase).toBe('activated');
      const after = JSON.parse(await readFile(engine.licenseFilePath, 'utf8')) as {
        keyCertificates: string[];
      };
      expect(after.keyCertificates.length).toBe(before.keyCertificates.length + 1);
      expect(engine.diagnosticReport()).toContain('key certificates refreshed');
      // Restarted offline, the renewed license verifies from the cached certificates under the root.
      const stored = JSON.parse(await readFile(engine.licenseFilePath, 'utf8'));
      await writeFile(engine.licenseFilePath, JSON.stringify({ ...stored, serverUrl: 'http://127.0.0.1:9' }));
      const offline = new ActivationEngine(options);
      await offline.start({ checkIn: false });
      expect(offline.getState().phase).toBe('activated');
      await writeFile(engine.licenseFilePath, JSON.stringify(stored));
      await engine.deactivate();
    });

    test("an app built for another root refuses the service's license at activation: LICENSE_UNTRUSTED, nothing stored, the seat handed back", async () => {
      const { generateKeyPair, exportJWK } = await import('jose');
      const other = await exportJWK((await generateKeyPair('EdDSA', { crv: 'Ed25519' })).publicKey);
      const { engine, options } = await engineFor('bob@acme.test', {
        trustAnchor: {
          serviceUrl: world.service.baseUrl,
          roots: [{ ...other, kid: 'other-root' }],
          source: 'configuration',
        },
      });
      await engine.startSso('bob@acme.test');
      const state = engine.getState();
      expect(state.phase === 'failed' && state.failure.code).toBe('LICENSE_UNTRUSTED');
      await expect(stat(engine.licenseFilePath)).rejects.toThrow();
      const rows = await world.service.deps.database.db
        .selectFrom('activations')
        .select('revoked_reason')
        .where('device_id', '=', options.device.deviceId)
        .execute();
      expect(rows.map((r) => r.revoked_reason)).toEqual(['deactivated on the device']);
    });

    test('a deactivation that fails after the token refresh keeps the rotated refresh token: the next check-in still works (the failing DELETE is stubbed)', async () => {
      const { engine } = await engineFor('bob@acme.test');
      await engine.startSso('bob@acme.test');
      const lostConnection = vi
        .spyOn(LicensingClient.prototype, 'deactivate')
        .mockRejectedValueOnce(new LatchkeyError('SERVER_UNREACHABLE', 'connection reset'));
      await engine.deactivate();
      lostConnection.mockRestore();
      const failed = engine.getState();
      expect(failed.phase === 'failed' && failed.failure.code).toBe('SERVER_UNREACHABLE');
      await engine.checkIn();
      expect(engine.getState().phase).toBe('activated');
      await engine.deactivate();
      expect(engine.getState().phase).toBe('idle');
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
      const timedOut = engine.getState();
      expect(timedOut.phase === 'failed' && timedOut.failure.code).toBe('BROWSER_CANCELLED');

      const { engine: cancelled, phases } = await engineFor('alice@acme.test', {
        openBrowser: async () => undefined,
      });
      const running = cancelled.startSso('alice@acme.test');
      await new Promise((r) => setTimeout(r, 200));
      expect(cancelled.getState().phase).toBe('waiting-for-browser');
      cancelled.cancel();
      await running;
      expect(phases).toEqual(['waiting-for-browser', 'idle']);

      let opened = false;
      // Stands in for a locked OS keychain (the unlocked Secret Service of the test run cannot be locked per test).
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
      const k = noKeychain.getState();
      expect(k.phase === 'failed' && k.failure.code).toBe('KEYCHAIN_UNAVAILABLE');
      expect(opened).toBe(false);
    });
  },
);
