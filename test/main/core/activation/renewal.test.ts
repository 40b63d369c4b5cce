// Check-in through the engine (renewal.ts) against the real service.
import { stat } from 'node:fs/promises';
import { describe, expect, test } from 'vitest';
import { revokeActivations } from '../../../../backend/access/revoke.ts';
import { keychainService } from '../../../../main/core/licensing/credentials.ts';
import { engineWorld, failureOf } from './engine-harness.ts';
import { rowsByModule } from './rows-by-module.ts';

const { world, activated, failedHoldingLicense, notReached } = engineWorld();

describe('renewal (renewal.ts)', () => {
  test('an activation revoked by the admin: the next check-in removes the license and says ACTIVATION_REVOKED, also from a failure that kept it', async () => {
    const { engine, license, secrets } = await activated('bob@acme.test');
    const { deps } = world().service;
    await revokeActivations(
      deps.database.db,
      deps.clock,
      { activationIds: [license.activationId] },
      'ACTIVATION_REVOKED',
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
      'ACTIVATION_REVOKED',
      'revoked in the console',
    );
    await held.engine.checkIn();
    expect(failureOf(held.engine)).toBe('ACTIVATION_REVOKED');
  });
});

test('a check-in renews the license and rotates the refresh token in the secret store; also from a failure that kept the license', async () => {
  const { engine, license, secrets } = await activated();
  const entry = `activation:${license.activationId}`;
  const before = await secrets.getPassword(keychainService, entry);
  await engine.checkIn();
  const after = engine.getState();
  if (after.phase !== 'activated') throw new Error(`not activated: ${JSON.stringify(after)}`);
  expect(Date.parse(after.license.lastCheckInAt)).toBeGreaterThanOrEqual(Date.parse(license.lastCheckInAt));
  expect(await secrets.getPassword(keychainService, entry)).not.toBe(before);
  expect(engine.diagnosticReport()).toContain('check-in');
  await engine.deactivate();

  const held = await failedHoldingLicense();
  await held.comeBack();
  await held.engine.checkIn();
  expect(held.engine.getState()).toMatchObject({ phase: 'activated', license: { offline: false } });
  await held.engine.deactivate();
});

test('real flows above reached every row of the table that renewal.ts causes', () => {
  expect(notReached(rowsByModule['renewal.ts'] ?? [])).toEqual([]);
});
