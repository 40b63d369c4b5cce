// The engine under managed settings, against the real service: ActivationMethods = sso
// refuses the key path, a managed EmailDomain refuses other addresses, AllowDeactivate =
// false refuses deactivation (until the policy changes, without a restart), and
// CheckInIntervalHours bounds the wait before the next check-in.
import { expect, test } from 'vitest';
import type { EffectivePolicy } from '../../../../common/desktop-policy.ts';
import { effectivePolicy, noPolicyDefaults } from '../../../../main/core/policy/effective-policy.ts';
import { PolicyRefusal } from '../../../../main/core/policy/policy-rules.ts';
import { engineWorld } from './engine-harness.ts';

const { world, engineFor } = engineWorld();

function managed(values: Record<string, unknown>): EffectivePolicy {
  return effectivePolicy(
    [
      {
        source: 'managed-machine',
        where: '/etc/latchkey/policy.json',
        values: new Map(Object.entries(values)),
      },
    ],
    { defaults: noPolicyDefaults(world().service.baseUrl), allowManagedServiceUrl: false },
  );
}

test('managed policy: key path refused with ActivationMethods=sso, other domains refused, deactivation refused until allowed, check-ins at most 12 h apart', async () => {
  let policy = managed({
    ActivationMethods: 'sso',
    EmailDomain: 'acme.test',
    AllowDeactivate: false,
    CheckInIntervalHours: 12,
  });
  const { engine } = await engineFor('alice@acme.test', { policy: () => policy });
  await engine.start();

  expect(() => engine.activateWithKey('LK-ABCDE-FGHJK-MNPQR-STVWX', 'alice@acme.test')).toThrow(
    PolicyRefusal,
  );
  expect(() => engine.startSso('alice@initech.test')).toThrow(/@acme.test/);
  expect(engine.getState().phase).toBe('idle');

  await engine.startSso('alice@acme.test');
  const state = engine.getState();
  expect(state.phase).toBe('activated');
  // The service's renew-after is days away; the policy brings the next check-in within 12 hours.
  if (state.phase === 'activated')
    expect(Date.parse(state.license.renewAfter) - Date.now()).toBeGreaterThan(12 * 3_600_000);
  expect(engine.nextCheckInMs).toBeLessThanOrEqual(12 * 3_600_000);

  await expect(engine.deactivate()).rejects.toThrow(/does not allow deactivating/);
  expect(engine.getState().phase).toBe('activated');

  policy = managed({ AllowDeactivate: true });
  await engine.deactivate();
  expect(engine.getState().phase).toBe('idle');
  engine.close();
});
