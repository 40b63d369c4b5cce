// The app waiting for an admin's approval of this computer (issue 26 item 4),
// through the real service: the engine says so (activating, with `approval`),
// polls, and ends activated when the admin approves in the console — or failed
// with DEVICE_APPROVAL_DENIED when they deny, or DEVICE_APPROVAL_PENDING at
// once when the caller does not wait (the CLI's --approval-wait 0).
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { DeviceSettings, PendingApproval } from '../../../../common/console-devices.ts';
import { engineWorld, failureOf } from './engine-harness.ts';
import { rowsByModule } from './rows-by-module.ts';

const { world, engineFor, notReached } = engineWorld();

async function setApproval(required: boolean) {
  const owner = world().owner;
  const { licenses } = (await owner.get<DeviceSettings>('/api/console/device-settings')).body;
  for (const l of licenses) await owner.put(`/api/console/licenses/${l.id}/device-approval`, { required });
}
beforeAll(() => setApproval(true));
afterAll(() => setApproval(false));

/** Decides the device's request in the console as soon as the app says it waits. */
function decideWhenWaiting(
  engine: ReturnType<typeof engineFor> extends Promise<infer E> ? E : never,
  decision: 'approve' | 'deny',
) {
  const seen: string[] = [];
  engine.engine.onState((s) => {
    if (s.phase !== 'activating' || !s.approval) return;
    seen.push(s.approval.expiresAt);
    void (async () => {
      const owner = world().owner;
      const { requests } = (await owner.get<{ requests: PendingApproval[] }>('/api/console/device-approvals'))
        .body;
      const mine = requests.find((r) => r.deviceName === 'QA laptop' && r.userEmail === 'alice@acme.test');
      if (mine) await owner.post(`/api/console/device-approvals/${mine.id}/${decision}`);
    })();
  });
  return seen;
}

test('approved in the console while the app waits: the poll activates', async () => {
  const made = await engineFor('alice@acme.test', { approvalPollMs: 100 });
  const seen = decideWhenWaiting(made, 'approve');
  await made.engine.startSso('alice@acme.test');
  expect(made.engine.getState().phase).toBe('activated');
  expect(seen).toHaveLength(1);
  expect(made.phases).toContain('activating');
});

test('denied in the console: DEVICE_APPROVAL_DENIED', async () => {
  const made = await engineFor('alice@acme.test', { approvalPollMs: 100 });
  decideWhenWaiting(made, 'deny');
  await made.engine.startSso('alice@acme.test');
  expect(failureOf(made.engine)).toBe('DEVICE_APPROVAL_DENIED');
});

test('not waiting (approvalWaitMs 0): failed with DEVICE_APPROVAL_PENDING and the catalog words', async () => {
  const made = await engineFor('bob@acme.test', { approvalWaitMs: 0 });
  await made.engine.startSso('bob@acme.test');
  const s = made.engine.getState();
  expect(s.phase === 'failed' && s.failure.code).toBe('DEVICE_APPROVAL_PENDING');
  expect(s.phase === 'failed' && s.failure.message).toMatch(
    /^Waiting for your IT team to approve this computer/,
  );
});

test('Stop waiting (Cancel) while the app waits: failed with DEVICE_APPROVAL_PENDING, the request kept', async () => {
  const made = await engineFor('bob@acme.test', { approvalPollMs: 60_000 });
  made.engine.onState((s) => {
    if (s.phase === 'activating' && s.approval) setTimeout(() => made.engine.cancel(), 50);
  });
  const started = Date.now();
  await made.engine.startSso('bob@acme.test');
  expect(failureOf(made.engine)).toBe('DEVICE_APPROVAL_PENDING');
  expect(Date.now() - started).toBeLessThan(30_000);
  const { requests } = (
    await world().owner.get<{ requests: PendingApproval[] }>('/api/console/device-approvals')
  ).body;
  expect(requests.filter((r) => r.userEmail === 'bob@acme.test').length).toBeGreaterThan(0);
});

test("the approval wait reached its module's rows of the table", () => {
  expect(notReached(rowsByModule['approval-wait.ts'] ?? [])).toEqual([]);
});
