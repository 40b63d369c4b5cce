// Issue 20 item 7: an activation first checks that this computer can keep what
// it would get (preflight.ts: the keychain, the data folder), so an unusable
// folder costs no browser tab and no seat; and where storing still fails after
// the service activated the device, the seat is handed back — never a loop,
// never a seat no computer holds. The real service and dev IdP; the secret
// store is the in-memory one of every engine test.
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { MemorySecretStore } from '../../../../main/core/secrets/memory-secret-store.ts';
import { KeychainUnavailable } from '../../../../main/core/secrets/secret-store.ts';
import { browse } from '../../../support/sso-world.ts';
import { engineWorld, failureOf } from './engine-harness.ts';

const { world, engineFor } = engineWorld();

/** The activations the service holds for this device and that are not revoked. */
async function seatsHeldBy(deviceId: string): Promise<number> {
  const rows = await world()
    .service.deps.database.db.selectFrom('activations')
    .select('id')
    .where('device_id', '=', deviceId)
    .where('revoked_at', 'is', null)
    .execute();
  return rows.length;
}

describe('preflight (preflight.ts) and storing (store-issued.ts)', () => {
  test('a data folder that cannot be created (a path through a file, /proc/nope) fails DATA_FOLDER_UNWRITABLE at once: no browser, no seat', async () => {
    const made = await engineFor('bob@acme.test');
    const file = join(made.options.dataDir, 'a-file');
    await writeFile(file, 'not a folder');
    for (const dataDir of [join(file, 'sub'), '/proc/latchkey-nope']) {
      let browserOpened = false;
      const { engine, options } = await engineFor('bob@acme.test', {
        dataDir,
        openBrowser: async () => {
          browserOpened = true;
        },
      });
      const started = Date.now();
      await engine.startSso('bob@acme.test');
      expect(failureOf(engine), dataDir).toBe('DATA_FOLDER_UNWRITABLE');
      const state = engine.getState();
      if (state.phase !== 'failed') throw new Error('not failed');
      expect(state.failure.detail).toContain(dataDir);
      expect(Date.now() - started).toBeLessThan(5_000);
      expect(browserOpened).toBe(false);
      expect(await seatsHeldBy(options.device.deviceId)).toBe(0);
    }
  }, 20_000);

  test('a license key with an unwritable data folder fails DATA_FOLDER_UNWRITABLE before the service is asked', async () => {
    const { engine } = await engineFor('dana@acme.test', { dataDir: '/proc/latchkey-nope' });
    await engine.activateWithKey('LK-AAAAA-BBBBB-CCCCC-DDDDD', 'dana@acme.test');
    expect(failureOf(engine)).toBe('DATA_FOLDER_UNWRITABLE');
  }, 20_000);

  test('the data folder gone during the sign-in: the seat the service gave is handed back, no credential kept, DATA_FOLDER_UNWRITABLE', async () => {
    const made = await engineFor('bob@acme.test');
    const dataDir = join(made.options.dataDir, 'device');
    await mkdir(dataDir);
    const { engine, options, secrets } = await engineFor('bob@acme.test', {
      dataDir,
      openBrowser: async (url) => {
        // Passes the preflight, then the folder becomes a file before the license is stored.
        await rm(dataDir, { recursive: true });
        await writeFile(dataDir, 'not a folder any more');
        await browse(url, 'bob@acme.test');
      },
    });
    await engine.startSso('bob@acme.test');
    expect(failureOf(engine)).toBe('DATA_FOLDER_UNWRITABLE');
    const state = engine.getState();
    if (state.phase !== 'failed') throw new Error('not failed');
    expect(state.failure.detail).toMatch(/handed back/);
    expect(await seatsHeldBy(options.device.deviceId)).toBe(0);
    expect(secrets.size).toBe(0);
    // The console's Users page shows no device for Bob that no computer holds.
    const revoked = await world()
      .service.deps.database.db.selectFrom('activations')
      .select('revoked_reason')
      .where('device_id', '=', options.device.deviceId)
      .execute();
    expect(revoked.length).toBe(1);
  }, 20_000);

  // The OS keychain cannot be locked on cue here: a store that passes the probe, then refuses.
  test('the keychain refusing the credential after the service activated (a store that locks after the probe): the seat is handed back, KEYCHAIN_UNAVAILABLE', async () => {
    class LocksAfterProbe extends MemorySecretStore {
      override async setPassword(service: string, account: string, password: string): Promise<void> {
        if (account.startsWith('activation:')) throw new KeychainUnavailable('the keychain was locked');
        await super.setPassword(service, account, password);
      }
    }
    const { engine, options } = await engineFor('bob@acme.test', { secrets: new LocksAfterProbe() });
    await engine.startSso('bob@acme.test');
    expect(failureOf(engine)).toBe('KEYCHAIN_UNAVAILABLE');
    const state = engine.getState();
    if (state.phase !== 'failed') throw new Error('not failed');
    expect(state.failure.detail).toMatch(/locked; the seat was handed back/);
    expect(await seatsHeldBy(options.device.deviceId)).toBe(0);
  }, 20_000);
});
