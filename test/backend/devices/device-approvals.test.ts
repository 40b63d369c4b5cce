// Issue 26 item 4 through the real service and dev IdP, on each database: a
// license that needs an admin's approval of new devices keeps a new device
// waiting (one request however often it retries), the console lists it,
// Approve lets the next poll activate, Deny and 7 days without an answer are
// each refused with their code, and an approved device never waits again.
import { expect, test } from 'vitest';
import type { DeviceSettings, PendingApproval } from '../../../common/console-devices.ts';
import type { ApprovalTicket } from '../../../common/my-devices.ts';
import { describeEachDatabase } from '../../support/suites.ts';
import { requestApproval } from '../../../backend/devices/approval-requests.ts';
import { deviceWorld, newDevice, type Device } from './device-world.ts';

const day = 86_400_000;

describeEachDatabase('Admin approval of new devices', (dialect) => {
  const { world, clock, signIn, api, activate } = deviceWorld(dialect);

  async function approvalOn(required: boolean) {
    const owner = world().owner;
    const settings = (await owner.get<DeviceSettings>('/api/console/device-settings')).body;
    const licenseId = settings.licenses[0]?.id ?? '';
    const put = await owner.put(`/api/console/licenses/${licenseId}/device-approval`, { required });
    expect(put.status).toBe(200);
    return licenseId;
  }

  async function waiting(email: string, device: Device) {
    const { accessToken } = await signIn(email);
    const first = await activate(accessToken, device);
    expect(first.status, JSON.stringify(first.body)).toBe(403);
    expect(first.body.error?.code).toBe('DEVICE_APPROVAL_PENDING');
    return { accessToken, ticket: first.body.approval as ApprovalTicket };
  }

  const poll = (ticket: ApprovalTicket) => api('POST', '/api/v1/device-approvals/poll', ticket.pollToken);
  const pending = async () =>
    (await world().owner.get<{ requests: PendingApproval[] }>('/api/console/device-approvals')).body.requests;

  test('off by default: a new device activates at once', async () => {
    clock.offsetMs = 0;
    const settings = (await world().owner.get<DeviceSettings>('/api/console/device-settings')).body;
    expect(settings.licenses.map((l) => l.deviceApproval)).toEqual([false]);
    const { accessToken } = await signIn('bob@acme.test');
    expect((await activate(accessToken, newDevice('Bob laptop'))).status).toBe(201);
  });

  test('pending → approved → the next poll activates; a retry makes no second request; the approved device never waits again', async () => {
    clock.offsetMs = 0;
    const licenseId = await approvalOn(true);
    try {
      const mac = newDevice('Alice Studio');
      const { accessToken, ticket } = await waiting('alice@acme.test', mac);
      expect(ticket.pollAfterSeconds).toBeGreaterThan(0);
      const retried = await activate(accessToken, mac);
      expect(retried.body.error?.code).toBe('DEVICE_APPROVAL_PENDING');
      const again = retried.body.approval as ApprovalTicket;
      expect(again.requestId).toBe(ticket.requestId);
      // Only the newest poll token asks: the retry replaced the first.
      expect((await poll(ticket)).status).toBe(401);
      expect((await poll(again)).status).toBe(202);

      const listed = (await pending()).filter((r) => r.id === again.requestId);
      expect(listed).toEqual([
        expect.objectContaining({
          deviceName: 'Alice Studio',
          userEmail: 'alice@acme.test',
          licenseId,
          os: 'macOS 15.2',
        }),
      ]);
      const db = world().service.deps.database.db;
      const rows = await db
        .selectFrom('device_approval_requests')
        .select('id')
        .where('device_id', '=', mac.deviceId)
        .execute();
      expect(rows).toHaveLength(1);

      expect(
        (await world().owner.post(`/api/console/device-approvals/${again.requestId}/approve`)).status,
      ).toBe(204);
      // Decided once: a second decision finds no pending request.
      expect((await world().owner.post(`/api/console/device-approvals/${again.requestId}/deny`)).status).toBe(
        404,
      );
      const activated = await poll(again);
      expect(activated.status, JSON.stringify(activated.body)).toBe(201);
      expect(typeof activated.body.license).toBe('string');
      // The poll token is spent with the activation.
      expect((await poll(again)).status).toBe(401);

      // Deactivated on the device, then activated again: no waiting this time.
      const activationId = String(activated.body.activationId);
      expect((await api('DELETE', `/api/v1/activations/${activationId}`, accessToken)).status).toBe(204);
      const fresh = await signIn('alice@acme.test');
      const back = await activate(fresh.accessToken, mac);
      expect(back.status, JSON.stringify(back.body)).toBe(201);

      const events = await db
        .selectFrom('events')
        .select(['type', 'data'])
        .where('account_id', '=', world().accountId)
        .where('type', 'in', ['device.approval_requested', 'device.approved'])
        .execute();
      const about = events.filter((e) => e.data.includes(again.requestId));
      expect(about.map((e) => e.type)).toEqual(['device.approval_requested', 'device.approved']);
      const audit = await db
        .selectFrom('audit_log')
        .select('actor')
        .where('action', '=', 'device.approved')
        .where('target', '=', again.requestId)
        .execute();
      expect(audit).toEqual([{ actor: 'user:owner@acme.test' }]);
    } finally {
      await approvalOn(false);
    }
  });

  test('denied: the poll is refused with DEVICE_APPROVAL_DENIED, and so is a new activation of that device', async () => {
    clock.offsetMs = 0;
    await approvalOn(true);
    try {
      const pc = newDevice('Kiosk PC');
      const { accessToken, ticket } = await waiting('bob@acme.test', pc);
      expect(
        (await world().owner.post(`/api/console/device-approvals/${ticket.requestId}/deny`)).status,
      ).toBe(204);
      const denied = await poll(ticket);
      expect(denied.status).toBe(403);
      expect(denied.body.error?.code).toBe('DEVICE_APPROVAL_DENIED');
      expect((await activate(accessToken, pc)).body.error?.code).toBe('DEVICE_APPROVAL_DENIED');
      expect((await pending()).map((r) => r.id)).not.toContain(ticket.requestId);
    } finally {
      await approvalOn(false);
    }
  });

  test('7 days without an answer: the poll is refused with DEVICE_APPROVAL_EXPIRED, the console no longer lists it nor decides it, and a new activation asks again', async () => {
    clock.offsetMs = 0;
    await approvalOn(true);
    try {
      const vm = newDevice('Build VM');
      const { ticket } = await waiting('bob@acme.test', vm);
      clock.offsetMs = 7 * day + 60_000;
      const expired = await poll(ticket);
      expect(expired.status).toBe(403);
      expect(expired.body.error?.code).toBe('DEVICE_APPROVAL_EXPIRED');
      // The owner's console session did not live through the week: signed in again.
      await world().owner.login('owner@acme.test', 'correct horse battery');
      expect((await pending()).map((r) => r.id)).not.toContain(ticket.requestId);
      expect(
        (await world().owner.post(`/api/console/device-approvals/${ticket.requestId}/approve`)).status,
      ).toBe(404);
      // A new activation of that device (here the service's own step, at the moved clock) asks again:
      // the same row, pending, with 7 new days, and a new device.approval_requested event.
      const db = world().service.deps.database.db;
      const row = await db
        .selectFrom('device_approval_requests')
        .selectAll()
        .where('id', '=', ticket.requestId)
        .executeTakeFirstOrThrow();
      const again = await requestApproval(db, world().service.deps.clock, {
        accountId: row.account_id,
        userId: row.user_id,
        licenseId: row.license_id,
        device: vm,
      });
      expect(again.requestId).toBe(ticket.requestId);
      expect(new Date(again.expiresAt).getTime()).toBeGreaterThan(clock.now().getTime() + 6 * day);
      expect((await poll(again)).status).toBe(202);
    } finally {
      clock.offsetMs = 0;
      await approvalOn(false);
    }
  });

  test('the same new device asking twice at once makes one request (unique per user and device, in the database)', async () => {
    clock.offsetMs = 0;
    await approvalOn(true);
    try {
      const { accessToken } = await signIn('alice@acme.test');
      const twin = newDevice('Twin laptop');
      const both = await Promise.all([activate(accessToken, twin), activate(accessToken, twin)]);
      expect(both.map((r) => r.body.error?.code)).toEqual([
        'DEVICE_APPROVAL_PENDING',
        'DEVICE_APPROVAL_PENDING',
      ]);
      const ids = both.map((r) => (r.body.approval as ApprovalTicket).requestId);
      expect(ids[0]).toBe(ids[1]);
      const rows = await world()
        .service.deps.database.db.selectFrom('device_approval_requests')
        .select('id')
        .where('device_id', '=', twin.deviceId)
        .execute();
      expect(rows).toHaveLength(1);
      const announced = await world()
        .service.deps.database.db.selectFrom('events')
        .select('data')
        .where('type', '=', 'device.approval_requested')
        .execute();
      expect(announced.filter((e) => e.data.includes(ids[0] ?? '-'))).toHaveLength(1);
    } finally {
      await approvalOn(false);
    }
  });

  test('the console refuses bad input with a 4xx', async () => {
    const owner = world().owner;
    expect((await owner.post('/api/console/device-approvals/nope/approve')).status).toBe(400);
    expect((await owner.post(`/api/console/device-approvals/${crypto.randomUUID()}/maybe`)).status).toBe(400);
    expect((await owner.put('/api/console/device-settings', { selfServiceRelease: 'yes' })).status).toBe(400);
    expect((await api('POST', '/api/v1/device-approvals/poll', 'lkap_nothing')).status).toBe(401);
  });
});
