// Enter Enterprise Key through the engine (key-activation.ts) against the real service.
import { describe, expect, test } from 'vitest';
import { engineWorld, failureOf } from './engine-harness.ts';
import { rowsByModule } from './rows-by-module.ts';

const { world, engineFor, notReached } = engineWorld();

describe('key activation (key-activation.ts)', () => {
  test('a key no license has, and the key of a license managed by SSO, come back to idle with what to do — from idle and from failed', async () => {
    const { engine, phases } = await engineFor('someone@unregistered.test');
    await engine.activateWithKey('LK-AAAAA-BBBBB-CCCCC-DDDDD', 'alice@acme.test');
    const unknown = engine.getState();
    expect(unknown.phase === 'idle' && unknown.notice).toMatch(/No license has this key/);

    await engine.startSso('someone@unregistered.test');
    expect(failureOf(engine)).toBe('DOMAIN_NOT_REGISTERED');
    const { license_key } = await world()
      .service.deps.database.db.selectFrom('licenses')
      .select('license_key')
      .where('account_id', '=', world().accountId)
      .executeTakeFirstOrThrow();
    await engine.activateWithKey(license_key, 'alice@acme.test');
    const managed = engine.getState();
    expect(managed.phase === 'idle' && managed.notice).toMatch(/single sign-on/);
    expect(phases).toEqual(['activating', 'idle', 'failed', 'activating', 'idle']);
  });

  test('going Back from a turned-down key forgets why: the next look at the state (a reload) shows no notice', async () => {
    const { engine } = await engineFor('dana@globex.test');
    await engine.activateWithKey('LK-AAAAA-BBBBB-CCCCC-DDDDD', 'dana@globex.test');
    expect(engine.getState()).toMatchObject({ phase: 'idle', notice: expect.stringMatching(/No license/) });
    await engine.dismissFailure();
    expect(engine.getState()).toEqual({ phase: 'idle' });
    // Nothing to dismiss: nothing happens.
    await engine.dismissFailure();
    expect(engine.getState()).toEqual({ phase: 'idle' });
  });
});

test('real flows above reached every row of the table that key-activation.ts causes', () => {
  expect(notReached(rowsByModule['key-activation.ts'] ?? [])).toEqual([]);
});
