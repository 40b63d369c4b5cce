// Issue 26 item 1 through the real service and dev IdP, on each database: a
// user at the device limit releases one of their own devices after a fresh SSO
// sign-in and activates; a stale or refreshed sign-in, another user's device and
// an account that turned self-service off are each refused; the released device
// learns it at its next check-in with its own code.
import { expect, test } from 'vitest';
import { userMessageFor } from '../../../common/failure-codes.ts';
import type { MyDevice } from '../../../common/my-devices.ts';
import { describeEachDatabase } from '../../support/suites.ts';
import { deviceWorld, newDevice } from './device-world.ts';

const minutes = 60_000;

describeEachDatabase('My devices: release one of your own after a fresh sign-in', (dialect) => {
  const { world, clock, signIn, refresh, api, activate } = deviceWorld(dialect);

  /** Alice with her three device slots (the world's license allows 3) taken. */
  async function aliceAtTheLimit() {
    const { accessToken } = await signIn('alice@acme.test');
    const devices = [newDevice('Work Mac'), newDevice('Home Mac'), newDevice('Lab PC')];
    const activations: string[] = [];
    for (const d of devices) {
      const done = await activate(accessToken, d);
      expect(done.status, JSON.stringify(done.body)).toBe(201);
      activations.push(String(done.body.activationId));
    }
    return { accessToken, devices, activations };
  }

  async function releaseAll(email: string) {
    const { accessToken } = await signIn(email);
    const listed = await api('GET', '/api/v1/my/devices', accessToken);
    for (const d of (listed.body.devices ?? []) as MyDevice[])
      await api('POST', `/api/v1/my/devices/${d.id}/release`, accessToken);
  }

  test('at the device limit: a fresh sign-in lists my devices, Release frees one, the retried activation succeeds, and the released device is told at check-in', async () => {
    clock.offsetMs = 0;
    await releaseAll('alice@acme.test');
    const { accessToken: old, activations } = await aliceAtTheLimit();
    const newMac = newDevice('New MacBook');
    const refused = await activate(old, newMac);
    expect(refused.status).toBe(403);
    expect(refused.body.error?.code).toBe('DEVICE_LIMIT_REACHED');

    const { accessToken } = await signIn('alice@acme.test');
    const listed = await api('GET', `/api/v1/my/devices?deviceId=${newMac.deviceId}`, accessToken);
    expect(listed.status).toBe(200);
    const devices = listed.body.devices as MyDevice[];
    expect(devices.map((d) => d.deviceName).sort()).toEqual(['Home Mac', 'Lab PC', 'Work Mac']);
    expect(devices[0]).toMatchObject({ os: 'macOS 15.2', appVersion: '1.4.0', thisDevice: false });
    expect(typeof devices[0]?.lastCheckInAt).toBe('string');

    const released = await api('POST', `/api/v1/my/devices/${activations[0]}/release`, accessToken);
    expect(released.status).toBe(204);
    const retried = await activate(accessToken, newMac);
    expect(retried.status, JSON.stringify(retried.body)).toBe(201);
    const mine = await api('GET', `/api/v1/my/devices?deviceId=${newMac.deviceId}`, accessToken);
    expect((mine.body.devices as MyDevice[]).find((d) => d.thisDevice)?.deviceName).toBe('New MacBook');

    // The released Work Mac's next check-in: its own code and words.
    const checkIn = await api('POST', `/api/v1/activations/${activations[0]}/check-in`, old);
    expect(checkIn.status).toBe(403);
    expect(checkIn.body.error).toMatchObject({
      code: 'DEVICE_RELEASED_BY_USER',
      message: userMessageFor('DEVICE_RELEASED_BY_USER'),
    });
    expect(
      String(checkIn.body.error && 'message' in checkIn.body.error && checkIn.body.error.message),
    ).toMatch(/^This computer was released from your other device/);

    // Audited, in the activation log, and one device.released event by the user.
    const db = world().service.deps.database.db;
    const audit = await db
      .selectFrom('audit_log')
      .select(['actor', 'target'])
      .where('action', '=', 'device.released_by_user')
      .where('target', '=', activations[0] ?? '')
      .execute();
    expect(audit).toEqual([{ actor: 'user:alice@acme.test', target: activations[0] }]);
    const events = await db
      .selectFrom('events')
      .select('data')
      .where('account_id', '=', world().accountId)
      .where('type', '=', 'device.released')
      .execute();
    expect(events.map((e) => JSON.parse(e.data) as unknown)).toContainEqual({
      activationId: activations[0],
      by: 'user',
    });
    const logged = await db
      .selectFrom('activation_attempts')
      .select(['stage', 'outcome', 'evidence'])
      .where('account_id', '=', world().accountId)
      .where('stage', '=', 'deactivation')
      .execute();
    expect(logged.some((l) => l.outcome === 'success' && l.evidence.includes(activations[0] ?? '-'))).toBe(
      true,
    );
  });

  test('a sign-in older than 5 minutes, or a token refreshed from one, is no proof: SIGN_IN_NOT_FRESH', async () => {
    clock.offsetMs = 0;
    const signedIn = await signIn('alice@acme.test');
    const { accessToken } = signedIn;
    clock.offsetMs = 6 * minutes;
    try {
      const stale = await api('GET', '/api/v1/my/devices', accessToken);
      expect(stale.status).toBe(401);
      expect(stale.body.error?.code).toBe('SIGN_IN_NOT_FRESH');
      const refreshed = await refresh(signedIn);
      const viaRefresh = await api('GET', '/api/v1/my/devices', refreshed);
      expect(viaRefresh.body.error?.code).toBe('SIGN_IN_NOT_FRESH');
      const release = await api('POST', `/api/v1/my/devices/${crypto.randomUUID()}/release`, refreshed);
      expect(release.body.error?.code).toBe('SIGN_IN_NOT_FRESH');
    } finally {
      clock.offsetMs = 0;
    }
    // Within the 5 minutes the same sign-in is enough.
    clock.offsetMs = 4 * minutes;
    try {
      expect((await api('GET', '/api/v1/my/devices', accessToken)).status).toBe(200);
    } finally {
      clock.offsetMs = 0;
    }
  });

  test("another user's activation is not found (404, not 403) and stays live", async () => {
    clock.offsetMs = 0;
    const bob = await signIn('bob@acme.test');
    const bobs = await activate(bob.accessToken, newDevice("Bob's PC"));
    expect(bobs.status).toBe(201);
    const alice = await signIn('alice@acme.test');
    const tried = await api(
      'POST',
      `/api/v1/my/devices/${String(bobs.body.activationId)}/release`,
      alice.accessToken,
    );
    expect(tried.status).toBe(404);
    const bobsList = await api('GET', '/api/v1/my/devices', bob.accessToken);
    expect((bobsList.body.devices as MyDevice[]).map((d) => d.id)).toContain(bobs.body.activationId);
    const aliceList = await api('GET', '/api/v1/my/devices', alice.accessToken);
    expect((aliceList.body.devices as MyDevice[]).map((d) => d.id)).not.toContain(bobs.body.activationId);
  });

  test('with self-service release turned off (audited), listing and releasing are refused with SELF_RELEASE_DISABLED', async () => {
    clock.offsetMs = 0;
    const owner = world().owner;
    expect((await owner.put('/api/console/device-settings', { selfServiceRelease: false })).status).toBe(200);
    try {
      const { accessToken } = await signIn('bob@acme.test');
      const listed = await api('GET', '/api/v1/my/devices', accessToken);
      expect(listed.status).toBe(403);
      expect(listed.body.error?.code).toBe('SELF_RELEASE_DISABLED');
      const release = await api('POST', `/api/v1/my/devices/${crypto.randomUUID()}/release`, accessToken);
      expect(release.body.error?.code).toBe('SELF_RELEASE_DISABLED');
      expect((await owner.get('/api/console/device-settings')).body).toMatchObject({
        selfServiceRelease: false,
      });
    } finally {
      await owner.put('/api/console/device-settings', { selfServiceRelease: true });
    }
    const audit = await world()
      .service.deps.database.db.selectFrom('audit_log')
      .select('detail')
      .where('action', '=', 'devices.self_service_release')
      .orderBy('id')
      .execute();
    expect(audit.map((a) => JSON.parse(a.detail) as unknown)).toEqual([{ on: false }, { on: true }]);
  });

  test('bad input is a 4xx: a malformed id, no token', async () => {
    const { accessToken } = await signIn('alice@acme.test');
    expect((await api('POST', '/api/v1/my/devices/not-a-uuid/release', accessToken)).status).toBe(400);
    expect((await api('GET', '/api/v1/my/devices')).status).toBe(401);
  });
});
