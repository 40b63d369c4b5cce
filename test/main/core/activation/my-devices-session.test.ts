// My devices from the app's engine (issue 26 item 1), through the real service
// and dev IdP: at the device limit, a fresh sign-in lists the user's devices,
// Release frees one, the same sign-in activates this device, and the released
// device's next check-in fails with DEVICE_RELEASED_BY_USER and its words.
import { expect, test } from 'vitest';
import { engineWorld, failureOf } from './engine-harness.ts';
import { rowsByModule } from './rows-by-module.ts';

const { engineFor, activated, notReached } = engineWorld();

test('DEVICE_LIMIT_REACHED → My devices after a fresh sign-in → Release → the retry ends Activated; the released device is told', async () => {
  const first = await activated('alice@acme.test');
  await activated('alice@acme.test');
  await activated('alice@acme.test');
  const fourth = await engineFor('alice@acme.test');
  await fourth.engine.startSso('alice@acme.test');
  expect(failureOf(fourth.engine)).toBe('DEVICE_LIMIT_REACHED');

  const session = fourth.engine.myDevices('alice@acme.test');
  await session.signInAfresh();
  const devices = await session.list();
  expect(devices).toHaveLength(3);
  expect(devices.every((d) => d.deviceName === 'QA laptop' && d.os === 'linux' && !d.thisDevice)).toBe(true);
  await session.release(first.license.activationId);
  expect((await session.list()).map((d) => d.id)).not.toContain(first.license.activationId);

  await fourth.engine.activateAfterRelease(session);
  expect(fourth.engine.getState().phase).toBe('activated');
  expect((await session.list()).filter((d) => d.thisDevice)).toHaveLength(1);

  await first.engine.checkIn();
  const s = first.engine.getState();
  expect(s.phase === 'failed' && s.failure.code).toBe('DEVICE_RELEASED_BY_USER');
  expect(s.phase === 'failed' && s.failure.message).toMatch(
    /^This computer was released from your other device/,
  );
});

test("My devices reached its module's rows of the table", () => {
  expect(notReached(rowsByModule['my-devices-session.ts'] ?? [])).toEqual([]);
});
