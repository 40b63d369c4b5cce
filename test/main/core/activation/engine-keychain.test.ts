// The engine with the real OS keychain (Secret Service inside dbus-run-session:
// scripts/test-keyring.sh): the refresh token is stored there, rotated at
// check-in and removed at deactivation; the DPoP device key beside it (issue 26
// item 3), whose loss (a keychain reset) ends in one refusal and a clean
// re-activation with a new key. The engine's other flows run on the in-memory
// store (the test files beside this one).
import { randomUUID } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { ActivationEngine, type EngineOptions } from '../../../../main/core/activation/activation-engine.ts';
import { deviceKeyAccountFor, keychainService } from '../../../../main/core/licensing/credentials.ts';
import { osKeychain } from '../../../../main/core/secrets/os-keychain.ts';
import { testDialects } from '../../../support/databases.ts';
import { browse, startSsoWorld, type SsoWorld } from '../../../support/sso-world.ts';

const secretService = Boolean(process.env.LATCHKEY_TEST_SECRET_SERVICE);
const skipReason = 'no Secret Service session: run the suite with scripts/test.sh';

let world: SsoWorld | undefined;
const dataDirs: string[] = [];

/** An engine on the real keychain against the world's service; Alice signs in at the dev IdP. */
async function keychainEngineOptions(): Promise<EngineOptions> {
  if (!world) throw new Error('no world');
  const dataDir = await mkdtemp(join(tmpdir(), 'latchkey-app-'));
  dataDirs.push(dataDir);
  return {
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
      await browse(url, 'alice@acme.test');
    },
  };
}

beforeAll(async () => {
  const sqlite = testDialects[0];
  if (!sqlite) throw new Error('no sqlite');
  if (secretService) world = await startSsoWorld(sqlite);
});
afterAll(async () => {
  await world?.close();
  for (const dir of dataDirs) await rm(dir, { recursive: true, force: true });
});

describe.skipIf(!secretService)(
  `activation engine with the OS keychain${secretService ? '' : ` — skipped: ${skipReason}`}`,
  () => {
    test('the refresh token lives only in the OS keychain: stored at activation, rotated at check-in, removed at deactivation', async () => {
      const options = await keychainEngineOptions();
      const engine = new ActivationEngine(options);
      await engine.startSso('alice@acme.test');
      const state = engine.getState();
      if (state.phase !== 'activated') throw new Error(`not activated: ${JSON.stringify(state)}`);
      const account = `activation:${state.license.activationId}`;
      const refreshToken = await osKeychain.getPassword(keychainService, account);
      expect(refreshToken).toBeTruthy();
      expect(await readFile(engine.licenseFilePath, 'utf8')).not.toContain(refreshToken);

      const restarted = new ActivationEngine(options);
      await restarted.start();
      expect(restarted.getState().phase).toBe('activated');
      const rotated = await osKeychain.getPassword(keychainService, account);
      expect(rotated).toBeTruthy();
      expect(rotated).not.toBe(refreshToken);

      await restarted.deactivate();
      expect(restarted.getState().phase).toBe('idle');
      expect(await osKeychain.getPassword(keychainService, account)).toBeNull();
    });

    test('kept in the keychain, not the data folder; a keychain reset → TOKEN_WITHOUT_DEVICE_KEY once, then a new key', async () => {
      const options = await keychainEngineOptions();
      const engine = new ActivationEngine(options);
      await engine.startSso('alice@acme.test');
      const state = engine.getState();
      if (state.phase !== 'activated') throw new Error(`not activated: ${JSON.stringify(state)}`);
      const keyAccount = deviceKeyAccountFor(state.license.activationId);
      const key = await osKeychain.getPassword(keychainService, keyAccount);
      const { d } = JSON.parse(key ?? '{}') as { d?: string };
      expect(d).toBeTruthy();
      expect(await readFile(engine.licenseFilePath, 'utf8')).not.toContain(d);

      // A restart checks in with the key read back from the keychain.
      const restarted = new ActivationEngine(options);
      await restarted.start();
      expect(restarted.getState().phase).toBe('activated');

      // The keychain is reset: the key is gone.
      await osKeychain.deletePassword(keychainService, keyAccount);
      await restarted.checkIn();
      const refused = restarted.getState();
      expect(refused.phase === 'failed' && refused.failure.code).toBe('TOKEN_WITHOUT_DEVICE_KEY');
      expect(
        await osKeychain.getPassword(keychainService, `activation:${state.license.activationId}`),
      ).toBeNull();

      await restarted.startSso('alice@acme.test');
      const again = restarted.getState();
      if (again.phase !== 'activated') throw new Error(`not activated: ${JSON.stringify(again)}`);
      const newKey = await osKeychain.getPassword(
        keychainService,
        deviceKeyAccountFor(again.license.activationId),
      );
      expect(newKey).toBeTruthy();
      expect(newKey).not.toBe(key);
      await restarted.deactivate();
      expect(
        await osKeychain.getPassword(keychainService, deviceKeyAccountFor(again.license.activationId)),
      ).toBeNull();
    });
  },
);
