// No server at check-in (offline.ts): the lease holds, then fails with the license kept.
import { readFile } from 'node:fs/promises';
import { describe, expect, test } from 'vitest';
import { engineWorld, failureOf } from './engine-harness.ts';
import { rowsByModule } from './rows-by-module.ts';

const { watched, activated, failedHoldingLicense, notReached } = engineWorld();

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

test('a failure that kept the license (no server at deactivation): the next check-in without a server runs offline on the lease', async () => {
  const held = await failedHoldingLicense();
  await held.engine.checkIn();
  expect(held.engine.getState()).toMatchObject({
    phase: 'activated',
    license: { offline: true, lease: 'valid' },
  });
  expect(held.engine.diagnosticReport()).toContain('offline SERVER_UNREACHABLE');
  held.engine.close();
});

test('real flows above reached every row of the table that offline.ts causes', () => {
  expect(notReached(rowsByModule['offline.ts'] ?? [])).toEqual([]);
});
