// A license is used only once it verifies under the app's root (pinning.ts):
// at activation, at start, after the service rotates its signing key.
import { readFile, stat, writeFile } from 'node:fs/promises';
import { describe, expect, test } from 'vitest';
import { rotateSigningKey } from '../../../../backend/licensing/signing-keys.ts';
import { deadServer, engineWorld, failureOf, tamperLicense } from './engine-harness.ts';
import { rowsByModule } from './rows-by-module.ts';

const { world, watched, engineFor, activated, failedHoldingLicense, notReached } = engineWorld();

describe('pinning (pinning.ts)', () => {
  test("an app built for another root refuses the service's license at activation: LICENSE_UNTRUSTED, nothing stored, the seat handed back", async () => {
    const { generateKeyPair, exportJWK } = await import('jose');
    const other = await exportJWK((await generateKeyPair('EdDSA', { crv: 'Ed25519' })).publicKey);
    const { engine, options, phases } = await engineFor('bob@acme.test', {
      trustAnchor: {
        serviceUrl: world().service.baseUrl,
        roots: [{ ...other, kid: 'other-root' }],
        source: 'configuration',
      },
    });
    await engine.startSso('bob@acme.test');
    expect(phases.slice(-2)).toEqual(['activating', 'failed']);
    expect(failureOf(engine)).toBe('LICENSE_UNTRUSTED');
    await expect(stat(engine.licenseFilePath)).rejects.toThrow();
    const rows = await world()
      .service.deps.database.db.selectFrom('activations')
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
    const { deps } = world().service;
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

test('Dismiss after a failure that kept the license shows it again as it verifies offline', async () => {
  const held = await failedHoldingLicense();
  await held.engine.dismissFailure();
  expect(held.engine.getState()).toMatchObject({
    phase: 'activated',
    license: { licensedTo: 'bob@acme.test' },
  });
  await held.comeBack();
  await held.engine.deactivate();
});

test('real flows above reached every row of the table that pinning.ts causes', () => {
  expect(notReached(rowsByModule['pinning.ts'] ?? [])).toEqual([]);
});
