// Deactivate through the engine (deactivation.ts) against the real service.
import { stat } from 'node:fs/promises';
import { describe, expect, test, vi } from 'vitest';
import { LatchkeyError } from '../../../../common/latchkey-error.ts';
import { LicensingClient } from '../../../../main/core/licensing/licensing-client.ts';
import { engineWorld, failureOf } from './engine-harness.ts';
import { rowsByModule } from './rows-by-module.ts';

const { activated, failedHoldingLicense, notReached } = engineWorld();

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

test('real flows above reached every row of the table that deactivation.ts causes', () => {
  expect(notReached(rowsByModule['deactivation.ts'] ?? [])).toEqual([]);
});
