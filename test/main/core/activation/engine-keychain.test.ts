// The engine with the real OS keychain (Secret Service inside dbus-run-session:
// scripts/test-keyring.sh): the refresh token is stored there, rotated at
// check-in and removed at deactivation. The engine's other flows run on the
// in-memory store (the test files beside this one).
import { randomUUID } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { ActivationEngine, type EngineOptions } from '../../../../main/core/activation/activation-engine.ts';
import { keychainService } from '../../../../main/core/licensing/credentials.ts';
import { osKeychain } from '../../../../main/core/secrets/os-keychain.ts';
import { testDialects } from '../../../support/databases.ts';
import { browse, startSsoWorld, type SsoWorld } from '../../../support/sso-world.ts';

const secretService = Boolean(process.env.LATCHKEY_TEST_SECRET_SERVICE);
const skipReason = 'no Secret Service session: run the suite with scripts/test.sh';

let world: SsoWorld | undefined;
let dataDir: string | undefined;

beforeAll(async () => {
  const sqlite = testDialects[0];
  if (!sqlite) throw new Error('no sqlite');
  if (secretService) world = await startSsoWorld(sqlite);
});
afterAll(async () => {
  await world?.close();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

describe.skipIf(!secretService)(
  `activation engine with the OS keychain${secretService ? '' : ` — skipped: ${skipReason}`}`,
  () => {
    test('the refresh token lives only in the OS keychain: stored at activation, rotated at check-in, removed at deactivation', async () => {
      if (!world) throw new Error('no world');
      dataDir = await mkdtemp(join(tmpdir(), 'latchkey-app-'));
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
          await browse(url, 'alice@acme.test');
        },
      };
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
  },
);
